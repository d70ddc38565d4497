//! Finishing a draft on disk: the piece's description loses its `draft:`
//! key, under the portfolio's write lock, once core's rule says it is
//! ready. The text is checked as it is under the lock, not as it was when
//! the portfolio was opened.

use nosfolio_core::{
    CannotEdit, Diagnostic, FrontMatter, NotReady, finish_draft, not_ready, parse_meta, resolve,
    split_front_matter,
};

use crate::lock::{WriteError, WriteLock};
use crate::portfolio::{CONTACTS_FILE, JOURNAL_DIR, Portfolio};
use crate::read::MARKDOWN_LIMIT;

/// What `finish` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Finished {
    /// The draft is now evidence.
    Finished {
        /// The file whose description changed, relative to the portfolio.
        description: String,
    },
    /// It was not a draft; nothing was written.
    NotADraft {
        /// The description, relative to the portfolio.
        description: String,
    },
}

/// Why a draft was not finished. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FinishError {
    /// The file is not evidence of the portfolio.
    #[error(
        "{path} is not evidence of this portfolio: it has no sidecar or front matter\n  help: `nosfolio claim {path} ITEM…` describes it"
    )]
    NotEvidence {
        /// The file, relative to the portfolio.
        path: String,
    },
    /// The file belongs to the networking plan, which has no drafts.
    #[error("{path} is part of the networking plan, which has no drafts")]
    Network {
        /// The file, relative to the portfolio.
        path: String,
    },
    /// The description cannot be read as a description.
    #[error("{description} cannot be read, so it was not finished")]
    Unreadable {
        /// The description, relative to the portfolio.
        description: String,
        /// What is wrong with it.
        problems: Vec<Diagnostic>,
    },
    /// The draft is not ready; every reason is listed.
    #[error("{description} is not ready to finish, so it is still a draft")]
    NotReady {
        /// The description, relative to the portfolio.
        description: String,
        /// Why.
        reasons: NotReady,
    },
    /// Its layout cannot be kept by an edit in place.
    #[error(
        "cannot remove `draft:` from {description} in place: {reason}; nothing was written\n  help: delete the line `draft: true` by hand"
    )]
    CannotEdit {
        /// The description, relative to the portfolio.
        description: String,
        /// Why.
        reason: CannotEdit,
    },
    /// Taking the lock or writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Finishes the draft that describes `relative` (an evidence file or its
/// description, relative to the portfolio): checks, under the lock, that it
/// claims something, that its description has no errors, and that no
/// heading of a Markdown draft is left without an answer; then removes
/// `draft:` keeping everything else as written.
///
/// # Errors
/// [`FinishError`]: nothing is written in any case.
pub fn finish(portfolio: &Portfolio, relative: &str) -> Result<Finished, FinishError> {
    let piece = portfolio
        .piece(relative)
        .ok_or_else(|| FinishError::NotEvidence {
            path: relative.to_owned(),
        })?;
    let description = piece.described_by.clone();
    if description == CONTACTS_FILE || description.starts_with(&format!("{JOURNAL_DIR}/")) {
        return Err(FinishError::Network { path: description });
    }
    // A sidecar ends in `.yaml`; a Markdown file describes itself.
    let front_matter = is_markdown(&description);
    let lock = WriteLock::acquire(&portfolio.root)?;
    let mut outcome = Finished::NotADraft {
        description: description.clone(),
    };
    lock.update(&description, MARKDOWN_LIMIT, |current| {
        let text = current.unwrap_or_default();
        let (yaml, body, offset, body_line) = if front_matter {
            match split_front_matter(text) {
                Some(Ok(front)) => {
                    let body_line = 2 + front.yaml.matches('\n').count() as u64 + 1;
                    (front.yaml, front.body, FrontMatter::LINE_OFFSET, body_line)
                }
                _ => {
                    return Err(FinishError::NotEvidence {
                        path: description.clone(),
                    });
                }
            }
        } else {
            let start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
            (&text[start..], "", 0, 1)
        };
        let (meta, mut problems) = parse_meta(&description, yaml, offset);
        let Some(meta) = meta else {
            return Err(FinishError::Unreadable {
                description: description.clone(),
                problems,
            });
        };
        if !meta.draft {
            return Ok(None);
        }
        problems.extend(resolve(&description, &meta, &portfolio.standards).1);
        let reasons = not_ready(&meta, &problems, body, body_line);
        if !reasons.is_empty() {
            return Err(FinishError::NotReady {
                description: description.clone(),
                reasons,
            });
        }
        let edited = finish_draft(yaml).map_err(|reason| FinishError::CannotEdit {
            description: description.clone(),
            reason,
        })?;
        let offset = yaml.as_ptr() as usize - text.as_ptr() as usize;
        let mut whole = String::with_capacity(text.len());
        whole.push_str(&text[..offset]);
        whole.push_str(&edited);
        whole.push_str(&text[offset + yaml.len()..]);
        // The edit must leave the same description, no longer a draft.
        let (after, _) = parse_meta(&description, &edited, offset as u64);
        let mut expected = meta.clone();
        expected.draft = false;
        if after.is_none_or(|a| !a.says_the_same_as(&expected)) {
            return Err(FinishError::CannotEdit {
                description: description.clone(),
                reason: CannotEdit("the edit would not read back as intended".into()),
            });
        }
        outcome = Finished::Finished {
            description: description.clone(),
        };
        Ok(Some(whole))
    })?;
    Ok(outcome)
}

fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}
