//! `nosfolio claim` and `nosfolio unclaim`: add claims to, or remove them
//! from, the sidecar or front matter of an evidence file, keeping what the
//! candidate wrote.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use nosfolio_core::{
    CannotEdit, Confidentiality, Diagnostic, EvidenceMeta, FrontMatter, ItemRef, NewClaim,
    StandardSet, add_claims, parse_date, parse_meta, remove_claims, render_meta, set_field,
    split_front_matter,
};
use nosfolio_network::{parse_contacts, parse_entry};
use nosfolio_report::diagnostics_text;
use nosfolio_store::{CONTACTS_FILE, JOURNAL_DIR, Portfolio, write_atomic};

use super::{Context, Outcome, open_portfolio, portfolio_of, relative_to};
use crate::output;

/// Claim items for an evidence file: creates its sidecar, or adds to the one
/// it has (or to a Markdown file's front matter). Ids are checked before
/// anything is written; existing fields, claims, comments and layout are
/// kept; a claim already there is not repeated.
#[derive(Debug, clap::Args)]
pub(crate) struct ClaimArgs {
    /// The evidence file (or its sidecar).
    file: PathBuf,
    /// Item ids to claim, e.g. PC2 B4 or networking:L3.2.
    #[arg(required = true, value_name = "ITEM")]
    items: Vec<String>,
    /// Where in the evidence the proof is (page, paragraph, time stamp).
    #[arg(long)]
    at: Option<String>,
    /// How the evidence shows the items.
    #[arg(long)]
    note: Option<String>,
    /// Set the title.
    #[arg(long)]
    title: Option<String>,
    /// Set the date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Set the evidence type.
    #[arg(long = "type", value_name = "TYPE")]
    evidence_type: Option<String>,
    /// Set who may see it.
    #[arg(long, value_enum)]
    confidentiality: Option<ConfidentialityArg>,
    /// Rewrite the file even when its comments and layout cannot be kept.
    #[arg(long)]
    force: bool,
}

/// Remove claims from an evidence file's sidecar or front matter, keeping
/// everything else as it was written.
#[derive(Debug, clap::Args)]
pub(crate) struct UnclaimArgs {
    /// The evidence file (or its sidecar).
    file: PathBuf,
    /// Item ids to remove.
    #[arg(required = true, value_name = "ITEM")]
    items: Vec<String>,
    /// Rewrite the file even when its comments and layout cannot be kept.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ConfidentialityArg {
    /// Anyone.
    Public,
    /// Candidate and assessors.
    Assessor,
    /// The candidate only.
    Private,
}

impl From<ConfidentialityArg> for Confidentiality {
    fn from(value: ConfidentialityArg) -> Self {
        match value {
            ConfidentialityArg::Public => Self::Public,
            ConfidentialityArg::Assessor => Self::Assessor,
            ConfidentialityArg::Private => Self::Private,
        }
    }
}

/// Where an evidence file is described.
struct Target {
    portfolio: Portfolio,
    /// The evidence file, relative to the portfolio.
    evidence: String,
    /// The sidecar or Markdown file, relative to the portfolio.
    description: String,
    /// Whether the description is front matter.
    front_matter: bool,
}

fn target(file: &Path, context: &Context) -> anyhow::Result<Target> {
    if !file.is_file() {
        anyhow::bail!("{} does not exist (or is not a file)", file.display());
    }
    let root = portfolio_of(file)?;
    let portfolio = open_portfolio(&root, context)?;
    if portfolio
        .manifest
        .as_ref()
        .is_none_or(|m| m.standards.len() != portfolio.standards.standards().len())
    {
        anyhow::bail!(
            "portfolio.yaml or one of its standards has errors: fix them first (`nosfolio check`)"
        );
    }
    let relative = relative_to(file, &root)?;
    let exists = |p: &str| root.join(p).is_file();
    let is_yaml = relative.ends_with(".yaml") || relative.ends_with(".yml");
    let stem = relative
        .rsplit_once('.')
        .map_or(relative.as_str(), |(s, _)| s)
        .to_owned();
    let (evidence, description, front_matter) =
        if is_yaml && !exists(&format!("{relative}.yaml")) && !exists(&format!("{relative}.yml")) {
            (
                if exists(&stem) {
                    stem
                } else {
                    relative.clone()
                },
                relative.clone(),
                false,
            )
        } else {
            let sidecar = [format!("{relative}.yaml"), format!("{relative}.yml")]
                .into_iter()
                .find(|s| exists(s));
            let markdown = relative.to_ascii_lowercase().ends_with(".md")
                || relative.to_ascii_lowercase().ends_with(".markdown");
            let has_front = markdown
                && std::fs::read_to_string(root.join(&relative))
                    .is_ok_and(|t| split_front_matter(&t).is_some());
            match sidecar {
                Some(sidecar) => (relative.clone(), sidecar, false),
                None if has_front => (relative.clone(), relative.clone(), true),
                None => (relative.clone(), format!("{relative}.yaml"), false),
            }
        };
    Ok(Target {
        portfolio,
        evidence,
        description,
        front_matter,
    })
}

/// The description's YAML, its place in the file, and what it says.
struct Loaded {
    text: String,
    yaml_range: std::ops::Range<usize>,
    meta: EvidenceMeta,
}

fn load(target: &Target) -> anyhow::Result<Option<Loaded>> {
    let path = target.portfolio.root.join(&target.description);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", target.description))?;
    let (yaml_range, offset) = if target.front_matter {
        match split_front_matter(&text) {
            Some(Ok(front)) => {
                let start = front.yaml.as_ptr() as usize - text.as_ptr() as usize;
                (start..start + front.yaml.len(), FrontMatter::LINE_OFFSET)
            }
            _ => anyhow::bail!(
                "{}: its front matter is not closed; fix it first (`nosfolio check`)",
                target.description
            ),
        }
    } else {
        let start = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
        (start..text.len(), 0)
    };
    let (meta, problems) =
        parse_description(&target.description, &text[yaml_range.clone()], offset);
    let Some(meta) = meta else {
        let shown: Vec<Diagnostic> = problems;
        anyhow::bail!(
            "{} cannot be read, so nothing was changed:\n{}",
            target.description,
            diagnostics_text(&shown, &nosfolio_report::TextOptions::default()).trim_end()
        );
    };
    Ok(Some(Loaded {
        text,
        yaml_range,
        meta,
    }))
}

/// Whether a description is part of the networking plan, whose files hold
/// more than evidence keys.
fn is_network(description: &str) -> bool {
    description == CONTACTS_FILE || description.starts_with(&format!("{JOURNAL_DIR}/"))
}

/// The evidence keys of a description: a sidecar or front matter, a journal
/// entry's front matter, or the contacts list.
fn parse_description(
    description: &str,
    yaml: &str,
    offset: u64,
) -> (Option<EvidenceMeta>, Vec<Diagnostic>) {
    if description == CONTACTS_FILE {
        let (list, problems) = parse_contacts(description, yaml);
        (list.map(|l| l.meta), problems)
    } else if is_network(description) {
        let (entry, problems) = parse_entry(description, &format!("---\n{yaml}---\n"));
        (entry.map(|e| e.meta), problems)
    } else {
        parse_meta(description, yaml, offset)
    }
}

/// Resolves every id, reporting all bad ones at once.
fn resolve_all(standards: &StandardSet, written: &[String]) -> anyhow::Result<Vec<ItemRef>> {
    let mut resolved = Vec::new();
    let mut problems = Vec::new();
    for id in written {
        match standards.resolve_item(id) {
            Ok(item) => resolved.push(item),
            Err(problem) => problems.push(problem.explained()),
        }
    }
    if !problems.is_empty() {
        anyhow::bail!("{}\nnothing was written", problems.join("\n"));
    }
    Ok(resolved)
}

/// The claims already written, resolved where possible: (as written, item).
fn existing(meta: &EvidenceMeta, standards: &StandardSet) -> Vec<(String, Option<ItemRef>)> {
    meta.claims
        .iter()
        .map(|c| {
            (
                c.item.value.trim().to_owned(),
                standards.resolve_item(&c.item.value).ok(),
            )
        })
        .collect()
}

fn cannot_keep(description: &str, reason: &CannotEdit) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot keep the comments and layout of {description}: {reason}; nothing was written\n  help: edit it by hand, or pass --force to rewrite it (its comments and layout are lost, its content is kept)"
    )
}

/// Writes the edited YAML back into its file, after checking it reads as `expected`.
fn write_back(
    target: &Target,
    loaded: &Loaded,
    yaml: &str,
    expected: &EvidenceMeta,
    force: bool,
) -> anyhow::Result<()> {
    let offset = if target.front_matter {
        FrontMatter::LINE_OFFSET
    } else {
        0
    };
    let reads_back = parse_description(&target.description, yaml, offset).0;
    let same = reads_back
        .as_ref()
        .is_some_and(|m| comparable(m) == comparable(expected));
    let yaml = if same {
        yaml.to_owned()
    } else if force && !is_network(&target.description) {
        render_meta(expected).map_err(|e| cannot_keep(&target.description, &e))?
    } else if force {
        anyhow::bail!(
            "cannot edit {} in place, and rewriting it would lose the networking plan it holds; nothing was written\n  help: add the claims by hand under `claims:`",
            target.description
        );
    } else {
        return Err(cannot_keep(
            &target.description,
            &CannotEdit("an edit in place would not read back as intended".into()),
        ));
    };
    let mut text = String::with_capacity(loaded.text.len() + 64);
    text.push_str(&loaded.text[..loaded.yaml_range.start]);
    text.push_str(&yaml);
    text.push_str(&loaded.text[loaded.yaml_range.end..]);
    write_atomic(
        &target.portfolio.root.join(&target.description),
        text.as_bytes(),
        true,
    )
    .with_context(|| format!("cannot write {}", target.description))
}

/// What must survive an edit, without positions.
fn comparable(meta: &EvidenceMeta) -> impl PartialEq + use<> {
    (
        meta.title.clone(),
        meta.date,
        meta.evidence_type.as_ref().map(|t| t.value.clone()),
        meta.confidentiality,
        meta.files
            .iter()
            .map(|f| f.value.clone())
            .collect::<Vec<_>>(),
        meta.description.clone(),
        meta.witness.clone(),
        meta.draft,
        meta.claims
            .iter()
            .map(|c| (c.item.value.trim().to_owned(), c.at.clone(), c.note.clone()))
            .collect::<Vec<_>>(),
    )
}

/// Warns, after writing, about claims the standard's table does not map to the type.
fn warn_unsupported(target: &Target, meta: &EvidenceMeta, added: &[String], context: &Context) {
    let (_, problems) =
        nosfolio_core::resolve(&target.description, meta, &target.portfolio.standards);
    let unsupported: Vec<Diagnostic> = problems
        .into_iter()
        .filter(|d| {
            matches!(&*d.problem, nosfolio_core::Problem::UnsupportedClaim { item, .. } if added.contains(item))
        })
        .map(|mut d| {
            d.position = None;
            d
        })
        .collect();
    if !unsupported.is_empty() {
        output::error_text(&diagnostics_text(&unsupported, &context.stderr));
    }
}

pub(crate) fn claim(args: &ClaimArgs, context: &Context) -> anyhow::Result<Outcome> {
    let target = target(&args.file, context)?;
    let standards = &target.portfolio.standards;
    let items = resolve_all(standards, &args.items)?;
    if let Some(kind) = &args.evidence_type {
        standards
            .resolve_type(kind)
            .map_err(|p| anyhow::anyhow!("{}\nnothing was written", p.explained()))?;
    }
    let date = args
        .date
        .as_deref()
        .map(parse_date)
        .transpose()
        .map_err(|p| anyhow::anyhow!("{p}\nnothing was written"))?;

    let loaded = load(&target)?;
    let mut expected = loaded
        .as_ref()
        .map_or_else(EvidenceMeta::default, |l| l.meta.clone());
    let already = existing(&expected, standards);
    let mut added = Vec::new();
    let mut skipped = Vec::new();
    let mut new_claims = Vec::new();
    for item in &items {
        let shown = standards.display(item);
        if already.iter().any(|(_, r)| r.as_ref() == Some(item)) || added.contains(&shown) {
            skipped.push(shown);
            continue;
        }
        new_claims.push(NewClaim {
            item: shown.clone(),
            at: args.at.clone(),
            note: args.note.clone(),
        });
        added.push(shown);
    }
    // What the file must say afterwards.
    let set = |value: &Option<String>| value.as_ref().map(|v| v.trim().to_owned());
    if let Some(title) = set(&args.title) {
        expected.title = Some(title);
    }
    if date.is_some() {
        expected.date = date;
    }
    if let Some(kind) = set(&args.evidence_type) {
        expected.evidence_type = Some(nosfolio_core::Located {
            value: kind,
            position: None,
        });
    }
    if let Some(confidentiality) = args.confidentiality {
        expected.confidentiality = confidentiality.into();
    }
    for claim in &new_claims {
        expected.claims.push(nosfolio_core::ClaimText {
            item: nosfolio_core::Located {
                value: claim.item.clone(),
                position: None,
            },
            at: claim.at.clone(),
            note: claim.note.clone(),
        });
    }

    let path = target.portfolio.root.join(&target.description);
    match &loaded {
        None => {
            if expected.title.is_none() {
                expected.title = Some(
                    target
                        .evidence
                        .rsplit('/')
                        .next()
                        .unwrap_or(&target.evidence)
                        .to_owned(),
                );
            }
            let text = render_meta(&expected).map_err(|e| cannot_keep(&target.description, &e))?;
            write_atomic(&path, text.as_bytes(), false)
                .with_context(|| format!("cannot write {}", target.description))?;
            output::print(&format!(
                "wrote {} claiming {}",
                target.description,
                added.join(", ")
            ))?;
            warn_unsupported(&target, &expected, &added, context);
        }
        Some(loaded) => {
            let mut yaml = loaded.text[loaded.yaml_range.clone()].to_owned();
            let fields = [
                ("title", set(&args.title)),
                ("date", date.map(|d| d.to_string())),
                ("type", set(&args.evidence_type)),
                (
                    "confidentiality",
                    args.confidentiality
                        .map(|c| Confidentiality::from(c).to_string()),
                ),
            ];
            let edited = fields
                .into_iter()
                .filter_map(|(key, value)| value.map(|v| (key, v)))
                .try_fold(yaml.clone(), |text, (key, value)| {
                    set_field(&text, key, &value)
                })
                .and_then(|text| add_claims(&text, &new_claims));
            match edited {
                Ok(text) => yaml = text,
                Err(_) if args.force => {
                    yaml =
                        render_meta(&expected).map_err(|e| cannot_keep(&target.description, &e))?;
                }
                Err(reason) => return Err(cannot_keep(&target.description, &reason)),
            }
            write_back(&target, loaded, &yaml, &expected, args.force)?;
            let mut message = if added.is_empty() {
                format!("{}: nothing new to claim", target.description)
            } else {
                format!("{}: added {}", target.description, added.join(", "))
            };
            if !skipped.is_empty() {
                message.push_str(&format!("; already claimed: {}", skipped.join(", ")));
            }
            output::print(&message)?;
            warn_unsupported(&target, &expected, &added, context);
        }
    }
    Ok(Outcome::Ok)
}

pub(crate) fn unclaim(args: &UnclaimArgs, context: &Context) -> anyhow::Result<Outcome> {
    let target = target(&args.file, context)?;
    let standards = &target.portfolio.standards;
    let Some(loaded) = load(&target)? else {
        anyhow::bail!(
            "{} has no sidecar or front matter: it claims nothing",
            target.evidence
        );
    };
    let already = existing(&loaded.meta, standards);
    let mut remove: Vec<String> = Vec::new();
    let mut not_claimed = Vec::new();
    for requested in &args.items {
        let wanted = standards.resolve_item(requested).ok();
        let matches: Vec<&String> = already
            .iter()
            .filter(|(written, resolved)| {
                written == requested.trim() || (wanted.is_some() && resolved == &wanted)
            })
            .map(|(written, _)| written)
            .collect();
        if matches.is_empty() {
            not_claimed.push(requested.clone());
        }
        remove.extend(matches.into_iter().cloned());
    }
    if remove.is_empty() {
        anyhow::bail!(
            "{} does not claim {}: nothing was changed",
            target.description,
            not_claimed.join(", ")
        );
    }
    let mut expected = loaded.meta.clone();
    expected
        .claims
        .retain(|c| !remove.contains(&c.item.value.trim().to_owned()));
    let yaml = match remove_claims(&loaded.text[loaded.yaml_range.clone()], &remove) {
        Ok(text) => text,
        Err(_) if args.force => {
            render_meta(&expected).map_err(|e| cannot_keep(&target.description, &e))?
        }
        Err(reason) => return Err(cannot_keep(&target.description, &reason)),
    };
    write_back(&target, &loaded, &yaml, &expected, args.force)?;
    let mut message = format!("{}: removed {}", target.description, remove.join(", "));
    if !not_claimed.is_empty() {
        message.push_str(&format!("; not claimed: {}", not_claimed.join(", ")));
    }
    output::print(&message)?;
    Ok(Outcome::Ok)
}
