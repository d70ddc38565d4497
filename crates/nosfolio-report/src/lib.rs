//! Renderers for nosfolio: the coverage matrix for a terminal and as JSON,
//! CSV and Markdown; the evidence index; standards; and diagnostics.
//!
//! Renderers take a [`PortfolioView`] (what `nosfolio-store` read and
//! `nosfolio-core` computed) and return text; they never touch the disk.
//! Every piece of user text is escaped for its format: control characters
//! are removed for terminals, formulas neutralised for spreadsheets, and
//! table syntax and HTML escaped for Markdown.
//!
//! ```
//! use nosfolio_core::{Coverage, StandardSet, builtin_standard};
//! use nosfolio_report::{PortfolioView, TextOptions, matrix_text};
//!
//! let mut standards = StandardSet::new();
//! standards.add(builtin_standard("mla3").expect("built in").clone());
//! let coverage = Coverage::compute(&standards, &[]);
//! let view = PortfolioView {
//!     candidate: Some("Ann"),
//!     assessors: &[],
//!     iqas: &[],
//!     details: None,
//!     standards: &standards,
//!     evidence: &[],
//!     coverage: &coverage,
//!     target: &Default::default(),
//!     decisions: &[],
//!     trust: None,
//!     sign_offs: &Default::default(),
//!     network: &Default::default(),
//! };
//! let text = matrix_text(&view, &TextOptions::default());
//! assert!(text.contains("32 items: 32 missing"));
//! ```

#![forbid(unsafe_code)]

mod about;
mod attainment;
mod caseload;
mod contacts;
mod content;
mod diagnostics;
mod gaps;
mod html;
mod index;
mod markdown;
mod matrix;
mod network;
mod network_report;
mod report;
mod signatures;
mod standards;
mod status;
mod suggest;
mod text;
mod view;

pub use attainment::{AttainmentLine, attainment_lines, attainment_text};
pub use caseload::{CaseloadRow, caseload_csv, caseload_text, sort_caseload};
pub use contacts::contacts_text;
pub use content::{
    ContentFile, ContentFor, EMAIL_LIMIT, EmailBody, EmailContent, EvidenceContent, IMAGE_BYTES,
    IMAGE_LIMIT, IMAGE_PIXELS, IMAGE_WIDTH, ImageContent, ReadHead, Shortened, TEXT_SHOWN,
    evidence_content, evidence_content_html,
};
pub use diagnostics::{diagnostics_text, summary_line};
pub use gaps::{gaps_json, gaps_text};
pub use html::{TemplateError, Templates, template_names};
pub use index::{index_json, index_text};
pub use markdown::{
    BlockKind, TextBlock, description_html, description_html_linked, description_lines,
    markdown_blocks,
};
pub use matrix::{matrix_csv, matrix_json, matrix_md, matrix_text};
pub use network::{due_text, introductions_text, plan_text, review_text};
pub use report::{ReportData, ReportMeta, ReportModel, ShownFile, report_md};
pub use signatures::{
    NotCounted, SignOffLine, SignOffSummary, SignatureSummary, StandardSignOffLine,
};
pub use standards::{standard_md, standard_text, standards_list_text};
pub use status::{PageStep, StatusModel};
pub use suggest::{suggest_json, suggest_kinds_json, suggest_kinds_text, suggest_text};
pub use text::{TextOptions, clean, human_size, is_unsafe_for_terminal, terminal_safe};
pub use view::PortfolioView;
