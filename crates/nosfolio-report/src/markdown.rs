//! Markdown written by candidates, rendered to HTML that is safe to embed:
//! pulldown-cmark renders, ammonia removes scripts, event handlers,
//! styles, images and any link that is not a plain relative path.

use std::collections::HashSet;

use std::fmt::Write as _;

use nosfolio_core::{MAX_HTML_DEPTH, html_depth};
use pulldown_cmark::{Event, Options, Parser, html};
use serde::Serialize;

/// The one Markdown parser configuration nosfolio uses.
fn parser(text: &str) -> Parser<'_> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    Parser::new_ext(text, options)
}

/// Whether a link target stays inside the portfolio: a relative path with
/// no scheme, no host, not rooted, and no step up (`..`).
///
/// The target is judged as a browser will read it, not as written: its
/// percent-escapes decoded (again and again, so `%2e%2e`, `.%2E` and
/// `%252e` are all dots), a backslash taken for a slash, and a control
/// character anywhere or white space around it, which a browser drops or
/// trims, refusing the link outright. Only the path is judged: a query or fragment is cut off
/// first (as written, before decoding: an encoded `?` is part of the path),
/// and a link that is only a fragment (`#part`) is allowed.
pub(crate) fn is_inside_link(target: &str) -> bool {
    // A browser trims C0 controls and spaces around a URL, and drops tabs
    // and line breaks within it: refuse rather than guess what is left.
    if target.trim_matches(|c: char| c <= ' ') != target {
        return false;
    }
    match fully_decoded(target) {
        Some(all) if !all.chars().any(char::is_control) => {}
        _ => return false,
    }
    let raw_path = target.split(['?', '#']).next().unwrap_or_default();
    if raw_path.is_empty() {
        return target.starts_with('#') && target.len() > 1;
    }
    let Some(path) = fully_decoded(raw_path) else {
        return false;
    };
    !path.contains(':')
        && !path.starts_with(['/', '\\'])
        && !path.split(['/', '\\']).any(|part| part == "..")
}

/// `text` with its percent-escapes decoded until none is left; `None` when
/// that does not end quickly or does not give UTF-8 (never a link to keep).
fn fully_decoded(text: &str) -> Option<String> {
    let mut current = text.to_owned();
    for _ in 0..8 {
        let next = percent_encoding::percent_decode_str(&current)
            .decode_utf8()
            .ok()?
            .into_owned();
        if next == current {
            return Some(next);
        }
        current = next;
    }
    None
}

/// A link kept by [`is_inside_link`], written relative to the portfolio,
/// as a link from a report reached by `base` (see
/// [`crate::ReportMeta::base`]): a report written outside the portfolio
/// still links into it.
fn rebased(base: &[String], link: &str) -> String {
    if base.is_empty() || link.starts_with('#') {
        link.to_owned()
    } else {
        format!("{}/{link}", crate::report::href(base, ""))
    }
}

/// Where the links kept by [`is_inside_link`] lead in the HTML made.
#[derive(Debug, Clone)]
pub(crate) enum Links {
    /// Relative to a report reached by these segments (see
    /// [`crate::ReportMeta::base`]), the links written relative to the
    /// portfolio (or to a folder whose segments end the list).
    Report(Vec<String>),
    /// To the web app's page of each file: `page` with `{path}` replaced by
    /// the file's path in the portfolio, percent-encoded; the links written
    /// relative to `folder`.
    Pages {
        /// The folder the links start from, one segment each.
        folder: Vec<String>,
        /// The page's address, holding `{path}`.
        page: String,
    },
}

impl Links {
    /// `link` (kept by [`is_inside_link`]) as this says.
    fn rewrite(&self, link: &str) -> String {
        match self {
            Self::Report(base) => rebased(base, link),
            Self::Pages { .. } if link.starts_with('#') => link.to_owned(),
            Self::Pages { folder, page } => {
                let path_part = link.split(['?', '#']).next().unwrap_or_default();
                let decoded = fully_decoded(path_part).unwrap_or_default();
                let path: Vec<&str> = folder
                    .iter()
                    .map(String::as_str)
                    .chain(decoded.split('/'))
                    .filter(|s| !s.is_empty() && *s != ".")
                    .collect();
                let encoded: String = percent_encoding::utf8_percent_encode(
                    &path.join("/"),
                    percent_encoding::NON_ALPHANUMERIC,
                )
                .collect();
                page.replace("{path}", &encoded)
            }
        }
    }
}

/// How deep Markdown's own structure (quotes, lists, emphasis, links…)
/// may nest in the HTML handed to the sanitizer. Deeper tags are left out
/// (their text kept) and a note says so.
///
/// The sanitizer's HTML parser (html5ever, inside ammonia) looks through
/// every open element for some tags, so its time grows with the square of
/// the nesting: a description of 200,000 `>` (as many nested quotes) took
/// minutes (issue 14). No one writes a quote 32 deep.
pub(crate) const MAX_MARKDOWN_DEPTH: usize = 32;

/// What was changed to keep a description's HTML within the limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Bounded {
    /// Markdown nested deeper than [`MAX_MARKDOWN_DEPTH`] was flattened.
    pub(crate) flattened: bool,
    /// The description's own HTML nested deeper than [`MAX_HTML_DEPTH`]
    /// and is shown as text.
    pub(crate) html_as_text: bool,
}

/// The parser's events for `text` with Markdown nested no deeper than
/// [`MAX_MARKDOWN_DEPTH`] (deeper tags left out, their contents kept), and
/// the candidate's HTML turned into text when it nests deeper than
/// [`MAX_HTML_DEPTH`].
fn bounded_events<'a>(text: &'a str, bounded: &mut Bounded) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    // For each open tag: whether it was kept.
    let mut kept: Vec<bool> = Vec::new();
    let mut depth = 0;
    for event in parser(text) {
        match event {
            Event::Start(tag) => {
                let keep = depth < MAX_MARKDOWN_DEPTH;
                kept.push(keep);
                if keep {
                    depth += 1;
                    events.push(Event::Start(tag));
                } else {
                    bounded.flattened = true;
                }
            }
            Event::End(tag) => {
                if kept.pop().unwrap_or(true) {
                    depth = depth.saturating_sub(1);
                    events.push(Event::End(tag));
                }
            }
            other => events.push(other),
        }
    }
    let raw = events.iter().filter_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Some(&**html),
        _ => None,
    });
    if html_depth(raw) > MAX_HTML_DEPTH {
        bounded.html_as_text = true;
        for event in &mut events {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                *event = Event::Text(std::mem::replace(html, "".into()));
            }
        }
    }
    events
}

/// HTML written by others made safe to embed: no script, event handler,
/// style or image, and no link but a plain relative path (see
/// [`is_inside_link`]), made relative to a report reached by `base`. The
/// caller bounds its nesting first (see [`MAX_HTML_DEPTH`]).
pub(crate) fn sanitize_html(unsafe_html: &str, links: &Links) -> String {
    // The filter must own what it uses.
    let links = links.clone();
    let mut tags: HashSet<&str> = ammonia::Builder::default().clone_tags();
    tags.remove("img");
    ammonia::Builder::default()
        .tags(tags)
        .url_schemes(HashSet::new())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(move |_element, attribute, value| {
            let is_url = matches!(
                attribute,
                "href" | "src" | "cite" | "longdesc" | "action" | "formaction" | "poster"
            );
            if !is_url {
                Some(value.into())
            } else if is_inside_link(value) {
                Some(links.rewrite(value).into())
            } else {
                None
            }
        })
        .clean(unsafe_html)
        .to_string()
}

/// Markdown to sanitized HTML, its links (relative to the portfolio) made
/// relative to a report reached by `base`, with what was bounded.
pub(crate) fn markdown_to_html_bounded(text: &str, links: &Links) -> (String, Bounded) {
    let mut bounded = Bounded::default();
    let events = bounded_events(text, &mut bounded);
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events.into_iter());
    let mut clean = sanitize_html(&unsafe_html, links);
    if bounded.html_as_text {
        let _ = writeln!(
            clean,
            "<p><em>(The HTML in this text nests more than {MAX_HTML_DEPTH} elements deep, so it is shown as text.)</em></p>"
        );
    }
    if bounded.flattened {
        let _ = writeln!(
            clean,
            "<p><em>(This text nests more than {MAX_MARKDOWN_DEPTH} levels deep; the deeper levels are shown flattened.)</em></p>"
        );
    }
    (clean, bounded)
}

/// Markdown to sanitized HTML, its links made relative to a report reached
/// by `base`: in time and memory linear in `text` (the nesting handed to
/// the sanitizer is bounded, see [`MAX_MARKDOWN_DEPTH`]).
pub(crate) fn markdown_to_html(text: &str, base: &[String]) -> String {
    markdown_to_html_bounded(text, &Links::Report(base.to_vec())).0
}

/// A piece's description (Markdown) as the HTML report shows it:
/// sanitized, links only inside the portfolio, nesting bounded. For fuzzing
/// and tools; the report calls the same code.
#[must_use]
pub fn description_html(text: &str) -> String {
    markdown_to_html(text, &[])
}

/// A piece's description (Markdown) as a page of the web app shows it: as
/// [`description_html`], each link into the portfolio leading to the page
/// `page` with `{path}` replaced by the file's path, percent-encoded.
#[must_use]
pub fn description_html_linked(text: &str, page: &str) -> String {
    let links = Links::Pages {
        folder: Vec::new(),
        page: page.to_owned(),
    };
    markdown_to_html_bounded(text, &links).0
}

/// A piece's description as the Markdown report shows it: its text, one
/// paragraph or list item per line, no markup.
#[must_use]
pub fn description_lines(text: &str) -> Vec<String> {
    markdown_to_text(text)
}

/// Markdown reduced to its plain text, one paragraph or list item per line:
/// for output where markup from candidates must not pass (Markdown reports).
pub(crate) fn markdown_to_text(text: &str) -> Vec<String> {
    markdown_blocks(text).into_iter().map(|b| b.text).collect()
}

/// What a [`TextBlock`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A heading, of [`TextBlock::level`] 1 to 6.
    Heading,
    /// A paragraph.
    Paragraph,
    /// A paragraph of a list item, nested [`TextBlock::level`] deep (1 is
    /// a list that is not in another).
    Item,
    /// A paragraph quoted.
    Quote,
    /// Code, its line breaks kept.
    Code,
    /// A row of a table, its cells separated by ` | `.
    Row,
}

/// A block of Markdown as plain text, for outputs that typeset it
/// themselves (the PDF report): no markup, no link, no image passes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextBlock {
    /// What the block is.
    pub kind: BlockKind,
    /// A heading's level; a list item's nesting; else 0.
    pub level: usize,
    /// The first paragraph of a list item: its marker (`•`, `3.`); else
    /// empty.
    pub marker: String,
    /// Its text, trimmed (a code block's line breaks kept).
    pub text: String,
}

/// Markdown as blocks of plain text (see [`TextBlock`]), in order.
#[must_use]
pub fn markdown_blocks(text: &str) -> Vec<TextBlock> {
    use pulldown_cmark::{Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut line = String::new();
    // The next number of each open list (`None` for a bulleted one).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut quoted = 0_usize;
    let resting = |lists: &[Option<u64>]| {
        if lists.is_empty() {
            (BlockKind::Paragraph, 0, String::new())
        } else {
            (BlockKind::Item, lists.len(), String::new())
        }
    };
    let mut pending = resting(&lists);
    let flush = |line: &mut String,
                 pending: &mut (BlockKind, usize, String),
                 quoted: usize,
                 lists: &[Option<u64>],
                 blocks: &mut Vec<TextBlock>| {
        let text = std::mem::take(line);
        let text = if pending.0 == BlockKind::Code {
            text.trim_end().to_owned()
        } else {
            text.trim().to_owned()
        };
        if !text.is_empty() {
            let (kind, level, marker) = std::mem::replace(pending, resting(lists));
            let kind = if kind == BlockKind::Paragraph && quoted > 0 {
                BlockKind::Quote
            } else {
                kind
            };
            blocks.push(TextBlock {
                kind,
                level,
                marker,
                text,
            });
        }
    };
    for event in parser(text) {
        match event {
            Event::Start(Tag::List(first)) => {
                flush(&mut line, &mut pending, quoted, &lists, &mut blocks);
                lists.push(first);
                pending = resting(&lists);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                pending = resting(&lists);
            }
            Event::Start(Tag::Item) => {
                flush(&mut line, &mut pending, quoted, &lists, &mut blocks);
                let marker = match lists.last_mut() {
                    Some(Some(next)) => {
                        let marker = format!("{next}.");
                        *next += 1;
                        marker
                    }
                    _ => "\u{2022}".to_owned(),
                };
                pending = (BlockKind::Item, lists.len(), marker);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                pending = (BlockKind::Heading, level as usize, String::new());
            }
            Event::Start(Tag::CodeBlock(_)) => pending = (BlockKind::Code, 0, String::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                pending = (BlockKind::Row, 0, String::new());
            }
            Event::Start(Tag::TableCell) if !line.is_empty() => line.push_str(" | "),
            Event::Start(Tag::BlockQuote(_)) => quoted += 1,
            Event::End(TagEnd::BlockQuote(_)) => quoted = quoted.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => line.push_str(&t),
            Event::TaskListMarker(done) => line.push_str(if done { "[x] " } else { "[ ] " }),
            Event::SoftBreak | Event::HardBreak => line.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::TableHead
                | TagEnd::TableRow,
            ) => {
                flush(&mut line, &mut pending, quoted, &lists, &mut blocks);
                pending = resting(&lists);
            }
            _ => {}
        }
    }
    flush(&mut line, &mut pending, quoted, &lists, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let lines = markdown_to_text(
            "Two **scanned** pages.\n\n- [signed](javascript:x) <b onclick=y>by</b> Sam\n",
        );
        assert_eq!(lines, ["Two scanned pages.", "signed by Sam"]);
    }

    #[test]
    fn blocks_keep_what_each_paragraph_is() {
        let blocks = markdown_blocks(
            "# Situation\n\nWe met.\n\n1. first\n   - inner *one*\n2. second\n\n> quoted\n\n```\nline 1\nline 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        let seen: Vec<(BlockKind, usize, &str, &str)> = blocks
            .iter()
            .map(|b| (b.kind, b.level, b.marker.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (BlockKind::Heading, 1, "", "Situation"),
                (BlockKind::Paragraph, 0, "", "We met."),
                (BlockKind::Item, 1, "1.", "first"),
                (BlockKind::Item, 2, "\u{2022}", "inner one"),
                (BlockKind::Item, 1, "2.", "second"),
                (BlockKind::Quote, 0, "", "quoted"),
                (BlockKind::Code, 0, "", "line 1\nline 2"),
                (BlockKind::Row, 0, "", "a | b"),
                (BlockKind::Row, 0, "", "1 | 2"),
            ]
        );
    }

    #[test]
    fn links_on_a_web_page_lead_to_the_page_of_the_file() {
        let links = Links::Pages {
            folder: vec!["evidence".to_owned(), "notes".to_owned()],
            page: "/piece?path={path}&p=2".to_owned(),
        };
        let (html, _) = markdown_to_html_bounded(
            "[a](./my%20log.md#day-2) [b](sub/x.txt?v=1) [c](#top) [d](../up.md) [e](https://x.example)",
            &links,
        );
        assert!(
            html.contains("href=\"/piece?path=evidence%2Fnotes%2Fmy%20log%2Emd&amp;p=2\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"/piece?path=evidence%2Fnotes%2Fsub%2Fx%2Etxt&amp;p=2\""),
            "{html}"
        );
        assert!(html.contains("href=\"#top\""), "{html}");
        assert!(!html.contains("up.md\""), "{html}");
        assert!(!html.contains("x.example\""), "{html}");
        assert_eq!(
            description_html_linked("[l](evidence/a.md)", "/piece?path={path}"),
            "<p><a href=\"/piece?path=evidence%2Fa%2Emd\" rel=\"noopener noreferrer\">l</a></p>\n"
        );
    }

    #[test]
    fn formatting_survives() {
        assert_eq!(
            markdown_to_html("**bold** and *it*", &[]),
            "<p><strong>bold</strong> and <em>it</em></p>\n"
        );
    }

    #[test]
    fn links_leaving_the_portfolio_are_refused_however_their_dots_are_written() {
        for outside in [
            "../secret.txt",
            "%2e%2e/secret.txt",
            ".%2E/secret.txt",
            "%2E./secret.txt",
            "..%2fsecret.txt",
            "..%5csecret.txt",
            "..\\secret.txt",
            "evidence/../../secret.txt",
            "evidence/%2e%2e/%2e%2e/secret.txt",
            "%252e%252e/secret.txt",
            "..%09/secret.txt",
            "%2e%2e%00/x",
            ".%0a./x",
            "/etc/passwd",
            "%2fetc/passwd",
            "\\\\host/share",
            "//evil.example/x",
            "%2F%2Fevil.example/x",
            "https:evil.example",
            "javascript:alert(1)",
            "javascript%3Aalert(1)",
            "java%0ascript:alert(1)",
            " ../x",
            "#",
            "",
            "%ff%fe",
            "a%3F/../../x",
            "a%23/../x",
            "?x",
        ] {
            assert!(!is_inside_link(outside), "{outside:?} is let through");
        }
        for inside in [
            "notes.pdf",
            "evidence/notes.pdf",
            "./evidence/notes%20one.pdf",
            "evidence/notes.pdf#page=2",
            "#evidence-1",
            "a..b/c.txt",
            "...txt",
        ] {
            assert!(is_inside_link(inside), "{inside:?} is refused");
        }
        let html = markdown_to_html("[a](%2e%2e/x) [b](.%2E/x) [c](ok.txt) [d](..%2Fx)", &[]);
        assert_eq!(html.matches("href=").count(), 1, "{html}");
        assert!(html.contains("href=\"ok.txt\""), "{html}");
        let base = ["..".to_owned(), "https:evil.example".to_owned()];
        let html = markdown_to_html("[c](ok.txt) [s](#evidence-1) [d](..%2Fx)", &base);
        assert!(
            html.contains("href=\"../https%3Aevil.example/ok.txt\""),
            "{html}"
        );
        assert!(html.contains("href=\"#evidence-1\""), "{html}");
        assert_eq!(html.matches("href=").count(), 2, "{html}");
    }

    #[test]
    fn scripts_handlers_and_remote_links_do_not() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
            [a](javascript:alert(3)) [b](https://example.com/) [c](data:text/html,x) \
            <a href=\"notes.pdf\" onclick=\"alert(4)\">d</a> [e](../../etc/passwd) \
            <a href=\"JaVaScRiPt:alert(5)\">f</a>";
        let html = markdown_to_html(hostile, &[]);
        for bad in [
            "<script",
            "onerror",
            "href=\"javascript",
            "href=\"https",
            "href=\"data",
            "onclick",
            "<img",
            "href=\"../",
            "alert(1)",
        ] {
            assert!(
                !html.to_lowercase().contains(bad),
                "{bad} survived in {html}"
            );
        }
        assert!(html.contains("href=\"notes.pdf\""), "{html}");
        assert!(html.contains(">a</a>"), "link text is kept: {html}");
    }

    /// Issue 14: 200,000 `>` made 200,000 nested quotes, and the sanitizer's
    /// parser took minutes over them. The nesting handed to it is bounded,
    /// and the reader is told.
    #[test]
    fn regression_200k_quote_marks_are_flattened_with_a_note() {
        let text = format!("{} deep", ">".repeat(200_000));
        let (html, bounded) = markdown_to_html_bounded(&text, &Links::Report(Vec::new()));
        assert!(bounded.flattened && !bounded.html_as_text);
        assert_eq!(html.matches("<blockquote>").count(), MAX_MARKDOWN_DEPTH);
        assert!(html.contains("deep"), "the text is kept");
        assert!(html.contains("shown flattened"), "{html}");
        assert_eq!(markdown_to_text(&text), ["deep"]);
    }

    /// Issue 14: 150,000 `<div>`s, the same through the candidate's HTML.
    #[test]
    fn regression_150k_divs_are_shown_as_text_with_a_note() {
        let text = "<div>".repeat(150_000);
        let (html, bounded) = markdown_to_html_bounded(&text, &Links::Report(Vec::new()));
        assert!(bounded.html_as_text);
        assert!(!html.contains("<div"), "no element was made");
        assert!(html.contains("&lt;div&gt;&lt;div&gt;"));
        assert!(html.contains("shown as text"));
    }

    #[test]
    fn ordinary_nesting_and_html_are_kept_as_they_were() {
        let text = "> quoted\n>\n> - a\n>   - b\n\n<div><div><b>x</b></div></div>\n";
        let (html, bounded) = markdown_to_html_bounded(text, &Links::Report(Vec::new()));
        assert_eq!(bounded, Bounded::default());
        assert!(html.contains("<div><div><b>x</b></div></div>"), "{html}");
        assert_eq!(html.matches("<ul>").count(), 2, "{html}");
        assert!(!html.contains("<em>("), "no note: {html}");
    }
}
