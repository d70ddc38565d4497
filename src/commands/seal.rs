//! `nosfolio seal`: record what the portfolio holds at submission.

use anyhow::Context as _;
use nosfolio_store::{Seal, may_seal, write_seal};
use serde_json::json;

use super::{Context, Outcome, sealed_contents};
use crate::cli::{Format, PortfolioDir};
use crate::output;

/// Seal the portfolio: write seal.yaml listing every file in the portfolio
/// folder (hidden ones aside) with its size and SHA-256, and the built-in
/// standards it uses, and print the seal digest: keep a copy of it
/// elsewhere. `nosfolio verify` later lists what changed. A link leading
/// out of the folder is refused. An existing seal is replaced only with
/// --force.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// Replace an existing seal.
    #[arg(long)]
    force: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let root = &args.portfolio.dir;
    // Before hashing everything: is there anything to do?
    may_seal(root, args.force)?;
    let contents = sealed_contents(root, context).context("cannot seal the portfolio")?;
    let seal = Seal::new(
        context.clock.now_utc_seconds(),
        env!("CARGO_PKG_VERSION").to_owned(),
        contents,
    );
    let written = write_seal(root, &seal, args.force)?;
    let bytes: u64 = seal.files.iter().map(|f| f.size).sum();
    let shown = root.join(written).display().to_string();
    match args.format {
        Format::Json => output::print_json(&json!({
            "written": shown,
            "sealed": seal.sealed,
            "files": seal.files.len(),
            "bytes": bytes,
            "seal_digest": seal.digest,
        }))?,
        Format::Text => output::print(&format!(
            "sealed {} files ({}) in {shown}\nseal digest {} (keep a copy elsewhere)",
            seal.files.len(),
            nosfolio_report::human_size(bytes),
            seal.digest
        ))?,
    }
    Ok(Outcome::Ok)
}
