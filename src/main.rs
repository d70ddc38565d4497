//! `nosfolio`: build assessment evidence portfolios against National
//! Occupational Standards. This binary is glue: it parses arguments, calls
//! the library crates and turns their results into output and exit codes.

#![forbid(unsafe_code)]

mod cli;
mod clock;
mod commands;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser as _;

/// Exit status for a panic: nosfolio has a bug (sysexits' EX_SOFTWARE).
const EXIT_INTERNAL: u8 = 70;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        output::error_line(&format!(
            "internal error: {message}{location}\nThis is a bug in nosfolio {}: please report it, with the command you ran. Your files were not changed.",
            env!("CARGO_PKG_VERSION")
        ));
    }));
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match std::panic::catch_unwind(|| {
        // Debug builds only: lets the test suite check this very handler.
        #[cfg(debug_assertions)]
        if std::env::var_os("NOSFOLIO_PANIC_FOR_TEST").is_some() {
            panic!("a panic asked for by NOSFOLIO_PANIC_FOR_TEST");
        }
        commands::run(cli)
    }) {
        Ok(code) => code,
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}
