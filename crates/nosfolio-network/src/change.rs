//! Changing the contacts list without writing YAML: add a contact, edit
//! one, score one, remove one. Each change is checked against the list as
//! it is now and applied to the list as written, then written into the
//! text in place (keeping the user's comments and layout) or, only when
//! asked with `force`, written anew by the serializer. Either way the
//! result is read back and must say exactly what was intended; otherwise
//! nothing is returned to write.

use std::fmt;

use jiff::civil::Date;
use nosfolio_core::{Confidentiality, Diagnostic, Position, Severity, nearest, parse_yaml};
use serde::Serialize;

use crate::contacts::{
    Contact, ContactsList, List, MAX_CADENCE, MAX_SCORE, MIN_SCORE, Score, TARGET_WINDOWS,
    parse_contacts, valid_id,
};
use crate::journal::JournalEntry;
use crate::layout::edit_in_place;
use crate::written::{Document, Record, ScoreRecord, document_yaml};

/// What ids may be, said to people.
pub const ID_RULE: &str =
    "an id is one word of letters, digits, `-`, `_` or `.`, e.g. `jsmith` or `j.smith`";

/// An optional key of a contact, as `contact edit --clear` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Their organisation.
    Organisation,
    /// Their department.
    Department,
    /// Their role.
    Role,
    /// Whether they lead a team (cleared: they do not).
    Leader,
    /// Both starting-plan lists.
    Lists,
    /// Every interest.
    Interests,
    /// The target window, and its start date with it.
    Target,
    /// The target window's own start date (it then starts at the first score).
    TargetFrom,
    /// Every idea.
    Ideas,
    /// How often to be in touch.
    Cadence,
    /// The notes.
    Notes,
    /// Who may see them (cleared: private, the default).
    Confidentiality,
}

impl Field {
    /// Every field, in the order written.
    pub const ALL: [Self; 12] = [
        Self::Organisation,
        Self::Department,
        Self::Role,
        Self::Leader,
        Self::Lists,
        Self::Interests,
        Self::Target,
        Self::TargetFrom,
        Self::Ideas,
        Self::Cadence,
        Self::Notes,
        Self::Confidentiality,
    ];

    /// The key in the contacts list.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Organisation => "organisation",
            Self::Department => "department",
            Self::Role => "role",
            Self::Leader => "leader",
            Self::Lists => "lists",
            Self::Interests => "interests",
            Self::Target => "target",
            Self::TargetFrom => "target_from",
            Self::Ideas => "ideas",
            Self::Cadence => "cadence",
            Self::Notes => "notes",
            Self::Confidentiality => "confidentiality",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What `contact add` gives and `contact edit` changes. Empty lists and
/// `None` leave a key as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFields {
    /// Their name.
    pub name: Option<String>,
    /// Their organisation.
    pub organisation: Option<String>,
    /// Their department.
    pub department: Option<String>,
    /// Their role.
    pub role: Option<String>,
    /// Marks them as leading a team or department.
    pub leader: bool,
    /// Lists to put them on.
    pub lists: Vec<List>,
    /// Lists to take them off.
    pub remove_lists: Vec<List>,
    /// Interests to add.
    pub interests: Vec<String>,
    /// Interests to remove (compared without regard to case).
    pub remove_interests: Vec<String>,
    /// The target window in days: 30, 60 or 90.
    pub target: Option<u16>,
    /// When the target window starts.
    pub target_from: Option<Date>,
    /// Ideas to add.
    pub ideas: Vec<String>,
    /// Ideas to remove, as written.
    pub remove_ideas: Vec<String>,
    /// How often to be in touch, in days.
    pub cadence: Option<u16>,
    /// The notes (replacing any there are).
    pub notes: Option<String>,
    /// Who may see who they are.
    pub confidentiality: Option<Confidentiality>,
    /// Optional keys to remove.
    pub clear: Vec<Field>,
}

impl ContactFields {
    /// The edit that turns `current` into `wanted`: what a form showing
    /// every field of a contact asks for when it is sent back. Only what
    /// differs is changed; a field emptied is cleared; lists, interests
    /// (compared without case) and ideas gain what is new and lose what
    /// is gone. Scores are not fields: they are added by a score.
    #[must_use]
    pub fn between(current: &Contact, wanted: &Contact) -> Self {
        let mut fields = Self::default();
        if wanted.name.trim() != current.name {
            fields.name = Some(wanted.name.trim().to_owned());
        }
        let texts = [
            (
                &current.organisation,
                &wanted.organisation,
                Field::Organisation,
            ),
            (&current.department, &wanted.department, Field::Department),
            (&current.role, &wanted.role, Field::Role),
            (&current.notes, &wanted.notes, Field::Notes),
        ];
        for (now, want, field) in texts {
            let want = want.as_deref().map(str::trim).filter(|w| !w.is_empty());
            match (now.as_deref(), want) {
                (Some(_), None) => fields.clear.push(field),
                (now, Some(want)) if now != Some(want) => {
                    let value = Some(want.to_owned());
                    match field {
                        Field::Organisation => fields.organisation = value,
                        Field::Department => fields.department = value,
                        Field::Role => fields.role = value,
                        _ => fields.notes = value,
                    }
                }
                _ => {}
            }
        }
        match (current.leader, wanted.leader) {
            (false, true) => fields.leader = true,
            (true, false) => fields.clear.push(Field::Leader),
            _ => {}
        }
        fields.lists = wanted
            .lists
            .iter()
            .filter(|l| !current.lists.contains(l))
            .copied()
            .collect();
        fields.remove_lists = current
            .lists
            .iter()
            .filter(|l| !wanted.lists.contains(l))
            .copied()
            .collect();
        let has = |all: &[String], one: &str| all.iter().any(|a| a.eq_ignore_ascii_case(one));
        fields.interests = wanted
            .interests
            .iter()
            .filter(|i| !has(&current.interests, i))
            .cloned()
            .collect();
        fields.remove_interests = current
            .interests
            .iter()
            .filter(|i| !has(&wanted.interests, i))
            .cloned()
            .collect();
        fields.ideas = wanted
            .ideas
            .iter()
            .filter(|i| !current.ideas.contains(i))
            .cloned()
            .collect();
        fields.remove_ideas = current
            .ideas
            .iter()
            .filter(|i| !wanted.ideas.contains(i))
            .cloned()
            .collect();
        match (current.target, wanted.target) {
            (Some(_), None) => fields.clear.push(Field::Target),
            (now, Some(want)) if now != Some(want) => fields.target = Some(want),
            _ => {}
        }
        if wanted.target.is_some() && wanted.target_from != current.target_from {
            fields.target_from = wanted.target_from;
        }
        match (current.cadence, wanted.cadence) {
            (Some(_), None) => fields.clear.push(Field::Cadence),
            (now, Some(want)) if now != Some(want) => fields.cadence = Some(want),
            _ => {}
        }
        if wanted.confidentiality != current.confidentiality {
            fields.confidentiality = Some(wanted.confidentiality);
        }
        fields
    }

    /// Whether it changes nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One change to the contacts list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactChange {
    /// A new contact, at the end of the list.
    Add {
        /// Their id.
        id: String,
        /// Everything else (`name` is required).
        fields: ContactFields,
    },
    /// Changes to a contact.
    Edit {
        /// Their id.
        id: String,
        /// What to change.
        fields: ContactFields,
    },
    /// A relationship score on a day, added to the contact's history.
    Score {
        /// Their id.
        id: String,
        /// The day.
        date: Date,
        /// 1 to 5.
        score: u8,
        /// Replace a score already given that day (else it is refused).
        replace: bool,
    },
    /// Removes a contact no journal entry names.
    Remove {
        /// Their id.
        id: String,
    },
}

impl ContactChange {
    /// The contact changed.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Self::Add { id, .. }
            | Self::Edit { id, .. }
            | Self::Score { id, .. }
            | Self::Remove { id } => id.trim(),
        }
    }
}

/// What a change is checked against besides the list.
#[derive(Debug, Clone, Copy)]
pub struct ChangeContext<'a> {
    /// The file's name in messages.
    pub file: &'a str,
    /// Today: scores may not be dated after it, and a new target window
    /// with no other start starts on it.
    pub today: Date,
    /// Rewrite the whole file when its layout cannot be kept (comments are lost).
    pub force: bool,
    /// The journal, as it is now: a contact it names cannot be removed.
    pub journal: &'a [JournalEntry],
}

/// How the new text was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Written {
    /// The file did not exist: it was written by the serializer.
    Created,
    /// Only the lines that changed were touched; comments and layout kept.
    InPlace,
    /// The whole file was written anew (`force`): comments and layout lost.
    Rewritten,
    /// Nothing needed changing: nothing to write.
    Unchanged,
}

/// A change worked out: the text to write, and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactsEdit {
    /// The new text of the file; `None` when nothing changes.
    pub text: Option<String>,
    /// How the text was made.
    pub written: Written,
    /// The contact as the new text has them (`None` after a removal).
    pub contact: Option<Contact>,
    /// The contact removed, as they were.
    pub removed: Option<Contact>,
    /// The score a `replace` replaced.
    pub replaced: Option<Score>,
    /// The keys of the contact that changed, in the order written.
    pub changed: Vec<&'static str>,
    /// Warnings the new list has (a target window with no start…).
    pub warnings: Vec<Diagnostic>,
}

/// Why a change was refused. Nothing is written in any case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContactError {
    /// Values that are not allowed; every one is listed.
    Invalid {
        /// Each problem, saying what to give instead.
        problems: Vec<String>,
    },
    /// The id is already someone's.
    Taken {
        /// The id.
        id: String,
        /// The name of the contact who has it.
        name: String,
    },
    /// No contact has the id.
    Unknown {
        /// The id.
        id: String,
        /// The nearest ids there are.
        nearest: Vec<String>,
    },
    /// A score was already given that day.
    ScoreTaken {
        /// The contact.
        id: String,
        /// The day.
        date: Date,
        /// The score given.
        score: u8,
    },
    /// Journal entries name the contact.
    Named {
        /// The contact.
        id: String,
        /// The entries, by file.
        entries: Vec<String>,
    },
    /// The list has errors of its own: they are fixed first.
    Broken {
        /// Its errors.
        problems: Vec<Diagnostic>,
    },
    /// The change cannot be made keeping the file's comments and layout.
    Layout {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// What would be written does not read back as intended (a bug).
    ReadBack {
        /// The file.
        file: String,
        /// What differed.
        reason: String,
    },
}

const NOTHING: &str = "nothing was written";

impl fmt::Display for ContactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid { problems } => write!(f, "{}\n{NOTHING}", problems.join("\n")),
            Self::Taken { id, name } => write!(
                f,
                "the id `{id}` is already used, by {name}; {NOTHING}\n  help: choose another id, or change {name} with `nosfolio network contact edit {id}`"
            ),
            Self::Unknown { id, nearest } => {
                write!(f, "no contact has the id `{id}`; {NOTHING}\n  help: ")?;
                match nearest.as_slice() {
                    [] => write!(f, "`nosfolio network contact list` shows the ids"),
                    some => write!(
                        f,
                        "did you mean {}? `nosfolio network contact list` shows every id",
                        some.iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                }
            }
            Self::ScoreTaken { id, date, score } => write!(
                f,
                "`{id}` already has a score for {date} ({score}); {NOTHING}\n  help: add `--replace` to replace it, or give the score another day with `--date`"
            ),
            Self::Named { id, entries } => write!(
                f,
                "`{id}` cannot be removed: {} journal {} {} them ({}); {NOTHING}\n  help: a contact the journal names stays in the list; remove or change those entries first",
                entries.len(),
                if entries.len() == 1 {
                    "entry"
                } else {
                    "entries"
                },
                if entries.len() == 1 { "names" } else { "name" },
                entries.join(", ")
            ),
            Self::Broken { problems } => {
                write!(f, "the contacts list has errors; {NOTHING}")?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                write!(f, "\n  help: fix them first (`nosfolio check` lists them)")
            }
            Self::Layout { file, reason } => write!(
                f,
                "{file} cannot be changed in place keeping its comments and layout: {reason}; {NOTHING}\n  help: add `--force` to write the whole file anew (its comments will be lost)"
            ),
            Self::ReadBack { file, reason } => write!(
                f,
                "the change to {file} did not read back as intended ({reason}); {NOTHING}\n  help: this is a bug in nosfolio: please report it with the file"
            ),
        }
    }
}

impl std::error::Error for ContactError {}

/// Works out `change` on the list whose text is `current` (`None` when
/// there is no list yet): checks it, and returns the new text.
///
/// # Errors
/// Every refusal is a [`ContactError`]; nothing is to be written then.
pub fn change_contacts(
    current: Option<&str>,
    change: &ContactChange,
    context: &ChangeContext<'_>,
) -> Result<ContactsEdit, ContactError> {
    let file = context.file;
    let (list, document) = match current {
        None => (ContactsList::default(), Document::default()),
        Some(text) => {
            let (list, problems) = parse_contacts(file, text);
            let errors: Vec<Diagnostic> = problems
                .into_iter()
                .filter(|d| d.severity() == Severity::Error)
                .collect();
            let (Some(list), true) = (list, errors.is_empty()) else {
                return Err(ContactError::Broken { problems: errors });
            };
            let document: Document = parse_yaml(file, text).map_err(|d| ContactError::Layout {
                file: file.to_owned(),
                reason: format!("it could not be read key by key ({})", d.problem),
            })?;
            if document.contacts.len() != list.contacts.len() {
                return Err(ContactError::Layout {
                    file: file.to_owned(),
                    reason: "it could not be read contact by contact".into(),
                });
            }
            (list, document)
        }
    };
    let mut new = document.clone();
    let mut replaced = None;
    let mut removed = None;
    let id = change.id().to_owned();
    match change {
        ContactChange::Add { fields, .. } => {
            let mut problems = check_fields(fields, true);
            if !valid_id(&id) {
                problems.insert(0, format!("`{id}` is not a usable id: {ID_RULE}"));
            }
            if let Some(existing) = list.contact(&id) {
                if problems.is_empty() {
                    return Err(ContactError::Taken {
                        id,
                        name: existing.name.clone(),
                    });
                }
                problems.insert(
                    0,
                    format!("the id `{id}` is already used, by {}", existing.name),
                );
            }
            invalid(problems)?;
            let mut record = Record {
                id: id.clone(),
                ..Record::default()
            };
            apply_fields(&mut record, fields, &document, context.today)?;
            new.contacts.push(record);
        }
        ContactChange::Edit { fields, .. } => {
            let index = find(&list, &id)?;
            let mut problems = check_fields(fields, false);
            if *fields == ContactFields::default() {
                problems.push(
                    "nothing to change: give what to set (e.g. `--role TEXT`), add (`--idea TEXT`), remove (`--remove-idea TEXT`) or clear (`--clear notes`)".into(),
                );
            }
            invalid(problems)?;
            apply_fields(&mut new.contacts[index], fields, &document, context.today)?;
        }
        ContactChange::Score {
            date,
            score,
            replace,
            ..
        } => {
            let index = find(&list, &id)?;
            let mut problems = Vec::new();
            if !(MIN_SCORE..=MAX_SCORE).contains(score) {
                problems.push(format!(
                    "the score {score} is out of range: score a relationship from 1 (hardly know them) to 5 (at ease to call anytime)"
                ));
            }
            if *date > context.today {
                problems.push(format!(
                    "the date {date} is after today ({}): a score is given on the day it is given",
                    context.today
                ));
            }
            invalid(problems)?;
            let existing = list.contacts[index]
                .scores
                .iter()
                .find(|s| s.date == *date)
                .copied();
            if let Some(existing) = existing {
                if !replace {
                    return Err(ContactError::ScoreTaken {
                        id,
                        date: *date,
                        score: existing.score,
                    });
                }
                replaced = Some(existing);
            }
            let record = &mut new.contacts[index];
            let scores = record.scores.get_or_insert_with(Vec::new);
            let day = date.to_string();
            let same_day = |s: &ScoreRecord| nosfolio_core::parse_date(s.date.trim()) == Ok(*date);
            if scores.iter().any(same_day) {
                for entry in scores.iter_mut().filter(|s| same_day(s)) {
                    entry.score = i64::from(*score);
                }
            } else {
                scores.push(ScoreRecord {
                    date: day,
                    score: i64::from(*score),
                });
            }
        }
        ContactChange::Remove { .. } => {
            let index = find(&list, &id)?;
            let mut entries: Vec<String> = context
                .journal
                .iter()
                .filter(|e| {
                    e.met(&id)
                        || e.introduced
                            .iter()
                            .any(|i| i.first.value == id || i.second.value == id)
                })
                .map(|e| e.file.clone())
                .collect();
            entries.dedup();
            if !entries.is_empty() {
                return Err(ContactError::Named { id, entries });
            }
            removed = Some(list.contacts[index].clone());
            new.contacts.remove(index);
        }
    }
    let before = document.contacts.iter().find(|c| c.id == id);
    let after = new.contacts.iter().find(|c| c.id == id);
    let changed: Vec<&'static str> = crate::written::KEYS
        .iter()
        .copied()
        .filter(|key| before.and_then(|r| r.get(key)) != after.and_then(|r| r.get(key)))
        .collect();
    if new == document {
        return Ok(ContactsEdit {
            text: None,
            written: Written::Unchanged,
            contact: list.contact(&id).cloned(),
            removed: None,
            replaced,
            changed,
            warnings: Vec::new(),
        });
    }
    let full = || {
        document_yaml(&new).map_err(|reason| ContactError::ReadBack {
            file: file.to_owned(),
            reason,
        })
    };
    let intended = full()?;
    let (text, written) = match current {
        None => (intended.clone(), Written::Created),
        Some(text) => {
            let lines: Vec<usize> = list
                .contacts
                .iter()
                .map(|c| c.position.map_or(usize::MAX, line_index))
                .collect();
            let in_place = edit_in_place(text, &document, &new, &lines)
                .map_err(|e| e.0)
                .and_then(|edited| {
                    read_back(file, &edited, &new, &intended)
                        .map(|_| edited)
                        .map_err(|e| match e {
                            ContactError::ReadBack { reason, .. } => reason,
                            other => other.to_string(),
                        })
                });
            match in_place {
                Ok(edited) => (edited, Written::InPlace),
                Err(_) if context.force => (intended.clone(), Written::Rewritten),
                Err(reason) => {
                    return Err(ContactError::Layout {
                        file: file.to_owned(),
                        reason,
                    });
                }
            }
        }
    };
    let (result, warnings) = read_back(file, &text, &new, &intended)?;
    Ok(ContactsEdit {
        text: Some(text),
        written,
        contact: result.contact(&id).cloned(),
        removed,
        replaced,
        changed,
        warnings,
    })
}

fn line_index(position: Position) -> usize {
    usize::try_from(position.line)
        .unwrap_or(usize::MAX)
        .saturating_sub(1)
}

fn invalid(problems: Vec<String>) -> Result<(), ContactError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ContactError::Invalid { problems })
    }
}

fn find(list: &ContactsList, id: &str) -> Result<usize, ContactError> {
    list.contacts
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| ContactError::Unknown {
            id: id.to_owned(),
            nearest: nearest(id, list.contacts.iter().map(|c| &c.id), 3),
        })
}

/// Checks the values themselves: every problem, each saying what to give.
fn check_fields(fields: &ContactFields, adding: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let mut text = |what: &str, value: &Option<String>, field: Option<Field>| {
        if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
            problems.push(match field {
                Some(field) if !adding => {
                    format!("--{what} is empty: give a value, or remove it with `--clear {field}`")
                }
                _ => format!("--{what} is empty: give a value"),
            });
        }
    };
    text("name", &fields.name, None);
    text(
        "organisation",
        &fields.organisation,
        Some(Field::Organisation),
    );
    text("department", &fields.department, Some(Field::Department));
    text("role", &fields.role, Some(Field::Role));
    text("notes", &fields.notes, Some(Field::Notes));
    if adding && fields.name.is_none() {
        problems.push("a contact needs a name: give it with `--name NAME`".into());
    }
    if let Some(days) = fields.target
        && !TARGET_WINDOWS.contains(&days)
    {
        problems.push(format!(
            "--target {days} is not a target window: give 30, 60 or 90 (days)"
        ));
    }
    if let Some(days) = fields.cadence
        && !(1..=MAX_CADENCE).contains(&days)
    {
        problems.push(format!(
            "--cadence {days} is out of range: give a number of days from 1 to {MAX_CADENCE}"
        ));
    }
    for (what, list) in [
        ("interest", &fields.interests),
        ("idea", &fields.ideas),
        ("remove-interest", &fields.remove_interests),
        ("remove-idea", &fields.remove_ideas),
    ] {
        if list.iter().any(|t| t.trim().is_empty()) {
            problems.push(format!("--{what} is empty: give the text"));
        }
    }
    let set: [(Field, bool); 12] = [
        (Field::Organisation, fields.organisation.is_some()),
        (Field::Department, fields.department.is_some()),
        (Field::Role, fields.role.is_some()),
        (Field::Leader, fields.leader),
        (Field::Lists, !fields.lists.is_empty()),
        (Field::Interests, !fields.interests.is_empty()),
        (Field::Target, fields.target.is_some()),
        (Field::TargetFrom, fields.target_from.is_some()),
        (Field::Ideas, !fields.ideas.is_empty()),
        (Field::Cadence, fields.cadence.is_some()),
        (Field::Notes, fields.notes.is_some()),
        (Field::Confidentiality, fields.confidentiality.is_some()),
    ];
    for (field, given) in set {
        if given && fields.clear.contains(&field) {
            problems.push(format!(
                "`{field}` is both given and cleared: do one or the other"
            ));
        }
    }
    if fields.clear.contains(&Field::Target) && fields.target_from.is_some() {
        problems.push("--target-from is given while the target is cleared: a start date needs a target window".into());
    }
    for list in &fields.lists {
        if fields.remove_lists.contains(list) {
            problems.push(format!("the list `{list}` is both added and removed"));
        }
    }
    for interest in &fields.interests {
        if fields
            .remove_interests
            .iter()
            .any(|r| r.trim().eq_ignore_ascii_case(interest.trim()))
        {
            problems.push(format!(
                "the interest `{}` is both added and removed",
                interest.trim()
            ));
        }
    }
    problems
}

/// The list names as written in the file.
fn list_key(list: List) -> &'static str {
    match list {
        List::KnowAndLike => "know-and-like",
        List::CanHelp => "can-help",
    }
}

fn trimmed(text: &str) -> String {
    text.trim().to_owned()
}

/// Applies checked fields to a contact as written; refuses removals of
/// what is not there.
fn apply_fields(
    record: &mut Record,
    fields: &ContactFields,
    document: &Document,
    today: Date,
) -> Result<(), ContactError> {
    let mut problems = Vec::new();
    for field in &fields.clear {
        match field {
            Field::Organisation => record.organisation = None,
            Field::Department => record.department = None,
            Field::Role => record.role = None,
            Field::Leader => record.leader = None,
            Field::Lists => record.lists = None,
            Field::Interests => record.interests = None,
            Field::Target => {
                record.target = None;
                record.target_from = None;
            }
            Field::TargetFrom => record.target_from = None,
            Field::Ideas => record.ideas = None,
            Field::Cadence => record.cadence = None,
            Field::Notes => record.notes = None,
            Field::Confidentiality => record.confidentiality = None,
        }
    }
    if let Some(name) = &fields.name {
        record.name = trimmed(name);
    }
    for (slot, value) in [
        (&mut record.organisation, &fields.organisation),
        (&mut record.department, &fields.department),
        (&mut record.role, &fields.role),
        (&mut record.notes, &fields.notes),
    ] {
        if let Some(value) = value {
            *slot = Some(trimmed(value));
        }
    }
    if fields.leader {
        record.leader = Some(true);
    }
    // Lists: as written, less those removed, with those added at the end.
    let mut lists = record.lists.clone().unwrap_or_default();
    let on = |lists: &[String], list: List| lists.iter().any(|l| l.trim() == list_key(list));
    lists.retain(|l| !fields.remove_lists.iter().any(|r| l.trim() == list_key(*r)));
    for list in &fields.lists {
        if !on(&lists, *list) {
            lists.push(list_key(*list).to_owned());
        }
    }
    if lists != record.lists.clone().unwrap_or_default() {
        record.lists = (!lists.is_empty()).then_some(lists);
    }
    // Interests compare without regard to case, as the list reads them.
    let mut interests = record.interests.clone().unwrap_or_default();
    for gone in &fields.remove_interests {
        let before = interests.len();
        interests.retain(|i| !i.trim().eq_ignore_ascii_case(gone.trim()));
        if interests.len() == before {
            problems.push(missing("interest", gone, record.interests.as_deref()));
        }
    }
    for interest in &fields.interests {
        if !interests
            .iter()
            .any(|i| i.trim().eq_ignore_ascii_case(interest.trim()))
        {
            interests.push(trimmed(interest));
        }
    }
    if interests != record.interests.clone().unwrap_or_default() {
        record.interests = (!interests.is_empty()).then_some(interests);
    }
    let mut ideas = record.ideas.clone().unwrap_or_default();
    for gone in &fields.remove_ideas {
        let before = ideas.len();
        ideas.retain(|i| i.trim() != gone.trim());
        if ideas.len() == before {
            problems.push(missing("idea", gone, record.ideas.as_deref()));
        }
    }
    for idea in &fields.ideas {
        if !ideas.iter().any(|i| i.trim() == idea.trim()) {
            ideas.push(trimmed(idea));
        }
    }
    if ideas != record.ideas.clone().unwrap_or_default() {
        record.ideas = (!ideas.is_empty()).then_some(ideas);
    }
    if let Some(days) = fields.target {
        record.target = Some(i64::from(days));
    }
    if let Some(from) = fields.target_from {
        if record.target.is_none() {
            problems.push(format!(
                "--target-from {from} needs a target window: give `--target 30`, `60` or `90` too"
            ));
        }
        record.target_from = Some(from.to_string());
    } else if fields.target.is_some()
        && record.target_from.is_none()
        && record.scores.as_ref().is_none_or(Vec::is_empty)
        && document.date.is_none()
    {
        // A window needs a start: with nothing else to start from, it starts today.
        record.target_from = Some(today.to_string());
    }
    if let Some(days) = fields.cadence {
        record.cadence = Some(i64::from(days));
    }
    if let Some(confidentiality) = fields.confidentiality {
        record.confidentiality = Some(confidentiality);
    }
    invalid(problems)
}

fn missing(what: &str, gone: &str, there: Option<&[String]>) -> String {
    match there.unwrap_or_default() {
        [] => format!(
            "--remove-{what} `{}`: this contact has no {what}s",
            gone.trim()
        ),
        some => format!(
            "--remove-{what} `{}`: this contact has no such {what}; their {what}s are: {}",
            gone.trim(),
            some.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A list without where things are written: two lists that mean the same.
fn meaning(mut list: ContactsList) -> ContactsList {
    for contact in &mut list.contacts {
        contact.position = None;
    }
    for claim in &mut list.meta.claims {
        claim.item.position = None;
    }
    for file in &mut list.meta.files {
        file.position = None;
    }
    if let Some(kind) = &mut list.meta.evidence_type {
        kind.position = None;
    }
    list
}

/// Reads `text` back: it must have no errors, say exactly `document` key by
/// key, and mean what `intended` (the serializer's writing of `document`)
/// means. Returns the list read and its warnings.
fn read_back(
    file: &str,
    text: &str,
    document: &Document,
    intended: &str,
) -> Result<(ContactsList, Vec<Diagnostic>), ContactError> {
    let failed = |reason: String| ContactError::ReadBack {
        file: file.to_owned(),
        reason,
    };
    let (list, problems) = parse_contacts(file, text);
    if let Some(error) = problems.iter().find(|d| d.severity() == Severity::Error) {
        return Err(failed(format!("it would have an error: {error}")));
    }
    let list = list.ok_or_else(|| failed("it would not read".into()))?;
    let read: Document = parse_yaml(file, text).map_err(|d| failed(d.to_string()))?;
    if read != *document {
        return Err(failed("its keys would not be those intended".into()));
    }
    let (expected, _) = parse_contacts(file, intended);
    if expected.map(meaning) != Some(meaning(list.clone())) {
        return Err(failed("it would not mean what was intended".into()));
    }
    Ok((list, problems))
}
