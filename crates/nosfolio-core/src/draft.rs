//! Drafts written for the candidate to fill in, and finishing them.
//! `nosfolio new` writes reflections and statements as drafts (`draft:
//! true`), which do not count as coverage; finishing one makes it evidence.
//! This module holds what a new draft says, the one rule of when a draft is
//! ready, and the in-place edit that finishes it, so that the CLI and the
//! web app write, refuse and finish alike. The store writes the files.

use jiff::civil::Date;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Problem, Severity};
use crate::edit::{CannotEdit, remove_field};
use crate::evidence::EvidenceMeta;
use crate::standard::EvidenceType;
use crate::standard_set::{ItemRef, StandardSet};

/// The comment `nosfolio new` writes above `draft: true`; finishing a draft
/// removes it with the key.
pub const DRAFT_COMMENT: &str =
    "# Run `nosfolio finish` on this file when it is written: drafts do not count as coverage.";

/// What earlier versions wrote there instead, removed the same way.
const OLD_DRAFT_COMMENTS: [&str; 1] =
    ["# Delete the next line when it is finished: drafts do not count as coverage."];

/// A prompt of a draft with nothing written under it: a heading whose
/// section (up to the next heading of the same or a higher level) holds no
/// text, list, quotation, table or code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unanswered {
    /// The heading's text.
    pub heading: String,
    /// Its line in the whole file (1-based).
    pub line: u64,
}

/// Why a draft cannot be finished yet: every reason, so one run lists them all.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct NotReady {
    /// It claims nothing.
    pub claims_nothing: bool,
    /// Errors in its description: unknown or ambiguous items, an unknown
    /// type, keys that are not allowed.
    pub errors: Vec<Diagnostic>,
    /// Headings with nothing under them.
    pub unanswered: Vec<Unanswered>,
}

impl NotReady {
    /// Whether nothing stands in the way.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !self.claims_nothing && self.errors.is_empty() && self.unanswered.is_empty()
    }
}

/// What stands between a draft and finished evidence. `body` is the
/// Markdown after the front matter (empty for a sidecar), starting on line
/// `body_line` of its file; `problems` are those found reading and
/// resolving it (only errors stand in the way; warnings do not).
#[must_use]
pub fn not_ready(
    meta: &EvidenceMeta,
    problems: &[Diagnostic],
    body: &str,
    body_line: u64,
) -> NotReady {
    NotReady {
        claims_nothing: meta.claims.is_empty(),
        errors: problems
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .cloned()
            .collect(),
        unanswered: unanswered(body, body_line),
    }
}

/// Headings of a Markdown body with nothing written under them.
#[must_use]
pub fn unanswered(body: &str, body_line: u64) -> Vec<Unanswered> {
    struct Open {
        level: HeadingLevel,
        heading: String,
        line: u64,
        answered: bool,
    }
    let line_of = |offset: usize| body_line + body[..offset].matches('\n').count() as u64;
    let mut open: Vec<Open> = Vec::new();
    let mut found = Vec::new();
    let mut in_heading = false;
    let close = |open: &mut Vec<Open>, found: &mut Vec<Unanswered>, level: HeadingLevel| {
        while open.last().is_some_and(|o| o.level >= level) {
            if let Some(section) = open.pop() {
                if !section.answered {
                    found.push(Unanswered {
                        heading: section.heading,
                        line: section.line,
                    });
                }
                // A heading answered below makes its parents answered too.
                else if let Some(parent) = open.last_mut() {
                    parent.answered = true;
                }
            }
        }
    };
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                close(&mut open, &mut found, level);
                open.push(Open {
                    level,
                    heading: String::new(),
                    line: line_of(range.start),
                    answered: false,
                });
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(text) | Event::Code(text) if in_heading => {
                if let Some(section) = open.last_mut() {
                    section.heading.push_str(&text);
                }
            }
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text)
                if !text.trim().is_empty() =>
            {
                if let Some(section) = open.last_mut() {
                    section.answered = true;
                }
            }
            _ => {}
        }
    }
    close(&mut open, &mut found, HeadingLevel::H1);
    found.sort_by_key(|u| u.line);
    found
}

/// The description without its `draft:` key (and the comment nosfolio
/// wrote above it), comments and layout otherwise kept.
///
/// # Errors
/// When the key cannot be removed in place.
pub fn finish_draft(yaml: &str) -> Result<String, CannotEdit> {
    let mut comments = vec![DRAFT_COMMENT];
    comments.extend(OLD_DRAFT_COMMENTS);
    remove_field(yaml, "draft", &comments)
}

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

/// The title of a personal statement of the kind described by `text`:
/// "Personal statement: " and what it is about, without saying "personal
/// statement" twice when the kind's own text begins so ("personal
/// statement (reflections on …)" gives "Personal statement: reflections
/// on …").
fn statement_title(text: &str) -> String {
    let text = text.trim();
    let lower = text.to_lowercase();
    let about = ["personal statements", "personal statement"]
        .iter()
        .find(|start| lower.starts_with(*start))
        .map_or(text, |start| {
            let rest = text[start.len()..].trim();
            rest.strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .unwrap_or(rest)
                .trim()
        });
    if about.is_empty() {
        "Personal statement".to_owned()
    } else {
        format!("Personal statement: {about}")
    }
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
    let title = statement_title(&kind.text);
    let mut body = format!("# {title}\n\n");
    if let Some(group) = &kind.group {
        body.push_str(&format!("_{}_\n\n", group.trim_end_matches(':')));
    }
    body.push_str(&format!(
        "A statement of this kind can show the items below ({}). Write about the ones your experience really shows. Then claim each item it shows, saying where in the statement and how it shows it, and finish the statement when it is written.\n\n",
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

/// The evidence types a personal statement can be written for: those
/// whose description in the standard's table is a personal statement.
/// Each is given as `standard:type`, which [`statement_draft`] takes.
#[must_use]
pub fn statement_types(standards: &StandardSet) -> Vec<(String, &EvidenceType)> {
    standards
        .standards()
        .iter()
        .flat_map(|standard| {
            standard
                .evidence_types
                .iter()
                .filter(|kind| {
                    kind.text
                        .trim_start()
                        .to_lowercase()
                        .starts_with("personal statement")
                })
                .map(move |kind| (format!("{}:{}", standard.id, kind.id), kind))
        })
        .collect()
}

/// A draft's Markdown body split for answering section by section: the
/// prompts (everything before the first heading of level 2 or deeper:
/// the title, the interview question, the probing questions), then one
/// section per such heading, holding what is written under it up to the
/// next one. Joining the parts gives the body back byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections<'a> {
    /// The prompts, as written.
    pub prompts: &'a str,
    /// The sections, in order.
    pub sections: Vec<Section<'a>>,
}

/// One heading of a draft and what is written under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    /// The heading's text (`Situation`).
    pub heading: String,
    /// The heading's lines as written (`## Situation\n`).
    pub source: &'a str,
    /// What follows it up to the next section, as written.
    pub text: &'a str,
}

impl Section<'_> {
    /// What is written under the heading, without the blank lines around it.
    #[must_use]
    pub fn answer(&self) -> &str {
        self.text.trim_matches(['\n', '\r'])
    }
}

/// The body split at its headings of level 2 or deeper: see [`Sections`].
#[must_use]
pub fn sections(body: &str) -> Sections<'_> {
    let mut starts: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            // Only a heading that starts a line (not one in a quotation
            // or a list) starts a section.
            Event::Start(Tag::Heading { level, .. })
                if level != HeadingLevel::H1
                    && (range.start == 0 || body[..range.start].ends_with('\n')) =>
            {
                // The heading's lines, through the end of its last line.
                let last = range.end.saturating_sub(1).max(range.start);
                let end = body[last..].find('\n').map_or(body.len(), |n| last + n + 1);
                open = Some((range.start, end, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(heading) = open.take() {
                    starts.push(heading);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading)) = open.as_mut() {
                    heading.push_str(&text);
                }
            }
            _ => {}
        }
    }
    let prompts = &body[..starts.first().map_or(body.len(), |s| s.0)];
    let sections = starts
        .iter()
        .enumerate()
        .map(|(n, (start, end, heading))| {
            let next = starts.get(n + 1).map_or(body.len(), |s| s.0);
            Section {
                heading: heading.trim().to_owned(),
                source: &body[*start..*end],
                text: &body[*end..next.max(*end)],
            }
        })
        .collect();
    Sections { prompts, sections }
}

impl Sections<'_> {
    /// The body with `answers` written under the headings, one per
    /// section in order: a section whose answer is unchanged keeps its
    /// text as written; line breaks from a browser (`\r\n`) become `\n`.
    /// `None` when the number of answers is not the number of sections.
    #[must_use]
    pub fn with_answers(&self, answers: &[String]) -> Option<String> {
        if answers.len() != self.sections.len() {
            return None;
        }
        let mut body = self.prompts.to_owned();
        for (section, answer) in self.sections.iter().zip(answers) {
            let answer = answer.replace("\r\n", "\n").replace('\r', "\n");
            let answer = answer.trim_matches('\n').trim_end();
            body.push_str(section.source);
            if answer == section.answer() {
                body.push_str(section.text);
            } else if answer.trim().is_empty() {
                body.push_str("\n\n");
            } else {
                body.push('\n');
                body.push_str(answer);
                body.push_str("\n\n");
            }
        }
        Some(body)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_statements_title_says_personal_statement_once() {
        for (kind, title) in [
            (
                "personal statement (reflections on your membership of and role in networks)",
                "Personal statement: reflections on your membership of and role in networks",
            ),
            (
                "Personal statements (reflections on your role)",
                "Personal statement: reflections on your role",
            ),
            ("personal statement", "Personal statement"),
            ("a log of meetings", "Personal statement: a log of meetings"),
        ] {
            assert_eq!(statement_title(kind), title, "{kind}");
        }
    }

    use super::*;
    use crate::builtin::builtin_standard;

    const REFLECTION: &str = "# Reflection: Networking\n\nWrite about one real situation.\n\n> **Q1** Tell me about a time.\n\n## Situation\n\nIn March I met the finance lead.\n\n## Task\n\n\n## Action\n\n### First step\n\nI called her.\n\n## Result\n\n";

    #[test]
    fn empty_sections_are_unanswered_and_say_where_they_are() {
        let found = unanswered(REFLECTION, 5);
        assert_eq!(
            found,
            [
                Unanswered {
                    heading: "Task".into(),
                    line: 15
                },
                Unanswered {
                    heading: "Result".into(),
                    line: 24
                }
            ]
        );
    }

    #[test]
    fn an_answer_in_a_subsection_answers_its_parent() {
        assert!(unanswered("## Action\n\n### Step\n\nDone.\n", 1).is_empty());
        let found = unanswered("## Action\n\n### Step\n\n## Next\n\nText\n", 1);
        let headings: Vec<&str> = found.iter().map(|u| u.heading.as_str()).collect();
        assert_eq!(headings, ["Action", "Step"]);
    }

    #[test]
    fn a_body_without_headings_or_with_all_answered_is_ready() {
        assert!(unanswered("", 1).is_empty());
        assert!(unanswered("Just text.\n", 1).is_empty());
        assert!(unanswered("# A\n\n- item\n\n## B\n\n```\ncode\n```\n", 1).is_empty());
    }

    #[test]
    fn finishing_removes_the_key_and_its_comment_only() {
        let yaml = format!(
            "title: A reflection # mine\ndate: 2025-05-01\n{DRAFT_COMMENT}\ndraft: true\nclaims:\n  - PC1\n"
        );
        assert_eq!(
            finish_draft(&yaml).unwrap(),
            "title: A reflection # mine\ndate: 2025-05-01\nclaims:\n  - PC1\n"
        );
        let old = "title: A\n# Delete the next line when it is finished: drafts do not count as coverage.\ndraft: true\n";
        assert_eq!(finish_draft(old).unwrap(), "title: A\n");
        let own_comment = "# keep me\ndraft: true\nclaims: [PC1]\n";
        assert_eq!(
            finish_draft(own_comment).unwrap(),
            "# keep me\nclaims: [PC1]\n"
        );
    }

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
    #[test]
    fn sections_split_at_headings_and_join_back_byte_for_byte()
    -> Result<(), Box<dyn std::error::Error>> {
        let set = standards(&["mla3", "networking"]);
        let draft = reflection_draft(
            &set,
            "networking",
            3,
            Some(2),
            jiff::civil::date(2026, 1, 5),
        )?;
        let parts = sections(&draft.body);
        let headings: Vec<&str> = parts.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["Situation", "Task", "Action", "Result"]);
        assert!(parts.prompts.contains("L3.Q2"), "{}", parts.prompts);
        assert!(parts.sections.iter().all(|s| s.answer().is_empty()));
        let same: Vec<String> = vec![String::new(); 4];
        assert_eq!(
            parts.with_answers(&same).ok_or("four answers fit")?,
            draft.body
        );
        assert_eq!(parts.with_answers(&same[..3]), None);

        let answers = [
            "In March I met the finance lead.\r\nWe talked.".to_owned(),
            "\r\n".to_owned(),
            "I called her.".to_owned(),
            String::new(),
        ];
        let body = parts.with_answers(&answers).ok_or("four answers fit")?;
        assert!(
            body.ends_with("## Situation\n\nIn March I met the finance lead.\nWe talked.\n\n## Task\n\n\n## Action\n\nI called her.\n\n## Result\n\n"),
            "{body}"
        );
        let again = sections(&body);
        assert_eq!(
            again.sections[0].answer(),
            "In March I met the finance lead.\nWe talked."
        );
        let left: Vec<String> = unanswered(&body, 1)
            .into_iter()
            .map(|u| u.heading)
            .collect();
        assert_eq!(left, ["Task", "Result"]);
        // Unchanged answers keep their text as written.
        let kept = again
            .with_answers(
                &again
                    .sections
                    .iter()
                    .map(|s| s.answer().to_owned())
                    .collect::<Vec<_>>(),
            )
            .ok_or("as many answers as sections")?;
        assert_eq!(kept, body);
        Ok(())
    }

    #[test]
    fn a_heading_in_a_quotation_or_a_body_without_headings_makes_no_section() {
        let parts = sections("Intro\n\n> ## Quoted\n\nText\n");
        assert!(parts.sections.is_empty());
        assert_eq!(parts.prompts, "Intro\n\n> ## Quoted\n\nText\n");
        let setext = sections("Top\n\nPart\n----\nBody\n");
        assert_eq!(setext.sections[0].heading, "Part");
        assert_eq!(setext.sections[0].source, "Part\n----\n");
        assert_eq!(setext.sections[0].answer(), "Body");
    }

    #[test]
    fn statements_are_offered_for_the_personal_statement_types_only() {
        let set = standards(&["mla3", "networking"]);
        let ids: Vec<String> = statement_types(&set)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            ids,
            [
                "mla3:statement-networks",
                "mla3:statement-information",
                "mla3:statement-developments"
            ]
        );
        for id in &ids {
            assert!(statement_draft(&set, id, jiff::civil::date(2026, 1, 5)).is_ok());
        }
    }
}
