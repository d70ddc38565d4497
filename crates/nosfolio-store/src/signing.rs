//! Signing keys and trust lists on disk.
//!
//! A user's signing keys live in their configuration folder, one file per
//! name and role, readable by the user alone; never in a portfolio, which
//! the candidate holds and shares. A trust list is a file the verifier
//! holds (`--trust FILE`, a centre's `trust.yaml` at the caseload root, or
//! `trust.yaml` in the user's configuration folder): a YAML list of names,
//! roles and public keys, only ever appended to by `nosfolio trust add`.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use nosfolio_core::{
    Diagnostic, PublicKey, SecretKey, SignerRole, TrustList, TrustedKey, YamlWriteError,
    parse_trust_list, person_name, same_person,
};
use serde::{Deserialize, Serialize};

use crate::key::{create_private_file, create_private_folder};
use crate::lock::{WriteError, WriteLock};
use crate::names::slug;
use crate::read::{TEXT_LIMIT, read_bytes, read_text};

/// The environment variable that names the user's configuration folder,
/// before the system's usual places (`XDG_CONFIG_HOME`, `~/.config`,
/// `%APPDATA%`).
pub const CONFIG_DIR_VAR: &str = "NOSFOLIO_CONFIG_DIR";

/// A trust list's usual name: at a caseload's root, or in the user's
/// configuration folder.
pub const TRUST_FILE: &str = "trust.yaml";

/// The folder of the configuration folder that holds the keys.
const KEYS_DIR: &str = "keys";

/// Largest key file read.
const KEY_FILE_LIMIT: u64 = 4096;

/// The user's configuration folder: `$NOSFOLIO_CONFIG_DIR`, else
/// `$XDG_CONFIG_HOME/nosfolio`, else `~/.config/nosfolio` (on Windows
/// `%APPDATA%\nosfolio`). `None` when none of these is set.
#[must_use]
pub fn config_folder() -> Option<PathBuf> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = set(CONFIG_DIR_VAR) {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = set("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(dir).join("nosfolio"));
    }
    if cfg!(windows)
        && let Some(dir) = set("APPDATA")
    {
        return Some(PathBuf::from(dir).join("nosfolio"));
    }
    set("HOME").map(|home| PathBuf::from(home).join(".config/nosfolio"))
}

/// Why a key could not be made, found or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// No configuration folder is known.
    #[error("no folder to keep keys in: set HOME or {CONFIG_DIR_VAR}")]
    NoFolder,
    /// The name has nothing to name a file after, or is more than a line.
    #[error("`{name}` cannot name a key: {why}")]
    BadName {
        /// The name as given.
        name: String,
        /// Why not.
        why: &'static str,
    },
    /// The folder is inside a portfolio, which others are given.
    #[error(
        "{} is inside the portfolio {}: a private key is never kept in a portfolio, which is shared; nothing was made\n  help: set {CONFIG_DIR_VAR} to a folder of your own outside every portfolio",
        folder.display(),
        portfolio.display()
    )]
    InPortfolio {
        /// The key folder.
        folder: PathBuf,
        /// The portfolio it is in.
        portfolio: PathBuf,
    },
    /// A key for this name and role exists already.
    #[error(
        "{} already holds a key for {name} ({role}); nothing was changed\n  help: a new key makes what the old one signed unverifiable under a trust list that lists only the new one; give --force to replace it (the old file is kept beside it)",
        path.display()
    )]
    Exists {
        /// The key file.
        path: PathBuf,
        /// Whose.
        name: String,
        /// In what role.
        role: SignerRole,
    },
    /// The key file is not one nosfolio made, or not for this name and role.
    #[error("{} is not a usable key: {why}", path.display())]
    Unusable {
        /// The key file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// The file system refused.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

/// What a key file holds.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    name: String,
    role: SignerRole,
    public: PublicKey,
    secret: String,
    created: String,
}

/// A user's signing key, as found in their configuration folder.
#[derive(Debug, Clone)]
pub struct SigningIdentity {
    /// Whose key it is, as they sign.
    pub name: String,
    /// In what capacity it signs.
    pub role: SignerRole,
    /// The private key.
    pub secret: SecretKey,
    /// When it was made (RFC 3339).
    pub created: String,
    /// Its file.
    pub file: PathBuf,
}

impl SigningIdentity {
    /// The public key, to give to whoever keeps the trust list.
    #[must_use]
    pub fn public(&self) -> PublicKey {
        self.secret.public()
    }
}

/// The file, in `folder`, of `name`'s key in `role`:
/// `keys/<role>-<name as a slug>.yaml`.
///
/// # Errors
/// [`KeyError::BadName`] for a name with no letters or digits, or with a
/// line break or control character.
pub fn key_file(folder: &Path, name: &str, role: SignerRole) -> Result<PathBuf, KeyError> {
    let bad = |why| KeyError::BadName {
        name: name.to_owned(),
        why,
    };
    if name.chars().any(char::is_control) {
        return Err(bad("a name is one line, without control characters"));
    }
    let name = slug(name);
    if name.is_empty() {
        return Err(bad("it has no letters or digits"));
    }
    let role = match role {
        SignerRole::Candidate => "candidate",
        SignerRole::Assessor => "assessor",
        SignerRole::Iqa => "iqa",
    };
    Ok(folder.join(KEYS_DIR).join(format!("{role}-{name}.yaml")))
}

/// 32 bytes from the system's random source: a new key's seed.
///
/// # Errors
/// When the system gives none.
pub fn fresh_seed() -> io::Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(io::Error::other)?;
    Ok(seed)
}

/// Makes a new key for `name` in `role` in `folder` from `seed` (32 random
/// bytes the caller draws), readable by the user alone. An existing key is
/// replaced only with `force`, and then kept beside the new one as
/// `….replaced-<n>.yaml`.
///
/// # Errors
/// [`KeyError`]: nothing is changed unless the new key is in place.
pub fn new_key(
    folder: &Path,
    name: &str,
    role: SignerRole,
    seed: &[u8; 32],
    created: &str,
    force: bool,
) -> Result<SigningIdentity, KeyError> {
    let name = person_name(name);
    let path = key_file(folder, &name, role)?;
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| KeyError::Io { path, source }
    };
    let keys = path.parent().unwrap_or(folder);
    if let Some(portfolio) = portfolio_around(keys) {
        return Err(KeyError::InPortfolio {
            folder: folder.to_owned(),
            portfolio,
        });
    }
    create_private_folder(keys).map_err(io(keys))?;
    if path.exists() {
        if !force {
            return Err(KeyError::Exists { path, name, role });
        }
        let kept = (1..)
            .map(|n| path.with_extension(format!("replaced-{n}.yaml")))
            .find(|p| !p.exists())
            .unwrap_or_else(|| path.with_extension("replaced.yaml"));
        fs::hard_link(&path, &kept).map_err(io(&kept))?;
        fs::remove_file(&path).map_err(io(&path))?;
    }
    let secret = SecretKey::from_seed(seed);
    let file = KeyFile {
        name: name.clone(),
        role,
        public: secret.public(),
        secret: secret.seed_text(),
        created: created.to_owned(),
    };
    let text = nosfolio_core::yaml_comment(
        "A nosfolio signing key. PRIVATE: never share this file or put it in a portfolio.\nGive others the public key only (`nosfolio key list` shows it).",
    ) + &nosfolio_core::to_yaml(&file).map_err(|e| KeyError::Unusable {
        path: path.clone(),
        why: e.to_string(),
    })?;
    // Written whole under a name of its own, then linked into place, which
    // fails when another key got there first: no key is ever half written
    // or silently replaced.
    let temporary = path.with_extension(format!("yaml.{}.tmp", std::process::id()));
    let written = create_private_file(&temporary).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    let placed = written.and_then(|()| fs::hard_link(&temporary, &path));
    let _ = fs::remove_file(&temporary);
    match placed {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(KeyError::Exists { path, name, role });
        }
        Err(error) => return Err(io(&path)(error)),
    }
    let made = load_key_file(&path)?;
    if made.public() != secret.public() {
        return Err(KeyError::Unusable {
            path,
            why: "it did not read back as written".into(),
        });
    }
    Ok(made)
}

/// The portfolio `path` is in (or would be, once made), if any: the
/// nearest folder at or above it holding a `portfolio.yaml`.
fn portfolio_around(path: &Path) -> Option<PathBuf> {
    let existing = path.ancestors().find(|a| a.exists())?;
    let existing = fs::canonicalize(existing).ok()?;
    existing
        .ancestors()
        .find(|dir| dir.join(crate::portfolio::MANIFEST_FILE).is_file())
        .map(Path::to_path_buf)
}

/// `name`'s key in `role` in `folder`, if they have one (a name that
/// cannot name a key file has none).
///
/// # Errors
/// When the key file exists but cannot be read or used.
pub fn find_key(
    folder: &Path,
    name: &str,
    role: SignerRole,
) -> Result<Option<SigningIdentity>, KeyError> {
    // A name that cannot name a key file has no key.
    let Ok(path) = key_file(folder, name, role) else {
        return Ok(None);
    };
    if !path.exists() {
        return Ok(None);
    }
    let identity = load_key_file(&path)?;
    if !same_person(&identity.name, name) || identity.role != role {
        return Err(KeyError::Unusable {
            path,
            why: format!(
                "it is {}'s key as {}, not {name}'s as {role}",
                identity.name, identity.role
            ),
        });
    }
    Ok(Some(identity))
}

/// Every key in `folder`, in file-name order (replaced ones left out).
///
/// # Errors
/// When the folder cannot be listed; a key file that cannot be used is
/// returned as its error, beside the others.
pub fn list_keys(folder: &Path) -> Result<Vec<Result<SigningIdentity, KeyError>>, KeyError> {
    let keys = folder.join(KEYS_DIR);
    let entries = match fs::read_dir(&keys) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(KeyError::Io { path: keys, source }),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.ends_with(".yaml") && !n.contains(".replaced") && !n.starts_with('.')
            })
        })
        .collect();
    paths.sort();
    Ok(paths.iter().map(|p| load_key_file(p)).collect())
}

/// Reads one key file and checks that its secret gives its public key.
fn load_key_file(path: &Path) -> Result<SigningIdentity, KeyError> {
    let unusable = |why: String| KeyError::Unusable {
        path: path.to_owned(),
        why,
    };
    let bytes = read_bytes(path, KEY_FILE_LIMIT).map_err(|source| KeyError::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| unusable("it is not text".into()))?;
    let shown = path.display().to_string();
    let file: KeyFile =
        nosfolio_core::parse_yaml(&shown, &text).map_err(|d| unusable(d.to_string()))?;
    let secret = SecretKey::from_seed_text(&file.secret).map_err(|why| unusable(why.into()))?;
    if secret.public() != file.public {
        return Err(unusable(
            "its secret key does not give its public key: it was edited".into(),
        ));
    }
    Ok(SigningIdentity {
        name: file.name,
        role: file.role,
        secret,
        created: file.created,
        file: path.to_owned(),
    })
}

/// Why a trust list could not be read or added to.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// The file cannot be read as a trust list.
    #[error(
        "the trust list {file} cannot be used:\n{}",
        problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    )]
    Unreadable {
        /// The file, as shown.
        file: String,
        /// What is wrong.
        problems: Vec<Diagnostic>,
    },
    /// The key is already listed for someone else.
    #[error(
        "{key} is already listed for {name} ({role}); a key belongs to one person; nothing was added"
    )]
    Taken {
        /// The key, as written.
        key: String,
        /// Whose it is listed as.
        name: String,
        /// In what role.
        role: SignerRole,
    },
    /// The entry could not be written as YAML.
    #[error("the entry cannot be written: {0}")]
    Serialize(#[from] YamlWriteError),
    /// The file is not in a folder, or has no name.
    #[error("{} is not a file in a folder", .0.display())]
    NotAFile(PathBuf),
    /// Taking the lock or writing failed.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Reads the trust list at `path`.
///
/// # Errors
/// [`TrustError::Unreadable`] with every problem, each with its place.
pub fn read_trust_list(path: &Path) -> Result<TrustList, TrustError> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown, TEXT_LIMIT).map_err(|d| TrustError::Unreadable {
        file: shown.clone(),
        problems: vec![d],
    })?;
    parse_trust_list(&shown, &text).map_err(|problems| TrustError::Unreadable {
        file: shown,
        problems,
    })
}

/// The user's own trust list's file: `trust.yaml` in their configuration
/// folder ([`config_folder`]), whether or not it exists yet.
#[must_use]
pub fn user_trust_file() -> Option<PathBuf> {
    config_folder().map(|folder| folder.join(TRUST_FILE))
}

/// The trust list kept as `trust.yaml` in `folder` (a caseload's root, or
/// the user's configuration folder), if there is one.
///
/// # Errors
/// [`TrustError::Unreadable`] when there is one and it cannot be used.
pub fn trust_list_in(folder: &Path) -> Result<Option<TrustList>, TrustError> {
    trust_list_at(&folder.join(TRUST_FILE))
}

/// The trust list at `file` when there is one there, else `None`.
///
/// # Errors
/// [`TrustError::Unreadable`] when there is one and it cannot be used.
pub fn trust_list_at(file: &Path) -> Result<Option<TrustList>, TrustError> {
    if !file.exists() {
        return Ok(None);
    }
    read_trust_list(file).map(Some)
}

/// What [`trust_key`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trusted {
    /// The entry was added.
    Added,
    /// The list already held exactly this entry.
    AlreadyListed,
}

/// Adds `entry` to the trust list at `path` (made when there is none),
/// under the write lock of its folder: the file is appended to, and must
/// read back as what it held followed by the entry.
///
/// # Errors
/// [`TrustError`]; nothing is written unless all of it succeeds.
pub fn trust_key(path: &Path, entry: &TrustedKey) -> Result<Trusted, TrustError> {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
    else {
        return Err(TrustError::NotAFile(path.to_owned()));
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let record = nosfolio_core::to_yaml(&[entry])?;
    let shown = path.display().to_string();
    let lock = WriteLock::acquire(folder)?;
    let mut outcome = Trusted::Added;
    lock.update(name, TEXT_LIMIT, |current| {
        let existing = current.map_or_else(
            || {
                nosfolio_core::yaml_comment(
                    "Keys trusted to sign nosfolio decisions, declarations and sign-offs.\nAdd one with `nosfolio trust add KEY --name NAME --role ROLE`.",
                )
            },
            str::to_owned,
        );
        let before = parse_trust_list(&shown, &existing).map_err(|problems| {
            TrustError::Unreadable {
                file: shown.clone(),
                problems,
            }
        })?;
        if let Some(listed) = before.entries(&entry.key).next() {
            if same_person(&listed.name, &entry.name) && listed.role == entry.role {
                outcome = Trusted::AlreadyListed;
                return Ok(None);
            }
            if !same_person(&listed.name, &entry.name) {
                return Err(TrustError::Taken {
                    key: entry.key.to_string(),
                    name: listed.name.clone(),
                    role: listed.role,
                });
            }
        }
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&record);
        match parse_trust_list(&shown, &text) {
            Ok(after) if after.keys.len() == before.keys.len() + 1 => Ok(Some(text)),
            Ok(_) => Err(TrustError::Unreadable {
                file: shown.clone(),
                problems: Vec::new(),
            }),
            Err(problems) => Err(TrustError::Unreadable {
                file: shown.clone(),
                problems,
            }),
        }
    })?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_privately_found_by_name_and_never_replaced_silently() {
        let dir = tempfile::tempdir().unwrap();
        let made = new_key(
            dir.path(),
            " Tom   Reid ",
            SignerRole::Assessor,
            &[5; 32],
            "2026-12-02T10:00:00Z",
            false,
        )
        .unwrap();
        assert_eq!(made.name, "Tom Reid");
        assert!(made.file.ends_with("keys/assessor-tom-reid.yaml"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&made.file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let found = find_key(dir.path(), "tom reid", SignerRole::Assessor)
            .unwrap()
            .unwrap();
        assert_eq!(found.public(), made.public());
        assert!(
            find_key(dir.path(), "Tom Reid", SignerRole::Iqa)
                .unwrap()
                .is_none()
        );

        let again = new_key(
            dir.path(),
            "Tom Reid",
            SignerRole::Assessor,
            &[6; 32],
            "x",
            false,
        );
        assert!(matches!(again, Err(KeyError::Exists { .. })));
        let replaced = new_key(
            dir.path(),
            "Tom Reid",
            SignerRole::Assessor,
            &[6; 32],
            "x",
            true,
        )
        .unwrap();
        assert_ne!(replaced.public(), made.public());
        let kept = dir.path().join("keys/assessor-tom-reid.replaced-1.yaml");
        assert!(
            fs::read_to_string(kept)
                .unwrap()
                .contains(&made.public().to_string())
        );
        let listed = list_keys(dir.path()).unwrap();
        assert_eq!(listed.len(), 1, "the replaced key is not listed");

        // An edited key file is refused, saying why.
        let text = fs::read_to_string(&replaced.file).unwrap();
        let other = SecretKey::from_seed(&[9; 32]).public().to_string();
        let edited = text.replace(&replaced.public().to_string(), &other);
        fs::write(&replaced.file, edited).unwrap();
        let error = find_key(dir.path(), "Tom Reid", SignerRole::Assessor).unwrap_err();
        assert!(
            error.to_string().contains("does not give its public key"),
            "{error}"
        );
        assert!(matches!(
            key_file(dir.path(), "Tom\nReid", SignerRole::Assessor),
            Err(KeyError::BadName { .. })
        ));

        // Never inside a portfolio.
        fs::write(
            dir.path().join("portfolio.yaml"),
            "candidate: A\nstandards: [mla3]\n",
        )
        .unwrap();
        let inside = new_key(
            &dir.path().join("config"),
            "Ann",
            SignerRole::Iqa,
            &[1; 32],
            "x",
            false,
        );
        assert!(
            matches!(inside, Err(KeyError::InPortfolio { .. })),
            "{inside:?}"
        );
        assert!(!dir.path().join("config").exists(), "nothing made");
    }

    #[test]
    fn a_trust_list_is_appended_to_and_a_key_belongs_to_one_person() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(TRUST_FILE);
        let tom = SecretKey::from_seed(&[1; 32]).public();
        let entry = |name: &str, role, key| TrustedKey {
            name: name.into(),
            role,
            key,
        };
        assert_eq!(
            trust_key(&path, &entry("Tom Reid", SignerRole::Assessor, tom)).unwrap(),
            Trusted::Added
        );
        assert_eq!(
            trust_key(&path, &entry("tom reid", SignerRole::Assessor, tom)).unwrap(),
            Trusted::AlreadyListed
        );
        assert_eq!(
            trust_key(&path, &entry("Tom Reid", SignerRole::Iqa, tom)).unwrap(),
            Trusted::Added,
            "one person, two capacities"
        );
        let error = trust_key(&path, &entry("Ann Lee", SignerRole::Assessor, tom)).unwrap_err();
        assert!(matches!(error, TrustError::Taken { .. }), "{error}");
        let list = read_trust_list(&path).unwrap();
        assert_eq!(list.keys.len(), 2);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Keys trusted"), "{text}");
    }
}
