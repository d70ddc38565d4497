//! The contacts list as it is written: every key as the user wrote it (or
//! left it out), read with serde and written back with serde-saphyr's
//! serializer. The commands change this form, never the derived
//! [`crate::Contact`], so that a key the user did not write is not added
//! behind their back and what they did write is kept as written.
//!
//! All YAML that nosfolio writes into a contacts list comes from core's one
//! writer ([`nosfolio_core::to_yaml`], which also decides the quoting): a
//! whole file for `--force`, a contact's block, one `key: value` line, or
//! one entry of a list. Nothing is assembled from strings except
//! indentation.

use nosfolio_core::Confidentiality;
use serde::{Deserialize, Serialize, Serializer};
use serde_saphyr::{FlowMap, FlowSeq};

/// The whole file as written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Document {
    pub(crate) title: Option<String>,
    pub(crate) date: Option<String>,
    #[serde(rename = "type")]
    pub(crate) evidence_type: Option<String>,
    pub(crate) confidentiality: Option<Confidentiality>,
    pub(crate) description: Option<String>,
    pub(crate) draft: Option<bool>,
    #[serde(default, deserialize_with = "nosfolio_core::null_as_empty")]
    pub(crate) claims: Vec<ClaimRecord>,
    #[serde(default, deserialize_with = "nosfolio_core::null_as_empty")]
    pub(crate) contacts: Vec<Record>,
}

/// One entry of the list's `claims:` as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub(crate) enum ClaimRecord {
    /// `- PC1`
    Id(String),
    /// `- {item: PC1, at: …, note: …}`
    Full(ClaimMap),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClaimMap {
    item: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// One contact as written: `None` for a key not written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Record {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) organisation: Option<String>,
    pub(crate) department: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) leader: Option<bool>,
    pub(crate) lists: Option<Vec<String>>,
    pub(crate) interests: Option<Vec<String>>,
    pub(crate) scores: Option<Vec<ScoreRecord>>,
    pub(crate) target: Option<i64>,
    pub(crate) target_from: Option<String>,
    pub(crate) ideas: Option<Vec<String>>,
    pub(crate) cadence: Option<i64>,
    pub(crate) notes: Option<String>,
    pub(crate) confidentiality: Option<Confidentiality>,
}

/// One score as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScoreRecord {
    pub(crate) date: String,
    pub(crate) score: i64,
}

/// The keys of a contact, in the order nosfolio writes them.
pub(crate) const KEYS: [&str; 15] = [
    "id",
    "name",
    "organisation",
    "department",
    "role",
    "leader",
    "lists",
    "interests",
    "scores",
    "target",
    "target_from",
    "ideas",
    "cadence",
    "notes",
    "confidentiality",
];

/// The value of one key of a contact, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// Text the user gave (a name, a note).
    Text(String),
    /// A day, `YYYY-MM-DD`.
    Day(String),
    Bool(bool),
    Number(i64),
    Confidentiality(Confidentiality),
    /// A short list written on one line: `[a, b]`.
    Tags(Vec<String>),
    /// A list of sentences written one per line.
    Lines(Vec<String>),
    /// Scores, one `{date, score}` per line.
    Scores(Vec<ScoreRecord>),
}

impl Record {
    /// The value of `key`, when written.
    pub(crate) fn get(&self, key: &str) -> Option<Value> {
        let text = |t: &Option<String>| t.clone().map(Value::Text);
        match key {
            "id" => Some(Value::Text(self.id.clone())),
            "name" => Some(Value::Text(self.name.clone())),
            "organisation" => text(&self.organisation),
            "department" => text(&self.department),
            "role" => text(&self.role),
            "leader" => self.leader.map(Value::Bool),
            "lists" => self.lists.clone().map(Value::Tags),
            "interests" => self.interests.clone().map(Value::Tags),
            "scores" => self.scores.clone().map(Value::Scores),
            "target" => self.target.map(Value::Number),
            "target_from" => self.target_from.clone().map(Value::Day),
            "ideas" => self.ideas.clone().map(Value::Lines),
            "cadence" => self.cadence.map(Value::Number),
            "notes" => text(&self.notes),
            "confidentiality" => self.confidentiality.map(Value::Confidentiality),
            _ => None,
        }
    }
}

#[derive(Serialize)]
struct ScoreOut<'a> {
    #[serde(serialize_with = "nosfolio_core::yaml_day_text")]
    date: &'a str,
    score: i64,
}

impl Serialize for ScoreRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FlowMap(ScoreOut {
            date: &self.date,
            score: self.score,
        })
        .serialize(serializer)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => text.serialize(serializer),
            Self::Day(day) => nosfolio_core::yaml_day_text(day, serializer),
            Self::Bool(value) => serializer.serialize_bool(*value),
            Self::Number(value) => serializer.serialize_i64(*value),
            Self::Confidentiality(value) => value.serialize(serializer),
            Self::Tags(list) => FlowSeq(list).serialize(serializer),
            Self::Lines(list) => list.serialize(serializer),
            Self::Scores(list) => list.serialize(serializer),
        }
    }
}

/// A contact as a map of its written keys, in [`KEYS`] order.
struct RecordOut<'a>(&'a Record);

impl Serialize for RecordOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let values: Vec<(&str, Value)> = KEYS
            .iter()
            .filter_map(|key| self.0.get(key).map(|v| (*key, v)))
            .collect();
        let mut map = serializer.serialize_map(Some(values.len()))?;
        for (key, value) in &values {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for ClaimRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Id(id) => id.serialize(serializer),
            Self::Full(map) => map.serialize(serializer),
        }
    }
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "nosfolio_core::yaml_optional_day_text"
    )]
    date: &'a Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    evidence_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidentiality: Option<Confidentiality>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<bool>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    claims: &'a [ClaimRecord],
    contacts: Vec<RecordOut<'a>>,
}

/// `value` written by nosfolio's one YAML writer, or its refusal as text
/// for a message.
fn written<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    nosfolio_core::to_yaml(value).map_err(|error| {
        let reason =
            std::error::Error::source(&error).map_or_else(String::new, |s| format!(": {s}"));
        format!("the YAML serializer refused the value{reason}")
    })
}

/// The whole file, written anew (for `--force`: comments and layout are not kept).
pub(crate) fn document_yaml(document: &Document) -> Result<String, String> {
    let out = DocumentOut {
        title: document.title.as_deref(),
        date: &document.date,
        evidence_type: document.evidence_type.as_deref(),
        confidentiality: document.confidentiality,
        description: document.description.as_deref(),
        draft: document.draft,
        claims: &document.claims,
        contacts: document.contacts.iter().map(RecordOut).collect(),
    };
    written(&out)
}

/// One contact as an entry of a block list: `- id: …` and its keys below,
/// the dash in column 0.
pub(crate) fn record_yaml(record: &Record) -> Result<String, String> {
    written(&[RecordOut(record)])
}

/// `key: value`, or `key:` and the value's lines below, from column 0.
pub(crate) fn key_yaml(key: &str, value: &Value) -> Result<String, String> {
    let mut map = std::collections::BTreeMap::new();
    map.insert(key, value);
    written(&map)
}

/// One entry of a block list, `- value`, the dash in column 0.
pub(crate) fn entry_yaml(value: &Value) -> Result<String, String> {
    let one = match value {
        Value::Lines(list) | Value::Tags(list) => list.first().map(|t| written(&[t])),
        Value::Scores(list) => list.first().map(|s| written(&[s])),
        _ => None,
    };
    one.unwrap_or_else(|| Err("not a list with one entry".into()))
}

/// `contacts:` and one contact's block under it, for a list that has no
/// `contacts:` key yet.
pub(crate) fn contacts_yaml(record: &Record) -> Result<String, String> {
    #[derive(Serialize)]
    struct Only<'a> {
        contacts: [RecordOut<'a>; 1],
    }
    written(&Only {
        contacts: [RecordOut(record)],
    })
}
