//! `nosfolio network contact`: the networking plan's contacts without YAML.
//! Every refusal leaves the list byte for byte as it was; every change
//! keeps the hand-written example list's comments and layout.

use std::fs;
use std::time::Instant;

use serde_json::Value;

use crate::support::{TempPortfolio, nosfolio, repo};

const LIST: &str = "network/contacts.yaml";

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

fn fresh() -> TempPortfolio {
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", "candidate: A\nstandards: [mla3]\n");
    portfolio
}

fn list_text(portfolio: &TempPortfolio) -> String {
    fs::read_to_string(portfolio.path().join(LIST)).unwrap()
}

fn json(portfolio: &TempPortfolio, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    portfolio.run(&args).code(0).json()
}

/// Runs a command that must be refused, and checks that it says so and
/// that the list did not change.
fn refused(portfolio: &TempPortfolio, args: &[&str], said: &str) -> String {
    let before = fs::read(portfolio.path().join(LIST)).ok();
    let run = portfolio.run(args);
    run.code(2);
    assert!(run.stderr.contains(said), "{said}\n{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(fs::read(portfolio.path().join(LIST)).ok(), before);
    run.stderr.clone()
}

#[test]
fn add_starts_a_list_that_check_and_plan_accept() {
    let portfolio = fresh();
    let run = portfolio.run(&[
        "network",
        "contact",
        "add",
        "jsmith",
        "--name",
        "Jane Smith",
        "--department",
        "Finance",
        "--role",
        "Head of Finance",
        "--leader",
        "--list",
        "know-and-like",
        "--list",
        "can-help",
        "--interest",
        "budgets",
        "--target",
        "30",
        "--target-from",
        "2026-01-10",
        "--idea",
        "Invite her to lunch: after the budget meeting",
        "--cadence",
        "30",
        "--notes",
        "Knows the forecast model",
        "--confidentiality",
        "assessor",
    ]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "added Jane Smith [jsmith], starting network/contacts.yaml\n"
    );
    assert_eq!(
        list_text(&portfolio),
        "contacts:\n  - id: jsmith\n    name: Jane Smith\n    department: Finance\n    role: Head of Finance\n    leader: true\n    lists: [know-and-like, can-help]\n    interests: [budgets]\n    target: 30\n    target_from: 2026-01-10\n    ideas:\n      - \"Invite her to lunch: after the budget meeting\"\n    cadence: 30\n    notes: Knows the forecast model\n    confidentiality: assessor\n"
    );
    portfolio.run(&["check"]).code(0);
    let plan = json(&portfolio, &["network", "plan", "--today", "2026-01-11"]);
    assert_eq!(plan["start"][0]["contact"]["id"], "jsmith");
    assert_eq!(plan["start"][0]["reason"], "both-lists");

    let added = json(
        &portfolio,
        &["network", "contact", "add", "pkhan", "--name", "Priya Khan"],
    );
    assert_eq!(added["action"], "added");
    assert_eq!(added["written"], "in_place");
    assert_eq!(added["file"], LIST);
    assert_eq!(added["contact"]["id"], "pkhan");
    assert_eq!(added["contact"]["organisation"], Value::Null);
    assert_eq!(added["contact"]["confidentiality"], "private");
    assert_eq!(added["changed"], serde_json::json!(["id", "name"]));
}

#[test]
fn add_refuses_bad_values_and_ids_in_use_writing_nothing() {
    let portfolio = example();
    refused(
        &portfolio,
        &["network", "contact", "add", "jkaur", "--name", "J Kaur"],
        "the id `jkaur` is already used, by Joanna Kaur",
    );
    let all = refused(
        &portfolio,
        &[
            "network",
            "contact",
            "add",
            "j kaur",
            "--name",
            " ",
            "--target",
            "45",
            "--cadence",
            "400",
        ],
        "`j kaur` is not a usable id: an id is one word of letters, digits, `-`, `_` or `.`",
    );
    for said in [
        "--name is empty",
        "--target 45 is not a target window: give 30, 60 or 90",
        "--cadence 400 is out of range",
    ] {
        assert!(all.contains(said), "{said}\n{all}");
    }
    // Not a portfolio: nothing at all is created.
    let empty = TempPortfolio::empty();
    let run = empty.run(&["network", "contact", "add", "a", "--name", "A"]);
    run.code(2);
    assert!(run.stderr.contains("is not a portfolio"), "{}", run.stderr);
    assert_eq!(fs::read_dir(empty.path()).unwrap().count(), 0);
}

#[test]
fn every_change_keeps_the_hand_written_lists_comments_and_layout() {
    let portfolio = example();
    let original = list_text(&portfolio);
    portfolio
        .run(&[
            "network",
            "contact",
            "add",
            "tbell",
            "--name",
            "Tom Bell",
            "--organisation",
            "Bell & Co: Haulage",
            "--list",
            "can-help",
        ])
        .code(0);
    portfolio
        .run(&[
            "network",
            "contact",
            "score",
            "jkaur",
            "2",
            "--date",
            "2025-06-20",
        ])
        .code(0);
    portfolio
        .run(&[
            "network",
            "contact",
            "edit",
            "lfenwick",
            "--list",
            "know-and-like",
            "--remove-idea",
            "Invite her to walk the night shift with me",
            "--cadence",
            "21",
        ])
        .code(0);
    portfolio
        .run(&["network", "contact", "remove", "fgrant"])
        .code(0);
    let removed = original.find("  - id: fgrant").unwrap();
    let expected = original[..removed]
        .replace(
            "    lists: [can-help]\n    interests: [customer feedback]\n",
            "    lists: [can-help, know-and-like]\n    interests: [customer feedback]\n",
        )
        .replace(
            "      - Invite her to walk the night shift with me\n",
            "    cadence: 21\n",
        )
        .replace(
            "      - {date: 2025-04-01, score: 1}\n",
            "      - {date: 2025-04-01, score: 1}\n      - {date: 2025-06-20, score: 2}\n",
        )
        + "  - id: tbell\n    name: Tom Bell\n    organisation: \"Bell & Co: Haulage\"\n    lists: [can-help]\n";
    assert_eq!(list_text(&portfolio), expected);
    portfolio.run(&["check"]).code(0);
}

#[test]
fn score_appends_refuses_a_second_score_on_a_day_and_replaces_when_asked() {
    let portfolio = example();
    let scored = json(
        &portfolio,
        &[
            "network",
            "contact",
            "score",
            "abrooks",
            "3",
            "--date",
            "2025-06-20",
        ],
    );
    assert_eq!(scored["action"], "scored");
    assert_eq!(
        scored["score"],
        serde_json::json!({"date": "2025-06-20", "score": 3})
    );
    assert_eq!(scored["replaced"], Value::Null);
    assert_eq!(
        scored["contact"]["latest_score"],
        serde_json::json!({"date": "2025-06-20", "score": 3})
    );
    assert_eq!(scored["contact"]["scores"], 2);
    refused(
        &portfolio,
        &[
            "network",
            "contact",
            "score",
            "abrooks",
            "4",
            "--date",
            "2025-06-20",
        ],
        "`abrooks` already has a score for 2025-06-20 (3)",
    );
    let replaced = portfolio.run(&[
        "network",
        "contact",
        "score",
        "abrooks",
        "4",
        "--date",
        "2025-06-20",
        "--replace",
    ]);
    replaced.code(0);
    assert_eq!(
        replaced.stdout,
        "scored Alan Brooks [abrooks] 4/5 on 2025-06-20 (replacing 3/5)\n  scores: 2025-04-01 2, 2025-06-20 4\n"
    );
    refused(
        &portfolio,
        &["network", "contact", "score", "abrooks", "6"],
        "the score 6 is out of range",
    );
    refused(
        &portfolio,
        &[
            "network",
            "contact",
            "score",
            "abrooks",
            "3",
            "--date",
            "2999-01-01",
        ],
        "is after today",
    );
    refused(
        &portfolio,
        &["network", "contact", "score", "abrook", "3"],
        "no contact has the id `abrook`; nothing was written\n  help: did you mean `abrooks`?",
    );
    // The review sees the re-score.
    let review = json(
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
    assert!(review.to_string().contains("abrooks"), "{review}");
}

#[test]
fn edit_sets_adds_removes_and_clears_and_names_the_nearest_ids() {
    let portfolio = example();
    let edited = json(
        &portfolio,
        &[
            "network",
            "contact",
            "edit",
            "jkaur",
            "--role",
            "Head of IT",
            "--interest",
            "data quality",
            "--remove-interest",
            "wms",
            "--idea",
            "Coffee before the IT steering group",
            "--clear",
            "target",
        ],
    );
    assert_eq!(edited["action"], "edited");
    assert_eq!(
        edited["changed"],
        serde_json::json!(["role", "interests", "target", "ideas"])
    );
    assert_eq!(edited["contact"]["role"], "Head of IT");
    assert_eq!(
        edited["contact"]["interests"],
        serde_json::json!(["warehouse data", "data quality"])
    );
    assert_eq!(edited["contact"]["target"], Value::Null);
    let text = list_text(&portfolio);
    assert!(
        text.contains("  - id: jkaur\n    name: Joanna Kaur\n    department: IT\n    role: Head of IT\n    leader: true\n    interests: [warehouse data, data quality]\n    scores:\n      - {date: 2025-04-01, score: 1}\n    ideas:\n      - Ask her to lunch to talk about the WMS upgrade roadmap\n      - Coffee before the IT steering group\n  - id: abrooks\n"),
        "{text}"
    );
    refused(
        &portfolio,
        &["network", "contact", "edit", "jkuar", "--role", "x"],
        "no contact has the id `jkuar`; nothing was written\n  help: did you mean `jkaur`?",
    );
    refused(
        &portfolio,
        &[
            "network",
            "contact",
            "edit",
            "jkaur",
            "--remove-idea",
            "Lunch",
        ],
        "--remove-idea `Lunch`: this contact has no such idea; their ideas are: `Ask her to lunch",
    );
    refused(
        &portfolio,
        &[
            "network", "contact", "edit", "jkaur", "--notes", "x", "--clear", "notes",
        ],
        "`notes` is both given and cleared",
    );
    refused(
        &portfolio,
        &["network", "contact", "edit", "jkaur"],
        "nothing to change: give what to set",
    );
    let same = portfolio.run(&["network", "contact", "edit", "jkaur", "--leader"]);
    same.code(0);
    assert_eq!(
        same.stdout,
        "nothing to change: Joanna Kaur [jkaur] already has that\n"
    );
}

#[test]
fn remove_is_refused_while_journal_entries_name_the_contact() {
    let portfolio = example();
    let said = refused(
        &portfolio,
        &["network", "contact", "remove", "lfenwick"],
        "`lfenwick` cannot be removed: 1 journal entry names them (network/journal/2025-05-14-coffee.md)",
    );
    assert!(
        said.contains("remove or change those entries first"),
        "{said}"
    );
    let removed = json(&portfolio, &["network", "contact", "remove", "mellison"]);
    assert_eq!(removed["action"], "removed");
    assert_eq!(removed["contact"]["name"], "Mark Ellison");
    assert!(!list_text(&portfolio).contains("mellison"));
    portfolio.run(&["check"]).code(0);
    refused(
        &portfolio,
        &["network", "contact", "remove", "mellison"],
        "no contact has the id `mellison`",
    );
}

#[test]
fn list_shows_one_line_per_contact_and_json() {
    let portfolio = example();
    let run = portfolio.run(&["network", "contact", "list"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 11, "{}", run.stdout);
    assert_eq!(
        lines[3],
        "jkaur     Joanna Kaur (IT Systems Lead), leader; on no list; score 1/5 on 2025-04-01; target 60 days, by 2025-05-31"
    );
    let listed = json(&portfolio, &["network", "contact", "list"]);
    let first = &listed["contacts"][0];
    assert_eq!(first["id"], "rhaines");
    assert_eq!(
        first["latest_score"],
        serde_json::json!({"date": "2025-04-01", "score": 4})
    );
    assert_eq!(
        first["lists"],
        serde_json::json!(["know-and-like", "can-help"])
    );
    assert_eq!(listed["contacts"][3]["target"]["until"], "2025-05-31");
    assert_eq!(listed["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_layout_that_cannot_be_kept_is_refused_unless_forced() {
    let portfolio = fresh();
    portfolio.write(LIST, "# my list\ncontacts: [{id: a, name: A}]\n");
    refused(
        &portfolio,
        &[
            "network",
            "contact",
            "score",
            "a",
            "3",
            "--date",
            "2026-01-05",
        ],
        "cannot be changed in place keeping its comments and layout: its `contacts:` list is written on one line (flow style)",
    );
    let run = portfolio.run(&[
        "network",
        "contact",
        "score",
        "a",
        "3",
        "--date",
        "2026-01-05",
        "--force",
    ]);
    run.code(0);
    assert!(
        run.stdout.contains("was written anew (--force)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        list_text(&portfolio),
        "contacts:\n  - id: a\n    name: A\n    scores:\n      - {date: 2026-01-05, score: 3}\n"
    );
}

/// Regression for the lost-update race of issue 13: N writers at once.
#[test]
fn parallel_scores_all_land() {
    const N: usize = 20;
    let portfolio = fresh();
    for n in 0..N {
        portfolio
            .run(&[
                "network",
                "contact",
                "add",
                &format!("c{n}"),
                "--name",
                &format!("C {n}"),
            ])
            .code(0);
    }
    let started = Instant::now();
    let children: Vec<_> = (0..N)
        .map(|n| {
            let id = format!("c{n}");
            let day = format!("2025-03-{:02}", n + 1);
            // Half on different contacts, half on one contact on different days.
            let different = nosfolio(&[
                "network",
                "contact",
                "score",
                &id,
                "3",
                "--date",
                "2025-02-01",
            ])
            .current_dir(portfolio.path());
            let one = nosfolio(&["network", "contact", "score", "c0", "4", "--date", &day])
                .current_dir(portfolio.path());
            (different.spawn(), one.spawn())
        })
        .collect();
    for (a, b) in children {
        a.wait().code(0);
        b.wait().code(0);
    }
    eprintln!(
        "{} parallel `contact score` runs took {:?}",
        2 * N,
        started.elapsed()
    );
    let listed = json(&portfolio, &["network", "contact", "list"]);
    let contacts = listed["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), N);
    for contact in contacts {
        let expected = if contact["id"] == "c0" { N + 1 } else { 1 };
        assert_eq!(contact["scores"], expected, "{contact}");
    }
    portfolio.run(&["check"]).code(0);
}
