//! Files a user names with `-o` (a report, an export, an imported
//! standard): never one a portfolio reads, `--force` or not.
//!
//! A file is compared by what it is, not how it is named: the output's
//! canonical path (so `./x/../portfolio.yaml` and a symbolic link to it are
//! caught) against the portfolio's own files and folders, and, when the
//! output is a file with several hard links, its device and inode against
//! every file the portfolio reads.

use std::io;
use std::path::{Path, PathBuf};

use nosfolio_core::{StandardSource, parse_manifest};
use walkdir::WalkDir;

use crate::cache::CACHE_DIR;
use crate::locate::is_portfolio;
use crate::owned::read_owned;
use crate::paths::join_inside;
use crate::portfolio::{ASSESSMENT_DIR, EVIDENCE_DIR, MANIFEST_FILE};
use crate::read::TEXT_LIMIT;
use crate::seal::SEAL_FILE;

/// The folders of a portfolio whose every file it reads (or owns).
const READ_FOLDERS: [&str; 4] = [EVIDENCE_DIR, "network", ASSESSMENT_DIR, CACHE_DIR];

/// Why an output file was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// The output is a file a portfolio reads, or lies in a folder whose
    /// files it reads.
    #[error(
        "{} is {what}: nosfolio never writes over a file it reads, --force or not; nothing was written\n  help: write the output elsewhere: outside evidence/, network/, assessment/ and .nosfolio/, and not over portfolio.yaml, seal.yaml, a standard file the portfolio names or the file being read",
        path.display()
    )]
    ReadByPortfolio {
        /// The output as given.
        path: PathBuf,
        /// What it is to the portfolio.
        what: String,
    },
    /// The output's folder could not be examined.
    #[error("cannot write {}", path.display())]
    Io {
        /// The output as given.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

/// Refuses `output` when it is a file a portfolio reads: one of `inputs`
/// (portfolio folders, or files the command reads), or a file of the
/// portfolio the output would lie in. Compared by canonical path and, for a
/// file with several hard links, by device and inode.
///
/// # Errors
/// [`OutputError::ReadByPortfolio`] saying what the file is;
/// [`OutputError::Io`] when the output's folder cannot be examined.
pub fn check_output(output: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: output.to_owned(),
        source,
    };
    let target = canonical_target(output).map_err(io)?;
    let refuse = |what: String| OutputError::ReadByPortfolio {
        path: output.to_owned(),
        what,
    };
    let mut roots = Vec::new();
    let mut files = Vec::new();
    for input in inputs {
        match std::fs::canonicalize(input) {
            Ok(real) if is_portfolio(&real) => roots.push(real),
            Ok(real) if real.is_file() => files.push(real),
            // A folder that is no portfolio: nothing in it is read.
            Ok(_) | Err(_) => {}
        }
    }
    // nosfolio's own folder, in a portfolio or at a caseload's root.
    if target
        .ancestors()
        .skip(1)
        .any(|dir| dir.file_name().is_some_and(|name| name == CACHE_DIR))
    {
        return Err(refuse(format!(
            "inside a {CACHE_DIR}/ folder, nosfolio's own"
        )));
    }
    if let Some(around) = target.ancestors().skip(1).find(|dir| is_portfolio(dir)) {
        roots.push(around.to_owned());
    }
    for file in &files {
        if target == *file {
            return Err(refuse("the file this command reads".into()));
        }
    }
    let mut read_files = Vec::new();
    for root in &roots {
        let own = own_files(root);
        for (relative, real) in &own {
            if target == *real {
                return Err(refuse(format!(
                    "the portfolio's own {relative} ({})",
                    root.display()
                )));
            }
        }
        for folder in READ_FOLDERS {
            let real =
                std::fs::canonicalize(root.join(folder)).unwrap_or_else(|_| root.join(folder));
            if target.starts_with(&real) {
                return Err(refuse(format!(
                    "inside the portfolio's {folder}/ folder ({}), whose files it reads",
                    root.display()
                )));
            }
        }
        read_files.extend(own.into_iter().map(|(_, real)| real));
        read_files.extend(READ_FOLDERS.iter().map(|folder| root.join(folder)));
    }
    read_files.extend(files);
    if let Some(what) = hard_link_to(output, &read_files) {
        return Err(refuse(format!("a hard link to {}", what.display())));
    }
    Ok(())
}

/// `output`'s canonical path: of the file if it exists (through any link),
/// else of its nearest existing folder with the rest of the path after it.
fn canonical_target(output: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(output)?;
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(real) => {
                // What does not exist yet holds no link: `..` is lexical.
                let mut target = real;
                for part in rest.iter().rev() {
                    match part.to_str() {
                        Some("..") => {
                            target.pop();
                        }
                        Some(".") => {}
                        _ => target.push(part),
                    }
                }
                return Ok(target);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let Some(parent) = existing.parent() else {
                    return Err(error);
                };
                rest.push(
                    existing
                        .components()
                        .next_back()
                        .map_or_else(Default::default, |last| last.as_os_str().to_owned()),
                );
                existing = parent;
            }
            Err(error) => return Err(error),
        }
    }
}

/// The portfolio's own files outside its read folders, by relative name
/// and canonical path: `portfolio.yaml`, `seal.yaml`, and every standard
/// file `portfolio.yaml` names.
fn own_files(root: &Path) -> Vec<(String, PathBuf)> {
    let mut relative = vec![MANIFEST_FILE.to_owned(), SEAL_FILE.to_owned()];
    if let Ok(text) = read_owned(root, MANIFEST_FILE, TEXT_LIMIT)
        && let Ok(manifest) = parse_manifest(MANIFEST_FILE, &text)
    {
        for source in &manifest.standards {
            if let StandardSource::File(written) = &source.value
                && let Ok(inside) = join_inside("", written)
            {
                relative.push(inside);
            }
        }
    }
    relative
        .into_iter()
        .map(|name| {
            let real = std::fs::canonicalize(root.join(&name)).unwrap_or_else(|_| root.join(&name));
            (name, real)
        })
        .collect()
}

/// The file among `read` (files, or folders searched without following
/// links) that is the same file as `output`, when `output` has several
/// hard links.
#[cfg(unix)]
fn hard_link_to(output: &Path, read: &[PathBuf]) -> Option<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(output).ok()?;
    if meta.nlink() < 2 {
        return None;
    }
    let same = |path: &Path| {
        std::fs::metadata(path).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
    };
    for path in read {
        if path.is_dir() {
            let found = WalkDir::new(path)
                .follow_links(false)
                .into_iter()
                .flatten()
                .find(|entry| entry.file_type().is_file() && same(entry.path()));
            if let Some(entry) = found {
                return Some(entry.into_path());
            }
        } else if same(path) {
            return Some(path.clone());
        }
    }
    None
}

#[cfg(not(unix))]
fn hard_link_to(_output: &Path, _read: &[PathBuf]) -> Option<PathBuf> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_output_names_a_file_a_portfolio_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        std::fs::create_dir_all(root.join("evidence/a")).unwrap();
        std::fs::create_dir_all(root.join("standards")).unwrap();
        std::fs::write(
            root.join(MANIFEST_FILE),
            "candidate: Ann\nstandards: [mla3, standards/mine.yaml]\n",
        )
        .unwrap();
        std::fs::write(root.join("standards/mine.yaml"), "id: mine\n").unwrap();
        std::fs::write(root.join("evidence/a/n.txt"), "notes").unwrap();
        let outside = dir.path().join("source.xml");
        std::fs::write(&outside, "<x/>").unwrap();

        let refused = |output: &Path, inputs: &[&Path]| {
            matches!(
                check_output(output, inputs),
                Err(OutputError::ReadByPortfolio { .. })
            )
        };
        for bad in [
            "portfolio.yaml",
            "evidence/../portfolio.yaml",
            "evidence/a/n.txt",
            "evidence/new.html",
            "evidence/new/deeper/x.html",
            "network/contacts.yaml",
            "seal.yaml",
            "standards/mine.yaml",
            ".nosfolio/cache.json",
        ] {
            assert!(refused(&root.join(bad), &[]), "{bad}");
            // Named from outside the portfolio too.
            assert!(refused(&root.join(bad), &[&root]), "{bad}");
        }
        assert!(refused(&outside, &[&outside]));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.html");
            std::os::unix::fs::symlink(root.join(MANIFEST_FILE), &link).unwrap();
            assert!(refused(&link, &[&root]));
            let hard = dir.path().join("hard.html");
            std::fs::hard_link(root.join("evidence/a/n.txt"), &hard).unwrap();
            assert!(refused(&hard, &[&root]));
            assert!(check_output(&hard, &[]).is_ok(), "no portfolio named");
        }
        for good in ["report.html", "out/report.html", "standards/other.yaml"] {
            assert!(check_output(&root.join(good), &[&root]).is_ok(), "{good}");
        }
        assert!(check_output(&dir.path().join("x.json"), &[&root, &outside]).is_ok());
        // A caseload's rows, at the root of no portfolio.
        assert!(refused(&dir.path().join(".nosfolio/caseload.json"), &[]));
    }
}
