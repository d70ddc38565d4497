//! "Needs attention" is one rule: after a referral, a stale acceptance, an
//! item below policy and missing items, every output that lists what needs
//! attention lists the same items.

use std::collections::BTreeSet;

use crate::support::{TempPortfolio, assess_in, refer_on_every_piece, repo};

/// The example portfolio with PC2 referred, PC1 accepted and then its
/// evidence edited (stale), PC3 below a policy of nine pieces, and its five
/// missing items (PC6, B2, KG3, KI1, KC5).
fn troubled() -> TempPortfolio {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let manifest = std::fs::read_to_string(portfolio.path().join("portfolio.yaml")).unwrap();
    portfolio.write(
        "portfolio.yaml",
        format!("{manifest}policy:\n  items:\n    PC3: {{min_pieces: 9}}\n"),
    );
    refer_on_every_piece(portfolio.path(), "PC2");
    assess_in(
        portfolio.path(),
        "evidence/09-contacts-list.csv",
        &["--accept", "PC1"],
    )
    .code(0);
    portfolio.write("evidence/09-contacts-list.csv", "name\nedited\n");
    portfolio
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

/// The items listed in `text`: the first word of a line (or the text in
/// `<strong>`), where it is one of the `known` ids.
fn listed(text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("- ");
            let word = match line.find("<strong>") {
                Some(at) => line[at + 8..].split('<').next().unwrap_or_default(),
                None => line.split_whitespace().next().unwrap_or_default(),
            };
            let word = word.trim_matches('*');
            known.contains(word).then(|| word.to_owned())
        })
        .collect()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in\n{text}"));
    let rest = &text[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |at| at + start.len());
    &rest[..to]
}

#[test]
fn every_output_lists_the_same_items_as_needing_attention() {
    let portfolio = troubled();
    let printed = |args: &[&str]| portfolio.run(args).code(0).stdout.clone();
    let matrix = portfolio
        .run(&["matrix", "--format", "json"])
        .code(0)
        .json();
    let known: BTreeSet<String> = matrix["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    let expected = set(&["PC1", "PC2", "PC3", "PC6", "B2", "KG3", "KI1", "KC5"]);

    let text = portfolio.run(&["gaps"]).code(1).stdout.clone();
    let text_items = listed(
        between(
            &text,
            "Claimed, but needing attention",
            "What to collect next",
        ),
        &known,
    );
    assert_eq!(text_items, expected, "gaps text:\n{text}");

    let json = portfolio.run(&["gaps", "--format", "json"]).code(1).json();
    let mut reasons = Vec::new();
    for key in ["below_policy", "missing"] {
        for entry in json[key].as_array().unwrap() {
            reasons.push((
                entry["id"].as_str().unwrap().to_owned(),
                entry["reason"].as_str().unwrap_or("(none)").to_owned(),
            ));
        }
    }
    let json_items: BTreeSet<String> = reasons.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(json_items, expected, "gaps --format json: {json:#}");
    reasons.sort();
    assert_eq!(
        reasons
            .iter()
            .filter(|(id, _)| id.starts_with("PC"))
            .map(|(id, reason)| format!("{id} {reason}"))
            .collect::<Vec<_>>(),
        [
            "PC1 stale",
            "PC2 referred",
            "PC3 insufficient",
            "PC6 missing"
        ],
        "each with its reason"
    );

    let html = printed(&["report"]);
    let html_items = listed(between(&html, "<section id=\"gaps\"", "</section>"), &known);
    assert_eq!(html_items, expected, "report HTML gaps");

    let md = printed(&["report", "--format", "md"]);
    let md_items = listed(between(&md, "## Gaps", "## Items"), &known);
    assert_eq!(md_items, expected, "report Markdown gaps:\n{md}");

    let csv = printed(&["matrix", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no `{name}` column in {headers:?}"))
    };
    let (item, attention) = (column("item"), column("needs_attention"));
    let csv_items: BTreeSet<String> = reader
        .records()
        .map(Result::unwrap)
        .filter(|row| !row[attention].is_empty())
        .map(|row| row[item].to_owned())
        .collect();
    assert_eq!(csv_items, expected, "matrix CSV:\n{csv}");

    let md = printed(&["matrix", "--format", "md"]);
    let line = md
        .lines()
        .find(|l| l.starts_with("Needs attention: "))
        .unwrap_or_else(|| panic!("no `Needs attention:` line in\n{md}"));
    let md_items: BTreeSet<String> = line
        .trim_start_matches("Needs attention: ")
        .trim_end_matches('.')
        .split(", ")
        .map(|part| part.split(' ').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(md_items, expected, "matrix Markdown: {line}");
}
