//! `nosfolio gaps`: what is missing and what to collect next.

use nosfolio_report::{gaps_json, gaps_text};

use super::{Context, Opened, Outcome, with_diagnostics};
use crate::cli::{Format, PortfolioDir};
use crate::output;

/// Show every item still missing, grouped as in the standard, and a short
/// plan of what to collect next: the standard's evidence types ranked by how
/// many missing items each would cover.
///
/// Items claimed but needing attention (below the portfolio's policy,
/// referred back, or accepted on evidence that has changed since) are listed
/// first.
///
/// Exits 1 while any item needs attention, 0 when none does, 2 on bad input.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let opened = Opened::open(&args.portfolio.dir, context)?;
    let (portfolio, view, outcome) = (&opened.portfolio, opened.view(), opened.outcome);
    match args.format {
        Format::Text => output::print(&gaps_text(&view, &context.stdout))?,
        Format::Json => output::print_json(&with_diagnostics(gaps_json(&view), portfolio))?,
    }
    Ok(match outcome {
        Outcome::Ok if view.coverage.summary().needing_attention() > 0 => Outcome::Findings,
        other => other,
    })
}
