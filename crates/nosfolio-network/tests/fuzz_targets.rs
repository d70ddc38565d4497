//! The fuzz targets' code (`fuzz/src/lib.rs`), compiled on stable and run
//! over every file the repository holds as an example of user input, so
//! that the targets never rot and every fixture goes through every parser;
//! and over every input fuzzing ever crashed on (`fuzz/regressions/`).

#![allow(missing_docs, unreachable_pub)]

use std::path::{Path, PathBuf};

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
    }
}
