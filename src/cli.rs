//! The command line, as clap types. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands::{
    assess, caseload, check, claim, completions, credential, export, finish, gaps, init, key,
    manpage, matrix, network, new, people, report, sample, scan, seal, serve, signoff, standards,
    status, suggest, target, trust, verify,
};

/// The heading of the options every command takes.
const GLOBAL: &str = "Options of every command";

/// Assessment evidence portfolios against National Occupational Standards.
///
/// Keep evidence files in a portfolio folder, describe each in a YAML sidecar
/// that claims the criteria it evidences, and nosfolio shows what is covered
/// and what is still missing.
#[derive(Debug, Parser)]
#[command(name = "nosfolio", version, about, long_about, max_term_width = 100)]
pub(crate) struct Cli {
    /// When to use colour: auto (only on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = GLOBAL)]
    pub(crate) color: ColorChoice,

    /// Draw no progress bar (one is drawn on stderr, only on a terminal,
    /// while hashing takes more than a moment).
    #[arg(long, short, global = true, help_heading = GLOBAL)]
    pub(crate) quiet: bool,

    /// Read every file afresh: neither use nor update the cache in
    /// .nosfolio/ (seal and verify never use it).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub(crate) no_cache: bool,

    /// Act as of this day (YYYY-MM-DD) instead of today: what new records
    /// are dated, and what "due", "this quarter" and a report's date count
    /// from. Without it, NOSFOLIO_TODAY if set, else today in this
    /// computer's time zone.
    #[arg(long, global = true, value_parser = crate::clock::date_arg, value_name = "DATE", help_heading = GLOBAL)]
    pub(crate) today: Option<jiff::civil::Date>,

    /// The trust list to weigh signatures with: the public keys, names and
    /// roles of those whose decisions, declarations and sign-offs count.
    /// Without it, trust.yaml in your nosfolio configuration folder when
    /// there is one (and for a caseload, trust.yaml at its root); with none,
    /// everything counts and signatures are shown as unverified.
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub(crate) trust: Option<PathBuf>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

/// When output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Start a portfolio: portfolio.yaml, evidence/, network/ and a how-to.
    Init(init::Args),
    /// Claim items for an evidence file, creating or updating its sidecar.
    Claim(claim::ClaimArgs),
    /// Remove claims from an evidence file's sidecar or front matter.
    Unclaim(claim::UnclaimArgs),
    /// Write a draft reflection or personal statement to fill in.
    #[command(subcommand)]
    New(new::Command),
    /// Finish a draft, so that it counts as evidence.
    Finish(finish::Args),
    /// List, show, check, import and use standards.
    #[command(subcommand)]
    Standards(standards::Command),
    /// Where the portfolio stands, and the next three things to do.
    Status(status::Args),
    /// Show or set what the candidate is going for: a level, a level per
    /// competency, or a role profile.
    Target(target::Args),
    /// Show or set who the portfolio names: the candidate, the assessors
    /// and the IQAs.
    People(people::Args),
    /// Report every problem in a portfolio.
    Check(check::Args),
    /// List every piece of evidence with its files, sizes, hashes and claims.
    Scan(scan::Args),
    /// Show which items each piece of evidence covers and which are missing.
    Matrix(matrix::Args),
    /// Show what is still missing and what to collect next.
    Gaps(gaps::Args),
    /// The networking plan: where to start, who is due, the quarterly
    /// review, introductions to make, and the journal.
    #[command(subcommand)]
    Network(network::Command),
    /// Show the items a piece or kind of evidence could support.
    Suggest(suggest::Args),
    /// Write the portfolio report: one self-contained, printable HTML file.
    Report(report::Args),
    /// Record an assessor's decisions on a piece of evidence, pinned to its hash.
    Assess(assess::Args),
    /// Every portfolio under a folder, one row each, those needing attention first.
    Caseload(caseload::Args),
    /// Plan an internal-quality-assurance sample of assessment decisions.
    Sample(sample::Args),
    /// Seal the portfolio: record every file's size and SHA-256 in seal.yaml.
    Seal(seal::Args),
    /// Compare the portfolio with its seal: changed, missing and added files.
    Verify(verify::Args),
    /// Open the portfolio, or a caseload, in your browser (a local web app).
    Serve(serve::Args),
    /// Declare, as the candidate, that the evidence is your own work (signed).
    Declare(signoff::DeclareArgs),
    /// Sign off a standard as the assessor, or countersign as the IQA (signed).
    Signoff(signoff::SignoffArgs),
    /// Your signing keys: make one, list them.
    #[command(subcommand)]
    Key(key::Command),
    /// The trust list: whose public keys count, in what role.
    #[command(subcommand)]
    Trust(trust::Command),
    /// Export a standard to CASE or Mahara, or progress on it as an Open Badges 3.0 credential.
    Export(export::Args),
    /// Verify a signed Open Badges 3.0 credential: who signed it, whether
    /// it was changed, whether it is valid.
    #[command(subcommand)]
    Credential(credential::Command),
    /// Print the shell completion script for bash, zsh, fish, elvish or
    /// PowerShell.
    ///
    /// The Debian package installs bash's, zsh's and fish's. By hand, for
    /// bash: `nosfolio completions bash >
    /// ~/.local/share/bash-completion/completions/nosfolio`; for fish:
    /// `nosfolio completions fish > ~/.config/fish/completions/nosfolio.fish`;
    /// for zsh, as `_nosfolio` in a folder on your `fpath`.
    Completions(completions::Args),
    /// Print the manual page in roff, or write a page per command into a folder.
    Manpage(manpage::Args),
}

/// A portfolio folder argument.
#[derive(Debug, clap::Args)]
pub(crate) struct PortfolioDir {
    /// The portfolio folder (holding portfolio.yaml).
    #[arg(default_value = ".", value_name = "DIR")]
    pub(crate) dir: PathBuf,
}

/// Output formats for commands that print a plain result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON, for tools.
    Json,
}
