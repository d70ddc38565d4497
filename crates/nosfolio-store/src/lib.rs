//! The portfolio on disk: the one crate that knows its layout and does its
//! reads and writes.
//!
//! [`Portfolio::open`] reads `portfolio.yaml`, loads the standards it names
//! (built-in or the portfolio's own files), walks `evidence/`, pairs every
//! evidence file with its sidecar or front matter, and hashes every file with
//! SHA-256, streamed and in parallel. [`Portfolio::open_with`] can keep a
//! cache in `.nosfolio/` (marked with the user's [`CacheKey`], and trusted
//! only with that mark) so that unchanged files are not read again, and
//! [`Inputs`] and [`Memos`] keep a result computed from a whole portfolio
//! (a caseload's row) until anything in it changes.
//! [`claim`] and [`unclaim`] change what a piece of evidence claims (and its
//! title, date, type, witness and files), editing its description in place
//! under the portfolio's [`WriteLock`]; [`change_target`] and
//! [`change_people`] edit `portfolio.yaml` in place the same way.
//! Interpreting text is left to `nosfolio-core`; rendering to
//! `nosfolio-report`.
//!
//! ```
//! use nosfolio_store::Portfolio;
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("portfolio.yaml"), "candidate: Ann\nstandards: [mla3]\n")?;
//! std::fs::create_dir(dir.path().join("evidence"))?;
//! std::fs::write(dir.path().join("evidence/notes.txt"), "Call notes")?;
//! std::fs::write(dir.path().join("evidence/notes.txt.yaml"), "title: Call notes\nclaims: [PC2]\n")?;
//!
//! let portfolio = Portfolio::open(dir.path())?;
//! assert!(portfolio.diagnostics.is_empty());
//! assert_eq!(portfolio.evidence[0].path, "evidence/notes.txt");
//! assert_eq!(portfolio.evidence[0].files[0].size, 10);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

mod assess;
mod cache;
mod contacts;
mod decisions;
mod describe;
mod draft_text;
mod error;
mod finish;
mod hash;
mod identifier;
mod init;
mod key;
mod layout;
mod locate;
mod lock;
mod memo;
mod names;
mod new_files;
mod output;
mod owned;
mod paths;
mod people;
mod portfolio;
mod read;
mod seal;
mod signing;
mod signoffs;
mod standards_use;
mod target;
mod write;

pub use assess::{AssessError, AssessRequest, Assessed, assess};
pub use cache::{CACHE_DIR, CacheWarning};
pub use contacts::{ContactsError, ContactsOptions, change_contacts};
pub use decisions::{DecisionError, Recorded, decision_file, record_decisions};
pub use describe::{
    ClaimError, ClaimOutcome, ClaimRequest, PortfolioFile, UnclaimOutcome, UnclaimRequest,
    WitnessRequest, claim, unclaim,
};
pub use draft_text::{DraftText, DraftTextError, SavedDraft, read_draft, save_draft};
pub use error::StoreError;
pub use finish::{FinishError, Finished, finish};
pub use hash::{Progress, hash_bytes, hash_file};
pub use identifier::{
    AddedIdentifier, IdentifierError, add_identifier, new_identifier, with_identifier_line,
};
pub use init::{HOW_TO, InitError, NewPortfolio, Started, init};
pub use key::{CacheKey, DATA_DIR_VAR};
pub use locate::{
    Found, LocateError, Unreadable, find_portfolios, is_empty_folder, is_portfolio, portfolio_of,
    relative_to,
};
pub use lock::{WriteError, WriteLock};
pub use memo::{Inputs, Kept, Memos, memo_key};
pub use names::slug;
pub use new_files::{
    CreateError, NewVersion, NewVersionError, UPLOAD_LIMIT, UploadError, VERSIONS_DIR,
    save_new_version, save_upload, write_draft, write_journal_entry,
};
pub use output::{OutputError, check_output};
pub use people::{ChangedPeople, PeopleError, change_people, read_people};
pub use portfolio::{
    ASSESSMENT_DIR, CONTACTS_FILE, EVIDENCE_DIR, JOURNAL_DIR, MANIFEST_FILE, Portfolio, ScanOptions,
};
pub use read::{MARKDOWN_LIMIT, TEXT_LIMIT, read_named_file};
pub use seal::{
    Contents, Differences, SEAL_FILE, SEAL_FORMAT, Seal, SealError, SealedFile, SealedStandard,
    compare, current_contents, may_seal, read_seal, with_decisions_since, write_seal,
};
pub use signing::{
    CONFIG_DIR_VAR, KeyError, SigningIdentity, TRUST_FILE, TrustError, Trusted, config_folder,
    find_key, fresh_seed, key_file, list_keys, new_key, read_trust_list, trust_key, trust_list_at,
    trust_list_in, user_trust_file,
};
pub use signoffs::{
    SIGN_OFF_FILE, SignOffAsk, SignOffError, make_sign_off, record_sign_off, role_arg,
};
pub use standards_use::{UseStandardError, UsedStandard, use_standard};
pub use target::{TargetError, change_target};
pub use write::{is_temporary, write_atomic};
