//! Integrity that cannot be fooled (issue 14, class 5): the seal's digest
//! is framed and its `sealed` a date-time; the seal covers every file the
//! portfolio reads and refuses links out of it; no decision about
//! integrity rests on a cache without the user's mark; and the digests
//! nosfolio prints are named for what they are.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::support::{TempPortfolio, item_status, read_marked, repo};

/// Every file under `dir` last modified an hour ago, so that the cache
/// records it.
fn age(dir: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
    }
}

fn not_verified(portfolio: &TempPortfolio, says: &str) {
    let run = portfolio.run(&["verify"]);
    run.code(1);
    assert!(run.stdout.contains(says), "{}", run.stdout);
    let json = portfolio.run(&["verify", "--format", "json"]).json();
    assert_eq!(json["intact"], false);
}

/// The attack: a sealed file deleted, and its line moved into `sealed:`.
/// The first format's digest (`sealed <time>\n` then a line per file) was
/// the same, and `verify` said "intact".
#[test]
fn a_file_line_moved_into_sealed_is_an_edited_seal() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.run(&["seal"]).code(0);
    let seal = fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap();
    let lines: Vec<&str> = seal.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "  - path: evidence/notes.txt")
        .unwrap();
    let size = lines[at + 1].trim().strip_prefix("size: ").unwrap();
    let sha = lines[at + 2].trim().strip_prefix("sha256: ").unwrap();
    let mut edited: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if (at..at + 3).contains(&i) {
            continue;
        }
        match line.strip_prefix("sealed: \"") {
            Some(rest) => {
                let time = rest.trim_end_matches('"');
                edited.push(format!(
                    "sealed: \"{time}\\n{sha}  {size}  evidence/notes.txt\""
                ));
            }
            None => edited.push((*line).to_owned()),
        }
    }
    fs::write(portfolio.path().join("seal.yaml"), edited.join("\n") + "\n").unwrap();
    fs::remove_file(portfolio.path().join("evidence/notes.txt")).unwrap();
    not_verified(
        &portfolio,
        "seal.yaml was edited: `sealed` is not a date-time",
    );
}

/// A seal of the first format cannot be verified safely: it is refused,
/// saying to seal again.
#[test]
fn a_seal_of_the_older_format_must_be_made_again() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write(
        "seal.yaml",
        "sealed: \"2025-07-01T09:30:00Z\"\nnosfolio: \"0.1.0\"\nfiles: []\ndigest: 9b2f\n",
    );
    not_verified(&portfolio, "seal.yaml is of an older format");
    let run = portfolio.run(&["verify"]);
    assert!(
        run.stdout.contains("nosfolio seal --force"),
        "{}",
        run.stdout
    );
    portfolio.run(&["seal", "--force"]).code(0);
    portfolio.run(&["verify"]).code(0);
}

/// A custom standard outside `standards/` and a file a sidecar lists from
/// outside `evidence/` are sealed: changing them (a missing item removed
/// from the standard, evidence altered) is not "intact".
#[test]
fn a_custom_standard_and_a_file_outside_evidence_are_sealed() {
    for (change, path) in [
        ("standard", "custom/u.yaml"),
        ("attachment", "attachments/x.txt"),
    ] {
        let portfolio = TempPortfolio::from_fixture("valid/minimal");
        portfolio
            .write(
                "portfolio.yaml",
                "candidate: Ann\nstandards: [mla3, custom/u.yaml]\n",
            )
            .write(
                "custom/u.yaml",
                "id: u\nkind: nos-unit\ntitle: Ours\ngroups:\n  - id: pc\n    title: PC\n    items:\n      - id: U1\n        text: One.\n      - id: U2\n        text: Two.\n",
            )
            .write("attachments/x.txt", "Attached.\n")
            .write(
                "evidence/piece.yaml",
                "title: Piece\nfiles: [../attachments/x.txt]\nclaims: [u:U1]\n",
            );
        portfolio.run(&["check"]).code(0);
        portfolio.run(&["seal"]).code(0);
        portfolio.run(&["verify"]).code(0);
        match change {
            "standard" => portfolio.write(
                "custom/u.yaml",
                "id: u\nkind: nos-unit\ntitle: Ours\ngroups:\n  - id: pc\n    title: PC\n    items:\n      - id: U1\n        text: One.\n",
            ),
            _ => portfolio.write("attachments/x.txt", "Altered.\n"),
        };
        not_verified(&portfolio, &format!("changed  {path}"));
    }
}

/// Anything added to the folder after sealing is not as sealed: the seal
/// covers the whole folder, hidden files aside (new decision files are
/// listed apart: `seal::decisions_recorded_after_sealing_are_no_difference_but_editing_one_is`).
#[test]
fn the_seal_covers_the_whole_folder_but_hidden_files() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.run(&["seal"]).code(0);
    portfolio.write(".git/HEAD", "ref: refs/heads/main\n");
    portfolio.write("evidence/.DS_Store", "x");
    portfolio.run(&["verify"]).code(0);
    portfolio.write("notes/todo.txt", "x\n");
    not_verified(&portfolio, "added    notes/todo.txt");
}

/// A path the portfolio reads may not be hidden: the seal leaves hidden
/// files out, so `check` refuses them.
#[test]
fn a_hidden_path_the_portfolio_would_read_is_an_error() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    portfolio.write(".attic/x.txt", "Hidden.\n").write(
        "evidence/piece.yaml",
        "title: Piece\nfiles: [../.attic/x.txt]\nclaims: [PC1]\n",
    );
    let run = portfolio.run(&["check"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`../.attic/x.txt` is hidden (a name starting with `.`), and a seal does not cover hidden files"),
        "{}",
        run.stderr
    );
    // Nor through a link into a hidden folder: `check` and `seal` agree.
    #[cfg(unix)]
    {
        fs::remove_file(portfolio.path().join("evidence/piece.yaml")).unwrap();
        std::os::unix::fs::symlink("../.attic", portfolio.path().join("evidence/attic")).unwrap();
        let run = portfolio.run(&["check"]);
        run.code(2);
        assert!(
            run.stderr.contains("`evidence/attic` is hidden"),
            "{}",
            run.stderr
        );
        let run = portfolio.run(&["seal"]);
        run.code(2);
        assert!(
            run.stderr.contains("is a link to a hidden"),
            "{}",
            run.stderr
        );
    }
}

/// An evidence folder that is a link out of the portfolio is an error to
/// `check`, and `seal` refuses it rather than vouch for it.
#[cfg(unix)]
#[test]
fn seal_refuses_an_evidence_folder_leading_out_of_the_portfolio() {
    let outer = TempPortfolio::empty();
    crate::support::copy_dir(
        &crate::support::fixture("valid/minimal"),
        &outer.path().join("p"),
    );
    let p = outer.path().join("p");
    fs::rename(p.join("evidence"), outer.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", p.join("evidence")).unwrap();
    let check = crate::support::nosfolio(&["check"]).current_dir(&p).run();
    check.code(2);
    assert!(
        check
            .stderr
            .contains("`evidence` is a symbolic link leading out of the portfolio folder"),
        "{}",
        check.stderr
    );
    let seal = crate::support::nosfolio(&["seal"]).current_dir(&p).run();
    seal.code(2);
    assert!(
        seal.stderr
            .contains("`evidence` is a link leading outside the portfolio"),
        "{}",
        seal.stderr
    );
    assert!(!p.join("seal.yaml").exists());
}

/// The attack: the SHA-256 an accepted file had, put back into
/// `.nosfolio/cache.json` after the file changed, kept it "accepted". The
/// cache bears no mark of the user's key then: it is not trusted, and the
/// decision shows stale.
#[test]
fn putting_the_old_sha_back_in_the_cache_leaves_the_evidence_stale() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let file = "evidence/09-contacts-list.csv";
    crate::support::assess_in(portfolio.path(), file, &["--accept", "PC1"]).code(0);
    let status = |portfolio: &TempPortfolio| {
        let run = portfolio.run(&["matrix", "--format", "json"]);
        (item_status(&run.code(0).json(), "PC1"), run.stderr.clone())
    };
    age(portfolio.path());
    assert_eq!(status(&portfolio).0, "accepted");
    let cache_path = portfolio.path().join(".nosfolio/cache.json");
    let cache: serde_json::Value = serde_json::from_str(&read_marked(&cache_path)).unwrap();
    let old = cache["files"][file]["sha256"].as_str().unwrap().to_owned();

    let text = fs::read_to_string(portfolio.path().join(file)).unwrap();
    portfolio.write(file, text.to_ascii_uppercase());
    age(portfolio.path());
    assert_eq!(status(&portfolio).0, "stale");
    let marked = fs::read(&cache_path).unwrap();
    let json = read_marked(&cache_path);
    let new = serde_json::from_str::<serde_json::Value>(&json).unwrap()["files"][file]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new, old);
    let poisoned = json.replace(&new, &old);
    let mut kept_mark = marked[..65].to_vec();
    kept_mark.extend_from_slice(poisoned.as_bytes());
    for bytes in [poisoned.clone().into_bytes(), kept_mark] {
        fs::write(&cache_path, bytes).unwrap();
        let (status, stderr) = status(&portfolio);
        assert_eq!(status, "stale", "the poisoned cache was believed");
        assert!(stderr.contains("the cache cannot be trusted"), "{stderr}");
    }
    let fresh = portfolio.run(&["--no-cache", "matrix", "--format", "json"]);
    assert_eq!(item_status(&fresh.code(0).json(), "PC1"), "stale");
}

/// The seal digest `seal` prints is the one in `seal.yaml` and the one
/// `verify` shows; the report's cover shows another value, named the
/// evidence digest, and never calls it the portfolio's digest.
#[test]
fn the_seal_digest_and_the_evidence_digest_are_named_apart() {
    let portfolio = TempPortfolio::from_fixture("valid/minimal");
    let run = portfolio.run(&["seal"]);
    let printed = run
        .code(0)
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("seal digest "))
        .and_then(|l| l.split(' ').next())
        .unwrap()
        .to_owned();
    let seal = fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap();
    assert!(seal.contains(&format!("digest: {printed}\n")), "{seal}");
    let verify = portfolio.run(&["verify"]);
    assert!(
        verify
            .code(0)
            .stdout
            .contains(&format!("seal digest {printed}")),
        "{}",
        verify.stdout
    );
    let json = portfolio.run(&["verify", "--format", "json"]).json();
    assert_eq!(json["seal_digest"], printed.as_str());

    for format in ["html", "md"] {
        let report = portfolio.run(&["report", "--format", format]);
        let text = &report.code(0).stdout;
        assert!(text.contains("Evidence digest"), "{text}");
        assert!(!text.contains("Portfolio digest"), "{text}");
        assert!(!text.contains(&printed), "the cover shows another value");
    }
}
