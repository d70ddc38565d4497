//! `nosfolio finish`: a draft becomes evidence only when it is ready, and
//! only its `draft:` line changes.

use crate::support::{TempPortfolio, item_status};

/// A draft statement as `nosfolio new statement` writes it, in a copy of the
/// minimal fixture.
fn with_draft() -> (TempPortfolio, String) {
    let dir = TempPortfolio::from_fixture("valid/minimal");
    let run = dir.run(&["new", "statement", "--type", "statement-networks"]);
    let written = run.code(0).written();
    let relative = written.trim_start_matches("./").to_owned();
    (dir, relative)
}

fn status_of(dir: &TempPortfolio, id: &str) -> String {
    item_status(&dir.run(&["matrix", "--format", "json"]).code(0).json(), id)
}

#[test]
fn a_draft_is_refused_with_every_reason_and_left_unchanged() {
    let (dir, draft) = with_draft();
    let before = std::fs::read_to_string(dir.path().join(&draft)).unwrap();
    let run = dir.run(&["finish", &draft]);
    run.code(2);
    assert!(
        run.stderr
            .contains("is not ready to finish, so it is still a draft"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("- it claims nothing"), "{}", run.stderr);
    assert!(run.stderr.contains("`nosfolio claim"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("nothing is written under \"My statement\""),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&draft)).unwrap(),
        before
    );

    let json = dir
        .run(&["finish", &draft, "--format", "json"])
        .code(2)
        .json();
    assert_eq!(json["outcome"], "not_ready");
    assert_eq!(json["reasons"]["claims_nothing"], true);
    assert_eq!(json["reasons"]["unanswered"][0]["heading"], "My statement");
}

#[test]
fn a_claim_of_an_unknown_item_is_an_error_that_blocks_finishing() {
    let (dir, draft) = with_draft();
    let text = std::fs::read_to_string(dir.path().join(&draft)).unwrap();
    let text = text.replacen("claims: []", "claims: [PC99]", 1) + "I built a network.\n";
    dir.write(&draft, &text);
    let run = dir.run(&["finish", &draft]);
    run.code(2);
    assert!(run.stderr.contains("unknown item `PC99`"), "{}", run.stderr);
    assert!(!run.stderr.contains("claims nothing"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&draft)).unwrap(),
        text
    );
}

#[test]
fn a_ready_draft_counts_once_finished_and_keeps_everything_else() {
    let (dir, draft) = with_draft();
    dir.run(&["claim", &draft, "PC4", "--at", "paragraph 1"])
        .code(0);
    let path = dir.path().join(&draft);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("I joined the regional finance forum and now chair it.\n");
    std::fs::write(&path, &text).unwrap();
    assert_eq!(status_of(&dir, "PC4"), "missing", "a draft does not count");

    let run = dir.run(&["finish", &draft]);
    run.code(0);
    assert!(
        run.stdout.starts_with(&format!("finished {draft}")),
        "{}",
        run.stdout
    );
    let after = std::fs::read_to_string(&path).unwrap();
    let expected: String = text
        .lines()
        .filter(|l| !l.starts_with("draft:") && !l.contains("drafts do not count"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(after, expected, "only the draft line and its comment go");
    assert_eq!(status_of(&dir, "PC4"), "claimed");

    let again = dir
        .run(&["finish", &draft, "--format", "json"])
        .code(0)
        .json();
    assert_eq!(again["outcome"], "not_a_draft");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn a_file_that_is_not_evidence_is_refused_with_the_command_that_describes_it() {
    let dir = TempPortfolio::from_fixture("valid/minimal");
    dir.write("evidence/loose.txt", "no sidecar");
    let run = dir.run(&["finish", "evidence/loose.txt"]);
    run.code(2);
    assert!(
        run.stderr.contains("is not evidence of this portfolio"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nosfolio claim evidence/loose.txt"),
        "{}",
        run.stderr
    );
}
