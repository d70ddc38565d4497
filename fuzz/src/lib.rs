//! What each fuzz target does with its input, kept here so that the normal
//! test suite (`crates/nosfolio-report/tests/fuzz_targets.rs`) compiles
//! and runs the same code over the repository's fixtures on stable Rust.
//!
//! Every function takes arbitrary bytes, reads them as the file a candidate
//! would write, and goes on through everything that file feeds: a parser
//! may report problems, but must never panic, loop or blow up.

#![forbid(unsafe_code)]

use jiff::civil::date;
use nosfolio_core::{
    Coverage, NewClaim, Policy, StandardSet, add_claims, builtin_standard, parse_decisions,
    parse_manifest, parse_meta, parse_standard, remove_claims, resolve, split_front_matter,
};
use nosfolio_network::{
    ChangeContext, ContactChange, ContactFields, Network, change_contacts, parse_contacts,
    parse_entry,
};
use nosfolio_report::{
    PortfolioView, ReportMeta, ReportModel, Templates, description_html, description_lines,
    report_md,
};

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// M&LA3 and the Networking framework, which share no ids.
fn standards() -> StandardSet {
    let mut set = StandardSet::new();
    for id in ["mla3", "networking"] {
        if let Some(standard) = builtin_standard(id) {
            set.add(standard.clone());
        }
    }
    set
}

/// The evidence a sidecar (or Markdown with front matter) describes,
/// resolved against `set`; `None` when it cannot be read.
fn piece(text: &str, path: &str, set: &StandardSet) -> Option<nosfolio_core::Evidence> {
    let yaml = match split_front_matter(text) {
        Some(Ok(front)) => front.yaml,
        Some(Err(_)) => return None,
        None => text,
    };
    let meta = parse_meta("fuzz.yaml", yaml, 1).0?;
    let (resolved, _) = resolve("fuzz.yaml", &meta, set);
    Some(nosfolio_core::Evidence {
        path: path.into(),
        described_by: format!("{path}.yaml"),
        title: meta.title.clone().unwrap_or_default(),
        date: meta.date,
        evidence_type: resolved.evidence_type,
        confidentiality: meta.confidentiality,
        description: meta.description.clone(),
        witness: meta.witness.clone(),
        draft: meta.draft,
        files: Vec::new(),
        sha256: None,
        claims: resolved.claims,
    })
}

/// Fails the input when it took longer than a budget proportional to
/// its length: `base_ms`, and 100 µs a byte (the work should be linear; a
/// quadratic path over 16 KB goes far past it). Only the fuzz targets
/// call it (never the test suite: no test asserts on time).
pub fn within_budget(started: std::time::Instant, bytes: usize, base_ms: u64, what: &str) {
    let budget = std::time::Duration::from_millis(base_ms)
        + std::time::Duration::from_micros(100) * u32::try_from(bytes).unwrap_or(u32::MAX);
    let took = started.elapsed();
    assert!(
        took <= budget,
        "{what} of {bytes} bytes took {took:?}, over its budget of {budget:?}"
    );
}

/// A piece's description rendered as both reports render it: Markdown to
/// sanitized HTML (pulldown-cmark, our link filter, ammonia) and to plain
/// lines. Returns the HTML.
pub fn markdown(data: &[u8]) -> Option<String> {
    let text = text(data)?;
    let html = description_html(text);
    let _ = description_lines(text);
    Some(html)
}

/// The input as the content of a file of evidence of every kind the
/// report shows (plain text, Markdown, e-mail, image, PDF), as the report
/// and the web app render it: never a panic, and nothing in the HTML that
/// could run. Returns the HTML, one kind after another.
pub fn evidence_content(data: &[u8]) -> String {
    use nosfolio_report::{ContentFile, ContentFor, evidence_content_html};
    let read = |_: &str, limit: u64| -> std::io::Result<(Vec<u8>, u64)> {
        let shown = data.len().min(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok((data[..shown].to_vec(), data.len() as u64))
    };
    let mut out = String::new();
    for path in [
        "evidence/fuzz.txt",
        "evidence/fuzz.md",
        "evidence/fuzz.eml",
        "evidence/fuzz.png",
        "evidence/fuzz.jpg",
        "evidence/fuzz.gif",
        "evidence/fuzz.webp",
        "evidence/fuzz.pdf",
    ] {
        let file = ContentFile {
            path,
            size: data.len() as u64,
            sha256: None,
            title: "fuzz",
        };
        for target in [
            ContentFor::Report { base: &[] },
            ContentFor::Page {
                image_src: "/file?path=evidence/fuzz",
                page: "/piece?path={path}",
            },
        ] {
            let html = evidence_content_html(&file, target, &read);
            let lower = html.to_lowercase();
            // Markup only: the input shown as text holds anything, escaped.
            assert!(
                !lower.contains("<script")
                    && !lower.contains("<iframe")
                    && lower.matches("<img").count()
                        == html.matches("<img class=\"evidence-image\"").count(),
                "{path}: {html}"
            );
            for tag in real_tags(&lower) {
                assert!(
                    !tag.contains("javascript:") && !has_handler(tag),
                    "{path}: {tag} in {html}"
                );
            }
            out.push_str(&html);
        }
    }
    out
}

/// The real tags of `html` (`<` followed by a letter, up to the `>` that
/// is outside quotes): escaped text (`&lt;a …&gt;`) is none.
fn real_tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let mut quote = None;
            let mut end = i + 1;
            while end < bytes.len() {
                match (quote, bytes[end]) {
                    (None, b'"' | b'\'') => quote = Some(bytes[end]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                end += 1;
            }
            tags.push(&html[i..end.min(html.len())]);
            i = end;
        } else {
            i += 1;
        }
    }
    tags
}

/// Whether a tag has an `on…=` attribute (outside quoted values).
fn has_handler(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    let mut quote = None;
    for (i, &c) in bytes.iter().enumerate() {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_ascii_whitespace() && tag[i + 1..].starts_with("on") => {
                let name: String = tag[i + 1..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                if name.len() > 2 && tag[i + 1 + name.len()..].trim_start().starts_with('=') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// A small portfolio made from the input, rendered into the HTML and
/// Markdown reports for every audience: the input read as a sidecar
/// (when it is one) and as the description of a second piece. Returns
/// the candidate's HTML and Markdown reports.
pub fn report(data: &[u8]) -> Option<(String, String)> {
    let text = text(data)?;
    let set = standards();
    let mut evidence: Vec<nosfolio_core::Evidence> =
        piece(text, "evidence/fuzz.txt", &set).into_iter().collect();
    let mut described = piece(
        "title: Described\nclaims: [PC1]\n",
        "evidence/notes.md",
        &set,
    )?;
    described.description = Some(text.to_owned());
    evidence.push(described);
    let coverage = Coverage::compute(&set, &evidence);
    let network = Network::new(None, Vec::new());
    let view = PortfolioView {
        candidate: Some("Fuzz"),
        assessors: &["Assessor".to_owned()],
        iqas: &[],
        details: None,
        standards: &set,
        evidence: &evidence,
        coverage: &coverage,
        target: &Default::default(),
        decisions: &[],
        trust: None,
        sign_offs: &Default::default(),
        network: &network,
    };
    // Compiled once: compiling the templates is a fixed cost (about 100 ms
    // on a loaded machine) that is no part of rendering an input.
    static TEMPLATES: std::sync::OnceLock<Templates> = std::sync::OnceLock::new();
    let templates =
        TEMPLATES.get_or_init(|| Templates::new(&[]).expect("the built-in templates load"));
    let mut outputs = None;
    for audience in [
        nosfolio_core::Audience::Candidate,
        nosfolio_core::Audience::Assessor,
        nosfolio_core::Audience::Public,
    ] {
        let meta = ReportMeta {
            audience,
            generated: "2026-03-01".into(),
            version: "fuzz".into(),
            digest: "0".repeat(64),
            base: vec!["..".into()],
            gaps: None,
        };
        let model = ReportModel::build(&view, &meta);
        // The fuzzed portfolio has no files on disk: each file's content is
        // a note that it could not be read.
        let unread = |_: &str, _: u64| -> std::io::Result<(Vec<u8>, u64)> {
            Err(std::io::ErrorKind::NotFound.into())
        };
        let html = templates
            .render(&model, &unread)
            .expect("the report renders");
        let md = report_md(&model);
        outputs.get_or_insert((html, md));
    }
    outputs
}

/// A sidecar, or Markdown with front matter: parsed, resolved, counted.
pub fn sidecar(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let set = standards();
    if let Some(evidence) = piece(text, "fuzz", &set) {
        let _ = Coverage::compute(&set, &[evidence]);
    }
}

/// `portfolio.yaml`, with its policy resolved.
pub fn portfolio_yaml(data: &[u8]) {
    let Some(text) = text(data) else { return };
    if let Ok(manifest) = parse_manifest("portfolio.yaml", text) {
        let _ = Policy::resolve(&manifest.policy, &standards(), "portfolio.yaml");
    }
    let _ = parse_decisions("assessment/fuzz.yaml", text);
}

/// A standard file, then used as a portfolio's standard.
pub fn standard(data: &[u8]) {
    let Some(text) = text(data) else { return };
    if let Ok(standard) = parse_standard("standards/fuzz.yaml", text) {
        let mut set = StandardSet::new();
        set.add(standard);
        let coverage = Coverage::compute(&set, &[]);
        for standard in set.standards() {
            let _ = coverage.attainments(standard, &Default::default());
            for group in &standard.groups {
                let _ = standard.heading(group);
            }
        }
    }
}

/// A journal entry and a contacts list from the same bytes, and every
/// question the plan answers.
pub fn journal(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let (entry, _) = parse_entry("network/journal/fuzz.md", text);
    let (list, _) = parse_contacts("network/contacts.yaml", text);
    let network = Network::new(list, entry.into_iter().collect());
    let _ = network.check();
    let today = date(2026, 3, 1);
    let _ = network.plan(today, 5);
    let _ = network.due(today, 7);
    let _ = network.review(nosfolio_network::Quarter::of(today), today);
    let _ = network.introductions(10);
}

/// The in-place editor behind `claim` and `unclaim` on any text: it may
/// refuse, but what it writes must still read as YAML when the input did.
pub fn claims_edit(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let claims = [
        NewClaim {
            item: "PC1".into(),
            at: Some("page 2".into()),
            note: None,
        },
        NewClaim {
            item: "networking:L3.2".into(),
            at: None,
            note: None,
        },
    ];
    let before = parse_meta("fuzz.yaml", text, 0).0;
    if let Ok(edited) = add_claims(text, &claims) {
        let after = parse_meta("fuzz.yaml", &edited, 0).0;
        assert!(
            before.is_none() || after.is_some(),
            "claiming broke a readable sidecar:\n{text}\n---\n{edited}"
        );
        if let Ok(back) = remove_claims(&edited, &["PC1".into(), "networking:L3.2".into()]) {
            let _ = parse_meta("fuzz.yaml", &back, 0);
        }
    }
}

/// The contacts commands' in-place editor on any text: it may refuse, but
/// what it returns must read back without errors, with or without `force`.
pub fn contacts_edit(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let first = parse_contacts("network/contacts.yaml", text)
        .0
        .and_then(|l| l.contacts.first().map(|c| c.id.clone()))
        .unwrap_or_else(|| "a".to_owned());
    let changes = [
        ContactChange::Add {
            id: "fuzz".into(),
            fields: ContactFields {
                name: Some("Fuzz: \"one\" # two".into()),
                ideas: vec!["- an idea".into()],
                ..ContactFields::default()
            },
        },
        ContactChange::Score {
            id: first.clone(),
            date: date(2026, 3, 1),
            score: 3,
            replace: true,
        },
        ContactChange::Edit {
            id: first.clone(),
            fields: ContactFields {
                role: Some("yes".into()),
                interests: vec!["x".into()],
                clear: vec![nosfolio_network::Field::Notes],
                ..ContactFields::default()
            },
        },
        ContactChange::Remove { id: first },
    ];
    for force in [false, true] {
        let context = ChangeContext {
            file: "network/contacts.yaml",
            today: date(2026, 3, 1),
            force,
            journal: &[],
        };
        for change in &changes {
            if let Ok(edit) = change_contacts(Some(text), change, &context)
                && let Some(new) = edit.text
            {
                let (list, problems) = parse_contacts("network/contacts.yaml", &new);
                assert!(
                    list.is_some()
                        && problems
                            .iter()
                            .all(|p| p.severity() != nosfolio_core::Severity::Error),
                    "{change:?} wrote a list with errors:\n{text}\n---\n{new}"
                );
            }
        }
    }
}
