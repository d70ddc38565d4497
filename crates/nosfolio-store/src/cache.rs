//! The cache in `.nosfolio/cache.json`, so that reading an unchanged
//! portfolio again is close to free: a file whose size, modification time,
//! change time and inode are as recorded is not read again for its SHA-256,
//! and an unchanged sidecar is not parsed again.
//!
//! The cache is only ever a shortcut, and it is trusted only when it bears
//! the mark of the user's key ([`CacheKey`]), kept outside every portfolio:
//! a cache edited by hand (an old SHA-256 put back to keep changed evidence
//! "accepted"), copied in, or left by another user is ignored with a
//! warning and rebuilt, so that no decision about integrity (a decision
//! gone stale, a seal, a verification) rests on a file anyone could write.
//! A missing, damaged or foreign one is likewise
//! ignored (with a [`CacheWarning`] for the last two) and rebuilt; one that
//! cannot be written is skipped. It is replaced atomically (a temporary file
//! renamed into place), so two runs at once never leave a torn file: the
//! last one to finish wins, and both versions are valid.
//!
//! A file changed again within the same time-stamp tick as it was read
//! would keep its stamp, so like git's "racily clean" entries such files are
//! not recorded: an entry is only written for a file last modified at least
//! two seconds before the run started.
//!
//! Sidecars are cached as their parsed form, and only when they parsed
//! without any problem, so every diagnostic is still found and reported by
//! parsing the text again.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use nosfolio_core::EvidenceMeta;
use serde::{Deserialize, Serialize};

use crate::key::CacheKey;
use crate::lock::WriteError;
use crate::owned::{file_to_write, path_to_write};
use crate::read::{CACHE_LIMIT, read_bytes};
use crate::write::replace_file;

/// The cache folder inside a portfolio. Safe to delete.
pub const CACHE_DIR: &str = ".nosfolio";

/// The cache file inside [`CACHE_DIR`].
pub(crate) const CACHE_FILE: &str = "cache.json";

/// The layout of the cache file; a file with another is ignored.
const FORMAT: u32 = 1;

/// How long before the start of a run a file must have last changed to be
/// recorded (two seconds: the coarsest time stamps in use, FAT's).
pub(crate) const RACY_NS: i128 = 2_000_000_000;

/// Why the cache was not used or not kept. None of these stops a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheWarning {
    /// The file is not a cache nosfolio wrote: truncated, edited or damaged.
    #[error("{}: the cache is damaged ({reason}); ignored, and rebuilt", path.display())]
    Damaged {
        /// The cache file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The file does not bear the mark of this user's key: edited by hand,
    /// copied from elsewhere, or written by another user.
    #[error("{}: the cache cannot be trusted ({reason}); ignored, and rebuilt", path.display())]
    Unauthenticated {
        /// The cache file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The cache was written by another version of nosfolio.
    #[error("{}: the cache was written by another version of nosfolio ({found}); ignored, and rebuilt", path.display())]
    OtherVersion {
        /// The cache file.
        path: PathBuf,
        /// The version that wrote it.
        found: String,
    },
    /// A cache file, or the folder holding it, is a symbolic link: it is
    /// neither read nor written through.
    #[error("{} is a symbolic link: the cache is neither read nor written through it", path.display())]
    Link {
        /// The link.
        path: PathBuf,
    },
    /// The cache could not be written (not for lack of permission, which
    /// is silent: a read-only portfolio simply goes uncached).
    #[error("{}: the cache could not be written ({reason})", path.display())]
    NotWritten {
        /// The cache file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// What identifies a file's contents without reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (following links), if it can be read.
    pub(crate) fn of(path: &Path) -> Option<Self> {
        fs::metadata(path).ok().map(|m| Self::from_metadata(&m))
    }

    /// The size the stamp records.
    pub(crate) fn size(self) -> u64 {
        self.size
    }

    /// The modification time the stamp records, in nanoseconds.
    pub(crate) fn mtime_ns(self) -> i64 {
        self.mtime_ns
    }

    /// The stamp as 32 bytes, for a digest.
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        let mut bytes = [0; 32];
        bytes[..8].copy_from_slice(&self.size.to_le_bytes());
        bytes[8..16].copy_from_slice(&self.mtime_ns.to_le_bytes());
        bytes[16..24].copy_from_slice(&self.ctime_ns.to_le_bytes());
        bytes[24..].copy_from_slice(&self.inode.to_le_bytes());
        bytes
    }

    #[cfg(unix)]
    pub(crate) fn from_metadata(metadata: &fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self {
            size: metadata.size(),
            mtime_ns: metadata
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.mtime_nsec()),
            ctime_ns: metadata
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.ctime_nsec()),
            inode: metadata.ino(),
        }
    }

    #[cfg(not(unix))]
    pub(crate) fn from_metadata(metadata: &fs::Metadata) -> Self {
        let nanos = |time: io::Result<SystemTime>| {
            time.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        };
        Self {
            size: metadata.len(),
            mtime_ns: nanos(metadata.modified()),
            ctime_ns: nanos(metadata.created()),
            inode: 0,
        }
    }
}

/// One file as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    stamp: Stamp,
    /// Its SHA-256, when it was hashed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    /// Its parsed sidecar or front matter, when it parsed cleanly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    meta: Option<EvidenceMeta>,
}

/// The cache file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheFile {
    format: u32,
    nosfolio: String,
    files: BTreeMap<String, Entry>,
}

/// The first fields of a cache file, read before the rest to tell a
/// foreign version from a damaged file.
#[derive(Deserialize)]
struct Header {
    format: u32,
    nosfolio: String,
}

/// The cache of one run: what was recorded before and not yet used, and
/// what this run used or found. An entry moves from `old` to `new` when it
/// is used, so what is left in `old` at the end is gone from the portfolio.
#[derive(Debug)]
pub(crate) struct Cache {
    /// The portfolio's folder.
    root: PathBuf,
    /// Whether the cache file, or the folder holding it, is a link: it is
    /// then neither read nor written.
    linked: bool,
    old: BTreeMap<String, Entry>,
    new: BTreeMap<String, Entry>,
    /// Whether this run found anything the file does not hold.
    changed: bool,
    /// Whether the file was there when the run started (even damaged).
    existed: bool,
    /// Bytes of the files this run hashed.
    hashed: u64,
    /// When the run started, in nanoseconds since the epoch.
    started_ns: i128,
    /// The key that marks the file.
    key: CacheKey,
}

impl Cache {
    /// Reads the cache of the portfolio at `root`; a warning when it was
    /// there but could not be used.
    pub(crate) fn load(root: &Path, key: &CacheKey) -> (Self, Option<CacheWarning>) {
        let started_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX));
        // `./.nosfolio/…` reads better without its `./`.
        let root = if root == Path::new(".") {
            Path::new("")
        } else {
            root
        };
        let path = root.join(CACHE_DIR).join(CACHE_FILE);
        let relative = format!("{CACHE_DIR}/{CACHE_FILE}");
        let linked = match path_to_write(root, &relative) {
            Err(WriteError::Link { path }) => Some(path),
            _ => None,
        };
        let (old, warning, existed) = match (&linked, read_bytes(&path, CACHE_LIMIT)) {
            // Neither read nor written through a link: say so.
            (Some(link), _) => (
                BTreeMap::new(),
                Some(CacheWarning::Link { path: link.clone() }),
                false,
            ),
            (None, Ok(bytes)) => match parse(&path, &bytes, key) {
                Ok(files) => (files, None, true),
                Err(warning) => (BTreeMap::new(), Some(warning), true),
            },
            // No cache yet, or one nosfolio may not read: start afresh.
            (None, Err(error)) if error.kind() == io::ErrorKind::NotFound => {
                (BTreeMap::new(), None, false)
            }
            (None, Err(error)) if error.kind() == io::ErrorKind::PermissionDenied => {
                (BTreeMap::new(), None, false)
            }
            // Something else in its place (a pipe, a huge file): say so.
            (None, Err(error)) => (
                BTreeMap::new(),
                Some(CacheWarning::Damaged {
                    path: path.clone(),
                    reason: error.to_string(),
                }),
                true,
            ),
        };
        let cache = Self {
            root: root.to_owned(),
            linked: linked.is_some(),
            old,
            new: BTreeMap::new(),
            changed: false,
            existed,
            hashed: 0,
            started_ns,
            key: *key,
        };
        (cache, warning)
    }

    /// The SHA-256 recorded for `path` if it still has this stamp.
    pub(crate) fn sha256(&mut self, path: &str, stamp: Stamp) -> Option<String> {
        self.recorded(path, stamp)?.sha256.clone()
    }

    /// The parsed sidecar recorded for `path` if it still has this stamp.
    pub(crate) fn meta(&mut self, path: &str, stamp: Stamp) -> Option<EvidenceMeta> {
        self.recorded(path, stamp)?.meta.clone()
    }

    /// Records the SHA-256 of `path`, read when it had this stamp.
    pub(crate) fn record_sha256(&mut self, path: &str, stamp: Stamp, sha256: String) {
        self.hashed = self.hashed.saturating_add(stamp.size);
        if !self.racy(stamp) {
            self.entry(path, stamp).sha256 = Some(sha256);
            self.changed = true;
        }
    }

    /// Records the parsed sidecar at `path`, read when it had this stamp.
    pub(crate) fn record_meta(&mut self, path: &str, stamp: Stamp, meta: EvidenceMeta) {
        if !self.racy(stamp) {
            self.entry(path, stamp).meta = Some(meta);
            self.changed = true;
        }
    }

    /// Writes the cache if this run changed it: the files this run used,
    /// and no others. A portfolio that had no cache gets one only when this
    /// run hashed `start_at` bytes or more (see [`ScanOptions`]). A warning
    /// when it could not be written for a reason other than a read-only
    /// portfolio.
    ///
    /// [`ScanOptions`]: crate::ScanOptions
    pub(crate) fn save(self, start_at: u64) -> Option<CacheWarning> {
        if self.linked || !self.changed && self.old.is_empty() {
            return None;
        }
        if !self.existed && self.hashed < start_at {
            return None;
        }
        let file = CacheFile {
            format: FORMAT,
            nosfolio: env!("CARGO_PKG_VERSION").to_owned(),
            files: self.new,
        };
        write_json(
            &self.root,
            &format!("{CACHE_DIR}/{CACHE_FILE}"),
            &file,
            &self.key,
            CACHE_FILE,
        )
    }

    /// The entry for `path` if it still has this stamp, moved to `new`;
    /// one with another stamp is dropped.
    fn recorded(&mut self, path: &str, stamp: Stamp) -> Option<&Entry> {
        if let Some(entry) = self.old.remove(path) {
            if entry.stamp == stamp {
                self.new.insert(path.to_owned(), entry);
            } else {
                self.changed = true;
            }
        }
        self.new.get(path).filter(|entry| entry.stamp == stamp)
    }

    /// This run's entry for `path`, started afresh if the stamp differs.
    fn entry(&mut self, path: &str, stamp: Stamp) -> &mut Entry {
        let entry = self.new.entry(path.to_owned()).or_insert(Entry {
            stamp,
            sha256: None,
            meta: None,
        });
        if entry.stamp != stamp {
            *entry = Entry {
                stamp,
                sha256: None,
                meta: None,
            };
        }
        entry
    }

    /// Whether the file was modified so recently that another write in the
    /// same time-stamp tick could leave its stamp as it is. (The change time
    /// is part of the stamp, which catches a modification time set back, but
    /// not of this test: it cannot be set back, and tests set old times.)
    fn racy(&self, stamp: Stamp) -> bool {
        i128::from(stamp.mtime_ns) >= self.started_ns - RACY_NS
    }
}

/// Writes `value` as JSON to `relative` in a cache folder of `root`
/// (created if need be, never through a link), atomically but without
/// waiting for the disk. A warning when it could not be written for a
/// reason other than a read-only portfolio, which is silent: it simply
/// goes uncached. The file is marked by `key` in the role `label`
/// ([`CacheKey::mark`]).
pub(crate) fn write_json(
    root: &Path,
    relative: &str,
    value: &impl Serialize,
    key: &CacheKey,
    label: &str,
) -> Option<CacheWarning> {
    let path = root.join(relative);
    let target = match file_to_write(root, relative) {
        Ok(target) => target,
        Err(WriteError::Link { path }) => return Some(CacheWarning::Link { path }),
        Err(WriteError::Io { source, .. }) if quiet(&source) => return None,
        Err(WriteError::Io { path: at, source }) => {
            return Some(CacheWarning::NotWritten {
                path,
                reason: format!("{}: {source}", at.display()),
            });
        }
        Err(error) => {
            return Some(CacheWarning::NotWritten {
                path,
                reason: error.to_string(),
            });
        }
    };
    let written = serde_json::to_vec(value)
        .map_err(io::Error::other)
        .and_then(|bytes| replace_file(&target, &key.mark(label, &bytes)));
    match written {
        Ok(()) => None,
        Err(error) if quiet(&error) => None,
        Err(error) => Some(CacheWarning::NotWritten {
            path,
            reason: error.to_string(),
        }),
    }
}

/// Whether a failure to write a cache is one to keep quiet about: a
/// read-only portfolio simply goes uncached.
fn quiet(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// The JSON of a cache file `write_json` wrote at `path` in the role
/// `label`, if it bears the mark of `key`.
pub(crate) fn authenticated<'a>(
    path: &Path,
    bytes: &'a [u8],
    key: &CacheKey,
    label: &str,
) -> Result<&'a [u8], CacheWarning> {
    key.open(label, bytes)
        .map_err(|reason| CacheWarning::Unauthenticated {
            path: path.to_owned(),
            reason: reason.to_owned(),
        })
}

/// The entries of the cache file at `path`, or what is wrong with it.
/// Parsed once when it is good; only a file that does not parse is read
/// again for its version, to tell a foreign cache from a damaged one.
fn parse(
    path: &Path,
    bytes: &[u8],
    key: &CacheKey,
) -> Result<BTreeMap<String, Entry>, CacheWarning> {
    let bytes = authenticated(path, bytes, key, CACHE_FILE)?;
    let damaged = |error: &serde_json::Error| CacheWarning::Damaged {
        path: path.to_owned(),
        reason: error.to_string(),
    };
    let (header, files) = match serde_json::from_slice::<CacheFile>(bytes) {
        Ok(file) => {
            let header = Header {
                format: file.format,
                nosfolio: file.nosfolio,
            };
            (header, Ok(file.files))
        }
        Err(error) => {
            let header = serde_json::from_slice::<Header>(bytes).map_err(|_| damaged(&error))?;
            (header, Err(error))
        }
    };
    if header.format != FORMAT || header.nosfolio != env!("CARGO_PKG_VERSION") {
        return Err(CacheWarning::OtherVersion {
            path: path.to_owned(),
            found: format!("format {}, nosfolio {}", header.format, header.nosfolio),
        });
    }
    // The right version in the wrong shape: damaged after all.
    files.map_err(|error| damaged(&error))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: CacheKey = CacheKey::from_bytes([7; 32]);

    fn old_file(dir: &Path, name: &str, contents: &str) -> Stamp {
        let path = dir.join(name);
        fs::write(&path, contents).unwrap();
        let old = SystemTime::now() - std::time::Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        Stamp::of(&path).unwrap()
    }

    #[test]
    fn entries_round_trip_and_only_used_ones_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let a = old_file(dir.path(), "a", "one");
        let (mut cache, warning) = Cache::load(dir.path(), &KEY);
        assert_eq!(warning, None);
        assert_eq!(cache.sha256("a", a), None);
        cache.record_sha256("a", a, "aa".into());
        assert_eq!(cache.save(0), None);

        let (mut cache, warning) = Cache::load(dir.path(), &KEY);
        assert_eq!(warning, None);
        assert_eq!(cache.sha256("a", a).as_deref(), Some("aa"));
        let changed = Stamp { size: 4, ..a };
        assert_eq!(cache.sha256("a", changed), None);
        assert_eq!(cache.save(0), None, "nothing changed: nothing written");
    }

    #[test]
    fn recently_changed_files_are_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("new"), "fresh").unwrap();
        let stamp = Stamp::of(&dir.path().join("new")).unwrap();
        let (mut cache, _) = Cache::load(dir.path(), &KEY);
        cache.record_sha256("new", stamp, "ff".into());
        cache.save(0);
        let (mut cache, _) = Cache::load(dir.path(), &KEY);
        assert_eq!(cache.sha256("new", stamp), None);
    }

    #[test]
    fn damaged_and_foreign_caches_are_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(CACHE_DIR)).unwrap();
        let file = dir.path().join(CACHE_DIR).join(CACHE_FILE);
        fs::write(&file, KEY.mark(CACHE_FILE, b"{\"format\": 1, \"nosf")).unwrap();
        let (cache, warning) = Cache::load(dir.path(), &KEY);
        assert!(matches!(warning, Some(CacheWarning::Damaged { .. })));
        assert!(cache.old.is_empty());
        fs::write(
            &file,
            KEY.mark(
                CACHE_FILE,
                b"{\"format\": 99, \"nosfolio\": \"9.9.9\", \"files\": []}",
            ),
        )
        .unwrap();
        let (_, warning) = Cache::load(dir.path(), &KEY);
        assert!(matches!(warning, Some(CacheWarning::OtherVersion { .. })));
    }

    /// Issue 14: the SHA-256 a file had, put back into the cache by hand
    /// after the file changed, would keep the changed file "accepted". The
    /// cache is trusted only with the mark of the user's key.
    #[test]
    fn an_edited_or_foreign_cache_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let a = old_file(dir.path(), "a", "one");
        let (mut cache, _) = Cache::load(dir.path(), &KEY);
        cache.record_sha256("a", a, "aa".into());
        assert_eq!(cache.save(0), None);
        let file = dir.path().join(CACHE_DIR).join(CACHE_FILE);
        let marked = fs::read(&file).unwrap();
        let json = KEY.open(CACHE_FILE, &marked).unwrap();
        let forged = String::from_utf8(json.to_vec())
            .unwrap()
            .replace("\"aa\"", "\"ff\"");
        // Edited, mark kept.
        let mut edited = marked[..65].to_vec();
        edited.extend_from_slice(forged.as_bytes());
        fs::write(&file, &edited).unwrap();
        let (mut cache, warning) = Cache::load(dir.path(), &KEY);
        assert!(matches!(
            warning,
            Some(CacheWarning::Unauthenticated { .. })
        ));
        assert_eq!(cache.sha256("a", a), None);
        // Unmarked, as earlier versions wrote it.
        fs::write(&file, forged.as_bytes()).unwrap();
        let (_, warning) = Cache::load(dir.path(), &KEY);
        assert!(matches!(
            warning,
            Some(CacheWarning::Unauthenticated { .. })
        ));
        // Marked by another user's key.
        fs::write(&file, marked).unwrap();
        let (mut cache, warning) = Cache::load(dir.path(), &CacheKey::from_bytes([8; 32]));
        assert!(matches!(
            warning,
            Some(CacheWarning::Unauthenticated { .. })
        ));
        assert_eq!(cache.sha256("a", a), None);
    }

    #[test]
    fn a_cache_is_started_only_past_the_threshold_and_kept_whatever_it() {
        let dir = tempfile::tempdir().unwrap();
        let a = old_file(dir.path(), "a", "one");
        let file = dir.path().join(CACHE_DIR).join(CACHE_FILE);
        let (mut cache, _) = Cache::load(dir.path(), &KEY);
        cache.record_sha256("a", a, "aa".into());
        assert_eq!(cache.save(4), None);
        assert!(
            !dir.path().join(CACHE_DIR).exists(),
            "3 bytes hashed, not 4"
        );
        let (mut cache, _) = Cache::load(dir.path(), &KEY);
        cache.record_sha256("a", a, "aa".into());
        assert_eq!(cache.save(3), None);
        assert!(file.is_file(), "3 bytes hashed");

        // A cache the portfolio has is kept up to date below the threshold.
        let b = old_file(dir.path(), "b", "two");
        let (mut cache, _) = Cache::load(dir.path(), &KEY);
        assert_eq!(cache.sha256("a", a).as_deref(), Some("aa"));
        cache.record_sha256("b", b, "bb".into());
        assert_eq!(cache.save(u64::MAX), None);
        let (mut cache, _) = Cache::load(dir.path(), &KEY);
        assert_eq!(cache.sha256("b", b).as_deref(), Some("bb"));
    }
}
