//! What each fuzz target does with its input, kept here so that the normal
//! test suite (`crates/nosfolio-network/tests/fuzz_targets.rs`) compiles
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

/// A sidecar, or Markdown with front matter: parsed, resolved, counted.
pub fn sidecar(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let yaml = match split_front_matter(text) {
        Some(Ok(front)) => front.yaml,
        Some(Err(_)) => return,
        None => text,
    };
    let (meta, _) = parse_meta("fuzz.yaml", yaml, 1);
    if let Some(meta) = meta {
        let set = standards();
        let (resolved, _) = resolve("fuzz.yaml", &meta, &set);
        let evidence = nosfolio_core::Evidence {
            path: "fuzz".into(),
            described_by: "fuzz.yaml".into(),
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
        };
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
            let _ = coverage.highest_full_level(standard);
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
