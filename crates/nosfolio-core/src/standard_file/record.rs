//! Reading the `record:` map of a standard file (a [`NosRecord`]) and
//! checking it: days that are days, a known status, four-digit SOC codes,
//! a review after the approval, unique scope ids and glossary terms, and
//! scope statements that name the standard's items.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Checker, optional_text};
use crate::diagnostic::Problem;
use crate::evidence::parse_date;
use crate::record::{GlossaryEntry, NosRecord, RecordStatus, ScopeStatement};

/// The `record:` map as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecordFile {
    urn: Option<Spanned<String>>,
    version: Option<String>,
    developed_by: Option<String>,
    originating_organisation: Option<String>,
    date_approved: Option<Spanned<String>>,
    indicative_review_date: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    #[serde(default)]
    replaced_by: Vec<Spanned<String>>,
    #[serde(default)]
    suites: Vec<Spanned<String>>,
    #[serde(default)]
    keywords: Vec<Spanned<String>>,
    #[serde(default)]
    relevant_occupations: Vec<Spanned<String>>,
    #[serde(default)]
    soc_codes: Vec<Spanned<String>>,
    #[serde(default)]
    scope: Vec<ScopeFile>,
    values: Option<String>,
    #[serde(default)]
    glossary: Vec<GlossaryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeFile {
    id: Spanned<String>,
    title: Option<String>,
    text: Spanned<String>,
    #[serde(default)]
    applies_to: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    term: Spanned<String>,
    definition: Spanned<String>,
}

/// Reads and checks the record; `items` are the ids of the standard's
/// items, which scope statements may name.
pub(super) fn read(
    check: &mut Checker<'_>,
    raw: Option<RecordFile>,
    items: &[String],
) -> NosRecord {
    let Some(raw) = raw else {
        return NosRecord::default();
    };
    let date_approved = day(check, raw.date_approved.as_ref());
    let indicative_review_date = day(check, raw.indicative_review_date.as_ref());
    if let (Some(approved), Some(review), Some(at)) = (
        date_approved,
        indicative_review_date,
        &raw.indicative_review_date,
    ) {
        review_after_approval(check, approved, review, at);
    }
    NosRecord {
        urn: raw.urn.and_then(|urn| code(check, &urn, "URN")),
        version: optional_text(raw.version),
        developed_by: optional_text(raw.developed_by),
        originating_organisation: optional_text(raw.originating_organisation),
        date_approved,
        indicative_review_date,
        status: raw.status.and_then(|s| status(check, &s)),
        replaced_by: list(check, raw.replaced_by, "replaced_by", |check, at| {
            code(check, at, "replacement code")
        }),
        suites: list(check, raw.suites, "suites", text),
        keywords: list(check, raw.keywords, "keywords", text),
        relevant_occupations: list(
            check,
            raw.relevant_occupations,
            "relevant_occupations",
            text,
        ),
        soc_codes: list(check, raw.soc_codes, "soc_codes", soc_code),
        scope: scope(check, raw.scope, items),
        values: optional_text(raw.values),
        glossary: glossary(check, raw.glossary),
    }
}

/// A day written `YYYY-MM-DD`.
fn day(check: &mut Checker<'_>, at: Option<&Spanned<String>>) -> Option<Date> {
    let at = at?;
    match parse_date(at.value.trim()) {
        Ok(date) => Some(date),
        Err(problem) => {
            check.report(at, problem);
            None
        }
    }
}

/// A standard is reviewed after it is approved, never before.
fn review_after_approval(
    check: &mut Checker<'_>,
    approved: Date,
    review: Date,
    at: &Spanned<String>,
) {
    if review < approved {
        check.report(
            at,
            Problem::InvalidStandard {
                message: format!(
                    "indicative review date {review} is before the date approved, {approved}: correct one of them"
                ),
            },
        );
    }
}

/// `current` or `legacy`.
fn status(check: &mut Checker<'_>, at: &Spanned<String>) -> Option<RecordStatus> {
    let name = at.value.trim();
    let status = RecordStatus::from_name(name);
    if status.is_none() {
        check.report(
            at,
            Problem::InvalidStandard {
                message: format!(
                    "unknown status `{}`: a standard's status is `{}`",
                    name.escape_default(),
                    RecordStatus::NAMES.join("` or `")
                ),
            },
        );
    }
    status
}

/// A code (a URN, a replacement's code), shown and looked up by name: no
/// invisible characters. Empty is absent.
fn code(check: &mut Checker<'_>, at: &Spanned<String>, what: &str) -> Option<String> {
    let value = at.value.trim();
    if let Some(problem) = Problem::invisible(what, value) {
        check.report(at, problem);
        return None;
    }
    (!value.is_empty()).then(|| value.to_owned())
}

/// One entry of a list of text, as written.
fn text(_: &mut Checker<'_>, at: &Spanned<String>) -> Option<String> {
    Some(at.value.trim().to_owned())
}

/// A Standard Occupational Classification unit group: four digits.
fn soc_code(check: &mut Checker<'_>, at: &Spanned<String>) -> Option<String> {
    let value = at.value.trim();
    if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.to_owned());
    }
    check.report(
        at,
        Problem::InvalidStandard {
            message: format!(
                "SOC code `{}` is not four digits: write the 4-digit SOC unit group, e.g. `1131`",
                value.escape_default()
            ),
        },
    );
    None
}

/// A list whose entries `entry` checks, none empty, each once.
fn list(
    check: &mut Checker<'_>,
    raw: Vec<Spanned<String>>,
    key: &str,
    entry: impl Fn(&mut Checker<'_>, &Spanned<String>) -> Option<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for at in raw {
        if at.value.trim().is_empty() {
            check.report(
                &at,
                Problem::EmptyText {
                    what: format!("an entry of `{key}`"),
                },
            );
            continue;
        }
        let Some(value) = entry(check, &at) else {
            continue;
        };
        if out.contains(&value) {
            check.report(
                &at,
                Problem::InvalidStandard {
                    message: format!(
                        "`{}` is listed twice under `{key}`: delete one",
                        value.escape_default()
                    ),
                },
            );
        } else {
            out.push(value);
        }
    }
    out
}

/// Scope statements: unique ids, text, and the items they qualify, each an
/// item of the standard and named once.
fn scope(check: &mut Checker<'_>, raw: Vec<ScopeFile>, items: &[String]) -> Vec<ScopeStatement> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for statement in raw {
        let id = check.id(&statement.id, "scope statement");
        check.unique(&mut seen, &statement.id);
        let text = check.text(&statement.text, || format!("text of scope statement {id}"));
        if statement.applies_to.is_empty() {
            check.report(
                &statement.id,
                Problem::InvalidStandard {
                    message: format!(
                        "scope statement `{}` applies to no item: list the items it qualifies under `applies_to`",
                        id.escape_default()
                    ),
                },
            );
        }
        let applies_to = check.item_list(
            statement.applies_to,
            items,
            &format!("scope statement `{id}`"),
            |item, nearest| Problem::UnknownScopeItem {
                nearest,
                id: item,
                scope: id.clone(),
            },
        );
        out.push(ScopeStatement {
            id,
            title: optional_text(statement.title),
            text,
            applies_to,
        });
    }
    out
}

/// Glossary entries: a term and its definition, each term once (whatever
/// its case).
fn glossary(check: &mut Checker<'_>, raw: Vec<GlossaryFile>) -> Vec<GlossaryEntry> {
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::new();
    for entry in raw {
        let term = check.text(&entry.term, || "glossary term".into());
        let definition = check.text(&entry.definition, || {
            format!("definition of glossary term `{}`", term.escape_default())
        });
        let folded = term.to_lowercase();
        if let Some(&first_line) = seen.get(&folded) {
            check.report(
                &entry.term,
                Problem::InvalidStandard {
                    message: format!(
                        "glossary term `{}` is defined twice (first on line {first_line}): keep one definition",
                        term.escape_default()
                    ),
                },
            );
            continue;
        }
        if !folded.is_empty() {
            seen.insert(folded, entry.term.referenced.line());
        }
        out.push(GlossaryEntry { term, definition });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::parse_standard;
    use crate::record::{GlossaryEntry, RecordStatus, ScopeStatement};

    /// A unit with every field of the record set; line numbers matter.
    const UNIT: &str = "\
id: demo
kind: nos-unit
title: Demo unit
suite: Management and Leadership
record:
  urn: CFAM&LAA3
  version: 2
  developed_by: Skills CFA
  originating_organisation: Management Standards Centre
  date_approved: 2015-03-31
  indicative_review_date: 2020-03-31
  status: legacy
  replaced_by: [CFAMLA3, CFAMLA3B]
  suites: [Management and Leadership, Business Support]
  keywords: [networks, contacts]
  relevant_occupations: [Managers, Directors]
  soc_codes: [1131, \"3545\"]
  scope:
    - id: S1
      title: Contacts
      text: People inside and outside the organisation.
      applies_to: [PC1, K1]
  values: Networks work on **reciprocity**.
  glossary:
    - term: Network
      definition: People you exchange information with.
groups:
  - id: performance-criteria
    title: Performance Criteria
    items:
      - id: PC1
        text: Do the thing.
      - id: PC2
        text: Do it again.
  - id: knowledge
    title: Knowledge
    items:
      - id: K1
        text: Know why.
";

    fn problems(text: &str) -> Vec<(Option<(u64, u64)>, String)> {
        parse_standard("s.yaml", text)
            .unwrap_err()
            .into_iter()
            .map(|d| (d.position.map(|p| (p.line, p.column)), d.to_string()))
            .collect()
    }

    fn one_problem(text: &str) -> (Option<(u64, u64)>, String) {
        let mut found = problems(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        found.remove(0)
    }

    #[test]
    fn every_field_of_the_record_is_read() {
        let standard = parse_standard("s.yaml", UNIT).unwrap();
        let record = &standard.record;
        assert_eq!(record.urn.as_deref(), Some("CFAM&LAA3"));
        assert_eq!(record.version.as_deref(), Some("2"));
        let decimal = parse_standard("s.yaml", &UNIT.replace("version: 2", "version: 1.10"));
        assert_eq!(decimal.unwrap().record.version.as_deref(), Some("1.10"));
        assert_eq!(record.developed_by.as_deref(), Some("Skills CFA"));
        assert_eq!(
            record.originating_organisation.as_deref(),
            Some("Management Standards Centre")
        );
        assert_eq!(record.date_approved, Some(jiff::civil::date(2015, 3, 31)));
        assert_eq!(
            record.indicative_review_date,
            Some(jiff::civil::date(2020, 3, 31))
        );
        assert_eq!(record.status, Some(RecordStatus::Legacy));
        assert_eq!(record.replaced_by, ["CFAMLA3", "CFAMLA3B"]);
        assert_eq!(
            record.suites,
            ["Management and Leadership", "Business Support"]
        );
        assert_eq!(record.keywords, ["networks", "contacts"]);
        assert_eq!(record.relevant_occupations, ["Managers", "Directors"]);
        assert_eq!(record.soc_codes, ["1131", "3545"]);
        assert_eq!(
            record.scope,
            [ScopeStatement {
                id: "S1".into(),
                title: Some("Contacts".into()),
                text: "People inside and outside the organisation.".into(),
                applies_to: vec!["PC1".into(), "K1".into()],
            }]
        );
        assert_eq!(
            record.values.as_deref(),
            Some("Networks work on **reciprocity**.")
        );
        assert_eq!(
            record.glossary,
            [GlossaryEntry {
                term: "Network".into(),
                definition: "People you exchange information with.".into(),
            }]
        );
        assert_eq!(record.scope_of("K1").count(), 1);
        assert_eq!(record.scope_of("PC2").count(), 0);
        // `suite:` comes first and the record's repeat of it is shown once.
        assert_eq!(
            standard.suites(),
            ["Management and Leadership", "Business Support"]
        );
    }

    #[test]
    fn a_standard_without_a_record_has_an_empty_one() {
        let start = UNIT.find("record:").unwrap();
        let end = UNIT.find("groups:").unwrap();
        let without = format!("{}{}", &UNIT[..start], &UNIT[end..]);
        let standard = parse_standard("s.yaml", &without).unwrap();
        assert!(standard.record.is_empty());
        assert_eq!(standard.suites(), ["Management and Leadership"]);
        let json = serde_json::to_value(&standard).unwrap();
        assert!(json.get("record").is_none(), "{json}");
    }

    #[test]
    fn impossible_and_malformed_dates_are_reported_where_written() {
        let text = UNIT.replace("date_approved: 2015-03-31", "date_approved: 2015-02-30");
        assert_eq!(
            one_problem(&text),
            (
                Some((10, 18)),
                "s.yaml:10:18: error: invalid date `2015-02-30`: there is no day 30 in 2015-02\n  help: write dates as YYYY-MM-DD, e.g. 2025-04-02".into()
            )
        );
        let text = UNIT.replace(
            "indicative_review_date: 2020-03-31",
            "indicative_review_date: 31/03/2020",
        );
        let (at, message) = one_problem(&text);
        assert_eq!(at, Some((11, 27)));
        assert!(
            message.contains("invalid date `31/03/2020`: expected YYYY-MM-DD"),
            "{message}"
        );
    }

    #[test]
    fn a_review_before_the_approval_is_reported_at_the_review_date() {
        let text = UNIT.replace(
            "indicative_review_date: 2020-03-31",
            "indicative_review_date: 2014-12-01",
        );
        assert_eq!(
            one_problem(&text),
            (
                Some((11, 27)),
                "s.yaml:11:27: error: indicative review date 2014-12-01 is before the date approved, 2015-03-31: correct one of them".into()
            )
        );
    }

    #[test]
    fn an_unknown_status_is_reported_with_the_known_ones() {
        let text = UNIT.replace("status: legacy", "status: retired");
        assert_eq!(
            one_problem(&text),
            (
                Some((12, 11)),
                "s.yaml:12:11: error: unknown status `retired`: a standard's status is `current` or `legacy`".into()
            )
        );
    }

    #[test]
    fn soc_codes_must_be_four_digits() {
        for (bad, column) in [("113", 15), ("11311", 15), ("11a1", 15), ("\"-113\"", 15)] {
            let text = UNIT.replace("soc_codes: [1131,", &format!("soc_codes: [{bad},"));
            let (at, message) = one_problem(&text);
            assert_eq!(at, Some((17, column)), "{bad}: {message}");
            assert!(
                message.contains("is not four digits: write the 4-digit SOC unit group"),
                "{bad}: {message}"
            );
        }
    }

    #[test]
    fn duplicate_scope_ids_and_glossary_terms_are_reported_where_repeated() {
        let text = UNIT.replace(
            "  values:",
            "    - id: S1\n      text: Again.\n      applies_to: [PC2]\n  values:",
        );
        assert_eq!(
            one_problem(&text),
            (
                Some((23, 11)),
                "s.yaml:23:11: error: duplicate id `S1` (first defined on line 19)".into()
            )
        );
        let text = UNIT.replace(
            "groups:",
            "    - term: network\n      definition: Again.\ngroups:",
        );
        assert_eq!(
            one_problem(&text),
            (
                Some((27, 13)),
                "s.yaml:27:13: error: glossary term `network` is defined twice (first on line 25): keep one definition".into()
            )
        );
    }

    #[test]
    fn scope_naming_unknown_items_is_reported_with_the_nearest_ids() {
        let text = UNIT.replace("applies_to: [PC1, K1]", "applies_to: [PC1, KI, PC9]");
        let found = problems(&text);
        assert_eq!(
            found,
            [
                (
                    Some((22, 25)),
                    "s.yaml:22:25: error: scope statement `S1` applies to unknown item `KI`\n  help: did you mean `K1`?".into()
                ),
                (
                    Some((22, 29)),
                    "s.yaml:22:29: error: scope statement `S1` applies to unknown item `PC9`\n  help: did you mean `PC1` or `PC2`?".into()
                ),
            ]
        );
        let text = UNIT.replace("applies_to: [PC1, K1]", "applies_to: [PC1, PC1]");
        assert_eq!(
            one_problem(&text).1,
            "s.yaml:22:25: error: scope statement `S1` lists `PC1` twice"
        );
        let text = UNIT.replace("      applies_to: [PC1, K1]\n", "");
        assert_eq!(
            one_problem(&text),
            (
                Some((19, 11)),
                "s.yaml:19:11: error: scope statement `S1` applies to no item: list the items it qualifies under `applies_to`".into()
            )
        );
    }

    #[test]
    fn empty_texts_repeats_and_invisible_codes_are_reported() {
        let text = UNIT.replace(
            "keywords: [networks, contacts]",
            "keywords: [networks, \" \", networks]",
        );
        assert_eq!(
            problems(&text),
            [
                (
                    Some((15, 24)),
                    "s.yaml:15:24: error: an entry of `keywords` is empty".into()
                ),
                (
                    Some((15, 29)),
                    "s.yaml:15:29: error: `networks` is listed twice under `keywords`: delete one"
                        .into()
                ),
            ]
        );
        let text = UNIT.replace("urn: CFAM&LAA3", "urn: \"CFAM\\u202eLAA3\"");
        let (at, message) = one_problem(&text);
        assert_eq!(at, Some((6, 8)));
        assert!(
            message.contains("URN `CFAM\\u{202e}LAA3` holds the invisible character U+202E"),
            "{message}"
        );
        let text = UNIT.replace(
            "definition: People you exchange information with.",
            "definition: \"\"",
        );
        assert_eq!(
            one_problem(&text),
            (
                Some((26, 19)),
                "s.yaml:26:19: error: definition of glossary term `Network` is empty".into()
            )
        );
        let text = UNIT.replace("      text: People inside", "      txt: People inside");
        let found = parse_standard("s.yaml", &text).unwrap_err();
        assert_eq!(found[0].problem.code(), "unknown-key", "{found:?}");
    }
}
