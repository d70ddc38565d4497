//! Reading a standard from YAML and checking that it makes sense.
//!
//! Built-in standards and a user's own standard file go through the same
//! checks: unknown keys, duplicate ids, empty text, evidence types that name
//! items the standard does not have.

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Position, Problem};
use crate::standard::{EvidenceType, Group, Item, Question, Standard, StandardKind};
use crate::suggest::nearest;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardFile {
    id: Spanned<String>,
    kind: Spanned<KindFile>,
    code: Option<String>,
    title: Spanned<String>,
    suite: Option<String>,
    overview: Option<String>,
    definition: Option<String>,
    audience: Option<String>,
    links: Option<String>,
    skills_intro: Option<String>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    groups: Vec<GroupFile>,
    #[serde(default)]
    levels: Vec<LevelFile>,
    #[serde(default)]
    evidence_types: Vec<EvidenceTypeFile>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum KindFile {
    NosUnit,
    CompetencyFramework,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    id: Spanned<String>,
    title: Spanned<String>,
    intro: Option<String>,
    items: Vec<ItemFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    level: Spanned<u32>,
    title: Spanned<String>,
    #[serde(default)]
    behaviours: Vec<ItemFile>,
    #[serde(default)]
    questions: Vec<QuestionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    id: Spanned<String>,
    text: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: Spanned<String>,
    text: Spanned<String>,
    #[serde(default)]
    probing: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceTypeFile {
    id: Spanned<String>,
    group: Option<String>,
    text: Spanned<String>,
    supports: Vec<Spanned<String>>,
}

fn position<T>(spanned: &Spanned<T>) -> Option<Position> {
    Position::new(spanned.referenced.line(), spanned.referenced.column())
}

/// Collects problems while a standard is checked.
struct Checker<'a> {
    file: &'a str,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report<T>(&mut self, at: &Spanned<T>, problem: Problem) {
        self.problems
            .push(Diagnostic::new(self.file, position(at), problem));
    }

    fn text(&mut self, text: &Spanned<String>, what: impl FnOnce() -> String) -> String {
        let trimmed = text.value.trim();
        if trimmed.is_empty() {
            self.report(text, Problem::EmptyText { what: what() });
        }
        trimmed.to_owned()
    }

    /// An id must be non-empty, without spaces or `:` (which qualifies
    /// ids), and without a control character or an invisible formatting
    /// character: an id is printed everywhere and claimed by name, so it
    /// must look like what it is.
    fn id(&mut self, id: &Spanned<String>, what: &str) -> String {
        let value = id.value.trim();
        if value.is_empty() {
            self.report(
                id,
                Problem::EmptyText {
                    what: format!("{what} id"),
                },
            );
        } else if let Some(problem) = Problem::invisible(&format!("{what} id"), value) {
            self.report(id, problem);
        } else if value.contains(|c: char| c == ':' || c.is_whitespace()) {
            self.report(
                id,
                Problem::InvalidStandard {
                    message: format!("{what} id `{value}` must not contain spaces or `:`"),
                },
            );
        }
        value.to_owned()
    }

    fn unique(&mut self, seen: &mut HashMap<String, u64>, id: &Spanned<String>) {
        let line = id.referenced.line();
        if let Some(&first_line) = seen.get(id.value.trim()) {
            self.report(
                id,
                Problem::DuplicateId {
                    id: id.value.trim().to_owned(),
                    first_line,
                },
            );
        } else {
            seen.insert(id.value.trim().to_owned(), line);
        }
    }
}

fn optional_text(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Reads and checks a standard. `file` names it in diagnostics.
///
/// # Errors
/// Every problem found, each with its line and column: malformed YAML
/// (only the first, since the parser stops there), unknown keys, duplicate
/// ids, empty text, and evidence types naming unknown items.
pub fn parse_standard(file: &str, text: &str) -> Result<Standard, Vec<Diagnostic>> {
    let raw: StandardFile = crate::yaml::from_str(file, text).map_err(|d| vec![d])?;
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };

    let id = check.id(&raw.id, "standard");
    if !id.is_empty()
        && !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        check.report(
            &raw.id,
            Problem::InvalidStandard {
                message: format!(
                    "standard id `{}` may use only lower-case letters, digits and `-`",
                    id.escape_default()
                ),
            },
        );
    }
    let title = check.text(&raw.title, || "title".into());
    let kind = match raw.kind.value {
        KindFile::NosUnit => StandardKind::NosUnit,
        KindFile::CompetencyFramework => StandardKind::CompetencyFramework,
    };

    let mut item_ids = HashMap::new();
    let mut group_ids = HashMap::new();
    let mut groups = Vec::new();
    match kind {
        StandardKind::NosUnit => {
            if raw.groups.is_empty() {
                check.report(
                    &raw.kind,
                    Problem::InvalidStandard {
                        message: "a nos-unit needs `groups:` (e.g. performance criteria)".into(),
                    },
                );
            }
            if !raw.levels.is_empty() {
                check.report(
                    &raw.kind,
                    Problem::InvalidStandard {
                        message: "a nos-unit has `groups:`, not `levels:`; use `kind: competency-framework` for a leveled framework".into(),
                    },
                );
            }
            for group in raw.groups {
                let group_id = check.id(&group.id, "group");
                check.unique(&mut group_ids, &group.id);
                let group_title = check.text(&group.title, || format!("title of group {group_id}"));
                let items = items(&mut check, &mut item_ids, group.items);
                groups.push(Group {
                    id: group_id,
                    title: group_title,
                    intro: optional_text(group.intro),
                    level: None,
                    items,
                    questions: Vec::new(),
                });
            }
        }
        StandardKind::CompetencyFramework => {
            if raw.levels.is_empty() {
                check.report(
                    &raw.kind,
                    Problem::InvalidStandard {
                        message: "a competency-framework needs `levels:`".into(),
                    },
                );
            }
            if !raw.groups.is_empty() {
                check.report(
                    &raw.kind,
                    Problem::InvalidStandard {
                        message: "a competency-framework has `levels:`, not `groups:`; use `kind: nos-unit` for a NOS unit".into(),
                    },
                );
            }
            let mut levels_seen = HashMap::new();
            for level in raw.levels {
                let number = level.level.value;
                let as_id = Spanned::new(
                    number.to_string(),
                    level.level.referenced,
                    level.level.defined,
                );
                check.unique(&mut levels_seen, &as_id);
                let level_title = check.text(&level.title, || format!("title of level {number}"));
                let items = items(&mut check, &mut item_ids, level.behaviours);
                let mut questions = Vec::new();
                for question in level.questions {
                    let qid = check.id(&question.id, "question");
                    check.unique(&mut item_ids, &question.id);
                    let text = check.text(&question.text, || format!("text of {qid}"));
                    let probing = question
                        .probing
                        .into_iter()
                        .map(|p| p.trim().to_owned())
                        .collect();
                    questions.push(Question {
                        id: qid,
                        text,
                        probing,
                    });
                }
                groups.push(Group {
                    id: format!("level-{number}"),
                    title: level_title,
                    intro: None,
                    level: Some(number),
                    items,
                    questions,
                });
            }
        }
    }

    let known_items: Vec<String> = groups
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.id.clone()))
        .collect();
    let mut type_ids = HashMap::new();
    let mut evidence_types = Vec::new();
    for evidence_type in raw.evidence_types {
        let type_id = check.id(&evidence_type.id, "evidence type");
        check.unique(&mut type_ids, &evidence_type.id);
        let text = check.text(&evidence_type.text, || {
            format!("text of evidence type {type_id}")
        });
        let mut supports = Vec::new();
        for item in evidence_type.supports {
            let item_id = item.value.trim().to_owned();
            if !known_items.contains(&item_id) {
                check.report(
                    &item,
                    Problem::DanglingItem {
                        nearest: nearest(&item_id, known_items.iter(), 3),
                        id: item_id,
                        evidence_type: type_id.clone(),
                    },
                );
            } else if supports.contains(&item_id) {
                check.report(
                    &item,
                    Problem::InvalidStandard {
                        message: format!("evidence type `{type_id}` lists `{item_id}` twice"),
                    },
                );
            } else {
                supports.push(item_id);
            }
        }
        evidence_types.push(EvidenceType {
            id: type_id,
            group: optional_text(evidence_type.group),
            text,
            supports,
        });
    }

    if !check.problems.is_empty() {
        return Err(check.problems);
    }
    Ok(Standard {
        id,
        kind,
        code: optional_text(raw.code),
        title,
        suite: optional_text(raw.suite),
        overview: optional_text(raw.overview),
        definition: optional_text(raw.definition),
        audience: optional_text(raw.audience),
        links: optional_text(raw.links),
        skills_intro: optional_text(raw.skills_intro),
        skills: raw
            .skills
            .into_iter()
            .map(|s| s.trim().to_owned())
            .collect(),
        groups,
        evidence_types,
    })
}

fn items(
    check: &mut Checker<'_>,
    seen: &mut HashMap<String, u64>,
    raw: Vec<ItemFile>,
) -> Vec<Item> {
    raw.into_iter()
        .map(|item| {
            let id = check.id(&item.id, "item");
            check.unique(seen, &item.id);
            let text = check.text(&item.text, || format!("text of {id}"));
            Item { id, text }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "\
id: demo
kind: nos-unit
title: Demo unit
groups:
  - id: performance-criteria
    title: Performance Criteria
    items:
      - id: PC1
        text: Do the thing.
      - id: PC2
        text: Do it again.
evidence_types:
  - id: notes
    text: notes of meetings
    supports: [PC1]
";

    fn problems(text: &str) -> Vec<(Option<(u64, u64)>, String)> {
        parse_standard("s.yaml", text)
            .unwrap_err()
            .into_iter()
            .map(|d| {
                (
                    d.position.map(|p| (p.line, p.column)),
                    d.problem.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_minimal_unit_loads() {
        let standard = parse_standard("s.yaml", MINIMAL).unwrap();
        assert_eq!(standard.item_count(), 2);
        assert_eq!(standard.evidence_type("notes").unwrap().supports, ["PC1"]);
    }

    #[test]
    fn duplicate_ids_are_reported_where_repeated() {
        let text = MINIMAL.replace("id: PC2", "id: PC1");
        assert_eq!(
            problems(&text),
            [(
                Some((10, 13)),
                "duplicate id `PC1` (first defined on line 8)".into()
            )]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = MINIMAL
            .replace("text: Do it again.", "text: \"  \"")
            .replace("supports: [PC1]", "supports: [PC1, PC9]");
        let found = problems(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, "text of PC2 is empty");
        assert_eq!(
            found[1],
            (
                Some((15, 21)),
                "evidence type `notes` names unknown item `PC9`".into()
            )
        );
    }

    #[test]
    fn ids_holding_control_bidi_or_invisible_characters_are_refused_where_written() {
        for (escaped, code) in [
            ("\\e[2J", "001B"),
            ("\\x9b31m", "009B"),
            ("\\u202e", "202E"),
            ("\\u2066", "2066"),
            ("\\a", "0007"),
            ("\\r", "000D"),
            ("\\x7f", "007F"),
            ("\\u200b", "200B"),
            ("\\ufeff", "FEFF"),
        ] {
            for (from, to) in [
                ("id: PC1", format!("id: \"PC{escaped}1\"")),
                ("id: notes", format!("id: \"no{escaped}tes\"")),
                ("id: performance-criteria", format!("id: \"p{escaped}c\"")),
            ] {
                let text = MINIMAL
                    .replace(from, &to)
                    .replace("supports: [PC1]", "supports: [PC2]");
                let found = problems(&text);
                let line = MINIMAL.lines().position(|l| l.contains(from)).unwrap() as u64 + 1;
                assert_eq!(found.len(), 1, "{to}: {found:?}");
                let (at, message) = &found[0];
                assert_eq!(at.map(|(l, _)| l), Some(line), "{to}: {message}");
                assert!(message.contains(&format!("U+{code}")), "{to}: {message}");
                assert!(
                    !message
                        .chars()
                        .any(|c| c.is_control() || crate::diagnostic::is_invisible(c)),
                    "{to}: the message itself carries the character: {message:?}"
                );
            }
        }
    }

    #[test]
    fn an_item_listed_twice_in_supports_is_reported() {
        let text = MINIMAL.replace("supports: [PC1]", "supports: [PC1, PC1]");
        assert_eq!(
            problems(&text),
            [(
                Some((15, 21)),
                "evidence type `notes` lists `PC1` twice".into()
            )]
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let text = MINIMAL.replace("title: Demo unit", "title: Demo unit\ntitel: x");
        let found = parse_standard("s.yaml", &text).unwrap_err();
        assert_eq!(found[0].problem.code(), "unknown-key");
        assert_eq!(found[0].position, Position::new(4, 1));
    }

    #[test]
    fn shape_must_match_kind() {
        let text = MINIMAL.replace("nos-unit", "competency-framework");
        let found = problems(&text);
        assert_eq!(found[0].1, "a competency-framework needs `levels:`");
        assert!(
            found[1]
                .1
                .starts_with("a competency-framework has `levels:`, not `groups:`")
        );
    }
}
