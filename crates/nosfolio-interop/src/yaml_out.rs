//! A standard written as nosfolio's standard-file YAML, by core's one YAML
//! writer ([`nosfolio_core::to_yaml`]): the file's shape as serializable
//! types, keys in the order of `docs/formats.md`, text of several lines
//! as literal blocks, the source's own ids as comments beside the items.

use nosfolio_core::{Standard, StandardKind, YamlBlock, YamlWriteError, to_yaml};
use serde::Serialize;
use serde_saphyr::{Commented, FlowSeq};

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
    /// A NOS unit's groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<GroupOut<'a>>>,
    /// A framework's levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    levels: Option<Vec<LevelOut<'a>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evidence_types: Vec<EvidenceTypeOut<'a>>,
}

/// A group of a NOS unit.
#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro: Option<YamlBlock<'a>>,
    items: Vec<ItemOut<'a>>,
}

/// A level of a competency framework.
#[derive(Serialize)]
struct LevelOut<'a> {
    level: u32,
    title: &'a str,
    behaviours: Vec<ItemOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    questions: Vec<QuestionOut<'a>>,
}

/// An item, its source's id (if any) as a comment beside its id.
#[derive(Serialize)]
struct ItemOut<'a> {
    id: Commented<&'a str>,
    text: YamlBlock<'a>,
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

/// `items`, each with its source's id (if `source_ids` has one) beside it.
fn items_out<'a>(
    items: &'a [nosfolio_core::Item],
    source_ids: &[(String, String)],
) -> Vec<ItemOut<'a>> {
    items
        .iter()
        .map(|item| {
            let source = source_ids
                .iter()
                .find(|(id, _)| *id == item.id)
                .map(|(_, source)| format!("source id: {source}"))
                .unwrap_or_default();
            ItemOut {
                id: Commented(item.id.as_str(), source),
                text: YamlBlock(&item.text),
            }
        })
        .collect()
}

fn block(text: &Option<String>) -> Option<YamlBlock<'_>> {
    text.as_deref().map(YamlBlock)
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
    let items = |items| items_out(items, source_ids);
    let (kind, groups, levels) = match standard.kind {
        StandardKind::NosUnit => {
            let groups = standard
                .groups
                .iter()
                .map(|group| GroupOut {
                    id: &group.id,
                    title: &group.title,
                    intro: block(&group.intro),
                    items: items(&group.items),
                })
                .collect();
            ("nos-unit", Some(groups), None)
        }
        StandardKind::CompetencyFramework => {
            let levels = standard
                .groups
                .iter()
                .map(|group| LevelOut {
                    level: group.level.unwrap_or_default(),
                    title: &group.title,
                    behaviours: items(&group.items),
                    questions: group
                        .questions
                        .iter()
                        .map(|question| QuestionOut {
                            id: &question.id,
                            text: YamlBlock(&question.text),
                            probing: question.probing.iter().map(|p| YamlBlock(p)).collect(),
                        })
                        .collect(),
                })
                .collect();
            ("competency-framework", None, Some(levels))
        }
    };
    to_yaml(&StandardFile {
        id: &standard.id,
        kind,
        code: standard.code.as_deref(),
        title: &standard.title,
        suite: block(&standard.suite),
        overview: block(&standard.overview),
        definition: block(&standard.definition),
        audience: block(&standard.audience),
        links: block(&standard.links),
        skills_intro: block(&standard.skills_intro),
        skills: standard.skills.iter().map(|s| YamlBlock(s)).collect(),
        groups,
        levels,
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
    })
}

#[cfg(test)]
mod tests {
    use nosfolio_core::{Group, Item, builtin_standards, parse_standard};
    use proptest::prelude::*;

    use super::*;

    fn unit(text: &str, title: &str) -> Standard {
        Standard {
            id: "hostile".into(),
            kind: StandardKind::NosUnit,
            code: Some(title.into()),
            title: title.into(),
            suite: None,
            overview: Some(text.into()),
            definition: None,
            audience: None,
            links: None,
            skills_intro: None,
            skills: vec![text.into()],
            groups: vec![Group {
                id: "g".into(),
                title: title.into(),
                intro: Some(text.into()),
                level: None,
                items: vec![Item {
                    id: "P1".into(),
                    text: text.into(),
                }],
                questions: Vec::new(),
            }],
            evidence_types: Vec::new(),
        }
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
            let standard = unit(text, text);
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
    }
}
