//! What nosfolio promises about hostile input and about the files it is
//! trusted with (SECURITY.md): user text never becomes markup, a formula or
//! a terminal escape in any output format; nothing outside what a command
//! is for is ever written; evidence files are never changed.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::report::tags_with_event_handlers;
use crate::support::{nosfolio, repo, unsafe_chars};

/// Text that tries everything: HTML and script, links with dangerous
/// schemes, a spreadsheet formula, terminal escapes (colour, clear screen,
/// window title), a bidi override and line breaks.
const ATTACK: &str = "=HYPERLINK(\"http://evil.example\",\"ATTACK\")<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))![y](data:text/html;base64,PHNjcmlwdD4=)\u{1b}[31m\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}\r\nInjected: yes";

/// `ATTACK` as a YAML double-quoted scalar.
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{202e}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A portfolio with the attack in every field a user writes, and in file names.
fn hostile_portfolio(root: &Path) {
    let write = |relative: &str, contents: &str| {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    };
    let a = yaml(ATTACK);
    write(
        "portfolio.yaml",
        &format!("candidate: {a}\nstandards: [mla3]\nassessor: {a}\n"),
    );
    for (n, name) in [
        "=cmd|' /C calc'!A0.txt",
        "\u{1b}[31mred<img src=x onerror=alert(9)>.txt",
        "-2+3.txt",
        "@SUM(A1).txt",
    ]
    .iter()
    .enumerate()
    {
        write(&format!("evidence/{name}"), "evidence");
        write(
            &format!("evidence/{name}.yaml"),
            &format!(
                "title: {a}\ndate: 2025-03-0{}\ntype: correspondence\nconfidentiality: public\ndescription: {a}\nwitness: {{name: {a}, role: {a}, organisation: {a}}}\nclaims:\n  - item: PC{}\n    at: {a}\n    note: {a}\n",
                n + 1,
                n + 2
            ),
        );
    }
    // The evidence itself holds the attack too: Markdown, an e-mail (its
    // headers and HTML body) and a file named as an image that is none.
    write("evidence/attack.md", &format!("# {ATTACK}\n\n{ATTACK}\n"));
    write(
        "evidence/attack.eml",
        &format!(
            "From: \"{ATTACK}\" <a@example.com>\r\nSubject: {ATTACK}\r\nContent-Type: text/html\r\n\r\n<p>{ATTACK}</p><a href=\"javascript:alert(1)\" onclick=\"alert(2)\">x</a>\r\n"
        ),
    );
    write("evidence/attack.png", ATTACK);
    for name in ["attack.md", "attack.eml", "attack.png"] {
        write(
            &format!("evidence/{name}.yaml"),
            &format!("title: {a}\ntype: correspondence\nconfidentiality: public\nclaims: [PC5]\n"),
        );
    }
    write(
        "network/contacts.yaml",
        &format!(
            "title: {a}\ndate: 2025-01-01\nconfidentiality: public\nclaims: [PC1]\ncontacts:\n  - id: one\n    name: {a}\n    organisation: {a}\n    department: {a}\n    role: {a}\n    notes: {a}\n    interests: [{a}, shared]\n    ideas: [{a}]\n    leader: true\n    lists: [know-and-like, can-help]\n    scores: [{{date: 2025-01-02, score: 2}}]\n    target: 30\n    cadence: 7\n    confidentiality: public\n  - id: two\n    name: {a}\n    interests: [shared]\n    confidentiality: public\n"
        ),
    );
    write(
        "network/journal/2025-02-01-coffee.md",
        &format!(
            "---\ndate: 2025-02-01\ncontacts: [one]\nkind: {a}\nnext_contact: 2025-02-08\ntitle: {a}\nconfidentiality: public\nclaims: [PC6]\ntype: statement-developments\n---\n{ATTACK}\n"
        ),
    );
}

/// The values of every `href` and `src` attribute.
fn link_targets(html: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for attribute in ["href=", "src="] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let quote = rest.chars().next().unwrap_or(' ');
            let value = if quote == '"' || quote == '\'' {
                rest[1..].split(quote).next().unwrap_or_default()
            } else {
                rest.split([' ', '>']).next().unwrap_or_default()
            };
            targets.push(value.to_owned());
        }
    }
    targets
}

fn assert_html_inert(what: &str, html: &str) {
    for bad in ["<script", "<img", "<iframe", "<object"] {
        assert!(
            !html.to_lowercase().contains(bad),
            "{what}: `{bad}` survived"
        );
    }
    for target in link_targets(html) {
        let folded: String = target
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        assert!(
            !["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|s| folded.starts_with(s)),
            "{what}: a link to {target:?} survived"
        );
    }
    assert_eq!(
        tags_with_event_handlers(html),
        Vec::<String>::new(),
        "{what}: event handlers in tags"
    );
}

/// Markdown: no raw HTML, and no link to a dangerous scheme (an escaped
/// `\]` does not make a link).
fn assert_md_inert(what: &str, md: &str) {
    for bad in ["<script", "<img"] {
        assert!(!md.contains(bad), "{what}: `{bad}` survived");
    }
    for (at, _) in md.match_indices("](") {
        let escaped = md[..at].ends_with('\\');
        let target = md[at + 2..].to_lowercase();
        let dangerous = ["javascript:", "data:", "vbscript:"]
            .iter()
            .any(|s| target.starts_with(s));
        assert!(
            escaped || !dangerous,
            "{what}: a link survives at {}",
            &md[at..]
        );
    }
    assert_eq!(unsafe_chars(md), Vec::<char>::new(), "{what}");
}

fn assert_csv_inert(what: &str, csv_text: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    let mut attacked = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            let hostile = cell.contains("ATTACK")
                || cell.contains("cmd|")
                || cell.contains("SUM(A1)")
                || cell.contains("-2+3");
            if hostile {
                attacked += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{what}: a formula survives in cell {cell:?}"
                );
            }
        }
    }
    assert!(
        attacked > 0,
        "{what}: the attack is not in the output at all"
    );
}

#[test]
fn hostile_text_is_inert_in_every_output_format() {
    let root = tempfile::tempdir().unwrap();
    let portfolio = root.path().join("hostile");
    hostile_portfolio(&portfolio);
    let run = |args: &[&str]| nosfolio(args).current_dir(&portfolio).run();
    // Decisions, so that sample and the report show assessors' text too.
    run(&[
        "assess",
        "evidence/-2+3.txt",
        "--accept",
        "PC4",
        "--comment",
        ATTACK,
        // The portfolio's assessor, whose name is the attack too.
        "--date",
        "2025-04-01",
    ])
    .code(0);

    // The attack is read, not refused: it must reach every output.
    let check = run(&["check"]);
    assert_eq!(check.code, 0, "{check:#?}");
    assert!(run(&["matrix"]).stdout.contains("ATTACK"));

    let text_commands: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["scan"],
        vec!["matrix"],
        vec!["gaps"],
        vec!["status", "--today", "2025-03-01"],
        vec!["suggest", "evidence/-2+3.txt"],
        vec!["network", "plan", "--today", "2025-03-01"],
        vec!["network", "due", "--today", "2025-03-01"],
        vec!["network", "review", "--today", "2025-03-01"],
        vec!["network", "introduce"],
        vec!["caseload", ".."],
        vec!["sample", "..", "--portion", "100%"],
    ];
    for args in &text_commands {
        let out = run(args);
        assert!(out.code == 0 || out.code == 1, "{args:?}: {out:#?}");
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert_eq!(
                unsafe_chars(text),
                Vec::<char>::new(),
                "{args:?} {stream} carries control characters:\n{text}"
            );
        }
        // The same in colour: only nosfolio's own colour codes, never the user's.
        let mut coloured = args.clone();
        coloured.extend(["--color", "always"]);
        let out = run(&coloured);
        let without_own = out.stdout.replace("\u{1b}[0m", "");
        assert!(
            !without_own.contains("\u{1b}[2J") && !without_own.contains("\u{1b}]0;"),
            "{args:?}: the user's escape sequences reach a colour terminal"
        );
        let mut json = args.clone();
        json.extend(["--format", "json"]);
        if !matches!(args[0], "check") {
            let out = run(&json);
            serde_json::from_str::<serde_json::Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("{json:?}: not JSON ({e}):\n{}", out.stdout));
        }
    }

    for to in ["openbadges", "case", "mahara"] {
        let out = run(&["export", "--to", to]);
        out.code(0);
        serde_json::from_str::<serde_json::Value>(&out.stdout)
            .unwrap_or_else(|e| panic!("export --to {to}: not JSON ({e})"));
        assert_eq!(
            unsafe_chars(&out.stderr),
            Vec::<char>::new(),
            "export --to {to}"
        );
    }

    for args in [
        vec!["matrix", "--format", "csv"],
        vec!["caseload", "..", "--format", "csv"],
    ] {
        let out = run(&args);
        assert_csv_inert(&format!("{args:?}"), &out.stdout);
    }

    for audience in ["candidate", "assessor", "public"] {
        let html = run(&["report", "--audience", audience]);
        html.code(0);
        assert_html_inert(&format!("report for {audience}"), &html.stdout);
        let md = run(&["report", "--audience", audience, "--format", "md"]);
        md.code(0);
        assert_md_inert(&format!("md report for {audience}"), &md.stdout);
    }
    assert_md_inert("matrix md", &run(&["matrix", "--format", "md"]).stdout);
    let caseload = run(&["caseload", "..", "--format", "html"]);
    assert_html_inert("caseload html", &caseload.stdout);
}

/// Every file under `root` with its SHA-256.
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let hash = nosfolio_store::hash_bytes(&fs::read(entry.path()).unwrap());
            files.insert(relative, hash);
        }
    }
    files
}

/// Paths added, removed or changed between two snapshots.
fn changes(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<String> {
    let mut changed: Vec<String> = before
        .iter()
        .filter(|(path, hash)| after.get(*path) != Some(*hash))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(after.keys().filter(|p| !before.contains_key(*p)).cloned());
    changed.sort();
    changed
}

#[test]
fn commands_write_only_what_they_are_for_and_never_evidence() {
    let root = tempfile::tempdir().unwrap();
    let portfolio = root.path().join("p");
    crate::support::copy_dir(&repo().join("examples/mla3-portfolio"), &portfolio);
    let outside = root.path().join("outside.html");
    let outside_text = outside.to_string_lossy().into_owned();
    // Each command, and the paths (relative to the temporary root) it may change.
    let commands: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["check"], vec![]),
        (vec!["scan", "--format", "json"], vec![]),
        (vec!["matrix", "--format", "csv"], vec![]),
        (vec!["gaps"], vec![]),
        (vec!["status"], vec![]),
        (vec!["suggest", "evidence/09-contacts-list.csv"], vec![]),
        (vec!["standards", "show", "mla3"], vec![]),
        (vec!["report"], vec![]),
        (vec!["report", "-o", &outside_text], vec!["outside.html"]),
        (vec!["report", "-o", "report.html"], vec!["p/report.html"]),
        (vec!["network", "plan"], vec![]),
        (vec!["network", "due"], vec![]),
        (vec!["network", "review"], vec![]),
        (vec!["network", "introduce"], vec![]),
        (
            vec![
                "network",
                "log",
                "--contact",
                "jkaur",
                "--kind",
                "lunch",
                "--date",
                "2025-06-24",
            ],
            vec!["p/network/journal/2025-06-24-lunch.md"],
        ),
        (
            vec!["claim", "evidence/09-contacts-list.csv", "KG1"],
            vec!["p/evidence/09-contacts-list.csv.yaml"],
        ),
        (
            vec!["unclaim", "evidence/09-contacts-list.csv", "KG1"],
            vec!["p/evidence/09-contacts-list.csv.yaml"],
        ),
        (
            vec!["new", "statement", "--type", "statement-developments"],
            vec!["p/evidence/"],
        ),
        (
            vec![
                "assess",
                "evidence/02-email-to-finance.eml",
                "--accept",
                "PC2",
                "--comment",
                "Clear",
                "--assessor",
                "Tom Reid",
                "--date",
                "2025-07-01",
            ],
            vec!["p/assessment/"],
        ),
        (vec!["export", "--to", "openbadges"], vec![]),
        (
            vec!["export", "--to", "case", "-o", "case.json"],
            vec!["p/case.json"],
        ),
        (
            vec![
                "standards",
                "import",
                "case.json",
                "-o",
                "standards/again.yaml",
            ],
            vec!["p/standards/again.yaml"],
        ),
        (vec!["seal"], vec!["p/seal.yaml"]),
        (vec!["verify"], vec![]),
        // A caseload keeps its rows in its own folder.
        (vec!["caseload", ".."], vec![".nosfolio/"]),
        (vec!["sample", "..", "--portion", "50%"], vec![]),
    ];
    let mut before = snapshot(root.path());
    let evidence_before: Vec<(String, String)> = before
        .iter()
        .filter(|(p, _)| {
            p.starts_with("p/evidence/") && !p.ends_with(".yaml") && !p.ends_with(".md")
        })
        .map(|(p, h)| (p.clone(), h.clone()))
        .collect();
    for (args, allowed) in &commands {
        let run = nosfolio(args).current_dir(&portfolio).run();
        assert!(run.code == 0 || run.code == 1, "{args:?}: {run:#?}");
        let after = snapshot(root.path());
        for path in changes(&before, &after) {
            // The cache may be written by any command that reads the portfolio.
            let expected = path.starts_with("p/.nosfolio/")
                || allowed
                    .iter()
                    .any(|a| path == *a || (a.ends_with('/') && path.starts_with(a)));
            assert!(expected, "{args:?} changed {path}, which it is not for");
        }
        before = after;
    }
    // No evidence file (other than sidecars and Markdown descriptions the
    // candidate asked to edit) changed through all of it.
    let after = snapshot(root.path());
    for (path, hash) in evidence_before {
        assert_eq!(after.get(&path), Some(&hash), "{path} changed");
    }
}

#[test]
fn a_panic_is_an_internal_error_with_exit_70_and_writes_nothing() {
    let portfolio = crate::support::TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    let before = snapshot(portfolio.path());
    let run = nosfolio(&["claim", "evidence/09-contacts-list.csv", "KG1"])
        .current_dir(portfolio.path())
        .env("NOSFOLIO_PANIC_FOR_TEST", "1")
        .run();
    assert_eq!(run.code, 70, "{run:#?}");
    assert!(
        run.stderr.starts_with(
            "internal error: a panic asked for by NOSFOLIO_PANIC_FOR_TEST at src/main.rs:"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("please report it"), "{}", run.stderr);
    assert_eq!(snapshot(portfolio.path()), before);
}

const MARKER: &str = "QZPRIVATEMARK";

#[test]
fn private_markers_reach_no_output_made_for_others() {
    let root = tempfile::tempdir().unwrap();
    let portfolio = root.path().join("candidate");
    let write = |relative: &str, contents: &str| {
        let path = portfolio.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    };
    write(
        "portfolio.yaml",
        "candidate: Careful Candidate\nstandards: [mla3]\nassessor: Tom\n",
    );
    write(&format!("evidence/notes-{MARKER}.txt"), "private");
    write(
        &format!("evidence/notes-{MARKER}.txt.yaml"),
        &format!(
            "title: TITLE{MARKER}\ndate: 2025-03-01\ntype: correspondence\nconfidentiality: private\ndescription: DESC{MARKER}\nwitness: {{name: WNAME{MARKER}, role: WROLE{MARKER}, organisation: WORG{MARKER}}}\nclaims:\n  - item: PC2\n    at: AT{MARKER}\n    note: NOTE{MARKER}\n"
        ),
    );
    write("evidence/open.txt", "open");
    write(
        "evidence/open.txt.yaml",
        "title: Open\ndate: 2025-03-02\ntype: correspondence\nclaims: [PC3]\n",
    );
    write(
        "network/contacts.yaml",
        &format!(
            "date: 2025-01-01\nclaims: [PC1]\ncontacts:\n  - id: {MARKER}\n    name: NAME{MARKER}\n    organisation: ORG{MARKER}\n    role: ROLE{MARKER}\n    notes: NOTES{MARKER}\n    interests: [INT{MARKER}]\n    ideas: [IDEA{MARKER}]\n    target: 30\n"
        ),
    );
    write(
        &format!("network/journal/2025-02-01-coffee-{MARKER}.md"),
        &format!(
            "---\ndate: 2025-02-01\ncontacts: [{MARKER}]\nkind: KIND{MARKER}\ntitle: JTITLE{MARKER}\nclaims: [PC4]\n---\nBODY{MARKER}\n"
        ),
    );
    let run = |args: &[&str]| nosfolio(args).current_dir(&portfolio).run();
    run(&["check"]).code(0);
    // Decisions on public, private and journal evidence, so that the
    // sample has each kind to show.
    for (evidence, item) in [
        ("evidence/open.txt".to_owned(), "PC3"),
        (format!("evidence/notes-{MARKER}.txt"), "PC2"),
        (
            format!("network/journal/2025-02-01-coffee-{MARKER}.md"),
            "PC4",
        ),
    ] {
        run(&[
            "assess",
            &evidence,
            "--accept",
            item,
            "--comment",
            "Fine",
            "--assessor",
            "Tom",
            "--date",
            "2025-04-01",
        ])
        .code(0);
    }
    let mut outputs: Vec<(String, String)> = Vec::new();
    for audience in ["assessor", "public"] {
        for format in ["html", "md"] {
            let out = run(&["report", "--audience", audience, "--format", format]);
            out.code(0);
            outputs.push((format!("report {audience} {format}"), out.stdout.clone()));
        }
    }
    for format in ["text", "json", "csv", "html"] {
        let out = run(&["caseload", "..", "--format", format]);
        outputs.push((
            format!("caseload {format}"),
            out.stdout.clone() + &out.stderr,
        ));
    }
    for format in ["text", "json"] {
        let out = run(&["sample", "..", "--portion", "100%", "--format", format]);
        out.code(0);
        assert!(
            out.stdout.contains("evidence/open.txt")
                && out.stdout.matches("private evidence").count() >= 2,
            "sample {format} shows all three decisions:\n{}",
            out.stdout
        );
        outputs.push((format!("sample {format}"), out.stdout.clone() + &out.stderr));
    }
    // Case folded: the journal's `kind` is lower-cased when read.
    let marker = MARKER.to_lowercase();
    for (what, text) in &outputs {
        assert!(
            !text.to_lowercase().contains(&marker),
            "{what} leaks private text:\n{text}"
        );
    }
    // The candidate's own report has all of it.
    let own = run(&["report", "--format", "md"]).stdout.to_lowercase();
    for field in [
        "TITLE", "DESC", "WNAME", "AT", "NOTE", "NAME", "ORG", "NOTES", "IDEA", "KIND", "BODY",
    ] {
        assert!(
            own.contains(&format!("{field}{MARKER}").to_lowercase()),
            "the candidate's report lacks {field}"
        );
    }
}

/// `text` with its percent-escapes decoded once, as a browser reads a
/// path segment.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap());
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a relative link in a page in `folder` leads, the way a browser
/// resolves it: `None` when it has a scheme (or a host) of its own.
fn resolve(folder: &Path, link: &str) -> Option<std::path::PathBuf> {
    let path = link.split(['?', '#']).next().unwrap_or_default();
    let first = path.split('/').next().unwrap_or_default();
    if first.contains(':') || path.starts_with("//") || path.starts_with('/') {
        return None;
    }
    let mut at = folder.to_path_buf();
    for segment in path.split(['/', '\\']) {
        match percent_decoded(segment).as_str() {
            "" | "." => {}
            ".." => {
                at.pop();
            }
            name => at.push(name),
        }
    }
    Some(at)
}

#[test]
fn report_links_stay_in_the_portfolio_whatever_its_folder_or_descriptions_say() {
    let root = tempfile::tempdir().unwrap();
    let description = "[a](%2e%2e/x) [b](.%2E/x) [c](..%2fx) [d](..\\\\x) [e](%252e%252e/x) [f](a%3F/../../x) [g](%2F%2Fevil.example/x) [h](https:evil.example) [i](ok.txt) [j](evidence/%2e%2e/%2e%2e/x)";
    for folder in [
        "https:evil.example",
        "javascript:alert(1)",
        "a b#c?d",
        "%2e%2e",
    ] {
        let portfolio = root.path().join(folder);
        let write = |relative: &str, contents: &str| {
            let path = portfolio.join(relative);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, contents).unwrap();
        };
        write("portfolio.yaml", "candidate: Ann\nstandards: [mla3]\n");
        write("evidence/notes: one.txt", "notes");
        write(
            "evidence/notes: one.txt.yaml",
            &format!(
                "title: Notes\ndate: 2025-03-01\ntype: correspondence\nconfidentiality: public\ndescription: \"{description}\"\nclaims: [PC1]\n"
            ),
        );
        fs::create_dir_all(portfolio.join("sub")).unwrap();
        for (output, report_folder) in [
            ("../report.html".to_owned(), root.path().to_path_buf()),
            ("report.html".to_owned(), portfolio.clone()),
            ("sub/report.html".to_owned(), portfolio.join("sub")),
        ] {
            let out = nosfolio(&["report", "-o", &output, "--force"])
                .current_dir(&portfolio)
                .run();
            out.code(0);
            let html = fs::read_to_string(report_folder.join("report.html")).unwrap();
            let links: Vec<String> = link_targets(&html)
                .into_iter()
                .filter(|l| !l.starts_with('#'))
                .map(|l| l.replace("&amp;", "&"))
                .collect();
            assert!(
                links.iter().any(|l| l.ends_with("notes%3A%20one.txt")),
                "{folder} {output}: no link to the evidence file in {links:?}"
            );
            assert!(
                links
                    .iter()
                    .filter_map(|l| resolve(&report_folder, l))
                    .any(|at| at == portfolio.join("ok.txt")),
                "{folder} {output}: the description's link to ok.txt is lost: {links:?}"
            );
            for link in &links {
                let lands = resolve(&report_folder, link)
                    .unwrap_or_else(|| panic!("{folder} {output}: {link} has a scheme or host"));
                assert!(
                    lands.starts_with(&portfolio),
                    "{folder} {output}: {link} leads to {} outside the portfolio",
                    lands.display()
                );
            }
        }
    }
}
