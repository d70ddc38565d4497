//! `nosfolio suggest`: the items a kind of evidence can support, marking
//! those still missing.

use std::fmt::Write as _;

use nosfolio_core::{Evidence, EvidenceType, PlanStep, Standard, Status, collection_plan};
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
    /// False for a file with no description yet.
    described: bool,
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
/// in attention, and what `piece` (if given) already claims. `file` names
/// a file that has no description yet, to be claimed as of that kind.
#[must_use]
pub fn suggest_text(
    view: &PortfolioView<'_>,
    standard: &Standard,
    kind: &EvidenceType,
    piece: Option<&Evidence>,
    file: Option<&str>,
    options: &TextOptions,
) -> String {
    let mut out = String::new();
    let list = items(view, standard, kind, piece);
    let heading = match (piece, file) {
        (Some(p), _) => format!(
            "{} ({}), of type {}, can support:",
            clean(&p.title),
            clean(&p.path),
            kind.id
        ),
        (None, Some(file)) => format!(
            "{}, as evidence of type {}, could support:",
            clean(file),
            kind.id
        ),
        (None, None) => format!("Evidence of type {} can support:", kind.id),
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
    if let (None, Some(file)) = (piece, file) {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "It has no description yet: `nosfolio claim {} ITEM… --type {}` claims what it shows.",
                    clean(file),
                    kind.id
                ),
                options.width,
                0
            )
        );
    }
    out
}

/// For a terminal, about a file with no description and no type given:
/// the kinds of evidence that would cover the most of what is missing, so
/// the candidate can say which kind it is.
#[must_use]
pub fn suggest_kinds_text(view: &PortfolioView<'_>, file: &str, options: &TextOptions) -> String {
    let mut out = String::new();
    let plan = collection_plan(view.standards, view.coverage);
    let _ = writeln!(
        out,
        "{}\n",
        options.paint(
            Paint::Bold,
            &wrap(
                &format!(
                    "{} has no description yet, so nosfolio does not know what kind of evidence it is.",
                    clean(file)
                ),
                options.width,
                0
            )
        )
    );
    if plan.is_empty() {
        let _ = writeln!(
            out,
            "Nothing is missing that an evidence type of your standards could cover."
        );
    } else {
        let _ = writeln!(
            out,
            "The kinds that would cover the most of what is still missing:"
        );
        let width = plan
            .iter()
            .map(|s| s.evidence_type.len())
            .max()
            .unwrap_or(0);
        for step in &plan {
            let _ = writeln!(
                out,
                "  {}  {}",
                options.paint(Paint::Bold, &pad(&step.evidence_type, width)),
                wrap(
                    &format!("{} (covers {})", clean(&step.text), step.covers.join(", ")),
                    options.width,
                    2 + width + 2
                )
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        wrap(
            &format!(
                "Say which kind it is: `nosfolio suggest {0} --type TYPE` shows what it could support, and `nosfolio claim {0} ITEM… --type TYPE` claims it (`nosfolio standards show` lists every type).",
                clean(file)
            ),
            options.width,
            0
        )
    );
    out
}

/// [`suggest_kinds_text`] as JSON.
#[must_use]
pub fn suggest_kinds_json(view: &PortfolioView<'_>, file: &str) -> serde_json::Value {
    #[derive(Serialize)]
    struct Kinds<'a> {
        file: &'a str,
        described: bool,
        kinds: Vec<PlanStep>,
    }
    serde_json::to_value(Kinds {
        file,
        described: false,
        kinds: collection_plan(view.standards, view.coverage),
    })
    .unwrap_or_default()
}

/// As JSON.
#[must_use]
pub fn suggest_json(
    view: &PortfolioView<'_>,
    standard: &Standard,
    kind: &EvidenceType,
    piece: Option<&Evidence>,
    file: Option<&str>,
) -> serde_json::Value {
    serde_json::to_value(SuggestJson {
        standard: &standard.id,
        evidence_type: &kind.id,
        text: &kind.text,
        group: kind.group.as_deref(),
        evidence: piece.map(|p| p.path.as_str()).or(file),
        described: piece.is_some() || file.is_none(),
        items: items(view, standard, kind, piece),
    })
    .unwrap_or_default()
}
