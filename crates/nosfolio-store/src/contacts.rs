//! Changes to the networking plan's contacts list (`contacts add`, `edit`,
//! `score`, `remove`), made under the portfolio's write lock: the list is
//! read again under the lock, the change is worked out on it by
//! `nosfolio-network` (in place, keeping the user's comments), and the
//! result is written atomically and read back. Runs at the same time
//! therefore all land, one after the other.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use nosfolio_network::{ChangeContext, ContactChange, ContactError, ContactsEdit};

use crate::lock::{WriteError, WriteLock};
use crate::portfolio::{CONTACTS_FILE, MANIFEST_FILE, read_journal};
use crate::read::TEXT_LIMIT;

/// Why a change to the contacts list was not made. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ContactsError {
    /// The change itself was refused: bad values, an unknown id, a layout
    /// that cannot be kept.
    #[error(transparent)]
    Refused(#[from] ContactError),
    /// The list could not be read, locked or written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The folder is not a portfolio.
    #[error("{} is not a portfolio: it has no portfolio.yaml; nothing was written\n  help: run the command in a portfolio folder, or start one with `nosfolio init`", root.display())]
    NotAPortfolio {
        /// The folder.
        root: PathBuf,
    },
}

/// How a change to the contacts list is made.
#[derive(Debug, Clone, Copy)]
pub struct ContactsOptions {
    /// Today, as the caller read it once.
    pub today: Date,
    /// Write the whole list anew when its layout cannot be kept.
    pub force: bool,
}

/// Makes `change` to the contacts list of the portfolio at `root`, under
/// its write lock, creating the list when there is none. A removal checks
/// the journal as it is under the lock.
///
/// Returns what was done; its `text` is what was written (`None` when
/// nothing needed changing, and nothing was written).
///
/// # Errors
/// [`ContactsError::Refused`] for a change that is not allowed,
/// [`ContactsError::Write`] when the list cannot be read or written.
pub fn change_contacts(
    root: &Path,
    change: &ContactChange,
    options: ContactsOptions,
) -> Result<ContactsEdit, ContactsError> {
    if !root.join(MANIFEST_FILE).is_file() {
        return Err(ContactsError::NotAPortfolio {
            root: root.to_owned(),
        });
    }
    let lock = WriteLock::acquire(root)?;
    let mut done = None;
    lock.update(CONTACTS_FILE, TEXT_LIMIT, |current| {
        let journal = match change {
            ContactChange::Remove { .. } => read_journal(root),
            _ => Vec::new(),
        };
        let context = ChangeContext {
            file: CONTACTS_FILE,
            today: options.today,
            force: options.force,
            journal: &journal,
        };
        let edit = nosfolio_network::change_contacts(current, change, &context)?;
        let text = edit.text.clone();
        done = Some(edit);
        Ok::<_, ContactsError>(text)
    })?;
    done.ok_or_else(|| {
        ContactsError::Write(WriteError::ReadBack {
            shown: CONTACTS_FILE.to_owned(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use nosfolio_network::ContactFields;

    fn add(id: &str) -> ContactChange {
        ContactChange::Add {
            id: id.into(),
            fields: ContactFields {
                name: Some(format!("Person {id}")),
                ..ContactFields::default()
            },
        }
    }

    const OPTIONS: ContactsOptions = ContactsOptions {
        today: date(2026, 3, 1),
        force: false,
    };

    #[test]
    fn concurrent_changes_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_owned();
        std::fs::write(
            root.join(MANIFEST_FILE),
            "candidate: A\nstandards: [mla3]\n",
        )
        .unwrap();
        let threads: Vec<_> = (0..12)
            .map(|n| {
                let root = root.clone();
                std::thread::spawn(move || change_contacts(&root, &add(&format!("c{n}")), OPTIONS))
            })
            .collect();
        for thread in threads {
            thread.join().unwrap().unwrap();
        }
        let text = std::fs::read_to_string(root.join(CONTACTS_FILE)).unwrap();
        let (list, problems) = nosfolio_network::parse_contacts(CONTACTS_FILE, &text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(list.unwrap().contacts.len(), 12);
    }

    #[test]
    fn a_removal_sees_the_journal_as_it_is_and_a_refusal_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            change_contacts(dir.path(), &add("a"), OPTIONS),
            Err(ContactsError::NotAPortfolio { .. })
        ));
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            "candidate: A\nstandards: [mla3]\n",
        )
        .unwrap();
        change_contacts(dir.path(), &add("a"), OPTIONS).unwrap();
        let before = std::fs::read(dir.path().join(CONTACTS_FILE)).unwrap();
        std::fs::create_dir_all(dir.path().join("network/journal")).unwrap();
        std::fs::write(
            dir.path().join("network/journal/2026-02-01-call.md"),
            "---\ndate: 2026-02-01\ncontacts: [a]\nkind: call\n---\n",
        )
        .unwrap();
        let refused = change_contacts(
            dir.path(),
            &ContactChange::Remove { id: "a".into() },
            OPTIONS,
        );
        assert!(matches!(
            refused,
            Err(ContactsError::Refused(ContactError::Named { ref entries, .. }))
                if entries == &["network/journal/2026-02-01-call.md"]
        ));
        assert_eq!(
            std::fs::read(dir.path().join(CONTACTS_FILE)).unwrap(),
            before
        );
    }
}
