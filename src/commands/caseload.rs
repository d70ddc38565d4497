//! `nosfolio caseload`: every portfolio under a folder, one row each.

use std::path::{Path, PathBuf};

use nosfolio_core::{Coverage, Severity};
use nosfolio_report::{CaseloadRow, Templates, caseload_csv, caseload_text, sort_caseload};
use nosfolio_store::{CacheWarning, Inputs, Portfolio, ScanOptions, StoreError, recall, remember};
use rayon::prelude::*;

use super::{Context, Outcome, cache_warnings};
use crate::output;
use crate::progress::Bar;

/// The name of the memo that keeps a portfolio's row (`.nosfolio/caseload.json`).
const ROW_MEMO: &str = "caseload";

/// List every portfolio under ROOT (at any depth), one row each: candidate,
/// standards, items claimed, accepted, referred, stale and missing, drafts,
/// errors and the last activity; those needing attention first. Portfolios
/// are read in parallel, each with its own cache; a broken one is reported
/// on its row.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder holding the portfolios.
    #[arg(default_value = ".", value_name = "ROOT")]
    root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: CaseloadFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
enum CaseloadFormat {
    /// A table for the terminal.
    #[default]
    Text,
    /// JSON.
    Json,
    /// CSV, for spreadsheets.
    Csv,
    /// One self-contained HTML page.
    Html,
}

/// Every portfolio under `root`, in path order.
pub(crate) fn portfolios(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    Ok(nosfolio_store::find_portfolios(root)?)
}

/// The portfolio folder `dir` as shown on its row: relative to `root`.
fn shown(root: &Path, dir: &Path) -> String {
    let path = dir.strip_prefix(root).unwrap_or(dir).display().to_string();
    if path.is_empty() {
        ".".to_owned()
    } else {
        path
    }
}

/// The rows of the portfolios in `dirs`, read in parallel with one progress
/// bar counting them; then prints why any cache was not used or kept.
///
/// With the cache, a portfolio in which nothing has changed since its row
/// was last computed (see [`Inputs`]) is not read at all: its row is taken
/// from `.nosfolio/caseload.json`.
fn rows(root: &Path, dirs: &[PathBuf], context: &Context) -> Vec<CaseloadRow> {
    let bar = Bar::counting(context.quiet, dirs.len(), "portfolios");
    let options = context.scan_options(&bar);
    let (rows, warnings): (Vec<CaseloadRow>, Vec<Vec<CacheWarning>>) = dirs
        .par_iter()
        .map(|dir| {
            let mut warnings = Vec::new();
            let inputs = context.cache.then(|| Inputs::of(dir)).flatten();
            if let Some(inputs) = &inputs {
                let (kept, warning) = recall::<CaseloadRow>(dir, ROW_MEMO, inputs);
                warnings.extend(warning);
                if let Some(mut row) = kept {
                    row.path = shown(root, dir);
                    bar.done_one();
                    return (row, warnings);
                }
            }
            let options = ScanOptions {
                inputs: inputs.as_ref(),
                ..options
            };
            let mut opened = Portfolio::open_with(dir, &options);
            if let Ok(portfolio) = &mut opened {
                warnings.append(&mut portfolio.cache_warnings);
            }
            let row = match opened {
                Ok(portfolio) => {
                    let row = row(root, dir, Ok(&portfolio));
                    if let Some(inputs) = &inputs {
                        warnings.extend(remember(&portfolio, ROW_MEMO, inputs, &row));
                    }
                    row
                }
                Err(error) => row(root, dir, Err(error)),
            };
            bar.done_one();
            (row, warnings)
        })
        .unzip();
    bar.finish();
    cache_warnings(warnings.iter().flatten());
    rows
}

/// The row of the portfolio in `dir`, as it opened.
fn row(root: &Path, dir: &Path, opened: Result<&Portfolio, StoreError>) -> CaseloadRow {
    let path = shown(root, dir);
    let portfolio = match opened {
        Ok(portfolio) => portfolio,
        Err(error) => {
            return CaseloadRow {
                path,
                broken: Some(error.to_string()),
                ..CaseloadRow::default()
            };
        }
    };
    let coverage = Coverage::compute_assessed(
        &portfolio.standards,
        &portfolio.evidence,
        &portfolio.policy,
        &portfolio.decisions,
    );
    let summary = coverage.summary();
    let errors = portfolio
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let last_activity = portfolio
        .evidence
        .iter()
        .filter_map(|e| e.date.map(|d| d.to_string()))
        .chain(portfolio.decisions.iter().map(|d| d.date.clone()))
        .max();
    CaseloadRow {
        path,
        candidate: portfolio.manifest.as_ref().map(|m| m.candidate.clone()),
        standards: portfolio
            .standards
            .standards()
            .iter()
            .map(|s| s.id.clone())
            .collect(),
        total: summary.total,
        claimed: summary.covered(),
        accepted: summary.accepted,
        referred: summary.referred,
        stale: summary.stale,
        insufficient: summary.insufficient,
        missing: summary.missing,
        drafts: portfolio.evidence.iter().filter(|e| e.draft).count(),
        errors,
        last_activity,
        broken: (portfolio.manifest.is_none()).then(|| "portfolio.yaml has errors".to_owned()),
    }
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    if !args.root.is_dir() {
        anyhow::bail!("{} is not a folder", args.root.display());
    }
    let dirs = portfolios(&args.root)?;
    let mut rows = rows(&args.root, &dirs, context);
    sort_caseload(&mut rows);
    match args.format {
        CaseloadFormat::Text => output::print(&caseload_text(&rows, &context.stdout))?,
        CaseloadFormat::Json => output::print_json(&serde_json::to_value(&rows)?)?,
        CaseloadFormat::Csv => output::print(&caseload_csv(&rows)?)?,
        CaseloadFormat::Html => {
            let generated = context.today().to_string();
            output::print(&Templates::new(&[])?.render_caseload(&rows, &generated)?)?;
        }
    }
    Ok(Outcome::Ok)
}
