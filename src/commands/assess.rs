//! `nosfolio assess`: record an assessor's decisions on a piece of evidence,
//! pinned to its current hash, in an append-only file.

use std::path::PathBuf;

use anyhow::Context as _;
use nosfolio_core::{Decision, Role, Verdict, decision_yaml, parse_date, parse_decisions};
use nosfolio_store::{ASSESSMENT_DIR, write_atomic};

use super::{Context, Outcome, open_portfolio, portfolio_of, relative_to};
use crate::output;

/// Record decisions on one piece of evidence: items accepted and referred,
/// with a comment. Each decision is pinned to the evidence's SHA-256 now;
/// if the evidence changes later, an acceptance becomes `stale`. Decisions
/// are appended to assessment/<assessor>.yaml and never rewritten; a later
/// decision on the same evidence and item supersedes an earlier one.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// [DIR] EVIDENCE: the portfolio folder (optional; by default the one
    /// holding EVIDENCE) and the evidence file or its sidecar.
    #[arg(num_args = 1..=2, required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Items the evidence shows, comma-separated (e.g. PC1,B4).
    #[arg(long, value_delimiter = ',', value_name = "ITEMS")]
    accept: Vec<String>,
    /// Items it does not yet show, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ITEMS")]
    refer: Vec<String>,
    /// Why: what the candidate should know.
    #[arg(long)]
    comment: String,
    /// The assessor's name.
    #[arg(long)]
    assessor: String,
    /// The role decided in.
    #[arg(long, value_enum, default_value_t = RoleArg::Assessor)]
    role: RoleArg,
    /// The date of the decision (YYYY-MM-DD); today by default.
    #[arg(long)]
    date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RoleArg {
    /// The candidate's assessor: decisions set coverage.
    Assessor,
    /// Internal quality assurance: recorded and shown apart.
    Iqa,
}

/// A file name for an assessor: `Tom Reid` → `tom-reid`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let (dir, evidence_path) = match args.paths.as_slice() {
        [dir, evidence] => (dir.clone(), dir.join(evidence)),
        [evidence] => (portfolio_of(evidence)?, evidence.clone()),
        _ => anyhow::bail!("give the evidence file, optionally after the portfolio folder"),
    };
    if args.accept.is_empty() && args.refer.is_empty() {
        anyhow::bail!("nothing to record: give --accept and/or --refer");
    }
    let assessor = args.assessor.trim();
    let file_name = slug(assessor);
    if file_name.is_empty() {
        anyhow::bail!("--assessor must name someone");
    }
    if args.comment.trim().is_empty() {
        anyhow::bail!("--comment must say why");
    }
    let date = match &args.date {
        Some(date) => parse_date(date)
            .map_err(|p| anyhow::anyhow!(p.explained()))?
            .to_string(),
        None => context.today().to_string(),
    };
    let portfolio = open_portfolio(&dir, context)?;
    let relative = relative_to(&evidence_path, &portfolio.root)?;
    let piece = portfolio
        .evidence
        .iter()
        .find(|e| {
            e.path == relative
                || e.described_by == relative
                || e.files.iter().any(|f| f.path == relative)
        })
        .with_context(|| {
            format!("{relative} is not evidence of this portfolio (no sidecar or front matter)")
        })?;
    let Some(sha256) = piece.sha256.clone() else {
        anyhow::bail!(
            "{} cannot be read completely, so it cannot be assessed",
            piece.path
        );
    };

    let mut problems = Vec::new();
    let mut decisions = Vec::new();
    for (written, verdict) in args
        .accept
        .iter()
        .map(|w| (w, Verdict::Accepted))
        .chain(args.refer.iter().map(|w| (w, Verdict::Referred)))
    {
        let written = written.trim();
        if written.is_empty() {
            continue;
        }
        let item = match portfolio.standards.resolve_item(written) {
            Ok(item) => item,
            Err(problem) => {
                problems.push(problem.explained());
                continue;
            }
        };
        if !piece.claims.iter().any(|c| c.item == item) {
            problems.push(format!(
                "{} does not claim {written}: only claimed items can be assessed (the candidate claims with `nosfolio claim`)",
                piece.path
            ));
            continue;
        }
        if decisions
            .iter()
            .any(|d: &Decision| d.item == item.to_string())
        {
            problems.push(format!("{written} is given twice (accepted and referred?)"));
            continue;
        }
        decisions.push(Decision {
            evidence: piece.path.clone(),
            sha256: sha256.clone(),
            item: item.to_string(),
            decision: verdict,
            comment: args.comment.trim().to_owned(),
            date: date.clone(),
            assessor: assessor.to_owned(),
            role: match args.role {
                RoleArg::Assessor => Role::Assessor,
                RoleArg::Iqa => Role::Iqa,
            },
        });
    }
    if !problems.is_empty() {
        anyhow::bail!("{}\nnothing was recorded", problems.join("\n"));
    }

    let folder = portfolio.root.join(ASSESSMENT_DIR);
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let path = folder.join(format!("{file_name}.yaml"));
    let shown = format!("{ASSESSMENT_DIR}/{file_name}.yaml");
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            format!(
                "# Decisions of {assessor}, written by `nosfolio assess`. Append-only: a later\n# decision on the same evidence and item supersedes an earlier one.\n"
            )
        }
        Err(error) => return Err(anyhow::Error::new(error).context(format!("cannot read {shown}"))),
    };
    let before = parse_decisions(&shown, &existing).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "{shown} cannot be read, so nothing was recorded:\n{}",
            lines.join("\n")
        )
    })?;
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for decision in &decisions {
        text.push_str(&decision_yaml(decision));
    }
    // Append-only: what was there must read back unchanged, followed by the new records.
    let after = parse_decisions(&shown, &text)
        .map_err(|_| anyhow::anyhow!("internal: appended decisions do not read back"))?;
    if after.len() != before.len() + decisions.len() || after[..before.len()] != before[..] {
        anyhow::bail!("{shown} could not be appended to without changing it; nothing was recorded");
    }
    write_atomic(&path, text.as_bytes(), true).with_context(|| format!("cannot write {shown}"))?;
    let list = |verdict: Verdict| -> Vec<String> {
        decisions
            .iter()
            .filter(|d| d.decision == verdict)
            .filter_map(|d| portfolio.standards.resolve_item(&d.item).ok())
            .map(|item| portfolio.standards.display(&item))
            .collect()
    };
    let mut parts = Vec::new();
    let accepted = list(Verdict::Accepted);
    let referred = list(Verdict::Referred);
    if !accepted.is_empty() {
        parts.push(format!("accepted {}", accepted.join(", ")));
    }
    if !referred.is_empty() {
        parts.push(format!("referred {}", referred.join(", ")));
    }
    output::print(&format!(
        "recorded in {shown}: {} for {} (sha256 {})",
        parts.join("; "),
        piece.path,
        &sha256[..12]
    ))?;
    Ok(Outcome::Ok)
}
