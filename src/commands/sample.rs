//! `nosfolio sample`: an internal-quality-assurance sampling plan over the
//! assessors' decisions of a caseload, reproducible for a seed.

use std::collections::BTreeSet;
use std::path::PathBuf;

use nosfolio_core::{Role, Verdict};
use nosfolio_store::{Portfolio, StoreError};
use serde::Serialize;

use super::caseload::portfolios;
use super::{Context, Outcome, open_each};
use crate::cli::Format;
use crate::output;

/// Plan an IQA sample of assessment decisions: a stratified sample of the
/// given portion that includes every assessor and every item group at least
/// once, each pick with the reason it was picked. The same seed gives the
/// same plan. Record IQA decisions with `nosfolio assess --role iqa`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder holding the portfolios.
    #[arg(default_value = ".", value_name = "ROOT")]
    root: PathBuf,
    /// How much to sample, e.g. 25%.
    #[arg(long, value_parser = parse_portion)]
    portion: f64,
    /// Seed for the random picks.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn parse_portion(text: &str) -> Result<f64, String> {
    let number = text.trim().trim_end_matches('%');
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a percentage like 25%"))?;
    if !(value > 0.0 && value <= 100.0) {
        return Err(format!("{text} must be more than 0% and at most 100%"));
    }
    Ok(value / 100.0)
}

/// One decision that could be sampled.
#[derive(Debug, Clone, Serialize)]
struct Unit {
    portfolio: String,
    candidate: String,
    evidence: String,
    item: String,
    group: String,
    assessor: String,
    decision: Verdict,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// SplitMix64: small, fast and the same on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

fn units(
    root: &std::path::Path,
    dir: &std::path::Path,
    opened: Result<Portfolio, StoreError>,
) -> Vec<Unit> {
    let Ok(portfolio) = opened else {
        return Vec::new();
    };
    let path = dir.strip_prefix(root).unwrap_or(dir).display().to_string();
    let candidate = portfolio
        .manifest
        .as_ref()
        .map(|m| m.candidate.clone())
        .unwrap_or_default();
    // The latest assessor decision for each evidence and item.
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    for decision in portfolio
        .decisions
        .iter()
        .rev()
        .filter(|d| d.role == Role::Assessor)
    {
        if !seen.insert((decision.evidence.clone(), decision.item.clone())) {
            continue;
        }
        let group = portfolio
            .standards
            .resolve_item(&decision.item)
            .ok()
            .and_then(|item| {
                portfolio
                    .standards
                    .item(&item)
                    .map(|(s, g, _)| format!("{}:{}", s.id, g.id))
            })
            .unwrap_or_else(|| "unknown".to_owned());
        found.push(Unit {
            portfolio: if path.is_empty() {
                ".".into()
            } else {
                path.clone()
            },
            candidate: candidate.clone(),
            evidence: decision.evidence.clone(),
            item: decision.item.clone(),
            group,
            assessor: decision.assessor.clone(),
            decision: decision.decision,
            date: decision.date.clone(),
            reason: None,
        });
    }
    found.reverse();
    found
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    if !args.root.is_dir() {
        anyhow::bail!("{} is not a folder", args.root.display());
    }
    let dirs = portfolios(&args.root)?;
    let mut population: Vec<Unit> =
        open_each(&dirs, context, |dir, opened| units(&args.root, dir, opened))
            .into_iter()
            .flatten()
            .collect();
    population.sort_by(|a, b| {
        (&a.portfolio, &a.evidence, &a.item).cmp(&(&b.portfolio, &b.evidence, &b.item))
    });
    let target = ((population.len() as f64) * args.portion).ceil() as usize;
    let mut random = Random(args.seed);
    let mut picked: Vec<Unit> = Vec::new();
    let take =
        |population: &mut Vec<Unit>, index: usize, reason: String, picked: &mut Vec<Unit>| {
            let mut unit = population.swap_remove(index);
            unit.reason = Some(reason);
            picked.push(unit);
        };
    // Every assessor, then every item group, at least once.
    let assessors: BTreeSet<String> = population.iter().map(|u| u.assessor.clone()).collect();
    for assessor in assessors {
        let candidates: Vec<usize> = (0..population.len())
            .filter(|&i| population[i].assessor == assessor)
            .collect();
        let index = candidates[random.below(candidates.len())];
        take(
            &mut population,
            index,
            format!("every assessor is sampled: first pick for {assessor}"),
            &mut picked,
        );
    }
    let groups: BTreeSet<String> = population.iter().map(|u| u.group.clone()).collect();
    for group in groups {
        if picked.iter().any(|u| u.group == group) {
            continue;
        }
        let candidates: Vec<usize> = (0..population.len())
            .filter(|&i| population[i].group == group)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let index = candidates[random.below(candidates.len())];
        take(
            &mut population,
            index,
            format!("every item group is sampled: first pick for {group}"),
            &mut picked,
        );
    }
    while picked.len() < target && !population.is_empty() {
        let index = random.below(population.len());
        take(
            &mut population,
            index,
            format!("random pick towards {:.0}%", args.portion * 100.0),
            &mut picked,
        );
    }
    let total = picked.len() + population.len();
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "seed": args.seed,
            "portion": args.portion,
            "decisions": total,
            "target": target,
            "sample": picked,
        }))?,
        Format::Text => {
            let mut out = format!(
                "IQA sample: {} of {total} assessment decisions (target {target}, {:.0}%), seed {}\n",
                picked.len(),
                args.portion * 100.0,
                args.seed
            );
            if picked.len() > target {
                out.push_str(
                    "more than the target, so that every assessor and item group is included\n",
                );
            }
            for unit in &picked {
                out.push_str(&format!(
                    "\n  {} · {} · {} {}\n    {} by {} on {}\n    why: {}\n",
                    nosfolio_report::clean(&unit.portfolio),
                    nosfolio_report::clean(&unit.candidate),
                    nosfolio_report::clean(&unit.evidence),
                    unit.item,
                    match unit.decision {
                        Verdict::Accepted => "accepted",
                        Verdict::Referred => "referred",
                    },
                    nosfolio_report::clean(&unit.assessor),
                    unit.date,
                    unit.reason.as_deref().unwrap_or_default()
                ));
            }
            output::print(&out)?;
        }
    }
    Ok(Outcome::Ok)
}
