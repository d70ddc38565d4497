//! What needs attention: which items the candidate (or an assessor) still
//! has to act on, and why. Gaps, status, the matrix, the report and the
//! caseload all show these items; they all ask [`needs_attention`], so that
//! no two outputs can disagree about them.

use std::fmt;

use serde::Serialize;

use crate::coverage::{Coverage, ItemCoverage, Status, Summary};

/// Why an item needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Nothing claims it: evidence has to be collected.
    Missing,
    /// Claimed, but below the portfolio's policy: more evidence, or evidence
    /// of another type, is needed.
    Insufficient,
    /// An assessor referred it back: the candidate has to respond.
    Referred,
    /// Accepted, but the evidence has changed since: it needs a new decision.
    Stale,
}

impl Reason {
    /// Why an item in `status` needs attention, or `None` when it needs none
    /// (claimed to the policy, or accepted on the evidence as it is now).
    #[must_use]
    pub fn of(status: Status) -> Option<Self> {
        match status {
            Status::Missing => Some(Self::Missing),
            Status::Insufficient => Some(Self::Insufficient),
            Status::Referred => Some(Self::Referred),
            Status::Stale => Some(Self::Stale),
            Status::Claimed | Status::Accepted => None,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "missing",
            Self::Insufficient => "insufficient",
            Self::Referred => "referred",
            Self::Stale => "stale",
        })
    }
}

/// One item that needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attention<'a> {
    /// The item's coverage: its reference, group, evidence and shortfall.
    pub coverage: &'a ItemCoverage,
    /// Why it needs attention.
    pub reason: Reason,
}

impl Attention<'_> {
    /// What is wrong, in words: the policy's shortfall for an insufficient
    /// item, otherwise what the reason asks of the candidate.
    #[must_use]
    pub fn detail(&self) -> String {
        match self.reason {
            Reason::Missing => "nothing claims it yet".to_owned(),
            Reason::Insufficient => self
                .coverage
                .shortfall
                .clone()
                .unwrap_or_else(|| "below the portfolio's policy".to_owned()),
            Reason::Referred => "referred back by the assessor: see their comment".to_owned(),
            Reason::Stale => {
                "accepted, but the evidence has changed since: ask for a new decision".to_owned()
            }
        }
    }
}

/// Every item of `coverage` that needs attention, with why, in the
/// standards' order.
#[must_use]
pub fn needs_attention(coverage: &Coverage) -> Vec<Attention<'_>> {
    coverage
        .items
        .iter()
        .filter_map(ItemCoverage::attention)
        .collect()
}

impl ItemCoverage {
    /// Whether this item needs attention, and why: its entry in
    /// [`needs_attention`], for renderers that go item by item. An item
    /// beyond the portfolio's target never does.
    #[must_use]
    pub fn attention(&self) -> Option<Attention<'_>> {
        if !self.required {
            return None;
        }
        Reason::of(self.status).map(|reason| Attention {
            coverage: self,
            reason,
        })
    }
}

impl Summary {
    /// How many items need attention (see [`needs_attention`]).
    #[must_use]
    pub fn needing_attention(&self) -> usize {
        Status::ALL
            .into_iter()
            .filter(|&s| Reason::of(s).is_some())
            .map(|s| self.count(s))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard_set::ItemRef;

    fn item(id: &str, status: Status, shortfall: Option<&str>) -> ItemCoverage {
        ItemCoverage {
            item: ItemRef {
                standard: "mla3".into(),
                item: id.into(),
            },
            group: "performance-criteria".into(),
            status,
            evidence: Vec::new(),
            claims: Vec::new(),
            shortfall: shortfall.map(str::to_owned),
            decisions: Vec::new(),
            required: true,
        }
    }

    #[test]
    fn missing_insufficient_referred_and_stale_items_need_attention_in_order() {
        let coverage = Coverage::new(vec![
            item("PC1", Status::Stale, None),
            item("PC2", Status::Referred, Some("1 of 2 pieces of evidence")),
            item(
                "PC3",
                Status::Insufficient,
                Some("1 of 2 pieces of evidence"),
            ),
            item("PC4", Status::Claimed, None),
            item("PC5", Status::Accepted, None),
            item("PC6", Status::Missing, None),
            ItemCoverage {
                required: false,
                ..item("L4.1", Status::Missing, None)
            },
        ]);
        let found: Vec<(&str, Reason, String)> = needs_attention(&coverage)
            .iter()
            .map(|a| (a.coverage.item.item.as_str(), a.reason, a.detail()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "PC1",
                    Reason::Stale,
                    "accepted, but the evidence has changed since: ask for a new decision".into()
                ),
                (
                    "PC2",
                    Reason::Referred,
                    "referred back by the assessor: see their comment".into()
                ),
                (
                    "PC3",
                    Reason::Insufficient,
                    "1 of 2 pieces of evidence".into()
                ),
                ("PC6", Reason::Missing, "nothing claims it yet".into()),
            ]
        );
        assert_eq!(coverage.summary().needing_attention(), found.len());
    }
}
