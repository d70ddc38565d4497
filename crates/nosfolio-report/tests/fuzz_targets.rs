//! The fuzz targets' code (`fuzz/src/lib.rs`), compiled on stable and run
//! over every file the repository holds as an example of user input, so
//! that the targets never rot and every fixture goes through every parser;
//! and over every input fuzzing ever crashed on (`fuzz/regressions/`).

#![allow(missing_docs, unreachable_pub)]

use std::path::{Path, PathBuf};

// `within_budget` is for the fuzz targets alone: no test asserts on time.
#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod targets;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn inputs() -> Vec<Vec<u8>> {
    let mut inputs = Vec::new();
    for folder in [
        "tests/fixtures",
        "examples",
        "crates/nosfolio-core/standards",
        "fuzz/regressions",
    ] {
        for entry in walkdir::WalkDir::new(repo().join(folder)) {
            let entry = entry.expect("readable");
            if entry.file_type().is_file() && entry.metadata().expect("metadata").len() < 1 << 20 {
                inputs.push(std::fs::read(entry.path()).expect("readable"));
            }
        }
    }
    assert!(inputs.len() > 50, "the fixtures are missing");
    inputs
}

#[test]
fn every_fixture_goes_through_every_fuzz_target() {
    for input in inputs() {
        targets::sidecar(&input);
        targets::portfolio_yaml(&input);
        targets::standard(&input);
        targets::journal(&input);
        targets::claims_edit(&input);
        targets::contacts_edit(&input);
        let _ = targets::markdown(&input);
        let _ = targets::report(&input);
        let _ = targets::evidence_content(&input);
    }
}

/// The deepest nesting of `tag` in `html` (an HTML report or fragment).
fn deepest(html: &str, tag: &str) -> usize {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with(&close) {
            depth = depth.saturating_sub(1);
        } else if rest.starts_with(&open) {
            depth += 1;
            max = max.max(depth);
        }
        rest = &rest[1..];
    }
    max
}

/// Issue 14: a description of 200,000 `>` (200 KB, under the sidecar
/// limit) made `report` run for minutes. Checked by what the output holds,
/// never by time: the description is rendered at full size, and a whole
/// report at a tenth of it (a debug build renders it three times over, for
/// each audience), with the quotes handed to the sanitizer nested no
/// deeper than its bound.
#[test]
fn regression_200k_quote_marks_in_a_description() {
    let text = format!("{} the end", ">".repeat(200_000));
    let html = targets::markdown(text.as_bytes()).expect("rendered");
    assert_eq!(deepest(&html, "blockquote"), 32);
    let text = format!("{} the end", ">".repeat(20_000));
    let (report, md) = targets::report(text.as_bytes()).expect("rendered");
    assert_eq!(deepest(&report, "blockquote"), 32);
    assert!(report.contains("the end") && md.contains("the end"));
    assert!(report.contains("shown flattened"));
}

/// Issue 14: 150,000 `<div>`s, the same through the candidate's HTML.
#[test]
fn regression_150k_divs_in_a_description() {
    let text = "<div>".repeat(150_000);
    let html = targets::markdown(text.as_bytes()).expect("rendered");
    assert_eq!(deepest(&html, "div"), 0);
    let text = "<div>".repeat(15_000);
    let (report, _) = targets::report(text.as_bytes()).expect("rendered");
    assert!(report.contains("&lt;div&gt;&lt;div&gt;"));
    assert!(report.contains("shown as text"));
}
