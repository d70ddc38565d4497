//! The questions the networking plan answers: where to start, who is due,
//! how the relationships moved this quarter, and who to introduce.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::contacts::{Contact, List, Score, add_days};
use crate::quarter::Quarter;
use crate::{JournalEntry, Network};

/// A relationship scored this high is built: "call anytime". It no longer
/// counts as a new relationship in the plan.
pub const ESTABLISHED_SCORE: u8 = 4;

/// A relationship not yet built counts as in progress for this many days
/// after the last contact.
pub const IN_PROGRESS_DAYS: i64 = 90;

/// Why a contact is in the plan, in the order the plan takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// On both lists: known and liked, and able to help (start here).
    BothLists,
    /// A team or department leader.
    Leader,
    /// Known and liked only: easy to start with.
    KnowAndLike,
    /// Able to help only.
    CanHelp,
}

impl Reason {
    /// A short explanation for people.
    #[must_use]
    pub fn explained(self) -> &'static str {
        match self {
            Self::BothLists => "you know and like them, and they can help your career",
            Self::Leader => "leads a team or department",
            Self::KnowAndLike => "on your know-and-like list",
            Self::CanHelp => "on your can-help list",
        }
    }

    fn of(contact: &Contact) -> Option<Self> {
        if contact.on_both_lists() {
            Some(Self::BothLists)
        } else if contact.leader {
            Some(Self::Leader)
        } else if contact.lists.contains(&List::KnowAndLike) {
            Some(Self::KnowAndLike)
        } else if contact.lists.contains(&List::CanHelp) {
            Some(Self::CanHelp)
        } else {
            None
        }
    }
}

/// A contact in the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanEntry<'a> {
    /// Who.
    pub contact: &'a Contact,
    /// Why they are in the plan.
    pub reason: Reason,
    /// Their latest score.
    pub score: Option<u8>,
    /// The end of their target window.
    pub target_deadline: Option<Date>,
    /// When the candidate was last in touch.
    pub last_contact: Option<Date>,
}

/// Where to put networking effort now.
#[derive(Debug, Clone, Serialize)]
pub struct Plan<'a> {
    /// The day the plan is for.
    pub today: Date,
    /// How many new relationships to build at once.
    pub max: usize,
    /// Relationships being built: not yet at [`ESTABLISHED_SCORE`], in touch
    /// within [`IN_PROGRESS_DAYS`].
    pub in_progress: Vec<PlanEntry<'a>>,
    /// Whom to start with, up to `max` less those in progress.
    pub start: Vec<PlanEntry<'a>>,
    /// Contacts on a list or leaders who wait for a free place.
    pub waiting: usize,
    /// Relationships already built.
    pub established: usize,
}

/// Why a contact is due when they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "basis", rename_all = "kebab-case")]
pub enum Basis {
    /// The `next_contact` of the latest journal entry with them.
    NextContact {
        /// That entry.
        entry: String,
    },
    /// The last contact plus their cadence.
    Cadence {
        /// The last contact.
        last: Date,
        /// The cadence in days.
        days: u16,
    },
    /// Never met yet: the end of their target window.
    Target {
        /// When the window started.
        from: Date,
        /// Its length in days.
        days: u16,
    },
}

/// A contact due, or soon due, for a contact.
#[derive(Debug, Clone, Serialize)]
pub struct DueContact<'a> {
    /// Who.
    pub contact: &'a Contact,
    /// When.
    pub due: Date,
    /// Days past the due date; negative while it is still to come.
    pub days_overdue: i64,
    /// Where the date comes from.
    pub basis: Basis,
    /// The latest journal entry with them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<&'a JournalEntry>,
}

/// How a relationship's score moved over a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// Scored higher than at the end of the quarters before.
    Up,
    /// Scored lower.
    Down,
    /// Scored the same.
    Same,
    /// Scored for the first time this quarter.
    New,
    /// Scored before, but not this quarter.
    NotRescored,
    /// Never scored.
    Unscored,
}

/// One contact's scores, seen from a quarter.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreReview<'a> {
    /// Who.
    pub contact: &'a Contact,
    /// The latest score before the quarter.
    pub before: Option<Score>,
    /// The latest score in the quarter.
    pub this_quarter: Option<Score>,
    /// How it moved.
    pub trend: Trend,
    /// Journal entries with them in the quarter.
    pub contacts_made: usize,
}

/// Whether a target window was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum TargetStatus {
    /// In touch within the window.
    Met {
        /// The first contact in the window.
        on: Date,
    },
    /// The window ended without contact.
    Missed,
    /// The window is still open.
    Open,
}

/// One contact's target window, seen from a quarter.
#[derive(Debug, Clone, Serialize)]
pub struct TargetReview<'a> {
    /// Who.
    pub contact: &'a Contact,
    /// When the window started.
    pub from: Date,
    /// When it ends.
    pub deadline: Date,
    /// Whether it was met.
    #[serde(flatten)]
    pub status: TargetStatus,
}

/// The quarterly review: re-scoring, trends and targets.
#[derive(Debug, Clone, Serialize)]
pub struct Review<'a> {
    /// The quarter.
    pub quarter: Quarter,
    /// The day the review looks from: today, or the quarter's end if earlier.
    pub as_of: Date,
    /// Every contact's scores.
    pub scores: Vec<ScoreReview<'a>>,
    /// Ids of contacts not re-scored this quarter.
    pub not_rescored: Vec<&'a str>,
    /// Target windows overlapping the quarter.
    pub targets: Vec<TargetReview<'a>>,
    /// Journal entries in the quarter, by kind.
    pub kinds: BTreeMap<&'a str, usize>,
}

impl Review<'_> {
    /// How many targets are met, missed and open.
    #[must_use]
    pub fn target_counts(&self) -> (usize, usize, usize) {
        let count =
            |f: fn(&TargetStatus) -> bool| self.targets.iter().filter(|t| f(&t.status)).count();
        (
            count(|s| matches!(s, TargetStatus::Met { .. })),
            count(|s| matches!(s, TargetStatus::Missed)),
            count(|s| matches!(s, TargetStatus::Open)),
        )
    }
}

/// Two contacts who could be introduced.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion<'a> {
    /// One.
    pub first: &'a Contact,
    /// The other.
    pub second: &'a Contact,
    /// The interests they share.
    pub shared: Vec<&'a str>,
}

/// Introductions to suggest, best first.
#[derive(Debug, Clone, Serialize)]
pub struct Introductions<'a> {
    /// The suggestions shown.
    pub suggestions: Vec<Suggestion<'a>>,
    /// How many pairs there are in all.
    pub total: usize,
}

impl Network {
    /// Where to start: the contacts not yet established, first those on
    /// both lists, then leaders by target window and lowest score, then the
    /// rest of the lists, keeping to `max` relationships at once.
    #[must_use]
    pub fn plan(&self, today: Date, max: usize) -> Plan<'_> {
        let mut in_progress = Vec::new();
        let mut candidates = Vec::new();
        let mut established = 0;
        for (index, contact) in self.contacts().iter().enumerate() {
            let score = contact.latest_score().map(|s| s.score);
            if score.is_some_and(|s| s >= ESTABLISHED_SCORE) {
                established += 1;
                continue;
            }
            let last_contact = self
                .entries_with(&contact.id)
                .map(|e| e.date)
                .filter(|d| *d <= today)
                .last();
            let Some(reason) = Reason::of(contact) else {
                continue;
            };
            let entry = PlanEntry {
                contact,
                reason,
                score,
                target_deadline: contact.target_window().map(|(_, end)| end),
                last_contact,
            };
            let active = last_contact.is_some_and(|d| add_days(d, IN_PROGRESS_DAYS) >= today);
            if active {
                in_progress.push(entry);
            } else {
                let key = (
                    reason,
                    contact.target.unwrap_or(u16::MAX),
                    score.unwrap_or(0),
                    index,
                );
                candidates.push((key, entry));
            }
        }
        candidates.sort_by_key(|(key, _)| *key);
        let room = max.saturating_sub(in_progress.len());
        let waiting = candidates.len().saturating_sub(room);
        Plan {
            today,
            max,
            in_progress,
            start: candidates.into_iter().take(room).map(|(_, e)| e).collect(),
            waiting,
            established,
        }
    }

    /// Who is due for a contact on or before `today + within` days, overdue
    /// first. The date comes from what happened: the latest journal entry's
    /// `next_contact`, else the last contact plus the contact's cadence; a
    /// contact never met is due at the end of their target window.
    #[must_use]
    pub fn due(&self, today: Date, within: i64) -> Vec<DueContact<'_>> {
        let horizon = add_days(today, within);
        let mut due = Vec::new();
        for contact in self.contacts() {
            let last = self.last_entry(&contact.id);
            let next = match last {
                Some(entry) => match (entry.next_contact, contact.cadence) {
                    (Some(date), _) => Some((
                        date,
                        Basis::NextContact {
                            entry: entry.file.clone(),
                        },
                    )),
                    (None, Some(days)) => Some((
                        add_days(entry.date, i64::from(days)),
                        Basis::Cadence {
                            last: entry.date,
                            days,
                        },
                    )),
                    (None, None) => None,
                },
                None => contact.target_window().map(|(from, end)| {
                    (
                        end,
                        Basis::Target {
                            from,
                            days: contact.target.unwrap_or_default(),
                        },
                    )
                }),
            };
            if let Some((date, basis)) = next
                && date <= horizon
            {
                due.push(DueContact {
                    contact,
                    due: date,
                    days_overdue: days_between(date, today),
                    basis,
                    last,
                });
            }
        }
        due.sort_by_key(|d| d.due);
        due
    }

    /// The quarterly review as of `today`.
    #[must_use]
    pub fn review(&self, quarter: Quarter, today: Date) -> Review<'_> {
        let as_of = today.min(quarter.end());
        let in_quarter = |date: Date| quarter.contains(date) && date <= as_of;
        let mut scores = Vec::new();
        let mut not_rescored = Vec::new();
        let mut targets = Vec::new();
        for contact in self.contacts() {
            let before = contact
                .scores
                .iter()
                .rfind(|s| s.date < quarter.start())
                .copied();
            let this_quarter = contact.scores.iter().rfind(|s| in_quarter(s.date)).copied();
            let trend = match (before, this_quarter) {
                (Some(b), Some(n)) if n.score > b.score => Trend::Up,
                (Some(b), Some(n)) if n.score < b.score => Trend::Down,
                (Some(_), Some(_)) => Trend::Same,
                (None, Some(_)) => Trend::New,
                (Some(_), None) => Trend::NotRescored,
                (None, None) => Trend::Unscored,
            };
            if this_quarter.is_none() {
                not_rescored.push(contact.id.as_str());
            }
            scores.push(ScoreReview {
                contact,
                before,
                this_quarter,
                trend,
                contacts_made: self
                    .entries_with(&contact.id)
                    .filter(|e| in_quarter(e.date))
                    .count(),
            });
            if let Some((from, deadline)) = contact.target_window()
                && from <= quarter.end()
                && deadline >= quarter.start()
            {
                let first = self
                    .entries_with(&contact.id)
                    .map(|e| e.date)
                    .find(|d| *d >= from && *d <= deadline && *d <= as_of);
                let status = match first {
                    Some(on) => TargetStatus::Met { on },
                    None if deadline < as_of => TargetStatus::Missed,
                    None => TargetStatus::Open,
                };
                targets.push(TargetReview {
                    contact,
                    from,
                    deadline,
                    status,
                });
            }
        }
        let mut kinds = BTreeMap::new();
        for entry in self.journal.iter().filter(|e| in_quarter(e.date)) {
            *kinds.entry(entry.kind.as_str()).or_insert(0) += 1;
        }
        Review {
            quarter,
            as_of,
            scores,
            not_rescored,
            targets,
            kinds,
        }
    }

    /// Pairs of contacts who share interests and have not been introduced,
    /// most shared interests first (among equals, the order of the list);
    /// at most `max`.
    ///
    /// No pair is built unless it shares an interest, and only the best
    /// `max` are kept: contacts are grouped by interest (compared without
    /// case), each contact counts what it shares with the later contacts of
    /// its groups, and a heap keeps the best pairs so far. Memory is the
    /// list's size plus `max`; time is the list's size plus the pairs that
    /// share an interest (each is counted for `total`), never all pairs.
    #[must_use]
    pub fn introductions(&self, max: usize) -> Introductions<'_> {
        use std::collections::{BinaryHeap, HashMap, HashSet};

        let contacts = self.contacts();
        // Each interest once, by its lower-case form; each contact's
        // interests as numbers, with repeats (a repeated interest counts
        // twice, as it always has).
        let mut numbers: HashMap<String, usize> = HashMap::new();
        let interests: Vec<Vec<usize>> = contacts
            .iter()
            .map(|c| {
                c.interests
                    .iter()
                    .map(|i| {
                        let next = numbers.len();
                        *numbers.entry(i.to_lowercase()).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        // Who holds each interest, in list order, each contact once.
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); numbers.len()];
        for (c, own) in interests.iter().enumerate() {
            for &i in own {
                if holders[i].last() != Some(&c) {
                    holders[i].push(c);
                }
            }
        }
        let introduced: HashSet<(&str, &str)> = self
            .journal
            .iter()
            .flat_map(|e| &e.introduced)
            .flat_map(|i| {
                let (a, b) = (i.first.value.as_str(), i.second.value.as_str());
                [(a, b), (b, a)]
            })
            .collect();
        // Whether each contact was introduced to anyone: most were not, and
        // their pairs need no look-up.
        let named: HashSet<&str> = introduced.iter().map(|(a, _)| *a).collect();
        let ever_introduced: Vec<bool> = contacts
            .iter()
            .map(|c| named.contains(c.id.as_str()))
            .collect();

        // The best `max` so far; the heap's top is the worst of them.
        // Better is more shared interests, then earlier in the list.
        let mut best: BinaryHeap<(std::cmp::Reverse<usize>, usize, usize)> = BinaryHeap::new();
        let mut total = 0;
        let mut shared = vec![0usize; contacts.len()];
        let mut partners = Vec::new();
        for (first, own) in interests.iter().enumerate() {
            for &i in own {
                let group = &holders[i];
                // Only later contacts: each pair once, as (earlier, later).
                let later = group.partition_point(|&c| c <= first);
                for &second in &group[later..] {
                    if shared[second] == 0 {
                        partners.push(second);
                    }
                    shared[second] += 1;
                }
            }
            partners.sort_unstable();
            for &second in &partners {
                let count = std::mem::take(&mut shared[second]);
                if ever_introduced[first]
                    && introduced
                        .contains(&(contacts[first].id.as_str(), contacts[second].id.as_str()))
                {
                    continue;
                }
                total += 1;
                let key = (std::cmp::Reverse(count), first, second);
                if best.len() < max {
                    best.push(key);
                } else if best.peek().is_some_and(|worst| key < *worst) {
                    best.pop();
                    best.push(key);
                }
            }
            partners.clear();
        }
        let suggestions = best
            .into_sorted_vec()
            .into_iter()
            .map(|(_, first, second)| {
                let (first, second) = (&contacts[first], &contacts[second]);
                let theirs: HashSet<String> =
                    second.interests.iter().map(|b| b.to_lowercase()).collect();
                Suggestion {
                    first,
                    second,
                    shared: first
                        .interests
                        .iter()
                        .filter(|a| theirs.contains(&a.to_lowercase()))
                        .map(String::as_str)
                        .collect(),
                }
            })
            .collect();
        Introductions { suggestions, total }
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    // A civil date span's largest unit is days by default.
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::{parse_contacts, parse_entry};

    const LIST: &str = "\
date: 2026-01-05
contacts:
  - id: both
    name: Both Lists
    lists: [know-and-like, can-help]
    interests: [cycling, budgets]
  - id: lead90
    name: Leader Ninety
    leader: true
    target: 90
    scores: [{date: 2026-01-05, score: 1}]
    interests: [Cycling]
  - id: lead30
    name: Leader Thirty
    leader: true
    target: 30
    scores: [{date: 2026-01-05, score: 3}, {date: 2026-04-02, score: 2}]
    interests: [budgets, cycling]
  - id: lead30low
    name: Leader Thirty Low
    leader: true
    target: 30
    scores: [{date: 2026-01-05, score: 1}]
  - id: known
    name: Known Only
    lists: [know-and-like]
    cadence: 14
  - id: built
    name: Built Already
    leader: true
    scores: [{date: 2026-01-05, score: 4}]
  - id: nobody
    name: On No List
";

    fn network(entries: &[&str]) -> Network {
        let (list, problems) = parse_contacts("c.yaml", LIST);
        assert!(problems.is_empty(), "{problems:?}");
        let journal = entries
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let (entry, problems) = parse_entry(&format!("j{i}.md"), text);
                assert!(problems.is_empty(), "{problems:?}");
                entry.unwrap()
            })
            .collect();
        Network::new(list, journal)
    }

    fn entry(date: &str, contacts: &str, extra: &str) -> String {
        format!("---\ndate: {date}\ncontacts: [{contacts}]\nkind: coffee\n{extra}---\n")
    }

    fn ids<'a>(entries: &[PlanEntry<'a>]) -> Vec<&'a str> {
        entries.iter().map(|e| e.contact.id.as_str()).collect()
    }

    #[test]
    fn the_plan_starts_with_both_lists_then_leaders_by_window_and_score() {
        let network = network(&[]);
        let plan = network.plan(date(2026, 2, 1), 5);
        assert_eq!(
            ids(&plan.start),
            ["both", "lead30low", "lead30", "lead90", "known"]
        );
        assert_eq!(plan.established, 1);
        assert_eq!(plan.waiting, 0);
        assert_eq!(network.plan(date(2026, 2, 1), 2).waiting, 3);
    }

    #[test]
    fn relationships_in_progress_take_places_in_the_plan() {
        let journal = [entry("2026-01-20", "lead90", "")];
        let network = network(&journal.each_ref().map(String::as_str));
        let plan = network.plan(date(2026, 2, 1), 2);
        assert_eq!(ids(&plan.in_progress), ["lead90"]);
        assert_eq!(ids(&plan.start), ["both"]);
        // Ninety days later it is no longer in progress.
        let plan = network.plan(date(2026, 4, 21), 2);
        assert!(plan.in_progress.is_empty());
    }

    #[test]
    fn due_dates_come_from_what_happened() {
        let journal = [
            entry("2026-01-10", "known", ""),
            entry("2026-02-01", "lead90, both", "next_contact: 2026-02-20\n"),
            entry("2026-02-10", "both", ""),
        ];
        let network = network(&journal.each_ref().map(String::as_str));
        let due = network.due(date(2026, 2, 22), 7);
        let shown: Vec<(&str, Date, i64)> = due
            .iter()
            .map(|d| (d.contact.id.as_str(), d.due, d.days_overdue))
            .collect();
        assert_eq!(
            shown,
            [
                // The last coffee plus the 14-day cadence.
                ("known", date(2026, 1, 24), 29),
                // Never met: the end of the 30-day window from the first score.
                ("lead30", date(2026, 2, 4), 18),
                ("lead30low", date(2026, 2, 4), 18),
                // The next contact noted in the journal.
                ("lead90", date(2026, 2, 20), 2),
            ]
        );
        assert_eq!(network.due(date(2026, 1, 20), 7).len(), 1);
        // `both` was met again later with no next date and has no cadence.
        assert!(due.iter().all(|d| d.contact.id != "both"));
    }

    #[test]
    fn the_review_shows_rescoring_trends_and_targets() {
        let journal = [
            entry("2026-01-20", "lead30", ""),
            entry("2026-03-01", "lead90", ""),
        ];
        let network = network(&journal.each_ref().map(String::as_str));
        let q2 = network.review("2026Q2".parse().unwrap(), date(2026, 5, 1));
        let lead30 = q2.scores.iter().find(|s| s.contact.id == "lead30").unwrap();
        assert_eq!(lead30.trend, Trend::Down);
        assert_eq!(q2.not_rescored.len(), 6);
        // Windows overlapping Q2: only lead90's (Jan 5 + 90 days = Apr 5), met in March.
        assert_eq!(q2.targets.len(), 1);
        assert_eq!(
            q2.targets[0].status,
            TargetStatus::Met {
                on: date(2026, 3, 1)
            }
        );
        let q1 = network.review("2026Q1".parse().unwrap(), date(2026, 5, 1));
        assert_eq!(q1.as_of, date(2026, 3, 31));
        assert_eq!(q1.target_counts(), (2, 1, 0));
        assert_eq!(q1.kinds.get("coffee"), Some(&2));
        let built = q1.scores.iter().find(|s| s.contact.id == "built").unwrap();
        assert_eq!(built.trend, Trend::New);
        // Mid-window, a target not met yet is open.
        let early = network.review("2026Q1".parse().unwrap(), date(2026, 1, 15));
        assert_eq!(early.target_counts(), (0, 0, 3));
    }

    #[test]
    fn introductions_pair_shared_interests_not_yet_introduced() {
        let network = network(&[]);
        let intro = network.introductions(10);
        let pairs: Vec<(&str, &str, usize)> = intro
            .suggestions
            .iter()
            .map(|s| (s.first.id.as_str(), s.second.id.as_str(), s.shared.len()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("both", "lead30", 2),
                ("both", "lead90", 1),
                ("lead90", "lead30", 1)
            ]
        );
        let journal = [entry(
            "2026-01-20",
            "both",
            "introduced: [[lead30, both]]
",
        )];
        let network = self::network(&journal.each_ref().map(String::as_str));
        assert_eq!(network.introductions(1).total, 2);
        assert_eq!(network.introductions(1).suggestions.len(), 1);
    }

    /// The way introductions were chosen before issue 14: every pair built,
    /// sorted, cut. The indexed choice must give the same answer.
    fn all_pairs(network: &Network, max: usize) -> (Vec<(String, String, Vec<String>)>, usize) {
        let contacts = network.contacts();
        let mut all = Vec::new();
        for (i, first) in contacts.iter().enumerate() {
            for second in &contacts[i + 1..] {
                let shared: Vec<String> = first
                    .interests
                    .iter()
                    .filter(|a| {
                        second
                            .interests
                            .iter()
                            .any(|b| a.to_lowercase() == b.to_lowercase())
                    })
                    .cloned()
                    .collect();
                if !shared.is_empty() && !network.introduced(&first.id, &second.id) {
                    all.push((first.id.clone(), second.id.clone(), shared));
                }
            }
        }
        all.sort_by_key(|s| std::cmp::Reverse(s.2.len()));
        let total = all.len();
        all.truncate(max);
        (all, total)
    }

    #[test]
    fn introductions_choose_as_building_every_pair_did() {
        let words = ["Cycling", "budgets", "cycling", "EV", "ports", "ev", "rail"];
        let mut list = String::from("date: 2026-01-05\ncontacts:\n");
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(7);
        let mut next = |n: usize| rand::RngExt::random_range(&mut rng, 0..n);
        for c in 0..60 {
            let interests: Vec<&str> = (0..next(4)).map(|_| words[next(7)]).collect();
            list.push_str(&format!(
                "  - id: c{c}\n    name: Contact {c}\n    interests: [{}]\n",
                interests.join(", ")
            ));
        }
        let (list, problems) = parse_contacts("c.yaml", &list);
        assert!(problems.is_empty(), "{problems:?}");
        let journal: Vec<_> = (0..20)
            .map(|i| {
                let (a, b) = (next(60), next(60));
                let text = entry(
                    "2026-01-20",
                    &format!("c{a}"),
                    &format!(
                        "introduced: [[c{a}, c{}]]\n",
                        if a == b { (b + 1) % 60 } else { b }
                    ),
                );
                parse_entry(&format!("j{i}.md"), &text).0.unwrap()
            })
            .collect();
        let network = Network::new(list, journal);
        for max in [0, 1, 5, 40, 10_000] {
            let chosen = network.introductions(max);
            let got: Vec<(String, String, Vec<String>)> = chosen
                .suggestions
                .iter()
                .map(|s| {
                    (
                        s.first.id.clone(),
                        s.second.id.clone(),
                        s.shared.iter().map(|s| (*s).to_owned()).collect(),
                    )
                })
                .collect();
            assert_eq!((got, chosen.total), all_pairs(&network, max), "max {max}");
        }
    }
}
