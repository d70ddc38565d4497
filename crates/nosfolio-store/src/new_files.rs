//! New files nosfolio writes into a portfolio, never over another: journal
//! entries in `network/journal/` and drafts in `evidence/`. Each takes the
//! first free name under the portfolio's write lock.

use std::path::Path;

use nosfolio_core::{
    Confidentiality, DRAFT_COMMENT, Draft, Severity, YamlDay, YamlWriteError, parse_meta,
    split_front_matter, to_yaml,
};
use nosfolio_network::{NewEntry, entry_reads_back, entry_text};
use serde::Serialize;

use crate::lock::{WriteError, WriteLock};
use crate::names::{free_names, slug};
use crate::portfolio::{EVIDENCE_DIR, JOURNAL_DIR};

/// Why a new file was not written. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CreateError {
    /// Its front matter could not be written as YAML.
    #[error("the front matter could not be written as YAML; nothing was written")]
    Serialize {
        /// The serializer's reason.
        #[source]
        source: YamlWriteError,
    },
    /// What would be written does not read back as what was meant.
    #[error("the new {what} would not read back as written; nothing was written")]
    NotReadBack {
        /// What kind of file.
        what: &'static str,
    },
    /// The lock, the file system or the read-back refused, or every name
    /// was taken.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl From<YamlWriteError> for CreateError {
    fn from(source: YamlWriteError) -> Self {
        Self::Serialize { source }
    }
}

/// The largest file [`save_upload`] takes.
pub const UPLOAD_LIMIT: u64 = 64 * 1024 * 1024;

/// Why a file handed over was not saved. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// The name cannot be an evidence file's.
    #[error("{0}; nothing was saved")]
    Name(String),
    /// It is larger than [`UPLOAD_LIMIT`].
    #[error("{name} is larger than {} MiB; nothing was saved", UPLOAD_LIMIT / (1024 * 1024))]
    TooLarge {
        /// Its name.
        name: String,
    },
    /// A file of that name is there already.
    #[error(
        "evidence/{name} exists already, and is never replaced; rename the file and add it again"
    )]
    Exists {
        /// Its name.
        name: String,
    },
    /// The lock or the file system refused (a linked `evidence/`, say).
    #[error(transparent)]
    Write(WriteError),
}

/// Saves `bytes` as `evidence/<name>` in the portfolio at `root`, under
/// the write lock, never over an existing file and never through a link;
/// `name` must pass core's [`nosfolio_core::evidence_file_name`]. Returns
/// the path relative to the root.
///
/// # Errors
/// [`UploadError`]; nothing is written unless all of it succeeds.
pub fn save_upload(root: &Path, name: &str, bytes: &[u8]) -> Result<String, UploadError> {
    let name = nosfolio_core::evidence_file_name(name).map_err(UploadError::Name)?;
    if bytes.len() as u64 > UPLOAD_LIMIT {
        return Err(UploadError::TooLarge {
            name: name.to_owned(),
        });
    }
    let lock = WriteLock::acquire(root).map_err(UploadError::Write)?;
    lock.create_folder(EVIDENCE_DIR)
        .map_err(UploadError::Write)?;
    lock.create_bytes([format!("{EVIDENCE_DIR}/{name}")], bytes)
        .map_err(|error| match error {
            WriteError::Exists { .. } => UploadError::Exists {
                name: name.to_owned(),
            },
            other => UploadError::Write(other),
        })
}

/// Where the versions of evidence files replaced by [`save_new_version`]
/// are kept: each under its SHA-256 and its name, inside the portfolio's
/// own folder (which the seal does not cover: the decisions' hashes do).
pub const VERSIONS_DIR: &str = ".nosfolio/versions";

/// Why a new version of a file of evidence was not saved. Nothing was
/// written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NewVersionError {
    /// It is not a file of a piece of evidence.
    #[error("{path} is not a file of this portfolio's evidence; nothing was saved")]
    NotEvidence {
        /// As given.
        path: String,
    },
    /// It holds its own description (a Markdown file's front matter).
    #[error(
        "{path} holds its own description and claims: change its text where it is written, not by a new file; nothing was saved"
    )]
    DescribesItself {
        /// As given.
        path: String,
    },
    /// The new version, or the file as it is, is larger than
    /// [`UPLOAD_LIMIT`].
    #[error("{path} or its new version is larger than {} MiB; nothing was saved", UPLOAD_LIMIT / (1024 * 1024))]
    TooLarge {
        /// As given.
        path: String,
    },
    /// The file changed since the version the new one replaces.
    #[error(
        "{path} was changed since this page was made; nothing was saved: look at it as it is now, and send the new version again if it is still wanted"
    )]
    Stale {
        /// As given.
        path: String,
    },
    /// The new version is the file as it is.
    #[error("the file sent is {path} as it is already; nothing was changed")]
    Same {
        /// As given.
        path: String,
    },
    /// The lock or the file system refused.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// A new version saved: where the one it replaced is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    /// The file, relative to the root.
    pub path: String,
    /// The SHA-256 of the new version.
    pub sha256: String,
    /// Where the version it replaced is kept, relative to the root.
    pub kept: String,
}

/// Replaces the file of evidence `path` of `portfolio` by `bytes`, a new
/// version of it (the piece referred, changed and resubmitted), under the
/// write lock. `was` is the SHA-256 of the version it replaces, as the
/// page it was sent from showed it: a file changed since is not replaced.
/// The version replaced is kept first in [`VERSIONS_DIR`] under its SHA-256
/// and name, so the version an assessor decided on stays at hand; then the
/// new one is written atomically and read back. The piece's description
/// and claims are as they were: its claims' decisions now stand against
/// changed evidence (stale, or resubmitted once referred).
///
/// # Errors
/// [`NewVersionError`]; nothing is written unless all of it succeeds.
pub fn save_new_version(
    portfolio: &crate::Portfolio,
    path: &str,
    was: &str,
    bytes: &[u8],
) -> Result<NewVersion, NewVersionError> {
    let not_evidence = || NewVersionError::NotEvidence {
        path: path.to_owned(),
    };
    let piece = portfolio.piece(path).ok_or_else(not_evidence)?;
    if piece.path != path && !piece.files.iter().any(|f| f.path == path) {
        return Err(not_evidence());
    }
    if piece.described_by == path {
        return Err(NewVersionError::DescribesItself {
            path: path.to_owned(),
        });
    }
    let too_large = || NewVersionError::TooLarge {
        path: path.to_owned(),
    };
    if bytes.len() as u64 > UPLOAD_LIMIT {
        return Err(too_large());
    }
    let lock = WriteLock::acquire(&portfolio.root)?;
    let current =
        crate::read::read_bytes(&portfolio.root.join(path), UPLOAD_LIMIT).map_err(|e| {
            match e.kind() {
                std::io::ErrorKind::FileTooLarge => too_large(),
                _ => not_evidence(),
            }
        })?;
    let sha256 = crate::hash::hash_bytes(&current);
    if sha256 != was {
        return Err(NewVersionError::Stale {
            path: path.to_owned(),
        });
    }
    let new = crate::hash::hash_bytes(bytes);
    if new == sha256 {
        return Err(NewVersionError::Same {
            path: path.to_owned(),
        });
    }
    let name = path.rsplit_once('/').map_or(path, |(_, name)| name);
    let kept = format!("{VERSIONS_DIR}/{sha256}-{name}");
    lock.create_folder(VERSIONS_DIR)?;
    match lock.create_bytes([kept.clone()], &current) {
        // The same version kept before: it is there, byte for byte.
        Ok(_) | Err(WriteError::Exists { .. }) => {}
        Err(other) => return Err(other.into()),
    }
    lock.replace_bytes(path, bytes)?;
    Ok(NewVersion {
        path: path.to_owned(),
        sha256: new,
        kept,
    })
}

/// Writes `entry` as a new journal entry of the portfolio at `root`:
/// `network/journal/<date>-<kind>.md` (`2026-03-04-coffee.md`), or `-2`,
/// `-3`… when that name is taken. Returns its path relative to the root.
///
/// # Errors
/// [`CreateError`]; nothing is written unless all of it succeeds.
pub fn write_journal_entry(root: &Path, entry: &NewEntry<'_>) -> Result<String, CreateError> {
    let text = entry_text(entry)?;
    if !entry_reads_back(entry, &text) {
        return Err(CreateError::NotReadBack {
            what: "journal entry",
        });
    }
    let kind = match slug(entry.kind) {
        kind if kind.is_empty() => "contact".to_owned(),
        kind => kind,
    };
    let stem = format!("{}-{kind}", entry.date);
    let lock = WriteLock::acquire(root)?;
    Ok(lock.create(free_names(JOURNAL_DIR, &stem, "md"), &text)?)
}

/// The front matter of a draft, as written: keys in the usual order, in
/// two parts so that core's [`DRAFT_COMMENT`] stands right above
/// `draft: true`, where `nosfolio finish` removes the two together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct DraftHead<'a> {
    title: &'a str,
    date: YamlDay,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    evidence_type: Option<&'a str>,
    confidentiality: Confidentiality,
}

/// The keys of a draft's front matter after the comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct DraftTail<'a> {
    draft: bool,
    claims: &'a [String],
}

/// Writes `draft` into the evidence folder of the portfolio at `root`:
/// `evidence/<name>.md`, its name made a file name with the one [`slug`]
/// function, or `-2`, `-3`… when that name is taken. The file is the
/// draft's front matter (seen by assessors, `draft: true` under a comment
/// saying how to finish it), then its body. Returns its path relative to
/// the root.
///
/// # Errors
/// [`CreateError`]; nothing is written unless all of it succeeds.
pub fn write_draft(root: &Path, draft: &Draft) -> Result<String, CreateError> {
    let (head, tail) = draft_parts(draft);
    let text = format!(
        "---\n{}{DRAFT_COMMENT}\n{}---\n{}",
        to_yaml(&head)?,
        to_yaml(&tail)?,
        draft.body
    );
    if !draft_reads_back(&head, &tail, &text) {
        return Err(CreateError::NotReadBack { what: "draft" });
    }
    let stem = match slug(&draft.name) {
        stem if stem.is_empty() => "draft".to_owned(),
        stem => stem,
    };
    let lock = WriteLock::acquire(root)?;
    Ok(lock.create(free_names(EVIDENCE_DIR, &stem, "md"), &text)?)
}

/// Whether a draft's text reads back with the front matter it was given.
/// What a draft's front matter says above the comment on finishing it,
/// and below it.
fn draft_parts(draft: &Draft) -> (DraftHead<'_>, DraftTail<'_>) {
    let head = DraftHead {
        title: &draft.title,
        date: YamlDay(draft.date),
        evidence_type: draft.evidence_type.as_deref(),
        confidentiality: Confidentiality::Assessor,
    };
    let tail = DraftTail {
        draft: true,
        claims: &draft.claims,
    };
    (head, tail)
}

fn draft_reads_back(head: &DraftHead<'_>, tail: &DraftTail<'_>, text: &str) -> bool {
    let Some(Ok(front)) = split_front_matter(text) else {
        return false;
    };
    let (read, problems) = parse_meta("draft", front.yaml, 1);
    let Some(read) = read else {
        return false;
    };
    let claims: Vec<&str> = read.claims.iter().map(|c| c.item.value.trim()).collect();
    let meant: Vec<&str> = tail.claims.iter().map(|c| c.trim()).collect();
    !problems.iter().any(|p| p.severity() == Severity::Error)
        && read.title.as_deref() == Some(head.title.trim()).filter(|t| !t.is_empty())
        && read.date == Some(head.date.0)
        && read.evidence_type.as_ref().map(|t| t.value.trim()) == head.evidence_type.map(str::trim)
        && read.confidentiality == head.confidentiality
        && read.draft == tail.draft
        && claims == meant
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_version_replaces_a_file_and_keeps_the_one_before()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(
            root.join("portfolio.yaml"),
            "candidate: A\nstandards: [mla3]\n",
        )?;
        std::fs::create_dir(root.join("evidence"))?;
        std::fs::write(root.join("evidence/notes.txt"), "first\n")?;
        let sidecar = "title: Notes\nclaims: [PC1]  # as written\n";
        std::fs::write(root.join("evidence/notes.txt.yaml"), sidecar)?;
        std::fs::write(
            root.join("evidence/statement.md"),
            "---\ntitle: Statement\nclaims: [PC2]\n---\nText\n",
        )?;
        let portfolio = crate::Portfolio::open(root)?;
        let first = crate::hash::hash_bytes(b"first\n");

        // A page made before another change: refused, nothing written.
        let stale = save_new_version(&portfolio, "evidence/notes.txt", "0123", b"second\n");
        assert!(
            matches!(stale, Err(NewVersionError::Stale { .. })),
            "{stale:?}"
        );
        let same = save_new_version(&portfolio, "evidence/notes.txt", &first, b"first\n");
        assert!(
            matches!(same, Err(NewVersionError::Same { .. })),
            "{same:?}"
        );
        let itself = save_new_version(&portfolio, "evidence/statement.md", "", b"x");
        assert!(
            matches!(itself, Err(NewVersionError::DescribesItself { .. })),
            "{itself:?}"
        );
        for path in [
            "evidence/notes.txt.yaml",
            "portfolio.yaml",
            "evidence/none.txt",
        ] {
            let refused = save_new_version(&portfolio, path, "", b"x");
            assert!(
                matches!(refused, Err(NewVersionError::NotEvidence { .. })),
                "{path}: {refused:?}"
            );
        }
        assert!(!root.join(VERSIONS_DIR).exists());

        let saved = save_new_version(&portfolio, "evidence/notes.txt", &first, b"second\n")?;
        assert_eq!(saved.kept, format!("{VERSIONS_DIR}/{first}-notes.txt"));
        assert_eq!(saved.sha256, crate::hash::hash_bytes(b"second\n"));
        assert_eq!(std::fs::read(root.join("evidence/notes.txt"))?, b"second\n");
        assert_eq!(std::fs::read(root.join(&saved.kept))?, b"first\n");
        // The description and its claims are as they were.
        assert_eq!(
            std::fs::read_to_string(root.join("evidence/notes.txt.yaml"))?,
            sidecar
        );
        // The page made before this version is out of date now.
        let again = save_new_version(&portfolio, "evidence/notes.txt", &first, b"third\n");
        assert!(
            matches!(again, Err(NewVersionError::Stale { .. })),
            "{again:?}"
        );
        Ok(())
    }

    #[test]
    fn journal_entries_take_the_first_free_name() {
        let dir = tempfile::tempdir().unwrap();
        let entry = NewEntry {
            date: jiff::civil::date(2026, 3, 4),
            contacts: vec!["jsmith"],
            kind: "Coffee & cake",
            introduced: vec![],
            next_contact: None,
            confidentiality: None,
            claims: vec![],
            note: Some("Talked."),
        };
        let first = write_journal_entry(dir.path(), &entry).unwrap();
        let second = write_journal_entry(dir.path(), &entry).unwrap();
        assert_eq!(first, "network/journal/2026-03-04-coffee-cake.md");
        assert_eq!(second, "network/journal/2026-03-04-coffee-cake-2.md");
        let text = std::fs::read_to_string(dir.path().join(first)).unwrap();
        assert_eq!(
            text,
            "---\ndate: 2026-03-04\ncontacts: [jsmith]\nkind: coffee & cake\n---\n\nTalked.\n"
        );
    }

    #[test]
    fn drafts_read_back_as_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let draft = Draft {
            name: "Reflection Networking".into(),
            title: "Reflection: \"Networking\" # level 3".into(),
            date: jiff::civil::date(2026, 3, 4),
            evidence_type: Some("reflective-logs".into()),
            claims: vec!["L3.1".into(), "develops-networks:L2.1".into()],
            body: "# Body\n".into(),
        };
        let written = write_draft(dir.path(), &draft).unwrap();
        assert_eq!(written, "evidence/reflection-networking.md");
        let text = std::fs::read_to_string(dir.path().join(&written)).unwrap();
        // Regression: the day is written as a day, plain, not as quoted text.
        assert!(
            text.starts_with(
                "---\ntitle: \"Reflection: \\\"Networking\\\" # level 3\"\ndate: 2026-03-04\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(&format!("confidentiality: assessor\n{DRAFT_COMMENT}\ndraft: true\nclaims:\n  - L3.1\n  - develops-networks:L2.1\n---\n# Body\n")),
            "{text}"
        );
        let finished =
            nosfolio_core::finish_draft(split_front_matter(&text).unwrap().unwrap().yaml).unwrap();
        assert!(
            !finished.contains("draft") && !finished.lines().any(|l| l.starts_with('#')),
            "{finished}"
        );
        let front = split_front_matter(&text).unwrap().unwrap();
        let (read, problems) = parse_meta(&written, front.yaml, 1);
        assert!(problems.is_empty(), "{problems:?}");
        let read = read.unwrap();
        assert_eq!(read.title.as_deref(), Some(draft.title.as_str()));
        assert!(read.draft);
        assert_eq!(read.claims.len(), 2);
        let again = write_draft(dir.path(), &draft).unwrap();
        assert_eq!(again, "evidence/reflection-networking-2.md");
        let (head, tail) = draft_parts(&draft);
        assert!(draft_reads_back(&head, &tail, &text));
        for changed in [
            text.replace("draft: true", "draft: false"),
            text.replace("  - L3.1\n", ""),
            text.replace("type: reflective-logs", "type: other"),
            text.replacen("---\n", "", 1),
        ] {
            assert!(!draft_reads_back(&head, &tail, &changed), "{changed}");
        }
    }
}
