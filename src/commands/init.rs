//! `nosfolio init`: a new portfolio folder, ready for evidence.

use std::path::PathBuf;

use anyhow::Context as _;
use nosfolio_core::{StandardSource, builtin_ids, builtin_standard, parse_standard};
use nosfolio_store::{EVIDENCE_DIR, MANIFEST_FILE, write_atomic};

use super::{Context, Outcome};
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
    /// The assessor's name.
    #[arg(long)]
    assessor: Option<String>,
}

/// A YAML double-quoted scalar (a JSON string is one).
pub(crate) fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

const HOW_TO: &str = include_str!("portfolio-how-to.md");

pub(crate) fn run(args: &Args, _context: &Context) -> anyhow::Result<Outcome> {
    let candidate = args.candidate.trim();
    if candidate.is_empty() {
        anyhow::bail!("--candidate must not be empty");
    }
    let manifest = args.dir.join(MANIFEST_FILE);
    if manifest.exists() {
        anyhow::bail!(
            "{} already has a portfolio.yaml: nothing was changed\n  help: edit it, or start the new portfolio in another folder",
            args.dir.display()
        );
    }
    // Check every standard before writing anything.
    for written in &args.standards {
        match StandardSource::from_written(written) {
            StandardSource::Builtin(id) if builtin_standard(&id).is_none() => anyhow::bail!(
                "unknown standard `{id}`: nothing was written\n  help: built-in standards are {}; a path to a standard file also works",
                builtin_ids().join(", ")
            ),
            StandardSource::File(path) => {
                let full = args.dir.join(&path);
                let text = std::fs::read_to_string(&full).with_context(|| {
                    format!("cannot read standard file {}: nothing was written (paths are relative to the portfolio folder)", full.display())
                })?;
                if let Err(problems) = parse_standard(&path, &text) {
                    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                    anyhow::bail!(
                        "{path} is not a valid standard: nothing was written\n{}",
                        lines.join("\n")
                    );
                }
            }
            StandardSource::Builtin(_) => {}
        }
    }
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let mut text = String::from(
        "# Your nosfolio portfolio: who it belongs to and what it is assessed against.\n",
    );
    text.push_str(&format!("candidate: {}\n", yaml_string(candidate)));
    let standards: Vec<String> = args
        .standards
        .iter()
        .map(|s| yaml_string(s.trim()))
        .collect();
    text.push_str(&format!("standards: [{}]\n", standards.join(", ")));
    match &args.assessor {
        Some(assessor) => text.push_str(&format!("assessor: {}\n", yaml_string(assessor.trim()))),
        None => text.push_str("# assessor: \"Name of your assessor\"\n"),
    }
    write_atomic(&manifest, text.as_bytes(), false)
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    for folder in [EVIDENCE_DIR, "network"] {
        std::fs::create_dir_all(args.dir.join(folder))?;
    }
    let how_to = args.dir.join("HOW-TO.md");
    let mut wrote = vec![manifest.display().to_string()];
    if how_to.exists() {
        output::error_line(&format!(
            "note: {} exists and was left as it is",
            how_to.display()
        ));
    } else {
        write_atomic(&how_to, HOW_TO.as_bytes(), false)?;
        wrote.push(how_to.display().to_string());
    }
    output::print(&format!(
        "started a portfolio for {candidate} in {}\nwrote {}\nnext: put evidence files in {}/, each with a sidecar (see HOW-TO.md); `nosfolio gaps` says what is missing",
        args.dir.display(),
        wrote.join(", "),
        args.dir.join(EVIDENCE_DIR).display()
    ))?;
    Ok(Outcome::Ok)
}
