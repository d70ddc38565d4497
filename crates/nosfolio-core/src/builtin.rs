//! The standards built into nosfolio, embedded from this crate's
//! `standards/` folder (inside the crate, so that it packages on its own).

use std::sync::OnceLock;

use crate::standard::Standard;
use crate::standard_file::parse_standard;

/// Id and YAML text of each built-in standard.
const SOURCES: [(&str, &str); 3] = [
    ("mla3", include_str!("../standards/mla3.yaml")),
    ("networking", include_str!("../standards/networking.yaml")),
    (
        "develops-networks",
        include_str!("../standards/develops-networks.yaml"),
    ),
];

fn all() -> &'static [Standard] {
    static LOADED: OnceLock<Vec<Standard>> = OnceLock::new();
    LOADED.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(id, text)| parse_standard(&format!("standards/{id}.yaml"), text).ok())
            .collect()
    })
}

/// Every built-in standard, in a fixed order.
#[must_use]
pub fn builtin_standards() -> &'static [Standard] {
    all()
}

/// The built-in standard with this id.
#[must_use]
pub fn builtin_standard(id: &str) -> Option<&'static Standard> {
    all().iter().find(|s| s.id == id)
}

/// The ids of the built-in standards.
#[must_use]
pub fn builtin_ids() -> Vec<String> {
    SOURCES.iter().map(|(id, _)| (*id).to_owned()).collect()
}

/// The embedded YAML of a built-in standard, for users who want to start their
/// own standard from one.
#[must_use]
pub fn builtin_source(id: &str) -> Option<&'static str> {
    SOURCES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::StandardKind;

    #[test]
    fn every_builtin_loads_without_problems() {
        for (id, text) in SOURCES {
            let standard = parse_standard(id, text).unwrap_or_else(|problems| {
                panic!(
                    "{id}: {}",
                    problems
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
            assert_eq!(standard.id, id);
        }
        assert_eq!(builtin_standards().len(), SOURCES.len());
    }

    #[test]
    fn mla3_has_32_items_in_five_groups_and_14_evidence_types() {
        let mla3 = builtin_standard("mla3").unwrap();
        assert_eq!(mla3.kind, StandardKind::NosUnit);
        let counts: Vec<(&str, usize)> = mla3
            .groups
            .iter()
            .map(|g| (g.id.as_str(), g.items.len()))
            .collect();
        assert_eq!(
            counts,
            [
                ("performance-criteria", 6),
                ("behaviours", 10),
                ("knowledge-general", 7),
                ("knowledge-industry", 1),
                ("knowledge-context", 8)
            ]
        );
        assert_eq!(mla3.item_count(), 32);
        assert_eq!(mla3.skills.len(), 11);
        let ids: Vec<&str> = mla3.evidence_types.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "attendance-records",
                "address-books",
                "online-contributions",
                "reflective-logs",
                "witness-networks",
                "statement-networks",
                "correspondence",
                "witness-information",
                "statement-information",
                "annotated-contacts-list",
                "contacts-system-outputs",
                "reports",
                "witness-developments",
                "statement-developments"
            ]
        );
    }

    #[test]
    fn mla3_evidence_types_map_exactly_the_table_items() {
        let mla3 = builtin_standard("mla3").unwrap();
        let supports = |id: &str| mla3.evidence_type(id).unwrap().supports.join(" ");
        assert_eq!(supports("annotated-contacts-list"), "PC1 PC4 B4 KG1 KC8");
        assert_eq!(
            supports("attendance-records"),
            "PC1 PC2 PC4 B1 B4 B5 KG1 KG2 KG5 KG6 KG7 KI1 KC1 KC2 KC3 KC6 KC8"
        );
        assert_eq!(
            supports("witness-information"),
            "PC2 PC3 PC5 B1 B3 B5 B6 B7 B8"
        );
        assert_eq!(
            supports("statement-developments"),
            "PC4 PC5 PC6 B1 B2 B3 B4 B6 B8 B9 B10 KG1 KG2 KI1 KC1 KC2 KC3 KC6 KC7 KC8"
        );
    }

    #[test]
    fn mla3_text_is_verbatim() {
        let mla3 = builtin_standard("mla3").unwrap();
        assert_eq!(mla3.code.as_deref(), Some("M&LA3"));
        assert_eq!(
            mla3.item("PC6").unwrap().1.text,
            "Introduce people and organisations with common interests to each other."
        );
        assert_eq!(
            mla3.item("B6").unwrap().1.text,
            "You clarify your own and other's expectations of relationships."
        );
        assert_eq!(
            mla3.item("KI1").unwrap().1.text,
            "Industry/sector legislation, requirements, regulations, policies and professional codes that are relevant to networking and confidentiality of information."
        );
    }

    #[test]
    fn networking_has_five_levels_with_behaviours_and_questions() {
        let networking = builtin_standard("networking").unwrap();
        assert_eq!(networking.kind, StandardKind::CompetencyFramework);
        let shape: Vec<(Option<u32>, usize, usize)> = networking
            .groups
            .iter()
            .map(|g| (g.level, g.items.len(), g.questions.len()))
            .collect();
        assert_eq!(
            shape,
            [
                (Some(1), 3, 2),
                (Some(2), 4, 2),
                (Some(3), 3, 3),
                (Some(4), 4, 2),
                (Some(5), 4, 2)
            ]
        );
        assert_eq!(networking.item_count(), 18);
        let (_, item) = networking.item("L3.3").unwrap();
        assert_eq!(
            item.text,
            "Builds a planned network of contacts to address a specific need."
        );
        let q = &networking.groups[0].questions[1];
        assert_eq!(q.id, "L1.Q2");
        assert_eq!(q.probing.len(), 4);
        assert_eq!(networking.groups[2].title, "Builds a planned network");
    }

    #[test]
    fn develops_networks_has_levels_two_to_five_and_an_empty_level_one() {
        let standard = builtin_standard("develops-networks").unwrap();
        let shape: Vec<(Option<u32>, usize)> = standard
            .groups
            .iter()
            .map(|g| (g.level, g.items.len()))
            .collect();
        assert_eq!(
            shape,
            [
                (Some(1), 0),
                (Some(2), 7),
                (Some(3), 5),
                (Some(4), 6),
                (Some(5), 8)
            ]
        );
        assert_eq!(standard.item_count(), 26);
        assert_eq!(
            standard.item("L5.1").unwrap().1.text,
            "Strategically expands networks"
        );
        assert!(
            standard
                .definition
                .as_deref()
                .unwrap()
                .starts_with("Develops networks")
        );
    }
}
