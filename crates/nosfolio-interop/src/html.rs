//! HTML in descriptions, turned into plain text with Markdown lists.
//!
//! Mahara and Moodle store descriptions as HTML. nosfolio shows item text
//! as plain text and other text as Markdown, so markup must not survive:
//! [`ammonia`] (already used by the report) first removes scripts, styles,
//! event handlers and unknown tags with the browser's own parsing rules
//! (html5ever), and html5ever's tokenizer then walks what is left: block
//! elements become paragraphs, `<br>` a line break, and `<ul>`/`<ol>` entries
//! one `- `/`1. ` line each, so indicators listed in the source stay
//! separate.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, StartTag, TagToken, Token, TokenSink, TokenSinkResult,
    Tokenizer, TokenizerOpts,
};

/// Whether `text` looks like HTML: a tag (`<p`, `</`, `<!--`) or an entity
/// (`&amp;`, `&#8217;`).
#[must_use]
pub fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'<' => bytes
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!'),
        b'&' => {
            let rest = &bytes[i + 1..];
            let name_len = rest
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
                .count();
            name_len > 0 && rest.get(name_len) == Some(&b';')
        }
        _ => false,
    })
}

/// HTML converted to plain text: paragraphs separated by a blank line,
/// list entries on lines of their own (`- ` or `1. `), links as
/// `text (address)`, scripts and styles dropped with their content.
#[must_use]
pub fn html_to_text(html: &str) -> String {
    // HTML nested deeper than the bound is not given to ammonia, whose
    // parser takes the square of the nesting (issue 14): the tokenizer
    // alone (linear) reads it, and the converter drops scripts and styles
    // with their content itself. Only text comes out either way.
    let deep = nosfolio_core::html_depth([html]) > nosfolio_core::MAX_HTML_DEPTH;
    let clean = if deep {
        html.to_owned()
    } else {
        ammonia::Builder::default().clean(html).to_string()
    };
    let sink = Converter::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&clean));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    tidy(&state.out)
}

/// Collapses runs of blank lines and trailing spaces.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Splits converted text whose last paragraph is a list into the text before
/// it and the entries: `Some((intro, entries))` when there are any.
#[must_use]
pub(crate) fn list_entries(text: &str) -> Option<(Option<String>, Vec<String>)> {
    let (intro, last) = match text.rsplit_once("\n\n") {
        Some((intro, last)) => (Some(intro.trim().to_owned()), last),
        None => (None, text),
    };
    let entries: Option<Vec<String>> = last
        .lines()
        .map(|line| {
            if let Some(rest) = line.strip_prefix("- ") {
                return Some(rest.trim().to_owned());
            }
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            (digits > 0)
                .then(|| line[digits..].strip_prefix(". "))
                .flatten()
                .map(|rest| rest.trim().to_owned())
        })
        .collect();
    let entries = entries?
        .into_iter()
        .filter(|e| !e.is_empty())
        .collect::<Vec<_>>();
    (!entries.is_empty()).then_some((intro.filter(|i| !i.is_empty()), entries))
}

#[derive(Default)]
struct State {
    out: String,
    /// Open lists: `None` for `<ul>`, the next number for `<ol>`.
    lists: Vec<Option<u32>>,
    /// Line breaks owed before the next text (1 = new line, 2 = new paragraph).
    breaks: usize,
    /// Whitespace seen since the last text.
    space: bool,
    /// Nothing written since the last line start or list marker.
    fresh: bool,
    /// The address of the link being read, when it is worth showing.
    link: Option<(String, usize)>,
    /// Inside a script or style (only in HTML too deep for ammonia).
    hidden: bool,
}

impl State {
    fn owe_break(&mut self, breaks: usize) {
        if !self.out.is_empty() && !self.fresh {
            let breaks = if self.lists.is_empty() { breaks } else { 1 };
            self.breaks = self.breaks.max(breaks);
        }
    }

    fn pay_breaks(&mut self) {
        if self.breaks > 0 && !self.out.is_empty() {
            for _ in 0..self.breaks {
                self.out.push('\n');
            }
            let depth = self.lists.len().saturating_sub(1);
            self.out
                .push_str(&"  ".repeat(depth + usize::from(!self.lists.is_empty())));
            self.fresh = true;
            self.space = false;
        }
        self.breaks = 0;
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            self.pay_breaks();
            if self.space && !self.fresh && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.space = false;
            self.fresh = false;
            self.out.push(c);
        }
    }

    fn list_entry(&mut self) {
        if !self.out.is_empty() {
            for _ in 0..self.breaks.max(1) {
                self.out.push('\n');
            }
        }
        self.breaks = 0;
        // Indented at most 16 levels: an indent per level of 100,000
        // nested lists would make the text quadratic.
        let depth = self.lists.len().saturating_sub(1).min(16);
        self.out.push_str(&"  ".repeat(depth));
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let marker = format!("{n}. ");
                *n += 1;
                marker
            }
            _ => "- ".to_owned(),
        };
        self.out.push_str(&marker);
        self.fresh = true;
        self.space = false;
    }
}

#[derive(Default)]
struct Converter {
    state: RefCell<State>,
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "dl",
    "dt",
    "dd",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
];

impl TokenSink for Converter {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            // What ammonia would have dropped with the element.
            TagToken(tag) if matches!(&*tag.name, "script" | "style") => {
                state.hidden = tag.kind == StartTag;
            }
            CharacterTokens(_) if state.hidden => {}
            CharacterTokens(text) => state.text(&text),
            TagToken(tag) => {
                let name: &str = &tag.name;
                match (tag.kind, name) {
                    (StartTag, "br") => {
                        state.pay_breaks();
                        state.breaks = 1;
                        state.fresh = false;
                    }
                    (StartTag, "ul") => {
                        state.owe_break(2);
                        state.lists.push(None);
                    }
                    (StartTag, "ol") => {
                        state.owe_break(2);
                        state.lists.push(Some(1));
                    }
                    (EndTag, "ul" | "ol") => {
                        state.lists.pop();
                        state.fresh = false;
                        state.owe_break(2);
                    }
                    (StartTag, "li") => state.list_entry(),
                    (StartTag, "td" | "th") => state.space = true,
                    (StartTag, "a") => {
                        let href = tag
                            .attrs
                            .iter()
                            .find(|a| &*a.name.local == "href")
                            .map(|a| a.value.to_string());
                        state.link = href.map(|h| (h, state.out.len()));
                    }
                    (EndTag, "a") => {
                        if let Some((href, start)) = state.link.take() {
                            let shown = state.out.get(start..).unwrap_or("").trim().to_owned();
                            if !href.is_empty() && shown != href {
                                state.text(&format!(" ({href})"));
                            }
                        }
                    }
                    (_, name) if BLOCKS.contains(&name) => state.owe_break(2),
                    _ => {}
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14: HTML nested 150,000 deep (a Moodle description) is read
    /// without ammonia, whose parser took the square of the nesting; the
    /// text comes out as before, scripts and styles still dropped.
    #[test]
    fn regression_deep_html_gives_its_text() {
        let deep = format!(
            "{}<script>alert(1)</script><style>p{{}}</style>deep text",
            "<div>".repeat(150_000)
        );
        assert_eq!(html_to_text(&deep), "deep text");
        let lists = "<ul><li>x".repeat(1_000);
        let text = html_to_text(&lists);
        assert_eq!(text.lines().count(), 1_000);
        assert!(
            text.lines().all(|l| l.len() <= 2 * 16 + 3),
            "indent bounded"
        );
    }

    #[test]
    fn paragraphs_breaks_and_lists() {
        let html = "<p>Intro line\r\nwrapped.</p><ul><li>First</li><li>Second <b>bold</b></li></ul><p>After<br>next</p>";
        assert_eq!(
            html_to_text(html),
            "Intro line wrapped.\n\n- First\n- Second bold\n\nAfter\nnext"
        );
    }

    #[test]
    fn ordered_and_nested_lists() {
        let html = "<ol><li>One<ul><li>a</li><li>b</li></ul></li><li>Two</li></ol>";
        assert_eq!(html_to_text(html), "1. One\n  - a\n  - b\n2. Two");
    }

    #[test]
    fn scripts_styles_and_handlers_do_not_survive() {
        let html = "<p onclick=\"steal()\">Hi<script>alert('x')</script><style>p{}</style>\
                    <img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">link</a></p>";
        let text = html_to_text(html);
        assert_eq!(text, "Hilink");
        for bad in ["script", "alert", "onerror", "onclick", "<", "javascript"] {
            assert!(!text.contains(bad), "{bad} in {text}");
        }
    }

    #[test]
    fn entities_are_decoded_and_links_keep_their_address() {
        assert_eq!(
            html_to_text("Fish &amp; chips &#8212; <a href=\"https://example.org/x\">see</a>"),
            "Fish & chips \u{2014} see (https://example.org/x)"
        );
    }

    #[test]
    fn detection() {
        assert!(looks_like_html("<p>x</p>"));
        assert!(looks_like_html("a &amp; b"));
        assert!(!looks_like_html("a < b & c"));
        assert!(!looks_like_html("M&LA3 Develop"));
    }

    #[test]
    fn list_entries_split_off_the_intro() {
        let text = html_to_text("<p>You can:</p><ul><li>plan</li><li>do</li></ul>");
        assert_eq!(
            list_entries(&text),
            Some((Some("You can:".into()), vec!["plan".into(), "do".into()]))
        );
        assert_eq!(list_entries("just text"), None);
    }
}
