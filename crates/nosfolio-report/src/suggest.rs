//! `nosfolio suggest`: the items a kind of evidence can support, marking
//! those still missing.

use std::fmt::Write as _;

use nosfolio_core::{Evidence, EvidenceType, Standard, Status};
use serde::Serialize;

use crate::text::{Paint, TextOptions, clean, pad, wrap};
use crate::view::PortfolioView;

#[derive(Serialize)]
struct SuggestItem<'a> {
    standard: &'a str,
    id: &'a str,
    text: &'a str,
    status: Status,
    claimed_here: bool,
}

#[derive(Serialize)]
struct SuggestJson<'a> {
    standard: &'a str,
    evidence_type: &'a str,
    text: &'a str,
    group: Option<&'a str>,
    evidence: Option<&'a str>,
    items: Vec<SuggestItem<'a>>,
}

fn items<'a>(
    view: &PortfolioView<'a>,
    standard: &'a Standard,
    kind: &'a EvidenceType,
    piece: Option<&'a Evidence>,
) -> Vec<SuggestItem<'a>> {
    kind.supports
        .iter()
        .filter_map(|id| {
            let (_, item) = standard.item(id)?;
            let status = view
                .coverage
                .of(&standard.id, id)
                .map_or(Status::Missing, |c| c.status);
            let claimed_here = piece.is_some_and(|p| {
                p.claims
                    .iter()
                    .any(|c| c.item.standard == standard.id && &c.item.item == id)
            });
            Some(SuggestItem {
                standard: &standard.id,
                id,
                text: &item.text,
                status,
                claimed_here,
            })
        })
        .collect()
}

/// For a terminal: what evidence of `kind` can support, missing ones first
/// in attention, and what `piece` (if given) already claims.
#[must_use]
pub fn suggest_text(
    view: &PortfolioView<'_>,
    standard: &Standard,
    kind: &EvidenceType,
    piece: Option<&Evidence>,
    options: &TextOptions,
) -> String {
    let mut out = String::new();
    let list = items(view, standard, kind, piece);
    let heading = match piece {
        Some(p) => format!(
            "{} ({}), of type {}, can support:",
            clean(&p.title),
            clean(&p.path),
            kind.id
        ),
        None => format!("Evidence of type {} can support:", kind.id),
    };
    let _ = writeln!(
        out,
        "{}",
        options.paint(Paint::Bold, &wrap(&heading, options.width, 0))
    );
    let _ = writeln!(
        out,
        "{}\n",
        options.paint(
            Paint::Dim,
            &wrap(
                &format!("{} — {}", clean(&kind.text), standard.short_name()),
                options.width,
                0
            )
        )
    );
    let id_width = list.iter().map(|i| i.id.len()).max().unwrap_or(0);
    for item in &list {
        let mark = match (item.claimed_here, item.status) {
            (true, _) => options.paint(Paint::Dim, "claimed here  "),
            (false, Status::Missing) => options.paint(Paint::Red, "✗ missing     "),
            (false, Status::Insufficient) => options.paint(Paint::Yellow, "◐ insufficient"),
            (false, status) => options.paint(
                Paint::Bold,
                &format!("{:<14}", format!("{} {status}", status.symbol())),
            ),
        };
        let _ = writeln!(
            out,
            "  {}  {}  {}",
            pad(item.id, id_width),
            mark,
            wrap(&clean(item.text), options.width, 2 + id_width + 2 + 14 + 2)
        );
    }
    let missing: Vec<&str> = list
        .iter()
        .filter(|i| i.status == Status::Missing)
        .map(|i| i.id)
        .collect();
    out.push('\n');
    if missing.is_empty() {
        let _ = writeln!(
            out,
            "Everything this type can support is already claimed somewhere."
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "Still missing, and this type could show: {}",
                    missing.join(", ")
                ),
                options.width,
                0
            )
        );
    }
    out
}

/// As JSON.
#[must_use]
pub fn suggest_json(
    view: &PortfolioView<'_>,
    standard: &Standard,
    kind: &EvidenceType,
    piece: Option<&Evidence>,
) -> serde_json::Value {
    serde_json::to_value(SuggestJson {
        standard: &standard.id,
        evidence_type: &kind.id,
        text: &kind.text,
        group: kind.group.as_deref(),
        evidence: piece.map(|p| p.path.as_str()),
        items: items(view, standard, kind, piece),
    })
    .unwrap_or_default()
}
