//! What the renderers are given, and the JSON shapes they produce.

use nosfolio_core::{
    Claim, Coverage, Evidence, EvidenceFile, Reason, StandardSet, Status, Summary, Target, Witness,
};
use serde::Serialize;

/// Everything a renderer needs about one portfolio, already read and computed.
#[derive(Debug, Clone, Copy)]
pub struct PortfolioView<'a> {
    /// The candidate's name, when `portfolio.yaml` could be read.
    pub candidate: Option<&'a str>,
    /// The assessors' names, the lead first (empty while none is listed).
    pub assessors: &'a [String],
    /// The internal quality assurers' names (empty while none is listed).
    pub iqas: &'a [String],
    /// What the cover says of the candidate beyond their name.
    pub details: Option<&'a nosfolio_core::Details>,
    /// The standards assessed against.
    pub standards: &'a StandardSet,
    /// The evidence, in the order it is numbered (1, 2, …).
    pub evidence: &'a [Evidence],
    /// Coverage of every item.
    pub coverage: &'a Coverage,
    /// What the candidate is going for (the coverage counts what it requires).
    pub target: &'a Target,
    /// Assessors' decisions, oldest first (indexed by the coverage), each
    /// weighed: only those that count set the coverage.
    pub decisions: &'a [nosfolio_core::Decision],
    /// The trust list the decisions were weighed under, as shown, if any.
    pub trust: Option<&'a str>,
    /// The declaration and sign-offs, as they stand now.
    pub sign_offs: &'a crate::SignOffSummary,
    /// The networking plan (empty when the portfolio has none).
    pub network: &'a nosfolio_network::Network,
}

#[derive(Serialize)]
pub(crate) struct StandardJson<'a> {
    id: &'a str,
    code: Option<&'a str>,
    title: &'a str,
}

#[derive(Serialize)]
pub(crate) struct GroupSummaryJson<'a> {
    standard: &'a str,
    group: &'a str,
    title: String,
    #[serde(flatten)]
    counts: Summary,
}

#[derive(Serialize)]
pub(crate) struct SummaryJson<'a> {
    #[serde(flatten)]
    counts: Summary,
    groups: Vec<GroupSummaryJson<'a>>,
}

#[derive(Serialize)]
pub(crate) struct ItemJson<'a> {
    standard: &'a str,
    id: &'a str,
    group: &'a str,
    text: &'a str,
    status: Status,
    /// Why the item needs attention; `null` when it needs none.
    needs_attention: Option<Reason>,
    /// Whether the portfolio's target requires it.
    required: bool,
    /// Each piece claiming it and the state of that claim.
    claims: Vec<ClaimStateJson<'a>>,
    evidence: Vec<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct ClaimStateJson<'a> {
    evidence: &'a str,
    state: nosfolio_core::ClaimState,
}

#[derive(Serialize)]
pub(crate) struct ClaimJson<'a> {
    standard: &'a str,
    item: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct EvidenceJson<'a> {
    number: usize,
    path: &'a str,
    described_by: &'a str,
    title: &'a str,
    date: Option<String>,
    #[serde(rename = "type")]
    evidence_type: Option<&'a str>,
    confidentiality: nosfolio_core::Confidentiality,
    draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    witness: Option<&'a Witness>,
    files: &'a [EvidenceFile],
    sha256: Option<&'a str>,
    claims: Vec<ClaimJson<'a>>,
}

pub(crate) fn claim_json(claim: &Claim) -> ClaimJson<'_> {
    ClaimJson {
        standard: &claim.item.standard,
        item: &claim.item.item,
        at: claim.at.as_deref(),
        note: claim.note.as_deref(),
    }
}

pub(crate) fn evidence_json(number: usize, evidence: &Evidence) -> EvidenceJson<'_> {
    EvidenceJson {
        number,
        path: &evidence.path,
        described_by: &evidence.described_by,
        title: &evidence.title,
        date: evidence.date.map(|d| d.to_string()),
        evidence_type: evidence.evidence_type.as_ref().map(|t| t.id.as_str()),
        confidentiality: evidence.confidentiality,
        draft: evidence.draft,
        description: evidence.description.as_deref(),
        witness: evidence.witness.as_ref(),
        files: &evidence.files,
        sha256: evidence.sha256.as_deref(),
        claims: evidence.claims.iter().map(claim_json).collect(),
    }
}

impl<'a> PortfolioView<'a> {
    /// The statuses a legend should explain: claimed and missing always,
    /// the others only where they occur.
    pub(crate) fn statuses(&self) -> Vec<Status> {
        Status::ALL
            .into_iter()
            .filter(|s| {
                matches!(s, Status::Claimed | Status::Missing)
                    || self.coverage.items.iter().any(|c| c.status == *s)
            })
            .collect()
    }

    pub(crate) fn standards_json(&self) -> Vec<StandardJson<'a>> {
        self.standards
            .standards()
            .iter()
            .map(|s| StandardJson {
                id: &s.id,
                code: s.code.as_deref(),
                title: &s.title,
            })
            .collect()
    }

    pub(crate) fn summary_json(&self) -> SummaryJson<'a> {
        SummaryJson {
            counts: self.coverage.summary(),
            groups: self
                .standards
                .standards()
                .iter()
                .flat_map(|s| s.groups.iter().map(move |g| (s, g)))
                .filter(|(_, g)| !g.items.is_empty())
                .map(|(s, g)| GroupSummaryJson {
                    standard: &s.id,
                    group: &g.id,
                    title: s.heading(g),
                    counts: self.coverage.group_summary(&s.id, &g.id),
                })
                .collect(),
        }
    }

    pub(crate) fn items_json(&self) -> Vec<ItemJson<'a>> {
        let coverage: &'a Coverage = self.coverage;
        coverage
            .items
            .iter()
            .filter_map(|c| {
                let (_, _, item) = self.standards.item(&c.item)?;
                Some(ItemJson {
                    standard: &c.item.standard,
                    id: &item.id,
                    group: &c.group,
                    text: &item.text,
                    status: c.status,
                    needs_attention: c.attention().map(|a| a.reason),
                    required: c.required,
                    claims: c
                        .evidence
                        .iter()
                        .zip(&c.claims)
                        .map(|(&i, &state)| ClaimStateJson {
                            evidence: self.evidence[i].path.as_str(),
                            state,
                        })
                        .collect(),
                    evidence: c
                        .evidence
                        .iter()
                        .map(|&i| self.evidence[i].path.as_str())
                        .collect(),
                })
            })
            .collect()
    }

    pub(crate) fn evidence_json(&self) -> Vec<EvidenceJson<'a>> {
        let evidence: &'a [Evidence] = self.evidence;
        evidence
            .iter()
            .enumerate()
            .map(|(i, e)| evidence_json(i + 1, e))
            .collect()
    }
}
