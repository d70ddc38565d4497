//! `nosfolio gaps`: what is still missing, grouped as in the standard, and
//! a short plan of what to collect next.

use std::fmt::Write as _;

use nosfolio_core::{PlanStep, Status, collection_plan, uncoverable};
use serde::Serialize;

use crate::text::{Paint, TextOptions, clean, pad, wrap};
use crate::view::PortfolioView;

/// Gaps and the plan for a terminal.
#[must_use]
pub fn gaps_text(view: &PortfolioView<'_>, options: &TextOptions) -> String {
    let mut out = String::new();
    let summary = view.coverage.summary();
    let below: Vec<_> = view
        .coverage
        .items
        .iter()
        .filter(|c| {
            matches!(
                c.status,
                Status::Insufficient | Status::Referred | Status::Stale
            )
        })
        .collect();
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
            .map(|c| view.standards.display(&c.item).len())
            .max()
            .unwrap_or(0);
        for coverage in &below {
            let _ = writeln!(
                out,
                "  {}  {}",
                options.paint(
                    Paint::Yellow,
                    &pad(&view.standards.display(&coverage.item), id_width)
                ),
                clean(&attention(coverage))
            );
        }
        out.push('\n');
    }
    if summary.missing == 0 && below.is_empty() {
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
    if summary.missing == 0 {
        return out;
    }
    let _ = writeln!(
        out,
        "{}\n",
        options.paint(
            Paint::Bold,
            &format!(
                "Still missing: {} of {} items",
                summary.missing, summary.total
            )
        )
    );
    for standard in view.standards.standards() {
        let missing: Vec<_> = standard
            .groups
            .iter()
            .map(|g| {
                let items: Vec<_> = g
                    .items
                    .iter()
                    .filter(|i| {
                        view.coverage
                            .of(&standard.id, &i.id)
                            .is_some_and(|c| c.status == Status::Missing)
                    })
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
                options.paint(Paint::Dim, &clean(&group.heading()))
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
    evidence_types: Vec<&'a str>,
}

#[derive(Serialize)]
struct GapsJson<'a> {
    total: usize,
    missing_count: usize,
    missing: Vec<MissingJson<'a>>,
    plan: Vec<PlanStep>,
    uncoverable: Vec<String>,
    below_policy: Vec<BelowJson<'a>>,
}

#[derive(Serialize)]
struct BelowJson<'a> {
    standard: &'a str,
    id: &'a str,
    shortfall: Option<&'a str>,
    evidence: Vec<&'a str>,
}

/// Gaps and the plan as JSON.
#[must_use]
pub fn gaps_json(view: &PortfolioView<'_>) -> serde_json::Value {
    let mut missing = Vec::new();
    for standard in view.standards.standards() {
        for (group, item) in standard.items() {
            if view
                .coverage
                .of(&standard.id, &item.id)
                .is_some_and(|c| c.status == Status::Missing)
            {
                missing.push(MissingJson {
                    standard: &standard.id,
                    group: &group.id,
                    id: &item.id,
                    text: &item.text,
                    evidence_types: standard
                        .evidence_types
                        .iter()
                        .filter(|t| t.supports(&item.id))
                        .map(|t| t.id.as_str())
                        .collect(),
                });
            }
        }
    }
    let summary = view.coverage.summary();
    serde_json::to_value(GapsJson {
        total: summary.total,
        missing_count: summary.missing,
        missing,
        plan: collection_plan(view.standards, view.coverage),
        uncoverable: uncoverable(view.standards, view.coverage)
            .into_iter()
            .map(|(s, i)| format!("{s}:{i}"))
            .collect(),
        below_policy: view
            .coverage
            .items
            .iter()
            .filter(|c| c.status == Status::Insufficient)
            .map(|c| BelowJson {
                standard: &c.item.standard,
                id: &c.item.item,
                shortfall: c.shortfall.as_deref(),
                evidence: c
                    .evidence
                    .iter()
                    .map(|&i| view.evidence[i].path.as_str())
                    .collect(),
            })
            .collect(),
    })
    .unwrap_or_default()
}

/// Why a claimed item still needs work.
fn attention(coverage: &nosfolio_core::ItemCoverage) -> String {
    match coverage.status {
        Status::Referred => "referred back by the assessor: see their comment".to_owned(),
        Status::Stale => {
            "accepted, but the evidence has changed since: ask for a new decision".to_owned()
        }
        _ => coverage.shortfall.clone().unwrap_or_default(),
    }
}
