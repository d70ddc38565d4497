//! Issue 14, class 7: nosfolio never overwrites the portfolio's own
//! inputs. No `-o` may name a file a portfolio reads, `--force` or not,
//! however it is named (a path through `..`, a symbolic or hard link).

use std::fs;
use std::path::Path;

use crate::support::{TempPortfolio, repo};

/// Every file under `dir` with its bytes (the cache left out).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && !e.path().to_string_lossy().contains(".nosfolio"))
        .map(|e| (e.path().display().to_string(), fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn no_output_names_a_file_the_portfolio_reads_force_or_not() {
    let around = tempfile::tempdir().unwrap();
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let root = portfolio.path();
    let mut targets = vec![
        root.join("portfolio.yaml"),
        root.join("evidence/../portfolio.yaml"),
        root.join("network/contacts.yaml"),
        root.join("evidence/02-email-to-finance.eml"),
        root.join("evidence/02-email-to-finance.eml.yaml"),
        root.join("evidence/new-report.html"),
    ];
    #[cfg(unix)]
    {
        let soft = around.path().join("soft.html");
        std::os::unix::fs::symlink(root.join("portfolio.yaml"), &soft).unwrap();
        let hard = around.path().join("hard.html");
        fs::hard_link(root.join("evidence/09-contacts-list.csv"), &hard).unwrap();
        targets.extend([soft, hard]);
    }
    let before = snapshot(root);
    for target in &targets {
        let target = target.to_str().unwrap();
        for args in [
            &["report", "-o", target][..],
            &["report", "-o", target, "--force"],
            &["export", "--to", "case", "-o", target, "--force"],
            &["export", "--to", "openbadges", "-o", target, "--force"],
        ] {
            let run = portfolio.run(args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("nosfolio never writes over a file it reads, --force or not; nothing was written"),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(snapshot(root), before, "every file as it was");
    #[cfg(unix)]
    assert_eq!(
        fs::read(around.path().join("hard.html")).unwrap(),
        fs::read(root.join("evidence/09-contacts-list.csv")).unwrap()
    );
    // A report beside portfolio.yaml is still fine.
    portfolio.run(&["report", "-o", "report.html"]).code(0);
}

#[test]
fn standards_import_never_writes_over_its_own_input_or_a_portfolio_file() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let source = repo().join("tests/fixtures/interop/small.case.json");
    let input = portfolio.path().join("framework.json");
    fs::copy(&source, &input).unwrap();
    let before = snapshot(portfolio.path());
    for output in [
        "framework.json",
        "./x/../framework.json",
        "portfolio.yaml",
        "evidence/std.yaml",
    ] {
        let run = portfolio.run(&[
            "standards",
            "import",
            "framework.json",
            "-o",
            output,
            "--force",
        ]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(
            run.stderr.contains("never writes over a file it reads"),
            "{output}: {}",
            run.stderr
        );
    }
    assert_eq!(snapshot(portfolio.path()), before);
}

/// A description holding a carriage return and a control character,
/// rewritten by `claim --force`, reads back exactly: a literal block cannot
/// carry them, so it is written double-quoted with escapes.
#[test]
fn claim_force_keeps_a_description_with_control_characters_exactly() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write("evidence/c.txt", "notes");
    portfolio.write(
        "evidence/c.txt.yaml",
        "title: T\ndescription: \"Line one\\r\\nline \\x01two\\nthree\"\nclaims: [PC1] # mine\n",
    );
    let description = |portfolio: &TempPortfolio| {
        let scan = portfolio.run(&["scan", "--format", "json"]);
        let value: serde_json::Value = serde_json::from_str(&scan.stdout).unwrap();
        value.to_string()
    };
    let before = description(&portfolio);
    assert!(
        before.contains(r#"Line one\r\nline \u0001two\nthree"#),
        "{before}"
    );
    portfolio.run(&["claim", "evidence/c.txt", "PC2"]).code(2);
    portfolio
        .run(&["claim", "evidence/c.txt", "PC2", "--force"])
        .code(0);
    let after = description(&portfolio);
    assert!(
        after.contains(r#"Line one\r\nline \u0001two\nthree"#),
        "{after}"
    );
    portfolio.run(&["check"]).code(0);
}

/// A candidate's name with DEL is written escaped and reads back as
/// given; an assessor's name is one line without control characters (as
/// `nosfolio people add` takes it), so one with a C1 line break is refused
/// and nothing is written.
#[test]
fn init_writes_names_with_control_characters_that_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let init = |assessor: &str| {
        crate::support::nosfolio(&[
            "init",
            "p",
            "--candidate",
            "Ann\u{7f}Lee",
            "--assessor",
            assessor,
        ])
        .current_dir(dir.path())
        .run()
    };
    let refused = init("Tom\u{85}Reid");
    refused.code(2);
    assert!(
        refused
            .stderr
            .contains("give the name on one line: nothing was written"),
        "{refused:#?}"
    );
    assert!(!dir.path().join("p").exists());
    init("Tom Reid").code(0);
    let text = fs::read_to_string(dir.path().join("p/portfolio.yaml")).unwrap();
    assert!(text.contains(r#"candidate: "Ann\x7FLee""#), "{text}");
    assert!(text.contains("assessors: [Tom Reid]"), "{text}");
    crate::support::nosfolio(&["check", "p"])
        .current_dir(dir.path())
        .run()
        .code(0);
}

/// `claim` never writes a description nosfolio would not read: files
/// outside `evidence/` (other than the contacts list and journal entries),
/// and files in the journal that are not Markdown, are refused, saying
/// where evidence lives.
#[test]
fn claim_refuses_files_whose_claims_would_never_be_read() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    portfolio.write("network/journal/notes.txt", "just notes\n");
    portfolio.write("network/other/a.md", "x\n");
    let before = snapshot(portfolio.path());
    for file in [
        "README.md",
        "network/journal/notes.txt",
        "network/other/a.md",
    ] {
        let run = portfolio.run(&["claim", file, "KC5"]);
        run.code(2);
        assert!(
            run.stderr.contains(&format!(
                "{file} is not evidence: claims are made for files under evidence/"
            )) && run
                .stderr
                .contains("help: move the file into evidence/ and claim it there"),
            "{file}: {}",
            run.stderr
        );
    }
    assert_eq!(snapshot(portfolio.path()), before);
}
