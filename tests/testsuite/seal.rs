//! `nosfolio seal` and `nosfolio verify`.

use crate::support::{TempPortfolio, repo};

fn sealed() -> TempPortfolio {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let run = portfolio.run(&["seal"]);
    run.code(0);
    // Every file in the folder: README.md too.
    assert!(run.stdout.starts_with("sealed 31 files"), "{}", run.stdout);
    portfolio
}

#[test]
fn an_untouched_portfolio_verifies() {
    let portfolio = sealed();
    let run = portfolio.run(&["verify"]);
    run.code(0);
    assert!(
        run.stdout
            .starts_with("intact: all 31 files are as sealed on "),
        "{}",
        run.stdout
    );
    // The seal covers the whole folder: a report written into it after
    // sealing is not as sealed; decisions recorded since are listed apart.
    portfolio.write("report.html", "<html>");
    portfolio.write("assessment/tom.yaml", "decisions: []");
    let run = portfolio.run(&["verify"]);
    run.code(1);
    assert!(
        run.stdout.contains("added    report.html"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("decisions and sign-offs recorded since sealing (those sealed unchanged):\n  assessment/tom.yaml\n"),
        "{}",
        run.stdout
    );
}

/// Assessors decide after the candidate seals: decisions appended to a
/// sealed decision file, or in a new one, keep the portfolio as sealed;
/// a sealed decision edited, removed or its file deleted does not.
#[test]
fn decisions_recorded_after_sealing_are_no_difference_but_editing_one_is() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let piece = "evidence/02-email-to-finance.eml";
    crate::support::assess_in(portfolio.path(), piece, &["--accept", "PC2"]).code(0);
    portfolio.run(&["seal"]).code(0);
    let file = portfolio.path().join("assessment/tom-reid.yaml");
    let sealed = std::fs::read_to_string(&file).unwrap();

    crate::support::assess_in(portfolio.path(), piece, &["--refer", "PC3"]).code(0);
    crate::support::nosfolio(&[
        "assess",
        piece,
        "--assessor",
        "Ann Lee",
        "--role",
        "iqa",
        "--comment",
        "Agreed.",
        "--accept",
        "PC2",
    ])
    .current_dir(portfolio.path())
    .run()
    .code(0);
    let run = portfolio.run(&["verify"]);
    run.code(0);
    assert!(run.stdout.starts_with("intact: "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  assessment/ann-lee.yaml\n  assessment/tom-reid.yaml\n"),
        "{}",
        run.stdout
    );
    let json = portfolio.run(&["verify", "--format", "json"]).json();
    assert_eq!(json["intact"], true);
    assert_eq!(
        json["decisions_added"],
        serde_json::json!(["assessment/ann-lee.yaml", "assessment/tom-reid.yaml"])
    );

    // A sealed decision rewritten, even with more after it, is a change.
    let grown = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, grown.replacen("accepted", "referred", 1)).unwrap();
    let run = portfolio.run(&["verify"]);
    run.code(1);
    assert!(
        run.stdout.contains("changed  assessment/tom-reid.yaml"),
        "{}",
        run.stdout
    );
    // Cut back to less than was sealed: a change too.
    std::fs::write(&file, &sealed[..sealed.len() / 2]).unwrap();
    portfolio.run(&["verify"]).code(1);
    // Gone: missing.
    std::fs::remove_file(&file).unwrap();
    let run = portfolio.run(&["verify"]);
    run.code(1);
    assert!(
        run.stdout.contains("missing  assessment/tom-reid.yaml"),
        "{}",
        run.stdout
    );
}

#[test]
fn each_kind_of_change_is_listed() {
    for (change, expected) in [
        ("changed", "changed  evidence/02-email-to-finance.eml"),
        ("sidecar", "changed  evidence/02-email-to-finance.eml.yaml"),
        ("manifest", "changed  portfolio.yaml"),
        (
            "missing",
            "missing  evidence/10-forum-membership-record.txt",
        ),
        ("added", "added    evidence/extra.pdf"),
    ] {
        let portfolio = sealed();
        let path = portfolio.path();
        match change {
            "changed" => {
                std::fs::write(path.join("evidence/02-email-to-finance.eml"), "rewritten").unwrap();
            }
            "sidecar" => std::fs::write(
                path.join("evidence/02-email-to-finance.eml.yaml"),
                "title: x\nclaims: [PC1]\n",
            )
            .unwrap(),
            "manifest" => std::fs::write(
                path.join("portfolio.yaml"),
                "candidate: Someone Else\nstandards: [mla3]\n",
            )
            .unwrap(),
            "missing" => {
                std::fs::remove_file(path.join("evidence/10-forum-membership-record.txt")).unwrap();
            }
            _ => std::fs::write(path.join("evidence/extra.pdf"), "%PDF").unwrap(),
        }
        let run = portfolio.run(&["verify"]);
        run.code(1);
        assert!(run.stdout.contains(expected), "{change}: {}", run.stdout);
        let json = portfolio.run(&["verify", "--format", "json"]).json();
        assert_eq!(json["intact"], false, "{change}");
    }
}

#[test]
fn an_edited_seal_is_detected() {
    let portfolio = sealed();
    let seal = std::fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap();
    // Someone changes a file and "fixes" the seal to match.
    std::fs::write(
        portfolio.path().join("evidence/02-email-to-finance.eml"),
        "rewritten",
    )
    .unwrap();
    let hash = nosfolio_store::hash_bytes(b"rewritten");
    let mut lines: Vec<String> = seal.lines().map(str::to_owned).collect();
    let at = lines
        .iter()
        .position(|l| l.ends_with("path: evidence/02-email-to-finance.eml"))
        .unwrap();
    lines[at + 1] = "    size: 9".into();
    lines[at + 2] = format!("    sha256: {hash}");
    std::fs::write(portfolio.path().join("seal.yaml"), lines.join("\n") + "\n").unwrap();
    let run = portfolio.run(&["verify"]);
    run.code(1);
    assert!(
        run.stdout.contains("seal.yaml was edited"),
        "{}",
        run.stdout
    );

    std::fs::write(portfolio.path().join("seal.yaml"), "not: a seal\n").unwrap();
    let run = portfolio.run(&["verify"]);
    run.code(1);
    assert!(
        run.stdout.contains("it is not a seal nosfolio wrote"),
        "{}",
        run.stdout
    );
}

#[test]
fn sealing_twice_needs_force_and_verify_needs_a_seal() {
    let portfolio = sealed();
    let before = std::fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap();
    let run = portfolio.run(&["seal"]);
    run.code(2);
    assert!(
        run.stderr.contains("the portfolio is sealed"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap(),
        before
    );
    portfolio.run(&["seal", "--force"]).code(0);

    let unsealed = TempPortfolio::from_fixture("valid/minimal");
    let run = unsealed.run(&["verify"]);
    run.code(2);
    assert!(run.stderr.contains("has no seal.yaml"), "{}", run.stderr);
}

#[test]
fn seal_says_what_it_sealed_in_json_and_verify_reads_the_seal_within_limits() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let json = portfolio.run(&["seal", "--format", "json"]).code(0).json();
    assert_eq!(json["files"], 31);
    assert_eq!(json["written"], "./seal.yaml");
    let seal = std::fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap();
    assert!(
        seal.contains(&format!(
            "digest: {}\n",
            json["seal_digest"].as_str().unwrap()
        )),
        "{seal}"
    );
    assert!(seal.starts_with("# Written by `nosfolio seal`."), "{seal}");
    let verified = portfolio
        .run(&["verify", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(verified["seal_digest"], json["seal_digest"]);
    assert_eq!(verified["sealed"], json["sealed"]);

    // A seal.yaml that is not text, or too large to be one, is refused
    // without reading it whole.
    portfolio.write("seal.yaml", b"sealed: \xff\n");
    let run = portfolio.run(&["verify"]);
    run.code(2);
    assert!(
        run.stderr.contains("seal.yaml: error: not UTF-8 text"),
        "{}",
        run.stderr
    );
    portfolio.write("seal.yaml", vec![b'#'; 32 * 1024 * 1024 + 1]);
    let run = portfolio.run(&["verify"]);
    run.code(2);
    assert!(
        run.stderr.contains("larger than the 33554432-byte limit"),
        "{}",
        run.stderr
    );
}
