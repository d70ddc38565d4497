//! A candidate's achievement on one standard as an Open Badges 3.0
//! credential.
//!
//! One `OpenBadgeCredential` per standard and issuance:
//!
//! - its `id` is new each time (`urn:uuid:` of a UUID the caller makes at
//!   random), `validFrom` the moment of issuance, `validUntil` optional;
//! - its `issuer` is whoever signs it: a `Profile` whose `id` is the
//!   signer's `did:key` ([`IssuerProfile::signer`]);
//! - its `achievement` is what the candidate is going for, and nothing
//!   else: the standard and the target's levels for it ([`Target`]). Its
//!   `alignment`s are the items the target requires ([`Target::requires`],
//!   `targetType` `CFItem`, `targetCode` the item id, `targetUrl` the
//!   `urn:uuid:` the CASE export gives the item), and its `id` a UUID v5
//!   derived from the standard's CASE document UUID and a canonical account
//!   of the target's levels ([`achievement_uuid`]). Two candidates going for
//!   the same thing get the same Achievement;
//! - its subject names the recipient only by a salted SHA-256 hash
//!   ([`identity_hash`]), and lists as `result`s the aligned items an
//!   assessor has accepted on the evidence as it is now ([`Accepted`]):
//!   referred, stale and undecided claims count for nothing;
//! - its `evidence` lists the pieces behind those acceptances, and only
//!   what the credential's audience sees in full ([`visibility`]): never
//!   private evidence unless it is the candidate's own copy, never drafts.
//!
//! Nothing here reads a clock or makes a random number: the caller passes
//! the moment, the id and the salt. Signing is [`crate::sign_credential`].

use std::collections::{BTreeMap, BTreeSet};

use ed25519_dalek::VerifyingKey;
use jiff::Timestamp;
use nosfolio_core::{
    Audience, ClaimState, Coverage, Evidence, Standard, Status, Target, Visibility, visibility,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::case::{document_uuid, item_uuid};
use crate::did_key::did_key;

/// The JSON-LD contexts of an Open Badges 3.0 credential.
pub(crate) const CONTEXTS: [&str; 2] = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/// Who issues a credential: its `issuer` Profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerProfile {
    /// The Profile's `id`: the signer's `did:key` for a credential that
    /// will be signed.
    pub id: String,
    /// The Profile's `name`: the person or body who signs.
    pub name: String,
}

impl IssuerProfile {
    /// The Profile of whoever holds the private half of `key`: its `id` is
    /// the key's `did:key`, so that the signature can be checked against
    /// the issuer named.
    #[must_use]
    pub fn signer(key: &VerifyingKey, name: &str) -> Self {
        Self {
            id: did_key(key),
            name: name.to_owned(),
        }
    }

    /// The Profile of a credential nobody will sign (an export to look at,
    /// not to rely on): it names no person, since nobody vouches for it,
    /// and has a fixed `urn:uuid:` id. Such a credential verifies nowhere.
    #[must_use]
    pub fn unsigned() -> Self {
        let uuid = crate::case::case_uuid("nosfolio", Some("unsigned credential"));
        Self {
            id: uuid.urn().to_string(),
            name: "Not issued: an unsigned draft made with nosfolio".to_owned(),
        }
    }
}

/// The person a credential is about, named only by a salted hash.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    /// The recipient's name, as it is hashed.
    pub name: &'a str,
    /// The salt, made at random by the caller for each issuance and kept
    /// in the credential, so that the name cannot be guessed from the hash
    /// by hashing likely names, yet can be checked by whoever knows it.
    pub salt: &'a str,
}

/// `sha256$` and the hexadecimal SHA-256 of the name followed by the salt:
/// an Open Badges 3.0 `IdentityHash`.
#[must_use]
pub fn identity_hash(name: &str, salt: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update(salt.as_bytes());
    format!("sha256${}", hex::encode(hasher.finalize()))
}

/// What an assessor has accepted of one standard: each accepted item
/// (status `accepted`, on the evidence as it is now) with the pieces of
/// evidence whose claim of it was accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accepted {
    /// Item id → paths of the pieces whose claim of it is accepted.
    items: BTreeMap<String, BTreeSet<String>>,
}

impl Accepted {
    /// The accepted items of `standard` in `coverage` (computed over
    /// `evidence`), each with the pieces whose own claim of it is accepted:
    /// an item that is stale, referred, claimed or missing is left out,
    /// and so is a piece whose claim of an accepted item was referred.
    #[must_use]
    pub fn from_coverage(coverage: &Coverage, evidence: &[Evidence], standard: &str) -> Self {
        let mut items: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for item in coverage
            .items
            .iter()
            .filter(|c| c.item.standard == standard && c.status == Status::Accepted)
        {
            let pieces = item
                .evidence
                .iter()
                .zip(&item.claims)
                .filter(|(_, state)| **state == ClaimState::Accepted)
                .filter_map(|(&index, _)| evidence.get(index))
                .map(|piece| piece.path.clone());
            items
                .entry(item.item.item.clone())
                .or_default()
                .extend(pieces);
        }
        Self { items }
    }

    /// Accepted claims given directly: `(item id, evidence path)` pairs.
    pub fn from_claims<I, S, P>(claims: I) -> Self
    where
        I: IntoIterator<Item = (S, P)>,
        S: Into<String>,
        P: Into<String>,
    {
        let mut items: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (item, path) in claims {
            items.entry(item.into()).or_default().insert(path.into());
        }
        Self { items }
    }

    /// Whether `item` is accepted.
    #[must_use]
    pub fn item(&self, item: &str) -> bool {
        self.items.contains_key(item)
    }

    /// Whether the claim of `item` by the piece at `path` is accepted.
    #[must_use]
    pub fn claim(&self, item: &str, path: &str) -> bool {
        self.items
            .get(item)
            .is_some_and(|paths| paths.contains(path))
    }

    /// The accepted items' ids, in order.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.items.keys().map(String::as_str)
    }
}

/// What a credential is made from.
#[derive(Debug, Clone, Copy)]
pub struct BadgeInput<'a> {
    /// The standard the achievement is about.
    pub standard: &'a Standard,
    /// What the candidate is going for: with the standard, all the
    /// Achievement depends on.
    pub target: &'a Target,
    /// The credential's own id, new for each issuance (the CLI makes it at
    /// random): the credential's `id` is its `urn:uuid:`.
    pub id: Uuid,
    /// Who signs it.
    pub issuer: &'a IssuerProfile,
    /// The candidate, named only by a salted hash.
    pub recipient: Option<Recipient<'a>>,
    /// The portfolio's evidence (filtered here by audience and acceptance).
    pub evidence: &'a [Evidence],
    /// What an assessor has accepted of the standard.
    pub accepted: &'a Accepted,
    /// Who the credential is for: only evidence this audience sees in full
    /// goes in (for [`Audience::Public`], public evidence; for
    /// [`Audience::Assessor`], public and assessor evidence).
    pub audience: Audience,
    /// The moment of issuance: `validFrom` (to the second).
    pub valid_from: Timestamp,
    /// When the credential stops being valid, if ever: `validUntil`.
    pub valid_until: Option<Timestamp>,
}

/// A moment as the credential writes it: RFC 3339 in UTC, to the second
/// (JWT's `nbf` and `exp` hold whole seconds, and must agree).
pub(crate) fn date_time(moment: Timestamp) -> String {
    Timestamp::from_second(moment.as_second())
        .unwrap_or(moment)
        .to_string()
}

/// A canonical account of what `target` asks of `standard`: the level
/// aimed at for each of its competencies, in the standard's order (`-`
/// for a competency the target leaves out), or `every item` when the
/// target says nothing of the standard. However the target is written (a
/// level for the standard, or the same level for each competency; a role
/// profile's name or none), the same requirement gives the same account.
#[must_use]
pub fn target_key(standard: &Standard, target: &Target) -> String {
    if !target.aims_at(standard) {
        return "every item".to_owned();
    }
    standard
        .competencies()
        .iter()
        .map(|c| match target.level_for(standard, c) {
            Some(level) => format!("{}={level}", c.id),
            None => format!("{}=-", c.id),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The Achievement's UUID: a UUID v5, in the namespace of the standard's
/// CASE document UUID ([`document_uuid`]), of [`target_key`]. It depends
/// on the standard and the target alone, never on a portfolio.
#[must_use]
pub fn achievement_uuid(standard: &Standard, target: &Target) -> Uuid {
    let name = format!("nosfolio achievement: {}", target_key(standard, target));
    Uuid::new_v5(&document_uuid(standard), name.as_bytes())
}

/// The Achievement: the standard as the target asks it (see the module
/// doc), the same for every candidate going for the same thing.
#[must_use]
pub fn achievement(standard: &Standard, target: &Target) -> Value {
    let alignment: Vec<Value> = standard
        .items()
        .filter(|(group, _)| target.requires(standard, group))
        .map(|(_, item)| alignment(standard, &item.id, &item.text))
        .collect();
    let aims: Vec<String> = if target.aims_at(standard) {
        target
            .competencies(standard)
            .iter()
            .filter_map(|(c, level)| level.map(|l| format!("{} at level {l}", c.title)))
            .collect()
    } else {
        Vec::new()
    };
    let name = if aims.is_empty() {
        standard.label()
    } else {
        format!("{}: {}", standard.label(), aims.join(", "))
    };
    let description = standard
        .overview
        .as_deref()
        .or(standard.definition.as_deref())
        .unwrap_or(&standard.title);
    let mut achievement = json!({
        "id": format!("urn:uuid:{}", achievement_uuid(standard, target)),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": name,
        "description": description,
        "criteria": {
            "narrative": format!(
                "Every item of {} listed as an alignment, each accepted by an assessor on the evidence of a portfolio kept with nosfolio.",
                standard.label()
            ),
        },
        "alignment": alignment,
    });
    if let Some(code) = &standard.code {
        achievement["humanCode"] = json!(code);
    }
    achievement
}

/// The alignment of one item of `standard`.
fn alignment(standard: &Standard, id: &str, text: &str) -> Value {
    json!({
        "type": ["Alignment"],
        "targetName": text,
        "targetUrl": format!("urn:uuid:{}", item_uuid(standard, id)),
        "targetCode": id,
        "targetType": "CFItem",
        "targetFramework": standard.label(),
    })
}

/// An Open Badges 3.0 `OpenBadgeCredential`, not yet signed (see the
/// module doc; [`crate::sign_credential`] signs it).
#[must_use]
pub fn open_badge_credential(input: &BadgeInput<'_>) -> Value {
    let standard = input.standard;
    let achievement = achievement(standard, input.target);
    // The items that count: aligned (the target requires them) and accepted.
    let counted: Vec<(&str, &str)> = standard
        .items()
        .filter(|(group, item)| {
            input.target.requires(standard, group) && input.accepted.item(&item.id)
        })
        .map(|(_, item)| (item.id.as_str(), item.text.as_str()))
        .collect();
    let result: Vec<Value> = counted
        .iter()
        .map(|(id, text)| {
            json!({
                "type": ["Result"],
                "alignment": [alignment(standard, id, text)],
                "status": "Completed",
            })
        })
        .collect();
    let evidence: Vec<Value> = input
        .evidence
        .iter()
        .filter(|e| !e.draft && visibility(input.audience, e.confidentiality) == Visibility::Full)
        .filter_map(|e| evidence_entry(standard, e, &counted, input.accepted))
        .collect();
    let mut subject = json!({
        "type": ["AchievementSubject"],
        "achievement": achievement,
    });
    if let Some(recipient) = input.recipient {
        subject["identifier"] = json!([{
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": true,
            "identityHash": identity_hash(recipient.name, recipient.salt),
            "salt": recipient.salt,
        }]);
    }
    if !result.is_empty() {
        subject["result"] = json!(result);
    }
    let mut credential = json!({
        "@context": CONTEXTS,
        "id": input.id.urn().to_string(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": input.issuer.id,
            "type": ["Profile"],
            "name": input.issuer.name,
        },
        "validFrom": date_time(input.valid_from),
        "name": format!("{}: accepted evidence", standard.label()),
        "credentialSubject": subject,
    });
    if let Some(until) = input.valid_until {
        credential["validUntil"] = json!(date_time(until));
    }
    if !evidence.is_empty() {
        credential["evidence"] = json!(evidence);
    }
    credential
}

/// The evidence entry of `piece`, naming only its accepted claims of the
/// items that count; `None` when it has none.
fn evidence_entry(
    standard: &Standard,
    piece: &Evidence,
    counted: &[(&str, &str)],
    accepted: &Accepted,
) -> Option<Value> {
    let claims: Vec<String> = piece
        .claims
        .iter()
        .filter(|c| {
            c.item.standard == standard.id
                && counted.iter().any(|(id, _)| *id == c.item.item)
                && accepted.claim(&c.item.item, &piece.path)
        })
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
    if claims.is_empty() {
        return None;
    }
    let mut entry = json!({
        "type": ["Evidence"],
        "name": piece.title,
        "description": format!("Evidences {}", claims.join(", ")),
    });
    if let Some(narrative) = &piece.description {
        entry["narrative"] = json!(narrative);
    }
    if let Some(kind) = piece
        .evidence_type
        .as_ref()
        .and_then(|t| standard.evidence_type(&t.id))
    {
        entry["genre"] = json!(kind.text);
    }
    Some(entry)
}
