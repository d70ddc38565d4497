//! `nosfolio claim` and `nosfolio unclaim`: edits that keep what the candidate wrote.

use crate::support::TempPortfolio;

const SIDECAR: &str = "# Notes for my assessor: see point 3.\ntitle: Email to Finance\ndate: 2025-04-02\ntype: correspondence\nclaims:\n  - PC2   # the main one\n  - item: PC3\n    at: point 3\n\n# witness to follow\n";

fn portfolio() -> TempPortfolio {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write("evidence/email.eml", "From: me");
    portfolio.write("evidence/email.eml.yaml", SIDECAR);
    portfolio
}

fn read(portfolio: &TempPortfolio, path: &str) -> String {
    std::fs::read_to_string(portfolio.path().join(path)).unwrap()
}

#[test]
fn claiming_keeps_comments_and_does_not_repeat_claims() {
    let portfolio = portfolio();
    let run = portfolio.run(&[
        "claim",
        "evidence/email.eml",
        "B3",
        "PC2",
        "PC5",
        "--at",
        "point 4",
        "--note",
        "Used their template.",
    ]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "evidence/email.eml.yaml: added B3, PC5; already claimed: PC2\n"
    );
    assert_eq!(
        read(&portfolio, "evidence/email.eml.yaml"),
        format!("{}", SIDECAR.replace(
            "    at: point 3\n",
            "    at: point 3\n  - item: B3\n    at: point 4\n    note: Used their template.\n  - item: PC5\n    at: point 4\n    note: Used their template.\n"
        ))
    );
    portfolio.run(&["check"]).code(0);
}

#[test]
fn a_new_sidecar_is_written_for_an_undescribed_file() {
    let portfolio = portfolio();
    portfolio.write("evidence/minutes.pdf", "%PDF");
    let run = portfolio.run(&[
        "claim",
        "evidence/minutes.pdf",
        "PC1",
        "--type",
        "attendance-records",
        "--date",
        "2025-05-01",
        "--confidentiality",
        "private",
    ]);
    run.code(0);
    assert_eq!(
        read(&portfolio, "evidence/minutes.pdf.yaml"),
        "title: minutes.pdf\ndate: 2025-05-01\ntype: attendance-records\nconfidentiality: private\nclaims:\n  - PC1\n"
    );
    portfolio.run(&["check"]).code(0);
}

#[test]
fn nothing_is_written_when_an_id_is_wrong() {
    let portfolio = portfolio();
    let run = portfolio.run(&[
        "claim",
        "evidence/email.eml",
        "B3",
        "PC7",
        "--date",
        "2025-02-30",
    ]);
    run.code(2);
    assert!(run.stderr.contains("unknown item `PC7`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `PC1`, `PC2` or `PC3`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(read(&portfolio, "evidence/email.eml.yaml"), SIDECAR);
    let run = portfolio.run(&["claim", "evidence/email.eml", "B3", "--type", "emails"]);
    run.code(2);
    assert_eq!(read(&portfolio, "evidence/email.eml.yaml"), SIDECAR);
}

#[test]
fn layouts_it_cannot_keep_need_force() {
    let portfolio = portfolio();
    let awkward = "title: Notes # from the meeting\nclaims: [PC1,\n  PC2]\n";
    portfolio.write("evidence/notes.txt.yaml", awkward);
    let run = portfolio.run(&[
        "claim",
        "evidence/notes.txt",
        "B4",
        "--title",
        "Meeting notes",
    ]);
    run.code(2);
    assert!(
        run.stderr
            .contains("cannot keep the comments and layout of evidence/notes.txt.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(read(&portfolio, "evidence/notes.txt.yaml"), awkward);
    portfolio
        .run(&[
            "claim",
            "evidence/notes.txt",
            "B4",
            "--title",
            "Meeting notes",
            "--force",
        ])
        .code(0);
    assert_eq!(
        read(&portfolio, "evidence/notes.txt.yaml"),
        "title: Meeting notes\nconfidentiality: assessor\nclaims:\n  - PC1\n  - PC2\n  - B4\n"
    );
}

#[test]
fn front_matter_is_edited_in_place() {
    let portfolio = portfolio();
    let log = "---\ntitle: Log\ntype: reflective-logs\nclaims: [B10]\n---\n# Log\n\nBody stays.\n";
    portfolio.write("evidence/log.md", log);
    portfolio.run(&["claim", "evidence/log.md", "B9"]).code(0);
    assert_eq!(
        read(&portfolio, "evidence/log.md"),
        log.replace("[B10]", "[B10, B9]")
    );
    portfolio
        .run(&["unclaim", "evidence/log.md", "B10"])
        .code(0);
    assert_eq!(
        read(&portfolio, "evidence/log.md"),
        log.replace("[B10]", "[B9]")
    );
}

#[test]
fn unclaiming_removes_only_the_entries() {
    let portfolio = portfolio();
    let run = portfolio.run(&["unclaim", "evidence/email.eml", "PC3", "KC1"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "evidence/email.eml.yaml: removed PC3; not claimed: KC1\n"
    );
    assert_eq!(
        read(&portfolio, "evidence/email.eml.yaml"),
        SIDECAR.replace("  - item: PC3\n    at: point 3\n", "")
    );
    let run = portfolio.run(&["unclaim", "evidence/email.eml", "KC1"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("does not claim KC1: nothing was changed"),
        "{}",
        run.stderr
    );
}

#[test]
fn claims_the_table_does_not_support_are_written_with_a_warning() {
    let portfolio = portfolio();
    let run = portfolio.run(&["claim", "evidence/email.eml", "KC1", "--color", "never"]);
    run.code(0);
    assert!(
        run.stderr
            .contains("warning: evidence of type `correspondence` does not support `KC1`"),
        "{}",
        run.stderr
    );
}

#[test]
fn files_outside_a_portfolio_or_missing_are_refused() {
    let outside = TempPortfolio::empty();
    outside.write("a.txt", "x");
    let run = outside.run(&["claim", "a.txt", "PC1"]);
    run.code(2);
    assert!(
        run.stderr.contains("is not inside a portfolio"),
        "{}",
        run.stderr
    );
    let portfolio = portfolio();
    let run = portfolio.run(&["claim", "evidence/nothing.pdf", "PC1"]);
    run.code(2);
    assert!(
        run.stderr.contains("evidence/nothing.pdf does not exist"),
        "{}",
        run.stderr
    );
}
