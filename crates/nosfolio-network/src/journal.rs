//! `network/journal/*.md`: one Markdown entry per contact made, its front
//! matter saying when, with whom, what kind of contact, who was introduced
//! to whom, and when to be in touch next.
//!
//! An entry that claims items is also a piece of evidence: a reflective log
//! unless its `type:` says otherwise.

use jiff::civil::Date;
use nosfolio_core::{
    ClaimEntry, Confidentiality, Diagnostic, EvidenceMeta, FrontMatter, Located, MetaFields,
    Position, Problem, YamlDay, YamlWriteError, located, meta_from_fields, parse_date, parse_yaml,
    split_front_matter, to_front_matter,
};
use serde::{Deserialize, Serialize, Serializer};
use serde_saphyr::{FlowSeq, Spanned};

/// The evidence type a journal entry has unless it says otherwise.
pub const JOURNAL_EVIDENCE_TYPE: &str = "reflective-logs";

/// Kinds of contact the journal knows; others are accepted as written.
pub const KINDS: [&str; 10] = [
    "lunch",
    "coffee",
    "meeting",
    "event",
    "call",
    "email",
    "message",
    "introduction",
    "project",
    "visit",
];

/// Two contacts the candidate introduced to each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduction {
    /// One contact's id.
    pub first: Located<String>,
    /// The other's.
    pub second: Located<String>,
}

impl Introduction {
    /// Whether this introduction is between `a` and `b`, in either order.
    #[must_use]
    pub fn between(&self, a: &str, b: &str) -> bool {
        (self.first.value == a && self.second.value == b)
            || (self.first.value == b && self.second.value == a)
    }
}

impl Serialize for Introduction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [&self.first.value, &self.second.value].serialize(serializer)
    }
}

/// One journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntry {
    /// The entry's path relative to the portfolio.
    pub file: String,
    /// When the contact was made.
    pub date: Date,
    /// The contacts met, by id.
    #[serde(serialize_with = "values")]
    pub contacts: Vec<Located<String>>,
    /// lunch, coffee, meeting, event, call, email, introduction…
    pub kind: String,
    /// Pairs of contacts introduced to each other.
    pub introduced: Vec<Introduction>,
    /// When to be in touch next.
    pub next_contact: Option<Date>,
    /// The evidence keys: title, type, confidentiality, claims.
    #[serde(skip)]
    pub meta: EvidenceMeta,
    /// The Markdown after the front matter.
    #[serde(skip)]
    pub body: String,
}

fn values<S: Serializer>(list: &[Located<String>], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(list.iter().map(|l| &l.value))
}

impl JournalEntry {
    /// Whether the entry records contact with `id`.
    #[must_use]
    pub fn met(&self, id: &str) -> bool {
        self.contacts.iter().any(|c| c.value == id)
    }

    /// Who may see the entry.
    #[must_use]
    pub fn confidentiality(&self) -> Confidentiality {
        self.meta.confidentiality
    }

    /// The entry's title: its own, else `kind with names` built by the caller.
    #[must_use]
    pub fn title(&self) -> Option<&str> {
        self.meta.title.as_deref()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    date: Option<Spanned<String>>,
    #[serde(default)]
    contacts: Vec<Spanned<String>>,
    kind: Option<Spanned<String>>,
    #[serde(default)]
    introduced: Vec<Spanned<Vec<Spanned<String>>>>,
    next_contact: Option<Spanned<String>>,
    title: Option<String>,
    #[serde(rename = "type")]
    evidence_type: Option<Spanned<String>>,
    confidentiality: Option<Confidentiality>,
    draft: Option<bool>,
    #[serde(default, deserialize_with = "nosfolio_core::null_as_empty")]
    claims: Vec<ClaimEntry>,
}

fn invalid(message: String, help: &str) -> Problem {
    Problem::InvalidNetwork {
        message,
        help: help.to_owned(),
    }
}

/// Parses a journal entry: a Markdown file whose front matter has `date`,
/// `contacts` and `kind`. Contact ids are checked later, against the list.
///
/// Returns the entry when it could be read, and every problem found.
pub fn parse_entry(file: &str, text: &str) -> (Option<JournalEntry>, Vec<Diagnostic>) {
    let front = match split_front_matter(text) {
        Some(Ok(front)) => front,
        Some(Err(problem)) => {
            return (
                None,
                vec![Diagnostic::new(file, Position::new(1, 1), problem)],
            );
        }
        None => {
            let problem = invalid(
                "a journal entry starts with front matter between `---` lines".into(),
                "begin the file with `---`, then `date: YYYY-MM-DD`, `contacts: [id]`, `kind: coffee`, then `---`; or run `nosfolio network log`",
            );
            return (
                None,
                vec![Diagnostic::new(file, Position::new(1, 1), problem)],
            );
        }
    };
    let offset = FrontMatter::LINE_OFFSET;
    let raw: RawEntry = match parse_yaml(file, front.yaml) {
        Ok(raw) => raw,
        Err(mut diagnostic) => {
            diagnostic.position = diagnostic.position.map(|p| Position {
                line: p.line + offset,
                column: p.column,
            });
            return (None, vec![diagnostic]);
        }
    };
    let start = Position::new(1, 1);
    // A journal names people who never agreed to be in a portfolio: entries
    // are private unless they say otherwise.
    let private = raw.confidentiality.is_none();
    let (mut meta, mut problems) = meta_from_fields(
        file,
        MetaFields {
            title: raw.title,
            date: raw.date,
            evidence_type: raw.evidence_type,
            confidentiality: raw.confidentiality,
            draft: raw.draft,
            claims: raw.claims,
            ..MetaFields::default()
        },
        offset,
    );
    if private {
        meta.confidentiality = Confidentiality::Private;
    }
    let contacts: Vec<Located<String>> = raw
        .contacts
        .into_iter()
        .map(|c| located(c, offset))
        .map(|c| Located {
            value: c.value.trim().to_owned(),
            position: c.position,
        })
        .collect();
    if contacts.is_empty() {
        problems.push(Diagnostic::new(
            file,
            start,
            invalid(
                "this journal entry names no contacts".into(),
                "add `contacts: [id, …]` with the ids of the people met (`nosfolio network contact list` shows them), or write entries with `nosfolio network log`",
            ),
        ));
    }
    for (i, contact) in contacts.iter().enumerate() {
        if contacts[..i].iter().any(|c| c.value == contact.value) {
            problems.push(Diagnostic::new(
                file,
                contact.position,
                Problem::NetworkWarning {
                    message: format!("contact `{}` is named twice in this entry", contact.value),
                    help: "name each contact once".into(),
                },
            ));
        }
    }
    let kind = raw
        .kind
        .map(|k| located(k, offset))
        .map(|k| k.value.trim().to_lowercase())
        .filter(|k| !k.is_empty());
    if kind.is_none() {
        problems.push(Diagnostic::new(
            file,
            start,
            invalid(
                "this journal entry has no `kind:`".into(),
                &format!(
                    "say what kind of contact it was, e.g. `kind: coffee`; usual kinds are {}",
                    KINDS.join(", ")
                ),
            ),
        ));
    }
    let mut introduced = Vec::new();
    for pair in raw.introduced {
        let at = located(pair, offset);
        match <[Spanned<String>; 2]>::try_from(at.value) {
            Ok([first, second]) => {
                let (first, second) = (located(first, offset), located(second, offset));
                if first.value == second.value {
                    problems.push(Diagnostic::new(
                        file,
                        at.position,
                        invalid(
                            format!("`{}` cannot be introduced to themselves", first.value),
                            "an introduction names two different contacts: `[a, b]`",
                        ),
                    ));
                } else {
                    introduced.push(Introduction { first, second });
                }
            }
            Err(list) => problems.push(Diagnostic::new(
                file,
                at.position,
                invalid(
                    format!("an introduction names two contacts, not {}", list.len()),
                    "write each introduction as a pair: `introduced: [[a, b]]`",
                ),
            )),
        }
    }
    let next_contact = raw.next_contact.and_then(|spanned| {
        let at = located(spanned, offset);
        let date = parse_date(at.value.trim())
            .map_err(|problem| problems.push(Diagnostic::new(file, at.position, problem)))
            .ok()?;
        if meta.date.is_some_and(|d| date < d) {
            problems.push(Diagnostic::new(
                file,
                at.position,
                Problem::NetworkWarning {
                    message: format!("next contact {date} is before the entry's date"),
                    help: "the next contact date is when to be in touch again: a date after this entry".into(),
                },
            ));
        }
        Some(date)
    });
    let has_date = meta.date.is_some();
    let written_date = problems.iter().any(|d| d.problem.code() == "invalid-date");
    if !has_date && !written_date {
        problems.push(Diagnostic::new(
            file,
            start,
            invalid(
                "this journal entry has no `date:`".into(),
                "add the day the contact was made: `date: YYYY-MM-DD`",
            ),
        ));
    }
    let entry = match (meta.date, kind) {
        (Some(date), Some(kind)) => Some(JournalEntry {
            file: file.to_owned(),
            date,
            contacts,
            kind,
            introduced,
            next_contact,
            body: front.body.to_owned(),
            meta,
        }),
        _ => None,
    };
    (entry, problems)
}

/// The front matter of a new journal entry, keys in the order people read
/// them; lists of ids in flow style (`[jsmith, pkhan]`).
#[derive(Serialize)]
struct NewFront<'a> {
    date: YamlDay,
    contacts: FlowSeq<&'a [&'a str]>,
    kind: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    introduced: Vec<FlowSeq<[&'a str; 2]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_contact: Option<YamlDay>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidentiality: Option<Confidentiality>,
    #[serde(skip_serializing_if = "is_empty")]
    claims: FlowSeq<&'a [&'a str]>,
}

fn is_empty(list: &FlowSeq<&[&str]>) -> bool {
    list.0.is_empty()
}

/// The text of a new journal entry, as `network log` writes it: front
/// matter written by the YAML serializer (so any text round-trips), then
/// the note.
///
/// # Errors
/// When the front matter cannot be written as YAML.
pub fn entry_text(entry: &NewEntry<'_>) -> Result<String, YamlWriteError> {
    let front = NewFront {
        date: YamlDay(entry.date),
        contacts: FlowSeq(&entry.contacts),
        kind: entry.kind.to_lowercase(),
        introduced: entry
            .introduced
            .iter()
            .map(|&(a, b)| FlowSeq([a, b]))
            .collect(),
        next_contact: entry.next_contact.map(YamlDay),
        confidentiality: entry.confidentiality,
        claims: FlowSeq(&entry.claims),
    };
    let mut text = to_front_matter(&front)?;
    if let Some(note) = entry.note {
        text.push('\n');
        text.push_str(note.trim_end());
        text.push('\n');
    }
    Ok(text)
}

/// Whether `text` (a new entry's, as [`entry_text`] wrote it) reads back as
/// `entry`: the same date, contacts, kind, introductions, next contact,
/// confidentiality and claims, without an error.
#[must_use]
pub fn entry_reads_back(entry: &NewEntry<'_>, text: &str) -> bool {
    let (read, problems) = parse_entry("new entry", text);
    let Some(read) = read else {
        return false;
    };
    let trimmed =
        |list: &[&str]| -> Vec<String> { list.iter().map(|s| s.trim().to_owned()).collect() };
    let contacts: Vec<&str> = read.contacts.iter().map(|c| c.value.as_str()).collect();
    let claims: Vec<&str> = read
        .meta
        .claims
        .iter()
        .map(|c| c.item.value.as_str())
        .collect();
    let introduced: Vec<(String, String)> = read
        .introduced
        .iter()
        .map(|i| {
            (
                i.first.value.trim().to_owned(),
                i.second.value.trim().to_owned(),
            )
        })
        .collect();
    let meant: Vec<(String, String)> = entry
        .introduced
        .iter()
        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
        .collect();
    !problems
        .iter()
        .any(|p| p.severity() == nosfolio_core::Severity::Error)
        && read.date == entry.date
        && trimmed(&contacts) == trimmed(&entry.contacts)
        && read.kind == entry.kind.trim().to_lowercase()
        && introduced == meant
        && read.next_contact == entry.next_contact
        && entry
            .confidentiality
            .is_none_or(|c| c == read.confidentiality())
        && trimmed(&claims) == trimmed(&entry.claims)
        && entry.note.is_none_or(|n| read.body.contains(n.trim()))
}

/// What `network log` records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry<'a> {
    /// When.
    pub date: Date,
    /// Who, by id.
    pub contacts: Vec<&'a str>,
    /// What kind of contact.
    pub kind: &'a str,
    /// Pairs introduced to each other.
    pub introduced: Vec<(&'a str, &'a str)>,
    /// When to be in touch next.
    pub next_contact: Option<Date>,
    /// Who may see it, when not the default (private).
    pub confidentiality: Option<Confidentiality>,
    /// Items claimed, as written.
    pub claims: Vec<&'a str>,
    /// The note: the body of the entry.
    pub note: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = "---\ndate: 2026-03-04\ncontacts: [jsmith, pkhan]\nkind: Coffee\nintroduced:\n  - [jsmith, pkhan]\nnext_contact: 2026-04-01\nclaims: [PC6]\n---\nWe talked budgets.\n";

    #[test]
    fn an_entry_reads() {
        let (entry, problems) = parse_entry("j.md", ENTRY);
        assert!(problems.is_empty(), "{problems:?}");
        let entry = entry.unwrap();
        assert_eq!(entry.kind, "coffee");
        assert!(entry.met("pkhan"));
        assert!(entry.introduced[0].between("pkhan", "jsmith"));
        assert_eq!(entry.contacts[1].position, Position::new(3, 20));
        assert_eq!(entry.next_contact, Some(jiff::civil::date(2026, 4, 1)));
        assert_eq!(entry.body, "We talked budgets.\n");
        assert_eq!(entry.meta.claims[0].item.position, Position::new(8, 10));
        assert_eq!(entry.confidentiality(), Confidentiality::Private);
    }

    #[test]
    fn bad_entries_report_every_problem() {
        let text =
            "---\ndate: 2026-02-30\nintroduced: [[a, a], [a, b, c]]\nnext_contact: soon\n---\n";
        let (entry, problems) = parse_entry("j.md", text);
        assert!(entry.is_none());
        let shown: Vec<String> = problems
            .iter()
            .map(|d| format!("{} {}", d.place(), d.problem.code()))
            .collect();
        assert_eq!(
            shown,
            [
                "j.md:2:7 invalid-date",
                "j.md:1:1 invalid-network",
                "j.md:1:1 invalid-network",
                "j.md:3:14 invalid-network",
                "j.md:3:22 invalid-network",
                "j.md:4:15 invalid-date",
            ]
        );
    }

    #[test]
    fn no_front_matter_is_an_error_that_says_what_to_write() {
        let (_, problems) = parse_entry("j.md", "# Coffee with Jane\n");
        assert!(problems[0].to_string().contains("nosfolio network log"));
    }

    #[test]
    fn written_entries_read_back_unchanged() {
        let new = NewEntry {
            date: jiff::civil::date(2026, 3, 4),
            contacts: vec!["jsmith", "p:khan"],
            kind: "Coffee",
            introduced: vec![("jsmith", "p:khan")],
            next_contact: Some(jiff::civil::date(2026, 4, 1)),
            confidentiality: Some(Confidentiality::Assessor),
            claims: vec!["PC6", "networking:L3.2"],
            note: Some("Talked about: #budgets\n---\nand more"),
        };
        let text = entry_text(&new).unwrap();
        assert!(entry_reads_back(&new, &text), "{text}");
        assert!(!entry_reads_back(&new, &text.replace("p:khan]", "pkhan]")));
        assert!(
            text.starts_with("---\ndate: 2026-03-04\ncontacts: [jsmith, p:khan]\nkind: coffee\nintroduced:\n  - [jsmith, p:khan]\nnext_contact: 2026-04-01\nconfidentiality: assessor\nclaims: [PC6, networking:L3.2]\n---\n"),
            "{text}"
        );
        let (entry, problems) = parse_entry("j.md", &text);
        assert!(problems.is_empty(), "{text}\n{problems:?}");
        let entry = entry.unwrap();
        assert_eq!(entry.contacts[1].value, "p:khan");
        assert_eq!(entry.introduced[0].second.value, "p:khan");
        assert_eq!(entry.meta.claims[1].item.value, "networking:L3.2");
        assert_eq!(entry.confidentiality(), Confidentiality::Assessor);
        assert!(entry.body.contains("#budgets\n---\nand more"));
    }
}
