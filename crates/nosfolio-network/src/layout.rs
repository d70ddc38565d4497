//! Editing a contacts list's text in place, so that a list written by hand
//! keeps its comments, order and layout: only the lines of what changed are
//! touched. Four edits, on the blocks of the `contacts:` sequence: add a
//! contact's block, set or remove a key in a block, add or remove one entry
//! of a nested list (a score, an idea), and remove a block.
//!
//! The editor works on lines and understands block layout only; anything
//! else (a flow-style `contacts: [...]`, a value spanning lines with comments
//! inside) is refused with the reason, and the caller decides whether to
//! rewrite the whole file. The caller also reads every result back: the
//! editor never has the last word on what the text means.

use crate::written::{self, Document, KEYS, Record, Value};

/// Why a list cannot be edited in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CannotEdit(pub(crate) String);

fn cannot<T>(reason: impl Into<String>) -> Result<T, CannotEdit> {
    Err(CannotEdit(reason.into()))
}

/// Changes `text`, which says `old`, so that it says `new`, touching only
/// what differs. `old_lines[i]` is the line (0-based) of the `i`th contact's
/// id in `text`, as the parser reported it.
pub(crate) fn edit_in_place(
    text: &str,
    old: &Document,
    new: &Document,
    old_lines: &[usize],
) -> Result<String, CannotEdit> {
    let meta = |d: &Document| Document {
        contacts: Vec::new(),
        ..d.clone()
    };
    if meta(old) != meta(new) {
        return cannot("only contacts are changed in place");
    }
    let old_ids: Vec<&str> = old.contacts.iter().map(|c| c.id.as_str()).collect();
    let new_ids: Vec<&str> = new.contacts.iter().map(|c| c.id.as_str()).collect();
    let kept: Vec<&str> = old_ids
        .iter()
        .copied()
        .filter(|id| new_ids.contains(id))
        .collect();
    if new_ids[..kept.len().min(new_ids.len())] != kept[..] {
        return cannot("contacts would change order");
    }
    let mut doc = Lines::new(text);
    for (index, record) in old.contacts.iter().enumerate().rev() {
        let item = doc.item(index)?;
        if old_lines
            .get(index)
            .is_none_or(|&line| !(item.start..item.end).contains(&line))
        {
            return cannot("the contacts' blocks are not where the parser found them");
        }
        match new.contacts.iter().find(|c| c.id == record.id) {
            None => doc.remove_item(index)?,
            Some(changed) if changed != record => {
                for key in KEYS {
                    let (before, after) = (record.get(key), changed.get(key));
                    if before != after {
                        doc.change_key(index, key, before.as_ref(), after.as_ref())?;
                    }
                }
            }
            Some(_) => {}
        }
    }
    for record in &new.contacts[kept.len()..] {
        doc.add_item(record)?;
    }
    Ok(doc.join())
}

/// A text as lines, with its line ending and whether it ended with one.
struct Lines {
    lines: Vec<String>,
    ending: &'static str,
    trailing: bool,
}

/// The top-level `contacts:` key and its block sequence.
struct Sequence {
    key: usize,
    /// The line after the sequence's last content line.
    end: usize,
    items: Vec<Item>,
}

/// One entry of the sequence: a contact's block.
#[derive(Debug, Clone, Copy)]
struct Item {
    start: usize,
    /// The line after its last content line (comments and blank lines after
    /// it belong to what follows).
    end: usize,
    /// The column of its dash.
    dash: usize,
    /// The column of its keys.
    keys: usize,
}

/// A key inside a contact's block.
#[derive(Debug, Clone)]
struct KeyAt {
    name: String,
    line: usize,
    /// The line after its value's last content line.
    end: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A blank line or a comment line: it belongs to no value.
fn filler(line: &str) -> bool {
    let text = line.trim();
    text.is_empty() || text.starts_with('#')
}

/// Whether the text at a column starts a block-sequence entry.
fn dash_at(line: &str, column: usize) -> bool {
    line.get(column..)
        .is_some_and(|rest| rest == "-" || rest.starts_with("- "))
        && line
            .get(..column)
            .is_some_and(|lead| lead.trim().is_empty())
}

/// Splits the text after a key's colon into its value and a trailing
/// comment (with the white space before it), knowing YAML's quotes.
fn split_comment(after: &str) -> (&str, &str) {
    let bytes = after.as_bytes();
    let mut quote: Option<u8> = None;
    let mut token_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'"') => match b {
                b'\\' => i += 1,
                b'"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if b == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                }
            }
            None => match b {
                b'#' if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => {
                    let start = after[..i].trim_end().len();
                    return (after[..i].trim(), &after[start..]);
                }
                b'"' | b'\'' if token_start => quote = Some(b),
                b'[' | b'{' | b',' | b':' => token_start = true,
                b' ' | b'\t' => {}
                _ => token_start = false,
            },
        }
        i += 1;
    }
    (after.trim(), "")
}

impl Lines {
    fn new(text: &str) -> Self {
        Self {
            lines: text
                .lines()
                .map(|l| l.trim_end_matches('\r').to_owned())
                .collect(),
            ending: if text.contains("\r\n") { "\r\n" } else { "\n" },
            trailing: text.ends_with('\n') || text.is_empty(),
        }
    }

    fn join(&self) -> String {
        let mut out = self.lines.join(self.ending);
        if self.trailing && !out.is_empty() {
            out.push_str(self.ending);
        }
        out
    }

    /// The line after `end`'s last content line at or after `start`.
    fn trim_back(&self, start: usize, mut end: usize) -> usize {
        while end > start && filler(&self.lines[end - 1]) {
            end -= 1;
        }
        end
    }

    fn sequence(&self) -> Result<Option<Sequence>, CannotEdit> {
        let Some(key) = self.lines.iter().position(|l| {
            l.strip_prefix("contacts")
                .is_some_and(|r| r.starts_with(':'))
        }) else {
            return Ok(None);
        };
        let (value, _) = split_comment(&self.lines[key]["contacts:".len()..]);
        let mut end = key + 1;
        while end < self.lines.len() {
            let line = &self.lines[end];
            let inside = filler(line) || line.starts_with(' ') || dash_at(line, 0);
            if !inside || line.starts_with("---") || line.starts_with("...") {
                break;
            }
            end += 1;
        }
        let end = self.trim_back(key + 1, end);
        if !value.is_empty() {
            if matches!(value, "[]" | "~" | "null" | "Null" | "NULL") && end == key + 1 {
                return Ok(Some(Sequence {
                    key,
                    end,
                    items: Vec::new(),
                }));
            }
            return cannot("its `contacts:` list is written on one line (flow style)");
        }
        let mut starts = Vec::new();
        let mut dash = None;
        for index in key + 1..end {
            let line = &self.lines[index];
            if filler(line) {
                continue;
            }
            let column = indent(line);
            match dash {
                None if dash_at(line, column) => {
                    dash = Some(column);
                    starts.push(index);
                }
                Some(d) if column == d && dash_at(line, d) => starts.push(index),
                Some(d) if column > d => {}
                _ => return cannot("its `contacts:` list is not a plain list of `- id: …` blocks"),
            }
        }
        let Some(dash) = dash else {
            return Ok(Some(Sequence {
                key,
                end,
                items: Vec::new(),
            }));
        };
        let mut items = Vec::new();
        for (n, &start) in starts.iter().enumerate() {
            let stop = starts.get(n + 1).copied().unwrap_or(end);
            let stop = self.trim_back(start + 1, stop);
            let rest = &self.lines[start][dash + 1..];
            let keys = if rest.trim().is_empty() || rest.trim_start().starts_with('#') {
                match (start + 1..stop).find(|&i| !filler(&self.lines[i])) {
                    Some(i) => indent(&self.lines[i]),
                    None => return cannot("a contact's block is empty"),
                }
            } else {
                dash + 1 + indent(rest)
            };
            if keys <= dash || dash_at(&self.lines[start], keys) {
                return cannot("a contact's block is not a map of `key: value` lines");
            }
            items.push(Item {
                start,
                end: stop,
                dash,
                keys,
            });
        }
        Ok(Some(Sequence { key, end, items }))
    }

    fn item(&self, index: usize) -> Result<Item, CannotEdit> {
        match self.sequence()? {
            Some(sequence) => match sequence.items.get(index) {
                Some(item) => Ok(*item),
                None => cannot("the file has fewer contact blocks than contacts"),
            },
            None => cannot("the file has no `contacts:` list"),
        }
    }

    /// The keys of a contact's block, in the order written.
    fn keys(&self, item: Item) -> Result<Vec<KeyAt>, CannotEdit> {
        let mut keys: Vec<KeyAt> = Vec::new();
        for index in item.start..item.end {
            let line = &self.lines[index];
            if filler(line) && index != item.start {
                continue;
            }
            let column = if index == item.start {
                item.keys
            } else {
                indent(line)
            };
            if index == item.start && line[item.dash + 1..].trim().is_empty() {
                continue;
            }
            if column > item.keys || (column == item.keys && dash_at(line, column)) {
                continue;
            }
            if column < item.keys {
                return cannot("a contact's keys are not all indented alike");
            }
            let text = line.get(column..).unwrap_or_default();
            let name: String = text
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let after = &text[name.len()..];
            if name.is_empty() || !(after == ":" || after.starts_with(": ")) {
                return cannot(format!(
                    "line {} is not a plain `key: value` line",
                    index + 1
                ));
            }
            if let Some(last) = keys.last_mut() {
                last.end = self.trim_back(last.line + 1, index);
            }
            keys.push(KeyAt {
                name,
                line: index,
                end: item.end,
            });
        }
        Ok(keys)
    }

    /// Lines of YAML from the serializer, each indented by `prefix`, the
    /// first by `first` (the original start of the line it replaces).
    fn indented(yaml: &str, first: &str, prefix: &str) -> Vec<String> {
        yaml.lines()
            .enumerate()
            .map(|(n, line)| format!("{}{line}", if n == 0 { first } else { prefix }))
            .collect()
    }

    fn change_key(
        &mut self,
        index: usize,
        key: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<(), CannotEdit> {
        let item = self.item(index)?;
        let keys = self.keys(item)?;
        let at = keys.iter().find(|k| k.name == key).cloned();
        let prefix = " ".repeat(item.keys);
        match (at, after) {
            (Some(at), None) => {
                if at.line == item.start {
                    return cannot(format!("`{key}` is on the line of the contact's dash"));
                }
                // Comment lines inside the value stay: they are the user's.
                let comments: Vec<String> = self.lines[at.line + 1..at.end]
                    .iter()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .cloned()
                    .collect();
                self.lines.splice(at.line..at.end, comments);
                Ok(())
            }
            (Some(at), Some(value)) => {
                let after_colon = &self.lines[at.line][item.keys + key.len() + 1..];
                let (inline, comment) = split_comment(after_colon);
                let comment = comment.to_owned();
                if inline.is_empty()
                    && let (Some(before), true) = (before, at.end > at.line + 1)
                {
                    return self.change_entries(item, &at, before, value);
                }
                if (at.line + 1..at.end).any(|i| filler(&self.lines[i])) {
                    return cannot(format!(
                        "its `{key}:` spans several lines with comments between them"
                    ));
                }
                let first = self.lines[at.line][..item.keys].to_owned();
                let yaml = written::key_yaml(key, value).map_err(CannotEdit)?;
                let mut new = Self::indented(&yaml, &first, &prefix);
                if let Some(line) = new.first_mut() {
                    line.push_str(&comment);
                }
                self.lines.splice(at.line..at.end, new);
                Ok(())
            }
            (None, Some(value)) => {
                if before.is_some() {
                    return cannot(format!("its `{key}:` is not where it was read"));
                }
                let order = |name: &str| KEYS.iter().position(|k| *k == name);
                let wanted = order(key);
                let line = keys
                    .iter()
                    .filter(|k| order(&k.name) < wanted)
                    .map(|k| k.end)
                    .max()
                    .unwrap_or(item.end);
                let yaml = written::key_yaml(key, value).map_err(CannotEdit)?;
                let new = Self::indented(&yaml, &prefix, &prefix);
                self.lines.splice(line..line, new);
                Ok(())
            }
            (None, None) => Ok(()),
        }
    }

    /// Adds, removes or replaces entries of a block list in place.
    fn change_entries(
        &mut self,
        item: Item,
        at: &KeyAt,
        before: &Value,
        after: &Value,
    ) -> Result<(), CannotEdit> {
        let (old, new) = (entries(before), entries(after));
        let Some(first) = (at.line + 1..at.end).find(|&i| !filler(&self.lines[i])) else {
            return cannot("an empty list");
        };
        let column = indent(&self.lines[first]);
        if column < item.keys || !dash_at(&self.lines[first], column) {
            return cannot(format!("its `{}:` is not a list", at.name));
        }
        let starts: Vec<usize> = (first..at.end)
            .filter(|&i| dash_at(&self.lines[i], column))
            .collect();
        if starts.len() != old.len()
            || (first..at.end).any(|i| !filler(&self.lines[i]) && indent(&self.lines[i]) < column)
        {
            return cannot(format!("its `{}:` list is not one entry per line", at.name));
        }
        let ranges: Vec<(usize, usize)> = starts
            .iter()
            .enumerate()
            .map(|(n, &s)| {
                (
                    s,
                    self.trim_back(s + 1, starts.get(n + 1).copied().unwrap_or(at.end)),
                )
            })
            .collect();
        let prefix = " ".repeat(column);
        let render = |value: &Value| -> Result<Vec<String>, CannotEdit> {
            let yaml = written::entry_yaml(value).map_err(CannotEdit)?;
            Ok(Self::indented(&yaml, &prefix, &prefix))
        };
        // Replaced in place: each entry that differs is gone from the new
        // list (a score given again for its day), not moved.
        let replaced = old.len() == new.len()
            && old
                .iter()
                .zip(&new)
                .all(|(o, n)| o == n || !new.contains(o));
        if replaced {
            for n in (0..old.len()).rev() {
                if old[n] != new[n] {
                    let (start, end) = ranges[n];
                    if end != start + 1 {
                        return cannot(format!("an entry of `{}:` spans several lines", at.name));
                    }
                    let dash = &self.lines[start][column + 1..];
                    let (_, comment) = split_comment(dash);
                    let mut lines = render(&new[n])?;
                    if let Some(line) = lines.first_mut() {
                        line.push_str(comment);
                    }
                    self.lines.splice(start..end, lines);
                }
            }
            return Ok(());
        }
        let mut keep = Vec::new();
        let mut j = 0;
        for entry in &old {
            let kept = new.get(j) == Some(entry);
            keep.push(kept);
            if kept {
                j += 1;
            }
        }
        let appended = &new[j..];
        if appended.iter().any(|a| old.contains(a)) && keep.iter().any(|k| !k) {
            return cannot(format!("its `{}:` would change order", at.name));
        }
        let mut lines = Vec::new();
        for value in appended {
            lines.extend(render(value)?);
        }
        let (_, last_end) = ranges[ranges.len() - 1];
        self.lines.splice(last_end..last_end, lines);
        for (n, &(start, end)) in ranges.iter().enumerate().rev() {
            if !keep[n] {
                let comments: Vec<String> = self.lines[start + 1..end]
                    .iter()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .cloned()
                    .collect();
                self.lines.splice(start..end, comments);
            }
        }
        Ok(())
    }

    fn remove_item(&mut self, index: usize) -> Result<(), CannotEdit> {
        let Some(sequence) = self.sequence()? else {
            return cannot("the file has no `contacts:` list");
        };
        let Some(item) = sequence.items.get(index).copied() else {
            return cannot("the file has fewer contact blocks than contacts");
        };
        // A blank line after the block goes with it, unless it is all that
        // parts the contact before from what follows.
        let mut end = item.end;
        let after_content = item.start > sequence.key + 1 && !filler(&self.lines[item.start - 1]);
        let more = index + 1 < sequence.items.len();
        if more && !after_content && self.lines.get(end).is_some_and(|l| l.trim().is_empty()) {
            end += 1;
        }
        self.lines.drain(item.start..end);
        if sequence.items.len() == 1 {
            let (_, comment) = split_comment(&self.lines[sequence.key]["contacts:".len()..]);
            let empty =
                written::key_yaml("contacts", &Value::Tags(Vec::new())).map_err(CannotEdit)?;
            self.lines[sequence.key] = format!("{}{comment}", empty.trim_end());
        }
        Ok(())
    }

    fn add_item(&mut self, record: &Record) -> Result<(), CannotEdit> {
        let block = written::record_yaml(record).map_err(CannotEdit)?;
        let Some(sequence) = self.sequence()? else {
            let yaml = written::contacts_yaml(record).map_err(CannotEdit)?;
            if self.lines.last().is_some_and(|l| !l.trim().is_empty()) {
                self.lines.push(String::new());
            }
            self.lines.extend(yaml.lines().map(str::to_owned));
            self.trailing = true;
            return Ok(());
        };
        let (dash, keys, at, spaced) = match sequence.items.last() {
            Some(last) => {
                let spaced = sequence
                    .items
                    .iter()
                    .skip(1)
                    .any(|i| self.lines[i.start - 1].trim().is_empty());
                (last.dash, last.keys, last.end, spaced)
            }
            None => {
                let (_, comment) = split_comment(&self.lines[sequence.key]["contacts:".len()..]);
                self.lines[sequence.key] = format!("contacts:{comment}");
                (2, 4, sequence.end, false)
            }
        };
        let lead = " ".repeat(dash);
        let gap = " ".repeat(keys - dash - 1);
        let inner = " ".repeat(keys);
        let mut lines: Vec<String> = Vec::new();
        if spaced {
            lines.push(String::new());
        }
        for line in block.lines() {
            lines.push(match line.strip_prefix("- ") {
                Some(rest) => format!("{lead}-{gap}{rest}"),
                None => format!("{inner}{}", line.get(2..).unwrap_or_default()),
            });
        }
        self.lines.splice(at..at, lines);
        Ok(())
    }
}

/// The entries of a list value, each as a one-entry list of its kind.
fn entries(value: &Value) -> Vec<Value> {
    match value {
        Value::Lines(list) => list.iter().map(|v| Value::Lines(vec![v.clone()])).collect(),
        Value::Tags(list) => list.iter().map(|v| Value::Tags(vec![v.clone()])).collect(),
        Value::Scores(list) => list
            .iter()
            .map(|v| Value::Scores(vec![v.clone()]))
            .collect(),
        other => vec![other.clone()],
    }
}
