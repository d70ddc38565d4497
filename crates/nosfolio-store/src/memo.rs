//! Results computed from a whole portfolio (a caseload's row), kept for
//! every portfolio under a folder in one file, `.nosfolio/<name>.json` in
//! that folder ([`Memos`]), and reused while nothing the result could depend
//! on has changed: so that a warm caseload does not parse the file cache,
//! `portfolio.yaml`, standards or sidecars, nor compute coverage. One file
//! for the whole caseload, read once and written once, rather than one in
//! each portfolio: a cold caseload of 5,000 portfolios otherwise made 5,000
//! folders and 10,000 files, and on ext4 allocating those inodes was most
//! of its time (BENCHMARKS.md).
//!
//! What "nothing has changed" means is decided from one walk (`read_dir`,
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

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::{
    CACHE_DIR, CACHE_FILE, CacheWarning, RACY_NS, Stamp, authenticated, write_json,
};
use crate::key::CacheKey;
use crate::lock::WriteError;
use crate::owned::path_to_write;
use crate::paths::join_inside;
use crate::portfolio::Portfolio;
use crate::read::{CACHE_LIMIT, read_bytes};

/// The layout of a memo file; a file with another is ignored. (Format 1
/// was one file per portfolio, inside it.)
const FORMAT: u32 = 2;

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
        let mut racy = false;
        // Folders still to list: each path, and its path relative to the
        // root. `std`'s `DirEntry::metadata` asks about a name within the
        // open folder (`statx` on the folder's descriptor, links not
        // followed) rather than looking the whole path up from the root,
        // as `walkdir`'s did: that lookup was a third of the walk's time.
        let mut folders = vec![(root.to_path_buf(), String::new())];
        while let Some((folder, inside)) = folders.pop() {
            for entry in std::fs::read_dir(&folder).ok()? {
                let entry = entry.ok()?;
                let name = entry.file_name();
                let name = name.to_str()?;
                if inside.is_empty() && name == CACHE_DIR {
                    continue;
                }
                let relative = if inside.is_empty() {
                    name.to_owned()
                } else {
                    format!("{inside}/{name}")
                };
                let file_type = entry.file_type().ok()?;
                if file_type.is_dir() {
                    folders.push((entry.path(), relative.clone()));
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
            digest: hex::encode(digest),
            files,
            racy,
        })
    }

    /// Every file this walk found under `folder` (relative to the root),
    /// but those in hidden folders or hidden themselves (`.…`), in path
    /// order, with its stamp: what walking `folder` again would list.
    pub(crate) fn files_under<'a>(
        &'a self,
        folder: &'a str,
    ) -> impl Iterator<Item = (&'a str, Stamp)> + 'a {
        // Everything under `folder/` sorts together, from its first entry.
        let prefix = format!("{folder}/");
        let start = self
            .files
            .partition_point(|(path, _)| path.as_str() < prefix.as_str());
        self.files[start..]
            .iter()
            .map_while(move |(path, stamp)| {
                let rest = path.strip_prefix(prefix.as_str())?;
                Some((path.as_str(), rest, *stamp))
            })
            .filter(|(_, rest, _)| !rest.split('/').any(|part| part.starts_with('.')))
            .map(|(path, _, stamp)| (path, stamp))
    }

    /// The stamp this walk took of the file at `path` (relative to the root).
    pub(crate) fn stamp(&self, path: &str) -> Option<Stamp> {
        self.files
            .binary_search_by(|(listed, _)| listed.as_str().cmp(path))
            .ok()
            .map(|at| self.files[at].1)
    }
}

/// One portfolio's kept value in a memo file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kept<T> {
    /// The digest of the portfolio's [`Inputs`] when the value was computed.
    inputs: String,
    /// The stamp of the portfolio's file cache just after the value was
    /// computed (none when it has no file cache).
    cache: Option<Stamp>,
    value: T,
}

impl<T> Kept<T> {
    /// What to keep of `value`, computed by reading `portfolio` whose
    /// folder had these `inputs` before it was read: nothing when the
    /// inputs were racy or the reading used a file inside `.nosfolio/`.
    #[must_use]
    pub fn of(portfolio: &Portfolio, inputs: &Inputs, value: T) -> Option<Self> {
        if inputs.racy || reads_inside_cache(portfolio) {
            return None;
        }
        Some(Self {
            inputs: inputs.digest.clone(),
            cache: cache_stamp(&portfolio.root),
            value,
        })
    }
}

/// How the portfolio in `dir` is named in the memo file of `root`: its
/// path relative to `root`, `/`-separated (`.` for `root` itself). `None`
/// when it is not under `root` or a name is not UTF-8.
#[must_use]
pub fn memo_key(root: &Path, dir: &Path) -> Option<String> {
    let inside = dir.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = inside.iter().map(|p| p.to_str()).collect();
    let key = parts?.join("/");
    Some(if key.is_empty() { ".".to_owned() } else { key })
}

/// A memo file: one value per portfolio, by the portfolio's path relative
/// to the folder the file is in.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemoFile<T> {
    format: u32,
    nosfolio: String,
    portfolios: BTreeMap<String, Kept<T>>,
}

/// The header of a memo file, to tell a foreign one from a damaged one.
#[derive(Deserialize)]
struct Header {
    format: u32,
    nosfolio: String,
}

/// Values computed from whole portfolios (a caseload's rows), kept in ONE
/// file for every portfolio under a folder: `ROOT/.nosfolio/<name>.json`.
/// Read once and written at most once a run, atomically, and never trusted
/// for anything but a shortcut: a value is used only while a fresh walk of
/// its portfolio gives the digest it was computed from.
#[derive(Debug)]
pub struct Memos<T> {
    /// The caseload's folder.
    root: PathBuf,
    /// The memo file, relative to `root`.
    relative: String,
    /// The memo file; none when it must not be used (a link).
    path: Option<PathBuf>,
    old: BTreeMap<String, Kept<T>>,
    /// The key that marks the file ([`CacheKey`]): a file without its
    /// mark is not trusted.
    key: CacheKey,
}

impl<T: DeserializeOwned + Serialize> Memos<T> {
    /// The memo file `name` under `root`, read; a warning when it was there
    /// but could not be used (damaged, another version, or a link, which is
    /// then neither read nor written).
    #[must_use]
    pub fn load(root: &Path, name: &str, key: &CacheKey) -> (Self, Option<CacheWarning>) {
        let path = memo_path(root, name);
        // `./.nosfolio/…` reads better without its `./`.
        let root = if root == Path::new(".") {
            Path::new("")
        } else {
            root
        };
        let relative = format!("{CACHE_DIR}/{name}.json");
        if let Err(WriteError::Link { path: link }) = path_to_write(root, &relative) {
            let warning = CacheWarning::Link { path: link };
            let memos = Self {
                root: root.to_owned(),
                relative,
                path: None,
                old: BTreeMap::new(),
                key: *key,
            };
            return (memos, Some(warning));
        }
        let (old, warning) = match read_bytes(&path, CACHE_LIMIT) {
            Ok(bytes) => match parse(&path, &bytes, key, name) {
                Ok(old) => (old, None),
                Err(warning) => (BTreeMap::new(), Some(warning)),
            },
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied
                ) =>
            {
                (BTreeMap::new(), None)
            }
            Err(error) => (
                BTreeMap::new(),
                Some(CacheWarning::Damaged {
                    path: path.clone(),
                    reason: error.to_string(),
                }),
            ),
        };
        let memos = Self {
            root: root.to_owned(),
            relative,
            path: Some(path),
            old,
            key: *key,
        };
        (memos, warning)
    }

    /// The value kept for the portfolio `key` in `dir`, if it was computed
    /// from exactly these `inputs` and its file cache is as it was left.
    #[must_use]
    pub fn recall(&self, key: &str, dir: &Path, inputs: &Inputs) -> Option<&T> {
        let kept = self.old.get(key)?;
        (kept.inputs == inputs.digest && kept.cache == cache_stamp(dir)).then_some(&kept.value)
    }

    /// Writes the memo file for this run's portfolios: the values `recalled`
    /// (by key) as they were and the `fresh` ones, and no others; only if
    /// that is not what the file already holds. A warning when it could not
    /// be written for a reason other than a read-only folder.
    pub fn save(
        mut self,
        recalled: &[String],
        fresh: BTreeMap<String, Kept<T>>,
    ) -> Option<CacheWarning> {
        self.path.as_ref()?;
        let unchanged = fresh.is_empty() && recalled.len() == self.old.len();
        if unchanged {
            return None;
        }
        let mut portfolios = fresh;
        for key in recalled {
            if let Some(kept) = self.old.remove(key) {
                portfolios.entry(key.clone()).or_insert(kept);
            }
        }
        let file = MemoFile {
            format: FORMAT,
            nosfolio: env!("CARGO_PKG_VERSION").to_owned(),
            portfolios,
        };
        let label = Path::new(&self.relative)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        write_json(&self.root, &self.relative, &file, &self.key, &label)
    }
}

/// The values of the memo file at `path`, or what is wrong with it.
fn parse<T: DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
    key: &CacheKey,
    name: &str,
) -> Result<BTreeMap<String, Kept<T>>, CacheWarning> {
    let bytes = authenticated(path, bytes, key, &format!("{name}.json"))?;
    let other = |header: &Header| CacheWarning::OtherVersion {
        path: path.to_owned(),
        found: format!("format {}, nosfolio {}", header.format, header.nosfolio),
    };
    let current =
        |header: &Header| header.format == FORMAT && header.nosfolio == env!("CARGO_PKG_VERSION");
    match serde_json::from_slice::<MemoFile<T>>(bytes) {
        Ok(file) => {
            let header = Header {
                format: file.format,
                nosfolio: file.nosfolio,
            };
            if current(&header) {
                Ok(file.portfolios)
            } else {
                Err(other(&header))
            }
        }
        Err(error) => match serde_json::from_slice::<Header>(bytes) {
            Ok(header) if !current(&header) => Err(other(&header)),
            _ => Err(CacheWarning::Damaged {
                path: path.to_owned(),
                reason: error.to_string(),
            }),
        },
    }
}

/// `.nosfolio/<name>.json` in the folder `root`.
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
    use std::fs;

    use super::*;

    const KEY: CacheKey = CacheKey::from_bytes([7; 32]);

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

    #[test]
    fn the_listing_under_a_folder_is_what_walking_it_would_give() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "evidence/a.txt",
            "evidence/sub/b.txt",
            "evidence/.hidden",
            "evidence/.draft/c.txt",
            "evidence-old/d.txt",
            "evidence.txt",
            "network/journal/e.md",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let inputs = Inputs::of(root).unwrap();
        let listed: Vec<&str> = inputs.files_under("evidence").map(|(p, _)| p).collect();
        assert_eq!(listed, ["evidence/a.txt", "evidence/sub/b.txt"]);
        let journal: Vec<&str> = inputs
            .files_under("network/journal")
            .map(|(p, _)| p)
            .collect();
        assert_eq!(journal, ["network/journal/e.md"]);
        assert_eq!(inputs.files_under("assessment").count(), 0);
    }

    #[test]
    fn memo_keys_are_paths_relative_to_the_caseload() {
        let root = Path::new("/centre");
        assert_eq!(
            memo_key(root, Path::new("/centre/cohort-1/ann")).as_deref(),
            Some("cohort-1/ann")
        );
        assert_eq!(memo_key(root, root).as_deref(), Some("."));
        assert_eq!(memo_key(root, Path::new("/elsewhere")), None);
    }

    /// A memo file that is damaged or of another shape is reported and
    /// nothing in it is used.
    #[test]
    fn damaged_and_foreign_memo_files_are_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(CACHE_DIR)).unwrap();
        let file = dir.path().join(CACHE_DIR).join("rows.json");
        for (text, damaged) in [
            ("{\"format\": 2, \"nosf", true),
            ("[1, 2]", true),
            (
                "{\"format\": 1, \"nosfolio\": \"0.0.1\", \"value\": 3}",
                false,
            ),
        ] {
            fs::write(&file, KEY.mark("rows.json", text.as_bytes())).unwrap();
            let (memos, warning) = Memos::<u32>::load(dir.path(), "rows", &KEY);
            assert!(memos.old.is_empty());
            match warning {
                Some(CacheWarning::Damaged { .. }) => assert!(damaged, "{text}"),
                Some(CacheWarning::OtherVersion { .. }) => assert!(!damaged, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    /// A kept row edited by hand (stale decisions shown as accepted, say)
    /// is not trusted: the file bears no mark of the user's key then.
    #[test]
    fn an_edited_memo_file_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let kept = Kept {
            inputs: "digest".into(),
            cache: None,
            value: 1u32,
        };
        let (memos, _) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert_eq!(
            memos.save(&[], BTreeMap::from([("a".to_owned(), kept)])),
            None
        );
        let file = dir.path().join(CACHE_DIR).join("rows.json");
        let written = fs::read(&file).unwrap();
        let json = KEY.open("rows.json", &written).unwrap();
        let edited = String::from_utf8(json.to_vec())
            .unwrap()
            .replace("\"value\":1", "\"value\":9");
        let mut forged = written[..65].to_vec();
        forged.extend_from_slice(edited.as_bytes());
        fs::write(&file, forged).unwrap();
        let (memos, warning) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert!(matches!(
            warning,
            Some(CacheWarning::Unauthenticated { .. })
        ));
        assert!(memos.old.is_empty());
        // Marked for another role (the file cache): not trusted either.
        fs::write(&file, KEY.mark(CACHE_FILE, json)).unwrap();
        let (memos, _) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert!(memos.old.is_empty());
    }

    #[test]
    fn a_memo_file_is_only_rewritten_when_its_values_change() {
        let dir = tempfile::tempdir().unwrap();
        let (memos, warning) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert_eq!(warning, None);
        assert_eq!(memos.save(&[], BTreeMap::new()), None);
        assert!(!dir.path().join(CACHE_DIR).exists(), "nothing to keep");

        let kept = |value| Kept {
            inputs: "digest".into(),
            cache: None,
            value,
        };
        let (memos, _) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        let fresh = BTreeMap::from([("a".to_owned(), kept(1)), ("b".to_owned(), kept(2))]);
        assert_eq!(memos.save(&[], fresh), None);
        let file = dir.path().join(CACHE_DIR).join("rows.json");
        let written = fs::read_to_string(&file).unwrap();

        // Both used as they were: not written again (removed, it stays so).
        fs::remove_file(&file).unwrap();
        let (memos, _) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert!(memos.old.is_empty());
        fs::write(&file, &written).unwrap();
        let (memos, _) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert_eq!(memos.old.len(), 2);
        fs::remove_file(&file).unwrap();
        assert_eq!(memos.save(&["a".into(), "b".into()], BTreeMap::new()), None);
        assert!(!file.exists());

        // One portfolio gone: the file drops it.
        fs::write(&file, &written).unwrap();
        let (memos, _) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert_eq!(memos.save(&["b".into()], BTreeMap::new()), None);
        let (memos, _) = Memos::<u32>::load(dir.path(), "rows", &KEY);
        assert_eq!(memos.old.keys().collect::<Vec<_>>(), ["b"]);
        assert_eq!(memos.old["b"].value, 2);
    }
}
