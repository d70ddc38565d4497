//! Every fixture portfolio under `tests/fixtures/`: each `valid/` case checks
//! with exit 0, each `invalid/` case with exit 2; where a case has an
//! `expected.stderr`, `nosfolio check` must print exactly that.

use std::fs;

use crate::support::{TempPortfolio, fixture};

fn cases(kind: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixture(kind))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {kind}");
    names
}

fn check_case(kind: &str, name: &str, code: i32) -> Option<String> {
    let portfolio = TempPortfolio::from_fixture(&format!("{kind}/{name}"));
    let expected_file = portfolio.path().join("expected.stderr");
    let expected = fs::read_to_string(&expected_file).ok();
    if expected.is_some() {
        fs::remove_file(&expected_file).unwrap();
    }
    let run = portfolio.run(&["check", "--color", "never"]);
    if run.code != code {
        return Some(format!(
            "{kind}/{name}: exit {} instead of {code}\n{}",
            run.code, run.stderr
        ));
    }
    if run.stderr.contains("internal error") {
        return Some(format!("{kind}/{name}: panicked\n{}", run.stderr));
    }
    match expected {
        Some(expected) if expected != run.stderr => Some(format!(
            "{kind}/{name}: stderr differs\n--- expected\n{expected}--- actual\n{}",
            run.stderr
        )),
        _ => None,
    }
}

#[test]
fn valid_fixtures_check_clean_or_with_their_warnings() {
    let failures: Vec<String> = cases("valid")
        .iter()
        .filter_map(|name| check_case("valid", name, 0))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn invalid_fixtures_fail_with_their_messages() {
    let names = cases("invalid");
    let failures: Vec<String> = names
        .iter()
        .filter_map(|name| check_case("invalid", name, 2))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for name in &names {
        assert!(
            fixture("invalid")
                .join(name)
                .join("expected.stderr")
                .exists(),
            "invalid/{name} has no expected.stderr"
        );
    }
}
