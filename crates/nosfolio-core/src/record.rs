//! The UK Standards (NOS) record of a standard: what the national database
//! says about a unit besides its criteria — its URN and version, who
//! developed it and when it was approved, whether it is current, the suites
//! and occupations it belongs to, its scope (range) statements linked to
//! the items they qualify, its values and its glossary.
//!
//! Every field is optional: a standard whose source gives none has an
//! empty record ([`NosRecord::is_empty`]), which is neither written nor
//! shown. `standard_file` reads it from the `record:` map of a standard file.

use jiff::civil::Date;
use serde::Serialize;

use crate::standard::Standard;

/// The fields of a UK Standards (NOS) record that a standard's source states.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NosRecord {
    /// The unique reference number, e.g. `CFAM&LAA3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urn: Option<String>,
    /// The version, as the record writes it (`2`, `1.1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Who developed it (a standards-setting organisation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub developed_by: Option<String>,
    /// The organisation it originated from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub originating_organisation: Option<String>,
    /// The day it was approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_approved: Option<Date>,
    /// The day it is due to be reviewed (never before the approval).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicative_review_date: Option<Date>,
    /// Whether it is current or legacy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<RecordStatus>,
    /// The URNs or codes of the standards that replace it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<String>,
    /// The suites the record lists (besides [`Standard::suite`], the one the
    /// unit's own text names; see [`Standard::suites`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suites: Vec<String>,
    /// Keywords.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Occupations it is relevant to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relevant_occupations: Vec<String>,
    /// Standard Occupational Classification codes: four digits each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub soc_codes: Vec<String>,
    /// Scope or range statements, each linked to the items it qualifies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<ScopeStatement>,
    /// The values behind the standard (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
    /// Terms and their definitions, each term once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<GlossaryEntry>,
}

/// Whether a standard is still in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordStatus {
    /// In use.
    Current,
    /// No longer in use; see [`NosRecord::replaced_by`].
    Legacy,
}

impl RecordStatus {
    /// Every status, as written in a standard file.
    pub const NAMES: [&'static str; 2] = ["current", "legacy"];

    /// The status `name` (as written in a standard file) names.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "current" => Some(Self::Current),
            "legacy" => Some(Self::Legacy),
            _ => None,
        }
    }

    /// `current` or `legacy`, as written in a standard file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Current => "current",
            Self::Legacy => "legacy",
        }
    }
}

impl std::fmt::Display for RecordStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A scope (range) statement: what some criteria or knowledge items cover.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScopeStatement {
    /// Id, unique among the scope statements, e.g. `S1`.
    pub id: String,
    /// A short heading, e.g. `Contacts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Verbatim text.
    pub text: String,
    /// The ids of the items it qualifies, each an item of the standard.
    pub applies_to: Vec<String>,
}

/// A term of the glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GlossaryEntry {
    /// The term.
    pub term: String,
    /// What it means (plain text).
    pub definition: String,
}

impl NosRecord {
    /// Whether the source gave none of the record's fields.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The scope statements qualifying `item`, in the record's order.
    pub fn scope_of<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a ScopeStatement> {
        self.scope
            .iter()
            .filter(move |s| s.applies_to.iter().any(|i| i == item))
    }
}

impl Standard {
    /// Every suite the standard belongs to: the one its text names
    /// (`suite:`) first, then those its record lists, each once.
    #[must_use]
    pub fn suites(&self) -> Vec<&str> {
        let mut suites: Vec<&str> = Vec::new();
        for suite in self.suite.iter().chain(&self.record.suites) {
            if !suites.contains(&suite.as_str()) {
                suites.push(suite);
            }
        }
        suites
    }
}
