//! Files nosfolio owns (decisions, journal entries, drafts, seals) are
//! written by the store under the portfolio's write lock, at a free name,
//! and never through a symbolic link.

use std::process::Stdio;

use crate::support::{TempPortfolio, repo};

#[test]
fn concurrent_journal_entries_each_take_their_own_name() {
    const RUNS: usize = 10;
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let children: Vec<_> = (0..RUNS)
        .map(|n| {
            crate::support::binary()
                .args([
                    "network",
                    "log",
                    "--contact",
                    "jkaur",
                    "--kind",
                    "Coffee",
                    "--date",
                    "2025-06-24",
                    "--note",
                    &format!("run {n}"),
                    "--format",
                    "json",
                ])
                .current_dir(portfolio.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut written: Vec<String> = children
        .into_iter()
        .map(|child| {
            let run: crate::support::Run = child.wait_with_output().unwrap().into();
            run.code(0);
            run.json()["written"].as_str().unwrap().to_owned()
        })
        .collect();
    written.sort();
    written.dedup();
    assert_eq!(written.len(), RUNS, "{written:?}");
    assert!(written.contains(&"network/journal/2025-06-24-coffee.md".to_owned()));
    assert!(written.contains(&"network/journal/2025-06-24-coffee-10.md".to_owned()));
    let mut notes: Vec<String> = written
        .iter()
        .map(|path| std::fs::read_to_string(portfolio.path().join(path)).unwrap())
        .map(|text| text.lines().last().unwrap().to_owned())
        .collect();
    notes.sort();
    let mut expected: Vec<String> = (0..RUNS).map(|n| format!("run {n}")).collect();
    expected.sort();
    assert_eq!(notes, expected);
    portfolio.run(&["check"]).code(0);
}

#[cfg(unix)]
#[test]
fn owned_files_are_never_written_through_a_link() {
    let outside = tempfile::tempdir().unwrap();
    let link = |portfolio: &TempPortfolio, relative: &str| {
        let path = portfolio.path().join(relative);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        }
        std::os::unix::fs::symlink(outside.path(), path).unwrap();
    };

    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    link(&portfolio, "assessment");
    let run = crate::support::assess_in(
        portfolio.path(),
        "evidence/09-contacts-list.csv",
        &["--accept", "PC1"],
    );
    run.code(2);
    assert!(
        run.stderr.contains("is a symbolic link") && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );

    // A linked journal is refused when the portfolio is read, before the
    // store would refuse to write through it.
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    link(&portfolio, "network/journal");
    let run = portfolio.run(&[
        "network",
        "log",
        "--contact",
        "jkaur",
        "--kind",
        "lunch",
        "--date",
        "2025-06-24",
    ]);
    run.code(2);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);

    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    std::os::unix::fs::symlink(
        outside.path().join("seal.yaml"),
        portfolio.path().join("seal.yaml"),
    )
    .unwrap();
    let run = portfolio.run(&["seal", "--force"]);
    run.code(2);
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);

    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing was written outside the portfolio"
    );
}

#[test]
fn a_write_that_fails_exits_74_and_a_busy_portfolio_75_writing_nothing() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write("evidence/new.txt", "Notes");
    let sidecar = portfolio.path().join("evidence/new.txt.yaml");

    // The lock cannot be made: `.nosfolio` is a file.
    let _ = std::fs::remove_dir_all(portfolio.path().join(".nosfolio"));
    portfolio.write(".nosfolio", "not a folder");
    let run = portfolio.run(&["--no-cache", "claim", "evidence/new.txt", "PC1"]);
    run.code(74);
    assert!(
        run.stderr.contains(".nosfolio; nothing was written")
            && run.stderr.contains("caused by: not a folder"),
        "{}",
        run.stderr
    );
    assert!(!sidecar.exists());

    // Another run holds the lock for longer than a writer waits.
    std::fs::remove_file(portfolio.path().join(".nosfolio")).unwrap();
    std::fs::create_dir(portfolio.path().join(".nosfolio")).unwrap();
    let held = std::fs::File::create(portfolio.path().join(".nosfolio/lock")).unwrap();
    held.lock().unwrap();
    let run = portfolio.run(&["claim", "evidence/new.txt", "PC1"]);
    run.code(75);
    assert!(
        run.stderr.contains("another nosfolio has been writing"),
        "{}",
        run.stderr
    );
    assert!(!sidecar.exists());
    held.unlock().unwrap();
    portfolio.run(&["claim", "evidence/new.txt", "PC1"]).code(0);
    assert!(sidecar.exists());
}
