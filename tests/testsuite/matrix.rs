//! `nosfolio matrix` in every format.

use crate::support::TempPortfolio;

#[test]
fn text_matrix_has_a_column_per_piece_and_a_legend() {
    let portfolio = TempPortfolio::from_fixture("valid/forms");
    let run = portfolio.run(&["matrix"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn narrow_terminals_get_a_per_item_list() {
    let portfolio = TempPortfolio::from_fixture("valid/forms");
    let run = crate::support::nosfolio(&["matrix"])
        .current_dir(portfolio.path())
        .env("COLUMNS", "50")
        .run();
    run.code(0);
    assert!(
        run.stdout.lines().all(|l| unicode_width(l) <= 50),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("evidence 3\n"), "{}", run.stdout);
    let joined = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains("○ claimed Establish boundaries of confidentiality between yourself and members of your personal networks and, where appropriate, develop guidelines for exchanging information and resources."),
        "item text wraps, never cut: {}",
        run.stdout
    );
    assert!(!run.stdout.contains("claims the item"), "{}", run.stdout);
}

fn unicode_width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    assert!(!portfolio.run(&["matrix"]).stdout.contains('\x1b'));
    assert!(
        portfolio
            .run(&["matrix", "--color", "always"])
            .stdout
            .contains("\x1b[31m")
    );
}

#[test]
fn json_matrix_keeps_items_evidence_and_summary() {
    let portfolio = TempPortfolio::from_fixture("valid/forms");
    let json = portfolio
        .run(&["matrix", "--format", "json"])
        .code(0)
        .json();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 32 + 18 + 1);
    let pc4 = items.iter().find(|i| i["id"] == "PC4").unwrap();
    assert_eq!(pc4["standard"], "mla3");
    assert_eq!(pc4["group"], "performance-criteria");
    assert_eq!(pc4["status"], "claimed");
    assert_eq!(pc4["evidence"][0], "evidence/report.txt");
    assert!(
        pc4["text"]
            .as_str()
            .unwrap()
            .starts_with("Develop your personal networks")
    );
    let op1 = items.iter().find(|i| i["id"] == "OP1").unwrap();
    assert_eq!(op1["standard"], "own-unit");
    assert_eq!(op1["status"], "claimed");
    let l33 = items
        .iter()
        .find(|i| i["standard"] == "networking" && i["id"] == "L3.3")
        .unwrap();
    assert_eq!(l33["evidence"][0], "evidence/log.md");
    assert_eq!(json["summary"]["total"], 51);
    assert_eq!(json["summary"]["claimed"], 6);
    assert_eq!(json["summary"]["missing"], 45);
    assert_eq!(json["evidence"].as_array().unwrap().len(), 3);
    assert_eq!(json["evidence"][0]["claims"][1]["standard"], "networking");
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    assert_eq!(json["candidate"], "Forms Candidate");
}

#[test]
fn csv_matrix_has_a_row_per_item_and_neutralises_formulas() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write("evidence/=cmd.txt", "x");
    portfolio.write("evidence/=cmd.txt.yaml", "title: x\nclaims: [PC6]\n");
    let run = portfolio.run(&["matrix", "--format", "csv"]);
    run.code(0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 32);
    assert_eq!(&rows[1][2], "PC2");
    assert_eq!(&rows[1][3], "claimed");
    assert_eq!(&rows[1][5], "evidence/notes.txt");
    assert_eq!(
        &rows[5][5], "evidence/=cmd.txt",
        "only a leading = is dangerous"
    );
}

#[test]
fn markdown_matrix_has_a_table_per_group() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    let run = portfolio.run(&["matrix", "--format", "md"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("### Performance Criteria (2 of 6 claimed)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| PC2 | ○ claimed | 1 |"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| PC1 | ✗ missing | — |"),
        "{}",
        run.stdout
    );
}

#[test]
fn matrix_still_renders_when_some_sidecars_are_broken() {
    let portfolio = TempPortfolio::from_fixture("invalid/many-problems");
    std::fs::remove_file(portfolio.path().join("expected.stderr")).unwrap();
    let run = portfolio.run(&["matrix", "--format", "json"]);
    run.code(2);
    let json = run.json();
    assert_eq!(json["evidence"].as_array().unwrap().len(), 3);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 5);
    assert!(run.stderr.contains("4 errors, 1 warning"), "{}", run.stderr);
}

#[test]
fn drafts_are_shown_but_not_counted() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write(
        "evidence/draft.md",
        "---\ntitle: Half-written reflection\ndraft: true\nclaims: [PC6]\n---\nSo far…\n",
    );
    let json = portfolio
        .run(&["matrix", "--format", "json"])
        .code(0)
        .json();
    let pc6 = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "PC6")
        .unwrap();
    assert_eq!(pc6["status"], "missing");
    assert_eq!(json["evidence"][0]["draft"], true);
    let run = portfolio.run(&["matrix"]);
    assert!(
        run.stdout
            .contains("Half-written reflection (draft, not counted)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("◌ a draft claims it (not counted)"),
        "{}",
        run.stdout
    );
    let check = portfolio.run(&["check", "--color", "never"]);
    check.code(0);
    assert!(
        check
            .stderr
            .contains("evidence/draft.md: warning: draft: its claims do not count as coverage yet"),
        "{}",
        check.stderr
    );
}
