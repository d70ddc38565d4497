//! A standard written as nosfolio's standard-file YAML.
//!
//! nosfolio's YAML library only reads, so the text is built here: keys in
//! the order of `docs/formats.md`, and every string double-quoted with
//! escapes for quotes, backslashes, line breaks and every character YAML
//! does not allow raw, so that any text — colons, `#`, a leading `-`,
//! emoji, right-to-left text — reads back exactly.

use std::fmt::Write as _;

use nosfolio_core::{Standard, StandardKind, yaml_scalar};

/// `value` as a YAML scalar: core's [`yaml_scalar`] (plain when that is
/// safe, else double-quoted with escapes), with the characters YAML does
/// not allow raw even inside quotes escaped as well. `yaml_scalar` quotes
/// any value holding them, so the escapes land inside quotes.
fn quoted(value: &str) -> String {
    let mut out = yaml_scalar(value);
    for (raw, escaped) in [
        ('\u{2028}', "\\u2028"),
        ('\u{2029}', "\\u2029"),
        ('\u{feff}', "\\ufeff"),
        ('\u{fffe}', "\\ufffe"),
        ('\u{ffff}', "\\uffff"),
    ] {
        if out.contains(raw) {
            out = out.replace(raw, escaped);
        }
    }
    out
}

/// A YAML comment holding `text` on one line.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The standard as a standard file. `source_ids` pairs item ids with the
/// source's own ids, written as comments beside the items.
#[must_use]
pub fn standard_yaml(standard: &Standard, source_ids: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut line = |indent: usize, key: &str, value: &str| {
        let _ = writeln!(out, "{}{key}: {}", " ".repeat(indent), quoted(value));
    };
    line(0, "id", &standard.id);
    let kind = match standard.kind {
        StandardKind::NosUnit => "nos-unit",
        StandardKind::CompetencyFramework => "competency-framework",
    };
    line(0, "kind", kind);
    if let Some(code) = &standard.code {
        line(0, "code", code);
    }
    line(0, "title", &standard.title);
    let optional = [
        ("suite", &standard.suite),
        ("overview", &standard.overview),
        ("definition", &standard.definition),
        ("audience", &standard.audience),
        ("links", &standard.links),
        ("skills_intro", &standard.skills_intro),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            line(0, key, value);
        }
    }
    if !standard.skills.is_empty() {
        out.push_str("skills:\n");
        for skill in &standard.skills {
            let _ = writeln!(out, "  - {}", quoted(skill));
        }
    }
    let source = |id: &str| {
        source_ids
            .iter()
            .find(|(item, _)| item == id)
            .map(|(_, s)| format!("  # source id: {}", comment(s)))
            .unwrap_or_default()
    };
    match standard.kind {
        StandardKind::NosUnit => {
            out.push_str("groups:\n");
            for group in &standard.groups {
                let _ = writeln!(out, "  - id: {}", quoted(&group.id));
                let _ = writeln!(out, "    title: {}", quoted(&group.title));
                if let Some(intro) = &group.intro {
                    let _ = writeln!(out, "    intro: {}", quoted(intro));
                }
                write_items(&mut out, "items", &group.items, &source);
            }
        }
        StandardKind::CompetencyFramework => {
            out.push_str("levels:\n");
            for group in &standard.groups {
                let _ = writeln!(out, "  - level: {}", group.level.unwrap_or_default());
                let _ = writeln!(out, "    title: {}", quoted(&group.title));
                write_items(&mut out, "behaviours", &group.items, &source);
                if !group.questions.is_empty() {
                    out.push_str("    questions:\n");
                    for question in &group.questions {
                        let _ = writeln!(out, "      - id: {}", quoted(&question.id));
                        let _ = writeln!(out, "        text: {}", quoted(&question.text));
                        out.push_str("        probing:");
                        if question.probing.is_empty() {
                            out.push_str(" []");
                        }
                        out.push('\n');
                        for probe in &question.probing {
                            let _ = writeln!(out, "          - {}", quoted(probe));
                        }
                    }
                }
            }
        }
    }
    if !standard.evidence_types.is_empty() {
        out.push_str("evidence_types:\n");
        for kind in &standard.evidence_types {
            let _ = writeln!(out, "  - id: {}", quoted(&kind.id));
            if let Some(group) = &kind.group {
                let _ = writeln!(out, "    group: {}", quoted(group));
            }
            let _ = writeln!(out, "    text: {}", quoted(&kind.text));
            let supports: Vec<String> = kind.supports.iter().map(|s| quoted(s)).collect();
            let _ = writeln!(out, "    supports: [{}]", supports.join(", "));
        }
    }
    out
}

fn write_items(
    out: &mut String,
    key: &str,
    items: &[nosfolio_core::Item],
    source: &dyn Fn(&str) -> String,
) {
    if items.is_empty() {
        let _ = writeln!(out, "    {key}: []");
        return;
    }
    let _ = writeln!(out, "    {key}:");
    for item in items {
        let _ = writeln!(out, "      - id: {}{}", quoted(&item.id), source(&item.id));
        let _ = writeln!(out, "        text: {}", quoted(&item.text));
    }
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
            let yaml = standard_yaml(standard, &[]);
            let back = parse_standard("b.yaml", &yaml)
                .unwrap_or_else(|e| panic!("{}: {e:?}\n{yaml}", standard.id));
            assert_eq!(&back, standard);
        }
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
            let yaml = standard_yaml(&standard, &[("P1".into(), "line\nbreak # x".into())]);
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
            let yaml = standard_yaml(&standard, &[]);
            let back = parse_standard("p.yaml", &yaml);
            prop_assert_eq!(back.ok(), Some(standard));
        }
    }
}
