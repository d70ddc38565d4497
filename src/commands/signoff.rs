//! `nosfolio declare` and `nosfolio signoff`: the candidate's declaration,
//! the assessor's sign-off of a standard and the IQA's countersignature,
//! each signed with its maker's key and pinned to the evidence digest.

use std::path::PathBuf;

use anyhow::Context as _;
use nosfolio_core::{
    Manifest, Now, People, Role, SignOff, SignOffKind, SignOffRequest, Signable as _, SignerRole,
    decider, sign_off,
};
use nosfolio_store::{
    KeyError, Portfolio, SigningIdentity, config_folder, find_key, record_sign_off,
};
use serde_json::json;

use super::key::role_arg;
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
    let people = people(&portfolio)?;
    let request = SignOffRequest {
        kind: SignOffKind::Declaration,
        name: &people.candidate,
        standard: None,
        date: context.today(),
    };
    make(&portfolio, &people, &request, args.format)
}

pub(crate) fn signoff(args: &SignoffArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let people = people(&portfolio)?;
    let role = match args.role {
        RoleArg::Assessor => Role::Assessor,
        RoleArg::Iqa => Role::Iqa,
    };
    let name =
        decider(&people, args.assessor.as_deref(), role).map_err(|why| anyhow::anyhow!("{why}"))?;
    let standard = match (&args.standard, portfolio.standards.standards()) {
        (Some(standard), _) => standard.clone(),
        (None, [only]) => only.id.clone(),
        (None, all) => anyhow::bail!(
            "the portfolio has several standards: say which with --standard ({})",
            all.iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let request = SignOffRequest {
        kind: match role {
            Role::Assessor => SignOffKind::SignOff,
            Role::Iqa => SignOffKind::Countersignature,
        },
        name: &name,
        standard: Some(&standard),
        date: context.today(),
    };
    make(&portfolio, &people, &request, args.format)
}

/// Who the portfolio names, once it reads whole: nothing is declared or
/// signed off over a portfolio whose standards do not load.
fn people(portfolio: &Portfolio) -> anyhow::Result<People> {
    if !portfolio.standards_complete() {
        anyhow::bail!(
            "portfolio.yaml or one of its standards has errors: fix them first (`nosfolio check`); nothing was recorded"
        );
    }
    portfolio
        .manifest
        .as_ref()
        .map(Manifest::people)
        .context("portfolio.yaml cannot be read: `nosfolio check` says why")
}

/// Checks `request` against the portfolio as it is, signs it with its
/// maker's key and records it.
fn make(
    portfolio: &Portfolio,
    people: &People,
    request: &SignOffRequest<'_>,
    format: Format,
) -> anyhow::Result<Outcome> {
    let role = request.kind.role();
    let key = signing_key(request.name, role)?;
    let coverage = portfolio.coverage();
    let digest = portfolio.evidence_digest();
    let now = Now {
        people,
        standards: &portfolio.standards,
        coverage: &coverage,
        evidence_digest: &digest,
    };
    let what = match request.standard {
        Some(standard) => format!("{} of {standard}", request.kind),
        None => request.kind.to_string(),
    };
    let record = match sign_off(request, &portfolio.sign_offs, &now, &portfolio.target) {
        Ok(record) => record,
        Err(missing) => {
            let mut out = format!("cannot make the {what} yet; nothing was recorded. Missing:");
            for line in &missing {
                out.push_str(&format!("\n  - {line}"));
            }
            if format == Format::Json {
                output::print_json(&json!({ "made": false, "missing": missing }))?;
            }
            output::error_line(&out);
            return Ok(Outcome::Findings);
        }
    };
    let record: SignOff = record.signed(&key.secret)?;
    let recorded = record_sign_off(&portfolio.root, &record)?;
    match format {
        Format::Json => output::print_json(&json!({
            "made": true,
            "recorded_in": recorded.file,
            "record": record,
        }))?,
        Format::Text => {
            let mut out = format!(
                "{what} recorded in {}, signed by {} ({}) with {}",
                recorded.file,
                record.name,
                role,
                key.public()
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

/// `name`'s key as `role`, which a declaration or sign-off must be signed
/// with.
fn signing_key(name: &str, role: SignerRole) -> anyhow::Result<SigningIdentity> {
    let folder = config_folder().ok_or(KeyError::NoFolder)?;
    find_key(&folder, name, role)?.with_context(|| {
        format!(
            "{name} has no signing key as {role}, and this must be signed; nothing was recorded\n  help: make one with `nosfolio key new --name \"{name}\" --role {}`, and give its public key to your centre",
            role_arg(role)
        )
    })
}
