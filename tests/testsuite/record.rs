//! A standard's UK Standards (NOS) record, end to end: `standards show`
//! in every format and the report in HTML and Markdown show the fields that
//! are set, a legacy standard marked with its replacements, scope beside its
//! items, the glossary; hostile text in the record stays inert.

use crate::support::TempPortfolio;

fn portfolio() -> TempPortfolio {
    TempPortfolio::from_fixture("valid/record")
}

const SHOW: [&str; 3] = ["standards", "show", "standards/recorded.yaml"];

/// What the fixture's record holds that every rendering must show.
const FIELDS: [&str; 15] = [
    "TESTREC1",
    "TESTREC2, TESTREC3",
    "Test Suite of Units; Another Suite",
    "Originating Org",
    "2019-06-30",
    "2024-06-30",
    "Managers, Records officers",
    "1131, 4131",
    "Scope S1 (Kinds of record)",
    "Paper and electronic records",
    "Scope S2",
    "Records held by others.",
    "Anything kept to show what was done.",
    "About this standard",
    "Legacy standard: no longer current; replaced by TESTREC2, TESTREC3.",
];

fn assert_shows_fields(text: &str, what: &str) {
    for field in FIELDS {
        assert!(text.contains(field), "{what} lacks {field:?}:\n{text}");
    }
}

#[test]
fn standards_show_shows_the_record_in_text_markdown_and_json() {
    let portfolio = portfolio();
    let text = portfolio.run(&SHOW);
    text.code(0);
    assert_shows_fields(&text.stdout, "text");
    assert!(text.stdout.contains("! Legacy standard"), "{}", text.stdout);
    assert!(
        text.stdout.contains("Status                    legacy\n"),
        "{}",
        text.stdout
    );
    // A scope statement sits under each item it qualifies.
    let rk1 = text.stdout.find("RK1  Why records matter.").unwrap();
    assert!(text.stdout[rk1..].contains("Scope S1 (Kinds of record)"));
    assert!(
        text.stdout
            .contains("Glossary\n  Record\n      Anything kept to show what was done.\n"),
        "{}",
        text.stdout
    );

    let md = portfolio.run(&[SHOW[0], SHOW[1], SHOW[2], "--format", "md"]);
    md.code(0);
    assert_shows_fields(&md.stdout, "Markdown");
    assert!(
        md.stdout
            .contains("> **Legacy standard: no longer current; replaced by TESTREC2, TESTREC3.**")
    );
    assert!(md.stdout.contains("- **RP2** Share records with those who need them.\n  - _Scope S2:_ Records held by others.\n"));
    assert!(
        md.stdout
            .contains("## Values\n\nRecords are kept honestly, and shared with care.\n")
    );
    // Markup in the record is text, not markup.
    for inert in [
        "&lt;script&gt;alert('scope')&lt;/script&gt;",
        "**&lt;i&gt;Unit&lt;/i&gt;**: One standard &lt;script&gt;",
        "Test Standards Body &lt;b&gt;bold&lt;/b&gt;",
    ] {
        assert!(md.stdout.contains(inert), "{inert}:\n{}", md.stdout);
    }
    assert!(!md.stdout.contains("<script"), "{}", md.stdout);
    assert!(!md.stdout.contains("javascript:"), "{}", md.stdout);

    let json = portfolio.run(&[SHOW[0], SHOW[1], SHOW[2], "--format", "json"]);
    json.code(0);
    let record = &json.json()["record"];
    assert_eq!(record["urn"], "TESTREC1");
    assert_eq!(record["version"], "3");
    assert_eq!(record["status"], "legacy");
    assert_eq!(record["date_approved"], "2019-06-30");
    assert_eq!(record["soc_codes"], serde_json::json!(["1131", "4131"]));
    assert_eq!(
        record["scope"][0]["applies_to"],
        serde_json::json!(["RP1", "RK1"])
    );
    assert_eq!(record["glossary"][1]["term"], "<i>Unit</i>");
}

#[test]
fn the_report_shows_the_record_and_nothing_in_it_acts() {
    let portfolio = portfolio();
    portfolio.run(&["report", "-o", "report.html"]).code(0);
    let html = std::fs::read_to_string(portfolio.path().join("report.html")).unwrap();
    for field in FIELDS {
        let escaped = field.replace('&', "&amp;");
        assert!(html.contains(&escaped), "HTML lacks {field:?}");
    }
    assert!(html.contains("Keep a recorded unit <span class=\"legacy-mark\">legacy</span>"));
    assert!(html.contains("<p class=\"legacy\" role=\"note\"><strong>Legacy standard"));
    assert!(html.contains("<div><dt>Status</dt><dd>legacy</dd></div>"));
    assert!(html.contains(
        "<dl class=\"glossary\"><dt>Record</dt><dd>Anything kept to show what was done.</dd>"
    ));
    // Each item's scope sits in its own article, under its text.
    let rp2 = html.find("<span class=\"item-id\">RP2</span>").unwrap();
    let article_end = rp2 + html[rp2..].find("</article>").unwrap();
    assert!(
        html[rp2..article_end]
            .contains("<span class=\"scope-label\">Scope S2:</span> Records held by others.")
    );
    assert!(!html[rp2..article_end].contains("Scope S1"));
    // The record's Markdown values are sanitized; its plain text escaped.
    assert!(html.contains("<p>Records are kept <strong>honestly</strong>, and <a rel=\"noopener noreferrer\">shared</a> with care.</p>"));
    assert!(!html.contains("<script"), "a script got through");
    assert!(!html.contains("javascript:"), "a script link got through");
    assert!(!html.contains("onerror"), "an event handler got through");
    assert!(!html.contains("<i>Unit"), "markup in a term got through");
    assert!(html.contains("&lt;script&gt;alert(&#39;scope&#39;)&lt;/script&gt;"));

    let md = portfolio.run(&["report", "--format", "md"]);
    md.code(0);
    for field in FIELDS {
        assert!(md.stdout.contains(field), "Markdown report lacks {field:?}");
    }
    assert!(md.stdout.contains("- **RK1** Why records matter. — ○ claimed\n  - _Scope S1 (Kinds of record):_ Paper and electronic records, &lt;script&gt;"));
    assert!(
        md.stdout
            .contains("#### Glossary\n\n- **Record**: Anything kept to show what was done.\n")
    );
    assert!(!md.stdout.contains("<script"), "{}", md.stdout);
}
