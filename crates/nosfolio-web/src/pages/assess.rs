//! The assessor's queue and the decisions made from it.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nosfolio_core::{ClaimState, Role, Verdict};
use nosfolio_store::{AssessRequest, Portfolio, assess};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{App, At, encode, frame, merge, on_folder, with_p};
use crate::computed::Computed;

/// One claim in the assessor's queue.
#[derive(Debug, Serialize)]
struct QueueRow {
    state: String,
    waiting: bool,
    evidence: String,
    link: String,
    title: String,
    item: String,
    item_text: String,
    at: Option<String>,
    note: Option<String>,
    sha256: String,
    decided: usize,
    /// The decisions already made on it, oldest first, in words.
    history: Vec<String>,
}

/// The claims of the portfolio, those awaiting a decision first
/// (resubmitted, stale, awaiting), each with what a form needs to decide
/// on it and to notice that the page is out of date.
fn queue_rows(portfolio: &Portfolio, computed: &Computed) -> Vec<QueueRow> {
    let mut rows = Vec::new();
    for coverage in &computed.coverage.items {
        for (&e, state) in coverage.evidence.iter().zip(&coverage.claims) {
            let piece = &portfolio.evidence[e];
            let claim = piece.claims.iter().find(|c| c.item == coverage.item);
            let item = coverage.item.to_string();
            rows.push(QueueRow {
                state: state.to_string(),
                waiting: matches!(
                    state,
                    ClaimState::Awaiting | ClaimState::Resubmitted | ClaimState::Stale
                ),
                evidence: piece.path.clone(),
                link: encode(&piece.path),
                title: piece.title.clone(),
                item_text: portfolio
                    .standards
                    .item(&coverage.item)
                    .map(|(_, _, i)| i.text.clone())
                    .unwrap_or_default(),
                item: portfolio.standards.display(&coverage.item),
                at: claim.and_then(|c| c.at.clone()),
                note: claim.and_then(|c| c.note.clone()),
                sha256: piece.sha256.clone().unwrap_or_default(),
                decided: decided(portfolio, &piece.path, &item),
                history: coverage
                    .decisions
                    .iter()
                    .map(|&d| &portfolio.decisions[d])
                    .filter(|d| d.evidence == piece.path)
                    .map(|d| {
                        format!(
                            "{} by {} on {} ({}): {}",
                            d.decision,
                            d.assessor,
                            d.date,
                            d.standing.label(),
                            d.comment
                        )
                    })
                    .collect(),
            });
        }
    }
    let rank = |state: &str| match state {
        "resubmitted" => 0,
        "stale" => 1,
        "awaiting" => 2,
        "referred" => 3,
        _ => 4,
    };
    rows.sort_by_key(|r| rank(&r.state));
    rows
}

/// How many decisions were recorded on the claim of `item` (as written)
/// by `evidence`.
fn decided(portfolio: &Portfolio, evidence: &str, item: &str) -> usize {
    let Ok(item) = portfolio.standards.resolve_item(item) else {
        return 0;
    };
    portfolio
        .decisions
        .iter()
        .filter(|d| {
            d.evidence == evidence
                && portfolio.standards.resolve_item(&d.item).ok().as_ref() == Some(&item)
        })
        .count()
}

fn queue_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    message: Option<(&str, bool)>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let computed = Computed::new(&portfolio);
    let rows = queue_rows(&portfolio, &computed);
    let assessors = portfolio
        .manifest
        .as_ref()
        .map(|m| m.assessors.clone())
        .unwrap_or_default();
    let context = merge(
        frame(&portfolio, p, "assess"),
        json!({
            "rows": rows,
            "waiting": rows.iter().filter(|r| r.waiting).count(),
            "assessors": assessors,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("assess.html", &context)
}

pub(super) async fn queue(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    on_folder(app, at.p.clone(), move |app, folder, p| {
        let done = at.done.as_deref().map(|d| (d, false));
        queue_page(app, folder, p, done)
    })
    .await
}

/// A decision on one claim, as the queue's form sends it.
#[derive(Debug, Deserialize)]
pub(super) struct DecideForm {
    p: Option<String>,
    evidence: String,
    item: String,
    /// The piece's SHA-256 when the page was made.
    sha256: String,
    /// How many decisions the claim had when the page was made.
    decided: usize,
    verdict: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    assessor: Option<String>,
}

/// Records one decision, unless the page it came from is out of date (the
/// evidence changed, or someone decided on the claim since): then nothing
/// is written, and the queue is shown as it is now with why.
pub(super) async fn decide(State(app): State<Arc<App>>, Form(form): Form<DecideForm>) -> Response {
    on_folder(app, form.p.clone(), move |app, folder, p| {
        let refuse = |why: &str| {
            let mut response = queue_page(app, folder, p, Some((why, true)));
            *response.status_mut() = StatusCode::CONFLICT;
            response
        };
        let portfolio = match app.open(folder) {
            Ok(portfolio) => portfolio,
            Err(refused) => return refused.into_response(),
        };
        let Some(piece) = portfolio.piece(&form.evidence) else {
            return refuse(&format!("{} is no longer evidence of this portfolio; nothing was recorded.", form.evidence));
        };
        if piece.sha256.as_deref() != Some(form.sha256.as_str()) {
            return refuse(&format!(
                "{} has changed since this page was made; nothing was recorded. Look at it again below.",
                form.evidence
            ));
        }
        if decided(&portfolio, &form.evidence, &form.item) != form.decided {
            return refuse(&format!(
                "Someone recorded a decision on {} of {} since this page was made; nothing was recorded. It is shown below as it is now.",
                form.item, form.evidence
            ));
        }
        let items = vec![form.item.clone()];
        let none: Vec<String> = Vec::new();
        let (accept, refer) = match form.verdict.as_str() {
            "accepted" => (&items, &none),
            "referred" => (&none, &items),
            _ => return refuse("Choose accept or refer; nothing was recorded."),
        };
        let request = AssessRequest {
            evidence: &form.evidence,
            accept,
            refer,
            comment: &form.comment,
            comments: &[],
            assessor: form.assessor.as_deref().filter(|a| !a.trim().is_empty()),
            role: Role::Assessor,
            date: (app.today)(),
            keys: app.keys.as_deref(),
        };
        match assess(&portfolio, &request) {
            Ok(assessed) => {
                let verdict = if accept.is_empty() { Verdict::Referred } else { Verdict::Accepted };
                let signed = if assessed.signed_with.is_some() { "signed" } else { "unsigned: you have no signing key" };
                let done = format!(
                    "{verdict} {} for {} ({signed}), recorded in {}",
                    form.item, form.evidence, assessed.recorded.file
                );
                let to = with_p(format!("/assess?done={}", encode(&done)), p);
                Redirect::to(&to).into_response()
            }
            Err(e) => refuse(&e.to_string()),
        }
    })
    .await
}
