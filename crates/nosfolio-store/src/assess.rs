//! Recording an assessment: who decides (the portfolio's people), what
//! (core's rule), signed with the decider's own key when they have one,
//! appended to their decision file. The one path the CLI and the web app
//! both take.

use nosfolio_core::{
    Assessment, Decision, Manifest, PublicKey, Role, SignError, Signable as _, decide, decider,
};

use crate::decisions::{DecisionError, Recorded, record_decisions};
use crate::portfolio::Portfolio;
use std::path::Path;

#[cfg(doc)]
use crate::signing::config_folder;
use crate::signing::{KeyError, find_key};

/// What an assessor asks to record on one piece of evidence.
#[derive(Debug, Clone, Copy)]
pub struct AssessRequest<'a> {
    /// The piece: its path relative to the portfolio (its file, one of its
    /// files, or its description).
    pub evidence: &'a str,
    /// Items accepted, as written.
    pub accept: &'a [String],
    /// Items referred, as written.
    pub refer: &'a [String],
    /// The comment for every item without its own.
    pub comment: &'a str,
    /// Comments on single items.
    pub comments: &'a [(String, String)],
    /// Who decides, as given (else the portfolio's only one in `role`).
    pub assessor: Option<&'a str>,
    /// In what role.
    pub role: Role,
    /// When.
    pub date: jiff::civil::Date,
    /// The configuration folder holding the decider's signing key
    /// ([`config_folder`] for the user running nosfolio); `None`: unsigned.
    pub keys: Option<&'a Path>,
}

/// What [`assess`] recorded.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// Where.
    pub recorded: Recorded,
    /// The decisions, as recorded.
    pub decisions: Vec<Decision>,
    /// Who decided.
    pub assessor: String,
    /// The piece's path and SHA-256 they are pinned to.
    pub evidence: String,
    /// Its SHA-256.
    pub sha256: String,
    /// The public key they were signed with; `None` when the decider has
    /// no key (they are recorded unsigned).
    pub signed_with: Option<PublicKey>,
}

/// Why nothing was recorded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AssessError {
    /// The path is not evidence of the portfolio.
    #[error(
        "{0} is not evidence of this portfolio (no sidecar or front matter); nothing was recorded"
    )]
    NotEvidence(String),
    /// Who may decide, or what, was refused: every reason.
    #[error("{}\nnothing was recorded", .0.join("\n"))]
    Refused(Vec<String>),
    /// The decider's key could not be used.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A decision could not be signed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The file could not be written.
    #[error(transparent)]
    Record(#[from] DecisionError),
}

/// Records `request` on `portfolio`: the decider by the portfolio's
/// people ([`decider`]), the decisions by core's rule ([`decide`]), each
/// signed with the decider's key from `request.keys` when there is one, appended to their file under the write lock.
///
/// # Errors
/// [`AssessError`]: nothing is written unless all of it succeeds.
pub fn assess(portfolio: &Portfolio, request: &AssessRequest<'_>) -> Result<Assessed, AssessError> {
    let piece = portfolio
        .piece(request.evidence)
        .ok_or_else(|| AssessError::NotEvidence(request.evidence.to_owned()))?;
    let people = portfolio
        .manifest
        .as_ref()
        .map(Manifest::people)
        .unwrap_or_default();
    let assessor = decider(&people, request.assessor, request.role)
        .map_err(|why| AssessError::Refused(vec![why]))?;
    let assessment = Assessment {
        accept: request.accept,
        refer: request.refer,
        comment: request.comment,
        comments: request.comments,
        assessor: &assessor,
        role: request.role,
        date: request.date,
    };
    let decisions =
        decide(piece, &portfolio.standards, &assessment).map_err(AssessError::Refused)?;
    let key = match request.keys {
        Some(folder) => find_key(folder, &assessor, request.role.signer())?,
        None => None,
    };
    let decisions = match &key {
        Some(key) => decisions
            .into_iter()
            .map(|d| d.signed(&key.secret))
            .collect::<Result<Vec<_>, _>>()?,
        None => decisions,
    };
    let recorded = record_decisions(&portfolio.root, &decisions)?;
    Ok(Assessed {
        recorded,
        decisions,
        assessor,
        evidence: piece.path.clone(),
        sha256: piece.sha256.clone().unwrap_or_default(),
        signed_with: key.map(|k| k.public()),
    })
}
