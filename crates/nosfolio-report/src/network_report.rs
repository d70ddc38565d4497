//! The networking plan in the report: the contacts list as the annotated
//! contacts list M&LA3 asks for, and the journal as the networking log.
//!
//! Contacts are people who never agreed to be in anyone's portfolio: for
//! every audience but the candidate, a contact whose confidentiality does
//! not allow that audience appears only as `Contact N`, with none of the
//! text written about them; the same name is used wherever they appear.

use std::fmt::Write as _;

use nosfolio_core::{Audience, Confidentiality, Visibility, visibility};
use nosfolio_network::{Contact, JournalEntry, Network, pseudonym};
use serde::Serialize;

use crate::markdown::{markdown_to_html, markdown_to_text};
use crate::matrix::md_cell;
use crate::text::clean;

#[derive(Serialize)]
pub(crate) struct ScoreModel {
    date: String,
    score: u8,
}

#[derive(Serialize)]
pub(crate) struct ContactModel {
    anchor: String,
    /// The name, or `Contact N`.
    label: String,
    /// Whether `label` is a pseudonym and the text about them withheld.
    pseudonymised: bool,
    role: Option<String>,
    department: Option<String>,
    organisation: Option<String>,
    notes_html: Option<String>,
    #[serde(skip)]
    notes_text: Option<String>,
    interests: Vec<String>,
    ideas: Vec<String>,
    leader: bool,
    lists: Vec<String>,
    scores: Vec<ScoreModel>,
    target: Option<String>,
    cadence: Option<u16>,
    contacts_made: usize,
    last_contact: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct EntryModel {
    date: String,
    kind: String,
    contacts: Vec<String>,
    introduced: Vec<(String, String)>,
    next_contact: Option<String>,
    visibility: Visibility,
    /// The evidence section's anchor, when the entry is evidence shown there.
    evidence_anchor: Option<String>,
    evidence_number: Option<usize>,
    body_html: Option<String>,
    #[serde(skip)]
    body_text: Vec<String>,
}

/// The networking plan as an audience may see it.
#[derive(Serialize)]
pub(crate) struct NetworkModel {
    /// Whether the contacts list is shown at all (else only counted).
    list_shown: bool,
    contacts: Vec<ContactModel>,
    pseudonymised: usize,
    entries: Vec<EntryModel>,
    withheld_entries: usize,
    /// The contacts list's place in the evidence section, when it is evidence.
    list_evidence_anchor: Option<String>,
}

impl NetworkModel {
    /// `evidence(path)` gives the number and anchor of a piece of evidence
    /// the audience sees; `base` leads from the report to the portfolio
    /// (see [`crate::ReportMeta::base`]), for links in notes.
    pub(crate) fn build(
        network: &Network,
        audience: Audience,
        list_confidentiality: Confidentiality,
        evidence: &dyn Fn(&str) -> Option<(usize, String)>,
        base: &[String],
    ) -> Self {
        let list_visibility = visibility(audience, list_confidentiality);
        // A contact is named only where both the list and the contact allow it.
        let named: Vec<bool> = network
            .contacts()
            .iter()
            .map(|c| {
                list_visibility == Visibility::Full
                    && visibility(audience, c.confidentiality) == Visibility::Full
            })
            .collect();
        let label = |id: &str| -> String {
            match network.index_of(id) {
                Some(i) if named[i] => clean(&network.contacts()[i].name),
                Some(i) => pseudonym(i),
                // Unknown ids are errors reported elsewhere; never shown.
                None => "an unknown contact".to_owned(),
            }
        };
        let contacts = if list_visibility == Visibility::Withheld {
            Vec::new()
        } else {
            network
                .contacts()
                .iter()
                .enumerate()
                .map(|(i, c)| contact_model(network, c, i, named[i], base))
                .collect()
        };
        let mut entries = Vec::new();
        let mut withheld_entries = 0;
        for entry in &network.journal {
            let shown = visibility(audience, entry.confidentiality());
            if shown == Visibility::Withheld {
                withheld_entries += 1;
                continue;
            }
            entries.push(entry_model(entry, shown, &label, evidence, base));
        }
        Self {
            list_shown: list_visibility != Visibility::Withheld,
            pseudonymised: named.iter().filter(|n| !**n).count(),
            contacts,
            entries,
            withheld_entries,
            list_evidence_anchor: evidence(nosfolio_network_list_path()).map(|(_, a)| a),
        }
    }
}

/// Where the contacts list is, as evidence paths name it.
fn nosfolio_network_list_path() -> &'static str {
    "network/contacts.yaml"
}

fn contact_model(
    network: &Network,
    c: &Contact,
    index: usize,
    named: bool,
    base: &[String],
) -> ContactModel {
    let text = |t: &Option<String>| t.as_deref().filter(|_| named).map(clean);
    let entries: Vec<&JournalEntry> = network.entries_with(&c.id).collect();
    ContactModel {
        anchor: format!("contact-{}", index + 1),
        label: if named {
            clean(&c.name)
        } else {
            pseudonym(index)
        },
        pseudonymised: !named,
        role: text(&c.role),
        department: text(&c.department),
        organisation: text(&c.organisation),
        notes_html: c
            .notes
            .as_deref()
            .filter(|_| named)
            .map(|n| markdown_to_html(n, base)),
        notes_text: c
            .notes
            .as_deref()
            .filter(|_| named)
            .map(|n| markdown_to_text(n).join(" ")),
        interests: if named {
            c.interests.iter().map(|i| clean(i)).collect()
        } else {
            Vec::new()
        },
        ideas: if named {
            c.ideas.iter().map(|i| clean(i)).collect()
        } else {
            Vec::new()
        },
        leader: c.leader,
        lists: c.lists.iter().map(ToString::to_string).collect(),
        scores: c
            .scores
            .iter()
            .map(|s| ScoreModel {
                date: s.date.to_string(),
                score: s.score,
            })
            .collect(),
        target: c.target_window().map(|(from, end)| {
            format!(
                "{} days from {from} (by {end})",
                c.target.unwrap_or_default()
            )
        }),
        cadence: c.cadence,
        contacts_made: entries.len(),
        last_contact: entries.last().map(|e| e.date.to_string()),
    }
}

fn entry_model(
    entry: &JournalEntry,
    shown: Visibility,
    label: &dyn Fn(&str) -> String,
    evidence: &dyn Fn(&str) -> Option<(usize, String)>,
    base: &[String],
) -> EntryModel {
    let full = shown == Visibility::Full;
    let linked = evidence(&entry.file);
    EntryModel {
        date: entry.date.to_string(),
        // A kind of the candidate's own wording is theirs to share.
        kind: if full || nosfolio_network::KINDS.contains(&entry.kind.as_str()) {
            clean(&entry.kind)
        } else {
            "contact".to_owned()
        },
        contacts: entry.contacts.iter().map(|c| label(&c.value)).collect(),
        introduced: entry
            .introduced
            .iter()
            .map(|i| (label(&i.first.value), label(&i.second.value)))
            .collect(),
        next_contact: entry.next_contact.map(|d| d.to_string()),
        visibility: shown,
        evidence_number: linked.as_ref().map(|(n, _)| *n),
        evidence_anchor: linked.map(|(_, a)| a),
        body_html: Some(entry.body.as_str())
            .filter(|b| full && !b.trim().is_empty())
            .map(|b| markdown_to_html(b, base)),
        body_text: Some(entry.body.as_str())
            .filter(|_| full)
            .map(markdown_to_text)
            .unwrap_or_default(),
    }
}

/// The networking plan as Markdown.
pub(crate) fn network_md(model: &NetworkModel, out: &mut String) {
    out.push_str("## Networking plan\n\n### Annotated contacts list\n\n");
    if !model.list_shown {
        out.push_str("The contacts list is not included in this version.\n\n");
    } else if model.contacts.is_empty() {
        out.push_str("No contacts yet.\n\n");
    } else {
        if model.pseudonymised > 0 {
            let _ = writeln!(
                out,
                "{} contact(s) are private and shown as `Contact N`.\n",
                model.pseudonymised
            );
        }
        out.push_str("| Contact | Role | Leader | Lists | Scores | Target | Contacts made |\n|---|---|---|---|---|---|---|\n");
        for c in &model.contacts {
            let role: Vec<&str> = [&c.role, &c.department, &c.organisation]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let scores: Vec<String> = c
                .scores
                .iter()
                .map(|s| format!("{} ({})", s.score, s.date))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md_cell(&c.label),
                md_cell(&role.join(", ")),
                if c.leader { "yes" } else { "" },
                md_cell(&c.lists.join(", ")),
                scores.join(" → "),
                md_cell(c.target.as_deref().unwrap_or_default()),
                c.contacts_made
            );
        }
        out.push('\n');
        for c in model
            .contacts
            .iter()
            .filter(|c| c.notes_text.is_some() || !c.ideas.is_empty() || !c.interests.is_empty())
        {
            let _ = writeln!(out, "- **{}**", md_cell(&c.label));
            if let Some(notes) = &c.notes_text {
                let _ = writeln!(out, "  - Notes: {}", md_cell(notes));
            }
            if !c.interests.is_empty() {
                let _ = writeln!(out, "  - Interests: {}", md_cell(&c.interests.join(", ")));
            }
            for idea in &c.ideas {
                let _ = writeln!(out, "  - Idea: {}", md_cell(idea));
            }
        }
        out.push('\n');
    }
    out.push_str("### Networking log\n\n");
    if model.entries.is_empty() {
        out.push_str("No journal entries are included in this version.\n\n");
    }
    for entry in &model.entries {
        let contacts: Vec<String> = entry.contacts.iter().map(|c| md_cell(c)).collect();
        let mut line = format!(
            "- **{}** {} with {}",
            entry.date,
            md_cell(&entry.kind),
            contacts.join(", ")
        );
        for (a, b) in &entry.introduced {
            let _ = write!(line, "; introduced {} to {}", md_cell(a), md_cell(b));
        }
        if let Some(next) = &entry.next_contact {
            let _ = write!(line, "; next contact {next}");
        }
        if let Some(number) = entry.evidence_number {
            let _ = write!(line, " (evidence {number})");
        }
        if entry.visibility == Visibility::Restricted {
            line.push_str(
                " — private: the entry's text is available from the candidate on request",
            );
        }
        let _ = writeln!(out, "{line}");
        for text in &entry.body_text {
            let _ = writeln!(out, "  > {}", md_cell(text));
        }
    }
    if model.withheld_entries > 0 {
        let _ = writeln!(
            out,
            "\n{} further journal entr{} not included in this version.",
            model.withheld_entries,
            if model.withheld_entries == 1 {
                "y is"
            } else {
                "ies are"
            }
        );
    }
    out.push('\n');
}
