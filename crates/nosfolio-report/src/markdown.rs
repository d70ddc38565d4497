//! Markdown written by candidates, rendered to HTML that is safe to embed:
//! pulldown-cmark renders, ammonia removes scripts, event handlers,
//! styles, images and any link that is not a plain relative path.

use std::collections::HashSet;

use std::fmt::Write as _;

use nosfolio_core::{MAX_HTML_DEPTH, html_depth};
use pulldown_cmark::{Event, Options, Parser, html};

/// The one Markdown parser configuration nosfolio uses.
fn parser(text: &str) -> Parser<'_> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    Parser::new_ext(text, options)
}

/// Whether a link target stays inside the portfolio: relative, no scheme,
/// no `..`, not rooted.
pub(crate) fn is_inside_link(target: &str) -> bool {
    let target = target.trim();
    !target.is_empty()
        && !target.contains(':')
        && !target.starts_with(['/', '\\'])
        && !target.split(['/', '\\']).any(|part| part == "..")
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

/// Markdown to sanitized HTML, with what was bounded.
pub(crate) fn markdown_to_html_bounded(text: &str) -> (String, Bounded) {
    let mut bounded = Bounded::default();
    let events = bounded_events(text, &mut bounded);
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events.into_iter());
    let mut tags: HashSet<&str> = ammonia::Builder::default().clone_tags();
    tags.remove("img");
    let mut clean = ammonia::Builder::default()
        .tags(tags)
        .url_schemes(HashSet::new())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(|element, attribute, value| {
            if element == "a" && attribute == "href" && !is_inside_link(value) {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(&unsafe_html)
        .to_string();
    if bounded.html_as_text {
        let _ = writeln!(
            clean,
            "<p><em>(The HTML in this description nests more than {MAX_HTML_DEPTH} elements deep, so it is shown as text.)</em></p>"
        );
    }
    if bounded.flattened {
        let _ = writeln!(
            clean,
            "<p><em>(This description nests more than {MAX_MARKDOWN_DEPTH} levels deep; the deeper levels are shown flattened.)</em></p>"
        );
    }
    (clean, bounded)
}

/// Markdown to sanitized HTML: in time and memory linear in `text` (the
/// nesting handed to the sanitizer is bounded, see [`MAX_MARKDOWN_DEPTH`]).
pub(crate) fn markdown_to_html(text: &str) -> String {
    markdown_to_html_bounded(text).0
}

/// A piece's description (Markdown) as the HTML report shows it:
/// sanitized, links only inside the portfolio, nesting bounded. For fuzzing
/// and tools; the report calls the same code.
#[must_use]
pub fn description_html(text: &str) -> String {
    markdown_to_html(text)
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
    use pulldown_cmark::TagEnd;
    let mut lines = Vec::new();
    let mut line = String::new();
    for event in parser(text) {
        match event {
            Event::Text(t) | Event::Code(t) => line.push_str(&t),
            Event::SoftBreak | Event::HardBreak => line.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock,
            ) => {
                if !line.trim().is_empty() {
                    lines.push(std::mem::take(&mut line).trim().to_owned());
                }
                line.clear();
            }
            _ => {}
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim().to_owned());
    }
    lines
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
    fn formatting_survives() {
        assert_eq!(
            markdown_to_html("**bold** and *it*"),
            "<p><strong>bold</strong> and <em>it</em></p>\n"
        );
    }

    #[test]
    fn scripts_handlers_and_remote_links_do_not() {
        let hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
            [a](javascript:alert(3)) [b](https://example.com/) [c](data:text/html,x) \
            <a href=\"notes.pdf\" onclick=\"alert(4)\">d</a> [e](../../etc/passwd) \
            <a href=\"JaVaScRiPt:alert(5)\">f</a>";
        let html = markdown_to_html(hostile);
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
        let (html, bounded) = markdown_to_html_bounded(&text);
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
        let (html, bounded) = markdown_to_html_bounded(&text);
        assert!(bounded.html_as_text);
        assert!(!html.contains("<div"), "no element was made");
        assert!(html.contains("&lt;div&gt;&lt;div&gt;"));
        assert!(html.contains("shown as text"));
    }

    #[test]
    fn ordinary_nesting_and_html_are_kept_as_they_were() {
        let text = "> quoted\n>\n> - a\n>   - b\n\n<div><div><b>x</b></div></div>\n";
        let (html, bounded) = markdown_to_html_bounded(text);
        assert_eq!(bounded, Bounded::default());
        assert!(html.contains("<div><div><b>x</b></div></div>"), "{html}");
        assert_eq!(html.matches("<ul>").count(), 2, "{html}");
        assert!(!html.contains("<em>("), "no note: {html}");
    }
}
