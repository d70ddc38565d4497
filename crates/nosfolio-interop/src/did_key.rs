//! `did:key` identifiers for Ed25519 keys (W3C did:key method).
//!
//! A signed credential names its issuer by a `did:key`: the public key
//! itself, written as a DID, so that anyone can check the signature with
//! nothing but the credential (no web site to fetch a key from, nothing to
//! keep online). The key is the multicodec prefix for an Ed25519 public key
//! (`0xed 0x01`) followed by its 32 bytes, in multibase base58btc (`z…`), so
//! every such DID reads `did:key:z6Mk…`. Its one verification method is the
//! same identifier again as a fragment: `did:key:z6Mk…#z6Mk…`.

use ed25519_dalek::VerifyingKey;

/// The multicodec prefix of an Ed25519 public key (varint of 0xed).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// What every `did:key` starts with.
const PREFIX: &str = "did:key:";

/// Why a text is not a `did:key` nosfolio can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DidKeyError {
    /// It does not start with `did:key:`.
    #[error("`{did}` is not a did:key (it should start with `did:key:z`)")]
    NotDidKey {
        /// The text given.
        did: String,
    },
    /// The key is not in multibase base58btc (`z…`).
    #[error(
        "`{did}`: the key should be in base58btc, starting with `z` (other multibase encodings are not supported)"
    )]
    NotBase58btc {
        /// The text given.
        did: String,
    },
    /// The key is not valid base58.
    #[error("`{did}`: the key is not valid base58 ({reason})")]
    BadBase58 {
        /// The text given.
        did: String,
        /// What the decoder said.
        reason: String,
    },
    /// The key is of another kind than Ed25519.
    #[error("`{did}` is not an Ed25519 key (only Ed25519 keys, `did:key:z6Mk…`, are supported)")]
    NotEd25519 {
        /// The text given.
        did: String,
    },
    /// The key has the wrong length.
    #[error("`{did}`: an Ed25519 public key has 32 bytes, this one has {length}")]
    WrongLength {
        /// The text given.
        did: String,
        /// Its length in bytes (without the prefix).
        length: usize,
    },
    /// The 32 bytes are not a point on the curve.
    #[error("`{did}`: the 32 bytes are not a valid Ed25519 public key")]
    InvalidKey {
        /// The text given.
        did: String,
    },
    /// The fragment names another key than the DID itself.
    #[error("`{did}`: the fragment should name the key itself (`#{expected}`), not `#{fragment}`")]
    WrongFragment {
        /// The text given.
        did: String,
        /// The fragment it has.
        fragment: String,
        /// The fragment it should have.
        expected: String,
    },
}

/// The `did:key` of an Ed25519 public key: `did:key:z6Mk…`.
#[must_use]
pub fn did_key(key: &VerifyingKey) -> String {
    format!("{PREFIX}{}", multibase(key))
}

/// The `did:key` DID URL of the key's verification method, as a JOSE
/// header's `kid`: `did:key:z6Mk…#z6Mk…`.
#[must_use]
pub fn did_key_url(key: &VerifyingKey) -> String {
    let encoded = multibase(key);
    format!("{PREFIX}{encoded}#{encoded}")
}

/// The multibase base58btc form of the multicodec-prefixed key.
fn multibase(key: &VerifyingKey) -> String {
    let mut bytes = Vec::with_capacity(34);
    bytes.extend_from_slice(&ED25519_PUB);
    bytes.extend_from_slice(key.as_bytes());
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The Ed25519 public key a `did:key` (with or without a `#fragment`)
/// names.
///
/// # Errors
/// [`DidKeyError`] saying what is wrong: not a did:key, not base58btc, not
/// Ed25519, the wrong length, not a key, or a fragment naming another key.
pub fn resolve_did_key(did: &str) -> Result<VerifyingKey, DidKeyError> {
    let owned = || did.to_owned();
    let (bare, fragment) = match did.split_once('#') {
        Some((bare, fragment)) => (bare, Some(fragment)),
        None => (did, None),
    };
    let Some(encoded) = bare.strip_prefix(PREFIX) else {
        return Err(DidKeyError::NotDidKey { did: owned() });
    };
    let Some(base58) = encoded.strip_prefix('z') else {
        return Err(DidKeyError::NotBase58btc { did: owned() });
    };
    let bytes = bs58::decode(base58)
        .into_vec()
        .map_err(|error| DidKeyError::BadBase58 {
            did: owned(),
            reason: error.to_string(),
        })?;
    let Some(raw) = bytes.strip_prefix(&ED25519_PUB) else {
        return Err(DidKeyError::NotEd25519 { did: owned() });
    };
    let raw: &[u8; 32] = raw.try_into().map_err(|_| DidKeyError::WrongLength {
        did: owned(),
        length: raw.len(),
    })?;
    let key =
        VerifyingKey::from_bytes(raw).map_err(|_| DidKeyError::InvalidKey { did: owned() })?;
    if let Some(fragment) = fragment
        && fragment != encoded
    {
        return Err(DidKeyError::WrongFragment {
            did: owned(),
            fragment: fragment.to_owned(),
            expected: encoded.to_owned(),
        });
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first Ed25519 test vector of the did:key method specification.
    const SPEC_DID: &str = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

    #[test]
    fn a_key_round_trips_through_its_did() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
        let did = did_key(&key);
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        assert_eq!(resolve_did_key(&did), Ok(key));
        assert_eq!(resolve_did_key(&did_key_url(&key)), Ok(key));
        assert_eq!(did_key_url(&key), format!("{did}#{}", &did[8..]));
    }

    #[test]
    fn the_specifications_example_resolves_and_comes_back() {
        let key = resolve_did_key(SPEC_DID).unwrap();
        assert_eq!(did_key(&key), SPEC_DID);
    }

    #[test]
    fn what_is_not_an_ed25519_did_key_is_said() {
        let cases = [
            ("did:web:example.org", "should start with `did:key:z`"),
            ("did:key:f6Mk", "base58btc"),
            ("did:key:z0OIl", "not valid base58"),
            // A P-256 key (multicodec 0x1200).
            (
                "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
                "not an Ed25519 key",
            ),
        ];
        let short = format!(
            "did:key:z{}",
            bs58::encode([0xed, 0x01, 1, 2, 3]).into_string()
        );
        let cases = cases
            .into_iter()
            .map(|(d, s)| (d.to_owned(), s))
            .chain([(short, "has 32 bytes, this one has 3")]);
        for (did, says) in cases {
            let did = did.as_str();
            let error = resolve_did_key(did).unwrap_err().to_string();
            assert!(error.contains(says), "{did}: {error}");
        }
        let other = did_key(&ed25519_dalek::SigningKey::from_bytes(&[8; 32]).verifying_key());
        let error = resolve_did_key(&format!("{SPEC_DID}#{}", &other[8..]))
            .unwrap_err()
            .to_string();
        assert!(error.contains("should name the key itself"), "{error}");
    }
}
