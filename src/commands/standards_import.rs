//! `nosfolio standards import`: a framework from Mahara, Moodle, CASE or a
//! skills × levels CSV as a nosfolio standard file, with a report of everything not carried over.

use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use nosfolio_core::parse_standard;
use nosfolio_interop::{
    Format as Source, ImportOptions, Imported, import, standard_id, standard_yaml,
};
use nosfolio_store::write_atomic;

use super::{Context, Outcome};
use crate::cli::Format;
use crate::output;

/// Files larger than this are refused (the largest real frameworks are a
/// few megabytes).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Convert a framework from Mahara, Moodle, IMS CASE or a skills × levels
/// CSV to a nosfolio standard file, reporting everything that could not be
/// carried over.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The framework: a Mahara SmartEvidence .matrix, a Moodle competency
    /// framework CSV, an IMS CASE CFPackage JSON, or a skills × levels CSV.
    file: PathBuf,
    /// The format of FILE; detected from its content when absent.
    #[arg(long, value_enum)]
    from: Option<FromArg>,
    /// Write the standard to this file (e.g. standards/our-unit.yaml);
    /// without it the YAML goes to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The standard's id; by default the output file's name, else one made
    /// from the framework's title.
    #[arg(long)]
    id: Option<String>,
    /// For --from levels-csv: the column of skill names, by its header or
    /// its number (1 for the first); by default the one headed Skill, Name
    /// or Skill name.
    #[arg(long, value_name = "COLUMN")]
    name_column: Option<String>,
    /// For --from levels-csv: the column of skill descriptions; by default
    /// the one headed Description or Skill description.
    #[arg(long, value_name = "COLUMN")]
    description_column: Option<String>,
    /// For --from levels-csv: the level columns, comma-separated, lowest
    /// level first; by default those headed Level N, else every other
    /// column.
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    level_columns: Vec<String>,
    /// For --from levels-csv: a column grouping the skills (a role family,
    /// a category); by default one headed Role family or Category.
    #[arg(long, value_name = "COLUMN")]
    group_column: Option<String>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
    /// Format of the import report.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// The formats a framework can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FromArg {
    /// Mahara SmartEvidence (.matrix JSON).
    Mahara,
    /// Moodle competency framework CSV (tool_lpimportcsv).
    Moodle,
    /// IMS CASE 1.0 CFPackage JSON.
    Case,
    /// A skills × levels spreadsheet saved as CSV: a row per skill, a
    /// column per level (DDaT, SFIA).
    LevelsCsv,
}

pub(crate) fn run(args: &Args, _context: &Context) -> anyhow::Result<Outcome> {
    let shown = args.file.display().to_string();
    let text = read(&args.file)?;
    let id = match (&args.id, &args.output) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(output)) => output.file_stem().and_then(|s| s.to_str()).map(standard_id),
        (None, None) => None,
    };
    let from = args.from.map(|f| match f {
        FromArg::Mahara => Source::Mahara,
        FromArg::Moodle => Source::Moodle,
        FromArg::Case => Source::Case,
        FromArg::LevelsCsv => Source::LevelsCsv,
    });
    let options = ImportOptions {
        id,
        name_column: args.name_column.clone(),
        description_column: args.description_column.clone(),
        level_columns: args.level_columns.clone(),
        group_column: args.group_column.clone(),
    };
    let mut imported = match import(&shown, &text, from, &options) {
        Ok(imported) => imported,
        Err(error) => {
            output::error_line(&format!("error: {error}\n  help: {}", error.help()));
            return Ok(Outcome::BadInput);
        }
    };
    // The standard's own identifier, kept in the file: what is derived from
    // it (its CASE identifiers) then never changes, and never collides with
    // another standard's.
    if imported.standard.identifier.is_none() {
        imported.standard.identifier = Some(
            nosfolio_store::new_identifier()
                .context("cannot make a random identifier for the standard")?,
        );
    }
    let yaml = header(&shown, &imported)
        + &standard_yaml(&imported.standard, &imported.report.source_ids)?;
    let written_as = args.output.as_ref().map_or_else(
        || "the imported standard".to_owned(),
        |o| o.display().to_string(),
    );
    match parse_standard(&written_as, &yaml) {
        Ok(back) if back == imported.standard => {}
        Ok(_) => anyhow::bail!(
            "internal error: the written standard reads back differently (a bug: please report it)"
        ),
        Err(problems) => {
            let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::bail!(
                "the imported standard is not valid:\n{}\n  help: pass a valid --id (lower-case letters, digits and -)",
                shown.join("\n")
            );
        }
    }
    if let Some(output) = &args.output {
        nosfolio_store::check_output(output, &[&args.file])?;
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        write(output, &yaml, args.force, &[&args.file])?;
    }
    match args.format {
        Format::Text => {
            if args.output.is_none() {
                output::print_document(&yaml)?;
            }
            output::error_text(&summary(&shown, &imported, args.output.as_deref()));
        }
        Format::Json => {
            let standard = &imported.standard;
            let mut value = serde_json::json!({
                "ok": true,
                "output": args.output.as_ref().map(|o| o.display().to_string()),
                "standard": {
                    "id": standard.id,
                    "kind": standard.kind,
                    "title": standard.title,
                    "groups": standard.groups.len(),
                    "items": standard.item_count(),
                    "associations": standard.associations.len(),
                },
                "report": imported.report,
            });
            if args.output.is_none() {
                value["yaml"] = serde_json::json!(yaml);
            }
            output::print_json(&value)?;
        }
    }
    Ok(Outcome::Ok)
}

fn read(file: &Path) -> anyhow::Result<String> {
    nosfolio_store::read_named_file(file, MAX_BYTES).map_err(|d| {
        let help = d.problem.help().map(|h| format!("\n  help: {h}"));
        anyhow::anyhow!("{}: {}{}", d.place(), d.problem, help.unwrap_or_default())
    })
}

/// Writes `text` to `path` atomically, never replacing a file without
/// `force`, and never one a portfolio (or the command: `inputs`) reads.
pub(crate) fn write(path: &Path, text: &str, force: bool, inputs: &[&Path]) -> anyhow::Result<()> {
    nosfolio_store::check_output(path, inputs)?;
    match write_atomic(path, text.as_bytes(), force) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{} already exists\n  help: use --force to replace it, or choose another file with -o",
            path.display()
        ),
        Err(e) => Err(e).with_context(|| format!("cannot write {}", path.display())),
    }
}

fn header(file: &str, imported: &Imported) -> String {
    let name = Path::new(file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("the source");
    nosfolio_core::yaml_comment(&format!(
        "Imported by `nosfolio standards import` from {} ({name}).\nWhat could not be carried over is in the import report (--format json); see docs/interop.md.",
        imported.report.format.name()
    ))
}

fn summary(file: &str, imported: &Imported, output: Option<&Path>) -> String {
    let standard = &imported.standard;
    let report = &imported.report;
    let levels = standard.groups.iter().filter(|g| g.level.is_some()).count();
    let shape = if levels == 0 {
        format!("{} groups", standard.groups.len())
    } else {
        let competencies = standard.competencies().len();
        format!(
            "{competencies} {} with {levels} levels",
            if competencies == 1 {
                "competency"
            } else {
                "competencies"
            }
        )
    };
    let mut out = format!(
        "{file}: {} with {} entries (depth {}) → `{}` {}: {} items in {shape}{}\n",
        report.format.name(),
        report.source_entries,
        report.source_depth,
        standard.id,
        standard.title,
        standard.item_count(),
        output
            .map(|o| format!(", written to {}", o.display()))
            .unwrap_or_default(),
    );
    if !standard.associations.is_empty() {
        out.push_str(&format!(
            "{} associations between nodes kept (associations:)\n",
            standard.associations.len()
        ));
    }
    if !report.id_changes.is_empty() {
        out.push_str(&format!("ids changed ({}):\n", report.id_changes.len()));
        for change in &report.id_changes {
            out.push_str(&format!(
                "  {} → {}: {}\n",
                change.source.as_deref().unwrap_or("(none)"),
                change.id,
                change.reason
            ));
        }
    }
    if !report.notes.is_empty() {
        out.push_str(&format!(
            "not carried over or changed ({}):\n",
            report.notes.len()
        ));
        for note in &report.notes {
            match &note.at {
                Some(at) => out.push_str(&format!("  {at}: {}\n", note.message)),
                None => out.push_str(&format!("  {}\n", note.message)),
            }
        }
    }
    out
}
