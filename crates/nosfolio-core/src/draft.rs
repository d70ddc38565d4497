//! Drafts written for the candidate to fill in: a reflection on one level
//! of a framework, or a personal statement for an evidence type. What a
//! draft says is decided here, once, for every front end; the store writes
//! it.

use jiff::civil::Date;

use crate::diagnostic::Problem;
use crate::standard_set::{ItemRef, StandardSet};

/// A draft: its front matter's values, and its Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// What to name the file, without folder or extension
    /// (`reflection-networking-level-3-q2-2026-01-05`).
    pub name: String,
    /// Its title.
    pub title: String,
    /// The day it was started.
    pub date: Date,
    /// Its evidence type, when the standards define one for it.
    pub evidence_type: Option<String>,
    /// The items it claims, as they are written in this portfolio
    /// (`L3.1`, or `develops-networks:L2.1` when ids are shared).
    pub claims: Vec<String>,
    /// The Markdown after the front matter: prompts and headings.
    pub body: String,
}

/// Why a draft cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DraftError {
    /// The standard is not one of the portfolio's.
    #[error("`{id}` is not one of this portfolio's standards ({})", known.join(", "))]
    UnknownStandard {
        /// The id as given.
        id: String,
        /// The portfolio's standards.
        known: Vec<String>,
    },
    /// The framework has no such level.
    #[error("{standard} has no level {level}\n  help: its levels are {}", levels.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))]
    NoLevel {
        /// The framework, as shown to people.
        standard: String,
        /// The level asked for.
        level: u32,
        /// The levels it has.
        levels: Vec<u32>,
    },
    /// The level has no interview question of that number.
    #[error(
        "level {level} of {standard} has {count} interview question(s), not a question {asked}"
    )]
    NoQuestion {
        /// The framework's id.
        standard: String,
        /// The level.
        level: u32,
        /// How many questions it has.
        count: usize,
        /// The number asked for.
        asked: usize,
    },
    /// The evidence type is unknown.
    #[error("{}", problem.explained())]
    EvidenceType {
        /// Why.
        problem: Problem,
    },
}

/// A reflection on `level` of the framework `standard`, started on `date`:
/// the level's interview questions (or only question number `question`)
/// with their probing questions as prompts, Situation / Task / Action /
/// Result headings, and the level's behaviours as claims; typed as a
/// reflective log where the standards define that type.
///
/// # Errors
/// [`DraftError::UnknownStandard`], [`DraftError::NoLevel`],
/// [`DraftError::NoQuestion`].
pub fn reflection_draft(
    standards: &StandardSet,
    standard: &str,
    level: u32,
    question: Option<usize>,
    date: Date,
) -> Result<Draft, DraftError> {
    let Some(framework) = standards.get(standard) else {
        return Err(DraftError::UnknownStandard {
            id: standard.to_owned(),
            known: standards.standards().iter().map(|s| s.id.clone()).collect(),
        });
    };
    let Some(group) = framework.groups.iter().find(|g| g.level == Some(level)) else {
        return Err(DraftError::NoLevel {
            standard: framework.label(),
            level,
            levels: framework.groups.iter().filter_map(|g| g.level).collect(),
        });
    };
    let questions: Vec<_> = match question {
        Some(n) => match group.questions.get(n.wrapping_sub(1)) {
            Some(one) => vec![one],
            None => {
                return Err(DraftError::NoQuestion {
                    standard: framework.id.clone(),
                    level,
                    count: group.questions.len(),
                    asked: n,
                });
            }
        },
        None => group.questions.iter().collect(),
    };
    let title = format!(
        "Reflection: {} ({} level {level})",
        group.title, framework.title
    );
    let claims = group
        .items
        .iter()
        .map(|i| {
            standards.display(&ItemRef {
                standard: framework.id.clone(),
                item: i.id.clone(),
            })
        })
        .collect();
    let mut body = format!("# {title}\n\n");
    body.push_str("Write about one real situation, in the first person, with dates and names where you may share them.\n\n");
    for question in &questions {
        body.push_str(&format!("> **{}** {}\n\n", question.id, question.text));
        for probe in &question.probing {
            body.push_str(&format!("- {probe}\n"));
        }
        body.push('\n');
    }
    body.push_str("The behaviours this reflection claims:\n\n");
    for item in &group.items {
        body.push_str(&format!("- **{}** {}\n", item.id, item.text));
    }
    body.push_str("\n## Situation\n\n\n## Task\n\n\n## Action\n\n\n## Result\n\n");
    let question_part = question.map(|n| format!("-q{n}")).unwrap_or_default();
    Ok(Draft {
        name: format!(
            "reflection-{}-level-{level}{question_part}-{date}",
            framework.id
        ),
        title,
        date,
        evidence_type: standards.resolve_type("reflective-logs").ok().map(|t| t.id),
        claims,
        body,
    })
}

/// A personal statement for `evidence_type`, started on `date`, listing
/// the items that type can support as prompts; it claims nothing until the
/// candidate says what it shows.
///
/// # Errors
/// [`DraftError::EvidenceType`] when no standard of the portfolio defines
/// the type.
pub fn statement_draft(
    standards: &StandardSet,
    evidence_type: &str,
    date: Date,
) -> Result<Draft, DraftError> {
    let reference = standards
        .resolve_type(evidence_type)
        .map_err(|problem| DraftError::EvidenceType { problem })?;
    let Some((standard, kind)) = standards.evidence_type(&reference) else {
        return Err(DraftError::EvidenceType {
            problem: Problem::UnknownEvidenceType {
                id: evidence_type.to_owned(),
                nearest: Vec::new(),
                known: Vec::new(),
            },
        });
    };
    let title = format!("Personal statement: {}", kind.text);
    let mut body = format!("# {title}\n\n");
    if let Some(group) = &kind.group {
        body.push_str(&format!("_{}_\n\n", group.trim_end_matches(':')));
    }
    body.push_str(&format!(
        "A statement of this kind can show the items below ({}). Write about the ones your experience really shows, then add them under `claims:` above, with `at:` (which paragraph) and `note:` (how it shows the item).\n\n",
        standard.short_name()
    ));
    for id in &kind.supports {
        if let Some((_, item)) = standard.item(id) {
            body.push_str(&format!("- **{}** {}\n", item.id, item.text));
        }
    }
    body.push_str("\n## My statement\n\n");
    Ok(Draft {
        name: format!("personal-statement-{}-{date}", kind.id),
        title,
        date,
        evidence_type: Some(kind.id.clone()),
        claims: Vec::new(),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::builtin_standard;

    fn standards(ids: &[&str]) -> StandardSet {
        let mut set = StandardSet::new();
        for id in ids {
            assert!(set.add(builtin_standard(id).unwrap().clone()));
        }
        set
    }

    #[test]
    fn a_reflection_claims_the_levels_behaviours_and_prompts_its_questions() {
        let set = standards(&["mla3", "networking"]);
        let date = jiff::civil::date(2026, 1, 5);
        let draft = reflection_draft(&set, "networking", 3, Some(2), date).unwrap();
        assert_eq!(draft.name, "reflection-networking-level-3-q2-2026-01-05");
        assert_eq!(draft.claims, ["L3.1", "L3.2", "L3.3"]);
        assert_eq!(draft.evidence_type.as_deref(), Some("reflective-logs"));
        assert!(draft.body.contains("## Situation"), "{}", draft.body);
        let errors = [
            reflection_draft(&set, "nope", 3, None, date).unwrap_err(),
            reflection_draft(&set, "networking", 9, None, date).unwrap_err(),
            reflection_draft(&set, "networking", 1, Some(5), date).unwrap_err(),
        ];
        assert!(
            matches!(&errors[0], DraftError::UnknownStandard { known, .. } if known == &["mla3", "networking"])
        );
        assert!(
            errors[1].to_string().contains("has no level 9"),
            "{}",
            errors[1]
        );
        assert!(matches!(
            errors[2],
            DraftError::NoQuestion {
                count: 2,
                asked: 5,
                ..
            }
        ));
    }

    #[test]
    fn a_statement_lists_what_its_type_supports_and_claims_nothing() {
        let set = standards(&["mla3"]);
        let draft =
            statement_draft(&set, "statement-networks", jiff::civil::date(2026, 1, 5)).unwrap();
        assert_eq!(
            draft.name,
            "personal-statement-statement-networks-2026-01-05"
        );
        assert!(draft.claims.is_empty());
        assert!(
            draft
                .body
                .contains("- **KG7** The principles of confidentiality"),
            "{}",
            draft.body
        );
        let error =
            statement_draft(&set, "statment-networks", jiff::civil::date(2026, 1, 5)).unwrap_err();
        assert!(matches!(error, DraftError::EvidenceType { .. }));
    }
}
