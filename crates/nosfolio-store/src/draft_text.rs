//! A draft's text, for writing it somewhere other than an editor: read
//! with a version (the SHA-256 of the file as read), and its Markdown body
//! replaced under the portfolio's write lock only while the file is still
//! that version, its front matter kept byte for byte. So that two tabs (or
//! a tab and an editor) never overwrite each other's words unseen.

use nosfolio_core::{Diagnostic, NotReady, split_front_matter};

use crate::describe::{ClaimError, Kind, Target, target};
use crate::finish::{Checked, check};
use crate::hash::hash_bytes;
use crate::lock::{WriteError, WriteLock};
use crate::owned::path_to_write;
use crate::portfolio::Portfolio;
use crate::read::{MARKDOWN_LIMIT, read_text_no_link};

/// A draft as it is on disk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DraftText {
    /// The file that describes it (the Markdown file, or a sidecar),
    /// relative to the portfolio.
    pub description: String,
    /// The SHA-256 of that file as read: what [`save_draft`] is given back.
    pub version: String,
    /// The Markdown after the front matter; `None` for a sidecar, which
    /// has no text to write in.
    pub body: Option<String>,
    /// What stands between it and finished evidence (core's rule, as
    /// `finish` applies it).
    pub reasons: NotReady,
}

/// Why a draft was not read or its text not saved. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DraftTextError {
    /// The file is not evidence of the portfolio.
    #[error("{path} is not a piece of evidence of this portfolio; nothing was written")]
    NotEvidence {
        /// The file, relative to the portfolio.
        path: String,
    },
    /// The piece is not (or no longer) a draft.
    #[error(
        "{description} is not a draft: it counts as evidence, and is not changed here; nothing was written"
    )]
    NotADraft {
        /// The description, relative to the portfolio.
        description: String,
    },
    /// The draft is a sidecar, which has no text to write in.
    #[error(
        "{description} describes another file and has no text of its own to write in; nothing was written"
    )]
    NoText {
        /// The description, relative to the portfolio.
        description: String,
    },
    /// The description cannot be read as a description.
    #[error("{description} cannot be read as a description; nothing was written")]
    Unreadable {
        /// The description, relative to the portfolio.
        description: String,
        /// What is wrong with it.
        problems: Vec<Diagnostic>,
    },
    /// The file changed since the version the text was written against.
    #[error("{} changed since it was opened (in another tab or program); nothing was written", current.description)]
    Changed {
        /// The draft as it is now.
        current: Box<DraftText>,
    },
    /// The text would make the file larger than the store reads.
    #[error("the text is too long: {description} would be larger than {} MiB; nothing was written", MARKDOWN_LIMIT / (1024 * 1024))]
    TooLarge {
        /// The description, relative to the portfolio.
        description: String,
    },
    /// The new file would not read back with the same front matter.
    #[error(
        "{description} would not read back with its front matter unchanged; nothing was written"
    )]
    NotReadBack {
        /// The description, relative to the portfolio.
        description: String,
    },
    /// Taking the lock, reading or writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What [`save_draft`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SavedDraft {
    /// Whether the file changed (saving the same text writes nothing).
    pub written: bool,
    /// The draft as it is now.
    pub draft: DraftText,
}

/// Where the draft `relative` (an evidence file or its description) is
/// described, refused for anything that is not a piece of the portfolio's
/// evidence.
fn draft_target(portfolio: &Portfolio, relative: &str) -> Result<Target, DraftTextError> {
    let not_evidence = || DraftTextError::NotEvidence {
        path: relative.to_owned(),
    };
    if portfolio.piece(relative).is_none() {
        return Err(not_evidence());
    }
    let target = target(portfolio, relative).map_err(|_| not_evidence())?;
    if target.kind.is_network() {
        return Err(not_evidence());
    }
    Ok(target)
}

/// The draft of `text`, the description `target` names.
fn draft_of(
    portfolio: &Portfolio,
    target: &Target,
    text: &str,
) -> Result<DraftText, DraftTextError> {
    let description = &target.description;
    let Checked {
        loaded,
        body,
        reasons,
    } = check(portfolio, target, text).map_err(|error| match error {
        ClaimError::Unreadable { diagnostics, .. } => DraftTextError::Unreadable {
            description: description.clone(),
            problems: diagnostics,
        },
        _ => DraftTextError::NotEvidence {
            path: description.clone(),
        },
    })?;
    if !loaded.meta.draft {
        return Err(DraftTextError::NotADraft {
            description: description.clone(),
        });
    }
    Ok(DraftText {
        description: description.clone(),
        version: hash_bytes(text.as_bytes()),
        body: (target.kind == Kind::FrontMatter).then(|| body.to_owned()),
        reasons,
    })
}

/// Reads the draft `relative` (an evidence file or its description,
/// relative to the portfolio) as it is on disk now, never through a link.
///
/// # Errors
/// [`DraftTextError`]: not evidence, not a draft, unreadable.
pub fn read_draft(portfolio: &Portfolio, relative: &str) -> Result<DraftText, DraftTextError> {
    let target = draft_target(portfolio, relative)?;
    let path = path_to_write(&portfolio.root, &target.description)?;
    let text = read_text_no_link(&path, &target.description, MARKDOWN_LIMIT).map_err(|d| {
        DraftTextError::Write(WriteError::Unreadable {
            shown: target.description.clone(),
            message: d.problem.to_string(),
        })
    })?;
    draft_of(portfolio, &target, &text)
}

/// Replaces the Markdown body of the draft `relative` with `body`, under
/// the portfolio's write lock, only if the file is still `version` (the
/// SHA-256 [`read_draft`] gave): the front matter is kept byte for byte,
/// the body's line breaks follow the file's, and the file is written
/// atomically and read back. Refused for anything but a Markdown draft
/// in the portfolio's evidence, never through a link.
///
/// # Errors
/// [`DraftTextError::Changed`] (with the draft as it is now) when the file
/// is no longer `version`; the other [`DraftTextError`]s. Nothing is
/// written in any case.
pub fn save_draft(
    portfolio: &Portfolio,
    relative: &str,
    version: &str,
    body: &str,
) -> Result<SavedDraft, DraftTextError> {
    let target = draft_target(portfolio, relative)?;
    let description = target.description.clone();
    if target.kind != Kind::FrontMatter {
        return Err(DraftTextError::NoText { description });
    }
    let lock = WriteLock::acquire(&portfolio.root)?;
    let written = lock.update(&description, MARKDOWN_LIMIT, |current| {
        let Some(text) = current else {
            return Err(DraftTextError::NotEvidence {
                path: relative.to_owned(),
            });
        };
        let now = draft_of(portfolio, &target, text)?;
        if now.version != version {
            return Err(DraftTextError::Changed {
                current: Box::new(now),
            });
        }
        let not_read_back = || DraftTextError::NotReadBack {
            description: description.clone(),
        };
        let front = split_front_matter(text)
            .and_then(Result::ok)
            .ok_or_else(not_read_back)?;
        let mut head = text[..text.len() - front.body.len()].to_owned();
        let crlf = head.contains("\r\n");
        if !head.ends_with('\n') {
            head.push_str(if crlf { "\r\n" } else { "\n" });
        }
        let body = body.replace("\r\n", "\n");
        let body = if crlf {
            body.replace('\n', "\r\n")
        } else {
            body
        };
        let whole = format!("{head}{body}");
        if whole.len() as u64 > MARKDOWN_LIMIT {
            return Err(DraftTextError::TooLarge {
                description: description.clone(),
            });
        }
        match split_front_matter(&whole) {
            Some(Ok(after)) if after.yaml == front.yaml && after.body == body => {}
            _ => return Err(not_read_back()),
        }
        if whole == text {
            return Ok(None);
        }
        Ok(Some(whole))
    })?;
    let draft = match &written {
        Some(text) => draft_of(portfolio, &target, text)?,
        None => read_draft(portfolio, relative)?,
    };
    Ok(SavedDraft {
        written: written.is_some(),
        draft,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const HEAD: &str = "---\ntitle: \"Reflection: level 3\"  # mine\ndate: 2026-01-05\ntype: reflective-logs\nconfidentiality: assessor\n# Run `nosfolio finish` on this file when it is written: drafts do not count as coverage.\ndraft: true\nclaims:\n  - PC1\n---\n";

    fn portfolio(
        files: &[(&str, &str)],
    ) -> Result<(tempfile::TempDir, Portfolio), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let write = |relative: &str, text: &str| -> std::io::Result<()> {
            let path = dir.path().join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)
        };
        write(
            "portfolio.yaml",
            "candidate: Priya Shah\nstandards: [mla3]\n",
        )?;
        for (path, text) in files {
            write(path, text)?;
        }
        let portfolio = Portfolio::open(dir.path())?;
        Ok((dir, portfolio))
    }

    #[test]
    fn saving_keeps_the_front_matter_byte_for_byte_and_reads_back() -> TestResult {
        let original = format!("{HEAD}# Reflection\n\n## Situation\n\n");
        let (dir, portfolio) = portfolio(&[("evidence/r.md", &original)])?;
        let read = read_draft(&portfolio, "evidence/r.md")?;
        assert_eq!(
            read.body.as_deref(),
            Some("# Reflection\n\n## Situation\n\n")
        );
        assert_eq!(read.version, hash_bytes(original.as_bytes()));
        // The title and its one heading, both with nothing written yet.
        assert_eq!(read.reasons.unanswered.len(), 2);

        let body = "# Reflection\r\n\r\n## Situation\r\n\r\nIn March I met the finance lead.\r\n";
        let saved = save_draft(&portfolio, "evidence/r.md", &read.version, body)?;
        assert!(saved.written);
        let on_disk = std::fs::read_to_string(dir.path().join("evidence/r.md"))?;
        assert_eq!(
            on_disk,
            format!("{HEAD}# Reflection\n\n## Situation\n\nIn March I met the finance lead.\n")
        );
        assert_eq!(saved.draft.version, hash_bytes(on_disk.as_bytes()));
        assert!(saved.draft.reasons.is_empty(), "{:?}", saved.draft.reasons);
        assert_eq!(read_draft(&portfolio, "evidence/r.md")?, saved.draft);

        // The same text again writes nothing.
        let again = save_draft(
            &portfolio,
            "evidence/r.md",
            &saved.draft.version,
            saved.draft.body.as_deref().ok_or("no body")?,
        )?;
        assert!(!again.written);
        Ok(())
    }

    #[test]
    fn a_stale_version_is_refused_with_the_text_as_it_is_now() -> TestResult {
        let original = format!("{HEAD}## Situation\n\n");
        let (dir, portfolio) = portfolio(&[("evidence/r.md", &original)])?;
        let read = read_draft(&portfolio, "evidence/r.md")?;
        let other_tab = format!("{HEAD}## Situation\n\nWritten in another tab.\n");
        std::fs::write(dir.path().join("evidence/r.md"), &other_tab)?;
        let refused = save_draft(&portfolio, "evidence/r.md", &read.version, "Mine.\n");
        match refused {
            Err(DraftTextError::Changed { current }) => {
                assert_eq!(
                    current.body.as_deref(),
                    Some("## Situation\n\nWritten in another tab.\n")
                );
                assert_eq!(current.version, hash_bytes(other_tab.as_bytes()));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("evidence/r.md"))?,
            other_tab
        );
        Ok(())
    }

    #[test]
    fn only_a_markdown_draft_in_evidence_is_written() -> TestResult {
        let (dir, portfolio) = portfolio(&[
            (
                "evidence/done.md",
                "---\ntitle: Done\nclaims: [PC1]\n---\nText\n",
            ),
            ("evidence/scan.pdf", "%PDF-1.4\n"),
            (
                "evidence/scan.pdf.yaml",
                "title: Scan\ndraft: true\nclaims: [PC2]\n",
            ),
            (
                "network/journal/2026-01-05-coffee.md",
                "---\ndate: 2026-01-05\ncontacts: [a]\nkind: coffee\n---\nTalked.\n",
            ),
            ("notes.md", "---\ntitle: Outside\ndraft: true\n---\n"),
        ])?;
        let version = |path: &str| -> std::io::Result<String> {
            Ok(hash_bytes(&std::fs::read(dir.path().join(path))?))
        };
        assert!(matches!(
            save_draft(
                &portfolio,
                "evidence/done.md",
                &version("evidence/done.md")?,
                "x"
            ),
            Err(DraftTextError::NotADraft { .. })
        ));
        assert!(matches!(
            save_draft(
                &portfolio,
                "evidence/scan.pdf",
                &version("evidence/scan.pdf.yaml")?,
                "x"
            ),
            Err(DraftTextError::NoText { .. })
        ));
        let sidecar = read_draft(&portfolio, "evidence/scan.pdf")?;
        assert_eq!(sidecar.body, None);
        assert!(!sidecar.reasons.claims_nothing);
        for outside in [
            "network/journal/2026-01-05-coffee.md",
            "notes.md",
            "../elsewhere.md",
            "evidence/none.md",
            "portfolio.yaml",
        ] {
            let refused = save_draft(&portfolio, outside, "0", "x");
            assert!(
                matches!(refused, Err(DraftTextError::NotEvidence { .. })),
                "{outside}: {refused:?}"
            );
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("evidence/done.md"))?,
            "---\ntitle: Done\nclaims: [PC1]\n---\nText\n"
        );
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_evidence_folder_is_never_written_through() -> TestResult {
        let outside = tempfile::tempdir()?;
        let original = format!("{HEAD}## Situation\n\n");
        std::fs::write(outside.path().join("r.md"), &original)?;
        let (dir, _) = portfolio(&[])?;
        std::os::unix::fs::symlink(outside.path(), dir.path().join("evidence"))?;
        let portfolio = Portfolio::open(dir.path())?;
        let refused = save_draft(
            &portfolio,
            "evidence/r.md",
            &hash_bytes(original.as_bytes()),
            "Mine.\n",
        );
        assert!(refused.is_err(), "{refused:?}");
        assert_eq!(
            std::fs::read_to_string(outside.path().join("r.md"))?,
            original
        );
        Ok(())
    }

    #[test]
    fn a_text_too_large_is_refused() -> TestResult {
        let original = format!("{HEAD}## Situation\n\n");
        let (dir, portfolio) = portfolio(&[("evidence/r.md", &original)])?;
        let huge = "x".repeat(usize::try_from(MARKDOWN_LIMIT)?);
        let refused = save_draft(
            &portfolio,
            "evidence/r.md",
            &hash_bytes(original.as_bytes()),
            &huge,
        );
        assert!(
            matches!(refused, Err(DraftTextError::TooLarge { .. })),
            "{refused:?}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("evidence/r.md"))?,
            original
        );
        Ok(())
    }
}
