//! The portfolio report: one model, built with the audience's
//! confidentiality rules already applied, rendered to HTML (tera templates)
//! or Markdown. Because redaction happens here, a user's own template can
//! only show what the audience may see.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use nosfolio_core::{
    Audience, Confidentiality, Evidence, Reason, Status, Visibility, collection_plan, visibility,
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::about::{about_facts, legacy_notice, scope_label};
use nosfolio_core::ClaimState;

use crate::attainment::AttainmentLine;
use crate::content::ContentFile;
use crate::markdown::{markdown_to_html, markdown_to_text};
use crate::matrix::md_cell;
use crate::network_report::{NetworkModel, network_md};
use crate::signatures::{SignOffLine, SignOffSummary, StandardSignOffLine};
use crate::text::{clean, human_size, truncate_words};
use crate::view::PortfolioView;

/// Facts about the report itself.
#[derive(Debug, Clone)]
pub struct ReportMeta {
    /// Who it is for.
    pub audience: Audience,
    /// When it was made, `YYYY-MM-DD`.
    pub generated: String,
    /// The nosfolio version.
    pub version: String,
    /// The evidence digest (`Portfolio::evidence_digest` in nosfolio-store):
    /// not the seal digest.
    pub digest: String,
    /// How to reach the portfolio folder from the report's folder, for file
    /// links: the folder names on the way, `..` for each step up (none when
    /// they are the same folder). Names, not URL text: each is
    /// percent-encoded into a link, so no folder's name is read as a scheme
    /// or a host.
    pub base: Vec<String>,
    /// Whether the gaps and what to collect next are shown: `None` shows
    /// them to the candidate alone (`gaps_shown`).
    pub gaps: Option<bool>,
}

/// Whether a report for `audience` shows the gaps when not told: only the
/// candidate's does, since what is still missing is theirs to act on.
#[must_use]
fn gaps_shown(audience: Audience, asked: Option<bool>) -> bool {
    asked.unwrap_or(audience == Audience::Candidate)
}

/// Whom a report for `audience` is for and what it holds, in words, as
/// every format's cover says it.
fn prepared_for(audience: Audience) -> &'static str {
    match audience {
        Audience::Candidate => "the candidate (complete)",
        Audience::Assessor => "assessors (private evidence shown as a summary)",
        Audience::Public => "public view (public evidence only)",
    }
}

#[derive(Serialize)]
struct DecisionModel {
    decision: String,
    assessor: String,
    iqa: bool,
    date: String,
    comment: String,
    /// Made on the evidence as it is now.
    current: bool,
    /// Where its signature stands, in words.
    signature: &'static str,
    /// Why it does not count, when it does not.
    not_counted: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ClaimRef {
    decisions: Vec<DecisionModel>,
    /// Where the claim stands (awaiting, accepted, stale, referred,
    /// resubmitted); not shown in the public version, which shows no
    /// decisions.
    state: Option<ClaimState>,
    number: usize,
    anchor: String,
    evidence_anchor: String,
    title: String,
    at: Option<String>,
    note: Option<String>,
    visibility: Visibility,
}

#[derive(Serialize)]
struct ItemModel {
    anchor: String,
    id: String,
    text: String,
    status: Status,
    symbol: &'static str,
    shortfall: Option<String>,
    /// The claims on it, each rendered on its own (see
    /// [`ReportModel::data`]): not in the page's context, where
    /// thousands of them would each be a map of their own.
    #[serde(skip)]
    claims: Vec<ClaimRef>,
    /// How many claims are listed.
    claim_count: usize,
    withheld: usize,
    evidence_types: Vec<TypeRefModel>,
    /// The scope statements of the standard's record that qualify it.
    scope: Vec<LabelledText>,
}

/// A text with what introduces it: a fact of a standard's record, a scope
/// statement, a glossary term and its definition.
#[derive(Serialize)]
struct LabelledText {
    label: String,
    text: String,
}

#[derive(Serialize, Clone)]
struct TypeRefModel {
    id: String,
    text: String,
}

#[derive(Serialize)]
struct GroupModel {
    heading: String,
    intro: Option<String>,
    level: Option<u32>,
    /// A level above the one aimed at: shown, not counted.
    beyond_target: bool,
    /// Its items in each of the report's status columns; they add up to `total`.
    counts: Vec<usize>,
    total: usize,
    claimed: usize,
    insufficient: usize,
    missing: usize,
    percent: usize,
    items: Vec<ItemModel>,
}

#[derive(Serialize)]
struct StandardModel {
    id: String,
    label: String,
    code: Option<String>,
    title: String,
    leveled: bool,
    /// How far each competency the target counts is evidenced, as sentences.
    attainments: Vec<AttainmentLine>,
    /// The headings of groups outside the target (shown, not counted).
    outside_target: Vec<String>,
    total: usize,
    claimed: usize,
    percent: usize,
    groups: Vec<GroupModel>,
    /// Said first when the standard is legacy: what replaces it.
    legacy_notice: Option<String>,
    /// "About this standard": the facts of its record that are set.
    about: Vec<LabelledText>,
    /// The record's values, sanitized HTML.
    values_html: Option<String>,
    #[serde(skip)]
    values_text: Vec<String>,
    /// The record's glossary: terms and their definitions.
    glossary: Vec<LabelledText>,
}

#[derive(Serialize)]
struct FileModel {
    path: String,
    href: String,
    size: String,
    sha256: Option<String>,
    /// Its kind ([`nosfolio_core::MediaKind::name`]).
    kind: &'static str,
    /// Only listed (a PDF or another file the HTML cannot show), with its
    /// size, SHA-256 and link.
    listed: bool,
    /// Where the evidence itself goes: a placeholder the rendered page's
    /// content replaces ([`crate::content::fill`]).
    content: String,
}

/// A file whose content the report shows.
#[derive(Debug, Clone)]
pub(crate) struct ContentSource {
    /// Its piece's number in the report.
    pub(crate) number: usize,
    /// Its path, `/`-separated, relative to the portfolio.
    pub(crate) path: String,
    /// Its size in bytes.
    pub(crate) size: u64,
    /// Its SHA-256, as recorded.
    pub(crate) sha256: Option<String>,
    /// Its piece's title.
    pub(crate) title: String,
}

impl ContentSource {
    /// The file as the content's rule takes it.
    pub(crate) fn file(&self) -> ContentFile<'_> {
        ContentFile {
            path: &self.path,
            size: self.size,
            sha256: self.sha256.as_deref(),
            title: &self.title,
        }
    }
}

#[derive(Serialize)]
struct EvidenceClaimModel {
    anchor: String,
    item_anchor: String,
    id: String,
    at: Option<String>,
    note: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct EvidenceModel {
    number: usize,
    anchor: String,
    draft: bool,
    visibility: Visibility,
    confidentiality: Confidentiality,
    title: String,
    date: Option<String>,
    type_id: Option<String>,
    type_text: Option<String>,
    path: Option<String>,
    witness: Option<WitnessModel>,
    files: Vec<FileModel>,
    description_html: Option<String>,
    #[serde(skip)]
    description_text: Vec<String>,
    sha256: Option<String>,
    claims: Vec<EvidenceClaimModel>,
    /// How many of its files are shown in the HTML.
    files_shown: usize,
    /// What says that its PDFs and other files are only listed.
    listed_note: Option<String>,
}

#[derive(Serialize)]
struct WitnessModel {
    name: String,
    role: String,
    organisation: Option<String>,
    relationship: Option<String>,
    date: Option<String>,
}

#[derive(Serialize)]
struct MatrixColumn {
    number: usize,
    draft: bool,
    anchor: String,
    title: String,
}

/// A cell of the grid: the claim it links to, when there is one.
#[derive(Serialize)]
struct MatrixCell {
    href: Option<String>,
}

/// A piece of evidence claiming a row's item, in the list form.
#[derive(Serialize)]
struct ClaimedBy {
    number: usize,
    href: String,
}

#[derive(Serialize)]
struct MatrixRow {
    heading: Option<String>,
    anchor: String,
    id: String,
    /// The item's text, cut to a line so that a row reads on its own.
    short: String,
    /// The whole text, when `short` is cut.
    text: Option<String>,
    status: Status,
    symbol: &'static str,
    /// The grid's cells, one a column (the grid form).
    cells: Vec<MatrixCell>,
    /// The evidence claiming it (the list form).
    claimed_by: Vec<ClaimedBy>,
}

/// One table of the matrix and the legend of its evidence.
#[derive(Serialize)]
struct MatrixPage {
    first: usize,
    last: usize,
    /// Whether each piece of evidence has a column (a grid) or each row
    /// lists the evidence claiming its item (a list).
    grid: bool,
    columns: Vec<MatrixColumn>,
    standards: Vec<(String, Vec<MatrixRow>)>,
}

#[derive(Serialize)]
struct GapModel {
    standard: String,
    items: Vec<GapItem>,
    below_policy: Vec<GapItem>,
    /// What to collect next: each evidence type once, with the missing
    /// items it would cover (core's `collection_plan`).
    collect: Vec<CollectModel>,
}

/// One kind of evidence to collect, and the items it would cover.
#[derive(Serialize)]
struct CollectModel {
    id: String,
    text: String,
    covers: Vec<ItemLink>,
}

/// An item, linked to its place in the report.
#[derive(Serialize)]
struct ItemLink {
    id: String,
    anchor: String,
}

#[derive(Serialize)]
struct GapItem {
    anchor: String,
    id: String,
    text: String,
    /// Why it needs attention.
    reason: Reason,
    /// What is wrong, in words.
    shortfall: Option<String>,
}

/// The report's data, ready for a template.
#[derive(Serialize)]
pub struct ReportModel {
    audience: Audience,
    /// Whom it is for, in words ([`prepared_for`]).
    prepared_for: &'static str,
    candidate: Option<String>,
    /// The assessors, the lead first.
    assessors: Vec<String>,
    /// The internal quality assurers.
    iqas: Vec<String>,
    /// The candidate's details the cover gives (job title, organisation,
    /// centre, qualification), those given.
    details: Vec<LabelledText>,
    /// The dates of the evidence shown, first to last, when any is dated.
    evidence_dates: Option<String>,
    /// What the candidate is going for, in words.
    target: Option<String>,
    /// The declaration and each standard's sign-off, as they stand.
    sign_offs: SignOffSummary,
    generated: String,
    version: String,
    digest: String,
    standards: Vec<StandardModel>,
    total: usize,
    claimed: usize,
    insufficient: usize,
    missing: usize,
    percent: usize,
    /// The statuses of the summary's columns, in order.
    status_columns: Vec<String>,
    /// `32 items: 2 accepted, 17 claimed, 13 missing`.
    partition: String,
    /// The pieces of evidence, each rendered on its own (see
    /// [`ReportModel::data`]): not in the page's context.
    #[serde(skip)]
    evidence: Vec<EvidenceModel>,
    shown_evidence: usize,
    withheld_evidence: usize,
    matrix_pages: Vec<MatrixPage>,
    gaps: Vec<GapModel>,
    /// Whether the gaps section is there at all (see [`gaps_shown`]).
    show_gaps: bool,
    status_legend: Vec<(&'static str, String)>,
    network: Option<NetworkModel>,
    /// The files whose content the report shows, by placeholder number:
    /// only those of pieces the audience sees in full.
    #[serde(skip)]
    contents: Vec<ContentSource>,
    /// How to reach the portfolio from the report (see [`ReportMeta::base`]).
    #[serde(skip)]
    base: Vec<String>,
}

/// Columns per matrix table: more pieces of evidence are split over several
/// tables, each usable on screen and on an A4 page.
const MATRIX_COLUMNS: usize = 20;

/// The most pieces of evidence shown as a grid (two tables). Beyond it a
/// grid is pages of mostly empty cells no reader can follow (2,000 pieces
/// made a hundred tables and 9.5 MB of a 13 MB report), so each item's
/// row lists the evidence claiming it instead: one table, as long as the
/// items, whatever the evidence.
const MATRIX_GRID_MOST: usize = 2 * MATRIX_COLUMNS;

/// Columns of an item's text in a matrix row's heading.
const MATRIX_TEXT: usize = 60;

/// `summary` with every text made safe to show.
fn cleaned(summary: &SignOffSummary) -> SignOffSummary {
    let line = |l: &SignOffLine| SignOffLine {
        name: l.name.as_deref().map(clean),
        text: clean(&l.text),
        ..l.clone()
    };
    SignOffSummary {
        declaration: line(&summary.declaration),
        standards: summary
            .standards
            .iter()
            .map(|s| StandardSignOffLine {
                standard: clean(&s.standard),
                label: clean(&s.label),
                sign_off: line(&s.sign_off),
                countersignature: line(&s.countersignature),
            })
            .collect(),
    }
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(0)
}

fn item_anchor(standard: usize, item: usize) -> String {
    format!("item-{}-{}", standard + 1, item + 1)
}

fn evidence_anchor(number: usize) -> String {
    format!("evidence-{number}")
}

fn claim_anchor(number: usize, item_anchor: &str) -> String {
    format!("claim-{number}-{}", item_anchor.trim_start_matches("item-"))
}

/// The link to the portfolio's file `path` (`/`-separated) from a report
/// reached by `base` (see [`ReportMeta::base`]): a relative URL, each
/// segment percent-encoded but for unreserved characters, so that no
/// segment can be read as a scheme (`https:`, `javascript:`), a host, a
/// query or a fragment. A first segment holding `:` (encoded as `%3A`
/// already) is also preceded by `./`.
pub(crate) fn href(base: &[String], path: &str) -> String {
    /// Every byte but the unreserved characters of RFC 3986.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let segments: Vec<&str> = base
        .iter()
        .map(String::as_str)
        .chain(path.split('/'))
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = String::new();
    if segments.first().is_some_and(|s| s.contains(':')) {
        out.push_str("./");
    }
    for (n, segment) in segments.iter().enumerate() {
        if n > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, SEGMENT));
    }
    out
}

impl ReportModel {
    /// Builds the report for `meta.audience`.
    #[must_use]
    pub fn build(view: &PortfolioView<'_>, meta: &ReportMeta) -> Self {
        let audience = meta.audience;
        let visible: Vec<Visibility> = view
            .evidence
            .iter()
            .map(|e| visibility(audience, e.confidentiality))
            .collect();
        // Numbers are given to the pieces the audience sees, 1, 2, 3…
        let mut numbers = vec![0; view.evidence.len()];
        let mut next = 0;
        for (index, v) in visible.iter().enumerate() {
            if *v != Visibility::Withheld {
                next += 1;
                numbers[index] = next;
            }
        }
        let shown: Vec<usize> = (0..view.evidence.len())
            .filter(|&i| visible[i] != Visibility::Withheld)
            .collect();
        let anchors: Vec<Vec<String>> = view
            .standards
            .standards()
            .iter()
            .enumerate()
            .map(|(s, standard)| {
                standard
                    .items()
                    .enumerate()
                    .map(|(i, _)| item_anchor(s, i))
                    .collect()
            })
            .collect();
        // Every item's anchor by standard and item id, the first of each
        // (looked up for every claim and matrix row: built once, issue 14).
        let mut anchor_index: HashMap<(&str, &str), &str> = HashMap::new();
        for (s, standard) in view.standards.standards().iter().enumerate() {
            for (i, (_, item)) in standard.items().enumerate() {
                anchor_index
                    .entry((standard.id.as_str(), item.id.as_str()))
                    .or_insert(anchors[s][i].as_str());
            }
        }
        let anchor_of = |standard_id: &str, item_id: &str| -> String {
            anchor_index
                .get(&(standard_id, item_id))
                .map(|&a| a.to_owned())
                .unwrap_or_default()
        };

        let mut contents = Vec::new();
        let evidence = shown
            .iter()
            .map(|&index| {
                evidence_model(
                    view,
                    &view.evidence[index],
                    numbers[index],
                    visible[index],
                    meta,
                    &anchor_of,
                    &mut contents,
                )
            })
            .collect();

        let mut standards = Vec::new();
        let attainments = crate::attainment::attainment_lines(view);
        // Every status any item has, so that each row adds up.
        let columns = view.statuses();
        let mut gaps = Vec::new();
        let plan = collection_plan(view.standards, view.coverage);
        for (s, standard) in view.standards.standards().iter().enumerate() {
            let mut groups = Vec::new();
            let mut gap_items = Vec::new();
            let mut below_policy = Vec::new();
            let mut item_index = 0;
            // The evidence types supporting each item, in the table's order.
            let mut supporting: HashMap<&str, Vec<TypeRefModel>> = HashMap::new();
            for kind in &standard.evidence_types {
                let mut once = HashSet::new();
                for item in kind.supports.iter().filter(|i| once.insert(i.as_str())) {
                    supporting
                        .entry(item.as_str())
                        .or_default()
                        .push(TypeRefModel {
                            id: kind.id.clone(),
                            text: kind.text.clone(),
                        });
                }
            }
            for group in standard.groups.iter() {
                let counts = view.coverage.group_summary(&standard.id, &group.id);
                let mut items = Vec::new();
                for item in &group.items {
                    let anchor = anchors[s][item_index].clone();
                    item_index += 1;
                    let Some(coverage) = view.coverage.of(&standard.id, &item.id) else {
                        continue;
                    };
                    let types = supporting
                        .get(item.id.as_str())
                        .cloned()
                        .unwrap_or_default();
                    // This item's decisions by the piece they are on.
                    let mut decisions_on: HashMap<&str, Vec<&nosfolio_core::Decision>> =
                        HashMap::new();
                    for &d in &coverage.decisions {
                        let decision = &view.decisions[d];
                        decisions_on
                            .entry(decision.evidence.as_str())
                            .or_default()
                            .push(decision);
                    }
                    let mut claims = Vec::new();
                    let mut withheld = 0;
                    for (position, &e) in coverage.evidence.iter().enumerate() {
                        let piece = &view.evidence[e];
                        if visible[e] == Visibility::Withheld {
                            withheld += 1;
                            continue;
                        }
                        let claim = piece
                            .claims
                            .iter()
                            .find(|c| c.item.standard == standard.id && c.item.item == item.id);
                        let full = visible[e] == Visibility::Full;
                        let decisions = if audience == Audience::Public {
                            Vec::new()
                        } else {
                            decisions_on
                                .get(piece.path.as_str())
                                .into_iter()
                                .flatten()
                                .map(|d| DecisionModel {
                                    decision: d.decision.to_string(),
                                    assessor: clean(&d.assessor),
                                    iqa: d.role == nosfolio_core::Role::Iqa,
                                    date: d.date.clone(),
                                    comment: clean(&d.comment),
                                    current: piece.sha256.as_deref() == Some(d.sha256.as_str()),
                                    signature: d.standing.label(),
                                    not_counted: (!d.counts()).then(|| d.standing.explain()),
                                })
                                .collect()
                        };
                        claims.push(ClaimRef {
                            decisions,
                            // "awaiting" only beside a decided claim of the
                            // same item, where the difference matters.
                            state: coverage
                                .claims
                                .get(position)
                                .copied()
                                .filter(|&state| {
                                    state != ClaimState::Awaiting
                                        || coverage
                                            .claims
                                            .iter()
                                            .any(|&s| s != ClaimState::Awaiting)
                                })
                                .filter(|_| audience != Audience::Public),
                            number: numbers[e],
                            anchor: claim_anchor(numbers[e], &anchor),
                            evidence_anchor: evidence_anchor(numbers[e]),
                            title: title(piece, visible[e]),
                            at: claim.and_then(|c| c.at.clone()).filter(|_| full),
                            note: claim.and_then(|c| c.note.clone()).filter(|_| full),
                            visibility: visible[e],
                        });
                    }
                    if let Some(attention) = coverage.attention() {
                        let gap = GapItem {
                            anchor: anchor.clone(),
                            id: item.id.clone(),
                            text: item.text.clone(),
                            reason: attention.reason,
                            shortfall: Some(attention.detail()),
                        };
                        if attention.reason == Reason::Missing {
                            gap_items.push(gap);
                        } else {
                            below_policy.push(gap);
                        }
                    }
                    items.push(ItemModel {
                        anchor,
                        id: view.standards.display(&coverage.item),
                        text: item.text.clone(),
                        status: coverage.status,
                        symbol: coverage.status.symbol(),
                        shortfall: coverage.shortfall.clone(),
                        claim_count: claims.len(),
                        claims,
                        withheld,
                        evidence_types: types,
                        scope: standard
                            .record
                            .scope_of(&item.id)
                            .map(|scope| LabelledText {
                                label: clean(&scope_label(scope)),
                                text: clean(&scope.text),
                            })
                            .collect(),
                    });
                }
                if group.items.is_empty() {
                    continue;
                }
                groups.push(GroupModel {
                    heading: standard.heading(group),
                    intro: group.intro.clone(),
                    level: group.level,
                    beyond_target: view.coverage.beyond_target(&standard.id, group),
                    counts: columns.iter().map(|&s| counts.count(s)).collect(),
                    total: counts.total,
                    claimed: counts.covered(),
                    insufficient: counts.insufficient,
                    missing: counts.missing,
                    percent: percent(counts.covered(), counts.total),
                    items,
                });
            }
            let total: usize = groups.iter().map(|g| g.total).sum();
            let claimed: usize = groups.iter().map(|g| g.claimed).sum();
            if !gap_items.is_empty() || !below_policy.is_empty() {
                let collect = plan
                    .iter()
                    .filter(|step| step.standard == standard.id)
                    .map(|step| CollectModel {
                        id: step.evidence_type.clone(),
                        text: step.text.clone(),
                        covers: step
                            .covers
                            .iter()
                            .map(|id| ItemLink {
                                id: id.clone(),
                                anchor: anchor_of(&standard.id, id),
                            })
                            .collect(),
                    })
                    .collect();
                gaps.push(GapModel {
                    standard: standard.label(),
                    items: gap_items,
                    below_policy,
                    collect,
                });
            }
            standards.push(StandardModel {
                id: standard.id.clone(),
                label: standard.label(),
                code: standard.code.clone(),
                title: standard.title.clone(),
                leveled: standard.groups.iter().any(|g| g.level.is_some()),
                outside_target: groups
                    .iter()
                    .filter(|g| g.beyond_target)
                    .map(|g| g.heading.clone())
                    .collect(),
                attainments: attainments
                    .iter()
                    .filter(|a| a.standard == standard.short_name())
                    .cloned()
                    .collect(),
                total,
                claimed,
                percent: percent(claimed, total),
                groups,
                legacy_notice: legacy_notice(standard).map(|n| clean(&n)),
                about: about_facts(standard)
                    .into_iter()
                    .map(|(label, value)| LabelledText {
                        label: label.to_owned(),
                        text: clean(&value),
                    })
                    .collect(),
                values_html: standard
                    .record
                    .values
                    .as_deref()
                    .map(|v| markdown_to_html(v, &meta.base)),
                values_text: standard
                    .record
                    .values
                    .as_deref()
                    .map(markdown_to_text)
                    .unwrap_or_default(),
                glossary: standard
                    .record
                    .glossary
                    .iter()
                    .map(|entry| LabelledText {
                        label: clean(&entry.term),
                        text: clean(&entry.definition),
                    })
                    .collect(),
            });
        }

        // Each item's coverage by its anchor, the first of each.
        let mut coverage_at: HashMap<String, &nosfolio_core::ItemCoverage> = HashMap::new();
        for c in &view.coverage.items {
            coverage_at
                .entry(anchor_of(&c.item.standard, &c.item.item))
                .or_insert(c);
        }
        let matrix_pages = matrix_pages(
            &shown,
            &standards,
            |e| MatrixColumn {
                number: numbers[e],
                draft: view.evidence[e].draft,
                anchor: evidence_anchor(numbers[e]),
                title: title(&view.evidence[e], visible[e]),
            },
            |item| {
                coverage_at
                    .get(&item.anchor)
                    .map(|c| {
                        c.evidence
                            .iter()
                            .filter(|&&e| visible[e] != Visibility::Withheld)
                            .map(|&e| numbers[e])
                            .collect()
                    })
                    .unwrap_or_default()
            },
        );

        let network = (!view.network.is_empty()).then(|| {
            let mut by_path: HashMap<&str, usize> = HashMap::new();
            for (i, piece) in view.evidence.iter().enumerate() {
                by_path.entry(piece.path.as_str()).or_insert(i);
            }
            let evidence_at = |path: &str| {
                by_path
                    .get(path)
                    .copied()
                    .filter(|&i| visible[i] != Visibility::Withheld)
                    .map(|i| (numbers[i], evidence_anchor(numbers[i])))
            };
            let list_confidentiality = view
                .network
                .list
                .as_ref()
                .map_or(Confidentiality::Private, |l| l.meta.confidentiality);
            NetworkModel::build(
                view.network,
                audience,
                list_confidentiality,
                &evidence_at,
                &meta.base,
            )
        });
        let summary = view.coverage.summary();
        let show_gaps = gaps_shown(meta.audience, meta.gaps);
        if !show_gaps {
            gaps.clear();
        }
        Self {
            audience,
            prepared_for: prepared_for(audience),
            candidate: view.candidate.map(clean),
            assessors: view.assessors.iter().map(|a| clean(a)).collect(),
            iqas: view.iqas.iter().map(|a| clean(a)).collect(),
            details: view
                .details
                .map(|d| {
                    d.given()
                        .into_iter()
                        .map(|(detail, value)| LabelledText {
                            label: detail.label().to_owned(),
                            text: clean(value),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            evidence_dates: {
                let dates = || shown.iter().filter_map(|&e| view.evidence[e].date);
                match (dates().min(), dates().max()) {
                    (Some(first), Some(last)) if first == last => Some(first.to_string()),
                    (Some(first), Some(last)) => Some(format!("{first} to {last}")),
                    _ => None,
                }
            },
            target: view.target.describe(view.standards).map(|t| clean(&t)),
            sign_offs: cleaned(view.sign_offs),
            generated: meta.generated.clone(),
            version: meta.version.clone(),
            digest: meta.digest.clone(),
            standards,
            total: summary.total,
            claimed: summary.covered(),
            insufficient: summary.insufficient,
            missing: summary.missing,
            percent: percent(summary.covered(), summary.total),
            status_columns: columns.iter().map(ToString::to_string).collect(),
            partition: summary.describe(),
            evidence,
            shown_evidence: shown.len(),
            withheld_evidence: view.evidence.len() - shown.len(),
            matrix_pages,
            gaps,
            show_gaps,
            status_legend: view
                .statuses()
                .into_iter()
                .map(|s| (s.symbol(), s.to_string()))
                .collect(),
            network,
            contents,
            base: meta.base.clone(),
        }
    }

    /// The report's whole data, for outputs that take it at once (the PDF
    /// report): the model as templates see it, with `evidence` (every
    /// piece shown) and `claims` (each item's claims by its anchor), which
    /// the HTML report renders one piece and one item at a time.
    #[must_use]
    pub fn data(&self) -> ReportData<'_> {
        ReportData {
            model: self,
            evidence: &self.evidence,
            claims: self
                .standards
                .iter()
                .flat_map(|s| &s.groups)
                .flat_map(|g| &g.items)
                .map(|item| (item.anchor.as_str(), item.claims.as_slice()))
                .collect(),
        }
    }

    /// The pieces of evidence shown, in order, each for a template of its
    /// own.
    pub(crate) fn pieces(&self) -> &[EvidenceModel] {
        &self.evidence
    }

    /// Each item's claims, by the item's anchor, for a template of their
    /// own.
    pub(crate) fn claims_by_anchor(&self) -> HashMap<&str, &[ClaimRef]> {
        self.data().claims
    }

    /// The files whose content the report shows, by placeholder number.
    pub(crate) fn contents(&self) -> &[ContentSource] {
        &self.contents
    }

    /// Every file whose content this report shows, in the report's order,
    /// with its piece's number: the files of the pieces its audience sees
    /// in full, but for those only listed (a PDF or another file no report
    /// can show) and the networking plan's own (shown by its section).
    #[must_use]
    pub fn shown_contents(&self) -> Vec<(usize, ContentFile<'_>)> {
        self.contents.iter().map(|c| (c.number, c.file())).collect()
    }

    /// How to reach the portfolio from the report.
    pub(crate) fn base(&self) -> &[String] {
        &self.base
    }
}

/// The report's whole data (see [`ReportModel::data`]).
#[derive(Serialize)]
pub struct ReportData<'a> {
    #[serde(flatten)]
    model: &'a ReportModel,
    evidence: &'a [EvidenceModel],
    claims: HashMap<&'a str, &'a [ClaimRef]>,
}

/// A file of the report's evidence that its audience may see in full (the
/// PDF attaches exactly these): its path in the portfolio and the SHA-256
/// the portfolio recorded for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownFile<'a> {
    /// The piece's number in the report.
    pub number: usize,
    /// The file's path, `/`-separated, relative to the portfolio.
    pub path: &'a str,
    /// Its SHA-256, as recorded, when it was hashed.
    pub sha256: Option<&'a str>,
}

impl ReportModel {
    /// Every file of the evidence this report shows in full, in the
    /// report's order: what its audience may see, by the same rule that
    /// left the others out of the model.
    #[must_use]
    pub fn shown_files(&self) -> Vec<ShownFile<'_>> {
        self.evidence
            .iter()
            .filter(|e| e.visibility == Visibility::Full)
            .flat_map(|e| {
                e.files.iter().map(|f| ShownFile {
                    number: e.number,
                    path: f.path.as_str(),
                    sha256: f.sha256.as_deref(),
                })
            })
            .collect()
    }

    /// Each shown piece's description as plain lines (none for a piece the
    /// audience may not read), in the order of the model's evidence: for
    /// outputs that cannot show the sanitized HTML.
    #[must_use]
    pub fn description_lines(&self) -> Vec<&[String]> {
        self.evidence
            .iter()
            .map(|e| e.description_text.as_slice())
            .collect()
    }

    /// Each standard's values as plain lines, in the model's order.
    #[must_use]
    pub fn values_lines(&self) -> Vec<&[String]> {
        self.standards
            .iter()
            .map(|s| s.values_text.as_slice())
            .collect()
    }
}

/// A piece's title as an audience may see it: a private piece's title is
/// the candidate's own words and may name people, so others see only that
/// it is private.
fn title(piece: &Evidence, visibility: Visibility) -> String {
    match visibility {
        Visibility::Full => clean(&piece.title),
        Visibility::Restricted | Visibility::Withheld => "Private evidence".to_owned(),
    }
}

/// Whether piece `e` claims the item of `coverage`: its pieces are in
/// ascending order, so a binary search (a linear search for each cell made
/// the matrix cubic, issue 14).
/// The coverage matrix of the pieces `shown` (indices into the view's
/// evidence, in the report's order): a grid in tables of
/// [`MATRIX_COLUMNS`] while they are at most [`MATRIX_GRID_MOST`], else
/// one table whose rows list the evidence claiming each item. `column`
/// describes a piece; `claiming` gives the numbers of the shown pieces
/// claiming an item, in order.
fn matrix_pages(
    shown: &[usize],
    standards: &[StandardModel],
    column: impl Fn(usize) -> MatrixColumn,
    claiming: impl Fn(&ItemModel) -> Vec<usize>,
) -> Vec<MatrixPage> {
    if shown.is_empty() {
        return Vec::new();
    }
    let grid = shown.len() <= MATRIX_GRID_MOST;
    // Each item's claiming numbers, worked out once for every table.
    let claimed: Vec<Vec<Vec<usize>>> = standards
        .iter()
        .map(|standard| {
            standard
                .groups
                .iter()
                .flat_map(|group| &group.items)
                .map(&claiming)
                .collect()
        })
        .collect();
    let chunks: Vec<&[usize]> = if grid {
        shown.chunks(MATRIX_COLUMNS).collect()
    } else {
        vec![shown]
    };
    chunks
        .into_iter()
        .map(|chunk| {
            let columns: Vec<MatrixColumn> = chunk.iter().map(|&e| column(e)).collect();
            let standards = standards
                .iter()
                .zip(&claimed)
                .map(|(standard, claimed)| {
                    let items =
                        standard.groups.iter().flat_map(|group| {
                            group.items.iter().enumerate().map(move |(position, item)| {
                                ((position == 0).then_some(group), item)
                            })
                        });
                    let rows = items
                        .zip(claimed)
                        .map(|((first_of, item), numbers)| {
                            let href = |number| format!("#{}", claim_anchor(number, &item.anchor));
                            let short = truncate_words(&item.text, MATRIX_TEXT);
                            MatrixRow {
                                heading: first_of.map(|group| group.heading.clone()),
                                anchor: item.anchor.clone(),
                                id: item.id.clone(),
                                text: (short != item.text).then(|| item.text.clone()),
                                short,
                                status: item.status,
                                symbol: item.symbol,
                                cells: if grid {
                                    columns
                                        .iter()
                                        .map(|c| MatrixCell {
                                            href: numbers
                                                .binary_search(&c.number)
                                                .is_ok()
                                                .then(|| href(c.number)),
                                        })
                                        .collect()
                                } else {
                                    Vec::new()
                                },
                                claimed_by: if grid {
                                    Vec::new()
                                } else {
                                    numbers
                                        .iter()
                                        .map(|&number| ClaimedBy {
                                            number,
                                            href: href(number),
                                        })
                                        .collect()
                                },
                            }
                        })
                        .collect();
                    (standard.label.clone(), rows)
                })
                .collect();
            MatrixPage {
                first: columns.first().map_or(0, |c| c.number),
                last: columns.last().map_or(0, |c| c.number),
                grid,
                columns,
                standards,
            }
        })
        .collect()
}

/// What the evidence section shows for a file of the networking plan.
const NETWORK_CONTENT: &str = "<p class=\"content-note\">Shown in the networking plan below, each contact and journal entry as this version of the report may show it.</p>\n";

fn evidence_model(
    view: &PortfolioView<'_>,
    piece: &Evidence,
    number: usize,
    visibility: Visibility,
    meta: &ReportMeta,
    anchor_of: &dyn Fn(&str, &str) -> String,
    contents: &mut Vec<ContentSource>,
) -> EvidenceModel {
    let full = visibility == Visibility::Full;
    let kind = piece
        .evidence_type
        .as_ref()
        .and_then(|t| view.standards.evidence_type(t));
    let mut model = EvidenceModel {
        number,
        anchor: evidence_anchor(number),
        draft: piece.draft,
        visibility,
        confidentiality: piece.confidentiality,
        title: title(piece, visibility),
        date: piece.date.map(|d| d.to_string()),
        type_id: kind.map(|(_, t)| t.id.clone()),
        type_text: kind.map(|(_, t)| t.text.clone()),
        path: full.then(|| piece.path.clone()),
        witness: piece
            .witness
            .as_ref()
            .filter(|_| full)
            .map(|w| WitnessModel {
                name: clean(&w.name),
                role: clean(&w.role),
                organisation: w.organisation.as_deref().map(clean),
                relationship: w.relationship.as_deref().map(clean),
                date: w.date.clone(),
            }),
        files: if full {
            piece
                .files
                .iter()
                .map(|f| {
                    // Only a piece the audience sees in full has its
                    // content in the report. The networking plan's own
                    // files (the contacts list, the journal) are shown by
                    // its section, each contact and entry as the audience
                    // may see it: never as they are written.
                    let kind = nosfolio_core::media_of(&f.path).kind;
                    // A PDF or any other file is only listed, as the
                    // table of files above lists it: nothing to read.
                    let listed = matches!(
                        kind,
                        nosfolio_core::MediaKind::Pdf | nosfolio_core::MediaKind::Other
                    );
                    let content = if nosfolio_network::is_network_file(&f.path) {
                        NETWORK_CONTENT.to_owned()
                    } else if listed {
                        String::new()
                    } else {
                        contents.push(ContentSource {
                            number,
                            path: f.path.clone(),
                            size: f.size,
                            sha256: f.sha256.clone(),
                            title: piece.title.clone(),
                        });
                        crate::content::placeholder(contents.len() - 1)
                    };
                    FileModel {
                        path: f.path.clone(),
                        href: href(&meta.base, &f.path),
                        size: human_size(f.size),
                        sha256: f.sha256.clone(),
                        kind: kind.name(),
                        listed: listed && !nosfolio_network::is_network_file(&f.path),
                        content,
                    }
                })
                .collect()
        } else {
            Vec::new()
        },
        description_html: piece
            .description
            .as_deref()
            .filter(|_| full)
            .map(|d| markdown_to_html(d, &meta.base)),
        description_text: piece
            .description
            .as_deref()
            .filter(|_| full)
            .map(markdown_to_text)
            .unwrap_or_default(),
        files_shown: 0,
        listed_note: None,
        sha256: piece.sha256.clone(),
        claims: piece
            .claims
            .iter()
            .map(|c| {
                let item_anchor = anchor_of(&c.item.standard, &c.item.item);
                EvidenceClaimModel {
                    anchor: claim_anchor(number, &item_anchor),
                    item_anchor,
                    id: view.standards.display(&c.item),
                    at: c.at.clone().filter(|_| full),
                    note: c.note.clone().filter(|_| full),
                }
            })
            .collect(),
    };
    let listed: Vec<&str> = model
        .files
        .iter()
        .filter(|f| f.listed)
        .map(|f| f.path.as_str())
        .collect();
    model.files_shown = model.files.len() - listed.len();
    model.listed_note = match (listed.as_slice(), model.files_shown) {
        ([], _) => None,
        ([_], 0) => Some(
            "Its file is not shown in this HTML report: it is listed above with its size and SHA-256, opens from its link there, and is attached to the PDF version of this report.".to_owned(),
        ),
        ([one], _) => Some(format!(
            "{one} is not shown in this HTML report: it is listed above with its size and SHA-256, opens from its link there, and is attached to the PDF version of this report."
        )),
        (many, _) => Some(format!(
            "Not shown in this HTML report: {}. They are listed above with their sizes and SHA-256, open from their links there, and are attached to the PDF version of this report.",
            many.join(", ")
        )),
    };
    model
}

/// A standard's "About this standard" block in the Markdown report: a
/// legacy standard's notice, the record's facts and its values.
fn about_md(standard: &StandardModel, out: &mut String) {
    if let Some(notice) = &standard.legacy_notice {
        let _ = writeln!(out, "> **{}**\n", md_cell(notice));
    }
    if standard.about.is_empty() && standard.values_text.is_empty() {
        return;
    }
    out.push_str("#### About this standard\n\n");
    for fact in &standard.about {
        let _ = writeln!(out, "- {}: {}", fact.label, md_cell(&fact.text));
    }
    if !standard.about.is_empty() {
        out.push('\n');
    }
    for line in &standard.values_text {
        let _ = writeln!(out, "> {}\n>", md_cell(line));
    }
    if !standard.values_text.is_empty() {
        out.push('\n');
    }
}

/// The report as Markdown, for pasting into other systems.
#[must_use]
pub fn report_md(model: &ReportModel) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Evidence portfolio{}\n",
        model
            .candidate
            .as_deref()
            .map(|c| format!(": {}", md_cell(c)))
            .unwrap_or_default()
    );
    for detail in &model.details {
        let _ = writeln!(out, "- {}: {}", detail.label, md_cell(&detail.text));
    }
    for standard in &model.standards {
        let _ = writeln!(out, "- Standard: {}", md_cell(&standard.label));
    }
    if let Some(target) = &model.target {
        let _ = writeln!(out, "- Working towards: {}", md_cell(target));
    }
    match model.assessors.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "- Assessor: {}", md_cell(one));
        }
        several => {
            let _ = writeln!(out, "- Assessors: {}", md_cell(&several.join(", ")));
        }
    }
    if !model.iqas.is_empty() {
        let _ = writeln!(out, "- IQA: {}", md_cell(&model.iqas.join(", ")));
    }
    if let Some(dates) = &model.evidence_dates {
        let _ = writeln!(out, "- Evidence dated: {dates}");
    }
    let _ = writeln!(
        out,
        "- Declaration: {}",
        md_cell(&model.sign_offs.declaration.text)
    );
    for s in &model.sign_offs.standards {
        let _ = writeln!(
            out,
            "- Sign-off of {}: {}; IQA countersignature: {}",
            md_cell(&s.label),
            md_cell(&s.sign_off.text),
            md_cell(&s.countersignature.text)
        );
    }
    let _ = writeln!(
        out,
        "- Generated: {} by nosfolio {}\n- Prepared for: {}",
        model.generated, model.version, model.prepared_for
    );
    let _ = writeln!(
        out,
        "- Evidence digest (SHA-256 over the hashes of all evidence; not the seal digest): `{}`\n",
        model.digest
    );
    let _ = writeln!(out, "## Summary\n\n{}.\n", model.partition);
    let _ = writeln!(
        out,
        "| Standard | Group | Items | {} |\n|---|---|---|{}",
        model
            .status_columns
            .iter()
            .map(|c| {
                let mut chars = c.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            })
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(model.status_columns.len())
    );
    for standard in &model.standards {
        for group in standard.groups.iter().filter(|g| !g.beyond_target) {
            let counts: Vec<String> = group.counts.iter().map(usize::to_string).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md_cell(&standard.label),
                md_cell(&group.heading),
                group.total,
                counts.join(" | ")
            );
        }
    }
    out.push('\n');
    let attainments: Vec<&AttainmentLine> = model
        .standards
        .iter()
        .flat_map(|s| &s.attainments)
        .collect();
    if !attainments.is_empty() {
        out.push_str("| Standard | Competency | Attainment |\n|---|---|---|\n");
        for standard in &model.standards {
            for attainment in &standard.attainments {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    md_cell(&standard.label),
                    md_cell(&attainment.competency),
                    md_cell(&attainment.sentence)
                );
            }
        }
    }
    out.push('\n');
    for standard in model
        .standards
        .iter()
        .filter(|s| !s.outside_target.is_empty())
    {
        let _ = writeln!(
            out,
            "{}: outside the target, so not counted: {}.\n",
            md_cell(&standard.label),
            standard
                .outside_target
                .iter()
                .map(|h| md_cell(h))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if !model.gaps.is_empty() {
        out.push_str("## Gaps\n\n");
        for gap in &model.gaps {
            for item in &gap.items {
                let _ = writeln!(out, "- **{}** {}", md_cell(&item.id), md_cell(&item.text));
            }
            for item in &gap.below_policy {
                let _ = writeln!(
                    out,
                    "- **{}** {} — {}{}",
                    md_cell(&item.id),
                    md_cell(&item.text),
                    if item.reason == Reason::Insufficient {
                        "below policy: "
                    } else {
                        ""
                    },
                    md_cell(item.shortfall.as_deref().unwrap_or_default())
                );
            }
            if !gap.collect.is_empty() {
                out.push_str("\nWhat to collect next:\n\n");
                for (n, kind) in gap.collect.iter().enumerate() {
                    let covers: Vec<&str> = kind.covers.iter().map(|c| c.id.as_str()).collect();
                    let _ = writeln!(
                        out,
                        "{}. {} (`{}`) would cover {}",
                        n + 1,
                        md_cell(&kind.text),
                        kind.id,
                        covers.join(", ")
                    );
                }
            }
        }
        out.push('\n');
    }
    out.push_str("## Items\n\n");
    for standard in &model.standards {
        let _ = writeln!(out, "### {}\n", md_cell(&standard.label));
        about_md(standard, &mut out);
        for group in &standard.groups {
            let tally = if group.beyond_target {
                crate::matrix::BEYOND_TARGET.to_owned()
            } else {
                format!("{} of {} claimed", group.claimed, group.total)
            };
            let _ = writeln!(out, "#### {} ({tally})\n", md_cell(&group.heading));
            for item in &group.items {
                let _ = writeln!(
                    out,
                    "- **{}** {} — {} {}{}",
                    md_cell(&item.id),
                    md_cell(&item.text),
                    item.symbol,
                    item.status,
                    item.shortfall
                        .as_deref()
                        .map(|s| format!(" ({})", md_cell(s)))
                        .unwrap_or_default()
                );
                for scope in &item.scope {
                    let _ = writeln!(
                        out,
                        "  - _{}:_ {}",
                        md_cell(&scope.label),
                        md_cell(&scope.text)
                    );
                }
                for claim in &item.claims {
                    let mut line =
                        format!("  - evidence {}: {}", claim.number, md_cell(&claim.title));
                    if let Some(state) = claim.state {
                        let _ = write!(line, " [{state}]");
                    }
                    if let Some(at) = &claim.at {
                        let _ = write!(line, " (at {})", md_cell(at));
                    }
                    if let Some(note) = &claim.note {
                        let _ = write!(line, " — {}", md_cell(note));
                    }
                    let _ = writeln!(out, "{line}");
                }
                if item.withheld > 0 {
                    let _ = writeln!(
                        out,
                        "  - and {} piece(s) of evidence not included in this version",
                        item.withheld
                    );
                }
            }
            out.push('\n');
        }
        if !standard.glossary.is_empty() {
            out.push_str("#### Glossary\n\n");
            for entry in &standard.glossary {
                let _ = writeln!(
                    out,
                    "- **{}**: {}",
                    md_cell(&entry.label),
                    md_cell(&entry.text)
                );
            }
            out.push('\n');
        }
    }
    out.push_str("## Evidence\n\n");
    for piece in &model.evidence {
        let _ = writeln!(out, "### {}. {}\n", piece.number, md_cell(&piece.title));
        let mut facts = Vec::new();
        if let Some(date) = &piece.date {
            facts.push(format!("Date: {date}"));
        }
        if let Some(text) = &piece.type_text {
            facts.push(format!("Type: {}", md_cell(text)));
        }
        if let Some(sha) = &piece.sha256 {
            facts.push(format!("SHA-256: `{sha}`"));
        }
        for fact in facts {
            let _ = writeln!(out, "- {fact}");
        }
        if piece.draft {
            out.push_str("- Draft: not counted as coverage yet.\n");
        }
        if piece.visibility == Visibility::Restricted {
            out.push_str("- Private: available from the candidate on request.\n");
        }
        if let Some(witness) = &piece.witness {
            let _ = writeln!(
                out,
                "- Witness: {}, {}{}{}{}",
                md_cell(&witness.name),
                md_cell(&witness.role),
                witness
                    .organisation
                    .as_deref()
                    .map(|o| format!(", {}", md_cell(o)))
                    .unwrap_or_default(),
                witness
                    .relationship
                    .as_deref()
                    .map(|r| format!("; {}", md_cell(r)))
                    .unwrap_or_default(),
                witness
                    .date
                    .as_deref()
                    .map(|d| format!(" ({})", md_cell(d)))
                    .unwrap_or_default()
            );
        }
        for file in &piece.files {
            let _ = writeln!(out, "- File: {} ({})", md_cell(&file.path), file.size);
        }
        let ids: Vec<String> = piece.claims.iter().map(|c| md_cell(&c.id)).collect();
        let _ = writeln!(out, "- Claims: {}\n", ids.join(", "));
        for line in &piece.description_text {
            let _ = writeln!(out, "> {}\n>", md_cell(line));
        }
        if !piece.description_text.is_empty() {
            out.push('\n');
        }
    }
    if model.withheld_evidence > 0 {
        let _ = writeln!(
            out,
            "{} further piece(s) of evidence are not included in this public version.",
            model.withheld_evidence
        );
    }
    if let Some(network) = &model.network {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        network_md(network, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(base: &[&str]) -> Vec<String> {
        base.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn file_links_are_relative_whatever_the_folders_are_called() {
        let cases = [
            (vec![], "evidence/a b.pdf", "evidence/a%20b.pdf"),
            (
                vec!["..", "cohort"],
                "evidence/x.txt",
                "../cohort/evidence/x.txt",
            ),
            (
                vec!["https:evil.example"],
                "evidence/x",
                "./https%3Aevil.example/evidence/x",
            ),
            (
                vec!["javascript:alert(1)"],
                "x",
                "./javascript%3Aalert%281%29/x",
            ),
            (vec!["//evil.example"], "x", "%2F%2Fevil.example/x"),
            (vec!["a?b#c"], "x", "a%3Fb%23c/x"),
            (vec!["%2e%2e"], "x", "%252e%252e/x"),
            (vec!["back\\slash"], "x", "back%5Cslash/x"),
            (vec![], "evidence/https:x.txt", "evidence/https%3Ax.txt"),
            (vec![], "javascript:alert(1)", "./javascript%3Aalert%281%29"),
        ];
        for (base, path, expected) in cases {
            let link = href(&names(&base), path);
            assert_eq!(link, expected, "{base:?} {path}");
            let first = link.split('/').next().unwrap_or_default();
            assert!(
                !first.contains(':'),
                "{link} may be read as having a scheme"
            );
        }
    }
}
