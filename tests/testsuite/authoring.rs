//! `nosfolio init` and `nosfolio new`: files written for the candidate.

use crate::support::TempPortfolio;

#[test]
fn init_writes_a_portfolio_that_checks_clean() {
    let dir = TempPortfolio::empty();
    let run = dir.run(&[
        "init",
        "mine",
        "--candidate",
        "Jo O'Neil: \"JJ\"",
        "--standard",
        "mla3",
        "--standard",
        "networking",
        "--assessor",
        "Tom Reid",
    ]);
    run.code(0);
    let manifest = std::fs::read_to_string(dir.path().join("mine/portfolio.yaml")).unwrap();
    assert!(
        manifest.contains("candidate: \"Jo O'Neil: \\\"JJ\\\"\""),
        "{manifest}"
    );
    assert!(dir.path().join("mine/evidence").is_dir());
    assert!(dir.path().join("mine/network").is_dir());
    assert!(dir.path().join("mine/HOW-TO.md").is_file());
    let json = dir
        .run(&["matrix", "mine", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(json["candidate"], "Jo O'Neil: \"JJ\"");
    assert_eq!(json["assessor"], "Tom Reid");
    assert_eq!(json["summary"]["total"], 32 + 18);
}

#[test]
fn init_never_touches_an_existing_portfolio_and_checks_before_writing() {
    let dir = TempPortfolio::from_fixture("valid/minimal");
    let before = std::fs::read_to_string(dir.path().join("portfolio.yaml")).unwrap();
    let run = dir.run(&["init", "--candidate", "Someone Else"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("already has a portfolio.yaml: nothing was changed"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("portfolio.yaml")).unwrap(),
        before
    );

    let empty = TempPortfolio::empty();
    let run = empty.run(&["init", "new", "--candidate", "A", "--standard", "mla4"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("unknown standard `mla4`: nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!empty.path().join("new").exists());
}

#[test]
fn a_reflection_draft_carries_the_question_prompts_and_claims() {
    let dir = TempPortfolio::empty();
    dir.run(&[
        "init",
        "--candidate",
        "A",
        "--standard",
        "mla3",
        "--standard",
        "networking",
    ])
    .code(0);
    let run = dir.run(&[
        "new",
        "reflection",
        "--standard",
        "networking",
        "--level",
        "3",
        "--question",
        "2",
    ]);
    run.code(0);
    let written = run.written();
    let text = std::fs::read_to_string(dir.path().join(&written)).unwrap();
    assert!(text.contains("draft: true"));
    assert!(text.contains("type: reflective-logs"));
    assert!(
        text.contains("claims:\n  - L3.1\n  - L3.2\n  - L3.3\n"),
        "{text}"
    );
    assert!(text.contains("Describe a time when you developed a network of contacts in order to address a specific need."));
    assert!(text.contains("- How did you build this network of contacts?"));
    for heading in ["## Situation", "## Task", "## Action", "## Result"] {
        assert!(text.contains(heading), "{heading}");
    }
    // A draft is shown but not counted.
    let json = dir.run(&["matrix", "--format", "json"]).code(0).json();
    assert_eq!(json["summary"]["claimed"], 0);
    assert_eq!(json["evidence"][0]["draft"], true);
    // A second one never replaces the first.
    let again = dir.run(&[
        "new",
        "reflection",
        "--standard",
        "networking",
        "--level",
        "3",
        "--question",
        "2",
    ]);
    again.code(0);
    assert!(again.stdout.contains("-2.md"), "{}", again.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&written)).unwrap(),
        text
    );
}

#[test]
fn ids_are_qualified_when_frameworks_share_them() {
    let dir = TempPortfolio::empty();
    dir.run(&[
        "init",
        "--candidate",
        "A",
        "--standard",
        "networking",
        "--standard",
        "develops-networks",
    ])
    .code(0);
    let run = dir.run(&[
        "new",
        "reflection",
        "--standard",
        "develops-networks",
        "--level",
        "2",
    ]);
    run.code(0);
    let check = dir.run(&["check", "--color", "never"]);
    check.code(0);
    let written = run.written();
    let text = std::fs::read_to_string(dir.path().join(&written)).unwrap();
    assert!(text.contains("  - develops-networks:L2.1\n"), "{text}");
    assert!(
        !text.contains("type:"),
        "no reflective-logs type without M&LA3: {text}"
    );
}

#[test]
fn a_statement_draft_lists_what_its_type_supports() {
    let dir = TempPortfolio::empty();
    dir.run(&["init", "--candidate", "A"]).code(0);
    let run = dir.run(&["new", "statement", "--type", "statement-networks"]);
    run.code(0);
    let written = run.written();
    let text = std::fs::read_to_string(dir.path().join(&written)).unwrap();
    assert!(text.contains("type: statement-networks"));
    assert!(text.contains("claims: []"));
    assert!(
        text.contains("- **KG7** The principles of confidentiality"),
        "{text}"
    );
}

#[test]
fn bad_levels_questions_and_standards_are_explained() {
    let dir = TempPortfolio::empty();
    dir.run(&["init", "--candidate", "A", "--standard", "networking"])
        .code(0);
    let run = dir.run(&[
        "new",
        "reflection",
        "--standard",
        "networking",
        "--level",
        "9",
    ]);
    run.code(2);
    assert!(run.stderr.contains("has no level 9"), "{}", run.stderr);
    let run = dir.run(&[
        "new",
        "reflection",
        "--standard",
        "networking",
        "--level",
        "1",
        "--question",
        "5",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("--question takes 1 to 2"),
        "{}",
        run.stderr
    );
    let run = dir.run(&[
        "new",
        "reflection",
        "--standard",
        "develops-networks",
        "--level",
        "2",
    ]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`nosfolio standards use develops-networks` adds it"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_says_what_it_wrote_in_json() {
    let dir = TempPortfolio::empty();
    dir.run(&["init", "--candidate", "A"]).code(0);
    let json = dir
        .run(&[
            "new",
            "statement",
            "--type",
            "statement-networks",
            "--format",
            "json",
        ])
        .code(0)
        .json();
    let path = json["path"].as_str().unwrap();
    assert!(
        path.starts_with("evidence/personal-statement-statement-networks-")
            && path.ends_with(".md"),
        "{json}"
    );
    assert_eq!(json["type"], "statement-networks");
    assert_eq!(json["draft"], true);
    assert_eq!(json["claims"], serde_json::json!([]));
    let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
    assert!(
        text.contains(&format!("{}\ndraft: true\n", nosfolio_core::DRAFT_COMMENT)),
        "the comment `finish` removes stands above `draft: true`: {text}"
    );
    let matrix = dir.run(&["matrix", "--format", "json"]).code(0).json();
    assert_eq!(matrix["evidence"][0]["path"], path);
    assert_eq!(matrix["evidence"][0]["draft"], true);
}

#[test]
fn init_says_what_it_did_in_json_and_keeps_an_existing_how_to() {
    let dir = TempPortfolio::empty();
    dir.write("p/HOW-TO.md", "my own notes");
    let json = dir
        .run(&["init", "p", "--candidate", "A", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(json["written"], serde_json::json!(["p/portfolio.yaml"]));
    assert_eq!(json["kept"], serde_json::json!(["p/HOW-TO.md"]));
    assert_eq!(
        json["folders"],
        serde_json::json!(["p/evidence", "p/network"])
    );
    assert_eq!(json["evidence"], "p/evidence");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p/HOW-TO.md")).unwrap(),
        "my own notes"
    );
    dir.run(&["check", "p"]).code(0);
}
