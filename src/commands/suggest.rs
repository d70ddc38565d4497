//! `nosfolio suggest`: which items a piece of evidence, or a kind of
//! evidence, could support.

use std::path::PathBuf;

use anyhow::Context as _;
use nosfolio_report::{suggest_json, suggest_text};

use super::{
    Computed, Context, Outcome, open_portfolio, portfolio_of, relative_to, report_problems,
};
use crate::cli::Format;
use crate::output;

/// Show the items that evidence of a type can support according to the
/// standard's evidence-requirements table, marking those still missing.
///
/// Give an evidence file (its type comes from its sidecar or front matter;
/// the portfolio is the folder above it holding portfolio.yaml), or a type
/// with --type.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["file", "evidence_type"]))]
pub(crate) struct Args {
    /// An evidence file, or its sidecar.
    file: Option<PathBuf>,
    /// An evidence type instead, e.g. witness-information.
    #[arg(long = "type", value_name = "TYPE")]
    evidence_type: Option<String>,
    /// The portfolio folder (by default the one holding FILE, or the current folder).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let dir = match (&args.dir, &args.file) {
        (Some(dir), _) => dir.clone(),
        (None, Some(file)) => portfolio_of(file)?,
        (None, None) => PathBuf::from("."),
    };
    let portfolio = open_portfolio(&dir, context)?;
    let outcome = report_problems(&portfolio, context);
    let piece = match &args.file {
        Some(file) => {
            let relative = relative_to(file, &portfolio.root)?;
            let found = portfolio.evidence.iter().find(|e| {
                e.path == relative
                    || e.described_by == relative
                    || e.files.iter().any(|f| f.path == relative)
            });
            Some(found.with_context(|| {
                format!("{relative} is not evidence of this portfolio: it has no sidecar or front matter (or `nosfolio check` reports a problem with it)")
            })?)
        }
        None => None,
    };
    let written = match (&args.evidence_type, piece) {
        (Some(kind), _) => kind.clone(),
        (None, Some(piece)) => match &piece.evidence_type {
            Some(kind) => format!("{}:{}", kind.standard, kind.id),
            None => anyhow::bail!(
                "{} has no type\n  help: add `type:` to its description, or give one with --type (see `nosfolio standards show`)",
                piece.path
            ),
        },
        (None, None) => anyhow::bail!("give an evidence file or --type"),
    };
    let reference = portfolio
        .standards
        .resolve_type(&written)
        .map_err(|problem| anyhow::anyhow!(problem.explained()))?;
    let Some((standard, kind)) = portfolio.standards.evidence_type(&reference) else {
        anyhow::bail!("unknown evidence type `{written}`");
    };
    let computed = Computed::new(&portfolio);
    let view = computed.view(&portfolio);
    match args.format {
        Format::Text => {
            output::print(&suggest_text(&view, standard, kind, piece, &context.stdout))?;
        }
        Format::Json => output::print_json(&suggest_json(&view, standard, kind, piece))?,
    }
    Ok(outcome)
}
