//! `portfolio.yaml`: whose portfolio it is, who assesses it and
//! quality-assures it, and which standards it is assessed against.
//!
//! ```yaml
//! candidate: Priya Shah
//! standards: [mla3]
//! assessors: [Tom Reid, Ann Lee]   # the lead first
//! iqas: [Iris Quinn]
//! ```
//!
//! The older `assessor: NAME` is still read: it is the first assessor.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Position, Problem};
use crate::evidence::Located;
use crate::people::{Detail, Details, People, distinct_names};
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
    /// The assessors, the lead first: `assessor:` (the older form) and
    /// then `assessors:`, each name one line, each person once.
    pub assessors: Vec<String>,
    /// The internal quality assurers (`iqas:`), each name one line, each
    /// person once.
    pub iqas: Vec<String>,
    /// The standards, in the order given.
    pub standards: Vec<Located<StandardSource>>,
    /// The assessment policy, as written (resolved once the standards are loaded).
    pub policy: PolicyFile,
    /// What the candidate is going for, as written (resolved once the
    /// standards are loaded).
    pub target: TargetFile,
    /// What the report's cover says of the candidate beyond their name.
    pub details: Details,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    candidate: Spanned<String>,
    standards: Spanned<Vec<Spanned<String>>>,
    assessor: Option<String>,
    assessors: Option<Vec<Spanned<String>>>,
    iqas: Option<Vec<Spanned<String>>>,
    policy: Option<PolicyFile>,
    target: Option<TargetFile>,
    job_title: Option<Spanned<String>>,
    organisation: Option<Spanned<String>>,
    centre: Option<Spanned<String>>,
    qualification: Option<Spanned<String>>,
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
    for (key, names) in [("assessors", &raw.assessors), ("iqas", &raw.iqas)] {
        for name in names.iter().flatten() {
            if name.value.trim().is_empty() {
                problems.push(Diagnostic::new(
                    file,
                    at(name.referenced.line(), name.referenced.column()),
                    Problem::EmptyText {
                        what: format!("a name in {key}"),
                    },
                ));
            }
        }
    }
    let mut details = Details::default();
    for (detail, written) in [
        (Detail::JobTitle, &raw.job_title),
        (Detail::Organisation, &raw.organisation),
        (Detail::Centre, &raw.centre),
        (Detail::Qualification, &raw.qualification),
    ] {
        let Some(written) = written else { continue };
        let position = at(written.referenced.line(), written.referenced.column());
        if written.value.trim().is_empty() {
            problems.push(Diagnostic::new(
                file,
                position,
                Problem::EmptyText {
                    what: detail.key().into(),
                },
            ));
        } else if let Err(why) = details.set(detail, &written.value) {
            problems.push(Diagnostic::new(
                file,
                position,
                Problem::InvalidDetail {
                    key: detail.key().into(),
                    why,
                },
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let names = |list: &Option<Vec<Spanned<String>>>| -> Vec<String> {
        list.iter()
            .flatten()
            .map(|name| name.value.clone())
            .collect()
    };
    let assessors = names(&raw.assessors);
    let iqas = names(&raw.iqas);
    Ok(Manifest {
        candidate,
        assessors: distinct_names(
            raw.assessor
                .as_deref()
                .into_iter()
                .chain(assessors.iter().map(String::as_str)),
        ),
        iqas: distinct_names(iqas.iter().map(String::as_str)),
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
        details,
    })
}

impl Manifest {
    /// The lead assessor: the first listed.
    #[must_use]
    pub fn lead_assessor(&self) -> Option<&str> {
        self.assessors.first().map(String::as_str)
    }

    /// Who the portfolio names: the candidate, the assessors and the IQAs.
    #[must_use]
    pub fn people(&self) -> People {
        People {
            candidate: self.candidate.clone(),
            assessors: self.assessors.clone(),
            iqas: self.iqas.clone(),
            details: self.details.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_covers_details_and_names_a_bad_one_where_it_stands() -> Result<(), String> {
        let manifest = parse_manifest(
            "portfolio.yaml",
            "candidate: Priya Shah\nstandards: [mla3]\njob_title: Operations Manager\ncentre: Midlands  Skills Centre\n",
        )
        .map_err(|d| format!("{d:?}"))?;
        assert_eq!(
            manifest.details.given(),
            [
                (Detail::JobTitle, "Operations Manager"),
                (Detail::Centre, "Midlands Skills Centre")
            ]
        );
        assert_eq!(manifest.people().details, manifest.details);
        let Err(problems) = parse_manifest(
            "portfolio.yaml",
            "candidate: Priya Shah\nstandards: [mla3]\norganisation: \"\"\nqualification: \"two\\nlines\"\n",
        ) else {
            return Err("accepted".into());
        };
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].starts_with("portfolio.yaml:3:15:"), "{shown:?}");
        assert!(shown[0].contains("organisation is empty"), "{shown:?}");
        assert!(shown[1].starts_with("portfolio.yaml:4:16:"), "{shown:?}");
        assert!(shown[1].contains("give it on one line"), "{shown:?}");
        Ok(())
    }

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
        assert_eq!(manifest.assessors, ["Tom Reid"]);
        assert_eq!(manifest.lead_assessor(), Some("Tom Reid"));
        assert!(manifest.iqas.is_empty());
    }

    #[test]
    fn assessors_and_iqas_are_listed_the_old_single_assessor_first() {
        let manifest = parse_manifest(
            "portfolio.yaml",
            "candidate: A\nstandards: [mla3]\nassessors: [Ann  Lee, \"Tom\\nReid\", tom reid]\nassessor: TOM REID\niqas:\n  - Iris Quinn\n  - iris quinn\n",
        )
        .unwrap();
        assert_eq!(manifest.assessors, ["TOM REID", "Ann Lee"]);
        assert_eq!(manifest.iqas, ["Iris Quinn"]);
        assert_eq!(manifest.people().lead_assessor(), Some("TOM REID"));

        let none = parse_manifest(
            "portfolio.yaml",
            "candidate: A\nstandards: [mla3]\nassessor: \"\"\nassessors:\n",
        )
        .unwrap();
        assert!(none.assessors.is_empty() && none.lead_assessor().is_none());
    }

    #[test]
    fn bad_lists_of_people_say_where() {
        let problems = parse_manifest(
            "portfolio.yaml",
            "candidate: A\nstandards: [mla3]\niqas: [Iris, \" \"]\n",
        )
        .unwrap_err();
        assert_eq!(
            problems[0].to_string().lines().next(),
            Some("portfolio.yaml:3:14: error: a name in iqas is empty")
        );
        let problems = parse_manifest(
            "portfolio.yaml",
            "candidate: A\nstandards: [mla3]\nassessors: Tom Reid\n",
        )
        .unwrap_err();
        assert!(
            problems[0].to_string().starts_with("portfolio.yaml:3:"),
            "{}",
            problems[0]
        );
        let problems = parse_manifest(
            "portfolio.yaml",
            "candidate: A\nstandards: [mla3]\niqa: [Iris]\n",
        )
        .unwrap_err();
        assert!(problems[0].to_string().contains("iqas"), "{}", problems[0]);
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
