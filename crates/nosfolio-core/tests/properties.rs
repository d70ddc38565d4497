//! Properties that must hold for any input: claims survive a claim/unclaim
//! round trip through the in-place editor unchanged, and coverage never
//! counts a claim twice.

#![allow(missing_docs)]

use std::collections::BTreeSet;

use nosfolio_core::{
    Coverage, Evidence, NewClaim, StandardSet, add_claims, builtin_standard, parse_meta,
    remove_claims, resolve,
};
use proptest::prelude::*;

fn standards() -> StandardSet {
    let mut set = StandardSet::new();
    set.add(builtin_standard("mla3").expect("built in").clone());
    set.add(builtin_standard("networking").expect("built in").clone());
    set
}

/// Every item id of the two standards, qualified.
fn all_ids() -> Vec<String> {
    let set = standards();
    set.standards()
        .iter()
        .flat_map(|s| s.items().map(move |(_, i)| format!("{}:{}", s.id, i.id)))
        .collect()
}

/// A claim as a candidate might write it: bare where unambiguous, or
/// qualified; sometimes with `at` and `note`.
fn written_claim() -> impl Strategy<Value = (String, Option<String>, Option<String>)> {
    let ids = all_ids();
    (
        proptest::sample::select(ids),
        any::<bool>(),
        proptest::option::of("[a-zA-Z0-9 ,.:'#-]{1,20}"),
        proptest::option::of("[a-zA-Z0-9 ,.:\"'#-]{1,30}"),
    )
        .prop_map(|(id, bare, at, note)| {
            let written = match id.split_once(':') {
                Some(("mla3", item)) if bare => item.to_owned(),
                _ => id,
            };
            (written, at, note)
        })
}

fn claim_line(written: &str, at: Option<&str>, note: Option<&str>, indent: &str) -> String {
    let quote = |s: &str| nosfolio_core::to_yaml_scalar(s, false).expect("text is written");
    match (at, note) {
        (None, None) => format!("{indent}- {}\n", quote(written)),
        _ => {
            let mut out = format!("{indent}- item: {}\n", quote(written));
            if let Some(at) = at {
                out.push_str(&format!("{indent}  at: {}\n", quote(at)));
            }
            if let Some(note) = note {
                out.push_str(&format!("{indent}  note: {}\n", quote(note)));
            }
            out
        }
    }
}

/// A sidecar in block style with the given claims, comments and line ends.
fn sidecar(
    claims: &[(String, Option<String>, Option<String>)],
    crlf: bool,
    comments: bool,
) -> String {
    let mut text = String::from("# Evidence of my networking\ntitle: Notes\ndate: 2025-03-01\n");
    if comments {
        text.push_str("claims: # what this shows\n");
    } else {
        text.push_str("claims:\n");
    }
    for (written, at, note) in claims {
        text.push_str(&claim_line(written, at.as_deref(), note.as_deref(), "  "));
        if comments {
            text.push_str("  # checked with my assessor\n");
        }
    }
    text.push_str("description: A note.\n");
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

fn distinct(
    claims: Vec<(String, Option<String>, Option<String>)>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let set = standards();
    let mut seen = BTreeSet::new();
    claims
        .into_iter()
        .filter(|(w, _, _)| seen.insert(set.resolve_item(w).expect("valid").to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `claim` then `unclaim` of new items gives back the file byte for byte,
    /// and in between the file says exactly the old claims plus the new.
    #[test]
    fn claims_round_trip_through_claim_and_unclaim(
        existing in proptest::collection::vec(written_claim(), 1..6),
        added in proptest::collection::vec(written_claim(), 1..6),
        crlf in any::<bool>(),
        comments in any::<bool>(),
    ) {
        let set = standards();
        let existing = distinct(existing);
        let taken: BTreeSet<String> = existing
            .iter()
            .map(|(w, _, _)| set.resolve_item(w).expect("valid").to_string())
            .collect();
        let added: Vec<_> = distinct(added)
            .into_iter()
            .filter(|(w, _, _)| !taken.contains(&set.resolve_item(w).expect("valid").to_string()))
            .collect();
        prop_assume!(!added.is_empty());
        let original = sidecar(&existing, crlf, comments);
        let (meta, problems) = parse_meta("s.yaml", &original, 0);
        prop_assert!(problems.is_empty(), "{:?}\n{}", problems, original);
        prop_assert_eq!(meta.expect("reads").claims.len(), existing.len());

        let new: Vec<NewClaim> = added
            .iter()
            .map(|(w, at, note)| NewClaim { item: w.clone(), at: at.clone(), note: note.clone() })
            .collect();
        let claimed = add_claims(&original, &new).expect("a block list is editable");
        let (meta, problems) = parse_meta("s.yaml", &claimed, 0);
        prop_assert!(problems.is_empty(), "{:?}\n{}", problems, claimed);
        let meta = meta.expect("reads");
        let read: Vec<(String, Option<String>, Option<String>)> = meta
            .claims
            .iter()
            .map(|c| (c.item.value.clone(), c.at.clone(), c.note.clone()))
            .collect();
        let trimmed = |c: &(String, Option<String>, Option<String>)| {
            let t = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
            (c.0.clone(), t(&c.1), t(&c.2))
        };
        let expected: Vec<_> = existing.iter().chain(&added).map(trimmed).collect();
        prop_assert_eq!(read, expected);

        let written: Vec<String> = added.iter().map(|(w, _, _)| w.clone()).collect();
        let unclaimed = remove_claims(&claimed, &written).expect("editable");
        prop_assert_eq!(unclaimed, original);
    }

    /// However claims repeat — within a piece, across pieces, bare and
    /// qualified — each piece counts once for each item it claims.
    #[test]
    fn coverage_never_counts_a_claim_twice(
        pieces in proptest::collection::vec(
            (proptest::collection::vec(written_claim(), 0..8), any::<bool>()),
            0..8,
        ),
    ) {
        let set = standards();
        let mut evidence: Vec<Evidence> = Vec::new();
        for (index, (claims, draft)) in pieces.iter().enumerate() {
            let mut text = String::from("claims:\n");
            for (written, _, _) in claims {
                text.push_str(&format!("  - {}\n", nosfolio_core::to_yaml_scalar(written, false).expect("text is written")));
            }
            if *draft {
                text.push_str("draft: true\n");
            }
            let file = format!("e{index}.yaml");
            let (meta, _) = parse_meta(&file, &text, 0);
            let meta = meta.expect("reads");
            let (resolved, _) = resolve(&file, &meta, &set);
            evidence.push(Evidence {
                path: format!("e{index}"),
                described_by: file,
                title: format!("e{index}"),
                date: None,
                evidence_type: None,
                confidentiality: meta.confidentiality,
                description: None,
                witness: None,
                draft: meta.draft,
                files: Vec::new(),
                sha256: None,
                claims: resolved.claims,
            });
        }
        let coverage = Coverage::compute(&set, &evidence);
        let mut counted = 0;
        for item in &coverage.items {
            let unique: BTreeSet<usize> = item.evidence.iter().copied().collect();
            prop_assert_eq!(unique.len(), item.evidence.len(), "{:?} counts a piece twice", item.item);
            counted += item.evidence.len();
        }
        let expected: usize = pieces
            .iter()
            .filter(|(_, draft)| !draft)
            .map(|(claims, _)| {
                claims
                    .iter()
                    .map(|(w, _, _)| set.resolve_item(w).expect("valid").to_string())
                    .collect::<BTreeSet<_>>()
                    .len()
            })
            .sum();
        prop_assert_eq!(counted, expected);
        let claimed = coverage.items.iter().filter(|c| !c.evidence.is_empty()).count();
        prop_assert_eq!(claimed, coverage.summary().covered());
    }
}
