//! `portfolio.yaml`: whose portfolio it is and which standards it is
//! assessed against.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Position, Problem};
use crate::evidence::Located;
use crate::policy::PolicyFile;
use crate::target::TargetFile;

/// Where a standard named in `portfolio.yaml` comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StandardSource {
    /// A built-in standard, by id.
    Builtin(String),
    /// A standard file, by path relative to the portfolio.
    File(String),
}

impl StandardSource {
    /// A path when it looks like one (has a `/` or ends in `.yaml`/`.yml`), else an id.
    #[must_use]
    pub fn from_written(written: &str) -> Self {
        let written = written.trim();
        if written.contains('/') || written.ends_with(".yaml") || written.ends_with(".yml") {
            Self::File(written.to_owned())
        } else {
            Self::Builtin(written.to_owned())
        }
    }
}

/// The contents of `portfolio.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The candidate's name.
    pub candidate: String,
    /// The assessor's name, once one is assigned.
    pub assessor: Option<String>,
    /// The standards, in the order given.
    pub standards: Vec<Located<StandardSource>>,
    /// The assessment policy, as written (resolved once the standards are loaded).
    pub policy: PolicyFile,
    /// What the candidate is going for, as written (resolved once the
    /// standards are loaded).
    pub target: TargetFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    candidate: Spanned<String>,
    standards: Spanned<Vec<Spanned<String>>>,
    assessor: Option<String>,
    policy: Option<PolicyFile>,
    target: Option<TargetFile>,
}

/// Parses `portfolio.yaml`.
///
/// # Errors
/// Every problem found: malformed YAML, unknown keys, an empty candidate
/// name, no standards.
pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, Vec<Diagnostic>> {
    let raw: ManifestFile = crate::yaml::from_str(file, text).map_err(|d| vec![d])?;
    let at = |line: u64, column: u64| Position::new(line, column);
    let mut problems = Vec::new();
    let candidate = raw.candidate.value.trim().to_owned();
    if candidate.is_empty() {
        problems.push(Diagnostic::new(
            file,
            at(
                raw.candidate.referenced.line(),
                raw.candidate.referenced.column(),
            ),
            Problem::EmptyText {
                what: "candidate".into(),
            },
        ));
    }
    if raw.standards.value.is_empty() {
        problems.push(Diagnostic::new(
            file,
            at(
                raw.standards.referenced.line(),
                raw.standards.referenced.column(),
            ),
            Problem::NoStandards,
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Manifest {
        candidate,
        assessor: raw
            .assessor
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty()),
        standards: raw
            .standards
            .value
            .into_iter()
            .map(|s| Located {
                position: at(s.referenced.line(), s.referenced.column()),
                value: StandardSource::from_written(&s.value),
            })
            .collect(),
        policy: raw.policy.unwrap_or_default(),
        target: raw.target.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_candidate_standards_and_assessor() {
        let manifest = parse_manifest(
            "portfolio.yaml",
            "candidate: Priya Shah\nstandards: [mla3, standards/own.yaml]\nassessor: Tom Reid\n",
        )
        .unwrap();
        assert_eq!(manifest.candidate, "Priya Shah");
        assert_eq!(
            manifest.standards[0].value,
            StandardSource::Builtin("mla3".into())
        );
        assert_eq!(
            manifest.standards[1].value,
            StandardSource::File("standards/own.yaml".into())
        );
        assert_eq!(manifest.standards[1].position, Position::new(2, 19));
    }

    #[test]
    fn empty_candidate_and_no_standards_are_both_reported() {
        let problems =
            parse_manifest("portfolio.yaml", "candidate: \"\"\nstandards: []\n").unwrap_err();
        let codes: Vec<&str> = problems.iter().map(|p| p.problem.code()).collect();
        assert_eq!(codes, ["empty-text", "no-standards"]);
    }

    #[test]
    fn missing_keys_are_reported() {
        let problems = parse_manifest("portfolio.yaml", "candidate: A\n").unwrap_err();
        assert!(
            problems[0].to_string().contains("standards"),
            "{}",
            problems[0]
        );
    }
}
