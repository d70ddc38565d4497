//! Assessment policy from `portfolio.yaml`: how many distinct pieces of
//! evidence an item needs, and which evidence types must be among them.
//!
//! ```yaml
//! policy:
//!   default: {min_pieces: 1}
//!   groups:
//!     performance-criteria: {min_pieces: 2}
//!     behaviours: {require_one_of: [witness-networks, witness-information, witness-developments]}
//!   items:
//!     PC6: {min_pieces: 3}
//! ```
//!
//! The most specific rule wins: item, then group, then default.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Position, Problem};
use crate::evidence::Evidence;
use crate::standard_set::{ItemRef, StandardSet, TypeRef};

/// One rule as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Distinct pieces of evidence needed.
    pub min_pieces: Option<usize>,
    /// Evidence types of which at least one piece must be.
    #[serde(default)]
    pub require_one_of: Vec<Spanned<String>>,
}

/// `policy:` as written in `portfolio.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// The rule for every item without a more specific one.
    pub default: Option<Spanned<RuleFile>>,
    /// Rules per group id (`behaviours`, or `mla3:behaviours`).
    #[serde(default)]
    pub groups: BTreeMap<String, Spanned<RuleFile>>,
    /// Rules per item id (`PC6`, or `mla3:PC6`).
    #[serde(default)]
    pub items: BTreeMap<String, Spanned<RuleFile>>,
}

/// A rule resolved against the portfolio's standards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    /// Distinct pieces of evidence needed (at least 1).
    pub min_pieces: usize,
    /// At least one piece must be of one of these types (none: any type).
    pub require_one_of: Vec<TypeRef>,
}

/// The policy, resolved: the rule for every item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    default: Option<Rule>,
    groups: Vec<((String, String), Rule)>,
    items: Vec<(ItemRef, Rule)>,
}

fn at<T>(spanned: &Spanned<T>) -> Option<Position> {
    Position::new(spanned.referenced.line(), spanned.referenced.column())
}

impl Policy {
    /// Resolves `file` against `standards`, reporting unknown groups, items
    /// and evidence types as problems of `manifest`.
    pub fn resolve(
        file: &PolicyFile,
        standards: &StandardSet,
        manifest: &str,
    ) -> (Self, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let rule = |raw: &RuleFile,
                    place: Option<Position>,
                    problems: &mut Vec<Diagnostic>|
         -> Rule {
            if raw.min_pieces == Some(0) {
                problems.push(Diagnostic::new(
                    manifest,
                    place,
                    Problem::InvalidPolicy {
                        message: "min_pieces must be at least 1".into(),
                    },
                ));
            }
            let mut types = Vec::new();
            for written in &raw.require_one_of {
                match standards.resolve_type(&written.value) {
                    Ok(kind) => types.push(kind),
                    Err(problem) => problems.push(Diagnostic::new(manifest, at(written), problem)),
                }
            }
            Rule {
                min_pieces: raw.min_pieces.unwrap_or(1).max(1),
                require_one_of: types,
            }
        };
        let default = file
            .default
            .as_ref()
            .map(|raw| rule(&raw.value, at(raw), &mut problems));
        let mut groups = Vec::new();
        for (written, raw) in &file.groups {
            let resolved = rule(&raw.value, at(raw), &mut problems);
            let (qualifier, group_id) = match written.split_once(':') {
                Some((s, g)) => (Some(s), g),
                None => (None, written.as_str()),
            };
            let holders: Vec<&str> = standards
                .standards()
                .iter()
                .filter(|s| qualifier.is_none_or(|q| q == s.id))
                .filter(|s| s.groups.iter().any(|g| g.id == group_id))
                .map(|s| s.id.as_str())
                .collect();
            if holders.is_empty() {
                let known: Vec<String> = standards
                    .standards()
                    .iter()
                    .flat_map(|s| {
                        s.groups
                            .iter()
                            .filter(|g| !g.items.is_empty())
                            .map(|g| g.id.clone())
                    })
                    .collect();
                let hint = match crate::suggest::nearest(group_id, known.iter(), 1).first() {
                    Some(near) => format!("did you mean `{near}`? "),
                    None => String::new(),
                };
                problems.push(Diagnostic::new(
                    manifest,
                    at(raw),
                    Problem::InvalidPolicy {
                        message: format!(
                            "unknown group `{written}` ({hint}groups are {})",
                            known.join(", ")
                        ),
                    },
                ));
            }
            for standard in holders {
                groups.push(((standard.to_owned(), group_id.to_owned()), resolved.clone()));
            }
        }
        let mut items = Vec::new();
        for (written, raw) in &file.items {
            let resolved = rule(&raw.value, at(raw), &mut problems);
            match standards.resolve_item(written) {
                Ok(item) => items.push((item, resolved)),
                Err(problem) => problems.push(Diagnostic::new(manifest, at(raw), problem)),
            }
        }
        (
            Self {
                default,
                groups,
                items,
            },
            problems,
        )
    }

    /// The rule for an item of a group.
    #[must_use]
    pub fn rule_for(&self, item: &ItemRef, group: &str) -> Rule {
        if let Some((_, rule)) = self.items.iter().find(|(i, _)| i == item) {
            return rule.clone();
        }
        if let Some((_, rule)) = self
            .groups
            .iter()
            .find(|((s, g), _)| *s == item.standard && g == group)
        {
            return rule.clone();
        }
        self.default.clone().unwrap_or(Rule {
            min_pieces: 1,
            require_one_of: Vec::new(),
        })
    }
}

impl Rule {
    /// Why `pieces` (counted evidence claiming the item) fall short, if they do.
    #[must_use]
    pub fn shortfall(&self, pieces: &[&Evidence]) -> Option<String> {
        let mut reasons = Vec::new();
        if pieces.len() < self.min_pieces {
            reasons.push(format!(
                "{} of {} pieces of evidence",
                pieces.len(),
                self.min_pieces
            ));
        }
        if !self.require_one_of.is_empty()
            && !pieces.iter().any(|p| {
                p.evidence_type
                    .as_ref()
                    .is_some_and(|t| self.require_one_of.contains(t))
            })
        {
            let ids: Vec<&str> = self.require_one_of.iter().map(|t| t.id.as_str()).collect();
            reasons.push(format!("needs evidence of type {}", ids.join(" or ")));
        }
        (!reasons.is_empty()).then(|| reasons.join("; "))
    }
}
