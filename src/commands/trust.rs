//! `nosfolio trust`: the trust list, the public keys a verifier accepts as
//! whose they are.

use std::path::PathBuf;

use nosfolio_core::{PublicKey, TrustedKey, given_name};
use nosfolio_store::{KeyError, Trusted, trust_key, trust_list_at, user_trust_file};
use serde_json::json;

use nosfolio_store::role_arg;

use super::key::RoleArg;
use super::{Context, Outcome};
use crate::cli::Format;
use crate::output;

/// The trust list: whose public keys you accept, and in what role. With a
/// trust list in force, only decisions, declarations and sign-offs signed
/// with a key it gives their maker count. By default the list is
/// trust.yaml in your configuration folder; a centre keeps one at the root
/// of its caseload folder.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Trust a public key as someone's, in a role.
    Add {
        /// The public key (`ed25519:…`, as `nosfolio key new` printed it).
        key: String,
        /// Whose it is, as portfolios name them.
        #[arg(long)]
        name: String,
        /// In what role it signs.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The trust list to add to (made when there is none).
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Show the keys a trust list holds.
    Show {
        /// The trust list.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// `file`, else trust.yaml in the user's configuration folder.
fn list_file(file: Option<&PathBuf>) -> anyhow::Result<PathBuf> {
    match file {
        Some(file) => Ok(file.clone()),
        None => Ok(user_trust_file().ok_or(KeyError::NoFolder)?),
    }
}

pub(crate) fn run(command: &Command, _context: &Context) -> anyhow::Result<Outcome> {
    match command {
        Command::Add {
            key,
            name,
            role,
            file,
        } => {
            let file = list_file(file.as_ref())?;
            let key: PublicKey = key.parse()?;
            let name = given_name("key holder", name)
                .map_err(|why| anyhow::anyhow!("{why}; nothing was added"))?;
            let entry = TrustedKey {
                name,
                role: (*role).into(),
                key,
            };
            let said = match trust_key(&file, &entry)? {
                Trusted::Added => "trusted",
                Trusted::AlreadyListed => "already trusted",
            };
            output::print(&format!(
                "{said}: {} ({}) with key {} in {}",
                entry.name,
                entry.role,
                entry.key,
                file.display()
            ))?;
        }
        Command::Show { file, format } => {
            let file = list_file(file.as_ref())?;
            let Some(list) = trust_list_at(&file)? else {
                anyhow::bail!(
                    "there is no trust list at {}\n  help: add a key with `nosfolio trust add KEY --name NAME --role ROLE`",
                    file.display()
                );
            };
            match format {
                Format::Json => output::print_json(&json!({
                    "file": file,
                    "keys": list.keys,
                }))?,
                Format::Text => {
                    let mut out = format!("{} trusts {} keys:", file.display(), list.keys.len());
                    for key in &list.keys {
                        out.push_str(&format!(
                            "\n  {} ({}): {}   [--role {}]",
                            key.name,
                            key.role,
                            key.key,
                            role_arg(key.role)
                        ));
                    }
                    output::print(&out)?;
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
