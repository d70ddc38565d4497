//! Declarations and sign-offs: the candidate's declaration that the
//! evidence is their own work, the assessor's sign-off of a standard, and
//! the IQA's countersignature, each signed and pinned to the evidence
//! digest (the fingerprint of every piece of evidence) when it was made.
//!
//! They are kept in `sign-off.yaml`, a list nosfolio only appends to. What
//! holds now is worked out here, in one place: a declaration holds while
//! the evidence is as declared and its signature counts; a sign-off holds
//! while that declaration holds, the evidence is as signed off, every item
//! the target requires of the standard is still accepted, and its
//! signature counts; a countersignature holds while the sign-off it
//! countersigns does.

use serde::{Deserialize, Serialize};

use crate::coverage::{Coverage, Status};
use crate::diagnostic::Diagnostic;
use crate::evidence::parse_date;
use crate::people::{People, same_person};
use crate::signature::{PublicKey, Signable, SignerRole, Standing};
use crate::standard_set::StandardSet;
use crate::target::Target;

/// What the candidate declares.
pub const DECLARATION: &str = "I declare that the evidence in this portfolio is my own work, that where others contributed to it (witness testimony, feedback, work done with others) this is shown, and that I have not altered any evidence after it was assessed without saying so.";

/// What kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignOffKind {
    /// The candidate's declaration.
    Declaration,
    /// An assessor's sign-off of a standard.
    SignOff,
    /// An IQA's countersignature of a sign-off.
    Countersignature,
}

impl SignOffKind {
    /// The capacity this kind is signed in.
    #[must_use]
    pub fn role(self) -> SignerRole {
        match self {
            Self::Declaration => SignerRole::Candidate,
            Self::SignOff => SignerRole::Assessor,
            Self::Countersignature => SignerRole::Iqa,
        }
    }
}

impl std::fmt::Display for SignOffKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Declaration => "declaration",
            Self::SignOff => "sign-off",
            Self::Countersignature => "countersignature",
        })
    }
}

/// One record of `sign-off.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// What it is.
    pub kind: SignOffKind,
    /// Who made it.
    pub name: String,
    /// The standard signed off (not for a declaration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// What the target required of it, in words, when signed off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The items accepted when signed off (`standard:item`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// What the signer states.
    pub statement: String,
    /// The evidence digest when it was made.
    pub evidence_digest: String,
    /// When (`YYYY-MM-DD`).
    #[serde(serialize_with = "crate::yaml::day_text")]
    pub date: String,
    /// The public key it was signed with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<PublicKey>,
    /// Its signature over everything above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Where its signature stands, once weighed: not part of the record.
    #[serde(skip)]
    pub standing: Standing,
}

impl Signable for SignOff {
    const KIND: &'static str = "sign-off record";

    fn signer(&self) -> (&str, SignerRole) {
        (&self.name, self.kind.role())
    }

    fn key(&self) -> Option<&PublicKey> {
        self.key.as_ref()
    }

    fn signature(&self) -> Option<&str> {
        self.signature.as_deref()
    }

    fn set_signature(&mut self, key: Option<PublicKey>, signature: Option<String>) {
        self.key = key;
        self.signature = signature;
    }

    fn set_standing(&mut self, standing: Standing) {
        self.standing = standing;
    }
}

/// Parses `sign-off.yaml`: a YAML list of [`SignOff`]s.
///
/// # Errors
/// Malformed YAML, unknown keys, invalid dates, with line and column.
pub fn parse_sign_offs(file: &str, text: &str) -> Result<Vec<SignOff>, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let records: Vec<SignOff> = crate::yaml::from_str(file, text).map_err(|d| vec![d])?;
    let problems: Vec<Diagnostic> = records
        .iter()
        .filter_map(|r| parse_date(&r.date).err())
        .map(|problem| Diagnostic::file(file, problem))
        .collect();
    if problems.is_empty() {
        Ok(records)
    } else {
        Err(problems)
    }
}

/// One record as a one-element YAML list, to append.
///
/// # Errors
/// The serializer's, should it fail.
pub fn sign_off_record(record: &SignOff) -> Result<String, crate::yaml::YamlWriteError> {
    crate::yaml::to_string(&[record])
}

/// Where a declaration, sign-off or countersignature stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Holding {
    /// None has been made.
    None,
    /// It holds.
    Holds,
    /// The evidence has changed since it was made.
    EvidenceChanged,
    /// It is not signed: unlike a decision of old, a declaration or
    /// sign-off never counts unsigned.
    Unsigned,
    /// Its signature does not count (the reason is the standing's).
    NotCounted,
    /// What it rests on no longer holds (why).
    Undermined {
        /// Why.
        why: String,
    },
}

/// The latest record of one kind, and whether it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stands<'a> {
    /// The record, when there is one.
    pub record: Option<&'a SignOff>,
    /// Whether it holds.
    pub holding: Holding,
}

impl Stands<'_> {
    /// Whether there is a record and it holds.
    #[must_use]
    pub fn holds(&self) -> bool {
        self.holding == Holding::Holds
    }

    /// In words: `signed by Priya Shah on 2026-12-02 (signed, trusted key)`,
    /// and why it does not hold when it does not.
    #[must_use]
    pub fn describe(&self) -> String {
        let Some(record) = self.record else {
            return "not made".to_owned();
        };
        let made = format!(
            "by {} on {} ({})",
            record.name,
            record.date,
            record.standing.label()
        );
        match &self.holding {
            Holding::None | Holding::Holds => made,
            Holding::EvidenceChanged => {
                format!("{made}: no longer holds, the evidence has changed since")
            }
            Holding::Unsigned => format!("{made}: a {} counts only when signed", record.kind),
            Holding::NotCounted => format!("{made}: {}", record.standing.explain()),
            Holding::Undermined { why } => format!("{made}: no longer holds, {why}"),
        }
    }
}

/// Where the declaration, each standard's sign-off and countersignature
/// stand, worked out from `records` (weighed, in the order made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOffs<'a> {
    /// The candidate's declaration.
    pub declaration: Stands<'a>,
    /// Each standard's sign-off and countersignature, in the order of the
    /// portfolio's standards.
    pub standards: Vec<StandardSignOff<'a>>,
}

/// One standard's sign-off and countersignature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StandardSignOff<'a> {
    /// The standard's id.
    pub standard: String,
    /// The assessor's sign-off.
    pub sign_off: Stands<'a>,
    /// The IQA's countersignature.
    pub countersignature: Stands<'a>,
}

/// What the sign-offs rest on now.
#[derive(Debug, Clone, Copy)]
pub struct Now<'a> {
    /// Who the portfolio names.
    pub people: &'a People,
    /// Its standards.
    pub standards: &'a StandardSet,
    /// Its coverage, with decisions weighed.
    pub coverage: &'a Coverage,
    /// The evidence digest now.
    pub evidence_digest: &'a str,
}

impl<'a> SignOffs<'a> {
    /// Works out what holds now. Only records by the portfolio's candidate
    /// (declarations), a listed assessor (sign-offs) and a listed IQA
    /// (countersignatures) are considered; the latest of each counts.
    #[must_use]
    pub fn of(records: &'a [SignOff], now: &Now<'_>) -> Self {
        let by_listed = |record: &SignOff| match record.kind {
            SignOffKind::Declaration => same_person(&record.name, &now.people.candidate),
            SignOffKind::SignOff => now
                .people
                .assessors
                .iter()
                .any(|a| same_person(a, &record.name)),
            SignOffKind::Countersignature => {
                now.people.iqas.iter().any(|i| same_person(i, &record.name))
            }
        };
        let latest = |kind: SignOffKind, standard: Option<&str>| {
            records
                .iter()
                .rev()
                .find(|r| r.kind == kind && r.standard.as_deref() == standard && by_listed(r))
        };
        let declaration = judge(latest(SignOffKind::Declaration, None), now, || None);
        let standards = now
            .standards
            .standards()
            .iter()
            .map(|standard| {
                let id = standard.id.as_str();
                let sign_off = judge(latest(SignOffKind::SignOff, Some(id)), now, || {
                    if !declaration.holds() {
                        return Some(format!(
                            "the candidate's declaration does not hold ({})",
                            declaration.describe()
                        ));
                    }
                    let open = not_accepted(now.coverage, id);
                    (!open.is_empty()).then(|| {
                        format!(
                            "{} of the items it requires {} no longer accepted ({})",
                            open.len(),
                            if open.len() == 1 { "is" } else { "are" },
                            open.join(", ")
                        )
                    })
                });
                let countersignature =
                    judge(latest(SignOffKind::Countersignature, Some(id)), now, || {
                        (!sign_off.holds()).then(|| {
                            format!("the sign-off does not hold ({})", sign_off.describe())
                        })
                    });
                StandardSignOff {
                    standard: id.to_owned(),
                    sign_off,
                    countersignature,
                }
            })
            .collect();
        Self {
            declaration,
            standards,
        }
    }

    /// The sign-off and countersignature of `standard`.
    #[must_use]
    pub fn standard(&self, standard: &str) -> Option<&StandardSignOff<'a>> {
        self.standards.iter().find(|s| s.standard == standard)
    }
}

/// Whether `record` holds now; `rests_on` says why what it rests on does
/// not, if it does not.
fn judge<'a>(
    record: Option<&'a SignOff>,
    now: &Now<'_>,
    rests_on: impl FnOnce() -> Option<String>,
) -> Stands<'a> {
    let holding = match record {
        None => Holding::None,
        Some(r) if matches!(r.standing, Standing::Unsigned { .. }) => Holding::Unsigned,
        Some(r) if !r.standing.counts() => Holding::NotCounted,
        Some(r) if r.evidence_digest != now.evidence_digest => Holding::EvidenceChanged,
        Some(_) => match rests_on() {
            Some(why) => Holding::Undermined { why },
            None => Holding::Holds,
        },
    };
    Stands { record, holding }
}

/// The items `standard` requires (under the target) that are not
/// accepted now, each with its status: `PC3 (claimed)`.
#[must_use]
pub fn not_accepted(coverage: &Coverage, standard: &str) -> Vec<String> {
    coverage
        .items
        .iter()
        .filter(|c| c.required && c.item.standard == standard && c.status != Status::Accepted)
        .map(|c| format!("{} ({})", c.item.item, c.status))
        .collect()
}

/// What a new record says and who makes it, before it is checked.
#[derive(Debug, Clone, Copy)]
pub struct SignOffRequest<'a> {
    /// What kind.
    pub kind: SignOffKind,
    /// Who makes it (for a declaration, the candidate).
    pub name: &'a str,
    /// The standard (not for a declaration).
    pub standard: Option<&'a str>,
    /// When.
    pub date: jiff::civil::Date,
}

/// The record `request` makes now, unsigned, or everything that stands in
/// its way: the one rule for what a declaration, a sign-off and a
/// countersignature need.
///
/// A sign-off needs a listed assessor, the candidate's declaration holding
/// (signed, on the evidence as it is now), and every item the target
/// requires of the standard accepted on the evidence as it is now. A
/// countersignature needs a listed IQA and the standard's sign-off holding.
///
/// # Errors
/// Everything missing, each in a sentence that says what to do.
pub fn sign_off(
    request: &SignOffRequest<'_>,
    records: &[SignOff],
    now: &Now<'_>,
    target: &Target,
) -> Result<SignOff, Vec<String>> {
    let mut missing = Vec::new();
    let standing_now = SignOffs::of(records, now);
    let standard = match (request.kind, request.standard) {
        (SignOffKind::Declaration, _) => None,
        (_, None) => {
            return Err(vec!["say which standard with --standard".to_owned()]);
        }
        (_, Some(written)) => match now.standards.get(written) {
            Some(standard) => Some(standard),
            None => {
                return Err(vec![format!(
                    "the portfolio has no standard `{written}` (it has {})",
                    now.standards
                        .standards()
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )]);
            }
        },
    };
    let listed = |names: &[String]| names.iter().any(|n| same_person(n, request.name));
    match request.kind {
        SignOffKind::Declaration => {
            if !same_person(request.name, &now.people.candidate) {
                missing.push(format!(
                    "only the candidate, {}, makes the declaration",
                    now.people.candidate
                ));
            }
        }
        SignOffKind::SignOff => {
            if !listed(&now.people.assessors) {
                missing.push(format!(
                    "{} is not listed as an assessor of this portfolio: list them with `nosfolio people add \"{}\" --role assessor`",
                    request.name, request.name
                ));
            }
            if !standing_now.declaration.holds() {
                missing.push(format!(
                    "the candidate's declaration: {} (the candidate makes it with `nosfolio declare`)",
                    standing_now.declaration.describe()
                ));
            }
            if let Some(standard) = standard {
                let open = not_accepted(now.coverage, &standard.id);
                if !open.is_empty() {
                    missing.push(format!(
                        "{} of the items the target requires {} not accepted on the evidence as it is now: {}",
                        open.len(),
                        if open.len() == 1 { "is" } else { "are" },
                        open.join(", ")
                    ));
                }
            }
        }
        SignOffKind::Countersignature => {
            if !listed(&now.people.iqas) {
                missing.push(format!(
                    "{} is not listed as an IQA of this portfolio: list them with `nosfolio people add \"{}\" --role iqa`",
                    request.name, request.name
                ));
            }
            if let Some(standard) = standard {
                let signed_off = standing_now.standard(&standard.id).map(|s| &s.sign_off);
                if !signed_off.is_some_and(Stands::holds) {
                    missing.push(format!(
                        "the assessor's sign-off of {}: {}",
                        standard.id,
                        signed_off.map_or_else(|| "not made".to_owned(), Stands::describe)
                    ));
                }
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let statement = match (request.kind, standard) {
        (SignOffKind::Declaration, _) | (_, None) => DECLARATION.to_owned(),
        (SignOffKind::SignOff, Some(standard)) => format!(
            "I confirm that the evidence for {} is valid, authentic, current and sufficient, and that each item listed was assessed and accepted by me on the evidence as it is now.",
            standard.label()
        ),
        (SignOffKind::Countersignature, Some(standard)) => format!(
            "I confirm, as internal quality assurer, that I have reviewed the assessment of {} and the assessor's sign-off.",
            standard.label()
        ),
    };
    let items = match (request.kind, standard) {
        (SignOffKind::SignOff, Some(standard)) => now
            .coverage
            .items
            .iter()
            .filter(|c| {
                c.required && c.item.standard == standard.id && c.status == Status::Accepted
            })
            .map(|c| c.item.to_string())
            .collect(),
        _ => Vec::new(),
    };
    Ok(SignOff {
        kind: request.kind,
        name: request.name.to_owned(),
        standard: standard.map(|s| s.id.clone()),
        target: match (request.kind, standard) {
            (SignOffKind::SignOff, Some(_)) => target.describe(now.standards),
            _ => None,
        },
        items,
        statement,
        evidence_digest: now.evidence_digest.to_owned(),
        date: request.date.to_string(),
        key: None,
        signature: None,
        standing: Standing::NotChecked,
    })
}
