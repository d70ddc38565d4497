//! `nosfolio export`: a standard as a CASE CFPackage or a Mahara
//! SmartEvidence framework, or the portfolio's progress on it as an Open
//! Badges 3.0 credential.

use std::path::PathBuf;

use nosfolio_core::{Audience, Standard, builtin_standard};
use nosfolio_interop::{
    Accepted, BadgeInput, IssuerProfile, Recipient, case_package, mahara_matrix,
    open_badge_credential,
};
use nosfolio_store::Portfolio;

use super::standards_import::write;
use super::{Context, Opened, Outcome};
use crate::cli::PortfolioDir;
use crate::output;

/// Export a standard to CASE or Mahara, or the portfolio's evidence on it
/// as an Open Badges 3.0 credential.
///
/// The credential is meant to be shared: it carries only public evidence
/// unless `--audience assessor`, and never private evidence or drafts; only
/// items an assessor has accepted count. It is unsigned: a draft of what a
/// signed credential would hold, issued by nobody, that no one can verify.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    portfolio: PortfolioDir,
    /// What to write.
    #[arg(long, value_enum)]
    to: Target,
    /// The standard to export (needed when the portfolio uses more than
    /// one). With --to case or mahara, a built-in standard's id also works
    /// outside a portfolio.
    #[arg(long, value_name = "ID")]
    standard: Option<String>,
    /// The file to write; without it the JSON goes to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
    /// For --to openbadges: public (public evidence only) or assessor
    /// (public and assessor-only evidence). Private evidence is never exported.
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    audience: AudienceArg,
}

/// Formats to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Target {
    /// An Open Badges 3.0 OpenBadgeCredential (unsigned): the target's items, those accepted, and their evidence.
    Openbadges,
    /// An IMS CASE 1.0 CFPackage of the standard.
    Case,
    /// A Mahara SmartEvidence framework (.matrix) of the standard.
    Mahara,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum AudienceArg {
    /// Public evidence only.
    Public,
    /// Public and assessor-only evidence.
    Assessor,
}

/// A credential is for sharing: the candidate's own audience is not offered.
impl From<AudienceArg> for Audience {
    fn from(arg: AudienceArg) -> Self {
        match arg {
            AudienceArg::Public => Self::Public,
            AudienceArg::Assessor => Self::Assessor,
        }
    }
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let dir = &args.portfolio.dir;
    let outside = !nosfolio_store::is_portfolio(dir);
    let value = if outside && args.to != Target::Openbadges {
        let Some(id) = &args.standard else {
            anyhow::bail!(
                "{} is not a portfolio\n  help: name a built-in standard with --standard, or run inside a portfolio",
                dir.display()
            );
        };
        let Some(standard) = builtin_standard(id) else {
            anyhow::bail!(
                "unknown standard `{id}` outside a portfolio\n  help: built-in standards are {}",
                nosfolio_core::builtin_ids().join(", ")
            );
        };
        standard_json(args.to, standard, context)
    } else {
        let opened = Opened::open(dir, context)?;
        let portfolio = &opened.portfolio;
        if opened.outcome == Outcome::BadInput {
            output::error_line(
                "error: the portfolio has errors; fix them before exporting\n  help: nosfolio check lists them",
            );
            return Ok(Outcome::BadInput);
        }
        let standards = portfolio.standards.standards();
        let standard = match (&args.standard, standards) {
            (Some(id), _) => portfolio.standards.get(id).ok_or_else(|| {
                anyhow::anyhow!(
                    "this portfolio does not use `{id}`\n  help: it uses {}",
                    ids(standards)
                )
            })?,
            (None, [one]) => one,
            (None, _) => anyhow::bail!(
                "this portfolio uses {}; choose one with --standard",
                ids(standards)
            ),
        };
        let with_identifier;
        let standard = if args.to == Target::Case && standard.identifier.is_none() {
            with_identifier = identified(&portfolio.root, standard)?;
            &with_identifier
        } else {
            standard
        };
        if args.to == Target::Openbadges {
            unsigned_credential(portfolio, standard, args.audience, context)?
        } else {
            standard_json(args.to, standard, context)
        }
    };
    let text = serde_json::to_string_pretty(&value)? + "\n";
    match &args.output {
        Some(path) => {
            write(path, &text, args.force, &[dir.as_path()])?;
            output::error_line(&format!("wrote {}", path.display()));
        }
        None => output::print_json(&value)?,
    }
    Ok(Outcome::Ok)
}

/// A standard as CASE or Mahara JSON, a CASE package stamped with the run's
/// moment.
fn standard_json(to: Target, standard: &Standard, context: &Context) -> serde_json::Value {
    match to {
        Target::Mahara => {
            let (matrix, cut) = mahara_matrix(standard);
            for line in &cut {
                output::error_line(&format!("warning: {line}"));
            }
            matrix
        }
        _ => {
            let (package, lost) = case_package(standard, "", &context.clock.now_utc_seconds());
            for line in &lost {
                output::error_line(&format!("warning: not in the CASE package: {line}"));
            }
            package
        }
    }
}

/// The standard with an identifier of its own, written into its file
/// first (under the portfolio's lock, read back), so that its CASE
/// identifiers are the same on every export; said on stderr.
fn identified(root: &std::path::Path, standard: &Standard) -> anyhow::Result<Standard> {
    let identifier = nosfolio_store::new_identifier().map_err(|e| {
        anyhow::anyhow!("cannot make a random identifier for `{}`: {e}", standard.id)
    })?;
    let added = nosfolio_store::add_identifier(root, &standard.id, &identifier)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if added.written {
        output::error_line(&format!(
            "added `identifier: {}` to {}, so that `{}` keeps the same CASE identifiers on every export",
            added.identifier, added.file, standard.id
        ));
    }
    let mut standard = standard.clone();
    standard.identifier = Some(added.identifier);
    Ok(standard)
}

fn ids(standards: &[Standard]) -> String {
    standards
        .iter()
        .map(|s| format!("`{}`", s.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An unsigned draft of the credential (`export --to openbadges`): its
/// issuer names nobody, since nobody signed it.
fn unsigned_credential(
    portfolio: &Portfolio,
    standard: &Standard,
    audience: AudienceArg,
    context: &Context,
) -> anyhow::Result<serde_json::Value> {
    credential_json(
        portfolio,
        standard,
        audience,
        &IssuerProfile::unsigned(),
        None,
        context,
    )
}

/// The credential of `standard` for `audience`, from `issuer`: a fresh id
/// and salt, valid from now (until `valid_until`), holding only what an
/// assessor accepted; what it holds said on stderr.
pub(crate) fn credential_json(
    portfolio: &Portfolio,
    standard: &Standard,
    audience: AudienceArg,
    issuer: &IssuerProfile,
    valid_until: Option<jiff::Timestamp>,
    context: &Context,
) -> anyhow::Result<serde_json::Value> {
    let random = || {
        nosfolio_store::new_identifier()
            .map_err(|e| anyhow::anyhow!("cannot make a random identifier for the credential: {e}"))
    };
    let id = random()?.parse()?;
    let salt = random()?;
    let candidate = portfolio.manifest.as_ref().map(|m| m.candidate.as_str());
    let accepted =
        Accepted::from_coverage(&portfolio.coverage(), &portfolio.evidence, &standard.id);
    let credential = open_badge_credential(&BadgeInput {
        standard,
        target: &portfolio.target,
        id,
        issuer,
        recipient: candidate.map(|name| Recipient { name, salt: &salt }),
        evidence: &portfolio.evidence,
        accepted: &accepted,
        audience: audience.into(),
        valid_from: context.clock.now,
        valid_until,
    });
    let subject = &credential["credentialSubject"];
    let aligned = subject["achievement"]["alignment"]
        .as_array()
        .map_or(0, Vec::len);
    let results = subject["result"].as_array().map_or(0, Vec::len);
    let evidence = credential["evidence"].as_array().map_or(0, Vec::len);
    output::error_line(&format!(
        "{} credential: {aligned} items required, {results} accepted, {evidence} evidence entries (only {} evidence behind accepted items; never private evidence or drafts)",
        if issuer.id.starts_with("did:") {
            "signed"
        } else {
            "unsigned"
        },
        match audience {
            AudienceArg::Public => "public",
            AudienceArg::Assessor => "public and assessor-only",
        }
    ));
    if results == 0 {
        output::error_line(&format!(
            "warning: no item of `{}` the target requires is accepted by an assessor yet, so the credential shows no results",
            standard.id
        ));
    }
    Ok(credential)
}
