//! Setting who a portfolio names: `portfolio.yaml`'s `candidate:`,
//! `assessors:` and `iqas:`, and the candidate's details for the report's
//! cover (`job_title:`, `organisation:`, `centre:`, `qualification:`),
//! edited in place under the write lock once core says the change makes
//! sense ([`People::changed`]).

use std::path::Path;

use nosfolio_core::{
    CannotEdit, Detail, Diagnostic, People, PeopleChange, parse_manifest, remove_key, set_value,
};
use serde_saphyr::FlowSeq;

use crate::lock::{WriteError, WriteLock};
use crate::owned::read_owned;
use crate::portfolio::MANIFEST_FILE;
use crate::read::TEXT_LIMIT;

/// Why who the portfolio names was not changed. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PeopleError {
    /// `portfolio.yaml` cannot be read or has errors.
    #[error("{MANIFEST_FILE} has errors\n  help: `nosfolio check` lists them")]
    Manifest {
        /// Its problems.
        problems: Vec<Diagnostic>,
    },
    /// The change does not make sense (a name not listed, a name on two
    /// lines).
    #[error("{0}; nothing was changed")]
    Invalid(String),
    /// Its layout cannot be kept by an edit in place.
    #[error(
        "cannot change who {MANIFEST_FILE} names in place: {0}; nothing was written\n  help: remove the comments on the lines of `candidate:`, `assessor:`, `assessors:` and `iqas:` and try again"
    )]
    CannotEdit(CannotEdit),
    /// Taking the lock or writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What [`change_people`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChangedPeople {
    /// Who the portfolio names now.
    #[serde(flatten)]
    pub people: People,
    /// Who it named before.
    #[serde(skip)]
    pub before: People,
    /// Whether anything changed: adding someone listed already, or giving
    /// the candidate the name they have, changes nothing.
    pub changed: bool,
}

/// Who the portfolio at `root` names, read from `portfolio.yaml` alone
/// (no evidence is read).
///
/// # Errors
/// [`PeopleError::Manifest`] when `portfolio.yaml` cannot be read or has
/// errors.
pub fn read_people(root: &Path) -> Result<People, PeopleError> {
    let text =
        read_owned(root, MANIFEST_FILE, TEXT_LIMIT).map_err(|problem| PeopleError::Manifest {
            problems: vec![problem],
        })?;
    parse_manifest(MANIFEST_FILE, &text)
        .map(|manifest| manifest.people())
        .map_err(|problems| PeopleError::Manifest { problems })
}

/// Applies `change` to who the portfolio at `root` names, and returns who it
/// names now. Checked and written under the lock; everything else in
/// `portfolio.yaml` is kept as written. Writing the assessors turns the
/// older `assessor:` into `assessors:`.
///
/// # Errors
/// [`PeopleError`]: nothing is written in any case.
pub fn change_people(root: &Path, change: &PeopleChange) -> Result<ChangedPeople, PeopleError> {
    let lock = WriteLock::acquire(root)?;
    let mut outcome = None;
    lock.update(MANIFEST_FILE, TEXT_LIMIT, |current| {
        let text = current.unwrap_or_default();
        let manifest = parse_manifest(MANIFEST_FILE, text)
            .map_err(|problems| PeopleError::Manifest { problems })?;
        let before = manifest.people();
        let new = before.changed(change).map_err(PeopleError::Invalid)?;
        if new == before {
            outcome = Some(ChangedPeople {
                people: new,
                before,
                changed: false,
            });
            return Ok(None);
        }
        let (edited, keys) = edited(text, &before, &new).map_err(PeopleError::CannotEdit)?;
        // The edit must read back as the new people, and every line but
        // those of the keys changed must be as it was.
        let others = |text: &str| {
            keys.iter()
                .try_fold(text.to_owned(), |text, key| remove_key(&text, key))
                .ok()
        };
        let reads_back = parse_manifest(MANIFEST_FILE, &edited)
            .ok()
            .is_some_and(|after| after.people() == new)
            && others(&edited).is_some()
            && others(&edited) == others(text);
        if !reads_back {
            return Err(PeopleError::CannotEdit(CannotEdit(
                "the edit would not read back as intended".into(),
            )));
        }
        outcome = Some(ChangedPeople {
            people: new,
            before,
            changed: true,
        });
        Ok(Some(edited))
    })?;
    outcome.ok_or_else(|| PeopleError::CannotEdit(CannotEdit("nothing was decided".into())))
}

/// `text` with the keys whose people differ between `before` and `new`
/// rewritten (a list that becomes empty loses its key), and those keys.
fn edited(
    text: &str,
    before: &People,
    new: &People,
) -> Result<(String, Vec<&'static str>), CannotEdit> {
    let mut text = text.to_owned();
    let mut keys = Vec::new();
    if new.candidate != before.candidate {
        text = set_value(&text, "candidate", &new.candidate)?;
        keys.push("candidate");
    }
    if new.assessors != before.assessors {
        text = remove_key(&text, "assessor")?;
        text = set_list(&text, "assessors", &new.assessors)?;
        keys.extend(["assessor", "assessors"]);
    }
    if new.iqas != before.iqas {
        text = set_list(&text, "iqas", &new.iqas)?;
        keys.push("iqas");
    }
    for detail in Detail::ALL {
        match new.details.get(detail) {
            value if value == before.details.get(detail) => continue,
            Some(value) => text = set_value(&text, detail.key(), &value)?,
            None => text = remove_key(&text, detail.key())?,
        }
        keys.push(detail.key());
    }
    Ok((text, keys))
}

/// Sets `key` to `names` on one line (`assessors: [Tom Reid, Ann Lee]`),
/// or removes it when there are none.
fn set_list(text: &str, key: &str, names: &[String]) -> Result<String, CannotEdit> {
    if names.is_empty() {
        remove_key(text, key)
    } else {
        set_value(text, key, &FlowSeq(names))
    }
}

#[cfg(test)]
mod tests {
    use nosfolio_core::Role;

    use super::*;

    fn portfolio(text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), text).unwrap();
        dir
    }

    fn add(name: &str, role: Role) -> PeopleChange {
        PeopleChange::Add {
            name: name.into(),
            role,
        }
    }

    #[test]
    fn people_are_written_in_place_and_comments_kept() {
        let dir = portfolio(
            "# Priya's portfolio\ncandidate: Priya Shah\nstandards: [mla3]  # the one we use\nassessor: Tom Reid\n\n# ask Ann about the target\n",
        );
        let read = || std::fs::read_to_string(dir.path().join(MANIFEST_FILE)).unwrap();
        let two = change_people(dir.path(), &add("Ann Lee", Role::Assessor)).unwrap();
        assert!(two.changed);
        assert_eq!(two.people.assessors, ["Tom Reid", "Ann Lee"]);
        assert_eq!(
            read(),
            "# Priya's portfolio\ncandidate: Priya Shah\nstandards: [mla3]  # the one we use\n\n# ask Ann about the target\nassessors: [Tom Reid, Ann Lee]\n"
        );

        let again = change_people(dir.path(), &add("ANN LEE", Role::Assessor)).unwrap();
        assert!(!again.changed);
        change_people(dir.path(), &add("Iris Quinn", Role::Iqa)).unwrap();
        assert!(read().ends_with("assessors: [Tom Reid, Ann Lee]\niqas: [Iris Quinn]\n"));
        change_people(
            dir.path(),
            &PeopleChange::Candidate {
                name: "Priya Shah-Khan".into(),
            },
        )
        .unwrap();
        assert!(read().starts_with("# Priya's portfolio\ncandidate: Priya Shah-Khan\n"));
        for name in ["tom reid", "Ann Lee", "Iris Quinn"] {
            change_people(dir.path(), &PeopleChange::Remove { name: name.into() }).unwrap();
        }
        assert_eq!(
            read(),
            "# Priya's portfolio\ncandidate: Priya Shah-Khan\nstandards: [mla3]  # the one we use\n\n# ask Ann about the target\n"
        );
    }

    #[test]
    fn refusals_write_nothing() {
        let text = "candidate: Priya Shah\nstandards: [mla3]\nassessor: Tom Reid  # lead\n";
        let dir = portfolio(text);
        let error = change_people(dir.path(), &add("Ann Lee", Role::Assessor)).unwrap_err();
        assert!(matches!(error, PeopleError::CannotEdit(_)), "{error}");
        let error = change_people(
            dir.path(),
            &PeopleChange::Remove {
                name: "Ann Lee".into(),
            },
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Ann Lee is not listed: portfolio.yaml lists assessors Tom Reid; no IQAs; give a name as listed (`nosfolio people` shows them); nothing was changed"
        );
        let error = change_people(dir.path(), &add("Ann\nLee", Role::Iqa)).unwrap_err();
        assert!(error.to_string().contains("one line"), "{error}");
        let error = change_people(dir.path(), &add("Ann Lee", Role::Iqa)).unwrap();
        assert!(error.changed);
        assert_eq!(read_people(dir.path()).unwrap().iqas, ["Ann Lee"]);
        let broken = portfolio("candidate: A\nstandards: []\n");
        assert!(read_people(broken.path()).is_err());
        let error = change_people(broken.path(), &add("Ann Lee", Role::Iqa)).unwrap_err();
        assert!(matches!(error, PeopleError::Manifest { .. }), "{error}");
        assert_eq!(
            std::fs::read_to_string(broken.path().join(MANIFEST_FILE)).unwrap(),
            "candidate: A\nstandards: []\n"
        );
    }
}
