//! The networking plan.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nosfolio_core::Confidentiality;
use nosfolio_network::{Contact, ContactChange, ContactFields, ContactsEdit, List, Quarter, Trend};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{App, At, Refused, encode, field, frame, merge, on_folder, with_p};

/// Introductions suggested on the plan's page.
const INTRODUCTIONS: usize = 5;

/// The networking plan: every contact with their lists, latest score and
/// when they are due; forms to add one, score one and log a contact made.
pub(super) async fn network(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    on_folder(app, at.p.clone(), move |app, folder, p| {
        let done = at.done.as_deref().map(|d| (d, false));
        network_page(app, folder, p, done)
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
    let network = &portfolio.network;
    let due = network.due(today, 7);
    let review = network.review(Quarter::of(today), today);
    let contacts: Vec<Value> = portfolio
        .network
        .contacts()
        .iter()
        .map(|contact| {
            let latest = contact.latest_score();
            let due = due.iter().find(|d| d.contact.id == contact.id);
            let trend = review
                .scores
                .iter()
                .find(|r| r.contact.id == contact.id)
                .map(|r| trend_words(r.trend));
            json!({
                "id": contact.id,
                "link": encode(&contact.id),
                "trend": trend,
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
    let (met, missed, open) = review.target_counts();
    let not_rescored: Vec<&str> = review
        .not_rescored
        .iter()
        .filter_map(|id| network.contact(id).map(|c| c.name.as_str()))
        .collect();
    let introductions = network.introductions(INTRODUCTIONS);
    let suggestions: Vec<Value> = introductions
        .suggestions
        .iter()
        .map(|s| {
            json!({
                "first": s.first.id, "first_name": s.first.name,
                "second": s.second.id, "second_name": s.second.name,
                "shared": s.shared,
            })
        })
        .collect();
    let context = merge(
        frame(&portfolio, p, "network"),
        json!({
            "contacts": contacts,
            "review": {
                "quarter": review.quarter.to_string(),
                "not_rescored": not_rescored,
                "met": met, "missed": missed, "open": open,
                "kinds": review.kinds,
            },
            "suggestions": suggestions,
            "more_suggestions": introductions.total.saturating_sub(suggestions.len()),
            "today": today.to_string(),
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("network.html", &context)
}

/// Makes `change` to the contacts list through the store, as of today.
fn apply(
    app: &App,
    folder: &Path,
    change: &ContactChange,
) -> Result<ContactsEdit, nosfolio_store::ContactsError> {
    nosfolio_store::change_contacts(
        folder,
        change,
        nosfolio_store::ContactsOptions {
            today: (app.today)(),
            force: false,
        },
    )
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
            let to = with_p(format!("/network?done={}", encode(&done)), p);
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
    on_folder(app, field(&fields, "p"), move |app, folder, p| {
        let result = change(app, folder, &fields);
        network_answer(app, folder, p, result)
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
        apply(app, folder, &change)
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
        apply(app, folder, &change)
            .map(|_| format!("scored {id} {score} today"))
            .map_err(|e| e.to_string())
    })
    .await
}

/// Writes a journal entry of a contact made today: one or more contacts,
/// and any introductions made (`introduced` as `ID,ID`), checked by the
/// network library's rule for an entry, as `nosfolio network log` is.
pub(super) async fn network_log(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let portfolio = app.open(folder).map_err(|refused| refused.why)?;
        let contacts: Vec<&str> = values(fields, "contact");
        let introduced: Vec<(&str, &str)> = values(fields, "introduced")
            .into_iter()
            .filter_map(|pair| pair.split_once(','))
            .map(|(a, b)| (a.trim(), b.trim()))
            .collect();
        let kind = field(fields, "kind").unwrap_or_default();
        let next = match field(fields, "next") {
            Some(day) => Some(nosfolio_core::parse_date(&day).map_err(|p| p.explained())?),
            None => None,
        };
        let note = field(fields, "note");
        let entry = nosfolio_network::NewEntry {
            date: (app.today)(),
            contacts,
            kind: &kind,
            introduced,
            next_contact: next,
            confidentiality: None,
            claims: Vec::new(),
            note: note.as_deref(),
        };
        let problems = portfolio
            .network
            .entry_problems(&entry, &portfolio.standards);
        if !problems.is_empty() {
            let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(format!("{}; nothing was written.", said.join("; ")));
        }
        let names = entry
            .contacts
            .iter()
            .map(|id| {
                portfolio
                    .network
                    .contact(id)
                    .map_or(*id, |c| c.name.as_str())
            })
            .collect::<Vec<_>>()
            .join(" and ");
        nosfolio_store::write_journal_entry(folder, &entry)
            .map(|path| format!("logged a {kind} with {names} in {path}"))
            .map_err(|e| e.to_string())
    })
    .await
}

/// Every non-empty value of `name` in a form, trimmed.
fn values<'a>(fields: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .collect()
}

/// A score's trend over the quarter, in words.
fn trend_words(trend: Trend) -> &'static str {
    match trend {
        Trend::Up => "up this quarter",
        Trend::Down => "down this quarter",
        Trend::Same => "the same this quarter",
        Trend::New => "first scored this quarter",
        Trend::NotRescored => "not re-scored this quarter",
        Trend::Unscored => "never scored",
    }
}

/// A contact as it is now, in a few characters: a form sent back with
/// another version was made from a page that is out of date.
fn version(contact: &Contact) -> String {
    let bytes = serde_json::to_vec(contact).unwrap_or_default();
    let digest = Sha256::digest(bytes);
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// A contact's page: everything the plan says about them in a form to
/// change it, their score history and the journal entries with them, and
/// a form to remove them.
pub(super) async fn contact_page(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    on_folder(app, at.p.clone(), move |app, folder, p| {
        let Some(id) = at.id.as_deref() else {
            return Refused::not_found("Which contact?").into_response();
        };
        let done = at.done.as_deref().map(|d| (d, false));
        contact_answer(app, folder, p, id, done, None)
    })
    .await
}

/// The contact's page, with a message, and what a refused form asked for
/// (kept, so that nothing typed is lost).
fn contact_answer(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    id: &str,
    message: Option<(&str, bool)>,
    unsaved: Option<&[Value]>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let network = &portfolio.network;
    let Some(contact) = network.contact(id) else {
        return Refused::not_found("The networking plan has no such contact.").into_response();
    };
    let entries: Vec<Value> = network
        .entries_with(id)
        .map(|e| {
            json!({
                "date": e.date.to_string(),
                "kind": e.kind,
                "title": e.title(),
                "file": e.file,
            })
        })
        .collect();
    let context = merge(
        frame(&portfolio, p, "network"),
        json!({
            "contact": contact,
            "lists": {
                "know": contact.lists.contains(&List::KnowAndLike),
                "help": contact.lists.contains(&List::CanHelp),
            },
            "interests": contact.interests.join(", "),
            "ideas": contact.ideas.join("\n"),
            "confidentiality": contact.confidentiality.to_string(),
            "version": version(contact),
            "entries": entries,
            "windows": nosfolio_network::TARGET_WINDOWS,
            "unsaved": unsaved,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("contact.html", &context)
}

/// What the edit form asks the contact to be: `current` with every field
/// of the form in place of its own.
fn wanted(current: &Contact, fields: &[(String, String)]) -> Result<Contact, String> {
    let number = |name: &str, what: &str| -> Result<Option<u16>, String> {
        field(fields, name)
            .map(|n| {
                n.parse::<u16>()
                    .map_err(|_| format!("{what} is a number of days, not `{n}`"))
            })
            .transpose()
    };
    let date = match field(fields, "target_from") {
        Some(day) => Some(nosfolio_core::parse_date(&day).map_err(|p| p.explained())?),
        None => current.target_from,
    };
    let confidentiality = match field(fields, "confidentiality").as_deref() {
        Some("public") => Confidentiality::Public,
        Some("assessor") => Confidentiality::Assessor,
        Some("private") | None => Confidentiality::Private,
        Some(other) => return Err(format!("`{other}` is not a confidentiality")),
    };
    let mut lists = Vec::new();
    for list in values(fields, "list") {
        lists.push(match list {
            "know-and-like" => List::KnowAndLike,
            "can-help" => List::CanHelp,
            other => return Err(format!("`{other}` is not a list")),
        });
    }
    Ok(Contact {
        name: field(fields, "name").ok_or("A contact needs a name.")?,
        organisation: field(fields, "organisation"),
        department: field(fields, "department"),
        role: field(fields, "role"),
        leader: field(fields, "leader").is_some(),
        lists,
        interests: field(fields, "interests")
            .map(|i| {
                i.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        target: number("target", "The target window")?,
        target_from: date,
        ideas: field(fields, "ideas")
            .map(|i| {
                i.lines()
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        cadence: number("cadence", "How often to be in touch")?,
        notes: field(fields, "notes"),
        confidentiality,
        ..current.clone()
    })
}

/// Changes a contact to what their page's form says, through the store;
/// refused, with what was typed kept, when the contact changed since the
/// page was shown.
pub(super) async fn contact_edit(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    on_folder(app, field(&fields, "p"), move |app, folder, p| {
        edit_contact(app, folder, p, &fields)
    })
    .await
}

/// What was said stale: the page showed the contact as it was.
const STALE_CONTACT: &str = "This contact was changed since you opened the page (in another tab, or by a command): nothing was saved. The form now shows them as they are; what you typed is listed below it.";

fn edit_contact(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    fields: &[(String, String)],
) -> Response {
    let Some(id) = field(fields, "id") else {
        return Refused::not_found("Which contact?").into_response();
    };
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let Some(current) = portfolio.network.contact(&id) else {
        return Refused::not_found("The networking plan has no such contact.").into_response();
    };
    let typed: Vec<Value> = fields
        .iter()
        .filter(|(name, value)| {
            !matches!(name.as_str(), "p" | "id" | "was") && !value.trim().is_empty()
        })
        .map(|(name, value)| json!({ "field": name, "value": value }))
        .collect();
    let refuse = |status: StatusCode, why: &str| {
        let mut response = contact_answer(app, folder, p, &id, Some((why, true)), Some(&typed));
        *response.status_mut() = status;
        response
    };
    if field(fields, "was").as_deref() != Some(version(current).as_str()) {
        return refuse(StatusCode::CONFLICT, STALE_CONTACT);
    }
    let change = match wanted(current, fields) {
        Ok(wanted) => ContactFields::between(current, &wanted),
        Err(why) => {
            return refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("{why}; nothing was saved."),
            );
        }
    };
    if change.is_empty() {
        let to = contact_address(p, &id, "nothing was changed");
        return Redirect::to(&to).into_response();
    }
    let change = ContactChange::Edit {
        id: id.clone(),
        fields: change,
    };
    match apply(app, folder, &change) {
        Ok(edit) => {
            let name = edit
                .contact
                .as_ref()
                .map_or(id.as_str(), |c| c.name.as_str());
            let done = format!("saved {name}: {}", edit.changed.join(", "));
            Redirect::to(&contact_address(p, &id, &done)).into_response()
        }
        Err(e) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("{e}; nothing was saved."),
        ),
    }
}

/// The address of a contact's page, saying what was done.
fn contact_address(p: Option<&str>, id: &str, done: &str) -> String {
    with_p(
        format!("/network/contact?id={}&done={}", encode(id), encode(done)),
        p,
    )
}

/// Removes a contact, once the form's box says so; the library refuses
/// while journal entries name them.
pub(super) async fn contact_remove(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let id = field(fields, "id").ok_or("Which contact?")?;
        if field(fields, "sure").is_none() {
            return Err(format!(
                "Tick the box to say you mean to remove {id}; nothing was removed."
            ));
        }
        let change = ContactChange::Remove { id: id.clone() };
        apply(app, folder, &change)
            .map(|edit| {
                let name = edit.removed.map_or(id, |c| c.name);
                format!("removed {name} from the networking plan")
            })
            .map_err(|e| e.to_string())
    })
    .await
}
