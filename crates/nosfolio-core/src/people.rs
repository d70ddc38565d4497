//! Who a portfolio names: the candidate, the assessors and the IQAs
//! (`candidate:`, `assessors:` and `iqas:` in `portfolio.yaml`), what the
//! report's cover says of the candidate ([`Details`]), how a command
//! changes them ([`People::changed`]), and the one rule for who records a
//! decision ([`decider`]).
//!
//! A name is one line: runs of whitespace are one space, and two names are
//! the same person's when they differ only in case.

use serde::Serialize;

use crate::decision::Role;

/// A name as nosfolio keeps it: one line, each run of whitespace (line
/// breaks included) one space, nothing around it.
#[must_use]
pub fn person_name(written: &str) -> String {
    written.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two names are the same person's: equal once cleaned with
/// [`person_name`], whatever their case.
#[must_use]
pub fn same_person(a: &str, b: &str) -> bool {
    person_name(a).to_lowercase() == person_name(b).to_lowercase()
}

/// `names` cleaned with [`person_name`], without empty names and without
/// a name listed before (the first spelling is kept).
#[must_use]
pub fn distinct_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        let name = person_name(name);
        if !name.is_empty() && !kept.iter().any(|k| same_person(k, &name)) {
            kept.push(name);
        }
    }
    kept
}

/// Who a portfolio names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct People {
    /// The candidate's name.
    pub candidate: String,
    /// The assessors, the lead first.
    pub assessors: Vec<String>,
    /// The internal quality assurers.
    pub iqas: Vec<String>,
    /// What the cover says of the candidate beyond their name.
    pub details: Details,
}

/// A fact of the candidate's the report's cover gives: each one line of
/// `portfolio.yaml`, set by `nosfolio people details`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Their job title (`job_title:`).
    JobTitle,
    /// The organisation they work for (`organisation:`).
    Organisation,
    /// The centre that assesses them (`centre:`).
    Centre,
    /// The qualification the portfolio is for (`qualification:`).
    Qualification,
}

impl Detail {
    /// Every detail, in the order the cover gives them.
    pub const ALL: [Self; 4] = [
        Self::JobTitle,
        Self::Organisation,
        Self::Centre,
        Self::Qualification,
    ];

    /// Its key in `portfolio.yaml`.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::JobTitle => "job_title",
            Self::Organisation => "organisation",
            Self::Centre => "centre",
            Self::Qualification => "qualification",
        }
    }

    /// Its name on the cover.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::JobTitle => "Job title",
            Self::Organisation => "Organisation",
            Self::Centre => "Centre",
            Self::Qualification => "Qualification",
        }
    }
}

/// The longest a detail may be: a cover's line, not a paragraph.
pub const DETAIL_MOST: usize = 200;

/// What the cover says of the candidate beyond their name: each detail
/// one line, or not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Details {
    /// Their job title.
    pub job_title: Option<String>,
    /// The organisation they work for.
    pub organisation: Option<String>,
    /// The centre that assesses them.
    pub centre: Option<String>,
    /// The qualification the portfolio is for.
    pub qualification: Option<String>,
}

impl Details {
    /// `detail`, when given.
    #[must_use]
    pub fn get(&self, detail: Detail) -> Option<&str> {
        match detail {
            Detail::JobTitle => self.job_title.as_deref(),
            Detail::Organisation => self.organisation.as_deref(),
            Detail::Centre => self.centre.as_deref(),
            Detail::Qualification => self.qualification.as_deref(),
        }
    }

    fn slot(&mut self, detail: Detail) -> &mut Option<String> {
        match detail {
            Detail::JobTitle => &mut self.job_title,
            Detail::Organisation => &mut self.organisation,
            Detail::Centre => &mut self.centre,
            Detail::Qualification => &mut self.qualification,
        }
    }

    /// The details given, in the cover's order.
    #[must_use]
    pub fn given(&self) -> Vec<(Detail, &str)> {
        Detail::ALL
            .into_iter()
            .filter_map(|d| self.get(d).map(|value| (d, value)))
            .collect()
    }

    /// Sets `detail` to `written` on one line (runs of whitespace one
    /// space); an empty one clears it.
    ///
    /// # Errors
    /// A line break or other control character, or more than
    /// [`DETAIL_MOST`] characters: what to do instead.
    pub fn set(&mut self, detail: Detail, written: &str) -> Result<(), String> {
        let label = detail.label().to_lowercase();
        if written.chars().any(char::is_control) {
            return Err(format!(
                "the {label} holds a line break or another control character: give it on one line"
            ));
        }
        let value = person_name(written);
        let count = value.chars().count();
        if count > DETAIL_MOST {
            return Err(format!(
                "the {label} is {count} characters long: give at most {DETAIL_MOST}, as it reads on the report's cover"
            ));
        }
        *self.slot(detail) = (!value.is_empty()).then_some(value);
        Ok(())
    }
}

/// A change to who a portfolio names, as a command asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeopleChange {
    /// List someone as an assessor or an IQA (after those listed).
    Add {
        /// Their name, as given.
        name: String,
        /// As what.
        role: Role,
    },
    /// Stop listing someone, as an assessor, an IQA or both.
    Remove {
        /// Their name, as given (any case).
        name: String,
    },
    /// Set the candidate's name.
    Candidate {
        /// The name, as given.
        name: String,
    },
    /// Sets the cover's details of the candidate: an empty value clears
    /// one.
    Details {
        /// Each detail to set, and its value.
        set: Vec<(Detail, String)>,
    },
}

/// `assessors` or `IQAs` with their names, for messages.
fn listing(role: Role, names: &[String]) -> String {
    let what = match role {
        Role::Assessor => "assessors",
        Role::Iqa => "IQAs",
    };
    if names.is_empty() {
        format!("no {what}")
    } else {
        format!("{what} {}", names.join(", "))
    }
}

/// `assessor` or `IQA`.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Assessor => "assessor",
        Role::Iqa => "IQA",
    }
}

/// `iqa` or `assessor`, as `--role` takes it.
fn role_arg(role: Role) -> &'static str {
    match role {
        Role::Assessor => "assessor",
        Role::Iqa => "iqa",
    }
}

/// A name as it can be given back in a command line.
fn quoted(name: &str) -> String {
    if name.contains(char::is_whitespace) {
        format!("\"{name}\"")
    } else {
        name.to_owned()
    }
}

/// A name given on the command line, cleaned; refused when it is empty
/// or holds a line break or a control character (a name is one line).
///
/// # Errors
/// Why the name cannot be a person's name, and what to do.
pub fn given_name(what: &str, written: &str) -> Result<String, String> {
    if written.chars().any(char::is_control) {
        return Err(format!(
            "the {what}'s name holds a line break or another control character: give the name on one line"
        ));
    }
    let name = person_name(written);
    if name.is_empty() {
        return Err(format!("the {what}'s name is empty: give a name"));
    }
    Ok(name)
}

impl People {
    /// The lead assessor: the first listed.
    #[must_use]
    pub fn lead_assessor(&self) -> Option<&str> {
        self.assessors.first().map(String::as_str)
    }

    /// Those listed in `role`.
    #[must_use]
    pub fn listed(&self, role: Role) -> &[String] {
        match role {
            Role::Assessor => &self.assessors,
            Role::Iqa => &self.iqas,
        }
    }

    fn listed_mut(&mut self, role: Role) -> &mut Vec<String> {
        match role {
            Role::Assessor => &mut self.assessors,
            Role::Iqa => &mut self.iqas,
        }
    }

    /// Who is listed, for messages: `assessors A, B; IQAs C`.
    #[must_use]
    pub fn describe(&self) -> String {
        format!(
            "{}; {}",
            listing(Role::Assessor, &self.assessors),
            listing(Role::Iqa, &self.iqas)
        )
    }

    /// The people after `change`; the same people when there is nothing
    /// to change (someone added who is listed already, the candidate's
    /// name set to what it is).
    ///
    /// # Errors
    /// What is wrong with the change, ending with what to do: a name that
    /// is empty or not one line, the candidate listed as their own assessor
    /// or IQA, removing someone not listed.
    pub fn changed(&self, change: &PeopleChange) -> Result<Self, String> {
        let mut out = self.clone();
        match change {
            PeopleChange::Add { name, role } => {
                let name = given_name(role_name(*role), name)?;
                if same_person(&name, &self.candidate) {
                    return Err(format!(
                        "{name} is the candidate, and cannot be the {} of their own portfolio: give another name",
                        role_name(*role)
                    ));
                }
                let listed = out.listed_mut(*role);
                if !listed.iter().any(|l| same_person(l, &name)) {
                    listed.push(name);
                }
            }
            PeopleChange::Remove { name } => {
                let name = given_name("person", name)?;
                let before = out.assessors.len() + out.iqas.len();
                out.assessors.retain(|l| !same_person(l, &name));
                out.iqas.retain(|l| !same_person(l, &name));
                if out.assessors.len() + out.iqas.len() == before {
                    return Err(format!(
                        "{name} is not listed: portfolio.yaml lists {}; give a name as listed (`nosfolio people` shows them)",
                        self.describe()
                    ));
                }
            }
            PeopleChange::Candidate { name } => {
                let name = given_name("candidate", name)?;
                if let Some(role) = [Role::Assessor, Role::Iqa]
                    .into_iter()
                    .find(|role| self.listed(*role).iter().any(|l| same_person(l, &name)))
                {
                    return Err(format!(
                        "{name} is listed as an {} of this portfolio, and cannot be its candidate: remove them first with `nosfolio people remove {}`",
                        role_name(role),
                        quoted(&name)
                    ));
                }
                out.candidate = name;
            }
            PeopleChange::Details { set } => {
                for (detail, value) in set {
                    out.details.set(*detail, value)?;
                }
            }
        }
        Ok(out)
    }
}

/// Who records a decision: the one rule for `assess`'s `--assessor`.
/// `people` is who `portfolio.yaml` names, `given` the name on the command
/// line, `role` the role decided in.
///
/// Those listed in the role (the assessors, or the IQAs) are the ones who
/// may decide in it: without a name, the only one listed decides (with
/// several listed, the name must be given); a name given must be one of
/// theirs, in any case, and is recorded as listed. With nobody listed, the
/// name given is recorded; an assessor decision without one is refused, as
/// is an IQA decision (an IQA always names themselves).
///
/// # Errors
/// Why nobody, or not the one given, may record it, ending with what to do.
pub fn decider(people: &People, given: Option<&str>, role: Role) -> Result<String, String> {
    let given = given.map(person_name).filter(|g| !g.is_empty());
    let listed = people.listed(role);
    let what = role_name(role);
    let add = |name: &str| {
        format!(
            "`nosfolio people add {} --role {}`",
            quoted(name),
            role_arg(role)
        )
    };
    match (listed, given) {
        ([only], None) => Ok(only.clone()),
        ([], None) => Err(match role {
            Role::Assessor => format!(
                "portfolio.yaml names no assessor, so nothing was recorded: give --assessor NAME, or list the assessor with {}",
                add("NAME")
            ),
            Role::Iqa => format!(
                "an IQA decision needs the IQA's name, so nothing was recorded: give --assessor NAME, or list the IQA with {}",
                add("NAME")
            ),
        }),
        (_, None) => Err(format!(
            "portfolio.yaml lists several {}, so nothing was recorded: say whose decision this is with --assessor NAME",
            listing(role, listed)
        )),
        ([], Some(given)) => Ok(given),
        (_, Some(given)) => listed
            .iter()
            .find(|l| same_person(l, &given))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "{given} is not listed as an {what} of this portfolio (portfolio.yaml lists {}), so nothing was recorded: give one of their names with --assessor, or list {given} with {}",
                    listing(role, listed),
                    add(&given)
                )
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(assessors: &[&str], iqas: &[&str]) -> People {
        People {
            candidate: "Priya Shah".into(),
            assessors: assessors.iter().map(|s| (*s).to_owned()).collect(),
            iqas: iqas.iter().map(|s| (*s).to_owned()).collect(),
            details: Details::default(),
        }
    }

    #[test]
    fn details_are_one_line_each_and_an_empty_one_clears_it() -> Result<(), String> {
        let mut details = Details::default();
        details.set(Detail::JobTitle, "  Operations   Manager ")?;
        details.set(Detail::Centre, "Midlands Skills Centre")?;
        assert_eq!(details.job_title.as_deref(), Some("Operations Manager"));
        assert_eq!(
            details.given(),
            [
                (Detail::JobTitle, "Operations Manager"),
                (Detail::Centre, "Midlands Skills Centre")
            ]
        );
        details.set(Detail::Centre, " ")?;
        assert_eq!(details.centre, None);
        let refused = details.set(Detail::Organisation, "Acme\nLtd");
        assert!(refused.is_err_and(|e| e.contains("give it on one line")));
        let long = "a".repeat(DETAIL_MOST + 1);
        assert!(details.set(Detail::Qualification, &long).is_err());
        assert!(details.set(Detail::Qualification, &long[1..]).is_ok());
        Ok(())
    }

    /// Assessors and IQAs listed, the name given and the role; the name
    /// recorded, or a part of the refusal.
    type Case<'a> = (
        &'a [&'a str],
        &'a [&'a str],
        Option<&'a str>,
        Role,
        Result<&'a str, &'a str>,
    );

    #[test]
    fn who_records_a_decision() {
        use Role::{Assessor, Iqa};
        let table: &[Case<'_>] = &[
            (&["Tom Reid"], &[], None, Assessor, Ok("Tom Reid")),
            (
                &["Tom Reid"],
                &[],
                Some(" tom  reid "),
                Assessor,
                Ok("Tom Reid"),
            ),
            (
                &["Tom Reid"],
                &[],
                Some("Tom Nobody"),
                Assessor,
                Err(
                    "Tom Nobody is not listed as an assessor of this portfolio (portfolio.yaml lists assessors Tom Reid), so nothing was recorded: give one of their names with --assessor, or list Tom Nobody with `nosfolio people add \"Tom Nobody\" --role assessor`",
                ),
            ),
            (
                &["Tom Reid", "Ann Lee"],
                &[],
                None,
                Assessor,
                Err(
                    "portfolio.yaml lists several assessors Tom Reid, Ann Lee, so nothing was recorded: say whose decision this is with --assessor NAME",
                ),
            ),
            (
                &["Tom Reid", "Ann Lee"],
                &[],
                Some("ANN LEE"),
                Assessor,
                Ok("Ann Lee"),
            ),
            (&[], &[], Some(" Ann\tLee "), Assessor, Ok("Ann Lee")),
            (
                &[],
                &[],
                None,
                Assessor,
                Err(
                    "portfolio.yaml names no assessor, so nothing was recorded: give --assessor NAME, or list the assessor with `nosfolio people add NAME --role assessor`",
                ),
            ),
            (&[], &[], Some("  "), Assessor, Err("names no assessor")),
            (
                &["Tom Reid"],
                &[],
                Some("Iris Quinn"),
                Iqa,
                Ok("Iris Quinn"),
            ),
            (
                &["Tom Reid"],
                &[],
                None,
                Iqa,
                Err(
                    "an IQA decision needs the IQA's name, so nothing was recorded: give --assessor NAME, or list the IQA with `nosfolio people add NAME --role iqa`",
                ),
            ),
            (&["Tom Reid"], &["Iris Quinn"], None, Iqa, Ok("Iris Quinn")),
            (
                &["Tom Reid"],
                &["Iris Quinn"],
                Some("iris quinn"),
                Iqa,
                Ok("Iris Quinn"),
            ),
            (
                &["Tom Reid"],
                &["Iris Quinn"],
                Some("Tom Reid"),
                Iqa,
                Err(
                    "Tom Reid is not listed as an IQA of this portfolio (portfolio.yaml lists IQAs Iris Quinn)",
                ),
            ),
            (
                &[],
                &["Iris Quinn", "Kit Cole"],
                None,
                Iqa,
                Err("lists several IQAs Iris Quinn, Kit Cole"),
            ),
            (
                &[],
                &["Iris Quinn"],
                Some("Iris Quinn"),
                Assessor,
                Ok("Iris Quinn"),
            ),
        ];
        for (assessors, iqas, given, role, expected) in table {
            let got = decider(&people(assessors, iqas), *given, *role);
            match (expected, &got) {
                (Ok(name), Ok(got)) => assert_eq!(got, name),
                (Err(part), Err(got)) => assert!(got.contains(part), "{got}\nshould say: {part}"),
                _ => panic!("{assessors:?} {iqas:?} {given:?} {role:?}: {got:?}, not {expected:?}"),
            }
        }
    }

    #[test]
    fn people_change_by_command() {
        let start = people(&["Tom Reid"], &[]);
        let add = |name: &str, role| PeopleChange::Add {
            name: name.into(),
            role,
        };
        let two = start.changed(&add(" Ann   Lee ", Role::Assessor)).unwrap();
        assert_eq!(two.assessors, ["Tom Reid", "Ann Lee"]);
        assert_eq!(two.lead_assessor(), Some("Tom Reid"));
        assert_eq!(two.changed(&add("ann lee", Role::Assessor)).unwrap(), two);
        let iqa = two.changed(&add("Iris Quinn", Role::Iqa)).unwrap();
        assert_eq!(iqa.iqas, ["Iris Quinn"]);
        let removed = iqa
            .changed(&PeopleChange::Remove {
                name: "TOM REID".into(),
            })
            .unwrap();
        assert_eq!(removed.assessors, ["Ann Lee"]);
        let error = removed
            .changed(&PeopleChange::Remove {
                name: "Tom Reid".into(),
            })
            .unwrap_err();
        assert_eq!(
            error,
            "Tom Reid is not listed: portfolio.yaml lists assessors Ann Lee; IQAs Iris Quinn; give a name as listed (`nosfolio people` shows them)"
        );
        for bad in ["Tom\nReid", "Tom\u{7}", "  "] {
            assert!(start.changed(&add(bad, Role::Iqa)).is_err(), "{bad:?}");
        }
        assert!(
            start
                .changed(&add("priya shah", Role::Assessor))
                .unwrap_err()
                .contains("is the candidate")
        );
        let renamed = start
            .changed(&PeopleChange::Candidate {
                name: "Priya  Shah-Khan".into(),
            })
            .unwrap();
        assert_eq!(renamed.candidate, "Priya Shah-Khan");
        assert!(
            start
                .changed(&PeopleChange::Candidate {
                    name: "tom reid".into()
                })
                .unwrap_err()
                .contains("remove them first with `nosfolio people remove \"tom reid\"`")
        );
    }

    #[test]
    fn names_are_one_line_and_listed_once() {
        assert_eq!(
            distinct_names(["Tom  Reid", "", "tom reid", "Ann\nLee"]),
            ["Tom Reid", "Ann Lee"]
        );
    }
}
