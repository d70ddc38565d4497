//! The key that authenticates what nosfolio keeps in `.nosfolio/` (the file
//! cache and a caseload's rows), so that no decision about integrity rests
//! on a file anyone could have written: a cache edited by hand, copied from
//! elsewhere or left by another user carries no valid mark, and is ignored
//! and rebuilt.
//!
//! The key is 32 random bytes, one per user, kept outside every portfolio
//! (in the user's data folder, readable by the user alone): whoever can
//! write a portfolio folder cannot thereby forge a cache for whoever reads
//! it. Each file is marked with HMAC-SHA256 (RFC 2104) under the key, over
//! its role and its bytes: `<mark, 64 hex digits>\n<JSON>`.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use hmac::{KeyInit as _, Mac as _};
use sha2::Sha256;

use crate::read::read_bytes;

/// HMAC-SHA256 (RFC 2104), as the cache's mark.
type HmacSha256 = hmac::Hmac<Sha256>;

/// Why a file without a mark is not trusted (every cache an earlier
/// version of nosfolio wrote, once).
const NO_MARK: &str = "it carries no mark: an earlier nosfolio made it, or something else did";

/// The key's file name, in the user's data folder.
const KEY_FILE: &str = "cache.key";

/// The environment variable that names the folder holding the key, before
/// the system's usual places (`XDG_DATA_HOME`, `~/.local/share`, `%LOCALAPPDATA%`).
pub const DATA_DIR_VAR: &str = "NOSFOLIO_DATA_DIR";

/// A user's key for marking the cache. Never printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CacheKey([u8; 32]);

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheKey(…)")
    }
}

impl CacheKey {
    /// The folder of the user's key: `$NOSFOLIO_DATA_DIR`, else
    /// `$XDG_DATA_HOME/nosfolio`, else `~/.local/share/nosfolio` (on
    /// Windows `%LOCALAPPDATA%\nosfolio`). `None` when none of these is set.
    #[must_use]
    pub fn user_folder() -> Option<PathBuf> {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(dir) = set(DATA_DIR_VAR) {
            return Some(PathBuf::from(dir));
        }
        if let Some(dir) = set("XDG_DATA_HOME") {
            return Some(PathBuf::from(dir).join("nosfolio"));
        }
        if cfg!(windows)
            && let Some(dir) = set("LOCALAPPDATA")
        {
            return Some(PathBuf::from(dir).join("nosfolio"));
        }
        set("HOME").map(|home| PathBuf::from(home).join(".local/share/nosfolio"))
    }

    /// The user's key (see [`CacheKey::user_folder`]), made on first use.
    ///
    /// # Errors
    /// When no folder is known, or the key cannot be read or made.
    pub fn for_user() -> io::Result<Self> {
        let folder = Self::user_folder().ok_or_else(|| {
            io::Error::other(format!(
                "no folder for nosfolio's key: set HOME or {DATA_DIR_VAR}"
            ))
        })?;
        Self::load_or_create(&folder)
    }

    /// The key kept in `folder`, made there (readable by the user alone)
    /// when there is none.
    ///
    /// # Errors
    /// When the key cannot be read, is not a key, or cannot be made.
    pub fn load_or_create(folder: &Path) -> io::Result<Self> {
        let path = folder.join(KEY_FILE);
        match read_bytes(&path, 1024) {
            Ok(bytes) => return Self::parse(&path, &bytes),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(with_path(&path, &error)),
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(io::Error::other)?;
        let key = Self(bytes);
        create_private_folder(folder).map_err(|e| with_path(folder, &e))?;
        // Written whole under a name of this run's own, then linked into
        // place, which fails when another run made its key first: nobody
        // ever reads a key half written, and nobody's key is replaced.
        let temporary = folder.join(format!(".{KEY_FILE}-{}", hex::encode(&bytes[..8])));
        let written = create_private_file(&temporary).and_then(|mut file| {
            file.write_all(hex::encode(key.0).as_bytes())?;
            file.sync_all()
        });
        let placed = written.and_then(|()| fs::hard_link(&temporary, &path));
        let _ = fs::remove_file(&temporary);
        match placed {
            Ok(()) => Ok(key),
            // Another run made it first: use theirs.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                let bytes = read_bytes(&path, 1024).map_err(|e| with_path(&path, &e))?;
                Self::parse(&path, &bytes)
            }
            Err(error) => Err(with_path(&path, &error)),
        }
    }

    /// A key of these bytes (for tests and tools that keep their own).
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn parse(path: &Path, bytes: &[u8]) -> io::Result<Self> {
        let text = std::str::from_utf8(bytes).unwrap_or("").trim();
        let mut key = [0u8; 32];
        hex::decode_to_slice(text, &mut key).map(|()| Self(key)).map_err(|_| {
            io::Error::other(format!(
                "{} is not a key nosfolio made (64 hexadecimal digits); delete it to make another",
                path.display()
            ))
        })
    }

    /// `json` marked as a file in the role `label` (the file's name, such
    /// as `cache.json`): `<mark>\n<json>`.
    #[must_use]
    pub fn mark(&self, label: &str, json: &[u8]) -> Vec<u8> {
        let mut out = hex::encode(self.mac(label, json).finalize().into_bytes()).into_bytes();
        out.push(b'\n');
        out.extend_from_slice(json);
        out
    }

    /// The JSON of a file [`CacheKey::mark`] wrote in the role `label`, if
    /// its mark is right; else why not.
    ///
    /// # Errors
    /// When the file carries no mark, or not this key's for this role.
    pub fn open<'a>(&self, label: &str, bytes: &'a [u8]) -> Result<&'a [u8], &'static str> {
        let (mark, json) = match bytes.split_at_checked(64) {
            Some((mark, rest)) if rest.first() == Some(&b'\n') => (mark, &rest[1..]),
            _ => return Err(NO_MARK),
        };
        let mut given = [0u8; 32];
        hex::decode_to_slice(mark, &mut given).map_err(|_| NO_MARK)?;
        // Compared in constant time.
        self.mac(label, json)
            .verify_slice(&given)
            .map(|()| json)
            .map_err(|_| "its mark is not this user's: edited, copied or written by someone else")
    }

    /// The MAC over the role `label` (its length first, so that no role
    /// and file can pass for another) and `bytes`.
    fn mac(&self, label: &str, bytes: &[u8]) -> HmacSha256 {
        // HMAC pads a key shorter than the hash's block with zeros (RFC
        // 2104): the key, so padded, is the block the MAC takes.
        let mut block = [0u8; 64];
        block[..self.0.len()].copy_from_slice(&self.0);
        let mut mac = HmacSha256::new(&block.into());
        mac.update(&(label.len() as u64).to_be_bytes());
        mac.update(label.as_bytes());
        mac.update(bytes);
        mac
    }
}

fn with_path(path: &Path, error: &io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Makes `folder` (and those above it) readable by the user alone.
#[cfg(unix)]
pub(crate) fn create_private_folder(folder: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

#[cfg(not(unix))]
pub(crate) fn create_private_folder(folder: &Path) -> io::Result<()> {
    fs::create_dir_all(folder)
}

/// Creates `path`, which must not exist, readable by the user alone.
#[cfg(unix)]
pub(crate) fn create_private_file(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    fs::File::options()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
pub(crate) fn create_private_file(path: &Path) -> io::Result<fs::File> {
    fs::File::options().write(true).create_new(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_padded_key_gives_hmac_over_the_key_itself() {
        use hmac::Mac as _;
        let key = CacheKey::from_bytes(*b"0123456789abcdef0123456789abcdef");
        let mut direct = HmacSha256::new_from_slice(&key.0).unwrap();
        direct.update(&(4u64).to_be_bytes());
        direct.update(b"role");
        direct.update(b"{}");
        assert_eq!(
            key.mac("role", b"{}").finalize().into_bytes(),
            direct.finalize().into_bytes()
        );
    }

    #[test]
    fn a_key_is_made_once_privately_and_marks_only_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");
        let key = CacheKey::load_or_create(&folder).unwrap();
        assert_eq!(CacheKey::load_or_create(&folder).unwrap(), key);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(folder.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let marked = key.mark("cache.json", b"{}");
        assert_eq!(key.open("cache.json", &marked), Ok(&b"{}"[..]));
        assert!(key.open("caseload", &marked).is_err(), "another role");
        let other = CacheKey::from_bytes([1; 32]);
        assert!(other.open("cache.json", &marked).is_err(), "another user");
        let mut edited = marked.clone();
        *edited.last_mut().unwrap() = b']';
        assert!(key.open("cache.json", &edited).is_err(), "edited");
        assert!(key.open("cache.json", b"{}").is_err(), "unmarked");
        fs::write(folder.join(KEY_FILE), "nonsense").unwrap();
        assert!(CacheKey::load_or_create(&folder).is_err());
    }
}
