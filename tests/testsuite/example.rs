//! The bundled example portfolio (`examples/mla3-portfolio`), which the
//! README's first command runs: it must stay clean and show its gaps.

use crate::support::{TempPortfolio, repo};

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

#[test]
fn the_example_checks_without_any_problem() {
    let run = example().run(&["check"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, ".: no problems in 14 pieces of evidence\n");
}

#[test]
fn the_example_misses_exactly_the_items_it_says_it_misses() {
    let json = example()
        .run(&["matrix", "--format", "json"])
        .code(0)
        .json();
    let missing: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["status"] == "missing")
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["PC6", "B2", "KG3", "KI1", "KC5"]);
    assert_eq!(json["summary"]["claimed"], 27);
    assert_eq!(json["evidence"].as_array().unwrap().len(), 14);
    let statement = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "evidence/07-witness-statement-finance.yaml")
        .unwrap();
    assert_eq!(
        statement["files"].as_array().unwrap().len(),
        2,
        "two scanned pages, one piece"
    );
}

#[test]
fn the_example_matrix_reads_well() {
    let run = example().run(&["matrix"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}
