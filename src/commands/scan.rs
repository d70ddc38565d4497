//! `nosfolio scan`: the evidence index.

use nosfolio_report::{index_json, index_text};

use super::{Context, Opened, Outcome, with_diagnostics};
use crate::cli::{Format, PortfolioDir};
use crate::output;

/// List every piece of evidence: its files with size and SHA-256, title,
/// date, type and claims.
///
/// Files are hashed in parallel, streamed rather than read whole.
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
        Format::Text => output::print(&index_text(&view, &context.stdout))?,
        Format::Json => output::print_json(&with_diagnostics(index_json(&view), portfolio))?,
    }
    Ok(outcome)
}
