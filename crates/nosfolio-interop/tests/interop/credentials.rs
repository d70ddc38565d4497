//! Signed Open Badges 3.0 credentials: what goes in, did:key, VC-JWT
//! signing, and verification here and by an independent JOSE library.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use jiff::Timestamp;
use nosfolio_core::{
    Audience, Confidentiality, Coverage, Decision, Evidence, Policy, Role, StandardSet, Status,
    Target, TargetLevel, Verdict, builtin_standard,
};
use nosfolio_interop::{
    Accepted, BadgeInput, Check, CredentialProblem, IssuerProfile, Recipient, achievement,
    achievement_uuid, did_key, did_key_url, open_badge_credential, sign_credential,
    verify_credential,
};
use serde_json::Value;
use uuid::Uuid;

use super::{assert_schema, evidence};

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn target(standard: &str, competency: Option<&str>, level: u32) -> Target {
    Target {
        profile: None,
        levels: vec![TargetLevel {
            standard: standard.into(),
            competency: competency.map(str::to_owned),
            level,
        }],
    }
}

/// A credential on mla3 for Priya Shah with PC1 and B3 accepted, signed
/// by `signer`, valid from 2025-06-01 until `until`.
fn credential(signer: &SigningKey, id: u128, until: Option<&str>) -> Value {
    let standard = builtin_standard("mla3").unwrap();
    let evidence = [evidence(
        "shared",
        Confidentiality::Public,
        &["PC1", "B3"],
        false,
    )];
    let accepted = Accepted::from_claims([
        ("PC1", "evidence/shared.txt"),
        ("B3", "evidence/shared.txt"),
    ]);
    open_badge_credential(&BadgeInput {
        standard,
        target: &Target::default(),
        id: Uuid::from_u128(id),
        issuer: &IssuerProfile::signer(&signer.verifying_key(), "Tom Reid"),
        recipient: Some(Recipient {
            name: "Priya Shah",
            salt: "3f1c",
        }),
        evidence: &evidence,
        accepted: &accepted,
        audience: Audience::Public,
        valid_from: at("2025-06-01T12:00:00Z"),
        valid_until: until.map(at),
    })
}

fn parts(jwt: &str) -> (Value, Value) {
    let decode = |part: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    };
    let mut split = jwt.split('.');
    let header = decode(split.next().unwrap());
    let payload = decode(split.next().unwrap());
    (header, payload)
}

fn encode(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

fn checks(problems: &[CredentialProblem]) -> Vec<Check> {
    let mut checks: Vec<Check> = problems.iter().map(CredentialProblem::check).collect();
    checks.dedup();
    checks
}

#[test]
fn a_signed_credential_verifies_and_says_what_it_holds() {
    let signer = key(1);
    let unsigned = credential(&signer, 1, Some("2030-06-01T12:00:00Z"));
    assert_schema("openbadges-3.0-credential.transcribed.json", &unsigned);
    let jwt = sign_credential(&unsigned, &signer).unwrap();
    let (header, payload) = parts(&jwt);
    assert_eq!(
        header,
        serde_json::json!({"alg": "EdDSA", "typ": "JWT", "kid": did_key_url(&signer.verifying_key())})
    );
    let did = did_key(&signer.verifying_key());
    assert!(did.starts_with("did:key:z6Mk"), "{did}");
    // The payload is the credential with its registered claims.
    assert_eq!(payload["iss"], did);
    assert_eq!(payload["jti"], unsigned["id"]);
    assert_eq!(payload["nbf"], at("2025-06-01T12:00:00Z").as_second());
    assert_eq!(payload["exp"], at("2030-06-01T12:00:00Z").as_second());
    assert!(payload.get("sub").is_none(), "the subject has no id");
    let mut without_claims = payload.clone();
    for claim in ["iss", "jti", "nbf", "exp"] {
        without_claims.as_object_mut().unwrap().remove(claim);
    }
    assert_eq!(without_claims, unsigned);
    assert_schema("openbadges-3.0-credential.transcribed.json", &payload);

    let verified = verify_credential(&jwt, at("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(verified.issuer_did, did);
    assert_eq!(verified.issuer_name.as_deref(), Some("Tom Reid"));
    assert_eq!(verified.id, "urn:uuid:00000000-0000-0000-0000-000000000001");
    assert_eq!(
        verified.achievement_name,
        "M&LA3 Develop your personal networks"
    );
    assert_eq!(verified.valid_from, at("2025-06-01T12:00:00Z"));
    assert_eq!(verified.valid_until, Some(at("2030-06-01T12:00:00Z")));
    assert_eq!(verified.completed, ["PC1", "B3"]);
    assert_eq!(verified.aligned.len(), 32);
    assert_eq!(verified.evidence, 1);
    assert!(verified.is_recipient("Priya Shah"));
    assert!(!verified.is_recipient("Priya Sha"));
    assert!(verified.recipient_hash.unwrap().starts_with("sha256$"));
}

#[test]
fn an_independent_jose_implementation_verifies_our_credential() {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, errors::ErrorKind};

    let signer = key(2);
    let public = URL_SAFE_NO_PAD.encode(signer.verifying_key().as_bytes());
    let did = did_key(&signer.verifying_key());
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_required_spec_claims(&["exp", "nbf", "iss"]);
    validation.set_issuer(&[&did]);
    validation.validate_nbf = true;
    validation.leeway = 0;
    let decoding = DecodingKey::from_ed_components(&public).unwrap();

    // Valid for as long as these tests will run, against the real clock.
    let jwt = sign_credential(
        &credential(&signer, 2, Some("2999-01-01T00:00:00Z")),
        &signer,
    )
    .unwrap();
    let data = decode::<Value>(&jwt, &decoding, &validation).unwrap();
    assert_eq!(data.header.alg, Algorithm::EdDSA);
    assert_eq!(
        data.header.kid.as_deref(),
        Some(did_key_url(&signer.verifying_key()).as_str())
    );
    assert_eq!(data.claims["iss"], did);
    assert_eq!(
        data.claims["credentialSubject"]["achievement"]["type"][0],
        "Achievement"
    );

    // Its own date checks agree with ours.
    let expired = sign_credential(
        &credential(&signer, 3, Some("2025-07-01T00:00:00Z")),
        &signer,
    )
    .unwrap();
    let error = decode::<Value>(&expired, &decoding, &validation).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::ExpiredSignature);

    // An edited payload fails its signature check too.
    let (_, mut payload) = parts(&jwt);
    payload["issuer"]["name"] = "Someone Else".into();
    let mut split = jwt.split('.');
    let forged = format!(
        "{}.{}.{}",
        split.next().unwrap(),
        encode(&payload),
        split.nth(1).unwrap()
    );
    let error = decode::<Value>(&forged, &decoding, &validation).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::InvalidSignature);
}

#[test]
fn a_forged_credential_is_rejected() {
    let signer = key(3);
    let jwt = sign_credential(&credential(&signer, 4, None), &signer).unwrap();
    let now = at("2026-01-01T00:00:00Z");
    assert!(verify_credential(&jwt, now).is_ok());
    let pieces: Vec<&str> = jwt.split('.').collect();
    let (header, payload) = parts(&jwt);

    // The payload edited (one more item "accepted"), the signature kept.
    let mut edited = payload.clone();
    let first = edited["credentialSubject"]["result"][0].clone();
    edited["credentialSubject"]["result"]
        .as_array_mut()
        .unwrap()
        .push(first);
    let forged = format!("{}.{}.{}", pieces[0], encode(&edited), pieces[2]);
    let problems = verify_credential(&forged, now).unwrap_err();
    assert_eq!(checks(&problems), [Check::Signature], "{problems:#?}");

    // Signed by another key, claiming the first key's did in the header.
    let other = key(4);
    let input = format!("{}.{}", pieces[0], pieces[1]);
    let signature = ed25519_dalek::Signer::sign(&other, input.as_bytes());
    let forged = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
    let problems = verify_credential(&forged, now).unwrap_err();
    assert_eq!(checks(&problems), [Check::Signature], "{problems:#?}");

    // Signed by another key named honestly in the header, the first still
    // named as issuer (and in iss): the signer is not the issuer.
    let mut other_header = header.clone();
    other_header["kid"] = did_key_url(&other.verifying_key()).into();
    let input = format!("{}.{}", encode(&other_header), pieces[1]);
    let signature = ed25519_dalek::Signer::sign(&other, input.as_bytes());
    let forged = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()));
    let problems = verify_credential(&forged, now).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, CredentialProblem::NotTheIssuer { .. })),
        "{problems:#?}"
    );

    // And signing refuses a credential naming another issuer than the key.
    assert!(sign_credential(&credential(&signer, 5, None), &other).is_err());
}

#[test]
fn expired_and_not_yet_valid_credentials_are_rejected() {
    let signer = key(5);
    let jwt = sign_credential(
        &credential(&signer, 6, Some("2026-06-01T12:00:00Z")),
        &signer,
    )
    .unwrap();
    assert!(verify_credential(&jwt, at("2026-06-01T11:59:59Z")).is_ok());
    let problems = verify_credential(&jwt, at("2026-06-01T12:00:00Z")).unwrap_err();
    assert!(
        matches!(problems.as_slice(), [CredentialProblem::Expired { .. }]),
        "{problems:#?}"
    );
    let problems = verify_credential(&jwt, at("2025-06-01T11:59:59Z")).unwrap_err();
    assert!(
        matches!(problems.as_slice(), [CredentialProblem::NotYetValid { .. }]),
        "{problems:#?}"
    );
    assert!(problems[0].to_string().contains("2025-06-01T12:00:00Z"));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let signer = key(6);
    let jwt = sign_credential(&credential(&signer, 7, None), &signer).unwrap();
    let (mut header, mut payload) = parts(&jwt);
    header["alg"] = "none".into();
    header["x5u"] = "https://example.org/".into();
    let object = payload.as_object_mut().unwrap();
    object.remove("jti");
    object.insert("nbf".into(), 12.into());
    object.insert(
        "@context".into(),
        serde_json::json!(["https://www.w3.org/ns/credentials/v2"]),
    );
    object["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("criteria");
    let broken = format!(
        "{}.{}.{}",
        encode(&header),
        encode(&payload),
        jwt.rsplit('.').next().unwrap()
    );
    let problems = verify_credential(&broken, at("2026-01-01T00:00:00Z")).unwrap_err();
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for part in [
        "not EdDSA",
        "`x5u`",
        "not what the key signed",
        "Open Badges 3.0 context",
        "criteria",
        "`jti` claim is missing",
        "`nbf` claim is 12",
    ] {
        assert!(
            said.iter().any(|s| s.contains(part)),
            "{part} not in {said:#?}"
        );
    }
    assert!(problems.iter().all(|p| !p.meaning().is_empty()));

    for (text, says) in [
        ("", "three parts"),
        ("a.b", "three parts"),
        ("!!.e30.AA", "not base64url"),
        ("e30.bm90IGpzb24.AA", "not JSON"),
    ] {
        let problems = verify_credential(text, at("2026-01-01T00:00:00Z")).unwrap_err();
        assert!(
            problems.iter().any(|p| p.to_string().contains(says)),
            "{text}: {problems:#?}"
        );
    }
}

#[test]
fn the_achievement_depends_only_on_the_standard_and_the_target() {
    let networking = builtin_standard("networking").unwrap();
    let three = target("networking", None, 3);
    // Two candidates, different evidence, acceptances, issuers, audiences.
    let first = [evidence("a", Confidentiality::Public, &[], false)];
    let second = [
        evidence("b", Confidentiality::Assessor, &[], false),
        evidence("c", Confidentiality::Public, &[], false),
    ];
    let make = |target: &Target, evidence: &[Evidence], accepted: &Accepted, id: u128| {
        open_badge_credential(&BadgeInput {
            standard: networking,
            target,
            id: Uuid::from_u128(id),
            issuer: &IssuerProfile::signer(&key(id as u8).verifying_key(), "Assessor"),
            recipient: Some(Recipient {
                name: &format!("Candidate {id}"),
                salt: "s",
            }),
            evidence,
            accepted,
            audience: Audience::Public,
            valid_from: at("2025-06-01T12:00:00Z"),
            valid_until: None,
        })
    };
    let one = make(&three, &first, &Accepted::default(), 1);
    let two = make(&three, &second, &Accepted::from_claims([("L1.1", "x")]), 2);
    let achievement_of = |c: &Value| c["credentialSubject"]["achievement"].clone();
    assert_eq!(achievement_of(&one), achievement_of(&two));
    assert_eq!(achievement_of(&one), achievement(networking, &three));
    // Two issuances: different credentials, the same Achievement.
    assert_ne!(one["id"], two["id"]);
    // The same requirement written another way (the standard's own
    // competency named, a role profile's name) is the same Achievement.
    let mut written_otherwise = target("networking", Some("networking"), 3);
    written_otherwise.profile = Some("Policy analyst".into());
    assert_eq!(
        achievement_uuid(networking, &three),
        achievement_uuid(networking, &written_otherwise)
    );
    // Another target is another Achievement, aligned with other items.
    let two_levels = target("networking", None, 2);
    let other = achievement(networking, &two_levels);
    assert_ne!(other["id"], achievement_of(&one)["id"]);
    let aligned = |a: &Value| a["alignment"].as_array().unwrap().len();
    assert!(aligned(&other) < aligned(&achievement_of(&one)));
    // No target: every item.
    let all = achievement(networking, &Target::default());
    assert_eq!(aligned(&all), networking.item_count());
    assert_ne!(all["id"], other["id"]);
    // Never the same as another standard's.
    let mla3 = builtin_standard("mla3").unwrap();
    assert_ne!(
        achievement_uuid(mla3, &Target::default()),
        achievement_uuid(networking, &Target::default())
    );
}

fn decision(evidence: &Evidence, item: &str, verdict: Verdict, sha256: &str) -> Decision {
    Decision {
        evidence: evidence.path.clone(),
        sha256: sha256.into(),
        item: item.into(),
        decision: verdict,
        comment: String::new(),
        date: "2025-05-01".into(),
        assessor: "Tom Reid".into(),
        role: Role::Assessor,
        key: None,
        signature: None,
        standing: nosfolio_core::Standing::NotChecked,
    }
}

#[test]
fn referred_stale_and_undecided_items_are_not_in_the_credential() {
    let standard = builtin_standard("mla3").unwrap();
    let mut pieces = vec![
        evidence("accepted", Confidentiality::Public, &["PC1", "PC2"], false),
        evidence("changed", Confidentiality::Public, &["PC3"], false),
        evidence("referred", Confidentiality::Public, &["PC4", "PC1"], false),
        evidence("waiting", Confidentiality::Public, &["PC5"], false),
    ];
    for (piece, hash) in pieces.iter_mut().zip(["h1", "h2-now", "h3", "h4"]) {
        piece.sha256 = Some(hash.into());
    }
    let decisions = [
        decision(&pieces[0], "PC1", Verdict::Accepted, "h1"),
        decision(&pieces[0], "PC2", Verdict::Accepted, "h1"),
        decision(&pieces[1], "PC3", Verdict::Accepted, "h2-then"),
        decision(&pieces[2], "PC4", Verdict::Referred, "h3"),
        decision(&pieces[2], "PC1", Verdict::Referred, "h3"),
    ];
    let mut standards = StandardSet::new();
    standards.add(standard.clone());
    let coverage = Coverage::compute_assessed(
        &standards,
        &pieces,
        &Policy::default(),
        &Target::default(),
        &decisions,
    );
    let status = |item: &str| coverage.of("mla3", item).unwrap().status;
    assert_eq!(
        [status("PC1"), status("PC3"), status("PC4"), status("PC5")],
        [
            Status::Accepted,
            Status::Stale,
            Status::Referred,
            Status::Claimed
        ]
    );
    let accepted = Accepted::from_coverage(&coverage, &pieces, "mla3");
    assert_eq!(accepted.items().collect::<Vec<_>>(), ["PC1", "PC2"]);
    let credential = open_badge_credential(&BadgeInput {
        standard,
        target: &Target::default(),
        id: Uuid::from_u128(9),
        issuer: &IssuerProfile::signer(&key(9).verifying_key(), "Tom Reid"),
        recipient: None,
        evidence: &pieces,
        accepted: &accepted,
        audience: Audience::Public,
        valid_from: at("2025-06-01T12:00:00Z"),
        valid_until: None,
    });
    let results: Vec<&str> = credential["credentialSubject"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["alignment"][0]["targetCode"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["PC1", "PC2"]);
    // Only the piece whose claims were accepted is evidence, naming only
    // those; the one referred on PC1 is not, though PC1 is accepted.
    let evidence = credential["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 1, "{evidence:#?}");
    assert_eq!(evidence[0]["name"], "accepted");
    assert_eq!(evidence[0]["description"], "Evidences PC1, PC2");
    // With nothing accepted, there are no results and no evidence.
    let none = open_badge_credential(&BadgeInput {
        accepted: &Accepted::default(),
        standard,
        target: &Target::default(),
        id: Uuid::from_u128(10),
        issuer: &IssuerProfile::signer(&key(9).verifying_key(), "Tom Reid"),
        recipient: None,
        evidence: &pieces,
        audience: Audience::Public,
        valid_from: at("2025-06-01T12:00:00Z"),
        valid_until: None,
    });
    assert!(none["credentialSubject"].get("result").is_none());
    assert!(none.get("evidence").is_none());
    assert_schema("openbadges-3.0-credential.transcribed.json", &none);
}

#[test]
fn items_beyond_the_target_count_for_nothing() {
    let networking = builtin_standard("networking").unwrap();
    let level_one: Vec<String> = networking
        .items()
        .filter(|(g, _)| g.level == Some(1))
        .map(|(_, i)| i.id.clone())
        .collect();
    let level_three: String = networking
        .items()
        .find(|(g, _)| g.level == Some(3))
        .map(|(_, i)| i.id.clone())
        .unwrap();
    let claims = level_one
        .iter()
        .chain([&level_three])
        .map(|i| (i.clone(), "evidence/x.txt".to_owned()));
    let credential = open_badge_credential(&BadgeInput {
        standard: networking,
        target: &target("networking", None, 1),
        id: Uuid::from_u128(11),
        issuer: &IssuerProfile::signer(&key(11).verifying_key(), "Tom Reid"),
        recipient: None,
        evidence: &[],
        accepted: &Accepted::from_claims(claims),
        audience: Audience::Public,
        valid_from: at("2025-06-01T12:00:00Z"),
        valid_until: None,
    });
    let results: Vec<String> = credential["credentialSubject"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["alignment"][0]["targetCode"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(results, level_one);
}
