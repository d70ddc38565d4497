//! `nosfolio gaps`: what is still missing, grouped as in the standard, and
//! a short plan of what to collect next.

use std::fmt::Write as _;

use nosfolio_core::{Attention, PlanStep, Reason, collection_plan, needs_attention, uncoverable};
use serde::Serialize;

use crate::attainment::{AttainmentLine, attainment_lines, attainment_text};
use crate::text::{Paint, TextOptions, clean, pad, wrap};
use crate::view::PortfolioView;

/// Gaps and the plan for a terminal.
#[must_use]
pub fn gaps_text(view: &PortfolioView<'_>, options: &TextOptions) -> String {
    // What the gaps are measured against, when a standard has levels.
    let mut out = attainment_text(view, options);
    if !out.is_empty() {
        out.push('\n');
    }
    let summary = view.coverage.summary();
    let attention = needs_attention(view.coverage);
    let (missing, below): (Vec<&Attention<'_>>, Vec<&Attention<'_>>) =
        attention.iter().partition(|a| a.reason == Reason::Missing);
    if !below.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            options.paint(
                Paint::Bold,
                &format!("Claimed, but needing attention: {} items", below.len())
            )
        );
        let id_width = below
            .iter()
            .map(|a| view.standards.display(&a.coverage.item).len())
            .max()
            .unwrap_or(0);
        for attention in &below {
            let _ = writeln!(
                out,
                "  {}  {}",
                options.paint(
                    Paint::Yellow,
                    &pad(&view.standards.display(&attention.coverage.item), id_width)
                ),
                clean(&attention.detail())
            );
        }
        out.push('\n');
    }
    if attention.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            options.paint(
                Paint::Bold,
                &format!(
                    "Nothing is missing: every item ({}) is claimed.",
                    summary.total
                )
            )
        );
        return out;
    }
    if missing.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{}\n",
        options.paint(
            Paint::Bold,
            &format!(
                "Still missing: {} of {} items",
                missing.len(),
                summary.total
            )
        )
    );
    let is_missing = |standard: &str, item: &str| {
        missing
            .iter()
            .any(|a| a.coverage.item.standard == standard && a.coverage.item.item == item)
    };
    for standard in view.standards.standards() {
        let missing: Vec<_> = standard
            .groups
            .iter()
            .map(|g| {
                let items: Vec<_> = g
                    .items
                    .iter()
                    .filter(|i| is_missing(&standard.id, &i.id))
                    .collect();
                (g, items)
            })
            .filter(|(_, items)| !items.is_empty())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}",
            options.paint(Paint::Bold, &clean(&standard.label()))
        );
        let id_width = missing
            .iter()
            .flat_map(|(_, items)| items.iter().map(|i| i.id.len()))
            .max()
            .unwrap_or(0);
        for (group, items) in missing {
            let _ = writeln!(
                out,
                "  {}",
                options.paint(Paint::Dim, &clean(&standard.heading(group)))
            );
            for item in items {
                let _ = writeln!(
                    out,
                    "    {}  {}",
                    options.paint(Paint::Red, &pad(&item.id, id_width)),
                    wrap(&clean(&item.text), options.width, 4 + id_width + 2)
                );
            }
        }
        out.push('\n');
    }
    let plan = collection_plan(view.standards, view.coverage);
    if !plan.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            options.paint(Paint::Bold, "What to collect next")
        );
        for (index, step) in plan.iter().enumerate() {
            let sentence = format!(
                "{}. {} would cover {}",
                index + 1,
                clean(&step.text),
                step.covers.join(", ")
            );
            let _ = writeln!(out, "  {}", wrap(&sentence, options.width, 5));
            let mut context = format!("type: {}", step.evidence_type);
            if let Some(group) = &step.group {
                let _ = write!(context, " · {}", clean(group).trim_end_matches(':'));
            }
            let _ = writeln!(
                out,
                "     {}",
                options.paint(Paint::Dim, &wrap(&context, options.width, 5))
            );
        }
    }
    let left = uncoverable(view.standards, view.coverage);
    if !left.is_empty() {
        let ids: Vec<String> = left.iter().map(|(s, i)| format!("{s}:{i}")).collect();
        let _ = writeln!(
            out,
            "\n{}",
            wrap(
                &format!(
                    "No evidence type in the standards' tables covers {}: a reflective account or a witness statement of the behaviour is the usual evidence.",
                    ids.join(", ")
                ),
                options.width,
                0
            )
        );
    }
    out
}

#[derive(Serialize)]
struct MissingJson<'a> {
    standard: &'a str,
    group: &'a str,
    id: &'a str,
    text: &'a str,
    reason: Reason,
    evidence_types: Vec<&'a str>,
}

#[derive(Serialize)]
struct GapsJson<'a> {
    total: usize,
    missing_count: usize,
    missing: Vec<MissingJson<'a>>,
    plan: Vec<PlanStep>,
    uncoverable: Vec<String>,
    /// Claimed, but needing attention: below policy, referred or stale.
    below_policy: Vec<BelowJson<'a>>,
    /// Each competency's level evidenced and the level aimed at.
    levels: Vec<AttainmentLine>,
}

#[derive(Serialize)]
struct BelowJson<'a> {
    standard: &'a str,
    id: &'a str,
    reason: Reason,
    /// For an insufficient item, what the policy still needs.
    shortfall: Option<&'a str>,
    detail: String,
    evidence: Vec<&'a str>,
}

/// Gaps and the plan as JSON.
#[must_use]
pub fn gaps_json(view: &PortfolioView<'_>) -> serde_json::Value {
    let attention = needs_attention(view.coverage);
    let mut missing = Vec::new();
    let mut below_policy = Vec::new();
    for entry in &attention {
        let coverage = entry.coverage;
        let Some((standard, group, item)) = view.standards.item(&coverage.item) else {
            continue;
        };
        if entry.reason == Reason::Missing {
            missing.push(MissingJson {
                standard: &standard.id,
                group: &group.id,
                id: &item.id,
                text: &item.text,
                reason: entry.reason,
                evidence_types: standard
                    .types_supporting(&item.id)
                    .map(|t| t.id.as_str())
                    .collect(),
            });
        } else {
            below_policy.push(BelowJson {
                standard: &coverage.item.standard,
                id: &coverage.item.item,
                reason: entry.reason,
                shortfall: coverage.shortfall.as_deref(),
                detail: entry.detail(),
                evidence: coverage
                    .evidence
                    .iter()
                    .map(|&i| view.evidence[i].path.as_str())
                    .collect(),
            });
        }
    }
    serde_json::to_value(GapsJson {
        total: view.coverage.summary().total,
        missing_count: missing.len(),
        missing,
        plan: collection_plan(view.standards, view.coverage),
        uncoverable: uncoverable(view.standards, view.coverage)
            .into_iter()
            .map(|(s, i)| format!("{s}:{i}"))
            .collect(),
        below_policy,
        levels: attainment_lines(view),
    })
    .unwrap_or_default()
}
