//! Reading a standard from YAML and checking that it makes sense.
//!
//! Built-in standards and a user's own standard file go through the same
//! checks: unknown keys, duplicate ids, empty text, evidence types that name
//! items the standard does not have.

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Position, Problem};
use crate::standard::{
    Association, EvidenceType, Group, Item, Question, Source, Standard, StandardKind, is_uri,
};
use crate::suggest::nearest;

mod record;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardFile {
    id: Spanned<String>,
    kind: Spanned<KindFile>,
    code: Option<String>,
    title: Spanned<String>,
    suite: Option<String>,
    record: Option<record::RecordFile>,
    overview: Option<String>,
    definition: Option<String>,
    audience: Option<String>,
    links: Option<String>,
    skills_intro: Option<String>,
    #[serde(default)]
    skills: Vec<String>,
    identifier: Option<Spanned<String>>,
    source: Option<SourceFile>,
    #[serde(default)]
    groups: Vec<GroupFile>,
    #[serde(default)]
    levels: Vec<LevelFile>,
    #[serde(default)]
    nodes: Vec<NodeFile>,
    #[serde(default)]
    evidence_types: Vec<EvidenceTypeFile>,
    #[serde(default)]
    associations: Vec<AssociationFile>,
}

/// A link between nodes (or to a URI outside the standard).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssociationFile {
    kind: Spanned<String>,
    from: Spanned<String>,
    to: Spanned<String>,
    source: Option<SourceFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    identifier: Option<String>,
    uri: Option<String>,
}

impl SourceFile {
    fn read(source: Option<Self>) -> Option<Source> {
        let source = source?;
        let source = Source {
            identifier: optional_text(source.identifier),
            uri: optional_text(source.uri),
        };
        (source != Source::default()).then_some(source)
    }
}

/// A node of the tree: a leaf is an item; a node with `nodes` or `levels`
/// heads a group.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeFile {
    id: Spanned<String>,
    title: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    intro: Option<String>,
    notes: Option<String>,
    #[serde(rename = "type")]
    node_type: Option<String>,
    code: Option<String>,
    claimable: Option<Spanned<bool>>,
    source: Option<SourceFile>,
    #[serde(default)]
    nodes: Vec<NodeFile>,
    #[serde(default)]
    levels: Vec<LevelFile>,
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
    notes: Option<String>,
    items: Vec<ItemFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFile {
    level: Spanned<u32>,
    title: Spanned<String>,
    /// The level's descriptor: claimable itself when it has no behaviours.
    text: Option<Spanned<String>>,
    notes: Option<String>,
    source: Option<SourceFile>,
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
    title: Option<String>,
    notes: Option<String>,
    #[serde(rename = "type")]
    node_type: Option<String>,
    code: Option<String>,
    source: Option<SourceFile>,
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

    /// A list of item ids (an evidence type's `supports`, a scope
    /// statement's `applies_to`): each must be an item of the standard,
    /// and listed once. `what` names the list's owner in messages;
    /// `unknown` makes the problem for an unknown id and its nearest ids.
    fn item_list(
        &mut self,
        written: Vec<Spanned<String>>,
        known: &[String],
        what: &str,
        unknown: impl Fn(String, Vec<String>) -> Problem,
    ) -> Vec<String> {
        let mut list: Vec<String> = Vec::new();
        for item in written {
            let item_id = item.value.trim().to_owned();
            if !known.contains(&item_id) {
                let near = nearest(&item_id, known.iter(), 3);
                self.report(&item, unknown(item_id, near));
            } else if list.contains(&item_id) {
                self.report(
                    &item,
                    Problem::InvalidStandard {
                        message: format!("{what} lists `{item_id}` twice"),
                    },
                );
            } else {
                list.push(item_id);
            }
        }
        list
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

    let mut tree = Tree {
        standard: id.clone(),
        standard_title: title.clone(),
        groups: Vec::new(),
        item_ids: HashMap::new(),
        group_ids: HashMap::new(),
        root_leaves: None,
    };
    match kind {
        StandardKind::NosUnit => {
            if raw.groups.is_empty() && raw.nodes.is_empty() {
                check.report(
                    &raw.kind,
                    Problem::InvalidStandard {
                        message:
                            "a nos-unit needs `groups:` (e.g. performance criteria) or `nodes:`"
                                .into(),
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
        }
        StandardKind::CompetencyFramework => {
            if raw.levels.is_empty() && raw.nodes.is_empty() {
                check.report(
                    &raw.kind,
                    Problem::InvalidStandard {
                        message: "a competency-framework needs `levels:`, or `nodes:` whose competencies have `levels:`".into(),
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
        }
    }
    for group in raw.groups {
        let group_id = tree.group_id(&mut check, &group.id, "group");
        let group_title = check.text(&group.title, || format!("title of group {group_id}"));
        let items = items(&mut check, &mut tree.item_ids, group.items);
        tree.groups.push(Group {
            id: group_id,
            title: group_title,
            intro: optional_text(group.intro),
            notes: optional_text(group.notes),
            items,
            ..Group::default()
        });
    }
    tree.levels(&mut check, None, raw.levels);
    for node in raw.nodes {
        tree.node(&mut check, None, node);
    }
    let groups = tree.groups;
    let known_items: Vec<String> = groups
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.id.clone()))
        .collect();
    let record = record::read(&mut check, raw.record, &known_items);
    let mut type_ids = HashMap::new();
    let mut evidence_types = Vec::new();
    for evidence_type in raw.evidence_types {
        let type_id = check.id(&evidence_type.id, "evidence type");
        check.unique(&mut type_ids, &evidence_type.id);
        let text = check.text(&evidence_type.text, || {
            format!("text of evidence type {type_id}")
        });
        let supports = check.item_list(
            evidence_type.supports,
            &known_items,
            &format!("evidence type `{type_id}`"),
            |id, nearest| Problem::DanglingItem {
                nearest,
                id,
                evidence_type: type_id.clone(),
            },
        );
        evidence_types.push(EvidenceType {
            id: type_id,
            group: optional_text(evidence_type.group),
            text,
            supports,
        });
    }

    let associations = associations(&mut check, &id, &groups, raw.associations);

    if !check.problems.is_empty() {
        return Err(check.problems);
    }
    Ok(Standard {
        id,
        kind,
        identifier: raw
            .identifier
            .map(|i| i.value.trim().to_owned())
            .filter(|i| !i.is_empty()),
        source: SourceFile::read(raw.source),
        code: optional_text(raw.code),
        title,
        suite: optional_text(raw.suite),
        record,
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
        associations,
    })
}

/// Checks the links between nodes: each has a kind, and each end names a
/// node of the standard (an item's or a group's id) or is a URI.
fn associations(
    check: &mut Checker<'_>,
    standard: &str,
    groups: &[Group],
    raw: Vec<AssociationFile>,
) -> Vec<Association> {
    let nodes: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.id.as_str()))
        .chain(
            groups
                .iter()
                .map(|g| g.id.as_str())
                .filter(|id| *id != standard),
        )
        .collect();
    let mut found = Vec::new();
    for association in raw {
        let kind = check.text(&association.kind, || "kind of an association".into());
        let mut end = |at: &Spanned<String>, which: &str| {
            let value = at.value.trim().to_owned();
            if !is_uri(&value) && !nodes.contains(&value.as_str()) {
                let nearest = nearest(&value, nodes.iter(), 3);
                let hint = if nearest.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", nearest.join(", "))
                };
                check.report(
                    at,
                    Problem::InvalidStandard {
                        message: format!(
                            "association `{kind}`: `{which}: {}` names no node of the standard and is not a URI{hint}; give an item's or a group's id, or a URI such as `https://…`",
                            value.escape_default()
                        ),
                    },
                );
            }
            value
        };
        let from = end(&association.from, "from");
        let to = end(&association.to, "to");
        found.push(Association {
            kind,
            from,
            to,
            source: SourceFile::read(association.source),
        });
    }
    found
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
            Item {
                id,
                text,
                title: optional_text(item.title),
                notes: optional_text(item.notes),
                node_type: optional_text(item.node_type),
                code: optional_text(item.code),
                source: SourceFile::read(item.source),
            }
        })
        .collect()
}

/// The tree being read, flattened as [`Standard::groups`] holds it.
struct Tree {
    standard: String,
    standard_title: String,
    groups: Vec<Group>,
    item_ids: HashMap<String, u64>,
    group_ids: HashMap<String, u64>,
    /// The group holding claimable nodes that hang from the standard.
    root_leaves: Option<usize>,
}

impl Tree {
    /// Checks a group's id: well formed, unique among groups, and not the
    /// standard's own id (which names the group of top-level items).
    fn group_id(&mut self, check: &mut Checker<'_>, id: &Spanned<String>, what: &str) -> String {
        let value = check.id(id, what);
        if value == self.standard {
            check.report(
                id,
                Problem::InvalidStandard {
                    message: format!(
                        "{what} id `{value}` is the standard's own id; give the {what} an id of its own"
                    ),
                },
            );
        }
        check.unique(&mut self.group_ids, id);
        value
    }

    /// The levels of the competency at `owner` (the standard itself when
    /// `None`): one group each, its behaviours its items, or its descriptor
    /// its one item when it has no behaviours.
    fn levels(&mut self, check: &mut Checker<'_>, owner: Option<usize>, levels: Vec<LevelFile>) {
        let prefix = owner.map(|o| format!("{}.", self.groups[o].id));
        let prefix = prefix.as_deref().unwrap_or_default();
        let mut seen = HashMap::new();
        for level in levels {
            let number = level.level.value;
            let as_id = Spanned::new(
                number.to_string(),
                level.level.referenced,
                level.level.defined,
            );
            check.unique(&mut seen, &as_id);
            let group_id = format!("{prefix}level-{number}");
            let spanned_id = Spanned::new(
                group_id.clone(),
                level.level.referenced,
                level.level.defined,
            );
            check.unique(&mut self.group_ids, &spanned_id);
            let level_title =
                check.text(&level.title, || format!("title of {prefix}level {number}"));
            let text = level
                .text
                .as_ref()
                .map(|t| check.text(t, || format!("text of {prefix}level {number}")));
            let mut items = items(check, &mut self.item_ids, level.behaviours);
            let claimable = items.is_empty() && text.is_some();
            if let (true, Some(text_at)) = (claimable, &level.text) {
                let item_id = format!("{prefix}L{number}");
                check.unique(
                    &mut self.item_ids,
                    &Spanned::new(item_id.clone(), text_at.referenced, text_at.defined),
                );
                items.push(Item::new(item_id, text.clone().unwrap_or_default()));
            }
            let mut questions = Vec::new();
            for question in level.questions {
                let qid = check.id(&question.id, "question");
                check.unique(&mut self.item_ids, &question.id);
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
            self.groups.push(Group {
                id: group_id,
                title: level_title,
                text: if claimable { None } else { text },
                notes: optional_text(level.notes),
                source: SourceFile::read(level.source),
                parent: owner,
                level: Some(number),
                claimable,
                items,
                questions,
                ..Group::default()
            });
        }
    }

    /// One node and everything under it, in pre-order.
    fn node(&mut self, check: &mut Checker<'_>, parent: Option<usize>, node: NodeFile) {
        let inner = !node.nodes.is_empty() || !node.levels.is_empty();
        let claimable = node.claimable.as_ref().map_or(!inner, |c| c.value);
        let title = node
            .title
            .as_ref()
            .map(|t| check.text(t, || "title".into()));
        let text = node.text.as_ref().map(|t| check.text(t, || "text".into()));
        if title.is_none() && text.is_none() {
            check.report(
                &node.id,
                Problem::InvalidStandard {
                    message: format!(
                        "node `{}` needs a `title:` or a `text:`",
                        node.id.value.trim().escape_default()
                    ),
                },
            );
        }
        // The node's own parts, as an item holds them: the text, else the
        // title, with the title beside it when there are both.
        let (text, title) = match (text, title) {
            (Some(text), title) => (text, title),
            (None, title) => (title.unwrap_or_default(), None),
        };
        let parts = Item {
            id: node.id.value.trim().to_owned(),
            text,
            title,
            notes: optional_text(node.notes),
            node_type: optional_text(node.node_type),
            code: optional_text(node.code),
            source: SourceFile::read(node.source),
        };
        if claimable {
            check.id(&node.id, "item");
            check.unique(&mut self.item_ids, &node.id);
        }
        if !inner && claimable {
            let holder = match parent {
                Some(parent) => parent,
                None => self.root_group(),
            };
            self.groups[holder].items.push(parts);
            return;
        }
        // A node with children, or a statement that neither holds anything
        // nor is claimable (a heading of its own).
        let group_id = self.group_id(check, &node.id, "node");
        let group = if claimable {
            Group {
                id: group_id,
                title: parts.title.clone().unwrap_or_else(|| parts.text.clone()),
                claimable,
                items: vec![parts],
                ..Group::default()
            }
        } else {
            let (title, text) = match parts.title {
                Some(title) => (title, Some(parts.text)),
                None => (parts.text, None),
            };
            Group {
                id: group_id,
                title,
                text,
                notes: parts.notes,
                node_type: parts.node_type,
                code: parts.code,
                source: parts.source,
                ..Group::default()
            }
        };
        self.groups.push(Group {
            parent,
            intro: optional_text(node.intro),
            ..group
        });
        let index = self.groups.len() - 1;
        self.levels(check, Some(index), node.levels);
        for child in node.nodes {
            self.node(check, Some(index), child);
        }
    }

    /// The group of claimable nodes that hang from the standard itself,
    /// made when the first is read.
    fn root_group(&mut self) -> usize {
        if let Some(index) = self.root_leaves {
            return index;
        }
        self.groups.push(Group {
            id: self.standard.clone(),
            title: self.standard_title.clone(),
            ..Group::default()
        });
        let index = self.groups.len() - 1;
        self.root_leaves = Some(index);
        index
    }
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
        assert_eq!(
            found[0].1,
            "a competency-framework needs `levels:`, or `nodes:` whose competencies have `levels:`"
        );
        assert!(
            found[1]
                .1
                .starts_with("a competency-framework has `levels:`, not `groups:`")
        );
    }

    /// A tree of depth five: clusters, competencies with their own levels
    /// (one level a descriptor, one with behaviours), a claimable statement
    /// with children, a heading that holds nothing, and items at the top.
    const TREE: &str = "\
id: tree
kind: competency-framework
title: Tree
identifier: 5d1f0a4e-7f7c-4a53-9a52-3c7e1b2f9d10
source: {identifier: doc-1, uri: https://example.org/doc-1}
nodes:
  - id: T1
    text: A statement at the top.
  - id: people
    title: People
    text: Working with others.
    type: Cluster
    notes: Read with the guidance.
    nodes:
      - id: networking
        title: Strategic Networking
        text: Builds relationships.
        levels:
          - level: 1
            title: Awareness
            text: Knows who is who.
          - level: 3
            title: Practitioner
            behaviours:
              - id: SN-3.1
                text: Keeps a planned network.
      - id: A
        text: Statement A.
        claimable: true
        code: A
        source: {identifier: case-a}
        nodes:
          - id: A.1
            text: Statement A.1.
            nodes:
              - id: A.1.a
                text: Deepest.
                type: Standard
      - id: heading-only
        title: A heading
        claimable: false
";

    #[test]
    fn a_tree_of_any_depth_is_read_flat_in_pre_order() {
        let s = parse_standard("t.yaml", TREE).unwrap();
        type Shape<'a> = (&'a str, Option<usize>, Option<u32>, bool, Vec<&'a str>);
        let shape: Vec<Shape<'_>> = s
            .groups
            .iter()
            .map(|g| {
                (
                    g.id.as_str(),
                    g.parent,
                    g.level,
                    g.claimable,
                    g.items.iter().map(|i| i.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("tree", None, None, false, vec!["T1"]),
                ("people", None, None, false, vec![]),
                ("networking", Some(1), None, false, vec![]),
                (
                    "networking.level-1",
                    Some(2),
                    Some(1),
                    true,
                    vec!["networking.L1"]
                ),
                (
                    "networking.level-3",
                    Some(2),
                    Some(3),
                    false,
                    vec!["SN-3.1"]
                ),
                ("A", Some(1), None, true, vec!["A"]),
                ("A.1", Some(5), None, false, vec!["A.1.a"]),
                ("heading-only", Some(1), None, false, vec![]),
            ]
        );
        assert_eq!(
            s.identifier.as_deref(),
            Some("5d1f0a4e-7f7c-4a53-9a52-3c7e1b2f9d10")
        );
        assert_eq!(
            s.source.as_ref().and_then(|s| s.uri.as_deref()),
            Some("https://example.org/doc-1")
        );
        let people = s.group("people").unwrap();
        assert_eq!(people.text.as_deref(), Some("Working with others."));
        assert_eq!(people.node_type.as_deref(), Some("Cluster"));
        assert_eq!(people.notes.as_deref(), Some("Read with the guidance."));
        let (_, a) = s.item("A").unwrap();
        assert_eq!(
            (a.text.as_str(), a.code.as_deref()),
            ("Statement A.", Some("A"))
        );
        assert_eq!(
            a.source.as_ref().and_then(|s| s.identifier.as_deref()),
            Some("case-a")
        );
        assert_eq!(
            s.item("A.1.a").unwrap().1.node_type.as_deref(),
            Some("Standard")
        );
        assert_eq!(
            s.path(6).iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
            ["people", "A", "A.1"]
        );
        assert_eq!(s.group("A").unwrap().children_items().len(), 0);
        let competencies = s.competencies();
        assert_eq!(competencies.len(), 1);
        assert_eq!(
            (
                competencies[0].id,
                competencies[0].title,
                competencies[0]
                    .levels
                    .iter()
                    .map(|l| l.heading())
                    .collect::<Vec<_>>()
            ),
            (
                "networking",
                "Strategic Networking",
                vec![
                    "Level 1: Awareness".to_owned(),
                    "Level 3: Practitioner".to_owned()
                ]
            )
        );
    }

    #[test]
    fn associations_link_nodes_or_uris_and_are_checked_where_written() {
        let text = format!(
            "{TREE}associations:\n  - kind: isPeerOf\n    from: A.1.a\n    to: people\n    source: {{identifier: as-1}}\n  - kind: exactMatchOf\n    from: T1\n    to: https://example.org/CFItems/x\n"
        );
        let s = parse_standard("t.yaml", &text).unwrap();
        assert_eq!(
            s.associations,
            [
                Association {
                    kind: "isPeerOf".into(),
                    from: "A.1.a".into(),
                    to: "people".into(),
                    source: Some(Source {
                        identifier: Some("as-1".into()),
                        uri: None
                    }),
                },
                Association {
                    kind: "exactMatchOf".into(),
                    from: "T1".into(),
                    to: "https://example.org/CFItems/x".into(),
                    source: None,
                },
            ]
        );
        let lines = TREE.lines().count() as u64;
        let text =
            format!("{TREE}associations:\n  - kind: precedes\n    from: A.1.b\n    to: tree\n");
        assert_eq!(
            problems(&text),
            [
                (
                    Some((lines + 3, 11)),
                    "association `precedes`: `from: A.1.b` names no node of the standard and is not a URI (did you mean A.1.a?); give an item's or a group's id, or a URI such as `https://…`".into()
                ),
                (
                    Some((lines + 4, 9)),
                    "association `precedes`: `to: tree` names no node of the standard and is not a URI; give an item's or a group's id, or a URI such as `https://…`".into()
                ),
            ]
        );
    }

    #[test]
    fn tree_ids_are_unique_at_any_depth() {
        let text = TREE.replace("id: A.1.a", "id: T1");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.starts_with("duplicate id `T1`"), "{found:?}");
        let text = TREE.replace("id: heading-only", "id: tree");
        let found = problems(&text);
        assert_eq!(
            found[0].1,
            "node id `tree` is the standard's own id; give the node an id of its own"
        );
        let text = TREE.replace("        title: A heading\n", "");
        let found = problems(&text);
        assert_eq!(
            found[0].1,
            "node `heading-only` needs a `title:` or a `text:`"
        );
    }
}
