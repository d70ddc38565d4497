//! Problems found in user input, each with the place it was found.
//!
//! Loading never stops at the first problem: every function that reads user
//! input returns what it could make sense of together with a list of
//! [`Diagnostic`]s, so that a candidate sees every problem in one run.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth fixing, but the portfolio can still be read as it is.
    Warning,
    /// The input is wrong: the run exits with status 2.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A 1-based line and column in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    /// Line, counted from 1.
    pub line: u64,
    /// Column in characters, counted from 1.
    pub column: u64,
}

impl Position {
    /// A position; `None` when either coordinate is unknown (0).
    #[must_use]
    pub fn new(line: u64, column: u64) -> Option<Self> {
        (line > 0 && column > 0).then_some(Self { line, column })
    }
}

/// What is wrong. Each variant's message is a sentence fragment that the CLI
/// prints after `file:line:column: error:`; [`Problem::help`] says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// The YAML is malformed, or a value has the wrong type.
    #[error("{message}")]
    Yaml {
        /// The parser's description of the problem.
        message: String,
    },
    /// A mapping has a key that the format does not know.
    #[error("unknown key `{key}`")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The keys allowed at that place.
        allowed: Vec<String>,
    },
    /// A mapping has the same key twice.
    #[error("duplicate key `{key}`")]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// A file is not UTF-8 text.
    #[error("not UTF-8 text: {detail}")]
    NotText {
        /// Where decoding failed.
        detail: String,
    },
    /// A file is larger than nosfolio reads for its kind.
    #[error("file is {size} bytes, larger than the {limit}-byte limit for this kind of file")]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A date is not a real calendar date in `YYYY-MM-DD` form.
    #[error("invalid date `{value}`: {reason}")]
    InvalidDate {
        /// The date as written.
        value: String,
        /// Why it is not a date.
        reason: String,
    },
    /// A claim names an item that no standard of the portfolio has.
    #[error("unknown item `{id}`")]
    UnknownItem {
        /// The id as written.
        id: String,
        /// The closest ids that do exist, best first.
        nearest: Vec<String>,
        /// What ids exist, e.g. `M&LA3 has PC1..PC6, B1..B10`.
        known: String,
    },
    /// An unqualified item id exists in more than one of the portfolio's standards.
    #[error("ambiguous item `{id}`: more than one of this portfolio's standards has it")]
    AmbiguousItem {
        /// The id as written.
        id: String,
        /// The qualified ids it could mean.
        candidates: Vec<String>,
    },
    /// A standard id that is neither built in nor a file.
    #[error("unknown standard `{id}`")]
    UnknownStandard {
        /// The id as written.
        id: String,
        /// The standards that could be meant.
        known: Vec<String>,
    },
    /// An evidence `type` that none of the portfolio's standards defines.
    #[error("unknown evidence type `{id}`")]
    UnknownEvidenceType {
        /// The type as written.
        id: String,
        /// The closest evidence-type ids, best first.
        nearest: Vec<String>,
        /// Every evidence-type id the portfolio's standards define.
        known: Vec<String>,
    },
    /// A file named by a sidecar does not exist.
    #[error("`{path}` does not exist")]
    MissingFile {
        /// The path as written in the sidecar, or the file a sidecar is named after.
        path: String,
        /// Whether the path came from the sidecar's file name rather than `files:`.
        implied: bool,
    },
    /// A path names a folder or something else that is not a regular file.
    #[error("`{path}` is not a file")]
    NotAFile {
        /// The path as written.
        path: String,
    },
    /// A path leaves the portfolio folder.
    #[error("`{path}` is outside the portfolio folder")]
    OutsidePortfolio {
        /// The path as written.
        path: String,
    },
    /// One of the portfolio's own files or folders is reached through a
    /// symbolic link that leads out of the portfolio folder: it is not read.
    #[error("`{path}` is a symbolic link leading out of the portfolio folder; it was not read")]
    LinkOutside {
        /// The link, relative to the portfolio.
        path: String,
    },
    /// A path names a hidden file, or a file in a hidden folder, which the
    /// seal does not cover.
    #[error(
        "`{path}` is hidden (a name starting with `.`), and a seal does not cover hidden files"
    )]
    HiddenPath {
        /// The path as written.
        path: String,
    },
    /// A file could not be read.
    #[error("cannot read `{path}`: {message}")]
    Unreadable {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// A file name is not valid UTF-8, so it cannot be named in a portfolio.
    #[error("file name is not valid UTF-8: {lossy}")]
    NonUtf8Name {
        /// The name with invalid bytes replaced.
        lossy: String,
    },
    /// A Markdown file has front matter and a sidecar as well.
    #[error("described twice: by its front matter and by `{sidecar}`")]
    DescribedTwice {
        /// The sidecar's path.
        sidecar: String,
    },
    /// A Markdown file opens front matter with `---` and never closes it.
    #[error("front matter opened with `---` on line 1 is never closed")]
    UnclosedFrontMatter,
    /// An evidence file has no sidecar and no front matter.
    #[error("no sidecar: this file claims nothing")]
    Unclaimed {
        /// The evidence file's path.
        path: String,
    },
    /// A piece of evidence is marked as a draft.
    #[error("draft: its claims do not count as coverage yet")]
    Draft,
    /// A piece of evidence has an empty claims list.
    #[error("this evidence claims no items")]
    NoClaims,
    /// The same item is claimed twice by one piece of evidence.
    #[error("`{id}` is claimed more than once; it counts once")]
    DuplicateClaim {
        /// The item claimed twice.
        id: String,
    },
    /// A claim the standard's evidence-requirements table does not map to the evidence type.
    #[error("evidence of type `{evidence_type}` does not support `{item}` according to {standard}")]
    UnsupportedClaim {
        /// The claimed item.
        item: String,
        /// The evidence type.
        evidence_type: String,
        /// The standard's code or title.
        standard: String,
        /// What the type does support.
        supported: Vec<String>,
    },
    /// An id is defined twice in a standard.
    #[error("duplicate id `{id}` (first defined on line {first_line})")]
    DuplicateId {
        /// The repeated id.
        id: String,
        /// The line of the first definition.
        first_line: u64,
    },
    /// An evidence type of a standard names an item that the standard does not have.
    #[error("evidence type `{evidence_type}` names unknown item `{id}`")]
    DanglingItem {
        /// The unknown item.
        id: String,
        /// The evidence type naming it.
        evidence_type: String,
        /// The closest existing ids.
        nearest: Vec<String>,
    },
    /// A scope statement of a standard's record names an item that the
    /// standard does not have.
    #[error("scope statement `{scope}` applies to unknown item `{id}`")]
    UnknownScopeItem {
        /// The unknown item.
        id: String,
        /// The scope statement naming it.
        scope: String,
        /// The closest existing ids.
        nearest: Vec<String>,
    },
    /// A required text is empty.
    #[error("{what} is empty")]
    EmptyText {
        /// What is empty, e.g. `text of PC1`.
        what: String,
    },
    /// A detail of the candidate's for the report's cover cannot be
    /// shown as one line.
    #[error("`{key}`: {why}")]
    InvalidDetail {
        /// Its key in `portfolio.yaml`.
        key: String,
        /// What is wrong and what to do.
        why: String,
    },
    /// Two of a portfolio's standards have the same id.
    #[error("standard `{id}` is named more than once")]
    RepeatedStandard {
        /// The id.
        id: String,
    },
    /// A standard is well-formed YAML but does not make sense as a standard.
    #[error("{message}")]
    InvalidStandard {
        /// What is wrong.
        message: String,
    },
    /// The `policy:` of `portfolio.yaml` does not make sense.
    #[error("policy: {message}")]
    InvalidPolicy {
        /// What is wrong.
        message: String,
    },
    /// The `target:` of `portfolio.yaml` does not make sense.
    #[error("target: {message}")]
    InvalidTarget {
        /// What is wrong.
        message: String,
    },
    /// A trust list, or a signed record, is not as it must be.
    #[error("{reason}")]
    InvalidTrust {
        /// What is wrong.
        reason: String,
    },
    /// `portfolio.yaml` names no standard.
    #[error("no standards: `standards:` must name at least one standard")]
    NoStandards,
    /// A journal entry names a contact that `network/contacts.yaml` does not list.
    #[error("unknown contact `{id}`")]
    UnknownContact {
        /// The id as written.
        id: String,
        /// The closest contact ids, best first.
        nearest: Vec<String>,
    },
    /// A number outside the values a key allows, such as a score of 6.
    #[error("{what} `{value}` is out of range: {allowed}")]
    OutOfRange {
        /// What the value is, e.g. `score`.
        what: String,
        /// The value as written.
        value: String,
        /// What is allowed, e.g. `scores run from 1 to 5`.
        allowed: String,
    },
    /// The networking plan or journal does not make sense.
    #[error("{message}")]
    InvalidNetwork {
        /// What is wrong.
        message: String,
        /// What to do about it.
        help: String,
    },
    /// Something in the networking plan or journal that is probably a mistake.
    #[error("{message}")]
    NetworkWarning {
        /// What looks wrong.
        message: String,
        /// What to do about it.
        help: String,
    },
    /// A file is part of two pieces of evidence.
    #[error("`{path}` is also part of the piece described by `{first}`")]
    InTwoPieces {
        /// The file, relative to the portfolio.
        path: String,
        /// The description that lists it first.
        first: String,
    },
    /// An id or name holds a character that changes how text shows without
    /// being seen (see [`Problem::invisible`]).
    #[error(
        "{what} `{shown}` holds the invisible character U+{code:04X}: ids may not contain control characters, bidi controls or other invisible characters"
    )]
    InvisibleCharacter {
        /// What it is, e.g. `item id`.
        what: String,
        /// The text, every character but printable ASCII escaped.
        shown: String,
        /// The first invisible character's code point.
        code: u32,
    },
}

/// Whether `c` changes how text shows without being seen: a control
/// character (C0, DEL, C1: escape sequences, carriage returns), a bidi
/// control, a zero-width character, a soft hyphen or a byte-order mark.
#[must_use]
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

impl Problem {
    /// [`Problem::InvisibleCharacter`] when `text`, the `what` (an id, a
    /// name), holds an invisible character; `None` when it holds none.
    #[must_use]
    pub fn invisible(what: &str, text: &str) -> Option<Self> {
        let bad = text.chars().find(|&c| is_invisible(c))?;
        Some(Self::InvisibleCharacter {
            what: what.to_owned(),
            shown: text.escape_default().to_string(),
            code: u32::from(bad),
        })
    }

    /// How serious the problem is.
    #[must_use]
    pub fn severity(&self) -> Severity {
        match self {
            Self::Unclaimed { .. }
            | Self::Draft
            | Self::NoClaims
            | Self::DuplicateClaim { .. }
            | Self::UnsupportedClaim { .. }
            | Self::NetworkWarning { .. }
            | Self::InTwoPieces { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// A stable, kebab-case name for the kind of problem (for JSON output and tests).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Yaml { .. } => "yaml",
            Self::UnknownKey { .. } => "unknown-key",
            Self::DuplicateKey { .. } => "duplicate-key",
            Self::NotText { .. } => "not-text",
            Self::TooLarge { .. } => "too-large",
            Self::InvalidDate { .. } => "invalid-date",
            Self::UnknownItem { .. } => "unknown-item",
            Self::AmbiguousItem { .. } => "ambiguous-item",
            Self::UnknownStandard { .. } => "unknown-standard",
            Self::UnknownEvidenceType { .. } => "unknown-evidence-type",
            Self::MissingFile { .. } => "missing-file",
            Self::NotAFile { .. } => "not-a-file",
            Self::OutsidePortfolio { .. } => "outside-portfolio",
            Self::LinkOutside { .. } => "link-outside",
            Self::HiddenPath { .. } => "hidden-path",
            Self::Unreadable { .. } => "unreadable",
            Self::NonUtf8Name { .. } => "non-utf8-name",
            Self::DescribedTwice { .. } => "described-twice",
            Self::UnclosedFrontMatter => "unclosed-front-matter",
            Self::Unclaimed { .. } => "unclaimed",
            Self::Draft => "draft",
            Self::NoClaims => "no-claims",
            Self::DuplicateClaim { .. } => "duplicate-claim",
            Self::UnsupportedClaim { .. } => "unsupported-claim",
            Self::DuplicateId { .. } => "duplicate-id",
            Self::DanglingItem { .. } => "dangling-item",
            Self::UnknownScopeItem { .. } => "unknown-scope-item",
            Self::EmptyText { .. } => "empty-text",
            Self::InvalidDetail { .. } => "invalid-detail",
            Self::RepeatedStandard { .. } => "repeated-standard",
            Self::InvalidStandard { .. } => "invalid-standard",
            Self::InvalidPolicy { .. } => "invalid-policy",
            Self::InvalidTarget { .. } => "invalid-target",
            Self::InvalidTrust { .. } => "invalid-trust",
            Self::NoStandards => "no-standards",
            Self::UnknownContact { .. } => "unknown-contact",
            Self::OutOfRange { .. } => "out-of-range",
            Self::InvalidNetwork { .. } => "invalid-network",
            Self::NetworkWarning { .. } => "network-warning",
            Self::InTwoPieces { .. } => "in-two-pieces",
            Self::InvisibleCharacter { .. } => "invisible-character",
        }
    }

    /// The message followed by `\n  help: …` where there is help: for a
    /// problem reported on its own, without a file position.
    #[must_use]
    pub fn explained(&self) -> String {
        match self.help() {
            Some(help) => format!("{self}\n  help: {help}"),
            None => self.to_string(),
        }
    }

    /// What the user can do about it, where there is something useful to say.
    #[must_use]
    pub fn help(&self) -> Option<String> {
        match self {
            Self::UnknownKey { key, allowed } => {
                let allowed_list = allowed.join(", ");
                Some(match crate::suggest::nearest(key, allowed.iter(), 1).first() {
                    Some(best) => format!("did you mean `{best}`? Allowed keys: {allowed_list}"),
                    None => format!("allowed keys: {allowed_list}"),
                })
            }
            Self::DuplicateKey { .. } => {
                Some("a key may appear only once in a mapping: keep one and delete the other".into())
            }
            Self::NotText { .. } => Some("save the file as UTF-8 text".into()),
            Self::TooLarge { .. } => {
                Some("a sidecar holds a description, not the evidence: put large content in a file of its own and list it under `files:`".into())
            }
            Self::InvalidDate { .. } => Some("write dates as YYYY-MM-DD, e.g. 2025-04-02".into()),
            Self::UnknownItem { nearest, known, .. } => Some(match nearest.as_slice() {
                [] => known.clone(),
                some => format!("did you mean {}? {known}", quoted_list(some, "or")),
            }),
            Self::AmbiguousItem { candidates, .. } => {
                Some(format!("write it qualified: {}", quoted_list(candidates, "or")))
            }
            Self::UnknownStandard { known, .. } => Some(format!(
                "built-in standards are {}; a relative path to a standard file (ending in .yaml) also works",
                quoted_list(known, "and")
            )),
            Self::UnknownEvidenceType { nearest, known, .. } => {
                let known = if known.is_empty() {
                    "the portfolio's standards define no evidence types; leave `type:` out".to_owned()
                } else {
                    format!("evidence types are {}", known.join(", "))
                };
                Some(match nearest.as_slice() {
                    [] => known,
                    some => format!("did you mean {}? {known}", quoted_list(some, "or")),
                })
            }
            Self::MissingFile { implied: true, .. } => Some(
                "a sidecar `NAME.yaml` describes the file `NAME` beside it: rename the sidecar, restore the file, or list the evidence under `files:`".into(),
            ),
            Self::MissingFile { implied: false, .. } => Some(
                "paths in `files:` are relative to the sidecar's folder: correct the path or restore the file".into(),
            ),
            Self::NotAFile { .. } => {
                Some("list the files inside the folder one by one under `files:`".into())
            }
            Self::OutsidePortfolio { .. } => Some(
                "evidence must be inside the portfolio folder: copy the file in and name it by a relative path".into(),
            ),
            Self::LinkOutside { .. } => Some(
                "nosfolio reads none of a portfolio's own files through a link that leaves it: replace the link with the file or folder itself".into(),
            ),
            Self::HiddenPath { .. } => Some(
                "move it to a folder whose name does not start with `.`, and name it there".into(),
            ),
            Self::NonUtf8Name { .. } => Some("rename the file using UTF-8 characters".into()),
            Self::DescribedTwice { .. } => {
                Some("keep one description: delete the sidecar or the front matter".into())
            }
            Self::UnclosedFrontMatter => {
                Some("end the front matter with a line holding only `---`".into())
            }
            Self::Unclaimed { path } => Some(format!(
                "describe it with `nosfolio claim {path} ITEM…` (with --title, --date and --type), or move the file out of the portfolio"
            )),
            Self::InvisibleCharacter { .. } => Some(
                "retype it without that character (text copied from a web page, a document or a chat may carry one unseen)".into(),
            ),
            Self::InTwoPieces { first, .. } => Some(format!(
                "a file belongs to one piece: take it out of this description's `files:`, or keep it only in `{first}`"
            )),
            Self::Draft => Some("when it is written, `nosfolio finish FILE` makes it count".into()),
            Self::NoClaims => {
                Some("claim the items it evidences with `nosfolio claim FILE ITEM…`".into())
            }
            Self::UnsupportedClaim { supported, .. } => Some(format!(
                "this type supports {}; check the claim, or choose a type that fits it",
                supported.join(", ")
            )),
            Self::DanglingItem { nearest, .. } if !nearest.is_empty() => {
                Some(format!("did you mean {}?", quoted_list(nearest, "or")))
            }
            Self::UnknownScopeItem { nearest, .. } => Some(match nearest.as_slice() {
                [] => "`applies_to` lists ids of this standard's items (see `nosfolio standards show FILE`)".into(),
                some => format!("did you mean {}?", quoted_list(some, "or")),
            }),
            Self::NoStandards => Some("for example: `standards: [mla3]`".into()),
            Self::UnknownContact { id, nearest } => {
                let add = format!("add them with `nosfolio network contact add {id} --name NAME`");
                Some(match nearest.as_slice() {
                    [] => add,
                    some => format!("did you mean {}? Otherwise {add}", quoted_list(some, "or")),
                })
            }
            Self::InvalidNetwork { help, .. } | Self::NetworkWarning { help, .. } => {
                Some(help.clone())
            }
            _ => None,
        }
    }
}

/// `a`, `b` or `c`
fn quoted_list(items: &[String], conjunction: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as shown to the user (relative to the portfolio where possible).
    pub file: String,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// What is wrong (boxed: diagnostics travel in `Result`s and should stay small).
    pub problem: Box<Problem>,
}

impl Diagnostic {
    /// A diagnostic at a position (ignored when unknown).
    pub fn new(file: impl Into<String>, position: Option<Position>, problem: Problem) -> Self {
        Self {
            file: file.into(),
            position,
            problem: Box::new(problem),
        }
    }

    /// A diagnostic about a file as a whole.
    pub fn file(file: impl Into<String>, problem: Problem) -> Self {
        Self::new(file, None, problem)
    }

    /// How serious the problem is.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// `file:line:column` or just `file`.
    #[must_use]
    pub fn place(&self) -> String {
        match self.position {
            Some(Position { line, column }) => format!("{}:{line}:{column}", self.file),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.place(), self.severity(), self.problem)?;
        if let Some(help) = self.problem.help() {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Flat<'a> {
            severity: Severity,
            code: &'static str,
            file: &'a str,
            line: Option<u64>,
            column: Option<u64>,
            message: String,
            help: Option<String>,
        }
        Flat {
            severity: self.severity(),
            code: self.problem.code(),
            file: &self.file,
            line: self.position.map(|p| p.line),
            column: self.position.map(|p| p.column),
            message: self.problem.to_string(),
            help: self.problem.help(),
        }
        .serialize(serializer)
    }
}

/// Sorts diagnostics by file, then position, errors before warnings at one place.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.position, std::cmp::Reverse(a.severity())).cmp(&(
            &b.file,
            b.position,
            std::cmp::Reverse(b.severity()),
        ))
    });
}
