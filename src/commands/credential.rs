//! `nosfolio credential`: signed Open Badges 3.0 credentials.
//!
//! `verify` checks a credential someone hands over (a VC-JWT, as nosfolio
//! signs them) with nothing but the file: who signed it (the issuer's key
//! is its `did:key`), that nothing changed since, that it holds what Open
//! Badges 3.0 requires, and that it is valid at the moment asked about.

use std::path::PathBuf;

use jiff::Timestamp;
use nosfolio_interop::{Check, CredentialProblem, VerifiedCredential, verify_credential};
use nosfolio_report::clean;
use serde_json::json;

use anyhow::Context as _;
use nosfolio_core::{Manifest, Now, SignOffs, SignerRole};
use nosfolio_interop::{IssuerProfile, sign_credential};
use nosfolio_store::{KeyError, config_folder, find_key};

use super::export::{AudienceArg, credential_json};
use super::standards_import::write;
use super::{Context, Outcome, open_portfolio};
use crate::cli::Format;
use crate::output;

/// The largest credential file read (a credential is a few kilobytes).
const MAX_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Check a signed credential: who issued it, whether it was changed,
    /// whether it is valid.
    ///
    /// Checks a signed Open Badges 3.0 credential (a VC-JWT) from the file
    /// alone: who signed it, that nothing was changed since, that it holds
    /// what Open Badges 3.0 requires, and that it is valid now (or --at a
    /// moment). Exits 0 when it verifies, 1 when it does not (every
    /// problem is listed, with what it means), 2 when the file cannot be
    /// read.
    Verify(VerifyArgs),
    /// Issue a signed credential for a standard that is signed off.
    ///
    /// Only for a standard whose sign-off holds (every item the target
    /// requires accepted, the declaration made, nothing changed since), and
    /// only by the assessor who signed it off, with the same key: the
    /// credential is signed as a VC-JWT with that key, its issuer the key's
    /// did:key. It holds only accepted items, and names the candidate only
    /// by a salted hash. Each issuance has a new id.
    Issue(IssueArgs),
}

/// `nosfolio credential issue`.
#[derive(Debug, clap::Args)]
pub(crate) struct IssueArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The standard (by default the portfolio's only one).
    #[arg(long, value_name = "ID")]
    standard: Option<String>,
    /// Whose evidence it may list: public (the default) or also
    /// assessor-only evidence.
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    audience: AudienceArg,
    /// When it stops being valid: an RFC 3339 date-time, such as
    /// 2029-12-31T23:59:59Z. Without it, it does not expire.
    #[arg(long, value_name = "RFC3339", value_parser = moment_arg)]
    valid_until: Option<Timestamp>,
    /// Write it to this file (the signed JWT) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

/// `nosfolio credential verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    /// The credential: a file holding the signed credential (a JWT, three
    /// parts separated by dots).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Check it as of this moment instead of now: an RFC 3339 date-time,
    /// such as 2026-01-31T09:00:00Z.
    #[arg(long, value_name = "RFC3339", value_parser = moment_arg)]
    at: Option<Timestamp>,
    /// Also check that the credential is about this person (it names its
    /// recipient only by a salted hash of their name).
    #[arg(long, value_name = "NAME")]
    recipient: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// `--at`: an RFC 3339 date-time with its offset.
fn moment_arg(text: &str) -> Result<Timestamp, String> {
    text.trim().parse::<Timestamp>().map_err(|error| {
        format!(
            "not an RFC 3339 date-time with a time zone, such as 2026-01-31T09:00:00Z ({error})"
        )
    })
}

pub(crate) fn run(command: &Command, context: &Context) -> anyhow::Result<Outcome> {
    match command {
        Command::Verify(args) => verify(args, context),
        Command::Issue(args) => issue(args, context),
    }
}

fn issue(args: &IssueArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    if !portfolio.standards_complete() {
        anyhow::bail!(
            "portfolio.yaml or one of its standards has errors: fix them first (`nosfolio check`); nothing was issued"
        );
    }
    let standards = portfolio.standards.standards();
    let standard = match (&args.standard, standards) {
        (Some(id), _) => portfolio
            .standards
            .get(id)
            .with_context(|| format!("the portfolio has no standard `{id}`"))?,
        (None, [only]) => only,
        (None, _) => {
            anyhow::bail!("the portfolio has several standards: say which with --standard")
        }
    };
    let people = portfolio
        .manifest
        .as_ref()
        .map(Manifest::people)
        .unwrap_or_default();
    let coverage = portfolio.coverage();
    let digest = portfolio.evidence_digest();
    let state = SignOffs::of(
        &portfolio.sign_offs,
        &Now {
            people: &people,
            standards: &portfolio.standards,
            coverage: &coverage,
            evidence_digest: &digest,
        },
    );
    let signed_off = state
        .standard(&standard.id)
        .map(|s| &s.sign_off)
        .filter(|s| s.holds());
    let Some(record) = signed_off.and_then(|s| s.record) else {
        let why = state
            .standard(&standard.id)
            .map_or_else(|| "not made".to_owned(), |s| s.sign_off.describe());
        anyhow::bail!(
            "a credential is issued only for a signed-off standard, and the sign-off of {} does not hold: {why}; nothing was issued\n  help: `nosfolio signoff` signs it off, or says what is missing",
            standard.id
        );
    };
    let folder = config_folder().ok_or(KeyError::NoFolder)?;
    let key = find_key(&folder, &record.name, SignerRole::Assessor)?.with_context(|| {
        format!(
            "the credential is signed with the key of {}, who signed off {}, and there is no such key here; nothing was issued\n  help: {} issues it on their own computer",
            record.name, standard.id, record.name
        )
    })?;
    if record.key.as_ref() != Some(&key.public()) {
        anyhow::bail!(
            "the sign-off of {} was signed with another key than {}'s key here ({}); nothing was issued\n  help: issue it with the key that signed off, or sign off again",
            standard.id,
            record.name,
            key.public()
        );
    }
    let issuer = IssuerProfile::signer(key.public().verifying_key(), &record.name);
    let credential = credential_json(
        &portfolio,
        standard,
        args.audience,
        &issuer,
        args.valid_until,
        context,
    )?;
    let jwt = sign_credential(&credential, key.secret.signing_key())?;
    match &args.output {
        Some(path) => {
            write(path, &format!("{jwt}\n"), args.force, &[args.dir.as_path()])?;
            output::error_line(&format!(
                "wrote {}: signed by {} with {}; check it with `nosfolio credential verify {}`",
                path.display(),
                record.name,
                key.public(),
                path.display()
            ));
        }
        None => output::print(&jwt)?,
    }
    Ok(Outcome::Ok)
}

fn verify(args: &VerifyArgs, context: &Context) -> anyhow::Result<Outcome> {
    let text = nosfolio_store::read_named_file(&args.file, MAX_BYTES).map_err(|d| {
        let help = d.problem.help().map(|h| format!("\n  help: {h}"));
        anyhow::anyhow!("{}: {}{}", d.place(), d.problem, help.unwrap_or_default())
    })?;
    let now = context.clock.now;
    let at = args
        .at
        .unwrap_or_else(|| Timestamp::from_second(now.as_second()).unwrap_or(now));
    let result = verify_credential(&text, at);
    let recipient = match (&result, &args.recipient) {
        (Ok(verified), Some(name)) => Some((name.as_str(), verified.is_recipient(name))),
        _ => None,
    };
    let file = args.file.display().to_string();
    match args.format {
        Format::Json => output::print_json(&as_json(&file, at, &result, recipient))?,
        Format::Text => output::print(&as_text(&file, at, &result, recipient))?,
    }
    let recipient_ok = recipient.is_none_or(|(_, matches)| matches);
    Ok(if result.is_ok() && recipient_ok {
        Outcome::Ok
    } else {
        Outcome::Findings
    })
}

/// Whether `check` passed, failed, or could not be made: nothing after its
/// form when the file is not a JWT at all, and not the dates when they
/// cannot be read.
fn state(check: Check, problems: &[CredentialProblem]) -> &'static str {
    let failed = |c: Check| problems.iter().any(|p| p.check() == c);
    let unreadable_dates = || {
        problems.iter().any(|p| {
            matches!(p, CredentialProblem::Content { field, .. }
                if field == "validFrom" || field == "validUntil")
        })
    };
    if failed(check) {
        "failed"
    } else if (check != Check::Form && failed(Check::Form))
        || (check == Check::Dates && unreadable_dates())
    {
        "not checked"
    } else {
        "passed"
    }
}

fn as_json(
    file: &str,
    at: Timestamp,
    result: &Result<VerifiedCredential, Vec<CredentialProblem>>,
    recipient: Option<(&str, bool)>,
) -> serde_json::Value {
    let problems: &[CredentialProblem] = result.as_ref().err().map_or(&[], Vec::as_slice);
    let checks: Vec<serde_json::Value> = Check::ALL
        .iter()
        .map(|&check| {
            json!({
                "check": check,
                "what": check.describe(),
                "state": state(check, problems),
            })
        })
        .collect();
    let problems: Vec<serde_json::Value> = problems
        .iter()
        .map(|p| {
            let mut value = serde_json::to_value(p).unwrap_or_default();
            value["check"] = json!(p.check());
            value["message"] = json!(p.to_string());
            value["meaning"] = json!(p.meaning());
            value
        })
        .collect();
    let mut value = json!({
        "file": file,
        "at": at.to_string(),
        "verified": result.is_ok(),
        "checks": checks,
        "problems": problems,
        "credential": result.as_ref().ok(),
    });
    if let Some((name, matches)) = recipient {
        value["recipient"] = json!({"name": name, "matches": matches});
    }
    value
}

fn as_text(
    file: &str,
    at: Timestamp,
    result: &Result<VerifiedCredential, Vec<CredentialProblem>>,
    recipient: Option<(&str, bool)>,
) -> String {
    let file = clean(file);
    let mut out = String::new();
    let problems: &[CredentialProblem] = match result {
        Ok(verified) => {
            out.push_str(&format!(
                "verified: {file} is a genuine credential, unchanged since it was signed, and valid as of {at}\n\n"
            ));
            out.push_str(&summary(verified, recipient));
            &[]
        }
        Err(problems) => {
            let count = problems.len();
            out.push_str(&format!(
                "NOT verified: {count} problem{} found in {file} (checked as of {at}). Do not rely on it until they are resolved.\n",
                if count == 1 { "" } else { "s" }
            ));
            problems
        }
    };
    out.push_str("\nwhat was checked:\n");
    for check in Check::ALL {
        let mark = match state(check, problems) {
            "failed" => "✗",
            "not checked" => "·",
            _ => "✓",
        };
        let suffix = match state(check, problems) {
            "not checked" if check == Check::Dates && !failed_form(problems) => {
                " (not checked: its dates cannot be read)"
            }
            "not checked" => " (not checked: the file could not be read as a credential)",
            _ => "",
        };
        out.push_str(&format!("  {mark} {check}: {}{suffix}\n", check.describe()));
        let mut meanings: Vec<&str> = Vec::new();
        for problem in problems.iter().filter(|p| p.check() == check) {
            out.push_str(&format!("      problem: {}\n", clean(&problem.to_string())));
            if !meanings.contains(&problem.meaning()) {
                meanings.push(problem.meaning());
            }
        }
        for meaning in meanings {
            out.push_str(&format!("      what it means: {meaning}\n"));
        }
    }
    out
}

fn failed_form(problems: &[CredentialProblem]) -> bool {
    problems.iter().any(|p| p.check() == Check::Form)
}

/// What a verified credential says, one line each.
fn summary(verified: &VerifiedCredential, recipient: Option<(&str, bool)>) -> String {
    let mut out = String::new();
    let mut line = |label: &str, text: &str| {
        out.push_str(&format!("  {label:<12}{}\n", clean(text)));
    };
    let issuer = match &verified.issuer_name {
        Some(name) => format!("{name} ({})", verified.issuer_did),
        None => verified.issuer_did.clone(),
    };
    line("issued by", &issuer);
    line("achievement", &verified.achievement_name);
    line("credential", &verified.id);
    let about = match (&verified.recipient_hash, recipient) {
        (None, _) => "not named".to_owned(),
        (Some(_), Some((name, true))) => format!("{name} (the salted hash matches)"),
        (Some(_), Some((name, false))) => {
            format!("NOT {name}: the salted hash is another name's")
        }
        (Some(hash), None) => {
            format!("named by a salted hash ({hash}); check a name with --recipient NAME")
        }
    };
    line("recipient", &about);
    let window = match verified.valid_until {
        Some(until) => format!("from {} until {until}", verified.valid_from),
        None => format!("from {}, with no end date", verified.valid_from),
    };
    line("valid", &window);
    let items = if verified.completed.is_empty() {
        format!("{} required, none accepted", verified.aligned.len())
    } else {
        format!(
            "{} required, {} accepted: {}",
            verified.aligned.len(),
            verified.completed.len(),
            verified.completed.join(", ")
        )
    };
    line("items", &items);
    line("evidence", &format!("{} entries", verified.evidence));
    out
}
