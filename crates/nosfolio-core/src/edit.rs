//! Editing a sidecar's or front matter's YAML text in place, so that a
//! candidate's comments, order and layout survive `nosfolio claim` and
//! `unclaim`. Only top-level keys and a `claims:` list in block or simple
//! flow style are edited; anything else is refused, and the caller decides
//! whether to rewrite the whole file (`--force`).

use std::fmt;

use serde::Serialize;

use crate::evidence::{Confidentiality, Witness};
use crate::yaml::{Block, Day};

/// A claim to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    /// The item id as it should be written (`PC2`, `networking:L3.2`).
    pub item: String,
    /// Where in the evidence.
    pub at: Option<String>,
    /// How it shows the item.
    pub note: Option<String>,
}

/// Why a text cannot be edited without changing what the user wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannotEdit(pub String);

impl fmt::Display for CannotEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Lines without their endings, and whether the text ended with one.
fn split_lines(text: &str) -> (Vec<String>, bool) {
    let ends = text.ends_with('\n');
    let lines = text
        .lines()
        .map(|l| l.trim_end_matches('\r').to_owned())
        .collect();
    (lines, ends)
}

fn join_lines(lines: &[String], ending: &str, trailing: bool) -> String {
    let mut out = lines.join(ending);
    if trailing || !out.is_empty() {
        out.push_str(ending);
    }
    out
}

fn is_top_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.starts_with(':'))
}

/// Whether a line continues the value of the top-level key above it.
fn is_continuation(line: &str) -> bool {
    line.is_empty() || line.starts_with([' ', '\t', '-', '#']) && !line.starts_with("---")
}

/// The value part after `key:`, and whether it holds a comment.
fn inline_value(line: &str) -> (&str, bool) {
    let value = line.split_once(':').map_or("", |(_, v)| v).trim();
    if value.starts_with('#') {
        // Only a comment: the value, if any, is on the lines below.
        return ("", true);
    }
    (value, value.contains(" #"))
}

/// Sets top-level `key` to `value`: replaces a one-line value in place, or
/// inserts the key before `claims:` (or at the end). A `date` is written
/// as a day (plain) when it is one, every other value as text.
///
/// # Errors
/// When the existing value spans lines or carries a comment.
pub fn set_field(text: &str, key: &str, value: &str) -> Result<String, CannotEdit> {
    let ending = line_ending(text);
    let (mut lines, trailing) = split_lines(text);
    let new_lines = if key == "date" {
        key_lines(key, &crate::yaml::DayText(value))?
    } else {
        key_lines(key, value)?
    };
    if let Some(index) = lines.iter().position(|l| is_top_key(l, key)) {
        let (current, commented) = inline_value(&lines[index]);
        let multi_line = current.is_empty()
            || current.starts_with(['|', '>', '[', '{', '&', '*', '!'])
            || lines
                .get(index + 1)
                .is_some_and(|next| next.starts_with([' ', '\t']));
        if commented || multi_line {
            return Err(CannotEdit(format!(
                "its `{key}:` spans several lines or carries a comment"
            )));
        }
        lines.splice(index..=index, new_lines);
    } else {
        insert_before_claims(&mut lines, new_lines);
    }
    still_yaml(text, join_lines(&lines, ending, trailing))
}

/// Inserts `new_lines` before the top-level `claims:` key, or at the end
/// when there is none.
fn insert_before_claims(lines: &mut Vec<String>, new_lines: Vec<String>) {
    let at = lines
        .iter()
        .position(|l| is_top_key(l, "claims"))
        .unwrap_or(lines.len());
    lines.splice(at..at, new_lines);
}

/// Sets top-level `key` to a value of any shape (the witness, say):
/// replaces the key and the lines of its value, or inserts it before
/// `claims:` (or at the end).
///
/// # Errors
/// When the existing value carries a comment, or is not written as a
/// block under its key.
pub fn set_value<T: Serialize + ?Sized>(
    text: &str,
    key: &str,
    value: &T,
) -> Result<String, CannotEdit> {
    let ending = line_ending(text);
    let (mut lines, trailing) = split_lines(text);
    let new_lines = key_lines(key, value)?;
    if let Some((index, end)) = key_block(&lines, key) {
        let (_, commented) = inline_value(&lines[index]);
        let inner_comment = lines[index + 1..end]
            .iter()
            .any(|l| l.trim_start().starts_with('#') || l.contains(" #"));
        if commented || inner_comment {
            return Err(CannotEdit(format!("its `{key}:` carries a comment")));
        }
        lines.splice(index..end, new_lines);
    } else {
        insert_before_claims(&mut lines, new_lines);
    }
    still_yaml(text, join_lines(&lines, ending, trailing))
}

/// The top-level `key`'s line and the lines of its block value
/// (`start..end`), when the key is there.
fn key_block(lines: &[String], key: &str) -> Option<(usize, usize)> {
    let index = lines.iter().position(|l| is_top_key(l, key))?;
    let mut end = index + 1;
    while end < lines.len() && is_continuation(&lines[end]) && !lines[end].is_empty() {
        end += 1;
    }
    Some((index, end))
}

/// Removes top-level `key` and the lines of its value; the text is
/// returned unchanged when the key is not there.
///
/// # Errors
/// When the value carries a comment (it would be lost with it).
pub fn remove_key(text: &str, key: &str) -> Result<String, CannotEdit> {
    let ending = line_ending(text);
    let (mut lines, trailing) = split_lines(text);
    let Some((index, end)) = key_block(&lines, key) else {
        return Ok(text.to_owned());
    };
    let (_, commented) = inline_value(&lines[index]);
    if commented
        || lines[index + 1..end]
            .iter()
            .any(|l| l.trim_start().starts_with('#') || l.contains(" #"))
    {
        return Err(CannotEdit(format!("its `{key}:` carries a comment")));
    }
    lines.drain(index..end);
    still_yaml(text, join_lines(&lines, ending, trailing))
}

fn claim_lines(claim: &NewClaim, indent: &str) -> Result<Vec<String>, CannotEdit> {
    entry_lines(
        &ClaimYaml::new(&claim.item, claim.at.as_deref(), claim.note.as_deref()),
        indent,
    )
}

/// A top-level list key's line and the lines of its block value (`start..end`).
fn list_block(lines: &[String], name: &str) -> Option<(usize, usize)> {
    let key = lines.iter().position(|l| is_top_key(l, name))?;
    let mut end = key + 1;
    while end < lines.len() && is_continuation(&lines[end]) {
        end += 1;
    }
    // Trailing blank or comment lines belong to what follows, not to the list.
    while end > key + 1
        && (lines[end - 1].trim().is_empty() || lines[end - 1].trim_start().starts_with('#'))
    {
        end -= 1;
    }
    Some((key, end))
}

/// Simple flow list items (`[PC1, B4]`), or `None` when the flow holds anything else.
fn flow_items(value: &str) -> Option<Vec<String>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if inner.contains(['[', ']', '{', '}', '#', '"', '\'', '&', '*']) {
        return None;
    }
    Some(
        inner
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Appends claims to the `claims:` list.
///
/// # Errors
/// When the list is neither a block sequence nor a simple one-line flow
/// list, or a flow list would need `at`/`note` maps.
pub fn add_claims(text: &str, claims: &[NewClaim]) -> Result<String, CannotEdit> {
    let entries = claims
        .iter()
        .map(|c| {
            Ok(Entry {
                lines: claim_lines(c, "")?,
                flow: if c.at.is_none() && c.note.is_none() {
                    flow_scalar(&c.item)?
                } else {
                    None
                },
            })
        })
        .collect::<Result<Vec<_>, CannotEdit>>()?;
    still_yaml(text, add_to_list(text, "claims", &entries)?)
}

/// Appends plain values to the top-level list `name:` (`files:` of a piece
/// of several files, `standards:` in `portfolio.yaml`), as [`add_claims`]
/// appends claims.
///
/// # Errors
/// When the list is neither a block sequence nor a simple one-line flow
/// list.
pub fn add_list_items(text: &str, name: &str, values: &[String]) -> Result<String, CannotEdit> {
    let entries = values
        .iter()
        .map(|value| {
            Ok(Entry {
                lines: entry_lines(value.as_str(), "")?,
                flow: flow_scalar(value)?,
            })
        })
        .collect::<Result<Vec<_>, CannotEdit>>()?;
    still_yaml(text, add_to_list(text, name, &entries)?)
}

/// A new entry of a list, as block lines (without indent) and, when it
/// fits in a one-line flow list, as a flow scalar.
struct Entry {
    lines: Vec<String>,
    flow: Option<String>,
}

/// Whether a scalar can go in a flow list as it is.
fn flow_safe(scalar: &str) -> bool {
    scalar.starts_with(['"', '\'']) || !scalar.contains([',', '[', ']', '{', '}', '#'])
}

fn add_to_list(text: &str, key: &str, entries: &[Entry]) -> Result<String, CannotEdit> {
    if entries.is_empty() {
        return Ok(text.to_owned());
    }
    let ending = line_ending(text);
    let (mut lines, trailing) = split_lines(text);
    let indented = |indent: &str| -> Vec<String> {
        entries
            .iter()
            .flat_map(|e| e.lines.iter().map(move |l| format!("{indent}{l}")))
            .collect()
    };
    let Some((at, end)) = list_block(&lines, key) else {
        let insert = if key == "claims" {
            lines.len()
        } else {
            lines
                .iter()
                .position(|l| is_top_key(l, "claims"))
                .unwrap_or(lines.len())
        };
        let mut new = vec![format!("{key}:")];
        new.extend(indented("  "));
        lines.splice(insert..insert, new);
        return Ok(join_lines(&lines, ending, trailing));
    };
    let (value, commented) = inline_value(&lines[at]);
    if value.is_empty() {
        let indent = lines[at + 1..end]
            .iter()
            .find_map(|l| {
                l.trim_start()
                    .starts_with("- ")
                    .then(|| l[..l.len() - l.trim_start().len()].to_owned())
            })
            .unwrap_or_else(|| "  ".to_owned());
        lines.splice(end..end, indented(&indent));
        return Ok(join_lines(&lines, ending, trailing));
    }
    if commented {
        return Err(CannotEdit(format!("its `{key}:` line carries a comment")));
    }
    let Some(mut items) = flow_items(value) else {
        return Err(CannotEdit(format!(
            "its `{key}:` list is not a simple list"
        )));
    };
    let flows: Option<Vec<String>> = entries
        .iter()
        .map(|e| e.flow.clone().filter(|f| flow_safe(f)))
        .collect();
    let Some(flows) = flows else {
        if items.is_empty() {
            lines[at] = format!("{key}:");
            lines.splice(at + 1..at + 1, indented("  "));
            return Ok(join_lines(&lines, ending, trailing));
        }
        return Err(CannotEdit(format!(
            "its `{key}:` is a one-line list, which cannot hold `at` and `note`"
        )));
    };
    items.extend(flows);
    lines[at] = format!("{key}: [{}]", items.join(", "));
    Ok(join_lines(&lines, ending, trailing))
}

/// Removes the claims whose item is written as one of `written` (as it
/// appears in the file).
///
/// # Errors
/// When the list is not one nosfolio can edit in place.
pub fn remove_claims(text: &str, written: &[String]) -> Result<String, CannotEdit> {
    still_yaml(text, remove_claims_lines(text, written)?)
}

/// The edit, if the text was YAML before it and still is after. The editor
/// works on lines; a line that looks like a top-level key may really be
/// inside a multi-line quoted value, and such an edit is refused.
fn still_yaml(before: &str, after: String) -> Result<String, CannotEdit> {
    let reads = |text: &str| crate::yaml::from_str::<serde::de::IgnoredAny>("", text).is_ok();
    if reads(before) && !reads(&after) {
        return Err(CannotEdit(
            "its layout (a value spanning several lines?) cannot be kept by an edit in place"
                .into(),
        ));
    }
    Ok(after)
}

fn remove_claims_lines(text: &str, written: &[String]) -> Result<String, CannotEdit> {
    let ending = line_ending(text);
    let (mut lines, trailing) = split_lines(text);
    let Some((key, end)) = list_block(&lines, "claims") else {
        return Ok(text.to_owned());
    };
    let (value, commented) = inline_value(&lines[key]);
    let unquote = |s: &str| s.trim().trim_matches('"').trim_matches('\'').to_owned();
    if !value.is_empty() {
        if commented {
            return Err(CannotEdit("its `claims:` line carries a comment".into()));
        }
        let Some(items) = flow_items(value) else {
            return Err(CannotEdit("its `claims:` list is not a simple list".into()));
        };
        let kept: Vec<String> = items
            .into_iter()
            .filter(|i| !written.contains(&unquote(i)))
            .collect();
        lines[key] = format!("claims: [{}]", kept.join(", "));
        return Ok(join_lines(&lines, ending, trailing));
    }
    // Block sequence: entries start at lines `<indent>- `.
    let indent = lines[key + 1..end]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map(|l| l.len() - l.trim_start().len());
    let Some(indent) = indent else {
        return Ok(text.to_owned());
    };
    let starts: Vec<usize> = (key + 1..end)
        .filter(|&i| {
            // `get`: the indent was measured on another line, and may not
            // fall on a character boundary of this one.
            lines[i]
                .get(..indent)
                .is_some_and(|lead| lead.trim().is_empty())
                && lines[i]
                    .get(indent..)
                    .is_some_and(|rest| rest.starts_with("- "))
        })
        .collect();
    let mut remove = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let stop = starts.get(n + 1).copied().unwrap_or(end);
        let first = lines[start].get(indent + 2..).unwrap_or_default().trim();
        let item = match first.strip_prefix("item:") {
            Some(rest) => Some(unquote(rest.split(" #").next().unwrap_or(rest))),
            // A scalar: quoted, or plain (`networking:L3.2` has a colon,
            // but no colon followed by a space as a map key has).
            None if first.starts_with(['"', '\''])
                || !(first.contains(": ") || first.ends_with(':')) =>
            {
                Some(unquote(first.split(" #").next().unwrap_or(first)))
            }
            None => {
                // A map whose `item:` is not its first key.
                lines[start + 1..stop].iter().find_map(|l| {
                    l.trim()
                        .strip_prefix("item:")
                        .map(|rest| unquote(rest.split(" #").next().unwrap_or(rest)))
                })
            }
        };
        if item.is_some_and(|i| written.contains(&i)) {
            remove.push(start..stop);
        }
    }
    for range in remove.into_iter().rev() {
        lines.drain(range);
    }
    if !lines.get(key + 1).is_some_and(|l| {
        is_continuation(l) && !l.trim().is_empty() && !l.trim_start().starts_with('#')
    }) {
        // Nothing left in the list; a comment on its line stays.
        let comment = lines[key]
            .split_once(':')
            .map(|(_, v)| v.trim())
            .filter(|v| v.starts_with('#'))
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        lines[key] = format!("claims: []{comment}");
    }
    Ok(join_lines(&lines, ending, trailing))
}

/// The fields of a sidecar in their usual order, as nosfolio writes them:
/// snake_case keys, absent fields left out, strings quoted by the
/// serializer where YAML needs it. `confidentiality` and `claims` are
/// always written, so that a candidate sees who may see the piece and
/// where its claims go.
#[derive(Serialize)]
struct SidecarYaml<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Day>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    evidence_type: Option<&'a str>,
    confidentiality: Confidentiality,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    witness: Option<&'a Witness>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Block<'a>>,
    claims: Vec<ClaimYaml<'a>>,
}

/// One entry of `claims:`: a bare id, or a map when it says where and how.
#[derive(Serialize)]
#[serde(untagged)]
enum ClaimYaml<'a> {
    Bare(&'a str),
    Full {
        item: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'a str>,
    },
}

impl<'a> ClaimYaml<'a> {
    fn new(item: &'a str, at: Option<&'a str>, note: Option<&'a str>) -> Self {
        if at.is_none() && note.is_none() {
            Self::Bare(item)
        } else {
            Self::Full { item, at, note }
        }
    }
}

/// The whole description written anew from `meta` by the YAML serializer:
/// for a new sidecar, and for `--force` when the text cannot be edited in
/// place (comments and layout are not kept).
///
/// # Errors
/// When the serializer refuses (it has no reason to for these fields).
pub fn render_meta(meta: &crate::evidence::EvidenceMeta) -> Result<String, CannotEdit> {
    let sidecar = SidecarYaml {
        title: meta.title.as_deref(),
        date: meta.date.map(Day),
        evidence_type: meta.evidence_type.as_ref().map(|t| t.value.as_str()),
        confidentiality: meta.confidentiality,
        draft: meta.draft,
        files: meta.files.iter().map(|f| f.value.as_str()).collect(),
        witness: meta.witness.as_ref(),
        description: meta.description.as_deref().map(Block),
        claims: meta
            .claims
            .iter()
            .map(|c| ClaimYaml::new(&c.item.value, c.at.as_deref(), c.note.as_deref()))
            .collect(),
    };
    serialized(&sidecar)
}

/// `value` as YAML text, or why it cannot be.
fn serialized<T: Serialize>(value: &T) -> Result<String, CannotEdit> {
    crate::yaml::to_string(value)
        .map_err(|error| CannotEdit(format!("cannot write it as YAML: {}", error.reason())))
}

/// The lines of `key: value` as the serializer writes them.
fn key_lines<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<Vec<String>, CannotEdit> {
    let mut map = std::collections::BTreeMap::new();
    map.insert(key, value);
    Ok(serialized(&map)?.lines().map(str::to_owned).collect())
}

/// The lines of one list entry as the serializer writes them, indented by
/// `indent`.
fn entry_lines<T: Serialize + ?Sized>(value: &T, indent: &str) -> Result<Vec<String>, CannotEdit> {
    Ok(serialized(&[value])?
        .lines()
        .map(|line| format!("{indent}{line}"))
        .collect())
}

/// A scalar as the one writer writes it, for a one-line flow list: as in
/// a block where that is safe there, else quoted; `None` when it cannot
/// be written on one line.
fn flow_scalar(value: &str) -> Result<Option<String>, CannotEdit> {
    let cannot = |error: crate::yaml::YamlWriteError| {
        CannotEdit(format!("cannot write it as YAML: {}", error.reason()))
    };
    let mut written = crate::yaml::scalar(value, false).map_err(cannot)?;
    if !flow_safe(&written) {
        written = crate::yaml::scalar(value, true).map_err(cannot)?;
    }
    Ok((!written.contains('\n')).then_some(written))
}

/// Removes top-level `key` (a one-line value) and, when the line above it
/// is exactly one of `comments`, that comment too; everything else is kept as
/// written. Text without the key is returned unchanged.
///
/// # Errors
/// When the key's value spans lines, so that removing one line would leave
/// the rest behind.
pub(crate) fn remove_field(text: &str, key: &str, comments: &[&str]) -> Result<String, CannotEdit> {
    let ending = line_ending(text);
    let (mut lines, trailing) = split_lines(text);
    let Some(index) = lines.iter().position(|l| is_top_key(l, key)) else {
        return Ok(text.to_owned());
    };
    let (value, _) = inline_value(&lines[index]);
    if value.is_empty()
        || lines
            .get(index + 1)
            .is_some_and(|next| next.starts_with([' ', '\t']))
    {
        return Err(CannotEdit(format!("its `{key}:` spans several lines")));
    }
    lines.remove(index);
    if index > 0 && comments.contains(&lines[index - 1].trim_end()) {
        lines.remove(index - 1);
    }
    still_yaml(text, join_lines(&lines, ending, trailing))
}

#[cfg(test)]
mod tests {

    #[test]
    fn plain_values_are_appended_to_any_top_level_list() {
        let add = |text: &str| add_list_items(text, "standards", &["networking".into()]).unwrap();
        assert_eq!(
            add("candidate: A\nstandards: [mla3]\n"),
            "candidate: A\nstandards: [mla3, networking]\n"
        );
        assert_eq!(
            add("standards:\n    # the unit\n    - mla3\n\n# policy next\npolicy: {}\n"),
            "standards:\n    # the unit\n    - mla3\n    - networking\n\n# policy next\npolicy: {}\n"
        );
        assert_eq!(
            add("candidate: A\n"),
            "candidate: A\nstandards:\n  - networking\n"
        );
        let quoted = add_list_items(
            "standards: [mla3]\n",
            "standards",
            &["my: file.yaml".into()],
        );
        assert_eq!(quoted.unwrap(), "standards: [mla3, \"my: file.yaml\"]\n");
        assert!(add_list_items("standards: [mla3] # mine\n", "standards", &["x".into()]).is_err());
    }

    use super::*;

    fn claim(item: &str) -> NewClaim {
        NewClaim {
            item: item.into(),
            at: None,
            note: None,
        }
    }

    const BLOCK: &str = "# my notes on this email\ntitle: Email to Finance  \ndate: 2025-04-02\nclaims:\n  - PC2   # the main one\n  - item: PC5\n    at: paragraph 2\n\n# keep this comment\nwitness: {name: A, role: B}\n";

    /// Regression (found by fuzzing `claims_edit`): an indent of one kind
    /// of white space measured on one line used to slice another line
    /// inside a multi-byte character, and panic.
    #[test]
    fn mixed_unicode_indents_do_not_panic() {
        let text = "claims:\n\u{3000}- PC1\n \u{feff}- PC2\n  - PC3\n";
        let _ = remove_claims(text, &["PC1".into(), "PC2".into()]);
        let _ = add_claims(
            text,
            &[NewClaim {
                item: "PC4".into(),
                at: None,
                note: None,
            }],
        );
    }

    /// Regression (found by fuzzing `claims_edit`): a line reading
    /// `claims:` inside a multi-line quoted title is not the claims key.
    #[test]
    fn a_claims_line_inside_a_quoted_value_is_not_edited() {
        let text = "title: \"A thread\nclaims:\n  - item: PC4 x\"\nclaims:\n  - PC1\n";
        let new = [NewClaim {
            item: "PC2".into(),
            at: Some("post 2".into()),
            note: None,
        }];
        match add_claims(text, &new) {
            Ok(edited) => {
                let (meta, problems) = crate::evidence::parse_meta("x.yaml", &edited, 0);
                assert!(problems.is_empty(), "{problems:?}\n{edited}");
                assert!(meta.is_some());
            }
            Err(CannotEdit(reason)) => assert!(reason.contains("cannot be kept"), "{reason}"),
        }
    }

    /// Regression (found by the round-trip property): `claim` writes a
    /// qualified id quoted, and `unclaim` must find it again; a comment on
    /// the `claims:` line must not stop either.
    #[test]
    fn quoted_qualified_ids_and_commented_claims_lines_round_trip() {
        let text = "claims: # mine\n  - PC1\n";
        let new = [NewClaim {
            item: "networking:L3.2".into(),
            at: None,
            note: None,
        }];
        let claimed = add_claims(text, &new).unwrap();
        assert_eq!(claimed, "claims: # mine\n  - PC1\n  - networking:L3.2\n");
        assert_eq!(
            remove_claims(&claimed, &["networking:L3.2".into()]).unwrap(),
            text
        );
        assert_eq!(
            remove_claims(text, &["PC1".into()]).unwrap(),
            "claims: [] # mine\n"
        );
        assert_eq!(
            flow_scalar(", then").unwrap().as_deref(),
            Some("\", then\"")
        );
        // Regression: characters YAML refuses even inside quotes.
        for odd in ['\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}', '\u{ffff}'] {
            let value = format!("a{odd}b");
            let text = set_field("claims: []\n", "title", &value).unwrap();
            let (meta, problems) = crate::evidence::parse_meta("x.yaml", &text, 0);
            assert!(problems.is_empty(), "{odd:?}: {problems:?}");
            assert_eq!(meta.unwrap().title.as_deref(), Some(value.as_str()));
        }
    }

    #[test]
    fn block_lists_grow_in_place_keeping_comments() {
        let out = add_claims(
            BLOCK,
            &[
                claim("B3"),
                NewClaim {
                    item: "PC3".into(),
                    at: Some("p. 3".into()),
                    note: Some("Sets \"limits\"".into()),
                },
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "# my notes on this email\ntitle: Email to Finance  \ndate: 2025-04-02\nclaims:\n  - PC2   # the main one\n  - item: PC5\n    at: paragraph 2\n  - B3\n  - item: PC3\n    at: p. 3\n    note: Sets \"limits\"\n\n# keep this comment\nwitness: {name: A, role: B}\n"
        );
    }

    #[test]
    fn flow_lists_grow_in_place_and_crlf_is_kept() {
        let out = add_claims("title: x\r\nclaims: [PC1, B4]\r\n", &[claim("KC8")]).unwrap();
        assert_eq!(out, "title: x\r\nclaims: [PC1, B4, KC8]\r\n");
        let out = add_claims(
            "title: x\nclaims: []\n",
            &[NewClaim {
                item: "PC1".into(),
                at: Some("p. 1".into()),
                note: None,
            }],
        )
        .unwrap();
        assert_eq!(out, "title: x\nclaims:\n  - item: PC1\n    at: p. 1\n");
        assert!(
            add_claims(
                "claims: [PC1]\n",
                &[NewClaim {
                    item: "B1".into(),
                    at: Some("x".into()),
                    note: None
                }]
            )
            .is_err()
        );
        assert!(add_claims("claims: [PC1] # mine\n", &[claim("B1")]).is_err());
        assert!(add_claims("claims: [PC1,\n  B4]\n", &[claim("B1")]).is_err());
    }

    #[test]
    fn qualified_ids_join_one_line_lists_and_read_back() {
        let out = add_claims("claims: [PC1]\n", &[claim("networking:L3.2")]).unwrap();
        assert_eq!(out, "claims: [PC1, networking:L3.2]\n");
        let (meta, problems) = crate::evidence::parse_meta("x.yaml", &out, 0);
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<String> = meta
            .unwrap()
            .claims
            .into_iter()
            .map(|c| c.item.value)
            .collect();
        assert_eq!(ids, ["PC1", "networking:L3.2"]);
        assert_eq!(
            remove_claims(&out, &["networking:L3.2".into()]).unwrap(),
            "claims: [PC1]\n"
        );
        // A path the flow list cannot hold as it is goes in quoted.
        let out = add_list_items("files: [a.png]\n", "files", &["b, c.png".into()]).unwrap();
        assert_eq!(out, "files: [a.png, \"b, c.png\"]\n");
    }

    #[test]
    fn a_missing_claims_key_is_added() {
        assert_eq!(
            add_claims("title: x\n", &[claim("PC1")]).unwrap(),
            "title: x\nclaims:\n  - PC1\n"
        );
    }

    #[test]
    fn claims_are_removed_with_their_lines_only() {
        let out = remove_claims(BLOCK, &["PC5".into()]).unwrap();
        assert_eq!(
            out,
            "# my notes on this email\ntitle: Email to Finance  \ndate: 2025-04-02\nclaims:\n  - PC2   # the main one\n\n# keep this comment\nwitness: {name: A, role: B}\n"
        );
        let out = remove_claims(&out, &["PC2".into()]).unwrap();
        assert!(out.contains("claims: []\n\n# keep this comment"), "{out}");
        assert_eq!(
            remove_claims("claims: [PC1, B4, KC8]\n", &["B4".into()]).unwrap(),
            "claims: [PC1, KC8]\n"
        );
    }

    #[test]
    fn fields_are_set_in_place_or_before_claims() {
        assert_eq!(
            set_field(BLOCK, "date", "2025-05-01")
                .unwrap()
                .lines()
                .nth(2),
            Some("date: 2025-05-01")
        );
        let out = set_field("title: x\nclaims: [PC1]\n", "type", "correspondence").unwrap();
        assert_eq!(out, "title: x\ntype: correspondence\nclaims: [PC1]\n");
        assert!(set_field("title: x # mine\n", "title", "y").is_err());
        assert!(set_field("description: |\n  long\n", "description", "y").is_err());
    }

    #[test]
    fn a_rendered_description_reads_back_the_same() {
        let text = "title: \"A: b\"\ndate: 2025-04-02\ntype: reports\nconfidentiality: private\nfiles: [a.png]\nwitness: {name: Sam, role: Lead, organisation: X, date: 2025-01-02}\ndescription: |\n  Line one.\n\n  Line two.\nclaims:\n  - PC1\n  - item: B4\n    at: p. 2\n    note: \"yes\"\n";
        let (meta, problems) = crate::evidence::parse_meta("x.yaml", text, 0);
        assert!(problems.is_empty(), "{problems:?}");
        let meta = meta.unwrap();
        let (again, problems) =
            crate::evidence::parse_meta("x.yaml", &render_meta(&meta).unwrap(), 0);
        assert!(problems.is_empty(), "{problems:?}");
        let strip = |m: crate::evidence::EvidenceMeta| {
            (
                m.title,
                m.date,
                m.evidence_type.map(|t| t.value),
                m.confidentiality,
                m.files.into_iter().map(|f| f.value).collect::<Vec<_>>(),
                m.description,
                m.witness,
                m.claims
                    .into_iter()
                    .map(|c| (c.item.value, c.at, c.note))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(strip(again.unwrap()), strip(meta));
    }

    /// Text that YAML reads as something else unless it is written with
    /// care: the security tests' corpus.
    const HOSTILE: [&str; 14] = [
        "a\u{2028}b",
        "a\u{2029}b\u{85}c",
        ", leading comma",
        "key: value",
        "# not a comment",
        "ends with #",
        "\"double\" and 'single'",
        "line one\nline two\n\n  indented\n",
        "\n leading break",
        "yes",
        "2025-04-02",
        "- dash",
        "tab\there\r\nand CRLF",
        "\u{1b}[31m\u{7}\u{feff}\u{202e}=HYPERLINK(\"x\")",
    ];

    #[test]
    fn hostile_text_reads_back_as_written() {
        for text in HOSTILE {
            let meta = crate::evidence::EvidenceMeta {
                title: Some(text.to_owned()),
                evidence_type: Some(crate::evidence::Located {
                    value: text.to_owned(),
                    position: None,
                }),
                files: vec![crate::evidence::Located {
                    value: text.to_owned(),
                    position: None,
                }],
                description: Some(text.to_owned()),
                witness: Some(Witness {
                    name: text.to_owned(),
                    role: text.to_owned(),
                    organisation: Some(text.to_owned()),
                    relationship: Some(text.to_owned()),
                    date: None,
                    contact: Some(text.to_owned()),
                }),
                claims: vec![crate::evidence::ClaimText {
                    item: crate::evidence::Located {
                        value: "PC1".to_owned(),
                        position: None,
                    },
                    at: Some(text.to_owned()),
                    note: Some(text.to_owned()),
                }],
                ..Default::default()
            };
            let rendered = render_meta(&meta).unwrap();
            let (again, problems) = crate::evidence::parse_meta("x.yaml", &rendered, 0);
            assert!(problems.is_empty(), "{text:?}: {problems:?}\n{rendered}");
            let again = again.unwrap();
            // Read back as written, but trimmed as every description is.
            let trimmed = text.trim();
            assert_eq!(again.title.as_deref(), Some(trimmed), "{rendered}");
            assert_eq!(again.description.as_deref(), Some(trimmed), "{rendered}");
            assert_eq!(again.files[0].value, text, "{rendered}");
            assert_eq!(again.witness, meta.witness, "{rendered}");
            assert_eq!(again.claims[0].at.as_deref(), Some(trimmed), "{rendered}");

            let edited = set_field("claims: []\n", "title", text).unwrap();
            let edited = add_claims(
                &edited,
                &[NewClaim {
                    item: "PC2".into(),
                    at: Some(text.to_owned()),
                    note: None,
                }],
            )
            .unwrap();
            let edited = set_value(&edited, "witness", meta.witness.as_ref().unwrap()).unwrap();
            let edited = add_list_items(&edited, "files", &[text.to_owned()]).unwrap();
            let (again, problems) = crate::evidence::parse_meta("x.yaml", &edited, 0);
            assert!(problems.is_empty(), "{text:?}: {problems:?}\n{edited}");
            let again = again.unwrap();
            assert_eq!(again.title.as_deref(), Some(trimmed), "{edited}");
            assert_eq!(again.claims[0].at.as_deref(), Some(trimmed), "{edited}");
            assert_eq!(again.witness, meta.witness, "{edited}");
            assert_eq!(again.files[0].value, text, "{edited}");
        }
    }

    #[test]
    fn a_new_sidecar_is_plain_yaml_in_the_usual_order() {
        let (meta, _) = crate::evidence::parse_meta(
            "x.yaml",
            "claims: [PC1, {item: B4, at: p. 2}]\nwitness: {name: Sam Lee, role: Team leader, contact: sam@example.org}\nfiles: [p1.png, p2.png]\ndate: 2025-04-02\ntitle: Statement\ndescription: \"One.\\n\\nTwo.\"\n",
            0,
        );
        assert_eq!(
            render_meta(&meta.unwrap()).unwrap(),
            "title: Statement\ndate: 2025-04-02\nconfidentiality: assessor\nfiles:\n  - p1.png\n  - p2.png\nwitness:\n  name: Sam Lee\n  role: Team leader\n  contact: sam@example.org\ndescription: |-\n  One.\n\n  Two.\nclaims:\n  - PC1\n  - item: B4\n    at: p. 2\n"
        );
    }
}
