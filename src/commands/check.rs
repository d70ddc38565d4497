//! `nosfolio check`: every problem in a portfolio, all in one run.

use nosfolio_core::Severity;
use nosfolio_report::summary_line;

use super::{Context, Outcome, open_portfolio, report_problems};
use crate::cli::{Format, PortfolioDir};
use crate::output;

/// Report every problem in a portfolio: malformed or unknown YAML, unknown
/// items and evidence types, missing files, unclaimed evidence.
///
/// Exits 2 when there is any error; warnings alone exit 0.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.portfolio.dir, context)?;
    let errors = portfolio
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let warnings = portfolio.diagnostics.len() - errors;
    match args.format {
        Format::Json => {
            output::print_json(&serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "diagnostics": portfolio.diagnostics,
            }))?;
            Ok(if errors > 0 {
                Outcome::BadInput
            } else {
                Outcome::Ok
            })
        }
        Format::Text => {
            let outcome = report_problems(&portfolio, context);
            let pieces = portfolio.evidence.len();
            if portfolio.diagnostics.is_empty() {
                output::print(&format!(
                    "{}: no problems in {}",
                    args.portfolio.dir.display(),
                    pieces_of_evidence(pieces)
                ))?;
            } else {
                output::print(&format!(
                    "{}: {} in {}",
                    args.portfolio.dir.display(),
                    summary_line(errors, warnings),
                    pieces_of_evidence(pieces)
                ))?;
            }
            Ok(outcome)
        }
    }
}

fn pieces_of_evidence(count: usize) -> String {
    if count == 1 {
        "1 piece of evidence".to_owned()
    } else {
        format!("{count} pieces of evidence")
    }
}
