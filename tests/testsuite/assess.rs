//! `nosfolio assess`: decisions pinned to evidence hashes, and the states
//! they give items.

use crate::support::{TempPortfolio, item_status, refer_on_every_piece, repo};

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
    // Three other pieces claim KG1 and await a decision: the referral of
    // this one leaves the item claimed, and this claim referred.
    assert_eq!(status(&portfolio, "KG1"), "claimed");
    let matrix = portfolio.run(&["matrix", "--format", "json"]).json();
    let kg1 = matrix["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "KG1")
        .unwrap()
        .clone();
    let states: Vec<(&str, &str)> = kg1["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["evidence"].as_str().unwrap(),
                c["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("evidence/01-personal-statement.md", "awaiting"),
            ("evidence/06-reflective-log.md", "awaiting"),
            ("evidence/09-contacts-list.csv", "referred"),
            ("evidence/12-report-shared-charging-pilot.md", "awaiting"),
        ]
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
    // A later referral supersedes an acceptance: PC1 is claimed again,
    // the other pieces claiming it awaiting a decision.
    assess(&portfolio, &["--refer", "PC1"]).code(0);
    assert_eq!(status(&portfolio, "PC1"), "claimed");
    // History is kept: every record is still in the file.
    let text = std::fs::read_to_string(portfolio.path().join("assessment/tom-reid.yaml")).unwrap();
    assert_eq!(
        text.matches("- evidence: evidence/09-contacts-list.csv")
            .count(),
        5
    );
    let matrix = portfolio.run(&["matrix"]).stdout.clone();
    assert!(matrix.contains("PC1  ○ claimed"), "{matrix}");
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
    assess(&portfolio, &["--accept", "PC1"]).code(0);
    std::fs::write(
        portfolio.path().join("evidence/09-contacts-list.csv"),
        "edited",
    )
    .unwrap();
    // Referred on the evidence as it is now (a referral of evidence that
    // changed since would be a resubmission, awaiting a new decision).
    refer_on_every_piece(portfolio.path(), "KG1");
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

/// Regression: 20 `assess` runs by one assessor at once all printed
/// "recorded", and only 3 or 4 of their decisions stayed in the append-only
/// file (each run rewrote the file from the copy it had read).
#[test]
fn concurrent_assessments_by_one_assessor_all_land_or_say_they_did_not() {
    const RUNS: usize = 20;
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let matrix = portfolio.run(&["matrix", "--format", "json"]).json();
    // Twenty different (piece, item) pairs the candidate claims.
    let pairs: Vec<(String, String)> = matrix["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"].as_str().unwrap().starts_with("evidence/"))
        .flat_map(|e| {
            let path = e["path"].as_str().unwrap().to_owned();
            e["claims"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |c| (path.clone(), c["item"].as_str().unwrap().to_owned()))
        })
        .take(RUNS)
        .collect();
    assert_eq!(pairs.len(), RUNS);
    let children: Vec<_> = pairs
        .iter()
        .enumerate()
        .map(|(n, (path, item))| {
            let comment = format!("run {n}");
            let child = crate::support::binary()
                .args([
                    "assess",
                    path,
                    "--accept",
                    item,
                    "--assessor",
                    "Tom Reid",
                    "--comment",
                    &comment,
                    "--date",
                    "2026-01-05",
                ])
                .current_dir(portfolio.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            (comment, child)
        })
        .collect();
    let runs: Vec<(String, crate::support::Run)> = children
        .into_iter()
        .map(|(comment, child)| (comment, child.wait_with_output().unwrap().into()))
        .collect();
    let text = std::fs::read_to_string(portfolio.path().join("assessment/tom-reid.yaml")).unwrap();
    let decisions = nosfolio_core::parse_decisions("tom-reid.yaml", &text)
        .unwrap_or_else(|problems| panic!("{problems:?}\n{text}"));
    let mut recorded = 0;
    for (comment, run) in &runs {
        let kept = decisions.iter().filter(|d| d.comment == *comment).count();
        if run.code == 0 {
            assert!(run.stdout.starts_with("recorded in "), "{run:#?}");
            assert_eq!(kept, 1, "{comment} said recorded\n{text}");
            recorded += 1;
        } else {
            assert!(run.stderr.contains("nothing was recorded"), "{run:#?}");
            assert_eq!(kept, 0, "{comment} said nothing was recorded\n{text}");
        }
    }
    assert_eq!(decisions.len(), recorded, "{text}");
    eprintln!("{recorded} of {RUNS} concurrent assessments recorded");
    assert_eq!(recorded, RUNS, "with a lock, every run waits its turn");
}

#[test]
fn assess_says_what_it_recorded_in_json_and_a_name_cannot_inject_records() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    // A portfolio that names no assessor takes the name given.
    let manifest = portfolio.path().join("portfolio.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("assessor: Tom Reid\n", "")).unwrap();
    let name = "Tom Reid\n- evidence: evidence/09-contacts-list.csv\n  decision: accepted";
    let run = portfolio.run(&[
        "assess",
        "evidence/09-contacts-list.csv",
        "--accept",
        "PC1",
        "--refer",
        "B4",
        "--assessor",
        name,
        "--comment",
        "Seen.\n- item: PC4",
        "--date",
        "2026-01-05",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    let file = json["recorded_in"].as_str().unwrap().to_owned();
    assert_eq!(
        file,
        "assessment/tom-reid-evidence-evidence-09-contacts-list-csv-decision-acc.yaml"
    );
    assert_eq!(json["evidence"], "evidence/09-contacts-list.csv");
    assert_eq!(json["accepted"], serde_json::json!(["PC1"]));
    assert_eq!(json["referred"], serde_json::json!(["B4"]));
    assert_eq!(json["date"], "2026-01-05");
    assert_eq!(
        (json["added"].as_u64(), json["total"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(json["sha256"].as_str().unwrap().len(), 64);
    let text = std::fs::read_to_string(portfolio.path().join(&file)).unwrap();
    let decisions = nosfolio_core::parse_decisions(&file, &text).unwrap();
    assert_eq!(decisions.len(), 2, "{text}");
    // A name is one line: its line breaks become spaces.
    let one_line = name.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(decisions.iter().all(|d| d.assessor == one_line), "{text}");
    assert_eq!(
        status(&portfolio, "PC4"),
        "claimed",
        "no record was injected"
    );
    portfolio.run(&["check"]).code(0);
}

/// Regression: a decision file whose name was not UTF-8 vanished without a
/// word, and the referral it held went with it. Every entry of
/// `assessment/` that cannot be read as decisions is now an error `check`
/// reports, naming it.
#[cfg(unix)]
#[test]
fn every_unreadable_decision_file_is_reported_and_none_vanishes() {
    use std::os::unix::ffi::OsStrExt as _;

    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    refer_on_every_piece(portfolio.path(), "KG1");
    let folder = portfolio.path().join("assessment");
    std::fs::rename(
        folder.join("tom-reid.yaml"),
        folder.join(std::ffi::OsStr::from_bytes(b"tom-r\xe9id.yaml")),
    )
    .unwrap();
    let check = portfolio.run(&["check", "--color", "never"]);
    check.code(2);
    assert!(
        check
            .stderr
            .contains("assessment/tom-r\u{fffd}id.yaml: error: file name is not valid UTF-8"),
        "{}",
        check.stderr
    );
    // The referral it holds still counts.
    assert_eq!(status(&portfolio, "KG1"), "referred");

    std::fs::create_dir(folder.join("old.yaml")).unwrap();
    std::os::unix::fs::symlink(
        "../evidence/09-contacts-list.csv.yaml",
        folder.join("link.yaml"),
    )
    .unwrap();
    portfolio.write("assessment/bad.yaml", "- evidence: x\n  bogus: 1\n");
    portfolio.write("assessment/binary.yaml", b"- evidence: \xff\n");
    portfolio.write("assessment/notes.txt", "Call Tom on Monday.");
    portfolio.write("assessment/huge.yaml", vec![b'#'; 16 * 1024 * 1024 + 1]);
    portfolio.write("assessment/.nosfolio-tmp123", "half a write in progress");
    let check = portfolio.run(&["check", "--color", "never"]);
    check.code(2);
    for expected in [
        "assessment/old.yaml: error: cannot read `assessment/old.yaml`: not a regular file",
        "assessment/link.yaml: error: cannot read `assessment/link.yaml`: not a regular file",
        "assessment/bad.yaml:2:3: error: unknown key `bogus`",
        "assessment/binary.yaml: error: not UTF-8 text",
        "assessment/notes.txt: error: cannot read `assessment/notes.txt`: not a decision file",
        "assessment/huge.yaml: error: file is 16777217 bytes, larger than",
    ] {
        assert!(
            check.stderr.contains(expected),
            "{expected}\n{}",
            check.stderr
        );
    }
    assert!(!check.stderr.contains(".nosfolio-tmp"), "{}", check.stderr);
    let json = portfolio.run(&["check", "--format", "json"]).json();
    let errors = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().starts_with("assessment/"))
        .count();
    assert_eq!(errors, 7, "{json:#}");
}

/// `--assessor` is the portfolio's assessor unless given, and another name
/// is refused; a comment belongs to the decision on one item.
#[test]
fn decisions_are_the_portfolios_assessors_with_a_comment_each() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let file = "evidence/09-contacts-list.csv";
    let refused = portfolio.run(&[
        "assess",
        file,
        "--accept",
        "PC4",
        "--comment",
        "Seen.",
        "--assessor",
        "Tom Nobody",
    ]);
    assert_ne!(refused.code, 0, "{refused:#?}");
    assert!(
        refused.stderr.contains(
            "Tom Nobody is not listed as an assessor of this portfolio (portfolio.yaml lists assessors Tom Reid), so nothing was recorded"
        ),
        "{refused:#?}"
    );
    assert!(
        !portfolio.path().join("assessment").exists(),
        "nothing written"
    );

    let unexplained = portfolio.run(&[
        "assess",
        file,
        "--accept",
        "PC1,B4",
        "--comment-on",
        "PC1=Good",
    ]);
    assert_ne!(unexplained.code, 0);
    assert!(
        unexplained
            .stderr
            .contains("B4 has no comment: say why with --comment, or --comment-on B4=TEXT"),
        "{unexplained:#?}"
    );

    portfolio
        .run(&[
            "assess",
            file,
            "--accept",
            "PC1,B4",
            "--comment-on",
            "PC1=Good annotations of each contact",
            "--comment",
            "Seen in the list.",
        ])
        .code(0);
    let text = std::fs::read_to_string(portfolio.path().join("assessment/tom-reid.yaml")).unwrap();
    assert!(
        text.contains(
            "item: mla3:PC1\n  decision: accepted\n  comment: Good annotations of each contact\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("item: mla3:B4\n  decision: accepted\n  comment: Seen in the list.\n"),
        "{text}"
    );
    assert!(text.contains("assessor: Tom Reid"), "{text}");
}

/// The report shows where each claim stands beside a decided one; the
/// public version, which shows no decisions, shows no states.
#[test]
fn the_report_shows_each_claims_state_where_one_is_decided() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    assess(&portfolio, &["--refer", "KG1"]).code(0);
    portfolio.run(&["report", "-o", "report.html"]).code(0);
    let html = std::fs::read_to_string(portfolio.path().join("report.html")).unwrap();
    assert_eq!(html.matches("claim-state referred\">referred").count(), 1);
    // KG1's three other pieces await a decision; no other item has one.
    assert_eq!(html.matches("claim-state awaiting\">awaiting").count(), 3);
    portfolio
        .run(&["report", "--audience", "public", "-o", "public.html"])
        .code(0);
    let public = std::fs::read_to_string(portfolio.path().join("public.html")).unwrap();
    assert!(
        !public.contains("class=\"status claim-state"),
        "no state in the public version"
    );
}

#[test]
fn the_markdown_report_shows_each_claims_state_too() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    assess(&portfolio, &["--refer", "KG1"]).code(0);
    let md = portfolio.run(&["report", "--format", "md"]);
    md.code(0);
    assert!(
        md.stdout
            .contains("  - evidence 9: Annotated contacts list (export, June 2025) [referred]"),
        "{}",
        md.stdout
    );
    assert_eq!(md.stdout.matches("[awaiting]").count(), 3);
}
