//! Where output goes and how it looks: results to stdout, problems to
//! stderr, colour only on a terminal, width from the terminal or COLUMNS.

use std::io::{self, IsTerminal, Write};

use nosfolio_report::TextOptions;

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

/// Writes a result to stdout.
///
/// # Errors
/// When stdout is closed; a broken pipe is treated as success by the caller.
pub(crate) fn print(text: &str) -> io::Result<()> {
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
    print(&text)
}

/// Writes to stderr, ignoring failure (there is nowhere left to report it).
pub(crate) fn error_text(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Writes one line to stderr.
pub(crate) fn error_line(text: &str) {
    error_text(&format!("{text}\n"));
}
