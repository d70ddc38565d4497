//! A standard's UK Standards (NOS) record for reading: the facts of its
//! "About this standard" block and the scope statements beside its items,
//! shared by `nosfolio standards show` and the portfolio report. Values are
//! the record's own text, unescaped: each renderer escapes them for its
//! format.

use nosfolio_core::{RecordStatus, ScopeStatement, Standard};

/// One fact of the block: its label and its value.
pub(crate) type Fact = (&'static str, String);

/// The record's fields that are set, in the order of the UK Standards
/// record, with the standard's suites: nothing when the record is empty.
pub(crate) fn about_facts(standard: &Standard) -> Vec<Fact> {
    let record = &standard.record;
    if record.is_empty() {
        return Vec::new();
    }
    let joined = |list: &[String]| (!list.is_empty()).then(|| list.join(", "));
    let status = record.status.map(|status| status.to_string());
    let replaced_by = joined(&record.replaced_by);
    let suites = standard.suites();
    let suites_label = if suites.len() > 1 { "Suites" } else { "Suite" };
    let suites = (!suites.is_empty()).then(|| suites.join("; "));
    [
        ("URN", record.urn.clone()),
        ("Version", record.version.clone()),
        ("Status", status),
        ("Replaced by", replaced_by),
        (suites_label, suites),
        ("Developed by", record.developed_by.clone()),
        (
            "Originating organisation",
            record.originating_organisation.clone(),
        ),
        ("Date approved", record.date_approved.map(|d| d.to_string())),
        (
            "Indicative review date",
            record.indicative_review_date.map(|d| d.to_string()),
        ),
        ("Keywords", joined(&record.keywords)),
        ("Relevant occupations", joined(&record.relevant_occupations)),
        ("SOC codes", joined(&record.soc_codes)),
    ]
    .into_iter()
    .filter_map(|(label, value)| Some((label, value?)))
    .collect()
}

/// What a reader of a legacy standard must be told first: that it is no
/// longer current, and what replaces it. `None` for any other standard.
pub(crate) fn legacy_notice(standard: &Standard) -> Option<String> {
    if standard.record.status != Some(RecordStatus::Legacy) {
        return None;
    }
    Some(match standard.record.replaced_by.as_slice() {
        [] => "Legacy standard: no longer current.".to_owned(),
        replacements => format!(
            "Legacy standard: no longer current; replaced by {}.",
            replacements.join(", ")
        ),
    })
}

/// `Scope S1 (Contacts)`: how a scope statement is introduced beside an item.
pub(crate) fn scope_label(scope: &ScopeStatement) -> String {
    match &scope.title {
        Some(title) => format!("Scope {} ({title})", scope.id),
        None => format!("Scope {}", scope.id),
    }
}

#[cfg(test)]
mod tests {
    use nosfolio_core::parse_standard;

    use super::*;

    const UNIT: &str = "\
id: demo
kind: nos-unit
title: Demo unit
suite: Management
record:
  urn: DEMO1
  status: legacy
  replaced_by: [DEMO2]
  suites: [Management, Business]
  soc_codes: [1131]
groups:
  - id: g
    title: G
    items:
      - id: P1
        text: Do it.
";

    #[test]
    fn the_facts_are_those_set_and_a_legacy_standard_names_its_replacement() {
        let standard = parse_standard("s.yaml", UNIT).unwrap();
        assert_eq!(
            about_facts(&standard),
            [
                ("URN", "DEMO1".to_owned()),
                ("Status", "legacy".to_owned()),
                ("Replaced by", "DEMO2".to_owned()),
                ("Suites", "Management; Business".to_owned()),
                ("SOC codes", "1131".to_owned()),
            ]
        );
        assert_eq!(
            legacy_notice(&standard).as_deref(),
            Some("Legacy standard: no longer current; replaced by DEMO2.")
        );
        let current = parse_standard("s.yaml", &UNIT.replace("legacy", "current")).unwrap();
        assert_eq!(about_facts(&current)[1], ("Status", "current".to_owned()));
        assert_eq!(legacy_notice(&current), None);
        let alone = parse_standard("s.yaml", &UNIT.replace("  replaced_by: [DEMO2]\n", ""));
        assert_eq!(
            legacy_notice(&alone.unwrap()).as_deref(),
            Some("Legacy standard: no longer current.")
        );
        let start = UNIT.find("record:").unwrap();
        let end = UNIT.find("groups:").unwrap();
        let bare = parse_standard("s.yaml", &format!("{}{}", &UNIT[..start], &UNIT[end..]));
        assert_eq!(about_facts(&bare.unwrap()), []);
    }
}
