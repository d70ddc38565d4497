//! `nosfolio scan` and `nosfolio check` over portfolios on disk, including
//! cases fixtures cannot hold (symlinks, unreadable files, odd names).

use crate::support::TempPortfolio;

const PORTFOLIO: &str = "candidate: A Candidate\nstandards: [mla3]\n";

#[test]
fn scan_lists_files_with_sizes_and_hashes() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    let json = portfolio.run(&["scan", "--format", "json"]).code(0).json();
    assert_eq!(json["pieces"], 1);
    let evidence = &json["evidence"][0];
    assert_eq!(evidence["path"], "evidence/notes.txt");
    assert_eq!(evidence["described_by"], "evidence/notes.txt.yaml");
    assert_eq!(evidence["files"][0]["size"], 30);
    // sha256 of "Notes of a call with Finance.\n"
    let expected = nosfolio_store::hash_bytes(b"Notes of a call with Finance.\n");
    assert_eq!(evidence["files"][0]["sha256"], expected.as_str());
    assert_eq!(evidence["sha256"], expected.as_str());
    assert_eq!(evidence["claims"][1]["item"], "PC5");
    assert_eq!(evidence["claims"][1]["at"], "paragraph 2");
    assert_eq!(evidence["date"], "2025-04-02");
    assert_eq!(evidence["confidentiality"], "assessor");
}

#[test]
fn scan_text_shows_each_piece() {
    let portfolio = TempPortfolio::from_fixture("valid/forms");
    let run = portfolio.run(&["scan"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn several_files_make_one_piece_with_a_listing_digest() {
    let portfolio = TempPortfolio::from_fixture("valid/forms");
    let json = portfolio.run(&["scan", "--format", "json"]).code(0).json();
    let statement = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "evidence/statement.yaml")
        .unwrap();
    let files: Vec<&str> = statement["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["evidence/statement-p1.png", "evidence/statement-p2.png"]
    );
    let listing = format!(
        "{}  evidence/statement-p1.png\n{}  evidence/statement-p2.png\n",
        nosfolio_store::hash_bytes(b"PNG page 1"),
        nosfolio_store::hash_bytes(b"PNG page 2")
    );
    assert_eq!(
        statement["sha256"],
        nosfolio_store::hash_bytes(listing.as_bytes()).as_str()
    );
    assert_eq!(statement["witness"]["name"], "Sam Lee");
}

#[test]
fn a_folder_without_portfolio_yaml_gets_advice() {
    let dir = TempPortfolio::empty();
    let run = dir.run(&["check"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("is not a portfolio: it has no portfolio.yaml"),
        "{}",
        run.stderr
    );
    // The advice is a command, not YAML to write, and following it works.
    assert!(
        run.stderr
            .contains("help: start one with `nosfolio init . --candidate NAME`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("candidate:"), "{}", run.stderr);
    dir.run(&["init", ".", "--candidate", "Priya Shah"]).code(0);
    dir.run(&["check"]).code(0);
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let dir = TempPortfolio::empty();
    let run = dir.run(&["matrix", "no-such-folder"]);
    run.code(2);
    assert!(
        run.stderr.contains("cannot open portfolio no-such-folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn problems_name_paths_as_reached_from_the_working_directory() {
    let dir = TempPortfolio::from_fixture("invalid/unknown-key");
    let run =
        crate::support::nosfolio(&["check", "--color", "never", dir.path().to_str().unwrap()])
            .run();
    run.code(2);
    let expected = format!(
        "{}:2:1: error: unknown key `dtae`",
        dir.path().join("evidence/a.txt.yaml").display()
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_portfolio_are_refused_and_loops_reported() {
    use std::os::unix::fs::symlink;
    let outside = TempPortfolio::empty();
    outside.write("secret.txt", "secret");
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", PORTFOLIO);
    portfolio.write("evidence/inside.txt", "inside");
    portfolio.write("evidence/inside.txt.yaml", "title: Inside\nclaims: [PC1]\n");
    symlink(
        outside.path().join("secret.txt"),
        portfolio.path().join("evidence/link.txt"),
    )
    .unwrap();
    portfolio.write("evidence/link.txt.yaml", "title: Link\nclaims: [PC1]\n");
    symlink(
        portfolio.path().join("evidence/inside.txt"),
        portfolio.path().join("evidence/ok-link.txt"),
    )
    .unwrap();
    portfolio.write(
        "evidence/ok-link.txt.yaml",
        "title: Fine link\nclaims: [PC2]\n",
    );
    symlink("loop-b", portfolio.path().join("evidence/loop-a")).unwrap();
    symlink("loop-a", portfolio.path().join("evidence/loop-b")).unwrap();

    let run = portfolio.run(&["check", "--color", "never"]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "evidence/link.txt: error: `evidence/link.txt` is outside the portfolio folder"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("evidence/loop-a: error: cannot read `evidence/loop-a`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("ok-link"), "{}", run.stderr);
    let json = portfolio.run(&["scan", "--format", "json"]).json();
    let paths: Vec<&str> = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"evidence/ok-link.txt"), "{paths:?}");
    assert!(!json.to_string().contains("secret"), "{json}");
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_non_utf8_names_are_reported_not_fatal() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", PORTFOLIO);
    portfolio.write("evidence/locked.txt", "locked");
    portfolio.write("evidence/locked.txt.yaml", "title: Locked\nclaims: [PC1]\n");
    portfolio.write("evidence/fine.txt", "fine");
    portfolio.write("evidence/fine.txt.yaml", "title: Fine\nclaims: [PC2]\n");
    let locked = portfolio.path().join("evidence/locked.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"evidence/caf\xe9.txt");
    std::fs::write(portfolio.path().join(odd), "latin-1 name").unwrap();

    let run = portfolio.run(&["check", "--color", "never"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    run.code(2);
    assert!(
        run.stderr
            .contains("file name is not valid UTF-8: evidence/caf\u{fffd}.txt"),
        "{}",
        run.stderr
    );
    // Root can read anything, so the permission case only shows for other
    // users; `cannot read` itself is also covered, for root too, by a file
    // deleted before it is hashed (crates/nosfolio-store/tests/races.rs).
    if running_as_root() {
        eprintln!("skipped the mode-000 part: running as root, who may read any file");
    } else {
        assert!(
            run.stderr
                .contains("evidence/locked.txt: error: cannot read"),
            "{}",
            run.stderr
        );
    }
}

/// Whether the tests run as root (who may read a file with mode 000).
fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn binary_and_oversized_sidecars_are_refused_clearly() {
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", PORTFOLIO);
    portfolio.write("evidence/junk.bin", [0u8, 1, 2]);
    portfolio.write("evidence/junk.bin.yaml", [0xffu8, 0xfe, 0x00, 0x41]);
    portfolio.write("evidence/huge.txt", "x");
    portfolio.write(
        "evidence/huge.txt.yaml",
        format!(
            "title: Huge\ndescription: {}\n",
            "x".repeat(2 * 1024 * 1024)
        ),
    );
    portfolio.write("evidence/empty.txt", "x");
    portfolio.write("evidence/empty.txt.yaml", "");
    let run = portfolio.run(&["check", "--color", "never"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("evidence/junk.bin.yaml: error: not UTF-8 text: invalid byte at offset 0"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("evidence/huge.txt.yaml: error: file is 2097178 bytes, larger than the 1048576-byte limit"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("evidence/empty.txt.yaml: warning: this evidence claims no items"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("junk.bin: warning"),
        "a broken sidecar's file is not also unclaimed\n{}",
        run.stderr
    );
}

#[test]
fn a_100_mb_sidecar_is_refused_by_its_size() {
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", PORTFOLIO);
    portfolio.write("evidence/big.txt", "x");
    portfolio.write("evidence/fine.txt", "x");
    portfolio.write("evidence/fine.txt.yaml", "title: Fine\nclaims: [PC1]\n");
    // Sparse: 100 MB on paper, next to nothing on disk.
    let big = std::fs::File::create(portfolio.path().join("evidence/big.txt.yaml")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let run = portfolio.run(&["check", "--color", "never"]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "evidence/big.txt.yaml: error: file is 104857600 bytes, larger than the 1048576-byte limit"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("1 piece of evidence"),
        "the rest is still read: {}",
        run.stdout
    );
}
