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

fn assessed_centre() -> TempPortfolio {
    let centre = centre();
    // Two assessors decide in Priya's portfolio: both are listed.
    centre
        .run(&[
            "people",
            "add",
            "Ann Lee",
            "--role",
            "assessor",
            "--dir",
            "cohort-a/priya",
        ])
        .code(0);
    for (evidence, items, assessor) in [
        (
            "cohort-a/priya/evidence/09-contacts-list.csv",
            "PC1,B4,KG1,KC8",
            "Tom Reid",
        ),
        (
            "cohort-a/priya/evidence/02-email-to-finance.eml",
            "PC2,PC3,B3,B6,KG2",
            "Ann Lee",
        ),
        ("cohort-a/sam/evidence/notes.txt", "PC2", "Tom Reid"),
    ] {
        centre
            .run(&[
                "assess",
                evidence,
                "--accept",
                items,
                "--comment",
                "ok",
                "--assessor",
                assessor,
            ])
            .code(0);
    }
    centre
}

#[test]
fn an_iqa_sample_covers_every_assessor_and_group_and_is_reproducible() {
    let centre = assessed_centre();
    let run = centre.run(&[
        "sample",
        "--portion",
        "25%",
        "--seed",
        "7",
        "--format",
        "json",
    ]);
    let plan = run.code(0).json();
    assert_eq!(plan["decisions"], 10);
    assert_eq!(plan["target"], 3);
    let sample = plan["sample"].as_array().unwrap();
    let assessors: std::collections::BTreeSet<&str> = sample
        .iter()
        .map(|u| u["assessor"].as_str().unwrap())
        .collect();
    assert_eq!(
        assessors.into_iter().collect::<Vec<_>>(),
        ["Ann Lee", "Tom Reid"]
    );
    let groups: std::collections::BTreeSet<&str> = sample
        .iter()
        .map(|u| u["group"].as_str().unwrap())
        .collect();
    for group in [
        "mla3:performance-criteria",
        "mla3:behaviours",
        "mla3:knowledge-general",
        "mla3:knowledge-context",
    ] {
        assert!(groups.contains(group), "{group} in {groups:?}");
    }
    assert!(
        sample
            .iter()
            .all(|u| u["reason"].as_str().is_some_and(|r| !r.is_empty()))
    );
    let again = centre.run(&[
        "sample",
        "--portion",
        "25%",
        "--seed",
        "7",
        "--format",
        "json",
    ]);
    assert_eq!(
        again.stdout, run.stdout,
        "the same seed gives the same plan"
    );
    let all = centre
        .run(&["sample", "--portion", "100%", "--format", "json"])
        .json();
    assert_eq!(all["sample"].as_array().unwrap().len(), 10);
    centre.run(&["sample", "--portion", "0%"]).code(2);
    centre.run(&["sample", "--portion", "lots"]).code(2);
}

#[test]
fn the_caseload_counts_decisions() {
    let centre = assessed_centre();
    let rows = centre.run(&["caseload", "--format", "json"]).code(0).json();
    let priya = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "cohort-a/priya")
        .unwrap();
    assert_eq!(priya["accepted"], 9);
    assert_eq!(priya["last_activity"].as_str().unwrap().len(), 10);
}

/// Issue 14, class 9: one bad portfolio never hides the others. A folder
/// nobody may read, inside one candidate's portfolio or beside the
/// portfolios, is reported on its own row; every other portfolio gets its
/// row, and `sample` still draws from them.
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_read_hides_no_other_portfolio() {
    use std::os::unix::fs::PermissionsExt;
    let centre = centre();
    copy_dir(
        &repo().join("examples/mla3-portfolio"),
        &centre.path().join("cohort-c/lee"),
    );
    let shut = |relative: &str, mode: u32| {
        let dir = centre.path().join(relative);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    shut("cohort-c/lee/network/journal", 0o000);
    shut("cohort-d", 0o000);
    let runs = crate::support::nosfolio_bound_by_file_modes(&["caseload", "--format", "json"])
        .map(|cli| cli.current_dir(centre.path()).run());
    let sampled = crate::support::nosfolio_bound_by_file_modes(&["sample", "--portion", "100%"])
        .map(|cli| cli.current_dir(centre.path()).run());
    shut("cohort-c/lee/network/journal", 0o755);
    shut("cohort-d", 0o755);
    let (Some(run), Some(sampled)) = (runs, sampled) else {
        return;
    };
    let rows = run.code(0).json();
    let row = |path: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("no row for {path} in {rows:#}"))
            .clone()
    };
    assert_eq!(rows.as_array().unwrap().len(), 6, "{rows:#}");
    assert_eq!(row("cohort-d")["unsearched"], true);
    assert_eq!(row("cohort-a/sam").get("unsearched"), None);
    assert_eq!(row("cohort-a/priya")["claimed"], 27);
    assert_eq!(row("cohort-a/sam")["broken"], serde_json::Value::Null);
    let lee = row("cohort-c/lee");
    assert!(
        lee["errors"].as_u64().unwrap() >= 1 || lee["broken"].is_string(),
        "{lee:#}"
    );
    let unreadable = row("cohort-d")["broken"].as_str().unwrap().to_owned();
    assert!(
        unreadable.contains("Permission denied") && unreadable.contains("not listed"),
        "{unreadable}"
    );
    sampled.code(0);
    assert!(sampled.stdout.contains("IQA sample"), "{}", sampled.stdout);
    assert!(
        sampled.stderr.contains("cohort-d") && sampled.stderr.contains("cannot read"),
        "{}",
        sampled.stderr
    );
}
