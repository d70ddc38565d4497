//! `nosfolio verify`: compare the portfolio with its seal.

use anyhow::Context as _;
use nosfolio_store::{SealError, compare, read_seal};

use super::{Context, Outcome, sealed_files};
use crate::cli::{Format, PortfolioDir};
use crate::output;

/// Verify the portfolio against seal.yaml: list changed, missing and added
/// files. Exits 0 when intact, 1 on any difference or when seal.yaml itself
/// was edited, 2 when there is no seal.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let root = &args.portfolio.dir;
    let seal = match read_seal(root) {
        Ok(seal) => seal,
        Err(error @ (SealError::Edited | SealError::NotASeal { .. })) => {
            return tampered(args, &error.to_string());
        }
        Err(error) => return Err(error.into()),
    };
    let now = sealed_files(root, context).context("cannot read the portfolio")?;
    let differences = compare(&seal, &now);
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "intact": differences.is_empty(),
            "sealed": seal.sealed,
            "digest": seal.digest,
            "changed": differences.changed,
            "missing": differences.missing,
            "added": differences.added,
        }))?,
        Format::Text if differences.is_empty() => output::print(&format!(
            "intact: all {} files are as sealed on {}",
            seal.files.len(),
            seal.sealed
        ))?,
        Format::Text => {
            let mut out = format!("NOT as sealed on {}:\n", seal.sealed);
            for (label, paths) in [
                ("changed", &differences.changed),
                ("missing", &differences.missing),
                ("added", &differences.added),
            ] {
                for path in paths {
                    out.push_str(&format!("  {label:<8} {}\n", nosfolio_report::clean(path)));
                }
            }
            output::print(&out)?;
        }
    }
    Ok(if differences.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}

fn tampered(args: &Args, why: &str) -> anyhow::Result<Outcome> {
    match args.format {
        Format::Json => {
            output::print_json(&serde_json::json!({ "intact": false, "seal_damaged": why }))?;
        }
        Format::Text => output::print(&format!("NOT verified: the seal cannot be trusted: {why}"))?,
    }
    Ok(Outcome::Findings)
}
