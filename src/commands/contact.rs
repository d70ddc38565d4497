//! `nosfolio network contact`: the people in the networking plan, added,
//! changed, scored, removed and listed without writing YAML. Glue: the
//! arguments become a `ContactChange`, which the store makes under the
//! portfolio's lock.

use std::path::PathBuf;

use jiff::civil::Date;
use nosfolio_network::{
    ContactChange, ContactFields, ContactSummary, ContactsEdit, Field, List, Written,
};
use nosfolio_report::{clean, contacts_text};
use nosfolio_store::{CONTACTS_FILE, ContactsOptions, change_contacts};
use serde_json::json;

use super::network::Visibility;
use super::{Context, Outcome, open_portfolio, report_problems, with_diagnostics};
use crate::cli::Format;
use crate::clock::date_arg;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Add a person to the networking plan: a team or department leader,
    /// someone you know and like, someone who can help your career. Creates
    /// the contacts list when there is none.
    Add(AddArgs),
    /// Change a contact: set, add to, remove from or clear what the plan
    /// says about them.
    Edit(EditArgs),
    /// Score your relationship with a contact, from 1 (hardly know them) to
    /// 5 (at ease to call anytime), adding to their score history. Re-score
    /// everyone once a quarter.
    Score(ScoreArgs),
    /// Remove a contact. Refused while journal entries name them.
    Remove(RemoveArgs),
    /// Every contact, one line each: id, name, lists, latest score and
    /// target window.
    List(ListArgs),
}

/// The portfolio folder, output format and `--force`.
#[derive(Debug, clap::Args)]
pub(crate) struct Common {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// When the contacts list is laid out in a way nosfolio cannot change in
    /// place, write the whole list anew (its comments are lost).
    #[arg(long)]
    force: bool,
}

/// `--list` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListArg {
    /// People you already know and like.
    KnowAndLike,
    /// People who can, at some time, help your career.
    CanHelp,
}

impl From<ListArg> for List {
    fn from(value: ListArg) -> Self {
        match value {
            ListArg::KnowAndLike => Self::KnowAndLike,
            ListArg::CanHelp => Self::CanHelp,
        }
    }
}

/// `--clear` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ClearArg {
    Organisation,
    Department,
    Role,
    /// They no longer lead a team.
    Leader,
    /// Take them off both lists.
    Lists,
    Interests,
    /// The target window and its start date.
    Target,
    /// The target window's start date (it then starts at the first score).
    TargetFrom,
    Ideas,
    Cadence,
    Notes,
    /// Back to private, the default.
    Confidentiality,
}

impl From<ClearArg> for Field {
    fn from(value: ClearArg) -> Self {
        match value {
            ClearArg::Organisation => Self::Organisation,
            ClearArg::Department => Self::Department,
            ClearArg::Role => Self::Role,
            ClearArg::Leader => Self::Leader,
            ClearArg::Lists => Self::Lists,
            ClearArg::Interests => Self::Interests,
            ClearArg::Target => Self::Target,
            ClearArg::TargetFrom => Self::TargetFrom,
            ClearArg::Ideas => Self::Ideas,
            ClearArg::Cadence => Self::Cadence,
            ClearArg::Notes => Self::Notes,
            ClearArg::Confidentiality => Self::Confidentiality,
        }
    }
}

/// What `add` and `edit` can say about a contact.
#[derive(Debug, clap::Args)]
pub(crate) struct FieldArgs {
    /// Their organisation, when it is not yours.
    #[arg(long)]
    organisation: Option<String>,
    /// Their department.
    #[arg(long)]
    department: Option<String>,
    /// Their role.
    #[arg(long)]
    role: Option<String>,
    /// They lead a team or department.
    #[arg(long)]
    leader: bool,
    /// A starting-plan list to put them on (repeatable): know-and-like,
    /// can-help. Start with those on both.
    #[arg(long = "list", value_enum, value_name = "LIST")]
    lists: Vec<ListArg>,
    /// An interest, as a short tag (repeatable): contacts who share one
    /// could be introduced to each other.
    #[arg(long = "interest", value_name = "TAG")]
    interests: Vec<String>,
    /// Get to know them within 30, 60 or 90 days.
    #[arg(long, value_name = "DAYS")]
    target: Option<u16>,
    /// When the target window starts (YYYY-MM-DD); else the first score's
    /// day, else the list's date, else today.
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    target_from: Option<Date>,
    /// An idea for getting to know them (repeatable).
    #[arg(long = "idea", value_name = "TEXT")]
    ideas: Vec<String>,
    /// Be in touch every this many days (1 to 366).
    #[arg(long, value_name = "DAYS")]
    cadence: Option<u16>,
    /// Who they are to you, what they know, how they can help.
    #[arg(long, value_name = "TEXT")]
    notes: Option<String>,
    /// Who may see who they are in reports: private (the default: you
    /// only), assessor, or public.
    #[arg(long, value_enum)]
    confidentiality: Option<Visibility>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct AddArgs {
    /// A short id the journal will use, e.g. jsmith: letters, digits, -, _ or .
    id: String,
    /// Their name.
    #[arg(long)]
    name: String,
    #[command(flatten)]
    fields: FieldArgs,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
pub(crate) struct EditArgs {
    /// The contact's id.
    id: String,
    /// Their name.
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    fields: FieldArgs,
    /// Take them off a list (repeatable).
    #[arg(long = "remove-list", value_enum, value_name = "LIST")]
    remove_lists: Vec<ListArg>,
    /// Remove an interest (repeatable; case does not matter).
    #[arg(long = "remove-interest", value_name = "TAG")]
    remove_interests: Vec<String>,
    /// Remove an idea, written as it is in the list (repeatable).
    #[arg(long = "remove-idea", value_name = "TEXT")]
    remove_ideas: Vec<String>,
    /// Remove what the plan says about them under this heading (repeatable).
    #[arg(long, value_enum, value_name = "FIELD")]
    clear: Vec<ClearArg>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ScoreArgs {
    /// The contact's id.
    id: String,
    /// 1 hardly know them, 2, 3, 4, 5 at ease to call anytime.
    #[arg(value_name = "1-5")]
    score: u8,
    /// The day of the score (YYYY-MM-DD); today by default.
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    date: Option<Date>,
    /// Replace a score already given that day (without it, a second score
    /// on one day is refused).
    #[arg(long)]
    replace: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RemoveArgs {
    /// The contact's id.
    id: String,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ListArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub(crate) fn run(command: Command, context: &Context) -> anyhow::Result<Outcome> {
    let today = context.today();
    match command {
        Command::Add(args) => {
            let change = ContactChange::Add {
                id: args.id.clone(),
                fields: fields(Some(args.name.clone()), &args.fields),
            };
            change_and_say(&change, &args.common, today, "added", context)
        }
        Command::Edit(args) => {
            let mut set = fields(args.name.clone(), &args.fields);
            set.remove_lists = args.remove_lists.iter().map(|l| List::from(*l)).collect();
            set.remove_interests.clone_from(&args.remove_interests);
            set.remove_ideas.clone_from(&args.remove_ideas);
            set.clear = args.clear.iter().map(|c| Field::from(*c)).collect();
            let change = ContactChange::Edit {
                id: args.id.clone(),
                fields: set,
            };
            change_and_say(&change, &args.common, today, "edited", context)
        }
        Command::Score(args) => {
            let change = ContactChange::Score {
                id: args.id.clone(),
                date: args.date.unwrap_or(today),
                score: args.score,
                replace: args.replace,
            };
            change_and_say(&change, &args.common, today, "scored", context)
        }
        Command::Remove(args) => {
            let change = ContactChange::Remove {
                id: args.id.clone(),
            };
            change_and_say(&change, &args.common, today, "removed", context)
        }
        Command::List(args) => list(&args, context),
    }
}

fn fields(name: Option<String>, args: &FieldArgs) -> ContactFields {
    ContactFields {
        name,
        organisation: args.organisation.clone(),
        department: args.department.clone(),
        role: args.role.clone(),
        leader: args.leader,
        lists: args.lists.iter().map(|l| List::from(*l)).collect(),
        interests: args.interests.clone(),
        target: args.target,
        target_from: args.target_from,
        ideas: args.ideas.clone(),
        cadence: args.cadence,
        notes: args.notes.clone(),
        confidentiality: args.confidentiality.map(Into::into),
        ..ContactFields::default()
    }
}

/// `Jane Smith [jsmith]`
fn who(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{} [{}]", clean(name), clean(id)),
        None => format!("[{}]", clean(id)),
    }
}

fn change_and_say(
    change: &ContactChange,
    common: &Common,
    today: Date,
    action: &str,
    context: &Context,
) -> anyhow::Result<Outcome> {
    let options = ContactsOptions {
        today,
        force: common.force,
    };
    let edit = change_contacts(&common.dir, change, options)?;
    let shown: Vec<_> = edit
        .warnings
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if common.dir != std::path::Path::new(".") {
                d.file = common.dir.join(&d.file).display().to_string();
            }
            d
        })
        .collect();
    output::error_text(&nosfolio_report::diagnostics_text(&shown, &context.stderr));
    match common.format {
        Format::Text => output::print(&said(change, &edit, action))?,
        Format::Json => {
            let contact = edit.contact.as_ref().or(edit.removed.as_ref());
            let score = match change {
                ContactChange::Score { date, score, .. } => {
                    json!({ "date": date, "score": score })
                }
                _ => serde_json::Value::Null,
            };
            output::print_json(&json!({
                "action": if edit.written == Written::Unchanged { "unchanged" } else { action },
                "id": change.id(),
                "file": CONTACTS_FILE,
                "written": edit.written,
                "changed": edit.changed,
                "contact": contact.map(ContactSummary::of),
                "score": score,
                "replaced": edit.replaced,
                "warnings": edit.warnings,
            }))?;
        }
    }
    Ok(Outcome::Ok)
}

/// What was done, in a sentence or two.
fn said(change: &ContactChange, edit: &ContactsEdit, action: &str) -> String {
    let contact = edit.contact.as_ref().or(edit.removed.as_ref());
    let who = who(change.id(), contact.map(|c| c.name.as_str()));
    let mut out = match (change, edit.written) {
        (_, Written::Unchanged) => format!("nothing to change: {who} already has that"),
        (ContactChange::Add { .. }, Written::Created) => {
            format!("added {who}, starting {CONTACTS_FILE}")
        }
        (ContactChange::Add { .. }, _) => format!("added {who} to {CONTACTS_FILE}"),
        (ContactChange::Edit { .. }, _) => {
            format!("edited {who}: {} changed", edit.changed.join(", "))
        }
        (ContactChange::Score { date, score, .. }, _) => {
            let mut line = format!("scored {who} {score}/5 on {date}");
            if let Some(old) = edit.replaced {
                line.push_str(&format!(" (replacing {}/5)", old.score));
            }
            if let Some(contact) = &edit.contact {
                let history: Vec<String> = contact
                    .scores
                    .iter()
                    .map(|s| format!("{} {}", s.date, s.score))
                    .collect();
                line.push_str(&format!("\n  scores: {}", history.join(", ")));
            }
            line
        }
        (ContactChange::Remove { .. }, _) => format!("{action} {who} from {CONTACTS_FILE}"),
    };
    if edit.written == Written::Rewritten {
        out.push_str(&format!(
            "\n  {CONTACTS_FILE} was written anew (--force): its comments and layout were not kept"
        ));
    }
    out.push('\n');
    out
}

fn list(args: &ListArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let outcome = report_problems(&portfolio, context);
    let rows: Vec<ContactSummary> = portfolio
        .network
        .contacts()
        .iter()
        .map(ContactSummary::of)
        .collect();
    match args.format {
        Format::Text => output::print(&contacts_text(&rows, &context.stdout))?,
        Format::Json => output::print_json(&with_diagnostics(
            json!({ "file": CONTACTS_FILE, "contacts": rows }),
            &portfolio,
        ))?,
    }
    Ok(outcome)
}
