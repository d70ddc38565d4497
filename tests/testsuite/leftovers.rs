//! Issue 14, class 8: crash leftovers. A writer killed between writing its
//! temporary file and renaming it leaves `.nosfolio-XXXXXX` behind; no
//! command counts it as evidence, and the next write into that folder
//! removes it once nobody holds it.

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::support::{TempPortfolio, nosfolio, repo};

/// nosfolio's temporary files in `folder`.
fn temporaries(folder: &Path) -> Vec<PathBuf> {
    fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".nosfolio-")
        })
        .collect()
}

#[test]
fn a_writer_killed_before_its_rename_leaves_nothing_behind() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let evidence = portfolio.path().join("evidence");
    portfolio.run(&["seal"]).code(0);
    let sidecar = evidence.join("09-contacts-list.csv.yaml");
    let before = fs::read(&sidecar).unwrap();

    // A claim that stops once its temporary file is complete, and is
    // killed there.
    let writer = nosfolio(&["claim", "evidence/09-contacts-list.csv", "PC6"])
        .current_dir(portfolio.path())
        .env("NOSFOLIO_PAUSE_BEFORE_RENAME_FOR_TEST", "60")
        .spawn();
    let started = Instant::now();
    while temporaries(&evidence).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the writer never wrote"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    writer.kill();
    let left = temporaries(&evidence);
    assert_eq!(left.len(), 1, "the killed run left its temporary file");
    assert_eq!(
        fs::read(&sidecar).unwrap(),
        before,
        "and the old file intact"
    );

    // Left over, it is nobody's evidence.
    portfolio.run(&["verify"]).code(0);
    let scan = portfolio.run(&["scan", "--format", "json"]);
    assert!(!scan.stdout.contains(".nosfolio-"), "{}", scan.stdout);
    portfolio.run(&["check"]).code(0);

    // While it is recent it may be a live writer's, not yet locked: kept.
    portfolio
        .run(&["claim", "evidence/10-forum-membership-record.txt", "PC6"])
        .code(0);
    assert_eq!(temporaries(&evidence), left);
    // Unchanged for longer than a writer needs: the next write removes it.
    let old = SystemTime::now() - Duration::from_secs(120);
    fs::File::options()
        .write(true)
        .open(&left[0])
        .unwrap()
        .set_modified(old)
        .unwrap();
    portfolio
        .run(&["claim", "evidence/09-contacts-list.csv", "PC6"])
        .code(0);
    assert_eq!(temporaries(&evidence), Vec::<PathBuf>::new());
    assert!(temporaries(&portfolio.path().join(".nosfolio")).is_empty());
}
