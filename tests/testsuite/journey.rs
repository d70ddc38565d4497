//! A candidate's whole journey with commands only: nobody writes YAML. The
//! test writes what a candidate makes themselves (an e-mail, two scanned
//! pages, the prose of a reflection) and runs nosfolio for everything else,
//! then checks that the portfolio reads clean and shows what was done.

use std::path::Path;

use crate::support::{TempPortfolio, item_status, nosfolio};

/// Runs `nosfolio ARGS…` in `dir`, asserting success.
fn ok(dir: &Path, args: &[&str]) -> String {
    let run = nosfolio(args).current_dir(dir).run();
    run.code(0);
    run.stdout
}

#[test]
fn a_whole_portfolio_is_built_with_commands_and_no_yaml() {
    let home = TempPortfolio::empty();
    ok(
        home.path(),
        &[
            "init",
            "mine",
            "--candidate",
            "Priya Shah",
            "--standard",
            "mla3",
            "--assessor",
            "Tom Reid",
        ],
    );
    let dir = home.path().join("mine");
    let dir = dir.as_path();

    // A second standard.
    ok(dir, &["standards", "use", "networking"]);

    // What the candidate made: an e-mail, and a witness statement scanned as two pages.
    let write = |relative: &str, contents: &[u8]| {
        std::fs::write(dir.join(relative), contents).unwrap();
    };
    write(
        "evidence/budget-email.eml",
        b"From: Priya Shah <priya@example.org>\r\nTo: Jane Smith <jane@example.org>\r\nSubject: Forecasting template for Finance\r\nDate: Mon, 12 Jan 2026 09:30:00 +0000\r\n\r\nJane, here is the template we discussed.\r\n",
    );
    write("evidence/witness-p1.png", b"\x89PNG\r\n\x1a\npage one");
    write("evidence/witness-p2.png", b"\x89PNG\r\n\x1a\npage two");

    // The e-mail: its subject, date and type come from the file itself.
    ok(
        dir,
        &[
            "claim",
            "evidence/budget-email.eml",
            "PC2",
            "B3",
            "--at",
            "paragraph 1",
            "--note",
            "I shared our template with Finance.",
        ],
    );
    // One piece of two pages, with the witness's details.
    ok(
        dir,
        &[
            "claim",
            "evidence/witness-p1.png",
            "PC1",
            "B4",
            "--with",
            "evidence/witness-p2.png",
            "--type",
            "witness-networks",
            "--title",
            "Witness statement from Jane Smith",
            "--witness-name",
            "Jane Smith",
            "--witness-role",
            "Head of Finance",
            "--witness-organisation",
            "Northgate Council",
            "--witness-date",
            "2026-01-20",
            "--witness-contact",
            "jane@example.org",
        ],
    );
    // Claiming on the second page changes the same piece.
    ok(dir, &["claim", "evidence/witness-p2.png", "B5"]);

    // The networking plan: contacts, scores and a re-score, journal entries.
    ok(
        dir,
        &[
            "network",
            "contact",
            "add",
            "jsmith",
            "--name",
            "Jane Smith",
            "--role",
            "Head of Finance",
            "--leader",
            "--list",
            "know-and-like",
            "--list",
            "can-help",
            "--interest",
            "budgeting",
            "--target",
            "30",
        ],
    );
    ok(
        dir,
        &[
            "network",
            "contact",
            "add",
            "pkhan",
            "--name",
            "Pavel Khan",
            "--organisation",
            "Acme Ltd",
            "--list",
            "can-help",
            "--interest",
            "budgeting",
        ],
    );
    ok(
        dir,
        &[
            "network",
            "contact",
            "score",
            "jsmith",
            "2",
            "--date",
            "2026-01-05",
        ],
    );
    ok(
        dir,
        &[
            "network",
            "contact",
            "score",
            "pkhan",
            "1",
            "--date",
            "2026-01-05",
        ],
    );
    ok(
        dir,
        &[
            "network",
            "contact",
            "score",
            "jsmith",
            "4",
            "--date",
            "2026-02-01",
        ],
    );
    ok(
        dir,
        &[
            "network",
            "log",
            "--contact",
            "jsmith",
            "--kind",
            "coffee",
            "--date",
            "2026-01-12",
            "--next",
            "2026-02-16",
            "--note",
            "Talked about the forecasting template.",
            "--claim",
            "PC5",
            "--confidentiality",
            "assessor",
        ],
    );
    ok(
        dir,
        &[
            "network",
            "log",
            "--contact",
            "jsmith",
            "--contact",
            "pkhan",
            "--kind",
            "introduction",
            "--date",
            "2026-01-26",
            "--introduced",
            "jsmith,pkhan",
            "--note",
            "Introduced Jane to Pavel: both run budget forums.",
            "--claim",
            "PC6",
            "--confidentiality",
            "assessor",
        ],
    );

    // A reflection, drafted, refused while unanswered, written, finished.
    let drafted = ok(
        dir,
        &[
            "new",
            "reflection",
            "--standard",
            "networking",
            "--level",
            "3",
        ],
    );
    let draft = drafted
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("wrote "))
        .expect("new says what it wrote")
        .trim_start_matches("./")
        .to_owned();
    let refused = nosfolio(&["finish", &draft]).current_dir(dir).run();
    refused.code(2);
    assert!(
        refused.stderr.contains("nothing is written under"),
        "{}",
        refused.stderr
    );
    let path = dir.join(&draft);
    let text = std::fs::read_to_string(&path).unwrap();
    let front_matter_end = text[4..].find("\n---\n").unwrap() + 4;
    let mut prose = text.clone();
    for heading in ["Situation", "Task", "Action", "Result"] {
        prose = prose.replacen(
            &format!("## {heading}\n\n"),
            &format!("## {heading}\n\nWhat happened: my {heading} in the budget forum.\n"),
            1,
        );
    }
    assert_eq!(
        prose[..front_matter_end],
        text[..front_matter_end],
        "only prose is written"
    );
    std::fs::write(&path, prose).unwrap();
    ok(dir, &["finish", &draft]);

    // The portfolio reads clean, and shows all of it.
    ok(dir, &["check"]);
    let matrix = nosfolio(&["matrix", "--format", "json"])
        .current_dir(dir)
        .run();
    let matrix = matrix.code(0).json();
    for id in ["PC1", "PC2", "PC5", "PC6", "B3", "B4", "B5"] {
        assert_eq!(item_status(&matrix, id), "claimed", "{id}");
    }
    let level_3: Vec<&str> = matrix["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["standard"] == "networking" && i["id"].as_str().unwrap().starts_with("L3."))
        .map(|i| i["status"].as_str().unwrap())
        .collect();
    assert!(
        !level_3.is_empty() && level_3.iter().all(|s| *s == "claimed"),
        "{level_3:?}"
    );
    let scan = nosfolio(&["scan", "--format", "json"])
        .current_dir(dir)
        .run();
    let scan = scan.code(0).json();
    let pieces = scan["evidence"].as_array().expect("pieces");
    let witness = pieces
        .iter()
        .find(|p| p["witness"]["name"] == "Jane Smith")
        .expect("the witness statement");
    assert_eq!(witness["files"].as_array().unwrap().len(), 2);
    assert_eq!(witness["witness"]["contact"], "jane@example.org");
    let email = pieces
        .iter()
        .find(|p| p["path"] == "evidence/budget-email.eml")
        .expect("the e-mail");
    assert_eq!(email["title"], "Forecasting template for Finance");
    assert_eq!(email["type"], "correspondence");
    let review = nosfolio(&[
        "network",
        "review",
        "--quarter",
        "2026Q1",
        "--format",
        "json",
    ])
    .current_dir(dir)
    .run();
    let review = review.code(0).json().to_string();
    assert!(review.contains("jsmith"), "{review}");

    // Every YAML file and front matter in the portfolio was written by nosfolio.
    let yaml: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    assert!(yaml.contains(&"portfolio.yaml".to_owned()), "{yaml:?}");
    assert!(
        yaml.contains(&"network/contacts.yaml".to_owned()),
        "{yaml:?}"
    );
    assert!(
        yaml.iter().any(|y| y.starts_with("evidence/witness-p1")),
        "{yaml:?}"
    );
}
