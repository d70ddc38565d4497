//! The coverage matrix: items as rows, evidence as numbered columns.

use std::fmt::Write as _;

use nosfolio_core::{Group, Standard, Status, needs_attention};

use crate::attainment::{AttainmentLine, attainment_lines, attainment_text};
use serde::Serialize;

use crate::text::{Paint, TextOptions, clean, pad, truncate, width, wrap};
use crate::view::{EvidenceJson, ItemJson, PortfolioView, StandardJson, SummaryJson};

/// Mark in a cell where the column's evidence claims the row's item.
const CLAIMS: &str = "●";
/// Mark in a cell where a draft claims the item (not counted).
const DRAFT: &str = "◌";
/// Mark in a cell where it does not.
const NONE: &str = "·";
/// Columns a cell takes: room for the largest evidence number and a space,
/// and at least 3.
fn cell_width(pieces: usize) -> usize {
    (pieces.to_string().len() + 1).max(3)
}
/// The least room left for an item's text before the compact layout is used.
const MIN_TEXT: usize = 24;

fn status_paint(status: Status) -> Paint {
    match status {
        Status::Missing => Paint::Red,
        Status::Insufficient | Status::Stale => Paint::Yellow,
        Status::Referred => Paint::Red,
        Status::Claimed => Paint::Bold,
        Status::Accepted => Paint::Green,
    }
}

fn status_label(status: Status) -> String {
    format!("{} {status}", status.symbol())
}

/// The matrix for a terminal. Falls back to a per-item list when the
/// evidence columns do not fit `options.width`.
#[must_use]
pub fn matrix_text(view: &PortfolioView<'_>, options: &TextOptions) -> String {
    let mut out = String::new();
    let summary = view.coverage.summary();
    let title = match view.candidate {
        Some(candidate) => format!("Coverage matrix: {}", clean(candidate)),
        None => "Coverage matrix".to_owned(),
    };
    let _ = writeln!(out, "{}", options.paint(Paint::Bold, &title));
    let counts = format!(
        "{}; {} pieces of evidence",
        summary.describe(),
        view.evidence.len()
    );
    let _ = writeln!(out, "{}\n", wrap(&counts, options.width, 0));

    let id_width = view
        .coverage
        .items
        .iter()
        .map(|c| width(&view.standards.display(&c.item)))
        .max()
        .unwrap_or(3);
    let status_width = view
        .coverage
        .items
        .iter()
        .map(|c| width(&status_label(c.status)))
        .max()
        .unwrap_or(9);
    let prefix = 2 + id_width + 2 + status_width + 2;
    let cell = cell_width(view.evidence.len());
    let cells = view.evidence.len() * cell;
    let wide = !view.evidence.is_empty() && prefix + cells + 1 + MIN_TEXT <= options.width;

    for standard in view.standards.standards() {
        let _ = writeln!(
            out,
            "{}",
            options.paint(
                Paint::Bold,
                &wrap(&clean(&standard.label()), options.width, 0)
            )
        );
        if wide {
            let mut header = pad("", prefix);
            for number in 1..=view.evidence.len() {
                let _ = write!(header, "{number:>cell$}");
            }
            let _ = writeln!(out, "{}", options.paint(Paint::Dim, header.trim_end()));
        }
        for group in standard.groups.iter().filter(|g| !g.items.is_empty()) {
            group_text(
                &mut out,
                view,
                options,
                standard,
                group,
                (id_width, status_width),
                wide,
            );
        }
        out.push('\n');
    }

    if !view.evidence.is_empty() {
        let _ = writeln!(out, "{}", options.paint(Paint::Bold, "Evidence"));
        let number_width = view.evidence.len().to_string().len();
        for (index, evidence) in view.evidence.iter().enumerate() {
            let indent = 2 + number_width + 2;
            let _ = writeln!(
                out,
                "  {:>number_width$}  {}",
                index + 1,
                wrap(
                    &if evidence.draft {
                        format!("{} (draft, not counted)", clean(&evidence.title))
                    } else {
                        clean(&evidence.title)
                    },
                    options.width,
                    indent
                )
            );
            let _ = writeln!(
                out,
                "{}{}",
                pad("", indent),
                options.paint(Paint::Dim, &clean(&evidence.path))
            );
        }
        out.push('\n');
    }
    let legend = view
        .statuses()
        .into_iter()
        .map(status_label)
        .chain(if wide {
            let mut marks = vec![format!("{CLAIMS} claims the item")];
            if view.evidence.iter().any(|e| e.draft) {
                marks.push(format!("{DRAFT} a draft claims it (not counted)"));
            }
            marks.push(format!("{NONE} does not"));
            marks
        } else {
            vec![]
        })
        .collect::<Vec<_>>()
        .join(", ");
    let levels = attainment_text(view, options);
    if !levels.is_empty() {
        let _ = writeln!(out, "{levels}");
    }
    let _ = writeln!(
        out,
        "{}",
        options.paint(
            Paint::Dim,
            &wrap(&format!("Legend: {legend}"), options.width, 0)
        )
    );
    out
}

/// What the matrix says of a level above the one aimed at, or of a
/// competency a role profile leaves out.
pub(crate) const BEYOND_TARGET: &str = "outside the target: not counted";

fn group_text(
    out: &mut String,
    view: &PortfolioView<'_>,
    options: &TextOptions,
    standard: &Standard,
    group: &Group,
    (id_width, status_width): (usize, usize),
    wide: bool,
) {
    let counts = view.coverage.group_summary(&standard.id, &group.id);
    let heading = clean(&standard.heading(group));
    let beyond = view.coverage.beyond_target(&standard.id, group);
    let tally = if beyond {
        BEYOND_TARGET.to_owned()
    } else {
        format!(
            "{} of {} claimed{}",
            counts.covered(),
            counts.total,
            if counts.insufficient > 0 {
                format!(", {} insufficient", counts.insufficient)
            } else {
                String::new()
            }
        )
    };
    let separator = if width(&heading) + 2 + width(&tally) <= options.width {
        "  "
    } else {
        "\n  "
    };
    let _ = writeln!(
        out,
        "{}{separator}{}",
        options.paint(Paint::Bold, &wrap(&heading, options.width, 0)),
        options.paint(Paint::Dim, &tally)
    );
    for item in &group.items {
        let Some(coverage) = view.coverage.of(&standard.id, &item.id) else {
            continue;
        };
        let id = pad(&view.standards.display(&coverage.item), id_width);
        let status = options.paint(
            if coverage.required {
                status_paint(coverage.status)
            } else {
                Paint::Dim
            },
            &pad(&status_label(coverage.status), status_width),
        );
        let mut line = format!("  {id}  {status}  ");
        let prefix = 2 + id_width + 2 + status_width + 2;
        let cell = cell_width(view.evidence.len());
        if wide {
            for index in 0..view.evidence.len() {
                let piece = &view.evidence[index];
                let mark = if coverage.evidence.contains(&index) {
                    CLAIMS
                } else if piece.draft && piece.claims.iter().any(|c| c.item == coverage.item) {
                    DRAFT
                } else {
                    NONE
                };
                let _ = write!(line, "{mark:>cell$}");
            }
            let used = prefix + view.evidence.len() * cell + 2;
            let text = match &coverage.shortfall {
                Some(shortfall) => format!("({}) {}", clean(shortfall), clean(&item.text)),
                None => clean(&item.text),
            };
            let text = truncate(&text, options.width.saturating_sub(used));
            let _ = writeln!(out, "{line}  {text}");
        } else {
            let text = wrap(&clean(&item.text), options.width, prefix);
            let _ = writeln!(out, "{line}{text}");
            if !coverage.evidence.is_empty() {
                let numbers: Vec<String> = coverage
                    .evidence
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect();
                let shortfall = coverage
                    .shortfall
                    .as_deref()
                    .map(|s| format!("; {}", clean(s)))
                    .unwrap_or_default();
                let list = wrap(
                    &format!("evidence {}{shortfall}", numbers.join(", ")),
                    options.width,
                    prefix,
                );
                let _ = writeln!(
                    out,
                    "{}{}",
                    pad("", prefix),
                    options.paint(Paint::Dim, &list)
                );
            }
        }
    }
}

#[derive(Serialize)]
struct MatrixJson<'a> {
    candidate: Option<&'a str>,
    /// The lead assessor.
    assessor: Option<&'a str>,
    standards: Vec<StandardJson<'a>>,
    summary: SummaryJson<'a>,
    items: Vec<ItemJson<'a>>,
    evidence: Vec<EvidenceJson<'a>>,
    /// Each competency's level evidenced and the level aimed at.
    levels: Vec<AttainmentLine>,
}

/// The matrix as JSON: `items[]`, `evidence[]` and `summary`.
#[must_use]
pub fn matrix_json(view: &PortfolioView<'_>) -> serde_json::Value {
    serde_json::to_value(MatrixJson {
        candidate: view.candidate,
        assessor: view.assessors.first().map(String::as_str),
        standards: view.standards_json(),
        summary: view.summary_json(),
        items: view.items_json(),
        evidence: view.evidence_json(),
        levels: attainment_lines(view),
    })
    .unwrap_or_default()
}

/// A CSV cell that a spreadsheet will not run as a formula.
pub(crate) fn csv_safe(cell: &str) -> String {
    let cell = cell.replace(['\r', '\n'], " ");
    if cell.starts_with(['=', '+', '-', '@', '\t']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The matrix as CSV, one row per item; `needs_attention` says why an item
/// needs attention (`missing`, `insufficient`, `referred`, `stale`), empty
/// when it needs none; `required` is `no` for an item above the target.
///
/// # Errors
/// Only if writing to memory fails, which it does not.
pub fn matrix_csv(view: &PortfolioView<'_>) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "standard",
        "group",
        "item",
        "status",
        "evidence_count",
        "evidence",
        "text",
        "needs_attention",
        "required",
    ])?;
    for coverage in &view.coverage.items {
        let Some((standard, group, item)) = view.standards.item(&coverage.item) else {
            continue;
        };
        let paths: Vec<&str> = coverage
            .evidence
            .iter()
            .map(|&i| view.evidence[i].path.as_str())
            .collect();
        writer.write_record([
            csv_safe(&coverage.item.standard),
            csv_safe(&standard.heading(group)),
            csv_safe(&item.id),
            coverage.status.to_string(),
            paths.len().to_string(),
            csv_safe(&paths.join("; ")),
            csv_safe(&item.text),
            coverage
                .attention()
                .map(|a| a.reason.to_string())
                .unwrap_or_default(),
            if coverage.required { "yes" } else { "no" }.to_owned(),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Text made safe inside a Markdown table cell.
pub(crate) fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The matrix as Markdown: one table per group, then the evidence.
#[must_use]
pub fn matrix_md(view: &PortfolioView<'_>) -> String {
    let mut out = String::new();
    let summary = view.coverage.summary();
    let _ = writeln!(
        out,
        "# Coverage matrix{}\n",
        view.candidate
            .map(|c| format!(": {}", md_cell(c)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "{}; {} pieces of evidence.\n",
        summary.describe(),
        view.evidence.len()
    );
    let attention: Vec<String> = needs_attention(view.coverage)
        .iter()
        .map(|a| {
            format!(
                "{} ({})",
                md_cell(&view.standards.display(&a.coverage.item)),
                a.reason
            )
        })
        .collect();
    if !attention.is_empty() {
        let _ = writeln!(out, "Needs attention: {}.\n", attention.join(", "));
    }
    for standard in view.standards.standards() {
        let _ = writeln!(out, "## {}\n", md_cell(&standard.label()));
        for group in standard.groups.iter().filter(|g| !g.items.is_empty()) {
            let counts = view.coverage.group_summary(&standard.id, &group.id);
            let tally = if view.coverage.beyond_target(&standard.id, group) {
                BEYOND_TARGET.to_owned()
            } else {
                format!("{} of {} claimed", counts.covered(), counts.total)
            };
            let _ = writeln!(out, "### {} ({tally})\n", md_cell(&standard.heading(group)),);
            out.push_str("| Item | Status | Evidence | Text |\n|---|---|---|---|\n");
            for item in &group.items {
                let Some(coverage) = view.coverage.of(&standard.id, &item.id) else {
                    continue;
                };
                let numbers: Vec<String> = coverage
                    .evidence
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    md_cell(&view.standards.display(&coverage.item)),
                    status_label(coverage.status),
                    if numbers.is_empty() {
                        "—".to_owned()
                    } else {
                        numbers.join(", ")
                    },
                    md_cell(&item.text)
                );
            }
            out.push('\n');
        }
    }
    let levels = attainment_lines(view);
    if !levels.is_empty() {
        out.push_str("## Levels\n\n");
        if let Some(profile) = &view.target.profile {
            let _ = writeln!(out, "Against the target {}.\n", md_cell(profile));
        }
        out.push_str("| Competency | Attainment |\n|---|---|\n");
        for line in &levels {
            let _ = writeln!(
                out,
                "| {} | {} |",
                md_cell(&line.competency),
                md_cell(&line.sentence)
            );
        }
        out.push('\n');
    }
    if !view.evidence.is_empty() {
        out.push_str("## Evidence\n\n| # | Title | Type | Date | Path |\n|---|---|---|---|---|\n");
        for (index, evidence) in view.evidence.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                index + 1,
                md_cell(&evidence.title),
                evidence
                    .evidence_type
                    .as_ref()
                    .map_or("—".to_owned(), |t| md_cell(&t.id)),
                evidence.date.map_or("—".to_owned(), |d| d.to_string()),
                md_cell(&evidence.path)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_start_formulas() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("-1+1"), "'-1+1");
        assert_eq!(csv_safe("PC1"), "PC1");
    }

    #[test]
    fn markdown_cells_cannot_break_tables_or_inject_html() {
        assert_eq!(md_cell("a|b <script>"), "a\\|b &lt;script&gt;");
    }
}
