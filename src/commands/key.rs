//! `nosfolio key`: your signing keys, kept in your configuration folder and
//! never in a portfolio.

use clap::ValueEnum;
use nosfolio_core::{SignerRole, given_name};
use nosfolio_store::{KeyError, config_folder, fresh_seed, list_keys, new_key, role_arg};
use serde_json::json;

use super::{Context, Outcome};
use crate::cli::Format;
use crate::output;

/// Your signing keys. Decisions, declarations and sign-offs are signed
/// with the key of whoever makes them, so that a centre holding their
/// public keys (a trust list) can tell they are theirs and unchanged.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Make a signing key for a name and role, and print its public key.
    New {
        /// Your name, as portfolios name you (e.g. "Tom Reid").
        #[arg(long)]
        name: String,
        /// What you sign as.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Replace a key you already have for this name and role (the old
        /// one is kept beside it, but a trust list must then list the new one).
        #[arg(long)]
        force: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List your keys with their public keys.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// A signer's role, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RoleArg {
    /// The candidate: signs the declaration.
    Candidate,
    /// An assessor: signs decisions and sign-offs.
    Assessor,
    /// An internal quality assurer: signs IQA decisions and countersignatures.
    Iqa,
}

impl From<RoleArg> for SignerRole {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Candidate => Self::Candidate,
            RoleArg::Assessor => Self::Assessor,
            RoleArg::Iqa => Self::Iqa,
        }
    }
}

pub(crate) fn run(command: &Command, context: &Context) -> anyhow::Result<Outcome> {
    let folder = config_folder().ok_or(KeyError::NoFolder)?;
    match command {
        Command::New {
            name,
            role,
            force,
            format,
        } => {
            let name = given_name("key holder", name)
                .map_err(|why| anyhow::anyhow!("{why}; no key was made"))?;
            let seed = fresh_seed()?;
            let made = new_key(
                &folder,
                &name,
                (*role).into(),
                &seed,
                &context.clock.now_utc_seconds(),
                *force,
            )?;
            let public = made.public().to_string();
            match format {
                Format::Json => output::print_json(&json!({
                    "name": made.name,
                    "role": made.role,
                    "public_key": public,
                    "file": made.file,
                }))?,
                Format::Text => output::print(&format!(
                    "made a signing key for {} ({})\n  kept in {} (private: never share it, never put it in a portfolio)\n  public key: {public}\nGive the public key to whoever keeps your centre's trust list; they add it with:\n  nosfolio trust add {public} --name \"{}\" --role {}",
                    made.name,
                    made.role,
                    made.file.display(),
                    made.name,
                    role_arg(made.role),
                ))?,
            }
        }
        Command::List { format } => {
            let keys = list_keys(&folder)?;
            match format {
                Format::Json => {
                    let listed: Vec<serde_json::Value> = keys
                        .iter()
                        .map(|key| match key {
                            Ok(key) => json!({
                                "name": key.name,
                                "role": key.role,
                                "public_key": key.public().to_string(),
                                "created": key.created,
                                "file": key.file,
                            }),
                            Err(error) => json!({ "error": error.to_string() }),
                        })
                        .collect();
                    output::print_json(&json!({ "folder": folder, "keys": listed }))?;
                }
                Format::Text if keys.is_empty() => output::print(&format!(
                    "no signing keys in {}\n  help: make one with `nosfolio key new --name NAME --role assessor`",
                    folder.display()
                ))?,
                Format::Text => {
                    let mut out = format!("signing keys in {}:", folder.display());
                    for key in &keys {
                        match key {
                            Ok(key) => out.push_str(&format!(
                                "\n  {} ({}), made {}\n    {}",
                                key.name,
                                key.role,
                                key.created,
                                key.public()
                            )),
                            Err(error) => out.push_str(&format!("\n  {error}")),
                        }
                    }
                    output::print(&out)?;
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
