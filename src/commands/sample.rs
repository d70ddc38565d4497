//! `nosfolio sample`: an internal-quality-assurance sampling plan over the
//! assessors' decisions of a caseload, reproducible for a seed. The rules
//! and the draw are nosfolio-core's ([`SamplePlan`]); this file reads the
//! arguments, opens the portfolios and prints the plan.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use nosfolio_core::{Portion, SamplePlan, SampleUnit, sample_units};
use nosfolio_report::clean;
use nosfolio_store::{Portfolio, StoreError};

use super::caseload::{portfolios, unreadable_reason};
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
    portion: Portion,
    /// Seed for the random picks.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn parse_portion(text: &str) -> Result<Portion, String> {
    let number = text.trim().trim_end_matches('%');
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a percentage like 25%"))?;
    Portion::new(value / 100.0)
        .ok_or_else(|| format!("{text} must be more than 0% and at most 100%"))
}

/// The decisions of the portfolio in `dir` that could be sampled: none,
/// with a warning, when it cannot be opened.
fn units(root: &Path, dir: &Path, opened: Result<Portfolio, StoreError>) -> Vec<SampleUnit> {
    let path = dir.strip_prefix(root).unwrap_or(dir).display().to_string();
    let portfolio = match opened {
        Ok(portfolio) => portfolio,
        Err(error) => {
            output::error_line(&format!(
                "warning: {}: not sampled: {}",
                clean(&path),
                clean(&error.to_string())
            ));
            return Vec::new();
        }
    };
    let candidate = portfolio
        .manifest
        .as_ref()
        .map(|m| m.candidate.as_str())
        .unwrap_or_default();
    sample_units(
        if path.is_empty() { "." } else { &path },
        candidate,
        &portfolio.standards,
        &portfolio.evidence,
        &portfolio.decisions,
    )
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    if !args.root.is_dir() {
        anyhow::bail!("{} is not a folder", args.root.display());
    }
    let context = &Context {
        trust: context.trust_at(&args.root)?,
        ..*context
    };
    let found = portfolios(&args.root)?;
    for folder in &found.unreadable {
        let shown = folder.path.strip_prefix(&args.root).unwrap_or(&folder.path);
        output::error_line(&format!(
            "warning: {}: cannot read: {}",
            clean(&shown.display().to_string()),
            unreadable_reason(folder)
        ));
    }
    let population: Vec<SampleUnit> = open_each(&found.portfolios, context, |dir, opened| {
        units(&args.root, dir, opened)
    })
    .into_iter()
    .flatten()
    .collect();
    let plan = SamplePlan::draw(population, args.portion, args.seed);
    match args.format {
        Format::Json => output::print_json(&serde_json::to_value(&plan)?)?,
        Format::Text => output::print(&plan_text(&plan))?,
    }
    Ok(Outcome::Ok)
}

fn plan_text(plan: &SamplePlan) -> String {
    let mut out = format!(
        "IQA sample: {} of {} assessment decisions (target {}, {:.0}%), seed {}\n",
        plan.sample.len(),
        plan.decisions,
        plan.target,
        plan.portion.fraction() * 100.0,
        plan.seed
    );
    if plan.sample.len() > plan.target {
        out.push_str("more than the target, so that every assessor and item group is included\n");
    }
    for pick in &plan.sample {
        let unit = &pick.unit;
        let _ = write!(
            out,
            "\n  {} · {} · {} {}\n    {} by {} on {}\n    why: {}\n",
            clean(&unit.portfolio),
            clean(&unit.candidate),
            clean(&unit.evidence),
            clean(&unit.item),
            unit.decision,
            clean(&unit.assessor),
            unit.date,
            clean(&pick.reason.to_string())
        );
    }
    out
}
