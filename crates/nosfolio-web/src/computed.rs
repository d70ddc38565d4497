//! A portfolio's coverage and sign-offs, worked out once, and the view of
//! it every renderer takes: what the command line prints and the web app
//! shows are built the same way.

use nosfolio_core::{Coverage, Manifest, Now};
use nosfolio_report::{PortfolioView, SignOffSummary};
use nosfolio_store::Portfolio;

/// Coverage of a portfolio and where its sign-offs stand.
#[derive(Debug, Clone)]
pub struct Computed {
    /// Coverage of every item, under the portfolio's policy and target.
    pub coverage: Coverage,
    /// The declaration and each standard's sign-off.
    pub sign_offs: SignOffSummary,
}

impl Computed {
    /// Works them out for `portfolio`.
    #[must_use]
    pub fn new(portfolio: &Portfolio) -> Self {
        let coverage = portfolio.coverage();
        let sign_offs = sign_off_summary(portfolio, &coverage);
        Self {
            coverage,
            sign_offs,
        }
    }

    /// The view of `portfolio` the renderers take.
    #[must_use]
    pub fn view<'a>(&'a self, portfolio: &'a Portfolio) -> PortfolioView<'a> {
        PortfolioView {
            candidate: portfolio.manifest.as_ref().map(|m| m.candidate.as_str()),
            assessors: portfolio
                .manifest
                .as_ref()
                .map_or(&[], |m| m.assessors.as_slice()),
            iqas: portfolio
                .manifest
                .as_ref()
                .map_or(&[], |m| m.iqas.as_slice()),
            details: portfolio.manifest.as_ref().map(|m| &m.details),
            standards: &portfolio.standards,
            evidence: &portfolio.evidence,
            coverage: &self.coverage,
            target: &portfolio.target,
            decisions: &portfolio.decisions,
            trust: portfolio.trust.as_deref(),
            sign_offs: &self.sign_offs,
            network: &portfolio.network,
        }
    }
}

/// Where the portfolio's declaration and sign-offs stand, given its
/// `coverage`.
#[must_use]
pub fn sign_off_summary(portfolio: &Portfolio, coverage: &Coverage) -> SignOffSummary {
    let people = portfolio
        .manifest
        .as_ref()
        .map(Manifest::people)
        .unwrap_or_default();
    let digest = portfolio.evidence_digest();
    SignOffSummary::of(
        &portfolio.sign_offs,
        &Now {
            people: &people,
            standards: &portfolio.standards,
            coverage,
            evidence_digest: &digest,
        },
    )
}
