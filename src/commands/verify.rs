//! `nosfolio verify`: compare the portfolio with its seal.

use anyhow::Context as _;
use nosfolio_store::{SealError, compare, read_seal, with_decisions_since};

use nosfolio_core::Standing;
use nosfolio_report::SignatureSummary;

use super::{Context, Outcome, open_portfolio, sealed_contents, sign_off_summary};
use crate::cli::{Format, PortfolioDir};
use crate::output;

/// Verify the portfolio against seal.yaml: list changed, missing and added
/// files, and print the seal digest to compare with the copy kept.
/// Decisions assessors recorded since sealing are listed apart: a decision
/// file that holds exactly what was sealed followed by more, or a new one,
/// is no difference. Every signature (decisions, the declaration,
/// sign-offs) is checked too, under the trust list in force (--trust), and
/// whether the declaration and each sign-off still hold. Exits 0 when
/// intact, 1 on any difference, when a signature fails, when seal.yaml itself
/// was edited or is of an older format (seal again), 2 when there is no
/// seal.
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
        Err(
            error @ (SealError::Edited
            | SealError::NotASeal { .. }
            | SealError::Malformed { .. }
            | SealError::OldFormat),
        ) => {
            return tampered(args, &error.to_string());
        }
        Err(error) => return Err(error.into()),
    };
    let now = sealed_contents(root, context).context("cannot read the portfolio")?;
    let differences = with_decisions_since(root, &seal, compare(&seal, &now))
        .context("cannot read the portfolio's decisions")?;
    let portfolio = open_portfolio(root, context)?;
    let signatures = SignatureSummary::of(&portfolio.decisions, portfolio.trust.as_deref());
    let forged = portfolio
        .decisions
        .iter()
        .map(|d| &d.standing)
        .chain(portfolio.sign_offs.iter().map(|r| &r.standing))
        .any(|standing| *standing == Standing::BadSignature);
    let sign_offs = sign_off_summary(&portfolio, &portfolio.coverage());
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "intact": differences.is_empty(),
            "sealed": seal.sealed,
            "seal_digest": seal.digest,
            "changed": differences.changed,
            "missing": differences.missing,
            "added": differences.added,
            "decisions_added": differences.decisions_added,
            "signatures": signatures,
            "sign_offs": sign_offs,
            "decisions": portfolio.decisions.iter().map(|d| serde_json::json!({
                "evidence": d.evidence,
                "item": d.item,
                "assessor": d.assessor,
                "date": d.date,
                "key": d.key,
                "signature": d.standing,
                "counts": d.counts(),
            })).collect::<Vec<_>>(),
        }))?,
        Format::Text if differences.is_empty() => {
            let mut out = format!(
                "intact: all {} files are as sealed on {}\nseal digest {} (compare it with the copy you kept)\n",
                seal.files.len(),
                seal.sealed,
                seal.digest
            );
            out.push_str(&decisions_since(&differences.decisions_added));
            out.push_str(&signatures.text(&context.stdout));
            if sign_offs.any_made() {
                out.push_str(&sign_offs.text(&context.stdout));
            }
            output::print(&out)?;
        }
        Format::Text => {
            let mut out = format!(
                "NOT as sealed on {} (seal digest {}):\n",
                seal.sealed, seal.digest
            );
            for (label, paths) in [
                ("changed", &differences.changed),
                ("missing", &differences.missing),
                ("added", &differences.added),
            ] {
                for path in paths {
                    out.push_str(&format!("  {label:<8} {}\n", nosfolio_report::clean(path)));
                }
            }
            out.push_str(&decisions_since(&differences.decisions_added));
            out.push_str(&signatures.text(&context.stdout));
            if sign_offs.any_made() {
                out.push_str(&sign_offs.text(&context.stdout));
            }
            output::print(&out)?;
        }
    }
    Ok(if differences.is_empty() && !forged {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}

/// The lines naming decision files that gained decisions since sealing
/// (they do not make a portfolio differ from its seal).
fn decisions_since(paths: &[String]) -> String {
    if paths.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("decisions and sign-offs recorded since sealing (those sealed unchanged):\n");
    for path in paths {
        out.push_str(&format!("  {}\n", nosfolio_report::clean(path)));
    }
    out
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
