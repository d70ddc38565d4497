//! Adding a standard to a portfolio: `portfolio.yaml`'s `standards:` list
//! gains one entry, edited in place under the write lock, once the standard
//! is known to load beside the others.

use std::path::Path;

use nosfolio_core::{
    CannotEdit, Diagnostic, Located, Manifest, Severity, StandardSource, add_list_items,
    parse_manifest,
};

use crate::lock::{WriteError, WriteLock};
use crate::portfolio::{MANIFEST_FILE, load_standards};
use crate::read::TEXT_LIMIT;

/// What `use_standard` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum UsedStandard {
    /// `portfolio.yaml` now names it.
    Added {
        /// The standard's id.
        id: String,
        /// As written in `portfolio.yaml`.
        written: String,
    },
    /// `portfolio.yaml` named it already; nothing was written.
    AlreadyUsed {
        /// The standard's id.
        id: String,
        /// As written in `portfolio.yaml`.
        written: String,
    },
}

/// Why a standard was not added. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UseStandardError {
    /// `portfolio.yaml` cannot be read or has errors.
    #[error(
        "{MANIFEST_FILE} has errors, so nothing was changed\n  help: `nosfolio check` lists them"
    )]
    Manifest {
        /// Its problems.
        problems: Vec<Diagnostic>,
    },
    /// The standard does not load.
    #[error("`{written}` cannot be used, so nothing was changed")]
    Invalid {
        /// As given.
        written: String,
        /// Why.
        problems: Vec<Diagnostic>,
    },
    /// Another standard of the portfolio has the same id.
    #[error(
        "the portfolio already uses a standard with the id `{id}`, so `{written}` cannot be added; nothing was changed\n  help: give the standard file another `id:`"
    )]
    SameId {
        /// The id.
        id: String,
        /// As given.
        written: String,
    },
    /// Its layout cannot be kept by an edit in place.
    #[error(
        "cannot add to `standards:` in {MANIFEST_FILE} in place: {0}; nothing was written\n  help: add `{1}` to its `standards:` list by hand"
    )]
    CannotEdit(CannotEdit, String),
    /// Taking the lock or writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Adds the standard `written` (a built-in id, or a standard file's path
/// relative to the portfolio) to the portfolio at `root`, unless it is
/// there already. The standard must load, and its id must be new.
///
/// # Errors
/// [`UseStandardError`]: nothing is written in any case.
pub fn use_standard(root: &Path, written: &str) -> Result<UsedStandard, UseStandardError> {
    let written = written.trim().to_owned();
    let source = StandardSource::from_written(&written);
    let lock = WriteLock::acquire(root)?;
    let mut outcome = None;
    lock.update(MANIFEST_FILE, TEXT_LIMIT, |current| {
        let text = current.unwrap_or_default();
        let manifest = parse_manifest(MANIFEST_FILE, text)
            .map_err(|problems| UseStandardError::Manifest { problems })?;
        let alone = Manifest {
            standards: vec![Located {
                value: source.clone(),
                position: None,
            }],
            ..manifest.clone()
        };
        let (new, problems) = load_standards(root, &alone);
        // Problems found while it is not yet in portfolio.yaml are about
        // what was given, not about that file.
        let errors: Vec<Diagnostic> = problems
            .into_iter()
            .filter(|d| d.severity() == Severity::Error)
            .map(|mut d| {
                if d.file == MANIFEST_FILE {
                    d.file.clone_from(&written);
                }
                d
            })
            .collect();
        let Some(standard) = new.standards().first().filter(|_| errors.is_empty()) else {
            return Err(UseStandardError::Invalid {
                written: written.clone(),
                problems: errors,
            });
        };
        let id = standard.id.clone();
        if manifest.standards.iter().any(|s| s.value == source) {
            outcome = Some(UsedStandard::AlreadyUsed {
                id,
                written: written.clone(),
            });
            return Ok(None);
        }
        let (existing, _) = load_standards(root, &manifest);
        if existing.get(&id).is_some() {
            return Err(UseStandardError::SameId {
                id,
                written: written.clone(),
            });
        }
        let edited = add_list_items(text, "standards", std::slice::from_ref(&written))
            .map_err(|reason| UseStandardError::CannotEdit(reason, written.clone()))?;
        // The edit must say what it said before, and one standard more.
        let reads_back = parse_manifest(MANIFEST_FILE, &edited)
            .ok()
            .is_some_and(|after| {
                let sources = |m: &Manifest| -> Vec<StandardSource> {
                    m.standards.iter().map(|s| s.value.clone()).collect()
                };
                let mut expected = sources(&manifest);
                expected.push(source.clone());
                sources(&after) == expected
                    && after.candidate == manifest.candidate
                    && after.people() == manifest.people()
                    && after.policy == manifest.policy
            });
        if !reads_back {
            return Err(UseStandardError::CannotEdit(
                CannotEdit("the edit would not read back as intended".into()),
                written.clone(),
            ));
        }
        outcome = Some(UsedStandard::Added {
            id,
            written: written.clone(),
        });
        Ok(Some(edited))
    })?;
    outcome.ok_or_else(|| {
        UseStandardError::CannotEdit(CannotEdit("nothing was decided".into()), written.clone())
    })
}
