//! `nosfolio assess`: decisions pinned to evidence hashes, and the states
//! they give items.

use crate::support::{TempPortfolio, item_status, repo};

fn status(portfolio: &TempPortfolio, id: &str) -> String {
    item_status(&portfolio.run(&["matrix", "--format", "json"]).json(), id)
}

fn assess(portfolio: &TempPortfolio, args: &[&str]) -> crate::support::Run {
    crate::support::assess_in(portfolio.path(), "evidence/09-contacts-list.csv", args)
}

#[test]
fn claim_accept_edit_stale_reaccept() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    assert_eq!(status(&portfolio, "PC1"), "claimed");
    let run = assess(&portfolio, &["--accept", "PC1,B4", "--refer", "KG1"]);
    run.code(0);
    assert!(
        run.stdout
            .starts_with("recorded in assessment/tom-reid.yaml: accepted PC1, B4; referred KG1"),
        "{}",
        run.stdout
    );
    assert_eq!(status(&portfolio, "PC1"), "accepted");
    assert_eq!(
        status(&portfolio, "KG1"),
        "accepted".replace("accepted", "referred")
    );
    // The candidate changes the evidence: the acceptance no longer holds.
    std::fs::write(
        portfolio.path().join("evidence/09-contacts-list.csv"),
        "name\nedited",
    )
    .unwrap();
    assert_eq!(status(&portfolio, "PC1"), "stale");
    // A new decision on the new hash supersedes the old one.
    assess(&portfolio, &["--accept", "PC1"]).code(0);
    assert_eq!(status(&portfolio, "PC1"), "accepted");
    assert_eq!(status(&portfolio, "B4"), "stale");
    // A later referral supersedes an acceptance.
    assess(&portfolio, &["--refer", "PC1"]).code(0);
    assert_eq!(status(&portfolio, "PC1"), "referred");
    // History is kept: every record is still in the file.
    let text = std::fs::read_to_string(portfolio.path().join("assessment/tom-reid.yaml")).unwrap();
    assert_eq!(
        text.matches("- evidence: evidence/09-contacts-list.csv")
            .count(),
        5
    );
    let matrix = portfolio.run(&["matrix"]).stdout.clone();
    assert!(matrix.contains("PC1  ↺ referred"), "{matrix}");
    assert!(matrix.contains("B4   ! stale"), "{matrix}");
}

#[test]
fn iqa_decisions_do_not_set_coverage() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    assess(&portfolio, &["--accept", "PC1", "--role", "iqa"]).code(0);
    assert_eq!(status(&portfolio, "PC1"), "claimed");
}

#[test]
fn refusals_record_nothing() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    for (args, message) in [
        (vec!["--accept", "PC6"], "does not claim PC6"),
        (vec!["--accept", "PC9"], "unknown item `PC9`"),
        (
            vec!["--accept", "PC1", "--refer", "PC1"],
            "PC1 is given twice",
        ),
        (
            vec!["--accept", "PC1", "--date", "2026-02-30"],
            "invalid date",
        ),
        (vec![], "nothing to record"),
    ] {
        let run = assess(&portfolio, &args);
        run.code(2);
        assert!(run.stderr.contains(message), "{message}: {}", run.stderr);
    }
    assert!(
        !portfolio.path().join("assessment").exists()
            || std::fs::read_dir(portfolio.path().join("assessment"))
                .unwrap()
                .count()
                == 0
    );
    portfolio.write("assessment/tom-reid.yaml", "- evidence: x\n  bogus: 1\n");
    let run = assess(&portfolio, &["--accept", "PC1"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("cannot be read, so nothing was recorded"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(portfolio.path().join("assessment/tom-reid.yaml")).unwrap(),
        "- evidence: x\n  bogus: 1\n"
    );
}

#[test]
fn the_report_shows_who_decided_what_and_when() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    assess(&portfolio, &["--accept", "PC1", "--date", "2026-01-05"]).code(0);
    let html = portfolio.run(&["report"]).code(0).stdout.clone();
    assert!(
        html.contains("accepted by Tom Reid on 2026-01-05"),
        "decision shown"
    );
    std::fs::write(
        portfolio.path().join("evidence/09-contacts-list.csv"),
        "edited",
    )
    .unwrap();
    let html = portfolio.run(&["report"]).code(0).stdout.clone();
    assert!(html.contains("(the evidence has changed since)"));
    let public = portfolio
        .run(&["report", "--audience", "public"])
        .code(0)
        .stdout
        .clone();
    assert!(
        !public.contains("Tom Reid on"),
        "decisions are not in the public report"
    );
    let gaps = portfolio.run(&["gaps"]).stdout.clone();
    assert!(
        gaps.contains("PC1  accepted, but the evidence has changed since"),
        "{gaps}"
    );
}

#[test]
fn status_puts_referred_and_stale_items_among_the_next_steps() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    assess(&portfolio, &["--accept", "PC1", "--refer", "KG1"]).code(0);
    std::fs::write(
        portfolio.path().join("evidence/09-contacts-list.csv"),
        "edited",
    )
    .unwrap();
    let json = portfolio
        .run(&["status", "--format", "json"])
        .code(0)
        .json();
    let next: Vec<&str> = json["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(next[0], "Respond to the assessor on referred KG1");
    assert_eq!(
        next[1],
        "Ask for a new decision on changed evidence for PC1"
    );
}
