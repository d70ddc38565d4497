//! The networking plan of a nosfolio portfolio, kept so that keeping it
//! produces evidence.
//!
//! M&LA3 names the records a manager's networking produces as evidence: an
//! annotated contacts list, and personal diaries and reflective logs. This
//! crate reads the two files that hold them — `network/contacts.yaml` and
//! the entries of `network/journal/` — from text handed over by
//! `nosfolio-store`, and answers the questions the networking-plan methods
//! ask: where to start, who is due, how the relationships have moved this
//! quarter, and who could be introduced to whom. It never touches the file
//! system.
//!
//! ```
//! use jiff::civil::date;
//! use nosfolio_network::{Network, parse_contacts, parse_entry};
//!
//! let (list, _) = parse_contacts(
//!     "network/contacts.yaml",
//!     "contacts:\n  - id: jsmith\n    name: Jane Smith\n    cadence: 30\n",
//! );
//! let (entry, _) = parse_entry(
//!     "network/journal/2026-03-04-coffee.md",
//!     "---\ndate: 2026-03-04\ncontacts: [jsmith]\nkind: coffee\n---\n",
//! );
//! let network = Network::new(list, entry.into_iter().collect());
//! let due = network.due(date(2026, 4, 10), 7);
//! assert_eq!(due[0].contact.id, "jsmith");
//! assert_eq!(due[0].due, date(2026, 4, 3)); // 30 days after the coffee
//! assert_eq!(due[0].days_overdue, 7);
//! ```

#![forbid(unsafe_code)]

mod analysis;
mod change;
mod contacts;
mod journal;
mod layout;
mod quarter;
mod written;

pub use analysis::{
    Basis, DueContact, ESTABLISHED_SCORE, IN_PROGRESS_DAYS, Introductions, Plan, PlanEntry, Reason,
    Review, ScoreReview, Suggestion, TargetReview, TargetStatus, Trend,
};
pub use change::{
    ChangeContext, ContactChange, ContactError, ContactFields, ContactsEdit, Field, ID_RULE,
    Written, change_contacts,
};
pub use contacts::{
    Contact, ContactSummary, ContactsList, List, MAX_CADENCE, MAX_SCORE, MIN_SCORE, Score,
    TARGET_WINDOWS, TargetWindow, add_days, parse_contacts,
};
pub use journal::{
    Introduction, JOURNAL_EVIDENCE_TYPE, JournalEntry, KINDS, NewEntry, entry_reads_back,
    entry_text, parse_entry,
};
pub use quarter::Quarter;

/// The folder of a portfolio holding the networking plan: its contacts
/// list and its journal.
pub const NETWORK_DIR: &str = "network";

/// Whether `path` (relative to the portfolio, `/`-separated) is a file of
/// the networking plan, which only the plan's own rules show (each
/// contact and entry as an audience may see it), never as written.
#[must_use]
pub fn is_network_file(path: &str) -> bool {
    path.strip_prefix(NETWORK_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

use nosfolio_core::{Diagnostic, Located, Problem, StandardSet, nearest};

/// What stands in the way of writing a journal entry: the command line and
/// the web app check an entry by [`Network::entry_problems`] and phrase
/// each problem their own way (the command line names its flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryProblem {
    /// It names nobody.
    NoContact,
    /// A contact the list does not have, with the nearest ids it has.
    UnknownContact {
        /// The id as given.
        id: String,
        /// Ids of the list like it, nearest first.
        nearest: Vec<String>,
    },
    /// Someone introduced to themselves.
    SelfIntroduction {
        /// Their id.
        id: String,
    },
    /// No kind of contact.
    NoKind,
    /// The next contact is dated before the entry.
    NextBeforeDate {
        /// The next contact.
        next: jiff::civil::Date,
        /// The entry's date.
        date: jiff::civil::Date,
    },
    /// A claim that names no item of the portfolio's standards, explained.
    Claim(String),
}

impl std::fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoContact => f.write_str("say who the contact was with"),
            Self::UnknownContact { id, nearest } => match nearest.as_slice() {
                [] => write!(f, "`{id}` is not on the networking plan: add them first"),
                some => write!(
                    f,
                    "`{id}` is not on the networking plan: did you mean {}?",
                    some.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            },
            Self::SelfIntroduction { id } => {
                write!(f, "`{id}` cannot be introduced to themselves")
            }
            Self::NoKind => f.write_str(
                "say what kind of contact it was (coffee, call, meeting, introduction…)",
            ),
            Self::NextBeforeDate { next, date } => write!(
                f,
                "the next contact ({next}) is before the entry's date ({date}): it is a date to come"
            ),
            Self::Claim(explained) => f.write_str(explained),
        }
    }
}

/// The networking plan: the contacts list and the journal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Network {
    /// `network/contacts.yaml`, when there is one and it could be read.
    pub list: Option<ContactsList>,
    /// The journal entries that could be read, oldest first.
    pub journal: Vec<JournalEntry>,
}

impl Network {
    /// A plan from its list and entries; the entries are put in date order.
    #[must_use]
    pub fn new(list: Option<ContactsList>, mut journal: Vec<JournalEntry>) -> Self {
        journal.sort_by(|a, b| (a.date, &a.file).cmp(&(b.date, &b.file)));
        Self { list, journal }
    }

    /// Whether there is neither a list nor a journal.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_none() && self.journal.is_empty()
    }

    /// Every contact, in the order written.
    #[must_use]
    pub fn contacts(&self) -> &[Contact] {
        self.list.as_ref().map_or(&[], |l| &l.contacts)
    }

    /// The contact with this id.
    #[must_use]
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts().iter().find(|c| c.id == id)
    }

    /// Where the contact is in the list: pseudonyms number contacts by it.
    #[must_use]
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.contacts().iter().position(|c| c.id == id)
    }

    /// The entries recording contact with `id`, oldest first.
    pub fn entries_with<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a JournalEntry> {
        self.journal.iter().filter(move |e| e.met(id))
    }

    /// The latest entry recording contact with `id`.
    #[must_use]
    pub fn last_entry(&self, id: &str) -> Option<&JournalEntry> {
        self.journal.iter().rev().find(|e| e.met(id))
    }

    /// Whether `a` and `b` have been introduced to each other.
    #[must_use]
    pub fn introduced(&self, a: &str, b: &str) -> bool {
        self.journal
            .iter()
            .any(|e| e.introduced.iter().any(|i| i.between(a, b)))
    }

    /// Everything that stands in the way of writing `entry`, all at once:
    /// it names nobody, someone not on the list (or introduces someone
    /// who is not, or someone to themselves), no kind, a next contact
    /// before its date, or a claim no item of `standards` answers.
    #[must_use]
    pub fn entry_problems(
        &self,
        entry: &NewEntry<'_>,
        standards: &StandardSet,
    ) -> Vec<EntryProblem> {
        let ids: Vec<&str> = self.contacts().iter().map(|c| c.id.as_str()).collect();
        let mut problems = Vec::new();
        if entry.contacts.is_empty() {
            problems.push(EntryProblem::NoContact);
        }
        let introduced = entry.introduced.iter().flat_map(|(a, b)| [*a, *b]);
        let mut reported: Vec<&str> = Vec::new();
        for id in entry.contacts.iter().copied().chain(introduced) {
            if !ids.contains(&id) && !reported.contains(&id) {
                reported.push(id);
                problems.push(EntryProblem::UnknownContact {
                    id: id.to_owned(),
                    nearest: nearest(id, &ids, 3),
                });
            }
        }
        for (a, b) in &entry.introduced {
            if a == b {
                problems.push(EntryProblem::SelfIntroduction {
                    id: (*a).to_owned(),
                });
            }
        }
        if entry.kind.trim().is_empty() {
            problems.push(EntryProblem::NoKind);
        }
        if let Some(next) = entry.next_contact
            && next < entry.date
        {
            problems.push(EntryProblem::NextBeforeDate {
                next,
                date: entry.date,
            });
        }
        for claim in &entry.claims {
            if let Err(problem) = standards.resolve_item(claim) {
                problems.push(EntryProblem::Claim(problem.explained()));
            }
        }
        problems
    }

    /// Journal references to contacts the list does not have.
    #[must_use]
    pub fn check(&self) -> Vec<Diagnostic> {
        let ids: Vec<&str> = self.contacts().iter().map(|c| c.id.as_str()).collect();
        let mut problems = Vec::new();
        for entry in &self.journal {
            let named = entry.introduced.iter().flat_map(|i| [&i.first, &i.second]);
            for Located { value, position } in entry.contacts.iter().chain(named) {
                if !ids.contains(&value.as_str()) {
                    problems.push(Diagnostic::new(
                        entry.file.clone(),
                        *position,
                        Problem::UnknownContact {
                            id: value.clone(),
                            nearest: nearest(value, &ids, 3),
                        },
                    ));
                }
            }
        }
        problems
    }
}

/// How a contact is named to someone who may not see who they are:
/// `Contact 3` for the third in the list.
#[must_use]
pub fn pseudonym(index: usize) -> String {
    format!("Contact {}", index + 1)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn an_entry_is_checked_for_everything_at_once() {
        let (list, _) = parse_contacts(
            "network/contacts.yaml",
            "contacts:\n  - id: jsmith\n    name: Jane Smith\n  - id: pkhan\n    name: Priya Khan\n",
        );
        let network = Network::new(list, Vec::new());
        let standards = StandardSet::default();
        let good = NewEntry {
            date: date(2026, 3, 4),
            contacts: vec!["jsmith"],
            kind: "coffee",
            introduced: vec![("jsmith", "pkhan")],
            next_contact: Some(date(2026, 4, 1)),
            confidentiality: None,
            claims: Vec::new(),
            note: None,
        };
        assert_eq!(network.entry_problems(&good, &standards), Vec::new());
        let bad = NewEntry {
            contacts: vec!["jsmiht", "jsmiht"],
            kind: " ",
            introduced: vec![("pkhan", "pkhan")],
            next_contact: Some(date(2026, 3, 1)),
            claims: vec!["PC9"],
            ..good
        };
        let problems = network.entry_problems(&bad, &standards);
        assert_eq!(
            problems[..4],
            [
                EntryProblem::UnknownContact {
                    id: "jsmiht".into(),
                    nearest: vec!["jsmith".into()]
                },
                EntryProblem::SelfIntroduction { id: "pkhan".into() },
                EntryProblem::NoKind,
                EntryProblem::NextBeforeDate {
                    next: date(2026, 3, 1),
                    date: date(2026, 3, 4)
                },
            ]
        );
        assert!(
            matches!(problems[4], EntryProblem::Claim(_)),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 5);
        let nobody = NewEntry {
            contacts: Vec::new(),
            introduced: Vec::new(),
            ..good
        };
        assert_eq!(
            network.entry_problems(&nobody, &standards),
            [EntryProblem::NoContact]
        );
    }
}
