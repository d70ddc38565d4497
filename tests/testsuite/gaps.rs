//! `nosfolio gaps`: missing items and what to collect next.

use crate::support::{TempPortfolio, repo};

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

#[test]
fn gaps_of_the_example_with_a_plan() {
    let run = example().run(&["gaps"]);
    run.code(1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn gaps_as_json_list_items_types_and_the_plan() {
    let run = example().run(&["gaps", "--format", "json"]);
    let json = run.code(1).json();
    assert_eq!(json["missing_count"], 5);
    let ids: Vec<&str> = json["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["PC6", "B2", "KG3", "KI1", "KC5"]);
    assert_eq!(
        json["missing"][4]["evidence_types"],
        serde_json::json!(["online-contributions"])
    );
    assert_eq!(json["plan"][0]["evidence_type"], "reports");
    assert_eq!(
        json["plan"][0]["covers"],
        serde_json::json!(["PC6", "B2", "KG3", "KI1"])
    );
    assert_eq!(json["diagnostics"], serde_json::json!([]));
}

#[test]
fn nothing_missing_exits_zero() {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Done\nstandards: [standards/tiny.yaml]\n",
    );
    portfolio.write(
        "standards/tiny.yaml",
        "id: tiny\nkind: nos-unit\ntitle: Tiny\ngroups:\n  - id: g\n    title: G\n    items:\n      - id: T1\n        text: Do it.\n",
    );
    portfolio.write("evidence/a.txt", "a");
    portfolio.write("evidence/a.txt.yaml", "title: A\nclaims: [T1]\n");
    let run = portfolio.run(&["gaps"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "Nothing is missing: every item (1) is claimed.\n"
    );
}

#[test]
fn items_no_type_covers_are_named() {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Leveled\nstandards: [networking]\n",
    );
    let run = portfolio.run(&["gaps"]);
    run.code(1);
    assert!(
        run.stdout.contains("Still missing: 18 of 18 items"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("No evidence type in the standards' tables covers networking:L1.1"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("What to collect next"),
        "{}",
        run.stdout
    );
}
