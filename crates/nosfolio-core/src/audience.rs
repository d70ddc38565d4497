//! Who an output is for, and how much of each piece of evidence (or journal
//! entry, or contact) that audience sees. Confidentiality is one of the
//! standard's own principles, so the rule is written once, here: the report,
//! the networking log and the Open Badges export all ask [`visibility`].

use serde::Serialize;

use crate::evidence::Confidentiality;

/// Who an output is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The candidate: everything.
    #[default]
    Candidate,
    /// Assessors: private evidence only as type, date, claims and hash.
    Assessor,
    /// Anyone: public evidence only; the rest as counts.
    Public,
}

impl Audience {
    /// Its name in lower case, as on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Candidate => "candidate",
            Self::Assessor => "assessor",
            Self::Public => "public",
        }
    }
}

/// How much of something an audience sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// All of it.
    Full,
    /// That it exists, with its type, date, claimed ids and hash; none of the
    /// candidate's words about it.
    Restricted,
    /// Not shown at all; at most counted.
    Withheld,
}

/// How much of something marked `confidentiality` the `audience` sees.
#[must_use]
pub fn visibility(audience: Audience, confidentiality: Confidentiality) -> Visibility {
    match (audience, confidentiality) {
        (Audience::Candidate, _) | (_, Confidentiality::Public) => Visibility::Full,
        (Audience::Assessor, Confidentiality::Assessor) => Visibility::Full,
        (Audience::Assessor, Confidentiality::Private) => Visibility::Restricted,
        (Audience::Public, _) => Visibility::Withheld,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_audience_sees_what_its_confidentiality_allows() {
        use Confidentiality as C;
        use Visibility::{Full, Restricted, Withheld};
        let table = [
            (Audience::Candidate, [Full, Full, Full]),
            (Audience::Assessor, [Full, Full, Restricted]),
            (Audience::Public, [Full, Withheld, Withheld]),
        ];
        for (audience, expected) in table {
            let seen: Vec<Visibility> = [C::Public, C::Assessor, C::Private]
                .into_iter()
                .map(|c| visibility(audience, c))
                .collect();
            assert_eq!(seen, expected, "{audience:?}");
        }
    }
}
