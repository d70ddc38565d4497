//! Results computed from a whole portfolio (a caseload's row), kept in
//! `.nosfolio/` beside the file cache and reused while nothing the result
//! could depend on has changed: so that a warm caseload does not parse the
//! file cache, `portfolio.yaml`, standards or sidecars, nor compute coverage.
//!
//! What "nothing has changed" means is decided from one walk (walkdir,
//! stamps from `DirEntry::metadata`) of the **whole** portfolio folder but
//! its own `.nosfolio/`: every file's path, size, modification time, change
//! time and inode, and every folder's path, go into a SHA-256 digest along
//! with the format and nosfolio's version. Any file added, removed, renamed,
//! rewritten or touched anywhere in the portfolio (evidence, sidecars,
//! `portfolio.yaml`, standard files, `assessment/`, `network/`) gives another
//! digest, and the result is computed again. Walking everything rather than
//! the files a reading named is deliberate: it costs the same (a portfolio
//! is mostly its evidence) and cannot miss a file that a reading would start
//! to depend on, such as a new sidecar or decision file.
//!
//! The stamp of the file cache (`.nosfolio/cache.json`) after the result was
//! computed is recorded too, so a damaged or replaced file cache is read
//! (and reported) again. A result is not kept when the portfolio holds a
//! symbolic link (its target's stamp is not the link's), when any entry
//! could not be read or named, when any file was modified less than two
//! seconds before the walk (the racy-mtime rule of the file cache), or when
//! the reading used a file inside `.nosfolio/` itself.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::cache::{CACHE_DIR, CACHE_FILE, CacheWarning, RACY_NS, Stamp, write_json};
use crate::paths::join_inside;
use crate::portfolio::Portfolio;

/// The layout of a memo file; a file with another is ignored.
const FORMAT: u32 = 1;

/// A digest of everything in a portfolio folder, from one walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    digest: String,
    /// Every file's stamp, by path relative to the root (`/`-separated on
    /// Unix), in path order: a reading that follows can take them from here
    /// rather than asking the system again.
    files: Vec<(String, Stamp)>,
    /// Whether any file was modified so recently that a result computed
    /// from it must not be kept.
    racy: bool,
}

impl Inputs {
    /// Walks the portfolio in `root` and digests the stamps of everything
    /// in it but `.nosfolio/`. `None` when a memo cannot vouch for it: an
    /// entry that could not be read, a name that is not UTF-8, or a
    /// symbolic link.
    #[must_use]
    pub fn of(root: &Path) -> Option<Self> {
        let started_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX));
        let mut lines: Vec<(String, Option<Stamp>)> = Vec::new();
        let walker = WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| !(e.depth() == 1 && e.file_name() == CACHE_DIR));
        let mut racy = false;
        for entry in walker {
            let entry = entry.ok()?;
            if entry.depth() == 0 {
                continue;
            }
            let file_type = entry.file_type();
            let relative = relative(root, entry.path())?.to_owned();
            if file_type.is_dir() {
                lines.push((relative, None));
            } else if file_type.is_file() {
                let stamp = Stamp::from_metadata(&entry.metadata().ok()?);
                racy |= i128::from(stamp.mtime_ns()) >= started_ns - RACY_NS;
                lines.push((relative, Some(stamp)));
            } else {
                // A link, or a device, socket or pipe: not vouched for.
                return None;
            }
        }
        lines.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut hasher = Sha256::new();
        hasher.update(format!("{FORMAT} {}\n", env!("CARGO_PKG_VERSION")));
        for (path, stamp) in &lines {
            hasher.update(path.as_bytes());
            match stamp {
                // A name holds no NUL; the kind after it frames the rest.
                None => hasher.update(b"\0d"),
                Some(stamp) => {
                    hasher.update(b"\0f");
                    hasher.update(stamp.to_bytes());
                }
            }
        }
        let digest = hasher.finalize();
        let files = lines
            .into_iter()
            .filter_map(|(path, stamp)| Some((path, stamp?)))
            .collect();
        Some(Self {
            digest: digest.iter().map(|b| format!("{b:02x}")).collect(),
            files,
            racy,
        })
    }

    /// The stamp this walk took of the file at `path` (relative to the root).
    pub(crate) fn stamp(&self, path: &str) -> Option<Stamp> {
        self.files
            .binary_search_by(|(listed, _)| listed.as_str().cmp(path))
            .ok()
            .map(|at| self.files[at].1)
    }
}

/// `path`, reached by walking from `root`, relative to it. Cut from the
/// bytes rather than with [`Path::strip_prefix`], which compares component
/// by component: a tenth of a warm caseload's time otherwise.
fn relative<'a>(root: &Path, path: &'a Path) -> Option<&'a str> {
    let rest = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(root.as_os_str().as_encoded_bytes());
    let rest = match rest {
        Some(rest) => rest
            .strip_prefix(std::path::MAIN_SEPARATOR_STR.as_bytes())
            .unwrap_or(rest),
        None => return path.strip_prefix(root).ok()?.to_str(),
    };
    std::str::from_utf8(rest).ok()
}

/// A memo file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemoFile<T> {
    format: u32,
    nosfolio: String,
    /// The digest of the portfolio's [`Inputs`] when the value was computed.
    inputs: String,
    /// The stamp of the file cache just after the value was computed.
    cache: Option<Stamp>,
    value: T,
}

/// The header of a memo file, to tell a foreign one from a damaged one.
#[derive(Deserialize)]
struct Header {
    format: u32,
    nosfolio: String,
}

/// `.nosfolio/<name>.json` in the portfolio at `root`.
fn memo_path(root: &Path, name: &str) -> PathBuf {
    // `./.nosfolio/…` reads better without its `./`.
    let root = if root == Path::new(".") {
        Path::new("")
    } else {
        root
    };
    root.join(CACHE_DIR).join(format!("{name}.json"))
}

/// The stamp of the portfolio's file cache, if it has one.
fn cache_stamp(root: &Path) -> Option<Stamp> {
    Stamp::of(&root.join(CACHE_DIR).join(CACHE_FILE))
}

/// The value kept as `name` for the portfolio at `root`, if it was computed
/// from exactly these `inputs` and the file cache is as it was left; a
/// warning when the memo file is damaged or from another version (it is
/// then rebuilt by the caller's [`remember`]).
pub fn recall<T: DeserializeOwned>(
    root: &Path,
    name: &str,
    inputs: &Inputs,
) -> (Option<T>, Option<CacheWarning>) {
    let path = memo_path(root, name);
    let Ok(bytes) = fs::read(&path) else {
        return (None, None);
    };
    let memo = match serde_json::from_slice::<MemoFile<T>>(&bytes) {
        Ok(memo) => memo,
        Err(error) => {
            let warning = match serde_json::from_slice::<Header>(&bytes) {
                Ok(header)
                    if header.format != FORMAT || header.nosfolio != env!("CARGO_PKG_VERSION") =>
                {
                    CacheWarning::OtherVersion {
                        path,
                        found: format!("format {}, nosfolio {}", header.format, header.nosfolio),
                    }
                }
                _ => CacheWarning::Damaged {
                    path,
                    reason: error.to_string(),
                },
            };
            return (None, Some(warning));
        }
    };
    if memo.format != FORMAT || memo.nosfolio != env!("CARGO_PKG_VERSION") {
        let found = format!("format {}, nosfolio {}", memo.format, memo.nosfolio);
        return (None, Some(CacheWarning::OtherVersion { path, found }));
    }
    let fresh = memo.inputs == inputs.digest && memo.cache == cache_stamp(root);
    (fresh.then_some(memo.value), None)
}

/// Keeps `value`, computed by reading `portfolio` whose folder had these
/// `inputs` before it was read, as `name`; unless the inputs were racy or
/// the reading used a file inside `.nosfolio/`. A warning when it could not
/// be written for a reason other than a read-only portfolio.
pub fn remember<T: Serialize>(
    portfolio: &Portfolio,
    name: &str,
    inputs: &Inputs,
    value: &T,
) -> Option<CacheWarning> {
    if inputs.racy || reads_inside_cache(portfolio) {
        return None;
    }
    let root = &portfolio.root;
    let path = memo_path(root, name);
    let memo = MemoFile {
        format: FORMAT,
        nosfolio: env!("CARGO_PKG_VERSION").to_owned(),
        inputs: inputs.digest.clone(),
        cache: cache_stamp(root),
        value,
    };
    write_json(path, &memo)
}

/// Whether reading the portfolio used a file inside `.nosfolio/`, which the
/// inputs leave out: an evidence file or a standard file named there.
fn reads_inside_cache(portfolio: &Portfolio) -> bool {
    let inside = |relative: &str| relative == CACHE_DIR || relative.starts_with(".nosfolio/");
    let evidence = portfolio
        .evidence
        .iter()
        .flat_map(|piece| &piece.files)
        .any(|file| inside(&file.path))
        || portfolio
            .evidence
            .iter()
            .any(|piece| inside(&piece.described_by));
    let standards = portfolio.manifest.as_ref().is_some_and(|manifest| {
        manifest.standards.iter().any(|source| match &source.value {
            nosfolio_core::StandardSource::File(written) => {
                join_inside("", written).map_or(true, |relative| inside(&relative))
            }
            nosfolio_core::StandardSource::Builtin(_) => false,
        })
    });
    evidence || standards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_follows_every_file_but_the_cache_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("evidence")).unwrap();
        fs::write(root.join("evidence/a.txt"), "one").unwrap();
        let first = Inputs::of(root).unwrap();
        assert!(first.racy, "just written");
        assert_eq!(Inputs::of(root).unwrap(), first);

        fs::create_dir_all(root.join(CACHE_DIR)).unwrap();
        fs::write(root.join(CACHE_DIR).join("anything"), "x").unwrap();
        assert_eq!(Inputs::of(root).unwrap().digest, first.digest);

        fs::write(root.join("evidence/b.txt"), "two").unwrap();
        let added = Inputs::of(root).unwrap();
        assert_ne!(added.digest, first.digest);
        fs::remove_file(root.join("evidence/b.txt")).unwrap();
        fs::create_dir(root.join("empty")).unwrap();
        assert_ne!(Inputs::of(root).unwrap().digest, first.digest);
    }

    #[cfg(unix)]
    #[test]
    fn a_portfolio_with_a_link_is_not_vouched_for() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), "one").unwrap();
        std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
        assert_eq!(Inputs::of(dir.path()), None);
    }
}
