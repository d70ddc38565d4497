//! What to collect next: the evidence types of a standard's
//! evidence-requirements table, chosen greedily so that each one covers as
//! many still-missing items as possible.

use serde::Serialize;

use crate::attention::{Reason, needs_attention};
use crate::coverage::Coverage;
use crate::standard_set::{ItemRef, StandardSet};

/// One step of the plan: collect evidence of this type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    /// The standard whose table names the type.
    pub standard: String,
    /// The evidence type's id.
    pub evidence_type: String,
    /// Its wording in the standard.
    pub text: String,
    /// Its group heading in the table.
    pub group: Option<String>,
    /// The missing items it would cover that no earlier step covers.
    pub covers: Vec<String>,
}

/// The items of `coverage` that need attention because nothing claims them.
fn missing(coverage: &Coverage) -> impl Iterator<Item = &ItemRef> {
    needs_attention(coverage)
        .into_iter()
        .filter(|a| a.reason == Reason::Missing)
        .map(|a| &a.coverage.item)
}

/// A plan for the missing items of `standards`, best step first: repeatedly
/// the type covering the most items still uncovered (the earlier in the
/// table on a tie), until no type covers any. Items no type supports are
/// left out; [`uncoverable`] lists them.
#[must_use]
pub fn collection_plan(standards: &StandardSet, coverage: &Coverage) -> Vec<PlanStep> {
    let mut steps = Vec::new();
    for standard in standards.standards() {
        let mut open: Vec<&str> = missing(coverage)
            .filter(|item| item.standard == standard.id)
            .map(|item| item.item.as_str())
            .collect();
        loop {
            let best = standard
                .evidence_types
                .iter()
                .map(|kind| {
                    let covers: Vec<&str> = open
                        .iter()
                        .copied()
                        .filter(|item| kind.supports(item))
                        .collect();
                    (kind, covers)
                })
                .filter(|(_, covers)| !covers.is_empty())
                .fold(
                    None,
                    |best: Option<(&crate::EvidenceType, Vec<&str>)>, candidate| match best {
                        Some(b) if b.1.len() >= candidate.1.len() => Some(b),
                        _ => Some(candidate),
                    },
                );
            let Some((kind, covers)) = best else { break };
            open.retain(|item| !covers.contains(item));
            steps.push(PlanStep {
                standard: standard.id.clone(),
                evidence_type: kind.id.clone(),
                text: kind.text.clone(),
                group: kind.group.clone(),
                covers: covers.into_iter().map(str::to_owned).collect(),
            });
        }
    }
    steps
}

/// Missing items that no evidence type of their standard supports, as
/// `(standard, item)`.
#[must_use]
pub fn uncoverable(standards: &StandardSet, coverage: &Coverage) -> Vec<(String, String)> {
    missing(coverage)
        .filter(|item| {
            standards
                .get(&item.standard)
                .is_some_and(|s| s.types_supporting(&item.item).next().is_none())
        })
        .map(|item| (item.standard.clone(), item.item.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::builtin_standard;

    fn mla3() -> StandardSet {
        let mut set = StandardSet::new();
        set.add(builtin_standard("mla3").unwrap().clone());
        set
    }

    #[test]
    fn with_nothing_claimed_the_plan_covers_every_item_greedily() {
        let set = mla3();
        let coverage = Coverage::compute(&set, &[]);
        let plan = collection_plan(&set, &coverage);
        // Correspondence and the personal statement on business developments
        // both support 20 items; the earlier in the table wins the tie.
        assert_eq!(plan[0].evidence_type, "correspondence");
        assert_eq!(plan[0].covers.len(), 20);
        let covered: usize = plan.iter().map(|s| s.covers.len()).sum();
        assert_eq!(covered, 32, "every M&LA3 item is supported by some type");
        for pair in plan.windows(2) {
            assert!(pair[0].covers.len() >= pair[1].covers.len(), "{plan:#?}");
        }
        assert!(uncoverable(&set, &coverage).is_empty());
    }

    #[test]
    fn only_missing_items_are_planned() {
        let set = mla3();
        let mut coverage = Coverage::compute(&set, &[]);
        for item in &mut coverage.items {
            item.status = match item.item.item.as_str() {
                "PC1" => crate::Status::Insufficient,
                "PC2" => crate::Status::Referred,
                "PC3" => crate::Status::Stale,
                "PC4" => crate::Status::Claimed,
                "PC5" => crate::Status::Accepted,
                _ => item.status,
            };
        }
        let planned: Vec<String> = collection_plan(&set, &coverage)
            .into_iter()
            .flat_map(|s| s.covers)
            .collect();
        assert_eq!(planned.len(), 27, "{planned:?}");
        for id in ["PC1", "PC2", "PC3", "PC4", "PC5"] {
            assert!(!planned.iter().any(|p| p == id), "{id} in {planned:?}");
        }
        assert!(planned.iter().any(|p| p == "PC6"));
    }

    #[test]
    fn no_item_is_planned_twice() {
        let set = mla3();
        let plan = collection_plan(&set, &Coverage::compute(&set, &[]));
        let mut all: Vec<&String> = plan.iter().flat_map(|s| &s.covers).collect();
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count);
    }

    #[test]
    fn frameworks_without_a_table_leave_items_uncoverable() {
        let mut set = StandardSet::new();
        set.add(builtin_standard("networking").unwrap().clone());
        let coverage = Coverage::compute(&set, &[]);
        assert!(collection_plan(&set, &coverage).is_empty());
        assert_eq!(uncoverable(&set, &coverage).len(), 18);
    }
}
