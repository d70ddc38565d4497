//! The standards a portfolio is assessed against, and how item and
//! evidence-type references written by a candidate resolve against them.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::diagnostic::Problem;
use crate::standard::{EvidenceType, Group, Item, Standard};
use crate::suggest::nearest;

/// A resolved reference to one item of one standard.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ItemRef {
    /// The standard's id, e.g. `mla3`.
    pub standard: String,
    /// The item's id within it, e.g. `PC1`.
    pub item: String,
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.standard, self.item)
    }
}

/// A resolved reference to an evidence type of one standard.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TypeRef {
    /// The standard's id.
    pub standard: String,
    /// The evidence type's id.
    pub id: String,
}

/// An ordered set of standards with distinct ids.
#[derive(Debug, Clone, Default)]
pub struct StandardSet {
    standards: Vec<Standard>,
    /// For each item id, the standards (by position) that have an item of
    /// that id, each once: resolving and showing a reference looks here
    /// instead of through every item (issue 14).
    holders: HashMap<String, Vec<usize>>,
}

impl StandardSet {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a standard; returns `false` (and keeps the first) when one with
    /// the same id is already in the set.
    pub fn add(&mut self, standard: Standard) -> bool {
        if self.get(&standard.id).is_some() {
            return false;
        }
        let position = self.standards.len();
        for (_, item) in standard.items() {
            let holders = self.holders.entry(item.id.clone()).or_default();
            if holders.last() != Some(&position) {
                holders.push(position);
            }
        }
        self.standards.push(standard);
        true
    }

    /// The standards, in the portfolio's order.
    #[must_use]
    pub fn standards(&self) -> &[Standard] {
        &self.standards
    }

    /// The standard with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Standard> {
        self.standards.iter().find(|s| s.id == id)
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.standards.is_empty()
    }

    /// The group and item a reference points at.
    #[must_use]
    pub fn item(&self, reference: &ItemRef) -> Option<(&Standard, &Group, &Item)> {
        let standard = self.get(&reference.standard)?;
        let (group, item) = standard.item(&reference.item)?;
        Some((standard, group, item))
    }

    /// The evidence type a reference points at.
    #[must_use]
    pub fn evidence_type(&self, reference: &TypeRef) -> Option<(&Standard, &EvidenceType)> {
        let standard = self.get(&reference.standard)?;
        Some((standard, standard.evidence_type(&reference.id)?))
    }

    /// How to show an item reference to a user: `PC1` when the set has one
    /// standard (or the id is unambiguous), `networking:L3.2` otherwise.
    #[must_use]
    pub fn display(&self, reference: &ItemRef) -> String {
        let holders = self.holders.get(&reference.item).map_or(0, Vec::len);
        if holders <= 1 {
            reference.item.clone()
        } else {
            reference.to_string()
        }
    }

    /// Resolves `PC1` or `mla3:PC1`.
    ///
    /// # Errors
    /// [`Problem::UnknownStandard`], [`Problem::UnknownItem`] (with the nearest
    /// ids) or [`Problem::AmbiguousItem`] when an unqualified id is in more
    /// than one standard.
    pub fn resolve_item(&self, written: &str) -> Result<ItemRef, Problem> {
        let written = written.trim();
        if let Some((standard_id, item_id)) = written.split_once(':') {
            let standard = self.qualifier(standard_id)?;
            let held = self
                .holders
                .get(item_id)
                .is_some_and(|h| h.iter().any(|&s| self.standards[s].id == standard.id));
            return if held {
                Ok(ItemRef {
                    standard: standard.id.clone(),
                    item: item_id.to_owned(),
                })
            } else {
                Err(Problem::UnknownItem {
                    id: written.to_owned(),
                    nearest: nearest(item_id, standard.items().map(|(_, i)| &i.id), 3)
                        .into_iter()
                        .map(|id| format!("{}:{id}", standard.id))
                        .collect(),
                    known: group_hint(standard, item_id).unwrap_or_else(|| standard.id_summary()),
                })
            };
        }
        let holders: Vec<&Standard> = self
            .holders
            .get(written)
            .into_iter()
            .flatten()
            .map(|&s| &self.standards[s])
            .collect();
        match holders.as_slice() {
            [one] => Ok(ItemRef {
                standard: one.id.clone(),
                item: written.to_owned(),
            }),
            [] => Err(self.unknown_item(written)),
            many => Err(Problem::AmbiguousItem {
                id: written.to_owned(),
                candidates: many.iter().map(|s| format!("{}:{written}", s.id)).collect(),
            }),
        }
    }

    fn unknown_item(&self, written: &str) -> Problem {
        let qualify = self.standards.len() > 1;
        let all: Vec<String> = self
            .standards
            .iter()
            .flat_map(|s| {
                s.items().map(move |(_, i)| {
                    if qualify {
                        format!("{}:{}", s.id, i.id)
                    } else {
                        i.id.clone()
                    }
                })
            })
            .collect();
        let bare: Vec<&str> = self
            .standards
            .iter()
            .flat_map(|s| s.items().map(|(_, i)| i.id.as_str()))
            .collect();
        let mut suggestions = Vec::new();
        for candidate in nearest(written, bare.iter(), 3) {
            for full in all
                .iter()
                .filter(|full| full.rsplit(':').next() == Some(candidate.as_str()))
            {
                if !suggestions.contains(full) {
                    suggestions.push(full.clone());
                }
            }
        }
        suggestions.truncate(3);
        if let Some(hint) = self.standards.iter().find_map(|s| group_hint(s, written)) {
            return Problem::UnknownItem {
                id: written.to_owned(),
                nearest: Vec::new(),
                known: hint,
            };
        }
        Problem::UnknownItem {
            id: written.to_owned(),
            nearest: suggestions,
            known: self
                .standards
                .iter()
                .map(Standard::id_summary)
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    fn qualifier(&self, standard_id: &str) -> Result<&Standard, Problem> {
        self.get(standard_id)
            .ok_or_else(|| Problem::UnknownStandard {
                id: standard_id.to_owned(),
                known: self.standards.iter().map(|s| s.id.clone()).collect(),
            })
    }

    /// Resolves an evidence type id, `correspondence` or `mla3:correspondence`.
    ///
    /// # Errors
    /// [`Problem::UnknownEvidenceType`] with the nearest ids, or
    /// [`Problem::AmbiguousItem`] when two standards define the same type id.
    pub fn resolve_type(&self, written: &str) -> Result<TypeRef, Problem> {
        let written = written.trim();
        let (candidates, type_id): (Vec<&Standard>, &str) = match written.split_once(':') {
            Some((standard_id, type_id)) => (vec![self.qualifier(standard_id)?], type_id),
            None => (self.standards.iter().collect(), written),
        };
        let holders: Vec<&&Standard> = candidates
            .iter()
            .filter(|s| s.evidence_type(type_id).is_some())
            .collect();
        match holders.as_slice() {
            [one] => Ok(TypeRef {
                standard: one.id.clone(),
                id: type_id.to_owned(),
            }),
            [] => {
                let known: Vec<String> = candidates
                    .iter()
                    .flat_map(|s| s.evidence_types.iter().map(|t| t.id.clone()))
                    .collect();
                Err(Problem::UnknownEvidenceType {
                    id: written.to_owned(),
                    nearest: nearest(type_id, known.iter(), 3),
                    known,
                })
            }
            many => Err(Problem::AmbiguousItem {
                id: written.to_owned(),
                candidates: many.iter().map(|s| format!("{}:{type_id}", s.id)).collect(),
            }),
        }
    }
}

/// When `id` names a group of `standard` rather than an item (a
/// competency, a level, a heading), what to claim instead.
fn group_hint(standard: &Standard, id: &str) -> Option<String> {
    let index = standard.groups.iter().position(|g| g.id == id)?;
    let group = &standard.groups[index];
    let what = if group.level.is_some() {
        "a level"
    } else if standard.competency(id).is_some() {
        "a competency"
    } else {
        "a heading"
    };
    // The items under it, at any depth.
    let mut under = vec![index];
    let mut items: Vec<&str> = Vec::new();
    for (at, g) in standard.groups.iter().enumerate().skip(index) {
        if at == index || g.parent.is_some_and(|p| under.contains(&p)) {
            if at != index {
                under.push(at);
            }
            items.extend(g.items.iter().map(|i| i.id.as_str()));
        }
    }
    let ids = crate::suggest::summarize_ids(items.iter().copied());
    Some(if items.is_empty() {
        format!(
            "`{id}` is {what} of {}, not an item, and holds none",
            standard.id
        )
    } else {
        format!(
            "`{id}` is {what} of {}, not an item: claim what it holds, {ids}",
            standard.id
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::builtin_standard;

    fn set(ids: &[&str]) -> StandardSet {
        let mut set = StandardSet::new();
        for id in ids {
            assert!(set.add(builtin_standard(id).unwrap().clone()));
        }
        set
    }

    #[test]
    fn unqualified_ids_resolve_when_unambiguous() {
        let set = set(&["mla3", "networking"]);
        assert_eq!(set.resolve_item("PC2").unwrap().to_string(), "mla3:PC2");
        assert_eq!(
            set.resolve_item("networking:L3.2").unwrap().to_string(),
            "networking:L3.2"
        );
        assert_eq!(
            set.resolve_item("L3.2").unwrap().to_string(),
            "networking:L3.2"
        );
    }

    #[test]
    fn ids_in_two_standards_are_ambiguous() {
        let set = set(&["networking", "develops-networks"]);
        let problem = set.resolve_item("L3.2").unwrap_err();
        assert_eq!(
            problem,
            Problem::AmbiguousItem {
                id: "L3.2".into(),
                candidates: vec!["networking:L3.2".into(), "develops-networks:L3.2".into()]
            }
        );
    }

    #[test]
    fn unknown_ids_come_with_the_nearest_and_the_range() {
        let set = set(&["mla3"]);
        let Problem::UnknownItem { nearest, known, .. } = set.resolve_item("PC7").unwrap_err()
        else {
            panic!("expected an unknown item");
        };
        assert_eq!(nearest, ["PC1", "PC2", "PC3"]);
        assert_eq!(
            known,
            "M&LA3 has PC1..PC6, B1..B10, KG1..KG7, KI1, KC1..KC8"
        );
        let Problem::UnknownItem { nearest, .. } = set.resolve_item("pc2").unwrap_err() else {
            panic!("expected an unknown item");
        };
        assert_eq!(nearest, ["PC2"]);
    }

    #[test]
    fn qualified_ids_check_the_standard() {
        let set = set(&["mla3"]);
        assert!(matches!(
            set.resolve_item("nos:PC1"),
            Err(Problem::UnknownStandard { .. })
        ));
        assert!(matches!(
            set.resolve_item("mla3:PC9"),
            Err(Problem::UnknownItem { .. })
        ));
    }

    #[test]
    fn evidence_types_resolve_with_suggestions() {
        let set = set(&["mla3", "networking"]);
        assert_eq!(set.resolve_type("reports").unwrap().standard, "mla3");
        let Problem::UnknownEvidenceType { nearest, .. } = set.resolve_type("report").unwrap_err()
        else {
            panic!("expected an unknown type");
        };
        assert_eq!(nearest, ["reports"]);
    }

    #[test]
    fn display_qualifies_only_when_needed() {
        let set = set(&["mla3", "networking", "develops-networks"]);
        assert_eq!(set.display(&set.resolve_item("PC1").unwrap()), "PC1");
        assert_eq!(
            set.display(&set.resolve_item("networking:L2.1").unwrap()),
            "networking:L2.1"
        );
    }
}
