//! `nosfolio assess`: record an assessor's decisions on a piece of evidence,
//! pinned to its current hash, in an append-only file.

use std::path::PathBuf;

use nosfolio_core::{Role, Verdict, parse_date};
use nosfolio_store::{AssessRequest, assess};
use serde_json::json;

use super::{Context, Outcome, open_portfolio, portfolio_of, relative_to};
use crate::cli::Format;
use crate::output;

/// Record decisions on one piece of evidence: items accepted and referred,
/// with a comment. Each decision is pinned to the evidence's SHA-256 now;
/// if the evidence changes later, an acceptance becomes `stale`. Decisions
/// are appended to assessment/<assessor>.yaml and never rewritten; a later
/// decision on the same evidence and item supersedes an earlier one.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// [DIR] EVIDENCE: the portfolio folder (optional; by default the one
    /// holding EVIDENCE) and the evidence file or its sidecar.
    #[arg(num_args = 1..=2, required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Items the evidence shows, comma-separated (e.g. PC1,B4).
    #[arg(long, value_delimiter = ',', value_name = "ITEMS")]
    accept: Vec<String>,
    /// Items it does not yet show, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ITEMS")]
    refer: Vec<String>,
    /// Why: what the candidate should know, for every item without a
    /// comment of its own.
    #[arg(long, default_value = "")]
    comment: String,
    /// A comment on one item alone, e.g. --comment-on "PC2=Shows the plan";
    /// repeat for each item.
    #[arg(long, value_name = "ITEM=TEXT")]
    comment_on: Vec<String>,
    /// Who decides: one of the assessors (or, with --role iqa, the IQAs)
    /// portfolio.yaml lists, in any case; not needed when only one is
    /// listed. A name not listed is refused; where nobody is listed, the
    /// name given is recorded (`nosfolio people add` lists people).
    #[arg(long)]
    assessor: Option<String>,
    /// The role decided in.
    #[arg(long, value_enum, default_value_t = RoleArg::Assessor)]
    role: RoleArg,
    /// The date of the decision (YYYY-MM-DD); today by default.
    #[arg(long)]
    date: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RoleArg {
    /// The candidate's assessor: decisions set coverage.
    Assessor,
    /// Internal quality assurance: recorded and shown apart.
    Iqa,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let (dir, evidence_path) = match args.paths.as_slice() {
        [dir, evidence] => (dir.clone(), dir.join(evidence)),
        [evidence] => (portfolio_of(evidence)?, evidence.clone()),
        _ => anyhow::bail!("give the evidence file, optionally after the portfolio folder"),
    };
    if args.accept.is_empty() && args.refer.is_empty() {
        anyhow::bail!("nothing to record: give --accept and/or --refer");
    }
    let mut comments = Vec::new();
    for written in &args.comment_on {
        match written.split_once('=') {
            Some((item, text)) if !item.trim().is_empty() && !text.trim().is_empty() => {
                comments.push((item.trim().to_owned(), text.trim().to_owned()));
            }
            _ => anyhow::bail!(
                "--comment-on {written}: write ITEM=TEXT, e.g. --comment-on \"PC2=Shows the plan\"; nothing was recorded"
            ),
        }
    }
    let date = match &args.date {
        Some(date) => parse_date(date).map_err(|p| anyhow::anyhow!(p.explained()))?,
        None => context.today(),
    };
    let portfolio = open_portfolio(&dir, context)?;
    let relative = relative_to(&evidence_path, &portfolio.root)?;
    let role = match args.role {
        RoleArg::Assessor => Role::Assessor,
        RoleArg::Iqa => Role::Iqa,
    };
    let assessed = assess(
        &portfolio,
        &AssessRequest {
            evidence: &relative,
            accept: &args.accept,
            refer: &args.refer,
            comment: &args.comment,
            comments: &comments,
            assessor: args.assessor.as_deref(),
            role,
            date,
            keys: nosfolio_store::config_folder().as_deref(),
        },
    )?;
    let (decisions, recorded, key, assessor) = (
        &assessed.decisions,
        &assessed.recorded,
        &assessed.signed_with,
        &assessed.assessor,
    );
    if key.is_none() {
        let mut warning = format!(
            "warning: unsigned: {assessor} has no signing key as {}, so nothing shows these decisions are theirs",
            role.signer()
        );
        if context.trust.is_some() {
            warning.push_str(", and under the trust list in force they do not count");
        }
        warning.push_str(&format!(
            "\n  help: make a key with `nosfolio key new --name \"{assessor}\" --role {}` and give its public key to your centre",
            nosfolio_store::role_arg(role.signer())
        ));
        output::error_line(&warning);
    }
    let items = |verdict: Verdict| -> Vec<String> {
        decisions
            .iter()
            .filter(|d| d.decision == verdict)
            .filter_map(|d| portfolio.standards.resolve_item(&d.item).ok())
            .map(|item| portfolio.standards.display(&item))
            .collect()
    };
    let (accepted, referred) = (items(Verdict::Accepted), items(Verdict::Referred));
    let sha256 = assessed.sha256.as_str();
    match args.format {
        Format::Json => output::print_json(&json!({
            "recorded_in": recorded.file,
            "evidence": assessed.evidence,
            "sha256": sha256,
            "assessor": assessor,
            "date": date,
            "accepted": accepted,
            "referred": referred,
            "added": recorded.added,
            "total": recorded.total,
            "signed_with": key.as_ref().map(ToString::to_string),
        }))?,
        Format::Text => {
            let mut parts = Vec::new();
            if !accepted.is_empty() {
                parts.push(format!("accepted {}", accepted.join(", ")));
            }
            if !referred.is_empty() {
                parts.push(format!("referred {}", referred.join(", ")));
            }
            output::print(&format!(
                "recorded in {}: {} for {} (sha256 {}){}",
                recorded.file,
                parts.join("; "),
                assessed.evidence,
                sha256.get(..12).unwrap_or(sha256),
                match key {
                    Some(key) => format!(", signed with {key}"),
                    None => ", unsigned".to_owned(),
                }
            ))?;
        }
    }
    Ok(Outcome::Ok)
}
