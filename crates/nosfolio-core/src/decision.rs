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
use crate::evidence::{Evidence, parse_date};
use crate::signature::{PublicKey, Signable, SignerRole, Standing};
use crate::standard_set::StandardSet;

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
    #[serde(serialize_with = "crate::yaml::day_text")]
    pub date: String,
    /// Who.
    pub assessor: String,
    /// In what role.
    #[serde(default)]
    pub role: Role,
    /// The public key it was signed with, when it was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<PublicKey>,
    /// Its signature over everything above ([`crate::signed_bytes`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Where its signature stands, once weighed ([`Decision::weigh`]):
    /// not part of the record.
    #[serde(skip)]
    pub standing: Standing,
}

impl Role {
    /// The capacity a decision in this role is signed in.
    #[must_use]
    pub fn signer(self) -> SignerRole {
        match self {
            Self::Assessor => SignerRole::Assessor,
            Self::Iqa => SignerRole::Iqa,
        }
    }
}

impl Signable for Decision {
    const KIND: &'static str = "decision";

    fn signer(&self) -> (&str, SignerRole) {
        (&self.assessor, self.role.signer())
    }

    fn key(&self) -> Option<&PublicKey> {
        self.key.as_ref()
    }

    fn signature(&self) -> Option<&str> {
        self.signature.as_deref()
    }

    fn set_signature(&mut self, key: Option<PublicKey>, signature: Option<String>) {
        self.key = key;
        self.signature = signature;
    }

    fn set_standing(&mut self, standing: Standing) {
        self.standing = standing;
    }
}

impl Decision {
    /// Whether the decision counts towards coverage: see [`Standing::counts`].
    #[must_use]
    pub fn counts(&self) -> bool {
        self.standing.counts()
    }
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

/// What an assessor asks to record on one piece of evidence.
#[derive(Debug, Clone, Copy)]
pub struct Assessment<'a> {
    /// Items the evidence shows, as written (`PC1`, `mla3:B4`).
    pub accept: &'a [String],
    /// Items it does not yet show.
    pub refer: &'a [String],
    /// Why: what the candidate should know, for every item without a
    /// comment of its own (may be empty when every item has one).
    pub comment: &'a str,
    /// Comments on single items, `(item as written, comment)`: each belongs
    /// to the decision on that item alone.
    pub comments: &'a [(String, String)],
    /// Who decides.
    pub assessor: &'a str,
    /// In what role.
    pub role: Role,
    /// When.
    pub date: jiff::civil::Date,
}

/// The decisions `assessment` makes on `piece`: one per item, pinned to
/// the piece's SHA-256 now. Only items the piece claims can be decided, and
/// each once; items are resolved against `standards`.
///
/// # Errors
/// Every problem found, each explained: the piece could not be read whole
/// (so it has no hash to pin to), an unknown item, an item the piece does
/// not claim, an item given twice, or nothing to decide.
pub fn decide(
    piece: &Evidence,
    standards: &StandardSet,
    assessment: &Assessment<'_>,
) -> Result<Vec<Decision>, Vec<String>> {
    let Some(sha256) = &piece.sha256 else {
        return Err(vec![format!(
            "{} cannot be read completely, so it cannot be assessed",
            piece.path
        )]);
    };
    let mut problems = Vec::new();
    let mut decisions: Vec<Decision> = Vec::new();
    let written = assessment
        .accept
        .iter()
        .map(|w| (w, Verdict::Accepted))
        .chain(assessment.refer.iter().map(|w| (w, Verdict::Referred)));
    for (written, verdict) in written {
        let written = written.trim();
        if written.is_empty() {
            continue;
        }
        let item = match standards.resolve_item(written) {
            Ok(item) => item,
            Err(problem) => {
                problems.push(problem.explained());
                continue;
            }
        };
        if !piece.claims.iter().any(|c| c.item == item) {
            problems.push(format!(
                "{} does not claim {written}: only claimed items can be assessed (the candidate claims with `nosfolio claim`)",
                piece.path
            ));
            continue;
        }
        let own: Vec<&str> = assessment
            .comments
            .iter()
            .filter(|(about, _)| standards.resolve_item(about).ok().as_ref() == Some(&item))
            .map(|(_, comment)| comment.trim())
            .collect();
        let item = item.to_string();
        if decisions.iter().any(|d| d.item == item) {
            problems.push(format!("{written} is given twice (accepted and referred?)"));
            continue;
        }
        let comment = match own.as_slice() {
            [] => assessment.comment.trim(),
            [one] => one,
            _ => {
                problems.push(format!("{written} has more than one comment of its own"));
                continue;
            }
        };
        if comment.is_empty() {
            problems.push(format!(
                "{written} has no comment: say why with --comment, or --comment-on {written}=TEXT"
            ));
            continue;
        }
        decisions.push(Decision {
            evidence: piece.path.clone(),
            sha256: sha256.clone(),
            item,
            decision: verdict,
            comment: comment.to_owned(),
            date: assessment.date.to_string(),
            assessor: assessment.assessor.trim().to_owned(),
            role: assessment.role,
            key: None,
            signature: None,
            standing: Standing::NotChecked,
        });
    }
    for (about, _) in assessment.comments {
        let decided = standards.resolve_item(about).is_ok_and(|item| {
            let item = item.to_string();
            decisions.iter().any(|d| d.item == item)
        });
        if !decided && !problems.iter().any(|p| p.starts_with(about.trim())) {
            problems.push(format!(
                "--comment-on {}: the item is neither accepted nor referred in this call",
                about.trim()
            ));
        }
    }
    if decisions.is_empty() && problems.is_empty() {
        problems.push("no items to decide on".to_owned());
    }
    if problems.is_empty() {
        Ok(decisions)
    } else {
        Err(problems)
    }
}

/// One decision as a one-element YAML list, to append to a decision file:
/// the file stays one list, each record added after the last.
///
/// # Errors
/// When the decision cannot be written as YAML (it always can; the error
/// is the serializer's, kept for the caller to report).
pub fn decision_record(decision: &Decision) -> Result<String, crate::yaml::YamlWriteError> {
    crate::yaml::to_string(&[decision])
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
            comment: "Say: which point?\n- item: PC9 # not a record".into(),
            date: "2026-01-02".into(),
            assessor: "Tom Reid".into(),
            role: Role::Iqa,
            key: None,
            signature: None,
            standing: crate::Standing::NotChecked,
        };
        let text = decision_record(&decision).unwrap() + &decision_record(&decision).unwrap();
        assert!(
            text.starts_with("- evidence: evidence/a b.txt\n  sha256: "),
            "{text}"
        );
        assert_eq!(
            parse_decisions("d.yaml", &text).unwrap(),
            [decision.clone(), decision]
        );
    }

    fn piece(claims: &[&str], sha256: Option<&str>) -> Evidence {
        Evidence {
            path: "evidence/a.txt".into(),
            described_by: "evidence/a.txt.yaml".into(),
            title: "A".into(),
            date: None,
            evidence_type: None,
            confidentiality: crate::evidence::Confidentiality::Assessor,
            description: None,
            witness: None,
            draft: false,
            files: Vec::new(),
            sha256: sha256.map(str::to_owned),
            claims: claims
                .iter()
                .map(|item| crate::evidence::Claim {
                    item: crate::standard_set::ItemRef {
                        standard: "mla3".into(),
                        item: (*item).into(),
                    },
                    at: None,
                    note: None,
                })
                .collect(),
        }
    }

    #[test]
    fn only_claimed_items_are_decided_each_once_pinned_to_the_hash() {
        let mut standards = StandardSet::new();
        assert!(standards.add(crate::builtin::builtin_standard("mla3").unwrap().clone()));
        let strings =
            |items: &[&str]| -> Vec<String> { items.iter().map(|s| (*s).to_owned()).collect() };
        let (accept, refer) = (strings(&["PC1", " "]), strings(&["B4"]));
        let assessment = Assessment {
            accept: &accept,
            refer: &refer,
            comment: " Clear. ",
            comments: &[],
            assessor: " Tom Reid ",
            role: Role::Assessor,
            date: jiff::civil::date(2026, 1, 5),
        };
        let decisions =
            decide(&piece(&["PC1", "B4"], Some("ab")), &standards, &assessment).unwrap();
        let shown: Vec<(&str, Verdict, &str)> = decisions
            .iter()
            .map(|d| (d.item.as_str(), d.decision, d.sha256.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("mla3:PC1", Verdict::Accepted, "ab"),
                ("mla3:B4", Verdict::Referred, "ab")
            ]
        );
        assert_eq!(
            (
                decisions[0].comment.as_str(),
                decisions[0].assessor.as_str()
            ),
            ("Clear.", "Tom Reid")
        );
        assert_eq!(decisions[0].date, "2026-01-05");

        let (accept, refer) = (strings(&["PC1", "PC9", "PC2"]), strings(&["mla3:PC1"]));
        let problems = decide(
            &piece(&["PC1"], Some("ab")),
            &standards,
            &Assessment {
                accept: &accept,
                refer: &refer,
                ..assessment
            },
        )
        .unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("unknown item `PC9`"), "{problems:?}");
        assert!(problems[1].contains("does not claim PC2"), "{problems:?}");
        assert!(
            problems[2].contains("mla3:PC1 is given twice"),
            "{problems:?}"
        );

        let unreadable = decide(&piece(&["PC1"], None), &standards, &assessment).unwrap_err();
        assert!(
            unreadable[0].contains("cannot be read completely"),
            "{unreadable:?}"
        );
        let none: Vec<String> = Vec::new();
        let nothing = decide(
            &piece(&["PC1"], Some("ab")),
            &standards,
            &Assessment {
                accept: &none,
                refer: &none,
                ..assessment
            },
        )
        .unwrap_err();
        assert_eq!(nothing, ["no items to decide on"]);
    }

    #[test]
    fn bad_records_are_reported() {
        let problems = parse_decisions("d.yaml", "- evidence: a\n  sha256: x\n  item: PC1\n  decision: maybe\n  date: 2026-01-01\n  assessor: T\n").unwrap_err();
        assert_eq!(problems[0].position, Position::new(4, 13));
        let problems = parse_decisions("d.yaml", "- evidence: a\n  sha256: x\n  item: PC1\n  decision: accepted\n  date: 2026-02-30\n  assessor: T\n").unwrap_err();
        assert_eq!(problems[0].problem.code(), "invalid-date");
    }
}
