//! `nosfolio report`: content, audiences, escaping, files.

use crate::support::{TODAY, TempPortfolio, repo};

fn example() -> TempPortfolio {
    TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"))
}

/// The report with what changes from run to run replaced.
fn redacted(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut out = text.replace(&format!("nosfolio {version}"), "nosfolio [version]");
    out = out.replace(TODAY, "[generated]");
    // The stylesheet is the template's, not the portfolio's: left out.
    if let (Some(start), Some(end)) = (out.find("<style>"), out.find("</style>")) {
        out.replace_range(start + "<style>".len()..end, "[stylesheet]");
    }
    // An embedded image's bytes are the image crate's encoding: their
    // length alone is kept.
    let mut rest = out.as_str();
    let mut kept = String::new();
    while let Some(at) = rest.find(";base64,") {
        let (before, after) = rest.split_at(at + ";base64,".len());
        let end = after.find('"').unwrap_or(after.len());
        kept.push_str(before);
        kept.push_str(&format!("[{end} base64 characters]"));
        rest = &after[end..];
    }
    kept.push_str(rest);
    kept
}

#[test]
fn html_report_of_the_example_is_complete_and_self_contained() {
    let portfolio = example();
    let run = portfolio.run(&["report", "-o", "report.html"]);
    run.code(0);
    assert_eq!(run.stdout, "wrote report.html\n");
    let html = std::fs::read_to_string(portfolio.path().join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    assert!(!html.contains("<script"), "no script is needed to read it");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no other host is named"
    );
    for id in ["PC1", "PC6", "B10", "KG7", "KI1", "KC8"] {
        assert!(
            html.contains(&format!("<span class=\"item-id\">{id}</span>")),
            "{id}"
        );
    }
    // Verbatim text, escaped for HTML.
    assert!(
        html.contains("You clarify your own and other&#x27;s expectations of relationships.")
            || html.contains("You clarify your own and other&#39;s expectations of relationships.")
    );
    // What to collect next names each kind of evidence once, with the
    // items it would cover, from the standard's table.
    let gaps = &html[html.find("<section id=\"gaps\"").unwrap()..];
    let gaps = &gaps[..gaps.find("</section>").unwrap()];
    assert!(gaps.contains("What to collect next"), "{gaps}");
    assert_eq!(gaps.matches("(reports)").count(), 1, "{gaps}");
    // File links are relative and point into the portfolio.
    assert!(html.contains("href=\"evidence/09-contacts-list.csv\""));
    // The evidence itself: Markdown rendered, e-mails with their headers,
    // text as written, the witness statement's pages embedded.
    assert!(html.contains("<table class=\"email-headers\">"));
    assert!(html.contains("<th scope=\"row\">Subject</th><td>Re: Elsa Kristin - revised ETA</td>"));
    assert_eq!(
        html.matches("<img class=\"evidence-image\" src=\"data:image/png;base64,")
            .count(),
        2
    );
    assert!(html.contains("<pre class=\"evidence-text\">WEST OF ENGLAND FREIGHT FORUM"));
    insta::assert_snapshot!(redacted(&html));
}

#[test]
fn the_gaps_are_the_candidates_unless_asked_for() {
    let portfolio = example();
    for audience in ["assessor", "public"] {
        for format in ["html", "md"] {
            let run = portfolio.run(&["report", "--audience", audience, "--format", format]);
            run.code(0);
            assert!(
                !run.stdout.contains("Gaps") && !run.stdout.contains("What to collect next"),
                "{audience} {format}: {}",
                run.stdout
            );
            let asked = portfolio.run(&[
                "report",
                "--audience",
                audience,
                "--format",
                format,
                "--gaps",
            ]);
            asked.code(0);
            assert!(
                asked.stdout.contains("Gaps") && asked.stdout.contains("What to collect next"),
                "{audience} {format} --gaps: {}",
                asked.stdout
            );
        }
    }
    let candidate = portfolio.run(&["report", "--format", "md"]);
    assert!(candidate.stdout.contains("## Gaps"), "{}", candidate.stdout);
}

#[test]
fn markdown_report_is_available_for_pasting() {
    let run = example().run(&["report", "--format", "md"]);
    run.code(0);
    assert!(run.stdout.starts_with("# Evidence portfolio: Priya Shah\n"));
    assert!(
        run.stdout.contains(
            "| M&LA3 Develop your personal networks | Performance Criteria | 6 | 5 | 1 |"
        )
    );
    assert!(run.stdout.contains("- **PC6** Introduce people"));
    insta::assert_snapshot!(redacted(&run.stdout));
}

#[test]
fn existing_files_are_replaced_only_with_force() {
    let portfolio = example();
    portfolio.write("report.html", "my own notes");
    let run = portfolio.run(&["report", "-o", "report.html"]);
    run.code(2);
    assert!(
        run.stderr.contains("report.html already exists"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(portfolio.path().join("report.html")).unwrap(),
        "my own notes"
    );
    portfolio
        .run(&["report", "-o", "report.html", "--force"])
        .code(0);
    assert!(
        std::fs::read_to_string(portfolio.path().join("report.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn a_portfolio_with_errors_gets_no_report_unless_asked() {
    let portfolio = TempPortfolio::from_fixture("invalid/many-problems");
    let run = portfolio.run(&["report", "-o", "report.html"]);
    run.code(2);
    assert!(
        run.stderr.contains("the report was not written"),
        "{}",
        run.stderr
    );
    assert!(!portfolio.path().join("report.html").exists());
    portfolio
        .run(&["report", "-o", "report.html", "--allow-errors"])
        .code(2);
    assert!(portfolio.path().join("report.html").exists());
}

#[test]
fn file_links_are_relative_to_where_the_report_is_written() {
    let portfolio = example();
    std::fs::create_dir(portfolio.path().join("out")).unwrap();
    portfolio.run(&["report", "-o", "out/report.html"]).code(0);
    let html = std::fs::read_to_string(portfolio.path().join("out/report.html")).unwrap();
    assert!(
        html.contains("href=\"../evidence/09-contacts-list.csv\""),
        "links climb out of out/"
    );
}

#[test]
fn a_templates_folder_overrides_single_files() {
    let portfolio = example();
    portfolio.write("my-templates/report.css", "body { color: rebeccapurple; }");
    let run = portfolio.run(&["report", "--templates", "my-templates"]);
    run.code(0);
    assert!(run.stdout.contains("rebeccapurple"));
    assert!(
        run.stdout.contains("Coverage matrix"),
        "the built-in report.html is still used"
    );

    portfolio.write("broken/report.html", "{% for x in %}");
    let run = portfolio.run(&["report", "--templates", "broken"]);
    run.code(2);
    assert!(
        run.stderr.contains("template report.html"),
        "{}",
        run.stderr
    );

    let run = portfolio.run(&["report", "--templates", "nowhere"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("templates folder nowhere does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_piece_and_each_items_claims_come_from_their_own_templates() {
    let portfolio = example();
    portfolio.write(
        "mine/report-piece.html",
        "<p class=\"mine\">PIECE {{ piece.number }}: {{ piece.title }}</p>\n",
    );
    portfolio.write(
        "mine/report-claims.html",
        "<p>CLAIMS {{ claims | length }}</p>\n",
    );
    let run = portfolio.run(&["report", "--templates", "mine"]);
    run.code(0);
    let html = &run.stdout;
    assert_eq!(
        html.matches("<p class=\"mine\">PIECE ").count(),
        14,
        "{html}"
    );
    assert!(html.contains("PIECE 1: Personal statement: my networks and my role in them"));
    assert!(html.contains("CLAIMS 6"), "PC1 has six claims");
    assert!(!html.contains("<!--nosfolio-"), "every mark is replaced");

    // A title that looks like a mark is text, never a place to fill.
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", "candidate: Sam\nstandards: [mla3]\n");
    portfolio.write("evidence/a.txt", "words\n");
    portfolio.write(
        "evidence/a.txt.yaml",
        "title: '<!--nosfolio-evidence--> <!--nosfolio-claims:item-1-1-->'\ntype: reports\nclaims: [PC1]\n",
    );
    let run = portfolio.run(&["report"]);
    run.code(0);
    assert_eq!(run.stdout.matches("<article class=\"evidence\"").count(), 1);
    assert!(run.stdout.contains("&lt;!--nosfolio-evidence--&gt;"));
}

/// A portfolio of `pieces` notes, every one claiming PC1, every third
/// also PC2.
fn busy_portfolio(pieces: usize) -> TempPortfolio {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Busy Candidate\nstandards: [mla3]\n",
    );
    for n in 1..=pieces {
        portfolio.write(&format!("evidence/{n:03}.txt"), format!("{n}"));
        let claims = if n % 3 == 0 { "[PC1, PC2]" } else { "[PC1]" };
        portfolio.write(
            &format!("evidence/{n:03}.txt.yaml"),
            format!("title: Note {n}\nclaims: {claims}\n"),
        );
    }
    portfolio
}

#[test]
fn a_few_dozen_pieces_of_evidence_split_the_matrix_grid_into_tables() {
    let html = busy_portfolio(40).run(&["report"]).code(0).stdout.clone();
    assert_eq!(html.matches("<table class=\"matrix\">").count(), 2);
    assert!(html.contains("<caption>Evidence 21 to 40</caption>"));
    assert_eq!(html.matches("class=\"ev-col\"").count(), 40);
    assert!(!html.contains("<td class=\"claimed-by\">"));
}

#[test]
fn more_evidence_than_a_grid_holds_makes_each_row_list_its_evidence() {
    let html = busy_portfolio(41).run(&["report"]).code(0).stdout.clone();
    // One table, as long as the items, with no column per piece.
    assert_eq!(
        html.matches("<table class=\"matrix matrix-list\">").count(),
        1
    );
    assert!(html.contains("<caption>Each item and the evidence claiming it</caption>"));
    assert_eq!(html.matches("class=\"ev-col\"").count(), 0);
    let row = |item: &str| -> Option<String> {
        let at = html.find(&format!("<a href=\"#item-1-{item}\">"))?;
        let cell = at + html[at..].find("<td class=\"claimed-by\">")?;
        let end = cell + html[cell..].find("</td>")?;
        Some(html[cell..end].to_owned())
    };
    let pc1 = row("1").unwrap_or_default();
    assert_eq!(pc1.matches("<a href=\"#claim-").count(), 41, "{pc1}");
    assert!(pc1.contains("<a href=\"#claim-41-1-1\">41</a>"), "{pc1}");
    let pc2 = row("2").unwrap_or_default();
    assert_eq!(pc2.matches("<a href=\"#claim-").count(), 13, "{pc2}");
    assert!(pc2.starts_with("<td class=\"claimed-by\"><a href=\"#claim-3-1-2\">3</a>, <a href=\"#claim-6-1-2\">6</a>"), "{pc2}");
    let pc3 = row("3").unwrap_or_default();
    assert!(pc3.contains("none"), "{pc3}");
    // The legend names every piece by its number.
    assert_eq!(html.matches("<li value=\"").count(), 41);
    assert!(html.contains("<li value=\"41\"><a href=\"#evidence-41\">Note 41</a>"));
}

const MARKER: &str = "ZQXMARKER";

/// A portfolio whose private piece carries the marker in every field, and
/// whose assessor-only piece carries a second marker.
fn confidential_portfolio() -> TempPortfolio {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Careful Candidate\nstandards: [mla3]\n",
    );
    portfolio.write(
        &format!("evidence/contacts-{MARKER}-file.csv"),
        "name\nsomeone",
    );
    portfolio.write(
        &format!("evidence/contacts-{MARKER}-file.csv.yaml"),
        format!(
            "title: Contacts TITLE{MARKER}\n\
             date: 2025-03-01\n\
             type: annotated-contacts-list\n\
             confidentiality: private\n\
             description: Private DESCRIPTION{MARKER} text.\n\
             witness: {{name: NAME{MARKER}, role: ROLE{MARKER}, organisation: ORG{MARKER}, date: 2025-03-02}}\n\
             claims:\n  - item: PC1\n    at: AT{MARKER}\n    note: NOTE{MARKER}\n  - KC8\n"
        ),
    );
    portfolio.write("evidence/assessor-only.txt", "x");
    portfolio.write(
        "evidence/assessor-only.txt.yaml",
        "title: ASSESSORONLY title\ntype: correspondence\ndescription: ASSESSORONLY description\nclaims:\n  - item: PC2\n    note: ASSESSORONLY note\n",
    );
    portfolio.write("evidence/public.txt", "x");
    portfolio.write(
        "evidence/public.txt.yaml",
        "title: Public PUBLICMARK title\ntype: reports\nconfidentiality: public\nclaims: [PC4]\n",
    );
    portfolio
}

#[test]
fn private_evidence_reaches_only_the_candidate_in_every_format() {
    let portfolio = confidential_portfolio();
    for format in ["html", "md"] {
        let report = |audience: &str| {
            let run = portfolio.run(&["report", "--format", format, "--audience", audience]);
            run.code(0);
            run.stdout.clone()
        };
        let candidate = report("candidate");
        for field in ["TITLE", "NAME", "ROLE", "ORG", "AT", "NOTE", "contacts-"] {
            assert!(
                candidate.contains(&format!("{field}{MARKER}")),
                "{format}: the candidate sees {field}"
            );
        }
        if format == "html" {
            assert!(
                candidate.contains(&format!("DESCRIPTION{MARKER}")),
                "{format}: description"
            );
        }

        let assessor = report("assessor");
        // An assessor sees that the private piece exists: type, date, claims, hash…
        assert!(
            assessor.contains("available from the candidate on request"),
            "{format}"
        );
        assert!(assessor.contains("Private evidence"), "{format}");
        assert!(assessor.contains("2025-03-01"), "{format}");
        // …and nothing the candidate wrote about it, title included.
        assert!(
            !assessor.contains(MARKER),
            "{format}: assessor output leaks:\n{assessor}"
        );
        assert!(
            assessor.contains("ASSESSORONLY note"),
            "{format}: assessor-only evidence is for assessors"
        );

        let public = report("public");
        assert!(
            !public.contains(MARKER),
            "{format}: public output leaks the private piece"
        );
        assert!(
            !public.contains("ASSESSORONLY"),
            "{format}: public output leaks the assessor-only piece"
        );
        assert!(
            public.contains("PUBLICMARK"),
            "{format}: public evidence is shown"
        );
        assert!(
            public.contains("2 further piece")
                || public.contains("2 pieces of evidence not marked public"),
            "{format}: the rest as counts\n{public}"
        );
    }
}

/// A PNG of one pixel.
const ONE_PIXEL_PNG: [u8; 68] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x04, 0x00, 0x00, 0x00, 0xb5, 0x1c, 0x0c,
    0x02, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0x00, 0x00,
    0x00, 0x06, 0x00, 0x02, 0x30, 0x81, 0xd0, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// The evidence itself is in the report (issue 18) only for an audience
/// that may see the piece: a private text, Markdown file, e-mail and image
/// reach the candidate's report and neither the assessor's nor the
/// public one, in any form.
#[test]
fn the_content_of_private_evidence_reaches_only_the_candidate() {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Careful Candidate\nstandards: [mla3]\n",
    );
    let private = |file: &str, item: &str| {
        format!(
            "title: Private\ntype: correspondence\nconfidentiality: private\nclaims: [{item}]\n# {file}\n"
        )
    };
    portfolio.write("evidence/notes.txt", format!("TEXT{MARKER} in a text\n"));
    portfolio.write("evidence/notes.txt.yaml", private("notes", "PC1"));
    portfolio.write(
        "evidence/statement.md",
        format!("# Heading MD{MARKER}\n\nIn **Markdown** MDBODY{MARKER}.\n"),
    );
    portfolio.write("evidence/statement.md.yaml", private("statement", "PC2"));
    portfolio.write(
        "evidence/reply.eml",
        format!(
            "From: Someone <FROM{MARKER}@example.com>\r\nTo: me@example.com\r\nSubject: SUBJECT{MARKER}\r\n\
             Date: Wed, 12 Mar 2025 16:05:38 +0000\r\n\r\nBODY{MARKER} of the message.\r\n"
        ),
    );
    portfolio.write("evidence/reply.eml.yaml", private("reply", "PC3"));
    portfolio.write(&format!("evidence/photo-IMAGE{MARKER}.png"), ONE_PIXEL_PNG);
    portfolio.write(
        &format!("evidence/photo-IMAGE{MARKER}.png.yaml"),
        private("photo", "PC4"),
    );
    portfolio.write("evidence/open.txt", "OPENTEXT for all\n");
    portfolio.write(
        "evidence/open.txt.yaml",
        "title: Open\ntype: reports\nconfidentiality: public\nclaims: [PC5]\n",
    );
    let report = |audience: &str| {
        let run = portfolio.run(&["report", "--audience", audience]);
        run.code(0);
        run.stdout.clone()
    };
    let candidate = report("candidate");
    for shown in [
        format!("TEXT{MARKER} in a text"),
        format!("<h1>Heading MD{MARKER}</h1>"),
        format!("<strong>Markdown</strong> MDBODY{MARKER}."),
        format!("<td>Someone &lt;FROM{MARKER}@example.com&gt;</td>"),
        format!("<td>SUBJECT{MARKER}</td>"),
        format!("BODY{MARKER} of the message."),
        format!("IMAGE{MARKER}"),
        "src=\"data:image/png;base64,".to_owned(),
        "OPENTEXT for all".to_owned(),
    ] {
        assert!(
            candidate.contains(&shown),
            "the candidate's report lacks {shown}"
        );
    }
    for audience in ["assessor", "public"] {
        let html = report(audience);
        assert!(
            !html.contains(MARKER),
            "the {audience} report leaks:\n{html}"
        );
        assert!(
            !html.contains("data:image"),
            "the {audience} report has the image"
        );
        assert!(
            html.contains("OPENTEXT for all"),
            "{audience}: public evidence is shown"
        );
    }
}

/// What a file of evidence holds is shown, never run: Markdown, an HTML
/// e-mail, a text and a file named as an image that is none, all hostile.
#[test]
fn hostile_evidence_content_stays_inert() {
    let portfolio = TempPortfolio::empty();
    portfolio.write("portfolio.yaml", "candidate: C\nstandards: [mla3]\n");
    let attack = "<script>alert(1)</script><img src=x onerror=alert(2)>\
        <a href=\"javascript:alert(3)\">a</a><a href=\"https://evil.example/\">b</a>\
        <iframe src=\"https://evil.example/\"></iframe><svg onload=alert(4)></svg>\
        <b onmouseover=\"alert(5)\">c</b><style>body{display:none}</style>\
        <a href=\"JaVaScRiPt:alert(6)\">d</a><a href=\"data:text/html,x\">e</a>";
    portfolio.write(
        "evidence/a.md",
        format!("# Notes\n\n{attack}\n\n[x](javascript:alert(7)) ![y](https://evil.example/t.png) [z](../../etc/passwd)\n"),
    );
    portfolio.write(
        "evidence/b.eml",
        format!(
            "From: <x@example.com>\r\nSubject: {attack}\r\nContent-Type: text/html\r\n\r\n<html><body><p>Hi</p>{attack}</body></html>\r\n"
        ),
    );
    portfolio.write(
        "evidence/c.eml",
        format!(
            "From: \"{attack}\" <y@example.com>\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"q\"\r\n\r\n--q\r\nContent-Type: text/plain\r\n\r\n{attack}\r\n--q\r\nContent-Type: text/html\r\nContent-Disposition: attachment; filename=\"<img src=x onerror=alert(8)>.html\"\r\n\r\n{attack}\r\n--q--\r\n"
        ),
    );
    portfolio.write("evidence/d.txt", attack);
    portfolio.write("evidence/e.png", attack);
    for name in ["a.md", "b.eml", "c.eml", "d.txt", "e.png"] {
        portfolio.write(
            &format!("evidence/{name}.yaml"),
            "title: '<img src=x onerror=alert(9)>'\ntype: correspondence\nclaims: [PC1]\n",
        );
    }
    let run = portfolio.run(&["report"]);
    run.code(0);
    let out = run.stdout.to_lowercase();
    // Markup only: the plain text and the e-mails' headers show the
    // attack as text, escaped.
    for bad in [
        "<script",
        "<img",
        "<iframe",
        "<svg",
        "<b ",
        "<style>body",
        "href=\"javascript",
        "href=\"data",
        "href=\"https",
        "src=\"https",
        "href=\"../../etc",
    ] {
        assert!(!out.contains(bad), "{bad} survived");
    }
    assert_eq!(tags_with_event_handlers(&out), Vec::<String>::new());
    // Each is shown: the Markdown rendered, the e-mails with their text.
    assert!(out.contains("<h1>notes</h1>"));
    assert!(out.contains("<p>hi</p>"));
    assert!(
        out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the plain text as text"
    );
    assert!(out.contains("e.png is not shown: it could not be decoded"));
}

#[test]
fn hostile_text_never_becomes_markup() {
    let portfolio = TempPortfolio::empty();
    let attack =
        "<script>alert(1)</script><img src=x onerror=alert(2)>\"><b onmouseover=\"alert(3)\">";
    portfolio.write(
        "portfolio.yaml",
        format!("candidate: '{attack}'\nstandards: [mla3]\nassessor: '<script>x</script>'\n"),
    );
    let name = "evidence/<script>alert(4)<!script> onload=x.txt";
    portfolio.write(name, "x");
    portfolio.write(
        &format!("{name}.yaml"),
        format!(
            "title: '{attack}'\n\
             description: |\n  <script>alert(5)</script>\n\n  [click](javascript:alert(6)) [web](https://evil.example/) <a href=\"x\" onclick=\"alert(7)\">y</a>\n\
             witness: {{name: '{attack}', role: '<i onclick=x>r</i>'}}\n\
             claims:\n  - item: PC1\n    at: '{attack}'\n    note: '{attack}'\n"
        ),
    );
    for format in ["html", "md"] {
        let run = portfolio.run(&["report", "--format", format]);
        run.code(0);
        let out = run.stdout.to_lowercase();
        assert!(
            !out.contains("<script"),
            "{format}: a script element survived"
        );
        assert!(!out.contains("<img"), "{format}");
        assert!(!out.contains("<b "), "{format}");
        assert!(!out.contains("<i "), "{format}");
        let handlers = tags_with_event_handlers(&out);
        assert!(
            handlers.is_empty(),
            "{format}: event handlers in tags: {handlers:?}"
        );
        assert!(!out.contains("href=\"javascript"), "{format}");
        assert!(!out.contains("href=\"https"), "{format}");
        assert!(!out.contains("](javascript"), "{format}");
    }
}

/// Every real tag (`<…>`) that has an `on…` attribute. Escaped text
/// (`&lt;b onclick=…&gt;`) and quoted attribute values are not markup.
pub fn tags_with_event_handlers(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let start = i;
        let mut names = Vec::new();
        let mut name = String::new();
        let mut quote = None;
        i += 1;
        while i < bytes.len() {
            let c = bytes[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' => break,
                None if c.is_ascii_whitespace() || c == b'=' || c == b'/' => {
                    if !name.is_empty() {
                        names.push(std::mem::take(&mut name));
                    }
                }
                None => name.push(c as char),
            }
            i += 1;
        }
        if names
            .iter()
            .skip(1)
            .any(|n| n.to_ascii_lowercase().starts_with("on"))
        {
            found.push(html[start..i.min(html.len())].to_owned());
        }
    }
    found
}

#[test]
fn the_handler_scanner_finds_what_it_should() {
    assert_eq!(
        tags_with_event_handlers("<b onmouseover=\"x\">t</b>").len(),
        1
    );
    assert_eq!(tags_with_event_handlers("<a href='#' OnClick=x>").len(), 1);
    assert!(
        tags_with_event_handlers("<a title=\"&lt;b onclick=x&gt;\">&lt;i onload=y&gt;</a>")
            .is_empty()
    );
}
