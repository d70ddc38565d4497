//! Standards as typed data: NOS units and leveled competency frameworks share
//! one model, so that coverage, matrices and reports treat them alike.
//!
//! A standard is a tree of nodes of any depth. A node has an id, a title
//! and/or text, optional notes, and may be claimable; a competency node may
//! carry its own levels, each with its behaviours and interview questions.
//! The tree is held flat, in the order it is read (pre-order):
//!
//! - every node that has children or levels, and every level, is a
//!   [`Group`], which names its parent group by index ([`Group::parent`]);
//! - every claimable node is an [`Item`] of its parent's group; a claimable
//!   node that also has children is the first item of its own group
//!   ([`Group::claimable`]);
//! - claimable nodes that hang from the standard itself are held by a group
//!   whose id is the standard's id.
//!
//! A NOS unit's groups are its performance criteria, behaviours and
//! knowledge scopes (a tree of depth two); a competency framework's groups
//! are its levels, or its competencies and each one's levels. Item ids are
//! unique in the standard whatever their depth, so `mla3:PC1` and
//! `oecd:S-SN-3` address any item. Either kind may have evidence types (the
//! NOS evidence-requirements table).

use serde::Serialize;

use crate::record::NosRecord;

/// The two shapes a standard file can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StandardKind {
    /// A National Occupational Standards unit: PCs, behaviours, knowledge.
    NosUnit,
    /// A leveled competency framework: behaviours and interview questions per level.
    CompetencyFramework,
}

/// A standard: what a portfolio is assessed against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standard {
    /// Short id used to qualify item references, e.g. `mla3` in `mla3:PC1`.
    pub id: String,
    /// Which shape it has.
    pub kind: StandardKind,
    /// The published code, e.g. `M&LA3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The title, e.g. `Develop your personal networks`.
    pub title: String,
    /// The suite it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suite: Option<String>,
    /// Its UK Standards (NOS) record: URN, version, dates, status, scope,
    /// glossary… (empty when the source gives none).
    #[serde(skip_serializing_if = "NosRecord::is_empty")]
    pub record: NosRecord,
    /// What the standard is about (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// A competency's definition (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// Who the standard is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Links to other standards (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<String>,
    /// The paragraph introducing the skills list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skills_intro: Option<String>,
    /// Generic skills applied in meeting the standard.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// nosfolio's own identifier for the standard, made at random when it is
    /// first exported or imported and kept in the file, so that two standards
    /// never share one (a UUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Where the standard came from: the source framework's identifier and URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The nodes of the tree that hold or head items, in pre-order (see the
    /// module's documentation).
    pub groups: Vec<Group>,
    /// Kinds of evidence and the items each can support.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_types: Vec<EvidenceType>,
    /// Links between nodes other than the tree's own (a CASE `isPeerOf`,
    /// `precedes`, `exactMatchOf`…), in the order read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<Association>,
}

/// A link from a node of the standard to another node of it, or to
/// something outside it named by a URI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Association {
    /// What the link says, e.g. CASE's `isPeerOf` or `precedes`.
    pub kind: String,
    /// The node it goes from: an item's or a group's id, or a URI.
    pub from: String,
    /// The node it goes to: an item's or a group's id, or a URI.
    pub to: String,
    /// Where the link itself came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Whether an association's end names something outside the standard
/// (a URI such as `https://…` or `urn:uuid:…`) rather than one of its nodes.
#[must_use]
pub fn is_uri(end: &str) -> bool {
    let Some((scheme, rest)) = end.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !end.contains(char::is_whitespace)
}

/// Where a standard or one of its nodes came from, so that an export to the
/// same system names it as the source did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The source's identifier (a CASE `identifier`, a Moodle id number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The source's URI for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// A node of the tree that holds or heads items: a NOS section (e.g.
/// behaviours), a cluster, a competency, or a level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Stable id, e.g. `performance-criteria`, `level-3`, `strategic-networking`
    /// or `strategic-networking.level-3`.
    pub id: String,
    /// Heading, e.g. `Performance Criteria` or `Builds a planned network`.
    pub title: String,
    /// Lead-in sentence, e.g. `You must be able to:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// The node's own statement: a competency's description, a level's
    /// descriptor, a statement that organises others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Notes on the node (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// What the source calls this kind of node (a CASE `CFItemType` such as
    /// `Domain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_type: Option<String>,
    /// The code the source shows for it (a CASE `humanCodingScheme`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The index in [`Standard::groups`] of the group it hangs from, which
    /// comes before it; `None` when it hangs from the standard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
    /// The level number, for a level of the standard or of a competency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    /// Whether the node is itself claimable: it is then `items[0]`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub claimable: bool,
    /// The items evidence can claim.
    pub items: Vec<Item>,
    /// Behavioural interview questions (frameworks).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

impl Group {
    /// `Level 3: Builds a planned network` for a level, else the title
    /// (also for a level whose title already says which level it is).
    #[must_use]
    pub fn heading(&self) -> String {
        match self.level {
            Some(level) if !self.title.to_lowercase().contains("level") => {
                format!("Level {level}: {}", self.title)
            }
            _ => self.title.clone(),
        }
    }

    /// The items of the node's children: its items without itself.
    #[must_use]
    pub fn children_items(&self) -> &[Item] {
        if self.claimable {
            self.items.get(1..).unwrap_or_default()
        } else {
            &self.items
        }
    }
}

/// A node that carries its own levels: the standard itself (a leveled
/// framework such as `networking`) or one of its groups (OECD's Strategic
/// Networking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competency<'a> {
    /// The group of the competency, or `None` for the standard itself.
    pub group: Option<&'a Group>,
    /// Its id: the group's id, or the standard's.
    pub id: &'a str,
    /// Its name.
    pub title: &'a str,
    /// Its levels, lowest first, each with at least one item.
    pub levels: Vec<&'a Group>,
}

/// Something a portfolio must evidence: a criterion, behaviour or knowledge
/// point; any claimable node of the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Id within the standard, unique at any depth, e.g. `PC1`, `KG3`, `L3.2`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
    /// A short name beside the text, where the source gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Notes on it (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// What the source calls this kind of node (a CASE `CFItemType`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_type: Option<String>,
    /// The code the source shows for it (a CASE `humanCodingScheme`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Item {
    /// An item with just an id and its text.
    #[must_use]
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            text: text.into(),
            ..Self::default()
        }
    }
}

/// A behavioural interview question with its probing questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Id, e.g. `L3.Q1`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
    /// Follow-up questions.
    pub probing: Vec<String>,
}

/// A kind of evidence from the evidence-requirements table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceType {
    /// Id used in sidecars' `type:`, e.g. `annotated-contacts-list`.
    pub id: String,
    /// The table's group heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Verbatim description, e.g. `annotated contacts list`.
    pub text: String,
    /// Ids of the items this kind of evidence can support.
    pub supports: Vec<String>,
}

impl EvidenceType {
    /// Whether the table maps this type to `item`.
    #[must_use]
    pub fn supports(&self, item: &str) -> bool {
        self.supports.iter().any(|s| s == item)
    }
}

impl Standard {
    /// `M&LA3 Develop your personal networks`, or the title alone.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.code {
            Some(code) => format!("{code} {}", self.title),
            None => self.title.clone(),
        }
    }

    /// The code where there is one, else the id: short enough for messages.
    #[must_use]
    pub fn short_name(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.id)
    }

    /// All items, group by group.
    pub fn items(&self) -> impl Iterator<Item = (&Group, &Item)> {
        self.groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| (g, i)))
    }

    /// The item with this id.
    #[must_use]
    pub fn item(&self, id: &str) -> Option<(&Group, &Item)> {
        self.items().find(|(_, item)| item.id == id)
    }

    /// The evidence type with this id.
    #[must_use]
    pub fn evidence_type(&self, id: &str) -> Option<&EvidenceType> {
        self.evidence_types.iter().find(|t| t.id == id)
    }

    /// The evidence types of the standard's table that can support `item`,
    /// in the table's order.
    pub fn types_supporting<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a EvidenceType> {
        self.evidence_types.iter().filter(move |t| t.supports(item))
    }

    /// Whether `id` names a node of the tree: an item, or a group other
    /// than the one holding the standard's top-level items.
    #[must_use]
    pub fn has_node(&self, id: &str) -> bool {
        self.item(id).is_some() || (id != self.id && self.group(id).is_some())
    }

    /// The group with this id.
    #[must_use]
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The groups from the top of the tree down to `group` (an index into
    /// [`Standard::groups`]), `group` last.
    #[must_use]
    pub fn path(&self, group: usize) -> Vec<&Group> {
        let mut path = Vec::new();
        let mut at = Some(group);
        // Parents come earlier, so the walk ends; the bound guards a
        // hand-made standard that breaks the rule.
        while let Some(index) = at.filter(|_| path.len() <= self.groups.len()) {
            let Some(group) = self.groups.get(index) else {
                break;
            };
            path.push(group);
            at = group.parent.filter(|&p| p < index);
        }
        path.reverse();
        path
    }

    /// A group's heading as every output shows it: the titles of the groups
    /// it hangs from, then its own heading (`Strategic › Plane figures`);
    /// a level is named by its competency alone (`Strategic Networking ›
    /// Level 1`), which is what tells it from the others.
    #[must_use]
    pub fn heading(&self, group: &Group) -> String {
        let Some(index) = self.groups.iter().position(|g| std::ptr::eq(g, group)) else {
            return group.heading();
        };
        let mut path = self.path(index);
        if group.level.is_some() && path.len() > 2 {
            path.drain(..path.len() - 2);
        }
        let mut heading: Vec<String> = path
            .iter()
            .take(path.len().saturating_sub(1))
            .map(|g| g.title.clone())
            .collect();
        heading.push(group.heading());
        heading.join(" › ")
    }

    /// The nodes that carry their own levels, in the standard's order: the
    /// standard itself when its levels hang from it, then every group whose
    /// children include levels. Levels without items are left out.
    #[must_use]
    pub fn competencies(&self) -> Vec<Competency<'_>> {
        let mut found: Vec<(Option<usize>, Vec<&Group>)> = Vec::new();
        for group in self.groups.iter().filter(|g| g.level.is_some()) {
            let owner = group.parent.filter(|&p| self.groups[p].level.is_none());
            match found.iter_mut().find(|(o, _)| *o == owner) {
                Some((_, levels)) => levels.push(group),
                None => found.push((owner, vec![group])),
            }
        }
        found
            .into_iter()
            .map(|(owner, mut levels)| {
                levels.retain(|g| !g.items.is_empty());
                levels.sort_by_key(|g| g.level);
                let group = owner.map(|o| &self.groups[o]);
                Competency {
                    group,
                    id: group.map_or(self.id.as_str(), |g| g.id.as_str()),
                    title: group.map_or(self.title.as_str(), |g| g.title.as_str()),
                    levels,
                }
            })
            .collect()
    }

    /// The competency `id` names: the standard's own id for its own levels,
    /// else a group carrying levels.
    #[must_use]
    pub fn competency(&self, id: &str) -> Option<Competency<'_>> {
        self.competencies().into_iter().find(|c| c.id == id)
    }

    /// The competency whose level `group` is, if it is one.
    #[must_use]
    pub fn competency_of(&self, group: &Group) -> Option<Competency<'_>> {
        group.level?;
        self.competencies()
            .into_iter()
            .find(|c| c.levels.iter().any(|l| l.id == group.id))
    }

    /// The number of items.
    #[must_use]
    pub fn item_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    /// `M&LA3 has PC1..PC6, B1..B10, …`: for messages about unknown ids.
    #[must_use]
    pub fn id_summary(&self) -> String {
        format!(
            "{} has {}",
            self.short_name(),
            crate::suggest::summarize_ids(self.items().map(|(_, i)| i.id.as_str()))
        )
    }
}
