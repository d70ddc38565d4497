//! `nosfolio suggest`.

use crate::support::{TempPortfolio, nosfolio, repo};

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

#[test]
fn a_file_finds_its_portfolio_type_and_claims() {
    let portfolio = example();
    let file = portfolio.path().join("evidence/09-contacts-list.csv");
    let run = nosfolio(&["suggest", file.to_str().unwrap(), "--format", "json"]).run();
    let json = run.code(0).json();
    assert_eq!(json["evidence_type"], "annotated-contacts-list");
    assert_eq!(json["evidence"], "evidence/09-contacts-list.csv");
    let ids: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["PC1", "PC4", "B4", "KG1", "KC8"]);
    assert!(
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["claimed_here"] == true)
    );
}

#[test]
fn a_type_marks_what_is_still_missing() {
    let run = example().run(&["suggest", "--type", "witness-developments"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("Evidence of type witness-developments can support:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("PC6  ✗ missing"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Still missing, and this type could show: PC6, B2"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_requests_say_what_to_do() {
    let portfolio = example();
    let run = portfolio.run(&["suggest", "--type", "witness"]);
    run.code(2);
    assert!(
        run.stderr.contains("unknown evidence type `witness`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("witness-networks"), "{}", run.stderr);

    let outside = TempPortfolio::empty();
    outside.write("note.txt", "x");
    let run = outside.run(&["suggest", "note.txt"]);
    run.code(2);
    assert!(
        run.stderr.contains("is not inside a portfolio"),
        "{}",
        run.stderr
    );

    let run = portfolio.run(&["suggest"]);
    run.code(2);
}

#[test]
fn a_file_with_no_description_yet_is_suggested_kinds_or_items() {
    let portfolio = example();
    portfolio.write("evidence/new-minutes.txt", "Minutes of the forum.");

    // No type: the kinds that would cover the most of what is missing.
    let run = portfolio.run(&["suggest", "evidence/new-minutes.txt"]);
    run.code(0);
    let text = run.stdout.replace('\n', " ");
    assert!(
        run.stdout
            .starts_with("evidence/new-minutes.txt has no description yet"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("reports "), "{}", run.stdout);
    assert!(
        text.contains("nosfolio claim evidence/new-minutes.txt ITEM… --type TYPE"),
        "{text}"
    );
    let json = portfolio
        .run(&["suggest", "evidence/new-minutes.txt", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(json["described"], false);
    assert_eq!(json["kinds"][0]["evidence_type"], "reports");
    assert_eq!(json["kinds"][0]["covers"][0], "PC6");

    // With a type: what it could support, and how to claim it.
    let run = portfolio.run(&["suggest", "evidence/new-minutes.txt", "--type", "reports"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("as evidence of type reports, could support"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .replace('\n', " ")
            .contains("--type reports` claims what it shows"),
        "{}",
        run.stdout
    );
    let json = portfolio
        .run(&[
            "suggest",
            "evidence/new-minutes.txt",
            "--type",
            "reports",
            "--format",
            "json",
        ])
        .code(0)
        .json();
    assert_eq!(json["evidence"], "evidence/new-minutes.txt");
    assert_eq!(json["described"], false);
    assert!(
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["claimed_here"] == false)
    );
}
