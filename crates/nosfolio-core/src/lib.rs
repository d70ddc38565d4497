//! The heart of nosfolio: standards as typed data, the formats candidates
//! write (`portfolio.yaml`, sidecars, front matter) and coverage.
//!
//! This crate never touches the file system. `nosfolio-scan` reads a
//! portfolio from disk and hands text to the parsers here;
//! `nosfolio-report` renders what [`Coverage`] computes. Every parser returns
//! [`Diagnostic`]s naming file, line and column, and reports every problem it
//! can find rather than stopping at the first.

#![forbid(unsafe_code)]

mod builtin;
mod coverage;
mod diagnostic;
mod evidence;
mod manifest;
mod standard;
mod standard_file;
mod standard_set;
mod suggest;
mod yaml;

pub use builtin::{builtin_ids, builtin_source, builtin_standard, builtin_standards};
pub use coverage::{Coverage, ItemCoverage, Status, Summary};
pub use diagnostic::{Diagnostic, Position, Problem, Severity, sort_diagnostics};
pub use evidence::{
    Claim, ClaimText, Confidentiality, Evidence, EvidenceFile, EvidenceMeta, FrontMatter, Located,
    Resolved, Witness, parse_date, parse_meta, resolve, split_front_matter,
};
pub use manifest::{Manifest, StandardSource, parse_manifest};
pub use standard::{EvidenceType, Group, Item, Question, Standard, StandardKind};
pub use standard_file::parse_standard;
pub use standard_set::{ItemRef, StandardSet, TypeRef};
pub use suggest::nearest;
