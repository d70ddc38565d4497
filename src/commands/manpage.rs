//! `nosfolio manpage`: the manual pages in roff, made from the same clap
//! definition as `--help`, for the Debian package to install without a
//! build script. (It is not hidden: clap_complete's scripts offer hidden
//! commands all the same, so hiding it would only make it a secret.)

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::CommandFactory as _;
use clap_mangen::Man;
use nosfolio_store::write_atomic;

use super::Outcome;
use crate::cli::Cli;
use crate::output;

/// Print the manual page of nosfolio in roff, or write a page per command.
///
/// To read it without installing it: `nosfolio manpage | man -l -`. The
/// Debian package installs every page, so that `man nosfolio` and
/// `man nosfolio-matrix` work.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write nosfolio.1 and a page per command (nosfolio-matrix.1,
    /// nosfolio-network-plan.1, …) into this folder, replacing those there,
    /// and list the files written.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// The command line as the manual shows it: built (so that each command's
/// page is named after its path, `nosfolio-network-plan`) and without the
/// `help` command, which has no page.
fn command() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

/// The page of `command` and then those of every command under it that is
/// not hidden.
fn pages(command: clap::Command, into: &mut Vec<Man>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages(sub.clone(), into);
    }
    into.push(page(command));
}

/// The page of `command`, saying which nosfolio it documents (clap_mangen
/// would give a command's own version, which only nosfolio has).
fn page(command: clap::Command) -> Man {
    Man::new(command).source(format!("nosfolio {}", env!("CARGO_PKG_VERSION")))
}

fn roff(page: &Man) -> anyhow::Result<String> {
    let mut text = Vec::new();
    page.render(&mut text)?;
    Ok(String::from_utf8(text)?)
}

fn write_pages(dir: &Path) -> anyhow::Result<()> {
    let mut all = Vec::new();
    pages(command(), &mut all);
    let mut written = String::new();
    for page in &all {
        let path = dir.join(page.get_filename());
        write_atomic(&path, roff(page)?.as_bytes(), true)
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push_str(&format!("{}\n", path.display()));
    }
    output::print(&written)?;
    Ok(())
}

pub(crate) fn run(args: &Args) -> anyhow::Result<Outcome> {
    match &args.dir {
        Some(dir) => write_pages(dir)?,
        None => output::print_document(&roff(&page(command()))?)?,
    }
    Ok(Outcome::Ok)
}
