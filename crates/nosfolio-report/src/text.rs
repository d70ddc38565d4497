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
            Paint::Bold => "1",
            Paint::Dim => "2",
            Paint::Red => "31",
            Paint::Yellow => "33",
            Paint::Green => "32",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// User text made safe for a terminal: control characters (escape
/// sequences, carriage returns, bidi overrides) become spaces or are dropped,
/// and runs of white space fold into one space.
#[must_use]
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let is_bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_whitespace() || c.is_control() || is_bidi {
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
