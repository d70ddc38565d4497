//! A training centre's caseload: one row per portfolio, those needing
//! attention first, as text, JSON, CSV or one HTML page.

use std::fmt::Write as _;

use nosfolio_core::Summary;
use serde::{Deserialize, Serialize};

use crate::matrix::csv_safe;
use crate::text::{Paint, TextOptions, clean, pad, truncate};

/// One portfolio of a caseload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadRow {
    /// The portfolio folder, relative to the caseload root.
    pub path: String,
    /// The candidate, when portfolio.yaml could be read.
    pub candidate: Option<String>,
    /// Standard ids.
    pub standards: Vec<String>,
    /// Items in all.
    pub total: usize,
    /// Items claimed (including accepted).
    pub claimed: usize,
    /// Items accepted.
    pub accepted: usize,
    /// Items referred back.
    pub referred: usize,
    /// Items accepted on evidence that changed since.
    pub stale: usize,
    /// Items claimed below policy.
    pub insufficient: usize,
    /// Items missing.
    pub missing: usize,
    /// Draft pieces of evidence.
    pub drafts: usize,
    /// Errors in the portfolio.
    pub errors: usize,
    /// Decisions that do not count (unsigned under a trust list, signed
    /// with a key it does not give their maker, or edited after signing).
    pub not_counted: usize,
    /// Whether the candidate's declaration holds.
    pub declared: bool,
    /// Standards whose sign-off holds.
    pub signed_off: usize,
    /// Standards whose sign-off and countersignature hold.
    pub countersigned: usize,
    /// The latest date of any evidence or decision.
    pub last_activity: Option<String>,
    /// Why the portfolio could not be read at all.
    pub broken: Option<String>,
    /// The row is of a folder that could not be searched for portfolios,
    /// not of a portfolio: `broken` says why.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unsearched: bool,
}

impl CaseloadRow {
    /// The portfolio's items by status.
    #[must_use]
    pub fn summary(&self) -> Summary {
        Summary {
            total: self.total,
            claimed: self.claimed.saturating_sub(self.accepted),
            insufficient: self.insufficient,
            accepted: self.accepted,
            referred: self.referred,
            stale: self.stale,
            missing: self.missing,
        }
    }

    /// Where sign-off stands, in a few words: `1/1 signed off, IQA 1/1`,
    /// `declared`, or `—` before anything is declared or signed off.
    #[must_use]
    pub fn sign_off(&self) -> String {
        let standards = self.standards.len();
        match (self.declared, self.signed_off, self.countersigned) {
            (false, 0, _) => "—".to_owned(),
            (true, 0, _) => "declared".to_owned(),
            (declared, signed, countersigned) => format!(
                "{signed}/{standards} signed off, IQA {countersigned}/{standards}{}",
                if declared {
                    ""
                } else {
                    " (declaration lapsed)"
                }
            ),
        }
    }

    /// Larger needs attention sooner: an unreadable portfolio, then errors,
    /// then items waiting for an assessor (referred or stale), then every
    /// item needing attention, then drafts.
    fn urgency(&self) -> (bool, usize, usize, usize, usize) {
        (
            self.broken.is_some(),
            self.errors,
            self.stale + self.referred + self.not_counted,
            self.summary().needing_attention(),
            self.drafts,
        )
    }
}

/// Sorts rows so that those needing attention come first, then by path.
pub fn sort_caseload(rows: &mut [CaseloadRow]) {
    rows.sort_by(|a, b| {
        b.urgency()
            .cmp(&a.urgency())
            .then_with(|| a.path.cmp(&b.path))
    });
}

/// How many of `rows` are portfolios, and how many are folders that could
/// not be searched.
pub(crate) fn counts(rows: &[CaseloadRow]) -> (usize, usize) {
    let unsearched = rows.iter().filter(|r| r.unsearched).count();
    (rows.len() - unsearched, unsearched)
}

/// How many portfolios the caseload holds, and how many folders could not
/// be searched.
fn headline(rows: &[CaseloadRow]) -> String {
    let (portfolios, unsearched) = counts(rows);
    let mut line = format!(
        "{portfolios} portfolio{}, those needing attention first",
        if portfolios == 1 { "" } else { "s" }
    );
    if unsearched > 0 {
        let _ = write!(
            line,
            "; {unsearched} folder{} could not be searched",
            if unsearched == 1 { "" } else { "s" }
        );
    }
    line
}

/// The caseload as a table for a terminal.
#[must_use]
pub fn caseload_text(rows: &[CaseloadRow], options: &TextOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", options.paint(Paint::Bold, &headline(rows)));
    let name_width = rows
        .iter()
        .map(|r| name(r).chars().count())
        .max()
        .unwrap_or(9)
        .clamp(9, 32);
    let _ = writeln!(
        out,
        "{}",
        options.paint(
            Paint::Dim,
            &format!(
                "{}  items  accepted  claimed  stale  referred  insufficient  missing  drafts  errors  uncounted  last activity  sign-off                         folder",
                pad("candidate", name_width)
            )
        )
    );
    for row in rows {
        let label = pad(&truncate(&name(row), name_width), name_width);
        if let Some(broken) = &row.broken {
            let _ = writeln!(
                out,
                "{label}  {}",
                options.paint(Paint::Red, &format!("cannot be read: {}", clean(broken)))
            );
            continue;
        }
        // The partition of items by status: it adds up to `items`.
        let counts = row.summary();
        let _ = writeln!(
            out,
            "{label}  {:>5}  {:>8}  {:>7}  {:>5}  {:>8}  {:>12}  {:>7}  {:>6}  {:>6}  {:>9}  {:<13}  {:<31}  {}",
            counts.total,
            counts.accepted,
            counts.claimed,
            counts.stale,
            counts.referred,
            counts.insufficient,
            counts.missing,
            row.drafts,
            row.errors,
            row.not_counted,
            row.last_activity.as_deref().unwrap_or("—"),
            row.sign_off(),
            options.paint(Paint::Dim, &clean(&row.path))
        );
    }
    out
}

fn name(row: &CaseloadRow) -> String {
    match &row.candidate {
        Some(candidate) => clean(candidate),
        None => clean(&row.path),
    }
}

/// The caseload as CSV: `total` and then the items by status, which add
/// up to it (`claimed` leaves out the accepted).
///
/// # Errors
/// Only if writing to memory fails.
pub fn caseload_csv(rows: &[CaseloadRow]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "path",
        "candidate",
        "standards",
        "total",
        "claimed",
        "accepted",
        "referred",
        "stale",
        "insufficient",
        "missing",
        "drafts",
        "errors",
        "not_counted",
        "declared",
        "signed_off",
        "countersigned",
        "last_activity",
        "broken",
    ])?;
    for row in rows {
        writer.write_record([
            csv_safe(&row.path),
            csv_safe(row.candidate.as_deref().unwrap_or_default()),
            csv_safe(&row.standards.join(" ")),
            row.total.to_string(),
            // Claimed and awaiting a decision, so that the counts add up.
            row.summary().claimed.to_string(),
            row.accepted.to_string(),
            row.referred.to_string(),
            row.stale.to_string(),
            row.insufficient.to_string(),
            row.missing.to_string(),
            row.drafts.to_string(),
            row.errors.to_string(),
            row.not_counted.to_string(),
            row.declared.to_string(),
            row.signed_off.to_string(),
            row.countersigned.to_string(),
            row.last_activity.clone().unwrap_or_default(),
            csv_safe(row.broken.as_deref().unwrap_or_default()),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
