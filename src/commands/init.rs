//! `nosfolio init`: a new portfolio folder, ready for evidence.

use std::path::PathBuf;

use nosfolio_store::{NewPortfolio, init};
use serde_json::json;

use super::{Context, Outcome};
use crate::cli::Format;
use crate::output;

/// Start a portfolio: writes portfolio.yaml, creates evidence/ and network/,
/// and a short how-to. Never touches a folder that already has a
/// portfolio.yaml, and never replaces a file.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The portfolio folder (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The candidate's name.
    #[arg(long)]
    candidate: String,
    /// A standard to assess against: a built-in id or a path to a standard
    /// file inside the portfolio; repeat for several.
    #[arg(long = "standard", value_name = "ID", default_values_t = ["mla3".to_owned()])]
    standards: Vec<String>,
    /// The assessor's name, listed as the portfolio's (lead) assessor;
    /// more assessors, and IQAs, with `nosfolio people add`.
    #[arg(long)]
    assessor: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: &Args, _context: &Context) -> anyhow::Result<Outcome> {
    let candidate = args.candidate.trim();
    if candidate.is_empty() {
        anyhow::bail!("--candidate must not be empty: nothing was written");
    }
    let started = init(
        &args.dir,
        &NewPortfolio {
            candidate,
            standards: &args.standards,
            assessor: args.assessor.as_deref(),
            how_to: nosfolio_store::HOW_TO,
        },
    )?;
    let shown = |relative: &String| args.dir.join(relative).display().to_string();
    let written: Vec<String> = started.written.iter().map(shown).collect();
    let kept: Vec<String> = started.kept.iter().map(shown).collect();
    let folders: Vec<String> = started.folders.iter().map(shown).collect();
    match args.format {
        Format::Json => output::print_json(&json!({
            "dir": args.dir.display().to_string(),
            "candidate": candidate,
            "written": written,
            "kept": kept,
            "folders": folders,
            "evidence": shown(&started.evidence),
        }))?,
        Format::Text => {
            for path in &kept {
                output::error_line(&format!("note: {path} exists and was left as it is"));
            }
            output::print(&format!(
                "started a portfolio for {candidate} in {}\nwrote {}\nmade {}\nnext: put evidence files in {}/ and say what each shows with `nosfolio claim FILE ITEM…` (see HOW-TO.md); `nosfolio gaps` says what is missing",
                args.dir.display(),
                written.join(", "),
                folders.join(", "),
                shown(&started.evidence),
            ))?;
        }
    }
    Ok(Outcome::Ok)
}
