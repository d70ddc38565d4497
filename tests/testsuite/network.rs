//! `nosfolio network`: the networking plan, driven by the journal, with
//! fixed dates (the global `--today`) so that every answer is reproducible.

use std::fs;

use serde_json::Value;

use crate::report::tags_with_event_handlers;
use crate::support::{TempPortfolio, item_status, repo};

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

/// `nosfolio ARGS… --format json`, which must succeed.
fn json_of(portfolio: &TempPortfolio, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    portfolio.run(&args).code(0).json()
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e[key]["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_plan_starts_with_both_lists_then_leaders_and_keeps_to_max() {
    let portfolio = example();
    let json = json_of(&portfolio, &["network", "plan", "--today", "2025-06-23"]);
    // Three relationships are being built (contact in the last 90 days,
    // score under 4), so two places are left of the default five.
    assert_eq!(
        ids(&json["in_progress"], "contact"),
        ["lfenwick", "sturner", "radebayo"]
    );
    // Leaders by target window (60 before 90), then lowest score.
    assert_eq!(ids(&json["start"], "contact"), ["jkaur", "abrooks"]);
    assert_eq!(json["start"][0]["reason"], "leader");
    assert_eq!(json["waiting"], 3);
    assert_eq!(json["established"], 2);

    let text = portfolio
        .run(&["network", "plan", "--today", "2025-06-23", "--max", "4"])
        .code(0)
        .stdout
        .clone();
    assert!(
        text.contains("3 of 4 new relationships in progress"),
        "{text}"
    );
    assert!(
        text.contains("idea: Ask her to lunch to talk about the WMS upgrade roadmap"),
        "{text}"
    );
    assert!(!text.contains("Alan Brooks"), "{text}");

    // Before anything happened, the intersection of the two lists comes first.
    let early = json_of(&portfolio, &["network", "plan", "--today", "2025-01-14"]);
    assert_eq!(ids(&early["start"], "contact")[0], "lfenwick");
    portfolio.write(
        "network/contacts.yaml",
        fs::read_to_string(portfolio.path().join("network/contacts.yaml"))
            .unwrap()
            .replace("    lists: [can-help]\n    interests: [customer feedback]", "    lists: [can-help, know-and-like]\n    interests: [customer feedback]")
            .replace("  - id: sturner\n    name: Sophie Turner\n    department: Customer Services\n    role: Customer Services Manager\n    leader: true\n    lists: [know-and-like]", "  - id: sturner\n    name: Sophie Turner\n    department: Customer Services\n    role: Customer Services Manager\n    leader: true\n    lists: [know-and-like, can-help]"),
    );
    let both = json_of(&portfolio, &["network", "plan", "--today", "2025-01-14"]);
    assert_eq!(both["start"][0]["reason"], "both-lists");
}

#[test]
fn due_dates_come_from_the_journal_overdue_first() {
    let portfolio = example();
    let json = json_of(&portfolio, &["network", "due", "--today", "2025-06-23"]);
    let due: Vec<(String, String, i64, String)> = json["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["contact"]["id"].as_str().unwrap().to_owned(),
                d["due"].as_str().unwrap().to_owned(),
                d["days_overdue"].as_i64().unwrap(),
                d["basis"]["basis"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("dokafor", "2025-03-06", 109, "next-contact"),
        ("jkaur", "2025-05-31", 23, "target"),
        ("lfenwick", "2025-06-25", -2, "next-contact"),
        ("sturner", "2025-06-25", -2, "next-contact"),
        ("rhaines", "2025-06-26", -3, "next-contact"),
        ("abrooks", "2025-06-30", -7, "target"),
    ];
    let expected: Vec<(String, String, i64, String)> = expected
        .iter()
        .map(|(a, b, c, d)| ((*a).to_owned(), (*b).to_owned(), *c, (*d).to_owned()))
        .collect();
    assert_eq!(due, expected);

    // Ruth has no next date: her 30-day cadence runs from the last call.
    let later = json_of(
        &portfolio,
        &["network", "due", "--today", "2025-07-04", "--days", "0"],
    );
    let ruth = later["due"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["contact"]["id"] == "radebayo")
        .unwrap();
    assert_eq!(ruth["due"], "2025-07-04");
    assert_eq!(ruth["basis"]["basis"], "cadence");

    let text = portfolio
        .run(&["network", "due", "--today", "2025-06-23"])
        .code(0)
        .stdout
        .clone();
    assert!(text.contains("2 overdue"), "{text}");
    assert!(text.contains("109 days overdue"), "{text}");
}

#[test]
fn the_quarterly_review_shows_rescoring_trends_and_targets() {
    let portfolio = example();
    let json = json_of(
        &portfolio,
        &[
            "network",
            "review",
            "--quarter",
            "2025Q2",
            "--today",
            "2025-06-23",
        ],
    );
    assert_eq!(
        json["not_rescored"],
        serde_json::json!(["mellison", "arahman", "fgrant"])
    );
    assert_eq!(
        json["target_counts"],
        serde_json::json!({"met": 1, "missed": 1, "open": 2})
    );
    let daniel = json["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["contact"]["id"] == "dokafor")
        .unwrap();
    assert_eq!(daniel["trend"], "up");
    assert_eq!(json["kinds"]["coffee"], 1);
    // The quarter defaults to today's.
    let current = json_of(&portfolio, &["network", "review", "--today", "2025-02-01"]);
    assert_eq!(current["quarter"], "2025Q1");
    portfolio
        .run(&["network", "review", "--quarter", "2025Q5"])
        .code(2);
}

#[test]
fn introductions_pair_shared_interests_not_yet_introduced() {
    let portfolio = example();
    let json = json_of(&portfolio, &["network", "introduce"]);
    let pairs: Vec<(String, String)> = json["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["first"]["id"].as_str().unwrap().to_owned(),
                s["second"]["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs.len(), 5);
    assert!(pairs.contains(&("radebayo".into(), "asaleem".into())));
    let text = portfolio
        .run(&["network", "introduce"])
        .code(0)
        .stdout
        .clone();
    assert!(text.contains("For M&LA3 PC6"), "{text}");

    // Once introduced (in either order), the pair is no longer suggested.
    portfolio
        .run(&[
            "network",
            "log",
            "--contact",
            "asaleem",
            "--contact",
            "radebayo",
            "--kind",
            "introduction",
            "--introduced",
            "asaleem,radebayo",
            "--date",
            "2025-06-24",
        ])
        .code(0);
    let json = json_of(&portfolio, &["network", "introduce"]);
    assert_eq!(json["total"], 4);
}

#[test]
fn log_writes_a_new_entry_never_overwriting_and_shows_who_is_due() {
    let portfolio = example();
    let args = [
        "network",
        "log",
        "--contact",
        "jkaur",
        "--kind",
        "Lunch",
        "--date",
        "2025-06-24",
        "--next",
        "2025-07-22",
        "--note",
        "Talked about the WMS roadmap: she'll share it.",
        "--claim",
        "PC4",
        // Who is due is shown from today, not from the entry's date.
        "--today",
        "2025-06-24",
    ];
    let run = portfolio.run(&args);
    run.code(0);
    assert_eq!(run.written(), "network/journal/2025-06-24-lunch.md");
    assert!(
        run.stdout.contains("Due for contact by 2025-07-01"),
        "{}",
        run.stdout
    );
    // Joanna is no longer due: the entry set her next contact.
    assert!(!run.stdout.contains("Joanna Kaur"), "{}", run.stdout);
    let written = fs::read_to_string(portfolio.path().join(run.written())).unwrap();
    assert_eq!(
        written,
        "---\ndate: 2025-06-24\ncontacts: [jkaur]\nkind: lunch\nnext_contact: 2025-07-22\nclaims: [PC4]\n---\n\nTalked about the WMS roadmap: she'll share it.\n"
    );
    // The same again goes to a new file.
    let again = portfolio.run(&args);
    again.code(0);
    assert_eq!(again.written(), "network/journal/2025-06-24-lunch-2.md");
    assert_eq!(
        fs::read_to_string(portfolio.path().join("network/journal/2025-06-24-lunch.md")).unwrap(),
        written
    );
    // The claim counts as evidence, typed as a reflective log.
    let matrix = json_of(&portfolio, &["matrix"]);
    let entry = matrix["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "network/journal/2025-06-24-lunch.md")
        .unwrap();
    assert_eq!(entry["type"], "reflective-logs");
    assert_eq!(item_status(&matrix, "PC4"), "claimed");
    portfolio.run(&["check"]).code(0);
}

#[test]
fn log_refuses_bad_arguments_and_writes_nothing() {
    let portfolio = example();
    let run = portfolio.run(&[
        "network",
        "log",
        "--contact",
        "jkuar",
        "--contact",
        "nobody",
        "--kind",
        "coffee",
        "--date",
        "2025-06-24",
        "--next",
        "2025-06-01",
        "--introduced",
        "jkaur",
        "--claim",
        "PC9",
    ]);
    run.code(2);
    for expected in [
        "unknown contact `jkuar`\n  help: did you mean `jkaur`?",
        "unknown contact `nobody`\n  help: add them first with `nosfolio network contact add nobody --name NAME`",
        "--next 2025-06-01 is before the entry's date 2025-06-24",
        "--introduced `jkaur`: write two different contact ids",
        "unknown item `PC9`",
        "nothing was written",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    let entries = fs::read_dir(portfolio.path().join("network/journal"))
        .unwrap()
        .count();
    assert_eq!(entries, 4);
    portfolio
        .run(&[
            "network",
            "log",
            "--contact",
            "jkaur",
            "--kind",
            "coffee",
            "--date",
            "2025-02-30",
        ])
        .code(2);
}

#[test]
fn without_a_contacts_list_the_commands_say_how_to_start() {
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", "candidate: A\nstandards: [mla3]\n");
    let run = portfolio.run(&["network", "plan"]);
    run.code(2);
    assert!(
        run.stderr.contains("has no networking plan yet"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("nosfolio network contact add jsmith --name \"Jane Smith\""),
        "{}",
        run.stderr
    );
    portfolio
        .run(&["network", "log", "--contact", "a", "--kind", "coffee"])
        .code(2);
    assert!(!portfolio.path().join("network/journal").exists());
}

#[test]
fn a_journal_entry_naming_an_unknown_contact_fails_every_network_command() {
    let portfolio = example();
    portfolio.write(
        "network/journal/2025-06-20-call.md",
        "---\ndate: 2025-06-20\ncontacts: [dokafro]\nkind: call\n---\n",
    );
    for command in ["plan", "due", "review", "introduce"] {
        let run = portfolio.run(&["network", command, "--color", "never"]);
        run.code(2);
        assert!(
            run.stderr.contains(
                "network/journal/2025-06-20-call.md:3:12: error: unknown contact `dokafro`\n  help: did you mean `dokafor`?"
            ),
            "{}",
            run.stderr
        );
    }
}

const MARKER: &str = "ZQXNETMARK";

/// Contacts and a journal where the private contact and the private entry
/// carry the marker in every field.
fn confidential_network() -> TempPortfolio {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Careful Candidate\nstandards: [mla3]\n",
    );
    portfolio.write(
        "network/contacts.yaml",
        format!(
            "title: My contacts\ndate: 2026-01-05\nconfidentiality: assessor\nclaims: [PC1]\ncontacts:\n\
             \x20 - id: {MARKER}id\n    name: NAME{MARKER}\n    organisation: ORG{MARKER}\n    department: DEPT{MARKER}\n    role: ROLE{MARKER}\n    notes: NOTES{MARKER}\n    interests: [INTEREST{MARKER}, budgets]\n    ideas: [IDEA{MARKER}]\n    leader: true\n    scores: [{{date: 2026-01-10, score: 2}}]\n    target: 30\n\
             \x20 - id: open\n    name: Open Person\n    role: Head of Sales\n    confidentiality: assessor\n    interests: [budgets]\n\
             \x20 - id: hostile\n    name: '<script>alert(1)</script><img src=x onerror=alert(2)>'\n    notes: '[link](javascript:alert(3)) <b onmouseover=alert(4)>x</b>'\n    confidentiality: public\n"
        ),
    );
    portfolio.write(
        "network/journal/2026-01-20-coffee.md",
        format!("---\ndate: 2026-01-20\ncontacts: [{MARKER}id]\nkind: KIND{MARKER}\ntitle: TITLE{MARKER}\nclaims: [PC2]\n---\nBODY{MARKER} about NAME{MARKER}.\n"),
    );
    portfolio.write(
        "network/journal/2026-02-01-introduction.md",
        format!(
            "---\ndate: 2026-02-01\ncontacts: [{MARKER}id, open]\nkind: introduction\nintroduced: [[{MARKER}id, open]]\nconfidentiality: assessor\nclaims: [PC6]\n---\nASSESSORBODY: introduced them over budgets.\n"
        ),
    );
    portfolio
}

#[test]
fn private_contacts_reach_only_the_candidate_in_every_report_format() {
    let portfolio = confidential_network();
    portfolio.run(&["check"]).code(0);
    for format in ["html", "md"] {
        let report = |audience: &str| {
            let run = portfolio.run(&["report", "--format", format, "--audience", audience]);
            run.code(0);
            run.stdout.clone()
        };
        let candidate = report("candidate");
        for field in [
            "NAME", "ORG", "DEPT", "ROLE", "NOTES", "INTEREST", "IDEA", "BODY",
        ] {
            assert!(
                candidate.contains(&format!("{field}{MARKER}")),
                "{format}: the candidate sees {field}"
            );
        }

        let assessor = report("assessor");
        assert!(
            !assessor.contains(MARKER),
            "{format}: assessor output leaks:\n{assessor}"
        );
        assert!(assessor.contains("Contact 1"), "{format}");
        assert!(assessor.contains("Open Person"), "{format}");
        assert!(assessor.contains("ASSESSORBODY"), "{format}");
        assert!(
            assessor.contains("available from the candidate on request"),
            "{format}: the private entry is announced, not shown"
        );

        let public = report("public");
        assert!(
            !public.contains(MARKER),
            "{format}: public output leaks:\n{public}"
        );
        assert!(!public.contains("Open Person"), "{format}");
        assert!(!public.contains("ASSESSORBODY"), "{format}");
        assert!(public.contains("contacts list is not included"), "{format}");
    }
    let html = portfolio.run(&["report"]).code(0).stdout.clone();
    for attack in ["<script", "<img", "javascript:"] {
        assert!(!html.contains(attack), "{attack} survived:\n{html}");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name is shown as text"
    );
    assert_eq!(tags_with_event_handlers(&html), Vec::<String>::new());
}

#[test]
fn claim_and_unclaim_edit_journal_entries_and_the_contacts_list_in_place() {
    let portfolio = example();
    let entry = "network/journal/2025-05-14-coffee.md";
    let before = fs::read_to_string(portfolio.path().join(entry)).unwrap();
    portfolio
        .run(&[
            "claim",
            entry,
            "PC4",
            "--note",
            "Learnt what Sales needs from us",
        ])
        .code(0);
    let after = fs::read_to_string(portfolio.path().join(entry)).unwrap();
    assert!(after.starts_with("---\ndate: 2025-05-14\ncontacts: [lfenwick, sturner]\nkind: coffee\nnext_contact: 2025-06-25\nclaims:\n  - item: PC4\n"), "{after}");
    assert!(
        after.ends_with(before.split_once("---\n\n").unwrap().1),
        "the body is kept"
    );
    let matrix = json_of(&portfolio, &["matrix"]);
    assert!(
        matrix["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["path"] == entry),
        "the entry is evidence now"
    );
    portfolio.run(&["unclaim", entry, "PC4"]).code(0);
    // A layout the editor cannot keep is never "fixed" by rewriting the
    // entry: that would lose its contacts, kind and text.
    let awkward = "network/journal/2025-06-12-meeting.md";
    let text = fs::read_to_string(portfolio.path().join(awkward))
        .unwrap()
        .replace(
            "next_contact: 2025-06-26\n",
            "next_contact: 2025-06-26\nclaims: [PC1] # so far\n",
        );
    portfolio.write(awkward, &text);
    let refused = portfolio.run(&["claim", awkward, "PC2", "--force"]);
    refused.code(2);
    assert!(
        refused.stderr.contains("would lose the networking plan"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        fs::read_to_string(portfolio.path().join(awkward)).unwrap(),
        text
    );
    portfolio
        .run(&["claim", "network/contacts.yaml", "B4"])
        .code(0);
    let list = fs::read_to_string(portfolio.path().join("network/contacts.yaml")).unwrap();
    assert!(list.contains("  - item: KC8\n"), "{list}");
    assert!(list.contains("  - B4\n"), "{list}");
    assert!(
        list.contains("# Priya's networking plan"),
        "comments are kept"
    );
    portfolio.run(&["check"]).code(0);
}
