//! Which format a file is in, decided from its content.

use serde::Serialize;

use crate::levels_csv;
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
    /// A skills × levels spreadsheet saved as CSV: a row per skill, a
    /// column per level (DDaT, SFIA).
    LevelsCsv,
}

impl Format {
    /// The format's name as users know it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Mahara => "a Mahara SmartEvidence framework (.matrix JSON)",
            Self::Moodle => "a Moodle competency framework CSV",
            Self::Case => "an IMS CASE CFPackage (JSON)",
            Self::LevelsCsv => "a skills × levels CSV",
        }
    }

    /// The value of `--from` that names the format.
    #[must_use]
    pub fn option(self) -> &'static str {
        match self {
            Self::Mahara => "mahara",
            Self::Moodle => "moodle",
            Self::Case => "case",
            Self::LevelsCsv => "levels-csv",
        }
    }

    /// What a file in the format looks like, as a refusal says it.
    pub(crate) fn expects(self) -> &'static str {
        match self {
            Self::Mahara => "a Mahara SmartEvidence framework: JSON with a `framework` key",
            Self::Moodle => {
                "a Moodle competency framework CSV: a first row of 13 or 14 columns, \
                 `Parent id number,Id number,Shortname,Description,…`"
            }
            Self::Case => "an IMS CASE CFPackage: JSON with `CFDocument` and `CFItems`",
            Self::LevelsCsv => {
                "a skills × levels CSV (comma-separated): a header row naming a skill column (`Skill`, `Name` or \
                 `Skill name`), optionally a description (`Description`) and a group (`Category`, \
                 `Role family`), and one column per level (`Level 1`…, or names such as \
                 `Awareness,Working,Practitioner,Expert`); name the columns with --name-column, \
                 --description-column, --group-column and --level-columns when the header says otherwise"
            }
        }
    }
}

const EXPECTED: &str = "a Mahara .matrix (JSON with a `framework` key), an IMS CASE CFPackage \
     (JSON with `CFDocument` and `CFItems`), a Moodle competency framework CSV (first row \
     `Parent id number,Id number,Shortname,…`) or a skills × levels CSV (first row \
     `Skill,Description,Level 1,Level 2,…`); name the format with --from if it is one of these";

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
    if levels_csv::detected(text) {
        return Ok(Format::LevelsCsv);
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

/// Checks that `text` is in the format `asked` for (`--from`): detected as
/// it, or, for a Moodle CSV, a first row of Moodle's 13 or 14 columns under
/// another header (Moodle itself reads its columns by position, whatever
/// their names, so a translated header is still its format).
///
/// # Errors
/// [`ImportError::NotRecognised`] saying what the file looks like and what
/// `asked` expects, or [`ImportError::Json`] for malformed JSON.
pub fn check_is(file: &str, text: &str, asked: Format) -> Result<(), ImportError> {
    let found = match detect(file, text) {
        Ok(found) if found == asked => return Ok(()),
        Ok(found) => format!(
            "this is {}, not {}: name it with --from {}, or leave --from out",
            found.name(),
            asked.name(),
            found.option()
        ),
        Err(_) if asked == Format::Moodle && moodle_columns(text) => return Ok(()),
        Err(_) if asked == Format::LevelsCsv && levels_csv::csv_with_columns(text) => {
            return Ok(());
        }
        Err(ImportError::NotRecognised { found, .. }) => found,
        Err(error) => return Err(error),
    };
    Err(ImportError::NotRecognised {
        file: file.to_owned(),
        found,
        expected: asked.expects().to_owned(),
    })
}

fn not_recognised(file: &str, found: &str) -> ImportError {
    ImportError::NotRecognised {
        file: file.to_owned(),
        found: format!("not a framework format nosfolio reads ({found})"),
        expected: EXPECTED.to_owned(),
    }
}

/// Whether the first record has the columns of a Moodle competency
/// framework CSV (13, or 14 with the taxonomy), whatever their names, and
/// is not a skills × levels header that happens to have as many.
fn moodle_columns(text: &str) -> bool {
    first_record(text).is_some_and(|first| matches!(first.len(), 13 | 14))
        && !levels_csv::has_skill_and_levels(text)
}

/// The first record of `text` read as CSV, if it has one.
fn first_record(text: &str) -> Option<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .next()?
        .ok()
}

/// Whether the first record is Moodle's English header.
pub(crate) fn is_moodle_header(text: &str) -> bool {
    let Some(first) = first_record(text) else {
        return false;
    };
    let cell = |i: usize| first.get(i).unwrap_or("").trim().to_ascii_lowercase();
    first.len() >= 13 && cell(0) == "parent id number" && cell(1) == "id number"
}
