//! IMS CASE 1.0 CFPackages (JSON), both ways.
//!
//! A package has a `CFDocument`, `CFItems` and `CFAssociations`. The
//! `isChildOf` associations make the items a tree (see `tree`), ordered by
//! `sequenceNumber`, then by `humanCodingScheme` read naturally (`L1.2`
//! before `L1.10`), then by file order. The destinations of `hasSkillLevel`
//! associations and items of type `Level` are levels. A level that hangs
//! from a CFItem is a level of that competency, in the tree, with
//! everything under it its behaviours and questions ([`case_tree`]); when
//! every level hangs from the document they are the standard's own, and
//! the items pointing at them their behaviours ([`levels`]). A level's
//! `fullStatement` with no behaviour under it is its claimable descriptor.
//! Other association types are kept as the standard's associations.
//!
//! Export writes a package whose identifiers are UUID v5s of the standard
//! and item ids, so the same standard always gets the same identifiers.

use std::collections::{BTreeMap, HashMap};

use nosfolio_core::{Association, Group, Item, Question, Source, Standard, is_uri};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::ids::{Ids, json_id, natural_cmp, standard_id, text_like_ids};
use crate::report::{ImportError, ImportReport, kind};
use crate::tree::{Node, Tree, first_line};
use crate::{Format, ImportOptions, Imported, assemble, html};

/// Item fields a nosfolio standard carries (the rest are reported).
const USED_ITEM_KEYS: &[&str] = &[
    "identifier",
    "uri",
    "fullStatement",
    "abbreviatedStatement",
    "humanCodingScheme",
    "CFItemType",
    "listEnumeration",
    "lastChangeDateTime",
    "CFDocumentURI",
    "CFItemTypeURI",
    "notes",
];

/// `CFItemType`s of statements that only organise the statements under
/// them, so that they are headings rather than claimable (compared without
/// regard to case). A statement with children is also only a heading when
/// it has no `fullStatement`.
const ORGANISING_TYPES: &[&str] = &[
    "Domain", "Strand", "Cluster", "Category", "Grouping", "Section", "Heading", "Group",
];

/// The `creator` nosfolio writes on its own packages: their `CFItemType`s
/// `Group`, `Heading`, `Item` and `Behaviour` are nosfolio's vocabulary
/// and are read back as no type.
const NOSFOLIO_CREATOR: &str = "nosfolio";

/// nosfolio's `CFItemType` for a heading whose `fullStatement` is its intro.
const GROUP_TYPE: &str = "Group";
/// nosfolio's `CFItemType` for a heading whose `fullStatement` is its text.
const HEADING_TYPE: &str = "Heading";

fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    json_id(object.get(key))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// A statement as text, converted when it looks like HTML.
fn statement(object: &Map<String, Value>, key: &str) -> Option<String> {
    string(object, key).map(|s| {
        if html::looks_like_html(&s) {
            html::html_to_text(&s)
        } else {
            s
        }
    })
}

/// The identifier a link (`originNodeURI`, `destinationNodeURI`) points at.
fn link_target(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Object(o) => {
            json_id(o.get("identifier")).or_else(|| json_id(o.get("uri")).map(|u| tail(&u)))
        }
        Value::String(s) => Some(tail(s)),
        _ => None,
    }
}

fn tail(uri: &str) -> String {
    uri.rsplit('/').next().unwrap_or(uri).to_owned()
}

struct CaseItem {
    identifier: String,
    uri: Option<String>,
    code: Option<String>,
    full: String,
    /// Whether the item has its own `fullStatement` (else `full` is its
    /// abbreviated statement or code).
    stated: bool,
    abbreviated: Option<String>,
    item_type: Option<String>,
    list_enumeration: Option<String>,
    notes: Option<String>,
    at: String,
}

/// The `CFItemType` nosfolio gives a behavioural interview question; its
/// probing questions are the item's `notes`, one a line.
const QUESTION_TYPE: &str = "Interview question";

impl CaseItem {
    fn is_question(&self) -> bool {
        self.item_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(QUESTION_TYPE))
    }
}

pub(crate) fn import(
    file: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::json(file, &e))?;
    let Some(package) = value.as_object() else {
        return Err(ImportError::shape(
            file,
            "top level",
            format!("a CFPackage is an object, found {}", kind(&value)),
        ));
    };
    let mut report = ImportReport::new(Format::Case);
    let document = package.get("CFDocument").and_then(Value::as_object);
    if document.is_none() {
        report.note(
            "missing",
            Some("CFDocument".into()),
            "no CFDocument object; the title comes from the file name".into(),
        );
    }
    let empty = Map::new();
    let document = document.unwrap_or(&empty);
    let document_id = string(document, "identifier");
    let title = statement(document, "title")
        .unwrap_or_else(|| file.rsplit(['/', '\\']).next().unwrap_or(file).to_owned());
    for key in [
        "creator",
        "publisher",
        "subject",
        "language",
        "version",
        "adoptionStatus",
        "licenseURI",
        "officialSourceURL",
        "notes",
        "statusStartDate",
        "statusEndDate",
    ] {
        if let Some(v) = document
            .get(key)
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
        {
            report.note(
                "not-carried-over",
                Some(format!("CFDocument.{key}")),
                format!("{key}: {}", first_line(&v.to_string())),
            );
        }
    }
    let items_value = match package.get("CFItems") {
        Some(Value::Array(a)) => a.as_slice(),
        Some(other) => {
            return Err(ImportError::shape(
                file,
                "CFItems",
                format!("expected a list of CFItems, found {}", kind(other)),
            ));
        }
        None => {
            return Err(ImportError::shape(
                file,
                "CFItems",
                "the package has no CFItems, so there is nothing to import",
            ));
        }
    };
    report.source_entries = items_value.len();

    let mut items: Vec<CaseItem> = Vec::new();
    let mut unused: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_identifier: HashMap<String, usize> = HashMap::new();
    for (n, value) in items_value.iter().enumerate() {
        let at = format!("CFItems[{n}]");
        let Some(object) = report.object(value, &at) else {
            continue;
        };
        for key in object
            .keys()
            .filter(|k| !USED_ITEM_KEYS.contains(&k.as_str()))
        {
            *unused.entry(key.clone()).or_default() += 1;
        }
        let identifier =
            string(object, "identifier").or_else(|| string(object, "uri").map(|u| tail(&u)));
        let Some(identifier) = identifier else {
            report.note(
                "missing",
                Some(at),
                "no identifier (required by CASE), so nothing can point at it; left out".into(),
            );
            continue;
        };
        let code = string(object, "humanCodingScheme");
        let abbreviated = statement(object, "abbreviatedStatement");
        let stated_full = statement(object, "fullStatement");
        let stated = stated_full.is_some();
        let full = match stated_full {
            Some(full) => full,
            None => {
                let fallback = abbreviated.clone().or_else(|| code.clone());
                report.note(
                    "missing",
                    Some(at.clone()),
                    format!(
                        "no fullStatement (required by CASE); {}",
                        if fallback.is_some() {
                            "its abbreviated statement or code is used"
                        } else {
                            "left out"
                        }
                    ),
                );
                match fallback {
                    Some(f) => f,
                    None => continue,
                }
            }
        };
        if by_identifier
            .insert(identifier.clone(), items.len())
            .is_some()
        {
            report.note("duplicate-id", Some(at.clone()), format!("identifier `{identifier}` is used by an earlier CFItem too; associations go to this one"));
        }
        items.push(CaseItem {
            identifier,
            uri: string(object, "uri"),
            code,
            full,
            stated,
            abbreviated,
            item_type: string(object, "CFItemType"),
            list_enumeration: string(object, "listEnumeration"),
            notes: string(object, "notes"),
            at,
        });
    }
    for (key, count) in &unused {
        report.note(
            "not-carried-over",
            Some(format!("CFItems[].{key}")),
            format!("`{key}` on {count} items"),
        );
    }
    if items.is_empty() {
        return Err(ImportError::shape(
            file,
            "CFItems",
            "no CFItem has an identifier and a statement",
        ));
    }

    // Associations.
    let associations = match package.get("CFAssociations") {
        Some(Value::Array(a)) => a.as_slice(),
        None | Some(Value::Null) => {
            report.note(
                "missing",
                Some("CFAssociations".into()),
                "no associations: every item hangs from the document".into(),
            );
            &[]
        }
        Some(other) => {
            return Err(ImportError::shape(
                file,
                "CFAssociations",
                format!("expected a list, found {}", kind(other)),
            ));
        }
    };
    let mut parent: Vec<Option<(usize, Option<f64>)>> = vec![None; items.len()];
    let mut skill_level: Vec<Option<usize>> = vec![None; items.len()];
    let mut links: Vec<Link> = Vec::new();
    for (n, association) in associations.iter().enumerate() {
        let at = format!("CFAssociations[{n}]");
        let Some(association) = report.object(association, &at) else {
            continue;
        };
        let kind_name = string(association, "associationType").unwrap_or_default();
        let origin = link_target(association.get("originNodeURI"))
            .and_then(|o| by_identifier.get(&o).copied());
        let destination_id = link_target(association.get("destinationNodeURI"));
        let destination = destination_id
            .as_ref()
            .and_then(|d| by_identifier.get(d).copied());
        let to_document = destination_id.is_some() && destination_id == document_id;
        match kind_name.as_str() {
            "isChildOf" => {
                let Some(origin) = origin else {
                    report.note(
                        "not-carried-over",
                        Some(at),
                        "isChildOf from an item not in the package; ignored".into(),
                    );
                    continue;
                };
                if destination.is_none() && !to_document {
                    report.note(
                        "missing",
                        Some(at.clone()),
                        format!(
                            "parent of `{}` is not in the package; it hangs from the document",
                            items[origin].identifier
                        ),
                    );
                }
                let sequence = association.get("sequenceNumber").and_then(Value::as_f64);
                if parent[origin].is_some() {
                    report.note(
                        "flattened",
                        Some(at),
                        format!(
                            "`{}` has more than one parent; it is kept under the first",
                            items[origin].identifier
                        ),
                    );
                } else if destination == Some(origin) {
                    report.note(
                        "not-carried-over",
                        Some(at),
                        "an item that is its own parent; ignored".into(),
                    );
                } else {
                    parent[origin] = Some((destination.unwrap_or(usize::MAX), sequence));
                }
            }
            "hasSkillLevel" => match (origin, destination) {
                (Some(o), Some(d)) => skill_level[o] = Some(d),
                _ => {
                    report.note(
                        "not-carried-over",
                        Some(at),
                        "hasSkillLevel between items not both in the package; ignored".into(),
                    );
                }
            },
            _ => links.push(Link {
                kind: kind_name,
                origin: end(association.get("originNodeURI"), origin),
                destination: end(association.get("destinationNodeURI"), destination),
                identifier: string(association, "identifier"),
                uri: string(association, "uri"),
                at,
            }),
        }
    }

    let standard_id_value = options.id.clone().unwrap_or_else(|| standard_id(&title));
    let description = statement(document, "description");
    let is_level = level_items(&items, &skill_level);
    let per_competency = levels_under_competencies(&is_level, &parent);
    let leveled = skill_level.iter().any(Option::is_some) && !per_competency;
    let rubrics = match package.get("CFRubrics") {
        Some(Value::Array(rubrics)) if !rubrics.is_empty() => rubrics.as_slice(),
        _ => &[],
    };
    let mut node_ids: Vec<Option<String>> = vec![None; items.len()];
    let mut groups = if leveled {
        if !rubrics.is_empty() {
            report.note(
                "not-carried-over",
                Some("CFRubrics".into()),
                "rubrics: the levels come from hasSkillLevel".into(),
            );
        }
        levels(
            &items,
            &parent,
            &skill_level,
            &is_level,
            &mut node_ids,
            &mut report,
        )
    } else if !rubrics.is_empty() && !per_competency {
        report.note(
            "not-carried-over",
            Some("CFItems".into()),
            format!("{} CFItems: a package with rubrics becomes a leveled framework of its rubrics' criteria", items.len()),
        );
        rubric_levels(rubrics, &items, &by_identifier, &mut report)
    } else {
        if !rubrics.is_empty() {
            report.note(
                "not-carried-over",
                Some("CFRubrics".into()),
                "rubrics: the levels are the competencies' own Level items".into(),
            );
        }
        misplaced_skill_levels(&items, &parent, &skill_level, &mut report);
        let built = case_tree(
            &items,
            &build_tree(&items, &parent),
            &is_level,
            &standard_id_value,
            &title,
            string(document, "creator").as_deref() == Some(NOSFOLIO_CREATOR),
            &mut report,
        );
        node_ids = built.1;
        built.0
    };
    let before: Vec<String> = groups
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.id.clone()))
        .collect();
    text_like_ids(&mut groups, "I", &mut report);
    let renamed = follow_renamed_items(&mut groups, &before);
    for id in node_ids.iter_mut().flatten() {
        if let Some(new) = renamed.get(id) {
            id.clone_from(new);
        }
    }
    let mut standard = assemble(
        standard_id_value,
        string(document, "humanCodingScheme"),
        title,
        description,
        groups,
    );
    let source = Source {
        identifier: document_id,
        uri: string(document, "uri"),
    };
    standard.source = (source != Source::default()).then_some(source);
    standard.associations = resolve_links(links, &items, &node_ids, &mut report);
    Ok(Imported { standard, report })
}

/// One end of an association other than `isChildOf` or `hasSkillLevel`.
enum End {
    /// A CFItem of the package (by index).
    Item(usize),
    /// Something outside the package, by its URI.
    Outside(String),
    /// Neither: no identifier, or one outside the package without a URI.
    Unknown(String),
}

/// An association to keep as a link between nodes, once the nodes have ids.
struct Link {
    kind: String,
    origin: End,
    destination: End,
    identifier: Option<String>,
    uri: Option<String>,
    at: String,
}

/// The end of an association: the CFItem `item` when it is in the package,
/// else the URI the link gives (`urn:uuid:` and its identifier when the
/// identifier is a UUID and there is no URI).
fn end(link: Option<&Value>, item: Option<usize>) -> End {
    if let Some(item) = item {
        return End::Item(item);
    }
    let (uri, identifier) = match link {
        Some(Value::Object(o)) => (json_id(o.get("uri")), json_id(o.get("identifier"))),
        Some(Value::String(s)) => (Some(s.clone()), None),
        _ => (None, None),
    };
    let uri = uri.map(|u| u.trim().to_owned()).filter(|u| is_uri(u));
    match (uri, identifier) {
        (Some(uri), _) => End::Outside(uri),
        (None, Some(id)) if Uuid::parse_str(id.trim()).is_ok() => {
            End::Outside(format!("urn:uuid:{}", id.trim()))
        }
        (None, Some(id)) => End::Unknown(id),
        (None, None) => End::Unknown("(none)".into()),
    }
}

/// The associations other than the tree's and the levels', as links
/// between the nodes the CFItems became (or URIs outside the package);
/// each one that cannot be kept is reported with why.
fn resolve_links(
    links: Vec<Link>,
    items: &[CaseItem],
    node_ids: &[Option<String>],
    report: &mut ImportReport,
) -> Vec<Association> {
    let mut kept = Vec::new();
    for link in links {
        let name = |end: &End| -> Result<String, String> {
            match end {
                End::Item(n) => node_ids.get(*n).cloned().flatten().ok_or_else(|| {
                    let item = &items[*n];
                    format!(
                        "`{}` did not become a node of the standard",
                        item.code.as_deref().unwrap_or(&item.identifier)
                    )
                }),
                End::Outside(uri) => Ok(uri.clone()),
                End::Unknown(id) => Err(format!(
                    "`{id}` is not in the package and has no URI to point at"
                )),
            }
        };
        let ends = (name(&link.origin), name(&link.destination));
        let problem = match (&link.kind, &ends) {
            (kind, _) if kind.is_empty() => Some("it has no associationType".to_owned()),
            (_, (Err(e), _) | (_, Err(e))) => Some(e.clone()),
            _ => None,
        };
        if let (None, (Ok(from), Ok(to))) = (&problem, ends) {
            let source = Source {
                identifier: link.identifier,
                uri: link.uri,
            };
            kept.push(Association {
                kind: link.kind,
                from,
                to,
                source: (source != Source::default()).then_some(source),
            });
        } else {
            report.note(
                "association-not-carried-over",
                Some(link.at),
                format!(
                    "`{}` association left out: {}",
                    if link.kind.is_empty() {
                        "(no associationType)"
                    } else {
                        &link.kind
                    },
                    problem.unwrap_or_default()
                ),
            );
        }
    }
    kept
}

/// After item ids were changed to read as text (`1.1` → `I1.1`), a
/// claimable group takes its item's new id again. Returns each changed id
/// with its new one.
fn follow_renamed_items(groups: &mut [Group], before: &[String]) -> HashMap<String, String> {
    let after = groups
        .iter()
        .flat_map(|g| g.items.iter().map(|i| i.id.clone()));
    let renamed: HashMap<String, String> = before
        .iter()
        .cloned()
        .zip(after)
        .filter(|(old, new)| old != new)
        .collect();
    for group in groups.iter_mut().filter(|g| g.claimable) {
        if let Some(item) = group.items.first() {
            group.id.clone_from(&item.id);
        }
    }
    renamed
}

/// Whether a CFItem with children only organises them (a heading), by the
/// rule in the module's documentation: it has no `fullStatement`, or its
/// `CFItemType` is one of [`ORGANISING_TYPES`].
fn only_organises(item: &CaseItem) -> bool {
    !item.stated
        || item.item_type.as_deref().is_some_and(|t| {
            ORGANISING_TYPES
                .iter()
                .any(|o| o.eq_ignore_ascii_case(t.trim()))
        })
}

/// The item's `CFItemType` as a node type: none for nosfolio's own
/// vocabulary in a package nosfolio wrote.
fn node_type(item: &CaseItem, ours: bool) -> Option<String> {
    let own = [GROUP_TYPE, HEADING_TYPE, "Item", "Behaviour"];
    item.item_type
        .clone()
        .filter(|t| !(ours && own.contains(&t.as_str())))
}

/// A CFItem's identifier and URI.
fn item_source(item: &CaseItem) -> Option<Source> {
    Some(Source {
        identifier: Some(item.identifier.clone()),
        uri: item.uri.clone(),
    })
}

/// The whole tree of CFItems as the standard's groups, in pre-order (see
/// the module's documentation of [`nosfolio_core::Standard`]): a leaf is an
/// item of its parent's group (of the group named after the standard when
/// it hangs from the document); a statement with children is a group of
/// its own, claimable itself unless it only organises ([`only_organises`]).
/// A level ([`level_items`]) is a level group of the group it hangs from
/// (of the standard itself at the top, see [`level_group`]); everything
/// under it is its behaviours and interview questions, a behaviour's own
/// children flattened into the level (reported).
/// Returns the groups and the node id each CFItem became.
fn case_tree(
    items: &[CaseItem],
    tree: &Tree,
    is_level: &[bool],
    standard: &str,
    title: &str,
    ours: bool,
    report: &mut ImportReport,
) -> (Vec<Group>, Vec<Option<String>>) {
    let mut ids = Ids::default();
    ids.reserve(standard);
    let mut node_ids: Vec<Option<String>> = vec![None; items.len()];
    let mut groups: Vec<Group> = Vec::new();
    let mut root_group: Option<usize> = None;
    let mut visited = vec![false; items.len()];
    // Each level group by the group it hangs from and its number.
    let mut level_at: HashMap<(Option<usize>, u32), usize> = HashMap::new();
    // (CFItem, the group it hangs from, its depth), popped in pre-order.
    let mut stack: Vec<(usize, Option<usize>, usize)> =
        tree.roots.iter().rev().map(|&r| (r, None, 1)).collect();
    while let Some((n, parent, depth)) = stack.pop() {
        if std::mem::replace(&mut visited[n], true) {
            continue;
        }
        report.source_depth = report.source_depth.max(depth);
        let item = &items[n];
        let children: Vec<usize> = tree.nodes[n]
            .children
            .iter()
            .copied()
            .filter(|&c| !visited[c])
            .collect();
        let in_level = parent.filter(|&p| groups.get(p).is_some_and(|g| g.level.is_some()));
        if let (true, None) = (is_level.get(n).copied().unwrap_or(false), in_level) {
            let has_behaviours = children
                .iter()
                .any(|&c| items.get(c).is_some_and(|i| !i.is_question()));
            let owner = parent.and_then(|p| groups.get(p)).map(|g| g.id.clone());
            let position = level_at.keys().filter(|(p, _)| *p == parent).count() + 1;
            let mut group = level_group(
                item,
                owner.as_deref(),
                position,
                &mut ids,
                has_behaviours,
                report,
            );
            let number = group.level.unwrap_or_default();
            let index = match level_at.get(&(parent, number)) {
                Some(&first) => {
                    report.note(
                        "duplicate-id",
                        Some(item.at.clone()),
                        format!(
                            "a second level {number} of `{}`; its behaviours join the first",
                            owner.as_deref().unwrap_or(standard)
                        ),
                    );
                    if let (true, Some(level)) = (has_behaviours, groups.get_mut(first)) {
                        with_behaviours(level, &item.at, report);
                    }
                    first
                }
                None => {
                    group.parent = parent;
                    groups.push(group);
                    level_at.insert((parent, number), groups.len() - 1);
                    groups.len() - 1
                }
            };
            node_ids[n] = groups.get(index).map(|g| g.id.clone());
            stack.extend(children.iter().rev().map(|&c| (c, Some(index), depth + 1)));
            continue;
        }
        let id = ids.assign(item.code.as_deref(), &format!("item-{}", n + 1), report);
        if let Some(level) = in_level.and_then(|l| groups.get_mut(l)) {
            if !children.is_empty() {
                report.note(
                    "flattened",
                    Some(item.at.clone()),
                    format!(
                        "`{id}` has statements under it inside level `{}`; they are behaviours of the level beside it",
                        level.id
                    ),
                );
                stack.extend(children.iter().rev().map(|&c| (c, parent, depth + 1)));
            }
            if item.is_question() {
                level.questions.push(question(item, id));
            } else {
                node_ids[n] = Some(id.clone());
                level.items.push(behaviour(item, id));
            }
            continue;
        }
        node_ids[n] = Some(id.clone());
        let parts = Item {
            id: id.clone(),
            text: item.full.clone(),
            title: item.abbreviated.clone().filter(|a| *a != item.full),
            notes: item.notes.clone(),
            node_type: node_type(item, ours),
            code: item.code.clone().filter(|c| *c != id),
            source: item_source(item),
        };
        if children.is_empty() {
            let holder = match parent {
                Some(parent) => parent,
                None => *root_group.get_or_insert_with(|| {
                    groups.push(Group {
                        id: standard.to_owned(),
                        title: title.to_owned(),
                        ..Group::default()
                    });
                    groups.len() - 1
                }),
            };
            if let Some(group) = groups.get_mut(holder) {
                group.items.push(parts);
            }
            continue;
        }
        let group = if only_organises(item) {
            let heading = item
                .abbreviated
                .clone()
                .or_else(|| item.code.clone())
                .unwrap_or_else(|| item.full.clone());
            let statement = (item.stated && item.full != heading).then(|| item.full.clone());
            let as_intro = ours && item.item_type.as_deref() == Some(GROUP_TYPE);
            Group {
                id,
                title: heading,
                intro: statement.clone().filter(|_| as_intro),
                text: statement.filter(|_| !as_intro),
                notes: parts.notes,
                node_type: parts.node_type,
                code: parts.code,
                source: parts.source,
                parent,
                ..Group::default()
            }
        } else {
            Group {
                id,
                title: parts.title.clone().unwrap_or_else(|| parts.text.clone()),
                parent,
                claimable: true,
                items: vec![parts],
                ..Group::default()
            }
        };
        groups.push(group);
        let index = groups.len() - 1;
        stack.extend(children.iter().rev().map(|&c| (c, Some(index), depth + 1)));
    }
    for (n, seen) in visited.iter().enumerate() {
        if !seen {
            let item = &items[n];
            report.note(
                "not-carried-over",
                Some(item.at.clone()),
                format!(
                    "`{}` cannot be reached from the document (its parents form a cycle); left out",
                    item.code.as_deref().unwrap_or(&item.identifier)
                ),
            );
        }
    }
    (groups, node_ids)
}

fn build_tree(items: &[CaseItem], parent: &[Option<(usize, Option<f64>)>]) -> Tree {
    let mut tree = Tree::default();
    for (n, item) in items.iter().enumerate() {
        tree.nodes.push(Node {
            source_id: item.code.clone(),
            fallback_id: format!("item-{}", n + 1),
            keep: Some(item.identifier.clone()),
            title: item
                .abbreviated
                .clone()
                .unwrap_or_else(|| item.full.clone()),
            text: item.full.clone(),
            at: item.at.clone(),
            children: Vec::new(),
        });
    }
    let order = |a: &usize, b: &usize| {
        let seq = |n: &usize| parent[*n].and_then(|(_, s)| s);
        match (seq(a), seq(b)) {
            (Some(x), Some(y)) if x != y => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            _ => natural_cmp(
                items[*a].code.as_deref().unwrap_or(""),
                items[*b].code.as_deref().unwrap_or(""),
            )
            .then(a.cmp(b)),
        }
    };
    for (n, p) in parent.iter().enumerate() {
        match p {
            Some((p, _)) if *p < items.len() => tree.nodes[*p].children.push(n),
            _ => tree.roots.push(n),
        }
    }
    tree.roots.sort_by(order);
    for node in &mut tree.nodes {
        node.children.sort_by(order);
    }
    tree
}

/// Which CFItems are levels: the destinations of `hasSkillLevel`, and the
/// items of type `Level`.
fn level_items(items: &[CaseItem], skill_level: &[Option<usize>]) -> Vec<bool> {
    let mut is_level: Vec<bool> = items
        .iter()
        .map(|i| {
            i.item_type
                .as_deref()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("level"))
        })
        .collect();
    for &n in skill_level.iter().flatten() {
        if let Some(slot) = is_level.get_mut(n) {
            *slot = true;
        }
    }
    is_level
}

/// Whether any level hangs from a CFItem (a competency with levels of its
/// own) rather than from the document: then the package is read as a tree
/// ([`case_tree`]) rather than as one set of levels ([`levels`]).
fn levels_under_competencies(is_level: &[bool], parent: &[Option<(usize, Option<f64>)>]) -> bool {
    is_level
        .iter()
        .zip(parent)
        .any(|(&level, parent)| level && matches!(parent, Some((p, _)) if *p < is_level.len()))
}

/// In a tree of competencies with their own levels, a behaviour belongs
/// to the level it hangs from; reports each `hasSkillLevel` that names
/// another.
fn misplaced_skill_levels(
    items: &[CaseItem],
    parent: &[Option<(usize, Option<f64>)>],
    skill_level: &[Option<usize>],
    report: &mut ImportReport,
) {
    for (n, level) in skill_level.iter().enumerate() {
        let (Some(level), Some(item)) = (level, items.get(n)) else {
            continue;
        };
        if parent.get(n).copied().flatten().map(|(p, _)| p) != Some(*level) {
            let name = |i: &CaseItem| i.code.clone().unwrap_or_else(|| i.identifier.clone());
            report.note(
                "not-carried-over",
                Some(item.at.clone()),
                format!(
                    "`{}` has skill level `{}` but does not hang from it (isChildOf); it is kept where it hangs",
                    name(item),
                    items.get(*level).map(name).unwrap_or_default()
                ),
            );
        }
    }
}

/// A level's number: the digits of its `listEnumeration`, else of its
/// code, else `position` (counted from 1).
fn level_number(item: &CaseItem, position: usize) -> u32 {
    let digits = |s: &str| {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse::<u32>()
            .ok()
    };
    item.list_enumeration
        .as_deref()
        .and_then(digits)
        .or_else(|| item.code.as_deref().and_then(digits))
        .unwrap_or_else(|| u32::try_from(position).unwrap_or(u32::MAX))
}

/// The level group a level CFItem becomes, numbered by [`level_number`]
/// among the levels of `owner` (the competency's group id; the standard
/// itself when `None`), with the ids nosfolio gives levels
/// (`COMPETENCY.level-N`, `level-N`). Its title is the abbreviated
/// statement; a `fullStatement` beside it is the level's text, or, when
/// no behaviour hangs from it, its descriptor: claimable itself, as the
/// item `COMPETENCY.LN` (`LN`). A code other than the id is reported.
fn level_group(
    item: &CaseItem,
    owner: Option<&str>,
    position: usize,
    ids: &mut Ids,
    has_behaviours: bool,
    report: &mut ImportReport,
) -> Group {
    let number = level_number(item, position);
    let prefix = owner.map(|o| format!("{o}.")).unwrap_or_default();
    let id = format!("{prefix}level-{number}");
    let title = item
        .abbreviated
        .clone()
        .unwrap_or_else(|| item.full.clone());
    let statement = (item.stated && item.full != title).then(|| item.full.clone());
    let claimable = !has_behaviours && statement.is_some();
    // A code in nosfolio's own naming of a level (`…level-N`) was an id
    // made the same way, under a competency named otherwise then.
    let own_naming = |code: &str| code.ends_with(&format!("level-{number}"));
    if let Some(code) = item.code.as_deref().filter(|c| *c != id && !own_naming(c)) {
        report.note(
            "not-carried-over",
            Some(item.at.clone()),
            format!("the code `{code}` of level {number}: nosfolio names a level `{id}`"),
        );
    }
    let descriptor = statement.clone().filter(|_| claimable).map(|text| {
        let wanted = format!("{prefix}L{number}");
        Item::new(ids.assign(Some(&wanted), &wanted, report), text)
    });
    Group {
        id,
        title,
        text: statement.filter(|_| !claimable),
        notes: item.notes.clone(),
        source: item_source(item),
        level: Some(number),
        claimable,
        items: descriptor.into_iter().collect(),
        ..Group::default()
    }
}

/// A level that gets behaviours after all (from a second level of its
/// number): a claimable descriptor becomes its text, as the level's
/// `fullStatement` is when it has behaviours ([`level_group`]).
fn with_behaviours(level: &mut Group, at: &str, report: &mut ImportReport) {
    if !level.claimable {
        return;
    }
    level.claimable = false;
    if let Some(descriptor) = level.items.pop() {
        report.note(
            "flattened",
            Some(at.to_owned()),
            format!(
                "`{}` is no longer claimable itself: its level has behaviours from a second level of its number, so it is the level's text",
                descriptor.id
            ),
        );
        level.text = Some(descriptor.text);
    }
}

/// A behaviour of a level, given its id: the type `Behaviour` is implied.
fn behaviour(item: &CaseItem, id: String) -> Item {
    Item {
        code: item.code.clone().filter(|c| *c != id),
        id,
        text: item.full.clone(),
        title: item.abbreviated.clone().filter(|a| *a != item.full),
        notes: item.notes.clone(),
        node_type: item
            .item_type
            .clone()
            .filter(|t| !t.eq_ignore_ascii_case("Behaviour")),
        source: item_source(item),
    }
}

/// An interview question, given its id: its notes are its probing
/// questions, one a line.
fn question(item: &CaseItem, id: String) -> Question {
    Question {
        id,
        text: item.full.clone(),
        probing: item
            .notes
            .iter()
            .flat_map(|n| n.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

/// Levels from `hasSkillLevel` when every level hangs from the document:
/// each level ([`level_items`]) a level of the standard ([`level_group`]);
/// the items pointing at it its behaviours.
fn levels(
    items: &[CaseItem],
    parent: &[Option<(usize, Option<f64>)>],
    skill_level: &[Option<usize>],
    is_level: &[bool],
    node_ids: &mut [Option<String>],
    report: &mut ImportReport,
) -> Vec<Group> {
    let level_items: Vec<usize> = (0..items.len())
        .filter(|&n| is_level.get(n).copied().unwrap_or(false))
        .collect();
    let mut ids = Ids::default();
    let mut groups: Vec<(u32, usize, Group)> = Vec::new();
    // Each level item's number, a repeated level's too.
    let mut number_of: HashMap<usize, u32> = HashMap::new();
    for (position, &n) in level_items.iter().enumerate() {
        let item = &items[n];
        let has_behaviours = skill_level.contains(&Some(n));
        let group = level_group(item, None, position + 1, &mut ids, has_behaviours, report);
        let number = group.level.unwrap_or_default();
        number_of.insert(n, number);
        node_ids[n] = Some(group.id.clone());
        if groups.iter().any(|(l, _, _)| *l == number) {
            report.note(
                "duplicate-id",
                Some(item.at.clone()),
                format!("a second level {number}; its behaviours join the first"),
            );
            continue;
        }
        groups.push((number, n, group));
    }
    let tree = build_tree(items, parent);
    let mut stack: Vec<(usize, usize)> = tree.roots.iter().rev().map(|&r| (r, 1)).collect();
    let mut seen = vec![false; items.len()];
    while let Some((n, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[n], true) {
            continue;
        }
        report.source_depth = report.source_depth.max(depth);
        stack.extend(tree.nodes[n].children.iter().rev().map(|&c| (c, depth + 1)));
        if level_items.contains(&n) {
            continue;
        }
        let item = &items[n];
        if item.is_question()
            && let Some((parent, _)) = parent[n]
            && let Some(target) = level_index(&groups, &number_of, parent)
        {
            let id = ids.assign(item.code.as_deref(), &format!("item-{}", n + 1), report);
            groups[target].2.questions.push(question(item, id));
            continue;
        }
        let Some(level) = skill_level[n] else {
            report.note(
                "not-carried-over",
                Some(item.at.clone()),
                format!(
                    "`{}` has no skill level, so it has no place in a leveled framework: {}",
                    item.code.as_deref().unwrap_or(&item.identifier),
                    first_line(&item.full)
                ),
            );
            continue;
        };
        let id = ids.assign(item.code.as_deref(), &format!("item-{}", n + 1), report);
        if let Some(target) = level_index(&groups, &number_of, level) {
            node_ids[n] = Some(id.clone());
            groups[target].2.items.push(behaviour(item, id));
        }
    }
    groups.sort_by_key(|(number, _, _)| *number);
    groups.into_iter().map(|(_, _, g)| g).collect()
}

/// Which of `groups` holds the level item `level` (a repeated level joins
/// the first of its number).
fn level_index(
    groups: &[(u32, usize, Group)],
    number_of: &HashMap<usize, u32>,
    level: usize,
) -> Option<usize> {
    let number = number_of.get(&level)?;
    groups.iter().position(|(x, _, _)| x == number)
}

/// Levels from rubrics: the `k`-th level (by `position`) of every
/// criterion is a behaviour of level `k`, its description the text; the
/// level's title is the first `quality` given for it.
fn rubric_levels(
    rubrics: &[Value],
    items: &[CaseItem],
    by_identifier: &HashMap<String, usize>,
    report: &mut ImportReport,
) -> Vec<Group> {
    let mut levels: BTreeMap<usize, Group> = BTreeMap::new();
    let mut ids = Ids::default();
    let mut count = 0;
    for (r, rubric) in rubrics.iter().enumerate() {
        let Some(rubric) = report.object(rubric, &format!("CFRubrics[{r}]")) else {
            continue;
        };
        let criteria = rubric
            .get("CFRubricCriteria")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut criteria: Vec<(usize, &Value)> = criteria.iter().enumerate().collect();
        criteria.sort_by_key(|(n, c)| (position(c), *n));
        for (c, criterion) in criteria {
            let at = format!("CFRubrics[{r}].CFRubricCriteria[{c}]");
            let Some(criterion) = report.object(criterion, &at) else {
                continue;
            };
            count += 1;
            let item = link_target(criterion.get("CFItemURI"))
                .and_then(|i| by_identifier.get(&i).copied());
            let name = item
                .and_then(|i| items[i].code.clone())
                .or_else(|| string(criterion, "category"))
                .unwrap_or_else(|| format!("criterion-{count}"));
            let criterion_text = item
                .map(|i| items[i].full.clone())
                .or_else(|| statement(criterion, "description"));
            let levels_value = criterion
                .get("CFRubricCriterionLevels")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            let mut ordered: Vec<(usize, &Value)> = levels_value.iter().enumerate().collect();
            ordered.sort_by_key(|(n, l)| (position(l), *n));
            for (k, (_, level)) in ordered.into_iter().enumerate() {
                let Some(level) =
                    report.object(level, &format!("{at}.CFRubricCriterionLevels[{k}]"))
                else {
                    continue;
                };
                let number = k + 1;
                let quality = string(level, "quality");
                let text = statement(level, "description")
                    .or_else(|| match (&quality, &criterion_text) {
                        (Some(q), Some(c)) => Some(format!("{q}: {c}")),
                        (q, _) => q.clone(),
                    })
                    .unwrap_or_default();
                let group = levels.entry(number).or_insert_with(|| Group {
                    id: format!("level-{number}"),
                    title: String::new(),
                    intro: None,
                    level: u32::try_from(number).ok(),
                    items: Vec::new(),
                    questions: Vec::new(),
                    ..Group::default()
                });
                if group.title.is_empty()
                    && let Some(quality) = quality
                {
                    group.title = quality;
                }
                if text.trim().is_empty() {
                    report.note(
                        "not-carried-over",
                        Some(at.clone()),
                        format!("level {number} of `{name}` has no description; left out"),
                    );
                    continue;
                }
                let id = ids.assign(
                    Some(&format!("{name}.L{number}")),
                    &format!("criterion-{count}.L{number}"),
                    report,
                );
                group.items.push(Item::new(id, text));
                for key in ["score", "feedback"] {
                    if level
                        .get(key)
                        .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
                    {
                        report.note(
                            "not-carried-over",
                            Some(at.clone()),
                            format!("`{key}` of level {number} of `{name}`"),
                        );
                    }
                }
            }
        }
    }
    levels
        .into_values()
        .map(|mut g| {
            if g.title.is_empty() {
                g.title = format!("Level {}", g.level.unwrap_or_default());
            }
            g
        })
        .collect()
}

fn position(value: &Value) -> i64 {
    value
        .get("position")
        .and_then(Value::as_i64)
        .unwrap_or(i64::MAX)
}

/// The namespace of UUIDs nosfolio derived before standards had
/// identifiers of their own; still used for a standard without one.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:nosfolio")
}

/// The UUID v5 nosfolio gives a standard that has no identifier of its own
/// (`item` = `None`), or anything named under it: always the same for the
/// same names. A standard with an identifier uses [`node_uuid`] instead.
#[must_use]
pub fn case_uuid(standard: &str, item: Option<&str>) -> Uuid {
    let name = match item {
        Some(item) => format!("{standard}:{item}"),
        None => standard.to_owned(),
    };
    Uuid::new_v5(&namespace(), name.as_bytes())
}

/// The UUID named `name` (a node's id, or an association's parts) within
/// the standard: a UUID v5 in the namespace of the standard's own
/// identifier, so that it is stable and never the same as another
/// standard's; [`case_uuid`] for a standard without an identifier.
#[must_use]
pub fn node_uuid(standard: &Standard, name: &str) -> Uuid {
    match standard
        .identifier
        .as_deref()
        .and_then(|i| Uuid::parse_str(i.trim()).ok())
    {
        Some(own) => Uuid::new_v5(&own, name.as_bytes()),
        None => case_uuid(&standard.id, Some(name)),
    }
}

/// A source's identifier when CASE can use it (a UUID).
fn source_uuid(source: Option<&Source>) -> Option<Uuid> {
    Uuid::parse_str(source?.identifier.as_deref()?.trim()).ok()
}

/// The CFDocument identifier of a standard: the one it came from, else its
/// own identifier, else one derived from its id.
#[must_use]
pub fn document_uuid(standard: &Standard) -> Uuid {
    source_uuid(standard.source.as_ref())
        .or_else(|| {
            standard
                .identifier
                .as_deref()
                .and_then(|i| Uuid::parse_str(i.trim()).ok())
        })
        .unwrap_or_else(|| case_uuid(&standard.id, None))
}

/// The CFItem identifier of a node (an item, or a group by its id): the
/// one it came from, else [`node_uuid`].
#[must_use]
pub fn item_uuid(standard: &Standard, id: &str) -> Uuid {
    let group_uuid = |group_id: &str, source: Option<&Source>| {
        source_uuid(source).unwrap_or_else(|| node_uuid(standard, &group_name(group_id)))
    };
    if let Some((group, item)) = standard.item(id) {
        if group.claimable && group.level.is_some() {
            // A level's descriptor is the level's CFItem.
            return group_uuid(&group.id, group.source.as_ref());
        }
        return source_uuid(item.source.as_ref()).unwrap_or_else(|| node_uuid(standard, id));
    }
    group_uuid(id, standard.group(id).and_then(|g| g.source.as_ref()))
}

/// The name a heading's UUID is derived from, apart from items' ids.
fn group_name(id: &str) -> String {
    format!("group:{id}")
}

/// The association types CASE 1.0 knows, besides `isChildOf`.
const CASE_ASSOCIATIONS: &[&str] = &[
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
];

/// Builds a CFPackage; see [`case_package`].
struct Package<'a> {
    standard: &'a Standard,
    base: &'a str,
    now: &'a str,
    document: Value,
    items: Vec<Value>,
    associations: Vec<Value>,
    /// Each node's link (`title`, `identifier`, `uri`), by node id.
    links: HashMap<String, Value>,
    /// Everything the package cannot hold.
    lost: Vec<String>,
}

impl Package<'_> {
    fn uri(&self, kind: &str, id: &Uuid) -> String {
        if self.base.is_empty() {
            format!("urn:uuid:{id}")
        } else {
            format!("{}/{kind}/{id}", self.base.trim_end_matches('/'))
        }
    }

    /// A CFItem's identifier, URI and link: those it came from when it
    /// came from CASE.
    fn item_link(
        &mut self,
        id: &str,
        name: &str,
        source: Option<&Source>,
    ) -> (Uuid, String, Value) {
        let (uuid, uri) = match source_uuid(source) {
            Some(uuid) => (
                uuid,
                source
                    .and_then(|s| s.uri.clone())
                    .filter(|u| is_uri(u))
                    .unwrap_or_else(|| self.uri("CFItems", &uuid)),
            ),
            None => {
                let uuid = node_uuid(self.standard, name);
                (uuid, self.uri("CFItems", &uuid))
            }
        };
        let link = json!({ "title": id, "identifier": uuid.to_string(), "uri": uri });
        self.links.insert(id.to_owned(), link.clone());
        (uuid, uri, link)
    }

    fn associate(
        &mut self,
        kind: &str,
        origin: &Value,
        destination: &Value,
        sequence: Option<usize>,
        source: Option<&Source>,
    ) {
        let name = format!(
            "{kind}:{}:{}",
            origin["identifier"].as_str().unwrap_or_default(),
            destination["identifier"].as_str().unwrap_or_default()
        );
        let id = source_uuid(source).unwrap_or_else(|| node_uuid(self.standard, &name));
        let uri = source
            .and_then(|s| s.uri.clone())
            .filter(|u| is_uri(u) && source_uuid(source).is_some())
            .unwrap_or_else(|| self.uri("CFAssociations", &id));
        let mut association = json!({
            "identifier": id.to_string(),
            "uri": uri,
            "lastChangeDateTime": self.now,
            "CFDocumentURI": self.document.clone(),
            "associationType": kind,
            "originNodeURI": origin,
            "destinationNodeURI": destination,
        });
        if let Some(sequence) = sequence {
            association["sequenceNumber"] = json!(sequence);
        }
        self.associations.push(association);
    }

    /// Says that a node whose code is not its id comes back named by its
    /// code: a CFItem has one code, its `humanCodingScheme`, which holds it.
    fn code_for_id(&mut self, id: &str, code: Option<&str>, levels: bool) {
        if let Some(code) = code.filter(|c| *c != id) {
            self.lost.push(format!(
                "the id `{id}`: a CFItem has one code (humanCodingScheme), which holds its code `{code}`, so it comes back as `{code}`{}",
                if levels { ", and its levels' ids with it" } else { "" }
            ));
        }
    }

    /// A CFItem with the parts every one has.
    fn cf_item(&self, uuid: &Uuid, uri: &str, code: &str, full: &str) -> Value {
        json!({
            "identifier": uuid.to_string(),
            "uri": uri,
            "lastChangeDateTime": self.now,
            "CFDocumentURI": self.document.clone(),
            "humanCodingScheme": code,
            "fullStatement": full,
        })
    }

    /// A claimable node as a CFItem, `parent` its parent's link.
    fn item(&mut self, item: &Item, level: bool, parent: &Value, sequence: usize) -> Value {
        let (uuid, uri, link) = self.item_link(&item.id, &item.id, item.source.as_ref());
        self.code_for_id(&item.id, item.code.as_deref(), false);
        let mut value = self.cf_item(
            &uuid,
            &uri,
            item.code.as_deref().unwrap_or(&item.id),
            &item.text,
        );
        let default_type = if level { "Behaviour" } else { "Item" };
        value["CFItemType"] = json!(item.node_type.as_deref().unwrap_or(default_type));
        if let Some(title) = &item.title {
            value["abbreviatedStatement"] = json!(title);
        }
        if let Some(notes) = &item.notes {
            value["notes"] = json!(notes);
        }
        self.items.push(value);
        self.associate("isChildOf", &link, parent, Some(sequence), None);
        link
    }

    /// A group (a heading, a claimable node with children, or a level) as
    /// a CFItem, hanging from `parent`.
    fn group(&mut self, group: &Group, parent: &Value, sequence: usize, levels: bool) -> Value {
        if let (true, Some(own)) = (
            group.claimable && group.level.is_none(),
            group.items.first(),
        ) {
            return self.item(own, false, parent, sequence);
        }
        let (uuid, uri, link) =
            self.item_link(&group.id, &group_name(&group.id), group.source.as_ref());
        self.code_for_id(&group.id, group.code.as_deref(), levels);
        let descriptor = group
            .items
            .first()
            .filter(|_| group.claimable && group.level.is_some());
        let full = descriptor
            .map(|d| d.text.as_str())
            .or(group.text.as_deref())
            .or(group.intro.as_deref())
            .unwrap_or(&group.title);
        let mut value = self.cf_item(
            &uuid,
            &uri,
            group.code.as_deref().unwrap_or(&group.id),
            full,
        );
        value["abbreviatedStatement"] = json!(group.title);
        let item_type = match (&group.node_type, group.level, &group.text) {
            (_, Some(_), _) => "Level",
            (Some(t), _, _) => t.as_str(),
            (None, None, Some(_)) => HEADING_TYPE,
            (None, None, None) => GROUP_TYPE,
        };
        value["CFItemType"] = json!(item_type);
        if let Some(level) = group.level {
            value["listEnumeration"] = json!(level.to_string());
        }
        if let Some(notes) = &group.notes {
            value["notes"] = json!(notes);
        }
        if group.text.is_some() && group.intro.is_some() {
            self.lost.push(format!(
                "the intro of `{}` (CASE has a fullStatement, which holds its text)",
                group.id
            ));
        }
        if group.node_type.as_deref().is_some_and(|t| {
            !ORGANISING_TYPES.iter().any(|o| o.eq_ignore_ascii_case(t)) && group.level.is_none()
        }) {
            self.lost.push(format!(
                "that `{}` is not claimable: CASE cannot say so for a CFItemType `{}` (only for {}), so a CASE reader takes it as a statement",
                group.id,
                item_type,
                ORGANISING_TYPES.join(", ")
            ));
        }
        self.items.push(value);
        self.associate("isChildOf", &link, parent, Some(sequence), None);
        link
    }

    /// The link an association's end names: a node's, or one made of a URI.
    fn end(&self, end: &str) -> Option<Value> {
        if let Some(link) = self.links.get(end) {
            return Some(link.clone());
        }
        is_uri(end).then(|| {
            let identifier = end
                .strip_prefix("urn:uuid:")
                .map_or_else(|| tail(end), str::to_owned);
            json!({ "title": end, "identifier": identifier, "uri": end })
        })
    }
}

/// The parts of a standard a CFDocument has no place for, one line each.
fn document_not_held(standard: &Standard) -> Vec<String> {
    let mut lost = crate::texts_not_held(standard, "a CFDocument", false);
    if standard.overview.is_some() && standard.definition.is_some() {
        lost.push(
            "the standard's definition: the CFDocument's description holds its overview".into(),
        );
    }
    lost
}

/// The source identifiers a package cannot reuse, because CASE identifiers
/// are UUIDs: the standard's and its nodes' (a Moodle idnumber, say), one
/// line each for the standard and for its nodes.
fn sources_not_held(standard: &Standard) -> Vec<String> {
    let foreign = |source: Option<&Source>| {
        source
            .and_then(|s| s.identifier.as_deref())
            .is_some_and(|i| Uuid::parse_str(i.trim()).is_err())
    };
    let mut lost = Vec::new();
    if foreign(standard.source.as_ref()) {
        lost.push(
            "the standard's source identifier: CASE identifiers are UUIDs, so the CFDocument has one of its own"
                .to_owned(),
        );
    }
    let nodes = standard
        .groups
        .iter()
        .filter(|g| foreign(g.source.as_ref()))
        .count()
        + standard
            .items()
            .filter(|(_, i)| foreign(i.source.as_ref()))
            .count();
    if nodes > 0 {
        lost.push(format!(
            "the source identifiers of {nodes} nodes: CASE identifiers are UUIDs, so their CFItems have ones of their own"
        ));
    }
    lost
}

/// A CASE CFPackage of a standard, and what it could not hold (one line
/// each, for the user): the whole tree, each node a CFItem (its type, notes,
/// code and identifiers kept; a heading's type `Group` or `Heading` when it
/// has none, a level's `Level`, a leaf's `Item` or `Behaviour`), `isChildOf`
/// associations making the tree, `hasSkillLevel` from each behaviour to its
/// level, interview questions as CFItems of type `Interview question`, and
/// the standard's associations. Identifiers are those the standard and its
/// nodes came from, else derived from the standard's own identifier
/// ([`document_uuid`], [`item_uuid`]). `base` prefixes the `uri`s
/// (`urn:uuid:` when empty); `now` is the `lastChangeDateTime` (RFC 3339).
#[must_use]
pub fn case_package(standard: &Standard, base: &str, now: &str) -> (Value, Vec<String>) {
    let document_id = document_uuid(standard);
    let mut package = Package {
        standard,
        base,
        now,
        document: Value::Null,
        items: Vec::new(),
        associations: Vec::new(),
        links: HashMap::new(),
        lost: Vec::new(),
    };
    let document_uri = standard
        .source
        .as_ref()
        .filter(|s| source_uuid(Some(s)) == Some(document_id))
        .and_then(|s| s.uri.clone())
        .filter(|u| is_uri(u))
        .unwrap_or_else(|| package.uri("CFDocuments", &document_id));
    let document_link = json!({ "title": standard.title, "identifier": document_id.to_string(), "uri": document_uri });
    package.document = document_link.clone();
    // Each group's link, and how many children each node has had so far
    // (`None` is the document).
    let mut group_links: Vec<Value> = Vec::new();
    let mut counts: HashMap<Option<usize>, usize> = HashMap::new();
    let mut next = |slot: Option<usize>| {
        let count = counts.entry(slot).or_insert(0);
        *count += 1;
        *count
    };
    for (index, group) in standard.groups.iter().enumerate() {
        let parent = group.parent.filter(|&p| p < index);
        let parent_link = parent
            .and_then(|p| group_links.get(p))
            .unwrap_or(&document_link)
            .clone();
        let holder = group.id == standard.id && group.level.is_none() && parent.is_none();
        let link = if holder {
            document_link.clone()
        } else {
            let levels = standard
                .groups
                .iter()
                .any(|g| g.level.is_some() && g.parent == Some(index));
            package.group(group, &parent_link, next(parent), levels)
        };
        group_links.push(link.clone());
        // A claimable node's own item is its CFItem (a level's descriptor
        // its fullStatement).
        let own = usize::from(group.claimable);
        let slot = (!holder).then_some(index);
        for item in group.items.get(own..).unwrap_or_default() {
            let sequence = next(slot);
            let item_link = package.item(item, group.level.is_some(), &link, sequence);
            if group.level.is_some() {
                package.associate("hasSkillLevel", &item_link, &link, Some(sequence), None);
            }
        }
        for question in &group.questions {
            let sequence = next(slot);
            let (uuid, uri, question_link) = package.item_link(&question.id, &question.id, None);
            let mut value = package.cf_item(&uuid, &uri, &question.id, &question.text);
            value["CFItemType"] = json!(QUESTION_TYPE);
            if !question.probing.is_empty() {
                value["notes"] = json!(question.probing.join("\n"));
            }
            package.items.push(value);
            package.associate("isChildOf", &question_link, &link, Some(sequence), None);
        }
    }
    for association in &standard.associations {
        let ends = (package.end(&association.from), package.end(&association.to));
        match ends {
            (Some(from), Some(to)) if CASE_ASSOCIATIONS.contains(&association.kind.as_str()) => {
                package.associate(
                    &association.kind,
                    &from,
                    &to,
                    None,
                    association.source.as_ref(),
                );
            }
            _ => package.lost.push(format!(
                "the `{}` association from `{}` to `{}` (CASE 1.0 has no such association type)",
                association.kind, association.from, association.to
            )),
        }
    }
    package.lost.extend(document_not_held(standard));
    package.lost.extend(sources_not_held(standard));
    if !standard.evidence_types.is_empty() {
        package.lost.push(format!(
            "the {} evidence types ({}): CASE has no place for them",
            standard.evidence_types.len(),
            standard
                .evidence_types
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut document = json!({
        "identifier": document_id.to_string(),
        "uri": document_uri,
        "lastChangeDateTime": now,
        "creator": NOSFOLIO_CREATOR,
        "title": standard.title,
        "CFPackageURI": json!({ "title": standard.title, "identifier": document_id.to_string(), "uri": package.uri("CFPackages", &document_id) }),
    });
    if let Some(description) = standard
        .overview
        .as_deref()
        .or(standard.definition.as_deref())
    {
        document["description"] = json!(description);
    }
    if let Some(code) = &standard.code {
        document["humanCodingScheme"] = json!(code);
    }
    let value = json!({
        "CFDocument": document,
        "CFItems": package.items,
        "CFAssociations": package.associations,
    });
    (value, package.lost)
}
