//! Assessor decisions, pinned to the hash of the evidence they were made on.
//!
//! Each assessor's decisions live in `assessment/<assessor>.yaml`, a list
//! that nosfolio only ever appends to. For one piece of evidence and one
//! item, the latest decision counts; an acceptance made on a hash the
//! evidence no longer has is `stale`.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
#[cfg(test)]
use crate::diagnostic::Position;
use crate::evidence::parse_date;

/// What an assessor decided about one item of one piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The evidence shows the item.
    Accepted,
    /// The evidence does not yet show the item: sent back to the candidate.
    Referred,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Accepted => "accepted",
            Self::Referred => "referred",
        })
    }
}

/// Who made a decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The candidate's assessor: decisions set coverage.
    #[default]
    Assessor,
    /// An internal quality assurer: decisions are recorded and shown apart.
    Iqa,
}

/// One decision record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The evidence's path in the portfolio.
    pub evidence: String,
    /// Its SHA-256 when the decision was made.
    pub sha256: String,
    /// The item, as written (`PC1` or `mla3:PC1`).
    pub item: String,
    /// The verdict.
    pub decision: Verdict,
    /// Why.
    #[serde(default)]
    pub comment: String,
    /// When (`YYYY-MM-DD`).
    pub date: String,
    /// Who.
    pub assessor: String,
    /// In what role.
    #[serde(default)]
    pub role: Role,
}

/// Parses one assessor's decision file: a YAML list of [`Decision`]s.
///
/// # Errors
/// Malformed YAML, unknown keys and invalid dates, with line and column.
pub fn parse_decisions(file: &str, text: &str) -> Result<Vec<Decision>, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let decisions: Vec<Decision> = crate::yaml::from_str(file, text).map_err(|d| vec![d])?;
    let problems: Vec<Diagnostic> = decisions
        .iter()
        .filter_map(|d| parse_date(&d.date).err())
        .map(|problem| Diagnostic::file(file, problem))
        .collect();
    if problems.is_empty() {
        Ok(decisions)
    } else {
        Err(problems)
    }
}

/// A decision as YAML text to append to a decision file.
#[must_use]
pub fn decision_yaml(decision: &Decision) -> String {
    use crate::edit::yaml_scalar;
    format!(
        "- evidence: {}\n  sha256: {}\n  item: {}\n  decision: {}\n  comment: {}\n  date: {}\n  assessor: {}\n  role: {}\n",
        yaml_scalar(&decision.evidence),
        decision.sha256,
        yaml_scalar(&decision.item),
        match decision.decision {
            Verdict::Accepted => "accepted",
            Verdict::Referred => "referred",
        },
        yaml_scalar(&decision.comment),
        decision.date,
        yaml_scalar(&decision.assessor),
        match decision.role {
            Role::Assessor => "assessor",
            Role::Iqa => "iqa",
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_round_trip_through_their_yaml() {
        let decision = Decision {
            evidence: "evidence/a b.txt".into(),
            sha256: "ab".repeat(32),
            item: "mla3:PC1".into(),
            decision: Verdict::Referred,
            comment: "Say: which point?".into(),
            date: "2026-01-02".into(),
            assessor: "Tom Reid".into(),
            role: Role::Iqa,
        };
        let text = decision_yaml(&decision) + &decision_yaml(&decision);
        assert_eq!(
            parse_decisions("d.yaml", &text).unwrap(),
            [decision.clone(), decision]
        );
    }

    #[test]
    fn bad_records_are_reported() {
        let problems = parse_decisions("d.yaml", "- evidence: a\n  sha256: x\n  item: PC1\n  decision: maybe\n  date: 2026-01-01\n  assessor: T\n").unwrap_err();
        assert_eq!(problems[0].position, Position::new(4, 13));
        let problems = parse_decisions("d.yaml", "- evidence: a\n  sha256: x\n  item: PC1\n  decision: accepted\n  date: 2026-02-30\n  assessor: T\n").unwrap_err();
        assert_eq!(problems[0].problem.code(), "invalid-date");
    }
}
