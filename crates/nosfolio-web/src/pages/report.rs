//! The gaps and the report.

use std::sync::{Arc, PoisonError};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use nosfolio_core::Audience;
use nosfolio_report::{ReportMeta, ReportModel, gaps_json};
use serde_json::json;

use super::{App, At, blocking, frame, merge};
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

pub(super) async fn report(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let reading = match app
            .folder(at.p.as_deref())
            .and_then(|(folder, _)| app.read(&folder))
        {
            Ok(reading) => reading,
            Err(refused) => return refused.into_response(),
        };
        let today = (app.today)();
        // Made once for a reading and a day, and by one request at a time:
        // the others wait for it rather than each making their own (a
        // report of 2,000 pieces is 12 MB, and making it holds several
        // times that).
        let mut made = reading
            .report
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let page = match &*made {
            Some((day, page)) if *day == today => page.clone(),
            _ => {
                let (portfolio, computed) = (&reading.portfolio, &reading.computed);
                let view = computed.view(portfolio);
                let meta = ReportMeta {
                    audience: Audience::Candidate,
                    generated: today.to_string(),
                    version: env!("CARGO_PKG_VERSION").to_owned(),
                    digest: portfolio.evidence_digest(),
                    base: Vec::new(),
                };
                match app.report.render(&ReportModel::build(&view, &meta)) {
                    Ok(page) => {
                        let page = Bytes::from(page);
                        if reading.kept() {
                            *made = Some((today, page.clone()));
                        }
                        page
                    }
                    Err(e) => return refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
                }
            }
        };
        drop(made);
        let mut response = Html(page).into_response();
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(REPORT_POLICY),
        );
        response
    })
    .await
}
