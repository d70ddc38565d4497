//! Starting a portfolio: `portfolio.yaml`, written with serde, and the
//! folders evidence goes in, all under the new portfolio's write lock.

use std::path::{Path, PathBuf};

use nosfolio_core::{
    Diagnostic, StandardSource, YamlWriteError, builtin_ids, builtin_standard, given_name,
    parse_manifest, parse_standard, to_yaml, yaml_comment,
};
use serde::Serialize;
use serde_saphyr::FlowSeq;

use crate::lock::{WriteError, WriteLock};
use crate::owned::read_owned;
use crate::paths::join_inside;
use crate::portfolio::{EVIDENCE_DIR, MANIFEST_FILE};
use crate::read::TEXT_LIMIT;

/// The folder, inside a portfolio, that holds the networking plan.
use nosfolio_network::NETWORK_DIR;

/// The how-to `init` leaves beside `portfolio.yaml`.
const HOW_TO_FILE: &str = "HOW-TO.md";

/// What a new portfolio starts with.
#[derive(Debug, Clone, Copy)]
pub struct NewPortfolio<'a> {
    /// The candidate's name.
    pub candidate: &'a str,
    /// The standards: built-in ids or paths of standard files inside the
    /// portfolio folder.
    pub standards: &'a [String],
    /// The assessor's name, if known.
    pub assessor: Option<&'a str>,
    /// The text of the how-to written beside `portfolio.yaml`.
    pub how_to: &'a str,
}

/// What [`init`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Started {
    /// Files written, relative to the portfolio.
    pub written: Vec<String>,
    /// Files that were there already and were left as they are.
    pub kept: Vec<String>,
    /// Folders made or already there, relative to the portfolio.
    pub folders: Vec<String>,
    /// The folder evidence goes in, relative to the portfolio.
    pub evidence: String,
}

/// Why a portfolio was not started. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    /// The candidate's name is empty.
    #[error(
        "the candidate's name is empty: nothing was written\n  help: give the candidate's name"
    )]
    NoCandidate,
    /// No standard was named.
    #[error(
        "a portfolio needs at least one standard: nothing was written\n  help: name a built-in standard ({}) or a standard file",
        builtin_ids().join(", ")
    )]
    NoStandards,
    /// The folder has a portfolio already.
    #[error(
        "{} already has a portfolio.yaml: nothing was changed\n  help: start the new portfolio in another folder",
        dir.display()
    )]
    Exists {
        /// The folder.
        dir: PathBuf,
    },
    /// A standard is neither built in nor a file.
    #[error(
        "unknown standard `{id}`: nothing was written\n  help: built-in standards are {}; a path to a standard file also works",
        builtin_ids().join(", ")
    )]
    UnknownStandard {
        /// The id as given.
        id: String,
    },
    /// A standard file cannot be read or is not a valid standard.
    #[error(
        "{path} is not a standard nosfolio can use: nothing was written (paths are relative to the portfolio folder)\n{}",
        problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    )]
    BadStandard {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        problems: Vec<Diagnostic>,
    },
    /// The portfolio folder could not be made.
    #[error("cannot create {}: nothing was written", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The assessor's name is not one line.
    #[error("{0}: nothing was written")]
    BadAssessor(String),
    /// `portfolio.yaml` as written would not read back as what was given.
    #[error("portfolio.yaml would not read back as written: nothing was written")]
    NotReadBack,
    /// `portfolio.yaml` could not be written as YAML.
    #[error("portfolio.yaml could not be written as YAML: nothing was written")]
    Serialize {
        /// The serializer's reason.
        #[source]
        source: YamlWriteError,
    },
    /// The lock, the file system or the read-back refused.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// The how-to written beside a new `portfolio.yaml`: what goes where, for
/// the candidate and their assessor.
pub const HOW_TO: &str = include_str!("portfolio-how-to.md");

/// `portfolio.yaml` as `init` writes it.
#[derive(Serialize)]
struct ManifestOut<'a> {
    candidate: &'a str,
    standards: FlowSeq<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessors: Option<FlowSeq<[&'a str; 1]>>,
}

/// Starts a portfolio in `dir` (made if missing): checks every standard
/// first, then writes `portfolio.yaml` (never over one), makes `evidence/`
/// and `network/`, and writes the how-to unless a file of its name is
/// there already.
///
/// # Errors
/// Every [`InitError`]; a refusal writes nothing.
pub fn init(dir: &Path, new: &NewPortfolio<'_>) -> Result<Started, InitError> {
    let candidate = new.candidate.trim();
    if candidate.is_empty() {
        return Err(InitError::NoCandidate);
    }
    let standards: Vec<&str> = new
        .standards
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if standards.is_empty() {
        return Err(InitError::NoStandards);
    }
    if std::fs::symlink_metadata(dir.join(MANIFEST_FILE)).is_ok() {
        return Err(InitError::Exists {
            dir: dir.to_owned(),
        });
    }
    for written in &standards {
        check_standard(dir, written)?;
    }
    let assessor = match new.assessor.filter(|a| !a.trim().is_empty()) {
        Some(written) => Some(given_name("assessor", written).map_err(InitError::BadAssessor)?),
        None => None,
    };
    let assessor = assessor.as_deref();
    let mut text =
        yaml_comment("Your nosfolio portfolio: who it belongs to and what it is assessed against.");
    text.push_str(
        &to_yaml(&ManifestOut {
            candidate,
            standards: FlowSeq(standards.clone()),
            assessors: assessor.map(|a| FlowSeq([a])),
        })
        .map_err(|source| InitError::Serialize { source })?,
    );
    if assessor.is_none() {
        text.push_str(&yaml_comment(
            "assessors: add your assessor with `nosfolio people add NAME --role assessor`",
        ));
    }
    let read = parse_manifest(MANIFEST_FILE, &text).map_err(|_| InitError::NotReadBack)?;
    let sources: Vec<StandardSource> = standards
        .iter()
        .map(|s| StandardSource::from_written(s))
        .collect();
    if read.candidate != candidate
        || read.lead_assessor() != assessor
        || read.assessors.len() > 1
        || read.standards.iter().map(|s| &s.value).ne(sources.iter())
    {
        return Err(InitError::NotReadBack);
    }

    std::fs::create_dir_all(dir).map_err(|source| InitError::Folder {
        path: dir.to_owned(),
        source,
    })?;
    let lock = WriteLock::acquire(dir)?;
    let manifest = lock
        .create([MANIFEST_FILE.to_owned()], &text)
        .map_err(|error| match error {
            WriteError::Exists { .. } => InitError::Exists {
                dir: dir.to_owned(),
            },
            other => other.into(),
        })?;
    let mut started = Started {
        written: vec![manifest],
        kept: Vec::new(),
        folders: Vec::new(),
        evidence: EVIDENCE_DIR.to_owned(),
    };
    for folder in [EVIDENCE_DIR, NETWORK_DIR] {
        lock.create_folder(folder)?;
        started.folders.push(folder.to_owned());
    }
    match lock.create([HOW_TO_FILE.to_owned()], new.how_to) {
        Ok(written) => started.written.push(written),
        Err(WriteError::Exists { shown }) => started.kept.push(shown),
        Err(error) => return Err(error.into()),
    }
    Ok(started)
}

/// Checks a standard named for a new portfolio: a built-in id, or a file
/// inside `dir` that reads as a standard.
fn check_standard(dir: &Path, written: &str) -> Result<(), InitError> {
    match StandardSource::from_written(written) {
        StandardSource::Builtin(id) if builtin_standard(&id).is_none() => {
            Err(InitError::UnknownStandard { id })
        }
        StandardSource::Builtin(_) => Ok(()),
        StandardSource::File(path) => {
            let bad = |problems| InitError::BadStandard {
                path: path.clone(),
                problems,
            };
            let relative = join_inside("", &path)
                .map_err(|problem| bad(vec![Diagnostic::file(path.clone(), problem)]))?;
            let text = read_owned(dir, &relative, TEXT_LIMIT)
                .map_err(|diagnostic| bad(vec![diagnostic]))?;
            parse_standard(&relative, &text).map(drop).map_err(bad)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new<'a>(
        candidate: &'a str,
        standards: &'a [String],
        assessor: Option<&'a str>,
    ) -> NewPortfolio<'a> {
        NewPortfolio {
            candidate,
            standards,
            assessor,
            how_to: "# How to\n",
        }
    }

    #[test]
    fn a_new_portfolio_reads_back_as_given() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("mine");
        let standards = ["mla3".to_owned(), "networking".to_owned()];
        let name = "Jo O'Neil: \"JJ\"\nstandards: [forged]";
        let started = init(&root, &new(name, &standards, Some("Tom: Reid"))).unwrap();
        assert_eq!(started.written, ["portfolio.yaml", "HOW-TO.md"]);
        assert_eq!(started.folders, ["evidence", "network"]);
        let text = std::fs::read_to_string(root.join(MANIFEST_FILE)).unwrap();
        assert!(text.starts_with("# Your nosfolio portfolio"), "{text}");
        assert!(text.contains("standards: [mla3, networking]\n"), "{text}");
        let manifest = parse_manifest(MANIFEST_FILE, &text).unwrap();
        assert_eq!(manifest.candidate, name);
        assert_eq!(manifest.assessors, ["Tom: Reid"]);
        assert!(text.contains("assessors: ["), "{text}");
        assert_eq!(manifest.standards.len(), 2);
        assert!(root.join("evidence").is_dir() && root.join("network").is_dir());

        let again = init(&root, &new("B", &standards, None)).unwrap_err();
        assert!(matches!(again, InitError::Exists { .. }), "{again}");
        assert_eq!(
            std::fs::read_to_string(root.join(MANIFEST_FILE)).unwrap(),
            text
        );
    }

    #[test]
    fn standards_are_checked_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("new");
        for (standards, expected) in [
            (
                vec!["mla4".to_owned()],
                "unknown standard `mla4`: nothing was written",
            ),
            (
                vec!["standards/own.yaml".to_owned()],
                "standards/own.yaml is not a standard",
            ),
            (
                vec!["../outside.yaml".to_owned()],
                "outside the portfolio folder",
            ),
            (vec![], "at least one standard"),
        ] {
            let error = init(&root, &new("A", &standards, None)).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
            assert!(!root.exists());
        }
        let error = init(&root, &new(" ", &["mla3".to_owned()], None)).unwrap_err();
        assert!(matches!(error, InitError::NoCandidate));
    }

    #[test]
    fn an_existing_how_to_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(HOW_TO_FILE), "mine").unwrap();
        let started = init(dir.path(), &new("A", &["mla3".to_owned()], None)).unwrap();
        assert_eq!(started.kept, [HOW_TO_FILE]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(HOW_TO_FILE)).unwrap(),
            "mine"
        );
        let text = std::fs::read_to_string(dir.path().join(MANIFEST_FILE)).unwrap();
        assert!(
            text.ends_with(
                "# assessors: add your assessor with `nosfolio people add NAME --role assessor`\n"
            ),
            "{text}"
        );
        assert!(
            parse_manifest(MANIFEST_FILE, &text)
                .unwrap()
                .assessors
                .is_empty()
        );
    }
}
