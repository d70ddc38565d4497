//! Starting a portfolio from the browser: `nosfolio serve` pointed at an
//! empty folder (or one not made yet) shows this page first.

use std::sync::Arc;

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nosfolio_store::{HOW_TO, NewPortfolio, init};
use serde_json::{Value, json};

use super::{App, blocking, encode};

/// The start page, with the form's values kept after a refusal.
pub(super) fn start_page(app: &App, typed: &[(String, String)], refused: Option<&str>) -> Response {
    let value = |name: &str| {
        typed
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let chosen: Vec<&str> = typed
        .iter()
        .filter(|(n, _)| n == "standard")
        .map(|(_, v)| v.as_str())
        .collect();
    let standards: Vec<Value> = nosfolio_core::builtin_standards()
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "title": s.title,
                "code": s.code,
                "checked": if typed.is_empty() { s.id == "mla3" } else { chosen.contains(&s.id.as_str()) },
            })
        })
        .collect();
    let context = json!({
        "page": "start",
        "caseload": false,
        "q": "",
        "qa": "",
        "folder": app.root.display().to_string(),
        "standards": standards,
        "candidate": Value::Null,
        "name": value("candidate"),
        "assessor": value("assessor"),
        "message": refused,
        "refused": refused.is_some(),
    });
    let mut response = app.render("start.html", &context);
    if refused.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}

/// Starts the portfolio through the store's `init`, as `nosfolio init`
/// does, then shows its dashboard.
pub(super) async fn start(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || {
        if !app.caseload.is_empty() || nosfolio_store::is_portfolio(&app.root) {
            return Redirect::to("/").into_response();
        }
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let standards: Vec<String> = fields
            .iter()
            .filter(|(n, _)| n == "standard")
            .map(|(_, v)| v.clone())
            .collect();
        let new = NewPortfolio {
            candidate: field("candidate").unwrap_or_default(),
            standards: &standards,
            assessor: field("assessor"),
            how_to: HOW_TO,
        };
        match init(&app.root, &new) {
            Ok(started) => {
                let done = format!(
                    "your portfolio is started: add your evidence files on the Evidence page (they are kept in {})",
                    started.evidence
                );
                Redirect::to(&format!("/?done={}", encode(&done))).into_response()
            }
            Err(error) => start_page(&app, &fields, Some(&error.to_string())),
        }
    })
    .await
}
