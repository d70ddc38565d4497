//! Recording declarations, sign-offs and countersignatures in
//! `sign-off.yaml`, a list only ever appended to, under the portfolio's
//! write lock.

use std::path::Path;

use nosfolio_core::{
    Manifest, Now, PublicKey, Role, SignError, SignOff, SignOffKind, SignOffRequest, Signable as _,
    SignerRole, decider, parse_sign_offs, sign_off, sign_off_record,
};

use crate::decisions::{DecisionError, Recorded, append_records};
use crate::portfolio::Portfolio;
use crate::signing::{KeyError, find_key};

/// The file, inside a portfolio, that holds the declaration, sign-offs and
/// countersignatures.
pub const SIGN_OFF_FILE: &str = "sign-off.yaml";

/// Appends `record` to `sign-off.yaml` in the portfolio at `root` (made
/// when there is none), checked to read back as what it held followed by
/// the record.
///
/// # Errors
/// Every [`DecisionError`]; nothing is written unless all of it succeeds.
pub fn record_sign_off(root: &Path, record: &SignOff) -> Result<Recorded, DecisionError> {
    let text = sign_off_record(record).map_err(|source| DecisionError::Serialize { source })?;
    let header = nosfolio_core::yaml_comment(
        "The candidate's declaration, assessors' sign-offs and IQAs' countersignatures,\nwritten by `nosfolio declare` and `nosfolio signoff`. Append-only: each is signed,\nand an edited record no longer counts.",
    );
    let total = append_records(
        root,
        SIGN_OFF_FILE,
        &header,
        &text,
        parse_sign_offs,
        std::slice::from_ref(record),
    )?;
    Ok(Recorded {
        file: SIGN_OFF_FILE.to_owned(),
        added: 1,
        total,
    })
}

/// What someone asks to declare, sign off or countersign.
#[derive(Debug, Clone, Copy)]
pub struct SignOffAsk<'a> {
    /// A declaration (by the candidate), a sign-off (an assessor's) or a
    /// countersignature (an IQA's).
    pub kind: SignOffKind,
    /// Who signs, as given; by default the candidate, or the only assessor
    /// or IQA listed ([`nosfolio_core::decider`]).
    pub name: Option<&'a str>,
    /// The standard; by default the portfolio's only one.
    pub standard: Option<&'a str>,
    /// When.
    pub date: jiff::civil::Date,
    /// The configuration folder holding the signer's key.
    pub keys: Option<&'a Path>,
}

/// Why nothing was declared or signed off.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignOffError {
    /// The portfolio does not read whole.
    #[error(
        "portfolio.yaml or one of its standards has errors: fix them first (`nosfolio check`); nothing was recorded"
    )]
    Incomplete,
    /// Who or which standard could not be told.
    #[error("{0}")]
    Refused(String),
    /// What it needs is missing: everything missing.
    #[error(
        "cannot make the {what} yet; nothing was recorded. Missing:\n{}",
        missing.iter().map(|m| format!("  - {m}")).collect::<Vec<_>>().join("\n")
    )]
    Missing {
        /// What was asked for, in words (`sign-off of mla3`).
        what: String,
        /// Everything missing.
        missing: Vec<String>,
    },
    /// The signer has no key, and this must be signed.
    #[error(
        "{name} has no signing key as {role}, and this must be signed; nothing was recorded\n  help: make one with `nosfolio key new --name \"{name}\" --role {}`, and give its public key to your centre",
        role_arg(*role)
    )]
    NoKey {
        /// Who.
        name: String,
        /// As what.
        role: SignerRole,
    },
    /// The key could not be used.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// It could not be signed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// It could not be written.
    #[error(transparent)]
    Record(#[from] DecisionError),
}

/// `candidate`, `assessor` or `iqa`, as `--role` takes it.
#[must_use]
pub fn role_arg(role: SignerRole) -> &'static str {
    match role {
        SignerRole::Candidate => "candidate",
        SignerRole::Assessor => "assessor",
        SignerRole::Iqa => "iqa",
    }
}

/// Makes, signs and records what `ask` asks for on `portfolio`, if core's
/// rule ([`sign_off`]) says it holds the moment it is made.
///
/// # Errors
/// [`SignOffError`]; nothing is written unless all of it succeeds.
pub fn make_sign_off(
    portfolio: &Portfolio,
    coverage: &nosfolio_core::Coverage,
    ask: &SignOffAsk<'_>,
) -> Result<(SignOff, Recorded, PublicKey), SignOffError> {
    if !portfolio.standards_complete() {
        return Err(SignOffError::Incomplete);
    }
    let people = portfolio
        .manifest
        .as_ref()
        .map(Manifest::people)
        .ok_or(SignOffError::Incomplete)?;
    let name = match ask.kind {
        SignOffKind::Declaration => people.candidate.clone(),
        SignOffKind::SignOff => {
            decider(&people, ask.name, Role::Assessor).map_err(SignOffError::Refused)?
        }
        SignOffKind::Countersignature => {
            decider(&people, ask.name, Role::Iqa).map_err(SignOffError::Refused)?
        }
    };
    let standard = match (ask.kind, ask.standard, portfolio.standards.standards()) {
        (SignOffKind::Declaration, _, _) => None,
        (_, Some(standard), _) => Some(standard.to_owned()),
        (_, None, [only]) => Some(only.id.clone()),
        (_, None, all) => {
            return Err(SignOffError::Refused(format!(
                "the portfolio has several standards: say which ({})",
                all.iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    };
    let role = ask.kind.role();
    let key = match ask.keys {
        Some(folder) => find_key(folder, &name, role)?,
        None => None,
    }
    .ok_or_else(|| SignOffError::NoKey {
        name: name.clone(),
        role,
    })?;
    let digest = portfolio.evidence_digest();
    let now = Now {
        people: &people,
        standards: &portfolio.standards,
        coverage,
        evidence_digest: &digest,
    };
    let request = SignOffRequest {
        kind: ask.kind,
        name: &name,
        standard: standard.as_deref(),
        date: ask.date,
    };
    let record =
        sign_off(&request, &portfolio.sign_offs, &now, &portfolio.target).map_err(|missing| {
            SignOffError::Missing {
                what: match &standard {
                    Some(standard) => format!("{} of {standard}", ask.kind),
                    None => ask.kind.to_string(),
                },
                missing,
            }
        })?;
    let record = record.signed(&key.secret)?;
    let recorded = record_sign_off(&portfolio.root, &record)?;
    Ok((record, recorded, key.public()))
}
