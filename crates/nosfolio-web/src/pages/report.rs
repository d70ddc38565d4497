//! The gaps and the report.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, PoisonError};

use axum::Form;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use nosfolio_core::{Audience, Detail, PeopleChange, person_name};
use nosfolio_report::{ReportMeta, ReportModel, gaps_json};
use nosfolio_store::{Portfolio, slug};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{App, At, Refused, blocking, encode, field, frame, merge, on_folder, with_p};
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
    /// What was just done.
    done: Option<String>,
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

/// The report's page: who it is for, a preview, how to print it or keep
/// it as a file, and the candidate's details its cover gives.
pub(super) async fn report(State(app): State<Arc<App>>, Query(ask): Query<ReportAsk>) -> Response {
    on_folder(app, ask.p.clone(), move |app, folder, p| {
        let audience = match audience(&ask) {
            Ok(audience) => audience,
            Err(refused) => return refused.into_response(),
        };
        let done = ask.done.as_deref().map(|d| (d, false));
        report_page(app, folder, p, audience, done)
    })
    .await
}

fn report_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    audience: Audience,
    message: Option<(&str, bool)>,
) -> Response {
    let reading = match app.read(folder) {
        Ok(reading) => reading,
        Err(refused) => return refused.into_response(),
    };
    let portfolio = &reading.portfolio;
    let view = with_p(format!("/report/view?audience={}", audience.name()), p);
    let details: Vec<Value> = Detail::ALL
        .into_iter()
        .map(|detail| {
            json!({
                "key": detail.key(),
                "label": detail.label(),
                "value": portfolio
                    .manifest
                    .as_ref()
                    .and_then(|m| m.details.get(detail)),
            })
        })
        .collect();
    let context = merge(
        frame(portfolio, p, "report"),
        json!({
            "audience": audience.name(),
            "view": view,
            "file": file_name(portfolio, audience, (app.today)()),
            "details": details,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("report.html", &context)
}

/// Sets the candidate's details the report's cover gives, from the report
/// page's form: only those the form changed, each refused if it changed
/// elsewhere since the page was made; an emptied one is cleared.
pub(super) async fn report_details(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    on_folder(app, field(&fields, "p"), move |app, folder, p| {
        let audience = match audience(&ReportAsk {
            audience: field(&fields, "audience"),
            ..ReportAsk::default()
        }) {
            Ok(audience) => audience,
            Err(refused) => return refused.into_response(),
        };
        let refuse = |status: StatusCode, why: &str| {
            let mut response = report_page(app, folder, p, audience, Some((why, true)));
            *response.status_mut() = status;
            response
        };
        let current = match nosfolio_store::read_people(folder) {
            Ok(people) => people.details,
            Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
        };
        let mut set = Vec::new();
        for detail in Detail::ALL {
            let typed = field(&fields, detail.key()).unwrap_or_default();
            let was = field(&fields, &format!("was_{}", detail.key())).unwrap_or_default();
            if person_name(&typed) == person_name(&was) {
                continue;
            }
            if current.get(detail).unwrap_or_default() != person_name(&was) {
                return refuse(
                    StatusCode::CONFLICT,
                    &format!(
                        "The {} was changed elsewhere since this page was made: it is shown as it is now; nothing was saved.",
                        detail.label().to_lowercase()
                    ),
                );
            }
            set.push((detail, typed));
        }
        if set.is_empty() {
            let to = with_p(
                format!("/report?audience={}&done=nothing+was+changed", audience.name()),
                p,
            );
            return Redirect::to(&to).into_response();
        }
        match nosfolio_store::change_people(folder, &PeopleChange::Details { set }) {
            Ok(_) => {
                let to = with_p(
                    format!(
                        "/report?audience={}&done={}",
                        audience.name(),
                        encode("saved the cover's details")
                    ),
                    p,
                );
                Redirect::to(&to).into_response()
            }
            Err(e) => refuse(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
        }
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
/// or with `download` sent as a file to keep. It is compressed once when
/// made and kept so (a report of 2,000 pieces is 3.9 MB of HTML, 0.3 MB
/// compressed), and sent so to a browser, which asks for gzip; anything
/// that does not is sent it plain.
pub(super) async fn report_view(
    State(app): State<Arc<App>>,
    Query(ask): Query<ReportAsk>,
    asked: HeaderMap,
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
        // making their own (making one holds several times its size).
        let mut made = reading
            .report
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let compressed = match &*made {
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
                let page = app
                    .report
                    .render(&ReportModel::build(&view, &meta), &read)
                    .map_err(|e| e.to_string())
                    .and_then(|page| gzip(page.as_bytes()).map_err(|e| e.to_string()));
                match page {
                    Ok(page) => {
                        let page = Bytes::from(page);
                        if reading.kept() {
                            *made = Some((today, audience, page.clone()));
                        }
                        page
                    }
                    Err(e) => return refusal(StatusCode::INTERNAL_SERVER_ERROR, &e),
                }
            }
        };
        drop(made);
        let mut response = if accepts_gzip(&asked) {
            let mut response = compressed.into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            response
        } else {
            match gunzip(&compressed) {
                Ok(page) => page.into_response(),
                Err(e) => return refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
            }
        };
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
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

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 8), Compression::fast());
    encoder.write_all(bytes)?;
    encoder.finish()
}

fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::with_capacity(bytes.len() * 8);
    GzDecoder::new(bytes).read_to_end(&mut page)?;
    Ok(page)
}

/// Whether a request's `Accept-Encoding` takes gzip (RFC 9110, 12.5.3):
/// named, as `x-gzip` or through `*`, with a weight above zero; `gzip;q=0`
/// refuses it whatever `*` says.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut named = None;
    let mut any = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for entry in value.split(',') {
            let mut parts = entry.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
                .map_or(Some(1.0), |(_, q)| q.trim().parse::<f32>().ok());
            let Some(weight) = weight else { continue };
            match coding.as_str() {
                "gzip" | "x-gzip" => named = Some(weight > 0.0),
                "*" => any = Some(weight > 0.0),
                _ => {}
            }
        }
    }
    named.or(any).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
            );
        }
        headers
    }

    #[test]
    fn gzip_is_sent_only_to_who_takes_it() {
        for (values, takes) in [
            (&["gzip, deflate, br, zstd"][..], true),
            (&["br;q=1.0, gzip;q=0.8"][..], true),
            (&["GZIP"][..], true),
            (&["x-gzip"][..], true),
            (&["*"][..], true),
            (&["br", "gzip"][..], true),
            (&[][..], false),
            (&["identity"][..], false),
            (&["br, deflate"][..], false),
            (&["gzip;q=0"][..], false),
            (&["gzip;q=0.000"][..], false),
            (&["*, gzip;q=0"][..], false),
            (&["*;q=0"][..], false),
            (&["gzip;q=nonsense"][..], false),
        ] {
            assert_eq!(accepts_gzip(&asking(values)), takes, "{values:?}");
        }
    }

    #[test]
    fn a_page_compressed_comes_back_whole() -> std::io::Result<()> {
        let page = "<p>Evidence</p>".repeat(1000);
        let compressed = gzip(page.as_bytes())?;
        assert!(compressed.len() < page.len() / 10);
        assert_eq!(gunzip(&compressed)?, page.as_bytes());
        Ok(())
    }
}
