//! Coverage: for every item of every standard, which evidence claims it and
//! what state it is in. Pure: it works on evidence already read from disk.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::decision::{Decision, Role, Verdict};
use crate::evidence::Evidence;
use crate::policy::Policy;
use crate::standard::{Competency, Standard};
use crate::standard_set::{ItemRef, StandardSet};
use crate::target::{Attainment, Target};

/// The state of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No evidence claims it.
    Missing,
    /// Claimed, but not by enough evidence, or not of the type the policy requires.
    Insufficient,
    /// Claimed by enough evidence, as the policy requires.
    Claimed,
    /// An assessor referred it back: the evidence does not yet show it.
    Referred,
    /// Accepted once, but the evidence has changed since.
    Stale,
    /// An assessor accepted it against the evidence as it is now.
    Accepted,
}

impl Status {
    /// Every status, in the order summaries list them.
    pub const ALL: [Status; 6] = [
        Status::Accepted,
        Status::Claimed,
        Status::Stale,
        Status::Referred,
        Status::Insufficient,
        Status::Missing,
    ];

    /// A symbol that reads without colour.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Missing => "✗",
            Self::Insufficient => "◐",
            Self::Claimed => "○",
            Self::Referred => "↺",
            Self::Stale => "!",
            Self::Accepted => "✓",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "missing",
            Self::Insufficient => "insufficient",
            Self::Claimed => "claimed",
            Self::Referred => "referred",
            Self::Stale => "stale",
            Self::Accepted => "accepted",
        })
    }
}

/// The state of one claim: a piece of evidence claiming an item, as its
/// assessor's latest decision on it leaves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
    /// No decision yet.
    Awaiting,
    /// Accepted, on the evidence as it is now.
    Accepted,
    /// Accepted, but the evidence has changed since.
    Stale,
    /// Referred back, and the evidence is as it was then.
    Referred,
    /// Referred back, and the evidence has changed since: awaiting a new
    /// decision.
    Resubmitted,
}

impl ClaimState {
    /// The state the latest assessor decision (`None`: none yet) leaves a
    /// claim in, given whether the evidence's hash is still the one decided on.
    #[must_use]
    pub fn of(latest: Option<Verdict>, unchanged: bool) -> Self {
        match (latest, unchanged) {
            (None, _) => Self::Awaiting,
            (Some(Verdict::Accepted), true) => Self::Accepted,
            (Some(Verdict::Accepted), false) => Self::Stale,
            (Some(Verdict::Referred), true) => Self::Referred,
            (Some(Verdict::Referred), false) => Self::Resubmitted,
        }
    }

    /// Whether the claim waits for an assessor's decision.
    #[must_use]
    pub fn awaits_decision(self) -> bool {
        matches!(self, Self::Awaiting | Self::Resubmitted)
    }
}

impl fmt::Display for ClaimState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Awaiting => "awaiting",
            Self::Accepted => "accepted",
            Self::Stale => "stale",
            Self::Referred => "referred",
            Self::Resubmitted => "resubmitted",
        })
    }
}

/// The status of an item from the states of its claims: the one rule.
/// `enough` says whether a set of claims (by index into `claims`) meets
/// the portfolio's policy for the item. In order of precedence:
///
/// - `accepted`: the accepted claims, on current evidence, are enough;
/// - `stale`: they would be but for evidence changed since acceptance;
/// - `claimed`: the claims not referred are enough, and at least one
///   awaits a decision (awaiting or resubmitted);
/// - `referred`: every decided claim is referred and none awaits;
/// - `insufficient`: claimed, but not enough;
/// - `missing`: no claim.
#[must_use]
pub fn item_status(claims: &[ClaimState], enough: impl Fn(&[usize]) -> bool) -> Status {
    if claims.is_empty() {
        return Status::Missing;
    }
    let with = |keep: &dyn Fn(ClaimState) -> bool| -> Vec<usize> {
        claims
            .iter()
            .enumerate()
            .filter(|(_, s)| keep(**s))
            .map(|(i, _)| i)
            .collect()
    };
    let accepted = with(&|s| s == ClaimState::Accepted);
    if !accepted.is_empty() && enough(&accepted) {
        return Status::Accepted;
    }
    let once_accepted = with(&|s| matches!(s, ClaimState::Accepted | ClaimState::Stale));
    if claims.contains(&ClaimState::Stale) && enough(&once_accepted) {
        return Status::Stale;
    }
    let standing = with(&|s| !matches!(s, ClaimState::Referred));
    if claims.iter().any(|s| s.awaits_decision()) && enough(&standing) {
        return Status::Claimed;
    }
    if claims.iter().all(|&s| s == ClaimState::Referred) {
        return Status::Referred;
    }
    Status::Insufficient
}

/// Coverage of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemCoverage {
    /// The item.
    pub item: ItemRef,
    /// The id of the group it belongs to.
    pub group: String,
    /// Its state.
    pub status: Status,
    /// Indices into the evidence list of the pieces claiming it, each once,
    /// in ascending order (drafts are not counted).
    pub evidence: Vec<usize>,
    /// The state of each of those claims, in the same order.
    pub claims: Vec<ClaimState>,
    /// For an insufficient item, what the policy still needs.
    pub shortfall: Option<String>,
    /// Indices into the decision list of every decision on this item for a
    /// piece claiming it, oldest first (assessors' and IQA's).
    pub decisions: Vec<usize>,
    /// Whether the portfolio's target requires it ([`Target::requires`]):
    /// items beyond the target are still shown, but counted nowhere.
    pub required: bool,
}

/// Coverage of every item of a set of standards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// One entry per item, in the standards' order.
    pub items: Vec<ItemCoverage>,
    /// Where each item is in `items`, by standard and item id: built once,
    /// so that looking every item up is linear, not quadratic (issue 14).
    /// Checked on use, so a changed `items` is never misread.
    index: HashMap<String, HashMap<String, usize>>,
}

/// How many items are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Items in all.
    pub total: usize,
    /// Items claimed by enough evidence.
    pub claimed: usize,
    /// Items claimed, but below the policy.
    pub insufficient: usize,
    /// Items accepted against the evidence as it is now.
    pub accepted: usize,
    /// Items referred back.
    pub referred: usize,
    /// Items accepted on evidence that has changed since.
    pub stale: usize,
    /// Items nothing claims.
    pub missing: usize,
}

impl Summary {
    fn add(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Missing => self.missing += 1,
            Status::Insufficient => self.insufficient += 1,
            Status::Claimed => self.claimed += 1,
            Status::Accepted => self.accepted += 1,
            Status::Referred => self.referred += 1,
            Status::Stale => self.stale += 1,
        }
    }

    /// Items evidenced to the policy: claimed or accepted.
    #[must_use]
    pub fn covered(&self) -> usize {
        self.claimed + self.accepted
    }

    /// The partition in words, every status that has items in the order
    /// summaries list them, adding up to the total: `32 items: 2 accepted,
    /// 17 claimed, 1 stale, 1 referred, 11 missing`.
    #[must_use]
    pub fn describe(&self) -> String {
        let parts: Vec<String> = Status::ALL
            .into_iter()
            .filter(|&s| self.count(s) > 0)
            .map(|s| format!("{} {s}", self.count(s)))
            .collect();
        let items = if self.total == 1 { "item" } else { "items" };
        if parts.is_empty() {
            format!("{} {items}", self.total)
        } else {
            format!("{} {items}: {}", self.total, parts.join(", "))
        }
    }

    /// The count for one status.
    #[must_use]
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Missing => self.missing,
            Status::Insufficient => self.insufficient,
            Status::Claimed => self.claimed,
            Status::Accepted => self.accepted,
            Status::Referred => self.referred,
            Status::Stale => self.stale,
        }
    }
}

impl Coverage {
    /// Coverage made of these entries (in the standards' order).
    #[must_use]
    pub fn new(items: Vec<ItemCoverage>) -> Self {
        let mut index: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (position, coverage) in items.iter().enumerate() {
            index
                .entry(coverage.item.standard.clone())
                .or_default()
                .entry(coverage.item.item.clone())
                .or_insert(position);
        }
        Self { items, index }
    }

    /// Works out coverage of `standards` by `evidence`, one piece per item
    /// being enough.
    #[must_use]
    pub fn compute(standards: &StandardSet, evidence: &[Evidence]) -> Self {
        Self::compute_with(standards, evidence, &Policy::default())
    }

    /// Works out coverage of `standards` by `evidence` under `policy`.
    #[must_use]
    pub fn compute_with(standards: &StandardSet, evidence: &[Evidence], policy: &Policy) -> Self {
        Self::compute_assessed(standards, evidence, policy, &Target::default(), &[])
    }

    /// Works out coverage under `policy`, of what `target` requires, with
    /// assessors' `decisions` (in the order they were made) deciding
    /// accepted, referred and stale.
    #[must_use]
    pub fn compute_assessed(
        standards: &StandardSet,
        evidence: &[Evidence],
        policy: &Policy,
        target: &Target,
        decisions: &[Decision],
    ) -> Self {
        let resolved: Vec<Option<ItemRef>> = decisions
            .iter()
            .map(|d| standards.resolve_item(&d.item).ok())
            .collect();
        // The pieces claiming each item and the decisions on it, gathered
        // in one pass over each (not one pass per item: issue 14).
        let mut claimed_by: HashMap<&ItemRef, Vec<usize>> = HashMap::new();
        for (index, piece) in evidence.iter().enumerate().filter(|(_, e)| !e.draft) {
            for claim in &piece.claims {
                let pieces = claimed_by.entry(&claim.item).or_default();
                if pieces.last() != Some(&index) {
                    pieces.push(index);
                }
            }
        }
        let mut decided: HashMap<&ItemRef, Vec<usize>> = HashMap::new();
        for (d, reference) in resolved.iter().enumerate() {
            if let Some(reference) = reference {
                decided.entry(reference).or_default().push(d);
            }
        }
        let items = standards
            .standards()
            .iter()
            .flat_map(|standard| {
                standard
                    .items()
                    .map(move |(group, item)| (standard, group, item))
            })
            .map(|(standard, group, item)| {
                let reference = ItemRef {
                    standard: standard.id.clone(),
                    item: item.id.clone(),
                };
                let claiming: Vec<usize> = claimed_by.get(&reference).cloned().unwrap_or_default();
                let claiming_paths: HashMap<&str, usize> = claiming
                    .iter()
                    .map(|&e| (evidence[e].path.as_str(), e))
                    .collect();
                let pieces: Vec<&Evidence> = claiming.iter().map(|&i| &evidence[i]).collect();
                let on_item: Vec<usize> = decided
                    .get(&reference)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&d| claiming_paths.contains_key(decisions[d].evidence.as_str()))
                    .collect();
                // The latest assessor decision on each claiming piece.
                let mut latest_of: HashMap<usize, &Decision> = HashMap::new();
                for &d in &on_item {
                    let decision = &decisions[d];
                    if decision.role == Role::Assessor
                        && decision.counts()
                        && let Some(&e) = claiming_paths.get(decision.evidence.as_str())
                    {
                        latest_of.insert(e, decision);
                    }
                }
                let claims: Vec<ClaimState> = claiming
                    .iter()
                    .map(|e| {
                        let latest = latest_of.get(e);
                        ClaimState::of(
                            latest.map(|d| d.decision),
                            latest.is_some_and(|d| {
                                evidence[*e].sha256.as_deref() == Some(d.sha256.as_str())
                            }),
                        )
                    })
                    .collect();
                let rule = policy.rule_for(&reference, &group.id);
                let status = item_status(&claims, |subset| {
                    let subset: Vec<&Evidence> = subset.iter().map(|&i| pieces[i]).collect();
                    rule.shortfall(&subset).is_none()
                });
                // What the policy still needs, of the claims not referred.
                let shortfall = if status == Status::Insufficient {
                    let standing: Vec<&Evidence> = pieces
                        .iter()
                        .zip(&claims)
                        .filter(|(_, s)| **s != ClaimState::Referred)
                        .map(|(p, _)| *p)
                        .collect();
                    rule.shortfall(&standing)
                        .or_else(|| Some("every claim is referred or decided".to_owned()))
                } else {
                    None
                };
                ItemCoverage {
                    item: reference,
                    group: group.id.clone(),
                    status,
                    evidence: claiming,
                    claims,
                    shortfall,
                    decisions: on_item,
                    required: target.requires(standard, group),
                }
            })
            .collect();
        Self::new(items)
    }

    /// Counts over every item the target requires.
    #[must_use]
    pub fn summary(&self) -> Summary {
        self.summary_where(|c| c.required)
    }

    /// Counts over the required items of one standard.
    #[must_use]
    pub fn standard_summary(&self, standard: &str) -> Summary {
        self.summary_where(|c| c.required && c.item.standard == standard)
    }

    /// Counts over the required items of one group of one standard (none,
    /// for a level beyond the target).
    #[must_use]
    pub fn group_summary(&self, standard: &str, group: &str) -> Summary {
        self.summary_where(|c| c.required && c.item.standard == standard && c.group == group)
    }

    fn summary_where(&self, keep: impl Fn(&ItemCoverage) -> bool) -> Summary {
        let mut summary = Summary::default();
        for coverage in self.items.iter().filter(|c| keep(c)) {
            summary.add(coverage.status);
        }
        summary
    }

    /// Whether `group` of `standard` has items and the target requires none
    /// of them: a level above the one aimed at.
    #[must_use]
    pub fn beyond_target(&self, standard: &str, group: &crate::Group) -> bool {
        !group.items.is_empty()
            && group
                .items
                .iter()
                .all(|item| self.of(standard, &item.id).is_some_and(|c| !c.required))
    }

    /// The highest level `n` of `competency` such that every level up to
    /// `n` has all its items claimed or accepted (beyond the target or
    /// not); `None` when even its first level is not.
    #[must_use]
    pub fn evidenced_level(&self, standard: &str, competency: &Competency<'_>) -> Option<u32> {
        let mut highest = None;
        for group in &competency.levels {
            let all = self
                .items
                .iter()
                .filter(|c| c.item.standard == standard && c.group == group.id);
            if !all
                .clone()
                .all(|c| matches!(c.status, Status::Claimed | Status::Accepted))
                || all.count() == 0
            {
                break;
            }
            highest = group.level;
        }
        highest
    }

    /// How far each competency of `standard` that the target counts is
    /// evidenced, and its target: `(competency, attainment)` in the
    /// standard's order.
    #[must_use]
    pub fn attainments<'a>(
        &self,
        standard: &'a Standard,
        target: &Target,
    ) -> Vec<(Competency<'a>, Attainment)> {
        target
            .competencies(standard)
            .into_iter()
            .map(|(competency, level)| {
                let attainment = Attainment {
                    evidenced: self.evidenced_level(&standard.id, &competency),
                    target: level,
                };
                (competency, attainment)
            })
            .collect()
    }

    /// The coverage of one item.
    #[must_use]
    pub fn get(&self, item: &ItemRef) -> Option<&ItemCoverage> {
        self.of(&item.standard, &item.item)
    }

    /// The coverage of item `item` of standard `standard`.
    #[must_use]
    pub fn of(&self, standard: &str, item: &str) -> Option<&ItemCoverage> {
        let found = |c: &&ItemCoverage| c.item.standard == standard && c.item.item == item;
        self.index
            .get(standard)
            .and_then(|items| items.get(item))
            .and_then(|&position| self.items.get(position))
            .filter(found)
            // Not where the index says (`items` changed since): search.
            .or_else(|| self.items.iter().find(found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::builtin_standard;
    use crate::evidence::{Claim, Confidentiality};
    use crate::target::Target;

    fn evidence(path: &str, claims: &[&str]) -> Evidence {
        Evidence {
            path: path.into(),
            described_by: format!("{path}.yaml"),
            title: path.into(),
            date: None,
            evidence_type: None,
            confidentiality: Confidentiality::Assessor,
            description: None,
            witness: None,
            draft: false,
            files: Vec::new(),
            sha256: None,
            claims: claims
                .iter()
                .map(|id| Claim {
                    item: ItemRef {
                        standard: "mla3".into(),
                        item: (*id).into(),
                    },
                    at: None,
                    note: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_evidenced_level_needs_every_level_below_it() {
        let mut set = StandardSet::new();
        let framework = builtin_standard("develops-networks").unwrap().clone();
        set.add(framework.clone());
        let claim_all = |level: u32| -> Vec<String> {
            framework
                .groups
                .iter()
                .filter(|g| g.level == Some(level))
                .flat_map(|g| g.items.iter().map(|i| i.id.clone()))
                .collect()
        };
        let piece = |ids: Vec<String>| {
            let mut e = evidence("x", &[]);
            e.claims = ids
                .into_iter()
                .map(|id| Claim {
                    item: ItemRef {
                        standard: "develops-networks".into(),
                        item: id,
                    },
                    at: None,
                    note: None,
                })
                .collect();
            e
        };
        let competency = &framework.competencies()[0];
        let none = Coverage::compute(&set, &[]);
        assert_eq!(none.evidenced_level(&framework.id, competency), None);
        // Level 1 is empty in the source, so level 2 is the first that counts.
        let two = Coverage::compute(&set, &[piece(claim_all(2))]);
        assert_eq!(two.evidenced_level(&framework.id, competency), Some(2));
        let gap = Coverage::compute(&set, &[piece(claim_all(2)), piece(claim_all(4))]);
        assert_eq!(
            gap.evidenced_level(&framework.id, competency),
            Some(2),
            "level 3 is missing"
        );
        let three = Coverage::compute(&set, &[piece([claim_all(2), claim_all(3)].concat())]);
        assert_eq!(three.evidenced_level(&framework.id, competency), Some(3));
    }

    #[test]
    fn drafts_do_not_count() {
        let mut set = StandardSet::new();
        set.add(builtin_standard("mla3").unwrap().clone());
        let mut draft = evidence("draft", &["PC1"]);
        draft.draft = true;
        let coverage = Coverage::compute(&set, &[draft]);
        assert_eq!(coverage.summary().claimed, 0);
    }

    #[test]
    fn items_are_claimed_by_each_piece_once() {
        let mut set = StandardSet::new();
        set.add(builtin_standard("mla3").unwrap().clone());
        let pieces = [evidence("a", &["PC1", "B4"]), evidence("b", &["PC1"])];
        let coverage = Coverage::compute(&set, &pieces);
        assert_eq!(coverage.items.len(), 32);
        let pc1 = coverage
            .get(&ItemRef {
                standard: "mla3".into(),
                item: "PC1".into(),
            })
            .unwrap();
        assert_eq!(
            (pc1.status, pc1.evidence.as_slice()),
            (Status::Claimed, &[0, 1][..])
        );
        assert_eq!(
            coverage.summary(),
            Summary {
                total: 32,
                claimed: 2,
                insufficient: 0,
                accepted: 0,
                referred: 0,
                stale: 0,
                missing: 30
            }
        );
        assert_eq!(
            coverage.group_summary("mla3", "performance-criteria"),
            Summary {
                total: 6,
                claimed: 1,
                insufficient: 0,
                accepted: 0,
                referred: 0,
                stale: 0,
                missing: 5
            }
        );
    }

    /// Every combination of claim states for an item with one, two and
    /// three pieces, under a policy of one piece and of two: `STATES
    /// status-with-one status-with-two`, the states as letters (W
    /// awaiting, A accepted, S stale, R referred, U resubmitted). The
    /// table was written from the rule as the issue states it, not from
    /// the code.
    #[test]
    fn an_items_status_follows_from_its_claims_states_in_every_combination() {
        const TABLE: [&str; 55] = [
            "W claimed insufficient",
            "A accepted insufficient",
            "S stale insufficient",
            "R referred referred",
            "U claimed insufficient",
            "WW claimed claimed",
            "WA accepted claimed",
            "WS stale claimed",
            "WR claimed insufficient",
            "WU claimed claimed",
            "AA accepted accepted",
            "AS accepted stale",
            "AR accepted insufficient",
            "AU accepted claimed",
            "SS stale stale",
            "SR stale insufficient",
            "SU stale claimed",
            "RR referred referred",
            "RU claimed insufficient",
            "UU claimed claimed",
            "WWW claimed claimed",
            "WWA accepted claimed",
            "WWS stale claimed",
            "WWR claimed claimed",
            "WWU claimed claimed",
            "WAA accepted accepted",
            "WAS accepted stale",
            "WAR accepted claimed",
            "WAU accepted claimed",
            "WSS stale stale",
            "WSR stale claimed",
            "WSU stale claimed",
            "WRR claimed insufficient",
            "WRU claimed claimed",
            "WUU claimed claimed",
            "AAA accepted accepted",
            "AAS accepted accepted",
            "AAR accepted accepted",
            "AAU accepted accepted",
            "ASS accepted stale",
            "ASR accepted stale",
            "ASU accepted stale",
            "ARR accepted insufficient",
            "ARU accepted claimed",
            "AUU accepted claimed",
            "SSS stale stale",
            "SSR stale stale",
            "SSU stale stale",
            "SRR stale insufficient",
            "SRU stale claimed",
            "SUU stale claimed",
            "RRR referred referred",
            "RRU claimed insufficient",
            "RUU claimed claimed",
            "UUU claimed claimed",
        ];
        let state = |letter: char| match letter {
            'W' => ClaimState::Awaiting,
            'A' => ClaimState::Accepted,
            'S' => ClaimState::Stale,
            'R' => ClaimState::Referred,
            'U' => ClaimState::Resubmitted,
            other => panic!("no state {other}"),
        };
        assert_eq!(item_status(&[], |_| true), Status::Missing);
        for row in TABLE {
            let mut parts = row.split(' ');
            let (Some(states), Some(one), Some(two)) = (parts.next(), parts.next(), parts.next())
            else {
                panic!("bad row {row}");
            };
            let claims: Vec<ClaimState> = states.chars().map(state).collect();
            for (min, expected) in [(1, one), (2, two)] {
                // Order must not matter.
                for claims in [claims.clone(), claims.iter().rev().copied().collect()] {
                    let status = item_status(&claims, |subset| subset.len() >= min);
                    assert_eq!(status.to_string(), expected, "{states} with {min} piece(s)");
                }
            }
        }
    }

    #[test]
    fn a_referral_of_one_of_three_pieces_leaves_the_item_claimed() {
        let mut set = StandardSet::new();
        set.add(builtin_standard("mla3").unwrap().clone());
        let mut pieces = [
            evidence("a", &["PC1"]),
            evidence("b", &["PC1"]),
            evidence("c", &["PC1"]),
        ];
        for (i, piece) in pieces.iter_mut().enumerate() {
            piece.sha256 = Some(format!("{i}").repeat(64));
        }
        let decision = |path: &str, hash: &str, verdict| Decision {
            evidence: path.into(),
            sha256: hash.into(),
            item: "PC1".into(),
            decision: verdict,
            comment: "c is the better evidence".into(),
            date: "2026-01-01".into(),
            assessor: "Tom Reid".into(),
            role: Role::Assessor,
            key: None,
            signature: None,
            standing: crate::Standing::NotChecked,
        };
        let referred = [decision("a", &"0".repeat(64), Verdict::Referred)];
        let pc1 = |decisions: &[Decision], pieces: &[Evidence]| {
            let coverage = Coverage::compute_assessed(
                &set,
                pieces,
                &Policy::default(),
                &Target::default(),
                decisions,
            );
            let item = coverage.of("mla3", "PC1").unwrap().clone();
            (item.status, item.claims)
        };
        assert_eq!(
            pc1(&referred, &pieces),
            (
                Status::Claimed,
                vec![
                    ClaimState::Referred,
                    ClaimState::Awaiting,
                    ClaimState::Awaiting
                ]
            )
        );
        // The candidate changes the referred piece: resubmitted, awaiting.
        pieces[0].sha256 = Some("f".repeat(64));
        assert_eq!(
            pc1(&referred, &pieces[..1]),
            (Status::Claimed, vec![ClaimState::Resubmitted])
        );
        pieces[0].sha256 = Some("0".repeat(64));
        assert_eq!(
            pc1(&referred, &pieces[..1]),
            (Status::Referred, vec![ClaimState::Referred])
        );
    }
}
