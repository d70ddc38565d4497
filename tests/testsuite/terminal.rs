//! No value from a file reaches a terminal able to act on it (SECURITY.md,
//! "Text rewrites the terminal"): every command, its results and its
//! messages alike, with a control character or bidi control in every value
//! of every kind of file nosfolio reads. A command the table below does not
//! list fails the test, so a new one cannot be forgotten.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use nosfolio_store::{Contents, Seal, SealedFile};

use crate::support::{nosfolio, unsafe_chars};

/// Everything a terminal acts on: CSI and OSC escape sequences, the C1
/// CSI (U+009B), a bell, a carriage return, DEL, bidi override and isolate.
const ATTACK: &str =
    "ATTACK\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{7f}\r\u{202e}\u{2066}Injected\u{85}: yes";

/// `text` as a YAML double-quoted scalar.
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || !c.is_ascii() => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// nosfolio's own colour codes, the only escape sequences it may write.
const OWN_COLOURS: [&str; 6] = [
    "\u{1b}[1m",
    "\u{1b}[2m",
    "\u{1b}[31m",
    "\u{1b}[33m",
    "\u{1b}[32m",
    "\u{1b}[0m",
];

fn write(root: &Path, relative: &str, contents: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

/// A caseload folder: the portfolio `hostile` with the attack in every
/// value of every file kind (its own standards, evidence, contacts,
/// journal, decisions, seal), a portfolio `bad` whose standard has ids
/// holding the attack, a framework to import and such a standard file.
fn hostile_caseload(root: &Path) {
    let a = yaml(ATTACK);
    let p = root.join("hostile");
    write(
        &p,
        "portfolio.yaml",
        &format!(
            "candidate: {a}\nstandards: [mla3, standards/hostile.yaml, standards/levels.yaml]\nassessor: {a}\n"
        ),
    );
    write(
        &p,
        "standards/hostile.yaml",
        &format!(
            "id: hostile\nkind: nos-unit\ntitle: {a}\noverview: {a}\ngroups:\n  - id: hg\n    title: {a}\n    intro: {a}\n    items:\n      - id: HX1\n        text: {a}\n      - id: HX2\n        text: {a}\nevidence_types:\n  - id: ht\n    text: {a}\n    supports: [HX1, HX2]\n"
        ),
    );
    write(
        &p,
        "standards/levels.yaml",
        &format!(
            "id: levels\nkind: competency-framework\ntitle: {a}\nlevels:\n  - level: 1\n    title: {a}\n    behaviours:\n      - id: LB1\n        text: {a}\n    questions:\n      - id: LQ1\n        text: {a}\n        probing: [{a}]\n"
        ),
    );
    write(&p, "evidence/h.txt", "evidence");
    write(
        &p,
        "evidence/h.txt.yaml",
        &format!(
            "title: {a}\ndate: 2025-03-01\ntype: ht\nconfidentiality: public\ndescription: {a}\nwitness: {{name: {a}, role: {a}, organisation: {a}}}\nclaims:\n  - item: HX1\n    at: {a}\n    note: {a}\n  - PC1\n"
        ),
    );
    write(&p, &format!("evidence/{ATTACK}.txt"), "named");
    write(
        &p,
        "network/contacts.yaml",
        &format!(
            "title: {a}\ndate: 2025-01-01\nconfidentiality: public\nclaims: [PC1]\ncontacts:\n  - id: one\n    name: {a}\n    organisation: {a}\n    department: {a}\n    role: {a}\n    notes: {a}\n    interests: [{a}, shared]\n    ideas: [{a}]\n    leader: true\n    lists: [know-and-like, can-help]\n    scores: [{{date: 2025-01-02, score: 2}}]\n    target: 30\n    cadence: 7\n    confidentiality: public\n  - id: two\n    name: {a}\n    interests: [shared]\n    confidentiality: public\n"
        ),
    );
    write(
        &p,
        "network/journal/2025-02-01-coffee.md",
        &format!(
            "---\ndate: 2025-02-01\ncontacts: [one]\nkind: {a}\nnext_contact: 2025-02-08\ntitle: {a}\nconfidentiality: public\nclaims: [PC6]\n---\n{ATTACK}\n"
        ),
    );
    // Decisions as a hand-edited file may hold them: the attack as
    // evidence, item, assessor and comment, and a decision on real evidence.
    write(
        &p,
        "assessment/hand-written.yaml",
        &format!(
            "- evidence: {a}\n  sha256: {a}\n  item: {a}\n  decision: accepted\n  comment: {a}\n  date: 2025-04-01\n  assessor: {a}\n- evidence: evidence/h.txt\n  sha256: {a}\n  item: HX1\n  decision: referred\n  comment: {a}\n  date: 2025-04-02\n  assessor: {a}\n"
        ),
    );
    // A seal whose digest is right, so that it is read, with the attack as
    // its version and a file's path (its time must be a date-time, or the
    // seal is not read at all).
    let seal = Seal::new(
        "2025-05-01T09:00:00Z".to_owned(),
        ATTACK.to_owned(),
        Contents {
            builtin_standards: Vec::new(),
            files: vec![SealedFile {
                path: ATTACK.to_owned(),
                size: 1,
                sha256: "0".repeat(64),
            }],
        },
    );
    write(&p, "seal.yaml", &seal.to_yaml().unwrap());

    hostile_credentials(root);

    // A standard whose ids hold the attack: refused where they are written.
    let bad_standard = format!(
        "id: bad\nkind: nos-unit\ntitle: {a}\ngroups:\n  - id: {g}\n    title: {a}\n    items:\n      - id: {i}\n        text: {a}\n",
        g = yaml(&format!("g{ATTACK}")),
        i = yaml(&format!("PC{ATTACK}")),
    );
    write(root, "bad.yaml", &bad_standard);
    let b = root.join("bad");
    write(
        &b,
        "portfolio.yaml",
        "candidate: Bad\nstandards: [standards/bad.yaml]\n",
    );
    write(&b, "standards/bad.yaml", &bad_standard);

    // A Moodle framework with the attack in its title, ids and texts.
    let csv = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    write(
        root,
        "framework.csv",
        &format!(
            "\"Parent id number\",\"Id number\",Shortname,Description,\"Description format\",\"Scale values\",\"Scale configuration\",\"Rule type (optional)\",\"Rule outcome (optional)\",\"Rule config (optional)\",\"Cross referenced competency id numbers\",\"Exported id (optional)\",\"Is framework\",Taxonomy\n,{f},{t},{t},1,,,,,,,,1,\n,{g},{t},{t},1,,,,0,null,,1,,\n{g},{i},{t},{t},1,,,,0,null,,2,,\n",
            f = csv(&format!("F{ATTACK}")),
            g = csv(&format!("area{ATTACK}")),
            i = csv(&format!("A1{ATTACK}")),
            t = csv(ATTACK),
        ),
    );
}

/// Every command nosfolio has, as `--help` lists them (`network contact
/// add`, not `network`).
fn every_command() -> BTreeSet<String> {
    fn walk(path: &mut Vec<String>, found: &mut BTreeSet<String>) {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = nosfolio(&args).run().stdout;
        let names: Vec<String> = help
            .lines()
            .skip_while(|l| !l.starts_with("Commands:"))
            .skip(1)
            .take_while(|l| !l.is_empty())
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .filter(|name| name != "help")
            .collect();
        if names.is_empty() {
            found.insert(path.join(" "));
        }
        for name in names {
            path.push(name);
            walk(path, found);
            path.pop();
        }
    }
    let mut found = BTreeSet::new();
    walk(&mut Vec::new(), &mut found);
    found
}

/// Whether a command's stdout is a document (HTML, YAML, CSV, Markdown)
/// rather than terminal text or JSON: a document keeps its bidi controls,
/// tabs and line ends, but no other control character.
fn is_document(args: &[&str]) -> bool {
    let json = args.windows(2).any(|w| w == ["--format", "json"]);
    !json
        && (matches!(
            args,
            ["report", ..] | ["standards", "import", ..] | ["completions" | "manpage", ..]
        ) || args
            .windows(2)
            .any(|w| w[0] == "--format" && matches!(w[1], "csv" | "md" | "html")))
}

/// Two signed credentials beside the portfolio: `credential.jwt`, genuine,
/// with the attack in every text it holds, and `forged.jwt`, with the
/// attack in its header's key and its payload's ids and dates, so that
/// every problem the verifier reports quotes it.
fn hostile_credentials(root: &Path) {
    use base64_free::encode;
    let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let did = nosfolio_interop::did_key(&key.verifying_key());
    let credential = serde_json::json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:00000000-0000-0000-0000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": ATTACK},
        "validFrom": "2025-06-01T12:00:00Z",
        "name": ATTACK,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": true,
                "identityHash": ATTACK,
                "salt": ATTACK
            }],
            "achievement": {
                "id": "urn:uuid:00000000-0000-0000-0000-000000000002",
                "type": ["Achievement"],
                "name": ATTACK,
                "description": ATTACK,
                "criteria": {"narrative": ATTACK},
                "alignment": [{
                    "type": ["Alignment"],
                    "targetName": ATTACK,
                    "targetCode": ATTACK,
                    "targetUrl": "urn:uuid:00000000-0000-0000-0000-000000000003"
                }]
            },
            "result": [{
                "type": ["Result"],
                "status": "Completed",
                "alignment": [{"targetCode": ATTACK}]
            }]
        }
    });
    let jwt = nosfolio_interop::sign_credential(&credential, &key).unwrap();
    write(root, "credential.jwt", &jwt);
    let header = serde_json::json!({"alg": ATTACK, "kid": ATTACK, "typ": ATTACK, ATTACK: 1});
    let mut payload = credential;
    payload["id"] = ATTACK.into();
    payload["issuer"]["id"] = ATTACK.into();
    payload["validFrom"] = ATTACK.into();
    payload["validUntil"] = ATTACK.into();
    payload["iss"] = ATTACK.into();
    payload["jti"] = ATTACK.into();
    payload["@context"] = serde_json::json!([ATTACK]);
    let forged = format!(
        "{}.{}.{}",
        encode(header.to_string().as_bytes()),
        encode(payload.to_string().as_bytes()),
        encode(ATTACK.as_bytes())
    );
    write(root, "forged.jwt", &forged);
}

/// Base64url without padding, as JWTs write it.
mod base64_free {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub(super) fn encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }
}

/// The commands that only read: run in colour and as JSON too.
const READ_ONLY: [&str; 26] = [
    "key list",
    "trust show",
    "check",
    "scan",
    "matrix",
    "gaps",
    "status",
    "suggest",
    "network plan",
    "network due",
    "network review",
    "network introduce",
    "network contact list",
    "caseload",
    "sample",
    "verify",
    "standards list",
    "standards show",
    "standards check",
    "standards import",
    "report",
    "export",
    "people show",
    "credential verify",
    "completions",
    "manpage",
];

#[test]
fn hostile_text_reaches_no_terminal_from_any_command() {
    let root = tempfile::tempdir().unwrap();
    hostile_caseload(root.path());
    let today = ["--today", "2025-03-01"];
    // Each command with what makes it print file values: read-only ones
    // first, then those that write (in an order where each has work to do).
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("check", vec!["check"]),
        ("check", vec!["check", "../bad"]),
        ("scan", vec!["scan"]),
        ("scan", vec!["scan", "../bad"]),
        ("matrix", vec!["matrix"]),
        ("matrix", vec!["matrix", "../bad"]),
        ("gaps", vec!["gaps"]),
        ("status", vec!["status"]),
        ("suggest", vec!["suggest", "evidence/h.txt"]),
        ("suggest", vec!["suggest", "--type", "ht"]),
        ("network plan", vec!["network", "plan"]),
        ("network due", vec!["network", "due"]),
        ("network review", vec!["network", "review"]),
        ("network introduce", vec!["network", "introduce"]),
        ("network contact list", vec!["network", "contact", "list"]),
        ("caseload", vec!["caseload", ".."]),
        ("sample", vec!["sample", "..", "--portion", "100%"]),
        ("verify", vec!["verify"]),
        (
            "credential verify",
            vec!["credential", "verify", "../credential.jwt"],
        ),
        (
            "credential verify",
            vec!["credential", "verify", "../forged.jwt"],
        ),
        ("standards list", vec!["standards", "list"]),
        (
            "standards show",
            vec!["standards", "show", "standards/hostile.yaml"],
        ),
        ("standards show", vec!["standards", "show", "../bad.yaml"]),
        (
            "standards check",
            vec!["standards", "check", "standards/hostile.yaml"],
        ),
        ("standards check", vec!["standards", "check", "../bad.yaml"]),
        (
            "standards import",
            vec!["standards", "import", "../framework.csv"],
        ),
        ("report", vec!["report"]),
        ("completions", vec!["completions", "bash"]),
        ("manpage", vec!["manpage"]),
        (
            "export",
            vec!["export", "--to", "case", "--standard", "hostile"],
        ),
        ("claim", vec!["claim", "evidence/h.txt", "HX2"]),
        ("unclaim", vec!["unclaim", "evidence/h.txt", "HX2"]),
        ("claim", vec!["claim", "evidence/h.txt", "PC99"]),
        (
            "assess",
            vec![
                "assess",
                "evidence/h.txt",
                "--accept",
                "HX1",
                "--comment",
                "Seen",
                "--assessor",
                "Tom",
            ],
        ),
        ("new statement", vec!["new", "statement", "--type", "ht"]),
        (
            "new reflection",
            vec!["new", "reflection", "--standard", "levels", "--level", "1"],
        ),
        ("finish", vec!["finish", "evidence/h.txt"]),
        (
            "network log",
            vec!["network", "log", "--contact", "one", "--kind", "coffee"],
        ),
        (
            "network contact add",
            vec!["network", "contact", "add", "three", "--name", "Three"],
        ),
        (
            "network contact edit",
            vec!["network", "contact", "edit", "one", "--interest", "x"],
        ),
        (
            "network contact score",
            vec!["network", "contact", "score", "one", "3"],
        ),
        (
            "network contact remove",
            vec!["network", "contact", "remove", "two"],
        ),
        ("standards use", vec!["standards", "use", "networking"]),
        ("target show", vec!["target", "show"]),
        ("target set", vec!["target", "set", "networking", "3"]),
        (
            "target profile",
            vec!["target", "profile", "Analyst \u{1b}[2J\u{202e}\u{7}"],
        ),
        ("target show", vec!["target", "show"]),
        ("target remove", vec!["target", "remove", "networking"]),
        ("target clear", vec!["target", "clear"]),
        ("people show", vec!["people", "show"]),
        // Refused: the name listed is not this one (the message lists who is).
        ("people remove", vec!["people", "remove", "Nobody"]),
        (
            "people add",
            vec!["people", "add", "Iris Quinn", "--role", "iqa"],
        ),
        // Refused: a name holds no control character.
        (
            "people candidate",
            vec!["people", "candidate", "Analyst \u{1b}[2J\u{202e}\u{7}"],
        ),
        // Refused: a detail holds no control character.
        (
            "people details",
            vec![
                "people",
                "details",
                "--job-title",
                "Analyst \u{1b}[2J\u{202e}\u{7}",
            ],
        ),
        (
            "standards import",
            vec![
                "standards",
                "import",
                "../framework.csv",
                "-o",
                "standards/imported.yaml",
            ],
        ),
        (
            "standards use",
            vec!["standards", "use", "standards/imported.yaml"],
        ),
        (
            "key new",
            vec![
                "key",
                "new",
                "--name",
                "Tom ATTACK \u{1b}[2J",
                "--role",
                "iqa",
            ],
        ),
        (
            "key new",
            vec![
                "key",
                "new",
                "--name",
                "Tom \u{202e}ATTACK\u{200b}",
                "--role",
                "iqa",
            ],
        ),
        ("key list", vec!["key", "list"]),
        (
            "trust add",
            vec![
                "trust",
                "add",
                "ed25519:iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w",
                "--name",
                "Ann \u{202e}ATTACK\u{7}",
                "--role",
                "assessor",
            ],
        ),
        (
            "trust add",
            vec![
                "trust",
                "add",
                "ed25519:iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w",
                "--name",
                "Ann \u{202e}ATTACK",
                "--role",
                "assessor",
            ],
        ),
        ("trust show", vec!["trust", "show"]),
        ("declare", vec!["declare"]),
        // A folder with no portfolio: serve says so and ends (it would
        // otherwise serve until stopped).
        ("serve", vec!["serve", "evidence"]),
        (
            "credential issue",
            vec![
                "credential",
                "issue",
                "--standard",
                "hostile",
                "-o",
                "../x.jwt",
            ],
        ),
        ("signoff", vec!["signoff", "--standard", "hostile"]),
        (
            "signoff",
            vec!["signoff", "--role", "iqa", "--assessor", "Iris"],
        ),
        ("status", vec!["status"]),
        ("seal", vec!["seal"]),
        ("seal", vec!["seal", "--force"]),
        ("verify", vec!["verify"]),
        ("init", vec!["init", "../fresh", "--candidate", "Fresh"]),
    ];

    let covered: BTreeSet<String> = runs.iter().map(|(name, _)| (*name).to_owned()).collect();
    assert_eq!(
        every_command(),
        covered,
        "every command must be run here with hostile files: add the new one to this table"
    );

    let portfolio = root.path().join("hostile");
    // Keys and the trust list go in a configuration folder of this test's own.
    let config = tempfile::tempdir().unwrap();
    let mut reached = BTreeSet::new();
    for (name, args) in &runs {
        for colour in [false, true] {
            for json in [false, true] {
                let mut all = args.clone();
                if *name == "status" || name.starts_with("network") {
                    all.extend(today);
                }
                if colour {
                    all.extend(["--color", "always"]);
                }
                let writes = !READ_ONLY.contains(name) || args.contains(&"-o");
                // A command that writes is run once, as it is.
                if writes && (colour || json) {
                    continue;
                }
                if json {
                    if is_document(&all) || *name == "check" {
                        continue;
                    }
                    all.extend(["--format", "json"]);
                }
                let out = nosfolio(&all)
                    .env("NOSFOLIO_CONFIG_DIR", config.path().to_str().unwrap())
                    .current_dir(&portfolio)
                    .run();
                assert!(
                    !out.stderr.contains("internal error"),
                    "{all:?} panicked: {out:#?}"
                );
                if out.stdout.contains("ATTACK") || out.stderr.contains("ATTACK") {
                    reached.insert(*name);
                }
                let own_removed = |text: &str| {
                    let mut text = text.to_owned();
                    if colour {
                        for own in OWN_COLOURS {
                            text = text.replace(own, "");
                        }
                    }
                    text
                };
                let stdout = own_removed(&out.stdout);
                let stderr = own_removed(&out.stderr);
                if is_document(&all) {
                    let raw: Vec<char> = stdout
                        .chars()
                        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                        .collect();
                    assert_eq!(raw, Vec::<char>::new(), "{all:?} stdout:\n{stdout}");
                } else {
                    assert_eq!(
                        unsafe_chars(&stdout),
                        Vec::<char>::new(),
                        "{all:?} stdout:\n{stdout}"
                    );
                }
                assert_eq!(
                    unsafe_chars(&stderr),
                    Vec::<char>::new(),
                    "{all:?} stderr:\n{stderr}"
                );
                if json && out.code != 2 {
                    serde_json::from_str::<serde_json::Value>(&out.stdout)
                        .unwrap_or_else(|e| panic!("{all:?}: not JSON ({e}):\n{}", out.stdout));
                }
            }
        }
    }
    // The attack was read, not refused, wherever a file's value is shown.
    for name in [
        "check",
        "scan",
        "matrix",
        "gaps",
        "suggest",
        "network plan",
        "network contact list",
        "caseload",
        "sample",
        "verify",
        "credential verify",
        "standards show",
        "standards check",
        "standards import",
        "key new",
        "key list",
        "trust add",
        "trust show",
        "people show",
        "people remove",
    ] {
        assert!(reached.contains(name), "{name} never showed the attack");
    }
}
