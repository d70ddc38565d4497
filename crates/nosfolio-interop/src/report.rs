//! What an import could not carry over, and why an import failed.
//!
//! An import never drops anything silently: every field, association,
//! status or rule that has no place in a nosfolio standard, and every id
//! that had to change, becomes a [`Note`] in the [`ImportReport`].

use serde::Serialize;

use crate::detect::Format;

/// One thing worth knowing about an import: something not carried over,
/// an id changed, text converted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// A stable kebab-case code for tools, e.g. `not-carried-over`.
    pub code: &'static str,
    /// Where in the source, e.g. `standardelements[29]` or `line 12`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// What happened, as a sentence fragment.
    pub message: String,
}

/// An id that changed on the way in: renamed to be valid, or disambiguated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdChange {
    /// The id in the source, as text (`null` when it had none).
    pub source: Option<String>,
    /// The nosfolio id it became.
    pub id: String,
    /// Why it changed.
    pub reason: String,
}

/// Everything about one import that the converted standard cannot show.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The format read.
    pub format: Format,
    /// How many framework entries the source had (elements, rows, CFItems).
    pub source_entries: usize,
    /// The deepest nesting of the source's tree (1 = flat).
    pub source_depth: usize,
    /// Ids that changed.
    pub id_changes: Vec<IdChange>,
    /// For each item, the source's own id where it differs from the
    /// nosfolio id or is worth keeping (a CASE identifier): `(item, source)`.
    pub source_ids: Vec<(String, String)>,
    /// Everything else not carried over or changed.
    pub notes: Vec<Note>,
}

impl ImportReport {
    pub(crate) fn new(format: Format) -> Self {
        Self {
            format,
            source_entries: 0,
            source_depth: 0,
            id_changes: Vec::new(),
            source_ids: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub(crate) fn note(&mut self, code: &'static str, at: Option<String>, message: String) {
        self.notes.push(Note { code, at, message });
    }

    /// `value` as a JSON object, or `None` with a note that the entry at
    /// `at` was left out for having the wrong type.
    pub(crate) fn object<'a>(
        &mut self,
        value: &'a serde_json::Value,
        at: &str,
    ) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.note(
                "wrong-type",
                Some(at.to_owned()),
                format!("expected an object, found {}; left out", kind(value)),
            );
        }
        object
    }

    /// The notes with this code.
    pub fn notes_with(&self, code: &str) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.code == code)
    }

    /// The source id kept for an item, if any.
    #[must_use]
    pub fn source_id(&self, item: &str) -> Option<&str> {
        self.source_ids
            .iter()
            .find(|(id, _)| id == item)
            .map(|(_, source)| source.as_str())
    }
}

/// What kind of JSON value this is, for messages.
pub(crate) fn kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The JSON is malformed.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Json {
        /// The file as named by the caller.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The CSV is malformed.
    #[error("{file}:{line}: not valid CSV: {message}")]
    Csv {
        /// The file as named by the caller.
        file: String,
        /// 1-based line where the record starts.
        line: u64,
        /// The parser's message.
        message: String,
    },
    /// The content is none of the formats, or not the one asked for.
    #[error("{file}: {found}, expected {expected}")]
    NotRecognised {
        /// The file as named by the caller.
        file: String,
        /// What the file looks like.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// The content is the format but lacks what a standard needs.
    #[error("{file}: {at}: {message}")]
    Shape {
        /// The file as named by the caller.
        file: String,
        /// Where, e.g. `framework.standards` or `line 3`.
        at: String,
        /// What is wrong, and what to do.
        message: String,
    },
}

impl ImportError {
    /// What to do about it.
    #[must_use]
    pub fn help(&self) -> &'static str {
        match self {
            Self::Json { .. } | Self::Csv { .. } => {
                "fix the file at that place, or check that it is the export you meant to import"
            }
            Self::NotRecognised { .. } => {
                "export the framework from Mahara (.matrix), Moodle (competency framework CSV) or a CASE server (CFPackage JSON), or save a skills × levels spreadsheet as CSV (--from levels-csv)"
            }
            Self::Shape { .. } => "add what is missing, or re-export the framework from its system",
        }
    }

    pub(crate) fn json(file: &str, error: &serde_json::Error) -> Self {
        Self::Json {
            file: file.to_owned(),
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        }
    }

    pub(crate) fn shape(file: &str, at: &str, message: impl Into<String>) -> Self {
        Self::Shape {
            file: file.to_owned(),
            at: at.to_owned(),
            message: message.into(),
        }
    }
}
