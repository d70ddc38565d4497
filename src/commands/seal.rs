//! `nosfolio seal`: record what the portfolio holds at submission.

use anyhow::Context as _;
use nosfolio_store::{MANIFEST_FILE, SEAL_FILE, Seal, write_atomic};

use super::{Context, Outcome, sealed_files};
use crate::cli::PortfolioDir;
use crate::output;

/// Seal the portfolio: write seal.yaml listing portfolio.yaml and every file
/// under evidence/, network/ and standards/ with its size and SHA-256.
/// `nosfolio verify` later lists what changed. An existing seal is replaced
/// only with --force.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// Replace an existing seal.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let root = &args.portfolio.dir;
    if !root.join(MANIFEST_FILE).is_file() {
        anyhow::bail!(
            "{} is not a portfolio: it has no portfolio.yaml",
            root.display()
        );
    }
    let path = root.join(SEAL_FILE);
    if path.exists() && !args.force {
        anyhow::bail!(
            "{} already exists: the portfolio is sealed\n  help: `nosfolio verify` compares with it; pass --force to seal again",
            path.display()
        );
    }
    let files = sealed_files(root, context).context("cannot seal the portfolio")?;
    let seal = Seal::new(
        context.clock.now_utc_seconds(),
        env!("CARGO_PKG_VERSION").to_owned(),
        files,
    );
    write_atomic(&path, seal.to_yaml().as_bytes(), args.force)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let bytes: u64 = seal.files.iter().map(|f| f.size).sum();
    output::print(&format!(
        "sealed {} files ({}) in {}\ndigest {}",
        seal.files.len(),
        nosfolio_report::human_size(bytes),
        path.display(),
        seal.digest
    ))?;
    Ok(Outcome::Ok)
}
