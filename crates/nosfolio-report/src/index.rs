//! The evidence index (`nosfolio scan`): every piece of evidence with its
//! files, sizes, hashes and claims.

use std::fmt::Write as _;

use serde::Serialize;

use crate::text::{Paint, TextOptions, clean, human_size, wrap};
use crate::view::{EvidenceJson, PortfolioView};

/// The index for a terminal.
#[must_use]
pub fn index_text(view: &PortfolioView<'_>, options: &TextOptions) -> String {
    let mut out = String::new();
    let totals = Totals::of(view);
    let _ = writeln!(
        out,
        "{}\n",
        options.paint(
            Paint::Bold,
            &format!(
                "{} pieces of evidence, {} files, {}",
                totals.pieces,
                totals.files,
                human_size(totals.bytes)
            )
        )
    );
    let number_width = view.evidence.len().to_string().len();
    let indent = number_width + 4;
    for (index, evidence) in view.evidence.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>number_width$}  {}",
            index + 1,
            options.paint(Paint::Bold, &clean(&evidence.title))
        );
        let pad = " ".repeat(indent);
        let mut facts = vec![clean(&evidence.path)];
        if let Some(date) = evidence.date {
            facts.push(date.to_string());
        }
        if let Some(kind) = &evidence.evidence_type {
            facts.push(clean(&kind.id));
        }
        facts.push(evidence.confidentiality.to_string());
        let _ = writeln!(
            out,
            "{pad}{}",
            options.paint(Paint::Dim, &facts.join(" · "))
        );
        for file in &evidence.files {
            let hash = file.sha256.as_deref().unwrap_or("unreadable");
            let _ = writeln!(
                out,
                "{pad}{}  {}  sha256 {hash}",
                clean(&file.path),
                human_size(file.size)
            );
        }
        let claims: Vec<String> = evidence
            .claims
            .iter()
            .map(|c| {
                let id = view.standards.display(&c.item);
                match &c.at {
                    Some(at) => format!("{id} ({})", clean(at)),
                    None => id,
                }
            })
            .collect();
        let claims = if claims.is_empty() {
            "nothing".to_owned()
        } else {
            claims.join(", ")
        };
        let _ = writeln!(
            out,
            "{pad}{}",
            wrap(&format!("claims {claims}"), options.width, indent)
        );
        out.push('\n');
    }
    out
}

struct Totals {
    pieces: usize,
    files: usize,
    bytes: u64,
}

impl Totals {
    fn of(view: &PortfolioView<'_>) -> Self {
        let mut seen = std::collections::BTreeMap::new();
        for file in view.evidence.iter().flat_map(|e| &e.files) {
            seen.insert(file.path.as_str(), file.size);
        }
        Self {
            pieces: view.evidence.len(),
            files: seen.len(),
            bytes: seen.values().sum(),
        }
    }
}

#[derive(Serialize)]
struct IndexJson<'a> {
    candidate: Option<&'a str>,
    pieces: usize,
    files: usize,
    bytes: u64,
    evidence: Vec<EvidenceJson<'a>>,
}

/// The index as JSON.
#[must_use]
pub fn index_json(view: &PortfolioView<'_>) -> serde_json::Value {
    let totals = Totals::of(view);
    serde_json::to_value(IndexJson {
        candidate: view.candidate,
        pieces: totals.pieces,
        files: totals.files,
        bytes: totals.bytes,
        evidence: view.evidence_json(),
    })
    .unwrap_or_default()
}
