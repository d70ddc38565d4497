//! Standards for reading: the list of built-ins and one standard in full.

use std::fmt::Write as _;

use nosfolio_core::{Standard, StandardKind};

use crate::about::{about_facts, legacy_notice, scope_label};
use crate::markdown::markdown_to_text;
use crate::matrix::md_cell;
use crate::text::{Paint, TextOptions, clean, pad, wrap};

/// One line per standard: id, label and size.
#[must_use]
pub fn standards_list_text(standards: &[&Standard], options: &TextOptions) -> String {
    let id_width = standards.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for standard in standards {
        let _ = writeln!(
            out,
            "{}  {}  {}",
            options.paint(Paint::Bold, &pad(&standard.id, id_width)),
            clean(&standard.label()),
            options.paint(Paint::Dim, &format!("({})", shape(standard)))
        );
    }
    out
}

/// `nos-unit, 32 items, 14 evidence types`
fn shape(standard: &Standard) -> String {
    match standard.kind {
        StandardKind::NosUnit => format!(
            "NOS unit, {} items, {} evidence types",
            standard.item_count(),
            standard.evidence_types.len()
        ),
        StandardKind::CompetencyFramework => {
            let competencies = standard.competencies();
            match competencies.as_slice() {
                // Every level the framework defines, empty ones too.
                [one] if one.group.is_none() => format!(
                    "competency framework, {} levels, {} behaviours",
                    standard
                        .groups
                        .iter()
                        .filter(|g| g.level.is_some() && g.parent.is_none())
                        .count(),
                    standard.item_count()
                ),
                _ => format!(
                    "competency framework, {} competencies with levels, {} behaviours",
                    competencies.len(),
                    standard.item_count()
                ),
            }
        }
    }
}

/// A standard in full, for a terminal.
#[must_use]
pub fn standard_text(standard: &Standard, options: &TextOptions) -> String {
    let mut out = String::new();
    let width = options.width;
    let _ = writeln!(
        out,
        "{}",
        options.paint(Paint::Bold, &clean(&standard.label()))
    );
    let _ = writeln!(
        out,
        "{}\n",
        options.paint(
            Paint::Dim,
            &format!("{} · {}", standard.id, shape(standard))
        )
    );
    about_text(standard, options, &mut out);
    for (heading, text) in [
        ("Definition", &standard.definition),
        ("Overview", &standard.overview),
        ("Who it is for", &standard.audience),
        ("Links to other standards", &standard.links),
        ("Values", &standard.record.values),
    ] {
        if let Some(text) = text {
            let _ = writeln!(out, "{}", options.paint(Paint::Bold, heading));
            for paragraph in text.split("\n\n") {
                let _ = writeln!(out, "  {}\n", wrap(&clean(paragraph), width, 2));
            }
        }
    }
    if !standard.skills.is_empty() {
        let _ = writeln!(out, "{}", options.paint(Paint::Bold, "Skills"));
        let _ = writeln!(
            out,
            "  {}\n",
            wrap(&clean(&standard.skills.join(", ")), width, 2)
        );
    }
    let id_width = standard
        .groups
        .iter()
        .flat_map(|g| {
            g.items
                .iter()
                .map(|i| &i.id)
                .chain(g.questions.iter().map(|q| &q.id))
        })
        .map(String::len)
        .max()
        .unwrap_or(0);
    for group in &standard.groups {
        let _ = writeln!(
            out,
            "{}",
            options.paint(Paint::Bold, &clean(&standard.heading(group)))
        );
        for text in [&group.text, &group.notes].into_iter().flatten() {
            let _ = writeln!(out, "  {}", wrap(&clean(text), width, 2));
        }
        if let Some(intro) = &group.intro {
            let _ = writeln!(out, "  {}", options.paint(Paint::Dim, &clean(intro)));
        }
        let heads_others = standard.groups.iter().any(|g| {
            g.parent
                .is_some_and(|p| std::ptr::eq(&standard.groups[p], group))
        });
        if group.items.is_empty() && !heads_others {
            let _ = writeln!(
                out,
                "  {}",
                options.paint(Paint::Dim, "(no items in the source)")
            );
        }
        for item in &group.items {
            let indent = 2 + id_width + 2;
            let _ = writeln!(
                out,
                "  {}  {}",
                pad(&item.id, id_width),
                wrap(&clean(&item.text), width, indent)
            );
            for scope in standard.record.scope_of(&item.id) {
                let line = format!("{}: {}", scope_label(scope), scope.text);
                let _ = writeln!(
                    out,
                    "{}{}",
                    " ".repeat(indent),
                    options.paint(Paint::Dim, &wrap(&clean(&line), width, indent))
                );
            }
        }
        if !group.questions.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                options.paint(Paint::Dim, "Interview questions")
            );
        }
        for question in &group.questions {
            let indent = 2 + id_width + 2;
            let _ = writeln!(
                out,
                "  {}  {}",
                options.paint(Paint::Dim, &pad(&question.id, id_width)),
                wrap(&clean(&question.text), width, indent)
            );
            for probe in &question.probing {
                let _ = writeln!(
                    out,
                    "{}- {}",
                    " ".repeat(indent),
                    wrap(&clean(probe), width, indent + 2)
                );
            }
        }
        out.push('\n');
    }
    if !standard.record.glossary.is_empty() {
        let _ = writeln!(out, "{}", options.paint(Paint::Bold, "Glossary"));
        for entry in &standard.record.glossary {
            let _ = writeln!(out, "  {}", options.paint(Paint::Bold, &clean(&entry.term)));
            let _ = writeln!(out, "      {}", wrap(&clean(&entry.definition), width, 6));
        }
        out.push('\n');
    }
    if !standard.evidence_types.is_empty() {
        let _ = writeln!(out, "{}", options.paint(Paint::Bold, "Evidence types"));
        let mut last_group = None;
        for kind in &standard.evidence_types {
            if kind.group != last_group {
                if let Some(group) = &kind.group {
                    let _ = writeln!(out, "  {}", options.paint(Paint::Dim, &clean(group)));
                }
                last_group.clone_from(&kind.group);
            }
            let _ = writeln!(
                out,
                "    {}  {}",
                options.paint(Paint::Bold, &kind.id),
                wrap(&clean(&kind.text), width, 6)
            );
            let _ = writeln!(
                out,
                "      supports {}",
                wrap(&kind.supports.join(", "), width, 15)
            );
        }
    }
    out
}

/// A standard in full, as Markdown.
#[must_use]
pub fn standard_md(standard: &Standard) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md_cell(&standard.label()));
    let _ = writeln!(out, "`{}` · {}\n", standard.id, shape(standard));
    about_md(standard, &mut out);
    for (heading, text) in [
        ("Definition", &standard.definition),
        ("Overview", &standard.overview),
        ("Who it is for", &standard.audience),
        ("Links to other standards", &standard.links),
    ] {
        if let Some(text) = text {
            let _ = writeln!(out, "## {heading}\n");
            for paragraph in text.split("\n\n") {
                let _ = writeln!(out, "{}\n", md_cell(paragraph));
            }
        }
    }
    if let Some(values) = &standard.record.values {
        out.push_str("## Values\n\n");
        for line in markdown_to_text(values) {
            let _ = writeln!(out, "{}\n", md_cell(&line));
        }
    }
    if !standard.skills.is_empty() {
        out.push_str("## Skills\n\n");
        for skill in &standard.skills {
            let _ = writeln!(out, "- {}", md_cell(skill));
        }
        out.push('\n');
    }
    for group in &standard.groups {
        let _ = writeln!(out, "## {}\n", md_cell(&standard.heading(group)));
        if let Some(intro) = &group.intro {
            let _ = writeln!(out, "{}\n", md_cell(intro));
        }
        if group.items.is_empty() {
            out.push_str("_No items in the source._\n\n");
        }
        for item in &group.items {
            let _ = writeln!(out, "- **{}** {}", md_cell(&item.id), md_cell(&item.text));
            scope_md(standard, &item.id, &mut out);
        }
        if !group.items.is_empty() {
            out.push('\n');
        }
        for question in &group.questions {
            let _ = writeln!(
                out,
                "**{}** {}\n",
                md_cell(&question.id),
                md_cell(&question.text)
            );
            for probe in &question.probing {
                let _ = writeln!(out, "- {}", md_cell(probe));
            }
            out.push('\n');
        }
    }
    glossary_md(standard, &mut out);
    if !standard.evidence_types.is_empty() {
        out.push_str(
            "## Evidence types\n\n| Id | Group | Evidence | Supports |\n|---|---|---|---|\n",
        );
        for kind in &standard.evidence_types {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                kind.id,
                kind.group.as_deref().map(md_cell).unwrap_or_default(),
                md_cell(&kind.text),
                kind.supports.join(", ")
            );
        }
    }
    out
}

/// The "About this standard" block for a terminal, after a legacy
/// standard's notice in bold.
fn about_text(standard: &Standard, options: &TextOptions, out: &mut String) {
    if let Some(notice) = legacy_notice(standard) {
        let notice = wrap(&clean(&notice), options.width, 2);
        let _ = writeln!(
            out,
            "{}\n",
            options.paint(Paint::Bold, &format!("! {notice}"))
        );
    }
    let facts = about_facts(standard);
    if facts.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", options.paint(Paint::Bold, "About this standard"));
    let label_width = facts.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    for (label, value) in &facts {
        let _ = writeln!(
            out,
            "  {}  {}",
            options.paint(Paint::Dim, &pad(label, label_width)),
            wrap(&clean(value), options.width, 2 + label_width + 2)
        );
    }
    out.push('\n');
}

/// The "About this standard" block as Markdown, after a legacy
/// standard's notice in bold.
fn about_md(standard: &Standard, out: &mut String) {
    if let Some(notice) = legacy_notice(standard) {
        let _ = writeln!(out, "> **{}**\n", md_cell(&notice));
    }
    let facts = about_facts(standard);
    if facts.is_empty() {
        return;
    }
    out.push_str("## About this standard\n\n");
    for (label, value) in &facts {
        let _ = writeln!(out, "- {label}: {}", md_cell(value));
    }
    out.push('\n');
}

/// The scope statements qualifying `item`, as Markdown list items under it.
fn scope_md(standard: &Standard, item: &str, out: &mut String) {
    for scope in standard.record.scope_of(item) {
        let _ = writeln!(
            out,
            "  - _{}:_ {}",
            md_cell(&scope_label(scope)),
            md_cell(&scope.text)
        );
    }
}

/// The glossary as Markdown: each term in bold with its definition.
fn glossary_md(standard: &Standard, out: &mut String) {
    if standard.record.glossary.is_empty() {
        return;
    }
    out.push_str("## Glossary\n\n");
    for entry in &standard.record.glossary {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            md_cell(&entry.term),
            md_cell(&entry.definition)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use nosfolio_core::parse_standard;

    use super::*;
    use crate::text::is_unsafe_for_terminal;

    /// A unit whose record carries terminal escapes, bidi controls and
    /// Markdown or HTML markup in every kind of text it shows.
    const HOSTILE: &str = "\
id: hostile
kind: nos-unit
title: Hostile unit
record:
  urn: H1
  version: \"1.0\"
  developed_by: \"Body \\e[2J\\e[31mred\"
  originating_organisation: \"Org \\u202eevil\"
  date_approved: 2020-01-01
  indicative_review_date: 2021-01-01
  status: current
  replaced_by: [H0]
  keywords: [\"| table | cell |\", \"[link](https://example.invalid)\"]
  relevant_occupations: [\"<b>bold</b>\"]
  soc_codes: [1131]
  scope:
    - id: S1
      title: \"Title \\e]8;;https://example.invalid\\e\\\\\"
      text: \"Scope \\r\\x1b[1Aup # heading\"
      applies_to: [P1]
  values: \"Values \\e[2J cleared\"
  glossary:
    - term: \"Term \\x9b31m\"
      definition: \"Meaning <script>x</script> | pipe\"
groups:
  - id: g
    title: G
    items:
      - id: P1
        text: Do it.
";

    #[test]
    fn the_record_shows_in_text_with_nothing_a_terminal_would_act_on() {
        let standard = parse_standard("h.yaml", HOSTILE).unwrap();
        let text = standard_text(&standard, &TextOptions::default());
        assert!(!text.chars().any(is_unsafe_for_terminal), "{text:?}");
        for shown in [
            "About this standard",
            "  URN                       H1\n",
            "  Version                   1.0\n",
            "  Status                    current\n",
            "  Replaced by               H0\n",
            "  Developed by              Body [2J [31mred\n",
            "  Date approved             2020-01-01\n",
            "  Indicative review date    2021-01-01\n",
            "  SOC codes                 1131\n",
            "Values\n  Values [2J cleared\n",
            "  P1  Do it.\n      Scope S1 (Title ]8;;https://example.invalid \\): Scope [1Aup # heading\n",
            "Glossary\n  Term 31m\n      Meaning <script>x</script> | pipe\n",
        ] {
            assert!(text.contains(shown), "{shown:?} not in:\n{text}");
        }
        assert!(!text.contains("Legacy"), "a current standard is not legacy");
    }

    #[test]
    fn the_record_shows_in_markdown_as_text_not_markup() {
        let standard = parse_standard("h.yaml", HOSTILE).unwrap();
        let md = standard_md(&standard);
        for shown in [
            "## About this standard\n\n- URN: H1\n- Version: 1.0\n- Status: current\n- Replaced by: H0\n",
            "- Keywords: \\| table \\| cell \\|, \\[link\\](https://example.invalid)\n",
            "- Relevant occupations: &lt;b&gt;bold&lt;/b&gt;\n",
            "- **P1** Do it.\n  - _Scope S1 (Title \\]8;;https://example.invalid \\\\):_ Scope \\[1Aup \\# heading\n",
            "## Glossary\n\n- **Term 31m**: Meaning &lt;script&gt;x&lt;/script&gt; \\| pipe\n",
        ] {
            assert!(md.contains(shown), "{shown:?} not in:\n{md}");
        }
        assert!(!md.chars().any(is_unsafe_for_terminal), "{md:?}");
    }

    #[test]
    fn a_standard_without_a_record_shows_as_before() {
        let standard = nosfolio_core::builtin_standard("mla3").unwrap();
        assert!(standard.record.is_empty());
        let text = standard_text(standard, &TextOptions::default());
        assert!(!text.contains("About this standard"), "{text}");
        assert!(!text.contains("Glossary"), "{text}");
        assert!(!standard_md(standard).contains("About this standard"));
    }
}
