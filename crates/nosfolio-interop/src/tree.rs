//! A framework's tree made into nosfolio's groups of items.
//!
//! CASE and Moodle frameworks are trees of any depth; a nosfolio unit is a
//! list of groups of items. Every node whose children include leaves
//! becomes a group holding those leaves as items, in pre-order; a node
//! whose children are all inner nodes only organises them, and its own text
//! is reported as not carried over. The walk is iterative and visits each
//! node once, so deep or cyclic input cannot overflow the stack.

use nosfolio_core::{Group, Item};

use crate::ids::Ids;
use crate::report::ImportReport;

/// One entry of a source framework.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    /// The source's id for the entry, to make the nosfolio id from.
    pub(crate) source_id: Option<String>,
    /// The id to use when the source id gives none.
    pub(crate) fallback_id: String,
    /// A source id worth keeping beside the item (a CASE identifier).
    pub(crate) keep: Option<String>,
    /// The heading when the entry becomes a group.
    pub(crate) title: String,
    /// The text when it becomes an item; the group's intro when it is
    /// different from the title.
    pub(crate) text: String,
    /// Where it is in the source, for notes.
    pub(crate) at: String,
    /// Children, in order.
    pub(crate) children: Vec<usize>,
}

/// Nodes, and which of them hang from the document itself.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) roots: Vec<usize>,
}

/// The groups of a tree; `title` heads the group of leaves that hang from
/// the document itself. Records the depth in the report.
pub(crate) fn groups(tree: &Tree, title: &str, report: &mut ImportReport) -> Vec<Group> {
    let mut item_ids = Ids::default();
    let mut group_ids = Ids::default();
    let mut visited = vec![false; tree.nodes.len()];
    let mut groups = Vec::new();
    // (node, depth); `None` is the document.
    let mut stack: Vec<(Option<usize>, usize)> = vec![(None, 0)];
    while let Some((node, depth)) = stack.pop() {
        report.source_depth = report.source_depth.max(depth);
        let children: Vec<usize> = match node {
            None => tree.roots.clone(),
            Some(n) => tree.nodes[n].children.clone(),
        };
        let children: Vec<usize> = children
            .into_iter()
            .filter(|&c| !std::mem::replace(&mut visited[c], true))
            .collect();
        let is_leaf = |c: &usize| tree.nodes[*c].children.is_empty();
        let leaves: Vec<usize> = children.iter().copied().filter(is_leaf).collect();
        let inner: Vec<usize> = children.iter().copied().filter(|c| !is_leaf(c)).collect();
        if leaves.is_empty() {
            if let Some(n) = node {
                let entry = &tree.nodes[n];
                report.note(
                    "not-carried-over",
                    Some(entry.at.clone()),
                    format!(
                        "`{}` only organises other entries, so it is not an item; its text is not carried over: {}",
                        entry.source_id.as_deref().unwrap_or(&entry.fallback_id),
                        first_line(&entry.text)
                    ),
                );
            }
        } else {
            let kept: Vec<usize> = leaves
                .iter()
                .copied()
                .filter(|&leaf| {
                    let entry = &tree.nodes[leaf];
                    let empty = entry.text.trim().is_empty();
                    if empty {
                        report.note(
                            "not-carried-over",
                            Some(entry.at.clone()),
                            format!(
                                "`{}` has no text; left out",
                                entry.source_id.as_deref().unwrap_or(&entry.fallback_id)
                            ),
                        );
                    }
                    !empty
                })
                .collect();
            let items = kept
                .iter()
                .map(|&leaf| {
                    let entry = &tree.nodes[leaf];
                    report.source_depth = report.source_depth.max(depth + 1);
                    let id =
                        item_ids.assign(entry.source_id.as_deref(), &entry.fallback_id, report);
                    if let Some(keep) = &entry.keep {
                        report.source_ids.push((id.clone(), keep.clone()));
                    } else if let Some(source) = entry.source_id.as_ref().filter(|s| **s != id) {
                        report.source_ids.push((id.clone(), source.clone()));
                    }
                    Item {
                        id,
                        text: entry.text.clone(),
                        ..Item::default()
                    }
                })
                .collect();
            let group = match node {
                None => Group {
                    id: group_ids.assign(Some("items"), "items", report),
                    title: title.to_owned(),
                    intro: None,
                    level: None,
                    items,
                    questions: Vec::new(),
                    ..Group::default()
                },
                Some(n) => {
                    let entry = &tree.nodes[n];
                    Group {
                        id: group_ids.assign(
                            entry.source_id.as_deref(),
                            &entry.fallback_id,
                            report,
                        ),
                        title: entry.title.clone(),
                        intro: (entry.text != entry.title && !entry.text.is_empty())
                            .then(|| entry.text.clone()),
                        level: None,
                        items,
                        questions: Vec::new(),
                        ..Group::default()
                    }
                }
            };
            groups.push(group);
        }
        for &child in inner.iter().rev() {
            stack.push((Some(child), depth + 1));
        }
    }
    for (n, seen) in visited.iter().enumerate() {
        if !seen {
            let entry = &tree.nodes[n];
            report.note(
                "not-carried-over",
                Some(entry.at.clone()),
                format!(
                    "`{}` cannot be reached from the document (its parents form a cycle); left out",
                    entry.source_id.as_deref().unwrap_or(&entry.fallback_id)
                ),
            );
        }
    }
    groups
}

/// The first line of a text, shortened, for notes.
pub(crate) fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let short: String = line.chars().take(80).collect();
    if short.len() < line.len() || text.lines().nth(1).is_some() {
        format!("{short}…")
    } else {
        short
    }
}
