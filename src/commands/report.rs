//! `nosfolio report`: the portfolio report as one self-contained HTML file
//! (or Markdown, or an archival PDF made by nosfolio-pdf), for the
//! candidate, an assessor or the public.

use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use nosfolio_core::Audience;
use nosfolio_report::{ReportMeta, ReportModel, Templates, report_md, template_names};
use nosfolio_store::{check_output, write_atomic};

use super::{Computed, Context, Outcome, open_portfolio, report_problems};
use crate::cli::PortfolioDir;
use crate::output;

/// Write the portfolio report: cover, summary, coverage matrix, gaps, every
/// item with its evidence, and every piece of evidence.
///
/// The HTML is one file with its styles inline and no scripts; it prints on
/// A4. The PDF (`--format pdf -o FILE`) is an archival PDF/A-3b with every
/// evidence file the audience may see attached. What the audience may not
/// see is left out of the file entirely.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// The file to write; without it the report goes to standard output.
    /// File links in the report are relative to this file's folder.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Who the report is for: candidate (everything), assessor (private
    /// evidence as title, type, date, claims and hash only), public (public
    /// evidence only; the rest as counts).
    #[arg(long, value_enum, default_value_t = AudienceArg::Candidate)]
    audience: AudienceArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
    /// A folder whose report.html, report-piece.html, report-claims.html or
    /// report.css replace the built-in ones (in nosfolio's source:
    /// crates/nosfolio-report/templates/).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Show the gaps and what to collect next whoever the report is for
    /// (they are shown only in the candidate's report otherwise).
    #[arg(long)]
    gaps: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
    /// Write the report even when the portfolio has errors.
    #[arg(long)]
    allow_errors: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AudienceArg {
    /// Everything.
    Candidate,
    /// Private evidence summarised.
    Assessor,
    /// Public evidence only.
    Public,
}

impl From<AudienceArg> for Audience {
    fn from(arg: AudienceArg) -> Self {
        match arg {
            AudienceArg::Candidate => Self::Candidate,
            AudienceArg::Assessor => Self::Assessor,
            AudienceArg::Public => Self::Public,
        }
    }
}

/// Formats the report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
enum ReportFormat {
    /// One self-contained HTML file.
    #[default]
    Html,
    /// Markdown, for pasting into other systems.
    Md,
    /// An archival PDF (PDF/A-3b) with the evidence files attached; needs
    /// `-o FILE`.
    Pdf,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    if args.format == ReportFormat::Pdf && args.output.is_none() {
        anyhow::bail!(
            "--format pdf writes a file, not standard output\n  help: name the file with -o, for example `-o portfolio.pdf`"
        );
    }
    let overrides = read_overrides(args.templates.as_deref())?;
    let templates = Templates::new(&overrides)?;
    if let Some(output) = &args.output {
        // Never a file the portfolio (or this report) reads, --force or not.
        let template_files = template_files(args.templates.as_deref());
        let mut inputs: Vec<&Path> = vec![&args.portfolio.dir];
        inputs.extend(template_files.iter().map(PathBuf::as_path));
        check_output(output, &inputs)?;
    }
    if let Some(output) = &args.output
        && output.exists()
        && !args.force
    {
        anyhow::bail!(
            "{} already exists\n  help: choose another file, or pass --force to replace it",
            output.display()
        );
    }
    let portfolio = open_portfolio(&args.portfolio.dir, context)?;
    if report_problems(&portfolio, context) == Outcome::BadInput && !args.allow_errors {
        output::error_line(
            "the report was not written: fix the errors above (see `nosfolio check`), or pass --allow-errors",
        );
        return Ok(Outcome::BadInput);
    }
    let computed = Computed::new(&portfolio);
    let view = computed.view(&portfolio);
    let meta = ReportMeta {
        audience: args.audience.into(),
        generated: context.today().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        digest: portfolio.evidence_digest(),
        base: match &args.output {
            Some(output) => base(output, &portfolio.root)?,
            None => Vec::new(),
        },
        gaps: args.gaps.then_some(true),
    };
    let model = ReportModel::build(&view, &meta);
    let mut outcome = Outcome::Ok;
    let bytes = match args.format {
        ReportFormat::Html => templates
            .render(&model, &|path, limit| portfolio.evidence_head(path, limit))?
            .into_bytes(),
        ReportFormat::Md => report_md(&model).into_bytes(),
        ReportFormat::Pdf => {
            let pdf = nosfolio_pdf::report_pdf(&model, &|path, limit| {
                portfolio.evidence_head(path, limit)
            })?;
            for missing in &pdf.not_attached {
                output::error_line(&format!(
                    "{} is not attached to the PDF: it {}",
                    missing.path, missing.reason
                ));
                outcome = Outcome::Findings;
            }
            pdf.bytes
        }
    };
    match &args.output {
        None => output::print_document(&String::from_utf8_lossy(&bytes))?,
        Some(path) => {
            write_atomic(path, &bytes, args.force).map_err(|error| match error.kind() {
                io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                    "{} already exists\n  help: choose another file, or pass --force to replace it",
                    path.display()
                ),
                _ => anyhow::Error::new(error).context(format!("cannot write {}", path.display())),
            })?;
            output::print(&format!("wrote {}", path.display()))?;
        }
    }
    Ok(if portfolio.has_errors() {
        Outcome::BadInput
    } else {
        outcome
    })
}

/// The template files the report reads from `folder`.
fn template_files(folder: Option<&Path>) -> Vec<PathBuf> {
    folder.map_or_else(Vec::new, |folder| {
        template_names()
            .iter()
            .map(|name| folder.join(name))
            .filter(|path| path.exists())
            .collect()
    })
}

/// The user's replacements for built-in templates.
fn read_overrides(folder: Option<&Path>) -> anyhow::Result<Vec<(String, String)>> {
    let Some(folder) = folder else {
        return Ok(Vec::new());
    };
    if !folder.is_dir() {
        anyhow::bail!("templates folder {} does not exist", folder.display());
    }
    let mut found = Vec::new();
    for name in template_names() {
        let path = folder.join(name);
        if path.exists() {
            let text = nosfolio_store::read_named_file(&path, nosfolio_store::TEXT_LIMIT).map_err(
                |d| anyhow::anyhow!("cannot read template {}: {}", path.display(), d.problem),
            )?;
            found.push((name.to_owned(), text));
        }
    }
    if found.is_empty() {
        anyhow::bail!(
            "templates folder {} has none of {}",
            folder.display(),
            template_names().join(", ")
        );
    }
    Ok(found)
}

/// How to reach the portfolio folder from the folder `output` is written to:
/// the folder names on the way, `..` for each step up; none when they are
/// the same folder. The report encodes each name into its links.
fn base(output: &Path, root: &Path) -> anyhow::Result<Vec<String>> {
    let folder = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let from = std::fs::canonicalize(&folder).with_context(|| {
        format!(
            "cannot write to {}: the folder does not exist",
            folder.display()
        )
    })?;
    let to = std::fs::canonicalize(root)?;
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    for part in &to[common..] {
        parts.push(part.as_os_str().to_string_lossy().into_owned());
    }
    Ok(parts)
}
