//! Import and export against files: the repository's own fixtures in each
//! format (`tests/fixtures/interop/`, hostile variants included), round
//! trips of every built-in standard, schema validation of the exports, and
//! the real files other systems publish, read in place from
//! `../shared/interop/` (skipped, saying so, where that folder is absent).

#![allow(missing_docs, unreachable_pub, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use nosfolio_core::{
    Audience, Confidentiality, Evidence, Group, ItemRef, Source, Standard, StandardKind,
    builtin_standards, parse_standard,
};
use nosfolio_interop::{
    Accepted, BadgeInput, Format, ImportError, ImportOptions, Imported, IssuerProfile, Recipient,
    case_package, document_uuid, identity_hash, import, mahara_matrix, open_badge_credential,
    standard_yaml,
};
use serde_json::Value;

#[path = "interop/credentials.rs"]
mod credentials;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> String {
    let path = repo().join("tests/fixtures/interop").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Says why a test did not run, straight to the process's stderr so that
/// the test harness's capture does not hide it.
fn skipped(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// A real file from `../shared/interop/`, or `None` (with a message) when
/// the folder is not there.
fn shared(name: &str) -> Option<String> {
    let folder = repo().join("../shared/interop");
    if !folder.is_dir() {
        skipped(&format!(
            "skipped: {} is absent, so the real-file test for {name} does not run here (CI has it)",
            folder.display()
        ));
        return None;
    }
    let path = folder.join(name);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn imported(name: &str, text: &str) -> Imported {
    import(name, text, None, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The standard must be valid, and its YAML must read back to it.
fn assert_valid(imported: &Imported) {
    let yaml = standard_yaml(&imported.standard, &imported.report.source_ids).unwrap();
    let back = parse_standard("imported.yaml", &yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
    assert_eq!(back, imported.standard);
}

fn notes(imported: &Imported, code: &str) -> Vec<String> {
    imported
        .report
        .notes_with(code)
        .map(|n| format!("{}: {}", n.at.clone().unwrap_or_default(), n.message))
        .collect()
}

/// Every note's message, one a line.
fn all_notes(imported: &Imported) -> String {
    let all: Vec<&str> = imported
        .report
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    all.join("\n")
}

fn all_text(standard: &Standard) -> String {
    let mut out = format!(
        "{} {:?} {:?}",
        standard.title, standard.overview, standard.definition
    );
    for group in &standard.groups {
        out.push_str(&format!(
            " {} {:?} {:?} {:?}",
            group.title, group.intro, group.text, group.notes
        ));
        for item in &group.items {
            out.push_str(&format!(" {} {}", item.id, item.text));
        }
    }
    out
}

// ---------------------------------------------------------------- real files

#[test]
fn real_mahara_example_matrix() {
    let Some(text) = shared("example.matrix") else {
        return;
    };
    let imported = imported("example.matrix", &text);
    assert_valid(&imported);
    let standard = &imported.standard;
    assert_eq!(imported.report.format, Format::Mahara);
    assert_eq!(standard.kind, StandardKind::NosUnit);
    assert_eq!(standard.title, "Title of your framework");
    // 4 standards become 4 groups; 31 elements become 31 items; the four
    // elements with elements under them (by parentelementid) are claimable
    // nodes with children, under their standard.
    assert_eq!(imported.report.source_entries, 31);
    assert_eq!(standard.item_count(), 31);
    let shape: Vec<(&str, Option<usize>, bool, usize)> = standard
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.parent, g.claimable, g.items.len()))
        .collect();
    assert_eq!(
        shape,
        [
            ("1", None, false, 3),
            ("E1.3", Some(0), true, 5),
            ("2", None, false, 4),
            ("E2.3", Some(2), true, 3),
            ("3", None, false, 5),
            ("4", None, false, 3),
            ("E4.1", Some(5), true, 3),
            ("E4.4", Some(5), true, 5),
        ]
    );
    assert_eq!(imported.report.source_depth, 3);
    // The duplicated elementid is reported and disambiguated.
    let duplicates = notes(&imported, "duplicate-id");
    assert_eq!(duplicates.len(), 1, "{duplicates:?}");
    assert!(
        duplicates[0].contains("elementid `4.4.3`"),
        "{duplicates:?}"
    );
    assert!(standard.item("E4.4.3").is_some() && standard.item("E4.4.3-2").is_some());
    assert_eq!(imported.report.source_id("E4.4.3-2"), Some("4.4.3"));
    // Ids such as 1.1 would read as numbers in a claims list.
    assert!(standard.item("E1.1").is_some());
    // Mahara-only settings are reported, not dropped silently.
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(
        lost.contains("evidencestatuses") && lost.contains("partialcomplete"),
        "{lost}"
    );
    assert!(lost.contains("institution"), "{lost}");
    assert_eq!(notes(&imported, "flattened").len(), 0);
}

#[test]
fn real_moodle_competency_csv() {
    let Some(text) = shared("oecd_core_competencies_example.csv") else {
        return;
    };
    let imported = imported("oecd.csv", &text);
    assert_valid(&imported);
    let standard = &imported.standard;
    assert_eq!(imported.report.format, Format::Moodle);
    assert_eq!(imported.report.source_entries, 65);
    // The tree is kept: three clusters, fifteen competencies, each with its
    // own level 1 holding the behaviours the level row links to it.
    assert_eq!(standard.kind, StandardKind::CompetencyFramework);
    let competencies = standard.competencies();
    assert_eq!(competencies.len(), 15);
    for competency in &competencies {
        let levels: Vec<Option<u32>> = competency.levels.iter().map(|l| l.level).collect();
        assert_eq!(levels, [Some(1)], "{}", competency.id);
        let level = competency.levels[0];
        assert_eq!(level.id, format!("{}.level-1", competency.id));
        assert_eq!(level.title, "Level 1");
        assert!(
            level
                .notes
                .as_deref()
                .is_some_and(|n| n.starts_with("Level 1 is typically associated")),
            "{level:?}"
        );
    }
    let networking = standard
        .competency("strategic-networking")
        .expect("Strategic Networking");
    assert_eq!(networking.title, "Strategic Networking");
    let group = networking.group.expect("a node");
    assert!(
        group
            .text
            .as_deref()
            .is_some_and(|t| t.starts_with("Strategic Networking involves working")),
        "{group:?}"
    );
    let path: Vec<&str> = standard
        .path(
            standard
                .groups
                .iter()
                .position(|g| g.id == group.id)
                .unwrap(),
        )
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(path, ["competencies", "strategic", "strategic-networking"]);
    let strategic = standard.group("strategic").unwrap();
    assert_eq!(
        (strategic.title.as_str(), strategic.text.as_deref()),
        ("Strategic", Some("Planning for the future"))
    );
    for (cluster, title) in [
        ("delivery", "Delivery-related"),
        ("interpersonal", "Interpersonal"),
    ] {
        assert_eq!(standard.group(cluster).unwrap().title, title);
    }
    let (level, item) = standard.item("S-SN-3").expect("S-SN-3");
    assert_eq!(level.id, "strategic-networking.level-1");
    assert_eq!(
        item.source.as_ref().and_then(|s| s.identifier.as_deref()),
        Some("S-SN-3")
    );
    let at_level: Vec<&str> = networking.levels[0]
        .items
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(at_level, ["S-SN-1", "S-SN-2", "S-SN-3"]);
    assert_eq!(standard.item_count(), 39);
    assert_eq!(standard.code.as_deref(), Some("OECD-CORE"));
    // Multi-line HTML cells are converted: no markup, no CRLF, one line.
    let (_, item) = standard.item("DR-AT1").expect("DR-AT1");
    assert_eq!(
        item.text,
        "Distinguishes between critical and irrelevant pieces of information"
    );
    let (_, item) = standard.item("I-DS-1").expect("I-DS-1");
    assert!(item.text.contains("people’s concerns"), "{}", item.text);
    let definition = standard.definition.as_deref().unwrap();
    assert!(definition.contains("OECD’s overall success"));
    let everything = all_text(standard);
    for markup in ["<p>", "<br", "</", "\r"] {
        assert!(!everything.contains(markup), "{markup} survived");
    }
    // The file escapes no commas with %2C (the repository's own fixture
    // covers unescaping); nothing in it may be left escaped either.
    assert!(!text.contains("%2C"));
    // Scales, taxonomies and the levels no behaviour is linked to are
    // reported.
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(lost.contains("scale of `OECD-CORE`"), "{lost}");
    assert!(lost.contains("taxonomy"), "{lost}");
    for level in 2..=5 {
        assert!(
            lost.contains(&format!(
                "`level-{level}` (level {level}) has no behaviours"
            )),
            "{lost}"
        );
    }
    // Line numbers are those of the file, multi-line cells counted.
    let converted = notes(&imported, "converted");
    assert!(
        converted
            .iter()
            .any(|n| n.starts_with("line 10: `level-1` became level 1 of 15 competencies")),
        "{converted:?}"
    );
    assert!(
        converted
            .iter()
            .any(|n| n.starts_with("line 7: `levels` holds the levels")),
        "{converted:?}"
    );
}

#[test]
fn real_case_package() {
    let Some(text) = shared("act_holistic_math_Ordering.case.json") else {
        return;
    };
    let imported = imported("ordering.case.json", &text);
    assert_valid(&imported);
    let standard = &imported.standard;
    assert_eq!(imported.report.format, Format::Case);
    assert_eq!(standard.title, "ACT Holistic Framework, Math");
    assert_eq!(imported.report.source_entries, 28);
    assert_eq!(imported.report.source_depth, 5);
    // Every CFItem is a node at its depth: the four statements with
    // children (each with a fullStatement and no organising CFItemType) are
    // claimable nodes with children, the 24 leaves items of the deepest.
    assert_eq!(standard.item_count(), 28);
    let chain: Vec<(&str, Option<usize>, bool, usize)> = standard
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.parent, g.claimable, g.items.len()))
        .collect();
    assert_eq!(
        chain,
        [
            ("H.A.MATH.GM", None, true, 1),
            ("H.A.MATH.GM.PF", Some(0), true, 1),
            ("H.A.MATH.GM.PF.2DFP", Some(1), true, 1),
            ("H.A.MATH.GM.PF.2DFP.L1", Some(2), true, 25),
        ]
    );
    let (_, top) = standard.item("H.A.MATH.GM").unwrap();
    assert_eq!(top.title.as_deref(), Some("Geometry and Measurement"));
    assert!(top.text.starts_with("Properties and measurements"));
    // Ordered as people read codes (L1.2 before L1.10), though the file
    // lists them L1.1, L1.10, …
    let leaves: Vec<&str> = standard.groups[3].children_items()[..3]
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        leaves,
        [
            "H.A.MATH.GM.PF.2DFP.L1.1",
            "H.A.MATH.GM.PF.2DFP.L1.2",
            "H.A.MATH.GM.PF.2DFP.L1.3"
        ]
    );
    // CASE identifiers and URIs are kept on the nodes and the standard;
    // the 11 notes are kept.
    let (_, first) = standard.item("H.A.MATH.GM.PF.2DFP.L1.1").unwrap();
    let source = first.source.as_ref().unwrap();
    assert_eq!(
        source.identifier.as_deref(),
        Some("caa3c8f2-14ea-4b3f-853e-68b61f9befd5")
    );
    assert!(
        source
            .uri
            .as_deref()
            .unwrap()
            .ends_with("/CFItems/caa3c8f2-14ea-4b3f-853e-68b61f9befd5")
    );
    assert_eq!(
        standard
            .source
            .as_ref()
            .and_then(|s| s.identifier.as_deref()),
        Some("a33fc64e-5c40-11e7-82c4-3d54268aa9ee")
    );
    assert_eq!(
        standard.items().filter(|(_, i)| i.notes.is_some()).count(),
        11
    );
    // Only the document's creator is left out; every association is isChildOf.
    let lost: Vec<String> = imported
        .report
        .notes
        .iter()
        .map(|n| n.message.clone())
        .collect();
    assert_eq!(lost, ["creator: \"ACT, Inc.\""]);
    assert!(standard.associations.is_empty());
}

#[test]
fn real_case_package_meets_the_transcribed_schema() {
    let Some(text) = shared("act_holistic_math_Ordering.case.json") else {
        return;
    };
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_schema("case-1.0-cfpackage.transcribed.json", &value);
}

// ------------------------------------------------------------------ fixtures

#[test]
fn mahara_fixture_with_html_numbers_and_non_ascii() {
    let imported = imported("small.matrix", &fixture("small.matrix"));
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(s.title, "Café leadership ☕ 🎓");
    assert_eq!(
        s.overview.as_deref(),
        Some("A small framework for testing.")
    );
    assert_eq!(s.groups[0].intro.as_deref(), Some("You must be able to:"));
    // standardid as number and as string both attach.
    assert_eq!(s.group("قيادة").unwrap().items[0].text, "قيادة الفريق");
    // A list in a description stays a list, one entry a line.
    assert_eq!(
        s.item("L1").unwrap().1.text,
        "Set direction\n\nSet direction for your team:\n\n- agree goals\n- review them monthly"
    );
    assert_eq!(
        s.item("L2").unwrap().1.text,
        "Give feedback 😀 with \"quotes\": and #hash"
    );
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(lost.contains("self-assessment"), "{lost}");
}

#[test]
fn hostile_mahara_fixture_loses_its_markup_and_reports_everything() {
    let text = fixture("hostile.matrix");
    assert!(
        text.starts_with('\u{feff}'),
        "the fixture starts with a BOM"
    );
    let imported = imported("hostile.matrix", &text);
    assert_valid(&imported);
    let everything = all_text(&imported.standard);
    for bad in [
        "<",
        "script",
        "alert",
        "onerror",
        "onclick",
        "onmouseover",
        "iframe",
        "javascript",
        "cookie",
    ] {
        assert!(
            !everything.contains(bad),
            "`{bad}` survived in {everything}"
        );
    }
    let s = &imported.standard;
    assert_eq!(s.title, "Hostile framework");
    // An unsafe id is made usable, and the change reported.
    assert_eq!(s.groups[0].id, "S-1-first");
    assert!(s.item("Ex-y").is_some());
    // Duplicates are disambiguated, and reported.
    assert!(s.item("Edup").is_some() && s.item("Edup-2").is_some());
    assert!(
        notes(&imported, "duplicate-id")
            .iter()
            .any(|n| n.contains("elementid `5`"))
    );
    // A standard with no elements whose description lists indicators.
    assert_eq!(s.groups[1].intro.as_deref(), Some("Shows that they:"));
    let texts: Vec<&str> = s.groups[1].items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts, ["listen", "act on it"]);
    // Wrong types, unknown keys, orphans and empty elements are reported.
    let all = all_notes(&imported);
    for expected in [
        "expected text, found a list",
        "unknown key",
        "names no existing standard",
        "no name or description",
        "expected an object, found a number",
    ] {
        assert!(all.contains(expected), "{expected} not in\n{all}");
    }
}

#[test]
fn moodle_fixture_with_levels_escaped_commas_and_duplicates() {
    let imported = imported("leveled.csv", &fixture("leveled.csv"));
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(s.kind, StandardKind::CompetencyFramework);
    // `skills` is the competency: its behaviours linked to levels 1 and 2,
    // the one linked to none kept beside them.
    let competencies = s.competencies();
    assert_eq!(competencies.len(), 1);
    let skills = &competencies[0];
    assert_eq!(skills.id, "skills");
    let levels: Vec<(&str, &str, Option<&str>)> = skills
        .levels
        .iter()
        .map(|l| (l.id.as_str(), l.title.as_str(), l.notes.as_deref()))
        .collect();
    assert_eq!(
        levels,
        [
            ("skills.level-1", "Level 1", Some("Establishes contacts")),
            ("skills.level-2", "Level 2", Some("Nurtures contacts"))
        ]
    );
    let level_2 = skills.levels[1];
    // `a%2Cb` in a cross reference names the competency `a,b`.
    assert_eq!(imported.report.source_id("Ca-b"), Some("a,b"));
    assert_eq!(level_2.items[0].id, "Ca-b");
    assert_eq!(level_2.items[0].title.as_deref(), Some("Comma id"));
    assert_eq!(level_2.items[0].text, "Keeps a list:\n\n- names\n- roles");
    assert_eq!(
        s.item("C101").unwrap().1.text,
        "Shares contacts with others — naïve café 🎓"
    );
    assert_eq!(s.item("C102").unwrap().1.text, "Plain text, **markdown**");
    assert_eq!(s.item("C101-2").unwrap().0.level, Some(1));
    let (holder, unlinked) = s.item("C103").unwrap();
    assert_eq!(
        (holder.id.as_str(), unlinked.text.as_str()),
        ("skills", "Not linked")
    );
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(lost.contains("completion rule of `102`"), "{lost}");
    assert!(lost.contains("`101` is linked to levels [1, 2]"), "{lost}");
    assert!(
        notes(&imported, "converted")
            .iter()
            .any(|n| n.contains("`103` is linked to no level; it is kept as a node")),
        "{:?}",
        imported.report.notes
    );
    assert!(
        notes(&imported, "duplicate-id")
            .iter()
            .any(|n| n.contains("`101`"))
    );
}

/// A Moodle framework of several competencies in clusters, each with the
/// levels its behaviours are linked to (either way round), behaviours at
/// the top level, an id number that is not a valid id, a cross reference
/// that is not a level and a level no behaviour is linked to.
#[test]
fn moodle_fixture_with_several_competencies_keeps_its_tree() {
    let imported = imported("competencies.csv", &fixture("competencies.csv"));
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(s.kind, StandardKind::CompetencyFramework);
    assert_eq!(
        s.source.as_ref().and_then(|s| s.identifier.as_deref()),
        Some("CARE-1")
    );
    assert_eq!(s.definition.as_deref(), Some("Skills for care work."));
    type Levels<'a> = Vec<Vec<&'a str>>;
    let competencies: Vec<(&str, Vec<u32>, Levels<'_>)> = s
        .competencies()
        .iter()
        .map(|c| {
            (
                c.id,
                c.levels.iter().filter_map(|l| l.level).collect(),
                c.levels
                    .iter()
                    .map(|l| l.items.iter().map(|i| i.id.as_str()).collect())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        competencies,
        [
            // The framework's own level 1: a behaviour at the top.
            ("care-skills", vec![1], vec![vec!["INTRO-1"]]),
            (
                "communication",
                vec![1, 2, 3],
                vec![vec!["COM-1", "COM-2"], vec!["COM-4"], vec!["COM-3"]]
            ),
            ("teamwork", vec![1], vec![vec!["TW-1"]]),
            ("safeguarding", vec![1], vec![vec!["SAF-1"]]),
        ]
    );
    let communication = s.group("communication").unwrap();
    assert_eq!(
        communication.text.as_deref(),
        Some("Communication is listening and being understood.")
    );
    assert_eq!(
        s.path(
            s.groups
                .iter()
                .position(|g| g.id == "communication")
                .unwrap()
        )
        .iter()
        .map(|g| g.id.as_str())
        .collect::<Vec<_>>(),
        ["people", "communication"]
    );
    assert_eq!(
        s.group("safety").unwrap().text.as_deref(),
        Some("Keeping people safe")
    );
    assert_eq!(
        s.group("communication.level-3").unwrap().notes.as_deref(),
        Some("Leads others.")
    );
    // The Moodle id number stays the source of an id that had to change.
    let (_, tw1) = s.item("TW-1").unwrap();
    assert_eq!(
        tw1.source.as_ref().and_then(|s| s.identifier.as_deref()),
        Some("TW 1")
    );
    assert!(
        imported
            .report
            .id_changes
            .iter()
            .any(|c| c.source.as_deref() == Some("TW 1") && c.id == "TW-1")
    );
    // A shortname that only repeats the text is no title.
    assert_eq!(s.item("COM-2").unwrap().1.title, None);
    assert_eq!(
        s.item("COM-1").unwrap().1.title.as_deref(),
        Some("Listening")
    );
    assert_eq!(s.item("TW-9").unwrap().0.id, "teamwork");
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(
        lost.contains("cross references of `COM-2` to `safeguarding`"),
        "{lost}"
    );
    assert!(
        lost.contains("`level-4` (level 4) has no behaviours"),
        "{lost}"
    );
    // The entry holding the levels is not a node; its description is
    // reported.
    assert!(
        notes(&imported, "converted")
            .iter()
            .any(|n| n.starts_with("line 3: `levels` holds the levels")
                && n.contains("How far a carer has come")),
        "{:?}",
        imported.report.notes
    );
    assert_eq!(s.item_count(), 8);
}

#[test]
fn moodle_fixture_without_levels_becomes_groups() {
    let imported = imported("flat.csv", &fixture("flat.csv"));
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(s.kind, StandardKind::NosUnit);
    let groups: Vec<(&str, usize)> = s
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.items.len()))
        .collect();
    assert_eq!(groups, [("items", 1), ("area-1", 2), ("sub", 1)]);
    assert_eq!(s.item("A1.1").unwrap().1.text, "Do one");
    let all = all_notes(&imported);
    assert!(all.contains("parent `missing-parent`"), "{all}");
    assert!(all.contains("2 columns where Moodle writes 14"), "{all}");
    assert!(all.contains("`area-2` only organises"), "{all}");
}

#[test]
fn case_fixture_that_does_not_quite_follow_its_schema() {
    let imported = imported("small.case.json", &fixture("small.case.json"));
    assert_valid(&imported);
    let s = &imported.standard;
    let ids: Vec<&str> = s.items().map(|(_, i)| i.id.as_str()).collect();
    // Ordered naturally; a numeric identifier kept; no code → item-N; the
    // statement with children (it has a fullStatement) claimable.
    assert_eq!(ids, ["item-5", "A", "A.2", "A.3", "A.10"]);
    assert!(s.group("A").unwrap().claimable);
    assert_eq!(
        s.item("A.3")
            .unwrap()
            .1
            .source
            .as_ref()
            .unwrap()
            .identifier
            .as_deref(),
        Some("42")
    );
    assert_eq!(s.item("A").unwrap().1.title.as_deref(), Some("Area A"));
    assert_eq!(
        s.item("item-5").unwrap().1.node_type.as_deref(),
        Some("Statement")
    );
    assert_eq!(s.item("A.10").unwrap().1.notes.as_deref(), Some("kept out"));
    assert_eq!(s.item("A.2").unwrap().1.text, "Second statement with HTML");
    assert_eq!(
        s.item("item-5").unwrap().1.text,
        "No human code: 日本語 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
    );
    // Associations between nodes, or to a URI outside, are kept; one
    // without a type is reported.
    let kept: Vec<(&str, &str, &str)> = s
        .associations
        .iter()
        .map(|a| (a.kind.as_str(), a.from.as_str(), a.to.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            ("isPeerOf", "A.2", "item-5"),
            (
                "exemplar",
                "item-5",
                "https://elsewhere.invalid/CFItems/zzz"
            ),
            ("precedes", "A.2", "A.10"),
        ]
    );
    assert_eq!(
        s.associations[0]
            .source
            .as_ref()
            .unwrap()
            .identifier
            .as_deref(),
        Some("s8")
    );
    let associations = notes(&imported, "association-not-carried-over");
    assert_eq!(
        associations,
        [
            "CFAssociations[11]: `(no associationType)` association left out: it has no associationType"
        ]
    );
    let all = all_notes(&imported);
    for expected in [
        "no fullStatement",
        "no identifier",
        "cycle",
        "more than one parent",
        "`educationLevel` on 1 items",
    ] {
        assert!(all.contains(expected), "{expected} not in\n{all}");
    }
}

#[test]
fn case_skill_levels_become_levels() {
    let imported = imported("leveled.case.json", &fixture("leveled.case.json"));
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(s.kind, StandardKind::CompetencyFramework);
    let levels: Vec<(Option<u32>, &str, usize)> = s
        .groups
        .iter()
        .map(|g| (g.level, g.title.as_str(), g.items.len()))
        .collect();
    assert_eq!(
        levels,
        [
            (Some(1), "Aware", 1),
            (Some(2), "Practising", 2),
            (Some(3), "Expert", 1)
        ]
    );
    // A repeated level number: its behaviours join the first.
    assert_eq!(s.item("K5").unwrap().0.level, Some(2));
    assert!(
        notes(&imported, "duplicate-id")
            .iter()
            .any(|n| n.contains("a second level 2"))
    );
    assert!(
        notes(&imported, "not-carried-over")
            .iter()
            .any(|n| n.contains("`K4` has no skill level"))
    );
}

#[test]
fn case_rubric_levels_become_levels() {
    let imported = imported("rubric.case.json", &fixture("rubric.case.json"));
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(s.kind, StandardKind::CompetencyFramework);
    let levels: Vec<(Option<u32>, &str)> = s
        .groups
        .iter()
        .map(|g| (g.level, g.title.as_str()))
        .collect();
    assert_eq!(
        levels,
        [
            (Some(1), "Beginning"),
            (Some(2), "Secure"),
            (Some(3), "Leading")
        ]
    );
    // Criteria by position; a criterion aligned to a CFItem takes its code.
    let ids: Vec<&str> = s.groups[0].items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["COMM.L1", "Listening.L1"]);
    assert_eq!(
        s.item("COMM.L2").unwrap().1.text,
        "Adapts the message to the audience"
    );
    // A level without a description says what it is about.
    assert_eq!(
        s.item("COMM.L3").unwrap().1.text,
        "Leading: Communicates clearly"
    );
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(lost.contains("`score` of level 1 of `Listening`"), "{lost}");
    assert!(lost.contains("1 CFItems"), "{lost}");
}

#[test]
fn broken_and_foreign_files_are_clear_errors() {
    let error = |name: &str, from: Option<Format>| {
        import(name, &fixture(name), from, &ImportOptions::default()).unwrap_err()
    };
    assert!(matches!(
        error("broken.matrix", None),
        ImportError::Json {
            line: 1,
            column: 48,
            ..
        }
    ));
    // 5,000-deep nesting stops at the JSON parser's depth limit.
    assert!(matches!(
        error("deep.matrix", None),
        ImportError::Json { .. }
    ));
    assert!(
        error("no-name.matrix", None)
            .to_string()
            .contains("framework.name")
    );
    assert!(
        error("wrong-types.matrix", None)
            .to_string()
            .contains("expected a list, found an object")
    );
    for name in ["not-a-framework.json", "not-moodle.csv"] {
        let message = error(name, None).to_string();
        assert!(message.contains("expected a Mahara .matrix"), "{message}");
    }
    // Three columns are not Moodle's format, whatever the header says.
    assert!(matches!(
        error("broken.csv", Some(Format::Moodle)),
        ImportError::NotRecognised { .. }
    ));
    // A Mahara file read as CASE says what it is and what CASE needs.
    let message = error("small.matrix", Some(Format::Case)).to_string();
    assert!(message.contains("CFItems"), "{message}");
    assert!(message.contains("--from mahara"), "{message}");
}

/// `--from X` refuses a file that is not in format X, saying what it
/// expected (issue 15): a skills × levels spreadsheet is not a Moodle CSV,
/// though Moodle's own columns under a translated header are.
#[test]
fn from_refuses_a_file_not_in_the_format_named() {
    let import_as =
        |text: &str, from: Format| import("f.csv", text, Some(from), &ImportOptions::default());
    let levels = "Skill,Description,Awareness,Working,Practitioner,Expert\n\
                  Agile,Works in sprints,Knows the terms,Takes part,Leads,Coaches\n";
    let message = import_as(levels, Format::Moodle).unwrap_err().to_string();
    assert!(
        message.contains("this is a skills × levels CSV, not a Moodle competency framework CSV: name it with --from levels-csv")
            && message.contains(
                "expected a Moodle competency framework CSV: a first row of 13 or 14 columns"
            ),
        "{message}"
    );
    // One that is neither says what it looks like.
    let message = import_as("Skill,Awareness\nAgile,Knows\n", Format::Moodle)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("first line `Skill,Awareness`"),
        "{message}"
    );
    let translated = "Identifiant parent,Identifiant,Nom court,Description,Format,Valeurs,Configuration,Règle,Résultat,Config,Références,Exporté,Est un référentiel,Taxonomie\n\
                      ,FW,Référentiel,Sur,1,,,,,,,,1,\n\
                      FW,C1,Écouter,Écoute,1,,,,,,,,0,\n";
    let imported = import_as(translated, Format::Moodle).expect("Moodle's columns, translated");
    assert_eq!(imported.standard.item_count(), 1);
    let broken = "\"Parent id number\",\"Id number\",Shortname,Description,\"Description format\",\"Scale values\",\"Scale configuration\",\"Rule type (optional)\",\"Rule outcome (optional)\",\"Rule config (optional)\",\"Cross referenced competency id numbers\",\"Exported id (optional)\",\"Is framework\"\n,\"unterminated\n";
    assert!(matches!(
        import_as(broken, Format::Moodle),
        Err(ImportError::Csv { .. } | ImportError::Shape { .. })
    ));
    for (text, from) in [(levels, Format::Mahara), (levels, Format::Case)] {
        let message = import_as(text, from).unwrap_err().to_string();
        assert!(message.contains(", expected "), "{message}");
    }
}

/// The levels of each competency: `(id, [(level, title, descriptor)])`.
type LevelShape = (u32, String, String);

fn leveled(standard: &Standard) -> Vec<(String, Vec<LevelShape>)> {
    standard
        .competencies()
        .iter()
        .map(|c| {
            (
                c.id.to_owned(),
                c.levels
                    .iter()
                    .map(|l| {
                        (
                            l.level.unwrap_or_default(),
                            l.title.clone(),
                            l.items.iter().map(|i| i.text.as_str()).collect(),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

/// A DDaT-like skills × levels CSV: named levels numbered in order, empty
/// and placeholder cells skipped and reported, zero-width characters
/// stripped, groups carried down, repeated names and nameless rows.
#[test]
fn levels_csv_ddat_fixture_becomes_competencies_with_their_levels() {
    let imported = imported("ddat-skills.csv", &fixture("ddat-skills.csv"));
    assert_valid(&imported);
    assert_eq!(imported.report.format, Format::LevelsCsv);
    let s = &imported.standard;
    assert_eq!(s.kind, StandardKind::CompetencyFramework);
    assert_eq!(
        (s.id.as_str(), s.title.as_str()),
        ("ddat-skills", "ddat-skills")
    );
    let levels = leveled(s);
    let shape: Vec<(&str, Vec<u32>)> = levels
        .iter()
        .map(|(id, l)| (id.as_str(), l.iter().map(|(n, _, _)| *n).collect()))
        .collect();
    assert_eq!(
        shape,
        [
            ("Data-analysis", vec![1, 2, 3, 4]),
            ("Data-modelling", vec![1, 3]),
            ("Agile-working", vec![1, 2, 4]),
            ("Stakeholder-relationship-management", vec![2, 3]),
            ("Agile-working-2", vec![1]),
        ]
    );
    assert_eq!(
        levels[0].1[3],
        (
            4,
            "Expert".to_owned(),
            "You lead analysis\nacross teams.".to_owned()
        )
    );
    // Each level is claimable itself, under the competency's id.
    let (level, item) = s.item("Agile-working.L1").expect("Agile-working.L1");
    assert_eq!(
        (level.id.as_str(), level.title.as_str(), item.text.as_str()),
        ("Agile-working.level-1", "Awareness", "You know the terms.")
    );
    assert_eq!(s.item("Data-modelling.L3").unwrap().0.title, "Practitioner");
    let agile = s.group("Agile-working").unwrap();
    assert_eq!(agile.title, "Agile working");
    assert_eq!(agile.text.as_deref(), Some("Working in short cycles."));
    assert_eq!(
        s.group("Stakeholder-relationship-management")
            .unwrap()
            .text
            .as_deref(),
        Some("Managing relationships with stakeholders.")
    );
    // Skills hang from their role family; an empty cell takes the one above.
    let family = |id: &str| {
        let index = s.groups.iter().position(|g| g.id == id).unwrap();
        s.path(index)[0].title.clone()
    };
    assert_eq!(family("Data-modelling"), "Data");
    assert_eq!(family("Agile-working-2"), "Product and delivery");
    let everything = yaml_of(&imported);
    for invisible in ['\u{200b}', '\u{feff}', '\u{2060}'] {
        assert!(!everything.contains(invisible), "{invisible:?} survived");
    }
    let skipped = notes(&imported, "skipped");
    assert_eq!(
        skipped,
        [
            "line 4: `Data modelling` has no descriptor at Working (`not defined`), Expert (`N/A`)",
            "line 5: `Agile working` has no descriptor at Practitioner (`—`)",
            "line 6: `Stakeholder relationship management` has no descriptor at Awareness (empty), Expert (`none`)",
            "line 9: `Lifecycle perspective` has no descriptor at Awareness (`n/a`), Working (`-`), Practitioner (`not applicable`), Expert (`Not defined.`)",
            "line 10: `Agile working` has no descriptor at Working (empty), Practitioner (empty), Expert (empty)",
        ]
    );
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(
        lost.contains("line 9: `Lifecycle perspective` is described at no level"),
        "{lost}"
    );
    assert!(
        lost.contains("line 8, column 2: the row has no skill name"),
        "{lost}"
    );
    assert!(
        imported
            .report
            .id_changes
            .iter()
            .any(|c| c.id == "Agile-working-2" && c.reason.contains("more than once"))
    );
    assert!(
        all_notes(&imported).contains("1 row with an empty `Role family` is in the group"),
        "{}",
        all_notes(&imported)
    );
    assert_eq!(imported.report.source_entries, 7);
}

fn yaml_of(imported: &Imported) -> String {
    standard_yaml(&imported.standard, &imported.report.source_ids).unwrap()
}

/// A SFIA-like sparse CSV: levels numbered by their headers, each skill at
/// some of them; a code column kept, a column that is not a level
/// reported.
#[test]
fn levels_csv_sfia_fixture_keeps_each_skills_own_levels() {
    let imported = import(
        "sfia.csv",
        &fixture("sfia-levels.csv"),
        Some(Format::LevelsCsv),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_valid(&imported);
    let s = &imported.standard;
    let shape: Vec<(String, Vec<u32>)> = leveled(s)
        .into_iter()
        .map(|(id, l)| (id, l.iter().map(|(n, _, _)| *n).collect()))
        .collect();
    assert_eq!(
        shape,
        [
            // In the tree's order: category by category.
            ("Programming/software-development".to_owned(), vec![2, 3, 4]),
            ("Functional-testing".to_owned(), vec![1, 2]),
            ("IT-management".to_owned(), vec![5, 6, 7]),
            (
                "Stakeholder-relationship-management".to_owned(),
                vec![4, 5, 6, 7]
            ),
        ]
    );
    let (level, item) = s.item("IT-management.L7").unwrap();
    assert_eq!(
        (level.title.as_str(), item.text.as_str()),
        ("Level 7", "Sets IT strategy at the highest level.")
    );
    assert_eq!(
        s.group("Functional-testing").unwrap().code.as_deref(),
        Some("TEST")
    );
    let categories: Vec<&str> = s
        .groups
        .iter()
        .filter(|g| g.parent.is_none())
        .map(|g| g.title.as_str())
        .collect();
    assert_eq!(
        categories,
        [
            "Development and implementation",
            "Strategy and architecture",
            "Relationships and engagement"
        ]
    );
    let lost = notes(&imported, "not-carried-over").join("\n");
    assert!(
        lost.contains("line 1, column 12: column `Guidance notes` is not read"),
        "{lost}"
    );
    // Without --from the numbered levels are enough to tell the format.
    let detected = imported_as_detected("sfia.csv", &fixture("sfia-levels.csv"));
    assert_eq!(detected, Format::LevelsCsv);
}

fn imported_as_detected(name: &str, text: &str) -> Format {
    import(name, text, None, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .report
        .format
}

/// Columns the header does not name are named by options; options name
/// only what is there; a file without level columns, or of another format,
/// is refused saying what was expected; the size is bounded.
#[test]
fn levels_csv_columns_options_refusals_and_bounds() {
    let as_levels = |text: &str, options: &ImportOptions| {
        import("f.csv", text, Some(Format::LevelsCsv), options)
    };
    let text = "Thing,About,Notes,Basic,Advanced\nKnitting,Making cloth,ignored,Knits a scarf,Knits a jumper\n";
    let options = ImportOptions {
        name_column: Some("thing".into()),
        description_column: Some("About".into()),
        level_columns: vec!["Basic".into(), "5".into()],
        ..ImportOptions::default()
    };
    let imported = as_levels(text, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_valid(&imported);
    assert_eq!(
        leveled(&imported.standard),
        [(
            "Knitting".to_owned(),
            vec![
                (1, "Basic".to_owned(), "Knits a scarf".to_owned()),
                (2, "Advanced".to_owned(), "Knits a jumper".to_owned())
            ]
        )]
    );
    assert!(all_notes(&imported).contains("column `Notes` is not read"));
    // Without the options there is no skill column: refused with what was
    // expected.
    let message = as_levels(text, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("no column names the skills")
            && message.contains("expected a skills × levels CSV")
            && message.contains("--name-column"),
        "{message}"
    );
    let message = as_levels("Skill,Description\nA,B\n", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(message.contains("no level columns"), "{message}");
    let message = as_levels(
        text,
        &ImportOptions {
            name_column: Some("Nom".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        message.starts_with("f.csv: line 1: no column is headed `Nom`"),
        "{message}"
    );
    // A Moodle file is Moodle's, and says so.
    let message = import(
        "leveled.csv",
        &fixture("leveled.csv"),
        Some(Format::LevelsCsv),
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        message.contains("this is a Moodle competency framework CSV")
            && message.contains("--from moodle"),
        "{message}"
    );
    assert_eq!(
        imported_as_detected("leveled.csv", &fixture("leveled.csv")),
        Format::Moodle
    );
    // Column options are for skills × levels CSVs only.
    let message = import(
        "leveled.csv",
        &fixture("leveled.csv"),
        None,
        &ImportOptions {
            level_columns: vec!["Shortname".into()],
            ..ImportOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        message.contains("--level-columns names a column"),
        "{message}"
    );
    // A CSV that merely has a Name column is not taken for one unasked.
    let message = import(
        "people.csv",
        "Name,Email,Phone\nAnn,a@b.c,1\n",
        None,
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(message.contains("not a framework format"), "{message}");
    // Bounded: rows and columns.
    let mut many = String::from("Skill,Level 1\n");
    for n in 0..=10_000 {
        many.push_str(&format!("S{n},Does it\n"));
    }
    let message = as_levels(&many, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("f.csv: line 10002: more than 10000 rows of skills"),
        "{message}"
    );
    let wide = format!("Skill,{}\n", vec!["L"; 300].join(","));
    let message = as_levels(&wide, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("301 columns, more than the 200"),
        "{message}"
    );
}

/// A skills × levels CSV with as many columns as Moodle's (a DDaT skill
/// against thirteen role levels) was read as Moodle with `--from moodle`,
/// giving nonsense; it is refused, naming its format.
#[test]
fn from_moodle_refuses_a_skills_by_levels_csv_of_moodles_width() {
    let text = fixture("ddat-roles.csv");
    let message = import(
        "ddat-roles.csv",
        &text,
        Some(Format::Moodle),
        &ImportOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        message.contains("this is a skills × levels CSV, not a Moodle competency framework CSV")
            && message.contains("--from levels-csv"),
        "{message}"
    );
    let imported = imported("ddat-roles.csv", &text);
    assert_valid(&imported);
    assert_eq!(imported.report.format, Format::LevelsCsv);
    let levels = leveled(&imported.standard);
    assert_eq!(levels[0].1.len(), 10);
    assert_eq!(
        levels[1].1[0],
        (2, "Associate".to_owned(), "Awareness".to_owned())
    );
}

/// Mahara's own export names an element's parent `parentid`; its import
/// reads `parentelementid`. Either is a parent (issue 15).
#[test]
fn mahara_parents_are_read_under_either_name() {
    for key in ["parentelementid", "parentid"] {
        let text = format!(
            r#"{{"framework": {{"name": "F", "standards": [{{"shortname": "S", "name": "S", "standardid": 1}}],
               "standardelements": [
                 {{"shortname": "A", "name": "A", "standardid": 1, "elementid": 1}},
                 {{"shortname": "B", "name": "B", "standardid": 1, "elementid": 2, "{key}": 1}}]}}}}"#
        );
        let imported = import("f.matrix", &text, None, &ImportOptions::default()).unwrap();
        let s = &imported.standard;
        let a = s.group("A").unwrap();
        assert!(a.claimable, "{key}");
        assert_eq!(a.parent, Some(0), "{key}");
        let ids: Vec<&str> = a.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["A", "B"], "{key}");
        assert!(s.groups[0].items.is_empty(), "{key}");
        assert_eq!(imported.report.source_depth, 3, "{key}");
        assert!(imported.report.notes.is_empty(), "{key}");
    }
}

/// A Mahara export fits Mahara's columns (255 characters for a name, 100
/// for a short name or id), says what it cut, escapes a name only when it
/// would read as HTML, and keeps the lines of a description.
#[test]
fn mahara_exports_fit_mahara_and_say_what_they_cut() {
    let mut standard = builtin_standards()[0].clone();
    standard.groups[0].items[0].id = "I".repeat(120);
    standard.groups[0].items[1].text = format!("{} & more", "word ".repeat(80));
    let (matrix, cut) = mahara_matrix(&standard);
    let framework = &matrix["framework"];
    assert_eq!(framework["name"], standard.label(), "no escape for `&`");
    for element in framework["standardelements"].as_array().unwrap() {
        assert!(element["name"].as_str().unwrap().chars().count() <= 255);
        assert!(element["shortname"].as_str().unwrap().chars().count() <= 100);
    }
    assert_eq!(
        cut.iter().filter(|l| l.contains(" is cut to ")).count(),
        2,
        "{cut:?}"
    );
    assert_eq!(cut[2], "14 evidence types: Mahara has no place for them");
    let description = framework["standardelements"][2]["description"]
        .as_str()
        .unwrap();
    let text = &standard.groups[0].items[2].text;
    if text.contains('\n') {
        assert!(description.contains("<br>"), "{description}");
    }
}

// --------------------------------------------------------------- round trips

/// A group's id, title, level and items (id, text).
type Shape = (String, String, Option<u32>, Vec<(String, String)>);

fn shape(standard: &Standard) -> Vec<Shape> {
    standard
        .groups
        .iter()
        .map(|g: &Group| {
            (
                g.id.clone(),
                g.title.clone(),
                g.level,
                g.items
                    .iter()
                    .map(|i| (i.id.clone(), i.text.clone()))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn builtins_round_trip_through_case_and_mahara() {
    for standard in builtin_standards() {
        let exports = [
            (
                Format::Case,
                case_package(standard, "", "2025-01-01T00:00:00Z").0,
            ),
            (Format::Mahara, mahara_matrix(standard).0),
        ];
        for (format, value) in exports {
            let text = serde_json::to_string_pretty(&value).unwrap();
            let options = ImportOptions {
                id: Some(standard.id.clone()),
                ..ImportOptions::default()
            };
            let back = import("export.json", &text, None, &options)
                .unwrap_or_else(|e| panic!("{} via {format:?}: {e}", standard.id));
            assert_eq!(back.report.format, format);
            assert_valid(&back);
            assert_eq!(
                back.standard.kind, standard.kind,
                "{} via {format:?}",
                standard.id
            );
            assert_eq!(
                shape(&back.standard),
                shape(standard),
                "{} via {format:?}",
                standard.id
            );
            if format == Format::Case {
                assert_eq!(back.standard.code, standard.code);
                assert_eq!(back.standard.title, standard.title);
                let questions = |s: &Standard| -> Vec<_> {
                    s.groups.iter().map(|g| g.questions.clone()).collect()
                };
                assert_eq!(
                    questions(&back.standard),
                    questions(standard),
                    "{}",
                    standard.id
                );
            }
            if standard.kind == StandardKind::NosUnit {
                let intros: Vec<_> = back
                    .standard
                    .groups
                    .iter()
                    .map(|g| g.intro.clone())
                    .collect();
                let expected: Vec<_> = standard.groups.iter().map(|g| g.intro.clone()).collect();
                assert_eq!(intros, expected, "{} via {format:?}", standard.id);
            }
            assert!(
                back.report.id_changes.is_empty(),
                "{:?}",
                back.report.id_changes
            );
        }
    }
}

#[test]
fn hostile_text_round_trips_through_mahara() {
    let mut standard = builtin_standards()[0].clone();
    let hostile = "<script>alert(1)</script> & \"quotes\": #hash\n- dash\n😀 مرحبا";
    standard.groups[0].items[0].text = hostile.to_owned();
    let text = serde_json::to_string(&mahara_matrix(&standard).0).unwrap();
    assert!(
        !text.contains("<script>"),
        "markup must be escaped for Mahara"
    );
    let back = imported("export.matrix", &text);
    assert_eq!(back.standard.groups[0].items[0].text, hostile);
}

// ------------------------------------------------------------------- schemas

fn assert_schema(schema: &str, instance: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(schema);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn case_exports_meet_the_transcribed_schema() {
    for standard in builtin_standards() {
        assert_schema(
            "case-1.0-cfpackage.transcribed.json",
            &case_package(standard, "", "2025-01-01T00:00:00Z").0,
        );
    }
}

fn evidence(
    title: &str,
    confidentiality: Confidentiality,
    claims: &[&str],
    draft: bool,
) -> Evidence {
    Evidence {
        path: format!("evidence/{title}.txt"),
        described_by: format!("evidence/{title}.txt.yaml"),
        title: title.to_owned(),
        date: None,
        evidence_type: None,
        confidentiality,
        description: Some(format!("What {title} shows")),
        witness: None,
        draft,
        files: Vec::new(),
        sha256: None,
        claims: claims
            .iter()
            .map(|item| nosfolio_core::Claim {
                item: ItemRef {
                    standard: "mla3".into(),
                    item: (*item).into(),
                },
                at: None,
                note: None,
            })
            .collect(),
    }
}

#[test]
fn open_badges_credential_meets_the_transcribed_schema_and_keeps_private_evidence_out() {
    let standard = nosfolio_core::builtin_standard("mla3").unwrap();
    let evidence = [
        evidence("shared", Confidentiality::Public, &["PC1", "B3"], false),
        evidence("for-assessor", Confidentiality::Assessor, &["PC2"], false),
        evidence("secret", Confidentiality::Private, &["PC3"], false),
        evidence("unfinished", Confidentiality::Public, &["PC4"], true),
    ];
    // Every claim accepted: what goes in is then decided by the audience.
    let accepted = Accepted::from_claims(evidence.iter().flat_map(|e| {
        e.claims
            .iter()
            .map(|c| (c.item.item.clone(), e.path.clone()))
    }));
    let issuer = IssuerProfile {
        id: "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp".into(),
        name: "Tom Reid".into(),
    };
    for (audience, titles) in [
        (Audience::Public, vec!["shared"]),
        (Audience::Assessor, vec!["for-assessor", "shared"]),
    ] {
        let credential = open_badge_credential(&BadgeInput {
            standard,
            target: &nosfolio_core::Target::default(),
            id: uuid::Uuid::from_u128(1),
            issuer: &issuer,
            recipient: Some(Recipient {
                name: "Priya Shah",
                salt: "pepper",
            }),
            evidence: &evidence,
            accepted: &accepted,
            audience,
            valid_from: "2025-06-01T12:00:00.75Z".parse().unwrap(),
            valid_until: Some("2028-06-01T12:00:00Z".parse().unwrap()),
        });
        assert_schema("openbadges-3.0-credential.transcribed.json", &credential);
        let text = credential.to_string();
        assert!(
            !text.contains("secret") && !text.contains("unfinished"),
            "{text}"
        );
        // The recipient is named by a salted hash, never in the clear.
        assert!(!text.contains("Priya"), "{text}");
        let identity = &credential["credentialSubject"]["identifier"][0];
        assert_eq!(identity["hashed"], true);
        assert_eq!(identity["salt"], "pepper");
        assert_eq!(
            identity["identityHash"],
            identity_hash("Priya Shah", "pepper")
        );
        assert!(
            identity["identityHash"]
                .as_str()
                .unwrap()
                .starts_with("sha256$")
        );
        assert_eq!(
            credential["id"],
            "urn:uuid:00000000-0000-0000-0000-000000000001"
        );
        assert_eq!(credential["issuer"]["id"], issuer.id);
        // To the second, as the JWT's nbf holds it.
        assert_eq!(credential["validFrom"], "2025-06-01T12:00:00Z");
        assert_eq!(credential["validUntil"], "2028-06-01T12:00:00Z");
        let mut shown: Vec<&str> = credential["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        shown.sort_unstable();
        assert_eq!(shown, titles);
        // Without a target, the Achievement is aligned with every item;
        // the results are the accepted ones, whoever the audience.
        let alignment = credential["credentialSubject"]["achievement"]["alignment"]
            .as_array()
            .unwrap();
        assert_eq!(alignment.len(), standard.item_count());
        assert!(alignment.iter().all(|a| a["targetType"] == "CFItem"));
        let results: Vec<&str> = credential["credentialSubject"]["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["alignment"][0]["targetCode"].as_str().unwrap())
            .collect();
        assert_eq!(results, ["PC1", "PC2", "PC3", "PC4", "B3"]);
        // The alignment points at the same UUID the CASE export gives the item.
        let case = case_package(standard, "", "2025-01-01T00:00:00Z").0;
        let pc1 = case["CFItems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["humanCodingScheme"] == "PC1")
            .unwrap();
        let aligned_pc1 = alignment.iter().find(|a| a["targetCode"] == "PC1").unwrap();
        assert_eq!(
            aligned_pc1["targetUrl"],
            format!("urn:uuid:{}", pc1["identifier"].as_str().unwrap())
        );
        assert!(
            credential["evidence"][0]["narrative"]
                .as_str()
                .unwrap()
                .starts_with("What ")
        );
    }
}

// ---------------------------------------------------------------- robustness

/// Every repository fixture, to mutate.
fn all_fixtures() -> Vec<String> {
    let folder = repo().join("tests/fixtures/interop");
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect()
}

/// Whatever the input, import never panics, and what it returns is valid.
fn survives(text: &str) {
    for from in [
        None,
        Some(Format::Mahara),
        Some(Format::Moodle),
        Some(Format::Case),
        Some(Format::LevelsCsv),
    ] {
        if let Ok(imported) = import("fuzz", text, from, &ImportOptions::default()) {
            assert_valid(&imported);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_is_refused_or_imported_validly(text in "\\PC{0,200}") {
        survives(&text);
    }

    #[test]
    fn damaged_fixtures_are_refused_or_imported_validly(
        which in 0usize..64,
        at in 0usize..4096,
        cut in 0usize..40,
        insert in "[\\[\\]{}\",:<>&;%\\n\\r a-z0-9😀]{0,6}",
    ) {
        let fixtures = all_fixtures();
        let text = &fixtures[which % fixtures.len()];
        let chars: Vec<char> = text.chars().collect();
        let at = at % (chars.len() + 1);
        let end = (at + cut).min(chars.len());
        let damaged: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
        survives(&damaged);
    }
}

// ------------------------------------------------- whole-standard round trips

/// `standard` exported to `format` and imported back (with its id), and
/// what the export said it could not hold.
fn through(standard: &Standard, format: Format) -> (Imported, Vec<String>) {
    let (value, lost) = match format {
        Format::Case => case_package(standard, "", "2025-01-01T00:00:00Z"),
        Format::Mahara => mahara_matrix(standard),
        Format::Moodle | Format::LevelsCsv => {
            unreachable!("nosfolio does not export to {format:?}")
        }
    };
    let text = serde_json::to_string_pretty(&value).unwrap();
    let options = ImportOptions {
        id: Some(standard.id.clone()),
        ..ImportOptions::default()
    };
    let back = import("export.json", &text, Some(format), &options)
        .unwrap_or_else(|e| panic!("{} via {format:?}: {e}", standard.id));
    assert_valid(&back);
    (back, lost)
}

/// Every node's source set to `None`.
fn without_sources(standard: &mut Standard) {
    standard.source = None;
    for group in &mut standard.groups {
        group.source = None;
        for item in &mut group.items {
            item.source = None;
        }
    }
}

/// Asserts that one of `lines` contains `part`.
fn says(lines: &[String], part: &str, what: &str) {
    assert!(
        lines.iter().any(|l| l.contains(part)),
        "{what}: nothing says `{part}` in {lines:#?}"
    );
}

/// The parts of a standard file a CFDocument has no place for, as they
/// come back (none), and the line of the export saying each is lost.
fn case_document_losses(back: &mut Standard, original: &Standard, lost: &[String]) {
    let name = &original.id;
    for (present, part) in [
        (original.suite.is_some(), "suite"),
        (original.audience.is_some(), "audience"),
        (original.links.is_some(), "links"),
        (original.skills_intro.is_some(), "skills intro"),
        (!original.skills.is_empty(), "skills"),
        (!original.evidence_types.is_empty(), "evidence types"),
    ] {
        if present {
            says(lost, part, name);
        }
    }
    back.suite.clone_from(&original.suite);
    back.audience.clone_from(&original.audience);
    back.links.clone_from(&original.links);
    back.skills_intro.clone_from(&original.skills_intro);
    back.skills.clone_from(&original.skills);
    back.evidence_types.clone_from(&original.evidence_types);
}

#[test]
fn builtins_come_back_from_case_whole_or_say_what_they_lost() {
    for original in builtin_standards() {
        let (back, lost) = through(original, Format::Case);
        let mut back = back.standard;
        // Differences expected: the standard comes back with the CASE
        // identifiers it was exported with as its source (the document's is
        // its own identifier), and without an identifier of its own (the
        // CLI gives it one); the document has no place for these parts.
        assert_eq!(
            back.source.as_ref().and_then(|s| s.identifier.as_deref()),
            original.identifier.as_deref(),
            "{}",
            original.id
        );
        assert!(back.items().all(|(_, i)| i.source.is_some()));
        without_sources(&mut back);
        assert_eq!(back.identifier, None);
        back.identifier.clone_from(&original.identifier);
        case_document_losses(&mut back, original, &lost);
        assert_eq!(&back, original, "{} via CASE", original.id);
    }
}

#[test]
fn builtins_come_back_from_mahara_whole_or_say_what_they_lost() {
    for original in builtin_standards() {
        let (imported, lost) = through(original, Format::Mahara);
        let mut back = imported.standard;
        let name = &original.id;
        // Differences expected: the framework's name is the label (code and
        // title); the description is the overview or definition; a .matrix
        // has no place for the rest.
        assert_eq!(back.title, original.label(), "{name}");
        back.title.clone_from(&original.title);
        if original.code.is_some() {
            says(&lost, "code", name);
        }
        back.code.clone_from(&original.code);
        for (present, part) in [
            (original.suite.is_some(), "suite"),
            (original.audience.is_some(), "audience"),
            (original.links.is_some(), "links"),
            (original.skills_intro.is_some(), "skills intro"),
            (!original.skills.is_empty(), "skills"),
            (!original.evidence_types.is_empty(), "evidence types"),
            (
                original.groups.iter().any(|g| !g.questions.is_empty()),
                "interview questions",
            ),
        ] {
            if present {
                says(&lost, part, name);
            }
        }
        back.suite.clone_from(&original.suite);
        back.audience.clone_from(&original.audience);
        back.links.clone_from(&original.links);
        back.skills_intro.clone_from(&original.skills_intro);
        back.skills.clone_from(&original.skills);
        back.evidence_types.clone_from(&original.evidence_types);
        back.identifier.clone_from(&original.identifier);
        for (group, was) in back.groups.iter_mut().zip(&original.groups) {
            group.questions.clone_from(&was.questions);
        }
        assert_eq!(&back, original, "{name} via Mahara");
    }
}

#[test]
fn a_case_tree_of_depth_five_imports_whole() {
    let imported = imported("tree.case.json", &fixture("tree.case.json"));
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(imported.report.source_depth, 5);
    // The Domain only organises: a heading with its text, type and notes.
    let domain = s.group("D1").unwrap();
    assert!(!domain.claimable);
    assert_eq!(domain.title, "Communication");
    assert_eq!(
        domain.text.as_deref(),
        Some("Communicating with others in the team")
    );
    assert_eq!(domain.node_type.as_deref(), Some("Domain"));
    assert!(domain.notes.is_some());
    // A competency with children is claimable; the deepest leaf is an item
    // at depth five.
    let competency = s.group("D1.1").unwrap();
    assert!(competency.claimable);
    let (_, listening) = s.item("D1.1").unwrap();
    assert_eq!(listening.title.as_deref(), Some("Listening"));
    assert_eq!(listening.node_type.as_deref(), Some("Competency"));
    assert_eq!(listening.notes.as_deref(), Some("Seen in meetings."));
    let (holder, deepest) = s.item("D1.1.1.a.i").unwrap();
    assert_eq!(holder.id, "D1.1.1.a");
    assert_eq!(deepest.node_type.as_deref(), Some("Indicator"));
    let path: Vec<&str> = s
        .path(s.groups.iter().position(|g| g.id == "D1.1.1.a").unwrap())
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(path, ["D1", "D1.1", "D1.1.1", "D1.1.1.a"]);
    assert_eq!(
        s.item_count(),
        7,
        "every CFItem but the Domain is claimable"
    );
    let kept: Vec<(&str, &str, &str)> = s
        .associations
        .iter()
        .map(|a| (a.kind.as_str(), a.from.as_str(), a.to.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            ("isPeerOf", "D1.2", "D1.1.1.b"),
            (
                "isRelatedTo",
                "X1",
                "https://other.example.org/CFItems/0b7a2c55-1111-4c22-8d33-444455556666"
            ),
        ]
    );
    assert_eq!(
        s.source.as_ref().and_then(|x| x.identifier.as_deref()),
        Some("5e0c3c1a-8d2b-4f6e-9a71-2b4c6d8e0f11")
    );
    // Only the document's creator is not carried over.
    let notes: Vec<&str> = imported
        .report
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(notes, ["creator: \"nosfolio tests\""]);
}

#[test]
fn a_case_tree_comes_back_from_case_whole() {
    let original = imported("tree.case.json", &fixture("tree.case.json")).standard;
    let (back, lost) = through(&original, Format::Case);
    assert!(lost.is_empty(), "{lost:?}");
    // Every identifier, URI, type, note, code and association comes back.
    assert_eq!(back.standard, original);
    // And the package is the same package: the same identifiers.
    let first = case_package(&original, "", "2025-01-01T00:00:00Z").0;
    let second = case_package(&back.standard, "", "2025-01-01T00:00:00Z").0;
    assert_eq!(first, second);
    assert_schema("case-1.0-cfpackage.transcribed.json", &first);
}

#[test]
fn a_case_tree_comes_back_from_mahara_with_what_mahara_cannot_hold_said() {
    let original = imported("tree.case.json", &fixture("tree.case.json")).standard;
    let (imported, lost) = through(&original, Format::Mahara);
    let mut back = imported.standard;
    // Said by the export, and nothing else.
    assert_eq!(
        lost,
        [
            "notes of 3 nodes: Mahara has no place for them",
            "types of 6 nodes: Mahara has no place for them",
            "source identifiers of 8 nodes: Mahara has no place for them",
            "short titles beside the text of 1 nodes: Mahara has no place for them",
            "that the descriptions of D1 are their text: a Mahara standard's description comes back as its intro",
            "2 associations between nodes: Mahara has no links between elements",
            "where the standard came from (its source identifier and URI): Mahara has no place for it",
        ]
    );
    // The tree comes back with the same shape and text; what was said is
    // gone; the Domain heading at the top is a Mahara standard, its text
    // the standard's description (read back as its intro).
    without_sources(&mut back);
    let mut expected = original.clone();
    without_sources(&mut expected);
    expected.associations.clear();
    for group in &mut expected.groups {
        group.notes = None;
        group.node_type = None;
        if group.id == "D1" {
            group.intro = group.text.take();
        }
        for item in &mut group.items {
            item.notes = None;
            item.node_type = None;
            item.title = None;
        }
        if group.claimable {
            group.title = group.items[0].text.clone();
        }
    }
    assert_eq!(back, expected);
}

#[test]
fn identifiers_never_collide_across_standards_and_reuse_the_source() {
    let mut a = builtin_standards()[0].clone();
    let mut b = a.clone();
    a.identifier = Some("7d3f1e26-4b9a-4c1e-9f0a-5b6c7d8e9f01".into());
    b.identifier = Some("0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a0b".into());
    let (pa, _) = case_package(&a, "", "2025-01-01T00:00:00Z");
    let (pb, _) = case_package(&b, "", "2025-01-01T00:00:00Z");
    assert_eq!(
        pa["CFDocument"]["identifier"],
        a.identifier.clone().unwrap()
    );
    let ids = |p: &Value| -> Vec<String> {
        p["CFItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["identifier"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(ids(&pa).iter().all(|i| !ids(&pb).contains(i)));
    // The same standard always gets the same identifiers.
    assert_eq!(
        ids(&pa),
        ids(&case_package(&a, "", "2026-01-01T00:00:00Z").0)
    );
}

// ------------------------------------------- competencies with their own levels

/// The multi-competency standard file of the repository's fixtures.
fn core_competencies() -> Standard {
    let path = repo().join("tests/fixtures/standards/core-competencies.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_standard("core-competencies.yaml", &text).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Each group's id, parent, level, claimability, title, text and items
/// (id, text): what a round trip must keep, compared group by group.
fn groups_of(standard: &Standard) -> Vec<String> {
    standard
        .groups
        .iter()
        .map(|g| {
            format!(
                "{} parent={:?} level={:?} claimable={} title={:?} text={:?} items={:?}",
                g.id,
                g.parent,
                g.level,
                g.claimable,
                g.title,
                g.text,
                g.items
                    .iter()
                    .map(|i| (i.id.as_str(), i.text.as_str()))
                    .collect::<Vec<_>>()
            )
        })
        .collect()
}

/// `original` through CASE and back, compared field by field: the groups
/// first (to show a difference plainly), then the whole standard, with only
/// these differences expected: the CASE identifiers it was exported with
/// as its sources, no identifier of its own, and the parts a CFDocument
/// has no place for (each said by the export). The import must say
/// nothing but the document's creator, and change no id.
fn comes_back_from_case(original: &Standard) {
    let name = &original.id;
    let (imported, lost) = through(original, Format::Case);
    let mut back = imported.standard.clone();
    let mut expected = original.clone();
    named_by_codes(&mut expected, &lost);
    assert_eq!(groups_of(&back), groups_of(&expected), "{name} via CASE");
    let document = document_uuid(original).to_string();
    assert_eq!(
        back.source.as_ref().and_then(|s| s.identifier.as_deref()),
        Some(document.as_str()),
        "{name}"
    );
    // Sources that are not UUIDs cannot be CASE identifiers (said).
    let foreign = |s: &Option<Source>| {
        s.as_ref()
            .and_then(|s| s.identifier.as_deref())
            .is_some_and(|i| uuid::Uuid::parse_str(i).is_err())
    };
    if foreign(&original.source) {
        says(&lost, "the standard's source identifier", name);
    }
    if original.groups.iter().any(|g| foreign(&g.source))
        || original.items().any(|(_, i)| foreign(&i.source))
    {
        says(&lost, "source identifiers of", name);
    }
    without_sources(&mut back);
    without_sources(&mut expected);
    back.identifier.clone_from(&expected.identifier);
    case_document_losses(&mut back, &expected, &lost);
    let said: Vec<&String> = lost
        .iter()
        .filter(|l| {
            !l.contains("CFDocument has no place")
                && !l.contains("evidence types")
                && !l.contains("humanCodingScheme")
                && !l.contains("CASE identifiers are UUIDs")
        })
        .collect();
    assert!(said.is_empty(), "{name}: the export also said {said:#?}");
    assert_eq!(back, expected, "{name} via CASE");
    assert_eq!(all_notes(&imported), "creator: \"nosfolio\"", "{name}");
    assert!(
        imported.report.id_changes.is_empty(),
        "{name}: {:?}",
        imported.report.id_changes
    );
}

/// The ids a standard comes back with from CASE, where a node with a code
/// of its own is named by it (the export saying so for each), its levels'
/// ids and descriptors' ids following it.
fn named_by_codes(standard: &mut Standard, lost: &[String]) {
    let mut renamed: Vec<Option<String>> = vec![None; standard.groups.len()];
    for (n, group) in standard.groups.iter_mut().enumerate() {
        if let Some(code) = group.code.take().filter(|c| *c != group.id) {
            says(lost, &format!("the id `{}`", group.id), "named by its code");
            group.id.clone_from(&code);
            renamed[n] = Some(code);
        }
        for item in &mut group.items {
            if let Some(code) = item.code.take().filter(|c| *c != item.id) {
                says(lost, &format!("the id `{}`", item.id), "named by its code");
                item.id = code;
            }
        }
    }
    for group in &mut standard.groups {
        let (Some(level), Some(owner)) =
            (group.level, group.parent.and_then(|p| renamed[p].clone()))
        else {
            continue;
        };
        group.id = format!("{owner}.level-{level}");
        if group.claimable {
            group.items[0].id = format!("{owner}.L{level}");
        }
    }
}

#[test]
fn competencies_with_their_own_levels_come_back_from_case_whole() {
    let original = core_competencies();
    assert_eq!(original.competencies().len(), 2);
    comes_back_from_case(&original);
    // The package says it in CASE's own terms: each level a CFItem of type
    // `Level` hanging from its competency, numbered by its listEnumeration;
    // each behaviour `hasSkillLevel` its level; a level whose descriptor is
    // claimable has the descriptor as its fullStatement, and no behaviour.
    let package = case_package(&original, "", "2025-01-01T00:00:00Z").0;
    let items = package["CFItems"].as_array().unwrap();
    let of_code = |code: &str| {
        items
            .iter()
            .find(|i| i["humanCodingScheme"] == code)
            .unwrap_or_else(|| panic!("no CFItem `{code}`"))
    };
    let level = of_code("influencing.level-1");
    assert_eq!(level["CFItemType"], "Level");
    assert_eq!(level["listEnumeration"], "1");
    assert_eq!(level["abbreviatedStatement"], "Awareness");
    assert_eq!(
        level["fullStatement"],
        "Knows how decisions are made in the team."
    );
    assert!(
        items
            .iter()
            .all(|i| i["humanCodingScheme"] != "influencing.L1")
    );
    let associations = package["CFAssociations"].as_array().unwrap();
    let skill_levels = associations
        .iter()
        .filter(|a| a["associationType"] == "hasSkillLevel")
        .count();
    assert_eq!(
        skill_levels, 5,
        "one for each behaviour of strategic networking"
    );
    assert_schema("case-1.0-cfpackage.transcribed.json", &package);
}

#[test]
fn skills_by_levels_fixtures_come_back_from_case_whole() {
    for name in ["ddat-skills.csv", "sfia-levels.csv"] {
        let original = imported(name, &fixture(name)).standard;
        assert!(original.competencies().len() > 2, "{name}");
        comes_back_from_case(&original);
    }
}

#[test]
fn real_moodle_multi_competency_import_comes_back_from_case_whole() {
    let Some(text) = shared("oecd_core_competencies_example.csv") else {
        return;
    };
    let original = imported("oecd_core_competencies_example.csv", &text).standard;
    assert!(original.competencies().len() > 1);
    comes_back_from_case(&original);
}

/// `original` through Mahara and back, compared field by field, with only
/// these differences expected, each said by the export: the framework's
/// name is the label (code and title); the text of a node at the top is
/// its Mahara standard's description, read back as its intro; codes,
/// notes, types, sources and the parts a .matrix has no place for are
/// gone.
fn comes_back_from_mahara(original: &Standard) {
    let name = &original.id;
    let (imported, lost) = through(original, Format::Mahara);
    let mut back = imported.standard;
    let mut expected = original.clone();
    let tops: Vec<&str> = expected
        .groups
        .iter()
        .filter(|g| g.parent.is_none() && g.level.is_none() && g.text.is_some())
        .map(|g| g.id.as_str())
        .collect();
    if !tops.is_empty() {
        says(&lost, &format!("descriptions of {}", tops.join(", ")), name);
    }
    // Codes, notes and types, counted as the export counts them: a
    // claimable node's are its item's, a level's its own.
    let (mut codes, mut notes, mut types) = (0, 0, 0);
    for group in &mut expected.groups {
        if group.parent.is_none() && group.level.is_none() {
            group.intro = group.intro.take().or(group.text.take());
        }
        codes += usize::from(group.code.take().is_some());
        notes += usize::from(group.notes.take().is_some());
        types += usize::from(group.node_type.take().is_some());
        for item in &mut group.items {
            codes += usize::from(item.code.take().is_some());
            notes += usize::from(item.notes.take().is_some());
            types += usize::from(item.node_type.take().is_some());
        }
    }
    for (count, what) in [(codes, "codes"), (notes, "notes"), (types, "types")] {
        if count > 0 {
            says(&lost, &format!("{what} of {count} nodes"), name);
        }
    }
    let sources = usize::from(expected.source.is_some());
    without_sources(&mut expected);
    if sources > 0 {
        says(&lost, "where the standard came from", name);
    }
    assert_eq!(groups_of(&back), groups_of(&expected), "{name} via Mahara");
    assert_eq!(back.title, original.label(), "{name}");
    back.title.clone_from(&original.title);
    if original.code.is_some() {
        says(&lost, "the standard's code", name);
    }
    back.code.clone_from(&original.code);
    back.identifier.clone_from(&original.identifier);
    back.definition.clone_from(&expected.definition);
    back.overview.clone_from(&expected.overview);
    assert_eq!(back, expected, "{name} via Mahara");
    let said: Vec<&String> = lost
        .iter()
        .filter(|l| {
            !l.contains("descriptions of")
                && !l.contains("codes of")
                && !l.contains("notes of")
                && !l.contains("the standard's code")
                && !l.contains("types of")
                && !l.contains("source identifiers of")
                && !l.contains("where the standard came from")
        })
        .collect();
    assert!(said.is_empty(), "{name}: the export also said {said:#?}");
}

#[test]
fn competencies_with_their_own_levels_come_back_from_mahara_whole() {
    comes_back_from_mahara(&core_competencies());
    for name in ["ddat-skills.csv", "sfia-levels.csv"] {
        comes_back_from_mahara(&imported(name, &fixture(name)).standard);
    }
    if let Some(text) = shared("oecd_core_competencies_example.csv") {
        comes_back_from_mahara(&imported("oecd_core_competencies_example.csv", &text).standard);
    }
}

#[test]
fn case_levels_under_a_competency_become_its_levels() {
    let imported = imported(
        "competency-levels.case.json",
        &fixture("competency-levels.case.json"),
    );
    assert_valid(&imported);
    let s = &imported.standard;
    assert_eq!(s.kind, StandardKind::CompetencyFramework);
    // Each Level CFItem is a level of the competency it hangs from, named as
    // nosfolio names levels; its abbreviated statement its title, its
    // fullStatement its text; a behaviour's own children are flattened into
    // the level beside it, and an interview question under it is its
    // question.
    assert_eq!(
        groups_of(s),
        [
            "C1 parent=None level=None claimable=false title=\"Communication\" text=Some(\"Communicating with others in the team\") items=[(\"B4\", \"Asks a quiet member for their view\")]",
            "K1 parent=Some(0) level=None claimable=true title=\"Listening\" text=None items=[(\"K1\", \"Listening to others and showing it\")]",
            "K1.level-1 parent=Some(1) level=Some(1) claimable=false title=\"Foundation\" text=Some(\"Listens when spoken to\") items=[(\"B1\", \"Lets others finish before answering\"), (\"B2\", \"Checks what was meant\"), (\"B2a\", \"Repeats it back in their own words\")]",
            "K1.level-2 parent=Some(1) level=Some(2) claimable=false title=\"Advanced\" text=Some(\"Summarises what others mean\") items=[(\"B3\", \"Writes up the meeting's decisions\")]",
        ]
    );
    let competencies = s.competencies();
    assert_eq!(competencies.len(), 1);
    assert_eq!(competencies[0].id, "K1");
    let questions = &s.group("K1.level-1").unwrap().questions;
    assert_eq!(questions.len(), 1);
    assert_eq!(questions[0].probing, ["What did you do?", "What changed?"]);
    // What could not be kept as it was is said, where it is in the file.
    let said: Vec<String> = imported
        .report
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.at.clone().unwrap_or_default(), n.message))
        .collect();
    assert_eq!(
        said,
        [
            "CFDocument.creator: creator: \"nosfolio tests\"",
            "CFItems[10]: `B4` has skill level `K1-L1` but does not hang from it (isChildOf); it is kept where it hangs",
            "CFItems[2]: the code `K1-L1` of level 1: nosfolio names a level `K1.level-1`",
            "CFItems[4]: `B2` has statements under it inside level `K1.level-1`; they are behaviours of the level beside it",
            "CFItems[8]: a second level 2 of `K1`; its behaviours join the first",
            "CFItems[8]: `K1.L2` is no longer claimable itself: its level has behaviours from a second level of its number, so it is the level's text",
        ]
    );
}

#[test]
fn a_standards_own_claimable_levels_come_back_from_case_and_mahara() {
    // Levels of the standard itself (hanging from the document), one with
    // behaviours and one a claimable descriptor: read as one set of levels.
    let text = "id: own\nkind: competency-framework\ntitle: Own levels\nlevels:\n  - level: 1\n    title: Aware\n    text: Knows the terms.\n  - level: 2\n    title: Working\n    text: Uses them every day.\n    behaviours:\n      - id: W1\n        text: Explains them to others.\n";
    let original = parse_standard("own.yaml", text).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(original.groups[0].claimable);
    assert_eq!(original.groups[0].items[0].id, "L1");
    comes_back_from_case(&original);
    comes_back_from_mahara(&original);
}
