//! Describing evidence: `claim` and `unclaim`. Finds where an evidence file
//! is described (its sidecar, the sidecar of the piece of several files it
//! belongs to, its front matter, or a file of the networking plan, by the
//! same pairing the scan reads with), and changes that description under
//! the portfolio's write lock: the change is computed from the text as read
//! while holding the lock, edited in place so that comments and layout
//! survive, checked to read back as intended, and written atomically.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use nosfolio_core::{
    CannotEdit, ClaimText, Confidentiality, Diagnostic, EvidenceMeta, FrontMatter, ItemRef,
    Located, NewClaim, Problem, StandardSet, Witness, add_claims, add_list_items, parse_date,
    parse_meta, remove_claims, render_meta, set_field, set_value, split_front_matter,
};
use nosfolio_network::{parse_contacts, parse_entry};
use serde::Serialize;

use crate::cache::CacheWarning;
use crate::error::StoreError;
use crate::layout;
use crate::locate::{LocateError, portfolio_of, relative_to};
use crate::lock::{WriteError, WriteLock};
use crate::paths::{file_name, parent};
use crate::portfolio::{CONTACTS_FILE, EVIDENCE_DIR, JOURNAL_DIR, Portfolio, ScanOptions};
use crate::read::{MARKDOWN_LIMIT, TEXT_LIMIT, read_text, starts_with_front_matter};

/// How much of an e-mail is read for its headers.
const EMAIL_HEAD_LIMIT: u64 = 256 * 1024;

/// The evidence type of an e-mail, where the standards define it.
const EMAIL_EVIDENCE_TYPE: &str = "correspondence";

/// What `claim` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ClaimRequest {
    /// Item ids to claim, as written (`PC2`, `networking:L3.2`).
    pub items: Vec<String>,
    /// Where in the evidence the proof is (page, paragraph, time stamp).
    pub at: Option<String>,
    /// How the evidence shows the items.
    pub note: Option<String>,
    /// A title to set.
    pub title: Option<String>,
    /// A date to set, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// An evidence type to set.
    pub evidence_type: Option<String>,
    /// Who may see the piece.
    pub confidentiality: Option<Confidentiality>,
    /// Other files that make one piece with the file claimed for (the
    /// pages of a scanned statement, say), as paths a user gave.
    pub with: Vec<PathBuf>,
    /// The witness's details to set.
    pub witness: WitnessRequest,
    /// Rewrite the description when its comments and layout cannot be kept.
    pub force: bool,
}

/// The witness's details a `claim` sets; the others stay as written.
#[derive(Debug, Clone, Default)]
pub struct WitnessRequest {
    /// Their name.
    pub name: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// Their organisation.
    pub organisation: Option<String>,
    /// How they know the candidate.
    pub relationship: Option<String>,
    /// When they signed, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// How to reach them.
    pub contact: Option<String>,
}

impl WitnessRequest {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.role.is_none()
            && self.organisation.is_none()
            && self.relationship.is_none()
            && self.date.is_none()
            && self.contact.is_none()
    }
}

/// What `unclaim` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct UnclaimRequest {
    /// Item ids to remove, as written or as the standards resolve them.
    pub items: Vec<String>,
    /// Rewrite the description when its comments and layout cannot be kept.
    pub force: bool,
}

/// What `claim` did.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimOutcome {
    /// The description written: a sidecar, a Markdown file, or a file of the
    /// networking plan, relative to the portfolio.
    pub description: String,
    /// Whether the description was created by this claim.
    pub created: bool,
    /// Whether anything was written (a claim that changes nothing writes
    /// nothing).
    pub written: bool,
    /// Items claimed now, as written in the description.
    pub added: Vec<String>,
    /// Items asked for that the piece already claimed.
    pub already_claimed: Vec<String>,
    /// Files added to the piece, relative to the portfolio.
    pub files_added: Vec<String>,
    /// Fields of a new description filled from what the file says
    /// (`title`, `date`, `type`).
    pub filled: Vec<String>,
    /// Things worth knowing about the result (claims the evidence type does
    /// not support).
    pub warnings: Vec<Diagnostic>,
    /// Why the cache was not used or kept.
    #[serde(skip)]
    pub cache_warnings: Vec<CacheWarning>,
}

/// What `unclaim` did.
#[derive(Debug, Clone, Serialize)]
pub struct UnclaimOutcome {
    /// The description changed, relative to the portfolio.
    pub description: String,
    /// Items removed, as they were written.
    pub removed: Vec<String>,
    /// Items asked for that the piece did not claim.
    pub not_claimed: Vec<String>,
    /// Things worth knowing about the result (the piece now claims nothing).
    pub warnings: Vec<Diagnostic>,
    /// Why the cache was not used or kept.
    #[serde(skip)]
    pub cache_warnings: Vec<CacheWarning>,
}

/// Why a `claim` or `unclaim` was not made. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimError {
    /// The path named does not exist, or is not a file.
    #[error(
        "{} does not exist (or is not a file); nothing was written\n  help: check the path; name the evidence file itself, not a folder",
        path.display()
    )]
    NotAFile {
        /// The path as given.
        path: PathBuf,
    },
    /// No folder above the file holds a `portfolio.yaml`.
    #[error(
        "{} is not inside a portfolio (no portfolio.yaml above it); nothing was written\n  help: copy the file into the portfolio's evidence/ folder, or start a portfolio with `nosfolio init`",
        path.display()
    )]
    NotInPortfolio {
        /// The path as given.
        path: PathBuf,
    },
    /// A path cannot be named inside the portfolio.
    #[error(
        "{}: {reason}; nothing was written\n  help: name files inside the same portfolio, by names in UTF-8",
        path.display()
    )]
    BadPath {
        /// The path as given.
        path: PathBuf,
        /// Why (outside the portfolio, not UTF-8).
        reason: String,
    },
    /// The file is neither under `evidence/` nor a file of the networking plan.
    #[error(
        "{file} is not evidence: claims are made for files under {EVIDENCE_DIR}/, the contacts list and journal entries (Markdown files under {JOURNAL_DIR}/); nothing was written\n  help: move the file into {EVIDENCE_DIR}/ and claim it there"
    )]
    NotEvidence {
        /// The file, relative to the portfolio.
        file: String,
    },
    /// The portfolio could not be opened.
    #[error("cannot open the portfolio {}; nothing was written", root.display())]
    Open {
        /// The portfolio folder.
        root: PathBuf,
        /// Why.
        #[source]
        source: StoreError,
    },
    /// `portfolio.yaml` or one of its standards could not be read, so ids
    /// cannot be checked.
    #[error(
        "portfolio.yaml or one of its standards has errors: fix them first (`nosfolio check`); nothing was written"
    )]
    StandardsIncomplete,
    /// Ids, types or dates given are wrong: every problem, each with its help.
    #[error("{}\nnothing was written", explained(problems))]
    BadInput {
        /// The problems.
        problems: Vec<Problem>,
    },
    /// The description exists but cannot be read as one.
    #[error(
        "{description} cannot be read, so nothing was written:\n{}",
        listed(diagnostics)
    )]
    Unreadable {
        /// The description, relative to the portfolio.
        description: String,
        /// What is wrong with it.
        diagnostics: Vec<Diagnostic>,
    },
    /// An edit in place would lose or change what the user wrote.
    #[error(
        "cannot keep the comments and layout of {description}: {reason}; nothing was written\n  help: edit it by hand, or pass --force to rewrite it (its comments and layout are lost, its content is kept)"
    )]
    CannotKeep {
        /// The description, relative to the portfolio.
        description: String,
        /// Why.
        reason: String,
    },
    /// A file of the networking plan cannot be edited in place, and
    /// rewriting it from its evidence keys would lose the plan.
    #[error(
        "cannot edit {description} in place, and rewriting it would lose the networking plan it holds; nothing was written\n  help: add the claims by hand under `claims:`"
    )]
    NetworkFile {
        /// The file, relative to the portfolio.
        description: String,
    },
    /// The file is part of two pieces, so which to change is unclear.
    #[error(
        "{file} is part of two pieces of evidence, described by {first} and {second}; nothing was written\n  help: keep it in one of them (`nosfolio check` shows where), then claim again"
    )]
    InTwoPieces {
        /// The file, relative to the portfolio.
        file: String,
        /// One description.
        first: String,
        /// The other.
        second: String,
    },
    /// A file given to join the piece already belongs to another piece.
    #[error(
        "{file} is already part of the piece described by {description}; nothing was written\n  help: a file belongs to one piece: claim for that piece, or take the file out of it first"
    )]
    InAnotherPiece {
        /// The file, relative to the portfolio.
        file: String,
        /// The other piece's description.
        description: String,
    },
    /// A file of the networking plan cannot list other files.
    #[error(
        "{description} is part of the networking plan and cannot list other files; nothing was written\n  help: make the piece of several files from a file under {EVIDENCE_DIR}/"
    )]
    CannotHoldFiles {
        /// The file, relative to the portfolio.
        description: String,
    },
    /// A witness needs at least a name and a role.
    #[error(
        "a witness needs a name and a role: give both (--witness-name, --witness-role); nothing was written"
    )]
    WitnessIncomplete,
    /// `unclaim` of a file that has no description.
    #[error("{evidence} has no sidecar or front matter: it claims nothing; nothing was changed")]
    NotDescribed {
        /// The evidence file, relative to the portfolio.
        evidence: String,
    },
    /// `unclaim` of items the piece does not claim.
    #[error("{description} does not claim {}: nothing was changed", items.join(", "))]
    NotClaimed {
        /// The description, relative to the portfolio.
        description: String,
        /// The items asked for.
        items: Vec<String>,
    },
    /// The lock could not be taken, or the file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

fn explained(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::explained)
        .collect::<Vec<_>>()
        .join("\n")
}

fn listed(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file named by a user, found inside its portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortfolioFile {
    /// The portfolio folder (canonical).
    pub root: PathBuf,
    /// The file, relative to it, `/`-separated.
    pub relative: String,
}

impl PortfolioFile {
    /// Finds the portfolio a file is in: the nearest folder above it with a
    /// `portfolio.yaml` (the store's [`portfolio_of`]).
    ///
    /// # Errors
    /// [`ClaimError::NotAFile`], [`ClaimError::NotInPortfolio`], or
    /// [`ClaimError::BadPath`] for a name that is not UTF-8.
    pub fn locate(file: &Path) -> Result<Self, ClaimError> {
        if !file.is_file() {
            return Err(ClaimError::NotAFile {
                path: file.to_owned(),
            });
        }
        let root = portfolio_of(file).map_err(|error| placed(file, error))?;
        let relative = relative_to(file, &root).map_err(|error| placed(file, error))?;
        Ok(Self { root, relative })
    }

    /// Another file of the same portfolio, as a user named it.
    ///
    /// # Errors
    /// [`ClaimError::NotAFile`], or [`ClaimError::BadPath`] when it is not
    /// inside the portfolio.
    pub fn sibling(&self, file: &Path) -> Result<String, ClaimError> {
        if !file.is_file() {
            return Err(ClaimError::NotAFile {
                path: file.to_owned(),
            });
        }
        relative_to(file, &self.root).map_err(|error| placed(file, error))
    }
}

/// Why `file` could not be placed in a portfolio, as a [`ClaimError`].
fn placed(file: &Path, error: LocateError) -> ClaimError {
    match error {
        LocateError::NoPortfolio { .. } => ClaimError::NotInPortfolio {
            path: file.to_owned(),
        },
        LocateError::Io { .. } => ClaimError::NotAFile {
            path: file.to_owned(),
        },
        other => ClaimError::BadPath {
            path: file.to_owned(),
            reason: other.to_string(),
        },
    }
}

/// What kind of file describes the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A sidecar: the whole file is the description.
    Sidecar,
    /// A Markdown file's front matter.
    FrontMatter,
    /// The networking plan's contacts list.
    Contacts,
    /// A networking journal entry's front matter.
    Journal,
}

impl Kind {
    pub(crate) fn is_network(self) -> bool {
        matches!(self, Self::Contacts | Self::Journal)
    }

    fn has_front_matter(self) -> bool {
        matches!(self, Self::FrontMatter | Self::Journal)
    }

    pub(crate) fn limit(self) -> u64 {
        if self.has_front_matter() {
            MARKDOWN_LIMIT
        } else {
            TEXT_LIMIT
        }
    }
}

/// Where an evidence file is described.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The evidence file (or the piece's first file), relative to the root.
    evidence: String,
    /// Its description, relative to the root (it may not exist yet).
    pub(crate) description: String,
    pub(crate) kind: Kind,
    /// The files of the piece, when the scan found it.
    files: Vec<String>,
}

/// Where `relative` is described, by the pairing the scan read the
/// portfolio with.
pub(crate) fn target(portfolio: &Portfolio, relative: &str) -> Result<Target, ClaimError> {
    let root = &portfolio.root;
    let exists = |p: &str| root.join(p).is_file();
    let own = |kind| Target {
        evidence: relative.to_owned(),
        description: relative.to_owned(),
        kind,
        files: vec![relative.to_owned()],
    };
    if relative == CONTACTS_FILE {
        return Ok(own(Kind::Contacts));
    }
    // Only a Markdown file in the journal is an entry: anything else there
    // is never read as one, so a claim in it would count for nothing.
    if relative.starts_with(&format!("{JOURNAL_DIR}/")) && layout::is_markdown(relative) {
        return Ok(own(Kind::Journal));
    }
    if !relative.starts_with(&format!("{EVIDENCE_DIR}/")) {
        return Err(ClaimError::NotEvidence {
            file: relative.to_owned(),
        });
    }
    let holders: Vec<_> = portfolio
        .evidence
        .iter()
        .filter(|p| p.described_by == relative || p.files.iter().any(|f| f.path == relative))
        .collect();
    match holders.as_slice() {
        [piece] => {
            let kind = if layout::is_yaml(&piece.described_by) {
                Kind::Sidecar
            } else {
                Kind::FrontMatter
            };
            return Ok(Target {
                evidence: piece
                    .files
                    .first()
                    .map_or_else(|| piece.path.clone(), |f| f.path.clone()),
                description: piece.described_by.clone(),
                kind,
                files: piece.files.iter().map(|f| f.path.clone()).collect(),
            });
        }
        [first, second, ..] => {
            return Err(ClaimError::InTwoPieces {
                file: relative.to_owned(),
                first: first.described_by.clone(),
                second: second.described_by.clone(),
            });
        }
        [] => {}
    }
    // Not part of a piece the scan could read: a description that is
    // broken, or none yet.
    if layout::is_sidecar(relative, exists) {
        let described = layout::described_file(relative);
        return Ok(Target {
            evidence: if exists(described) {
                described.to_owned()
            } else {
                relative.to_owned()
            },
            description: relative.to_owned(),
            kind: Kind::Sidecar,
            files: Vec::new(),
        });
    }
    let [usual, other] = layout::sidecar_names(relative);
    let description = if exists(&other) && !exists(&usual) {
        other
    } else if !exists(&usual)
        && layout::is_markdown(relative)
        && starts_with_front_matter(&root.join(relative))
    {
        return Ok(own(Kind::FrontMatter));
    } else {
        usual
    };
    Ok(Target {
        evidence: relative.to_owned(),
        description,
        kind: Kind::Sidecar,
        files: vec![relative.to_owned()],
    })
}

/// The part of a description's text that is YAML, and the lines before it.
fn yaml_region(
    kind: Kind,
    description: &str,
    text: &str,
) -> Result<(std::ops::Range<usize>, u64), ClaimError> {
    if kind.has_front_matter() {
        match split_front_matter(text) {
            Some(Ok(front)) => {
                let start = front.yaml.as_ptr() as usize - text.as_ptr() as usize;
                Ok((start..start + front.yaml.len(), FrontMatter::LINE_OFFSET))
            }
            Some(Err(problem)) => Err(ClaimError::Unreadable {
                description: description.to_owned(),
                diagnostics: vec![Diagnostic::new(
                    description,
                    nosfolio_core::Position::new(1, 1),
                    problem,
                )],
            }),
            None => Err(ClaimError::Unreadable {
                description: description.to_owned(),
                diagnostics: vec![Diagnostic::file(description, Problem::UnclosedFrontMatter)],
            }),
        }
    } else {
        let start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
        Ok((start..text.len(), 0))
    }
}

/// The evidence keys of a description's YAML: a sidecar or front matter, a
/// journal entry's front matter, or the contacts list.
fn parse_description(
    kind: Kind,
    description: &str,
    yaml: &str,
    offset: u64,
) -> (Option<EvidenceMeta>, Vec<Diagnostic>) {
    match kind {
        Kind::Contacts => {
            let (list, problems) = parse_contacts(description, yaml);
            (list.map(|l| l.meta), problems)
        }
        Kind::Journal => {
            let (entry, problems) = parse_entry(description, &format!("---\n{yaml}---\n"));
            (entry.map(|e| e.meta), problems)
        }
        Kind::Sidecar | Kind::FrontMatter => parse_meta(description, yaml, offset),
    }
}

/// A description as read under the lock.
pub(crate) struct Loaded<'a> {
    pub(crate) text: &'a str,
    /// Where its YAML is in `text`.
    pub(crate) range: std::ops::Range<usize>,
    /// Lines before the YAML.
    pub(crate) offset: u64,
    pub(crate) meta: EvidenceMeta,
}

pub(crate) fn load<'a>(target: &Target, text: &'a str) -> Result<Loaded<'a>, ClaimError> {
    let (range, offset) = yaml_region(target.kind, &target.description, text)?;
    let (meta, problems) = parse_description(
        target.kind,
        &target.description,
        &text[range.clone()],
        offset,
    );
    match meta {
        Some(meta) => Ok(Loaded {
            text,
            range,
            offset,
            meta,
        }),
        None => Err(ClaimError::Unreadable {
            description: target.description.clone(),
            diagnostics: problems,
        }),
    }
}

/// The whole file with `edited` (the result of an edit in place, or why it
/// failed) in place of its YAML, after checking that it reads as
/// `expected`; with `force`, the YAML is written anew when the edit could
/// not keep the layout.
fn finish(
    target: &Target,
    loaded: &Loaded<'_>,
    edited: Result<String, CannotEdit>,
    expected: &EvidenceMeta,
    force: bool,
) -> Result<String, ClaimError> {
    let cannot_keep = |reason: String| ClaimError::CannotKeep {
        description: target.description.clone(),
        reason,
    };
    let reads_as_expected = |yaml: &str| {
        parse_description(target.kind, &target.description, yaml, loaded.offset)
            .0
            .is_some_and(|m| m.says_the_same_as(expected))
    };
    let yaml = match edited {
        Ok(yaml) if reads_as_expected(&yaml) => yaml,
        Ok(_) | Err(_) if force && target.kind.is_network() => {
            return Err(ClaimError::NetworkFile {
                description: target.description.clone(),
            });
        }
        Ok(_) | Err(_) if force => {
            let yaml = render_meta(expected).map_err(|reason| cannot_keep(reason.0))?;
            if !reads_as_expected(&yaml) {
                return Err(cannot_keep(
                    "written anew, it would not read back as intended".into(),
                ));
            }
            yaml
        }
        Ok(_) => {
            return Err(cannot_keep(
                "an edit in place would not read back as intended".into(),
            ));
        }
        Err(reason) => return Err(cannot_keep(reason.0)),
    };
    let mut text = String::with_capacity(loaded.text.len() + 64);
    text.push_str(&loaded.text[..loaded.range.start]);
    text.push_str(&yaml);
    text.push_str(&loaded.text[loaded.range.end..]);
    Ok(text)
}

/// Opens the portfolio under its lock.
fn open(root: &Path, options: &ScanOptions<'_>) -> Result<Portfolio, ClaimError> {
    Portfolio::open_with(root, options).map_err(|source| ClaimError::Open {
        root: root.to_owned(),
        source,
    })
}

/// Resolves every id, collecting every problem.
fn resolve_all(
    standards: &StandardSet,
    written: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<ItemRef> {
    written
        .iter()
        .filter_map(|id| {
            standards
                .resolve_item(id)
                .map_err(|problem| problems.push(problem))
                .ok()
        })
        .collect()
}

/// A date given by the user, checked.
fn date(value: Option<&str>, problems: &mut Vec<Problem>) -> Option<Date> {
    value.and_then(|v| parse_date(v.trim()).map_err(|p| problems.push(p)).ok())
}

/// Text given by the user, trimmed; blank is absent.
fn given(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// What a new description can say from the evidence file itself.
#[derive(Debug, Default)]
struct Prefill {
    title: Option<String>,
    date: Option<Date>,
    evidence_type: Option<String>,
}

/// Reads what `evidence` says about itself: an e-mail's `Subject` and
/// `Date` headers (and the type `correspondence`, where the standards have
/// it), a Markdown file's first heading. Nothing when it cannot be read.
fn prefill(root: &Path, evidence: &str, standards: &StandardSet) -> Prefill {
    let lower = evidence.to_ascii_lowercase();
    let path = root.join(evidence);
    if lower.ends_with(".eml") {
        let Some(head) = read_head(&path, EMAIL_HEAD_LIMIT) else {
            return Prefill::default();
        };
        let Some(message) = mail_parser::MessageParser::new().parse_headers(&head) else {
            return Prefill::default();
        };
        let date = message.date().and_then(|d| {
            Date::new(
                i16::try_from(d.year).ok()?,
                i8::try_from(d.month).ok()?,
                i8::try_from(d.day).ok()?,
            )
            .ok()
        });
        Prefill {
            title: message
                .subject()
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty()),
            date,
            evidence_type: standards
                .resolve_type(EMAIL_EVIDENCE_TYPE)
                .is_ok()
                .then(|| EMAIL_EVIDENCE_TYPE.to_owned()),
        }
    } else if layout::is_markdown(evidence) {
        let title = read_text(&path, evidence, MARKDOWN_LIMIT)
            .ok()
            .and_then(|text| first_heading(&text));
        Prefill {
            title,
            ..Prefill::default()
        }
    } else {
        Prefill::default()
    }
}

/// At most `limit` bytes from the start of a file.
fn read_head(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let file = crate::read::open_regular(path).ok()?;
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The text of a Markdown document's first heading, if it has one.
fn first_heading(markdown: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = match split_front_matter(markdown) {
        Some(Ok(front)) => front.body,
        _ => markdown,
    };
    let mut inside = false;
    let mut title = String::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { .. }) => inside = true,
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) if inside => title.push_str(&text),
            Event::SoftBreak | Event::HardBreak if inside => title.push(' '),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

/// The claims already written, resolved where possible: (as written, item).
fn existing(meta: &EvidenceMeta, standards: &StandardSet) -> Vec<(String, Option<ItemRef>)> {
    meta.claims
        .iter()
        .map(|c| {
            (
                c.item.value.trim().to_owned(),
                standards.resolve_item(&c.item.value).ok(),
            )
        })
        .collect()
}

fn located(value: String) -> Located<String> {
    Located {
        value,
        position: None,
    }
}

/// Claims `request.items` for `file` (an evidence file or its description,
/// as a user named it), and sets what else the request says: creates the
/// description, or edits the one there is in place, keeping its comments
/// and layout. Takes the portfolio's write lock, reads the portfolio and
/// the description under it, and writes atomically, so that runs at once
/// on one file all land.
///
/// `options` says how the portfolio is read (the cache, progress).
///
/// # Errors
/// A [`ClaimError`] saying why; nothing was written then.
pub fn claim(
    file: &Path,
    request: &ClaimRequest,
    options: &ScanOptions<'_>,
) -> Result<ClaimOutcome, ClaimError> {
    let found = PortfolioFile::locate(file)?;
    let with = request
        .with
        .iter()
        .map(|p| found.sibling(p))
        .collect::<Result<Vec<_>, _>>()?;
    let lock = WriteLock::acquire(&found.root)?;
    let mut portfolio = open(&found.root, options)?;
    let cache_warnings = std::mem::take(&mut portfolio.cache_warnings);
    if !portfolio.standards_complete() {
        return Err(ClaimError::StandardsIncomplete);
    }
    let standards = &portfolio.standards;

    // Everything the user gave is checked before anything is read or written.
    let mut problems = Vec::new();
    let items = resolve_all(standards, &request.items, &mut problems);
    let evidence_type = given(request.evidence_type.as_ref());
    if let Some(kind) = &evidence_type
        && let Err(problem) = standards.resolve_type(kind)
    {
        problems.push(problem);
    }
    let date = date(request.date.as_deref(), &mut problems);
    let witness_date = date_text(request.witness.date.as_deref(), &mut problems);
    if !problems.is_empty() {
        return Err(ClaimError::BadInput { problems });
    }

    let target = target(&portfolio, &found.relative)?;
    let with = with_files(&portfolio, &target, &with)?;
    if !with.is_empty() && target.kind.is_network() {
        return Err(ClaimError::CannotHoldFiles {
            description: target.description.clone(),
        });
    }
    // A new piece of several files is named after its first file.
    let exists = |p: &str| portfolio.root.join(p).is_file();
    let description = if !with.is_empty() && !exists(&target.description) {
        layout::piece_sidecar_names(&target.evidence, exists)
            .into_iter()
            .find(|name| !exists(name))
            .unwrap_or_else(|| target.description.clone())
    } else {
        target.description.clone()
    };
    let target = Target {
        description,
        ..target
    };
    let folder = parent(&target.description).to_owned();

    let mut outcome = ClaimOutcome {
        description: target.description.clone(),
        created: false,
        written: false,
        added: Vec::new(),
        already_claimed: Vec::new(),
        files_added: Vec::new(),
        filled: Vec::new(),
        warnings: Vec::new(),
        cache_warnings,
    };
    let mut expected_meta = None;
    let written = lock.update(&target.description, target.kind.limit(), |current| {
        let loaded = current.map(|text| load(&target, text)).transpose()?;
        let mut expected = loaded
            .as_ref()
            .map_or_else(EvidenceMeta::default, |l| l.meta.clone());

        // Claims: the ones asked for that the piece does not make yet.
        let already = existing(&expected, standards);
        let mut new_claims: Vec<NewClaim> = Vec::new();
        for item in &items {
            let shown = standards.display(item);
            if already.iter().any(|(_, r)| r.as_ref() == Some(item))
                || outcome.added.contains(&shown)
            {
                outcome.already_claimed.push(shown);
                continue;
            }
            new_claims.push(NewClaim {
                item: shown.clone(),
                at: given(request.at.as_ref()),
                note: given(request.note.as_ref()),
            });
            outcome.added.push(shown);
        }

        // Fields: what the file says (for a new description), then what
        // the user said.
        let mut fields: Vec<(&str, String)> = Vec::new();
        if loaded.is_none() {
            let said = prefill(&portfolio.root, &target.evidence, standards);
            if let Some(title) = said.title {
                expected.title = Some(title);
                outcome.filled.push("title".into());
            }
            if let Some(date) = said.date {
                expected.date = Some(date);
                outcome.filled.push("date".into());
            }
            if let Some(kind) = said.evidence_type {
                expected.evidence_type = Some(located(kind));
                outcome.filled.push("type".into());
            }
        }
        let title = given(request.title.as_ref());
        if let Some(title) = &title {
            outcome.filled.retain(|f| f != "title");
            expected.title = Some(title.clone());
            fields.push(("title", title.clone()));
        }
        if let Some(date) = date {
            outcome.filled.retain(|f| f != "date");
            expected.date = Some(date);
            fields.push(("date", date.to_string()));
        }
        if let Some(kind) = &evidence_type {
            outcome.filled.retain(|f| f != "type");
            expected.evidence_type = Some(located(kind.clone()));
            fields.push(("type", kind.clone()));
        }
        if let Some(confidentiality) = request.confidentiality {
            expected.confidentiality = confidentiality;
            fields.push(("confidentiality", confidentiality.to_string()));
        }
        if expected.title.is_none() && loaded.is_none() {
            expected.title = Some(file_name(&target.evidence).to_owned());
        }

        // The witness: what is written, with what the user gave.
        let witness = if request.witness.is_empty() {
            None
        } else {
            let before = expected.witness.clone();
            let pick = |asked: Option<&String>, had: Option<String>| given(asked).or(had);
            let name = pick(
                request.witness.name.as_ref(),
                before.as_ref().map(|w| w.name.clone()),
            );
            let role = pick(
                request.witness.role.as_ref(),
                before.as_ref().map(|w| w.role.clone()),
            );
            let (Some(name), Some(role)) = (name, role) else {
                return Err(ClaimError::WitnessIncomplete);
            };
            let witness = Witness {
                name,
                role,
                organisation: pick(
                    request.witness.organisation.as_ref(),
                    before.as_ref().and_then(|w| w.organisation.clone()),
                ),
                relationship: pick(
                    request.witness.relationship.as_ref(),
                    before.as_ref().and_then(|w| w.relationship.clone()),
                ),
                date: witness_date
                    .clone()
                    .or_else(|| before.as_ref().and_then(|w| w.date.clone())),
                contact: pick(
                    request.witness.contact.as_ref(),
                    before.as_ref().and_then(|w| w.contact.clone()),
                ),
            };
            expected.witness = Some(witness.clone());
            Some(witness)
        };

        // Files: the others of a piece of several files, written relative
        // to the description's folder.
        let new_files: Vec<String> = if with.is_empty() {
            Vec::new()
        } else if loaded.is_none() {
            std::iter::once(&target.evidence)
                .chain(&with)
                .map(|f| layout::relative_from(&folder, f))
                .collect()
        } else {
            with.iter()
                .map(|f| layout::relative_from(&folder, f))
                .collect()
        };
        outcome.files_added.clone_from(&with);
        expected
            .files
            .extend(new_files.iter().cloned().map(located));

        for claim in &new_claims {
            expected.claims.push(ClaimText {
                item: located(claim.item.clone()),
                at: claim.at.clone(),
                note: claim.note.clone(),
            });
        }

        let text = match &loaded {
            None => {
                outcome.created = true;
                render_meta(&expected).map_err(|reason| ClaimError::CannotKeep {
                    description: target.description.clone(),
                    reason: reason.0,
                })?
            }
            Some(loaded) => {
                let yaml = loaded.text[loaded.range.clone()].to_owned();
                let edited = fields
                    .iter()
                    .try_fold(yaml, |text, (key, value)| set_field(&text, key, value))
                    .and_then(|text| match &witness {
                        Some(witness) => set_value(&text, "witness", witness),
                        None => Ok(text),
                    })
                    .and_then(|text| add_list_items(&text, "files", &new_files))
                    .and_then(|text| add_claims(&text, &new_claims));
                let text = finish(&target, loaded, edited, &expected, request.force)?;
                if text == loaded.text {
                    expected_meta = Some(expected);
                    return Ok(None);
                }
                text
            }
        };
        expected_meta = Some(expected);
        Ok(Some(text))
    })?;
    outcome.written = written.is_some();
    if let Some(meta) = &expected_meta {
        outcome.warnings = unsupported(&target.description, meta, &outcome.added, standards);
    }
    drop(lock);
    Ok(outcome)
}

/// A witness's date given by the user, checked and written `YYYY-MM-DD`.
fn date_text(value: Option<&str>, problems: &mut Vec<Problem>) -> Option<String> {
    date(value, problems).map(|d| d.to_string())
}

/// The files asked to join the piece that are not in it yet, checked: each
/// must be evidence and in no other piece.
fn with_files(
    portfolio: &Portfolio,
    target: &Target,
    with: &[String],
) -> Result<Vec<String>, ClaimError> {
    let mut new = BTreeSet::new();
    for file in with {
        if !file.starts_with(&format!("{EVIDENCE_DIR}/")) {
            return Err(ClaimError::NotEvidence { file: file.clone() });
        }
        if *file == target.evidence || target.files.contains(file) {
            continue;
        }
        if let Some(other) = portfolio.evidence.iter().find(|p| {
            p.described_by != target.description && p.files.iter().any(|f| &f.path == file)
        }) {
            return Err(ClaimError::InAnotherPiece {
                file: file.clone(),
                description: other.described_by.clone(),
            });
        }
        // Described by a sidecar the scan could not read: still its own piece.
        if let Some(sidecar) = layout::sidecar_names(file)
            .into_iter()
            .find(|s| portfolio.root.join(s).is_file())
        {
            return Err(ClaimError::InAnotherPiece {
                file: file.clone(),
                description: sidecar,
            });
        }
        new.insert(file.clone());
    }
    Ok(new.into_iter().collect())
}

/// Warnings about claims just added that the standard's table does not map
/// to the piece's evidence type.
fn unsupported(
    description: &str,
    meta: &EvidenceMeta,
    added: &[String],
    standards: &StandardSet,
) -> Vec<Diagnostic> {
    let (_, problems) = nosfolio_core::resolve(description, meta, standards);
    problems
        .into_iter()
        .filter(|d| {
            matches!(&*d.problem, Problem::UnsupportedClaim { item, .. } if added.contains(item))
        })
        .map(|mut d| {
            d.position = None;
            d
        })
        .collect()
}

/// Removes `request.items` from the claims of the piece `file` belongs to,
/// keeping everything else as written, under the portfolio's write lock.
/// Removing the last claim keeps the description and warns that the piece
/// now claims nothing.
///
/// # Errors
/// A [`ClaimError`] saying why; nothing was written then.
pub fn unclaim(
    file: &Path,
    request: &UnclaimRequest,
    options: &ScanOptions<'_>,
) -> Result<UnclaimOutcome, ClaimError> {
    let found = PortfolioFile::locate(file)?;
    let lock = WriteLock::acquire(&found.root)?;
    let mut portfolio = open(&found.root, options)?;
    let cache_warnings = std::mem::take(&mut portfolio.cache_warnings);
    let standards = &portfolio.standards;
    let target = target(&portfolio, &found.relative)?;
    if !portfolio.root.join(&target.description).is_file() {
        return Err(ClaimError::NotDescribed {
            evidence: target.evidence,
        });
    }
    let mut outcome = UnclaimOutcome {
        description: target.description.clone(),
        removed: Vec::new(),
        not_claimed: Vec::new(),
        warnings: Vec::new(),
        cache_warnings,
    };
    let mut claims_left = true;
    lock.update(&target.description, target.kind.limit(), |current| {
        let Some(text) = current else {
            return Err(ClaimError::NotDescribed {
                evidence: target.evidence.clone(),
            });
        };
        let loaded = load(&target, text)?;
        let already = existing(&loaded.meta, standards);
        for requested in &request.items {
            let wanted = standards.resolve_item(requested).ok();
            let matches: Vec<&String> = already
                .iter()
                .filter(|(written, resolved)| {
                    written == requested.trim() || (wanted.is_some() && resolved == &wanted)
                })
                .map(|(written, _)| written)
                .collect();
            if matches.is_empty() {
                outcome.not_claimed.push(requested.clone());
            }
            for written in matches {
                if !outcome.removed.contains(written) {
                    outcome.removed.push(written.clone());
                }
            }
        }
        if outcome.removed.is_empty() {
            return Err(ClaimError::NotClaimed {
                description: target.description.clone(),
                items: outcome.not_claimed.clone(),
            });
        }
        let mut expected = loaded.meta.clone();
        expected
            .claims
            .retain(|c| !outcome.removed.contains(&c.item.value.trim().to_owned()));
        claims_left = !expected.claims.is_empty();
        let edited = remove_claims(&loaded.text[loaded.range.clone()], &outcome.removed);
        finish(&target, &loaded, edited, &expected, request.force).map(Some)
    })?;
    if !claims_left {
        outcome.warnings.push(Diagnostic::file(
            target.description.clone(),
            Problem::NoClaims,
        ));
    }
    drop(lock);
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portfolio() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |relative: &str, text: &str| {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("portfolio.yaml", "candidate: Ann\nstandards: [mla3]\n");
        write("evidence/p1.png", "one");
        write("evidence/p2.png", "two");
        write("evidence/notes.txt", "notes");
        write(
            "evidence/notes.txt.yaml",
            "title: Notes # mine\nclaims: [PC1]\n",
        );
        dir
    }

    fn request(items: &[&str]) -> ClaimRequest {
        ClaimRequest {
            items: items.iter().map(|&i| i.to_owned()).collect(),
            ..ClaimRequest::default()
        }
    }

    #[test]
    fn a_claim_says_what_it_did_and_any_file_of_a_piece_finds_its_sidecar() {
        let dir = portfolio();
        let root = dir.path();
        let options = ScanOptions::default();
        let done = claim(
            &root.join("evidence/p1.png"),
            &ClaimRequest {
                with: vec![root.join("evidence/p2.png")],
                ..request(&["PC4", "PC4"])
            },
            &options,
        )
        .unwrap();
        assert_eq!(done.description, "evidence/p1.yaml");
        assert!(done.created && done.written);
        assert_eq!(done.added, ["PC4"]);
        assert_eq!(done.already_claimed, ["PC4"]);
        assert_eq!(done.files_added, ["evidence/p2.png"]);

        let again = claim(&root.join("evidence/p2.png"), &request(&["PC4"]), &options).unwrap();
        assert_eq!(again.description, "evidence/p1.yaml");
        assert!(!again.written, "nothing new: nothing written");
        assert_eq!(again.already_claimed, ["PC4"]);

        let removed = unclaim(
            &root.join("evidence/notes.txt"),
            &UnclaimRequest {
                items: vec!["PC1".into()],
                force: false,
            },
            &options,
        )
        .unwrap();
        assert_eq!(removed.removed, ["PC1"]);
        assert_eq!(removed.warnings[0].problem.code(), "no-claims");
        assert_eq!(
            std::fs::read_to_string(root.join("evidence/notes.txt.yaml")).unwrap(),
            "title: Notes # mine\nclaims: []\n"
        );
    }

    #[test]
    fn bad_input_is_reported_all_at_once_and_nothing_is_written() {
        let dir = portfolio();
        let root = dir.path();
        let error = claim(
            &root.join("evidence/p1.png"),
            &ClaimRequest {
                date: Some("2025-02-30".into()),
                evidence_type: Some("emails".into()),
                ..request(&["PC9", "B4"])
            },
            &ScanOptions::default(),
        )
        .unwrap_err();
        let ClaimError::BadInput { problems } = &error else {
            panic!("{error}");
        };
        assert_eq!(problems.len(), 3, "{error}");
        assert!(
            error.to_string().ends_with("nothing was written"),
            "{error}"
        );
        assert!(!root.join("evidence/p1.png.yaml").exists());
    }

    #[test]
    fn the_first_heading_is_the_title() {
        assert_eq!(
            first_heading("---\ntitle: x\n---\nIntro\n\n## The *real* `title`\n\n# Later\n")
                .as_deref(),
            Some("The real title")
        );
        assert_eq!(
            first_heading("Setext title\n============\n").as_deref(),
            Some("Setext title")
        );
        assert_eq!(first_heading("No heading at all.\n"), None);
    }
}
