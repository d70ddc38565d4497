//! Finding portfolios: the folder a file belongs to, a file's path inside
//! it, and every portfolio under a caseload's folder. Only the store knows
//! that a portfolio is a folder holding `portfolio.yaml`.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::portfolio::{EVIDENCE_DIR, MANIFEST_FILE};

/// Why a file could not be placed in a portfolio.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocateError {
    /// The file cannot be found or read.
    #[error("cannot open {}", path.display())]
    Io {
        /// The file as given.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// No folder above the file holds a `portfolio.yaml`.
    #[error(
        "{} is not inside a portfolio (no {MANIFEST_FILE} above it)\n  help: `nosfolio init DIR --candidate NAME` starts one",
        path.display()
    )]
    NoPortfolio {
        /// The file as given.
        path: PathBuf,
    },
    /// The file is not inside the portfolio named.
    #[error("{} is not inside the portfolio {}", path.display(), root.display())]
    Outside {
        /// The file as given.
        path: PathBuf,
        /// The portfolio.
        root: PathBuf,
    },
    /// A name on the way is not UTF-8.
    #[error("the name of {} is not valid UTF-8: rename it", path.display())]
    NotUtf8 {
        /// The file as given.
        path: PathBuf,
    },
}

/// The nearest folder at or above `file`'s folder holding a `portfolio.yaml`.
///
/// # Errors
/// [`LocateError`] when `file` does not exist or no such folder is above it.
pub fn portfolio_of(file: &Path) -> Result<PathBuf, LocateError> {
    let absolute = std::fs::canonicalize(file).map_err(|source| LocateError::Io {
        path: file.to_owned(),
        source,
    })?;
    absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(MANIFEST_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| LocateError::NoPortfolio {
            path: file.to_owned(),
        })
}

/// `file` relative to the portfolio `root`, `/`-separated, as the
/// portfolio's own files name it.
///
/// # Errors
/// [`LocateError`] when either does not exist, `file` is outside `root`, or
/// a name is not UTF-8.
pub fn relative_to(file: &Path, root: &Path) -> Result<String, LocateError> {
    let canonical = |path: &Path| {
        std::fs::canonicalize(path).map_err(|source| LocateError::Io {
            path: path.to_owned(),
            source,
        })
    };
    let absolute = canonical(file)?;
    let root = canonical(root)?;
    let inside = absolute
        .strip_prefix(&root)
        .map_err(|_| LocateError::Outside {
            path: file.to_owned(),
            root: root.clone(),
        })?;
    let parts: Option<Vec<&str>> = inside.iter().map(|p| p.to_str()).collect();
    parts
        .map(|p| p.join("/"))
        .ok_or_else(|| LocateError::NotUtf8 {
            path: file.to_owned(),
        })
}

/// Whether `dir` is a portfolio's folder.
#[must_use]
pub fn is_portfolio(dir: &Path) -> bool {
    dir.join(MANIFEST_FILE).is_file()
}

/// Whether `dir` is a folder with nothing in it, or not there at all: a
/// place a portfolio can be started without mixing it into other files.
#[must_use]
pub fn is_empty_folder(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// What a search for portfolios found under a caseload's folder.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Found {
    /// Every folder holding a `portfolio.yaml`, in path order.
    pub portfolios: Vec<PathBuf>,
    /// Folders that could not be read, in path order: any portfolio inside
    /// one of them is not in [`Found::portfolios`].
    pub unreadable: Vec<Unreadable>,
}

/// A folder a search for portfolios could not read.
#[derive(Debug)]
pub struct Unreadable {
    /// The folder, under the root searched.
    pub path: PathBuf,
    /// Why it could not be read.
    pub error: io::Error,
}

/// Every folder under `root` holding a `portfolio.yaml`, and every folder
/// that could not be searched. Portfolios do not nest: a portfolio's own
/// folders are not searched (they are the portfolio's to read, and a
/// folder there that cannot be read is that portfolio's problem). Hidden
/// folders, evidence folders and `node_modules` are not searched; links are
/// not followed.
///
/// # Errors
/// Only when `root` itself cannot be read: a folder below it that cannot
/// be read is in [`Found::unreadable`], and the search goes on.
pub fn find_portfolios(root: &Path) -> Result<Found, LocateError> {
    let mut found = Found::default();
    // Not sorted by the walker: it would read and sort every evidence
    // folder before being told to skip it.
    let mut walker = WalkDir::new(root).follow_links(false).into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if error.depth() == 0 => {
                return Err(LocateError::Io {
                    path: root.to_owned(),
                    source: error.into(),
                });
            }
            Err(error) => {
                let path = error.path().unwrap_or(root).to_owned();
                // The operating system's reason alone: walkdir's own
                // wording repeats the path.
                let error = match error.into_io_error() {
                    Some(error) => error,
                    None => io::Error::other("a folder links back to one above it"),
                };
                found.unreadable.push(Unreadable { path, error });
                continue;
            }
        };
        if !entry.file_type().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0
            && (name.starts_with('.') || name == EVIDENCE_DIR || name == "node_modules")
        {
            walker.skip_current_dir();
            continue;
        }
        if is_portfolio(entry.path()) {
            found.portfolios.push(entry.path().to_path_buf());
            walker.skip_current_dir();
        }
    }
    found.portfolios.sort();
    found.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portfolio(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(MANIFEST_FILE), "candidate: A\n").unwrap();
    }

    #[test]
    fn portfolios_are_found_at_any_depth_and_not_inside_each_other() {
        let root = tempfile::tempdir().unwrap();
        portfolio(&root.path().join("b"));
        portfolio(&root.path().join("a/deeper/c"));
        portfolio(&root.path().join("b/network/inner"));
        portfolio(&root.path().join(".hidden/d"));
        let found = find_portfolios(root.path()).unwrap();
        assert_eq!(
            found.portfolios,
            [root.path().join("a/deeper/c"), root.path().join("b")]
        );
        assert!(found.unreadable.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_read_is_listed_and_the_search_goes_on() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        portfolio(&root.path().join("a"));
        portfolio(&root.path().join("z"));
        let shut = root.path().join("m");
        std::fs::create_dir(&shut).unwrap();
        std::fs::set_permissions(&shut, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads every folder, whatever its mode: nothing to test then.
        let readable = std::fs::read_dir(&shut).is_ok();
        let found = find_portfolios(root.path());
        std::fs::set_permissions(&shut, std::fs::Permissions::from_mode(0o755)).unwrap();
        let found = found.unwrap();
        assert_eq!(
            found.portfolios,
            [root.path().join("a"), root.path().join("z")]
        );
        if !readable {
            assert_eq!(found.unreadable.len(), 1);
            assert_eq!(found.unreadable[0].path, shut);
        }
    }
}
