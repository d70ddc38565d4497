//! `nosfolio declare` and `nosfolio signoff`: the candidate's declaration,
//! the assessor's sign-off of a standard and the IQA's countersignature,
//! each signed with its maker's key and pinned to the evidence digest.

use std::path::PathBuf;

use nosfolio_core::SignOffKind;
use nosfolio_store::{Portfolio, SignOffAsk, SignOffError, config_folder, make_sign_off};
use serde_json::json;

use super::{Context, Outcome, open_portfolio};
use crate::cli::Format;
use crate::output;

/// Declare, as the candidate, that the evidence in the portfolio is your
/// own work. The declaration is signed with your key (`nosfolio key new
/// --role candidate`) and pinned to the evidence as it is now: if the
/// evidence changes, declare again.
#[derive(Debug, clap::Args)]
pub(crate) struct DeclareArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Sign off a standard as its assessor, once every item the target
/// requires is accepted on the evidence as it is now and the candidate's
/// declaration holds; or, with --role iqa, countersign the sign-off. A
/// refusal lists everything missing. Signed with your key (`nosfolio key
/// new`).
#[derive(Debug, clap::Args)]
pub(crate) struct SignoffArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The standard (by default the portfolio's only one).
    #[arg(long)]
    standard: Option<String>,
    /// Sign off as the assessor, or countersign as the IQA.
    #[arg(long, value_enum, default_value_t = RoleArg::Assessor)]
    role: RoleArg,
    /// Who signs: by default the only assessor (or IQA) portfolio.yaml lists.
    #[arg(long, value_name = "NAME")]
    assessor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RoleArg {
    /// The assessor's sign-off.
    Assessor,
    /// The IQA's countersignature.
    Iqa,
}

pub(crate) fn declare(args: &DeclareArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let keys = config_folder();
    let ask = SignOffAsk {
        kind: SignOffKind::Declaration,
        name: None,
        standard: None,
        date: context.today(),
        keys: keys.as_deref(),
    };
    make(&portfolio, &ask, args.format)
}

pub(crate) fn signoff(args: &SignoffArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let keys = config_folder();
    let ask = SignOffAsk {
        kind: match args.role {
            RoleArg::Assessor => SignOffKind::SignOff,
            RoleArg::Iqa => SignOffKind::Countersignature,
        },
        name: args.assessor.as_deref(),
        standard: args.standard.as_deref(),
        date: context.today(),
        keys: keys.as_deref(),
    };
    make(&portfolio, &ask, args.format)
}

/// Makes what `ask` asks for through the store, and says what was made,
/// or everything missing (exit 1).
fn make(portfolio: &Portfolio, ask: &SignOffAsk<'_>, format: Format) -> anyhow::Result<Outcome> {
    let coverage = portfolio.coverage();
    let (record, recorded, key) = match make_sign_off(portfolio, &coverage, ask) {
        Ok(made) => made,
        Err(SignOffError::Missing { what, missing }) => {
            if format == Format::Json {
                output::print_json(&json!({ "made": false, "missing": missing }))?;
            }
            output::error_line(
                &SignOffError::Missing {
                    what,
                    missing: missing.clone(),
                }
                .to_string(),
            );
            return Ok(Outcome::Findings);
        }
        Err(error) => return Err(error.into()),
    };
    let what = match &record.standard {
        Some(standard) => format!("{} of {standard}", record.kind),
        None => record.kind.to_string(),
    };
    match format {
        Format::Json => output::print_json(&json!({
            "made": true,
            "recorded_in": recorded.file,
            "record": record,
        }))?,
        Format::Text => {
            let mut out = format!(
                "{what} recorded in {}, signed by {} ({}) with {key}",
                recorded.file,
                record.name,
                record.kind.role(),
            );
            if !record.items.is_empty() {
                out.push_str(&format!("\n  {} items accepted", record.items.len()));
                if let Some(target) = &record.target {
                    out.push_str(&format!(" (target: {target})"));
                }
            }
            out.push_str(&format!(
                "\n  \"{}\"\n  pinned to the evidence digest {}: if the evidence changes, it no longer holds",
                record.statement, record.evidence_digest
            ));
            output::print(&out)?;
        }
    }
    Ok(Outcome::Ok)
}
