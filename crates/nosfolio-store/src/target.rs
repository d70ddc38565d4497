//! Setting what a candidate is going for: `portfolio.yaml`'s `target:`,
//! edited in place under the write lock once core says the change makes
//! sense for the portfolio's standards.

use std::path::Path;

use nosfolio_core::{
    CannotEdit, Diagnostic, TargetChange, TargetOut, parse_manifest, remove_key, set_value,
};

use crate::lock::{WriteError, WriteLock};
use crate::portfolio::{MANIFEST_FILE, load_standards, standards_complete};
use crate::read::TEXT_LIMIT;

/// Why the target was not changed. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// `portfolio.yaml` cannot be read or has errors.
    #[error(
        "{MANIFEST_FILE} has errors, so the target was not changed\n  help: `nosfolio check` lists them"
    )]
    Manifest {
        /// Its problems.
        problems: Vec<Diagnostic>,
    },
    /// A standard of the portfolio does not load, so names cannot be checked.
    #[error(
        "not every standard of the portfolio loads, so the target was not changed\n  help: `nosfolio check` lists the problems"
    )]
    Standards,
    /// The change does not make sense for the portfolio's standards.
    #[error("{0}; the target was not changed")]
    Invalid(String),
    /// Its layout cannot be kept by an edit in place.
    #[error(
        "cannot change `target:` in {MANIFEST_FILE} in place: {0}; nothing was written\n  help: remove the comments inside `target:` and try again"
    )]
    CannotEdit(CannotEdit),
    /// Taking the lock or writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Applies `change` to the target of the portfolio at `root` and returns
/// the target as now written. Checked against the portfolio's standards
/// under the lock; everything else in `portfolio.yaml` is kept as written.
///
/// # Errors
/// [`TargetError`]: nothing is written in any case.
pub fn change_target(root: &Path, change: &TargetChange) -> Result<TargetOut, TargetError> {
    let lock = WriteLock::acquire(root)?;
    let mut outcome = None;
    lock.update(MANIFEST_FILE, TEXT_LIMIT, |current| {
        let text = current.unwrap_or_default();
        let manifest = parse_manifest(MANIFEST_FILE, text)
            .map_err(|problems| TargetError::Manifest { problems })?;
        let (standards, _) = load_standards(root, &manifest);
        if !standards_complete(Some(&manifest), &standards) {
            return Err(TargetError::Standards);
        }
        let new = manifest
            .target
            .changed(change, &standards)
            .map_err(TargetError::Invalid)?;
        let edited = if new.is_empty() {
            remove_key(text, "target")
        } else {
            set_value(text, "target", &new)
        }
        .map_err(TargetError::CannotEdit)?;
        // The edit must read back as the new target, and every other line
        // must be as it was.
        let reads_back = parse_manifest(MANIFEST_FILE, &edited)
            .ok()
            .is_some_and(|after| new.matches(&after.target))
            && remove_key(&edited, "target").ok() == remove_key(text, "target").ok();
        if !reads_back {
            return Err(TargetError::CannotEdit(CannotEdit(
                "the edit would not read back as intended".into(),
            )));
        }
        let unchanged = edited == text;
        outcome = Some(new);
        Ok((!unchanged).then_some(edited))
    })?;
    outcome.ok_or_else(|| TargetError::CannotEdit(CannotEdit("nothing was decided".into())))
}
