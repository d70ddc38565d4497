//! `nosfolio network`: the networking plan — where to start, who is due,
//! the quarterly review, introductions to make, and the journal.

use std::path::PathBuf;

use jiff::civil::Date;
use nosfolio_core::Confidentiality;
use nosfolio_network::{EntryProblem, NewEntry, Quarter};
use nosfolio_report::{due_text, introductions_text, plan_text, review_text};
use nosfolio_store::{Portfolio, write_journal_entry};
use serde_json::json;

use super::{Context, Outcome, open_portfolio, report_problems, with_diagnostics};
use crate::cli::Format;
use crate::clock::date_arg;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Where to start: contacts on both your lists (know and like, can help)
    /// first, then team and department leaders by target window and lowest
    /// score, each with your ideas for getting to know them. Keeps the new
    /// relationships to build at once to --max.
    Plan(PlanArgs),
    /// Who is due or overdue for a contact. The date comes from what
    /// happened: the latest journal entry's next_contact, else the last
    /// contact plus the contact's cadence; someone not met yet is due at the
    /// end of their target window. Overdue first.
    Due(DueArgs),
    /// The quarterly re-score: contacts not re-scored this quarter, each
    /// relationship's score trend, and how many targets were met in their
    /// window.
    Review(ReviewArgs),
    /// Pairs of contacts who share interests and have not been introduced:
    /// suggestions for PC6.
    Introduce(IntroduceArgs),
    /// Record a contact in the journal (a new file in network/journal/, never
    /// overwriting one), then show who is due next.
    Log(LogArgs),
    /// The people in the plan: add, edit, score, remove and list them.
    #[command(subcommand)]
    Contact(super::contact::Command),
}

/// The portfolio folder and output format every network command takes.
#[derive(Debug, clap::Args)]
pub(crate) struct Common {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    #[command(flatten)]
    common: Common,
    /// The most new relationships to build at once, counting those in progress.
    #[arg(long, default_value_t = 5)]
    max: usize,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DueArgs {
    #[command(flatten)]
    common: Common,
    /// Also list who is due within this many days.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u16).range(0..=366))]
    days: u16,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReviewArgs {
    #[command(flatten)]
    common: Common,
    /// The quarter to review, e.g. 2026Q1; the current one by default.
    #[arg(long, value_parser = quarter_arg)]
    quarter: Option<Quarter>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct IntroduceArgs {
    #[command(flatten)]
    common: Common,
    /// The most pairs to show.
    #[arg(long, default_value_t = 10)]
    max: usize,
}

#[derive(Debug, clap::Args)]
pub(crate) struct LogArgs {
    #[command(flatten)]
    common: Common,
    /// A contact met, by id from network/contacts.yaml (repeat for several).
    #[arg(long = "contact", value_name = "ID", required = true)]
    contacts: Vec<String>,
    /// What kind of contact: lunch, coffee, meeting, event, call, email, introduction…
    #[arg(long)]
    kind: String,
    /// When the contact was made (YYYY-MM-DD); today by default.
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    date: Option<Date>,
    /// When to be in touch next (YYYY-MM-DD).
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    next: Option<Date>,
    /// What happened, what you learnt, what you agreed: the entry's text.
    #[arg(long)]
    note: Option<String>,
    /// Two contacts you introduced to each other, as `ID,ID` (repeatable; PC6).
    #[arg(long, value_name = "ID,ID")]
    introduced: Vec<String>,
    /// Who may see the entry in reports: private (the default: the candidate
    /// only), assessor, or public. Entries submitted as evidence are usually
    /// `assessor`.
    #[arg(long, value_enum)]
    confidentiality: Option<Visibility>,
    /// An item this entry evidences, e.g. PC2 (repeatable).
    #[arg(long = "claim", value_name = "ITEM")]
    claims: Vec<String>,
    /// Show who is due within this many days after logging.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u16).range(0..=366))]
    days: u16,
}

/// `--confidentiality` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Visibility {
    /// Anyone the portfolio is shown to.
    Public,
    /// The candidate and their assessors.
    Assessor,
    /// The candidate only.
    Private,
}

impl From<Visibility> for Confidentiality {
    fn from(value: Visibility) -> Self {
        match value {
            Visibility::Public => Self::Public,
            Visibility::Assessor => Self::Assessor,
            Visibility::Private => Self::Private,
        }
    }
}

fn quarter_arg(text: &str) -> Result<Quarter, String> {
    text.parse()
}

pub(crate) fn run(command: Command, context: &Context) -> anyhow::Result<Outcome> {
    match command {
        Command::Plan(args) => plan(&args, context),
        Command::Due(args) => due(&args, context),
        Command::Review(args) => review(&args, context),
        Command::Introduce(args) => introduce(&args, context),
        Command::Log(args) => log(&args, context),
        Command::Contact(command) => super::contact::run(command, context),
    }
}

/// Opens the portfolio and prints its problems; says how to start when it
/// has no contacts list.
fn open(common: &Common, context: &Context) -> anyhow::Result<(Portfolio, Outcome)> {
    let portfolio = open_portfolio(&common.dir, context)?;
    let outcome = report_problems(&portfolio, context);
    if outcome == Outcome::Ok {
        require_list(&portfolio)?;
    }
    Ok((portfolio, outcome))
}

/// Says how to start when the portfolio has no contacts list.
fn require_list(portfolio: &Portfolio) -> anyhow::Result<()> {
    if portfolio.network.list.is_none() {
        anyhow::bail!(
            "{} has no networking plan yet: it has no contacts\n  help: add the people to build relationships with, for example:\n\n    nosfolio network contact add jsmith --name \"Jane Smith\" --department Finance --role \"Head of Finance\" --leader --list know-and-like --list can-help --target 30 --idea \"Invite her to lunch after the budget meeting\"\n    nosfolio network contact score jsmith 2\n\n  `nosfolio network contact add --help` lists everything a contact can say.",
            portfolio.root.display()
        );
    }
    Ok(())
}

fn print(
    format: Format,
    text: impl FnOnce() -> String,
    json: impl FnOnce() -> serde_json::Value,
    portfolio: &Portfolio,
) -> anyhow::Result<()> {
    match format {
        Format::Text => output::print(&text())?,
        Format::Json => output::print_json(&with_diagnostics(json(), portfolio))?,
    }
    Ok(())
}

fn plan(args: &PlanArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (portfolio, outcome) = open(&args.common, context)?;
    let plan = portfolio.network.plan(context.today(), args.max);
    print(
        args.common.format,
        || plan_text(&plan, &context.stdout),
        || serde_json::to_value(&plan).unwrap_or_default(),
        &portfolio,
    )?;
    Ok(outcome)
}

fn due(args: &DueArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (portfolio, outcome) = open(&args.common, context)?;
    let today = context.today();
    let within = i64::from(args.days);
    let due = portfolio.network.due(today, within);
    print(
        args.common.format,
        || due_text(&due, today, within, &context.stdout),
        || json!({ "today": today, "days": within, "due": due }),
        &portfolio,
    )?;
    Ok(outcome)
}

fn review(args: &ReviewArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (portfolio, outcome) = open(&args.common, context)?;
    let today = context.today();
    let quarter = args.quarter.unwrap_or_else(|| Quarter::of(today));
    let review = portfolio.network.review(quarter, today);
    print(
        args.common.format,
        || review_text(&review, &context.stdout),
        || {
            let (met, missed, open) = review.target_counts();
            let mut value = serde_json::to_value(&review).unwrap_or_default();
            value["target_counts"] = json!({ "met": met, "missed": missed, "open": open });
            value
        },
        &portfolio,
    )?;
    Ok(outcome)
}

fn introduce(args: &IntroduceArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (portfolio, outcome) = open(&args.common, context)?;
    let introductions = portfolio.network.introductions(args.max);
    print(
        args.common.format,
        || {
            let pc6 = portfolio.standards.get("mla3").is_some();
            introductions_text(&introductions, pc6, &context.stdout)
        },
        || serde_json::to_value(&introductions).unwrap_or_default(),
        &portfolio,
    )?;
    Ok(outcome)
}

/// Checks every argument of `log` against the portfolio; all problems at
/// once. The rule is the network library's (`entry_problems`); this
/// phrases each problem with the flag that gave it.
fn check_log<'a>(
    args: &'a LogArgs,
    portfolio: &Portfolio,
    date: Date,
) -> anyhow::Result<NewEntry<'a>> {
    let mut problems = Vec::new();
    let mut introduced = Vec::new();
    for pair in &args.introduced {
        match pair.split_once(',').map(|(a, b)| (a.trim(), b.trim())) {
            Some((a, b)) if !a.is_empty() && !b.is_empty() && !b.contains(',') => {
                introduced.push((a, b));
            }
            _ => problems.push(format!(
                "--introduced `{pair}`: write two different contact ids separated by a comma, e.g. --introduced jsmith,pkhan"
            )),
        }
    }
    let entry = NewEntry {
        date,
        contacts: args.contacts.iter().map(|c| c.trim()).collect(),
        kind: args.kind.trim(),
        introduced,
        next_contact: args.next,
        confidentiality: args.confidentiality.map(Confidentiality::from),
        claims: args.claims.iter().map(|c| c.trim()).collect(),
        note: args.note.as_deref().filter(|n| !n.trim().is_empty()),
    };
    for problem in portfolio
        .network
        .entry_problems(&entry, &portfolio.standards)
    {
        problems.push(match problem {
            EntryProblem::UnknownContact { id, nearest } => match nearest.as_slice() {
                [] => format!(
                    "unknown contact `{id}`\n  help: add them first with `nosfolio network contact add {id} --name NAME`"
                ),
                some => format!(
                    "unknown contact `{id}`\n  help: did you mean {}? Otherwise add them first with `nosfolio network contact add {id} --name NAME`",
                    some.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            },
            EntryProblem::SelfIntroduction { id } => format!(
                "--introduced `{id},{id}`: write two different contact ids separated by a comma, e.g. --introduced jsmith,pkhan"
            ),
            EntryProblem::NoKind => {
                "--kind is empty: say what kind of contact it was, e.g. --kind coffee".into()
            }
            EntryProblem::NextBeforeDate { next, date } => format!(
                "--next {next} is before the entry's date {date}: the next contact is a date to come"
            ),
            other => other.to_string(),
        });
    }
    if !problems.is_empty() {
        anyhow::bail!("{}\nnothing was written", problems.join("\n"));
    }
    Ok(entry)
}

fn log(args: &LogArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.common.dir, context)?;
    if portfolio.has_errors() {
        report_problems(&portfolio, context);
        anyhow::bail!("the portfolio has errors (above): fix them first; nothing was written");
    }
    require_list(&portfolio)?;
    let date = args.date.unwrap_or(context.today());
    let entry = check_log(args, &portfolio, date)?;
    let written = write_journal_entry(&portfolio.root, &entry)?;
    // Read back, so that what is shown is what the next run will see.
    let portfolio = open_portfolio(&args.common.dir, context)?;
    let outcome = report_problems(&portfolio, context);
    let today = context.today();
    let within = i64::from(args.days);
    let due = portfolio.network.due(today, within);
    match args.common.format {
        Format::Text => output::print(&format!(
            "wrote {written}\n\n{}",
            due_text(&due, today, within, &context.stdout)
        ))?,
        Format::Json => output::print_json(&with_diagnostics(
            json!({ "written": written, "today": today, "days": within, "due": due }),
            &portfolio,
        ))?,
    }
    Ok(outcome)
}
