//! `nosfolio credential verify`: a signed Open Badges 3.0 credential
//! checked from its file alone, every problem said with what it means.

use ed25519_dalek::SigningKey;
use nosfolio_core::{Audience, Target, builtin_standard};
use nosfolio_interop::{
    Accepted, BadgeInput, IssuerProfile, Recipient, open_badge_credential, sign_credential,
};

use crate::support::TempPortfolio;

/// A signed credential on mla3 for Priya Shah, PC1 accepted, valid from
/// 2025-06-01 12:00 UTC until 2027-06-01.
fn signed(key: &SigningKey) -> String {
    let credential = open_badge_credential(&BadgeInput {
        standard: builtin_standard("mla3").unwrap(),
        target: &Target::default(),
        id: uuid::Uuid::from_u128(42),
        issuer: &IssuerProfile::signer(&key.verifying_key(), "Tom Reid"),
        recipient: Some(Recipient {
            name: "Priya Shah",
            salt: "a1b2",
        }),
        evidence: &[],
        accepted: &Accepted::from_claims([("PC1", "evidence/x.txt")]),
        audience: Audience::Public,
        valid_from: "2025-06-01T12:00:00Z".parse().unwrap(),
        valid_until: Some("2027-06-01T00:00:00Z".parse().unwrap()),
    });
    sign_credential(&credential, key).unwrap()
}

#[test]
fn a_genuine_credential_verifies_and_says_who_issued_it() {
    let dir = TempPortfolio::empty();
    dir.write(
        "badge.jwt",
        signed(&SigningKey::from_bytes(&[1; 32])) + "\n",
    );
    let run = dir.run(&[
        "credential",
        "verify",
        "badge.jwt",
        "--at",
        "2026-01-01T00:00:00Z",
    ]);
    run.code(0);
    for part in [
        "verified: badge.jwt is a genuine credential",
        "Tom Reid (did:key:z6Mk",
        "M&LA3 Develop your personal networks",
        "urn:uuid:00000000-0000-0000-0000-00000000002a",
        "from 2025-06-01T12:00:00Z until 2027-06-01T00:00:00Z",
        "32 required, 1 accepted: PC1",
        "check a name with --recipient NAME",
        "✓ signature: the signature is the issuer's",
    ] {
        assert!(run.stdout.contains(part), "{part} not in:\n{}", run.stdout);
    }
    let json = dir
        .run(&[
            "credential",
            "verify",
            "badge.jwt",
            "--at",
            "2026-01-01T00:00:00Z",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["verified"], true);
    assert_eq!(json["credential"]["issuer_name"], "Tom Reid");
    assert_eq!(json["credential"]["completed"][0], "PC1");
    assert!(
        json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["state"] == "passed")
    );
    // The recipient, named only by a salted hash, can be checked by name.
    let run = dir.run(&[
        "credential",
        "verify",
        "badge.jwt",
        "--at",
        "2026-01-01T00:00:00Z",
        "--recipient",
        "Priya Shah",
    ]);
    run.code(0);
    assert!(
        run.stdout.contains("Priya Shah (the salted hash matches)"),
        "{}",
        run.stdout
    );
    let run = dir.run(&[
        "credential",
        "verify",
        "badge.jwt",
        "--at",
        "2026-01-01T00:00:00Z",
        "--recipient",
        "Someone Else",
    ]);
    run.code(1);
    assert!(run.stdout.contains("NOT Someone Else"), "{}", run.stdout);
}

#[test]
fn a_forged_or_expired_credential_fails_saying_what_it_means() {
    let dir = TempPortfolio::empty();
    let jwt = signed(&SigningKey::from_bytes(&[2; 32]));
    let parts: Vec<&str> = jwt.split('.').collect();
    // The payload edited in place: the issuer renamed, the signature kept.
    let payload = String::from_utf8(decode(parts[1])).unwrap();
    let edited = payload.replace("Tom Reid", "Tom Reed");
    assert_ne!(edited, payload);
    dir.write(
        "forged.jwt",
        format!("{}.{}.{}", parts[0], encode(edited.as_bytes()), parts[2]),
    );
    let run = dir.run(&[
        "credential",
        "verify",
        "forged.jwt",
        "--at",
        "2026-01-01T00:00:00Z",
    ]);
    run.code(1);
    for part in [
        "NOT verified: 1 problem found in forged.jwt",
        "✗ signature",
        "problem: the signature cannot be trusted: the header and payload are not what the key signed",
        "what it means: Either it was changed after it was signed",
        "✓ dates",
    ] {
        assert!(run.stdout.contains(part), "{part} not in:\n{}", run.stdout);
    }
    let json = dir
        .run(&[
            "credential",
            "verify",
            "forged.jwt",
            "--format",
            "json",
            "--at",
            "2026-01-01T00:00:00Z",
        ])
        .json();
    assert_eq!(json["verified"], false);
    assert_eq!(json["problems"][0]["check"], "signature");
    assert!(json["credential"].is_null());

    dir.write("badge.jwt", &jwt);
    let run = dir.run(&[
        "credential",
        "verify",
        "badge.jwt",
        "--at",
        "2027-06-01T00:00:00Z",
    ]);
    run.code(1);
    assert!(
        run.stdout.contains("expired on 2027-06-01T00:00:00Z"),
        "{}",
        run.stdout
    );
    let run = dir.run(&[
        "credential",
        "verify",
        "badge.jwt",
        "--at",
        "2025-06-01T11:00:00+00:00",
    ]);
    run.code(1);
    assert!(run.stdout.contains("not valid until"), "{}", run.stdout);
    // Not a credential at all: what could not be checked is said.
    dir.write("notes.txt", "just some notes");
    let run = dir.run(&["credential", "verify", "notes.txt"]);
    run.code(1);
    assert!(run.stdout.contains("three parts"), "{}", run.stdout);
    assert!(run.stdout.contains("· signature"), "{}", run.stdout);
}

#[test]
fn a_missing_file_or_a_bad_moment_is_bad_input() {
    let dir = TempPortfolio::empty();
    dir.run(&["credential", "verify", "absent.jwt"]).code(2);
    dir.write("badge.jwt", signed(&SigningKey::from_bytes(&[3; 32])));
    let run = dir.run(&["credential", "verify", "badge.jwt", "--at", "2026-01-01"]);
    run.code(2);
    assert!(run.stderr.contains("RFC 3339"), "{}", run.stderr);
}

fn decode(part: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in part.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
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
