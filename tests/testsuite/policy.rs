//! `policy:` in portfolio.yaml: minimum pieces and required evidence types.

use crate::support::{TempPortfolio, item_status};

const POLICY: &str = "candidate: Policy Candidate\nstandards: [mla3]\npolicy:\n  groups:\n    performance-criteria: {min_pieces: 2}\n    behaviours: {require_one_of: [witness-networks, witness-information, witness-developments]}\n  items:\n    PC6: {min_pieces: 1}\n";

fn portfolio() -> TempPortfolio {
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", POLICY);
    portfolio.write("evidence/a.txt", "a");
    portfolio.write(
        "evidence/a.txt.yaml",
        "title: A\ntype: correspondence\nclaims: [PC2, PC3, B3]\n",
    );
    portfolio.write("evidence/b.txt", "b");
    portfolio.write(
        "evidence/b.txt.yaml",
        "title: B\ntype: witness-information\nclaims: [PC2, B5]\n",
    );
    portfolio.write("evidence/c.txt", "c");
    portfolio.write(
        "evidence/c.txt.yaml",
        "title: C\ntype: reports\nclaims: [PC6]\n",
    );
    portfolio
}

#[test]
fn items_below_policy_are_insufficient_not_claimed() {
    let portfolio = portfolio();
    let json = portfolio
        .run(&["matrix", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(item_status(&json, "PC2"), "claimed", "two pieces");
    assert_eq!(
        item_status(&json, "PC3"),
        "insufficient",
        "one of two pieces"
    );
    assert_eq!(
        item_status(&json, "PC6"),
        "claimed",
        "the item rule beats the group rule"
    );
    assert_eq!(
        item_status(&json, "B3"),
        "insufficient",
        "no witness statement"
    );
    assert_eq!(item_status(&json, "B5"), "claimed", "a witness statement");
    assert_eq!(json["summary"]["insufficient"], 2);
    assert_eq!(json["summary"]["claimed"], 3);

    let text = portfolio.run(&["matrix"]).stdout.clone();
    assert!(
        text.contains("32 items: 3 claimed, 2 insufficient, 27 missing"),
        "{text}"
    );
    assert!(text.contains("PC3  ◐ insufficient"), "{text}");
    assert!(text.contains("(1 of 2 pieces of evidence)"), "{text}");

    let gaps = portfolio.run(&["gaps"]);
    gaps.code(1);
    assert!(
        gaps.stdout
            .contains("Claimed, but needing attention: 2 items"),
        "{}",
        gaps.stdout
    );
    assert!(gaps.stdout.contains("B3   needs evidence of type witness-networks or witness-information or witness-developments"), "{}", gaps.stdout);

    let html = portfolio.run(&["report"]).code(0).stdout.clone();
    assert!(
        html.contains("Below policy: 1 of 2 pieces of evidence"),
        "report shows the shortfall"
    );
    assert!(html.contains("Claimed, but needing attention"));
}

#[test]
fn a_policy_naming_unknown_things_is_an_error() {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: X\nstandards: [mla3]\npolicy:\n  default: {min_pieces: 0}\n  groups:\n    behavior: {min_pieces: 2}\n  items:\n    PC9: {require_one_of: [witness]}\n",
    );
    let run = portfolio.run(&["check", "--color", "never"]);
    run.code(2);
    insta::assert_snapshot!(run.stderr);
}
