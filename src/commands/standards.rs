//! `nosfolio standards`: the built-in standards, one in full, or a check of a
//! standard file.

use std::path::{Path, PathBuf};

use nosfolio_core::{
    Standard, StandardSource, builtin_ids, builtin_standard, builtin_standards, parse_standard,
};
use nosfolio_report::{diagnostics_text, standard_md, standard_text, standards_list_text};
use nosfolio_store::{UseStandardError, UsedStandard};

use super::{Context, Outcome, relative_to};
use crate::cli::Format;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// List the built-in standards.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show a standard in full: its text, items and evidence types.
    Show {
        /// A built-in standard's id (see `nosfolio standards list`) or a standard file.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: ShowFormat,
    },
    /// Check a standard file: unknown keys, duplicate ids, empty text, evidence
    /// types naming unknown items.
    Check {
        /// The standard's YAML file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Convert a framework from Mahara, Moodle, IMS CASE or a skills × levels CSV to a standard file.
    Import(super::standards_import::Args),
    /// Assess a portfolio against one more standard: a built-in id, or a
    /// standard file inside the portfolio. Checked before anything is
    /// written; using a standard twice changes nothing.
    Use(UseArgs),
}

/// `nosfolio standards use`.
#[derive(Debug, clap::Args)]
pub(crate) struct UseArgs {
    /// A built-in standard's id (see `nosfolio standards list`), or the path
    /// of a standard file inside the portfolio.
    #[arg(value_name = "ID|PATH")]
    standard: String,
    /// The portfolio folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Formats a standard can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum ShowFormat {
    /// Text for the terminal.
    #[default]
    Text,
    /// JSON.
    Json,
    /// Markdown.
    Md,
}

pub(crate) fn run(command: Command, context: &Context) -> anyhow::Result<Outcome> {
    match command {
        Command::Import(args) => super::standards_import::run(&args, context),
        Command::Use(args) => use_standard(&args, context),
        Command::List { format } => {
            let all: Vec<&Standard> = builtin_standards().iter().collect();
            match format {
                Format::Text => output::print(&standards_list_text(&all, &context.stdout))?,
                Format::Json => output::print_json(&serde_json::to_value(&all)?)?,
            }
            Ok(Outcome::Ok)
        }
        Command::Show { id, format } => {
            let loaded;
            let standard = if let Some(standard) = builtin_standard(&id) {
                standard
            } else if id.contains('/') || id.ends_with(".yaml") || id.ends_with(".yml") {
                match load(&PathBuf::from(&id), context)? {
                    Some(standard) => {
                        loaded = standard;
                        &loaded
                    }
                    None => return Ok(Outcome::BadInput),
                }
            } else {
                let near = nosfolio_core::nearest(&id, builtin_ids().iter(), 1);
                let hint = near
                    .first()
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                anyhow::bail!(
                    "unknown standard `{id}`\n  help: {hint}built-in standards are {}; a path to a standard file also works",
                    builtin_ids().join(", ")
                );
            };
            match format {
                ShowFormat::Text => output::print(&standard_text(standard, &context.stdout))?,
                ShowFormat::Json => output::print_json(&serde_json::to_value(standard)?)?,
                ShowFormat::Md => output::print_document(&standard_md(standard))?,
            }
            Ok(Outcome::Ok)
        }
        Command::Check { file, format } => {
            let text = read(&file)?;
            let shown = file.display().to_string();
            let result = parse_standard(&shown, &text);
            match (format, result) {
                (Format::Text, Ok(standard)) => {
                    output::print(&format!(
                        "{shown}: ok: `{}` {} with {} items",
                        standard.id,
                        standard.label(),
                        standard.item_count()
                    ))?;
                    Ok(Outcome::Ok)
                }
                (Format::Text, Err(problems)) => {
                    output::error_text(&diagnostics_text(&problems, &context.stderr));
                    Ok(Outcome::BadInput)
                }
                (Format::Json, Ok(standard)) => {
                    output::print_json(&serde_json::json!({
                        "ok": true, "id": standard.id, "items": standard.item_count(), "diagnostics": [],
                    }))?;
                    Ok(Outcome::Ok)
                }
                (Format::Json, Err(problems)) => {
                    output::print_json(
                        &serde_json::json!({ "ok": false, "diagnostics": problems }),
                    )?;
                    Ok(Outcome::BadInput)
                }
            }
        }
    }
}

fn use_standard(args: &UseArgs, context: &Context) -> anyhow::Result<Outcome> {
    // A file is named as the user sees it (from the working folder) and
    // written as the portfolio sees it (from its root).
    let written = match StandardSource::from_written(&args.standard) {
        StandardSource::File(path) if Path::new(&path).is_file() => {
            relative_to(Path::new(&path), &args.dir)?
        }
        StandardSource::File(path) => anyhow::bail!(
            "{path} does not exist (a path is taken from the current folder); nothing was changed"
        ),
        StandardSource::Builtin(_) => args.standard.clone(),
    };
    match nosfolio_store::use_standard(&args.dir, &written) {
        Ok(used) => {
            match (&used, args.format) {
                (_, Format::Json) => output::print_json(&serde_json::to_value(&used)?)?,
                (UsedStandard::Added { id, written }, Format::Text) => output::print(&format!(
                    "portfolio.yaml now uses `{written}` (`{id}`): `nosfolio status` shows where you stand against it"
                ))?,
                (UsedStandard::AlreadyUsed { written, .. }, Format::Text) => output::print(
                    &format!("portfolio.yaml already uses `{written}`: nothing to do"),
                )?,
            }
            Ok(Outcome::Ok)
        }
        Err(error) => {
            if let UseStandardError::Invalid { problems, .. }
            | UseStandardError::Manifest { problems } = &error
            {
                output::error_text(&diagnostics_text(problems, &context.stderr));
            }
            Err(error.into())
        }
    }
}

fn read(file: &Path) -> anyhow::Result<String> {
    nosfolio_store::read_named_file(file, nosfolio_store::TEXT_LIMIT).map_err(|d| {
        let help = d.problem.help().map(|h| format!("\n  help: {h}"));
        anyhow::anyhow!("{}: {}{}", d.place(), d.problem, help.unwrap_or_default())
    })
}

/// Loads a standard file, printing its problems; `None` when it has any.
fn load(file: &Path, context: &Context) -> anyhow::Result<Option<Standard>> {
    let text = read(file)?;
    match parse_standard(&file.display().to_string(), &text) {
        Ok(standard) => Ok(Some(standard)),
        Err(problems) => {
            output::error_text(&diagnostics_text(&problems, &context.stderr));
            Ok(None)
        }
    }
}
