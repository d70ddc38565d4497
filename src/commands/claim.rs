//! `nosfolio claim` and `nosfolio unclaim`: glue over the store's
//! [`nosfolio_store::claim`] and [`nosfolio_store::unclaim`], which find the
//! description, change it under the portfolio's lock and keep what the
//! candidate wrote. This file parses the arguments and prints the result.

use std::path::PathBuf;

use nosfolio_core::Confidentiality;
use nosfolio_report::diagnostics_text;
use nosfolio_store::{
    CacheWarning, ClaimOutcome, ClaimRequest, UnclaimOutcome, UnclaimRequest, WitnessRequest,
};

use super::{Context, Outcome};
use crate::cli::Format;
use crate::output;
use crate::progress::Bar;

/// Claim items for an evidence file: creates its sidecar, or adds to the one
/// it has (or to a Markdown file's front matter, or to the sidecar of the
/// piece of several files it is part of). Ids are checked before anything
/// is written; existing fields, claims, comments and layout are kept; a
/// claim already there is not repeated. A new sidecar takes its title and
/// date from what the file says where it can (an e-mail's Subject and Date,
/// a Markdown file's first heading); options given win.
#[derive(Debug, clap::Args)]
pub(crate) struct ClaimArgs {
    /// The evidence file (or its sidecar).
    file: PathBuf,
    /// Item ids to claim, e.g. PC2 B4 or networking:L3.2.
    #[arg(required = true, value_name = "ITEM")]
    items: Vec<String>,
    /// Where in the evidence the proof is (page, paragraph, time stamp).
    #[arg(long)]
    at: Option<String>,
    /// How the evidence shows the items.
    #[arg(long)]
    note: Option<String>,
    /// Set the title.
    #[arg(long)]
    title: Option<String>,
    /// Set the date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Set the evidence type.
    #[arg(long = "type", value_name = "TYPE")]
    evidence_type: Option<String>,
    /// Set who may see it.
    #[arg(long, value_enum)]
    confidentiality: Option<ConfidentialityArg>,
    /// Another file of the same piece (the second page of a scanned
    /// statement, say); repeat for more. A new piece of several files is
    /// described by one sidecar named after the first file without its
    /// extension (`statement-p1.yaml` for `statement-p1.png`), listing every
    /// file under `files:`.
    #[arg(long, value_name = "FILE")]
    with: Vec<PathBuf>,
    /// Set the witness's name (for a witness statement).
    #[arg(long, value_name = "NAME")]
    witness_name: Option<String>,
    /// Set the witness's role.
    #[arg(long, value_name = "ROLE")]
    witness_role: Option<String>,
    /// Set the witness's organisation, when it is not the candidate's.
    #[arg(long, value_name = "ORGANISATION")]
    witness_organisation: Option<String>,
    /// Set how the witness knows the candidate (e.g. line manager, client).
    #[arg(long, value_name = "RELATIONSHIP")]
    witness_relationship: Option<String>,
    /// Set the day the witness signed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    witness_date: Option<String>,
    /// Set how an assessor can reach the witness (e-mail or telephone).
    #[arg(long, value_name = "CONTACT")]
    witness_contact: Option<String>,
    /// Rewrite the file even when its comments and layout cannot be kept.
    #[arg(long)]
    force: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// Remove claims from an evidence file's sidecar or front matter, keeping
/// everything else as it was written. Removing the last claim keeps the
/// sidecar, and says that the piece now claims nothing.
#[derive(Debug, clap::Args)]
pub(crate) struct UnclaimArgs {
    /// The evidence file (or its sidecar).
    file: PathBuf,
    /// Item ids to remove.
    #[arg(required = true, value_name = "ITEM")]
    items: Vec<String>,
    /// Rewrite the file even when its comments and layout cannot be kept.
    #[arg(long)]
    force: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ConfidentialityArg {
    /// Anyone.
    Public,
    /// Candidate and assessors.
    Assessor,
    /// The candidate only.
    Private,
}

impl From<ConfidentialityArg> for Confidentiality {
    fn from(value: ConfidentialityArg) -> Self {
        match value {
            ConfidentialityArg::Public => Self::Public,
            ConfidentialityArg::Assessor => Self::Assessor,
            ConfidentialityArg::Private => Self::Private,
        }
    }
}

impl ClaimArgs {
    fn request(&self) -> ClaimRequest {
        ClaimRequest {
            items: self.items.clone(),
            at: self.at.clone(),
            note: self.note.clone(),
            title: self.title.clone(),
            date: self.date.clone(),
            evidence_type: self.evidence_type.clone(),
            confidentiality: self.confidentiality.map(Into::into),
            with: self.with.clone(),
            witness: WitnessRequest {
                name: self.witness_name.clone(),
                role: self.witness_role.clone(),
                organisation: self.witness_organisation.clone(),
                relationship: self.witness_relationship.clone(),
                date: self.witness_date.clone(),
                contact: self.witness_contact.clone(),
            },
            force: self.force,
        }
    }
}

pub(crate) fn claim(args: &ClaimArgs, context: &Context) -> anyhow::Result<Outcome> {
    let bar = Bar::new(context.quiet);
    let done = nosfolio_store::claim(&args.file, &args.request(), &context.scan_options(&bar));
    bar.finish();
    let done = done?;
    cache_warnings(&done.cache_warnings);
    match args.format {
        Format::Text => output::print(&claim_text(&done))?,
        Format::Json => output::print_json(&serde_json::to_value(&done)?)?,
    }
    output::error_text(&diagnostics_text(&done.warnings, &context.stderr));
    Ok(Outcome::Ok)
}

/// What a claim did, in a line or two.
fn claim_text(done: &ClaimOutcome) -> String {
    let mut text = if done.created {
        format!(
            "wrote {} claiming {}",
            done.description,
            done.added.join(", ")
        )
    } else if done.added.is_empty() {
        format!("{}: nothing new to claim", done.description)
    } else {
        format!("{}: added {}", done.description, done.added.join(", "))
    };
    if !done.already_claimed.is_empty() {
        text.push_str(&format!(
            "; already claimed: {}",
            done.already_claimed.join(", ")
        ));
    }
    if !done.files_added.is_empty() {
        text.push_str(&format!(
            "\n  files of the piece added: {}",
            done.files_added.join(", ")
        ));
    }
    if !done.filled.is_empty() {
        text.push_str(&format!(
            "\n  filled from the file: {}",
            done.filled.join(", ")
        ));
    }
    text
}

pub(crate) fn unclaim(args: &UnclaimArgs, context: &Context) -> anyhow::Result<Outcome> {
    let request = UnclaimRequest {
        items: args.items.clone(),
        force: args.force,
    };
    let bar = Bar::new(context.quiet);
    let done = nosfolio_store::unclaim(&args.file, &request, &context.scan_options(&bar));
    bar.finish();
    let done = done?;
    cache_warnings(&done.cache_warnings);
    match args.format {
        Format::Text => output::print(&unclaim_text(&done))?,
        Format::Json => output::print_json(&serde_json::to_value(&done)?)?,
    }
    output::error_text(&diagnostics_text(&done.warnings, &context.stderr));
    Ok(Outcome::Ok)
}

/// What an unclaim did, in a line.
fn unclaim_text(done: &UnclaimOutcome) -> String {
    let mut text = format!("{}: removed {}", done.description, done.removed.join(", "));
    if !done.not_claimed.is_empty() {
        text.push_str(&format!("; not claimed: {}", done.not_claimed.join(", ")));
    }
    text
}

/// Prints why the cache was not used or kept, if it was not.
fn cache_warnings(warnings: &[CacheWarning]) {
    for warning in warnings {
        output::error_line(&format!("warning: {warning}"));
    }
}
