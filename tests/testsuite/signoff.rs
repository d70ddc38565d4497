//! `nosfolio declare` and `nosfolio signoff`: the candidate's declaration,
//! the assessor's sign-off and the IQA's countersignature, each signed and
//! holding only while what it rests on holds.

use std::path::Path;

use crate::support::{TempPortfolio, nosfolio};

/// A portfolio of a two-item standard, two pieces claiming one item each,
/// an assessor and an IQA listed; and a configuration folder holding the
/// keys of the candidate, the assessor and the IQA.
fn setup() -> (TempPortfolio, tempfile::TempDir) {
    let portfolio = TempPortfolio::empty();
    portfolio
        .write(
            "standards/tiny.yaml",
            "id: tiny\ntitle: Tiny standard\nkind: nos-unit\ngroups:\n  - id: pc\n    title: Performance criteria\n    items:\n      - id: T1\n        text: Do one thing\n      - id: T2\n        text: Do another\n",
        )
        .write(
            "portfolio.yaml",
            "candidate: Priya Shah\nstandards: [standards/tiny.yaml]\nassessors: [Tom Reid]\niqas: [Iris Quinn]\n",
        )
        .write("evidence/a.txt", "Notes one\n")
        .write("evidence/a.txt.yaml", "title: Notes one\nclaims: [T1]\n")
        .write("evidence/b.txt", "Notes two\n")
        .write("evidence/b.txt.yaml", "title: Notes two\nclaims: [T2]\n");
    let config = tempfile::tempdir().unwrap();
    for (name, role) in [
        ("Priya Shah", "candidate"),
        ("Tom Reid", "assessor"),
        ("Iris Quinn", "iqa"),
    ] {
        run(
            &portfolio,
            config.path(),
            &["key", "new", "--name", name, "--role", role],
        )
        .code(0);
    }
    (portfolio, config)
}

fn run(portfolio: &TempPortfolio, config: &Path, args: &[&str]) -> crate::support::Run {
    nosfolio(args)
        .env("NOSFOLIO_CONFIG_DIR", config.to_str().unwrap())
        .current_dir(portfolio.path())
        .run()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn records(portfolio: &TempPortfolio) -> String {
    std::fs::read_to_string(portfolio.path().join("sign-off.yaml")).unwrap_or_default()
}

fn sign_offs(portfolio: &TempPortfolio, config: &Path) -> serde_json::Value {
    run(portfolio, config, &["status", "--format", "json"]).json()["sign_offs"].clone()
}

#[test]
fn a_sign_off_is_refused_with_everything_missing_then_given_and_countersigned() {
    let (portfolio, config) = setup();
    let config = config.path();

    let refused = run(&portfolio, config, &["signoff"]);
    refused.code(1);
    let said = flat(&refused.stderr);
    assert!(
        said.contains("cannot make the sign-off of tiny yet; nothing was recorded"),
        "{said}"
    );
    assert!(
        said.contains("the candidate's declaration: not made"),
        "{said}"
    );
    assert!(
        said.contains("2 of the items the target requires are not accepted on the evidence as it is now: T1 (claimed), T2 (claimed)"),
        "{said}"
    );
    assert!(
        !portfolio.path().join("sign-off.yaml").exists(),
        "nothing written"
    );
    let early = run(&portfolio, config, &["signoff", "--role", "iqa"]);
    early.code(1);
    assert!(
        flat(&early.stderr).contains("the assessor's sign-off of tiny: not made"),
        "{}",
        early.stderr
    );

    run(&portfolio, config, &["declare"]).code(0);
    assert!(
        records(&portfolio).contains("kind: declaration\n  name: Priya Shah"),
        "{}",
        records(&portfolio)
    );
    assert_eq!(sign_offs(&portfolio, config)["declaration"]["holds"], true);

    run(
        &portfolio,
        config,
        &[
            "assess",
            "evidence/a.txt",
            "--accept",
            "T1",
            "--comment",
            "Clear.",
        ],
    )
    .code(0);
    run(
        &portfolio,
        config,
        &[
            "assess",
            "evidence/b.txt",
            "--refer",
            "T2",
            "--comment",
            "Say who.",
        ],
    )
    .code(0);
    let refused = run(&portfolio, config, &["signoff"]);
    refused.code(1);
    let said = flat(&refused.stderr);
    assert!(said.contains("1 of the items the target requires is not accepted on the evidence as it is now: T2 (referred)"), "{said}");
    assert!(
        !said.contains("declaration"),
        "the declaration holds: {said}"
    );

    // The candidate resubmits: the evidence changes, so the declaration no
    // longer holds until made again.
    portfolio.write("evidence/b.txt", "Notes two, with who was there\n");
    let refused = run(&portfolio, config, &["signoff"]);
    let said = flat(&refused.stderr);
    assert!(
        said.contains("no longer holds, the evidence has changed since"),
        "{said}"
    );
    assert!(
        said.contains("T2 (claimed)"),
        "resubmitted, awaiting a decision: {said}"
    );
    run(&portfolio, config, &["declare"]).code(0);
    run(
        &portfolio,
        config,
        &[
            "assess",
            "evidence/b.txt",
            "--accept",
            "T2",
            "--comment",
            "Now clear.",
        ],
    )
    .code(0);

    let given = run(&portfolio, config, &["signoff"]);
    given.code(0);
    assert!(
        given.stdout.starts_with(
            "sign-off of tiny recorded in sign-off.yaml, signed by Tom Reid (assessor)"
        ),
        "{}",
        given.stdout
    );
    assert!(
        records(&portfolio).contains("  items:\n    - tiny:T1\n    - tiny:T2\n"),
        "{}",
        records(&portfolio)
    );
    run(&portfolio, config, &["signoff", "--role", "iqa"]).code(0);
    let state = sign_offs(&portfolio, config);
    assert_eq!(state["standards"][0]["sign_off"]["holds"], true, "{state}");
    assert_eq!(
        state["standards"][0]["countersignature"]["holds"], true,
        "{state}"
    );
    let status = flat(&run(&portfolio, config, &["status"]).stdout);
    assert!(status.contains("Sign-off of Tiny standard: by Tom Reid on 2026-02-02 (signed, key not checked); countersignature: by Iris Quinn"), "{status}");

    // Signed off, so a credential can be issued, by the assessor who
    // signed off, and verified from the file alone.
    let issued = run(
        &portfolio,
        config,
        &["credential", "issue", "-o", "badge.jwt"],
    );
    issued.code(0);
    assert!(
        issued
            .stderr
            .contains("signed credential: 2 items required, 2 accepted"),
        "{}",
        issued.stderr
    );
    let verified = run(
        &portfolio,
        config,
        &[
            "credential",
            "verify",
            "badge.jwt",
            "--recipient",
            "Priya Shah",
        ],
    );
    verified.code(0);
    assert!(
        verified
            .stdout
            .contains("issued by   Tom Reid (did:key:z6Mk"),
        "{}",
        verified.stdout
    );

    // A later referral undoes the sign-off, and with it the countersignature.
    run(
        &portfolio,
        config,
        &[
            "assess",
            "evidence/a.txt",
            "--refer",
            "T1",
            "--comment",
            "On reflection, no.",
        ],
    )
    .code(0);
    let state = sign_offs(&portfolio, config);
    assert_eq!(state["standards"][0]["sign_off"]["holds"], false, "{state}");
    assert!(
        state["standards"][0]["sign_off"]["text"]
            .as_str()
            .unwrap()
            .contains("T1 (referred)"),
        "{state}"
    );
    assert_eq!(
        state["standards"][0]["countersignature"]["holds"], false,
        "{state}"
    );
    let refused = run(
        &portfolio,
        config,
        &["credential", "issue", "-o", "again.jwt"],
    );
    refused.code(2);
    assert!(flat(&refused.stderr).contains("a credential is issued only for a signed-off standard, and the sign-off of tiny does not hold"), "{}", refused.stderr);
    assert!(!portfolio.path().join("again.jwt").exists());
}

#[test]
fn an_edited_sign_off_and_a_declaration_under_a_trust_list_without_the_candidates_key_do_not_hold()
{
    let (portfolio, config) = setup();
    let config = config.path();
    run(&portfolio, config, &["declare"]).code(0);
    run(
        &portfolio,
        config,
        &[
            "assess",
            "evidence/a.txt",
            "--accept",
            "T1",
            "--comment",
            "Clear.",
        ],
    )
    .code(0);
    run(
        &portfolio,
        config,
        &[
            "assess",
            "evidence/b.txt",
            "--accept",
            "T2",
            "--comment",
            "Clear.",
        ],
    )
    .code(0);
    run(&portfolio, config, &["signoff"]).code(0);
    assert_eq!(
        sign_offs(&portfolio, config)["standards"][0]["sign_off"]["holds"],
        true
    );

    // Sealed, then countersigned: an addition, no difference.
    run(&portfolio, config, &["seal"]).code(0);
    run(&portfolio, config, &["signoff", "--role", "iqa"]).code(0);
    let verified = run(&portfolio, config, &["verify"]);
    verified.code(0);
    let said = flat(&verified.stdout);
    assert!(
        said.contains(
            "decisions and sign-offs recorded since sealing (those sealed unchanged): sign-off.yaml"
        ),
        "{said}"
    );
    assert!(
        said.contains("Sign-off of Tiny standard: by Tom Reid"),
        "{said}"
    );

    // Someone edits the sign-off after it was signed.
    let signed = records(&portfolio);
    let edited = signed.replace("    - tiny:T2\n", "    - tiny:T2\n    - tiny:T3\n");
    assert_ne!(edited, signed);
    std::fs::write(portfolio.path().join("sign-off.yaml"), &edited).unwrap();
    let state = sign_offs(&portfolio, config);
    assert_eq!(state["standards"][0]["sign_off"]["holds"], false, "{state}");
    assert!(
        state["standards"][0]["sign_off"]["text"]
            .as_str()
            .unwrap()
            .contains("its signature fails"),
        "{state}"
    );
    let verified = run(&portfolio, config, &["verify"]);
    verified.code(1);
    let said = flat(&verified.stdout);
    assert!(said.contains("changed sign-off.yaml"), "{said}");
    assert!(said.contains("its signature fails"), "{said}");
    std::fs::write(portfolio.path().join("sign-off.yaml"), &signed).unwrap();

    // A trust list with the assessor's key but not the candidate's: the
    // declaration does not count, so neither does the sign-off.
    let keys = run(&portfolio, config, &["key", "list", "--format", "json"]).json();
    let tom = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "Tom Reid")
        .unwrap()["public_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let centre = tempfile::tempdir().unwrap();
    let trust = centre.path().join("trust.yaml");
    run(
        &portfolio,
        config,
        &[
            "trust",
            "add",
            &tom,
            "--name",
            "Tom Reid",
            "--role",
            "assessor",
            "--file",
            trust.to_str().unwrap(),
        ],
    )
    .code(0);
    let status = run(
        &portfolio,
        config,
        &["status", "--trust", trust.to_str().unwrap()],
    );
    let said = flat(&status.stdout);
    assert!(said.contains("Declaration: by Priya Shah on 2026-02-02 (signed with a key not on the trust list): signed with a key the trust list does not hold, so it does not count"), "{said}");
    assert!(
        said.contains("no longer holds, the candidate's declaration does not hold"),
        "{said}"
    );
    let refused = run(
        &portfolio,
        config,
        &[
            "signoff",
            "--role",
            "iqa",
            "--trust",
            trust.to_str().unwrap(),
        ],
    );
    refused.code(1);
    assert!(
        flat(&refused.stderr).contains("the assessor's sign-off of tiny"),
        "{}",
        refused.stderr
    );
}

#[test]
fn declaring_and_signing_off_need_a_key_and_a_listed_signer() {
    let (portfolio, _config) = setup();
    let empty = tempfile::tempdir().unwrap();
    let declared = run(&portfolio, empty.path(), &["declare"]);
    declared.code(2);
    assert!(
        flat(&declared.stderr).contains("Priya Shah has no signing key as candidate, and this must be signed; nothing was recorded help: make one with `nosfolio key new --name \"Priya Shah\" --role candidate`"),
        "{}",
        declared.stderr
    );
    let stranger = run(
        &portfolio,
        empty.path(),
        &["signoff", "--assessor", "Ann Lee"],
    );
    stranger.code(2);
    assert!(
        flat(&stranger.stderr).contains("Ann Lee is not listed as an assessor"),
        "{}",
        stranger.stderr
    );
    assert!(!portfolio.path().join("sign-off.yaml").exists());

    // A declaration written by hand, unsigned, never holds.
    let digest = run(&portfolio, empty.path(), &["report", "--format", "md"]).stdout;
    let digest = digest
        .lines()
        .find_map(|l| l.split('`').nth(1).filter(|d| d.len() == 64))
        .unwrap()
        .to_owned();
    portfolio.write(
        "sign-off.yaml",
        format!("- kind: declaration\n  name: Priya Shah\n  statement: Mine.\n  evidence_digest: {digest}\n  date: 2026-02-01\n"),
    );
    let state = sign_offs(&portfolio, empty.path());
    assert_eq!(state["declaration"]["holds"], false, "{state}");
    assert!(
        state["declaration"]["text"]
            .as_str()
            .unwrap()
            .ends_with("(unsigned): a declaration counts only when signed"),
        "{state}"
    );
}
