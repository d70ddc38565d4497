//! `nosfolio people`: who the portfolio names (the candidate, the
//! assessors and the IQAs) and the candidate's details for the report's
//! cover, shown and set by command.

use std::path::PathBuf;

use nosfolio_core::{Detail, People, PeopleChange, Role, person_name, same_person};
use nosfolio_report::diagnostics_text;
use nosfolio_store::{PeopleError, change_people, is_portfolio, read_people};
use serde_json::json;

use super::{Context, Outcome, not_a_portfolio};
use crate::cli::Format;
use crate::output;

/// Show or set who the portfolio names: the candidate, the assessors (the
/// first listed is the lead) and the internal quality assurers (IQAs), and
/// the candidate's details the report's cover gives. `nosfolio assess`
/// records decisions only in the names of those listed.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// The portfolio folder.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t, global = true)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Show the candidate, the assessors and the IQAs (the default).
    Show,
    /// List someone as an assessor or an IQA of this portfolio.
    Add {
        /// Their name, e.g. "Ann Lee".
        name: String,
        /// What they do for this portfolio.
        #[arg(long, value_enum, default_value_t = RoleArg::Assessor)]
        role: RoleArg,
    },
    /// Stop listing someone as an assessor or IQA. Decisions they recorded
    /// are kept.
    Remove {
        /// Their name, as listed (any case).
        name: String,
    },
    /// Set the candidate's name.
    Candidate {
        /// The candidate's name, e.g. "Priya Shah".
        name: String,
    },
    /// Set the candidate's details the report's cover gives. Each is one
    /// line; an empty one ("") clears it.
    #[command(arg_required_else_help = true)]
    Details {
        /// Their job title, e.g. "Operations Manager".
        #[arg(long, value_name = "TITLE")]
        job_title: Option<String>,
        /// The organisation they work for.
        #[arg(long, value_name = "NAME")]
        organisation: Option<String>,
        /// The centre that assesses them.
        #[arg(long, value_name = "NAME")]
        centre: Option<String>,
        /// The qualification the portfolio is for, e.g. "Level 5 Diploma in
        /// Leadership and Management".
        #[arg(long, value_name = "NAME")]
        qualification: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RoleArg {
    /// Assesses the candidate: their decisions set coverage.
    Assessor,
    /// Samples assessors' decisions for internal quality assurance.
    Iqa,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Assessor => Self::Assessor,
            RoleArg::Iqa => Self::Iqa,
        }
    }
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    if !is_portfolio(&args.dir) {
        return Err(not_a_portfolio(&args.dir));
    }
    let change = match &args.command {
        None | Some(Command::Show) => None,
        Some(Command::Add { name, role }) => Some(PeopleChange::Add {
            name: name.clone(),
            role: (*role).into(),
        }),
        Some(Command::Remove { name }) => Some(PeopleChange::Remove { name: name.clone() }),
        Some(Command::Candidate { name }) => Some(PeopleChange::Candidate { name: name.clone() }),
        Some(Command::Details {
            job_title,
            organisation,
            centre,
            qualification,
        }) => Some(PeopleChange::Details {
            set: [
                (Detail::JobTitle, job_title),
                (Detail::Organisation, organisation),
                (Detail::Centre, centre),
                (Detail::Qualification, qualification),
            ]
            .into_iter()
            .filter_map(|(detail, value)| value.clone().map(|value| (detail, value)))
            .collect(),
        }),
    };
    let result = match &change {
        Some(change) => {
            change_people(&args.dir, change).map(|c| (c.people, Some((c.before, c.changed))))
        }
        None => read_people(&args.dir).map(|people| (people, None)),
    };
    let (people, changed) = match result {
        Ok(done) => done,
        Err(error) => {
            if let PeopleError::Manifest { problems } = &error {
                output::error_text(&diagnostics_text(problems, &context.stderr));
            }
            return Err(error.into());
        }
    };
    match args.format {
        Format::Json => {
            let mut value = json!({
                "candidate": people.candidate,
                "assessors": people.assessors,
                "lead_assessor": people.lead_assessor(),
                "iqas": people.iqas,
                "details": people.details,
            });
            if let Some((_, changed)) = changed {
                value["changed"] = json!(changed);
            }
            output::print_json(&value)?;
        }
        Format::Text => {
            if let (Some(change), Some((before, changed))) = (&change, &changed) {
                output::print(&what_happened(change, before, *changed))?;
            }
            output::print(&shown(&people))?;
        }
    }
    Ok(Outcome::Ok)
}

/// One line on what a change did; `before` is who was named before it.
fn what_happened(change: &PeopleChange, before: &People, changed: bool) -> String {
    match (change, changed) {
        (PeopleChange::Add { name, role }, true) => {
            format!("added {} as {}", person_name(name), a_role(*role))
        }
        (PeopleChange::Add { name, role }, false) => format!(
            "{} is already listed as {}: nothing changed",
            person_name(name),
            a_role(*role)
        ),
        (PeopleChange::Remove { name }, _) => {
            let listed = |role| {
                before
                    .listed(role)
                    .iter()
                    .find(|l| same_person(l, name))
                    .cloned()
            };
            match (listed(Role::Assessor), listed(Role::Iqa)) {
                (Some(assessor), Some(_)) => {
                    format!("removed {assessor} as an assessor and an IQA")
                }
                (Some(assessor), None) => format!("removed {assessor} as an assessor"),
                (None, Some(iqa)) => format!("removed {iqa} as an IQA"),
                (None, None) => format!("removed {}", person_name(name)),
            }
        }
        (PeopleChange::Candidate { name }, true) => {
            format!("the candidate is now {}", person_name(name))
        }
        (PeopleChange::Candidate { name }, false) => format!(
            "the candidate is {} already: nothing changed",
            person_name(name)
        ),
        (PeopleChange::Details { .. }, true) => "the cover's details are set".to_owned(),
        (PeopleChange::Details { .. }, false) => {
            "the cover's details are so already: nothing changed".to_owned()
        }
    }
}

fn a_role(role: Role) -> &'static str {
    match role {
        Role::Assessor => "an assessor",
        Role::Iqa => "an IQA",
    }
}

/// The people, one line each kind, with what to do where nobody is listed.
fn shown(people: &People) -> String {
    let assessors = match people.assessors.as_slice() {
        [] => "none listed: `nosfolio people add NAME --role assessor` lists one".to_owned(),
        [only] => only.clone(),
        [lead, others @ ..] => format!("{lead} (lead), {}", others.join(", ")),
    };
    let iqas = if people.iqas.is_empty() {
        "none listed: `nosfolio people add NAME --role iqa` lists one".to_owned()
    } else {
        people.iqas.join(", ")
    };
    let mut shown = format!(
        "Candidate: {}\nAssessors: {assessors}\nIQAs: {iqas}",
        people.candidate
    );
    for detail in Detail::ALL {
        let value = people.details.get(detail).unwrap_or("not given");
        shown.push_str(&format!("\n{}: {value}", detail.label()));
    }
    if people.details.given().len() < Detail::ALL.len() {
        shown.push_str(
            "\n  help: `nosfolio people details --job-title TITLE --organisation NAME --centre NAME --qualification NAME` sets what the report's cover gives",
        );
    }
    shown
}
