//! The dashboard, the declaration and sign-off made from it, and the
//! caseload.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nosfolio_core::{ClaimState, SignOffKind};
use nosfolio_report::StatusModel;
use nosfolio_store::{SignOffAsk, make_sign_off};
use serde::Deserialize;
use serde_json::{Value, json};

use super::start::start_page;
use super::{App, At, Refused, blocking, encode, frame, merge, relative, with_p};
use crate::computed::Computed;

pub(super) async fn home(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        if !app.caseload.is_empty() && at.p.is_none() {
            return caseload(&app);
        }
        if app.caseload.is_empty() && !nosfolio_store::is_portfolio(&app.root) {
            return start_page(&app, &[], None);
        }
        let (folder, p) = match app.folder(at.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let done = at.done.as_deref().map(|d| (d, false));
        home_page(&app, &folder, p.as_deref(), done)
    })
    .await
}

/// The dashboard: coverage by group and towards the target, the next
/// steps, contacts due this week, and the declaration and sign-off, with
/// the forms to make them when they can be made.
fn home_page(app: &App, folder: &Path, p: Option<&str>, message: Option<(&str, bool)>) -> Response {
    let reading = match app.read(folder) {
        Ok(reading) => reading,
        Err(refused) => return refused.into_response(),
    };
    let (portfolio, computed) = (&reading.portfolio, &reading.computed);
    let view = computed.view(portfolio);
    let today = (app.today)();
    let status = StatusModel::build(&view, &portfolio.diagnostics, today);
    let due: Vec<Value> = portfolio
        .network
        .due(today, 7)
        .iter()
        .map(|d| {
            json!({
                "name": d.contact.name,
                "due": d.due.to_string(),
                "overdue": d.days_overdue > 0,
            })
        })
        .collect();
    // Each standard with whether everything it requires is accepted: then
    // it can be signed off.
    let ready: Vec<bool> = computed
        .sign_offs
        .standards
        .iter()
        .map(|s| {
            let counts = computed.coverage.standard_summary(&s.standard);
            counts.total > 0 && counts.accepted == counts.total
        })
        .collect();
    // Every problem of the portfolio's files, errors first, with where it
    // is and what to do: the page's `nosfolio check`.
    let mut problems: Vec<&nosfolio_core::Diagnostic> = portfolio.diagnostics.iter().collect();
    problems.sort_by_key(|d| d.severity() != nosfolio_core::Severity::Error);
    let problems: Vec<Value> = problems
        .into_iter()
        .map(|d| {
            json!({
                "place": d.place(),
                "error": d.severity() == nosfolio_core::Severity::Error,
                "message": d.problem.to_string(),
                "help": d.problem.help(),
            })
        })
        .collect();
    // Each next step, linked to the page where it is done.
    let next: Vec<Value> = status
        .page_steps()
        .iter()
        .map(|step| {
            let href = match (step.page, step.path.as_deref()) {
                ("piece", Some(path)) => with_p(format!("/piece?path={}", encode(path)), p),
                ("draft", Some(path)) => with_p(format!("/writing/draft?path={}", encode(path)), p),
                ("problems", _) => "#problems".to_owned(),
                ("sign-off", _) => "#signoff".to_owned(),
                _ => with_p("/gaps".to_owned(), p),
            };
            json!({ "text": step.text, "href": href })
        })
        .collect();
    let context = merge(
        frame(portfolio, p, "home"),
        json!({
            "next": next,
            "problems": problems,
            "status": status,
            "summary": computed.coverage.summary().describe(),
            "due": due,
            "today": today.to_string(),
            "declaration": nosfolio_core::DECLARATION,
            "ready": ready,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("home.html", &context)
}

/// A declaration, sign-off or countersignature asked for on the
/// dashboard.
#[derive(Debug, Deserialize)]
pub(super) struct SignOffForm {
    p: Option<String>,
    kind: String,
    #[serde(default)]
    standard: Option<String>,
}

/// Makes it through the store's `make_sign_off`, signed with the key of
/// whoever the portfolio names for it; a refusal lists everything missing.
pub(super) async fn sign(State(app): State<Arc<App>>, Form(form): Form<SignOffForm>) -> Response {
    blocking(move || {
        let (folder, p, portfolio) = match app.opened(form.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let kind = match form.kind.as_str() {
            "declaration" => SignOffKind::Declaration,
            "sign-off" => SignOffKind::SignOff,
            "countersignature" => SignOffKind::Countersignature,
            _ => return Refused::not_found("No such thing to sign.").into_response(),
        };
        let coverage = portfolio.coverage();
        let ask = SignOffAsk {
            kind,
            name: None,
            standard: form.standard.as_deref().filter(|s| !s.is_empty()),
            date: (app.today)(),
            keys: app.keys.as_deref(),
        };
        match make_sign_off(&portfolio, &coverage, &ask) {
            Ok((record, recorded, _)) => {
                let done = format!(
                    "{} made by {}, signed, recorded in {}",
                    record.kind, record.name, recorded.file
                );
                let to = with_p(format!("/?done={}", encode(&done)), p.as_deref());
                Redirect::to(&to).into_response()
            }
            Err(error) => {
                let mut response = home_page(
                    &app,
                    &folder,
                    p.as_deref(),
                    Some((&error.to_string(), true)),
                );
                *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                response
            }
        }
    })
    .await
}

/// The caseload: every portfolio, those needing attention first.
pub(super) fn caseload(app: &App) -> Response {
    let mut rows: Vec<(usize, Value)> = app
        .caseload
        .iter()
        .map(|dir| {
            let p = relative(&app.root, dir);
            match app.open(dir) {
                Ok(portfolio) => {
                    let computed = Computed::new(&portfolio);
                    let summary = computed.coverage.summary();
                    let waiting = computed
                        .coverage
                        .items
                        .iter()
                        .flat_map(|c| &c.claims)
                        .filter(|s| {
                            matches!(
                                s,
                                ClaimState::Awaiting | ClaimState::Resubmitted | ClaimState::Stale
                            )
                        })
                        .count();
                    (
                        waiting,
                        json!({
                            "p": p,
                            "q": format!("?p={}", encode(&p)),
                            "candidate": portfolio.manifest.as_ref().map(|m| m.candidate.clone()),
                            "summary": summary.describe(),
                            "accepted": summary.accepted,
                            "total": summary.total,
                            "waiting": waiting,
                            "signed_off": computed.sign_offs.short(),
                        }),
                    )
                }
                Err(_) => (
                    usize::MAX,
                    json!({ "p": p, "q": format!("?p={}", encode(&p)), "broken": true }),
                ),
            }
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    let rows: Vec<Value> = rows.into_iter().map(|(_, row)| row).collect();
    app.render(
        "caseload.html",
        &json!({ "rows": rows, "page": "caseload", "caseload": true, "q": "", "qa": "" }),
    )
}
