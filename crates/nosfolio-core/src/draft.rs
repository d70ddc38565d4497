//! Finishing a draft. `nosfolio new` writes reflections and statements as
//! drafts (`draft: true`), which do not count as coverage; finishing one
//! makes it evidence. This module holds the one rule of when a draft is
//! ready, and the in-place edit that finishes it, so that the CLI and the
//! web app refuse and finish alike.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Severity};
use crate::edit::{CannotEdit, remove_field};
use crate::evidence::EvidenceMeta;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
