//! `nosfolio finish`: a draft becomes evidence.

use std::path::PathBuf;

use nosfolio_report::diagnostics_text;
use nosfolio_store::{FinishError, Finished, finish};

use super::{Context, Outcome, open_portfolio, portfolio_of, relative_to};
use crate::cli::Format;
use crate::output;

/// Finish a draft written by `nosfolio new` (or any description marked
/// `draft: true`), so that it counts as evidence.
///
/// Refused, with every reason, while it claims nothing, while its
/// description has errors, or while a heading of the draft has nothing
/// written under it. Only the `draft:` line is removed; everything else
/// stays as written.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The draft (a Markdown file, or an evidence file or its sidecar).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let root = portfolio_of(&args.file)?;
    let portfolio = open_portfolio(&root, context)?;
    let relative = relative_to(&args.file, &root)?;
    // As the user named it, when that is the file that changes.
    let shown = |path: &str| {
        if path == relative {
            args.file.display().to_string()
        } else {
            root.join(path).display().to_string()
        }
    };
    match finish(&portfolio, &relative) {
        Ok(finished) => {
            match (&finished, args.format) {
                (_, Format::Json) => output::print_json(&serde_json::to_value(&finished)?)?,
                (Finished::Finished { description }, Format::Text) => output::print(&format!(
                    "finished {}: it now counts as evidence (`nosfolio status` shows where you stand)",
                    shown(description)
                ))?,
                (Finished::NotADraft { description }, Format::Text) => output::print(&format!(
                    "{} is not a draft: nothing to do",
                    shown(description)
                ))?,
            }
            Ok(Outcome::Ok)
        }
        Err(FinishError::NotReady {
            description,
            reasons,
        }) => {
            if args.format == Format::Json {
                output::print_json(&serde_json::json!({
                    "outcome": "not_ready",
                    "description": description,
                    "reasons": reasons,
                }))?;
            }
            let mut message = format!(
                "{} is not ready to finish, so it is still a draft:",
                shown(&description)
            );
            if reasons.claims_nothing {
                message.push_str(&format!(
                    "\n  - it claims nothing\n    help: `nosfolio claim {} ITEM…` claims what it shows (`nosfolio suggest {}` lists what it could)",
                    shown(&description),
                    shown(&description)
                ));
            }
            for question in &reasons.unanswered {
                message.push_str(&format!(
                    "\n  - {}:{}: nothing is written under \"{}\"",
                    shown(&description),
                    question.line,
                    question.heading
                ));
            }
            if !reasons.unanswered.is_empty() {
                message.push_str(
                    "\n    help: write under each heading, or delete the headings you do not need",
                );
            }
            output::error_line(&message);
            if !reasons.errors.is_empty() {
                output::error_text(&diagnostics_text(&reasons.errors, &context.stderr));
            }
            Ok(Outcome::BadInput)
        }
        Err(FinishError::Unreadable {
            description,
            problems,
        }) => {
            output::error_text(&diagnostics_text(&problems, &context.stderr));
            anyhow::bail!(
                "{} cannot be read, so it was not finished",
                shown(&description)
            )
        }
        Err(error) => Err(error.into()),
    }
}
