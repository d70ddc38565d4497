//! The gaps and the report.

use std::sync::{Arc, PoisonError};

use axum::body::Bytes;

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use nosfolio_core::Audience;
use nosfolio_report::{ReportMeta, ReportModel, gaps_json};
use nosfolio_store::{Portfolio, slug};
use serde::Deserialize;
use serde_json::json;

use super::{App, At, Refused, blocking, frame, merge, with_p};
use crate::guard::{REPORT_POLICY, refusal};

pub(super) async fn gaps(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (reading, p) = match app
            .folder(at.p.as_deref())
            .and_then(|(folder, p)| Ok((app.read(&folder)?, p)))
        {
            Ok(read) => read,
            Err(refused) => return refused.into_response(),
        };
        let (portfolio, computed) = (&reading.portfolio, &reading.computed);
        let view = computed.view(portfolio);
        let context = merge(
            frame(portfolio, p.as_deref(), "gaps"),
            json!({ "gaps": gaps_json(&view) }),
        );
        app.render("gaps.html", &context)
    })
    .await
}

/// What the report's address says.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ReportAsk {
    /// The portfolio, in a caseload.
    p: Option<String>,
    /// Who it is for: candidate (the default), assessor or public.
    audience: Option<String>,
    /// Sent as a file to keep, not shown.
    download: Option<String>,
}

/// The audience an address names; candidate when it names none.
fn audience(ask: &ReportAsk) -> Result<Audience, Refused> {
    match ask.audience.as_deref() {
        None | Some("" | "candidate") => Ok(Audience::Candidate),
        Some("assessor") => Ok(Audience::Assessor),
        Some("public") => Ok(Audience::Public),
        Some(_) => Err(Refused::not_found(
            "A report is for the candidate, an assessor or the public.",
        )),
    }
}

/// The report's page: who it is for, a preview, and how to print it or
/// keep it as a file.
pub(super) async fn report(State(app): State<Arc<App>>, Query(ask): Query<ReportAsk>) -> Response {
    blocking(move || {
        let (p, reading) = match app
            .folder(ask.p.as_deref())
            .and_then(|(folder, p)| Ok((p, app.read(&folder)?)))
        {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let portfolio = &reading.portfolio;
        let audience = match audience(&ask) {
            Ok(audience) => audience,
            Err(refused) => return refused.into_response(),
        };
        let view = with_p(
            format!("/report/view?audience={}", audience.name()),
            p.as_deref(),
        );
        let context = merge(
            frame(portfolio, p.as_deref(), "report"),
            json!({
                "audience": audience.name(),
                "view": view,
                "file": file_name(portfolio, audience, (app.today)()),
            }),
        );
        app.render("report.html", &context)
    })
    .await
}

/// The name a downloaded report is saved under: whose, for whom, when.
fn file_name(portfolio: &Portfolio, audience: Audience, today: jiff::civil::Date) -> String {
    let whose = portfolio
        .manifest
        .as_ref()
        .map(|m| slug(&m.candidate))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "portfolio".to_owned());
    format!("{whose}-report-{}-{today}.html", audience.name())
}

/// The report itself, as `nosfolio report --audience` writes it: shown,
/// or with `download` sent as a file to keep.
pub(super) async fn report_view(
    State(app): State<Arc<App>>,
    Query(ask): Query<ReportAsk>,
) -> Response {
    blocking(move || {
        let reading = match app
            .folder(ask.p.as_deref())
            .and_then(|(folder, _)| app.read(&folder))
        {
            Ok(reading) => reading,
            Err(refused) => return refused.into_response(),
        };
        let audience = match audience(&ask) {
            Ok(audience) => audience,
            Err(refused) => return refused.into_response(),
        };
        let today = (app.today)();
        let portfolio = &reading.portfolio;
        // Made once for a reading, an audience and a day, and by one
        // request at a time: the others wait for it rather than each
        // making their own (a report of 2,000 pieces is 12 MB, and making
        // it holds several times that).
        let mut made = reading
            .report
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let page = match &*made {
            Some((day, made_for, page)) if *day == today && *made_for == audience => page.clone(),
            _ => {
                let view = reading.computed.view(portfolio);
                let meta = ReportMeta {
                    audience,
                    generated: today.to_string(),
                    version: env!("CARGO_PKG_VERSION").to_owned(),
                    digest: portfolio.evidence_digest(),
                    base: Vec::new(),
                    gaps: None,
                };
                let read = |path: &str, limit| portfolio.evidence_head(path, limit);
                match app.report.render(&ReportModel::build(&view, &meta), &read) {
                    Ok(page) => {
                        let page = Bytes::from(page);
                        if reading.kept() {
                            *made = Some((today, audience, page.clone()));
                        }
                        page
                    }
                    Err(e) => return refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
                }
            }
        };
        drop(made);
        let mut response = Html(page).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(REPORT_POLICY),
        );
        if ask.download.is_some() {
            let disposition = format!(
                "attachment; filename=\"{}\"",
                file_name(portfolio, audience, today)
            );
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
        }
        response
    })
    .await
}
