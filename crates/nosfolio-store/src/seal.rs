//! Sealing a portfolio at submission and verifying it later: a manifest of
//! every file that makes up the portfolio, with size and SHA-256, which
//! carries a digest of itself so that an edited manifest is detected too.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::hash::{Progress, hash_all, hash_bytes};
use crate::portfolio::{EVIDENCE_DIR, MANIFEST_FILE};

/// The seal's file name, in the portfolio folder.
pub const SEAL_FILE: &str = "seal.yaml";

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
    #[must_use]
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# Written by `nosfolio seal`. Do not edit: `nosfolio verify` compares the portfolio\n# with this list, and detects an edit of this file through its digest.\n",
        );
        out.push_str(&format!(
            "sealed: \"{}\"\nnosfolio: \"{}\"\nfiles:\n",
            self.sealed, self.nosfolio
        ));
        for file in &self.files {
            out.push_str(&format!(
                "  - path: {}\n    size: {}\n    sha256: {}\n",
                serde_json::to_string(&file.path).unwrap_or_default(),
                file.size,
                file.sha256
            ));
        }
        out.push_str(&format!("digest: {}\n", self.digest));
        out
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
        let read = Seal::from_yaml(&seal.to_yaml()).unwrap();
        assert_eq!(read, seal);
        assert_eq!(read.compute_digest(), read.digest);
        let edited = Seal::from_yaml(&seal.to_yaml().replace("size: 1", "size: 2")).unwrap();
        assert_ne!(edited.compute_digest(), edited.digest);
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
