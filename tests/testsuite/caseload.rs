//! `nosfolio caseload` over a folder mixing good and broken portfolios.

use crate::support::{TempPortfolio, copy_dir, fixture, repo};

fn centre() -> TempPortfolio {
    let centre = TempPortfolio::empty();
    let copy = |from: &std::path::Path, to: &str| copy_dir(from, &centre.path().join(to));
    std::fs::create_dir_all(centre.path().join("cohort-a")).unwrap();
    std::fs::create_dir_all(centre.path().join("cohort-b")).unwrap();
    copy(&repo().join("examples/mla3-portfolio"), "cohort-a/priya");
    copy(&fixture("valid/minimal"), "cohort-a/sam");
    copy(&fixture("invalid/many-problems"), "cohort-b/errors");
    centre.write("cohort-b/unreadable/portfolio.yaml", "candidate: [\n");
    centre
}

#[test]
fn every_portfolio_gets_a_row_with_the_troubled_ones_first() {
    let centre = centre();
    let run = centre.run(&["caseload", "--format", "json"]);
    let rows = run.code(0).json();
    let paths: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "cohort-b/unreadable",
            "cohort-b/errors",
            "cohort-a/sam",
            "cohort-a/priya"
        ]
    );
    assert_eq!(rows[0]["broken"], "portfolio.yaml has errors");
    assert_eq!(rows[1]["errors"], 4);
    assert_eq!(rows[3]["candidate"], "Priya Shah");
    assert_eq!(rows[3]["claimed"], 27);
    assert_eq!(rows[3]["missing"], 5);
    assert_eq!(rows[3]["last_activity"], "2025-06-23");
}

#[test]
fn text_csv_and_html_forms() {
    let centre = centre();
    let text = centre.run(&["caseload"]).code(0).stdout.clone();
    assert!(
        text.starts_with("4 portfolios, those needing attention first\n"),
        "{text}"
    );
    assert!(text.contains("Priya Shah"), "{text}");
    let csv = centre
        .run(&["caseload", "--format", "csv"])
        .code(0)
        .stdout
        .clone();
    assert_eq!(csv.lines().count(), 5);
    let html = centre
        .run(&["caseload", "--format", "html"])
        .code(0)
        .stdout
        .clone();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<tr>").count(), 5);
    assert!(html.contains("cannot be read: portfolio.yaml has errors"));
    assert!(!html.contains("<script"));
}
