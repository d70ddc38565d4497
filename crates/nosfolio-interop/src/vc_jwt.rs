//! Signing and verifying Open Badges 3.0 credentials as VC-JWT (Open Badges
//! 3.0 §8.2 "JSON Web Token Proof Format").
//!
//! A signed credential is a compact JWS: `HEADER.PAYLOAD.SIGNATURE`, each
//! part base64url without padding. The header is
//! `{"alg":"EdDSA","kid":"did:key:z…#z…","typ":"JWT"}`; the payload is the
//! credential itself with the registered claims the specification asks
//! for: `iss` (`issuer.id`), `jti` (`id`), `nbf` (`validFrom` in seconds),
//! `sub` (`credentialSubject.id`, when the subject has one) and `exp`
//! (`validUntil`, when it has one). The key is Ed25519, named by its
//! `did:key` ([`crate::did_key`]), which is also the issuer's id: whoever
//! holds the credential can check who signed it with nothing else.
//!
//! [`verify_credential`] reports every problem it can find, not just the
//! first, each with what it means ([`CredentialProblem`]).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::did_key::{did_key, did_key_url, resolve_did_key};
use crate::openbadges::CONTEXTS;

/// Why a credential could not be signed. Nothing was signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The credential is not a JSON object.
    #[error("the credential is not a JSON object")]
    NotAnObject,
    /// A field the JWT claims are made from is missing or not text.
    #[error("the credential has no `{field}` (text), which the JWT needs")]
    Missing {
        /// The field, as a path (`issuer.id`).
        field: &'static str,
    },
    /// A date is not an RFC 3339 date-time.
    #[error("the credential's `{field}` is not an RFC 3339 date-time: `{value}`")]
    BadDate {
        /// `validFrom` or `validUntil`.
        field: &'static str,
        /// What it holds.
        value: String,
    },
    /// The issuer named is not the holder of the signing key.
    #[error(
        "the credential names `{issuer}` as its issuer, but the signing key is `{signer}`: a credential is signed by the issuer it names"
    )]
    NotTheIssuer {
        /// The credential's `issuer.id`.
        issuer: String,
        /// The signing key's `did:key`.
        signer: String,
    },
    /// The JSON could not be written (not expected of a `Value`).
    #[error("the credential cannot be written as JSON: {0}")]
    Json(String),
}

/// Signs `credential` (as [`crate::open_badge_credential`] makes it) with
/// `key` as a VC-JWT: a compact JWS of the credential and its JWT claims.
///
/// # Errors
/// [`SignError`] when the credential lacks `id`, `issuer.id` or a valid
/// `validFrom`, has an invalid `validUntil`, or names another issuer than
/// the key's `did:key`.
pub fn sign_credential(credential: &Value, key: &SigningKey) -> Result<String, SignError> {
    let Some(object) = credential.as_object() else {
        return Err(SignError::NotAnObject);
    };
    let verifying = key.verifying_key();
    let text = |field: &'static str, value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(SignError::Missing { field })
    };
    let issuer = text("issuer.id", credential.pointer("/issuer/id"))?;
    let signer = did_key(&verifying);
    if issuer != signer {
        return Err(SignError::NotTheIssuer { issuer, signer });
    }
    let id = text("id", object.get("id"))?;
    let date = |field: &'static str, value: &str| {
        value.parse::<Timestamp>().map_err(|_| SignError::BadDate {
            field,
            value: value.to_owned(),
        })
    };
    let valid_from = date("validFrom", &text("validFrom", object.get("validFrom"))?)?;
    let mut payload = object.clone();
    payload.insert("iss".into(), json!(issuer));
    payload.insert("jti".into(), json!(id));
    payload.insert("nbf".into(), json!(valid_from.as_second()));
    if let Some(until) = object.get("validUntil") {
        let until = until.as_str().ok_or(SignError::BadDate {
            field: "validUntil",
            value: until.to_string(),
        })?;
        payload.insert("exp".into(), json!(date("validUntil", until)?.as_second()));
    }
    if let Some(subject) = credential.pointer("/credentialSubject/id") {
        payload.insert("sub".into(), subject.clone());
    }
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": did_key_url(&verifying)});
    let encode = |value: &Value| {
        serde_json::to_vec(value)
            .map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
            .map_err(|error| SignError::Json(error.to_string()))
    };
    let signing_input = format!("{}.{}", encode(&header)?, encode(&Value::Object(payload))?);
    let signature = key.sign(signing_input.as_bytes());
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

/// The checks [`verify_credential`] makes, in the order it reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Three base64url parts, each JSON.
    Form,
    /// The header names EdDSA and nothing it should not.
    Algorithm,
    /// The header's `kid` is a `did:key` that is the issuer's.
    Key,
    /// The signature is the key's, over the header and payload as they are.
    Signature,
    /// The credential has the fields and types Open Badges 3.0 requires.
    Content,
    /// The JWT claims say what the credential says.
    Claims,
    /// The credential is valid at the moment asked about.
    Dates,
}

impl Check {
    /// Every check, in order.
    pub const ALL: [Check; 7] = [
        Check::Form,
        Check::Algorithm,
        Check::Key,
        Check::Signature,
        Check::Content,
        Check::Claims,
        Check::Dates,
    ];

    /// What the check makes sure of, in plain words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Form => "it is a signed credential (a JWT: three parts, each readable)",
            Self::Algorithm => "it is signed with Ed25519 (EdDSA), the method nosfolio uses",
            Self::Key => "the signing key is named, and is the issuer's own",
            Self::Signature => {
                "the signature is the issuer's, and nothing was changed after signing"
            }
            Self::Content => "it holds what an Open Badges 3.0 credential must hold",
            Self::Claims => "the signed envelope agrees with the credential inside it",
            Self::Dates => "it is valid at the moment checked",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Form => "form",
            Self::Algorithm => "algorithm",
            Self::Key => "key",
            Self::Signature => "signature",
            Self::Content => "content",
            Self::Claims => "claims",
            Self::Dates => "dates",
        })
    }
}

/// One thing wrong with a signed credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CredentialProblem {
    /// It is not a compact JWS of JSON.
    #[error("not a signed credential: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// The header's `alg` is not `EdDSA`.
    #[error("the signing method is {}, not EdDSA", alg.as_deref().map_or_else(|| "not named".to_owned(), |a| format!("`{a}`")))]
    Algorithm {
        /// The `alg` given, if any.
        alg: Option<String>,
    },
    /// The header has what Open Badges 3.0 does not allow.
    #[error("the header {reason}")]
    Header {
        /// What is wrong.
        reason: String,
    },
    /// The header names no key that can be had.
    #[error("the signing key cannot be had: {reason}")]
    Key {
        /// What is wrong.
        reason: String,
    },
    /// The key that signed is not the issuer's.
    #[error("signed with the key of `{key}`, but the credential's issuer is `{issuer}`")]
    NotTheIssuer {
        /// The `did:key` of the key in the header.
        key: String,
        /// The credential's `issuer.id`.
        issuer: String,
    },
    /// The signature does not verify, or could not be checked.
    #[error("the signature cannot be trusted: {reason}")]
    Signature {
        /// What failed.
        reason: String,
    },
    /// A field the credential must have is missing or of the wrong type.
    #[error("`{field}` {expected}")]
    Content {
        /// Where, as a path (`credentialSubject.achievement.name`).
        field: String,
        /// What it should be.
        expected: String,
    },
    /// A JWT claim is missing or disagrees with the credential.
    #[error("the `{claim}` claim {reason}")]
    Claim {
        /// `iss`, `jti`, `nbf`, `exp` or `sub`.
        claim: String,
        /// What is wrong.
        reason: String,
    },
    /// It is not valid yet at the moment checked.
    #[error("not valid until {valid_from} (checked as of {at})")]
    NotYetValid {
        /// Its `validFrom`.
        valid_from: String,
        /// The moment checked.
        at: String,
    },
    /// It has expired at the moment checked.
    #[error("expired on {valid_until} (checked as of {at})")]
    Expired {
        /// Its `validUntil`.
        valid_until: String,
        /// The moment checked.
        at: String,
    },
}

impl CredentialProblem {
    /// The check the problem fails.
    #[must_use]
    pub fn check(&self) -> Check {
        match self {
            Self::Malformed { .. } => Check::Form,
            Self::Algorithm { .. } | Self::Header { .. } => Check::Algorithm,
            Self::Key { .. } | Self::NotTheIssuer { .. } => Check::Key,
            Self::Signature { .. } => Check::Signature,
            Self::Content { .. } => Check::Content,
            Self::Claim { .. } => Check::Claims,
            Self::NotYetValid { .. } | Self::Expired { .. } => Check::Dates,
        }
    }

    /// What the problem means for someone relying on the credential, in
    /// plain words.
    #[must_use]
    pub fn meaning(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => {
                "The file is not a signed credential, or it was damaged: nothing in it can be trusted."
            }
            Self::Algorithm { .. } | Self::Header { .. } => {
                "It was not signed the way nosfolio signs credentials, so its signature cannot be checked here."
            }
            Self::Key { .. } => {
                "It does not say which key signed it in a form that can be checked, so who issued it cannot be confirmed."
            }
            Self::NotTheIssuer { .. } => {
                "Someone other than the named issuer signed it: do not rely on it as coming from that issuer."
            }
            Self::Signature { .. } => {
                "Either it was changed after it was signed, or it was not signed by the key it names: it may be forged. Do not rely on it."
            }
            Self::Content { .. } => {
                "It lacks something every Open Badges 3.0 credential must have, so other systems may reject it or misread it."
            }
            Self::Claim { .. } => {
                "The signed envelope and the credential inside it disagree (about who issued it, which credential it is, or when it is valid): it may have been tampered with."
            }
            Self::NotYetValid { .. } => {
                "Its issuer said it only becomes valid later: it cannot be relied on yet."
            }
            Self::Expired { .. } => {
                "Its issuer said it stops being valid on that date: it can no longer be relied on."
            }
        }
    }
}

/// One item of the standard the achievement is aligned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlignedItem {
    /// The item's id in its standard (`targetCode`), when given.
    pub code: Option<String>,
    /// Its text (`targetName`).
    pub name: String,
    /// Its `targetUrl`.
    pub url: String,
}

/// What a credential that verified says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifiedCredential {
    /// The credential's `id`.
    pub id: String,
    /// The issuer's `did:key` (its `issuer.id`, the key that signed).
    pub issuer_did: String,
    /// The issuer's name, when given.
    pub issuer_name: Option<String>,
    /// The credential's `name`.
    pub name: Option<String>,
    /// The achievement's `id`.
    pub achievement_id: String,
    /// The achievement's `name`.
    pub achievement_name: String,
    /// The recipient's hashed identity (`sha256$…`), when given.
    pub recipient_hash: Option<String>,
    /// The salt of that hash, when given.
    pub recipient_salt: Option<String>,
    /// `validFrom`.
    pub valid_from: Timestamp,
    /// `validUntil`, when given.
    pub valid_until: Option<Timestamp>,
    /// The items the achievement is aligned to: what it requires.
    pub aligned: Vec<AlignedItem>,
    /// The codes (else names) of the aligned items the subject's results
    /// say are completed: what an assessor accepted.
    pub completed: Vec<String>,
    /// How many evidence entries it lists.
    pub evidence: usize,
    /// The credential as signed (the JWT payload).
    pub credential: Value,
}

impl VerifiedCredential {
    /// Whether `name` is the recipient the credential is about: its hash,
    /// with the credential's salt, is the one the credential holds.
    #[must_use]
    pub fn is_recipient(&self, name: &str) -> bool {
        match (&self.recipient_hash, &self.recipient_salt) {
            (Some(hash), Some(salt)) => {
                crate::openbadges::identity_hash(name, salt).eq_ignore_ascii_case(hash)
            }
            _ => false,
        }
    }
}

/// Decodes one base64url part of a JWT as a JSON object.
fn json_part(
    part: &str,
    what: &str,
    problems: &mut Vec<CredentialProblem>,
) -> Option<Map<String, Value>> {
    let malformed = |reason: String| CredentialProblem::Malformed { reason };
    let bytes = match URL_SAFE_NO_PAD.decode(part) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.push(malformed(format!("the {what} is not base64url ({error})")));
            return None;
        }
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(object)) => Some(object),
        Ok(_) => {
            problems.push(malformed(format!("the {what} is not a JSON object")));
            None
        }
        Err(error) => {
            problems.push(malformed(format!("the {what} is not JSON ({error})")));
            None
        }
    }
}

/// Verifies a VC-JWT Open Badges 3.0 credential as of `at`: its form, its
/// signing method, its key (a `did:key` that is its issuer's), its
/// signature, its content, its JWT claims against the credential, and its
/// dates.
///
/// # Errors
/// Every [`CredentialProblem`] found, in the order of [`Check::ALL`].
pub fn verify_credential(
    jwt: &str,
    at: Timestamp,
) -> Result<VerifiedCredential, Vec<CredentialProblem>> {
    let mut problems = Vec::new();
    let jwt = jwt.trim();
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(vec![CredentialProblem::Malformed {
            reason: format!(
                "a signed credential has three parts separated by dots; this has {}",
                parts.len()
            ),
        }]);
    };
    let header_json = json_part(header, "header", &mut problems);
    let payload_json = json_part(payload, "payload", &mut problems);
    let signature_bytes = match URL_SAFE_NO_PAD.decode(signature) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            problems.push(CredentialProblem::Malformed {
                reason: format!("the signature is not base64url ({error})"),
            });
            None
        }
    };
    let key = header_json
        .as_ref()
        .and_then(|h| check_header(h, &mut problems));
    match (&key, &signature_bytes) {
        (Some((key, _)), Some(bytes)) => {
            check_signature(key, &format!("{header}.{payload}"), bytes, &mut problems);
        }
        (None, Some(_)) => problems.push(CredentialProblem::Signature {
            reason: "it could not be checked, for want of the signing key".to_owned(),
        }),
        (_, None) => {}
    }
    let Some(credential) = payload_json else {
        return Err(problems);
    };
    let content = check_content(&credential, &mut problems);
    if let (Some((_, kid_did)), Some(issuer)) = (&key, &content.issuer)
        && kid_did != issuer
    {
        problems.push(CredentialProblem::NotTheIssuer {
            key: kid_did.clone(),
            issuer: issuer.clone(),
        });
    }
    check_claims(&credential, &content, &mut problems);
    check_dates(&content, at, &mut problems);
    problems.sort_by_key(CredentialProblem::check);
    if !problems.is_empty() {
        return Err(problems);
    }
    match verified(&credential, content) {
        Some(verified) => Ok(verified),
        // Content checks guarantee every field; kept as a problem, not a panic.
        None => Err(vec![CredentialProblem::Content {
            field: "credential".to_owned(),
            expected: "could not be read after checking".to_owned(),
        }]),
    }
}

/// Checks the JOSE header; the key it names and its bare `did:key`, when
/// it names one that can be had.
fn check_header(
    header: &Map<String, Value>,
    problems: &mut Vec<CredentialProblem>,
) -> Option<(VerifyingKey, String)> {
    let alg = header.get("alg").and_then(Value::as_str);
    if alg != Some("EdDSA") {
        problems.push(CredentialProblem::Algorithm {
            alg: header
                .get("alg")
                .map(|a| a.as_str().map_or_else(|| a.to_string(), str::to_owned)),
        });
    }
    if let Some(typ) = header.get("typ")
        && typ.as_str() != Some("JWT")
    {
        problems.push(CredentialProblem::Header {
            reason: format!("says its type is {typ}; Open Badges 3.0 allows only \"JWT\""),
        });
    }
    for name in header.keys() {
        if !["alg", "kid", "jwk", "typ"].contains(&name.as_str()) {
            problems.push(CredentialProblem::Header {
                reason: format!("has `{name}`, which Open Badges 3.0 does not allow"),
            });
        }
    }
    let Some(Value::String(kid)) = header.get("kid") else {
        problems.push(CredentialProblem::Key {
            reason: if header.contains_key("jwk") {
                "the header gives the key as a `jwk`, not a did:key `kid`: nosfolio checks only did:key issuers".to_owned()
            } else {
                "the header has no `kid` naming it".to_owned()
            },
        });
        return None;
    };
    match resolve_did_key(kid) {
        Ok(key) => {
            let bare = kid.split_once('#').map_or(kid.as_str(), |(bare, _)| bare);
            Some((key, bare.to_owned()))
        }
        Err(error) => {
            problems.push(CredentialProblem::Key {
                reason: error.to_string(),
            });
            None
        }
    }
}

fn check_signature(
    key: &VerifyingKey,
    signed: &str,
    bytes: &[u8],
    problems: &mut Vec<CredentialProblem>,
) {
    let Ok(bytes) = <[u8; 64]>::try_from(bytes) else {
        problems.push(CredentialProblem::Signature {
            reason: format!(
                "an Ed25519 signature has 64 bytes, this one has {}",
                bytes.len()
            ),
        });
        return;
    };
    let signature = Signature::from_bytes(&bytes);
    if key.verify_strict(signed.as_bytes(), &signature).is_err() {
        problems.push(CredentialProblem::Signature {
            reason: "the header and payload are not what the key signed".to_owned(),
        });
    }
}

/// What the content checks found, for the later checks.
#[derive(Debug, Default)]
struct Content {
    id: Option<String>,
    issuer: Option<String>,
    valid_from: Option<(String, Timestamp)>,
    valid_until: Option<(String, Timestamp)>,
    subject_id: Option<Value>,
}

fn content_problem(field: &str, expected: &str) -> CredentialProblem {
    CredentialProblem::Content {
        field: field.to_owned(),
        expected: expected.to_owned(),
    }
}

/// Whether `value` is an array of strings holding `wanted`.
fn holds(value: Option<&Value>, wanted: &[&str]) -> bool {
    value.and_then(Value::as_array).is_some_and(|a| {
        a.iter()
            .any(|v| v.as_str().is_some_and(|s| wanted.contains(&s)))
    })
}

/// A URI as Open Badges writes one: a scheme, a colon, no spaces.
fn is_uri(text: &str) -> bool {
    text.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && !rest.contains(char::is_whitespace)
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    })
}

/// Checks the fields and types Open Badges 3.0 requires.
fn check_content(
    credential: &Map<String, Value>,
    problems: &mut Vec<CredentialProblem>,
) -> Content {
    let mut content = Content::default();
    let contexts = credential.get("@context").and_then(Value::as_array);
    let first = contexts.and_then(|c| c.first()).and_then(Value::as_str);
    if first != Some(CONTEXTS[0]) {
        problems.push(content_problem(
            "@context",
            &format!("should be a list starting with \"{}\"", CONTEXTS[0]),
        ));
    }
    let ob = contexts.is_some_and(|c| {
        c.iter().filter_map(Value::as_str).any(|c| {
            c.strip_prefix("https://purl.imsglobal.org/spec/ob/v3p0/context")
                .is_some_and(|rest| rest.ends_with(".json"))
        })
    });
    if !ob {
        problems.push(content_problem(
            "@context",
            &format!(
                "should hold the Open Badges 3.0 context (\"{}\")",
                CONTEXTS[1]
            ),
        ));
    }
    let types = credential.get("type");
    if !holds(types, &["VerifiableCredential"]) {
        problems.push(content_problem(
            "type",
            "should hold \"VerifiableCredential\"",
        ));
    }
    if !holds(types, &["OpenBadgeCredential", "AchievementCredential"]) {
        problems.push(content_problem(
            "type",
            "should hold \"OpenBadgeCredential\"",
        ));
    }
    content.id = uri(credential.get("id"), "id", problems);
    match credential.get("issuer") {
        Some(Value::Object(issuer)) => {
            content.issuer = uri(issuer.get("id"), "issuer.id", problems);
            if !holds(issuer.get("type"), &["Profile"]) {
                problems.push(content_problem("issuer.type", "should hold \"Profile\""));
            }
        }
        _ => problems.push(content_problem(
            "issuer",
            "is missing or not a Profile object",
        )),
    }
    if credential
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        problems.push(content_problem("name", "is missing or empty"));
    }
    content.valid_from = date(credential.get("validFrom"), "validFrom", true, problems);
    content.valid_until = date(credential.get("validUntil"), "validUntil", false, problems);
    let Some(subject) = credential
        .get("credentialSubject")
        .and_then(Value::as_object)
    else {
        problems.push(content_problem(
            "credentialSubject",
            "is missing or not an object",
        ));
        return content;
    };
    content.subject_id = subject.get("id").cloned();
    if !holds(subject.get("type"), &["AchievementSubject"]) {
        problems.push(content_problem(
            "credentialSubject.type",
            "should hold \"AchievementSubject\"",
        ));
    }
    if let Some(identifiers) = subject.get("identifier") {
        let ok = identifiers.as_array().is_some_and(|list| {
            list.iter().all(|i| {
                i.get("type").and_then(Value::as_str) == Some("IdentityObject")
                    && i.get("hashed").is_some_and(Value::is_boolean)
                    && i.get("identityHash").is_some_and(Value::is_string)
                    && i.get("identityType").is_some_and(Value::is_string)
            })
        });
        if !ok {
            problems.push(content_problem(
                "credentialSubject.identifier",
                "should be a list of IdentityObjects (type, hashed, identityHash, identityType)",
            ));
        }
    }
    let Some(achievement) = subject.get("achievement").and_then(Value::as_object) else {
        problems.push(content_problem(
            "credentialSubject.achievement",
            "is missing or not an object",
        ));
        return content;
    };
    uri(
        achievement.get("id"),
        "credentialSubject.achievement.id",
        problems,
    );
    if !holds(achievement.get("type"), &["Achievement"]) {
        problems.push(content_problem(
            "credentialSubject.achievement.type",
            "should hold \"Achievement\"",
        ));
    }
    for field in ["name", "description"] {
        if !achievement.get(field).is_some_and(Value::is_string) {
            problems.push(content_problem(
                &format!("credentialSubject.achievement.{field}"),
                "is missing or not text",
            ));
        }
    }
    let criteria = achievement.get("criteria").and_then(Value::as_object);
    if !criteria.is_some_and(|c| {
        c.get("narrative").is_some_and(Value::is_string)
            || c.get("id").is_some_and(Value::is_string)
    }) {
        problems.push(content_problem(
            "credentialSubject.achievement.criteria",
            "should be an object with a narrative or an id",
        ));
    }
    if let Some(alignment) = achievement.get("alignment") {
        let ok = alignment.as_array().is_some_and(|list| {
            list.iter().all(|a| {
                holds(a.get("type"), &["Alignment"])
                    && a.get("targetName").is_some_and(Value::is_string)
                    && a.get("targetUrl")
                        .and_then(Value::as_str)
                        .is_some_and(is_uri)
            })
        });
        if !ok {
            problems.push(content_problem(
                "credentialSubject.achievement.alignment",
                "should be a list of Alignments (type, targetName, targetUrl)",
            ));
        }
    }
    content
}

/// A required URI field.
fn uri(
    value: Option<&Value>,
    field: &str,
    problems: &mut Vec<CredentialProblem>,
) -> Option<String> {
    match value.and_then(Value::as_str) {
        Some(text) if is_uri(text) => Some(text.to_owned()),
        Some(_) => {
            problems.push(content_problem(field, "is not a URI"));
            None
        }
        None => {
            problems.push(content_problem(field, "is missing or not text"));
            None
        }
    }
}

/// A date-time field, required or not.
fn date(
    value: Option<&Value>,
    field: &str,
    required: bool,
    problems: &mut Vec<CredentialProblem>,
) -> Option<(String, Timestamp)> {
    let Some(value) = value else {
        if required {
            problems.push(content_problem(field, "is missing"));
        }
        return None;
    };
    match value.as_str().map(|t| (t, t.parse::<Timestamp>())) {
        Some((text, Ok(moment))) => Some((text.to_owned(), moment)),
        _ => {
            problems.push(content_problem(
                field,
                "is not an RFC 3339 date-time with a time zone (2025-06-01T12:00:00Z)",
            ));
            None
        }
    }
}

/// Checks the registered claims against the credential.
fn check_claims(
    credential: &Map<String, Value>,
    content: &Content,
    problems: &mut Vec<CredentialProblem>,
) {
    let claim = |name: &str, reason: String| CredentialProblem::Claim {
        claim: name.to_owned(),
        reason,
    };
    for (name, field, value) in [
        ("iss", "issuer.id", &content.issuer),
        ("jti", "id", &content.id),
    ] {
        match (credential.get(name), value) {
            (None, _) => problems.push(claim(
                name,
                format!("is missing (it should be the credential's {field})"),
            )),
            (Some(given), Some(value)) if given.as_str() != Some(value) => problems.push(claim(
                name,
                format!("is {given}, but the credential's {field} is \"{value}\""),
            )),
            _ => {}
        }
    }
    for (name, field, value, required) in [
        ("nbf", "validFrom", &content.valid_from, true),
        ("exp", "validUntil", &content.valid_until, false),
    ] {
        match (credential.get(name), value) {
            (None, Some(_)) | (None, None) if required => problems.push(claim(
                name,
                format!("is missing (it should be the credential's {field} in seconds)"),
            )),
            (None, Some((text, _))) => problems.push(claim(
                name,
                format!("is missing, but the credential has {field} {text}"),
            )),
            (Some(given), None) if !required => problems.push(claim(
                name,
                format!("is {given}, but the credential has no {field}"),
            )),
            (Some(given), Some((text, moment))) if given.as_i64() != Some(moment.as_second()) => {
                problems.push(claim(
                    name,
                    format!(
                        "is {given}, but the credential's {field} is {text} ({})",
                        moment.as_second()
                    ),
                ));
            }
            _ => {}
        }
    }
    match (credential.get("sub"), &content.subject_id) {
        (None, Some(id)) => problems.push(claim(
            "sub",
            format!("is missing, but the credential's subject is {id}"),
        )),
        (Some(given), None) => problems.push(claim(
            "sub",
            format!("is {given}, but the credential's subject has no id"),
        )),
        (Some(given), Some(id)) if given != id => problems.push(claim(
            "sub",
            format!("is {given}, but the credential's subject is {id}"),
        )),
        _ => {}
    }
}

/// Checks the validity window against `at`.
fn check_dates(content: &Content, at: Timestamp, problems: &mut Vec<CredentialProblem>) {
    if let Some((text, from)) = &content.valid_from
        && at < *from
    {
        problems.push(CredentialProblem::NotYetValid {
            valid_from: text.clone(),
            at: at.to_string(),
        });
    }
    if let Some((text, until)) = &content.valid_until
        && at >= *until
    {
        problems.push(CredentialProblem::Expired {
            valid_until: text.clone(),
            at: at.to_string(),
        });
    }
}

/// What a credential that passed every check says.
fn verified(credential: &Map<String, Value>, content: Content) -> Option<VerifiedCredential> {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    let subject = credential.get("credentialSubject")?;
    let achievement = subject.get("achievement")?;
    let aligned: Vec<AlignedItem> = achievement
        .get("alignment")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            Some(AlignedItem {
                code: text(a.get("targetCode")),
                name: text(a.get("targetName"))?,
                url: text(a.get("targetUrl"))?,
            })
        })
        .collect();
    let completed: Vec<String> = subject
        .get("result")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.get("status").and_then(Value::as_str) == Some("Completed"))
        .flat_map(|r| {
            r.get("alignment")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|a| text(a.get("targetCode")).or_else(|| text(a.get("targetName"))))
        })
        .collect();
    let identity = subject
        .get("identifier")
        .and_then(Value::as_array)
        .and_then(|list| list.first());
    Some(VerifiedCredential {
        id: content.id?,
        issuer_did: content.issuer?,
        issuer_name: text(credential.get("issuer").and_then(|i| i.get("name"))),
        name: text(credential.get("name")),
        achievement_id: text(achievement.get("id"))?,
        achievement_name: text(achievement.get("name"))?,
        recipient_hash: text(identity.and_then(|i| i.get("identityHash"))),
        recipient_salt: text(identity.and_then(|i| i.get("salt"))),
        valid_from: content.valid_from?.1,
        valid_until: content.valid_until.map(|(_, t)| t),
        aligned,
        completed,
        evidence: credential
            .get("evidence")
            .and_then(Value::as_array)
            .map_or(0, Vec::len),
        credential: Value::Object(credential.clone()),
    })
}
