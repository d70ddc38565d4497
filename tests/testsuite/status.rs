//! `nosfolio status`.

use crate::support::{TempPortfolio, repo};

#[test]
fn status_of_the_example_fits_one_screen() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let run = portfolio.run(&["status", "--today", "2025-06-23"]);
    run.code(0);
    assert!(run.stdout.lines().count() <= 24, "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn next_steps_put_problems_unclaimed_files_and_drafts_first() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write("evidence/loose.pdf", "x");
    portfolio.write(
        "evidence/draft.md",
        "---\ntitle: D\ndraft: true\nclaims: [PC1]\n---\n",
    );
    let json = portfolio
        .run(&["status", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(json["unclaimed"], serde_json::json!(["evidence/loose.pdf"]));
    assert_eq!(json["drafts"], serde_json::json!(["evidence/draft.md"]));
    let next: Vec<&str> = json["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(next.len(), 3);
    assert!(
        next[0]
            .starts_with("Describe 1 file(s) without a sidecar, starting with evidence/loose.pdf"),
        "{next:?}"
    );
    assert!(
        next[1].starts_with("Finish 1 draft(s), starting with evidence/draft.md"),
        "{next:?}"
    );
    assert!(next[2].starts_with("Collect "), "{next:?}");

    portfolio.write("evidence/bad.txt", "x");
    portfolio.write("evidence/bad.txt.yaml", "title: [\n");
    let run = portfolio.run(&["status", "--format", "json"]);
    let json = run.code(2).json();
    assert!(
        json["next"][0]
            .as_str()
            .unwrap()
            .starts_with("Fix 1 error(s)"),
        "{json}"
    );
}
