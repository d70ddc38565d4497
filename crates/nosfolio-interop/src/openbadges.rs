//! A portfolio's progress on one standard as an Open Badges 3.0 credential.
//!
//! One unsigned `OpenBadgeCredential` per standard: its `achievement`
//! describes the standard, with one `alignment` per item the exported
//! evidence claims (`targetType` `CFItem`, `targetCode` the item id,
//! `targetUrl` the same `urn:uuid:` the CASE export gives the item), and
//! one `evidence` entry per exported piece of evidence, its `narrative` the
//! evidence's description. The credential is shareable, so what goes in is
//! decided by the audience it is for: only what that audience sees in full
//! ([`visibility`]), so never private evidence unless it is the candidate's
//! own copy, and never drafts.
//! Signing is left to the issuing platform.

use nosfolio_core::{Audience, Evidence, Standard, Visibility, visibility};
use serde_json::{Value, json};

use crate::case::{document_uuid, item_uuid, node_uuid};

/// What a credential is made from.
#[derive(Debug, Clone, Copy)]
pub struct BadgeInput<'a> {
    /// The standard the achievement is about.
    pub standard: &'a Standard,
    /// The candidate, named in the credential subject.
    pub candidate: Option<&'a str>,
    /// Who prepared the credential (the assessor, else the candidate).
    pub issuer: &'a str,
    /// The portfolio's evidence (filtered here by audience).
    pub evidence: &'a [Evidence],
    /// Who the credential is for: only evidence this audience sees in full
    /// goes in (for [`Audience::Public`], public evidence; for
    /// [`Audience::Assessor`], public and assessor evidence).
    pub audience: Audience,
    /// `validFrom`, an RFC 3339 date-time.
    pub now: &'a str,
}

/// The JSON-LD contexts of an Open Badges 3.0 credential.
const CONTEXTS: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// The evidence that may go into a credential for `audience`, claiming
/// items of `standard`.
fn exported<'a>(input: &BadgeInput<'a>) -> impl Iterator<Item = &'a Evidence> {
    let standard = &input.standard.id;
    let audience = input.audience;
    input.evidence.iter().filter(move |e| {
        !e.draft
            && visibility(audience, e.confidentiality) == Visibility::Full
            && e.claims.iter().any(|c| &c.item.standard == standard)
    })
}

/// An unsigned Open Badges 3.0 `OpenBadgeCredential` (see the module doc).
#[must_use]
pub fn open_badge_credential(input: &BadgeInput<'_>) -> Value {
    let standard = input.standard;
    let urn = |name: Option<&str>| {
        let uuid = match name {
            Some(item) if standard.item(item).is_some() => item_uuid(standard, item),
            Some(name) => node_uuid(standard, name),
            None => document_uuid(standard),
        };
        format!("urn:uuid:{uuid}")
    };
    let evidence: Vec<&Evidence> = exported(input).collect();
    let alignment: Vec<Value> = standard
        .items()
        .filter(|(_, item)| {
            evidence.iter().any(|e| {
                e.claims
                    .iter()
                    .any(|c| c.item.standard == standard.id && c.item.item == item.id)
            })
        })
        .map(|(_, item)| {
            json!({
                "type": ["Alignment"],
                "targetName": item.text,
                "targetUrl": urn(Some(&item.id)),
                "targetCode": item.id,
                "targetType": "CFItem",
                "targetFramework": standard.label(),
            })
        })
        .collect();
    let evidence: Vec<Value> = evidence
        .iter()
        .map(|e| {
            let claims: Vec<String> = e
                .claims
                .iter()
                .filter(|c| c.item.standard == standard.id)
                .map(|c| match (&c.at, &c.note) {
                    (None, None) => c.item.item.clone(),
                    (at, note) => format!(
                        "{} ({})",
                        c.item.item,
                        [at.as_deref(), note.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(": ")
                    ),
                })
                .collect();
            let mut entry = json!({
                "type": ["Evidence"],
                "name": e.title,
                "description": format!("Evidences {}", claims.join(", ")),
            });
            if let Some(narrative) = &e.description {
                entry["narrative"] = json!(narrative);
            }
            if let Some(kind) = e
                .evidence_type
                .as_ref()
                .and_then(|t| standard.evidence_type(&t.id))
            {
                entry["genre"] = json!(kind.text);
            }
            entry
        })
        .collect();
    let description = standard
        .overview
        .as_deref()
        .or(standard.definition.as_deref())
        .unwrap_or(&standard.title);
    let mut achievement = json!({
        "id": urn(None),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": standard.label(),
        "description": description,
        "criteria": {
            "narrative": format!(
                "Evidence of the items of {} listed as alignments, in a portfolio kept with nosfolio.",
                standard.label()
            ),
        },
        "alignment": alignment,
    });
    if let Some(code) = &standard.code {
        achievement["humanCode"] = json!(code);
    }
    let mut subject = json!({
        "type": ["AchievementSubject"],
        "achievement": achievement,
    });
    if let Some(candidate) = input.candidate {
        subject["identifier"] = json!([{
            "type": "IdentityObject",
            "identityHash": candidate,
            "identityType": "name",
            "hashed": false,
        }]);
    }
    let subject_name = input.candidate.unwrap_or("");
    json!({
        "@context": CONTEXTS,
        "id": urn(Some(&format!("credential:{subject_name}"))),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": urn(Some(&format!("issuer:{}", input.issuer))),
            "type": ["Profile"],
            "name": input.issuer,
        },
        "validFrom": input.now,
        "name": format!("{}: evidence", standard.label()),
        "credentialSubject": subject,
        "evidence": evidence,
    })
}
