//! The contacts list for a terminal (`nosfolio network contact list`): one
//! line per contact, so that a manager sees who is in the plan without
//! opening the file.

use std::fmt::Write as _;

use nosfolio_network::ContactSummary;

use crate::text::{Paint, TextOptions, clean};

/// One line per contact: id, name and where they work, lists, latest score
/// and its day, target window.
#[must_use]
pub fn contacts_text(contacts: &[ContactSummary], options: &TextOptions) -> String {
    let mut out = String::new();
    if contacts.is_empty() {
        out.push_str(
            "No contacts yet: add one with `nosfolio network contact add ID --name NAME`.\n",
        );
        return out;
    }
    let width = contacts
        .iter()
        .map(|c| clean(&c.id).chars().count())
        .max()
        .unwrap_or(0);
    for contact in contacts {
        let id = clean(&contact.id);
        let mut line = format!(
            "{}{}  {}",
            options.paint(Paint::Bold, &id),
            " ".repeat(width - id.chars().count()),
            clean(&contact.name)
        );
        let place: Vec<String> = [&contact.role, &contact.organisation]
            .into_iter()
            .flatten()
            .map(|s| clean(s))
            .collect();
        if !place.is_empty() {
            let _ = write!(line, " ({})", place.join(", "));
        }
        if contact.leader {
            line.push_str(", leader");
        }
        let lists: Vec<String> = contact.lists.iter().map(ToString::to_string).collect();
        let lists = if lists.is_empty() {
            "on no list".to_owned()
        } else {
            lists.join(" + ")
        };
        let _ = write!(line, "; {lists}");
        match contact.latest_score {
            Some(score) => {
                let _ = write!(line, "; score {}/5 on {}", score.score, score.date);
            }
            None => line.push_str("; not scored"),
        }
        if let Some(target) = contact.target {
            match target.until {
                Some(until) => {
                    let _ = write!(line, "; target {} days, by {until}", target.days);
                }
                None => {
                    let _ = write!(line, "; target {} days (no start date)", target.days);
                }
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use nosfolio_network::parse_contacts;

    #[test]
    fn one_line_per_contact() {
        let (list, _) = parse_contacts(
            "c.yaml",
            "contacts:\n  - id: jkaur\n    name: Joanna Kaur\n    role: IT Lead\n    leader: true\n    lists: [know-and-like, can-help]\n    scores: [{date: 2025-04-01, score: 2}]\n    target: 60\n  - id: al\n    name: \"Al \\u001b[31m\"\n",
        );
        let rows: Vec<ContactSummary> = list
            .unwrap()
            .contacts
            .iter()
            .map(ContactSummary::of)
            .collect();
        assert_eq!(
            contacts_text(&rows, &TextOptions::default()),
            "jkaur  Joanna Kaur (IT Lead), leader; know and like + can help; score 2/5 on 2025-04-01; target 60 days, by 2025-05-31\nal     Al [31m; on no list; not scored\n"
        );
        assert!(contacts_text(&[], &TextOptions::default()).contains("contact add"));
    }
}
