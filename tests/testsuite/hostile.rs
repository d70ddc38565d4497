//! Hostile files (issue 14): files that are not regular files, where
//! nosfolio expects one, make no command block. Each is refused, by the
//! type of the handle opened without waiting, with "not a regular file";
//! a cache in their place is ignored with a warning.

#![cfg(unix)]

use std::path::Path;

use crate::support::{TempPortfolio, nosfolio, repo};

/// Replaces `relative` in `dir` with a named pipe that nobody writes to.
fn pipe_at(dir: &Path, relative: &str) {
    let path = dir.join(relative);
    let _ = std::fs::remove_file(&path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_pipe_where_a_file_is_read_blocks_no_command() {
    for (relative, args, code, said) in [
        (
            "portfolio.yaml",
            &["check"][..],
            2,
            "portfolio.yaml: error: cannot read `portfolio.yaml`: not a regular file",
        ),
        (
            "network/contacts.yaml",
            &["check"][..],
            2,
            "network/contacts.yaml: error: cannot read `network/contacts.yaml`: not a regular file",
        ),
        (
            "assessment/someone.yaml",
            &["check"][..],
            2,
            "assessment/someone.yaml: error: cannot read",
        ),
        (
            ".nosfolio/cache.json",
            &["check"][..],
            0,
            ".nosfolio/cache.json: the cache is damaged (not a regular file",
        ),
        (
            "evidence/09-contacts-list.csv.yaml",
            &["claim", "evidence/09-contacts-list.csv", "PC6"][..],
            2,
            "not a regular file",
        ),
        (
            "evidence/01-personal-statement.md.yaml",
            &["check"][..],
            2,
            "evidence/01-personal-statement.md.yaml: error: cannot read `evidence/01-personal-statement.md.yaml`: not a regular file",
        ),
        (
            "evidence/09-contacts-list.csv",
            &["scan"][..],
            2,
            "evidence/09-contacts-list.csv",
        ),
    ] {
        let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
        pipe_at(portfolio.path(), relative);
        let run = nosfolio(args)
            .current_dir(portfolio.path())
            .spawn()
            .wait_at_most(20, relative);
        run.code(code);
        assert!(run.stderr.contains(said), "{relative}: {}", run.stderr);
    }
}

#[test]
fn a_caseload_with_a_pipe_in_one_portfolio_reads_them_all() {
    let root = TempPortfolio::empty();
    for name in ["a", "b"] {
        crate::support::copy_dir(
            &repo().join("examples/mla3-portfolio"),
            &root.path().join(name),
        );
    }
    pipe_at(&root.path().join("a"), "network/contacts.yaml");
    let run = nosfolio(&["caseload", ".", "--format", "json"])
        .current_dir(root.path())
        .spawn()
        .wait_at_most(20, "caseload");
    let json = run.json();
    let rows = json.as_array().expect("one row per portfolio");
    assert_eq!(rows.len(), 2, "{json}");
    assert_eq!(rows[0]["path"], "a");
    assert!(rows[0]["errors"].as_u64().unwrap() > 0, "{json}");
}
