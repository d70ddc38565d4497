//! The contacts list as it is written: every key as the user wrote it (or
//! left it out), read with serde and written back with serde-saphyr's
//! serializer. The commands change this form, never the derived
//! [`crate::Contact`], so that a key the user did not write is not added
//! behind their back and what they did write is kept as written.
//!
//! All YAML that nosfolio writes into a contacts list comes from the
//! serializer: a whole file for `--force`, a contact's block, one
//! `key: value` line, or one entry of a list. Nothing is assembled from
//! strings except indentation.

use nosfolio_core::Confidentiality;
use serde::{Deserialize, Serialize, Serializer};
use serde_saphyr::{DoubleQuoted, FlowMap, FlowSeq, SerializerOptions};

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

/// How nosfolio writes YAML: every scalar on one line (quoted when it
/// needs to be), nested lists indented under their key, days plain.
fn options() -> SerializerOptions {
    serde_saphyr::ser_options! {
        prefer_block_scalars: false,
        compact_list_indent: false,
        yaml_12: true,
        no_lang_directive: true,
    }
}

/// Text written plain only where every YAML reader, YAML 1.1 ones
/// included, reads it back as the same text; double-quoted otherwise.
/// (Days are written plain, as people write them; the YAML 1.2 rules of
/// [`options`] apply to them.)
struct Text<'a>(&'a str);

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let cautious = serde_saphyr::ser_options! { prefer_block_scalars: false };
        let plain = serde_saphyr::to_string_with_options(&self.0, cautious)
            .is_ok_and(|shown| !shown.starts_with(['"', '\'']));
        if plain {
            serializer.serialize_str(self.0)
        } else {
            DoubleQuoted(self.0).serialize(serializer)
        }
    }
}

#[derive(Serialize)]
struct ScoreOut<'a> {
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

fn texts(list: &[String]) -> Vec<Text<'_>> {
    list.iter().map(|t| Text(t)).collect()
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => Text(text).serialize(serializer),
            Self::Day(day) => serializer.serialize_str(day),
            Self::Bool(value) => serializer.serialize_bool(*value),
            Self::Number(value) => serializer.serialize_i64(*value),
            Self::Confidentiality(value) => value.serialize(serializer),
            Self::Tags(list) => FlowSeq(texts(list)).serialize(serializer),
            Self::Lines(list) => texts(list).serialize(serializer),
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
            Self::Id(id) => Text(id).serialize(serializer),
            Self::Full(map) => map.serialize(serializer),
        }
    }
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    evidence_type: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidentiality: Option<Confidentiality>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<bool>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    claims: &'a [ClaimRecord],
    contacts: Vec<RecordOut<'a>>,
}

/// The serializer's error, as text for a message.
fn failed(error: &serde_saphyr::SerializeError) -> String {
    format!("the YAML serializer refused the value: {error}")
}

/// The whole file, written anew (for `--force`: comments and layout are not kept).
pub(crate) fn document_yaml(document: &Document) -> Result<String, String> {
    let out = DocumentOut {
        title: document.title.as_deref().map(Text),
        date: document.date.as_deref(),
        evidence_type: document.evidence_type.as_deref().map(Text),
        confidentiality: document.confidentiality,
        description: document.description.as_deref().map(Text),
        draft: document.draft,
        claims: &document.claims,
        contacts: document.contacts.iter().map(RecordOut).collect(),
    };
    serde_saphyr::to_string_with_options(&out, options()).map_err(|e| failed(&e))
}

/// One contact as an entry of a block list: `- id: …` and its keys below,
/// the dash in column 0.
pub(crate) fn record_yaml(record: &Record) -> Result<String, String> {
    serde_saphyr::to_string_with_options(&[RecordOut(record)], options()).map_err(|e| failed(&e))
}

/// `key: value`, or `key:` and the value's lines below, from column 0.
pub(crate) fn key_yaml(key: &str, value: &Value) -> Result<String, String> {
    let mut map = std::collections::BTreeMap::new();
    map.insert(key, value);
    serde_saphyr::to_string_with_options(&map, options()).map_err(|e| failed(&e))
}

/// One entry of a block list, `- value`, the dash in column 0.
pub(crate) fn entry_yaml(value: &Value) -> Result<String, String> {
    let one = match value {
        Value::Lines(list) | Value::Tags(list) => texts(list)
            .first()
            .map(|t| serde_saphyr::to_string_with_options(&[t], options())),
        Value::Scores(list) => list
            .first()
            .map(|s| serde_saphyr::to_string_with_options(&[s], options())),
        _ => None,
    };
    match one {
        Some(result) => result.map_err(|e| failed(&e)),
        None => Err("not a list with one entry".into()),
    }
}

/// `contacts:` and one contact's block under it, for a list that has no
/// `contacts:` key yet.
pub(crate) fn contacts_yaml(record: &Record) -> Result<String, String> {
    #[derive(Serialize)]
    struct Only<'a> {
        contacts: [RecordOut<'a>; 1],
    }
    serde_saphyr::to_string_with_options(
        &Only {
            contacts: [RecordOut(record)],
        },
        options(),
    )
    .map_err(|e| failed(&e))
}
