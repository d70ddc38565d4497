//! Issue 14, class 4: links and the portfolio's boundary. nosfolio never
//! reads one of the portfolio's own files through a symbolic link that
//! leaves it, and never writes through a symbolic link inside it, whether
//! the link is the file or a folder on the way.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::{TempPortfolio, repo};

const MARKER: &str = "Zed Outsider";

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = fs::read(e.path()).unwrap();
            (e.path().display().to_string(), bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_linked_cache_folder_is_neither_read_nor_written_through() {
    // To a folder of evidence, holding a file named like the cache.
    let portfolio = example();
    portfolio.write("evidence/cache.json", "{\"my\": \"evidence\"}");
    symlink("evidence", portfolio.path().join(".nosfolio")).unwrap();
    let before = snapshot(&portfolio.path().join("evidence"));
    for args in [&["scan"][..], &["check"], &["matrix"], &["gaps"]] {
        let run = portfolio.run(args);
        assert!(
            run.stderr.contains(
                ".nosfolio is a symbolic link: the cache is neither read nor written through it"
            ),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = portfolio.run(&["claim", "evidence/09-contacts-list.csv", "PC3"]);
    run.code(2);
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
    assert_eq!(snapshot(&portfolio.path().join("evidence")), before);

    // To a folder outside.
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("cache.json"), "theirs").unwrap();
    let portfolio = example();
    symlink(outside.path(), portfolio.path().join(".nosfolio")).unwrap();
    portfolio.run(&["scan"]).code(0);
    portfolio
        .run(&["claim", "evidence/09-contacts-list.csv", "PC3"])
        .code(2);
    assert_eq!(
        fs::read_to_string(outside.path().join("cache.json")).unwrap(),
        "theirs"
    );
    assert_eq!(
        fs::read_dir(outside.path()).unwrap().count(),
        1,
        "no lock, no temporary file"
    );
}

#[test]
fn the_portfolio_s_own_files_are_not_read_through_links_that_leave_it() {
    let outside = tempfile::tempdir().unwrap();
    let real = example();
    // An outside copy of each part, marked, for the portfolio to link to.
    let contacts = fs::read_to_string(real.path().join("network/contacts.yaml")).unwrap();
    let marked = contacts.replacen("name:", &format!("name: {MARKER} #"), 1);
    fs::write(outside.path().join("contacts.yaml"), &marked).unwrap();
    crate::support::copy_dir(
        &real.path().join("network"),
        &outside.path().join("network"),
    );
    fs::write(outside.path().join("network/contacts.yaml"), &marked).unwrap();
    crate::support::copy_dir(
        &real.path().join("evidence"),
        &outside.path().join("evidence"),
    );
    let manifest = fs::read_to_string(real.path().join("portfolio.yaml")).unwrap();
    fs::write(outside.path().join("portfolio.yaml"), &manifest).unwrap();

    for (part, target) in [
        ("network/contacts.yaml", "contacts.yaml"),
        ("network", "network"),
        ("evidence", "evidence"),
        ("portfolio.yaml", "portfolio.yaml"),
    ] {
        let portfolio = example();
        let path = portfolio.path().join(part);
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        } else {
            fs::remove_file(&path).unwrap();
        }
        symlink(outside.path().join(target), &path).unwrap();
        for args in [
            &["check"][..],
            &["scan", "--format", "json"],
            &["network", "plan"],
            &["report", "--audience", "candidate"],
        ] {
            let run = portfolio.run(args);
            assert_eq!(run.code, 2, "{part} {args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!(
                    "`{part}` is a symbolic link leading out of the portfolio folder"
                )),
                "{part} {args:?}: {}",
                run.stderr
            );
            assert!(!run.stdout.contains(MARKER), "{part} {args:?}");
            if part == "evidence" {
                assert!(!run.stdout.contains("09-contacts-list.csv"), "{args:?}");
            }
        }
    }
}

#[test]
fn links_inside_the_portfolio_that_stay_inside_are_read() {
    let portfolio = example();
    let before = portfolio.run(&["network", "plan"]);
    before.code(0);
    fs::rename(
        portfolio.path().join("network/contacts.yaml"),
        portfolio.path().join("contacts-kept-here.yaml"),
    )
    .unwrap();
    symlink(
        "../contacts-kept-here.yaml",
        portfolio.path().join("network/contacts.yaml"),
    )
    .unwrap();
    let after = portfolio.run(&["network", "plan"]);
    after.code(0);
    assert_eq!(after.stdout, before.stdout);
}

#[test]
fn nothing_is_written_through_a_link_even_one_that_stays_inside() {
    // evidence/ is a link to a folder inside the portfolio: read, never
    // written through.
    let portfolio = example();
    fs::rename(
        portfolio.path().join("evidence"),
        portfolio.path().join("kept"),
    )
    .unwrap();
    symlink("kept", portfolio.path().join("evidence")).unwrap();
    let before = snapshot(portfolio.path());
    portfolio.run(&["check"]).code(0);
    for args in [
        &["new", "statement", "--type", "reflective-logs"][..],
        &["claim", "evidence/09-contacts-list.csv", "PC3"],
    ] {
        let run = portfolio.run(args);
        run.code(2);
        // `new` meets the link; `claim` names the file by where it really
        // is, which is not under evidence/.
        assert!(
            run.stderr.contains("nothing was written"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = crate::support::assess_in(
        portfolio.path(),
        "evidence/09-contacts-list.csv",
        &["--accept", "PC1"],
    );
    run.code(2);
    let after: Vec<_> = snapshot(portfolio.path())
        .into_iter()
        .filter(|(path, _)| !path.contains("/.nosfolio/"))
        .collect();
    assert_eq!(after, before);

    // A folder of evidence linked inside, and the network folder.
    for part in ["network/journal", "network"] {
        let portfolio = example();
        let real = portfolio
            .path()
            .join(format!("{}-real", part.replace('/', "-")));
        fs::rename(portfolio.path().join(part), &real).unwrap();
        symlink(&real, portfolio.path().join(part)).unwrap();
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
        assert!(
            run.stderr.contains("is a symbolic link"),
            "{part}: {}",
            run.stderr
        );
    }
}
