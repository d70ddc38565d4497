//! The internal-quality-assurance (IQA) sample: which assessment decisions
//! of a caseload an internal quality assurer looks at again. The rules are
//! the centre's, not the command line's: every assessor and every item group
//! at least once, then random picks up to the portion, each pick with its
//! reason, and the same seed always giving the same plan (drawn with a
//! seeded ChaCha generator, the same on every machine).

use std::collections::BTreeSet;
use std::fmt;

use rand::seq::IndexedRandom as _;
use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use serde::{Serialize, Serializer};

use crate::audience::{Audience, Visibility, visibility};
use crate::decision::{Decision, Role, Verdict};
use crate::evidence::{Confidentiality, Evidence};
use crate::standard_set::StandardSet;

/// One decision that could be sampled: the latest assessor decision on one
/// item of one piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleUnit {
    /// The portfolio, as the caseload names it.
    pub portfolio: String,
    /// The candidate.
    pub candidate: String,
    /// The evidence's path in the portfolio; for evidence an assessor may
    /// not see whole, `private evidence` and the start of the SHA-256 it
    /// was decided on, as reports for assessors show it.
    pub evidence: String,
    /// Whether the evidence is private, so that its path is withheld.
    pub private: bool,
    /// The item, as the decision writes it.
    pub item: String,
    /// `standard:group` of the item (`unknown` when it cannot be resolved).
    pub group: String,
    /// Who decided.
    pub assessor: String,
    /// What they decided.
    pub decision: Verdict,
    /// When (`YYYY-MM-DD`).
    pub date: String,
}

/// The decisions of one portfolio that could be sampled: for each piece of
/// evidence and item, the latest decision made in the assessor role (IQA
/// decisions are what the sample leads to, not what it samples), in the
/// order they were made.
///
/// The sample is made for quality assurers, who see what assessors see
/// ([`visibility`] for [`Audience::Assessor`]): the path of evidence they
/// may not see whole (a private piece, or a private journal entry, whose
/// file name is the candidate's words and may name people) is replaced by
/// `private evidence` and its hash, and so is the path of evidence no
/// longer in `evidence`, whose confidentiality cannot be known.
#[must_use]
pub fn sample_units(
    portfolio: &str,
    candidate: &str,
    standards: &StandardSet,
    evidence: &[Evidence],
    decisions: &[Decision],
) -> Vec<SampleUnit> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for decision in decisions
        .iter()
        .rev()
        .filter(|d| d.role == Role::Assessor && d.counts())
    {
        if !seen.insert((decision.evidence.as_str(), decision.item.as_str())) {
            continue;
        }
        let group = standards
            .resolve_item(&decision.item)
            .ok()
            .and_then(|item| {
                standards
                    .item(&item)
                    .map(|(s, g, _)| format!("{}:{}", s.id, g.id))
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let confidentiality = evidence
            .iter()
            .find(|e| e.path == decision.evidence)
            .map_or(Confidentiality::Private, |e| e.confidentiality);
        let private = visibility(Audience::Assessor, confidentiality) != Visibility::Full;
        found.push(SampleUnit {
            portfolio: portfolio.to_owned(),
            candidate: candidate.to_owned(),
            evidence: if private {
                private_label(&decision.sha256)
            } else {
                decision.evidence.clone()
            },
            private,
            item: decision.item.clone(),
            group,
            assessor: decision.assessor.clone(),
            decision: decision.decision,
            date: decision.date.clone(),
        });
    }
    found.reverse();
    found
}

/// How evidence an assessor may not see whole is named: by the start of
/// its hash, which the report for assessors shows.
fn private_label(sha256: &str) -> String {
    let start: String = sha256
        .chars()
        .take(12)
        .filter(char::is_ascii_hexdigit)
        .collect();
    if start.is_empty() {
        "private evidence".to_owned()
    } else {
        format!("private evidence {start}…")
    }
}

/// How much of the decisions to sample: more than none, at most all.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Portion(f64);

impl Portion {
    /// The portion `fraction` (0.25 for 25%), if it is more than 0 and at most 1.
    #[must_use]
    pub fn new(fraction: f64) -> Option<Self> {
        (fraction > 0.0 && fraction <= 1.0).then_some(Self(fraction))
    }

    /// As a fraction of 1.
    #[must_use]
    pub fn fraction(self) -> f64 {
        self.0
    }

    /// How many of `count` decisions the portion asks for, rounded up.
    #[must_use]
    pub fn of(self, count: usize) -> usize {
        // Exact for any caseload: counts stay far below 2^52.
        let target = (count as f64 * self.0).ceil() as usize;
        target.min(count)
    }
}

/// Why a decision was picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickReason {
    /// The first pick for this assessor: every assessor is sampled.
    Assessor(String),
    /// The first pick for this item group (`standard:group`): every group is sampled.
    Group(String),
    /// A random pick towards the portion, in percent.
    Portion(u32),
}

impl fmt::Display for PickReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Assessor(name) => {
                write!(f, "every assessor is sampled: first pick for {name}")
            }
            Self::Group(group) => {
                write!(f, "every item group is sampled: first pick for {group}")
            }
            Self::Portion(percent) => write!(f, "random pick towards {percent}%"),
        }
    }
}

impl Serialize for PickReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One decision in the sample, with why it was picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SamplePick {
    /// The decision.
    #[serde(flatten)]
    pub unit: SampleUnit,
    /// Why it was picked.
    pub reason: PickReason,
}

/// A sampling plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SamplePlan {
    /// The seed it was drawn with.
    pub seed: u64,
    /// The portion asked for.
    pub portion: Portion,
    /// How many decisions could be sampled.
    pub decisions: usize,
    /// How many the portion asks for (the sample may be larger, so that
    /// every assessor and item group is included).
    pub target: usize,
    /// The picks, in the order they were made.
    pub sample: Vec<SamplePick>,
}

impl SamplePlan {
    /// Draws a plan from `population`: first one decision of every assessor,
    /// then one of every item group not yet included, then random picks
    /// until the portion is reached. The order `population` comes in does
    /// not matter; the same population, portion and seed give the same plan.
    #[must_use]
    pub fn draw(mut population: Vec<SampleUnit>, portion: Portion, seed: u64) -> Self {
        population.sort_by(|a, b| {
            (&a.portfolio, &a.evidence, &a.item, &a.date).cmp(&(
                &b.portfolio,
                &b.evidence,
                &b.item,
                &b.date,
            ))
        });
        let decisions = population.len();
        let target = portion.of(decisions);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut sample: Vec<SamplePick> = Vec::new();
        let assessors: BTreeSet<String> = population.iter().map(|u| u.assessor.clone()).collect();
        for assessor in assessors {
            let theirs = |u: &SampleUnit| u.assessor == assessor;
            if let Some(unit) = take_one(&mut population, &mut rng, theirs) {
                let reason = PickReason::Assessor(assessor);
                sample.push(SamplePick { unit, reason });
            }
        }
        let groups: BTreeSet<String> = population.iter().map(|u| u.group.clone()).collect();
        for group in groups {
            if sample.iter().any(|p| p.unit.group == group) {
                continue;
            }
            if let Some(unit) = take_one(&mut population, &mut rng, |u| u.group == group) {
                let reason = PickReason::Group(group);
                sample.push(SamplePick { unit, reason });
            }
        }
        // Whole percent, as people write portions; a fraction is kept in `portion`.
        let percent = (portion.fraction() * 100.0).round() as u32;
        // Any decision left is wanted: drawn directly, not searched for.
        while sample.len() < target && !population.is_empty() {
            let unit = population.swap_remove(rng.random_range(0..population.len()));
            let reason = PickReason::Portion(percent);
            sample.push(SamplePick { unit, reason });
        }
        Self {
            seed,
            portion,
            decisions,
            target,
            sample,
        }
    }
}

/// Removes one decision chosen at random among those `wanted` from
/// `population`; `None` when none is wanted.
fn take_one(
    population: &mut Vec<SampleUnit>,
    rng: &mut ChaCha8Rng,
    wanted: impl Fn(&SampleUnit) -> bool,
) -> Option<SampleUnit> {
    let matching: Vec<usize> = (0..population.len())
        .filter(|&i| wanted(&population[i]))
        .collect();
    let &index = matching.choose(rng)?;
    Some(population.swap_remove(index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::builtin_standard;

    fn decision(evidence: &str, item: &str, assessor: &str, role: Role) -> Decision {
        Decision {
            evidence: evidence.into(),
            sha256: "0".repeat(64),
            item: item.into(),
            decision: Verdict::Accepted,
            comment: String::new(),
            date: "2026-01-05".into(),
            assessor: assessor.into(),
            role,
            key: None,
            signature: None,
            standing: crate::Standing::NotChecked,
        }
    }

    fn piece(path: &str, confidentiality: Confidentiality) -> Evidence {
        Evidence {
            path: path.into(),
            described_by: format!("{path}.yaml"),
            title: "A".into(),
            date: None,
            evidence_type: None,
            confidentiality,
            description: None,
            witness: None,
            draft: false,
            files: Vec::new(),
            sha256: None,
            claims: Vec::new(),
        }
    }

    #[test]
    fn the_path_of_evidence_an_assessor_may_not_see_whole_is_never_in_the_sample() {
        let mut standards = StandardSet::new();
        standards.add(builtin_standard("mla3").unwrap().clone());
        let evidence = [
            piece("evidence/public.txt", Confidentiality::Public),
            piece("evidence/shared.txt", Confidentiality::Assessor),
            piece("evidence/secret-jane.txt", Confidentiality::Private),
            piece(
                "network/journal/2026-01-02-coffee-jane.md",
                Confidentiality::Private,
            ),
        ];
        let mut decisions: Vec<Decision> = [
            "evidence/public.txt",
            "evidence/shared.txt",
            "evidence/secret-jane.txt",
            "network/journal/2026-01-02-coffee-jane.md",
            "evidence/gone-jane.txt",
        ]
        .iter()
        .map(|path| decision(path, "PC1", "Ann Lee", Role::Assessor))
        .collect();
        decisions[2].sha256 = format!("abcdef012345{}", "9".repeat(52));
        let units = sample_units("cohort/priya", "Priya", &standards, &evidence, &decisions);
        let shown: Vec<(&str, bool)> = units
            .iter()
            .map(|u| (u.evidence.as_str(), u.private))
            .collect();
        assert_eq!(
            shown,
            [
                ("evidence/public.txt", false),
                ("evidence/shared.txt", false),
                ("private evidence abcdef012345…", true),
                ("private evidence 000000000000…", true),
                ("private evidence 000000000000…", true),
            ]
        );
    }

    fn unit(portfolio: usize, item: &str, group: &str, assessor: &str) -> SampleUnit {
        SampleUnit {
            portfolio: format!("p{portfolio}"),
            candidate: format!("Candidate {portfolio}"),
            evidence: "evidence/a.txt".into(),
            private: false,
            item: item.into(),
            group: group.into(),
            assessor: assessor.into(),
            decision: Verdict::Accepted,
            date: "2026-01-05".into(),
        }
    }

    /// 40 decisions by three assessors (one of them with a single decision)
    /// over three groups (one of them with a single decision).
    fn caseload() -> Vec<SampleUnit> {
        let mut units = Vec::new();
        for p in 0..20 {
            units.push(unit(p, "PC1", "mla3:performance-criteria", "Ann Lee"));
            units.push(unit(p, "B1", "mla3:behaviours", "Tom Reid"));
        }
        units[7].assessor = "Kit Cole".into();
        units[8].group = "mla3:knowledge-general".into();
        units
    }

    #[test]
    fn only_the_latest_assessor_decision_on_each_evidence_and_item_is_sampled() {
        let mut standards = StandardSet::new();
        standards.add(builtin_standard("mla3").unwrap().clone());
        let decisions = [
            decision("evidence/a.txt", "PC1", "Ann Lee", Role::Assessor),
            decision("evidence/a.txt", "PC1", "Tom Reid", Role::Assessor),
            decision("evidence/a.txt", "PC1", "Iqa Person", Role::Iqa),
            decision("evidence/a.txt", "KG1", "Ann Lee", Role::Assessor),
            decision("evidence/a.txt", "ZZ9", "Ann Lee", Role::Assessor),
        ];
        let evidence = [piece("evidence/a.txt", Confidentiality::Assessor)];
        let units = sample_units("cohort/priya", "Priya", &standards, &evidence, &decisions);
        let seen: Vec<(&str, &str, &str)> = units
            .iter()
            .map(|u| (u.item.as_str(), u.assessor.as_str(), u.group.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("PC1", "Tom Reid", "mla3:performance-criteria"),
                ("KG1", "Ann Lee", "mla3:knowledge-general"),
                ("ZZ9", "Ann Lee", "unknown"),
            ]
        );
    }

    #[test]
    fn every_assessor_and_every_group_is_sampled_with_its_reason() {
        for seed in 0..20 {
            let plan = SamplePlan::draw(caseload(), Portion::new(0.05).unwrap(), seed);
            let assessors: BTreeSet<&str> = plan
                .sample
                .iter()
                .map(|p| p.unit.assessor.as_str())
                .collect();
            assert_eq!(
                assessors.into_iter().collect::<Vec<_>>(),
                ["Ann Lee", "Kit Cole", "Tom Reid"]
            );
            let groups: BTreeSet<&str> =
                plan.sample.iter().map(|p| p.unit.group.as_str()).collect();
            assert_eq!(groups.len(), 3, "seed {seed}: {plan:#?}");
            assert!(plan.sample.len() >= plan.target);
            let kit = plan
                .sample
                .iter()
                .find(|p| p.unit.assessor == "Kit Cole")
                .unwrap();
            assert!(
                kit.reason == PickReason::Assessor("Kit Cole".into())
                    || kit.reason.to_string().starts_with("every item group")
            );
        }
    }

    #[test]
    fn the_portion_is_reached_with_random_picks_and_never_exceeded_needlessly() {
        let plan = SamplePlan::draw(caseload(), Portion::new(0.25).unwrap(), 7);
        assert_eq!((plan.decisions, plan.target), (40, 10));
        assert_eq!(plan.sample.len(), 10);
        let random = plan
            .sample
            .iter()
            .filter(|p| p.reason == PickReason::Portion(25))
            .count();
        assert!(random >= 10 - 6, "{plan:#?}");
        assert_eq!(
            PickReason::Portion(25).to_string(),
            "random pick towards 25%"
        );
        let all = SamplePlan::draw(caseload(), Portion::new(1.0).unwrap(), 7);
        assert_eq!(all.sample.len(), 40);
        let mut picked: Vec<String> = all
            .sample
            .iter()
            .map(|p| format!("{} {}", p.unit.portfolio, p.unit.item))
            .collect();
        picked.sort();
        picked.dedup();
        assert_eq!(picked.len(), 40, "no decision is picked twice");
        assert_eq!(Portion::new(0.0), None);
        assert_eq!(Portion::new(1.5), None);
        assert_eq!(Portion::new(f64::NAN), None);
    }

    #[test]
    fn the_same_seed_gives_the_same_plan_whatever_the_order_read() {
        let portion = Portion::new(0.3).unwrap();
        let plan = SamplePlan::draw(caseload(), portion, 42);
        let mut reversed = caseload();
        reversed.reverse();
        assert_eq!(SamplePlan::draw(reversed, portion, 42), plan);
        let other = SamplePlan::draw(caseload(), portion, 43);
        assert_ne!(other.sample, plan.sample, "another seed, another plan");
    }
}
