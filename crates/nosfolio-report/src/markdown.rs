//! Markdown written by candidates, rendered to HTML that is safe to embed:
//! pulldown-cmark renders, ammonia removes scripts, event handlers,
//! styles, images and any link that is not a plain relative path.

use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html};

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

/// Markdown to sanitized HTML.
pub(crate) fn markdown_to_html(text: &str) -> String {
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, parser(text));
    let mut tags: HashSet<&str> = ammonia::Builder::default().clone_tags();
    tags.remove("img");
    ammonia::Builder::default()
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
        .to_string()
}

/// Markdown reduced to its plain text, one paragraph or list item per line:
/// for output where markup from candidates must not pass (Markdown reports).
pub(crate) fn markdown_to_text(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, TagEnd};
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
}
