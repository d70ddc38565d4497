//! Which format a file is in, decided from its content.

use serde::Serialize;

use crate::report::ImportError;

/// The formats a framework can be imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Mahara SmartEvidence `.matrix` JSON: `{"framework": {…}}`.
    Mahara,
    /// Moodle competency framework CSV (`tool_lpimportcsv`).
    Moodle,
    /// IMS CASE 1.0 CFPackage JSON: `CFDocument`, `CFItems`, `CFAssociations`.
    Case,
}

impl Format {
    /// The format's name as users know it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Mahara => "a Mahara SmartEvidence framework (.matrix JSON)",
            Self::Moodle => "a Moodle competency framework CSV",
            Self::Case => "an IMS CASE CFPackage (JSON)",
        }
    }
}

const EXPECTED: &str = "a Mahara .matrix (JSON with a `framework` key), an IMS CASE CFPackage \
     (JSON with `CFDocument` and `CFItems`) or a Moodle competency framework CSV (first row \
     `Parent id number,Id number,Shortname,…`); name the format with --from if it is one of these";

/// Decides the format of `text` (a BOM already removed).
///
/// # Errors
/// [`ImportError::NotRecognised`] naming the formats expected, or
/// [`ImportError::Json`] when the text starts like JSON but is malformed.
pub fn detect(file: &str, text: &str) -> Result<Format, ImportError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ImportError::json(file, &e))?;
        let object = value.as_object();
        let has = |key: &str| object.is_some_and(|o| o.contains_key(key));
        if has("framework") {
            return Ok(Format::Mahara);
        }
        if has("CFDocument") || has("CFItems") {
            return Ok(Format::Case);
        }
        let found = match object {
            Some(o) => format!(
                "JSON with keys {}",
                o.keys()
                    .take(5)
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "JSON that is not an object".to_owned(),
        };
        return Err(not_recognised(file, &found));
    }
    if is_moodle_header(text) {
        return Ok(Format::Moodle);
    }
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(60)
        .collect::<String>();
    Err(not_recognised(file, &format!("first line `{first}`")))
}

fn not_recognised(file: &str, found: &str) -> ImportError {
    ImportError::NotRecognised {
        file: file.to_owned(),
        found: format!("not a framework format nosfolio reads ({found})"),
        expected: EXPECTED.to_owned(),
    }
}

/// Whether the first record is Moodle's English header.
pub(crate) fn is_moodle_header(text: &str) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let Some(Ok(first)) = reader.records().next() else {
        return false;
    };
    let cell = |i: usize| first.get(i).unwrap_or("").trim().to_ascii_lowercase();
    first.len() >= 13 && cell(0) == "parent id number" && cell(1) == "id number"
}
