//! Evidence descriptions: sidecars and Markdown front matter, parsed from
//! text and resolved against a portfolio's standards.
//!
//! Reading the files is the scan crate's job; this module only interprets
//! text, so every rule about what a sidecar may say lives in one place.

use std::fmt;

use jiff::civil::Date;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Position, Problem};
use crate::standard_set::{ItemRef, StandardSet, TypeRef};

/// Who may see a piece of evidence.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidentiality {
    /// Anyone the portfolio is shown to.
    Public,
    /// The candidate and their assessors (the default).
    #[default]
    Assessor,
    /// The candidate only; others see that it exists.
    Private,
}

impl fmt::Display for Confidentiality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Public => "public",
            Self::Assessor => "assessor",
            Self::Private => "private",
        })
    }
}

/// The person who wrote a witness statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Witness {
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: String,
    /// Their organisation, when it is not the candidate's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// How they know the candidate (line manager, colleague, client…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    /// When they signed the statement (`YYYY-MM-DD`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::yaml::optional_day_text"
    )]
    pub date: Option<String>,
    /// How an assessor can reach them to confirm it (an e-mail address or
    /// a telephone number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// A value with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Its line and column, when known.
    pub position: Option<Position>,
}

/// One entry of `claims:` as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimText {
    /// The item id, `PC2` or `networking:L3.2`.
    pub item: Located<String>,
    /// Where in the evidence the proof is: page, paragraph, time stamp.
    pub at: Option<String>,
    /// How the evidence shows the item.
    pub note: Option<String>,
}

/// A sidecar or front matter, checked for form but not yet against standards.
///
/// Serializable so that the scan crate can keep it in its cache and not
/// parse an unchanged sidecar again.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EvidenceMeta {
    /// Title.
    pub title: Option<String>,
    /// Date of the evidence.
    pub date: Option<Date>,
    /// Evidence type id as written.
    pub evidence_type: Option<Located<String>>,
    /// Who may see it.
    pub confidentiality: Confidentiality,
    /// Files as written, relative to the sidecar's folder.
    pub files: Vec<Located<String>>,
    /// Markdown description.
    pub description: Option<String>,
    /// The witness, for a witness statement.
    pub witness: Option<Witness>,
    /// Still being written: shown, but not counted as coverage.
    pub draft: bool,
    /// The claims as written.
    pub claims: Vec<ClaimText>,
}

impl EvidenceMeta {
    /// Whether `other` says the same as this, wherever it is written: the
    /// test an edit in place must pass before it replaces a file.
    #[must_use]
    pub fn says_the_same_as(&self, other: &Self) -> bool {
        fn content(meta: &EvidenceMeta) -> impl PartialEq + use<'_> {
            (
                (&meta.title, meta.date, meta.confidentiality, meta.draft),
                meta.evidence_type.as_ref().map(|t| &t.value),
                meta.files.iter().map(|f| &f.value).collect::<Vec<_>>(),
                (&meta.description, &meta.witness),
                meta.claims
                    .iter()
                    .map(|c| (c.item.value.trim(), &c.at, &c.note))
                    .collect::<Vec<_>>(),
            )
        }
        content(self) == content(other)
    }
}

/// The evidence keys of a description as deserialized, not yet checked: for
/// formats that carry them beside keys of their own, such as the entries of
/// a networking journal. [`meta_from_fields`] checks them. Deserialized on
/// its own, it is a sidecar.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaFields {
    /// `title:`
    pub title: Option<String>,
    /// `date:` as written.
    pub date: Option<Spanned<String>>,
    /// `type:` as written.
    #[serde(rename = "type")]
    pub evidence_type: Option<Spanned<String>>,
    /// `confidentiality:`
    pub confidentiality: Option<Confidentiality>,
    /// `files:` as written.
    pub files: Option<Vec<Spanned<String>>>,
    /// `description:`
    pub description: Option<String>,
    /// `witness:`
    pub witness: Option<Spanned<Witness>>,
    /// `draft:`
    pub draft: Option<bool>,
    /// `claims:` (written empty, it is an empty list)
    #[serde(default, deserialize_with = "null_as_empty")]
    pub claims: Vec<ClaimEntry>,
}

/// A list that may be written as an empty value (`claims:` with nothing
/// after it yet), which YAML reads as null.
///
/// # Errors
/// Whatever the list's own deserializer reports.
pub fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// One entry of `claims:` as deserialized: a bare id, or a map with `item`,
/// `at` and `note`.
#[derive(Debug)]
pub struct ClaimEntry {
    item: Spanned<String>,
    at: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimMap {
    item: Spanned<String>,
    at: Option<String>,
    note: Option<String>,
}

impl<'de> Deserialize<'de> for ClaimEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A bare id carries its position through `Spanned`; a map carries the
        // position of its `item` value.
        struct ClaimVisitor;
        impl<'de> Visitor<'de> for ClaimVisitor {
            type Value = Result<String, ClaimMap>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an item id such as `PC2`, or a map with `item`, `at` and `note`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Ok(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                ClaimMap::deserialize(de::value::MapAccessDeserializer::new(map)).map(Err)
            }
        }
        let spanned = Spanned::<ClaimOrMap>::deserialize(deserializer)?;
        return Ok(match spanned.value.0 {
            Ok(item) => ClaimEntry {
                item: Spanned::new(item, spanned.referenced, spanned.defined),
                at: None,
                note: None,
            },
            Err(map) => ClaimEntry {
                item: map.item,
                at: map.at,
                note: map.note,
            },
        });

        struct ClaimOrMap(Result<String, ClaimMap>);
        impl<'de> Deserialize<'de> for ClaimOrMap {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(ClaimVisitor).map(ClaimOrMap)
            }
        }
    }
}

fn shifted(position: Option<Position>, line_offset: u64) -> Option<Position> {
    position.map(|p| Position {
        line: p.line + line_offset,
        column: p.column,
    })
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Parses a `YYYY-MM-DD` date, rejecting impossible ones such as 2025-02-30.
///
/// # Errors
/// [`Problem::InvalidDate`] saying why.
pub fn parse_date(value: &str) -> Result<Date, Problem> {
    let invalid = |reason: String| Problem::InvalidDate {
        value: value.to_owned(),
        reason,
    };
    let bytes = value.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(invalid("expected YYYY-MM-DD".into()));
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    Date::new(year, month as i8, day as i8).map_err(|_| {
        if (1..=12).contains(&month) {
            invalid(format!("there is no day {day} in {year}-{month:02}"))
        } else {
            invalid(format!("there is no month {month}"))
        }
    })
}

/// Parses a sidecar or front matter. `line_offset` is added to every line
/// number (front matter starts on line 2 of its file).
///
/// Returns what could be read (nothing when the YAML itself is broken) and
/// every problem found.
pub fn parse_meta(
    file: &str,
    text: &str,
    line_offset: u64,
) -> (Option<EvidenceMeta>, Vec<Diagnostic>) {
    match crate::yaml::from_str::<MetaFields>(file, text) {
        Ok(raw) => {
            let (meta, problems) = meta_from_fields(file, raw, line_offset);
            (Some(meta), problems)
        }
        Err(mut diagnostic) => {
            diagnostic.position = shifted(diagnostic.position, line_offset);
            (None, vec![diagnostic])
        }
    }
}

/// Checks the evidence keys of a description read by another format's
/// parser: dates, and positions shifted by `line_offset`.
pub fn meta_from_fields(
    file: &str,
    raw: MetaFields,
    line_offset: u64,
) -> (EvidenceMeta, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut date_of = |spanned: Spanned<String>| {
        let at = located(spanned, line_offset);
        match parse_date(at.value.trim()) {
            Ok(date) => Some(date),
            Err(problem) => {
                problems.push(Diagnostic::new(file, at.position, problem));
                None
            }
        }
    };
    let date = raw.date.and_then(&mut date_of);
    let witness = raw.witness.map(|spanned| {
        let mut witness = spanned.value;
        if let Some(date) = witness.date.take() {
            let at = Spanned::new(date, spanned.referenced, spanned.defined);
            witness.date = date_of(at).map(|d| d.to_string());
        }
        witness
    });
    let meta = EvidenceMeta {
        title: non_empty(raw.title),
        date,
        evidence_type: raw.evidence_type.map(|t| located(t, line_offset)),
        confidentiality: raw.confidentiality.unwrap_or_default(),
        files: raw
            .files
            .unwrap_or_default()
            .into_iter()
            .map(|f| located(f, line_offset))
            .collect(),
        description: non_empty(raw.description),
        witness,
        draft: raw.draft.unwrap_or(false),
        claims: raw
            .claims
            .into_iter()
            .map(|c| ClaimText {
                item: located(c.item, line_offset),
                at: non_empty(c.at),
                note: non_empty(c.note),
            })
            .collect(),
    };
    (meta, problems)
}

/// A value with its position, the line shifted by `line_offset`.
#[must_use]
pub fn located<T>(spanned: Spanned<T>, line_offset: u64) -> Located<T> {
    Located {
        position: shifted(
            Position::new(spanned.referenced.line(), spanned.referenced.column()),
            line_offset,
        ),
        value: spanned.value,
    }
}

/// Markdown front matter: the YAML between a first line `---` and the next
/// line that is `---` or `...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// The YAML text.
    pub yaml: &'a str,
    /// The Markdown after the closing line.
    pub body: &'a str,
}

impl FrontMatter<'_> {
    /// Lines before the YAML starts, to add to the parser's line numbers.
    pub const LINE_OFFSET: u64 = 1;
}

/// Splits front matter off a Markdown text, if it has any.
///
/// # Errors
/// [`Problem::UnclosedFrontMatter`] when `---` opens it and nothing closes it.
pub fn split_front_matter(text: &str) -> Option<Result<FrontMatter<'_>, Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            return Some(Ok(FrontMatter {
                yaml: &rest[..offset],
                body: &rest[offset + line.len()..],
            }));
        }
        offset += line.len();
    }
    Some(Err(Problem::UnclosedFrontMatter))
}

/// A claim resolved against the portfolio's standards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The item claimed.
    pub item: ItemRef,
    /// Where in the evidence the proof is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// How it shows the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Claims and type of one piece of evidence, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved {
    /// The evidence type, when it names one the standards define.
    pub evidence_type: Option<TypeRef>,
    /// Valid claims, each item once, in the order written.
    pub claims: Vec<Claim>,
}

/// Resolves the type and claims of `meta` against `standards`, reporting
/// unknown and ambiguous ids, repeated claims, and claims the standard's
/// evidence-requirements table does not map to the evidence type.
pub fn resolve(
    file: &str,
    meta: &EvidenceMeta,
    standards: &StandardSet,
) -> (Resolved, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let evidence_type = meta.evidence_type.as_ref().and_then(|written| {
        standards
            .resolve_type(&written.value)
            .map_err(|problem| problems.push(Diagnostic::new(file, written.position, problem)))
            .ok()
    });
    let mut claims: Vec<Claim> = Vec::new();
    for text in &meta.claims {
        let at = text.item.position;
        let item = match standards.resolve_item(&text.item.value) {
            Ok(item) => item,
            Err(problem) => {
                problems.push(Diagnostic::new(file, at, problem));
                continue;
            }
        };
        if claims.iter().any(|c| c.item == item) {
            problems.push(Diagnostic::new(
                file,
                at,
                Problem::DuplicateClaim {
                    id: standards.display(&item),
                },
            ));
            continue;
        }
        if let Some((standard, kind)) = evidence_type
            .as_ref()
            .and_then(|t| standards.evidence_type(t))
            && standard.id == item.standard
            && !kind.supports(&item.item)
        {
            problems.push(Diagnostic::new(
                file,
                at,
                Problem::UnsupportedClaim {
                    item: standards.display(&item),
                    evidence_type: kind.id.clone(),
                    standard: standard.short_name().to_owned(),
                    supported: kind.supports.clone(),
                },
            ));
        }
        claims.push(Claim {
            item,
            at: text.at.clone(),
            note: text.note.clone(),
        });
    }
    if meta.claims.is_empty() {
        problems.push(Diagnostic::file(file, Problem::NoClaims));
    }
    if meta.draft {
        problems.push(Diagnostic::file(file, Problem::Draft));
    }
    (
        Resolved {
            evidence_type,
            claims,
        },
        problems,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::builtin_standard;

    fn mla3() -> StandardSet {
        let mut set = StandardSet::new();
        set.add(builtin_standard("mla3").unwrap().clone());
        set
    }

    const SIDECAR: &str = "\
title: Email sharing the forecasting template with Finance
date: 2025-04-02
type: correspondence
confidentiality: assessor
claims:
  - PC2
  - item: PC5
    at: paragraph 2
    note: I used the template they sent back to fix our budget model.
  - B3
";

    #[test]
    fn the_design_example_sidecar_reads() {
        let (meta, problems) = parse_meta("x.yaml", SIDECAR, 0);
        assert!(problems.is_empty(), "{problems:?}");
        let meta = meta.unwrap();
        assert_eq!(meta.date, Some(jiff::civil::date(2025, 4, 2)));
        assert_eq!(meta.claims.len(), 3);
        assert_eq!(meta.claims[1].item.value, "PC5");
        assert_eq!(meta.claims[1].item.position, Position::new(7, 11));
        assert_eq!(meta.claims[1].at.as_deref(), Some("paragraph 2"));
        assert_eq!(meta.claims[2].item.position, Position::new(10, 5));
        let (resolved, problems) = resolve("x.yaml", &meta, &mla3());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(resolved.claims.len(), 3);
        assert_eq!(resolved.evidence_type.unwrap().id, "correspondence");
    }

    #[test]
    fn impossible_dates_are_errors_and_the_rest_still_reads() {
        let (meta, problems) =
            parse_meta("x.yaml", &SIDECAR.replace("2025-04-02", "2025-02-30"), 0);
        assert_eq!(meta.unwrap().claims.len(), 3);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].position, Position::new(2, 7));
        assert_eq!(
            problems[0].problem.to_string(),
            "invalid date `2025-02-30`: there is no day 30 in 2025-02"
        );
        assert!(parse_date("2025-13-01").is_err());
        assert!(parse_date("2/4/2025").is_err());
        assert!(parse_date("2024-02-29").is_ok());
    }

    #[test]
    fn an_empty_claims_key_is_an_empty_list() {
        let (meta, problems) = parse_meta("x.yaml", "title: T\nclaims:\n", 0);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(meta.unwrap().claims.is_empty());
    }

    #[test]
    fn claim_maps_reject_unknown_keys() {
        let text = "claims:\n  - item: PC1\n    page: 3\n";
        let (meta, problems) = parse_meta("x.yaml", text, 0);
        assert!(meta.is_none());
        assert_eq!(problems[0].problem.code(), "unknown-key");
        assert_eq!(problems[0].position, Position::new(3, 5));
    }

    #[test]
    fn claims_must_be_ids_or_maps() {
        let (_, problems) = parse_meta("x.yaml", "claims:\n  - [PC1]\n", 0);
        assert!(
            problems[0].to_string().contains("x.yaml:2:5"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn resolution_reports_every_bad_claim() {
        let text = "type: annotated-contacts-list\nclaims: [PC1, PC7, PC1, B9]\n";
        let (meta, _) = parse_meta("x.yaml", text, 0);
        let (resolved, problems) = resolve("x.yaml", &meta.unwrap(), &mla3());
        let codes: Vec<&str> = problems.iter().map(|p| p.problem.code()).collect();
        assert_eq!(
            codes,
            ["unknown-item", "duplicate-claim", "unsupported-claim"]
        );
        assert_eq!(resolved.claims.len(), 2);
    }

    #[test]
    fn front_matter_is_split_and_positions_shift() {
        let text = "---\ntitle: Log\ndate: 2025-13-40\n---\n# Body\n";
        let front = split_front_matter(text).unwrap().unwrap();
        assert_eq!(front.body, "# Body\n");
        let (_, problems) = parse_meta("log.md", front.yaml, FrontMatter::LINE_OFFSET);
        assert_eq!(problems[0].position, Position::new(3, 7));
        assert!(split_front_matter("# no front matter").is_none());
        assert_eq!(
            split_front_matter("---\ntitle: x\n"),
            Some(Err(Problem::UnclosedFrontMatter))
        );
        let crlf = split_front_matter("---\r\ntitle: x\r\n---\r\nbody")
            .unwrap()
            .unwrap();
        assert_eq!((crlf.yaml, crlf.body), ("title: x\r\n", "body"));
    }
}

/// One file of a piece of evidence, as found on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    /// Path relative to the portfolio, with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the contents, lower-case hex; `None` when it could not be read.
    pub sha256: Option<String>,
}

/// A piece of evidence: one or more files, their description and claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The evidence's path relative to the portfolio: the described file, or
    /// the sidecar itself when it lists `files:`.
    pub path: String,
    /// The sidecar or Markdown file holding the description.
    pub described_by: String,
    /// Title (the file name when the description gives none).
    pub title: String,
    /// Date of the evidence.
    pub date: Option<Date>,
    /// Evidence type.
    pub evidence_type: Option<TypeRef>,
    /// Who may see it.
    pub confidentiality: Confidentiality,
    /// Markdown description.
    pub description: Option<String>,
    /// The witness, for a witness statement.
    pub witness: Option<Witness>,
    /// Still being written: its claims do not count as coverage.
    pub draft: bool,
    /// The files making up the evidence.
    pub files: Vec<EvidenceFile>,
    /// A digest of the evidence: the file's SHA-256 for a single file; for
    /// several, the SHA-256 of their `sha256sum`-style listing
    /// (`<hex>  <path>\n` per file, in order). `None` if any file is unreadable.
    pub sha256: Option<String>,
    /// What it claims.
    pub claims: Vec<Claim>,
}
