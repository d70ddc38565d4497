//! A standard's UK Standards (NOS) record written back as the `record:` map
//! of a standard file, keys in the order of `docs/formats.md`.

use nosfolio_core::{NosRecord, RecordStatus, YamlBlock, YamlDay};
use serde::Serialize;
use serde_saphyr::FlowSeq;

/// The `record:` map.
#[derive(Serialize)]
pub(super) struct RecordOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    urn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    developed_by: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    originating_organisation: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_approved: Option<YamlDay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    indicative_review_date: Option<YamlDay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replaced_by: Vec<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suites: Vec<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relevant_occupations: Vec<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "no_codes")]
    soc_codes: FlowSeq<&'a [String]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scope: Vec<ScopeOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<YamlBlock<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    glossary: Vec<GlossaryOut<'a>>,
}

/// A scope statement.
#[derive(Serialize)]
struct ScopeOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    text: YamlBlock<'a>,
    applies_to: FlowSeq<&'a [String]>,
}

/// A glossary entry.
#[derive(Serialize)]
struct GlossaryOut<'a> {
    term: &'a str,
    definition: YamlBlock<'a>,
}

fn no_codes(codes: &FlowSeq<&[String]>) -> bool {
    codes.0.is_empty()
}

fn blocks(texts: &[String]) -> Vec<YamlBlock<'_>> {
    texts.iter().map(|t| YamlBlock(t)).collect()
}

impl<'a> RecordOut<'a> {
    /// The map, or nothing for an empty record.
    pub(super) fn of(record: &'a NosRecord) -> Option<Self> {
        if record.is_empty() {
            return None;
        }
        Some(Self {
            urn: record.urn.as_deref(),
            version: record.version.as_deref(),
            developed_by: record.developed_by.as_deref().map(YamlBlock),
            originating_organisation: record.originating_organisation.as_deref().map(YamlBlock),
            date_approved: record.date_approved.map(YamlDay),
            indicative_review_date: record.indicative_review_date.map(YamlDay),
            status: record.status.map(RecordStatus::name),
            replaced_by: blocks(&record.replaced_by),
            suites: blocks(&record.suites),
            keywords: blocks(&record.keywords),
            relevant_occupations: blocks(&record.relevant_occupations),
            soc_codes: FlowSeq(&record.soc_codes),
            scope: record
                .scope
                .iter()
                .map(|s| ScopeOut {
                    id: &s.id,
                    title: s.title.as_deref(),
                    text: YamlBlock(&s.text),
                    applies_to: FlowSeq(&s.applies_to),
                })
                .collect(),
            values: record.values.as_deref().map(YamlBlock),
            glossary: record
                .glossary
                .iter()
                .map(|g| GlossaryOut {
                    term: &g.term,
                    definition: YamlBlock(&g.definition),
                })
                .collect(),
        })
    }
}
