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

/// Every folder under `root` holding a `portfolio.yaml`, in path order.
/// Hidden folders, evidence folders and `node_modules` are not searched;
/// links are not followed.
///
/// # Errors
/// When a folder cannot be read.
pub fn find_portfolios(root: &Path) -> Result<Vec<PathBuf>, LocateError> {
    let mut found = Vec::new();
    // Not sorted by the walker: it would read and sort every evidence
    // folder before being told to skip it.
    let mut walker = WalkDir::new(root).follow_links(false).into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(|error| LocateError::Io {
            path: error.path().unwrap_or(root).to_owned(),
            source: error.into(),
        })?;
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
            found.push(entry.path().to_path_buf());
        }
    }
    found.sort();
    Ok(found)
}
