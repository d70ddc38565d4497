//! Problems for a terminal: `file:line:column: error: message` with help.

use std::fmt::Write as _;

use nosfolio_core::{Diagnostic, Severity};

use crate::text::{Paint, TextOptions, clean};

/// Every diagnostic, then a count of errors and warnings.
#[must_use]
pub fn diagnostics_text(diagnostics: &[Diagnostic], options: &TextOptions) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let (label, paint) = match diagnostic.severity() {
            Severity::Error => ("error", Paint::Red),
            Severity::Warning => ("warning", Paint::Yellow),
        };
        let _ = writeln!(
            out,
            "{}: {}: {}",
            options.paint(Paint::Bold, &clean(&diagnostic.place())),
            options.paint(paint, label),
            clean(&diagnostic.problem.to_string())
        );
        if let Some(help) = diagnostic.problem.help() {
            let _ = writeln!(
                out,
                "  {} {}",
                options.paint(Paint::Dim, "help:"),
                clean(&help)
            );
        }
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "{}", summary_line(errors, warnings));
    }
    out
}

/// `2 errors, 1 warning`
#[must_use]
pub fn summary_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
