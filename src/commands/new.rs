//! `nosfolio new`: drafts of a reflection or a personal statement, written
//! for the candidate to fill in.

use std::path::PathBuf;

use jiff::civil::Date;
use nosfolio_core::{Confidentiality, ItemRef, StandardSet};
use nosfolio_store::{DraftMeta, Portfolio, write_draft};
use serde_json::json;

use super::{Context, Outcome, open_portfolio};
use crate::cli::Format;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// A reflection on one level of a framework: its interview question and
    /// probing questions as prompts, Situation / Task / Action / Result
    /// headings, and the level's behaviours as claims. Written as a draft.
    Reflection(ReflectionArgs),
    /// A personal statement for an evidence type, listing the items that
    /// type can support as prompts. Written as a draft.
    Statement(StatementArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReflectionArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The leveled framework, e.g. networking.
    #[arg(long)]
    standard: String,
    /// The level to reflect on.
    #[arg(long)]
    level: u32,
    /// One interview question of the level (1, 2, …); all of them without it.
    #[arg(long)]
    question: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct StatementArgs {
    /// The portfolio folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The evidence type, e.g. statement-networks.
    #[arg(long = "type", value_name = "TYPE")]
    evidence_type: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

pub(crate) fn run(command: Command, context: &Context) -> anyhow::Result<Outcome> {
    match command {
        Command::Reflection(args) => reflection(&args, context),
        Command::Statement(args) => statement(&args, context),
    }
}

fn reflection(args: &ReflectionArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let standards = &portfolio.standards;
    let Some(standard) = standards.get(&args.standard) else {
        let ids: Vec<&str> = standards
            .standards()
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        anyhow::bail!(
            "`{}` is not one of this portfolio's standards ({})\n  help: add it to `standards:` in portfolio.yaml",
            args.standard,
            ids.join(", ")
        );
    };
    let levels: Vec<u32> = standard.groups.iter().filter_map(|g| g.level).collect();
    let Some(group) = standard.groups.iter().find(|g| g.level == Some(args.level)) else {
        anyhow::bail!(
            "{} has no level {}\n  help: its levels are {}",
            standard.label(),
            args.level,
            levels
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let questions: Vec<_> = match args.question {
        Some(n) => match group.questions.get(n.wrapping_sub(1)) {
            Some(question) => vec![question],
            None => anyhow::bail!(
                "level {} of {} has {} interview question(s); --question takes 1 to {}",
                args.level,
                standard.id,
                group.questions.len(),
                group.questions.len()
            ),
        },
        None => group.questions.iter().collect(),
    };
    let title = format!(
        "Reflection: {} ({} level {})",
        group.title, standard.title, args.level
    );
    let claims: Vec<String> = group
        .items
        .iter()
        .map(|i| {
            standards.display(&ItemRef {
                standard: standard.id.clone(),
                item: i.id.clone(),
            })
        })
        .collect();
    let meta = draft_meta(title.clone(), reflective_type(standards), claims);
    let mut text = format!("# {title}\n\n");
    text.push_str("Write about one real situation, in the first person, with dates and names where you may share them.\n\n");
    for question in &questions {
        text.push_str(&format!("> **{}** {}\n\n", question.id, question.text));
        for probe in &question.probing {
            text.push_str(&format!("- {probe}\n"));
        }
        text.push('\n');
    }
    text.push_str("The behaviours this reflection claims:\n\n");
    for item in &group.items {
        text.push_str(&format!("- **{}** {}\n", item.id, item.text));
    }
    text.push_str("\n## Situation\n\n\n## Task\n\n\n## Action\n\n\n## Result\n\n");
    let question_part = args.question.map(|n| format!("-q{n}")).unwrap_or_default();
    let name = format!(
        "reflection-{}-level-{}{question_part}-{}",
        standard.id, args.level, meta.date
    );
    write_new(&portfolio, &name, &meta, &text, args.format)
}

fn reflective_type(standards: &StandardSet) -> Option<String> {
    standards.resolve_type("reflective-logs").ok().map(|t| t.id)
}

fn statement(args: &StatementArgs, context: &Context) -> anyhow::Result<Outcome> {
    let portfolio = open_portfolio(&args.dir, context)?;
    let standards = &portfolio.standards;
    let reference = standards
        .resolve_type(&args.evidence_type)
        .map_err(|problem| anyhow::anyhow!(problem.explained()))?;
    let Some((standard, kind)) = standards.evidence_type(&reference) else {
        anyhow::bail!("unknown evidence type `{}`", args.evidence_type);
    };
    let title = format!("Personal statement: {}", kind.text);
    let meta = draft_meta(title.clone(), Some(kind.id.clone()), Vec::new());
    let mut text = format!("# {title}\n\n");
    if let Some(group) = &kind.group {
        text.push_str(&format!("_{}_\n\n", group.trim_end_matches(':')));
    }
    text.push_str(&format!(
        "A statement of this kind can show the items below ({}). Write about the ones your experience really shows, then add them under `claims:` above, with `at:` (which paragraph) and `note:` (how it shows the item).\n\n",
        standard.short_name()
    ));
    for id in &kind.supports {
        if let Some((_, item)) = standard.item(id) {
            text.push_str(&format!("- **{}** {}\n", item.id, item.text));
        }
    }
    text.push_str("\n## My statement\n\n");
    let name = format!("personal-statement-{}-{}", kind.id, meta.date);
    write_new(&portfolio, &name, &meta, &text, args.format)
}

/// The front matter of a draft started today.
fn draft_meta(title: String, evidence_type: Option<String>, claims: Vec<String>) -> DraftMeta {
    DraftMeta {
        title,
        date: today(),
        evidence_type,
        confidentiality: Confidentiality::Assessor,
        draft: true,
        claims,
    }
}

/// Has the store write the draft under a name no file has yet, and says so.
fn write_new(
    portfolio: &Portfolio,
    name: &str,
    meta: &DraftMeta,
    body: &str,
    format: Format,
) -> anyhow::Result<Outcome> {
    let written = write_draft(&portfolio.root, name, meta, body)?;
    let shown = portfolio.root.join(&written).display().to_string();
    match format {
        Format::Json => output::print_json(&json!({
            "written": shown,
            "path": written,
            "title": meta.title,
            "type": meta.evidence_type,
            "claims": meta.claims,
            "draft": true,
        }))?,
        Format::Text => output::print(&format!(
            "wrote {shown}\nit is a draft: fill it in, then delete the line `draft: true`"
        ))?,
    }
    Ok(Outcome::Ok)
}
