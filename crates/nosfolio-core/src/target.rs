//! What the candidate is going for (`target:` in `portfolio.yaml`): a level
//! of a leveled standard, a level per competency, or a role profile (a level
//! for each of several competencies).
//!
//! ```yaml
//! target:
//!   profile: Policy analyst            # optional: the role profile's name
//!   levels:
//!     networking: 3                    # a standard: its own levels, or every competency's
//!     oecd:strategic-networking: 3     # one competency (qualified, or bare when unique)
//!     influencing: 2
//! ```
//!
//! A target decides which items a portfolio must evidence:
//! [`Target::requires`] is the one rule, and coverage, gaps, status, the
//! matrix, the report and the caseload all count through it.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Position, Problem};
use crate::standard::{Competency, Group, Standard};
use crate::standard_set::StandardSet;

/// `target:` as written in `portfolio.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    /// The role profile's name, when the target is one.
    pub profile: Option<String>,
    /// Levels aimed at, by standard id or competency id (`COMPETENCY` or
    /// `STANDARD:COMPETENCY`).
    #[serde(default)]
    pub levels: BTreeMap<String, Spanned<u32>>,
}

/// A change to the target, as a command asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetChange {
    /// Aim `name` (a standard or a competency) at `level`.
    Level {
        /// The standard or competency, as the user wrote it.
        name: String,
        /// The level.
        level: u32,
    },
    /// Stop aiming `name` at a level.
    Remove {
        /// The standard or competency, as the user wrote it.
        name: String,
    },
    /// Name the role profile, or stop naming one.
    Profile(Option<String>),
    /// No target at all: every item counts.
    Clear,
}

/// `target:` as it will be written: keys in their canonical form (a
/// standard's id, or `STANDARD:COMPETENCY`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TargetOut {
    /// The role profile's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The levels aimed at.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub levels: BTreeMap<String, u32>,
}

impl TargetOut {
    /// Whether there is nothing to write (the key goes).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.profile.is_none() && self.levels.is_empty()
    }

    /// Whether `file` (as read back) says the same.
    #[must_use]
    pub fn matches(&self, file: &TargetFile) -> bool {
        file.profile.as_deref().map(str::trim) == self.profile.as_deref()
            && file.levels.len() == self.levels.len()
            && file
                .levels
                .iter()
                .all(|(k, v)| self.levels.get(k.trim()) == Some(&v.value))
    }
}

impl TargetFile {
    /// The target after `change`, checked against `standards`.
    ///
    /// # Errors
    /// What is wrong with the change, and what could be meant: an unknown
    /// standard or competency, a level it does not have, removing a level
    /// the target does not name.
    pub fn changed(
        &self,
        change: &TargetChange,
        standards: &StandardSet,
    ) -> Result<TargetOut, String> {
        let mut out = TargetOut {
            profile: self
                .profile
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
            levels: self
                .levels
                .iter()
                .map(|(k, v)| (k.trim().to_owned(), v.value))
                .collect(),
        };
        // Keys naming what `name` names, whatever form they were written in.
        let same = |out: &TargetOut, name: &(String, Option<String>)| -> Vec<String> {
            out.levels
                .keys()
                .filter(|k| Target::name(k, standards).ok().as_ref() == Some(name))
                .cloned()
                .collect()
        };
        match change {
            TargetChange::Level { name, level } => {
                let resolved = Target::name(name.trim(), standards)?;
                let key = match &resolved.1 {
                    Some(competency) => format!("{}:{competency}", resolved.0),
                    None => resolved.0.clone(),
                };
                Target::check_level(&key, &resolved, *level, standards)?;
                for old in same(&out, &resolved) {
                    out.levels.remove(&old);
                }
                out.levels.insert(key, *level);
            }
            TargetChange::Remove { name } => {
                let resolved = Target::name(name.trim(), standards)?;
                let old = same(&out, &resolved);
                if old.is_empty() {
                    return Err(format!("the target names no level for `{}`", name.trim()));
                }
                for old in old {
                    out.levels.remove(&old);
                }
            }
            TargetChange::Profile(profile) => {
                out.profile = profile
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned);
            }
            TargetChange::Clear => out = TargetOut::default(),
        }
        Ok(out)
    }
}

/// One level aimed at, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetLevel {
    /// The standard's id.
    pub standard: String,
    /// The competency's id, or `None` for every competency of the standard
    /// (its own levels included).
    pub competency: Option<String>,
    /// The level.
    pub level: u32,
}

/// The target, resolved against the portfolio's standards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// The role profile's name.
    pub profile: Option<String>,
    /// The levels aimed at, in the order written.
    pub levels: Vec<TargetLevel>,
}

/// How far a competency is evidenced, and how far it is aimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attainment {
    /// The highest level `n` such that every level of the competency up to
    /// `n` has all its items claimed or accepted.
    pub evidenced: Option<u32>,
    /// The level aimed at, if the target names one.
    pub target: Option<u32>,
}

impl Attainment {
    /// `level 2 evidenced, working towards 3`; `level 3 evidenced: target
    /// met`; `no level evidenced yet`.
    #[must_use]
    pub fn describe(&self) -> String {
        let evidenced = match self.evidenced {
            Some(level) => format!("level {level} evidenced"),
            None => "no level evidenced yet".to_owned(),
        };
        match self.target {
            Some(target) if self.evidenced.is_some_and(|e| e >= target) => {
                format!("{evidenced}: target (level {target}) met")
            }
            Some(target) => format!("{evidenced}, working towards {target}"),
            None => evidenced,
        }
    }

    /// Whether the target is met (false without a target).
    #[must_use]
    pub fn met(&self) -> bool {
        matches!((self.evidenced, self.target), (Some(e), Some(t)) if e >= t)
    }
}

fn at<T>(spanned: &Spanned<T>) -> Option<Position> {
    Position::new(spanned.referenced.line(), spanned.referenced.column())
}

impl Target {
    /// Resolves `file` against `standards`, reporting unknown standards and
    /// competencies, and levels they do not have, as problems of `manifest`.
    pub fn resolve(
        file: &TargetFile,
        standards: &StandardSet,
        manifest: &str,
    ) -> (Self, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut levels = Vec::new();
        for (written, level) in &file.levels {
            let problem = |message: String| {
                Diagnostic::new(manifest, at(level), Problem::InvalidTarget { message })
            };
            let resolved = match Self::name(written.trim(), standards) {
                Ok(resolved) => resolved,
                Err(message) => {
                    problems.push(problem(message));
                    continue;
                }
            };
            if let Err(message) = Self::check_level(written, &resolved, level.value, standards) {
                problems.push(problem(message));
                continue;
            }
            levels.push(TargetLevel {
                standard: resolved.0,
                competency: resolved.1,
                level: level.value,
            });
        }
        let profile = file
            .profile
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        (Self { profile, levels }, problems)
    }

    /// Whether what `written` names (`resolved`) has level `level`.
    ///
    /// # Errors
    /// A message naming the levels it has.
    fn check_level(
        written: &str,
        resolved: &(String, Option<String>),
        level: u32,
        standards: &StandardSet,
    ) -> Result<(), String> {
        let Some(standard) = standards.get(&resolved.0) else {
            return Err(format!("unknown standard `{}`", resolved.0));
        };
        let mut defined: Vec<u32> = match &resolved.1 {
            Some(competency) => standard
                .competency(competency)
                .map(|c| c.levels.iter().filter_map(|l| l.level).collect())
                .unwrap_or_default(),
            None => standard
                .competencies()
                .iter()
                .flat_map(|c| c.levels.iter().filter_map(|l| l.level))
                .collect(),
        };
        defined.sort_unstable();
        defined.dedup();
        if defined.contains(&level) {
            return Ok(());
        }
        let name = resolved.1.as_deref().unwrap_or(&resolved.0);
        Err(format!(
            "`{written}` has no level {level}: {name}'s levels are {}",
            defined
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// What a key of `levels:` names: `(standard, None)` for a standard with
    /// levels, `(standard, Some(competency))` for one competency.
    ///
    /// # Errors
    /// A message saying what is wrong and what could be meant.
    pub fn name(
        written: &str,
        standards: &StandardSet,
    ) -> Result<(String, Option<String>), String> {
        let leveled = |s: &Standard| !s.competencies().is_empty();
        let all_competencies = || {
            standards
                .standards()
                .iter()
                .flat_map(|s| {
                    s.competencies()
                        .into_iter()
                        .map(move |c| competency_name(s, &c))
                })
                .collect::<Vec<_>>()
        };
        let unknown = |what: &str| {
            let known = all_competencies();
            if known.is_empty() {
                format!("unknown {what} `{written}`: none of the portfolio's standards has levels")
            } else {
                let hint = match crate::suggest::nearest(written, known.iter(), 1).first() {
                    Some(near) => format!("did you mean `{near}`? "),
                    None => String::new(),
                };
                format!(
                    "unknown {what} `{written}` ({hint}what has levels: {})",
                    known.join(", ")
                )
            }
        };
        if let Some((standard_id, competency)) = written.split_once(':') {
            let Some(standard) = standards.get(standard_id) else {
                return Err(unknown("standard"));
            };
            return match standard.competency(competency) {
                Some(c) => Ok((standard.id.clone(), Some(c.id.to_owned()))),
                None => Err(unknown("competency")),
            };
        }
        if let Some(standard) = standards.get(written) {
            return if leveled(standard) {
                Ok((standard.id.clone(), None))
            } else {
                Err(format!(
                    "`{written}` has no levels, so it cannot be aimed at a level; every item of it counts"
                ))
            };
        }
        let holders: Vec<&Standard> = standards
            .standards()
            .iter()
            .filter(|s| s.competency(written).is_some())
            .collect();
        match holders.as_slice() {
            [one] => Ok((one.id.clone(), Some(written.to_owned()))),
            [] => Err(unknown("standard or competency")),
            many => Err(format!(
                "`{written}` is a competency of more than one standard: write it qualified, {}",
                many.iter()
                    .map(|s| format!("`{}:{written}`", s.id))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        }
    }

    /// The target in words, for a report's cover: `Policy analyst:
    /// Strategic Networking at level 3, Networking at level 2`; `None`
    /// without a target.
    #[must_use]
    pub fn describe(&self, standards: &StandardSet) -> Option<String> {
        let levels: Vec<String> = self
            .levels
            .iter()
            .map(|l| {
                let standard = standards.get(&l.standard);
                let name = match (&l.competency, standard) {
                    (Some(c), Some(s)) => s
                        .competency(c)
                        .map_or_else(|| c.clone(), |c| c.title.to_owned()),
                    (None, Some(s)) => s.label(),
                    (Some(c), None) => c.clone(),
                    (None, None) => l.standard.clone(),
                };
                format!("{name} at level {}", l.level)
            })
            .collect();
        match (&self.profile, levels.is_empty()) {
            (None, true) => None,
            (Some(profile), true) => Some(profile.clone()),
            (None, false) => Some(levels.join(", ")),
            (Some(profile), false) => Some(format!("{profile}: {}", levels.join(", "))),
        }
    }

    /// Whether the target names anything in `standard`.
    #[must_use]
    pub fn aims_at(&self, standard: &Standard) -> bool {
        self.levels.iter().any(|l| l.standard == standard.id)
    }

    /// The level aimed at for `competency` of `standard`: its own entry,
    /// else the standard's.
    #[must_use]
    pub fn level_for(&self, standard: &Standard, competency: &Competency<'_>) -> Option<u32> {
        let of_standard = self.levels.iter().filter(|l| l.standard == standard.id);
        let own = of_standard
            .clone()
            .find(|l| l.competency.as_deref() == Some(competency.id));
        own.or_else(|| of_standard.clone().find(|l| l.competency.is_none()))
            .map(|l| l.level)
    }

    /// Whether the items of `group` count towards the portfolio: the one
    /// rule of what a target requires. A group that is not a level always
    /// counts. A level counts when its competency's target (its own, else
    /// its standard's) is that level or higher; when the standard has no
    /// target at all, every level counts; when the target names other
    /// competencies of the standard but not this one (a role profile), it
    /// does not count.
    #[must_use]
    pub fn requires(&self, standard: &Standard, group: &Group) -> bool {
        let Some(level) = group.level else {
            return true;
        };
        if !self.aims_at(standard) {
            return true;
        }
        let Some(competency) = standard.competency_of(group) else {
            return true;
        };
        self.level_for(standard, &competency)
            .is_some_and(|target| level <= target)
    }

    /// The competencies the target names, or every competency when there
    /// is no target for the standard, with the level aimed at.
    #[must_use]
    pub fn competencies<'a>(&self, standard: &'a Standard) -> Vec<(Competency<'a>, Option<u32>)> {
        standard
            .competencies()
            .into_iter()
            .map(|c| {
                let level = self.level_for(standard, &c);
                (c, level)
            })
            .filter(|(_, level)| level.is_some() || !self.aims_at(standard))
            .collect()
    }
}

/// `oecd:strategic-networking`, or `networking` for a standard's own levels.
fn competency_name(standard: &Standard, competency: &Competency<'_>) -> String {
    if competency.group.is_none() {
        standard.id.clone()
    } else {
        format!("{}:{}", standard.id, competency.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::builtin_standard;
    use crate::standard_file::parse_standard;

    const OECD: &str = "\
id: oecd
kind: competency-framework
title: Core competencies
nodes:
  - id: strategic
    title: Strategic
    nodes:
      - id: strategic-networking
        title: Strategic Networking
        levels:
          - level: 1
            title: Level 1
            behaviours:
              - {id: SN1, text: One.}
          - level: 2
            title: Level 2
            behaviours:
              - {id: SN2, text: Two.}
          - level: 3
            title: Level 3
            behaviours:
              - {id: SN3, text: Three.}
      - id: influencing
        title: Influencing
        levels:
          - level: 1
            title: Level 1
            behaviours:
              - {id: I1, text: One.}
          - level: 2
            title: Level 2
            behaviours:
              - {id: I2, text: Two.}
";

    fn set() -> StandardSet {
        let mut set = StandardSet::new();
        set.add(parse_standard("oecd.yaml", OECD).unwrap());
        set.add(builtin_standard("networking").unwrap().clone());
        set.add(builtin_standard("mla3").unwrap().clone());
        set
    }

    fn target(levels: &[(&str, u32)]) -> (Target, Vec<String>) {
        let text = levels
            .iter()
            .map(|(k, v)| format!("  {k}: {v}\n"))
            .collect::<String>();
        let file: TargetFile = if text.is_empty() {
            TargetFile::default()
        } else {
            crate::yaml::from_str("p.yaml", &format!("levels:\n{text}")).unwrap()
        };
        let (target, problems) = Target::resolve(&file, &set(), "portfolio.yaml");
        (
            target,
            problems.iter().map(|d| d.problem.to_string()).collect(),
        )
    }

    fn required(target: &Target, standard: &str) -> Vec<String> {
        let set = set();
        let standard = set.get(standard).unwrap();
        standard
            .groups
            .iter()
            .filter(|g| g.level.is_some() && target.requires(standard, g))
            .map(|g| g.id.clone())
            .collect()
    }

    #[test]
    fn without_a_target_every_level_counts() {
        let (none, _) = target(&[]);
        assert_eq!(required(&none, "oecd").len(), 5);
        assert_eq!(required(&none, "networking").len(), 5);
    }

    #[test]
    fn a_level_of_a_leveled_standard_counts_up_to_it() {
        let (t, problems) = target(&[("networking", 3)]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            required(&t, "networking"),
            ["level-1", "level-2", "level-3"]
        );
        assert_eq!(required(&t, "oecd").len(), 5, "other standards untouched");
    }

    #[test]
    fn a_role_profile_counts_only_the_competencies_it_names() {
        let (t, problems) = target(&[("oecd:strategic-networking", 2)]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            required(&t, "oecd"),
            [
                "strategic-networking.level-1",
                "strategic-networking.level-2"
            ]
        );
        let (t, problems) = target(&[("oecd", 1), ("strategic-networking", 3)]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            required(&t, "oecd"),
            [
                "strategic-networking.level-1",
                "strategic-networking.level-2",
                "strategic-networking.level-3",
                "influencing.level-1"
            ]
        );
    }

    #[test]
    fn unknown_names_and_levels_are_reported_with_what_exists() {
        let (_, problems) = target(&[("strategic-netwrking", 2), ("influencing", 4), ("mla3", 1)]);
        assert_eq!(
            problems,
            [
                "target: `influencing` has no level 4: influencing's levels are 1, 2",
                "target: `mla3` has no levels, so it cannot be aimed at a level; every item of it counts",
                "target: unknown standard or competency `strategic-netwrking` (did you mean `oecd:strategic-networking`? what has levels: oecd:strategic-networking, oecd:influencing, networking)",
            ]
        );
    }

    #[test]
    fn changes_write_canonical_keys_and_replace_what_names_the_same() {
        let set = set();
        let file: TargetFile = crate::yaml::from_str(
            "p.yaml",
            "profile: Analyst\nlevels:\n  strategic-networking: 1\n  networking: 2\n",
        )
        .unwrap();
        let level = |name: &str, level| TargetChange::Level {
            name: name.into(),
            level,
        };
        let out = file
            .changed(&level("oecd:strategic-networking", 3), &set)
            .unwrap();
        assert_eq!(
            out.levels.iter().collect::<Vec<_>>(),
            [
                (&"networking".to_owned(), &2),
                (&"oecd:strategic-networking".to_owned(), &3)
            ]
        );
        assert_eq!(out.profile.as_deref(), Some("Analyst"));
        assert_eq!(
            file.changed(&level("influencing", 5), &set).unwrap_err(),
            "`oecd:influencing` has no level 5: influencing's levels are 1, 2"
        );
        let out = file
            .changed(
                &TargetChange::Remove {
                    name: "oecd:strategic-networking".into(),
                },
                &set,
            )
            .unwrap();
        assert_eq!(out.levels.len(), 1);
        assert_eq!(
            file.changed(
                &TargetChange::Remove {
                    name: "influencing".into()
                },
                &set
            )
            .unwrap_err(),
            "the target names no level for `influencing`"
        );
        assert!(file.changed(&TargetChange::Clear, &set).unwrap().is_empty());
        let yaml = crate::yaml::to_string(&out).unwrap();
        let back: TargetFile = crate::yaml::from_str("p.yaml", &yaml).unwrap();
        assert!(out.matches(&back), "{yaml}");
    }

    #[test]
    fn attainment_reads_as_a_sentence() {
        let describe = |evidenced, target| Attainment { evidenced, target }.describe();
        assert_eq!(
            describe(Some(2), Some(3)),
            "level 2 evidenced, working towards 3"
        );
        assert_eq!(
            describe(Some(3), Some(3)),
            "level 3 evidenced: target (level 3) met"
        );
        assert_eq!(
            describe(None, Some(1)),
            "no level evidenced yet, working towards 1"
        );
        assert_eq!(describe(Some(4), None), "level 4 evidenced");
    }
}
