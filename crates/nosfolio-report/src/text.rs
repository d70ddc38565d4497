//! Helpers for text meant for a terminal: width-aware truncation, colour only
//! when asked for, and user text made safe to print.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

/// How terminal output should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Columns available.
    pub width: usize,
    /// Whether to use ANSI colour.
    pub colour: bool,
}

impl Default for TextOptions {
    fn default() -> Self {
        Self {
            width: 100,
            colour: false,
        }
    }
}

/// A colour for a piece of terminal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    Bold,
    Dim,
    Red,
    Yellow,
    Green,
}

impl TextOptions {
    /// `text` in colour when colour is on.
    pub(crate) fn paint(&self, paint: Paint, text: &str) -> String {
        if !self.colour {
            return text.to_owned();
        }
        let code = match paint {
            Paint::Bold => BOLD,
            Paint::Dim => DIM,
            Paint::Red => RED,
            Paint::Yellow => YELLOW,
            Paint::Green => GREEN,
        };
        format!("{code}{text}{RESET}")
    }
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Every escape sequence nosfolio itself writes: the colours of [`Paint`]
/// and the reset after them. No other sequence reaches a terminal.
const OWN_SEQUENCES: [&str; 6] = [BOLD, DIM, RED, YELLOW, GREEN, RESET];

/// Whether `c` may not reach a terminal, whatever its context: a control
/// character other than a line feed (C0, DEL, C1), or a bidi control
/// (embeddings, overrides, isolates and marks that reorder what follows).
#[must_use]
pub fn is_unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

/// Whether `c` is a bidi control: an embedding, override, isolate or
/// directional mark.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{200e}' | '\u{200f}'
    )
}

/// Text made safe as a whole for a terminal, at the one place output is
/// written (the CLI's `output`), whatever its renderer did: every control
/// character but a line feed, and every bidi control, becomes `�`, so no
/// value can move the cursor, rewrite a line, set a title or reorder what
/// follows. With `colour`, nosfolio's own colour codes (and only those) are
/// kept whole; without it, none is.
#[must_use]
pub fn terminal_safe(text: &str, colour: bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let own = OWN_SEQUENCES.iter().find(|s| rest.starts_with(*s));
        if let Some(own) = own.filter(|_| colour) {
            out.push_str(own);
            rest = &rest[own.len()..];
            continue;
        }
        out.push(if is_unsafe_for_terminal(c) {
            '\u{fffd}'
        } else {
            c
        });
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// User text made safe for a terminal: control characters (escape
/// sequences, carriage returns, bidi overrides) become spaces or are dropped,
/// and runs of white space fold into one space.
#[must_use]
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() || is_bidi_control(c) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Display width of `text` in terminal columns.
pub(crate) fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, ending in `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `text` cut to at most `max` columns at a space between words (mid-word
/// only when its first word is that long), ending in `…` when cut.
pub(crate) fn truncate_words(text: &str, max: usize) -> String {
    let cut = truncate(text, max);
    if cut == text {
        return cut;
    }
    let kept = cut.trim_end_matches('…');
    match kept.rfind(char::is_whitespace) {
        Some(space) if space > 0 => format!("{}…", kept[..space].trim_end()),
        _ => cut,
    }
}

/// `text` padded with spaces to `columns`.
pub(crate) fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_owned();
    for _ in width(text)..columns {
        out.push(' ');
    }
    out
}

/// Wraps `text` to `columns`, for printing after a prefix `indent` columns
/// wide; continuation lines are indented to line up with the first.
pub(crate) fn wrap(text: &str, columns: usize, indent: usize) -> String {
    let columns = columns.max(indent + 20);
    let mut out = String::new();
    let mut line = indent;
    for word in text.split_whitespace() {
        let w = width(word);
        if line > indent {
            if line + 1 + w > columns {
                out.push('\n');
                let _ = write!(out, "{:indent$}", "");
                line = indent;
            } else {
                out.push(' ');
                line += 1;
            }
        }
        out.push_str(word);
        line += w;
    }
    out
}

/// `1.2 MB` style sizes (powers of 1000, as file managers show them).
#[must_use]
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_escape_sequences_and_folds_space() {
        assert_eq!(
            clean("a\x1b[31mred\x1b[0m\r\n  b\u{202e}c"),
            "a [31mred [0m b c"
        );
        assert_eq!(clean("  plain  "), "plain");
    }

    #[test]
    fn terminal_safe_keeps_only_own_colours_and_line_feeds() {
        let hostile = "a\x1b[2J\x1b]0;t\x07\u{9b}31m\u{202e}\r\x7f\tb\n";
        let plain = terminal_safe(hostile, false);
        assert!(!plain.chars().any(is_unsafe_for_terminal), "{plain:?}");
        assert!(plain.ends_with("b\n"), "{plain:?}");
        let painted = TextOptions {
            width: 80,
            colour: true,
        }
        .paint(Paint::Red, "x");
        assert_eq!(terminal_safe(&painted, true), painted);
        assert_eq!(terminal_safe(&painted, false), "\u{fffd}[31mx\u{fffd}[0m");
        let mixed = format!("{painted}{hostile}");
        let kept = terminal_safe(&mixed, true);
        assert_eq!(kept.matches('\x1b').count(), 2, "{kept:?}");
        assert_eq!(terminal_safe("plain\n", true), "plain\n");
    }

    #[test]
    fn truncation_at_words_cuts_between_them() {
        assert_eq!(
            truncate_words("Develop and maintain networks", 18),
            "Develop and…"
        );
        assert_eq!(truncate_words("Short", 18), "Short");
        assert_eq!(truncate_words("Supercalifragilistic", 8), "Superca…");
    }

    #[test]
    fn truncation_respects_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(width(&truncate("日本語のテキスト", 7)), 7);
    }

    #[test]
    fn wrapping_indents_continuations() {
        assert_eq!(wrap("one two three four", 40, 4), "one two three four");
        let wrapped = wrap(&"word ".repeat(10), 24, 2);
        assert!(wrapped.lines().all(|l| width(l) <= 22), "{wrapped}");
        assert!(
            wrapped.lines().skip(1).all(|l| l.starts_with("  word")),
            "{wrapped}"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(1_234_567), "1.2 MB");
    }
}
