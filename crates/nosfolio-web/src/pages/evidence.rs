//! The evidence library, a piece's page, its files, uploads and claims.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use nosfolio_core::{MediaKind, media_of};
use nosfolio_report::{
    ContentFile, ContentFor, StatusModel, description_html_linked, evidence_content_html,
};
use nosfolio_store::{ClaimRequest, ScanOptions, UPLOAD_LIMIT, save_upload};
use serde_json::{Value, json};

use super::{App, At, FILE_LIMIT, Refused, blocking, encode, frame, merge, on_folder, with_p};
use crate::computed::Computed;
use crate::guard::{harden, refusal};

pub(super) async fn evidence(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    on_folder(app, at.p.clone(), move |app, folder, p| {
        let done = at.done.as_deref().map(|d| (d, false));
        evidence_page(app, folder, p, done)
    })
    .await
}

fn evidence_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    message: Option<(&str, bool)>,
) -> Response {
    let reading = match app.read(folder) {
        Ok(reading) => reading,
        Err(refused) => return refused.into_response(),
    };
    let (portfolio, computed) = (&reading.portfolio, &reading.computed);
    let view = computed.view(portfolio);
    let status = StatusModel::build(&view, &portfolio.diagnostics, (app.today)());
    let pieces: Vec<Value> = portfolio
        .evidence
        .iter()
        .enumerate()
        .map(|(n, piece)| {
            json!({
                "number": n + 1,
                "title": piece.title,
                "path": piece.path,
                "link": encode(&piece.path),
                "date": piece.date.map(|d| d.to_string()),
                "type": piece.evidence_type.as_ref().map(|t| t.id.clone()),
                "draft": piece.draft,
                "claims": piece.claims.iter().map(|c| portfolio.standards.display(&c.item)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let unclaimed: Vec<Value> = status_unclaimed(&status)
        .into_iter()
        .map(|path| json!({ "path": path, "link": encode(&path) }))
        .collect();
    let context = merge(
        frame(portfolio, p, "evidence"),
        json!({
            "pieces": pieces,
            "unclaimed": unclaimed,
            "limit_mib": UPLOAD_LIMIT / (1024 * 1024),
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("evidence.html", &context)
}

/// The files the status found without a description.
fn status_unclaimed(status: &StatusModel) -> Vec<String> {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| serde_json::from_value(v["unclaimed"].clone()).ok())
        .unwrap_or_default()
}

pub(super) async fn piece(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    on_folder(app, at.p.clone(), move |app, folder, p| {
        let Some(path) = at.path.as_deref() else {
            return Refused::not_found("Which piece of evidence?").into_response();
        };
        let done = at.done.as_deref().map(|d| (d, false));
        piece_page(app, folder, p, path, done)
    })
    .await
}

/// A piece of evidence (or a file not yet described): what it is, what it
/// claims and where each claim stands, the evidence itself, and a form to
/// claim more items, those still missing marked.
pub(super) fn piece_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    path: &str,
    message: Option<(&str, bool)>,
) -> Response {
    let reading = match app.read(folder) {
        Ok(reading) => reading,
        Err(refused) => return refused.into_response(),
    };
    let (portfolio, computed) = (&reading.portfolio, &reading.computed);
    let piece = portfolio.piece(path);
    if piece.is_none() {
        let view = computed.view(portfolio);
        let status = StatusModel::build(&view, &portfolio.diagnostics, (app.today)());
        if !status_unclaimed(&status).iter().any(|u| u == path) {
            return Refused::not_found("This portfolio has no such piece of evidence.")
                .into_response();
        }
    }
    let claims: Vec<Value> = piece
        .map(|piece| {
            piece
                .claims
                .iter()
                .map(|claim| {
                    let text = portfolio
                        .standards
                        .item(&claim.item)
                        .map(|(_, _, item)| item.text.clone())
                        .unwrap_or_default();
                    let state = computed
                        .coverage
                        .of(&claim.item.standard, &claim.item.item)
                        .and_then(|c| {
                            c.evidence
                                .iter()
                                .position(|&e| portfolio.evidence[e].path == piece.path)
                                .and_then(|i| c.claims.get(i))
                        })
                        .map(ToString::to_string);
                    json!({
                        "item": portfolio.standards.display(&claim.item),
                        "text": text,
                        "at": claim.at,
                        "note": claim.note,
                        "state": state,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let paths: std::collections::BTreeSet<&str> = match piece {
        Some(piece) => std::iter::once(piece.path.as_str())
            .chain(piece.files.iter().map(|f| f.path.as_str()))
            .collect(),
        None => std::iter::once(path).collect(),
    };
    // The evidence itself, shown as the report shows it (one library
    // rule), images and PDFs fetched from `/file`; a file not yet
    // described is not shown.
    let title = piece.map_or(path, |piece| piece.title.as_str());
    let read = |path: &str, limit| portfolio.evidence_head(path, limit);
    // A link in a Markdown file or description leads to the page of the
    // file it names.
    let page_of = with_p("/piece?path={path}".to_owned(), p);
    let files: Vec<Value> = paths
        .into_iter()
        .map(|path| {
            let media = media_of(path);
            let file = piece.and_then(|piece| piece.files.iter().find(|f| f.path == path));
            let content = piece.is_some().then(|| {
                let src = with_p(format!("/file?path={}", encode(path)), p);
                evidence_content_html(
                    &ContentFile {
                        path,
                        size: file.map_or(0, |f| f.size),
                        sha256: file.and_then(|f| f.sha256.as_deref()),
                        title,
                    },
                    ContentFor::Page {
                        image_src: &src,
                        page: &page_of,
                    },
                    &read,
                )
            });
            json!({
                "path": path,
                "link": encode(path),
                "kind": media.kind.name(),
                "content": content,
                "shown": piece.is_some(),
            })
        })
        .collect();
    // Every item to choose from, by group: those this piece claims, and
    // those nothing claims yet, marked.
    let groups: Vec<Value> = portfolio
        .standards
        .standards()
        .iter()
        .flat_map(|standard| {
            standard.groups.iter().filter(|g| !g.items.is_empty()).map(move |group| (standard, group))
        })
        .map(|(standard, group)| {
            let items: Vec<Value> = group
                .items
                .iter()
                .map(|item| {
                    let reference = nosfolio_core::ItemRef {
                        standard: standard.id.clone(),
                        item: item.id.clone(),
                    };
                    let status = computed.coverage.of(&standard.id, &item.id).map(|c| c.status);
                    json!({
                        "value": reference.to_string(),
                        "id": portfolio.standards.display(&reference),
                        "text": item.text,
                        "claimed_here": piece.is_some_and(|p| p.claims.iter().any(|c| c.item == reference)),
                        "missing": status == Some(nosfolio_core::Status::Missing),
                    })
                })
                .collect();
            json!({ "heading": standard.heading(group), "items": items })
        })
        .collect();
    let context = merge(
        frame(portfolio, p, "evidence"),
        json!({
            "path": path,
            "link": encode(path),
            "piece": piece.map(|piece| json!({
                "title": piece.title,
                "path": piece.path,
                "date": piece.date.map(|d| d.to_string()),
                "type": piece.evidence_type.as_ref().map(|t| t.id.clone()),
                "confidentiality": format!("{:?}", piece.confidentiality).to_lowercase(),
                "description": piece
                    .description
                    .as_deref()
                    .map(|d| description_html_linked(d, &page_of)),
                "witness": piece.witness,
                "draft": piece.draft,
                "sha256": piece.sha256,
            })),
            "claims": claims,
            "files": files,
            "versions": super::version::replaceable(piece),
            "groups": groups,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("piece.html", &context)
}

/// A file of a piece of evidence, sent so that the browser can only show
/// it as what it is: text as plain text (never as a page of its own),
/// images and PDFs as such, anything else as a download.
pub(super) async fn file(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (_, _, portfolio) = match app.opened(at.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let Some(path) = at.path else {
            return refusal(StatusCode::NOT_FOUND, "Which file?");
        };
        let bytes = match portfolio.evidence_bytes(&path, FILE_LIMIT) {
            Ok(bytes) => bytes,
            Err(e) => return refusal(StatusCode::NOT_FOUND, &e.to_string()),
        };
        let media = media_of(&path);
        let mut response = bytes.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(media.served_type()),
        );
        if media.kind == MediaKind::Other {
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            );
        }
        // Nothing it holds may run, even opened on its own. A PDF is not
        // sandboxed: a browser's PDF viewer does not open in a sandbox
        // (and runs no page script of the file's own).
        harden(
            headers,
            if media.kind == MediaKind::Pdf {
                "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
            } else {
                "default-src 'none'; img-src 'self'; sandbox"
            },
        );
        response
    })
    .await
}

/// Files handed over with the evidence page's form (a file picker, or
/// dragged onto it): each saved into `evidence/` by the store, never over
/// another file; any refusal says why, and the files refused are not
/// written.
pub(super) async fn upload(
    State(app): State<Arc<App>>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let mut p = None;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let file_name = field.file_name().map(str::to_owned);
                match (name.as_str(), field.bytes().await) {
                    ("p", Ok(bytes)) => p = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    ("file", Ok(bytes)) => match file_name {
                        Some(file_name) if !file_name.is_empty() => {
                            files.push((file_name, bytes.to_vec()));
                        }
                        _ => {}
                    },
                    (_, Ok(_)) => {}
                    (_, Err(e)) => problems.push(format!(
                        "the file could not be received whole ({e}); nothing was saved"
                    )),
                }
            }
            Ok(None) => break,
            Err(e) => {
                problems.push(format!(
                    "the files could not be received whole ({e}); nothing was saved"
                ));
                break;
            }
        }
    }
    on_folder(app, p.clone(), move |app, folder, p| {
        let mut saved = Vec::new();
        if problems.is_empty() {
            if files.is_empty() {
                problems.push("Choose a file to add.".to_owned());
            }
            for (name, bytes) in &files {
                match save_upload(folder, name, bytes) {
                    Ok(path) => saved.push(path),
                    Err(e) => problems.push(e.to_string()),
                }
            }
        }
        if problems.is_empty() {
            let done = format!(
                "added {}: now say what {} shows",
                saved.join(", "),
                if saved.len() == 1 { "it" } else { "each" }
            );
            // One file: straight to its page, to say what it shows.
            let to = with_p(
                match saved.as_slice() {
                    [one] => format!("/piece?path={}&done={}", encode(one), encode(&done)),
                    _ => format!("/evidence?done={}", encode(&done)),
                },
                p,
            );
            return Redirect::to(&to).into_response();
        }
        let mut message = problems.join(" ");
        if !saved.is_empty() {
            message.push_str(&format!(" (added: {})", saved.join(", ")));
        }
        let mut response = evidence_page(app, folder, p, Some((&message, true)));
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        response
    })
    .await
}

/// Claims for one file, from its page's form (repeated `item` fields,
/// `at` and `note`): the store's `claim`, as `nosfolio claim` does it.
pub(super) async fn claim_items(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let (folder, p) = match app.folder(field("p").as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let Some(path) = field("path") else {
            return Refused::not_found("Which file?").into_response();
        };
        let items: Vec<String> = fields
            .iter()
            .filter(|(n, _)| n == "item")
            .map(|(_, v)| v.clone())
            .collect();
        let back = |message: &str, refused: bool| {
            let mut response =
                piece_page(&app, &folder, p.as_deref(), &path, Some((message, refused)));
            if refused {
                *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            response
        };
        if items.is_empty() {
            return back(
                "Choose at least one item it shows; nothing was changed.",
                true,
            );
        }
        // Only a file the portfolio holds in evidence/: the store checks
        // the rest (a file it would never read, a link).
        let known = app.open(&folder).ok().is_some_and(|portfolio| {
            portfolio.piece(&path).is_some() || {
                let computed = Computed::new(&portfolio);
                let view = computed.view(&portfolio);
                status_unclaimed(&StatusModel::build(
                    &view,
                    &portfolio.diagnostics,
                    (app.today)(),
                ))
                .contains(&path)
            }
        });
        if !known {
            return Refused::not_found("This portfolio has no such evidence file.").into_response();
        }
        let request = ClaimRequest {
            items,
            at: field("at"),
            note: field("note"),
            ..ClaimRequest::default()
        };
        let options = ScanOptions {
            cache: app.cache.as_ref(),
            trust: app.trust.as_ref(),
            ..ScanOptions::default()
        };
        match nosfolio_store::claim(&folder.join(&path), &request, &options) {
            Ok(outcome) => {
                let mut done = if outcome.added.is_empty() {
                    "nothing new: it claimed those already".to_owned()
                } else {
                    format!(
                        "claimed {} in {}",
                        outcome.added.join(", "),
                        outcome.description
                    )
                };
                for warning in &outcome.warnings {
                    done.push_str(&format!("; note: {}", warning.problem));
                }
                let to = with_p(
                    format!("/piece?path={}&done={}", encode(&path), encode(&done)),
                    p.as_deref(),
                );
                Redirect::to(&to).into_response()
            }
            Err(e) => back(&format!("{e}"), true),
        }
    })
    .await
}
