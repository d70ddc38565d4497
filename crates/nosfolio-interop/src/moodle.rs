//! Moodle competency frameworks, as `tool_lpimportcsv` writes and reads them.
//!
//! Moodle reads the CSV by position, not by header: parent id number, id
//! number, shortname, description, description format, scale values,
//! scale configuration, rule type, rule outcome, rule config, cross
//! referenced id numbers (commas inside an id written `%2C`), exported id,
//! is framework, taxonomy. The row marked as the framework gives the title;
//! the others form a tree by parent id number.
//!
//! A framework that keeps levels as competencies named `Level N`, linked to
//! behaviours by cross references (as the OECD example does), becomes a
//! competency framework that keeps its tree: clusters and competencies
//! stay nodes with their titles and descriptions, and every competency
//! gets its own levels, holding the behaviours linked to each (see
//! [`Leveled`]). Otherwise the tree becomes groups (see `tree`).

use std::collections::{BTreeMap, HashMap, HashSet};

use nosfolio_core::{Group, Item, Source};

use crate::ids::{Ids, standard_id, text_like_ids};
use crate::report::{ImportError, ImportReport};
use crate::tree::{Node, Tree, first_line, groups};
use crate::{Format, ImportOptions, Imported, assemble, detect, html};

/// The columns Moodle writes, in order.
const COLUMNS: usize = 14;

/// One row, by Moodle's column positions.
#[derive(Debug, Default)]
struct Row {
    line: u64,
    parent: String,
    idnumber: String,
    shortname: String,
    description: String,
    format: String,
    scale_values: String,
    scale_config: String,
    rule_type: String,
    rule_outcome: String,
    rule_config: String,
    related: Vec<String>,
    is_framework: bool,
    taxonomy: String,
}

impl Row {
    fn from_record(record: &csv::StringRecord, line: u64) -> Self {
        let cell = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        Self {
            line,
            parent: cell(0),
            idnumber: cell(1),
            shortname: cell(2),
            description: record.get(3).unwrap_or("").to_owned(),
            format: cell(4),
            scale_values: cell(5),
            scale_config: cell(6),
            rule_type: cell(7),
            rule_outcome: cell(8),
            rule_config: cell(9),
            related: cell(10)
                .split(',')
                .map(|id| id.trim().replace("%2C", ","))
                .filter(|id| !id.is_empty())
                .collect(),
            is_framework: cell(12) == "1",
            taxonomy: cell(13),
        }
    }

    fn at(&self) -> String {
        format!("line {}", self.line)
    }

    /// The description as text: HTML (format 1, or anything that looks
    /// like it) converted; Markdown and plain text as written.
    fn text(&self) -> String {
        if self.format == "1" || html::looks_like_html(&self.description) {
            html::html_to_text(&self.description)
        } else {
            self.description.trim().to_owned()
        }
    }

    /// `Level 3` or `level-3`: the level's number.
    fn level(&self) -> Option<u32> {
        [&self.shortname, &self.idnumber]
            .into_iter()
            .find_map(|name| {
                let lower = name.to_lowercase();
                let rest = lower
                    .strip_prefix("level")?
                    .trim_start_matches([' ', '-', '_']);
                rest.parse().ok()
            })
    }
}

fn read_rows(file: &str, text: &str, report: &mut ImportReport) -> Result<Vec<Row>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Lines::default();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError::Csv {
            file: file.to_owned(),
            line: lines.at(text, e.position()),
            message: e.to_string(),
        })?;
        if n == 0 {
            if !detect::is_moodle_header(text) {
                report.note(
                    "header",
                    Some("line 1".into()),
                    "the first row is not Moodle's English header; it is skipped and the columns are read by position, as Moodle does".into(),
                );
            }
            continue;
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = Row::from_record(&record, lines.at(text, record.position()));
        if record.len() != COLUMNS {
            report.note(
                "columns",
                Some(row.at()),
                format!("{} columns where Moodle writes {COLUMNS}; missing ones read as empty, extra ones ignored", record.len()),
            );
        }
        rows.push(row);
    }
    Ok(rows)
}

/// The 1-based line where a record starts, counted from its byte offset
/// (the csv crate's own line count lags behind multi-line records).
///
/// Records come in order, so the count goes on from where the last one
/// stopped: the whole file is counted once, not once per record (which
/// made an import of many rows quadratic, issue 14).
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// Bytes counted so far.
    byte: usize,
    /// Line ends before `byte`.
    ends: u64,
}

impl Lines {
    pub(crate) fn at(&mut self, text: &str, position: Option<&csv::Position>) -> u64 {
        let byte = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let byte = byte.min(text.len());
        // The offset may sit before the previous record's line end.
        let start = byte + text[byte..].len() - text[byte..].trim_start_matches(['\r', '\n']).len();
        if start < self.byte {
            // Not in order (never seen): count from the beginning.
            *self = Self::default();
        }
        let counted = text.get(self.byte..start).unwrap_or_default();
        self.ends +=
            u64::try_from(counted.bytes().filter(|&b| b == b'\n').count()).unwrap_or(u64::MAX);
        self.byte = start;
        self.ends.saturating_add(1)
    }
}

fn report_unused(row: &Row, report: &mut ImportReport) {
    let id = if row.idnumber.is_empty() {
        "the framework"
    } else {
        &row.idnumber
    };
    if !row.scale_values.is_empty() || !row.scale_config.is_empty() {
        report.note(
            "not-carried-over",
            Some(row.at()),
            format!("scale of `{id}` ({}) and its configuration: nosfolio's outcomes are accepted or referred", row.scale_values),
        );
    }
    let rule_config = !row.rule_config.is_empty() && row.rule_config != "null";
    let rule_outcome = !row.rule_outcome.is_empty() && row.rule_outcome != "0";
    if !row.rule_type.is_empty() || rule_config || rule_outcome {
        report.note(
            "not-carried-over",
            Some(row.at()),
            format!("completion rule of `{id}` (type `{}`, outcome `{}`): nosfolio does not complete competencies automatically", row.rule_type, row.rule_outcome),
        );
    }
    if !row.taxonomy.is_empty() {
        report.note(
            "not-carried-over",
            Some(row.at()),
            format!(
                "taxonomy `{}` (the names Moodle gives each depth)",
                row.taxonomy
            ),
        );
    }
}

pub(crate) fn import(
    file: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut report = ImportReport::new(Format::Moodle);
    let rows = read_rows(file, text, &mut report)?;
    report.source_entries = rows.len();
    for row in &rows {
        report_unused(row, &mut report);
    }
    let framework = rows.iter().position(|r| r.is_framework);
    let (title, code, description) = match framework {
        Some(f) => {
            let row = &rows[f];
            let title = if row.shortname.is_empty() {
                row.idnumber.clone()
            } else {
                row.shortname.clone()
            };
            (
                title,
                Some(row.idnumber.clone()).filter(|c| !c.is_empty()),
                row.text(),
            )
        }
        None => {
            report.note("missing", None, "no row is marked as the framework (`Is framework` = 1); the title is made from the file name".into());
            (
                file.rsplit(['/', '\\']).next().unwrap_or(file).to_owned(),
                None,
                String::new(),
            )
        }
    };
    let competencies: Vec<&Row> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != framework)
        .map(|(_, r)| r)
        .collect();
    if competencies.is_empty() {
        return Err(ImportError::shape(
            file,
            "rows",
            "the CSV has no competencies, only the framework row",
        ));
    }

    // The tree, by parent id number; the first of a repeated id number wins.
    let mut tree = Tree::default();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (n, row) in competencies.iter().enumerate() {
        if !row.idnumber.is_empty() && *index.entry(&row.idnumber).or_insert(n) != n {
            report.note(
                "duplicate-id",
                Some(row.at()),
                format!(
                    "id number `{}` is used by an earlier row too; children attach to the first",
                    row.idnumber
                ),
            );
        }
        let text = row.text();
        tree.nodes.push(Node {
            source_id: Some(row.idnumber.clone()).filter(|s| !s.is_empty()),
            fallback_id: format!("C{}", n + 1),
            keep: None,
            title: if row.shortname.is_empty() {
                first_line(&text)
            } else {
                row.shortname.clone()
            },
            text: if text.is_empty() {
                row.shortname.clone()
            } else {
                text
            },
            at: row.at(),
            children: Vec::new(),
        });
    }
    for (n, row) in competencies.iter().enumerate() {
        match index.get(row.parent.as_str()) {
            _ if row.parent.is_empty() => tree.roots.push(n),
            Some(&p) if p != n => tree.nodes[p].children.push(n),
            _ => {
                report.note(
                    "missing",
                    Some(row.at()),
                    format!(
                        "parent `{}` of `{}` is not in the file; it hangs from the framework",
                        row.parent, row.idnumber
                    ),
                );
                tree.roots.push(n);
            }
        }
    }

    let levels: BTreeMap<u32, usize> = competencies
        .iter()
        .enumerate()
        .filter(|(n, _)| tree.nodes[*n].children.is_empty())
        .filter_map(|(n, r)| r.level().map(|l| (l, n)))
        .collect();
    // Which levels a competency is linked to, either way round, found
    // through two indexes built once (not by asking every level in turn:
    // issue 14).
    let mut levels_named: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut levels_naming: HashMap<&str, Vec<u32>> = HashMap::new();
    for (&number, &l) in &levels {
        let level = competencies[l];
        if !level.idnumber.is_empty() {
            levels_named
                .entry(&level.idnumber)
                .or_default()
                .push(number);
        }
        for related in &level.related {
            levels_naming.entry(related).or_default().push(number);
        }
    }
    let level_of = |n: usize| -> Vec<u32> {
        let row = competencies[n];
        let mut found: Vec<u32> = row
            .related
            .iter()
            .filter_map(|id| levels_named.get(id.as_str()))
            .flatten()
            .chain(
                Some(row.idnumber.as_str())
                    .filter(|id| !id.is_empty())
                    .and_then(|id| levels_naming.get(id))
                    .into_iter()
                    .flatten(),
            )
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    };
    let level_nodes: HashSet<usize> = levels.values().copied().collect();
    let leveled = (0..competencies.len()).any(|n| {
        tree.nodes[n].children.is_empty() && !level_nodes.contains(&n) && !level_of(n).is_empty()
    });

    let standard_id_value = options.id.clone().unwrap_or_else(|| standard_id(&title));
    let mut groups = if leveled {
        report_cross_references(&competencies, &levels, &mut report);
        Leveled::new(&tree, &competencies, &levels, &standard_id_value, &title)
            .walk(&level_of, &mut report)
    } else {
        report_cross_references(&competencies, &BTreeMap::new(), &mut report);
        groups(&tree, &title, &mut report)
    };
    text_like_ids(&mut groups, "C", &mut report);
    let mut standard = assemble(
        standard_id_value,
        code.clone(),
        title,
        Some(description),
        groups,
    );
    standard.source = code.map(|identifier| Source {
        identifier: Some(identifier),
        uri: None,
    });
    Ok(Imported { standard, report })
}

/// Where a row came from: its id number, kept so that an export names it
/// as Moodle did.
fn source_of(row: &Row) -> Option<Source> {
    (!row.idnumber.is_empty()).then(|| Source {
        identifier: Some(row.idnumber.clone()),
        uri: None,
    })
}

/// The shortname as a title beside the text, unless the text already
/// starts with it (Moodle's shortname is often the text cut short).
fn title_beside(shortname: &str, text: &str) -> Option<String> {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let short = words(shortname);
    let short = short.trim_end_matches(['.', '…', ' ']);
    (!short.is_empty() && !words(text).starts_with(short)).then(|| short.to_owned())
}

/// Cross references other than those linking behaviours and levels: nosfolio
/// has no links between items, so each row's are reported.
fn report_cross_references(
    rows: &[&Row],
    levels: &BTreeMap<u32, usize>,
    report: &mut ImportReport,
) {
    let level_rows: HashSet<usize> = levels.values().copied().collect();
    let level_ids: HashSet<&str> = level_rows
        .iter()
        .filter_map(|&n| rows.get(n))
        .map(|r| r.idnumber.as_str())
        .collect();
    for (n, row) in rows.iter().enumerate() {
        if level_rows.contains(&n) {
            continue;
        }
        let unused: Vec<&str> = row
            .related
            .iter()
            .map(String::as_str)
            .filter(|id| !level_ids.contains(id))
            .collect();
        if !unused.is_empty() {
            report.note(
                "not-carried-over",
                Some(row.at()),
                format!(
                    "cross references of `{}` to {}: nosfolio keeps no links between competencies",
                    row.idnumber,
                    unused
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
}

/// The tree of a framework whose behaviours are linked to level rows: every
/// other entry stays a node of the tree, and a node whose children are
/// linked to levels becomes a competency with its own levels, each holding
/// the behaviours linked to it. The level rows themselves (and an entry
/// that only holds them) are not nodes: each level row gives the title and
/// notes of that level in every competency that has behaviours at it.
struct Leveled<'a> {
    tree: &'a Tree,
    rows: &'a [&'a Row],
    /// Level number → the node of its row.
    levels: &'a BTreeMap<u32, usize>,
    level_nodes: HashSet<usize>,
    standard_id: &'a str,
    standard_title: &'a str,
    groups: Vec<Group>,
    item_ids: Ids,
    group_ids: Ids,
    /// The group of claimable entries that hang from the framework itself.
    root_items: Option<usize>,
    /// Level number → how many competencies have it.
    used: BTreeMap<u32, usize>,
    visited: Vec<bool>,
}

impl<'a> Leveled<'a> {
    fn new(
        tree: &'a Tree,
        rows: &'a [&'a Row],
        levels: &'a BTreeMap<u32, usize>,
        standard_id: &'a str,
        standard_title: &'a str,
    ) -> Self {
        Self {
            tree,
            rows,
            levels,
            level_nodes: levels.values().copied().collect(),
            standard_id,
            standard_title,
            groups: Vec::new(),
            item_ids: Ids::default(),
            group_ids: Ids::default(),
            root_items: None,
            used: BTreeMap::new(),
            visited: vec![false; tree.nodes.len()],
        }
    }

    fn name(&self, n: usize) -> String {
        let node = &self.tree.nodes[n];
        node.source_id
            .clone()
            .unwrap_or_else(|| node.fallback_id.clone())
    }

    /// Whether `n` only holds level rows (Moodle's `levels` entry).
    fn holds_only_levels(&self, n: usize) -> bool {
        let children = &self.tree.nodes[n].children;
        !children.is_empty() && children.iter().all(|c| self.level_nodes.contains(c))
    }

    /// The groups, in pre-order, with every entry left out reported.
    fn walk(
        mut self,
        level_of: &dyn Fn(usize) -> Vec<u32>,
        report: &mut ImportReport,
    ) -> Vec<Group> {
        // The standard's own id names the group of top-level items.
        self.group_ids
            .assign(Some(self.standard_id), "standard", report);
        let roots = self.tree.roots.clone();
        let mut stack = self.place_children(None, &roots, 1, level_of, report);
        while let Some((n, parent, depth)) = stack.pop() {
            report.source_depth = report.source_depth.max(depth);
            let node = &self.tree.nodes[n];
            let row = self.rows[n];
            let id = self
                .group_ids
                .assign(node.source_id.as_deref(), &node.fallback_id, report);
            let text = row.text();
            self.groups.push(Group {
                id,
                title: node.title.clone(),
                text: (!text.is_empty() && text != node.title).then_some(text),
                source: source_of(row),
                parent,
                ..Group::default()
            });
            let index = self.groups.len() - 1;
            let children = node.children.clone();
            stack.extend(self.place_children(Some(index), &children, depth + 1, level_of, report));
        }
        for n in 0..self.tree.nodes.len() {
            if !self.visited[n] {
                report.note(
                    "not-carried-over",
                    Some(self.tree.nodes[n].at.clone()),
                    format!(
                        "`{}` cannot be reached from the framework (its parents form a cycle); left out",
                        self.name(n)
                    ),
                );
            }
        }
        self.report_levels(report);
        self.groups
    }

    /// Places the children of the group `parent` (the framework itself when
    /// `None`): behaviours linked to levels into the group's levels, other
    /// leaves as its items; returns the children with children of their
    /// own, to be walked next, last first.
    fn place_children(
        &mut self,
        parent: Option<usize>,
        children: &[usize],
        depth: usize,
        level_of: &dyn Fn(usize) -> Vec<u32>,
        report: &mut ImportReport,
    ) -> Vec<(usize, Option<usize>, usize)> {
        let mut inner = Vec::new();
        let mut items = Vec::new();
        let mut behaviours: BTreeMap<u32, Vec<Item>> = BTreeMap::new();
        let mut unlinked = Vec::new();
        for &c in children {
            if std::mem::replace(&mut self.visited[c], true) {
                continue;
            }
            if self.level_nodes.contains(&c) {
                continue;
            }
            if self.holds_only_levels(c) {
                self.leave_out_level_holder(c, report);
                continue;
            }
            let node = &self.tree.nodes[c];
            if !node.children.is_empty() {
                inner.push((c, parent, depth));
                continue;
            }
            report.source_depth = report.source_depth.max(depth);
            if node.text.trim().is_empty() {
                report.note(
                    "not-carried-over",
                    Some(node.at.clone()),
                    format!("`{}` has no text; left out", self.name(c)),
                );
                continue;
            }
            let found = level_of(c);
            if found.len() > 1 {
                report.note(
                    "not-carried-over",
                    Some(node.at.clone()),
                    format!(
                        "`{}` is linked to levels {found:?}; it is kept at level {} only (an item has one place)",
                        self.name(c),
                        found.first().copied().unwrap_or_default()
                    ),
                );
            }
            let item = self.item(c, report);
            match found.first() {
                Some(&level) => behaviours.entry(level).or_default().push(item),
                None => {
                    unlinked.push((node.at.clone(), self.name(c)));
                    items.push(item);
                }
            }
        }
        if !behaviours.is_empty() {
            for (at, name) in unlinked {
                report.note(
                    "converted",
                    Some(at),
                    format!("`{name}` is linked to no level; it is kept as a node beside the levels of its competency"),
                );
            }
        }
        self.push_levels(parent, behaviours);
        if !items.is_empty() {
            let holder = match parent {
                Some(p) => p,
                None => self.root_group(),
            };
            if let Some(group) = self.groups.get_mut(holder) {
                group.items.extend(items);
            }
        }
        inner.reverse();
        inner
    }

    fn item(&mut self, n: usize, report: &mut ImportReport) -> Item {
        let node = &self.tree.nodes[n];
        let row = self.rows[n];
        let id = self
            .item_ids
            .assign(node.source_id.as_deref(), &node.fallback_id, report);
        if let Some(source) = node.source_id.as_ref().filter(|s| **s != id) {
            report.source_ids.push((id.clone(), source.clone()));
        }
        Item {
            id,
            text: node.text.clone(),
            title: title_beside(&row.shortname, &node.text),
            source: source_of(row),
            ..Item::default()
        }
    }

    /// The levels of the competency `owner` (the framework's own when
    /// `None`), each titled and annotated by its level row.
    fn push_levels(&mut self, owner: Option<usize>, behaviours: BTreeMap<u32, Vec<Item>>) {
        let prefix = owner
            .and_then(|o| self.groups.get(o))
            .map(|g| format!("{}.", g.id))
            .unwrap_or_default();
        for (number, items) in behaviours {
            let Some(row) = self.levels.get(&number).and_then(|&n| self.rows.get(n)) else {
                continue;
            };
            *self.used.entry(number).or_default() += 1;
            let notes = row.text();
            self.groups.push(Group {
                id: format!("{prefix}level-{number}"),
                title: if row.shortname.is_empty() {
                    format!("Level {number}")
                } else {
                    row.shortname.clone()
                },
                notes: (!notes.is_empty()).then_some(notes),
                source: source_of(row),
                parent: owner,
                level: Some(number),
                items,
                ..Group::default()
            });
        }
    }

    /// The group of claimable entries hanging from the framework, made
    /// when the first is placed.
    fn root_group(&mut self) -> usize {
        if let Some(index) = self.root_items {
            return index;
        }
        self.groups.push(Group {
            id: self.standard_id.to_owned(),
            title: self.standard_title.to_owned(),
            ..Group::default()
        });
        let index = self.groups.len() - 1;
        self.root_items = Some(index);
        index
    }

    /// An entry that only holds the level rows is not a node: the levels
    /// live in each competency. Its own text is reported.
    fn leave_out_level_holder(&mut self, n: usize, report: &mut ImportReport) {
        for &c in &self.tree.nodes[n].children {
            if let Some(seen) = self.visited.get_mut(c) {
                *seen = true;
            }
        }
        let text = self.rows[n].text();
        let lost = if text.is_empty() {
            String::new()
        } else {
            format!(
                "; its description is not carried over: {}",
                first_line(&text)
            )
        };
        report.note(
            "converted",
            Some(self.tree.nodes[n].at.clone()),
            format!(
                "`{}` holds the levels, which became each competency's own levels{lost}",
                self.name(n)
            ),
        );
    }

    /// Says what became of each level row.
    fn report_levels(&self, report: &mut ImportReport) {
        for (&number, &n) in self.levels {
            let row = self.rows[n];
            match self.used.get(&number) {
                Some(&count) => report.note(
                    "converted",
                    Some(row.at()),
                    format!(
                        "`{}` became level {number} of {count} {} (its title and description the level's title and notes)",
                        row.idnumber,
                        if count == 1 { "competency" } else { "competencies" }
                    ),
                ),
                None => report.note(
                    "not-carried-over",
                    Some(row.at()),
                    format!(
                        "`{}` (level {number}) has no behaviours linked to it, so no competency has that level; its description is not carried over: {}",
                        row.idnumber,
                        first_line(&row.text())
                    ),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use nosfolio_core::StandardKind;

    use super::*;

    const HEADER: &str = "\"Parent id number\",\"Id number\",Shortname,Description,\"Description format\",\"Scale values\",\"Scale configuration\",\"Rule type (optional)\",\"Rule outcome (optional)\",\"Rule config (optional)\",\"Cross referenced competency id numbers\",\"Exported id (optional)\",\"Is framework\",Taxonomy\r\n";

    #[test]
    fn escaped_commas_in_cross_references_are_restored() {
        let record = csv::StringRecord::from(vec![
            "", "x", "X", "", "1", "", "", "", "0", "null", "a%2Cb,c", "", "", "",
        ]);
        assert_eq!(Row::from_record(&record, 1).related, ["a,b", "c"]);
    }

    #[test]
    fn a_flat_framework_becomes_groups() {
        let csv = format!(
            "{HEADER},F,Frame,\"<p>About</p>\",1,\"A,B\",cfg,,,,,,1,\r\n,g,Group,,1,,,,0,null,,,,\r\ng,i1,One,\"<p>Do\r\none</p>\",1,,,,0,null,,,,\r\ng,i2,Two,,1,,,,0,null,,,,\r\n"
        );
        let imported = import("f.csv", &csv, &ImportOptions::default()).unwrap();
        let s = imported.standard;
        assert_eq!(s.kind, StandardKind::NosUnit);
        assert_eq!(s.groups.len(), 1);
        assert_eq!(s.groups[0].items[0].text, "Do one");
        assert_eq!(s.groups[0].items[1].text, "Two");
        assert!(
            imported
                .report
                .notes
                .iter()
                .any(|n| n.message.contains("scale"))
        );
    }
}
