//! `nosfolio target`: what the candidate is going for, and how far each
//! competency is evidenced against it.

use std::path::PathBuf;

use nosfolio_core::TargetChange;
use nosfolio_report::{attainment_lines, attainment_text, diagnostics_text};
use nosfolio_store::{TargetError, change_target};

use super::{Computed, Context, Outcome, open_portfolio};
use crate::cli::Format;
use crate::output;

/// Show or set what the candidate is going for: a level of a leveled
/// standard (`networking 3`), a level of one competency
/// (`strategic-networking 3`), or a role profile (several competencies,
/// each at its level, under a name). Items above the target are still
/// shown, but no longer counted as gaps.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// The portfolio folder.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t, global = true)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Show the target and how far each competency is evidenced (the default).
    Show,
    /// Aim a standard or a competency at a level.
    Set {
        /// A standard with levels (`networking`), or a competency
        /// (`strategic-networking`, or qualified: `oecd:strategic-networking`).
        name: String,
        /// The level to aim at.
        level: u32,
    },
    /// Stop aiming a standard or competency at a level: all its levels count
    /// again (or, in a role profile, none of them).
    Remove {
        /// The standard or competency.
        name: String,
    },
    /// Name the role profile the target stands for; without a name, stop
    /// naming one.
    Profile {
        /// The role profile's name, e.g. "Policy analyst".
        name: Option<String>,
    },
    /// Remove the target: every level of every standard counts.
    Clear,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let change = match &args.command {
        None | Some(Command::Show) => None,
        Some(Command::Set { name, level }) => Some(TargetChange::Level {
            name: name.clone(),
            level: *level,
        }),
        Some(Command::Remove { name }) => Some(TargetChange::Remove { name: name.clone() }),
        Some(Command::Profile { name }) => Some(TargetChange::Profile(name.clone())),
        Some(Command::Clear) => Some(TargetChange::Clear),
    };
    if let Some(change) = change
        && let Err(error) = change_target(&args.dir, &change)
    {
        if let TargetError::Manifest { problems } = &error {
            output::error_text(&diagnostics_text(problems, &context.stderr));
        }
        return Err(error.into());
    }
    let portfolio = open_portfolio(&args.dir, context)?;
    let computed = Computed::new(&portfolio);
    let view = computed.view(&portfolio);
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "profile": portfolio.target.profile,
            "levels": portfolio.target.levels.iter().map(|l| serde_json::json!({
                "standard": l.standard,
                "competency": l.competency,
                "level": l.level,
            })).collect::<Vec<_>>(),
            "attainment": attainment_lines(&view),
        }))?,
        Format::Text => {
            let text = attainment_text(&view, &context.stdout);
            if text.is_empty() {
                output::print(
                    "none of the portfolio's standards has levels: every item counts, and there is no target to set",
                )?;
            } else {
                output::print(text.trim_end())?;
                if portfolio.target.levels.is_empty() {
                    output::print(
                        "No target is set, so every level counts: `nosfolio target set NAME LEVEL` aims at one",
                    )?;
                }
            }
        }
    }
    Ok(if portfolio.has_errors() {
        Outcome::BadInput
    } else {
        Outcome::Ok
    })
}
