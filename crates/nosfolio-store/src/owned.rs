//! The portfolio's own paths, checked from its root one component at a
//! time: the one place that decides whether a path of the layout may be
//! read or written.
//!
//! - **Reading** ([`path_to_read`], [`read_owned`]): a symbolic link inside
//!   the portfolio that stays inside it may be read through; one that
//!   leaves it is refused, wherever it is on the way (`.nosfolio`,
//!   `network/`, `network/contacts.yaml`, `portfolio.yaml`…).
//! - **Writing** ([`path_to_write`], [`folder_to_write`]): nothing on the way
//!   from the root to the file may be a symbolic link at all, and missing
//!   folders are created one at a time after checking the one above.
//!
//! The root itself is the user's choice and may be reached through links.

use std::io;
use std::path::{Component, Path, PathBuf};

use nosfolio_core::{Diagnostic, Problem};

use crate::lock::WriteError;
use crate::read::read_text_no_link;

/// Why one of the portfolio's own files was not read.
#[derive(Debug)]
pub(crate) enum ReadRefusal {
    /// `link` (relative to the root) is a symbolic link that leaves the
    /// portfolio.
    LeavesPortfolio {
        /// The link, relative to the root.
        link: String,
    },
    /// The file system refused.
    Io(io::Error),
}

/// The plain components of `relative`, or an error for anything else
/// (`..`, an absolute path, a prefix).
fn parts(relative: &str) -> io::Result<Vec<&str>> {
    let plain = Path::new(relative)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if plain && !relative.is_empty() {
        Ok(relative.split('/').filter(|p| !p.is_empty()).collect())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{relative}` is not a plain path inside the portfolio"),
        ))
    }
}

/// The plain components of `relative`, as [`parts`], refused as a write
/// error naming the path.
fn parts_to_write<'a>(root: &Path, relative: &'a str) -> Result<Vec<&'a str>, WriteError> {
    parts(relative).map_err(|source| WriteError::Io {
        path: root.join(relative),
        source,
    })
}

/// The path at which to read the portfolio's own file (or folder)
/// `relative`: `root/relative` when no component on the way is a symbolic
/// link (or one is missing: opening it then says so), else its canonical
/// path, provided that stays inside the portfolio.
///
/// # Errors
/// [`ReadRefusal::LeavesPortfolio`] naming the first link on the way when
/// the path resolves outside the portfolio; [`ReadRefusal::Io`] otherwise.
pub(crate) fn path_to_read(root: &Path, relative: &str) -> Result<PathBuf, ReadRefusal> {
    let parts = parts(relative).map_err(ReadRefusal::Io)?;
    let mut path = root.to_path_buf();
    let mut first_link = None;
    for (n, part) in parts.iter().enumerate() {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                first_link = Some(parts[..=n].join("/"));
                break;
            }
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(root.join(relative));
            }
            Err(error) => return Err(ReadRefusal::Io(error)),
        }
    }
    let Some(link) = first_link else {
        return Ok(path);
    };
    let root = std::fs::canonicalize(root).map_err(ReadRefusal::Io)?;
    match std::fs::canonicalize(root.join(relative)) {
        Ok(real) if real.starts_with(&root) => Ok(real),
        Ok(_) => Err(ReadRefusal::LeavesPortfolio { link }),
        // A dangling link, or a loop: the operating system's own words.
        Err(error) => Err(ReadRefusal::Io(error)),
    }
}

/// Reads the portfolio's own text file `relative` (at most `limit` bytes)
/// through [`path_to_read`].
///
/// # Errors
/// A diagnostic naming the file: [`Problem::LinkOutside`] for a link that
/// leaves the portfolio, else as reading any text file.
pub(crate) fn read_owned(root: &Path, relative: &str, limit: u64) -> Result<String, Diagnostic> {
    let path = path_to_read(root, relative).map_err(|refusal| refused(relative, refusal))?;
    // The path holds no link now; none put in its last place is followed.
    read_text_no_link(&path, relative, limit)
}

/// The diagnostic for a refused read of `relative`.
pub(crate) fn refused(relative: &str, refusal: ReadRefusal) -> Diagnostic {
    match refusal {
        ReadRefusal::LeavesPortfolio { link } => {
            Diagnostic::file(relative, Problem::LinkOutside { path: link })
        }
        ReadRefusal::Io(error) => Diagnostic::file(
            relative,
            Problem::Unreadable {
                path: relative.to_owned(),
                message: error.to_string(),
            },
        ),
    }
}

/// The path at which to write the portfolio's own file `relative`, after
/// checking that no component on the way, the file included, is a
/// symbolic link (missing components are fine: see [`folder_to_write`]).
///
/// # Errors
/// [`WriteError::Link`] naming the link, [`WriteError::Io`] for a path that
/// is not plain or a component that cannot be examined.
pub(crate) fn path_to_write(root: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    let parts = parts_to_write(root, relative)?;
    let mut path = root.to_path_buf();
    for part in parts {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(WriteError::Link { path }),
            Ok(_) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Ok(root.join(relative));
            }
            Err(source) => return Err(WriteError::Io { path, source }),
        }
    }
    Ok(path)
}

/// The portfolio's folder `relative`, to write into: created with its
/// parents where missing, one component at a time, each checked from the
/// root to be a real folder and not a symbolic link.
///
/// # Errors
/// [`WriteError::Link`] naming the link, [`WriteError::Io`] for a
/// component that is not a folder or that cannot be created.
pub(crate) fn folder_to_write(root: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    let parts = parts_to_write(root, relative)?;
    let mut path = root.to_path_buf();
    for part in parts {
        path.push(part);
        let meta = match std::fs::symlink_metadata(&path) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                match std::fs::create_dir(&path) {
                    Ok(()) => {}
                    Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(source) => return Err(WriteError::Io { path, source }),
                }
                // Created by this run or another at the same moment: look again.
                std::fs::symlink_metadata(&path)
            }
            found => found,
        };
        match meta {
            Ok(meta) if meta.file_type().is_symlink() => return Err(WriteError::Link { path }),
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(WriteError::Io {
                    path,
                    source: io::Error::new(io::ErrorKind::NotADirectory, "not a folder"),
                });
            }
            Err(source) => return Err(WriteError::Io { path, source }),
        }
    }
    Ok(path)
}

/// [`folder_to_write`] for the folder of the file `relative`, then
/// [`path_to_write`] for the file itself.
///
/// # Errors
/// As those two.
pub(crate) fn file_to_write(root: &Path, relative: &str) -> Result<PathBuf, WriteError> {
    if let Some((folder, _)) = relative.rsplit_once('/') {
        folder_to_write(root, folder)?;
    }
    path_to_write(root, relative)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn links_that_stay_inside_are_read_and_links_that_leave_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("network")).unwrap();
        std::fs::write(root.join("real.yaml"), "inside").unwrap();
        std::fs::write(outside.path().join("c.yaml"), "outside").unwrap();
        symlink(root.join("real.yaml"), root.join("network/a.yaml")).unwrap();
        symlink(outside.path().join("c.yaml"), root.join("network/b.yaml")).unwrap();
        symlink(outside.path(), root.join("far")).unwrap();

        assert_eq!(read_owned(root, "network/a.yaml", 100).unwrap(), "inside");
        for (relative, link) in [("network/b.yaml", "network/b.yaml"), ("far/c.yaml", "far")] {
            let refused = read_owned(root, relative, 100).unwrap_err();
            assert_eq!(
                *refused.problem,
                Problem::LinkOutside { path: link.into() },
                "{relative}"
            );
        }
        assert_eq!(
            path_to_read(root, "network/missing.yaml").unwrap(),
            root.join("network/missing.yaml")
        );
    }

    #[test]
    fn nothing_is_written_through_a_link_even_one_that_stays_inside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("evidence/a")).unwrap();
        symlink(root.join("evidence/a"), root.join("evidence/b")).unwrap();
        symlink(root.join("evidence"), root.join(".nosfolio")).unwrap();
        for relative in ["evidence/b", ".nosfolio", "evidence/b/c/d"] {
            assert!(
                matches!(
                    folder_to_write(root, relative),
                    Err(WriteError::Link { .. })
                ),
                "{relative}"
            );
        }
        assert!(matches!(
            file_to_write(root, ".nosfolio/cache.json"),
            Err(WriteError::Link { .. })
        ));
        assert!(matches!(
            path_to_write(root, "evidence/b/x.yaml"),
            Err(WriteError::Link { .. })
        ));
        assert!(
            !root.join("evidence/a/c").exists(),
            "nothing created beyond a link"
        );
        assert_eq!(
            folder_to_write(root, "assessment/x").unwrap(),
            root.join("assessment/x")
        );
        assert!(root.join("assessment/x").is_dir());
        assert!(folder_to_write(root, "../x").is_err());
    }
}
