//! Signed decisions and trust lists: a decision counts under a trust list
//! only when signed with a key the list gives its maker, and a decision
//! edited after signing never counts.

use std::path::Path;

use crate::support::{TempPortfolio, item_status, nosfolio, repo};

/// A configuration folder of a test's own, for its keys and trust list.
fn config() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn as_user(args: &[&str], config: &Path) -> crate::support::Cli {
    nosfolio(args).env("NOSFOLIO_CONFIG_DIR", config.to_str().unwrap())
}

/// Makes a key and returns its public key.
fn new_key(config: &Path, name: &str, role: &str) -> String {
    let run = as_user(
        &[
            "key", "new", "--name", name, "--role", role, "--format", "json",
        ],
        config,
    )
    .run();
    run.code(0);
    run.json()["public_key"].as_str().unwrap().to_owned()
}

fn status(portfolio: &TempPortfolio, config: &Path, extra: &[&str], id: &str) -> String {
    let mut args = vec!["matrix", "--format", "json"];
    args.extend_from_slice(extra);
    let run = as_user(&args, config).current_dir(portfolio.path()).run();
    item_status(&run.json(), id)
}

fn assess(portfolio: &TempPortfolio, config: &Path, args: &[&str]) -> crate::support::Run {
    let mut all = vec![
        "assess",
        "evidence/09-contacts-list.csv",
        "--comment",
        "Seen.",
    ];
    all.extend_from_slice(args);
    as_user(&all, config).current_dir(portfolio.path()).run()
}

/// Text with its line wrapping undone.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

#[test]
fn a_signed_decision_counts_under_the_trust_list_that_holds_its_key() {
    let portfolio = example();
    let tom = config();
    let public = new_key(tom.path(), "Tom Reid", "assessor");
    assert!(public.starts_with("ed25519:"), "{public}");
    let key_file = tom.path().join("keys/assessor-tom-reid.yaml");
    assert!(key_file.is_file());
    assert!(
        !std::fs::read_to_string(portfolio.path().join("portfolio.yaml"))
            .unwrap()
            .contains("secret"),
        "no key goes into a portfolio"
    );

    let run = assess(&portfolio, tom.path(), &["--accept", "PC1"]);
    run.code(0);
    assert!(
        run.stdout.contains(&format!("signed with {public}")),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("unsigned"), "{}", run.stderr);
    let text = std::fs::read_to_string(portfolio.path().join("assessment/tom-reid.yaml")).unwrap();
    assert!(
        text.contains(&format!("key: {public}")) && text.contains("signature: "),
        "{text}"
    );

    // No trust list: it counts, shown as signed with a key nobody checked.
    let empty = config();
    assert_eq!(status(&portfolio, empty.path(), &[], "PC1"), "accepted");
    let shown = as_user(&["status"], empty.path())
        .current_dir(portfolio.path())
        .run();
    assert!(
        flat(&shown.stdout).contains("Decisions: 1 (1 signed (keys not checked)); no trust list"),
        "{}",
        shown.stdout
    );

    // The centre trusts Tom's key: it counts, as trusted.
    let centre = config();
    let trust = centre.path().join("trust.yaml");
    let trust_arg = trust.to_str().unwrap();
    as_user(
        &[
            "trust", "add", &public, "--name", "Tom Reid", "--role", "assessor", "--file",
            trust_arg,
        ],
        centre.path(),
    )
    .run()
    .code(0);
    assert_eq!(
        status(&portfolio, empty.path(), &["--trust", trust_arg], "PC1"),
        "accepted"
    );
    let shown = as_user(&["status", "--trust", trust_arg], empty.path())
        .current_dir(portfolio.path())
        .run();
    assert!(
        flat(&shown.stdout).contains("1 signed with trusted keys"),
        "{}",
        shown.stdout
    );

    // A trust list in the user's configuration folder is in force by default.
    std::fs::copy(&trust, empty.path().join("trust.yaml")).unwrap();
    assert_eq!(status(&portfolio, empty.path(), &[], "PC1"), "accepted");
}

#[test]
fn a_decision_the_candidate_writes_counts_only_without_a_trust_list() {
    let portfolio = example();
    // The candidate writes an acceptance in their assessor's name.
    std::fs::create_dir_all(portfolio.path().join("assessment")).unwrap();
    let sha = portfolio.run(&["scan", "--format", "json"]).json()["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "evidence/09-contacts-list.csv")
        .unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    std::fs::write(
        portfolio.path().join("assessment/tom-reid.yaml"),
        format!(
            "- evidence: evidence/09-contacts-list.csv\n  sha256: {sha}\n  item: PC1\n  decision: accepted\n  comment: Fine.\n  date: 2026-01-05\n  assessor: Tom Reid\n"
        ),
    )
    .unwrap();
    let empty = config();
    assert_eq!(status(&portfolio, empty.path(), &[], "PC1"), "accepted");
    let shown = as_user(&["status"], empty.path())
        .current_dir(portfolio.path())
        .run();
    assert!(
        flat(&shown.stdout).contains("1 unsigned"),
        "{}",
        shown.stdout
    );

    let tom = config();
    let public = new_key(tom.path(), "Tom Reid", "assessor");
    let trust = empty.path().join("centre.yaml");
    std::fs::write(
        &trust,
        format!("- name: Tom Reid\n  role: assessor\n  key: {public}\n"),
    )
    .unwrap();
    let trust = trust.to_str().unwrap();
    assert_eq!(
        status(&portfolio, empty.path(), &["--trust", trust], "PC1"),
        "claimed"
    );
    let shown = as_user(&["status", "--trust", trust], empty.path())
        .current_dir(portfolio.path())
        .run();
    assert!(
        flat(&shown.stdout).contains(
            "PC1 on evidence/09-contacts-list.csv by Tom Reid (2026-01-05): unsigned, so it does not count under the trust list"
        ),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_decision_edited_after_signing_or_signed_by_an_unlisted_key_does_not_count() {
    let portfolio = example();
    let tom = config();
    let public = new_key(tom.path(), "Tom Reid", "assessor");
    assess(&portfolio, tom.path(), &["--accept", "PC1,B4"]).code(0);
    let file = portfolio.path().join("assessment/tom-reid.yaml");
    let signed = std::fs::read_to_string(&file).unwrap();
    let empty = config();
    let trust = empty.path().join("trust.yaml");
    std::fs::write(
        &trust,
        format!("- name: Tom Reid\n  role: assessor\n  key: {public}\n"),
    )
    .unwrap();
    assert_eq!(status(&portfolio, empty.path(), &[], "PC1"), "accepted");

    // Each edit breaks the signature of the decision edited, and only it:
    // with a trust list or without, it no longer counts.
    for (what, edit) in [
        (
            "comment",
            signed.replacen("comment: Seen.", "comment: Excellent.", 1),
        ),
        (
            "item",
            signed.replacen("item: mla3:PC1", "item: mla3:PC2", 1),
        ),
        (
            "verdict",
            signed.replacen("decision: accepted", "decision: referred", 1),
        ),
    ] {
        assert_ne!(edit, signed, "{what}: the edit must change the file");
        std::fs::write(&file, &edit).unwrap();
        let shown = as_user(&["status"], empty.path())
            .current_dir(portfolio.path())
            .run();
        assert!(
            flat(&shown.stdout).contains("its signature fails"),
            "{what}: {}",
            shown.stdout
        );
        assert_eq!(
            status(&portfolio, empty.path(), &[], "B4"),
            "accepted",
            "{what}"
        );
    }
    let hash = signed.lines().find(|l| l.contains("sha256: ")).unwrap();
    let edited = signed.replacen(
        hash,
        "  sha256: 0000000000000000000000000000000000000000000000000000000000000000",
        1,
    );
    std::fs::write(&file, edited).unwrap();
    assert_ne!(
        status(&portfolio, empty.path(), &[], "PC1"),
        "accepted",
        "hash edited"
    );

    // Verify reports the failed signature, and fails.
    std::fs::write(&file, &signed).unwrap();
    as_user(&["seal"], empty.path())
        .current_dir(portfolio.path())
        .run()
        .code(0);
    as_user(&["verify"], empty.path())
        .current_dir(portfolio.path())
        .run()
        .code(0);
    std::fs::write(
        &file,
        signed.replacen("comment: Seen.", "comment: Excellent.", 1),
    )
    .unwrap();
    let verified = as_user(&["verify"], empty.path())
        .current_dir(portfolio.path())
        .run();
    verified.code(1);
    assert!(
        flat(&verified.stdout).contains("its signature fails"),
        "{}",
        verified.stdout
    );
    std::fs::write(&file, &signed).unwrap();

    // A key the trust list does not hold.
    let other = config();
    let stranger = config();
    let their_key = new_key(stranger.path(), "Ann Lee", "assessor");
    std::fs::write(
        other.path().join("trust.yaml"),
        format!("- name: Ann Lee\n  role: assessor\n  key: {their_key}\n"),
    )
    .unwrap();
    assert_eq!(status(&portfolio, other.path(), &[], "PC1"), "claimed");
    let shown = as_user(&["status"], other.path())
        .current_dir(portfolio.path())
        .run();
    assert!(
        flat(&shown.stdout).contains("signed with a key the trust list does not hold"),
        "{}",
        shown.stdout
    );
    // Tom's key listed as someone else's.
    std::fs::write(
        other.path().join("trust.yaml"),
        format!("- name: Iris Quinn\n  role: iqa\n  key: {public}\n"),
    )
    .unwrap();
    let shown = as_user(&["status"], other.path())
        .current_dir(portfolio.path())
        .run();
    assert!(
        flat(&shown.stdout).contains("the trust list gives to Iris Quinn (IQA)"),
        "{}",
        shown.stdout
    );
}

#[test]
fn keys_and_trust_lists_refuse_what_would_lose_or_confuse() {
    let folder = config();
    new_key(folder.path(), "Tom Reid", "assessor");
    let again = as_user(
        &["key", "new", "--name", "Tom Reid", "--role", "assessor"],
        folder.path(),
    )
    .run();
    again.code(2);
    assert!(
        again.stderr.contains("already holds a key for Tom Reid"),
        "{}",
        again.stderr
    );
    let listed = as_user(&["key", "list"], folder.path()).run();
    listed.code(0);
    assert!(
        listed.stdout.contains("Tom Reid (assessor)"),
        "{}",
        listed.stdout
    );

    let bad = as_user(
        &[
            "trust",
            "add",
            "ed25519:AAAA",
            "--name",
            "X",
            "--role",
            "iqa",
        ],
        folder.path(),
    )
    .run();
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("not 32 bytes long"), "{}", bad.stderr);
    let broken = folder.path().join("broken.yaml");
    std::fs::write(&broken, "- name: X\n  role: boss\n  key: k\n").unwrap();
    let run = as_user(
        &["status", "--trust", broken.to_str().unwrap()],
        folder.path(),
    )
    .current_dir(&repo().join("examples/mla3-portfolio"))
    .run();
    run.code(2);
    assert!(run.stderr.contains("broken.yaml:2:9"), "{}", run.stderr);
}

#[test]
fn a_centres_trust_list_at_the_caseload_root_weighs_every_portfolio() {
    let centre = tempfile::tempdir().unwrap();
    let root = centre.path();
    crate::support::copy_dir(
        &repo().join("examples/mla3-portfolio"),
        &root.join("signed"),
    );
    crate::support::copy_dir(
        &repo().join("examples/mla3-portfolio"),
        &root.join("unsigned"),
    );
    let tom = config();
    let public = new_key(tom.path(), "Tom Reid", "assessor");
    let assess_in = |folder: &str, config: &Path| {
        as_user(
            &[
                "assess",
                "evidence/09-contacts-list.csv",
                "--accept",
                "PC1",
                "--comment",
                "Seen.",
            ],
            config,
        )
        .current_dir(&root.join(folder))
        .run()
        .code(0);
    };
    assess_in("signed", tom.path());
    // The same decision, made where Tom has no key: unsigned.
    let elsewhere = config();
    assess_in("unsigned", elsewhere.path());
    std::fs::write(
        root.join("trust.yaml"),
        format!("- name: Tom Reid\n  role: assessor\n  key: {public}\n"),
    )
    .unwrap();

    let empty = config();
    let rows = as_user(&["caseload", ".", "--format", "json"], empty.path())
        .current_dir(root)
        .run()
        .json();
    let row = |path: &str| {
        rows["rows"]
            .as_array()
            .or_else(|| rows.as_array())
            .unwrap()
            .iter()
            .find(|r| r["path"] == path)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            row("signed")["accepted"].as_u64(),
            row("signed")["not_counted"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(
        (
            row("unsigned")["accepted"].as_u64(),
            row("unsigned")["not_counted"].as_u64()
        ),
        (Some(0), Some(1))
    );
    // The unsigned one needs attention first.
    let first = rows["rows"].as_array().or_else(|| rows.as_array()).unwrap()[0]["path"].clone();
    assert_eq!(first, "unsigned");

    // Given explicitly, another list replaces the centre's.
    let other = empty.path().join("other.yaml");
    std::fs::write(&other, "").unwrap();
    let rows = as_user(
        &[
            "caseload",
            ".",
            "--format",
            "json",
            "--trust",
            other.to_str().unwrap(),
        ],
        empty.path(),
    )
    .current_dir(root)
    .run()
    .json();
    let all = rows["rows"].as_array().or_else(|| rows.as_array()).unwrap();
    assert!(
        all.iter()
            .all(|r| r["accepted"] == 0 && r["not_counted"] == 1),
        "{rows}"
    );
}
