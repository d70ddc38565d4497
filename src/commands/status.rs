//! `nosfolio status`: where the portfolio stands, on one screen.

use nosfolio_report::StatusModel;

use super::{Computed, Context, Outcome, open_portfolio};
use crate::cli::{Format, PortfolioDir};
use crate::output;

/// Show coverage per group, drafts, unclaimed files, problems and the next
/// three things to do. Problems are counted, not listed: `nosfolio check`
/// lists them.
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
    let computed = Computed::new(&portfolio);
    let model = StatusModel::build(
        &computed.view(&portfolio),
        &portfolio.diagnostics,
        context.today(),
    );
    match args.format {
        Format::Text => output::print(&model.text(&context.stdout))?,
        Format::Json => output::print_json(&serde_json::to_value(&model)?)?,
    }
    Ok(if portfolio.has_errors() {
        Outcome::BadInput
    } else {
        Outcome::Ok
    })
}
