//! `nosfolio matrix`: the coverage matrix.

use nosfolio_report::{matrix_csv, matrix_json, matrix_md, matrix_text};

use super::{Context, Opened, Outcome, with_diagnostics};
use crate::cli::PortfolioDir;
use crate::output;

/// Show, for every item of the portfolio's standards, which evidence claims
/// it and which items are still missing.
///
/// On a terminal too narrow for one column per piece of evidence, items are
/// listed one by one with the numbers of the evidence claiming them.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: MatrixFormat,
}

/// Formats the matrix can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum MatrixFormat {
    /// A table for the terminal.
    #[default]
    Text,
    /// JSON with items, evidence and summary.
    Json,
    /// One row per item, for spreadsheets.
    Csv,
    /// Markdown tables.
    Md,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let opened = Opened::open(&args.portfolio.dir, context)?;
    let (portfolio, view, outcome) = (&opened.portfolio, opened.view(), opened.outcome);
    match args.format {
        MatrixFormat::Text => output::print(&matrix_text(&view, &context.stdout))?,
        MatrixFormat::Json => {
            output::print_json(&with_diagnostics(matrix_json(&view), portfolio))?;
        }
        MatrixFormat::Csv => output::print_document(&matrix_csv(&view)?)?,
        MatrixFormat::Md => output::print_document(&matrix_md(&view))?,
    }
    Ok(outcome)
}
