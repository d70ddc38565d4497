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

use nosfolio_core::{Diagnostic, Located, Problem, nearest};

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
