//! Where the portfolio's signatures stand: how many decisions count, under
//! which trust list, and every one that does not, with why. The one
//! account that status, verify and the report give.

use std::fmt::Write as _;

use nosfolio_core::{Decision, Standing};
use serde::Serialize;

use crate::text::{TextOptions, clean, wrap};

/// The decisions' signatures, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SignatureSummary {
    /// The trust list in force, as shown (its file), if any.
    pub trust: Option<String>,
    /// Decisions in all.
    pub decisions: usize,
    /// Signed with a key the trust list gives their maker.
    pub trusted: usize,
    /// Signed, with no trust list to say whose the key is.
    pub signed: usize,
    /// Unsigned.
    pub unsigned: usize,
    /// Every decision that does not count, with why.
    pub not_counted: Vec<NotCounted>,
}

/// A decision that does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotCounted {
    /// The evidence it is on.
    pub evidence: String,
    /// The item, as written.
    pub item: String,
    /// Who it says made it.
    pub assessor: String,
    /// When.
    pub date: String,
    /// Where its signature stands.
    pub standing: Standing,
    /// Why it does not count.
    pub why: String,
}

impl SignatureSummary {
    /// Counts `decisions`, weighed under the trust list `trust` names.
    #[must_use]
    pub fn of(decisions: &[Decision], trust: Option<&str>) -> Self {
        let mut summary = Self {
            trust: trust.map(str::to_owned),
            decisions: decisions.len(),
            ..Self::default()
        };
        for decision in decisions {
            match &decision.standing {
                Standing::Trusted => summary.trusted += 1,
                Standing::Signed => summary.signed += 1,
                Standing::Unsigned { .. } => summary.unsigned += 1,
                _ => {}
            }
            if !decision.counts() {
                summary.not_counted.push(NotCounted {
                    evidence: decision.evidence.clone(),
                    item: decision.item.clone(),
                    assessor: decision.assessor.clone(),
                    date: decision.date.clone(),
                    standing: decision.standing.clone(),
                    why: decision.standing.explain(),
                });
            }
        }
        summary
    }

    /// The headline: how many decisions there are and how they stand.
    #[must_use]
    pub fn headline(&self) -> String {
        let mut parts = Vec::new();
        if self.trusted > 0 {
            parts.push(format!("{} signed with trusted keys", self.trusted));
        }
        if self.signed > 0 {
            parts.push(format!("{} signed (keys not checked)", self.signed));
        }
        if self.unsigned > 0 {
            parts.push(format!("{} unsigned", self.unsigned));
        }
        let failing = self
            .not_counted
            .iter()
            .filter(|n| !matches!(n.standing, Standing::Unsigned { .. }))
            .count();
        if failing > 0 {
            parts.push(format!("{failing} whose signature does not hold"));
        }
        let under = match &self.trust {
            Some(file) => format!("under the trust list {file}"),
            None => {
                "no trust list: signatures show a decision is unchanged, not whose it is".to_owned()
            }
        };
        format!(
            "Decisions: {} ({}); {under}",
            self.decisions,
            parts.join(", ")
        )
    }

    /// For a terminal: the headline, and every decision that does not
    /// count with why. Empty when there are no decisions.
    #[must_use]
    pub fn text(&self, options: &TextOptions) -> String {
        let mut out = String::new();
        if self.decisions == 0 {
            return out;
        }
        let _ = writeln!(out, "{}", wrap(&clean(&self.headline()), options.width, 2));
        if !self.not_counted.is_empty() {
            let _ = writeln!(
                out,
                "  {} {} not count:",
                self.not_counted.len(),
                if self.not_counted.len() == 1 {
                    "does"
                } else {
                    "do"
                }
            );
            for n in &self.not_counted {
                let line = format!(
                    "{} on {} by {} ({}): {}",
                    n.item, n.evidence, n.assessor, n.date, n.why
                );
                let _ = writeln!(out, "    - {}", wrap(&clean(&line), options.width, 6));
            }
        }
        out
    }
}
