//! `nosfolio caseload`: every portfolio under a folder, one row each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nosfolio_core::Severity;
use nosfolio_report::{CaseloadRow, Templates, caseload_csv, caseload_text, sort_caseload};
use nosfolio_store::{
    CacheWarning, Found, Inputs, Kept, Memos, Portfolio, ScanOptions, StoreError, Unreadable,
    hash_bytes, memo_key,
};
use rayon::prelude::*;

use super::{Context, Outcome, cache_warnings};
use crate::output;
use crate::progress::Bar;

/// The name of the memo that keeps the portfolios' rows: one file for the
/// whole caseload, `ROOT/.nosfolio/caseload.json`.
const ROW_MEMO: &str = "caseload";

/// A portfolio without a file cache gets one from a caseload only when
/// reading it hashed this much (64 MiB, tens of milliseconds to hash again):
/// for smaller ones, the folder and file cost a cold caseload more than
/// reading the portfolio again would (BENCHMARKS.md). Its row is kept
/// either way.
const START_CACHE_AT: u64 = 64 << 20;

/// What happened to one portfolio's kept row in this run.
enum RowMemo {
    /// Not used, and nothing to keep.
    None,
    /// The kept row was used as it was.
    Recalled(String),
    /// The row was computed: keep this.
    Fresh(String, Box<Kept<CaseloadRow>>),
}

/// List every portfolio under ROOT (at any depth), one row each: candidate,
/// standards, items claimed, accepted, referred, stale and missing, drafts,
/// errors and the last activity; those needing attention first. Portfolios
/// are read in parallel; the rows of those in which nothing changed are
/// kept in ROOT/.nosfolio/caseload.json. A broken one, or a folder that
/// cannot be read, is reported on its own row.
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

/// Every portfolio under `root`, in path order, and the folders that
/// could not be searched.
pub(crate) fn portfolios(root: &Path) -> anyhow::Result<Found> {
    Ok(nosfolio_store::find_portfolios(root)?)
}

/// Why a folder under the caseload's root could not be searched, as said
/// on its row and by `sample`.
pub(crate) fn unreadable_reason(folder: &Unreadable) -> String {
    format!(
        "{}: this folder was not searched, so any portfolio in it is not listed",
        folder.error
    )
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
/// from `ROOT/.nosfolio/caseload.json`, which is read once and written
/// once, at the end, when any row changed.
fn rows(root: &Path, dirs: &[PathBuf], context: &Context) -> Vec<CaseloadRow> {
    let bar = Bar::counting(context.quiet, dirs.len(), "portfolios");
    let options = ScanOptions {
        start_cache_at: START_CACHE_AT,
        ..context.scan_options(&bar)
    };
    let trust_mark = context.trust.map(|trust| {
        let listing: String = trust
            .keys
            .iter()
            .map(|k| format!("{}\t{}\t{}\n", k.key, k.role, k.name))
            .collect();
        hash_bytes(listing.as_bytes())
    });
    let mut warnings: Vec<CacheWarning> = Vec::new();
    let memos = context.cache_key().map(|key| {
        let (memos, warning) = Memos::<CaseloadRow>::load(root, ROW_MEMO, key);
        warnings.extend(warning);
        memos
    });
    let each: Vec<(CaseloadRow, Vec<CacheWarning>, RowMemo)> = dirs
        .par_iter()
        .map(|dir| {
            let mut warnings = Vec::new();
            // A row depends on the trust list too: one weighed under
            // another list (or none) is not recalled.
            let key = memo_key(root, dir).map(|key| match &trust_mark {
                Some(mark) => format!("{key}\ntrust {mark}"),
                None => key,
            });
            let inputs = memos
                .as_ref()
                .and(key.as_ref())
                .and_then(|_| Inputs::of(dir));
            if let (Some(memos), Some(key), Some(inputs)) = (&memos, &key, &inputs)
                && let Some(kept) = memos.recall(key, dir, inputs)
            {
                let mut row = kept.clone();
                row.path = shown(root, dir);
                bar.done_one();
                return (row, warnings, RowMemo::Recalled(key.clone()));
            }
            let options = ScanOptions {
                inputs: inputs.as_ref(),
                ..options
            };
            let mut opened = Portfolio::open_with(dir, &options);
            if let Ok(portfolio) = &mut opened {
                warnings.append(&mut portfolio.cache_warnings);
            }
            let (row, memo) = match opened {
                Ok(portfolio) => {
                    let row = row(root, dir, Ok(&portfolio));
                    let kept = inputs
                        .as_ref()
                        .and_then(|inputs| Kept::of(&portfolio, inputs, row.clone()));
                    let memo = match (key, kept) {
                        (Some(key), Some(kept)) => RowMemo::Fresh(key, Box::new(kept)),
                        _ => RowMemo::None,
                    };
                    (row, memo)
                }
                Err(error) => (row(root, dir, Err(error)), RowMemo::None),
            };
            bar.done_one();
            (row, warnings, memo)
        })
        .collect();
    bar.finish();
    let mut rows = Vec::with_capacity(each.len());
    let mut recalled = Vec::new();
    let mut fresh = BTreeMap::new();
    for (row, mut found, memo) in each {
        rows.push(row);
        warnings.append(&mut found);
        match memo {
            RowMemo::None => {}
            RowMemo::Recalled(key) => recalled.push(key),
            RowMemo::Fresh(key, kept) => {
                fresh.insert(key, *kept);
            }
        }
    }
    if let Some(memos) = memos {
        warnings.extend(memos.save(&recalled, fresh));
    }
    cache_warnings(warnings.iter());
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
    let coverage = portfolio.coverage();
    let summary = coverage.summary();
    let sign_offs = super::sign_off_summary(portfolio, &coverage);
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
        not_counted: portfolio.decisions.iter().filter(|d| !d.counts()).count(),
        declared: sign_offs.declaration.holds,
        signed_off: sign_offs
            .standards
            .iter()
            .filter(|s| s.sign_off.holds)
            .count(),
        countersigned: sign_offs
            .standards
            .iter()
            .filter(|s| s.sign_off.holds && s.countersignature.holds)
            .count(),
        last_activity,
        broken: (portfolio.manifest.is_none()).then(|| "portfolio.yaml has errors".to_owned()),
        unsearched: false,
    }
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    if !args.root.is_dir() {
        anyhow::bail!("{} is not a folder", args.root.display());
    }
    let context = &Context {
        trust: context.trust_at(&args.root)?,
        ..*context
    };
    let found = portfolios(&args.root)?;
    let mut rows = rows(&args.root, &found.portfolios, context);
    rows.extend(found.unreadable.iter().map(|folder| CaseloadRow {
        path: shown(&args.root, &folder.path),
        broken: Some(unreadable_reason(folder)),
        unsearched: true,
        ..CaseloadRow::default()
    }));
    sort_caseload(&mut rows);
    match args.format {
        CaseloadFormat::Text => output::print(&caseload_text(&rows, &context.stdout))?,
        CaseloadFormat::Json => output::print_json(&serde_json::to_value(&rows)?)?,
        CaseloadFormat::Csv => output::print_document(&caseload_csv(&rows)?)?,
        CaseloadFormat::Html => {
            let generated = context.today().to_string();
            output::print_document(&Templates::new(&[])?.render_caseload(&rows, &generated)?)?;
        }
    }
    Ok(Outcome::Ok)
}
