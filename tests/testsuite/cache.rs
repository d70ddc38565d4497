//! The cache in `.nosfolio/`: the same results warm as cold, changed files
//! read again, a damaged or foreign cache ignored with a warning, `--no-cache`,
//! concurrent runs, read-only portfolios, and seal and verify never trusting it.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::support::{TempPortfolio, copy_dir, read_marked, repo, write_marked};

const CACHE: &str = ".nosfolio/cache.json";

/// Sets every file's modification time an hour back, so that the cache
/// records it (files modified moments before a run are not recorded).
fn age(dir: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for entry in walk(dir) {
        set_modified(&entry, old);
    }
}

fn set_modified(path: &Path, time: SystemTime) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(time).unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The example portfolio, aged.
fn example() -> TempPortfolio {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    age(portfolio.path());
    portfolio
}

fn cache_of(portfolio: &TempPortfolio) -> serde_json::Value {
    serde_json::from_str(&read_marked(&portfolio.path().join(CACHE))).unwrap()
}

#[test]
fn a_warm_run_prints_what_a_cold_one_did() {
    let portfolio = example();
    for args in [
        &["scan", "--format", "json"][..],
        &["matrix"],
        &["status"],
        &["check"],
    ] {
        let cold = portfolio.run(&[&["--no-cache"], args].concat());
        let first = portfolio.run(args);
        let warm = portfolio.run(args);
        for run in [&first, &warm] {
            assert_eq!(run.stdout, cold.stdout, "{args:?}");
            assert_eq!(run.stderr, cold.stderr, "{args:?}");
        }
    }
    let cache = cache_of(&portfolio);
    let files = cache["files"].as_object().unwrap();
    let log = &files["evidence/06-reflective-log.md"];
    assert!(log["sha256"].is_string());
    assert!(log["meta"].is_object(), "front matter is kept parsed");
    assert!(files["evidence/02-email-to-finance.eml.yaml"]["meta"].is_object());
}

#[test]
fn an_unchanged_run_does_not_rewrite_the_cache() {
    let portfolio = example();
    portfolio.run(&["scan"]).code(0);
    let before = fs::metadata(portfolio.path().join(CACHE)).unwrap();
    let text = fs::read(portfolio.path().join(CACHE)).unwrap();
    portfolio.run(&["scan"]).code(0);
    let after = fs::metadata(portfolio.path().join(CACHE)).unwrap();
    assert_eq!(fs::read(portfolio.path().join(CACHE)).unwrap(), text);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(before.ino(), after.ino(), "not replaced");
}

fn sha_of(run: &crate::support::Run, path: &str) -> String {
    let json = run.json();
    let piece = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("no {path}"));
    piece["sha256"].as_str().unwrap().to_owned()
}

#[test]
fn a_file_changed_to_the_same_size_is_hashed_again() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    age(portfolio.path());
    let notes = portfolio.path().join("evidence/notes.txt");
    let before = portfolio.run(&["scan", "--format", "json"]);
    assert_eq!(
        cache_of(&portfolio)["files"]["evidence/notes.txt"]["sha256"],
        sha_of(&before, "evidence/notes.txt").as_str()
    );
    let old_mtime = fs::metadata(&notes).unwrap().modified().unwrap();

    // Same size, new contents, an hour-old modification time but a later
    // one; then changed again with the modification time set back to what
    // the cache holds, which the change time still tells.
    let bumped = old_mtime + Duration::from_secs(60);
    for contents in [
        &b"Notes of a call with Finance!\n"[..],
        b"Notes of a call with FINANCE\n\n",
    ] {
        fs::write(&notes, contents).unwrap();
        set_modified(&notes, bumped);
        let run = portfolio.run(&["scan", "--format", "json"]);
        assert_eq!(
            sha_of(&run, "evidence/notes.txt"),
            nosfolio_store::hash_bytes(contents)
        );
    }
}

#[test]
fn a_changed_sidecar_is_parsed_again_and_a_faulty_one_every_time() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    age(portfolio.path());
    portfolio.run(&["matrix", "--format", "json"]).code(0);
    portfolio.write(
        "evidence/notes.txt.yaml",
        "title: Notes\ndate: 2025-02-30\ntype: correspondence\nclaims: [PC3, PC99]\n",
    );
    age(portfolio.path());
    let first = portfolio.run(&["matrix", "--format", "json"]);
    first.code(2);
    assert!(first.stderr.contains("PC99"), "{}", first.stderr);
    assert!(first.stderr.contains("2025-02-30"), "{}", first.stderr);
    let second = portfolio.run(&["matrix", "--format", "json"]);
    assert_eq!(second.stderr, first.stderr, "the problem is found again");
    assert_eq!(second.stdout, first.stdout);
    assert!(
        cache_of(&portfolio)["files"]["evidence/notes.txt.yaml"]
            .get("meta")
            .is_none(),
        "a sidecar with problems is not kept parsed"
    );
}

#[test]
fn files_modified_just_before_a_run_are_not_recorded() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    age(portfolio.path());
    portfolio.write("evidence/notes.txt", "Fresh notes, written just now.\n");
    portfolio.run(&["scan"]).code(0);
    let cache = cache_of(&portfolio);
    assert!(cache["files"].get("evidence/notes.txt").is_none());
    assert!(cache["files"]["evidence/notes.txt.yaml"]["meta"].is_object());
}

#[test]
fn a_damaged_cache_is_ignored_with_a_warning_and_rebuilt() {
    let portfolio = example();
    let expected = portfolio.run(&["--no-cache", "scan", "--format", "json"]);
    portfolio.run(&["scan"]).code(0);
    let good = read_marked(&portfolio.path().join(CACHE));
    for damaged in [
        &good[..good.len() / 2],
        "",
        "not json at all",
        "{\"format\": 1}",
    ] {
        // Marked with the user's key, so damaged rather than untrusted.
        write_marked(&portfolio.path().join(CACHE), damaged);
        let run = portfolio.run(&["scan", "--format", "json"]);
        run.code(0);
        assert_eq!(run.stdout, expected.stdout);
        assert!(
            run.stderr
                .starts_with("warning: .nosfolio/cache.json: the cache is damaged ("),
            "{}",
            run.stderr
        );
        assert!(run.stderr.ends_with("); ignored, and rebuilt\n"));
        let rebuilt: serde_json::Value = serde_json::from_str(&good).unwrap();
        assert_eq!(cache_of(&portfolio), rebuilt);
    }
}

#[test]
fn a_cache_from_another_version_is_ignored_with_a_warning() {
    let portfolio = example();
    fs::create_dir_all(portfolio.path().join(".nosfolio")).unwrap();
    write_marked(
        &portfolio.path().join(CACHE),
        r#"{"format": 99, "nosfolio": "9.0.0", "files": {"evidence/x": 1}}"#,
    );
    let run = portfolio.run(&["scan"]);
    run.code(0);
    assert_eq!(
        run.stderr,
        "warning: .nosfolio/cache.json: the cache was written by another version of nosfolio (format 99, nosfolio 9.0.0); ignored, and rebuilt\n"
    );
    assert_eq!(cache_of(&portfolio)["format"], 1);
    assert_eq!(portfolio.run(&["scan"]).code(0).stderr, "");
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let portfolio = example();
    portfolio.run(&["--no-cache", "scan"]).code(0);
    assert!(!portfolio.path().join(".nosfolio").exists());
    portfolio.write(CACHE, "damaged");
    let run = portfolio.run(&["scan", "--no-cache"]);
    assert_eq!(run.code(0).stderr, "", "not read");
    assert_eq!(
        fs::read_to_string(portfolio.path().join(CACHE)).unwrap(),
        "damaged",
        "not written"
    );
}

#[test]
fn concurrent_runs_leave_a_valid_cache() {
    let portfolio = example();
    let expected = portfolio.run(&["--no-cache", "scan", "--format", "json"]);
    for _ in 0..4 {
        let _ = fs::remove_dir_all(portfolio.path().join(".nosfolio"));
        let children: Vec<_> = (0..4)
            .map(|_| {
                crate::support::binary()
                    .args(["scan", "--format", "json"])
                    .current_dir(portfolio.path())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success());
            assert_eq!(String::from_utf8(output.stdout).unwrap(), expected.stdout);
            assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
        }
        let cache = cache_of(&portfolio);
        assert_eq!(cache["format"], 1);
        assert!(!cache["files"].as_object().unwrap().is_empty());
        let leftovers = fs::read_dir(portfolio.path().join(".nosfolio"))
            .unwrap()
            .count();
        assert_eq!(leftovers, 1, "no temporary files are left behind");
        let warm = portfolio.run(&["scan", "--format", "json"]);
        assert_eq!(warm.code(0).stderr, "");
        assert_eq!(warm.stdout, expected.stdout);
    }
}

#[test]
fn a_portfolio_whose_cache_cannot_be_written_still_works() {
    let portfolio = example();
    let expected = portfolio.run(&["--no-cache", "matrix"]);
    // A file where the cache folder should be.
    portfolio.write(".nosfolio", "not a folder");
    let run = portfolio.run(&["matrix"]);
    same_output_but_a_warning(
        &run,
        &expected,
        "warning: .nosfolio/cache.json: the cache could not be written (",
    );
    assert!(run.stderr.starts_with("warning: "), "{}", run.stderr);
}

/// `run` printed what `expected` did, exited 0, and warned with `warning`.
#[track_caller]
fn same_output_but_a_warning(
    run: &crate::support::Run,
    expected: &crate::support::Run,
    warning: &str,
) {
    assert_eq!(run.code(0).stdout, expected.stdout);
    assert!(run.stderr.contains(warning), "{}", run.stderr);
}

#[test]
fn a_read_only_portfolio_works_without_a_word_about_the_cache() {
    use std::os::unix::fs::PermissionsExt;
    let portfolio = example();
    let expected = portfolio.run(&["--no-cache", "matrix"]);
    let root = portfolio.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o555)).unwrap();
    // Root may write anyway; then the cache is simply written.
    let writable = fs::create_dir(root.join(".probe")).is_ok();
    let run = portfolio.run(&["matrix"]);
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code(0).stdout, expected.stdout);
    assert_eq!(run.stderr, "");
    if !writable {
        assert!(!root.join(".nosfolio").exists());
    }
}

/// A folder of copies of the example portfolio, aged, one per name.
fn centre_of(names: &[&str]) -> TempPortfolio {
    let centre = TempPortfolio::empty();
    for name in names {
        copy_dir(
            &repo().join("examples/mla3-portfolio"),
            &centre.path().join(name),
        );
    }
    age(centre.path());
    centre
}

/// A caseload keeps its rows in one file at its root and starts no file
/// cache in a small portfolio (a folder and a file each, which cost a cold
/// caseload more than reading the portfolio again); a file cache a
/// portfolio has is still read, reported when damaged, and kept up to date.
#[test]
fn caseload_uses_the_file_cache_a_portfolio_has_and_starts_none() {
    let centre = centre_of(&["a", "b"]);
    let cold = centre.run(&["caseload", "--format", "json"]);
    assert!(centre.path().join(ROW).is_file());
    assert!(!centre.path().join("a/.nosfolio").exists());
    assert!(!centre.path().join("b/.nosfolio").exists());
    crate::support::nosfolio(&["scan"])
        .current_dir(&centre.path().join("b"))
        .run()
        .code(0);
    assert!(centre.path().join("b").join(CACHE).is_file());
    let with_cache = centre.run(&["caseload", "--format", "json"]);
    assert_eq!(with_cache.code(0).stdout, cold.stdout);
    assert_eq!(with_cache.stderr, "");
    write_marked(&centre.path().join("b").join(CACHE), "damaged");
    let warm = centre.run(&["caseload", "--format", "json"]);
    assert_eq!(warm.code(0).stdout, cold.stdout);
    assert!(
        warm.stderr
            .contains("b/.nosfolio/cache.json: the cache is damaged")
    );
    // Rebuilt by that run: the portfolio had a file cache.
    assert!(cache_of_folder(&centre.path().join("b"))["files"].is_object());
    let quiet = centre.run(&["caseload", "--no-cache", "--quiet", "--format", "json"]);
    assert_eq!(quiet.code(0).stdout, cold.stdout);
    assert_eq!(quiet.stderr, "");
}

fn cache_of_folder(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read_marked(&dir.join(CACHE))).unwrap()
}

#[test]
fn sample_reads_through_the_cache_too() {
    let centre = centre_of(&["a"]);
    let args = ["sample", "--portion", "50%", "--format", "json"];
    let uncached = centre.run(&[&["--no-cache"], &args[..]].concat());
    assert!(!centre.path().join("a/.nosfolio").exists());
    let cold = centre.run(&args);
    let warm = centre.run(&args);
    assert!(centre.path().join("a").join(CACHE).is_file());
    assert_eq!(cold.code(0).stdout, uncached.code(0).stdout);
    assert_eq!(warm.code(0).stdout, uncached.stdout);
}

#[test]
fn seal_and_verify_never_trust_the_cache() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    age(portfolio.path());
    portfolio.run(&["scan"]).code(0);
    // Forge the cache with the user's own key: the right stamp with a
    // wrong hash. Scan believes it (a cache marked by the user's key is a
    // shortcut they vouch for); seal and verify read every file afresh.
    let mut cache = cache_of(&portfolio);
    let forged = "0".repeat(64);
    cache["files"]["evidence/notes.txt"]["sha256"] = forged.clone().into();
    write_marked(&portfolio.path().join(CACHE), &cache.to_string());
    let scan = portfolio.run(&["scan", "--format", "json"]);
    assert_eq!(sha_of(&scan, "evidence/notes.txt"), forged);

    let real = nosfolio_store::hash_bytes(b"Notes of a call with Finance.\n");
    portfolio.run(&["seal"]).code(0);
    let seal = fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap();
    assert!(seal.contains(&real));
    assert!(!seal.contains(&forged));
    portfolio.run(&["verify"]).code(0);
}

/// Issue 14: a cache edited by anyone without the user's key (the same
/// forgery, keeping the file's mark, or none) is not trusted: a warning,
/// and every file is read afresh.
#[test]
fn a_cache_edited_without_the_key_is_not_trusted() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    age(portfolio.path());
    let expected = portfolio.run(&["--no-cache", "scan", "--format", "json"]);
    portfolio.run(&["scan"]).code(0);
    let path = portfolio.path().join(CACHE);
    let marked = fs::read(&path).unwrap();
    let forged = read_marked(&path).replace(
        &nosfolio_store::hash_bytes(b"Notes of a call with Finance.\n"),
        &"0".repeat(64),
    );
    let mut kept_mark = marked[..65].to_vec();
    kept_mark.extend_from_slice(forged.as_bytes());
    for bytes in [kept_mark, forged.clone().into_bytes()] {
        fs::write(&path, bytes).unwrap();
        let run = portfolio.run(&["scan", "--format", "json"]);
        assert_eq!(run.code(0).stdout, expected.stdout);
        assert!(
            run.stderr
                .starts_with("warning: .nosfolio/cache.json: the cache cannot be trusted ("),
            "{}",
            run.stderr
        );
    }
    // Rebuilt, and trusted again.
    assert_eq!(portfolio.run(&["scan"]).code(0).stderr, "");
}

/// Where caseload keeps its portfolios' rows, in the caseload's folder.
const ROW: &str = ".nosfolio/caseload.json";

/// Replaces the candidate on portfolio `a`'s kept row with a mark, leaving
/// what it was computed from as it is: a run that shows the mark used it.
fn mark_kept_row(centre: &TempPortfolio) {
    let path = centre.path().join(ROW);
    let mut memo: serde_json::Value = serde_json::from_str(&read_marked(&path)).unwrap();
    memo["portfolios"]["a"]["value"]["candidate"] = "Kept row".into();
    // Marked with the suite's key: the user's own tool, not an attacker.
    write_marked(&path, &memo.to_string());
}

fn candidate(run: &crate::support::Run) -> String {
    run.code(0).json()[0]["candidate"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An assessor's decision in the portfolio folder `dir`: the contacts list
/// accepted for PC1.
fn accept_pc1(dir: &Path) {
    crate::support::assess_in(dir, "evidence/09-contacts-list.csv", &["--accept", "PC1"]).code(0);
}

const CASELOAD: [&str; 3] = ["caseload", "--format", "json"];

#[test]
fn an_unchanged_portfolio_gets_its_kept_row_and_no_cache_bypasses_it() {
    let centre = centre_of(&["a"]);
    let no_cache = centre.run(&["caseload", "--no-cache", "--format", "json"]);
    assert!(
        !centre.path().join("a/.nosfolio").exists(),
        "--no-cache writes nothing"
    );
    assert!(
        !centre.path().join(".nosfolio").exists(),
        "--no-cache keeps no rows"
    );
    let cold = centre.run(&CASELOAD);
    assert_eq!(cold.code(0).stdout, no_cache.stdout);
    assert!(centre.path().join(ROW).is_file());
    mark_kept_row(&centre);
    assert_eq!(candidate(&centre.run(&CASELOAD)), "Kept row");
    let bypassed = centre.run(&["caseload", "--no-cache", "--format", "json"]);
    assert_eq!(bypassed.code(0).stdout, cold.stdout);
}

/// Each kind of change to what a portfolio's row is read from: after it,
/// the kept row is not used, and the row is what a run without the cache
/// gives.
#[test]
fn any_change_to_a_portfolio_invalidates_its_kept_row() {
    type Change = fn(&Path);
    let changes: [(&str, Change); 7] = [
        ("edit a sidecar", |a| {
            let sidecar = a.join("evidence/10-forum-membership-record.txt.yaml");
            let text = fs::read_to_string(&sidecar).unwrap();
            fs::write(&sidecar, text.replace("claims:", "draft: true\nclaims:")).unwrap();
        }),
        ("same-size content, time set back", |a| {
            let file = a.join("evidence/10-forum-membership-record.txt");
            let before = fs::metadata(&file).unwrap().modified().unwrap();
            let text = fs::read_to_string(&file).unwrap();
            let changed = text.to_ascii_uppercase();
            assert_ne!(changed, text);
            assert_eq!(changed.len(), text.len());
            fs::write(&file, changed).unwrap();
            set_modified(&file, before);
        }),
        ("add a file", |a| {
            fs::write(a.join("evidence/13-new-notes.txt"), "New notes.\n").unwrap();
        }),
        ("delete a file", |a| {
            fs::remove_file(a.join("evidence/10-forum-membership-record.txt.yaml")).unwrap();
        }),
        ("edit portfolio.yaml", |a| {
            let manifest = a.join("portfolio.yaml");
            let text = fs::read_to_string(&manifest).unwrap();
            fs::write(&manifest, format!("{text}# edited\n")).unwrap();
        }),
        ("add an assessment decision", |a| {
            accept_pc1(a);
        }),
        ("edit network/contacts.yaml", |a| {
            let contacts = a.join("network/contacts.yaml");
            let text = fs::read_to_string(&contacts).unwrap();
            fs::write(&contacts, format!("{text}# edited\n")).unwrap();
        }),
    ];
    for (what, change) in changes {
        let centre = centre_of(&["a"]);
        centre.run(&CASELOAD).code(0);
        mark_kept_row(&centre);
        assert_eq!(candidate(&centre.run(&CASELOAD)), "Kept row", "{what}");
        mark_kept_row(&centre);
        change(&centre.path().join("a"));
        let after = centre.run(&CASELOAD);
        assert_ne!(candidate(&after), "Kept row", "{what}");
        let fresh = centre.run(&["caseload", "--no-cache", "--format", "json"]);
        assert_eq!(after.stdout, fresh.code(0).stdout, "{what}");
    }
}

#[test]
fn a_damaged_kept_row_is_ignored_with_a_warning_and_rebuilt() {
    let centre = centre_of(&["a"]);
    let cold = centre.run(&CASELOAD);
    write_marked(&centre.path().join(ROW), "{\"format\": 2, \"nosf");
    let warm = centre.run(&CASELOAD);
    same_output_but_a_warning(
        &warm,
        &cold,
        ".nosfolio/caseload.json: the cache is damaged",
    );
    mark_kept_row(&centre);
    assert_eq!(candidate(&centre.run(&CASELOAD)), "Kept row", "rebuilt");
}

#[test]
fn a_row_read_from_files_modified_just_before_is_not_kept() {
    let centre = centre_of(&["a"]);
    centre.write("a/evidence/13-new-notes.txt", "Written just now.\n");
    centre.run(&CASELOAD).code(0);
    assert!(!centre.path().join(ROW).exists());
}

/// The reading after a kept row is found out of date takes the stamps of
/// the walk that found it so: an accepted piece changed to the same size,
/// its modification time set back, is hashed again and its items are stale.
#[test]
fn a_caseload_sees_an_accepted_piece_changed_to_the_same_size() {
    let centre = centre_of(&["a"]);
    let a = centre.path().join("a");
    accept_pc1(&a);
    age(centre.path());
    let before = centre.run(&CASELOAD);
    assert_eq!(before.code(0).json()[0]["stale"], 0);
    assert!(centre.path().join(ROW).is_file());
    let file = a.join("evidence/09-contacts-list.csv");
    let modified = fs::metadata(&file).unwrap().modified().unwrap();
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.to_ascii_uppercase()).unwrap();
    set_modified(&file, modified);
    let after = centre.run(&CASELOAD);
    assert_eq!(after.code(0).json()[0]["stale"], 1, "{}", after.stdout);
    let fresh = centre.run(&["caseload", "--no-cache", "--format", "json"]);
    assert_eq!(after.stdout, fresh.code(0).stdout);
}

/// A caseload's rows file from another version (format 1 was one file
/// inside each portfolio, of another shape) is ignored with a warning and
/// replaced.
#[test]
fn a_foreign_rows_file_is_ignored_with_a_warning_and_replaced() {
    let centre = centre_of(&["a"]);
    let expected = centre.run(&["caseload", "--no-cache", "--format", "json"]);
    write_marked(
        &centre.path().join(ROW),
        r#"{"format": 1, "nosfolio": "0.0.1", "inputs": "x", "cache": null, "value": {}}"#,
    );
    let run = centre.run(&CASELOAD);
    same_output_but_a_warning(
        &run,
        &expected,
        ".nosfolio/caseload.json: the cache was written by another version of nosfolio (format 1, nosfolio 0.0.1)",
    );
    mark_kept_row(&centre);
    assert_eq!(candidate(&centre.run(&CASELOAD)), "Kept row", "replaced");
}

/// A rows file (or its folder) that is a symbolic link is neither read nor
/// written through, with a warning; the rows are read from the portfolios.
#[test]
fn a_rows_file_that_is_a_link_is_neither_read_nor_written() {
    let elsewhere = TempPortfolio::empty();
    let centre = centre_of(&["a"]);
    let expected = centre.run(&["caseload", "--no-cache", "--format", "json"]);
    centre.run(&CASELOAD).code(0);
    mark_kept_row(&centre);
    let kept = fs::read(centre.path().join(ROW)).unwrap();
    fs::write(elsewhere.path().join("rows.json"), &kept).unwrap();
    fs::remove_file(centre.path().join(ROW)).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("rows.json"), centre.path().join(ROW))
        .unwrap();
    let run = centre.run(&CASELOAD);
    same_output_but_a_warning(
        &run,
        &expected,
        "warning: .nosfolio/caseload.json is a symbolic link: the cache is neither read nor written through it",
    );
    assert_eq!(fs::read(elsewhere.path().join("rows.json")).unwrap(), kept);

    // The folder a link.
    fs::remove_dir_all(centre.path().join(".nosfolio")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), centre.path().join(".nosfolio")).unwrap();
    let run = centre.run(&CASELOAD);
    same_output_but_a_warning(
        &run,
        &expected,
        "warning: .nosfolio is a symbolic link: the cache is neither read nor written through it",
    );
    assert!(!elsewhere.path().join("caseload.json").exists());
}

/// A caseload whose rows file cannot be written still lists every row:
/// with a warning when something is in the way, silently when the folder
/// is read-only (as for a portfolio's own cache).
#[test]
fn a_caseload_whose_rows_cannot_be_written_still_works() {
    use std::os::unix::fs::PermissionsExt;
    let centre = centre_of(&["a"]);
    let expected = centre.run(&["caseload", "--no-cache", "--format", "json"]);
    centre.write(".nosfolio", "not a folder");
    let run = centre.run(&CASELOAD);
    same_output_but_a_warning(
        &run,
        &expected,
        "warning: .nosfolio/caseload.json: the cache could not be written (",
    );
    fs::remove_file(centre.path().join(".nosfolio")).unwrap();

    let root = centre.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o555)).unwrap();
    // Root may write anyway; then the rows are simply kept.
    let writable = fs::create_dir(root.join(".probe")).is_ok();
    let run = centre.run(&CASELOAD);
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code(0).stdout, expected.stdout);
    assert_eq!(run.stderr, "");
    assert_eq!(root.join(ROW).exists(), writable);
}

/// The rows file holds the portfolios of the last run, and no others: a
/// portfolio moved away is dropped, one moved in is added; a run in which
/// no row changed does not write it.
#[test]
fn the_rows_file_follows_the_caseload() {
    let centre = centre_of(&["a", "b"]);
    centre.run(&CASELOAD).code(0);
    let memo = |centre: &TempPortfolio| -> Vec<String> {
        let text = read_marked(&centre.path().join(ROW));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        value["portfolios"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(memo(&centre), ["a", "b"]);
    let written = fs::metadata(centre.path().join(ROW))
        .unwrap()
        .modified()
        .unwrap();
    let old = SystemTime::now() - Duration::from_secs(600);
    set_modified(&centre.path().join(ROW), old);
    centre.run(&CASELOAD).code(0);
    assert_eq!(
        fs::metadata(centre.path().join(ROW))
            .unwrap()
            .modified()
            .unwrap(),
        old,
        "nothing changed: not rewritten (it was written at {written:?})"
    );
    fs::rename(centre.path().join("b"), centre.path().join("c")).unwrap();
    let moved = centre.run(&CASELOAD);
    let paths: Vec<String> = moved
        .code(0)
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["path"].as_str().unwrap().to_owned())
        .collect();
    assert!(paths.contains(&"c".to_owned()), "{paths:?}");
    assert_eq!(memo(&centre), ["a", "c"]);
    let fresh = centre.run(&["caseload", "--no-cache", "--format", "json"]);
    assert_eq!(moved.stdout, fresh.code(0).stdout);
}
