//! `nosfolio completions`: the shell completion script, made from the same
//! clap definition as the command line, so that it never falls behind it.

use clap::CommandFactory as _;
use clap_complete::Shell;

use super::Outcome;
use crate::cli::Cli;
use crate::output;

/// Print the completion script for a shell (its help is in `cli.rs`).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

/// The completion script for `shell`.
pub(crate) fn script(shell: Shell) -> anyhow::Result<String> {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    Ok(String::from_utf8(script)?)
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    output::print_document(&script(args.shell)?)?;
    Ok(Outcome::Ok)
}
