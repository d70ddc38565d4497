//! The networking plan.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

use super::{App, At, blocking, encode, frame, merge};

/// The networking plan: every contact with their lists, latest score and
/// when they are due; forms to add one, score one and log a contact made.
pub(super) async fn network(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(at.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let done = at.done.as_deref().map(|d| (d, false));
        network_page(&app, &folder, p.as_deref(), done)
    })
    .await
}

fn network_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    message: Option<(&str, bool)>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let today = (app.today)();
    let due = portfolio.network.due(today, 7);
    let contacts: Vec<Value> = portfolio
        .network
        .contacts()
        .iter()
        .map(|contact| {
            let latest = contact.latest_score();
            let due = due.iter().find(|d| d.contact.id == contact.id);
            json!({
                "id": contact.id,
                "name": contact.name,
                "organisation": contact.organisation,
                "role": contact.role,
                "lists": contact.lists.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "score": latest.map(|s| s.score),
                "scored": latest.map(|s| s.date.to_string()),
                "due": due.map(|d| d.due.to_string()),
                "overdue": due.is_some_and(|d| d.days_overdue > 0),
            })
        })
        .collect();
    let context = merge(
        frame(&portfolio, p, "network"),
        json!({
            "contacts": contacts,
            "today": today.to_string(),
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("network.html", &context)
}

/// A form's fields: the first value of `name`, trimmed, if not empty.
fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Answers a change to the networking plan: back to the plan with what was
/// done, or the plan as it is with why nothing was.
fn network_answer(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    result: Result<String, String>,
) -> Response {
    match result {
        Ok(done) => {
            let mut to = format!("/network?done={}", encode(&done));
            if let Some(p) = p {
                to.push_str(&format!("&p={}", encode(p)));
            }
            Redirect::to(&to).into_response()
        }
        Err(why) => {
            let mut response = network_page(app, folder, p, Some((&why, true)));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
    }
}

/// Runs `change` (which returns what was done, or why nothing was) on
/// the portfolio the form names, off the async threads, and answers it.
async fn change_network(
    app: Arc<App>,
    fields: Vec<(String, String)>,
    change: impl FnOnce(&App, &Path, &[(String, String)]) -> Result<String, String> + Send + 'static,
) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(field(&fields, "p").as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let result = change(&app, &folder, &fields);
        network_answer(&app, &folder, p.as_deref(), result)
    })
    .await
}

/// Adds a contact; their id is made from their name.
pub(super) async fn network_add(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let name = field(fields, "name").ok_or("Give the person's name; nothing was added.")?;
        let id = nosfolio_store::slug(&name);
        if id.is_empty() {
            return Err(
                "The name has no letters or digits to make an id of; nothing was added.".to_owned(),
            );
        }
        let lists = fields
            .iter()
            .filter(|(n, _)| n == "list")
            .filter_map(|(_, v)| match v.as_str() {
                "know-and-like" => Some(nosfolio_network::List::KnowAndLike),
                "can-help" => Some(nosfolio_network::List::CanHelp),
                _ => None,
            })
            .collect();
        let interests = field(fields, "interests")
            .map(|i| {
                i.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let change = nosfolio_network::ContactChange::Add {
            id: id.clone(),
            fields: nosfolio_network::ContactFields {
                name: Some(name.clone()),
                organisation: field(fields, "organisation"),
                role: field(fields, "role"),
                lists,
                interests,
                ..nosfolio_network::ContactFields::default()
            },
        };
        nosfolio_store::change_contacts(
            folder,
            &change,
            nosfolio_store::ContactsOptions {
                today: (app.today)(),
                force: false,
            },
        )
        .map(|_| format!("added {name} to the networking plan (as `{id}`)"))
        .map_err(|e| e.to_string())
    })
    .await
}

/// Adds a relationship score, today.
pub(super) async fn network_score(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let id = field(fields, "id").ok_or("Which contact?")?;
        let score: u8 = field(fields, "score")
            .and_then(|s| s.parse().ok())
            .filter(|s| (1..=5).contains(s))
            .ok_or("Choose a score from 1 to 5; nothing was changed.")?;
        let change = nosfolio_network::ContactChange::Score {
            id: id.clone(),
            date: (app.today)(),
            score,
            replace: field(fields, "replace").is_some(),
        };
        nosfolio_store::change_contacts(
            folder,
            &change,
            nosfolio_store::ContactsOptions {
                today: (app.today)(),
                force: false,
            },
        )
        .map(|_| format!("scored {id} {score} today"))
        .map_err(|e| e.to_string())
    })
    .await
}

/// Writes a journal entry of a contact made today.
pub(super) async fn network_log(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let contact = field(fields, "contact")
            .ok_or("Choose who you were in touch with; nothing was written.")?;
        let kind = field(fields, "kind").ok_or(
            "Say what kind of contact it was (coffee, call, meeting…); nothing was written.",
        )?;
        let next = match field(fields, "next") {
            Some(day) => Some(nosfolio_core::parse_date(&day).map_err(|p| p.explained())?),
            None => None,
        };
        let note = field(fields, "note");
        let entry = nosfolio_network::NewEntry {
            date: (app.today)(),
            contacts: vec![contact.as_str()],
            kind: &kind,
            introduced: Vec::new(),
            next_contact: next,
            confidentiality: None,
            claims: Vec::new(),
            note: note.as_deref(),
        };
        // The contact must be on the plan: the store writes what core
        // checks, and the plan is read back for the id.
        let known = app
            .open(folder)
            .ok()
            .is_some_and(|portfolio| portfolio.network.contacts().iter().any(|c| c.id == contact));
        if !known {
            return Err(format!(
                "{contact} is not on the networking plan; nothing was written."
            ));
        }
        nosfolio_store::write_journal_entry(folder, &entry)
            .map(|path| format!("logged a {kind} with {contact} in {path}"))
            .map_err(|e| e.to_string())
    })
    .await
}
