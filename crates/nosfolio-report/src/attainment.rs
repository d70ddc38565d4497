//! How far each competency is evidenced against what the candidate is
//! going for: one list, shown by `status`, `target`, `gaps`, the matrix and
//! the report alike.

use std::fmt::Write as _;

use serde::Serialize;

use crate::text::{Paint, TextOptions, clean, pad};
use crate::view::PortfolioView;

/// One competency's attainment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttainmentLine {
    /// The standard's code or id.
    pub standard: String,
    /// The competency's id (the standard's own id for its own levels).
    pub id: String,
    /// The competency's name, or the standard's label for its own levels.
    pub competency: String,
    /// The highest level evidenced in full.
    pub evidenced: Option<u32>,
    /// The level aimed at.
    pub target: Option<u32>,
    /// Whether the target is met.
    pub met: bool,
    /// `level 2 evidenced, working towards 3`.
    pub sentence: String,
}

/// Every competency the target counts (every competency, for a standard
/// without a target), in the standards' order.
#[must_use]
pub fn attainment_lines(view: &PortfolioView<'_>) -> Vec<AttainmentLine> {
    view.standards
        .standards()
        .iter()
        .flat_map(|standard| {
            view.coverage
                .attainments(standard, view.target)
                .into_iter()
                .map(move |(competency, attainment)| AttainmentLine {
                    standard: standard.short_name().to_owned(),
                    id: competency.id.to_owned(),
                    competency: if competency.group.is_some() {
                        competency.title.to_owned()
                    } else {
                        standard.label()
                    },
                    evidenced: attainment.evidenced,
                    target: attainment.target,
                    met: attainment.met(),
                    sentence: attainment.describe(),
                })
        })
        .collect()
}

/// The lines for a terminal, under a heading naming the role profile;
/// empty when no standard has levels.
#[must_use]
pub fn attainment_text(view: &PortfolioView<'_>, options: &TextOptions) -> String {
    levels_text(
        &attainment_lines(view),
        view.target.profile.as_deref(),
        options,
    )
}

/// `lines` for a terminal, under a heading naming `profile`.
pub(crate) fn levels_text(
    lines: &[AttainmentLine],
    profile: Option<&str>,
    options: &TextOptions,
) -> String {
    let mut out = String::new();
    if lines.is_empty() {
        return out;
    }
    let heading = match profile {
        Some(profile) => format!("Levels, against the target {}", clean(profile)),
        None => "Levels".to_owned(),
    };
    let _ = writeln!(out, "{}", options.paint(Paint::Bold, &heading));
    let width = lines
        .iter()
        .map(|l| clean(&l.competency).chars().count())
        .max()
        .unwrap_or(0)
        .min(options.width / 2);
    for line in lines {
        let name = crate::text::truncate(&clean(&line.competency), width);
        let sentence = if line.met {
            options.paint(Paint::Bold, &line.sentence)
        } else {
            line.sentence.clone()
        };
        let _ = writeln!(out, "  {}  {sentence}", pad(&name, width));
    }
    out
}
