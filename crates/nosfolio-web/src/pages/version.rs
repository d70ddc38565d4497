//! A new version of a file of evidence, sent from its piece's page: the
//! candidate's answer to a referral, through the store's
//! `save_new_version` (the version replaced is kept).

use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nosfolio_core::Evidence;
use nosfolio_store::{NewVersionError, save_new_version};
use serde_json::{Value, json};

use super::evidence::piece_page;
use super::{App, encode, on_folder, with_p};

/// The files of `piece` a new version may replace, each with the SHA-256
/// of the version it would replace: all of them but a file that holds its
/// own description (a Markdown file's front matter).
pub(super) fn replaceable(piece: Option<&Evidence>) -> Vec<Value> {
    let Some(piece) = piece else {
        return Vec::new();
    };
    let mut seen = std::collections::BTreeSet::new();
    std::iter::once((piece.path.as_str(), piece.sha256.as_deref()))
        .chain(
            piece
                .files
                .iter()
                .map(|f| (f.path.as_str(), f.sha256.as_deref())),
        )
        .filter(|(path, _)| *path != piece.described_by && seen.insert(*path))
        .filter_map(|(path, sha256)| Some(json!({ "path": path, "was": sha256? })))
        .collect()
}

/// Saves the file sent as the new version of `path`, unless the file
/// changed since the page was made (409) or cannot take one (422); the
/// piece's page then says why and shows the file as it is.
pub(super) async fn new_version(State(app): State<Arc<App>>, mut multipart: Multipart) -> Response {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut file: Option<Vec<u8>> = None;
    let mut problem = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let chosen = field.file_name().is_some_and(|n| !n.is_empty());
                match field.bytes().await {
                    Ok(bytes) if name == "file" => {
                        if chosen {
                            file = Some(bytes.to_vec());
                        }
                    }
                    Ok(bytes) => fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
                    Err(e) => {
                        problem = Some(format!(
                            "the file could not be received whole ({e}); nothing was saved"
                        ));
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                problem = Some(format!(
                    "the file could not be received whole ({e}); nothing was saved"
                ));
                break;
            }
        }
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let (p, path, was) = (field("p"), field("path").unwrap_or_default(), field("was"));
    on_folder(app, p, move |app, folder, p| {
        let outcome = match (problem, file) {
            (Some(problem), _) => Err((StatusCode::UNPROCESSABLE_ENTITY, problem)),
            (None, None) => Err((
                StatusCode::UNPROCESSABLE_ENTITY,
                "Choose the file of the new version.".to_owned(),
            )),
            (None, Some(bytes)) => match app.open(folder) {
                Ok(portfolio) => {
                    save_new_version(&portfolio, &path, was.as_deref().unwrap_or(""), &bytes)
                        .map_err(|e| {
                            let status = match e {
                                NewVersionError::Stale { .. } => StatusCode::CONFLICT,
                                _ => StatusCode::UNPROCESSABLE_ENTITY,
                            };
                            (status, e.to_string())
                        })
                }
                Err(refused) => return refused.into_response(),
            },
        };
        match outcome {
            Ok(saved) => {
                let done = format!(
                    "saved the new version of {}: its claims wait for a new decision (the version before is kept)",
                    saved.path
                );
                let to = with_p(
                    format!("/piece?path={}&done={}", encode(&path), encode(&done)),
                    p,
                );
                Redirect::to(&to).into_response()
            }
            Err((status, why)) => {
                let mut response = piece_page(app, folder, p, &path, Some((&why, true)));
                *response.status_mut() = status;
                response
            }
        }
    })
    .await
}
