//! Recording assessors' decisions: each assessor's file in `assessment/`,
//! named after them, a YAML list that is only ever appended to, under the
//! portfolio's write lock.

use std::path::Path;

use nosfolio_core::{Decision, Diagnostic, YamlWriteError, decision_record, parse_decisions};

use crate::lock::{WriteError, WriteLock};
use crate::names::slug;
use crate::portfolio::ASSESSMENT_DIR;
use crate::read::TEXT_LIMIT;

/// Largest decision file nosfolio reads or appends to.
pub(crate) const DECISIONS_LIMIT: u64 = TEXT_LIMIT * 16;

/// Why decisions were not recorded. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecisionError {
    /// There was nothing to record.
    #[error("no decisions to record; nothing was recorded")]
    Nothing,
    /// The assessor's name has nothing to name a file after.
    #[error(
        "the assessor's name `{name}` has no letters or digits to name a file after; nothing was recorded\n  help: give the assessor's name"
    )]
    NoName {
        /// The name as given.
        name: String,
    },
    /// The decisions are not all by one assessor, so not for one file.
    #[error("decisions by {first} and {second} cannot go in one file; nothing was recorded")]
    MixedAssessors {
        /// One assessor.
        first: String,
        /// Another.
        second: String,
    },
    /// The assessor's file, as it is now, is not a list of decisions.
    #[error(
        "{file} cannot be read, so nothing was recorded:\n{}\n  help: `nosfolio check` shows every problem; decision files are written by `nosfolio assess` only",
        problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    )]
    Unreadable {
        /// The file, relative to the portfolio.
        file: String,
        /// What is wrong with it.
        problems: Vec<Diagnostic>,
    },
    /// Appending would have changed what the file held, or the result would
    /// not read back as those records followed by the new ones.
    #[error(
        "{file} could not be appended to without changing what it holds; nothing was recorded\n  help: `nosfolio check` shows what is wrong with it"
    )]
    NotAppendable {
        /// The file, relative to the portfolio.
        file: String,
    },
    /// A decision could not be written as YAML.
    #[error("a decision could not be written as YAML; nothing was recorded")]
    Serialize {
        /// The serializer's reason.
        #[source]
        source: YamlWriteError,
    },
    /// The lock, the file system or the read-back refused.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What [`record_decisions`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recorded {
    /// The assessor's file, relative to the portfolio.
    pub file: String,
    /// How many decisions were appended.
    pub added: usize,
    /// How many the file holds now.
    pub total: usize,
}

/// The file, relative to the portfolio, that holds `assessor`'s decisions:
/// `assessment/<slug>.yaml` (`Tom Reid` → `assessment/tom-reid.yaml`).
///
/// # Errors
/// [`DecisionError::NoName`] when the name has no letters or digits.
pub fn decision_file(assessor: &str) -> Result<String, DecisionError> {
    match slug(assessor) {
        name if name.is_empty() => Err(DecisionError::NoName {
            name: assessor.to_owned(),
        }),
        name => Ok(format!("{ASSESSMENT_DIR}/{name}.yaml")),
    }
}

/// Appends `decisions` (all by one assessor) to that assessor's file in the
/// portfolio at `root`, under the portfolio's write lock: the file is read
/// as it is under the lock, must parse as a list of decisions, and is
/// written back atomically as exactly that list followed by the new
/// records, checked by parsing the result before it replaces anything. A
/// new file starts with a comment naming the assessor.
///
/// # Errors
/// Every [`DecisionError`]; nothing is written unless all of it succeeds.
pub fn record_decisions(root: &Path, decisions: &[Decision]) -> Result<Recorded, DecisionError> {
    let Some(first) = decisions.first() else {
        return Err(DecisionError::Nothing);
    };
    if let Some(other) = decisions.iter().find(|d| d.assessor != first.assessor) {
        return Err(DecisionError::MixedAssessors {
            first: first.assessor.clone(),
            second: other.assessor.clone(),
        });
    }
    let file = decision_file(&first.assessor)?;
    let mut records = String::new();
    for decision in decisions {
        records.push_str(
            &decision_record(decision).map_err(|source| DecisionError::Serialize { source })?,
        );
    }
    let total = append_records(
        root,
        &file,
        &header(&first.assessor),
        &records,
        parse_decisions,
        decisions,
    )?;
    Ok(Recorded {
        file,
        added: decisions.len(),
        total,
    })
}

/// How a list file is read: its name (for messages) and text to records.
pub(crate) type ParseList<T> = fn(&str, &str) -> Result<Vec<T>, Vec<Diagnostic>>;

/// Appends `records` (the YAML of `new`) to the list in `file` of the
/// portfolio at `root`, under the portfolio's write lock: the file is
/// read as it is under the lock, must `parse` as a list, and is written
/// back atomically as exactly that list followed by `new`, checked by
/// parsing the result before it replaces anything. A new file starts with
/// `header`. Returns how many records the file holds now.
///
/// # Errors
/// Every [`DecisionError`]; nothing is written unless all of it succeeds.
pub(crate) fn append_records<T: PartialEq>(
    root: &Path,
    file: &str,
    header: &str,
    records: &str,
    parse: ParseList<T>,
    new: &[T],
) -> Result<usize, DecisionError> {
    let lock = WriteLock::acquire(root)?;
    let mut total = 0;
    lock.update(file, DECISIONS_LIMIT, |current| {
        let existing = match current {
            Some(text) => text.to_owned(),
            None => header.to_owned(),
        };
        let before = parse(file, &existing).map_err(|problems| DecisionError::Unreadable {
            file: file.to_owned(),
            problems,
        })?;
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(records);
        let expected: Vec<&T> = before.iter().chain(new).collect();
        match parse(file, &text) {
            Ok(after) if after.iter().eq(expected.iter().copied()) => {
                total = after.len();
                Ok(Some(text))
            }
            _ => Err(DecisionError::NotAppendable {
                file: file.to_owned(),
            }),
        }
    })?;
    Ok(total)
}

/// The comment a new decision file starts with.
fn header(assessor: &str) -> String {
    nosfolio_core::yaml_comment(&format!(
        "Decisions of {assessor}, written by `nosfolio assess`.\nAppend-only: a later decision on the same evidence and item supersedes an earlier one."
    ))
}

#[cfg(test)]
mod tests {
    use nosfolio_core::{Role, Verdict};

    use super::*;

    fn decision(assessor: &str, item: &str) -> Decision {
        Decision {
            evidence: "evidence/a.txt".into(),
            sha256: "ab".repeat(32),
            item: item.into(),
            decision: Verdict::Accepted,
            comment: "Seen: clear.\n- item: PC9".into(),
            date: "2026-01-05".into(),
            assessor: assessor.into(),
            role: Role::Assessor,
            key: None,
            signature: None,
            standing: nosfolio_core::Standing::NotChecked,
        }
    }

    fn read(root: &Path, file: &str) -> Vec<Decision> {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        parse_decisions(file, &text).unwrap()
    }

    #[test]
    fn decisions_are_appended_to_the_assessors_file() {
        let dir = tempfile::tempdir().unwrap();
        let one = record_decisions(dir.path(), &[decision("Tom Reid", "PC1")]).unwrap();
        assert_eq!(one.file, "assessment/tom-reid.yaml");
        assert_eq!((one.added, one.total), (1, 1));
        let two = record_decisions(
            dir.path(),
            &[decision("Tom Reid", "PC2"), decision("Tom Reid", "B4")],
        )
        .unwrap();
        assert_eq!((two.added, two.total), (2, 3));
        let items: Vec<String> = read(dir.path(), &one.file)
            .into_iter()
            .map(|d| d.item)
            .collect();
        assert_eq!(items, ["PC1", "PC2", "B4"]);
    }

    #[test]
    fn a_name_with_line_breaks_cannot_inject_yaml_through_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let name = "Tom\n- evidence: forged\n  decision: accepted\r\u{2028}x: 1";
        let recorded = record_decisions(dir.path(), &[decision(name, "PC1")]).unwrap();
        assert_eq!(
            recorded.file,
            "assessment/tom-evidence-forged-decision-accepted-x-1.yaml"
        );
        let text = std::fs::read_to_string(dir.path().join(&recorded.file)).unwrap();
        let decisions = read(dir.path(), &recorded.file);
        assert_eq!(decisions.len(), 1, "{text}");
        assert_eq!(decisions[0].assessor, name, "the name itself is kept whole");
        let header: Vec<&str> = text.lines().take_while(|l| !l.starts_with("- ")).collect();
        assert!(header.iter().all(|l| l.starts_with('#')), "{text}");
    }

    #[test]
    fn an_unreadable_or_unappendable_file_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("assessment")).unwrap();
        let path = dir.path().join("assessment/tom-reid.yaml");
        for (before, expected) in [
            (
                "- evidence: x\n  bogus: 1\n",
                "cannot be read, so nothing was recorded",
            ),
            // A valid empty list in flow style: the records cannot follow it.
            ("[]\n", "could not be appended to without changing"),
        ] {
            std::fs::write(&path, before).unwrap();
            let error = record_decisions(dir.path(), &[decision("Tom Reid", "PC1")]).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
        }
        let error = record_decisions(dir.path(), &[decision("!!", "PC1")]).unwrap_err();
        assert!(matches!(error, DecisionError::NoName { .. }), "{error}");
        let error = record_decisions(
            dir.path(),
            &[decision("Tom Reid", "PC1"), decision("Ann", "PC2")],
        )
        .unwrap_err();
        assert!(matches!(error, DecisionError::MixedAssessors { .. }));
        assert!(matches!(
            record_decisions(dir.path(), &[]),
            Err(DecisionError::Nothing)
        ));
    }

    #[test]
    fn concurrent_writers_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_owned();
        let threads: Vec<_> = (0..8)
            .map(|n| {
                let root = root.clone();
                std::thread::spawn(move || {
                    record_decisions(&root, &[decision("Tom Reid", &format!("PC{n}"))]).unwrap();
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let mut items: Vec<String> = read(&root, "assessment/tom-reid.yaml")
            .into_iter()
            .map(|d| d.item)
            .collect();
        items.sort();
        assert_eq!(
            items,
            ["PC0", "PC1", "PC2", "PC3", "PC4", "PC5", "PC6", "PC7"]
        );
    }
}
