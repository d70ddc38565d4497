//! Standards as typed data: NOS units and leveled competency frameworks share
//! one model, so that coverage, matrices and reports treat them alike.
//!
//! A NOS unit's groups are its performance criteria, behaviours and knowledge
//! scopes; a competency framework's groups are its levels. Either may have
//! evidence types (the NOS evidence-requirements table).

use serde::Serialize;

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
    /// Groups of items, in the standard's order.
    pub groups: Vec<Group>,
    /// Kinds of evidence and the items each can support.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_types: Vec<EvidenceType>,
}

/// A group of items: a NOS section (e.g. behaviours) or a framework level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Stable id, e.g. `performance-criteria` or `level-3`.
    pub id: String,
    /// Heading, e.g. `Performance Criteria` or `Builds a planned network`.
    pub title: String,
    /// Lead-in sentence, e.g. `You must be able to:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// The level number, for a framework's level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    /// The items evidence can claim.
    pub items: Vec<Item>,
    /// Behavioural interview questions (frameworks).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

impl Group {
    /// `Level 3: Builds a planned network` for a level, else the title.
    #[must_use]
    pub fn heading(&self) -> String {
        match self.level {
            Some(level) if !self.title.starts_with("Proficiency Level") => {
                format!("Level {level}: {}", self.title)
            }
            _ => self.title.clone(),
        }
    }
}

/// Something a portfolio must evidence: a criterion, behaviour or knowledge point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Id within the standard, e.g. `PC1`, `KG3`, `L3.2`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
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
