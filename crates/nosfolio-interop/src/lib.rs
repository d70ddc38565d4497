//! Frameworks from other systems in, nosfolio standards and evidence out.
//!
//! Centres hold frameworks in Mahara (SmartEvidence `.matrix` JSON), Moodle
//! (the competency framework CSV of `tool_lpimportcsv`) and IMS CASE
//! (CFPackage JSON), and many publish skills × levels spreadsheets (DDaT,
//! SFIA) that save as CSV; candidates carry achievements between providers as
//! Open Badges 3.0. This crate converts between those formats and
//! nosfolio's [`Standard`]: text in, typed values and an
//! [`ImportReport`] of everything that could not be carried over out. It
//! also signs and verifies Open Badges 3.0 credentials as VC-JWT with
//! Ed25519 keys named by `did:key` ([`sign_credential`],
//! [`verify_credential`]).
//!
//! Like `nosfolio-core` it never touches the file system, reads no clock
//! and makes no random number: the CLI reads the files, hands their text
//! here (with the moment, and any random ids and salts), and writes what
//! comes back. Every imported
//! standard is written as YAML by [`standard_yaml`], which
//! [`nosfolio_core::parse_standard`] reads back to the same value.
//!
//! ```
//! use nosfolio_interop::{import, standard_yaml, ImportOptions};
//!
//! let matrix = r#"{"framework": {"name": "Demo", "standards": [
//!     {"shortname": "A", "name": "First", "standardid": 1}],
//!   "standardelements": [
//!     {"shortname": "A.1", "name": "Do the thing", "standardid": 1, "elementid": 1}]}}"#;
//! let imported = import("demo.matrix", matrix, None, &ImportOptions::default()).unwrap();
//! assert_eq!(imported.standard.item_count(), 1);
//! let yaml = standard_yaml(&imported.standard, &imported.report.source_ids).unwrap();
//! let back = nosfolio_core::parse_standard("demo.yaml", &yaml).unwrap();
//! assert_eq!(back, imported.standard);
//! ```

#![forbid(unsafe_code)]

mod case;
mod detect;
mod did_key;
mod html;
mod ids;
mod levels_csv;
mod mahara;
mod moodle;
mod openbadges;
mod report;
mod tree;
mod vc_jwt;
mod yaml_out;

pub use case::{case_package, case_uuid, document_uuid, item_uuid, node_uuid};
pub use detect::{Format, check_is, detect};
pub use did_key::{DidKeyError, did_key, did_key_url, resolve_did_key};
pub use html::{html_to_text, looks_like_html};
pub use ids::standard_id;
pub use mahara::mahara_matrix;
pub use openbadges::{
    Accepted, BadgeInput, IssuerProfile, Recipient, achievement, achievement_uuid, identity_hash,
    open_badge_credential, target_key,
};
pub use report::{ImportError, ImportReport, Note};
pub use vc_jwt::{
    AlignedItem, Check, CredentialProblem, SignError, VerifiedCredential, sign_credential,
    verify_credential,
};
pub use yaml_out::standard_yaml;

use nosfolio_core::{Group, Standard, StandardKind};

/// Choices the caller makes about an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The id of the standard to create (lower-case letters, digits and `-`);
    /// without it, one is made from the source's title.
    pub id: Option<String>,
    /// A skills × levels CSV's column of skill names (its header, or its
    /// number from 1); found by its header when absent.
    pub name_column: Option<String>,
    /// A skills × levels CSV's column of descriptions.
    pub description_column: Option<String>,
    /// A skills × levels CSV's level columns, lowest level first.
    pub level_columns: Vec<String>,
    /// A skills × levels CSV's column grouping the skills (a role family,
    /// a category).
    pub group_column: Option<String>,
}

impl ImportOptions {
    /// The option naming a column, if one is given: they apply to a
    /// skills × levels CSV only.
    fn column_option(&self) -> Option<&'static str> {
        [
            (self.name_column.is_some(), "--name-column"),
            (self.description_column.is_some(), "--description-column"),
            (!self.level_columns.is_empty(), "--level-columns"),
            (self.group_column.is_some(), "--group-column"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

/// A standard converted from another system's file, with what was lost.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The standard, valid as nosfolio reads standards.
    pub standard: Standard,
    /// Everything not carried over, every id changed, and what was read.
    pub report: ImportReport,
}

/// Converts `text` (the contents of the file `file`) to a nosfolio standard.
///
/// With `from` as `None` the format is detected from the content.
///
/// # Errors
/// [`ImportError`] when the text is not the format (naming what was
/// expected), is malformed (with line and column), or holds nothing that
/// could become an item.
pub fn import(
    file: &str,
    text: &str,
    from: Option<Format>,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = match from {
        Some(format) => {
            check_is(file, text, format)?;
            format
        }
        None => detect(file, text)?,
    };
    if let Some(flag) = options
        .column_option()
        .filter(|_| format != Format::LevelsCsv)
    {
        return Err(ImportError::shape(
            file,
            "the whole file",
            format!(
                "{flag} names a column of a skills × levels CSV, but this is {}: leave it out, or import a skills × levels CSV with --from levels-csv",
                format.name()
            ),
        ));
    }
    let imported = match format {
        Format::Mahara => mahara::import(file, text, options),
        Format::Moodle => moodle::import(file, text, options),
        Format::Case => case::import(file, text, options),
        Format::LevelsCsv => levels_csv::import(file, text, options),
    }?;
    if imported.standard.item_count() == 0 {
        return Err(ImportError::Shape {
            file: file.to_owned(),
            at: "the whole file".to_owned(),
            message: format!(
                "nothing in it could become an item of a standard (read as {})",
                format.name()
            ),
        });
    }
    // The converters keep to what a standard allows; this guards the promise
    // that nothing invalid is ever handed back.
    let yaml = standard_yaml(&imported.standard, &imported.report.source_ids).map_err(|error| {
        ImportError::Shape {
            file: file.to_owned(),
            at: "converted standard".to_owned(),
            message: std::error::Error::source(&error)
                .map_or_else(|| error.to_string(), |source| format!("{error}: {source}")),
        }
    })?;
    match nosfolio_core::parse_standard(file, &yaml) {
        // The standard as the file will hold it (text trimmed as nosfolio
        // reads it), so that writing and reading it back changes nothing.
        Ok(standard) => Ok(Imported {
            standard,
            report: imported.report,
        }),
        Err(problems) => Err(ImportError::Shape {
            file: file.to_owned(),
            at: "converted standard".to_owned(),
            message: problems
                .iter()
                .map(|d| d.problem.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        }),
    }
}

/// A standard made of converted groups: a competency framework when they
/// are levels (the description is then its definition), else a unit (the
/// description its overview).
pub(crate) fn assemble(
    id: String,
    code: Option<String>,
    title: String,
    description: Option<String>,
    groups: Vec<Group>,
) -> Standard {
    let leveled = groups.iter().any(|g| g.level.is_some());
    let description = description.filter(|d| !d.is_empty());
    Standard {
        id,
        kind: if leveled {
            StandardKind::CompetencyFramework
        } else {
            StandardKind::NosUnit
        },
        code,
        title,
        suite: None,
        record: nosfolio_core::NosRecord::default(),
        overview: if leveled { None } else { description.clone() },
        definition: if leveled { description } else { None },
        audience: None,
        links: None,
        skills_intro: None,
        skills: Vec::new(),
        identifier: None,
        source: None,
        groups,
        evidence_types: Vec::new(),
        associations: Vec::new(),
    }
}

/// The standard's texts that `format` (`a CFDocument`, `a .matrix`) has no
/// place for, one line each: suite, audience, links, the skills and their
/// introduction, and its code when `code_lost` (Mahara folds the code into
/// the framework's name).
pub(crate) fn texts_not_held(standard: &Standard, format: &str, code_lost: bool) -> Vec<String> {
    let mut lost = Vec::new();
    let code = if code_lost { &standard.code } else { &None };
    for (name, value) in [
        ("code (it is part of the framework's name)", code),
        ("suite", &standard.suite),
        ("audience", &standard.audience),
        ("links", &standard.links),
        ("skills intro", &standard.skills_intro),
    ] {
        if value.is_some() {
            lost.push(format!(
                "the standard's {name}: {format} has no place for it"
            ));
        }
    }
    if !standard.skills.is_empty() {
        lost.push(format!(
            "the standard's {} skills: {format} has no place for them",
            standard.skills.len()
        ));
    }
    lost
}
