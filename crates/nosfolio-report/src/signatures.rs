//! Where the portfolio's signatures stand: how many decisions count, under
//! which trust list, and every one that does not, with why; and whether
//! the declaration, each sign-off and each countersignature holds. The one
//! account that status, verify, the report and the caseload give.

use std::fmt::Write as _;

use nosfolio_core::{Decision, Now, SignOff, SignOffs, Standing, Stands};
use serde::{Deserialize, Serialize};

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

/// One declaration, sign-off or countersignature, as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffLine {
    /// Whether one was made.
    pub made: bool,
    /// Whether it holds now.
    pub holds: bool,
    /// Who made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where its signature stands, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// All of it in words (`by Priya Shah on 2026-12-02 (signed, trusted
    /// key)`, or `not made`, or why it no longer holds).
    pub text: String,
}

impl SignOffLine {
    fn of(stands: &Stands<'_>) -> Self {
        Self {
            made: stands.record.is_some(),
            holds: stands.holds(),
            name: stands.record.map(|r| r.name.clone()),
            date: stands.record.map(|r| r.date.clone()),
            signature: stands.record.map(|r| r.standing.label().to_owned()),
            text: stands.describe(),
        }
    }
}

/// One standard's sign-off and countersignature, as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardSignOffLine {
    /// The standard's id.
    pub standard: String,
    /// Its code and title.
    pub label: String,
    /// The assessor's sign-off.
    pub sign_off: SignOffLine,
    /// The IQA's countersignature.
    pub countersignature: SignOffLine,
}

/// The declaration and every standard's sign-off, as they stand now: what
/// status, the report and the caseload show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffSummary {
    /// The candidate's declaration.
    pub declaration: SignOffLine,
    /// Each standard's.
    pub standards: Vec<StandardSignOffLine>,
}

impl SignOffSummary {
    /// Works out what holds now (core's [`SignOffs`] rule) from `records`.
    #[must_use]
    pub fn of(records: &[SignOff], now: &Now<'_>) -> Self {
        let state = SignOffs::of(records, now);
        Self {
            declaration: SignOffLine::of(&state.declaration),
            standards: state
                .standards
                .iter()
                .map(|s| StandardSignOffLine {
                    standard: s.standard.clone(),
                    label: now
                        .standards
                        .get(&s.standard)
                        .map_or_else(|| s.standard.clone(), nosfolio_core::Standard::label),
                    sign_off: SignOffLine::of(&s.sign_off),
                    countersignature: SignOffLine::of(&s.countersignature),
                })
                .collect(),
        }
    }

    /// Whether anything was ever declared or signed off.
    #[must_use]
    pub fn any_made(&self) -> bool {
        self.declaration.made
            || self
                .standards
                .iter()
                .any(|s| s.sign_off.made || s.countersignature.made)
    }

    /// How many standards are signed off and holding, and how many of
    /// those countersigned: for a caseload's column, `1/1 (IQA 0)`.
    #[must_use]
    pub fn short(&self) -> String {
        let signed = self.standards.iter().filter(|s| s.sign_off.holds).count();
        let countersigned = self
            .standards
            .iter()
            .filter(|s| s.sign_off.holds && s.countersignature.holds)
            .count();
        format!("{signed}/{} (IQA {countersigned})", self.standards.len())
    }

    /// For a terminal: the declaration and each standard's sign-off.
    #[must_use]
    pub fn text(&self, options: &TextOptions) -> String {
        let mut out = String::new();
        let declaration = if self.declaration.made {
            self.declaration.text.clone()
        } else {
            "not made (the candidate makes it with `nosfolio declare`)".to_owned()
        };
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &clean(&format!("Declaration: {declaration}")),
                options.width,
                2
            )
        );
        for s in &self.standards {
            let mut line = format!("Sign-off of {}: {}", s.label, s.sign_off.text);
            if s.sign_off.made || s.countersignature.made {
                line.push_str(&format!("; countersignature: {}", s.countersignature.text));
            }
            let _ = writeln!(out, "{}", wrap(&clean(&line), options.width, 2));
        }
        out
    }
}
