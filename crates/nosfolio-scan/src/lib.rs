//! Reads a nosfolio portfolio from disk.
//!
//! [`Portfolio::open`] reads `portfolio.yaml`, loads the standards it names
//! (built-in or the portfolio's own files), walks `evidence/`, pairs every
//! evidence file with its sidecar or front matter, and hashes every file with
//! SHA-256, streamed and in parallel. Interpreting text is left to
//! `nosfolio-core`; rendering to `nosfolio-report`.

#![forbid(unsafe_code)]

mod error;
mod hash;
mod paths;
mod portfolio;
mod read;

pub use error::ScanError;
pub use hash::{hash_bytes, hash_file};
pub use portfolio::{EVIDENCE_DIR, MANIFEST_FILE, Portfolio};
pub use read::{MARKDOWN_LIMIT, TEXT_LIMIT};
