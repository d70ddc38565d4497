//! Sealing a portfolio at submission and verifying it later: a manifest of
//! every file that makes up the portfolio, with size and SHA-256, which
//! carries a digest of itself so that an edited manifest is detected too.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use nosfolio_core::{Diagnostic, YamlWriteError, to_yaml, yaml_comment};
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::hash::{Progress, hash_all, hash_bytes};
use crate::lock::{WriteError, WriteLock};
use crate::owned::read_owned;
use crate::portfolio::{EVIDENCE_DIR, MANIFEST_FILE};
use crate::read::TEXT_LIMIT;
use crate::write::is_temporary;

/// The seal's file name, in the portfolio folder.
pub const SEAL_FILE: &str = "seal.yaml";

/// Largest seal nosfolio reads: room for a listing of some 200,000 files.
const SEAL_LIMIT: u64 = TEXT_LIMIT * 32;

/// Why a seal could not be written or read. A seal that cannot be written
/// leaves the portfolio as it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// The folder is not a portfolio.
    #[error(
        "{} is not a portfolio: it has no portfolio.yaml; nothing was written\n  help: seal the portfolio folder itself, or start one with `nosfolio init`",
        root.display()
    )]
    NotAPortfolio {
        /// The folder.
        root: std::path::PathBuf,
    },
    /// The portfolio has no seal.
    #[error("{} has no seal.yaml\n  help: `nosfolio seal` writes one", root.display())]
    Missing {
        /// The portfolio folder.
        root: std::path::PathBuf,
    },
    /// The portfolio is sealed already, and replacing the seal was not asked for.
    #[error(
        "{} already exists: the portfolio is sealed; nothing was written\n  help: `nosfolio verify` compares with it; `nosfolio seal --force` seals again",
        path.display()
    )]
    Exists {
        /// The seal.
        path: std::path::PathBuf,
    },
    /// `seal.yaml` cannot be read: too large, not text, or refused.
    #[error("{diagnostic}")]
    Unreadable {
        /// What is wrong.
        diagnostic: Box<Diagnostic>,
    },
    /// `seal.yaml` is not a seal nosfolio wrote.
    #[error("it is not a seal nosfolio wrote ({message})")]
    NotASeal {
        /// The parser's reason.
        message: String,
    },
    /// `seal.yaml` lists files that its digest does not vouch for.
    #[error("its digest does not match its contents: seal.yaml was edited")]
    Edited,
    /// The seal as written would not read back as the same seal.
    #[error("the seal would not read back as written; nothing was written")]
    NotReadBack,
    /// The seal could not be written as YAML.
    #[error("the seal could not be written as YAML; nothing was written")]
    Serialize {
        /// The serializer's reason.
        #[source]
        source: YamlWriteError,
    },
    /// The lock, the file system or the read-back refused.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Checks, before any hashing, that the portfolio at `root` can be sealed:
/// it has a `portfolio.yaml`, and no seal unless `replace`.
///
/// # Errors
/// [`SealError::NotAPortfolio`] or [`SealError::Exists`].
pub fn may_seal(root: &Path, replace: bool) -> Result<(), SealError> {
    if !root.join(MANIFEST_FILE).is_file() {
        return Err(SealError::NotAPortfolio {
            root: root.to_owned(),
        });
    }
    let path = root.join(SEAL_FILE);
    if !replace && std::fs::symlink_metadata(&path).is_ok() {
        return Err(SealError::Exists { path });
    }
    Ok(())
}

/// Writes `seal` as the portfolio's `seal.yaml`, under the portfolio's
/// write lock, replacing an existing seal only when `replace` says so.
/// Returns the seal's path relative to the portfolio.
///
/// # Errors
/// Every [`SealError`] of writing; nothing is written unless all succeeds.
pub fn write_seal(root: &Path, seal: &Seal, replace: bool) -> Result<&'static str, SealError> {
    may_seal(root, replace)?;
    let text = seal
        .to_yaml()
        .map_err(|source| SealError::Serialize { source })?;
    if Seal::from_yaml(&text).as_ref() != Ok(seal) {
        return Err(SealError::NotReadBack);
    }
    let lock = WriteLock::acquire(root)?;
    lock.update(SEAL_FILE, SEAL_LIMIT, |current| match current {
        Some(_) if !replace => Err(SealError::Exists {
            path: root.join(SEAL_FILE),
        }),
        _ => Ok(Some(text)),
    })?;
    Ok(SEAL_FILE)
}

/// Reads the seal of the portfolio at `root` (at most 32 MiB) and checks
/// its digest.
///
/// # Errors
/// [`SealError::Missing`], [`SealError::Unreadable`], and, for a seal that
/// cannot be trusted, [`SealError::NotASeal`] or [`SealError::Edited`].
pub fn read_seal(root: &Path) -> Result<Seal, SealError> {
    let path = root.join(SEAL_FILE);
    if !path.is_file() {
        return Err(SealError::Missing {
            root: root.to_owned(),
        });
    }
    let text =
        read_owned(root, SEAL_FILE, SEAL_LIMIT).map_err(|diagnostic| SealError::Unreadable {
            diagnostic: Box::new(diagnostic),
        })?;
    let seal = Seal::from_yaml(&text).map_err(|message| SealError::NotASeal { message })?;
    if seal.compute_digest() == seal.digest {
        Ok(seal)
    } else {
        Err(SealError::Edited)
    }
}

/// Folders whose files a seal covers, besides `portfolio.yaml`.
const SEALED_FOLDERS: [&str; 3] = [EVIDENCE_DIR, "network", "standards"];

/// One file as sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedFile {
    /// Path relative to the portfolio, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// A seal: what the portfolio held when it was sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// When it was sealed (RFC 3339, UTC).
    pub sealed: String,
    /// The nosfolio version that sealed it.
    pub nosfolio: String,
    /// Every sealed file, by path.
    pub files: Vec<SealedFile>,
    /// SHA-256 over `sealed` and the file listing: see [`Seal::compute_digest`].
    pub digest: String,
}

impl Seal {
    /// A seal of `files` made at `sealed`.
    #[must_use]
    pub fn new(sealed: String, nosfolio: String, files: Vec<SealedFile>) -> Self {
        let mut seal = Self {
            sealed,
            nosfolio,
            files,
            digest: String::new(),
        };
        seal.digest = seal.compute_digest();
        seal
    }

    /// SHA-256 of `sealed <time>\n` followed by `<sha256>  <size>  <path>\n`
    /// for each file in order.
    #[must_use]
    pub fn compute_digest(&self) -> String {
        let mut listing = format!("sealed {}\n", self.sealed);
        for file in &self.files {
            listing.push_str(&format!("{}  {}  {}\n", file.sha256, file.size, file.path));
        }
        hash_bytes(listing.as_bytes())
    }

    /// Reads a seal; the error says why it cannot be one.
    ///
    /// # Errors
    /// When the text is not a seal nosfolio wrote.
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        serde_saphyr::from_str(text).map_err(|e| e.to_string())
    }

    /// The seal as YAML, with a comment saying what it is.
    ///
    /// The digest covers what the seal says (time and listing), not how
    /// the YAML is laid out: seals written before the serializer wrote
    /// them (with every path quoted) verify as they always did.
    ///
    /// # Errors
    /// When the seal cannot be written as YAML.
    pub fn to_yaml(&self) -> Result<String, YamlWriteError> {
        let mut out = yaml_comment(
            "Written by `nosfolio seal`. Do not edit: `nosfolio verify` compares the portfolio\nwith this list, and detects an edit of this file through its digest.",
        );
        out.push_str(&to_yaml(self)?);
        Ok(out)
    }
}

/// Every file a seal covers, hashed (in parallel), ordered by path.
///
/// Always read afresh, never from the cache: a seal is evidence that the
/// files are unchanged, and a time stamp can be set back.
///
/// # Errors
/// When a file cannot be read or its name is not UTF-8.
pub fn current_files(root: &Path, progress: Option<&dyn Progress>) -> io::Result<Vec<SealedFile>> {
    let mut paths = vec![MANIFEST_FILE.to_owned()];
    for folder in SEALED_FOLDERS {
        let top = root.join(folder);
        if !top.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&top).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(io::Error::other)?;
            // A write in progress, or one a killed run left: never sealed.
            if is_temporary(entry.file_name()) {
                continue;
            }
            if !(entry.file_type().is_file() || entry.path_is_symlink() && entry.path().is_file()) {
                continue;
            }
            let relative = entry.path().strip_prefix(root).map_err(io::Error::other)?;
            let parts: Option<Vec<&str>> = relative.iter().map(|p| p.to_str()).collect();
            let Some(parts) = parts else {
                return Err(io::Error::other(format!(
                    "file name is not UTF-8: {}",
                    relative.display()
                )));
            };
            paths.push(parts.join("/"));
        }
    }
    let sized = paths
        .into_iter()
        .map(|path| {
            let size = std::fs::metadata(root.join(&path)).map_or(0, |m| m.len());
            (path, size)
        })
        .collect();
    let mut hashed: Vec<_> = hash_all(root, sized, progress).into_iter().collect();
    hashed.sort_by(|a, b| a.0.cmp(&b.0));
    hashed
        .into_iter()
        .map(|(path, hashed)| {
            let (sha256, size) =
                hashed.map_err(|e| io::Error::new(e.kind(), format!("cannot read {path}: {e}")))?;
            Ok(SealedFile { path, size, sha256 })
        })
        .collect()
}

/// How the portfolio differs from its seal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Differences {
    /// Files whose size or contents changed.
    pub changed: Vec<String>,
    /// Sealed files that are gone.
    pub missing: Vec<String>,
    /// Files that were not sealed.
    pub added: Vec<String>,
}

impl Differences {
    /// Whether the portfolio is as sealed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.added.is_empty()
    }
}

/// Compares what is on disk now with a seal.
#[must_use]
pub fn compare(seal: &Seal, now: &[SealedFile]) -> Differences {
    let sealed: BTreeMap<&str, &SealedFile> =
        seal.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let current: BTreeMap<&str, &SealedFile> = now.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut differences = Differences::default();
    for (path, file) in &sealed {
        match current.get(path) {
            None => differences.missing.push((*path).to_owned()),
            Some(now) if now.sha256 != file.sha256 || now.size != file.size => {
                differences.changed.push((*path).to_owned());
            }
            Some(_) => {}
        }
    }
    differences.added = current
        .keys()
        .filter(|p| !sealed.contains_key(*p))
        .map(|p| (*p).to_owned())
        .collect();
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, sha: &str) -> SealedFile {
        SealedFile {
            path: path.into(),
            size: 1,
            sha256: sha.into(),
        }
    }

    #[test]
    fn a_seal_reads_back_and_its_digest_detects_edits() {
        let seal = Seal::new(
            "2026-01-01T00:00:00Z".into(),
            "0.1.0".into(),
            vec![file("evidence/a \"b\".txt", "aa")],
        );
        let text = seal.to_yaml().unwrap();
        assert!(
            text.contains("sealed: \"2026-01-01T00:00:00Z\"\nnosfolio: \"0.1.0\"\nfiles:\n  - path: evidence/a \"b\".txt\n    size: 1\n    sha256: aa\ndigest: "),
            "{text}"
        );
        let read = Seal::from_yaml(&text).unwrap();
        assert_eq!(read, seal);
        assert_eq!(read.compute_digest(), read.digest);
        let edited = Seal::from_yaml(&text.replace("size: 1", "size: 2")).unwrap();
        assert_ne!(edited.compute_digest(), edited.digest);
    }

    /// How `nosfolio seal` wrote seals before the YAML serializer did: by
    /// hand, every path a JSON string.
    fn seal_written_by_hand(seal: &Seal) -> String {
        let mut out = String::from(
            "# Written by `nosfolio seal`. Do not edit: `nosfolio verify` compares the portfolio\n# with this list, and detects an edit of this file through its digest.\n",
        );
        out.push_str(&format!(
            "sealed: \"{}\"\nnosfolio: \"{}\"\nfiles:\n",
            seal.sealed, seal.nosfolio
        ));
        for file in &seal.files {
            out.push_str(&format!(
                "  - path: {}\n    size: {}\n    sha256: {}\n",
                serde_json::to_string(&file.path).unwrap(),
                file.size,
                file.sha256
            ));
        }
        out.push_str(&format!("digest: {}\n", seal.digest));
        out
    }

    #[test]
    fn seals_written_before_the_serializer_still_verify() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            "candidate: A\nstandards: [mla3]\n",
        )
        .unwrap();
        let seal = Seal::new(
            "2025-07-01T09:30:00Z".into(),
            "0.1.0".into(),
            vec![
                file("evidence/a \"b\": c.txt", "aa"),
                file("portfolio.yaml", "bb"),
            ],
        );
        std::fs::write(dir.path().join(SEAL_FILE), seal_written_by_hand(&seal)).unwrap();
        assert_eq!(read_seal(dir.path()).unwrap(), seal);
        // The same seal written now reads back the same.
        write_seal(dir.path(), &seal, true).unwrap();
        assert_eq!(read_seal(dir.path()).unwrap(), seal);
    }

    #[test]
    fn a_seal_is_replaced_only_when_asked_and_edits_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let seal = Seal::new("t".into(), "v".into(), vec![file("a", "1")]);
        assert!(matches!(
            write_seal(dir.path(), &seal, false),
            Err(SealError::NotAPortfolio { .. })
        ));
        assert!(matches!(
            read_seal(dir.path()),
            Err(SealError::Missing { .. })
        ));
        std::fs::write(
            dir.path().join(MANIFEST_FILE),
            "candidate: A\nstandards: [mla3]\n",
        )
        .unwrap();
        assert_eq!(write_seal(dir.path(), &seal, false).unwrap(), SEAL_FILE);
        let before = std::fs::read_to_string(dir.path().join(SEAL_FILE)).unwrap();
        let other = Seal::new("u".into(), "v".into(), vec![]);
        assert!(matches!(
            write_seal(dir.path(), &other, false),
            Err(SealError::Exists { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(dir.path().join(SEAL_FILE)).unwrap(),
            before
        );
        std::fs::write(
            dir.path().join(SEAL_FILE),
            before
                .replace("sha256: '1'", "sha256: '2'")
                .replace("sha256: \"1\"", "sha256: \"2\""),
        )
        .unwrap();
        assert!(
            matches!(read_seal(dir.path()), Err(SealError::Edited)),
            "{before}"
        );
        std::fs::write(dir.path().join(SEAL_FILE), "not: a seal\n").unwrap();
        assert!(matches!(
            read_seal(dir.path()),
            Err(SealError::NotASeal { .. })
        ));
        std::fs::write(dir.path().join(SEAL_FILE), b"\xff").unwrap();
        assert!(matches!(
            read_seal(dir.path()),
            Err(SealError::Unreadable { .. })
        ));
    }

    #[test]
    fn differences_are_changed_missing_and_added() {
        let seal = Seal::new(
            "t".into(),
            "v".into(),
            vec![file("a", "1"), file("b", "2"), file("c", "3")],
        );
        let now = [file("a", "1"), file("b", "9"), file("d", "4")];
        let differences = compare(&seal, &now);
        assert_eq!(differences.changed, ["b"]);
        assert_eq!(differences.missing, ["c"]);
        assert_eq!(differences.added, ["d"]);
        assert!(compare(&seal, &seal.files).is_empty());
    }
}
