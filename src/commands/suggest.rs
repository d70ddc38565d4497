//! `nosfolio suggest`: which items a piece of evidence, or a kind of
//! evidence, could support.

use std::path::PathBuf;

use nosfolio_report::{suggest_json, suggest_kinds_json, suggest_kinds_text, suggest_text};

use super::{
    Computed, Context, Outcome, open_portfolio, portfolio_of, relative_to, report_problems,
};
use crate::cli::Format;
use crate::output;

/// Show the items that evidence of a type can support according to the
/// standard's evidence-requirements table, marking those still missing.
///
/// Give an evidence file (its type comes from its sidecar or front matter;
/// the portfolio is the folder above it holding portfolio.yaml), a type
/// with --type, or both. For a file with no description yet and no type,
/// it lists the kinds of evidence that would cover the most of what is
/// still missing.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).multiple(true).args(["file", "evidence_type"]))]
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
    let computed = Computed::new(&portfolio);
    let view = computed.view(&portfolio);
    // A file is evidence once described; before that, it is only a name.
    let (piece, undescribed) = match &args.file {
        Some(file) => {
            let relative = relative_to(file, &portfolio.root)?;
            match portfolio.piece(&relative) {
                Some(piece) => (Some(piece), None),
                None => (None, Some(relative)),
            }
        }
        None => (None, None),
    };
    let written = match (&args.evidence_type, piece, &undescribed) {
        (Some(kind), _, _) => kind.clone(),
        (None, Some(piece), _) => match &piece.evidence_type {
            Some(kind) => format!("{}:{}", kind.standard, kind.id),
            None => anyhow::bail!(
                "{} has no type\n  help: give one with --type (`nosfolio standards show` lists them); `nosfolio claim {} --type TYPE ITEM…` records it",
                piece.path,
                piece.path
            ),
        },
        (None, None, Some(file)) => {
            match args.format {
                Format::Text => output::print(&suggest_kinds_text(&view, file, &context.stdout))?,
                Format::Json => output::print_json(&suggest_kinds_json(&view, file))?,
            }
            return Ok(outcome);
        }
        (None, None, None) => anyhow::bail!("give an evidence file or --type"),
    };
    let reference = portfolio
        .standards
        .resolve_type(&written)
        .map_err(|problem| anyhow::anyhow!(problem.explained()))?;
    let Some((standard, kind)) = portfolio.standards.evidence_type(&reference) else {
        anyhow::bail!("unknown evidence type `{written}`");
    };
    let file = undescribed.as_deref();
    match args.format {
        Format::Text => output::print(&suggest_text(
            &view,
            standard,
            kind,
            piece,
            file,
            &context.stdout,
        ))?,
        Format::Json => output::print_json(&suggest_json(&view, standard, kind, piece, file))?,
    }
    Ok(outcome)
}
