//! Source ids made into nosfolio ids: valid, unique, deterministic.
//!
//! Other systems' ids may be numbers, repeat, or hold spaces, `:` or
//! characters that would need quoting in a sidecar's claim list. Each is
//! mapped once, in source order, to an id of letters, digits and `.-_/()`;
//! a repeated id gets `-2`, `-3`…; every change is recorded.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::Value;

use crate::report::{IdChange, ImportReport};

/// The longest id made from a source id.
const MAX_ID: usize = 64;

/// Hands out unique ids within one namespace (items, or groups).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    used: HashSet<String>,
    /// For a base used more than once, the suffix to try next: every one
    /// below it is taken, so a thousand repeats of one id do not each try
    /// every suffix again (issue 14).
    next_suffix: HashMap<String, usize>,
}

impl Ids {
    /// Keeps `id` from being handed out (the standard's own id, which
    /// names the group of its top-level items).
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// A valid, unused id for `source` (or `fallback` when the source has
    /// none usable), recording any change in `report`.
    pub(crate) fn assign(
        &mut self,
        source: Option<&str>,
        fallback: &str,
        report: &mut ImportReport,
    ) -> String {
        let cleaned = source.map(clean).filter(|c| !c.is_empty());
        let base = cleaned.clone().unwrap_or_else(|| fallback.to_owned());
        let mut id = base.clone();
        if self.used.contains(&id) {
            let n = self.next_suffix.entry(base.clone()).or_insert(2);
            loop {
                id = format!("{base}-{n}");
                *n += 1;
                if !self.used.contains(&id) {
                    break;
                }
            }
        }
        self.used.insert(id.clone());
        let reason = if id != base {
            Some(format!(
                "`{base}` is used more than once; this one became `{id}`"
            ))
        } else if cleaned.is_none() {
            Some(match source {
                Some(s) if !s.trim().is_empty() => {
                    format!("`{s}` has no letters or digits to make an id of")
                }
                _ => "no id in the source".to_owned(),
            })
        } else if source.is_some_and(|s| s != id) {
            Some("changed to letters, digits and `.-_/()` only, usable in claims".to_owned())
        } else {
            None
        };
        if let Some(reason) = reason {
            report.id_changes.push(IdChange {
                source: source.map(str::to_owned),
                id: id.clone(),
                reason,
            });
        }
        id
    }
}

/// Whether nosfolio's YAML writer quotes `id`, because a YAML reader
/// would read it as something other than text (`1.1`, `12`, `true`), so
/// that `claims: [1.1]` would not name it.
fn reads_as_non_text(id: &str) -> bool {
    !nosfolio_core::is_plain_yaml(id)
}

/// Makes every item id usable unquoted in a sidecar's claims: when any id
/// would be read by YAML as a number (Mahara's `1.1`), every item id of
/// the standard gets `prefix`, so they stay alike (`E1.1`, `E1.3.1`).
pub(crate) fn text_like_ids(
    groups: &mut [nosfolio_core::Group],
    prefix: &str,
    report: &mut ImportReport,
) {
    if !groups
        .iter()
        .flat_map(|g| &g.items)
        .any(|i| reads_as_non_text(&i.id))
    {
        return;
    }
    let mut taken: HashSet<String> = groups
        .iter()
        .flat_map(|g| &g.items)
        .map(|i| i.id.clone())
        .collect();
    // Where each id's source is recorded, in order: looked up once per
    // item, not by searching the whole record for each (issue 14).
    let mut recorded: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (index, (id, _)) in report.source_ids.iter().enumerate() {
        recorded.entry(id.clone()).or_default().push_back(index);
    }
    for item in groups.iter_mut().flat_map(|g| g.items.iter_mut()) {
        let mut id = format!("{prefix}{}", item.id);
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{prefix}{}-{n}", item.id);
            n += 1;
        }
        taken.insert(id.clone());
        // The first record still under the item's id (ids made with the
        // prefix are all new, so an updated record never matches again).
        let source = match recorded.get_mut(&item.id).and_then(VecDeque::pop_front) {
            Some(index) => {
                let entry = &mut report.source_ids[index];
                entry.0.clone_from(&id);
                entry.1.clone()
            }
            None => {
                report.source_ids.push((id.clone(), item.id.clone()));
                item.id.clone()
            }
        };
        report.id_changes.push(IdChange {
            source: Some(source),
            id: id.clone(),
            reason: format!("ids such as `1.1` read as numbers in a claims list, so every id starts with `{prefix}`"),
        });
        item.id = id;
    }
}

/// Letters, digits and `.-_/()` kept; runs of anything else become one `-`.
fn clean(source: &str) -> String {
    let mut out = String::new();
    for c in source.trim().chars() {
        if c.is_alphanumeric() || ".-_/()".contains(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    out.chars()
        .take(MAX_ID)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// A standard id made from a title or file name: lower-case ASCII letters,
/// digits and `-` (`imported` when nothing is left).
#[must_use]
pub fn standard_id(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(40).collect();
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "imported".to_owned()
    } else {
        out.to_owned()
    }
}

/// An id written as a JSON string or number, as text.
pub(crate) fn json_id(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Compares codes the way people read them: `L1.2` before `L1.10`.
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.len() - a.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let db = b.len() - b.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let (na, nb) = (
                    a[..da].trim_start_matches('0'),
                    b[..db].trim_start_matches('0'),
                );
                let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if order != Ordering::Equal {
                    return order;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Format;

    #[test]
    fn ids_are_cleaned_disambiguated_and_reported() {
        let mut report = ImportReport::new(Format::Mahara);
        let mut ids = Ids::default();
        assert_eq!(ids.assign(Some("4.4.3"), "x", &mut report), "4.4.3");
        assert_eq!(ids.assign(Some("4.4.3"), "x", &mut report), "4.4.3-2");
        assert_eq!(ids.assign(Some("a b:c"), "x", &mut report), "a-b-c");
        assert_eq!(ids.assign(Some("  "), "item-4", &mut report), "item-4");
        assert_eq!(ids.assign(Some("😀"), "item-5", &mut report), "item-5");
        assert_eq!(ids.assign(Some("Ωμέγα"), "x", &mut report), "Ωμέγα");
        assert_eq!(report.id_changes.len(), 4);
        assert_eq!(report.id_changes[0].source.as_deref(), Some("4.4.3"));
    }

    #[test]
    fn standard_ids_and_natural_order() {
        assert_eq!(
            standard_id("ACT Holistic Framework, Math"),
            "act-holistic-framework-math"
        );
        assert_eq!(standard_id("¿?"), "imported");
        let mut codes = vec!["L1.10", "L1.2", "L1.1"];
        codes.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(codes, ["L1.1", "L1.2", "L1.10"]);
    }
}
