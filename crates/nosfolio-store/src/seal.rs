//! Sealing a portfolio at submission and verifying it later: a manifest of
//! every file in the portfolio folder (hidden ones and the seal aside) with
//! size and SHA-256, and of the built-in standards it uses, which carries a
//! digest of itself so that an edited manifest is detected too.
//!
//! What the seal covers is the whole folder, not a list of what a reading
//! uses: a reading reads only inside the folder (paths leaving it are
//! errors), never a hidden path (`files:` or a standard naming one is an
//! error), and a link only to a file inside; so everything the portfolio
//! reads, and so everything its coverage depends on (`portfolio.yaml`,
//! standard files wherever they are, sidecars, evidence, files a sidecar
//! lists, the networking plan, `assessment/`) is sealed, and nothing a
//! reading might start to use can be added unseen. A link leaving the
//! folder, or leading nowhere, is refused: a seal cannot vouch for it.
//!
//! The digest is defined once, [`Seal::compute_digest`], over an encoding
//! where every field is framed by its length, so no two seals share one.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use nosfolio_core::{
    Diagnostic, StandardSource, YamlWriteError, builtin_source, parse_manifest, to_yaml,
    yaml_comment,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::decisions::DECISIONS_LIMIT;
use crate::hash::{Framed, Progress, hash_all, hash_bytes};
use crate::lock::{WriteError, WriteLock};
use crate::owned::read_owned;
use crate::portfolio::{ASSESSMENT_DIR, MANIFEST_FILE, hidden_inside};
use crate::read::TEXT_LIMIT;
use crate::signoffs::SIGN_OFF_FILE;

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
    /// `seal.yaml` says what no seal nosfolio writes says (a `sealed` that
    /// is not a date-time, files out of order …): it was edited.
    #[error("seal.yaml was edited: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
    /// `seal.yaml` is of the first format, which cannot vouch for a
    /// portfolio: its digest had no framing, and it left out files the
    /// portfolio reads.
    #[error(
        "seal.yaml is of an older format, which cannot vouch for the portfolio: its digest was ambiguous, and it left out files the portfolio reads (standard files outside standards/, files outside evidence/, assessment/)\n  help: make sure the portfolio is as it should be, then seal it again with `nosfolio seal --force`"
    )]
    OldFormat,
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
    if Seal::from_yaml(&text).ok().as_ref() != Some(seal) {
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
/// it: its format, that it says only what a seal says, and its digest.
///
/// # Errors
/// [`SealError::Missing`], [`SealError::Unreadable`], and, for a seal that
/// cannot be trusted, [`SealError::NotASeal`], [`SealError::OldFormat`],
/// [`SealError::Malformed`] or [`SealError::Edited`].
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
    Seal::from_yaml(&text)
}

/// The seal format nosfolio writes: 2, whose digest frames every field.
/// (Format 1, which had no `format` field, is refused: [`SealError::OldFormat`].)
pub const SEAL_FORMAT: u32 = 2;

/// How `sealed` is written: an RFC 3339 date-time in UTC, to the second.
const SEALED_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

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

/// A built-in standard the portfolio uses, as sealed: it lives in the
/// nosfolio binary, not the folder, so its text is identified by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedStandard {
    /// The standard's id, as `portfolio.yaml` names it.
    pub id: String,
    /// SHA-256 of its embedded YAML, lower-case hex.
    pub sha256: String,
}

/// What a seal covers, as it is now: [`current_contents`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    /// The built-in standards `portfolio.yaml` names, by id.
    pub builtin_standards: Vec<SealedStandard>,
    /// Every file in the folder but hidden ones and the seal, by path.
    pub files: Vec<SealedFile>,
}

/// A seal: what the portfolio held when it was sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// The seal's format: [`SEAL_FORMAT`].
    pub format: u32,
    /// When it was sealed: an RFC 3339 date-time in UTC, to the second.
    pub sealed: String,
    /// The nosfolio version that sealed it.
    pub nosfolio: String,
    /// The built-in standards the portfolio used, by id.
    #[serde(default)]
    pub builtin_standards: Vec<SealedStandard>,
    /// Every sealed file, by path.
    pub files: Vec<SealedFile>,
    /// The **seal digest**: see [`Seal::compute_digest`].
    pub digest: String,
}

/// The fields of a seal read before the rest, to tell an old seal (with a
/// digest but no format) from what is no seal at all.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<u32>,
    #[serde(default)]
    digest: Option<String>,
}

impl Seal {
    /// A seal of `contents` made at `sealed` (see [`SEALED_FORMAT`]).
    #[must_use]
    pub fn new(sealed: String, nosfolio: String, contents: Contents) -> Self {
        let Contents {
            mut builtin_standards,
            mut files,
        } = contents;
        builtin_standards.sort_by(|a, b| a.id.cmp(&b.id));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut seal = Self {
            format: SEAL_FORMAT,
            sealed,
            nosfolio,
            builtin_standards,
            files,
            digest: String::new(),
        };
        seal.digest = seal.compute_digest();
        seal
    }

    /// The seal digest, the one definition of it: SHA-256 over the fields
    /// of the seal, each framed by its length ([`Framed`]): the domain
    /// `nosfolio seal`, the format, `sealed`, the nosfolio version, the
    /// number of built-in standards then each id and SHA-256, the number of
    /// files then each path, size and SHA-256, in the seal's order. No text
    /// in one field can pass for another field or another entry.
    #[must_use]
    pub fn compute_digest(&self) -> String {
        let mut digest = Framed::new("nosfolio seal");
        digest
            .number(u64::from(self.format))
            .field(self.sealed.as_bytes())
            .field(self.nosfolio.as_bytes())
            .number(self.builtin_standards.len() as u64);
        for standard in &self.builtin_standards {
            digest
                .field(standard.id.as_bytes())
                .field(standard.sha256.as_bytes());
        }
        digest.number(self.files.len() as u64);
        for file in &self.files {
            digest
                .field(file.path.as_bytes())
                .number(file.size)
                .field(file.sha256.as_bytes());
        }
        digest.finish()
    }

    /// Reads a seal and checks it: its format, that it says only what a
    /// seal nosfolio writes says, and its digest.
    ///
    /// # Errors
    /// [`SealError::NotASeal`], [`SealError::OldFormat`],
    /// [`SealError::Malformed`] or [`SealError::Edited`].
    pub fn from_yaml(text: &str) -> Result<Self, SealError> {
        let not_a_seal = |e: serde_saphyr::Error| SealError::NotASeal {
            message: e.to_string(),
        };
        let header: Header = serde_saphyr::from_str(text).map_err(not_a_seal)?;
        match header.format {
            None if header.digest.is_some() => return Err(SealError::OldFormat),
            None => {
                return Err(SealError::NotASeal {
                    message: "it has no `format`".into(),
                });
            }
            Some(SEAL_FORMAT) => {}
            Some(other) => {
                return Err(SealError::NotASeal {
                    message: format!("format {other}, which this nosfolio does not read"),
                });
            }
        }
        let seal: Self = serde_saphyr::from_str(text).map_err(not_a_seal)?;
        seal.check()?;
        Ok(seal)
    }

    /// That the seal says only what a seal nosfolio writes says, and that
    /// its digest is its own.
    fn check(&self) -> Result<(), SealError> {
        let malformed = |reason: String| Err(SealError::Malformed { reason });
        let canonical = self
            .sealed
            .parse::<jiff::Timestamp>()
            .ok()
            .map(|t| t.strftime(SEALED_FORMAT).to_string());
        if canonical.as_deref() != Some(self.sealed.as_str()) {
            return malformed(format!(
                "`sealed` is not a date-time as nosfolio writes it (RFC 3339, UTC, to the second): {:?}",
                self.sealed
            ));
        }
        let is_sha256 =
            |s: &str| s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        for pair in self.builtin_standards.windows(2) {
            if pair[0].id >= pair[1].id {
                return malformed(format!(
                    "built-in standards out of order or repeated: {:?}",
                    pair[1].id
                ));
            }
        }
        for pair in self.files.windows(2) {
            if pair[0].path >= pair[1].path {
                return malformed(format!(
                    "files out of order or repeated: {:?}",
                    pair[1].path
                ));
            }
        }
        let hashes = self
            .builtin_standards
            .iter()
            .map(|s| &s.sha256)
            .chain(self.files.iter().map(|f| &f.sha256));
        if let Some(bad) = hashes.into_iter().find(|s| !is_sha256(s)) {
            return malformed(format!("{bad:?} is not a SHA-256"));
        }
        if self.compute_digest() == self.digest {
            Ok(())
        } else {
            Err(SealError::Edited)
        }
    }

    /// The seal as YAML, with a comment saying what it is.
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

/// What a seal covers, as it is now, hashed (in parallel): every file in
/// the portfolio folder but hidden ones (`.…`, at any depth: `.nosfolio/`,
/// `.git/`) and the seal itself, a link to a file inside the folder as the
/// file it leads to; and the built-in standards `portfolio.yaml` names.
///
/// Always read afresh, never from the cache: a seal is evidence that the
/// files are unchanged.
///
/// # Errors
/// When a file cannot be read or its name is not UTF-8, or a link leaves
/// the folder or leads nowhere.
pub fn current_contents(root: &Path, progress: Option<&dyn Progress>) -> io::Result<Contents> {
    let inside = fs::canonicalize(root)?;
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_name().as_encoded_bytes().starts_with(b".")
                    || e.depth() == 1 && e.file_name() == SEAL_FILE)
        });
    let mut paths = Vec::new();
    for entry in walker {
        let entry = entry.map_err(io::Error::other)?;
        if entry.depth() == 0 || entry.file_type().is_dir() {
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
        let relative = parts.join("/");
        if entry.file_type().is_file() {
            paths.push(relative);
        } else if entry.path_is_symlink() {
            match fs::canonicalize(entry.path()) {
                Ok(real) if !real.starts_with(&inside) => {
                    return Err(io::Error::other(format!(
                        "`{relative}` is a link leading outside the portfolio (to {}): a seal vouches only for what is inside it\n  help: copy what it leads to into the portfolio, and remove the link",
                        real.display()
                    )));
                }
                Ok(real) if hidden_inside(&inside, &real) => {
                    return Err(io::Error::other(format!(
                        "`{relative}` is a link to a hidden file or folder (a name starting with `.`), which a seal does not cover\n  help: move what it leads to out of the hidden folder, and remove the link"
                    )));
                }
                Ok(real) if real.is_file() => paths.push(relative),
                // A folder inside: its files are sealed where they are.
                Ok(_) => {}
                Err(error) => {
                    return Err(io::Error::new(
                        error.kind(),
                        format!(
                            "`{relative}` is a link that leads nowhere ({error}): a seal cannot vouch for it\n  help: remove the link, or put back what it leads to"
                        ),
                    ));
                }
            }
        }
        // A pipe, socket or device holds nothing the portfolio reads.
    }
    let sized = paths
        .into_iter()
        .map(|path| {
            let size = fs::metadata(root.join(&path)).map_or(0, |m| m.len());
            (path, size)
        })
        .collect();
    let mut hashed: Vec<_> = hash_all(root, sized, progress).into_iter().collect();
    hashed.sort_by(|a, b| a.0.cmp(&b.0));
    let files = hashed
        .into_iter()
        .map(|(path, hashed)| {
            let (sha256, size) =
                hashed.map_err(|e| io::Error::new(e.kind(), format!("cannot read {path}: {e}")))?;
            Ok(SealedFile { path, size, sha256 })
        })
        .collect::<io::Result<Vec<_>>>()?;
    Ok(Contents {
        builtin_standards: builtin_standards(root),
        files,
    })
}

/// The built-in standards `portfolio.yaml` names, each with the SHA-256 of
/// its embedded text, by id. (A `portfolio.yaml` that cannot be read names
/// none; it is sealed as a file all the same.)
fn builtin_standards(root: &Path) -> Vec<SealedStandard> {
    let Ok(text) = read_owned(root, MANIFEST_FILE, TEXT_LIMIT) else {
        return Vec::new();
    };
    let Ok(manifest) = parse_manifest(MANIFEST_FILE, &text) else {
        return Vec::new();
    };
    let mut standards: Vec<SealedStandard> = manifest
        .standards
        .iter()
        .filter_map(|source| match &source.value {
            StandardSource::Builtin(id) => builtin_source(id).map(|text| SealedStandard {
                id: id.clone(),
                sha256: hash_bytes(text.as_bytes()),
            }),
            StandardSource::File(_) => None,
        })
        .collect();
    standards.sort_by(|a, b| a.id.cmp(&b.id));
    standards.dedup_by(|a, b| a.id == b.id);
    standards
}

/// How the portfolio differs from its seal. A built-in standard is named
/// `built-in standard <id>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Differences {
    /// Files whose size or contents changed.
    pub changed: Vec<String>,
    /// Sealed files that are gone.
    pub missing: Vec<String>,
    /// Files that were not sealed.
    pub added: Vec<String>,
    /// Assessors' decision files (`assessment/`) and `sign-off.yaml` that
    /// are new, or hold exactly what was sealed followed by more: decisions,
    /// declarations and sign-offs recorded since sealing, as expected after
    /// submission. Not a difference: see [`with_decisions_since`].
    pub decisions_added: Vec<String>,
}

impl Differences {
    /// Whether the portfolio is as sealed (decisions recorded since aside).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.added.is_empty()
    }
}

/// `differences` (from [`compare`]) with the decision files (and
/// `sign-off.yaml`) of the portfolio at `root` that only gained records
/// since sealing moved from `changed` and `added` to `decisions_added`.
/// They are append-only (`nosfolio assess`, `declare` and `signoff` never
/// rewrite one), so a sealed one
/// whose first bytes are no longer exactly what was sealed — edited,
/// shortened or replaced — stays `changed`, and one gone stays `missing`.
///
/// # Errors
/// When a decision file that grew cannot be read.
pub fn with_decisions_since(
    root: &Path,
    seal: &Seal,
    mut differences: Differences,
) -> io::Result<Differences> {
    let prefix = format!("{ASSESSMENT_DIR}/");
    // Decision files, and the declarations and sign-offs: append-only alike.
    let is_decisions = |path: &str| path.starts_with(&prefix) || path == SIGN_OFF_FILE;
    let sealed: BTreeMap<&str, &SealedFile> =
        seal.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut changed = Vec::new();
    for path in std::mem::take(&mut differences.changed) {
        let grew = match sealed.get(path.as_str()) {
            Some(file) if is_decisions(&path) => begins_with(root, &path, file)?,
            _ => false,
        };
        if grew {
            differences.decisions_added.push(path);
        } else {
            changed.push(path);
        }
    }
    differences.changed = changed;
    let (decisions, added): (Vec<String>, Vec<String>) = std::mem::take(&mut differences.added)
        .into_iter()
        .partition(|path| is_decisions(path));
    differences.added = added;
    differences.decisions_added.extend(decisions);
    differences.decisions_added.sort();
    Ok(differences)
}

/// Whether the file `path` of the portfolio at `root` begins with exactly
/// the `sealed` file's bytes (and holds more).
fn begins_with(root: &Path, path: &str, sealed: &SealedFile) -> io::Result<bool> {
    let file = crate::read::open_regular(&root.join(path))?;
    let size = file.metadata()?.len();
    // Larger than any decision file nosfolio reads: never one that grew.
    if size <= sealed.size || size > DECISIONS_LIMIT {
        return Ok(false);
    }
    let mut first = Vec::new();
    io::Read::read_to_end(&mut io::Read::take(file, sealed.size), &mut first)?;
    Ok(first.len() as u64 == sealed.size && hex::encode(Sha256::digest(&first)) == sealed.sha256)
}

/// Compares what the portfolio holds now with a seal.
#[must_use]
pub fn compare(seal: &Seal, now: &Contents) -> Differences {
    let mut differences = Differences::default();
    let builtin = |standards: &[SealedStandard]| -> BTreeMap<String, (u64, String)> {
        standards
            .iter()
            .map(|s| (format!("built-in standard {}", s.id), (0, s.sha256.clone())))
            .collect()
    };
    let files = |files: &[SealedFile]| -> BTreeMap<String, (u64, String)> {
        files
            .iter()
            .map(|f| (f.path.clone(), (f.size, f.sha256.clone())))
            .collect()
    };
    for (sealed, current) in [
        (
            builtin(&seal.builtin_standards),
            builtin(&now.builtin_standards),
        ),
        (files(&seal.files), files(&now.files)),
    ] {
        for (path, file) in &sealed {
            match current.get(path) {
                None => differences.missing.push(path.clone()),
                Some(now) if now != file => differences.changed.push(path.clone()),
                Some(_) => {}
            }
        }
        differences
            .added
            .extend(current.keys().filter(|p| !sealed.contains_key(*p)).cloned());
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "2026-01-01T00:00:00Z";

    fn file(path: &str, sha: char) -> SealedFile {
        SealedFile {
            path: path.into(),
            size: 1,
            sha256: sha.to_string().repeat(64),
        }
    }

    fn seal_of(sealed: &str, files: Vec<SealedFile>) -> Seal {
        Seal::new(
            sealed.into(),
            "0.1.0".into(),
            Contents {
                builtin_standards: Vec::new(),
                files,
            },
        )
    }

    #[test]
    fn a_seal_reads_back_and_its_digest_detects_edits() {
        let seal = seal_of(T, vec![file("evidence/a \"b\".txt", 'a')]);
        let text = seal.to_yaml().unwrap();
        assert!(
            text.contains("format: 2\nsealed: \"2026-01-01T00:00:00Z\"\nnosfolio: \"0.1.0\"\n"),
            "{text}"
        );
        let read = Seal::from_yaml(&text).unwrap();
        assert_eq!(read, seal);
        assert!(matches!(
            Seal::from_yaml(&text.replace("size: 1", "size: 2")),
            Err(SealError::Edited)
        ));
    }

    /// The attack of issue 14: a sealed file deleted, and its line moved
    /// into `sealed`. The first format's digest (`sealed <time>\n` then one
    /// line per file) was the same; a framed one is not, and a `sealed`
    /// that is not a date-time is refused before any digest.
    #[test]
    fn a_file_line_moved_into_sealed_is_an_edited_seal() {
        let a = file("evidence/a.txt", 'a');
        let b = file("evidence/b.txt", 'b');
        let whole = seal_of(T, vec![a.clone(), b.clone()]);
        let moved = format!("{T}\n{}  1  {}", b.sha256, b.path);
        let mut forged = seal_of(T, vec![a]);
        forged.sealed = moved;
        forged.digest = whole.digest.clone();
        assert_ne!(forged.compute_digest(), whole.digest);
        let text = forged.to_yaml().unwrap();
        assert!(
            matches!(Seal::from_yaml(&text), Err(SealError::Malformed { .. })),
            "{text}"
        );
        // Even with a digest of its own, such a `sealed` is refused.
        forged.digest = forged.compute_digest();
        assert!(matches!(
            Seal::from_yaml(&forged.to_yaml().unwrap()),
            Err(SealError::Malformed { .. })
        ));
        for bad in [
            "2026-01-01",
            "2026-01-01T00:00:00+01:00",
            "yesterday",
            "2026-01-01T00:00:00.5Z",
        ] {
            let mut seal = seal_of(bad, vec![]);
            seal.digest = seal.compute_digest();
            assert!(
                matches!(
                    Seal::from_yaml(&seal.to_yaml().unwrap()),
                    Err(SealError::Malformed { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn fields_are_framed_so_none_can_pass_for_another() {
        let one = seal_of(T, vec![file("ab", 'a')]);
        let mut other = one.clone();
        other.nosfolio = "0.1.0ab".into();
        other.files[0].path = String::new();
        assert_ne!(one.compute_digest(), other.compute_digest());
        let two = seal_of(T, vec![file("a", 'a'), file("b", 'b')]);
        let mut joined = two.clone();
        joined.files = vec![file("a", 'a')];
        joined.files[0].path = format!("a{}b", "\n");
        assert_ne!(two.compute_digest(), joined.compute_digest());
    }

    #[test]
    fn repeated_or_unordered_entries_are_an_edited_seal() {
        let mut seal = seal_of(T, vec![file("a", 'a'), file("b", 'b')]);
        seal.files.swap(0, 1);
        seal.digest = seal.compute_digest();
        assert!(matches!(
            Seal::from_yaml(&seal.to_yaml().unwrap()),
            Err(SealError::Malformed { .. })
        ));
        seal.files[0] = file("a", 'a');
        seal.digest = seal.compute_digest();
        assert!(matches!(
            Seal::from_yaml(&seal.to_yaml().unwrap()),
            Err(SealError::Malformed { .. })
        ));
    }

    #[test]
    fn a_seal_of_the_first_format_is_refused_as_older() {
        let old = "sealed: \"2025-07-01T09:30:00Z\"\nnosfolio: \"0.1.0\"\nfiles:\n  - path: \"portfolio.yaml\"\n    size: 1\n    sha256: bb\ndigest: cc\n";
        assert!(matches!(Seal::from_yaml(old), Err(SealError::OldFormat)));
        assert!(matches!(
            Seal::from_yaml(&format!("format: 3\n{old}")),
            Err(SealError::NotASeal { .. })
        ));
    }

    #[test]
    fn a_seal_is_replaced_only_when_asked_and_edits_are_caught() {
        let dir = tempfile::tempdir().unwrap();
        let seal = seal_of(T, vec![file("a", '1')]);
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
        assert_eq!(read_seal(dir.path()).unwrap(), seal);
        let before = std::fs::read_to_string(dir.path().join(SEAL_FILE)).unwrap();
        let other = seal_of("2026-01-02T00:00:00Z", vec![]);
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
            before.replace(&"1".repeat(64), &"2".repeat(64)),
        )
        .unwrap();
        assert!(
            matches!(read_seal(dir.path()), Err(SealError::Edited)),
            "{before}"
        );
        std::fs::write(dir.path().join(SEAL_FILE), "format: 2\nnot: a seal\n").unwrap();
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
    fn the_seal_covers_the_whole_folder_but_hidden_files_and_itself() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            (
                MANIFEST_FILE,
                "candidate: A\nstandards: [mla3, custom/u.yaml]\n",
            ),
            ("custom/u.yaml", "id: u\n"),
            ("attachments/x", "x"),
            ("assessment/ann.yaml", "[]\n"),
            ("evidence/a.txt", "a"),
            (".git/HEAD", "ref"),
            ("evidence/.hidden", "h"),
            (SEAL_FILE, "format: 2\n"),
        ] {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let contents = current_contents(root, None).unwrap();
        let paths: Vec<&str> = contents.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "assessment/ann.yaml",
                "attachments/x",
                "custom/u.yaml",
                "evidence/a.txt",
                MANIFEST_FILE
            ]
        );
        assert_eq!(contents.builtin_standards.len(), 1);
        assert_eq!(contents.builtin_standards[0].id, "mla3");
        assert_eq!(
            contents.builtin_standards[0].sha256,
            hash_bytes(builtin_source("mla3").unwrap().as_bytes())
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_leaving_the_folder_or_leading_nowhere_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        std::fs::create_dir_all(root.join("inside")).unwrap();
        std::fs::write(
            root.join(MANIFEST_FILE),
            "candidate: A\nstandards: [mla3]\n",
        )
        .unwrap();
        std::fs::write(root.join("inside/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink("inside/a.txt", root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink("inside", root.join("folder")).unwrap();
        let contents = current_contents(&root, None).unwrap();
        let paths: Vec<&str> = contents.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["inside/a.txt", "link.txt", MANIFEST_FILE]);

        std::fs::create_dir_all(dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink("../out", root.join("evidence")).unwrap();
        let error = current_contents(&root, None).unwrap_err().to_string();
        assert!(
            error.contains("`evidence` is a link leading outside"),
            "{error}"
        );
        std::fs::remove_file(root.join("evidence")).unwrap();
        std::os::unix::fs::symlink("nothing", root.join("evidence")).unwrap();
        let error = current_contents(&root, None).unwrap_err().to_string();
        assert!(error.contains("leads nowhere"), "{error}");
        std::fs::remove_file(root.join("evidence")).unwrap();
        std::fs::create_dir_all(root.join(".attic")).unwrap();
        std::os::unix::fs::symlink(".attic", root.join("evidence")).unwrap();
        let error = current_contents(&root, None).unwrap_err().to_string();
        assert!(error.contains("is a link to a hidden"), "{error}");
    }

    #[test]
    fn differences_are_changed_missing_and_added() {
        let seal = seal_of(T, vec![file("a", '1'), file("b", '2'), file("c", '3')]);
        let now = Contents {
            builtin_standards: Vec::new(),
            files: vec![file("a", '1'), file("b", '9'), file("d", '4')],
        };
        let differences = compare(&seal, &now);
        assert_eq!(differences.changed, ["b"]);
        assert_eq!(differences.missing, ["c"]);
        assert_eq!(differences.added, ["d"]);
        let same = Contents {
            builtin_standards: Vec::new(),
            files: seal.files.clone(),
        };
        assert!(compare(&seal, &same).is_empty());
        let mut changed_standard = seal.clone();
        changed_standard.builtin_standards = vec![SealedStandard {
            id: "mla3".into(),
            sha256: "0".repeat(64),
        }];
        let now = Contents {
            builtin_standards: vec![SealedStandard {
                id: "mla3".into(),
                sha256: "1".repeat(64),
            }],
            files: seal.files.clone(),
        };
        assert_eq!(
            compare(&changed_standard, &now).changed,
            ["built-in standard mla3"]
        );
    }
}
