//! Finishing a draft on disk: the piece's description loses its `draft:`
//! key, under the portfolio's write lock, once core's rule says it is
//! ready. The text is checked as it is under the lock, not as it was when
//! the portfolio was opened.

use nosfolio_core::{
    CannotEdit, Diagnostic, NotReady, finish_draft, not_ready, parse_meta, resolve,
    split_front_matter,
};

use crate::describe::{ClaimError, Kind, Loaded, Target, load, target};
use crate::lock::{WriteError, WriteLock};
use crate::portfolio::Portfolio;

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

/// A description as read: its keys, its Markdown body (empty for a
/// sidecar) and what stands between it and finished evidence, by core's
/// one rule.
pub(crate) struct Checked<'a> {
    pub(crate) loaded: Loaded<'a>,
    /// The Markdown after the front matter; empty for a sidecar.
    pub(crate) body: &'a str,
    pub(crate) reasons: NotReady,
}

/// Reads `text`, the description `target` names, and checks it as
/// `finish` does.
pub(crate) fn check<'a>(
    portfolio: &Portfolio,
    target: &Target,
    text: &'a str,
) -> Result<Checked<'a>, ClaimError> {
    let loaded = load(target, text)?;
    // A Markdown draft's prompts are in its body; a sidecar has none.
    let body = match target.kind {
        Kind::FrontMatter => split_front_matter(text)
            .and_then(Result::ok)
            .map_or("", |front| front.body),
        _ => "",
    };
    let body_line = text[..text.len() - body.len()].matches('\n').count() as u64 + 1;
    let problems = resolve(&target.description, &loaded.meta, &portfolio.standards).1;
    let reasons = not_ready(&loaded.meta, &problems, body, body_line);
    Ok(Checked {
        loaded,
        body,
        reasons,
    })
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
    let not_evidence = || FinishError::NotEvidence {
        path: relative.to_owned(),
    };
    if portfolio.piece(relative).is_none() {
        return Err(not_evidence());
    }
    let target = target(portfolio, relative).map_err(|_| not_evidence())?;
    let description = target.description.clone();
    if target.kind.is_network() {
        return Err(FinishError::Network { path: description });
    }
    let lock = WriteLock::acquire(&portfolio.root)?;
    let mut outcome = Finished::NotADraft {
        description: description.clone(),
    };
    lock.update(&description, target.kind.limit(), |current| {
        let text = current.unwrap_or_default();
        let Checked {
            loaded, reasons, ..
        } = check(portfolio, &target, text).map_err(|error| match error {
            ClaimError::Unreadable { diagnostics, .. } => FinishError::Unreadable {
                description: description.clone(),
                problems: diagnostics,
            },
            _ => not_evidence(),
        })?;
        if !loaded.meta.draft {
            return Ok(None);
        }
        let yaml = &text[loaded.range.clone()];
        if !reasons.is_empty() {
            return Err(FinishError::NotReady {
                description: description.clone(),
                reasons,
            });
        }
        let cannot_edit = |reason| FinishError::CannotEdit {
            description: description.clone(),
            reason,
        };
        let edited = finish_draft(yaml).map_err(cannot_edit)?;
        // The edit must leave the same description, no longer a draft.
        let mut expected = loaded.meta.clone();
        expected.draft = false;
        let (after, _) = parse_meta(&description, &edited, loaded.offset);
        if after.is_none_or(|a| !a.says_the_same_as(&expected)) {
            return Err(cannot_edit(CannotEdit(
                "the edit would not read back as intended".into(),
            )));
        }
        outcome = Finished::Finished {
            description: description.clone(),
        };
        let mut whole = String::with_capacity(text.len());
        whole.push_str(&text[..loaded.range.start]);
        whole.push_str(&edited);
        whole.push_str(&text[loaded.range.end..]);
        Ok(Some(whole))
    })?;
    Ok(outcome)
}
