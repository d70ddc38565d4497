//! `nosfolio new`: drafts of a reflection or a personal statement, written
//! for the candidate to fill in.

use std::path::PathBuf;

use nosfolio_core::{Draft, DraftError, reflection_draft, statement_draft};
use nosfolio_store::{Portfolio, write_draft};
use serde_json::json;

use super::{Context, Outcome, open_portfolio};
use crate::cli::Format;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// A reflection on one level of a framework: its interview question and
    /// probing questions as prompts, Situation / Task / Action / Result
    /// headings, and the level's behaviours as claims. Written as a draft.
    Reflection(ReflectionArgs),
    /// A personal statement for an evidence type, listing the items that
    /// type can support as prompts. Written as a draft.
    Statement(StatementArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReflectionArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The leveled framework, e.g. networking.
    #[arg(long)]
    standard: String,
    /// The level to reflect on.
    #[arg(long)]
    level: u32,
    /// One interview question of the level (1, 2, …); all of them without it.
    #[arg(long)]
    question: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct StatementArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The evidence type, e.g. statement-networks.
    #[arg(long = "type", value_name = "TYPE")]
    evidence_type: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(command: Command, context: &Context) -> anyhow::Result<Outcome> {
    match command {
        Command::Reflection(args) => reflection(&args, context),
        Command::Statement(args) => statement(&args, context),
    }
}

fn reflection(args: &ReflectionArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let draft = reflection_draft(
        &portfolio.standards,
        &args.standard,
        args.level,
        args.question,
        context.today(),
    )
    .map_err(|error| match error {
        DraftError::UnknownStandard { ref id, .. } => {
            anyhow::anyhow!("{error}\n  help: `nosfolio standards use {id}` adds it")
        }
        DraftError::NoQuestion { count, .. } => {
            anyhow::anyhow!("{error}; --question takes 1 to {count}")
        }
        other => other.into(),
    })?;
    write_new(&portfolio, &draft, args.format)
}

fn statement(args: &StatementArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let draft = statement_draft(&portfolio.standards, &args.evidence_type, context.today())?;
    write_new(&portfolio, &draft, args.format)
}

/// Has the store write the draft under a name no file has yet, and says so.
fn write_new(portfolio: &Portfolio, draft: &Draft, format: Format) -> anyhow::Result<Outcome> {
    let written = write_draft(&portfolio.root, draft)?;
    let shown = portfolio.root.join(&written).display().to_string();
    match format {
        Format::Json => output::print_json(&json!({
            "written": shown,
            "path": written,
            "title": draft.title,
            "type": draft.evidence_type,
            "claims": draft.claims,
            "draft": true,
        }))?,
        Format::Text => output::print(&format!(
            "wrote {shown}\nit is a draft: fill it in, then `nosfolio finish {shown}` makes it evidence"
        ))?,
    }
    Ok(Outcome::Ok)
}
