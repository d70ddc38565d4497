//! A standard's own identifier: made at random, and written into a
//! standard file that has none, so that what is derived from it (the CASE
//! identifiers of its export) stays the same on every export.

use std::io;
use std::path::Path;

use nosfolio_core::{Diagnostic, StandardSource, parse_manifest, parse_standard};

use crate::lock::{WriteError, WriteLock};
use crate::owned::read_owned;
use crate::paths::join_inside;
use crate::portfolio::MANIFEST_FILE;
use crate::read::TEXT_LIMIT;
use crate::seal::SEAL_FILE;

/// A new random identifier: a UUID version 4, in its usual written form.
///
/// # Errors
/// When the system has no randomness to give.
pub fn new_identifier() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(io::Error::other)?;
    // The builder sets the version (4, random) and the RFC 4122 variant.
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string())
}

/// Why an identifier was not written. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IdentifierError {
    /// `portfolio.yaml` cannot be read or has errors.
    #[error(
        "{MANIFEST_FILE} has errors, so nothing was changed\n  help: `nosfolio check` lists them"
    )]
    Manifest {
        /// Its problems.
        problems: Vec<Diagnostic>,
    },
    /// No standard file of the portfolio has this id.
    #[error(
        "no standard file named in {MANIFEST_FILE} has the id `{id}`, so there is no file to give it an identifier"
    )]
    NoFile {
        /// The standard's id.
        id: String,
    },
    /// The standard file has errors.
    #[error("{file} has errors, so nothing was changed\n  help: `nosfolio check` lists them")]
    Invalid {
        /// The file, relative to the portfolio.
        file: String,
        /// Its problems.
        problems: Vec<Diagnostic>,
    },
    /// The file's layout does not allow the line to be added in place.
    #[error(
        "cannot add `identifier: {identifier}` to {file} in place: {reason}; nothing was written\n  help: add the line `identifier: {identifier}` under `id:` in {file} by hand, then export again"
    )]
    CannotEdit {
        /// The file, relative to the portfolio.
        file: String,
        /// The identifier that was to be written.
        identifier: String,
        /// Why.
        reason: String,
    },
    /// The portfolio is sealed: changing a file would break its seal.
    #[error(
        "the portfolio is sealed ({SEAL_FILE}), so {file} is not changed and nothing was written\n  help: to export it to CASE, add the line `identifier: {identifier}` under `id:` in {file}, then run `nosfolio seal --force` to seal the portfolio again"
    )]
    Sealed {
        /// The file, relative to the portfolio.
        file: String,
        /// The identifier that was to be written.
        identifier: String,
    },
    /// Taking the lock or writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What [`add_identifier`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedIdentifier {
    /// The standard file, relative to the portfolio.
    pub file: String,
    /// The identifier the file holds now: `identifier` when it was added,
    /// or the one another run wrote first.
    pub identifier: String,
    /// Whether this call wrote it.
    pub written: bool,
}

/// The text of a standard file with `identifier: <identifier>` added as the
/// line after its top-level `id:` line, every other byte as it was.
/// `None` when there is no such line, or the file has one already.
#[must_use]
pub fn with_identifier_line(text: &str, identifier: &str) -> Option<String> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if line.starts_with("identifier:") {
            return None;
        }
        if line.starts_with("id:") {
            let ending = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
            let before = text.get(..offset)?;
            let after = text.get(offset..)?;
            let separator = if line.ends_with('\n') { "" } else { ending };
            return Some(format!(
                "{before}{separator}identifier: {identifier}{ending}{after}"
            ));
        }
    }
    None
}

/// Writes `identifier` into the standard file of the portfolio at `root`
/// whose id is `id`, under the write lock, atomically, and checks that the
/// file then reads as the same standard with that identifier. A file that
/// has an identifier already (written meanwhile) is left as it is; a sealed
/// portfolio is not changed at all.
///
/// # Errors
/// [`IdentifierError`]: nothing is written in any case.
pub fn add_identifier(
    root: &Path,
    id: &str,
    identifier: &str,
) -> Result<AddedIdentifier, IdentifierError> {
    let lock = WriteLock::acquire(root)?;
    let manifest_text = read_owned(root, MANIFEST_FILE, TEXT_LIMIT).map_err(|problem| {
        IdentifierError::Manifest {
            problems: vec![problem],
        }
    })?;
    let manifest = parse_manifest(MANIFEST_FILE, &manifest_text)
        .map_err(|problems| IdentifierError::Manifest { problems })?;
    let file = manifest
        .standards
        .iter()
        .filter_map(|s| match &s.value {
            StandardSource::File(written) => join_inside("", written).ok(),
            StandardSource::Builtin(_) => None,
        })
        .find(|relative| {
            read_owned(root, relative, TEXT_LIMIT)
                .ok()
                .and_then(|text| parse_standard(relative, &text).ok())
                .is_some_and(|s| s.id == id)
        })
        .ok_or_else(|| IdentifierError::NoFile { id: id.to_owned() })?;
    if std::fs::symlink_metadata(root.join(SEAL_FILE)).is_ok() {
        return Err(IdentifierError::Sealed {
            file,
            identifier: identifier.to_owned(),
        });
    }
    let mut result = AddedIdentifier {
        file: file.clone(),
        identifier: identifier.to_owned(),
        written: false,
    };
    lock.update(&file, TEXT_LIMIT, |current| {
        let text = current.unwrap_or_default();
        let before = parse_standard(&file, text).map_err(|problems| IdentifierError::Invalid {
            file: file.clone(),
            problems,
        })?;
        if let Some(existing) = &before.identifier {
            result.identifier.clone_from(existing);
            return Ok(None);
        }
        let cannot = |reason: &str| IdentifierError::CannotEdit {
            file: file.clone(),
            identifier: identifier.to_owned(),
            reason: reason.to_owned(),
        };
        let edited = with_identifier_line(text, identifier)
            .ok_or_else(|| cannot("it has no `id:` line at the start of a line"))?;
        let mut expected = before;
        expected.identifier = Some(identifier.to_owned());
        match parse_standard(&file, &edited) {
            Ok(after) if after == expected => {
                result.written = true;
                Ok(Some(edited))
            }
            _ => Err(cannot("the file would not read as the same standard")),
        }
    })?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_version_4_uuids_and_differ() {
        let a = new_identifier().unwrap();
        let b = new_identifier().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }

    #[test]
    fn the_line_goes_after_id_and_nothing_else_changes() {
        let text = "# mine\r\nid: demo  # kept\r\nkind: nos-unit\r\n";
        assert_eq!(
            with_identifier_line(text, "x").unwrap(),
            "# mine\r\nid: demo  # kept\r\nidentifier: x\r\nkind: nos-unit\r\n"
        );
        assert_eq!(
            with_identifier_line("kind: nos-unit\nid: demo", "x").unwrap(),
            "kind: nos-unit\nid: demo\nidentifier: x\n"
        );
        assert_eq!(with_identifier_line("  id: demo\n", "x"), None);
        assert_eq!(with_identifier_line("identifier: y\nid: demo\n", "x"), None);
    }
}
