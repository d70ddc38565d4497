//! `nosfolio status`: one screen on where a portfolio stands and the next
//! three things to do.

use std::fmt::Write as _;

use nosfolio_core::{
    Diagnostic, Problem, Reason, Severity, Summary, collection_plan, needs_attention, uncoverable,
};
use serde::Serialize;

use crate::attainment::{AttainmentLine, attainment_lines, levels_text};
use crate::signatures::{SignOffSummary, SignatureSummary};
use crate::text::{Paint, TextOptions, clean, pad, wrap};
use crate::view::PortfolioView;

/// Width of the coverage bars.
const BAR: usize = 20;

#[derive(Serialize)]
struct GroupLine {
    standard: String,
    group: String,
    claimed: usize,
    insufficient: usize,
    total: usize,
}

/// Everything the status shows.
#[derive(Serialize)]
pub struct StatusModel {
    candidate: Option<String>,
    claimed: usize,
    insufficient: usize,
    missing: usize,
    total: usize,
    /// Every status's count; they add up to `total`.
    summary: Summary,
    groups: Vec<GroupLine>,
    /// Competencies and their levels, against the target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    levels: Vec<AttainmentLine>,
    /// The role profile the target names.
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    pieces: usize,
    drafts: Vec<String>,
    unclaimed: Vec<String>,
    errors: usize,
    warnings: usize,
    next: Vec<String>,
    /// The same steps as a page of the web app gives them: in words, with
    /// the page where each is done instead of a command.
    page_steps: Vec<PageStep>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network: Option<NetworkLine>,
    /// The decisions' signatures.
    signatures: SignatureSummary,
    /// The declaration and each standard's sign-off.
    sign_offs: SignOffSummary,
}

/// A next step as a page gives it: what to do, in words and without a
/// command, and where in the web app it is done.
#[derive(Debug, Clone, Serialize)]
pub struct PageStep {
    /// What to do.
    pub text: String,
    /// Where: `problems` (the dashboard's list of them), `piece` (the
    /// piece's page, to claim it), `draft` (writing it), `gaps` (what to
    /// collect) or `sign-off` (the dashboard's declaration and sign-off).
    pub page: &'static str,
    /// The file it is about, for `piece` and `draft`.
    pub path: Option<String>,
}

impl PageStep {
    fn at(page: &'static str, text: String) -> Self {
        Self {
            text,
            page,
            path: None,
        }
    }
}

/// The networking plan on the status screen.
#[derive(Serialize)]
struct NetworkLine {
    today: String,
    contacts: usize,
    overdue: usize,
    due_this_week: usize,
}

impl StatusModel {
    /// Builds the status from a view and the portfolio's problems, with the
    /// networking plan's due contacts as of `today`.
    #[must_use]
    pub fn build(
        view: &PortfolioView<'_>,
        diagnostics: &[Diagnostic],
        today: jiff::civil::Date,
    ) -> Self {
        let summary = view.coverage.summary();
        let several = view.standards.standards().len() > 1;
        let groups = view
            .standards
            .standards()
            .iter()
            .flat_map(|s| s.groups.iter().map(move |g| (s, g)))
            .map(|(s, g)| (s, g, view.coverage.group_summary(&s.id, &g.id)))
            // Groups without items, and levels beyond the target, count nothing.
            .filter(|(_, _, counts)| counts.total > 0)
            .map(|(s, g, counts)| GroupLine {
                standard: s.short_name().to_owned(),
                group: if several {
                    format!("{} · {}", s.short_name(), s.heading(g))
                } else {
                    s.heading(g)
                },
                claimed: counts.covered(),
                insufficient: counts.insufficient,
                total: counts.total,
            })
            .collect();
        let drafts: Vec<String> = view
            .evidence
            .iter()
            .filter(|e| e.draft)
            .map(|e| e.path.clone())
            .collect();
        let unclaimed: Vec<String> = diagnostics
            .iter()
            .filter_map(|d| match &*d.problem {
                Problem::Unclaimed { path } => Some(path.clone()),
                _ => None,
            })
            .collect();
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        let warnings = diagnostics.len() - errors;

        // Each step for a terminal (with its command) and for a page.
        let mut next = Vec::new();
        let mut page_steps = Vec::new();
        if errors > 0 {
            next.push(format!(
                "Fix {errors} error(s): `nosfolio check` lists them with file, line and column"
            ));
            page_steps.push(PageStep::at(
                "problems",
                format!("Fix {errors} error(s) in the portfolio's files, listed below"),
            ));
        }
        if !unclaimed.is_empty() {
            next.push(format!(
                "Describe {} file(s) without a sidecar, starting with {} (`nosfolio claim FILE ITEM…`)",
                unclaimed.len(),
                unclaimed[0]
            ));
            page_steps.push(PageStep {
                text: format!(
                    "Say what {} file(s) show, starting with {}",
                    unclaimed.len(),
                    unclaimed[0]
                ),
                page: "piece",
                path: Some(unclaimed[0].clone()),
            });
        }
        if !drafts.is_empty() {
            next.push(format!(
                "Finish {} draft(s), starting with {}: write it, then `nosfolio finish {}`",
                drafts.len(),
                drafts[0],
                drafts[0]
            ));
            page_steps.push(PageStep {
                text: format!(
                    "Write and finish {} draft(s), starting with {}",
                    drafts.len(),
                    drafts[0]
                ),
                page: "draft",
                path: Some(drafts[0].clone()),
            });
        }
        let attention = needs_attention(view.coverage);
        for (reason, advice) in [
            (Reason::Referred, "Respond to the assessor on referred {}"),
            (
                Reason::Stale,
                "Ask for a new decision on changed evidence for {}",
            ),
            (
                Reason::Insufficient,
                "Add evidence for {} (claimed, but below the portfolio's policy)",
            ),
        ] {
            let ids: Vec<String> = attention
                .iter()
                .filter(|a| a.reason == reason)
                .map(|a| view.standards.display(&a.coverage.item))
                .collect();
            if !ids.is_empty() {
                let step = advice.replace("{}", &ids.join(", "));
                page_steps.push(PageStep::at("gaps", step.clone()));
                next.push(step);
            }
        }
        for step in collection_plan(view.standards, view.coverage) {
            let step = format!(
                "Collect {}: it would cover {}",
                step.text,
                step.covers.join(", ")
            );
            page_steps.push(PageStep::at("gaps", step.clone()));
            next.push(step);
        }
        // Missing items no evidence type of the table supports (a framework
        // without one) still need evidence: the plan cannot name a type.
        let uncovered = uncoverable(view.standards, view.coverage);
        if !uncovered.is_empty() {
            let shown: Vec<String> = uncovered
                .iter()
                .take(3)
                .map(|(standard, item)| {
                    view.standards.display(&nosfolio_core::ItemRef {
                        standard: standard.clone(),
                        item: item.clone(),
                    })
                })
                .collect();
            let more = uncovered.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            next.push(format!(
                "Collect evidence for {}{more} (`nosfolio gaps` lists what is missing), then `nosfolio claim FILE ITEM…`",
                shown.join(", "),
            ));
            page_steps.push(PageStep::at(
                "gaps",
                format!("Collect evidence for {}{more}", shown.join(", ")),
            ));
        }
        // Once a standard is all accepted: the declaration, then its
        // sign-off, then the countersignature.
        for line in &view.sign_offs.standards {
            let counts = view.coverage.standard_summary(&line.standard);
            if counts.total == 0 || counts.accepted < counts.total {
                continue;
            }
            let (step, command) = if !view.sign_offs.declaration.holds {
                (
                    "Declare that the evidence is your own work".to_owned(),
                    "nosfolio declare",
                )
            } else if !line.sign_off.holds {
                (
                    format!(
                        "Every item of {} is accepted: your assessor can sign it off",
                        line.label
                    ),
                    "nosfolio signoff",
                )
            } else if !line.countersignature.holds {
                (
                    format!("{} is signed off: your IQA can countersign it", line.label),
                    "nosfolio signoff --role iqa",
                )
            } else {
                continue;
            };
            next.push(format!("{step} (`{command}`)"));
            page_steps.push(PageStep::at("sign-off", step));
            if !view.sign_offs.declaration.holds {
                break;
            }
        }
        next.truncate(3);
        page_steps.truncate(3);
        let network = (!view.network.is_empty()).then(|| {
            let due = view.network.due(today, 7);
            let overdue = due.iter().filter(|d| d.days_overdue > 0).count();
            NetworkLine {
                today: today.to_string(),
                contacts: view.network.contacts().len(),
                overdue,
                due_this_week: due.len() - overdue,
            }
        });
        Self {
            network,
            candidate: view.candidate.map(clean),
            claimed: summary.covered(),
            insufficient: summary.insufficient,
            missing: summary.missing,
            total: summary.total,
            summary,
            groups,
            levels: attainment_lines(view),
            profile: view.target.profile.clone(),
            pieces: view.evidence.len(),
            drafts,
            unclaimed,
            errors,
            warnings,
            next,
            page_steps,
            signatures: SignatureSummary::of(view.decisions, view.trust),
            sign_offs: view.sign_offs.clone(),
        }
    }

    /// The next steps as a page gives them.
    #[must_use]
    pub fn page_steps(&self) -> &[PageStep] {
        &self.page_steps
    }

    /// For a terminal.
    #[must_use]
    pub fn text(&self, options: &TextOptions) -> String {
        let mut out = String::new();
        let title = self
            .candidate
            .as_deref()
            .map_or("Portfolio".to_owned(), |c| format!("Portfolio of {c}"));
        let _ = writeln!(out, "{}", options.paint(Paint::Bold, &title));
        let _ = writeln!(out, "{}\n", self.summary.describe());
        let label_width = self
            .groups
            .iter()
            .map(|g| g.group.chars().count())
            .max()
            .unwrap_or(0)
            .min(options.width.saturating_sub(BAR + 20).max(20));
        for group in &self.groups {
            let filled = (group.claimed * BAR).checked_div(group.total).unwrap_or(0);
            let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled));
            let label = crate::text::truncate(&clean(&group.group), label_width);
            let line = format!(
                "  {}  {}  {:>2}/{}",
                pad(&label, label_width),
                options.paint(
                    if group.claimed == group.total {
                        Paint::Bold
                    } else {
                        Paint::Dim
                    },
                    &bar
                ),
                group.claimed,
                group.total
            );
            let _ = writeln!(out, "{line}");
        }
        if !self.levels.is_empty() {
            let _ = write!(
                out,
                "\n{}",
                levels_text(&self.levels, self.profile.as_deref(), options)
            );
        }
        let _ = writeln!(
            out,
            "\n{} pieces of evidence, {} draft(s), {} unclaimed file(s); {} error(s), {} warning(s)\n",
            self.pieces,
            self.drafts.len(),
            self.unclaimed.len(),
            self.errors,
            self.warnings
        );
        let signatures = self.signatures.text(options);
        if !signatures.is_empty() {
            let _ = writeln!(out, "{signatures}");
        }
        // Shown once assessment has begun: before, there is nothing to sign off.
        if self.sign_offs.any_made() || self.signatures.decisions > 0 {
            let _ = writeln!(out, "{}", self.sign_offs.text(options));
        }
        if let Some(network) = &self.network {
            let _ = writeln!(
                out,
                "Networking plan: {} contact(s); {} overdue and {} due in the next 7 days as of {} (`nosfolio network due`)\n",
                network.contacts, network.overdue, network.due_this_week, network.today
            );
        }
        if self.next.is_empty() {
            let _ = writeln!(
                out,
                "Nothing to do: every item is claimed and there are no problems."
            );
        } else {
            let _ = writeln!(out, "{}", options.paint(Paint::Bold, "Next"));
            for (index, step) in self.next.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  {}. {}",
                    index + 1,
                    wrap(&clean(step), options.width, 5)
                );
            }
        }
        out
    }
}
