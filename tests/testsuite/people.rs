//! `nosfolio people`: the candidate, the assessors and the IQAs set by
//! command, `portfolio.yaml` edited in place, and `assess` recording
//! decisions only in the names of those listed.

use crate::support::{TempPortfolio, repo};

/// Priya's example portfolio, its `portfolio.yaml` commented as a centre
/// might have left it.
fn commented() -> TempPortfolio {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    portfolio.write(
        "portfolio.yaml",
        "# Priya's portfolio: ask the centre before changing it\ncandidate: Priya Shah\nstandards: [mla3]   # the unit she is registered on\nassessor: Tom Reid\n\n# Target agreed at the first review\n",
    );
    portfolio
}

fn manifest(portfolio: &TempPortfolio) -> String {
    std::fs::read_to_string(portfolio.path().join("portfolio.yaml")).unwrap()
}

fn accept(portfolio: &TempPortfolio, item: &str, extra: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "assess",
        "evidence/09-contacts-list.csv",
        "--accept",
        item,
        "--comment",
        "Seen.",
    ];
    args.extend_from_slice(extra);
    portfolio.run(&args)
}

#[test]
fn people_set_by_command_keep_every_other_line_and_comment() {
    let portfolio = commented();
    let shown = portfolio.run(&["people"]);
    assert_eq!(
        shown.code(0).stdout,
        "Candidate: Priya Shah\nAssessors: Tom Reid\nIQAs: none listed: `nosfolio people add NAME --role iqa` lists one\n\
         Job title: not given\nOrganisation: not given\nCentre: not given\nQualification: not given\n\
         \x20 help: `nosfolio people details --job-title TITLE --organisation NAME --centre NAME --qualification NAME` sets what the report's cover gives\n"
    );

    let added = portfolio.run(&["people", "add", "Ann  Lee", "--role", "assessor"]);
    assert!(
        added
            .code(0)
            .stdout
            .starts_with("added Ann Lee as an assessor\nCandidate: Priya Shah\nAssessors: Tom Reid (lead), Ann Lee\n"),
        "{added:#?}"
    );
    // The older `assessor:` became `assessors:`; every other line is kept.
    assert_eq!(
        manifest(&portfolio),
        "# Priya's portfolio: ask the centre before changing it\ncandidate: Priya Shah\nstandards: [mla3]   # the unit she is registered on\n\n# Target agreed at the first review\nassessors: [Tom Reid, Ann Lee]\n"
    );

    let before = manifest(&portfolio);
    let again = portfolio.run(&["people", "add", "ann lee"]);
    assert!(
        again
            .code(0)
            .stdout
            .starts_with("ann lee is already listed as an assessor: nothing changed\n"),
        "{again:#?}"
    );
    assert_eq!(manifest(&portfolio), before, "nothing written");

    portfolio
        .run(&["people", "add", "Iris Quinn", "--role", "iqa"])
        .code(0);
    assert!(
        manifest(&portfolio).ends_with("assessors: [Tom Reid, Ann Lee]\niqas: [Iris Quinn]\n"),
        "{}",
        manifest(&portfolio)
    );

    portfolio
        .run(&["people", "candidate", "Priya Shah-Khan"])
        .code(0);
    assert!(
        manifest(&portfolio).starts_with(
            "# Priya's portfolio: ask the centre before changing it\ncandidate: Priya Shah-Khan\nstandards: [mla3]   # the unit she is registered on\n"
        ),
        "{}",
        manifest(&portfolio)
    );

    let removed = portfolio.run(&["people", "remove", "iris quinn"]);
    assert!(
        removed
            .code(0)
            .stdout
            .starts_with("removed Iris Quinn as an IQA\n"),
        "{removed:#?}"
    );
    portfolio
        .run(&["people", "add", "Iris Quinn", "--role", "iqa"])
        .code(0);
    let json = portfolio.run(&["people", "remove", "TOM REID", "--format", "json"]);
    let json = json.code(0).json();
    assert_eq!(json["changed"], true);
    assert_eq!(json["candidate"], "Priya Shah-Khan");
    assert_eq!(json["assessors"], serde_json::json!(["Ann Lee"]));
    assert_eq!(json["lead_assessor"], "Ann Lee");
    assert_eq!(json["iqas"], serde_json::json!(["Iris Quinn"]));
    assert!(
        manifest(&portfolio).ends_with("\nassessors: [Ann Lee]\niqas: [Iris Quinn]\n"),
        "{}",
        manifest(&portfolio)
    );
    // The portfolio reads as it should.
    portfolio.run(&["check"]).code(0);
}

#[test]
fn refusals_say_who_is_listed_and_write_nothing() {
    let portfolio = commented();
    let before = manifest(&portfolio);
    let missing = portfolio.run(&["people", "remove", "Ann Lee"]);
    assert_eq!(missing.code, 2, "{missing:#?}");
    assert!(
        missing.stderr.contains(
            "Ann Lee is not listed: portfolio.yaml lists assessors Tom Reid; no IQAs; give a name as listed (`nosfolio people` shows them); nothing was changed"
        ),
        "{missing:#?}"
    );
    let two_lines = portfolio.run(&["people", "add", "Ann\nLee", "--role", "iqa"]);
    assert_eq!(two_lines.code, 2, "{two_lines:#?}");
    assert!(
        two_lines.stderr.contains("give the name on one line"),
        "{two_lines:#?}"
    );
    let candidate = portfolio.run(&["people", "add", "priya shah"]);
    assert_eq!(candidate.code, 2, "{candidate:#?}");
    assert!(
        candidate.stderr.contains("is the candidate"),
        "{candidate:#?}"
    );
    assert_eq!(manifest(&portfolio), before);

    let elsewhere = TempPortfolio::empty();
    let none = elsewhere.run(&["people"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("is not a portfolio"), "{none:#?}");
}

#[test]
fn assess_records_decisions_only_in_the_names_of_those_listed() {
    let portfolio = commented();
    // Tom Reid is the only assessor: he need not give his name.
    accept(&portfolio, "PC1", &[]).code(0);
    let refused = accept(&portfolio, "B4", &["--assessor", "Ann Lee"]);
    assert_eq!(refused.code, 2, "{refused:#?}");
    assert!(
        refused.stderr.contains(
            "Ann Lee is not listed as an assessor of this portfolio (portfolio.yaml lists assessors Tom Reid), so nothing was recorded: give one of their names with --assessor, or list Ann Lee with `nosfolio people add \"Ann Lee\" --role assessor`"
        ),
        "{refused:#?}"
    );
    assert!(!portfolio.path().join("assessment/ann-lee.yaml").exists());

    portfolio
        .run(&["people", "add", "Ann Lee", "--role", "assessor"])
        .code(0);
    // With two listed, whose decision it is must be said.
    let unsaid = accept(&portfolio, "B4", &[]);
    assert_eq!(unsaid.code, 2, "{unsaid:#?}");
    assert!(
        unsaid.stderr.contains(
            "portfolio.yaml lists several assessors Tom Reid, Ann Lee, so nothing was recorded: say whose decision this is with --assessor NAME"
        ),
        "{unsaid:#?}"
    );
    accept(&portfolio, "B4", &["--assessor", "ann lee"]).code(0);
    accept(&portfolio, "KG1", &["--assessor", "Tom Reid"]).code(0);
    let ann = std::fs::read_to_string(portfolio.path().join("assessment/ann-lee.yaml")).unwrap();
    assert!(ann.contains("item: mla3:B4\n"), "{ann}");
    assert!(
        ann.contains("assessor: Ann Lee\n"),
        "recorded as listed: {ann}"
    );
    let tom = std::fs::read_to_string(portfolio.path().join("assessment/tom-reid.yaml")).unwrap();
    assert!(
        tom.contains("item: mla3:PC1\n") && tom.contains("item: mla3:KG1\n"),
        "{tom}"
    );

    // An IQA: listed once, they need not give their name; another is refused.
    let unnamed = accept(&portfolio, "PC1", &["--role", "iqa"]);
    assert_eq!(unnamed.code, 2, "{unnamed:#?}");
    assert!(
        unnamed
            .stderr
            .contains("an IQA decision needs the IQA's name"),
        "{unnamed:#?}"
    );
    portfolio
        .run(&["people", "add", "Iris Quinn", "--role", "iqa"])
        .code(0);
    accept(&portfolio, "PC1", &["--role", "iqa"]).code(0);
    let iris =
        std::fs::read_to_string(portfolio.path().join("assessment/iris-quinn.yaml")).unwrap();
    assert!(
        iris.contains("assessor: Iris Quinn\n  role: iqa\n"),
        "{iris}"
    );
    let not_iqa = accept(
        &portfolio,
        "PC1",
        &["--role", "iqa", "--assessor", "Tom Reid"],
    );
    assert_eq!(not_iqa.code, 2, "{not_iqa:#?}");
    assert!(
        not_iqa
            .stderr
            .contains("Tom Reid is not listed as an IQA of this portfolio (portfolio.yaml lists IQAs Iris Quinn)"),
        "{not_iqa:#?}"
    );

    let matrix = portfolio
        .run(&["matrix", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(crate::support::item_status(&matrix, "PC1"), "accepted");
    assert_eq!(crate::support::item_status(&matrix, "B4"), "accepted");
    assert_eq!(matrix["assessor"], "Tom Reid", "the lead");
    // The reports name both assessors.
    let md = portfolio.run(&["report", "--format", "md"]);
    assert!(
        md.code(0)
            .stdout
            .contains("\n- Assessors: Tom Reid, Ann Lee\n"),
        "{md:#?}"
    );
    portfolio.run(&["report", "-o", "report.html"]).code(0);
    let html = std::fs::read_to_string(portfolio.path().join("report.html")).unwrap();
    assert!(
        html.contains("<dt>Assessors</dt><dd>Tom Reid, Ann Lee</dd>"),
        "{html}"
    );
}

#[test]
fn a_new_portfolio_lists_its_assessor() {
    let dir = TempPortfolio::empty();
    dir.run(&[
        "init",
        "new",
        "--candidate",
        "Sam Cole",
        "--assessor",
        "Tom  Reid",
    ])
    .code(0);
    let text = std::fs::read_to_string(dir.path().join("new/portfolio.yaml")).unwrap();
    assert!(text.contains("\nassessors: [Tom Reid]\n"), "{text}");
    let shown = dir
        .run(&["people", "--dir", "new", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(shown["assessors"], serde_json::json!(["Tom Reid"]));
    assert!(shown.get("changed").is_none());
}

#[test]
fn the_covers_details_are_set_by_command_and_shown_on_the_report() {
    let portfolio = commented();
    let set = portfolio.run(&[
        "people",
        "details",
        "--job-title",
        "Operations  Manager",
        "--organisation",
        "Northgate Housing",
        "--centre",
        "Midlands Skills Centre",
        "--qualification",
        "Level 5 Diploma in Leadership and Management",
    ]);
    assert!(
        set.code(0)
            .stdout
            .starts_with("the cover's details are set\n"),
        "{set:#?}"
    );
    assert!(
        set.stdout
            .contains("\nJob title: Operations Manager\nOrganisation: Northgate Housing\n")
    );
    assert!(!set.stdout.contains("help:"), "{set:#?}");
    // Each is a line of its own; every other line and comment is kept.
    let written = portfolio.read("portfolio.yaml");
    assert!(
        written.starts_with("# Priya's portfolio: ask the centre before changing it\ncandidate: Priya Shah\nstandards: [mla3]   # the unit she is registered on\n"),
        "{written}"
    );
    for line in [
        "job_title: Operations Manager\n",
        "organisation: Northgate Housing\n",
        "centre: Midlands Skills Centre\n",
        "qualification: Level 5 Diploma in Leadership and Management\n",
    ] {
        assert!(written.contains(line), "{written}");
    }

    let report = portfolio.run(&["report", "--audience", "public"]);
    let html = report.code(0).stdout.clone();
    for shown in [
        "<dt>Job title</dt><dd>Operations Manager</dd>",
        "<dt>Organisation</dt><dd>Northgate Housing</dd>",
        "<dt>Centre</dt><dd>Midlands Skills Centre</dd>",
        "<dt>Qualification</dt><dd>Level 5 Diploma in Leadership and Management</dd>",
        "<dt>IQA</dt><dd>not yet assigned</dd>",
        "<caption>Signed on paper</caption>",
    ] {
        assert!(html.contains(shown), "{shown} is not on the cover");
    }

    // An empty one clears it; the others stay.
    let cleared = portfolio.run(&["people", "details", "--centre", ""]);
    assert!(
        cleared.code(0).stdout.contains("\nCentre: not given\n"),
        "{cleared:#?}"
    );
    let written = portfolio.read("portfolio.yaml");
    assert!(!written.contains("centre:"), "{written}");
    assert!(
        written.contains("organisation: Northgate Housing\n"),
        "{written}"
    );

    // A line break, or a paragraph, is refused and nothing is written.
    let before = portfolio.read("portfolio.yaml");
    let refused = portfolio.run(&["people", "details", "--job-title", "Manager\nand more"]);
    assert!(
        refused
            .code(2)
            .stderr
            .contains("the job title holds a line break"),
        "{refused:#?}"
    );
    let long = "word ".repeat(60);
    let refused = portfolio.run(&["people", "details", "--qualification", &long]);
    assert!(
        refused.code(2).stderr.contains("give at most 200"),
        "{refused:#?}"
    );
    assert_eq!(portfolio.read("portfolio.yaml"), before);

    // Nothing to set is a question, not a change.
    portfolio.run(&["people", "details"]).code(2);
}

#[test]
fn a_detail_written_by_hand_is_checked_where_it_stands() {
    let portfolio = commented();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Priya Shah\nstandards: [mla3]\ncentre: \"\"\njob_titel: Manager\n",
    );
    let run = portfolio.run(&["check"]);
    let stderr = run.code(2).stderr.clone();
    assert!(stderr.contains("job_titel"), "{stderr}");
    assert!(stderr.contains("job_title"), "did you mean: {stderr}");
}
