//! The gaps and the report.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use nosfolio_core::Audience;
use nosfolio_report::{ReportMeta, ReportModel, gaps_json};
use serde_json::json;

use super::{App, At, blocking, frame, merge};
use crate::computed::Computed;
use crate::guard::{REPORT_POLICY, refusal};

pub(super) async fn gaps(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (_, p, portfolio) = match app.opened(at.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let computed = Computed::new(&portfolio);
        let view = computed.view(&portfolio);
        let context = merge(
            frame(&portfolio, p.as_deref(), "gaps"),
            json!({ "gaps": gaps_json(&view) }),
        );
        app.render("gaps.html", &context)
    })
    .await
}

pub(super) async fn report(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (_, _, portfolio) = match app.opened(at.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let computed = Computed::new(&portfolio);
        let view = computed.view(&portfolio);
        let meta = ReportMeta {
            audience: Audience::Candidate,
            generated: (app.today)().to_string(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            digest: portfolio.evidence_digest(),
            base: Vec::new(),
        };
        match app.report.render(&ReportModel::build(&view, &meta)) {
            Ok(page) => {
                let mut response = Html(page).into_response();
                response.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(REPORT_POLICY),
                );
                response
            }
            Err(e) => refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        }
    })
    .await
}
