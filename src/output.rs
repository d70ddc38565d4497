//! Where output goes and how it looks: results to stdout, problems to
//! stderr, colour only on a terminal, width from the terminal or COLUMNS.
//!
//! This is the one way out of the process, and it makes what passes safe
//! for where it goes, whatever produced it: text (results, messages and
//! errors, which quote file names and what files say) loses every control
//! character and bidi control except nosfolio's own colours
//! ([`terminal_safe`]); JSON is escaped by serde and, beyond it, keeps no
//! raw DEL, C1 control or bidi control; a document (Markdown, CSV, HTML,
//! YAML) keeps no control character but tab and line ends. Nothing else in
//! the CLI writes to stdout or stderr.

use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;

use nosfolio_report::{TextOptions, is_unsafe_for_terminal, terminal_safe};

use crate::cli::ColorChoice;

/// Width used when it cannot be found out (output to a file or pipe).
const DEFAULT_WIDTH: usize = 100;

/// Text options for stdout (`for_stderr` false) or stderr.
pub(crate) fn text_options(choice: ColorChoice, for_stderr: bool) -> TextOptions {
    let terminal = if for_stderr {
        io::stderr().is_terminal()
    } else {
        io::stdout().is_terminal()
    };
    let colour = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let width = columns
        .or_else(|| {
            let size = if for_stderr {
                terminal_size::terminal_size_of(io::stderr())
            } else {
                terminal_size::terminal_size_of(io::stdout())
            };
            size.map(|(w, _)| usize::from(w.0))
        })
        .unwrap_or(DEFAULT_WIDTH)
        .max(40);
    TextOptions { width, colour }
}

/// Whether stdout and stderr are in colour, set once by [`set_colour`];
/// until then, neither (no escape sequence at all passes).
static COLOUR: OnceLock<Colour> = OnceLock::new();

#[derive(Debug, Clone, Copy, Default)]
struct Colour {
    stdout: bool,
    stderr: bool,
}

fn colour() -> Colour {
    COLOUR.get().copied().unwrap_or_default()
}

/// Says whether stdout and stderr are in colour: only then do nosfolio's
/// own colour codes pass [`print`] and [`error_text`].
pub(crate) fn set_colour(stdout: &TextOptions, stderr: &TextOptions) {
    let _ = COLOUR.set(Colour {
        stdout: stdout.colour,
        stderr: stderr.colour,
    });
}

/// Writes a text result to stdout, made safe for a terminal.
///
/// # Errors
/// When stdout is closed; a broken pipe is treated as success by the caller.
pub(crate) fn print(text: &str) -> io::Result<()> {
    write_out(&terminal_safe(text, colour().stdout))
}

/// Writes a document (Markdown, CSV, HTML, YAML, or another program's
/// JSON) to stdout: its text is its own, but no control character other
/// than a tab or a line end reaches the terminal it may be shown on.
pub(crate) fn print_document(text: &str) -> io::Result<()> {
    let unsafe_in_document = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if text.chars().any(unsafe_in_document) {
        let cleaned: String = text
            .chars()
            .map(|c| if unsafe_in_document(c) { '\u{fffd}' } else { c })
            .collect();
        write_out(&cleaned)
    } else {
        write_out(text)
    }
}

fn write_out(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()
}

/// Writes JSON to stdout, pretty-printed.
pub(crate) fn print_json(value: &serde_json::Value) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    write_out(&json_safe(&text))
}

/// JSON text with every character a terminal could act on written as a
/// `\uXXXX` escape. serde escapes C0 controls; DEL, C1 controls and bidi
/// controls it leaves raw. Outside strings JSON holds only ASCII
/// punctuation and white space, so these can only be inside strings, where
/// the escape means the same character: the value read back is unchanged.
fn json_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c != '\n' && is_unsafe_for_terminal(c) {
            // All such characters are in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Writes to stderr, made safe for a terminal, ignoring failure (there is
/// nowhere left to report it).
pub(crate) fn error_text(text: &str) {
    let text = terminal_safe(text, colour().stderr);
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Writes one line to stderr.
pub(crate) fn error_line(text: &str) {
    error_text(&format!("{text}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_no_raw_terminal_control_and_reads_back_the_same() {
        let hostile = "a\u{1b}[2J\u{7f}\u{9b}31m\u{202e}\u{2066}\r\nb";
        let value = serde_json::json!({ "title": hostile, "list": [hostile] });
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = json_safe(&text);
        assert!(
            !safe.chars().any(|c| c != '\n' && is_unsafe_for_terminal(c)),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
