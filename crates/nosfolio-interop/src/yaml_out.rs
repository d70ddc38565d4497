//! A standard written as nosfolio's standard-file YAML, by core's one YAML
//! writer ([`nosfolio_core::to_yaml`]): the file's shape as serializable
//! types, keys in the order of `docs/formats.md`, text of several lines
//! as literal blocks, the source's own ids as comments beside the items.

use nosfolio_core::{
    Group, Item, Source, Standard, StandardKind, YamlBlock, YamlWriteError, to_yaml,
};
use serde::Serialize;
use serde_saphyr::{Commented, FlowSeq};

mod record;

/// A standard file.
#[derive(Serialize)]
struct StandardFile<'a> {
    id: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    suite: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<record::RecordOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overview: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definition: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skills_intro: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skills: Vec<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut<'a>>,
    /// A NOS unit's groups, when it is a tree of depth two.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<GroupOut<'a>>,
    /// The standard's own levels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    levels: Vec<LevelOut<'a>>,
    /// Any other tree.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    nodes: Vec<NodeOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence_types: Vec<EvidenceTypeOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    associations: Vec<AssociationOut<'a>>,
}

/// A link between nodes.
#[derive(Serialize)]
struct AssociationOut<'a> {
    kind: &'a str,
    from: &'a str,
    to: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut<'a>>,
}

/// Where a standard or a node came from.
#[derive(Serialize)]
struct SourceOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<&'a str>,
}

impl<'a> SourceOut<'a> {
    fn of(source: Option<&'a Source>) -> Option<Self> {
        source.map(|s| Self {
            identifier: s.identifier.as_deref(),
            uri: s.uri.as_deref(),
        })
    }
}

/// A group of a NOS unit.
#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<YamlBlock<'a>>,
    items: Vec<ItemOut<'a>>,
}

/// A level of the standard or of a competency.
#[derive(Serialize)]
struct LevelOut<'a> {
    level: u32,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    behaviours: Vec<ItemOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    questions: Vec<QuestionOut<'a>>,
}

/// A node of the tree: an item, or a group with what hangs from it.
#[derive(Serialize)]
struct NodeOut<'a> {
    id: Commented<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<YamlBlock<'a>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    node_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    /// Written only where it differs from the rule (leaves are claimable,
    /// nodes with children are not).
    #[serde(skip_serializing_if = "Option::is_none")]
    claimable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    levels: Vec<LevelOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    nodes: Vec<NodeOut<'a>>,
}

/// An item, its source's id (if any) as a comment beside its id.
#[derive(Serialize)]
struct ItemOut<'a> {
    id: Commented<&'a str>,
    text: YamlBlock<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<YamlBlock<'a>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    node_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<SourceOut<'a>>,
}

/// A behavioural interview question.
#[derive(Serialize)]
struct QuestionOut<'a> {
    id: &'a str,
    text: YamlBlock<'a>,
    probing: Vec<YamlBlock<'a>>,
}

/// A row of the evidence-requirements table.
#[derive(Serialize)]
struct EvidenceTypeOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    text: YamlBlock<'a>,
    supports: FlowSeq<&'a [String]>,
}

fn block(text: &Option<String>) -> Option<YamlBlock<'_>> {
    text.as_deref().map(YamlBlock)
}

/// Writes the flat tree of [`Standard::groups`] back as the file's nested
/// shape: `groups:` for a NOS unit of depth two, `levels:` for the
/// standard's own levels, `nodes:` for the rest.
struct Writer<'a> {
    standard: &'a Standard,
    source_ids: &'a [(String, String)],
    /// The groups hanging from each group (by index), in order.
    children: Vec<Vec<usize>>,
}

impl<'a> Writer<'a> {
    fn comment(&self, id: &'a str) -> Commented<&'a str> {
        let source = self
            .source_ids
            .iter()
            .find(|(item, _)| item == id)
            .map(|(_, source)| format!("source id: {source}"))
            .unwrap_or_default();
        Commented(id, source)
    }

    fn item(&self, item: &'a Item) -> ItemOut<'a> {
        ItemOut {
            id: self.comment(&item.id),
            text: YamlBlock(&item.text),
            title: item.title.as_deref(),
            notes: block(&item.notes),
            node_type: item.node_type.as_deref(),
            code: item.code.as_deref(),
            source: SourceOut::of(item.source.as_ref()),
        }
    }

    fn leaf(&self, item: &'a Item) -> NodeOut<'a> {
        NodeOut {
            id: self.comment(&item.id),
            title: item.title.as_deref(),
            text: Some(YamlBlock(&item.text)),
            intro: None,
            notes: block(&item.notes),
            node_type: item.node_type.as_deref(),
            code: item.code.as_deref(),
            claimable: None,
            source: SourceOut::of(item.source.as_ref()),
            levels: Vec::new(),
            nodes: Vec::new(),
        }
    }

    fn level(&self, group: &'a Group) -> LevelOut<'a> {
        LevelOut {
            level: group.level.unwrap_or_default(),
            title: &group.title,
            text: if group.claimable {
                group.items.first().map(|i| YamlBlock(&i.text))
            } else {
                block(&group.text)
            },
            notes: block(&group.notes),
            source: SourceOut::of(group.source.as_ref()),
            behaviours: group
                .children_items()
                .iter()
                .map(|i| self.item(i))
                .collect(),
            questions: group
                .questions
                .iter()
                .map(|question| QuestionOut {
                    id: &question.id,
                    text: YamlBlock(&question.text),
                    probing: question.probing.iter().map(|p| YamlBlock(p)).collect(),
                })
                .collect(),
        }
    }

    fn levels_of(&self, children: &[usize]) -> Vec<LevelOut<'a>> {
        children
            .iter()
            .map(|&c| &self.standard.groups[c])
            .filter(|g| g.level.is_some())
            .map(|g| self.level(g))
            .collect()
    }

    fn nodes_of(&self, children: &[usize]) -> Vec<NodeOut<'a>> {
        children
            .iter()
            .filter(|&&c| self.standard.groups[c].level.is_none())
            .map(|&c| self.node(c))
            .collect()
    }

    fn node(&self, index: usize) -> NodeOut<'a> {
        let group = &self.standard.groups[index];
        let children = &self.children[index];
        let mut nodes: Vec<NodeOut<'a>> = group
            .children_items()
            .iter()
            .map(|i| self.leaf(i))
            .collect();
        nodes.extend(self.nodes_of(children));
        let levels = self.levels_of(children);
        let inner = !nodes.is_empty() || !levels.is_empty();
        let own = group.items.first().filter(|_| group.claimable);
        NodeOut {
            id: match own {
                Some(item) => self.comment(&item.id),
                None => Commented(&group.id, String::new()),
            },
            title: match own {
                Some(item) => item.title.as_deref(),
                None => Some(&group.title),
            },
            text: match own {
                Some(item) => Some(YamlBlock(&item.text)),
                None => block(&group.text),
            },
            intro: block(&group.intro),
            notes: block(own.map_or(&group.notes, |i| &i.notes)),
            node_type: own.map_or(&group.node_type, |i| &i.node_type).as_deref(),
            code: own.map_or(&group.code, |i| &i.code).as_deref(),
            // Leaves are claimable and nodes with children are not, unless said.
            claimable: (group.claimable == inner).then_some(group.claimable),
            source: SourceOut::of(own.map_or(&group.source, |i| &i.source).as_ref()),
            levels,
            nodes,
        }
    }
}

/// Whether the tree is a NOS unit's groups of items and nothing more, so
/// that it can be written as `groups:`.
fn plain_groups(standard: &Standard) -> bool {
    standard.kind == StandardKind::NosUnit
        && standard.groups.iter().all(|g| {
            g.parent.is_none()
                && g.level.is_none()
                && !g.claimable
                && g.id != standard.id
                && g.text.is_none()
                && g.node_type.is_none()
                && g.code.is_none()
                && g.source.is_none()
                && g.questions.is_empty()
        })
}

/// The standard as a standard file. `source_ids` pairs item ids with the
/// source's own ids, written as comments beside the items.
///
/// # Errors
/// When the serializer refuses (it has no reason to for these types).
pub fn standard_yaml(
    standard: &Standard,
    source_ids: &[(String, String)],
) -> Result<String, YamlWriteError> {
    let mut children = vec![Vec::new(); standard.groups.len()];
    let mut roots = Vec::new();
    for (index, group) in standard.groups.iter().enumerate() {
        match group.parent.filter(|&p| p < index) {
            Some(parent) => children[parent].push(index),
            None => roots.push(index),
        }
    }
    let writer = Writer {
        standard,
        source_ids,
        children,
    };
    let (groups, levels, nodes) = if plain_groups(standard) {
        let groups = standard
            .groups
            .iter()
            .map(|group| GroupOut {
                id: &group.id,
                title: &group.title,
                intro: block(&group.intro),
                notes: block(&group.notes),
                items: group.items.iter().map(|i| writer.item(i)).collect(),
            })
            .collect();
        (groups, Vec::new(), Vec::new())
    } else {
        let mut nodes = Vec::new();
        for &root in &roots {
            let group = &standard.groups[root];
            if group.id == standard.id && group.level.is_none() {
                // The group of items that hang from the standard itself.
                nodes.extend(group.items.iter().map(|i| writer.leaf(i)));
            } else if group.level.is_none() {
                nodes.push(writer.node(root));
            }
        }
        (Vec::new(), writer.levels_of(&roots), nodes)
    };
    let kind = match standard.kind {
        StandardKind::NosUnit => "nos-unit",
        StandardKind::CompetencyFramework => "competency-framework",
    };
    to_yaml(&StandardFile {
        id: &standard.id,
        kind,
        code: standard.code.as_deref(),
        title: &standard.title,
        suite: block(&standard.suite),
        record: record::RecordOut::of(&standard.record),
        overview: block(&standard.overview),
        definition: block(&standard.definition),
        audience: block(&standard.audience),
        links: block(&standard.links),
        skills_intro: block(&standard.skills_intro),
        skills: standard.skills.iter().map(|s| YamlBlock(s)).collect(),
        identifier: standard.identifier.as_deref(),
        source: SourceOut::of(standard.source.as_ref()),
        groups,
        levels,
        nodes,
        evidence_types: standard
            .evidence_types
            .iter()
            .map(|kind| EvidenceTypeOut {
                id: &kind.id,
                group: kind.group.as_deref(),
                text: YamlBlock(&kind.text),
                supports: FlowSeq(&kind.supports),
            })
            .collect(),
        associations: standard
            .associations
            .iter()
            .map(|a| AssociationOut {
                kind: &a.kind,
                from: &a.from,
                to: &a.to,
                source: SourceOut::of(a.source.as_ref()),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use nosfolio_core::{
        GlossaryEntry, NosRecord, RecordStatus, ScopeStatement, builtin_standards, parse_standard,
    };
    use proptest::prelude::*;

    use super::*;

    fn unit(text: &str, title: &str) -> Standard {
        Standard {
            id: "hostile".into(),
            kind: StandardKind::NosUnit,
            code: Some(title.into()),
            title: title.into(),
            suite: None,
            record: NosRecord::default(),
            overview: Some(text.into()),
            definition: None,
            audience: None,
            links: None,
            skills_intro: None,
            skills: vec![text.into()],
            identifier: None,
            source: None,
            groups: vec![Group {
                id: "g".into(),
                title: title.into(),
                intro: Some(text.into()),
                items: vec![Item::new("P1", text)],
                ..Group::default()
            }],
            evidence_types: Vec::new(),
            associations: Vec::new(),
        }
    }

    /// [`unit`] with every field of its record set, `text` in each free text.
    fn recorded(text: &str, title: &str) -> Standard {
        let mut standard = unit(text, title);
        standard.record = NosRecord {
            urn: Some("CFA: #M&LA3 [x]".into()),
            version: Some("2".into()),
            developed_by: Some(text.into()),
            originating_organisation: Some(title.into()),
            date_approved: nosfolio_core::parse_date("2015-03-31").ok(),
            indicative_review_date: nosfolio_core::parse_date("2020-03-31").ok(),
            status: Some(RecordStatus::Legacy),
            replaced_by: vec!["CFAMLA3".into(), "- yes: no".into()],
            suites: vec![text.into(), "Management".into()],
            keywords: vec![text.into()],
            relevant_occupations: vec![title.into()],
            soc_codes: vec!["1131".into(), "0123".into()],
            scope: vec![ScopeStatement {
                id: "S1".into(),
                title: Some(title.into()),
                text: text.into(),
                applies_to: vec!["P1".into()],
            }],
            values: Some(text.into()),
            glossary: vec![GlossaryEntry {
                term: title.into(),
                definition: text.into(),
            }],
        };
        standard
    }

    #[test]
    fn a_record_with_every_field_reads_back_the_same() {
        let standard = recorded("Plan the work.\n\nCheck it.", "Contacts");
        let yaml = standard_yaml(&standard, &[]).unwrap();
        assert!(
            yaml.contains(
                "title: Contacts\nrecord:\n  urn: \"CFA: #M&LA3 [x]\"\n  version: \"2\"\n"
            ),
            "{yaml}"
        );
        assert!(
            yaml.contains("  date_approved: 2015-03-31\n  indicative_review_date: 2020-03-31\n  status: legacy\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  soc_codes: [\"1131\", \"0123\"]\n"),
            "{yaml}"
        );
        assert!(yaml.contains("    applies_to: [P1]\n"), "{yaml}");
        let back = parse_standard("r.yaml", &yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        assert_eq!(back, standard, "{yaml}");
    }

    #[test]
    fn every_builtin_reads_back_the_same() {
        for standard in builtin_standards() {
            let yaml = standard_yaml(standard, &[]).unwrap();
            let back = parse_standard("b.yaml", &yaml)
                .unwrap_or_else(|e| panic!("{}: {e:?}\n{yaml}", standard.id));
            assert_eq!(&back, standard);
        }
    }

    #[test]
    fn a_tree_with_competencies_levels_and_sources_reads_back_the_same() {
        let text = "\
id: tree
kind: competency-framework
title: Tree
identifier: 5d1f0a4e-7f7c-4a53-9a52-3c7e1b2f9d10
source: {identifier: doc-1, uri: https://example.org/doc-1}
levels:
  - level: 1
    title: Own level
    behaviours:
      - id: L1.1
        text: Shown.
nodes:
  - id: T1
    text: A statement at the top.
    notes: A note.
  - id: people
    title: People
    text: Working with others.
    type: Cluster
    nodes:
      - id: networking
        title: Strategic Networking
        levels:
          - level: 1
            title: Awareness
            text: Knows who is who.
          - level: 3
            title: Practitioner
            behaviours:
              - id: SN-3.1
                text: Keeps a planned network.
                code: SN3
      - id: A
        text: Statement A.
        claimable: true
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
        let standard = parse_standard("t.yaml", text).unwrap();
        let yaml = standard_yaml(&standard, &[]).unwrap();
        let back = parse_standard("back.yaml", &yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        assert_eq!(back, standard, "{yaml}");
    }

    #[test]
    fn a_written_standard_reads_like_the_format_documentation() {
        let mut standard = unit("Plan the work.\n\nCheck it.", "Our unit");
        standard.id = "our-unit".into();
        standard.code = Some("OU1".into());
        standard.skills = vec!["yes".into()];
        standard.groups[0].intro = Some("You must be able to:".into());
        standard.evidence_types = vec![nosfolio_core::EvidenceType {
            id: "notes".into(),
            group: None,
            text: "notes of meetings".into(),
            supports: vec!["P1".into()],
        }];
        let yaml = standard_yaml(&standard, &[("P1".into(), "1.1".into())]).unwrap();
        assert_eq!(
            yaml,
            "id: our-unit\nkind: nos-unit\ncode: OU1\ntitle: Our unit\noverview: |-\n  Plan the work.\n\n  Check it.\nskills:\n  - \"yes\"\ngroups:\n  - id: g\n    title: Our unit\n    intro: \"You must be able to:\"\n    items:\n      - id: P1 # source id: 1.1\n        text: |-\n          Plan the work.\n\n          Check it.\nevidence_types:\n  - id: notes\n    text: notes of meetings\n    supports: [P1]\n"
        );
        assert_eq!(parse_standard("o.yaml", &yaml).unwrap(), standard);
    }

    #[test]
    fn hostile_text_reads_back_the_same() {
        let hostile = [
            "\"quoted\" and 'single'",
            "key: value # not a comment",
            "- leading dash",
            "line one\nline two\r\nthree\ttab",
            "emoji 😀 🎓 outside the BMP \u{1F9D1}\u{200D}\u{1F4BB}",
            "RTL: \u{202E}مرحبا بالعالم\u{202C} שלום \u{200F}",
            "null",
            "true",
            "0x1F",
            "&anchor *alias !tag |block >folded",
            "{ flow: [map] }",
            "\\ backslash \\n not a newline",
            "nel\u{85} ls\u{2028} ps\u{2029} bom\u{feff} nonchar\u{fffe}",
            "% directive",
            "@at `tick`",
        ];
        for text in hostile {
            let standard = recorded(text, text);
            let yaml =
                standard_yaml(&standard, &[("P1".into(), "line\nbreak # x".into())]).unwrap();
            let back = parse_standard("h.yaml", &yaml)
                .unwrap_or_else(|e| panic!("{text:?}: {e:?}\n{yaml}"));
            assert_eq!(back, standard, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_text_reads_back_the_same(text in "\\PC{1,40}", title in "[^\u{0}]{1,20}") {
            let text = text.trim().to_owned();
            let title = title.trim().to_owned();
            prop_assume!(!text.is_empty() && !title.is_empty());
            let standard = unit(&text, &title);
            let yaml = standard_yaml(&standard, &[]).unwrap();
            let back = parse_standard("p.yaml", &yaml);
            prop_assert_eq!(back.ok(), Some(standard));
        }

        #[test]
        fn any_record_reads_back_the_same(text in "\\PC{1,40}", title in "[^\u{0}]{1,20}") {
            let text = text.trim().to_owned();
            let title = title.trim().to_owned();
            prop_assume!(!text.is_empty() && !title.is_empty());
            prop_assume!(!["Management", "CFAMLA3"].contains(&text.as_str()));
            let standard = recorded(&text, &title);
            let yaml = standard_yaml(&standard, &[]).unwrap();
            let back = parse_standard("p.yaml", &yaml);
            prop_assert_eq!(back.ok(), Some(standard));
        }
    }
}
