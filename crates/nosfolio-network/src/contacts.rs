//! `network/contacts.yaml`: the people in a candidate's networking plan.
//!
//! The list follows the two methods the plan is built on: every team and
//! department leader, each relationship scored from 1 to 5 and re-scored
//! once a quarter, with a 30, 60 or 90-day target and ideas for getting to
//! know them; and the two lists "know and like" and "can help my career",
//! whose intersection is where to start.

use std::collections::HashMap;
use std::fmt;

use jiff::civil::Date;
use nosfolio_core::{
    ClaimEntry, Confidentiality, Diagnostic, EvidenceMeta, Located, MetaFields, Position, Problem,
    located, meta_from_fields, parse_date, parse_yaml,
};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// The lowest relationship score.
pub const MIN_SCORE: u8 = 1;
/// The highest relationship score: at ease to "call anytime".
pub const MAX_SCORE: u8 = 5;
/// The target windows the plan uses, in days.
pub const TARGET_WINDOWS: [u16; 3] = [30, 60, 90];
/// The longest cadence accepted, in days.
pub const MAX_CADENCE: u16 = 366;

/// One of the two lists of the starting plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum List {
    /// People the candidate already knows and likes.
    KnowAndLike,
    /// People who can, at some time, help the candidate's career.
    CanHelp,
}

impl fmt::Display for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::KnowAndLike => "know and like",
            Self::CanHelp => "can help",
        })
    }
}

/// A relationship score on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Score {
    /// When the relationship was scored.
    pub date: Date,
    /// 1 (hardly know them) to 5 (at ease to call anytime).
    pub score: u8,
}

/// One person in the networking plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// A short id the journal refers to, e.g. `jsmith`.
    pub id: String,
    /// Where the id is written, for messages.
    #[serde(skip)]
    pub position: Option<Position>,
    /// Their name.
    pub name: String,
    /// Their organisation, when it is not the candidate's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Their department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Their role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Whether they lead a team or department.
    pub leader: bool,
    /// The starting-plan lists they are on.
    pub lists: Vec<List>,
    /// Interests, as tags.
    pub interests: Vec<String>,
    /// The score history, oldest first.
    pub scores: Vec<Score>,
    /// The target window in days: get to know them within 30, 60 or 90 days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<u16>,
    /// When the target window starts: `target_from`, else the first score's
    /// date, else the list's `date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_from: Option<Date>,
    /// Ideas for getting to know them.
    pub ideas: Vec<String>,
    /// How often to be in touch, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadence: Option<u16>,
    /// Annotations: who they are to the candidate, what they know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Who may see who they are (private unless said otherwise).
    pub confidentiality: Confidentiality,
}

impl Contact {
    /// The latest score, if any.
    #[must_use]
    pub fn latest_score(&self) -> Option<Score> {
        self.scores.last().copied()
    }

    /// Whether they are on both starting-plan lists.
    #[must_use]
    pub fn on_both_lists(&self) -> bool {
        self.lists.contains(&List::KnowAndLike) && self.lists.contains(&List::CanHelp)
    }

    /// The target window as `(start, deadline)`, when it has both.
    #[must_use]
    pub fn target_window(&self) -> Option<(Date, Date)> {
        let days = self.target?;
        let start = self.target_from?;
        Some((start, add_days(start, i64::from(days))))
    }
}

/// A target window: get to know them within `days` of `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TargetWindow {
    /// 30, 60 or 90.
    pub days: u16,
    /// When it starts, when it has a start.
    pub from: Option<Date>,
    /// When it ends, when it has a start.
    pub until: Option<Date>,
}

/// A contact as `contact list` shows them: every field present (`null`
/// when not written), so that tools see the same keys for everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactSummary {
    /// Their id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their organisation.
    pub organisation: Option<String>,
    /// Their department.
    pub department: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// Whether they lead a team or department.
    pub leader: bool,
    /// The starting-plan lists they are on.
    pub lists: Vec<List>,
    /// Their interests.
    pub interests: Vec<String>,
    /// The latest score and its day.
    pub latest_score: Option<Score>,
    /// How many scores they have had.
    pub scores: usize,
    /// Their target window.
    pub target: Option<TargetWindow>,
    /// How often to be in touch, in days.
    pub cadence: Option<u16>,
    /// Who may see who they are.
    pub confidentiality: Confidentiality,
}

impl ContactSummary {
    /// The summary of a contact.
    #[must_use]
    pub fn of(contact: &Contact) -> Self {
        let window = contact.target_window();
        Self {
            id: contact.id.clone(),
            name: contact.name.clone(),
            organisation: contact.organisation.clone(),
            department: contact.department.clone(),
            role: contact.role.clone(),
            leader: contact.leader,
            lists: contact.lists.clone(),
            interests: contact.interests.clone(),
            latest_score: contact.latest_score(),
            scores: contact.scores.len(),
            target: contact.target.map(|days| TargetWindow {
                days,
                from: window.map(|w| w.0),
                until: window.map(|w| w.1),
            }),
            cadence: contact.cadence,
            confidentiality: contact.confidentiality,
        }
    }
}

/// `date` plus `days`, saturating at the ends of the calendar.
#[must_use]
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// `network/contacts.yaml`: the list itself, which is also evidence (an
/// annotated contacts list) when it claims items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactsList {
    /// The evidence keys: title, date, type, confidentiality, claims.
    pub meta: EvidenceMeta,
    /// The contacts in the order written.
    pub contacts: Vec<Contact>,
}

impl ContactsList {
    /// The contact with this id.
    #[must_use]
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    title: Option<String>,
    date: Option<Spanned<String>>,
    #[serde(rename = "type")]
    evidence_type: Option<Spanned<String>>,
    confidentiality: Option<Confidentiality>,
    description: Option<String>,
    draft: Option<bool>,
    #[serde(default, deserialize_with = "nosfolio_core::null_as_empty")]
    claims: Vec<ClaimEntry>,
    #[serde(default)]
    contacts: Vec<RawContact>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    id: Spanned<String>,
    name: Spanned<String>,
    organisation: Option<String>,
    department: Option<String>,
    role: Option<String>,
    #[serde(default)]
    leader: bool,
    #[serde(default)]
    lists: Vec<Spanned<String>>,
    #[serde(default)]
    interests: Vec<String>,
    #[serde(default)]
    scores: Vec<RawScore>,
    target: Option<Spanned<i64>>,
    target_from: Option<Spanned<String>>,
    #[serde(default)]
    ideas: Vec<String>,
    cadence: Option<Spanned<i64>>,
    notes: Option<String>,
    confidentiality: Option<Confidentiality>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScore {
    date: Spanned<String>,
    score: Spanned<i64>,
}

/// Whether `id` is usable as a contact id: letters, digits, `-`, `_`, `.`.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn trimmed(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

fn tags(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in list {
        let tag = tag.trim().to_owned();
        if !tag.is_empty() && !out.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            out.push(tag);
        }
    }
    out
}

/// Parses `network/contacts.yaml`.
///
/// Returns what could be read (nothing when the YAML itself is broken) and
/// every problem found: duplicate ids, scores outside 1 to 5, impossible
/// dates, target windows other than 30, 60 or 90 days.
pub fn parse_contacts(file: &str, text: &str) -> (Option<ContactsList>, Vec<Diagnostic>) {
    let raw: RawList = match parse_yaml(file, text) {
        Ok(raw) => raw,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let (meta, mut problems) = meta_from_fields(
        file,
        MetaFields {
            title: raw.title,
            date: raw.date,
            evidence_type: raw.evidence_type,
            confidentiality: raw.confidentiality,
            description: raw.description,
            draft: raw.draft,
            claims: raw.claims,
            ..MetaFields::default()
        },
        0,
    );
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut contacts = Vec::new();
    for raw in raw.contacts {
        let contact = contact(file, raw, meta.date, &mut problems);
        if !valid_id(&contact.id) {
            problems.push(Diagnostic::new(
                file,
                contact.position,
                Problem::InvalidNetwork {
                    message: format!("contact id `{}` is not a usable id", contact.id),
                    help: "write ids with letters, digits, `-`, `_` or `.` only, e.g. `jsmith`"
                        .into(),
                },
            ));
            continue;
        }
        let line = contact.position.map_or(0, |p| p.line);
        if let Some(&first_line) = first_line.get(&contact.id) {
            problems.push(Diagnostic::new(
                file,
                contact.position,
                Problem::DuplicateId {
                    id: contact.id,
                    first_line,
                },
            ));
            continue;
        }
        first_line.insert(contact.id.clone(), line);
        contacts.push(contact);
    }
    (Some(ContactsList { meta, contacts }), problems)
}

fn contact(
    file: &str,
    raw: RawContact,
    list_date: Option<Date>,
    problems: &mut Vec<Diagnostic>,
) -> Contact {
    let id = located(raw.id, 0);
    let id = Located {
        value: id.value.trim().to_owned(),
        position: id.position,
    };
    let name = located(raw.name, 0);
    if name.value.trim().is_empty() {
        problems.push(Diagnostic::new(
            file,
            name.position,
            Problem::EmptyText {
                what: format!("name of contact `{}`", id.value),
            },
        ));
    }
    let date = |spanned: Spanned<String>, problems: &mut Vec<Diagnostic>| {
        let at = located(spanned, 0);
        parse_date(at.value.trim())
            .map_err(|problem| problems.push(Diagnostic::new(file, at.position, problem)))
            .ok()
    };
    let mut scores = Vec::new();
    for score in raw.scores {
        let value = located(score.score, 0);
        let day = date(score.date, problems);
        let Ok(number) = u8::try_from(value.value)
            .ok()
            .filter(|n| (MIN_SCORE..=MAX_SCORE).contains(n))
            .ok_or(())
            .map_err(|()| {
                problems.push(Diagnostic::new(
                    file,
                    value.position,
                    Problem::OutOfRange {
                        what: "score".into(),
                        value: value.value.to_string(),
                        allowed: "score a relationship from 1 (hardly know them) to 5 (at ease to call anytime)".into(),
                    },
                ));
            })
        else {
            continue;
        };
        if let Some(day) = day {
            scores.push(Score {
                date: day,
                score: number,
            });
        }
    }
    scores.sort_by_key(|s| s.date);
    let target = raw.target.and_then(|t| {
        let at = located(t, 0);
        let days = u16::try_from(at.value)
            .ok()
            .filter(|d| TARGET_WINDOWS.contains(d));
        if days.is_none() {
            problems.push(Diagnostic::new(
                file,
                at.position,
                Problem::OutOfRange {
                    what: "target".into(),
                    value: at.value.to_string(),
                    allowed: "a target window is 30, 60 or 90 days".into(),
                },
            ));
        }
        days
    });
    let target_position = id.position;
    let target_from = raw
        .target_from
        .and_then(|d| date(d, problems))
        .or_else(|| scores.first().map(|s| s.date))
        .or(list_date);
    if target.is_some() && target_from.is_none() {
        problems.push(Diagnostic::new(
            file,
            target_position,
            Problem::NetworkWarning {
                message: format!("the target window of `{}` has no start date", id.value),
                help: format!("give it a start with `nosfolio network contact edit {} --target-from YYYY-MM-DD`, or score them with `nosfolio network contact score {} N`", id.value, id.value),
            },
        ));
    }
    let cadence = raw.cadence.and_then(|c| {
        let at = located(c, 0);
        let days = u16::try_from(at.value)
            .ok()
            .filter(|d| (1..=MAX_CADENCE).contains(d));
        if days.is_none() {
            problems.push(Diagnostic::new(
                file,
                at.position,
                Problem::OutOfRange {
                    what: "cadence".into(),
                    value: at.value.to_string(),
                    allowed: format!("a cadence is a number of days from 1 to {MAX_CADENCE}"),
                },
            ));
        }
        days
    });
    let mut lists = Vec::new();
    for written in raw.lists {
        let at = located(written, 0);
        match at.value.trim() {
            "know-and-like" => lists.push(List::KnowAndLike),
            "can-help" => lists.push(List::CanHelp),
            other => problems.push(Diagnostic::new(
                file,
                at.position,
                Problem::InvalidNetwork {
                    message: format!("unknown list `{other}`"),
                    help: "the two lists are `know-and-like` (people you already know and like) and `can-help` (people who can help your career)".into(),
                },
            )),
        }
    }
    lists.sort();
    lists.dedup();
    Contact {
        id: id.value,
        position: id.position,
        name: name.value.trim().to_owned(),
        organisation: trimmed(raw.organisation),
        department: trimmed(raw.department),
        role: trimmed(raw.role),
        leader: raw.leader,
        lists,
        interests: tags(raw.interests),
        scores,
        target,
        target_from: target.and(target_from),
        ideas: raw
            .ideas
            .into_iter()
            .filter_map(|i| trimmed(Some(i)))
            .collect(),
        cadence,
        notes: trimmed(raw.notes),
        confidentiality: raw.confidentiality.unwrap_or(Confidentiality::Private),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "\
date: 2026-01-05
claims: [PC1]
contacts:
  - id: jsmith
    name: Jane Smith
    department: Finance
    role: Head of Finance
    leader: true
    lists: [can-help, know-and-like]
    interests: [forecasting, Cycling, cycling]
    scores:
      - {date: 2026-04-02, score: 3}
      - {date: 2026-01-10, score: 2}
    target: 30
    ideas: [Invite her to lunch after the budget meeting]
  - id: pkhan
    name: Priya Khan
    confidentiality: assessor
    cadence: 14
";

    #[test]
    fn a_list_reads_with_defaults() {
        let (list, problems) = parse_contacts("c.yaml", LIST);
        assert!(problems.is_empty(), "{problems:?}");
        let list = list.unwrap();
        let jane = &list.contacts[0];
        assert_eq!(jane.lists, [List::KnowAndLike, List::CanHelp]);
        assert!(jane.on_both_lists());
        assert_eq!(jane.interests, ["forecasting", "Cycling"]);
        assert_eq!(jane.latest_score().unwrap().score, 3);
        // The window starts at the first score, not the list's date.
        assert_eq!(
            jane.target_window(),
            Some((
                jiff::civil::date(2026, 1, 10),
                jiff::civil::date(2026, 2, 9)
            ))
        );
        assert_eq!(jane.confidentiality, Confidentiality::Private);
        assert_eq!(list.contacts[1].confidentiality, Confidentiality::Assessor);
        assert_eq!(list.contacts[1].cadence, Some(14));
        assert_eq!(list.meta.claims.len(), 1);
    }

    #[test]
    fn every_bad_value_is_reported_with_its_place() {
        let text = "\
contacts:
  - id: a
    name: A
    scores: [{date: 2026-02-30, score: 3}, {date: 2026-01-01, score: 6}]
    target: 45
    cadence: 0
  - id: a
    name: Again
  - id: 'has space'
    name: B
";
        let (list, problems) = parse_contacts("c.yaml", text);
        let shown: Vec<String> = problems
            .iter()
            .map(|d| format!("{} {}", d.place(), d.problem.code()))
            .collect();
        assert_eq!(
            shown,
            [
                "c.yaml:4:21 invalid-date",
                "c.yaml:4:70 out-of-range",
                "c.yaml:5:13 out-of-range",
                "c.yaml:6:14 out-of-range",
                "c.yaml:7:9 duplicate-id",
                "c.yaml:9:9 invalid-network",
            ]
        );
        assert_eq!(list.unwrap().contacts.len(), 1);
        assert_eq!(
            problems[1].problem.to_string(),
            "score `6` is out of range: score a relationship from 1 (hardly know them) to 5 (at ease to call anytime)"
        );
    }

    #[test]
    fn unknown_keys_and_lists_are_errors() {
        let (_, problems) = parse_contacts("c.yaml", "contacts:\n  - id: a\n    nmae: A\n");
        assert_eq!(problems[0].problem.code(), "unknown-key");
        let (_, problems) = parse_contacts(
            "c.yaml",
            "contacts:\n  - id: a\n    name: A\n    lists: [friends]\n",
        );
        assert_eq!(problems[0].place(), "c.yaml:4:13");
    }

    #[test]
    fn a_target_without_a_start_is_a_warning() {
        let (list, problems) = parse_contacts(
            "c.yaml",
            "contacts:\n  - id: a\n    name: A\n    target: 60\n",
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity(), nosfolio_core::Severity::Warning);
        assert_eq!(list.unwrap().contacts[0].target_window(), None);
    }
}
