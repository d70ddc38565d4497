//! Mahara SmartEvidence frameworks (`.matrix` JSON), both ways.
//!
//! A framework has standards, and standard elements that attach to a
//! standard by `standardid` and may nest under another element by
//! `parentelementid`. Standards become the nodes at the top of the tree
//! and elements the nodes below them, nested as Mahara nests them: an
//! element with elements under it is a claimable node with children (every
//! Mahara element can be assessed). An element named `COMPETENCY.level-N`
//! under the element `COMPETENCY` (as nosfolio writes the levels of a
//! competency) is that level again, and the elements above levels are
//! headings. A framework whose standards are all `level-N` (as nosfolio
//! writes a framework's own levels) becomes a competency framework again;
//! its nested elements are then flattened into their level, and reported.

use std::collections::HashMap;

use nosfolio_core::{Group, Item, Standard};
use serde_json::{Map, Value, json};

use crate::ids::{Ids, json_id, standard_id, text_like_ids};
use crate::report::{ImportError, ImportReport, kind};
use crate::{Format, ImportOptions, Imported, assemble, html};

/// Mahara keeps at most this many characters of an element's name.
const NAME_LIMIT: usize = 255;

/// A text field, converted from HTML when it looks like HTML.
fn text_of(object: &Map<String, Value>, key: &str, at: &str, report: &mut ImportReport) -> String {
    match object.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) if html::looks_like_html(s) => html::html_to_text(s),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            report.note(
                "wrong-type",
                Some(format!("{at}.{key}")),
                format!("expected text, found {}; ignored", kind(other)),
            );
            String::new()
        }
    }
}

/// An element's text: its name, and its description when that says more.
/// A name that is the description, or its start shortened with `…` (as
/// nosfolio writes them), is not repeated.
fn element_text(name: &str, description: &str) -> String {
    let shortened = name.strip_suffix('…');
    if description.is_empty() {
        name.to_owned()
    } else if name.is_empty()
        || description == name
        || shortened.is_some_and(|start| description.starts_with(start))
    {
        description.to_owned()
    } else {
        format!("{name}\n\n{description}")
    }
}

fn level_number(shortname: &str) -> Option<u32> {
    shortname.strip_prefix("level-")?.parse().ok()
}

const FRAMEWORK_KEYS: &[&str] = &[
    "name",
    "description",
    "institution",
    "selfassess",
    "evidencestatuses",
    "standards",
    "standardelements",
];

pub(crate) fn import(
    file: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::json(file, &e))?;
    let framework = value
        .get("framework")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            ImportError::shape(
                file,
                "framework",
                "a Mahara .matrix needs a `framework` object",
            )
        })?;
    let mut report = ImportReport::new(Format::Mahara);
    let title = text_of(framework, "name", "framework", &mut report);
    if title.is_empty() {
        return Err(ImportError::shape(
            file,
            "framework.name",
            "the framework has no name (Mahara requires one); add `\"name\": \"…\"`",
        ));
    }
    let overview = text_of(framework, "description", "framework", &mut report);
    for key in framework
        .keys()
        .filter(|k| !FRAMEWORK_KEYS.contains(&k.as_str()))
    {
        report.note(
            "not-carried-over",
            Some(format!("framework.{key}")),
            "unknown key; ignored".into(),
        );
    }
    if let Some(institution) = framework.get("institution") {
        report.note(
            "not-carried-over",
            Some("framework.institution".into()),
            format!("institution {institution} (nosfolio standards belong to no institution)"),
        );
    }
    if framework
        .get("selfassess")
        .is_some_and(|v| v == &Value::Bool(true))
    {
        report.note(
            "not-carried-over",
            Some("framework.selfassess".into()),
            "self-assessment is on; nosfolio has candidates claim and assessors decide".into(),
        );
    }
    if let Some(statuses) = framework.get("evidencestatuses").and_then(Value::as_array) {
        let names: Vec<String> = statuses
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|o| {
                o.iter()
                    .map(|(k, v)| format!("{k} ({})", v.as_str().unwrap_or("")))
            })
            .collect();
        report.note(
            "not-carried-over",
            Some("framework.evidencestatuses".into()),
            format!(
                "evidence statuses {} (nosfolio's statuses are claimed, accepted, referred, stale)",
                names.join(", ")
            ),
        );
    }

    let standards = array(framework, "standards", file)?;
    let elements = array(framework, "standardelements", file)?;
    report.source_entries = elements.len();

    // Groups, keyed by the standard's id as text.
    let mut group_ids = Ids::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut by_standard: HashMap<String, usize> = HashMap::new();
    let mut shortnames = Vec::new();
    for (n, standard) in standards.iter().enumerate() {
        let at = format!("framework.standards[{n}]");
        let Some(standard) = report.object(standard, &at) else {
            continue;
        };
        let shortname = json_id(standard.get("shortname"));
        let name = text_of(standard, "name", &at, &mut report);
        let intro = text_of(standard, "description", &at, &mut report);
        let id = group_ids.assign(
            shortname.as_deref(),
            &format!("standard-{}", n + 1),
            &mut report,
        );
        let key = json_id(standard.get("standardid")).unwrap_or_else(|| {
            report.note(
                "missing",
                Some(at.clone()),
                "no `standardid`: no element can attach to it".into(),
            );
            format!("#{n}")
        });
        if by_standard.insert(key.clone(), groups.len()).is_some() {
            report.note(
                "duplicate-id",
                Some(at.clone()),
                format!("standardid {key} is used by an earlier standard too; elements attach to this one"),
            );
        }
        shortnames.push(shortname.unwrap_or_default());
        groups.push(Group {
            title: if name.is_empty() { id.clone() } else { name },
            id,
            intro: (!intro.is_empty()).then_some(intro),
            level: None,
            items: Vec::new(),
            questions: Vec::new(),
            ..Group::default()
        });
    }
    if groups.is_empty() {
        return Err(ImportError::shape(
            file,
            "framework.standards",
            "the framework has no standards, so its elements have nowhere to go",
        ));
    }

    let mut item_ids = Ids::default();
    let mut element_ids: HashMap<String, usize> = HashMap::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut parents = 0;
    for (n, element) in elements.iter().enumerate() {
        let at = format!("framework.standardelements[{n}]");
        let Some(element) = report.object(element, &at) else {
            continue;
        };
        let element_id = json_id(element.get("elementid"));
        if let Some(eid) = &element_id
            && let Some(first) = element_ids.insert(eid.clone(), n)
        {
            report.note(
                "duplicate-id",
                Some(at.clone()),
                format!("elementid `{eid}` was already used by standardelements[{first}]; both are kept under different ids"),
            );
        }
        let Some(group) =
            json_id(element.get("standardid")).and_then(|s| by_standard.get(&s).copied())
        else {
            report.note(
                "not-carried-over",
                Some(at),
                format!(
                    "element `{}` names no existing standard (`standardid`); left out",
                    element_id.as_deref().unwrap_or("?")
                ),
            );
            continue;
        };
        // Mahara's own export writes `parentid`; its import reads
        // `parentelementid`: either names the parent.
        let parent = |key: &str| element.get(key).is_some_and(|p| !p.is_null());
        if parent("parentelementid") || parent("parentid") {
            parents += 1;
        }
        let name = text_of(element, "name", &at, &mut report);
        let description = text_of(element, "description", &at, &mut report);
        let text = element_text(&name, &description);
        let source = json_id(element.get("shortname")).or_else(|| element_id.clone());
        if text.is_empty() {
            report.note(
                "not-carried-over",
                Some(at),
                format!(
                    "element `{}` has no name or description; left out",
                    source.as_deref().unwrap_or("?")
                ),
            );
            continue;
        }
        let id = item_ids.assign(source.as_deref(), &format!("E{}", n + 1), &mut report);
        if let Some(source) = source.filter(|s| *s != id) {
            report.source_ids.push((id.clone(), source));
        }
        groups[group].items.push(Item::new(id, text));
        let parent_key =
            json_id(element.get("parentelementid")).or_else(|| json_id(element.get("parentid")));
        placed.push(Placed {
            group,
            position: groups[group].items.len() - 1,
            key: element_id,
            parent: parent_key,
            at,
        });
    }
    report.source_depth = 2;
    split_listed_indicators(&mut groups, &mut item_ids, &mut report);
    text_like_ids(&mut groups, "E", &mut report);
    if groups.iter().all(|g| g.items.is_empty()) {
        return Err(ImportError::shape(
            file,
            "framework.standardelements",
            "no element could become an item; each needs a `standardid` of one of the standards and a name",
        ));
    }

    let levels: Option<Vec<u32>> = shortnames.iter().map(|s| level_number(s)).collect();
    let leveled = levels.as_ref().is_some_and(|l| {
        let mut sorted = l.clone();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.len() == l.len()
    });
    if leveled && parents > 0 {
        report.note(
            "flattened",
            Some("framework.standardelements".into()),
            format!("{parents} elements nest under another element (`parentelementid` or `parentid`); a level's behaviours are flat, so they are items of their level beside their parent"),
        );
        report.source_depth = 3;
    } else if parents > 0 {
        groups = nest(groups, &placed, &mut item_ids, &mut report);
    }
    if leveled {
        for (group, level) in groups.iter_mut().zip(levels.unwrap_or_default()) {
            // A level's description is its text; its one element named as
            // nosfolio names a level's descriptor (`LN`), that descriptor.
            group.text = group.intro.take();
            group.id = format!("level-{level}");
            group.level = Some(level);
            let descriptor = format!("L{level}");
            group.claimable = group.text.is_none()
                && matches!(group.items.as_slice(), [only] if only.id == descriptor);
        }
        groups.sort_by_key(|g| g.level);
    }
    let id = options.id.clone().unwrap_or_else(|| standard_id(&title));
    let standard = assemble(id, None, title, Some(overview), groups);
    Ok(Imported { standard, report })
}

fn array<'a>(
    framework: &'a Map<String, Value>,
    key: &str,
    file: &str,
) -> Result<&'a [Value], ImportError> {
    match framework.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(other) => Err(ImportError::shape(
            file,
            &format!("framework.{key}"),
            format!("expected a list, found {}", kind(other)),
        )),
    }
}

/// An element read, where its item went, and the element it nests under.
struct Placed {
    group: usize,
    position: usize,
    key: Option<String>,
    parent: Option<String>,
    at: String,
}

/// The tree the elements make by `parentelementid` (or `parentid`): an
/// element with elements under it becomes a claimable node with children
/// (a group of its own, itself its first item), under its parent's group;
/// an element whose parent is not in its standard, or whose parents form a
/// cycle, stays at the top of its standard and is reported. An element
/// named as nosfolio names a level of the node it hangs from
/// (`COMPETENCY.level-N`, see [`level_of`]) is that level again
/// ([`level_group`]). Records the depth.
fn nest(
    groups: Vec<Group>,
    placed: &[Placed],
    ids: &mut Ids,
    report: &mut ImportReport,
) -> Vec<Group> {
    let mut by_key: HashMap<(usize, &str), usize> = HashMap::new();
    for (n, p) in placed.iter().enumerate() {
        if let Some(key) = &p.key {
            by_key.entry((p.group, key.as_str())).or_insert(n);
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); placed.len()];
    let mut parent_of: Vec<Option<usize>> = vec![None; placed.len()];
    for (n, p) in placed.iter().enumerate() {
        let Some(key) = &p.parent else { continue };
        match by_key.get(&(p.group, key.as_str())) {
            Some(&parent) if parent != n => {
                parent_of[n] = Some(parent);
                children[parent].push(n);
            }
            _ => report.note(
                "flattened",
                Some(p.at.clone()),
                format!("its parent element `{key}` is not in its standard; it stays at the top of the standard"),
            ),
        }
    }
    // An element whose parents form a cycle is never reached from the top:
    // it stays at the top.
    let mut reached = vec![false; placed.len()];
    let mut stack: Vec<usize> = (0..placed.len())
        .filter(|&n| parent_of[n].is_none())
        .collect();
    while let Some(n) = stack.pop() {
        if !std::mem::replace(&mut reached[n], true) {
            stack.extend(children[n].iter().copied());
        }
    }
    for n in (0..placed.len()).filter(|&n| !reached[n]) {
        report.note(
            "flattened",
            Some(placed[n].at.clone()),
            "its parent elements form a cycle; it stays at the top of its standard".into(),
        );
        if let Some(parent) = parent_of[n].take() {
            children[parent].retain(|&c| c != n);
        }
    }
    let id_of = |n: usize| -> &str {
        placed
            .get(n)
            .and_then(|p| groups.get(p.group)?.items.get(p.position))
            .map_or("", |i| i.id.as_str())
    };
    // Each element's level number when it is a level of the node it hangs
    // from (of its Mahara standard at the top).
    let levels: Vec<Option<u32>> = (0..placed.len())
        .map(|n| {
            let owner = match parent_of[n] {
                Some(parent) => id_of(parent),
                None => placed
                    .get(n)
                    .and_then(|p| groups.get(p.group))
                    .map_or("", |g| g.id.as_str()),
            };
            level_of(id_of(n), owner)
        })
        .collect();
    let level_at = |n: usize| levels.get(n).copied().flatten();
    let is_group =
        |n: usize| children.get(n).is_some_and(|c| !c.is_empty()) || level_at(n).is_some();
    // An element with levels beneath it (a competency, or a cluster of
    // them) is a heading, as nosfolio writes them (see `not_held`).
    let mut above_levels = vec![false; placed.len()];
    for n in (0..placed.len()).filter(|&n| level_at(n).is_some()) {
        let mut at = n;
        while let Some(parent) = parent_of[at] {
            match above_levels.get_mut(parent) {
                Some(above) if !*above => *above = true,
                _ => break,
            }
            at = parent;
        }
    }
    let at: HashMap<(usize, usize), usize> = placed
        .iter()
        .enumerate()
        .map(|(n, p)| ((p.group, p.position), n))
        .collect();
    let mut out: Vec<Group> = Vec::new();
    for (g, group) in groups.into_iter().enumerate() {
        let items = group.items.clone();
        let holder = out.len();
        out.push(Group {
            items: Vec::new(),
            ..group
        });
        // (element, the group it hangs from, its depth), in pre-order.
        let mut inner: Vec<(usize, usize, usize)> = Vec::new();
        for (position, item) in items.iter().enumerate() {
            match at.get(&(g, position)) {
                Some(&n) if parent_of[n].is_some() => {}
                Some(&n) if is_group(n) => inner.push((n, holder, 2)),
                _ => {
                    if let Some(group) = out.get_mut(holder) {
                        group.items.push(item.clone());
                    }
                }
            }
        }
        let item_of = |n: usize| {
            placed
                .get(n)
                .and_then(|p| items.get(p.position))
                .cloned()
                .unwrap_or_default()
        };
        inner.reverse();
        while let Some((n, parent, depth)) = inner.pop() {
            report.source_depth = report.source_depth.max(depth);
            let own = item_of(n);
            out.push(match level_at(n) {
                Some(number) => Group {
                    parent: Some(parent),
                    ..level_group(own, number, !children[n].is_empty(), ids, report)
                },
                None if above_levels.get(n).copied().unwrap_or(false) => {
                    let (title, text) = title_and_text(&own.text);
                    Group {
                        id: own.id,
                        title,
                        text,
                        parent: Some(parent),
                        ..Group::default()
                    }
                }
                None => Group {
                    id: own.id.clone(),
                    title: own.text.clone(),
                    parent: Some(parent),
                    claimable: true,
                    items: vec![own],
                    ..Group::default()
                },
            });
            let index = out.len() - 1;
            for &c in children[n].iter().rev() {
                if !is_group(c) {
                    continue;
                }
                inner.push((c, index, depth + 1));
            }
            for &c in &children[n] {
                if !is_group(c) {
                    report.source_depth = report.source_depth.max(depth + 1);
                    if let Some(group) = out.get_mut(index) {
                        group.items.push(item_of(c));
                    }
                }
            }
        }
    }
    out
}

/// The level number of the element `id` when it is named as nosfolio
/// names level N of the node `owner` it hangs from: `OWNER.level-N`.
fn level_of(id: &str, owner: &str) -> Option<u32> {
    id.strip_prefix(owner)?
        .strip_prefix(".level-")?
        .parse()
        .ok()
}

/// A heading's or level's title and text from its element's text (its
/// name, and its description when that says more: see `element_text`).
fn title_and_text(text: &str) -> (String, Option<String>) {
    match text.split_once("\n\n") {
        Some((title, text)) => (title.to_owned(), Some(text.to_owned())),
        None => (text.to_owned(), None),
    }
}

/// Level `number` of a competency from its element `own` (as
/// [`mahara_matrix`] writes it): its name the level's title, its
/// description, when it says more, the level's text, or its descriptor
/// when no element hangs from it (claimable itself, as `COMPETENCY.LN`).
fn level_group(
    own: Item,
    number: u32,
    has_behaviours: bool,
    ids: &mut Ids,
    report: &mut ImportReport,
) -> Group {
    let (title, text) = title_and_text(&own.text);
    let claimable = !has_behaviours && text.is_some();
    let descriptor = text.clone().filter(|_| claimable).map(|text| {
        let prefix = own
            .id
            .strip_suffix(&format!("level-{number}"))
            .unwrap_or_default();
        let wanted = format!("{prefix}L{number}");
        Item::new(ids.assign(Some(&wanted), &wanted, report), text)
    });
    Group {
        id: own.id,
        title,
        text: text.filter(|_| !claimable),
        level: Some(number),
        claimable,
        items: descriptor.into_iter().collect(),
        ..Group::default()
    }
}

/// A standard with no elements whose description lists indicators: the
/// entries become its items, the text before them its intro.
fn split_listed_indicators(groups: &mut [Group], ids: &mut Ids, report: &mut ImportReport) {
    for group in groups.iter_mut().filter(|g| g.items.is_empty()) {
        let Some((intro, entries)) = group.intro.as_deref().and_then(html::list_entries) else {
            continue;
        };
        report.note(
            "converted",
            Some(format!("standard {}", group.id)),
            format!("the standard has no elements; the {} entries listed in its description became its items", entries.len()),
        );
        group.intro = intro;
        for (n, text) in entries.into_iter().enumerate() {
            let id = ids.assign(
                Some(&format!("{}.{}", group.id, n + 1)),
                "indicator",
                report,
            );
            group.items.push(Item::new(id, text));
        }
    }
}

/// Mahara keeps at most this many characters of a short name or an id.
const SHORT_LIMIT: usize = 100;

/// `c` as HTML text: markup characters escaped, a line break as `<br>`.
fn push_html_char(out: &mut String, c: char) {
    match c {
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' => out.push_str("&amp;"),
        '\n' => out.push_str("<br>"),
        c => out.push(c),
    }
}

/// A description for Mahara, which shows descriptions as HTML: escaped,
/// each line break a `<br>`, so that paragraphs and lists keep their lines.
fn html_field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_html_char(&mut out, c);
    }
    out
}

/// A name for Mahara, which stores names as text and escapes them itself
/// when it shows them: as written (`M&LA3`, not `M&amp;LA3`), unless it
/// holds what an importer would read as HTML (a tag or an entity), which
/// is then escaped, as nosfolio's own import reads it back. One line, and
/// at most [`NAME_LIMIT`] characters as written into the file, escapes
/// included; a name cut short ends in `…` and is noted in `cut`.
fn name_field(text: &str, at: &str, cut: &mut Vec<String>) -> String {
    let first = text.lines().next().unwrap_or("");
    let escape = html::looks_like_html(first);
    let one_line = first.len() == text.trim_end().len();
    let whole = if escape {
        html_field(first)
    } else {
        first.to_owned()
    };
    if one_line && whole.chars().count() <= NAME_LIMIT {
        return whole;
    }
    let mut out = String::new();
    let mut piece = String::new();
    let mut written = 0;
    let mut truncated = false;
    for c in first.chars() {
        piece.clear();
        if escape {
            push_html_char(&mut piece, c);
        } else {
            piece.push(c);
        }
        let more = piece.chars().count();
        // Room for the `…` of a name cut short.
        if written + more > NAME_LIMIT - 1 {
            truncated = true;
            break;
        }
        written += more;
        out.push_str(&piece);
    }
    if truncated {
        cut.push(format!(
            "{at}: the name is cut to Mahara's {NAME_LIMIT} characters (the whole text is in the description)"
        ));
    }
    // A text of several lines is named by its first, as a text cut short.
    out.push('…');
    out
}

/// A short name or id for Mahara: at most [`SHORT_LIMIT`] characters; a
/// longer one is cut, and noted in `cut`.
fn short_field(id: &str, at: &str, cut: &mut Vec<String>) -> String {
    if id.chars().count() <= SHORT_LIMIT {
        return id.to_owned();
    }
    cut.push(format!(
        "{at}: `{id}` is cut to Mahara's {SHORT_LIMIT} characters"
    ));
    id.chars().take(SHORT_LIMIT).collect()
}

/// One element of a `.matrix`: its short name, name and description.
fn element(
    id: &str,
    name: &str,
    description: &str,
    standard_id: usize,
    parent: Option<&String>,
    cut: &mut Vec<String>,
) -> (Value, String) {
    let at = format!("node `{id}`");
    let short = short_field(id, &at, cut);
    let mut value = json!({
        "shortname": short,
        "name": name_field(name, &at, cut),
        "description": html_field(description),
        "standardid": standard_id,
        "elementid": short,
    });
    if let Some(parent) = parent {
        value["parentelementid"] = json!(parent);
    }
    (value, short)
}

/// What a `.matrix` cannot hold of a standard, one line each: Mahara
/// standards and elements have a short name, a name and a description, and
/// nothing more.
fn not_held(standard: &Standard) -> Vec<String> {
    let mut lost = Vec::new();
    let mut count = |what: &str, n: usize| {
        if n > 0 {
            lost.push(format!("{what} of {n} nodes: Mahara has no place for them"));
        }
    };
    let items = || standard.items().map(|(_, i)| i);
    // A group's own notes, types…: a claimable one's are its item's, but
    // for a level, whose descriptor has none.
    let own = |g: &&Group| !g.claimable || g.level.is_some();
    count(
        "notes",
        items().filter(|i| i.notes.is_some()).count()
            + standard
                .groups
                .iter()
                .filter(own)
                .filter(|g| g.notes.is_some())
                .count(),
    );
    count(
        "types",
        items().filter(|i| i.node_type.is_some()).count()
            + standard
                .groups
                .iter()
                .filter(own)
                .filter(|g| g.node_type.is_some())
                .count(),
    );
    count(
        "codes",
        items().filter(|i| i.code.is_some()).count()
            + standard
                .groups
                .iter()
                .filter(own)
                .filter(|g| g.code.is_some())
                .count(),
    );
    count(
        "source identifiers",
        items().filter(|i| i.source.is_some()).count()
            + standard
                .groups
                .iter()
                .filter(own)
                .filter(|g| g.source.is_some())
                .count(),
    );
    count(
        "short titles beside the text",
        items().filter(|i| i.title.is_some()).count(),
    );
    // A node with levels beneath it comes back a heading (see `nest`).
    let mut above_levels = vec![false; standard.groups.len()];
    for (n, _) in standard
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.level.is_some())
    {
        let mut at = n;
        while let Some(parent) = standard
            .groups
            .get(at)
            .and_then(|g| g.parent)
            .filter(|&p| p < at)
        {
            match above_levels.get_mut(parent) {
                Some(above) if !*above => *above = true,
                _ => break,
            }
            at = parent;
        }
    }
    let has_levels = |index: usize| above_levels.get(index).copied().unwrap_or(false);
    let headings: Vec<&str> = standard
        .groups
        .iter()
        .enumerate()
        .filter(|(n, g)| g.parent.is_some() && !g.claimable && g.level.is_none() && !has_levels(*n))
        .map(|(_, g)| g.id.as_str())
        .collect();
    if !headings.is_empty() {
        lost.push(format!(
            "that {} are headings and not claimable: below the top, Mahara has only elements, which can all be assessed",
            headings.join(", ")
        ));
    }
    let claimable_competencies: Vec<&str> = standard
        .groups
        .iter()
        .enumerate()
        .filter(|(n, g)| g.parent.is_some() && g.claimable && has_levels(*n))
        .map(|(_, g)| g.id.as_str())
        .collect();
    if !claimable_competencies.is_empty() {
        lost.push(format!(
            "that {} are claimable themselves beside the levels beneath them: Mahara cannot say so, and a node with levels beneath it comes back a heading",
            claimable_competencies.join(", ")
        ));
    }
    let top_texts: Vec<&str> = standard
        .groups
        .iter()
        .filter(|g| g.parent.is_none() && g.level.is_none() && g.text.is_some())
        .map(|g| g.id.as_str())
        .collect();
    if !top_texts.is_empty() {
        lost.push(format!(
            "that the descriptions of {} are their text: a Mahara standard's description comes back as its intro",
            top_texts.join(", ")
        ));
    }
    let questions: usize = standard.groups.iter().map(|g| g.questions.len()).sum();
    if questions > 0 {
        lost.push(format!(
            "{questions} interview questions: Mahara has no place for them"
        ));
    }
    if !standard.evidence_types.is_empty() {
        lost.push(format!(
            "{} evidence types: Mahara has no place for them",
            standard.evidence_types.len()
        ));
    }
    if !standard.associations.is_empty() {
        lost.push(format!(
            "{} associations between nodes: Mahara has no links between elements",
            standard.associations.len()
        ));
    }
    lost.extend(crate::texts_not_held(standard, "a .matrix", true));
    if standard.source.is_some() {
        lost.push("where the standard came from (its source identifier and URI): Mahara has no place for it".into());
    }
    lost
}

/// A Mahara SmartEvidence `.matrix` of a standard, within Mahara's limits:
/// a Mahara standard per node at the top of the tree (a level with
/// shortname `level-N`), and below it an element per node at any depth,
/// each nested under its parent's element by `parentelementid` (a
/// claimable node with children is an element with elements under it; a
/// heading an element too, with its title as name). An item's id is its
/// shortname and its text its name and description. With it, a line for
/// everything that had to be cut to fit, and for everything a `.matrix`
/// cannot hold.
#[must_use]
pub fn mahara_matrix(standard: &Standard) -> (Value, Vec<String>) {
    let mut cut = Vec::new();
    let mut standards = Vec::new();
    let mut elements = Vec::new();
    // For each group: its Mahara standard's id, and its own element if it has one.
    let mut placed: Vec<(usize, Option<String>)> = Vec::new();
    for (index, group) in standard.groups.iter().enumerate() {
        let parent = group
            .parent
            .filter(|&p| p < index)
            .and_then(|p| placed.get(p).cloned());
        let (standard_id, own) = match parent {
            None => {
                let standard_id = standards.len() + 1;
                let at = format!("group `{}`", group.id);
                let description = group.intro.as_deref().or(group.text.as_deref());
                standards.push(json!({
                    "shortname": short_field(&group.id, &at, &mut cut),
                    "name": name_field(&group.title, &at, &mut cut),
                    "description": description.map(html_field).unwrap_or_default(),
                    "standardid": standard_id,
                }));
                (standard_id, None)
            }
            Some((standard_id, parent_element)) => {
                let own_item = group.items.first().filter(|_| group.claimable);
                let (name, description) = match own_item {
                    // A level: its title, and its descriptor or text.
                    _ if group.level.is_some() => (
                        group.title.as_str(),
                        own_item
                            .map(|d| d.text.as_str())
                            .or(group.text.as_deref())
                            .unwrap_or(&group.title),
                    ),
                    Some(own) => (own.text.as_str(), own.text.as_str()),
                    None => (
                        group.title.as_str(),
                        group
                            .text
                            .as_deref()
                            .or(group.intro.as_deref())
                            .unwrap_or(&group.title),
                    ),
                };
                let (value, short) = element(
                    &group.id,
                    name,
                    description,
                    standard_id,
                    parent_element.as_ref(),
                    &mut cut,
                );
                elements.push(value);
                (standard_id, Some(short))
            }
        };
        // A claimable node at the top: its own element heads its children.
        let own = match (own, group.items.first().filter(|_| group.claimable)) {
            (None, Some(item)) => {
                let (value, short) = element(
                    &item.id,
                    &item.text,
                    &item.text,
                    standard_id,
                    None,
                    &mut cut,
                );
                elements.push(value);
                Some(short)
            }
            (own, _) => own,
        };
        placed.push((standard_id, own.clone()));
        let skip = usize::from(group.claimable);
        for item in group.items.get(skip..).unwrap_or_default() {
            let (value, _) = element(
                &item.id,
                &item.text,
                &item.text,
                standard_id,
                own.as_ref(),
                &mut cut,
            );
            elements.push(value);
        }
    }
    cut.extend(not_held(standard));
    let description = standard
        .overview
        .as_deref()
        .or(standard.definition.as_deref())
        .map(html_field)
        .unwrap_or_default();
    let statuses = json!([
        { "begun": "Ready for assessment" },
        { "incomplete": "Doesn't meet the standard" },
        { "partialcomplete": "Partially meets the standard" },
        { "completed": "Meets the standard" },
    ]);
    let name = name_field(&standard.label(), "the framework", &mut cut);
    let value = json!({
        "framework": {
            "institution": "all",
            "name": name,
            "description": description,
            "selfassess": false,
            "evidencestatuses": statuses,
            "standards": standards,
            "standardelements": elements,
        }
    });
    (value, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_an_element() {
        assert_eq!(element_text("Do it", ""), "Do it");
        assert_eq!(element_text("Do it", "Do it"), "Do it");
        assert_eq!(element_text("Do…", "Do it well"), "Do it well");
        assert_eq!(element_text("A", "Always listen"), "A\n\nAlways listen");
        assert_eq!(
            element_text("1.1 - Title", "Hover text"),
            "1.1 - Title\n\nHover text"
        );
    }

    #[test]
    fn descriptions_keep_their_lines_and_read_back() {
        assert_eq!(html_field("plain\ntext"), "plain<br>text");
        assert_eq!(html_field("a <b> &\nc"), "a &lt;b&gt; &amp;<br>c");
        for text in [
            "a <b> &\nc",
            "One paragraph.\n\nAnother, after a blank line.",
            "Intro:\n- one\n- two",
        ] {
            assert_eq!(html::html_to_text(&html_field(text)), text);
        }
    }

    #[test]
    fn names_are_escaped_only_when_they_would_read_as_html_and_fit_mahara() {
        let mut cut = Vec::new();
        assert_eq!(name_field("M&LA3 Develop", "n", &mut cut), "M&LA3 Develop");
        assert_eq!(name_field("a <b> tag", "n", &mut cut), "a &lt;b&gt; tag");
        assert_eq!(name_field("First\nSecond", "n", &mut cut), "First…");
        assert!(cut.is_empty());
        let exact = "x".repeat(NAME_LIMIT);
        assert_eq!(name_field(&exact, "n", &mut cut), exact);
        assert!(cut.is_empty());
        // Cut after escaping: `&` written as `&amp;` counts five.
        let long = format!("<i> {}", "&".repeat(NAME_LIMIT));
        let name = name_field(&long, "item `X`", &mut cut);
        assert!(
            name.chars().count() <= NAME_LIMIT,
            "{}",
            name.chars().count()
        );
        assert!(name.ends_with("&amp;…"), "{name}");
        assert_eq!(cut.len(), 1);
        assert!(cut[0].starts_with("item `X`: the name is cut"), "{cut:?}");
        let id = "I".repeat(SHORT_LIMIT + 5);
        assert_eq!(
            short_field(&id, "item", &mut cut).chars().count(),
            SHORT_LIMIT
        );
        assert_eq!(cut.len(), 2);
    }
}
