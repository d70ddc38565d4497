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

/// Twenty different items, one for each of twenty runs at once.
const TWENTY: [&str; 20] = [
    "PC1", "PC2", "PC3", "PC4", "PC5", "PC6", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9",
    "B10", "KG1", "KG2", "KG3", "KG4",
];

/// Runs `nosfolio claim FILE ITEM` for each of [`TWENTY`] at once, in the
/// portfolio, and checks that every claim is in the file afterwards, or
/// that a run that lost said so, exited non-zero and left its item out.
fn twenty_claims_at_once(portfolio: &TempPortfolio, file: &str, sidecar: &str) {
    let runs: Vec<_> = TWENTY
        .iter()
        .map(|item| {
            let child = crate::support::binary()
                .args(["claim", file, item])
                .current_dir(portfolio.path())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            (*item, child)
        })
        .collect();
    let outputs: Vec<_> = runs
        .into_iter()
        .map(|(item, child)| (item, child.wait_with_output().unwrap()))
        .collect();
    let text = read(portfolio, sidecar);
    let (meta, problems) = nosfolio_core::parse_meta(sidecar, &text, 0);
    assert!(problems.is_empty(), "{problems:?}\n{text}");
    let claimed: Vec<String> = meta
        .unwrap()
        .claims
        .into_iter()
        .map(|c| c.item.value)
        .collect();
    let mut landed = 0;
    for (item, output) in &outputs {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            assert!(
                claimed.iter().any(|c| c == item),
                "`claim {item}` said it succeeded ({}), but {sidecar} does not claim it:\n{text}",
                String::from_utf8_lossy(&output.stdout)
            );
            landed += 1;
        } else {
            assert!(
                stderr.contains("nothing was written"),
                "`claim {item}` failed without saying that nothing was written: {stderr}"
            );
            assert!(
                !claimed.iter().any(|c| c == item),
                "`claim {item}` failed, yet {sidecar} claims it"
            );
        }
    }
    assert_eq!(
        claimed.len(),
        landed,
        "each claim once, one per run that succeeded:\n{text}"
    );
    portfolio.run(&["check"]).code(0);
}

/// Regression: twenty `claim`s at once on one file all printed "added" and
/// exited 0, and only two or three of the claims survived.
#[test]
fn concurrent_claims_on_a_described_file_all_land() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write("evidence/email.eml", "From: me");
    portfolio.write("evidence/email.eml.yaml", "title: Email\nclaims: []\n");
    twenty_claims_at_once(&portfolio, "evidence/email.eml", "evidence/email.eml.yaml");
}

/// The same, on a file with no sidecar yet: one run creates it, the others
/// add to it.
#[test]
fn concurrent_claims_on_an_undescribed_file_all_land() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write("evidence/minutes.pdf", "%PDF");
    twenty_claims_at_once(
        &portfolio,
        "evidence/minutes.pdf",
        "evidence/minutes.pdf.yaml",
    );
}

#[test]
fn a_piece_of_several_files_gets_one_sidecar_and_any_of_its_files_edits_it() {
    let portfolio = portfolio();
    portfolio.write("evidence/statement-p1.png", "page one");
    portfolio.write("evidence/statement-p2.png", "page two");
    let run = portfolio.run(&[
        "claim",
        "evidence/statement-p1.png",
        "PC4",
        "--with",
        "evidence/statement-p2.png",
        "--type",
        "witness-networks",
        "--date",
        "2025-05-02",
        "--witness-name",
        "Sam Lee",
        "--witness-role",
        "Head of Finance",
        "--witness-organisation",
        "Acme: Ltd",
        "--witness-relationship",
        "Her line manager since 2023",
        "--witness-date",
        "2025-05-03",
        "--witness-contact",
        "sam@example.org",
    ]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "wrote evidence/statement-p1.yaml claiming PC4\n  files of the piece added: evidence/statement-p2.png\n"
    );
    assert_eq!(
        read(&portfolio, "evidence/statement-p1.yaml"),
        "title: statement-p1.png\ndate: 2025-05-02\ntype: witness-networks\nconfidentiality: assessor\nfiles:\n  - statement-p1.png\n  - statement-p2.png\nwitness:\n  name: Sam Lee\n  role: Head of Finance\n  organisation: \"Acme: Ltd\"\n  relationship: Her line manager since 2023\n  date: 2025-05-03\n  contact: sam@example.org\nclaims:\n  - PC4\n"
    );
    // `check` reads it as one piece of two files, with nothing unclaimed.
    portfolio.run(&["check"]).code(0);
    // The report says who the witness is to the candidate.
    portfolio.run(&["report", "-o", "report.html"]).code(0);
    let html = std::fs::read_to_string(portfolio.path().join("report.html")).unwrap();
    assert!(
        html.contains(
            "Sam Lee, Head of Finance, Acme: Ltd; Her line manager since 2023 (2025-05-03)"
        ),
        "the witness's relationship is in the report"
    );
    let scan = portfolio.run(&["scan", "--format", "json"]);
    let pieces = scan.json()["evidence"].as_array().unwrap().clone();
    let piece = pieces
        .iter()
        .find(|p| p["path"] == "evidence/statement-p1.yaml")
        .unwrap_or_else(|| panic!("{pieces:#?}"));
    let files: Vec<&str> = piece["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["evidence/statement-p1.png", "evidence/statement-p2.png"]
    );

    // Claiming for the second page edits the piece's sidecar, and creates
    // no sidecar for the page.
    let run = portfolio.run(&[
        "claim",
        "evidence/statement-p2.png",
        "B3",
        "--witness-role",
        "Finance Director",
    ]);
    run.code(0);
    assert_eq!(run.stdout, "evidence/statement-p1.yaml: added B3\n");
    assert!(
        !portfolio
            .path()
            .join("evidence/statement-p2.png.yaml")
            .exists()
    );
    let text = read(&portfolio, "evidence/statement-p1.yaml");
    assert!(
        text.contains("  role: Finance Director\n  organisation: \"Acme: Ltd\"\n"),
        "{text}"
    );
    assert!(text.ends_with("claims:\n  - PC4\n  - B3\n"), "{text}");
    portfolio.run(&["check"]).code(0);

    // A third page joins the piece.
    portfolio.write("evidence/statement-p3.png", "page three");
    portfolio
        .run(&[
            "claim",
            "evidence/statement-p1.png",
            "PC4",
            "--with",
            "evidence/statement-p3.png",
        ])
        .code(0);
    assert!(
        read(&portfolio, "evidence/statement-p1.yaml")
            .contains("  - statement-p2.png\n  - statement-p3.png\nwitness:"),
    );
    portfolio.run(&["check"]).code(0);
}

#[test]
fn a_file_of_another_piece_cannot_join_and_check_reports_one_listed_twice() {
    let portfolio = portfolio();
    portfolio.write("evidence/p1.png", "one");
    portfolio.write("evidence/p2.png", "two");
    let run = portfolio.run(&[
        "claim",
        "evidence/p1.png",
        "PC4",
        "--with",
        "evidence/email.eml",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "evidence/email.eml is already part of the piece described by evidence/email.eml.yaml; nothing was written"
        ),
        "{}",
        run.stderr
    );
    assert!(!portfolio.path().join("evidence/p1.yaml").exists());

    // Written by hand: two descriptions listing one file.
    portfolio.write(
        "evidence/a.yaml",
        "title: A\nfiles: [p1.png]\nclaims: [PC1]\n",
    );
    portfolio.write(
        "evidence/b.yaml",
        "title: B\nfiles:\n  - p2.png\n  - p1.png\nclaims: [PC2]\n",
    );
    let run = portfolio.run(&["check", "--color", "never"]);
    assert!(
        run.stderr.contains(
            "evidence/b.yaml:4:5: warning: `evidence/p1.png` is also part of the piece described by `evidence/a.yaml`"
        ),
        "{}",
        run.stderr
    );
    let run = portfolio.run(&["claim", "evidence/p1.png", "B1"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("evidence/p1.png is part of two pieces of evidence, described by evidence/a.yaml and evidence/b.yaml; nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_witness_needs_a_name_and_a_role() {
    let portfolio = portfolio();
    let run = portfolio.run(&[
        "claim",
        "evidence/email.eml",
        "B3",
        "--witness-name",
        "Sam Lee",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("a witness needs a name and a role"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&portfolio, "evidence/email.eml.yaml"), SIDECAR);
}

#[test]
fn a_new_sidecar_takes_what_the_file_says() {
    let portfolio = portfolio();
    portfolio.write(
        "evidence/thanks.eml",
        "From: Sam Lee <sam@example.org>\r\nTo: me@example.org\r\nSubject: =?utf-8?q?Thanks_for_the_introduction?=\r\nDate: Wed, 2 Apr 2025 09:15:00 +0100\r\n\r\nBody: not a header.\r\n",
    );
    let run = portfolio.run(&["claim", "evidence/thanks.eml", "PC2"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "wrote evidence/thanks.eml.yaml claiming PC2\n  filled from the file: title, date, type\n"
    );
    assert_eq!(
        read(&portfolio, "evidence/thanks.eml.yaml"),
        "title: Thanks for the introduction\ndate: 2025-04-02\ntype: correspondence\nconfidentiality: assessor\nclaims:\n  - PC2\n"
    );

    // What the user says wins.
    portfolio.write(
        "evidence/again.eml",
        "Subject: Old\nDate: 1 Jan 2024 10:00:00 +0000\n\nx\n",
    );
    let run = portfolio.run(&[
        "claim",
        "evidence/again.eml",
        "PC2",
        "--title",
        "Mine",
        "--type",
        "reports",
    ]);
    run.code(0);
    assert_eq!(
        read(&portfolio, "evidence/again.eml.yaml"),
        "title: Mine\ndate: 2024-01-01\ntype: reports\nconfidentiality: assessor\nclaims:\n  - PC2\n"
    );
    assert!(
        run.stdout.ends_with("filled from the file: date\n"),
        "{}",
        run.stdout
    );

    portfolio.write(
        "evidence/plan.md",
        "Some notes.\n\n## My networking plan\n\nText.\n",
    );
    portfolio.run(&["claim", "evidence/plan.md", "PC1"]).code(0);
    assert!(read(&portfolio, "evidence/plan.md.yaml").starts_with("title: My networking plan\n"),);
    portfolio.run(&["check"]).code(0);
}

#[test]
fn unclaiming_the_last_item_keeps_the_sidecar_and_warns() {
    let portfolio = portfolio();
    portfolio.write("evidence/one.txt", "x");
    portfolio.write(
        "evidence/one.txt.yaml",
        "title: One # mine\nclaims: [PC1]\n",
    );
    let run = portfolio.run(&["unclaim", "evidence/one.txt", "PC1", "--color", "never"]);
    run.code(0);
    assert_eq!(run.stdout, "evidence/one.txt.yaml: removed PC1\n");
    assert!(
        run.stderr
            .contains("evidence/one.txt.yaml: warning: this evidence claims no items\n  help: claim the items it evidences with `nosfolio claim FILE ITEM…`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(&portfolio, "evidence/one.txt.yaml"),
        "title: One # mine\nclaims: []\n"
    );
}

#[test]
fn claim_and_unclaim_say_what_they_did_in_json() {
    let portfolio = portfolio();
    let run = portfolio.run(&[
        "claim",
        "evidence/email.eml",
        "B3",
        "PC2",
        "KC1",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["description"], "evidence/email.eml.yaml");
    assert_eq!(json["created"], false);
    assert_eq!(json["written"], true);
    assert_eq!(json["added"], serde_json::json!(["B3", "KC1"]));
    assert_eq!(json["already_claimed"], serde_json::json!(["PC2"]));
    assert_eq!(json["files_added"], serde_json::json!([]));
    assert_eq!(json["warnings"][0]["code"], "unsupported-claim");

    let run = portfolio.run(&[
        "unclaim",
        "evidence/email.eml",
        "B3",
        "PC6",
        "--format",
        "json",
    ]);
    run.code(0);
    assert_eq!(
        run.json(),
        serde_json::json!({
            "description": "evidence/email.eml.yaml",
            "removed": ["B3"],
            "not_claimed": ["PC6"],
            "warnings": [],
        })
    );
}

#[test]
fn only_evidence_is_claimed_for() {
    let portfolio = portfolio();
    portfolio.write("notes.txt", "x");
    let run = portfolio.run(&["claim", "notes.txt", "PC1"]);
    run.code(2);
    assert!(
        run.stderr.contains("notes.txt is not evidence"),
        "{}",
        run.stderr
    );
    assert!(!portfolio.path().join("notes.txt.yaml").exists());
}

/// Text YAML reads as something else unless written with care (the
/// security tests' corpus): whatever the candidate types reads back as typed.
#[test]
fn hostile_text_reads_back_as_typed() {
    let portfolio = portfolio();
    let corpus = [
        "a\u{2028}b\u{2029}c",
        ", leading comma",
        "key: value",
        "# not a comment",
        "quotes \" and ' and \\",
        "line one\nline two",
        "yes",
        "- dash",
        "=HYPERLINK(\"http://evil.example\")<script>\u{1b}[31m\u{202e}\r\nInjected: yes",
    ];
    for (n, text) in corpus.iter().enumerate() {
        let file = format!("evidence/f{n}.txt");
        portfolio.write(&file, "x");
        // `--key=value`: a value may start with a dash.
        let option = |key: &str| format!("--{key}={text}");
        let new = [
            option("title"),
            option("at"),
            option("note"),
            option("witness-name"),
            option("witness-role"),
            option("witness-contact"),
        ];
        let mut args = vec!["claim", file.as_str(), "PC1"];
        args.extend(new.iter().map(String::as_str));
        portfolio.run(&args).code(0);
        // And again in place, over what is there.
        let edit = [
            option("title"),
            option("note"),
            option("witness-organisation"),
            option("witness-relationship"),
        ];
        let mut args = vec!["claim", file.as_str(), "B1"];
        args.extend(edit.iter().map(String::as_str));
        portfolio.run(&args).code(0);
        let sidecar = format!("{file}.yaml");
        let written = read(&portfolio, &sidecar);
        let (meta, problems) = nosfolio_core::parse_meta(&sidecar, &written, 0);
        assert!(problems.is_empty(), "{text:?}: {problems:?}\n{written}");
        let meta = meta.unwrap();
        assert_eq!(meta.title.as_deref(), Some(text.trim()), "{written}");
        let witness = meta.witness.unwrap();
        assert_eq!(witness.name, *text, "{written}");
        assert_eq!(witness.organisation.as_deref(), Some(*text), "{written}");
        assert_eq!(witness.relationship.as_deref(), Some(*text), "{written}");
        assert_eq!(witness.contact.as_deref(), Some(*text), "{written}");
        let claims: Vec<_> = meta
            .claims
            .iter()
            .map(|c| (c.item.value.as_str(), c.note.as_deref()))
            .collect();
        assert_eq!(
            claims,
            [("PC1", Some(text.trim())), ("B1", Some(text.trim()))],
            "{written}"
        );
    }
    portfolio.run(&["check"]).code(0);
}
