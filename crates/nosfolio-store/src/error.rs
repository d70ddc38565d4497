//! Errors that stop a portfolio from being read at all. Problems with single
//! files are not errors but [`nosfolio_core::Diagnostic`]s, collected so that
//! every one of them is reported.

use std::io;
use std::path::PathBuf;

/// Why a portfolio could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The folder has no `portfolio.yaml`.
    #[error("{} is not a portfolio: it has no portfolio.yaml", root.display())]
    NoManifest {
        /// The folder.
        root: PathBuf,
    },
    /// The path is not a folder.
    #[error("{} is not a folder", path.display())]
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// The folder could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}
