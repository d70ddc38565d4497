//! Signatures: who said what, checkable by anyone who holds the signer's
//! public key, and trusted only as far as the verifier's own trust list.
//!
//! A record nosfolio signs (a decision, a declaration, a sign-off) is
//! signed with Ed25519 (RFC 8032) over the JSON Canonicalization Scheme
//! (RFC 8785) encoding of everything it says: every field but the
//! signature itself, the signer's public key included, and a tag naming
//! the kind of record, so that a signature made for one kind can never be
//! passed off as another. Editing any field after signing (a comment, an
//! item, a hash) makes the signature fail.
//!
//! Who a key belongs to is never taken from the portfolio: the candidate
//! holds those files and could write any name beside any key. It comes
//! from a [`TrustList`] the verifier holds (`--trust FILE`, or a centre's
//! `trust.yaml`). With one in force, only a record signed by a key it
//! lists for that person in that role counts; without one, records count
//! as they always have and are shown as unverified.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::people::same_person;

/// How a public key is written: `ed25519:` and its 32 bytes in base64url.
pub const KEY_PREFIX: &str = "ed25519:";

/// An Ed25519 public key, written `ed25519:<base64url>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key's 32 bytes.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The key as the signature library holds it.
    #[must_use]
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.0
    }

    /// Whether `signature` (base64url) is this key's signature of `message`.
    #[must_use]
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(signature.trim()) else {
            return false;
        };
        let Ok(signature) = ed25519_dalek::Signature::from_slice(&bytes) else {
            return false;
        };
        self.0.verify_strict(message, &signature).is_ok()
    }
}

impl From<VerifyingKey> for PublicKey {
    fn from(key: VerifyingKey) -> Self {
        Self(key)
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{KEY_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(self.0.to_bytes())
        )
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

/// Why text is not a public key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{written}` is not a public key: {why} (a key looks like `ed25519:` and 43 letters, digits, `-` and `_`, as `nosfolio key new` prints it)"
)]
pub struct BadKey {
    /// The text, cut short.
    pub written: String,
    /// What is wrong with it.
    pub why: &'static str,
}

impl FromStr for PublicKey {
    type Err = BadKey;

    fn from_str(text: &str) -> Result<Self, BadKey> {
        let bad = |why| BadKey {
            written: text.chars().take(60).collect(),
            why,
        };
        let encoded = text
            .trim()
            .strip_prefix(KEY_PREFIX)
            .ok_or_else(|| bad("it does not begin with `ed25519:`"))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| bad("it is not base64url"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| bad("it is not 32 bytes long"))?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| bad("it is not a point of the curve"))
    }
}

impl Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A private signing key. Never printed, never written into a portfolio.
#[derive(Clone)]
pub struct SecretKey(SigningKey);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(public {})", self.public())
    }
}

impl SecretKey {
    /// The key made from 32 random bytes (the caller draws them).
    #[must_use]
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(seed))
    }

    /// The key from its written seed (base64url, as [`SecretKey::seed_text`]).
    ///
    /// # Errors
    /// When the text is not 32 bytes of base64url.
    pub fn from_seed_text(text: &str) -> Result<Self, &'static str> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|_| "the secret key is not base64url")?;
        let seed: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the secret key is not 32 bytes long")?;
        Ok(Self::from_seed(&seed))
    }

    /// The seed, base64url: what a key file keeps.
    #[must_use]
    pub fn seed_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.to_bytes())
    }

    /// Its public key.
    #[must_use]
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The signature of `message`, base64url.
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.0.sign(message).to_bytes())
    }

    /// The key as the signature library holds it (for other formats that
    /// sign with it, such as a credential's JWT).
    #[must_use]
    pub fn signing_key(&self) -> &SigningKey {
        &self.0
    }
}

/// In what capacity someone signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerRole {
    /// The candidate: declarations.
    Candidate,
    /// An assessor: decisions and sign-offs.
    Assessor,
    /// An internal quality assurer: IQA decisions and countersignatures.
    Iqa,
}

impl fmt::Display for SignerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Candidate => "candidate",
            Self::Assessor => "assessor",
            Self::Iqa => "IQA",
        })
    }
}

/// A record that can be signed: everything it says is signed, except the
/// signature.
pub trait Signable: Serialize {
    /// The kind of record, signed with it (`decision`, `declaration`, …).
    const KIND: &'static str;
    /// Who says it signed it, and in what capacity.
    fn signer(&self) -> (&str, SignerRole);
    /// The public key it says it was signed with.
    fn key(&self) -> Option<&PublicKey>;
    /// Its signature, base64url.
    fn signature(&self) -> Option<&str>;
    /// Sets the key and signature it carries.
    fn set_signature(&mut self, key: Option<PublicKey>, signature: Option<String>);
    /// Sets where its signature stands (not part of the record).
    fn set_standing(&mut self, standing: Standing);

    /// The record signed with `key`.
    ///
    /// # Errors
    /// When it cannot be encoded to be signed.
    fn signed(mut self, key: &SecretKey) -> Result<Self, SignError>
    where
        Self: Sized,
    {
        self.set_signature(Some(key.public()), None);
        let signature = sign_record(&self, key)?;
        self.set_signature(Some(key.public()), Some(signature));
        Ok(self)
    }

    /// Sets where its signature stands, under `trust` if one is in force:
    /// the one rule, [`standing`].
    fn weigh(&mut self, trust: Option<&TrustList>)
    where
        Self: Sized,
    {
        let standing = standing(self, trust);
        self.set_standing(standing);
    }
}

/// Why a record could not be signed.
#[derive(Debug, thiserror::Error)]
#[error("the record cannot be encoded to be signed: {0}")]
pub struct SignError(String);

/// The bytes a record's signature covers: the JCS (RFC 8785) encoding of
/// the record as JSON, its `signature` left out and `signed` set to
/// `nosfolio <kind>`.
///
/// # Errors
/// When the record is not a JSON object (every signable record is).
pub fn signed_bytes<R: Signable>(record: &R) -> Result<Vec<u8>, SignError> {
    let mut value = serde_json::to_value(record).map_err(|e| SignError(e.to_string()))?;
    let serde_json::Value::Object(map) = &mut value else {
        return Err(SignError("not a JSON object".into()));
    };
    map.remove("signature");
    map.insert(
        "signed".into(),
        serde_json::Value::String(format!("nosfolio {}", R::KIND)),
    );
    serde_json_canonicalizer::to_vec(&value).map_err(|e| SignError(e.to_string()))
}

/// The signature `key` makes on `record` (whose `key` must already be
/// `key`'s public key, since it is signed too).
///
/// # Errors
/// When the record cannot be encoded, or names another key.
pub fn sign_record<R: Signable>(record: &R, key: &SecretKey) -> Result<String, SignError> {
    if record.key() != Some(&key.public()) {
        return Err(SignError(
            "the record does not name the key that signs it".into(),
        ));
    }
    Ok(key.sign(&signed_bytes(record)?))
}

/// One key a verifier trusts: whose it is and in what capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    /// The person's name, as they sign.
    pub name: String,
    /// In what capacity the key is trusted.
    pub role: SignerRole,
    /// The public key.
    pub key: PublicKey,
}

/// The keys a verifier trusts (a centre's `trust.yaml`, or a file given
/// with `--trust`): a YAML list of [`TrustedKey`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustList {
    /// Where it was read from, as shown to users.
    pub file: String,
    /// The keys, in the order listed.
    pub keys: Vec<TrustedKey>,
}

impl TrustList {
    /// The entries for `key`.
    pub fn entries(&self, key: &PublicKey) -> impl Iterator<Item = &TrustedKey> {
        self.keys.iter().filter(move |k| &k.key == key)
    }

    /// What the list says of `record`'s signature (checked first).
    #[must_use]
    pub fn standing<R: Signable>(&self, record: &R) -> Standing {
        standing(record, Some(self))
    }
}

/// Parses a trust list.
///
/// # Errors
/// Malformed YAML, unknown keys, a key that is not one, each with line and
/// column; the same key listed for two people.
pub fn parse_trust_list(file: &str, text: &str) -> Result<TrustList, Vec<Diagnostic>> {
    let keys: Vec<TrustedKey> = if text.trim().is_empty() {
        Vec::new()
    } else {
        crate::yaml::from_str(file, text).map_err(|d| vec![d])?
    };
    let mut problems = Vec::new();
    for (n, entry) in keys.iter().enumerate() {
        if entry.name.trim().is_empty() {
            problems.push(Diagnostic::file(
                file,
                crate::Problem::EmptyText {
                    what: format!("name of key {}", n + 1),
                },
            ));
        }
        if let Some(other) = keys[..n]
            .iter()
            .find(|k| k.key == entry.key && !same_person(&k.name, &entry.name))
        {
            problems.push(Diagnostic::file(
                file,
                crate::Problem::InvalidTrust {
                    reason: format!(
                        "the key {} is listed for both {} and {}: a key belongs to one person",
                        entry.key, other.name, entry.name
                    ),
                },
            ));
        }
    }
    if problems.is_empty() {
        Ok(TrustList {
            file: file.to_owned(),
            keys,
        })
    } else {
        Err(problems)
    }
}

/// Where a signed record stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "signature", rename_all = "snake_case")]
pub enum Standing {
    /// Not yet weighed: counts (records read before signatures existed).
    #[default]
    NotChecked,
    /// No signature. Counts only without a trust list.
    Unsigned {
        /// Whether a trust list is in force (then it does not count).
        under_trust_list: bool,
    },
    /// The signature does not verify: the record was changed after it was
    /// signed, or the signature is forged. Never counts.
    BadSignature,
    /// The signature verifies, and no trust list says whose key it is.
    /// Counts, shown as unverified.
    Signed,
    /// The signature verifies with a key the trust list gives this person
    /// in this capacity. Counts.
    Trusted,
    /// The signature verifies, with a key the trust list does not hold.
    /// Does not count.
    UnknownKey,
    /// The key is on the trust list for someone else, or in another
    /// capacity. Does not count.
    OtherSigner {
        /// Whom the list gives the key to.
        listed: String,
        /// In what capacity.
        role: SignerRole,
    },
}

impl Standing {
    /// Whether a record in this standing counts.
    #[must_use]
    pub fn counts(&self) -> bool {
        match self {
            Self::NotChecked | Self::Signed | Self::Trusted => true,
            Self::Unsigned { under_trust_list } => !under_trust_list,
            Self::BadSignature | Self::UnknownKey | Self::OtherSigner { .. } => false,
        }
    }

    /// A short name: `unsigned`, `bad signature`, `signed, unverified`,
    /// `signed, trusted`, `unknown key`, `another's key`.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::NotChecked => "not checked",
            Self::Unsigned { .. } => "unsigned",
            Self::BadSignature => "signature fails",
            Self::Signed => "signed, key not checked",
            Self::Trusted => "signed, trusted key",
            Self::UnknownKey => "signed with a key not on the trust list",
            Self::OtherSigner { .. } => "signed with another person's key",
        }
    }

    /// What it means, in a sentence: why it counts or does not.
    #[must_use]
    pub fn explain(&self) -> String {
        match self {
            Self::NotChecked => "its signature was not checked".into(),
            Self::Unsigned {
                under_trust_list: false,
            } => "unsigned: it counts, but nothing shows who made it".into(),
            Self::Unsigned {
                under_trust_list: true,
            } => "unsigned, so it does not count under the trust list".into(),
            Self::BadSignature => {
                "its signature fails: it was changed after it was signed, or forged; it does not count".into()
            }
            Self::Signed => {
                "signed; no trust list says whose the key is (give one with --trust)".into()
            }
            Self::Trusted => "signed with a key the trust list gives this person".into(),
            Self::UnknownKey => {
                "signed with a key the trust list does not hold, so it does not count".into()
            }
            Self::OtherSigner { listed, role } => format!(
                "signed with a key the trust list gives to {listed} ({role}), so it does not count"
            ),
        }
    }
}

/// Where `record` stands: its signature checked, and its signer against
/// `trust` when there is one. The one rule for every signed record.
#[must_use]
pub fn standing<R: Signable>(record: &R, trust: Option<&TrustList>) -> Standing {
    let (Some(key), Some(signature)) = (record.key(), record.signature()) else {
        return Standing::Unsigned {
            under_trust_list: trust.is_some(),
        };
    };
    let verifies = signed_bytes(record).is_ok_and(|bytes| key.verifies(&bytes, signature));
    if !verifies {
        return Standing::BadSignature;
    }
    let Some(trust) = trust else {
        return Standing::Signed;
    };
    let (name, role) = record.signer();
    let mut entries = trust.entries(key).peekable();
    let Some(first) = entries.peek().cloned() else {
        return Standing::UnknownKey;
    };
    if entries.any(|k| k.role == role && same_person(&k.name, name)) {
        Standing::Trusted
    } else {
        Standing::OtherSigner {
            listed: first.name.clone(),
            role: first.role,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Note {
        text: String,
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        key: Option<PublicKey>,
        #[serde(skip_serializing_if = "Option::is_none")]
        signature: Option<String>,
    }

    impl Signable for Note {
        const KIND: &'static str = "note";
        fn signer(&self) -> (&str, SignerRole) {
            (&self.name, SignerRole::Assessor)
        }
        fn key(&self) -> Option<&PublicKey> {
            self.key.as_ref()
        }
        fn signature(&self) -> Option<&str> {
            self.signature.as_deref()
        }
        fn set_signature(&mut self, key: Option<PublicKey>, signature: Option<String>) {
            self.key = key;
            self.signature = signature;
        }
        fn set_standing(&mut self, _: Standing) {}
    }

    fn signed(text: &str, secret: &SecretKey) -> Note {
        let mut note = Note {
            text: text.into(),
            name: "Tom Reid".into(),
            key: Some(secret.public()),
            signature: None,
        };
        note.signature = Some(sign_record(&note, secret).unwrap());
        note
    }

    #[test]
    fn keys_read_back_as_written_and_bad_ones_say_why() {
        let secret = SecretKey::from_seed(&[7; 32]);
        let written = secret.public().to_string();
        assert!(written.starts_with("ed25519:") && written.len() == 8 + 43);
        assert_eq!(written.parse::<PublicKey>().unwrap(), secret.public());
        let again = SecretKey::from_seed_text(&secret.seed_text()).unwrap();
        assert_eq!(again.public(), secret.public());
        for (text, why) in [
            ("abc", "does not begin"),
            ("ed25519:!!", "not base64url"),
            ("ed25519:AAAA", "not 32 bytes"),
        ] {
            let error = text.parse::<PublicKey>().unwrap_err();
            assert!(error.to_string().contains(why), "{error}");
        }
    }

    #[test]
    fn the_signature_covers_every_field_and_the_kind() {
        let secret = SecretKey::from_seed(&[1; 32]);
        let note = signed("PC1 accepted", &secret);
        assert_eq!(standing(&note, None), Standing::Signed);
        let bytes = String::from_utf8(signed_bytes(&note).unwrap()).unwrap();
        assert!(
            bytes.starts_with(r#"{"key":"ed25519:"#)
                && bytes.contains(r#""signed":"nosfolio note""#),
            "canonical: keys sorted, signature left out: {bytes}"
        );
        assert!(!bytes.contains("signature"));

        let edited = Note {
            text: "PC2 accepted".into(),
            ..note
        };
        assert_eq!(standing(&edited, None), Standing::BadSignature);
        let renamed = Note {
            name: "Ann Lee".into(),
            ..signed("x", &secret)
        };
        assert_eq!(standing(&renamed, None), Standing::BadSignature);
        let other = SecretKey::from_seed(&[2; 32]);
        let swapped = Note {
            key: Some(other.public()),
            ..signed("x", &secret)
        };
        assert_eq!(standing(&swapped, None), Standing::BadSignature);
        let garbage = Note {
            signature: Some("not a signature".into()),
            ..signed("x", &secret)
        };
        assert_eq!(standing(&garbage, None), Standing::BadSignature);
        let unsigned = Note {
            key: None,
            signature: None,
            ..signed("x", &secret)
        };
        assert!(standing(&unsigned, None).counts());
        assert!(!standing(&unsigned, Some(&TrustList::default())).counts());
    }

    #[test]
    fn the_trust_list_says_whose_a_key_is() {
        let tom = SecretKey::from_seed(&[1; 32]);
        let ann = SecretKey::from_seed(&[2; 32]);
        let text = format!(
            "# keys\n- name: tom  REID\n  role: assessor\n  key: {}\n- name: Ann Lee\n  role: iqa\n  key: {}\n",
            tom.public(),
            ann.public()
        );
        let trust = parse_trust_list("trust.yaml", &text).unwrap();
        assert_eq!(trust.standing(&signed("x", &tom)), Standing::Trusted);
        assert_eq!(
            trust.standing(&signed("x", &ann)),
            Standing::OtherSigner {
                listed: "Ann Lee".into(),
                role: SignerRole::Iqa
            }
        );
        let stranger = SecretKey::from_seed(&[3; 32]);
        assert_eq!(
            trust.standing(&signed("x", &stranger)),
            Standing::UnknownKey
        );
        for standing in [
            Standing::BadSignature,
            Standing::UnknownKey,
            Standing::OtherSigner {
                listed: "A".into(),
                role: SignerRole::Iqa,
            },
        ] {
            assert!(!standing.counts(), "{standing:?}");
        }
    }

    #[test]
    fn bad_trust_lists_are_reported_with_their_place() {
        let problems = parse_trust_list(
            "trust.yaml",
            "- name: Tom\n  role: assessor\n  key: ed25519:AAAA\n",
        )
        .unwrap_err();
        assert_eq!(problems[0].position, crate::Position::new(3, 8));
        assert!(
            problems[0].to_string().contains("not 32 bytes"),
            "{}",
            problems[0]
        );
        let key = SecretKey::from_seed(&[1; 32]).public();
        let problems = parse_trust_list(
            "trust.yaml",
            &format!("- {{name: Tom, role: assessor, key: {key}}}\n- {{name: Ann, role: iqa, key: {key}}}\n"),
        )
        .unwrap_err();
        assert!(
            problems[0]
                .to_string()
                .contains("listed for both Tom and Ann"),
            "{}",
            problems[0]
        );
    }
}
