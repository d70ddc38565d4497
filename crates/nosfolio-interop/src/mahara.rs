//! Mahara SmartEvidence frameworks (`.matrix` JSON), both ways.
//!
//! A framework has standards, and standard elements that attach to a
//! standard by `standardid` and may nest under another element by
//! `parentelementid`. Standards become groups and every element an item of
//! its standard's group (the nesting is flattened and reported). A
//! framework whose standards are all `level-N` (as nosfolio writes a
//! leveled framework) becomes a competency framework again.

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
        if element.get("parentelementid").is_some_and(|p| !p.is_null()) {
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
        groups[group].items.push(Item { id, text });
    }
    if parents > 0 {
        report.note(
            "flattened",
            Some("framework.standardelements".into()),
            format!("{parents} elements nest under another element (`parentelementid`); nosfolio groups are flat, so they are items of their standard's group beside their parent"),
        );
    }
    report.source_depth = if parents > 0 { 3 } else { 2 };
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
    if leveled {
        for (group, level) in groups.iter_mut().zip(levels.unwrap_or_default()) {
            if let Some(intro) = group.intro.take() {
                report.note(
                    "not-carried-over",
                    Some(format!("standard {}", group.id)),
                    format!(
                        "a level's description (nosfolio levels have none): {}",
                        crate::tree::first_line(&intro)
                    ),
                );
            }
            group.id = format!("level-{level}");
            group.level = Some(level);
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
            group.items.push(Item { id, text });
        }
    }
}

/// Text for an HTML field: as is, unless it holds what HTML would read as
/// markup; then escaped, with line breaks as `<br>`.
fn html_field(text: &str) -> String {
    if !text.contains(['<', '&']) {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// An element's name: its text, shortened to Mahara's limit.
fn element_name(text: &str) -> String {
    if text.chars().count() <= NAME_LIMIT && !text.contains('\n') {
        return text.to_owned();
    }
    let first = text.lines().next().unwrap_or("");
    let short: String = first.chars().take(NAME_LIMIT - 1).collect();
    format!("{short}…")
}

/// A Mahara SmartEvidence `.matrix` of a standard: a standard per group (or
/// level, with shortname `level-N`), an element per item with the item's id
/// as shortname and its text as name and description.
#[must_use]
pub fn mahara_matrix(standard: &Standard) -> Value {
    let mut standards = Vec::new();
    let mut elements = Vec::new();
    for (n, group) in standard.groups.iter().enumerate() {
        let standard_id = n + 1;
        standards.push(json!({
            "shortname": group.id,
            "name": html_field(&group.title),
            "description": group.intro.as_deref().map(html_field).unwrap_or_default(),
            "standardid": standard_id,
        }));
        for item in &group.items {
            elements.push(json!({
                "shortname": item.id,
                "name": html_field(&element_name(&item.text)),
                "description": html_field(&item.text),
                "standardid": standard_id,
                "elementid": item.id,
            }));
        }
    }
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
    json!({
        "framework": {
            "institution": "all",
            "name": html_field(&standard.label()),
            "description": description,
            "selfassess": false,
            "evidencestatuses": statuses,
            "standards": standards,
            "standardelements": elements,
        }
    })
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
    fn html_fields_escape_markup_only_when_needed() {
        assert_eq!(html_field("plain\ntext"), "plain\ntext");
        assert_eq!(html_field("a <b> &\nc"), "a &lt;b&gt; &amp;<br>c");
        assert_eq!(html::html_to_text(&html_field("a <b> &\nc")), "a <b> &\nc");
    }
}
