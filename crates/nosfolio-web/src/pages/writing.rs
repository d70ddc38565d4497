//! Writing: reflections on a level's interview questions and personal
//! statements, started, written and finished in the browser. A draft is
//! made by core's `reflection_draft` / `statement_draft` and written by the
//! store's `write_draft`, as `nosfolio new` does; its text is saved with
//! the store's `save_draft`, which refuses a save made against an older
//! version of the file; it is finished with the store's `finish`, as
//! `nosfolio finish` does. The front matter is never shown to edit:
//! claims are made on the piece's page.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nosfolio_core::{NotReady, reflection_draft, sections, statement_draft, statement_types};
use nosfolio_report::description_html;
use nosfolio_store::{
    DraftText, DraftTextError, FinishError, Finished, Portfolio, finish, read_draft, save_draft,
    write_draft,
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{App, Refused, encode, field, frame, merge, on_folder, with_p};

/// What the writing pages' addresses say.
#[derive(Debug, Default, Deserialize)]
pub(super) struct WritingAt {
    /// The portfolio, in a caseload.
    p: Option<String>,
    /// The draft.
    path: Option<String>,
    /// The framework and level chosen for a reflection (`networking:3`).
    level: Option<String>,
    /// Show the whole text in one box.
    whole: Option<String>,
    /// What was just done.
    done: Option<String>,
}

/// Every value of `name`, as sent.
fn all(fields: &[(String, String)], name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// `text` with a capital letter first, for a message standing alone.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A page answered with `status`.
fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// What stands in the way of finishing, for a page.
fn reasons_json(reasons: &NotReady) -> Value {
    json!({
        "ready": reasons.is_empty(),
        "claims_nothing": reasons.claims_nothing,
        "unanswered": reasons.unanswered.iter().map(|u| u.heading.clone()).collect::<Vec<_>>(),
        "errors": reasons.errors.iter().map(|d| d.problem.explained()).collect::<Vec<_>>(),
    })
}

/// The leveled frameworks of the portfolio, each with its levels.
fn frameworks(portfolio: &Portfolio) -> Vec<Value> {
    portfolio
        .standards
        .standards()
        .iter()
        .filter_map(|standard| {
            let mut seen = std::collections::BTreeSet::new();
            let levels: Vec<Value> = standard
                .groups
                .iter()
                .filter_map(|g| g.level.map(|level| (level, g)))
                .filter(|(level, _)| seen.insert(*level))
                .map(|(level, group)| {
                    json!({
                        "value": format!("{}:{level}", standard.id),
                        "label": format!("Level {level}: {}", group.title),
                    })
                })
                .collect();
            (!levels.is_empty()).then(|| json!({ "label": standard.label(), "levels": levels }))
        })
        .collect()
}

/// The framework and level `value` names (`networking:3`), with the
/// interview questions of that level, as the reflection form offers them.
fn chosen_level(portfolio: &Portfolio, value: &str) -> Option<Value> {
    let (id, level) = value.rsplit_once(':')?;
    let level: u32 = level.parse().ok()?;
    let standard = portfolio.standards.get(id)?;
    let group = standard.groups.iter().find(|g| g.level == Some(level))?;
    Some(json!({
        "value": value,
        "standard": standard.label(),
        "level": level,
        "title": group.title,
        "questions": group.questions.iter().enumerate().map(|(n, q)| json!({
            "number": n + 1,
            "id": q.id,
            "text": q.text,
            "probing": q.probing,
        })).collect::<Vec<_>>(),
    }))
}

/// The writing page: the drafts with what stands in the way of finishing
/// each, and the forms to start a reflection or a personal statement.
pub(super) async fn writing(State(app): State<Arc<App>>, Query(at): Query<WritingAt>) -> Response {
    on_folder(app, at.p.clone(), move |app, folder, p| {
        let done = at.done.as_deref().map(|d| (d, false));
        writing_page(app, folder, p, at.level.as_deref(), done)
    })
    .await
}

fn writing_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    level: Option<&str>,
    message: Option<(&str, bool)>,
) -> Response {
    writing_page_with(app, folder, p, level, message, Vec::new())
}

/// [`writing_page`] showing, too, text typed for a draft that could not be
/// saved (it is no longer a draft, say), so that none of it is lost.
fn writing_page_with(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    level: Option<&str>,
    message: Option<(&str, bool)>,
    tried: Tried,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let drafts: Vec<Value> = portfolio
        .evidence
        .iter()
        .filter(|piece| piece.draft)
        .map(|piece| {
            let read = read_draft(&portfolio, &piece.path);
            json!({
                "title": piece.title,
                "path": piece.path,
                "link": encode(&piece.path),
                "date": piece.date.map(|d| d.to_string()),
                "reasons": read.as_ref().ok().map(|d| reasons_json(&d.reasons)),
                "problem": read.as_ref().err().map(ToString::to_string),
            })
        })
        .collect();
    let statements: Vec<Value> = statement_types(&portfolio.standards)
        .into_iter()
        .map(|(value, kind)| json!({ "value": value, "label": kind.text }))
        .collect();
    let chosen = level.and_then(|l| chosen_level(&portfolio, l));
    let context = merge(
        frame(&portfolio, p, "writing"),
        json!({
            "drafts": drafts,
            "frameworks": frameworks(&portfolio),
            "chosen": chosen,
            "level_unknown": level.is_some() && chosen.is_none(),
            "statements": statements,
            "tried": tried_json(tried),
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("writing.html", &context)
}

/// Starts a reflection: core's `reflection_draft`, written by the store's
/// `write_draft`; then its page.
pub(super) async fn new_reflection(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    on_folder(app, field(&fields, "p"), move |app, folder, p| {
        let portfolio = match app.open(folder) {
            Ok(portfolio) => portfolio,
            Err(refused) => return refused.into_response(),
        };
        let refuse = |why: &str, level: Option<&str>| {
            with_status(
                writing_page(app, folder, p, level, Some((why, true))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        };
        let level_field = field(&fields, "level");
        let Some((standard, level)) = level_field
            .as_deref()
            .and_then(|l| l.rsplit_once(':'))
            .and_then(|(s, l)| Some((s.to_owned(), l.parse::<u32>().ok()?)))
        else {
            return refuse("Choose a framework and level; nothing was written.", None);
        };
        let question = match field(&fields, "question").as_deref() {
            None | Some("all") => None,
            Some(n) => match n.parse::<usize>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return refuse(
                        "Choose one of the questions; nothing was written.",
                        level_field.as_deref(),
                    );
                }
            },
        };
        let draft = match reflection_draft(
            &portfolio.standards,
            &standard,
            level,
            question,
            (app.today)(),
        ) {
            Ok(draft) => draft,
            Err(e) => {
                return refuse(
                    &format!("{e}; nothing was written."),
                    level_field.as_deref(),
                );
            }
        };
        match write_draft(folder, &draft) {
            Ok(path) => started(&path, p),
            Err(e) => refuse(&e.to_string(), level_field.as_deref()),
        }
    })
    .await
}

/// Starts a personal statement: core's `statement_draft`, written by the
/// store's `write_draft`; then its page.
pub(super) async fn new_statement(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    on_folder(app, field(&fields, "p"), move |app, folder, p| {
        let portfolio = match app.open(folder) {
            Ok(portfolio) => portfolio,
            Err(refused) => return refused.into_response(),
        };
        let refuse = |why: &str| {
            with_status(
                writing_page(app, folder, p, None, Some((why, true))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        };
        let Some(kind) = field(&fields, "type") else {
            return refuse("Choose the kind of statement; nothing was written.");
        };
        let draft = match statement_draft(&portfolio.standards, &kind, (app.today)()) {
            Ok(draft) => draft,
            Err(e) => return refuse(&format!("{e}; nothing was written.")),
        };
        match write_draft(folder, &draft) {
            Ok(path) => started(&path, p),
            Err(e) => refuse(&e.to_string()),
        }
    })
    .await
}

/// To the new draft's page.
fn started(path: &str, p: Option<&str>) -> Response {
    let done = "started: write under each heading and save; it stays a draft until you finish it";
    Redirect::to(&with_p(
        format!("/writing/draft?path={}&done={}", encode(path), encode(done)),
        p,
    ))
    .into_response()
}

/// A draft's page: its prompts, a box to write in under each heading (or
/// one for the whole text), what stands in the way of finishing it, and
/// the buttons to save and to finish.
pub(super) async fn draft(State(app): State<Arc<App>>, Query(at): Query<WritingAt>) -> Response {
    on_folder(app, at.p.clone(), move |app, folder, p| {
        let Some(path) = at.path.as_deref() else {
            return Refused::not_found("Which draft?").into_response();
        };
        let shown = Shown {
            whole: at.whole.is_some(),
            message: at.done.as_deref().map(|d| (d.to_owned(), false)),
            tried: None,
        };
        draft_page(app, folder, p, path, shown)
    })
    .await
}

/// How a draft's page is shown.
#[derive(Debug, Default)]
struct Shown {
    /// The whole text in one box.
    whole: bool,
    /// What was done, or why not (`true`).
    message: Option<(String, bool)>,
    /// What the user tried to save, when it was not saved: each box's
    /// heading (none for the whole text) and text.
    tried: Option<Tried>,
}

/// Text typed and not saved: each box's heading (none for the whole
/// text) and what was in it.
type Tried = Vec<(Option<String>, String)>;

/// Text typed and not saved, for a page: the boxes with something in them.
fn tried_json(tried: Tried) -> Vec<Value> {
    tried
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(heading, text)| json!({ "heading": heading, "text": text }))
        .collect()
}

fn draft_page(app: &App, folder: &Path, p: Option<&str>, path: &str, shown: Shown) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let text = match read_draft(&portfolio, path) {
        Ok(text) => text,
        Err(e) => return not_a_draft(app, folder, p, &e, shown.tried.unwrap_or_default()),
    };
    let Some(piece) = portfolio.piece(path) else {
        return Refused::not_found("This portfolio has no such piece of evidence.").into_response();
    };
    let DraftText {
        description,
        version,
        body,
        reasons,
    } = &text;
    let parts = body.as_deref().map(sections);
    let whole = shown.whole || parts.as_ref().is_some_and(|s| s.sections.is_empty());
    // What the user typed and was not saved: under the box of the same
    // heading where there is one, else all together above the form.
    let mut tried = shown.tried.unwrap_or_default();
    tried.retain(|(_, text)| !text.trim().is_empty());
    let mut beside: Vec<Option<String>> = Vec::new();
    if let (Some(parts), false) = (&parts, whole) {
        for section in &parts.sections {
            let at = tried
                .iter()
                .position(|(heading, _)| heading.as_deref() == Some(section.heading.as_str()));
            beside.push(at.map(|at| tried.remove(at).1));
        }
    }
    let context = merge(
        frame(&portfolio, p, "writing"),
        json!({
            "title": piece.title,
            "path": piece.path,
            "link": encode(&piece.path),
            "description": description,
            "version": version,
            "type": piece.evidence_type.as_ref().map(|t| t.id.clone()),
            "claims": piece.claims.iter().map(|c| portfolio.standards.display(&c.item)).collect::<Vec<_>>(),
            "has_text": body.is_some(),
            "whole": whole,
            "body": body,
            "prompts": parts.as_ref().map(|s| description_html(s.prompts)),
            "sections": parts.as_ref().map(|s| s.sections.iter().enumerate().map(|(n, section)| json!({
                "number": n + 1,
                "heading": section.heading,
                "answer": section.answer(),
                "tried": beside.get(n).cloned().flatten(),
            })).collect::<Vec<_>>()),
            "reasons": reasons_json(reasons),
            "tried": tried_json(tried),
            "message": shown.message.as_ref().map(|(text, _)| text),
            "refused": shown.message.as_ref().is_some_and(|(_, refused)| *refused),
        }),
    );
    app.render("draft.html", &context)
}

/// The writing page, refused: the file is not a draft this page can show.
fn not_a_draft(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    error: &DraftTextError,
    tried: Tried,
) -> Response {
    let status = match error {
        DraftTextError::NotEvidence { .. } => StatusCode::NOT_FOUND,
        DraftTextError::Write(_) => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    with_status(
        writing_page_with(
            app,
            folder,
            p,
            None,
            Some((&error.to_string(), true)),
            tried,
        ),
        status,
    )
}

/// Saves a draft's text from its page: the boxes under its headings
/// (repeated `answer`, in order) or the whole text (`body`), against the
/// `version` the page showed; then, with `then=finish`, finishes it.
pub(super) async fn save(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    on_folder(app, field(&fields, "p"), move |app, folder, p| {
        let Some(path) = field(&fields, "path") else {
            return Refused::not_found("Which draft?").into_response();
        };
        let portfolio = match app.open(folder) {
            Ok(portfolio) => portfolio,
            Err(refused) => return refused.into_response(),
        };
        let version = field(&fields, "version").unwrap_or_default();
        let whole_text = fields
            .iter()
            .find(|(n, _)| n == "body")
            .map(|(_, v)| v.clone());
        let answers = all(&fields, "answer");
        let headings = all(&fields, "heading");
        // What the user typed, to show again if it is not saved.
        let tried: Tried = match &whole_text {
            Some(text) => vec![(None, text.clone())],
            None => answers
                .iter()
                .enumerate()
                .map(|(n, a)| (headings.get(n).cloned(), a.clone()))
                .collect(),
        };
        let is_whole = whole_text.is_some();
        let again = |message: String, status: StatusCode| {
            let shown = Shown {
                whole: is_whole,
                message: Some((message, true)),
                tried: Some(tried.clone()),
            };
            with_status(draft_page(app, folder, p, &path, shown), status)
        };
        let current = match read_draft(&portfolio, &path) {
            Ok(current) => current,
            Err(e) => return not_a_draft(app, folder, p, &e, tried),
        };
        let changed = || {
            again(
                "This draft changed since this page was opened (in another tab or program), so your text was not saved. The draft as it is now is in the boxes below; what you typed is shown with them, marked “not saved”: copy what you need, then save again.".to_owned(),
                StatusCode::CONFLICT,
            )
        };
        if current.version != version {
            return changed();
        }
        let Some(body) = current.body.as_deref() else {
            return again(
                "This draft is a file you added, with no text to write in here; nothing was saved.".to_owned(),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        };
        let new_body = match whole_text.clone() {
            Some(text) => text,
            None => match sections(body).with_answers(&answers) {
                Some(new_body) => new_body,
                None => {
                    return again(
                        "The page did not match the draft's headings, so nothing was saved; your text is shown below.".to_owned(),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    );
                }
            },
        };
        let saved = match save_draft(&portfolio, &path, &version, &new_body) {
            Ok(saved) => saved,
            Err(DraftTextError::Changed { .. }) => return changed(),
            Err(e) => return again(e.to_string(), StatusCode::UNPROCESSABLE_ENTITY),
        };
        let done = if saved.written { "saved" } else { "nothing had changed" };
        if field(&fields, "then").as_deref() == Some("finish") {
            return finish_answer(app, folder, p, &path, Some(done));
        }
        let mut to = format!(
            "/writing/draft?path={}&done={}",
            encode(&path),
            encode(done)
        );
        if tried.first().is_some_and(|(heading, _)| heading.is_none()) {
            to.push_str("&whole=1");
        }
        Redirect::to(&with_p(to, p)).into_response()
    })
    .await
}

/// Finishes a draft from its page: the store's `finish`, as `nosfolio
/// finish` does it.
pub(super) async fn finish_draft(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    on_folder(app, field(&fields, "p"), move |app, folder, p| {
        let Some(path) = field(&fields, "path") else {
            return Refused::not_found("Which draft?").into_response();
        };
        finish_answer(app, folder, p, &path, None)
    })
    .await
}

/// Finishes `path` and answers: its piece's page once it is evidence, or
/// its draft's page with every reason it is not ready.
fn finish_answer(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    path: &str,
    saved: Option<&str>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let to_piece = |done: &str| {
        Redirect::to(&with_p(
            format!("/piece?path={}&done={}", encode(path), encode(done)),
            p,
        ))
        .into_response()
    };
    let prefix = saved.map(|s| format!("{s}; ")).unwrap_or_default();
    let again = |why: String| {
        let shown = Shown {
            message: Some((sentence(&why), true)),
            ..Shown::default()
        };
        with_status(
            draft_page(app, folder, p, path, shown),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    match finish(&portfolio, path) {
        Ok(Finished::Finished { .. }) => to_piece(&sentence(&format!(
            "{prefix}finished: it now counts as evidence, and its claims are ready for the assessor"
        ))),
        Ok(Finished::NotADraft { .. }) => to_piece(&sentence(&format!(
            "{prefix}it is not a draft: nothing to do"
        ))),
        Err(FinishError::NotReady { .. }) => again(format!(
            "{prefix}it is not ready to finish, so it is still a draft: see what is left to do below."
        )),
        Err(FinishError::NotEvidence { .. } | FinishError::Network { .. }) => with_status(
            writing_page(
                app,
                folder,
                p,
                None,
                Some((
                    "This portfolio has no such draft; nothing was changed.",
                    true,
                )),
            ),
            StatusCode::NOT_FOUND,
        ),
        Err(e) => again(format!("{prefix}{e}")),
    }
}
