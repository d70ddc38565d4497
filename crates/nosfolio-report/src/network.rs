//! The networking plan for a terminal: where to start, who is due, the
//! quarterly review and introductions to make.

use std::fmt::Write as _;

use jiff::civil::Date;
use nosfolio_network::{
    Basis, Contact, DueContact, ESTABLISHED_SCORE, Introductions, Plan, PlanEntry, Review,
    TargetStatus, Trend,
};

use crate::text::{Paint, TextOptions, clean, wrap};

/// `Jane Smith [jsmith]`
fn who(contact: &Contact) -> String {
    format!("{} [{}]", clean(&contact.name), clean(&contact.id))
}

/// `Head of Finance, Finance, Acme Ltd`, or nothing.
fn place(contact: &Contact) -> String {
    [&contact.role, &contact.department, &contact.organisation]
        .into_iter()
        .flatten()
        .map(|s| clean(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first line of a result, in bold.
fn heading(out: &mut String, options: &TextOptions, text: &str) {
    let _ = writeln!(out, "{}", options.paint(Paint::Bold, text));
}

fn score(score: Option<u8>) -> String {
    score.map_or_else(|| "not scored".to_owned(), |s| format!("score {s}/5"))
}

/// `in 3 days`, `today`, `12 days ago`
fn relative(days_overdue: i64) -> String {
    match days_overdue {
        0 => "today".to_owned(),
        1 => "1 day overdue".to_owned(),
        n if n > 1 => format!("{n} days overdue"),
        -1 => "in 1 day".to_owned(),
        n => format!("in {} days", -n),
    }
}

fn plan_entry(
    out: &mut String,
    number: Option<usize>,
    entry: &PlanEntry<'_>,
    options: &TextOptions,
) {
    let contact = entry.contact;
    let lead = number.map_or_else(|| "  -".to_owned(), |n| format!("  {n}."));
    let place = place(contact);
    let heading = if place.is_empty() {
        options.paint(Paint::Bold, &who(contact))
    } else {
        format!("{} — {place}", options.paint(Paint::Bold, &who(contact)))
    };
    let _ = writeln!(out, "{lead} {}", wrap(&heading, options.width, 5));
    let mut facts = vec![entry.reason.explained().to_owned(), score(entry.score)];
    if let (Some(deadline), Some(days)) = (entry.target_deadline, contact.target) {
        facts.push(format!("target: know them by {deadline} ({days} days)"));
    }
    if let Some(last) = entry.last_contact {
        facts.push(format!("last contact {last}"));
    }
    let _ = writeln!(out, "     {}", wrap(&facts.join(" · "), options.width, 5));
    for idea in &contact.ideas {
        let _ = writeln!(out, "     idea: {}", wrap(&clean(idea), options.width, 11));
    }
}

/// `nosfolio network plan` for a terminal.
#[must_use]
pub fn plan_text(plan: &Plan<'_>, options: &TextOptions) -> String {
    let mut out = String::new();
    heading(
        &mut out,
        options,
        &format!(
            "Networking plan, {}: {} of {} new relationships in progress",
            plan.today,
            plan.in_progress.len(),
            plan.max
        ),
    );
    if !plan.in_progress.is_empty() {
        let _ = writeln!(
            out,
            "\nIn progress (in touch in the last 90 days, not yet built)"
        );
        for entry in &plan.in_progress {
            plan_entry(&mut out, None, entry, options);
        }
    }
    if plan.start.is_empty() {
        if plan.in_progress.len() >= plan.max && plan.waiting > 0 {
            let _ = writeln!(
                out,
                "\nNo new relationships for now: {} are in progress, the most to build at once.",
                plan.in_progress.len()
            );
        } else if plan.in_progress.is_empty() {
            let _ = writeln!(
                out,
                "\nNobody to start with: put people on your lists (`nosfolio network contact edit ID --list know-and-like --list can-help`) or mark team and department leaders (`nosfolio network contact edit ID --leader`)."
            );
        }
    } else {
        let _ = writeln!(
            out,
            "\nStart with (both lists first, then leaders by target window and lowest score)"
        );
        for (index, entry) in plan.start.iter().enumerate() {
            plan_entry(&mut out, Some(index + 1), entry, options);
        }
    }
    if plan.waiting > 0 {
        let _ = writeln!(
            out,
            "\n{} more wait, so as not to start too many new relationships at once: a place frees when a relationship scores {ESTABLISHED_SCORE} or more.",
            plan.waiting
        );
    }
    if plan.established > 0 {
        let _ = writeln!(
            out,
            "{} relationship(s) already built: keep them on your radar with a cadence.",
            plan.established
        );
    }
    let _ = writeln!(
        out,
        "\nThis week: act on a couple of these ideas, and record each contact with\n  nosfolio network log --contact ID --kind coffee --next YYYY-MM-DD"
    );
    out
}

/// `nosfolio network due` for a terminal.
#[must_use]
pub fn due_text(due: &[DueContact<'_>], today: Date, within: i64, options: &TextOptions) -> String {
    let mut out = String::new();
    heading(
        &mut out,
        options,
        &format!(
            "Due for contact by {} (today {today}, next {within} days)",
            nosfolio_network::add_days(today, within)
        ),
    );
    if due.is_empty() {
        let _ = writeln!(out, "Nobody is due.");
        return out;
    }
    let overdue = due.iter().filter(|d| d.days_overdue > 0).count();
    if overdue > 0 {
        let _ = writeln!(out, "{overdue} overdue");
    }
    for entry in due {
        let when = relative(entry.days_overdue);
        let when = if entry.days_overdue > 0 {
            options.paint(Paint::Red, &format!("{when:<16}"))
        } else {
            options.paint(Paint::Yellow, &format!("{when:<16}"))
        };
        let _ = writeln!(out, "  {}  {when}  {}", entry.due, who(entry.contact));
        let basis = match &entry.basis {
            Basis::NextContact { entry } => format!("next contact noted in {}", clean(entry)),
            Basis::Cadence { last, days } => format!("every {days} days; last contact {last}"),
            Basis::Target { from, days } => {
                format!("not met yet; {days}-day target from {from}")
            }
        };
        let last = entry
            .last
            .map(|e| format!(" ({})", clean(&e.kind)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "              {}",
            wrap(&format!("{basis}{last}"), options.width, 14)
        );
        if let Some(idea) = entry.contact.ideas.first() {
            let _ = writeln!(
                out,
                "              idea: {}",
                wrap(&clean(idea), options.width, 20)
            );
        }
    }
    out
}

/// `nosfolio network review` for a terminal.
#[must_use]
pub fn review_text(review: &Review<'_>, options: &TextOptions) -> String {
    let mut out = String::new();
    heading(
        &mut out,
        options,
        &format!(
            "Quarterly review {} (as of {})",
            review.quarter, review.as_of
        ),
    );
    let total = review.scores.len();
    if review.not_rescored.is_empty() {
        let _ = writeln!(out, "\nEvery contact is re-scored this quarter.");
    } else {
        let _ = writeln!(
            out,
            "\n{} of {total} contacts not re-scored this quarter: {}",
            review.not_rescored.len(),
            wrap(&clean(&review.not_rescored.join(", ")), options.width, 2)
        );
        let _ = writeln!(
            out,
            "  help: re-score each with `nosfolio network contact score ID N --date {}` (1 hardly know them … 5 call anytime)",
            review.as_of
        );
    }
    if !review.scores.is_empty() {
        let _ = writeln!(out, "\nScores");
    }
    for row in &review.scores {
        let before = row.before.map_or("–".to_owned(), |s| s.score.to_string());
        let now = row
            .this_quarter
            .map_or("–".to_owned(), |s| s.score.to_string());
        let (mark, paint) = match row.trend {
            Trend::Up => ("↑ up", Paint::Green),
            Trend::Down => ("↓ down", Paint::Red),
            Trend::Same => ("→ same", Paint::Dim),
            Trend::New => ("new", Paint::Green),
            Trend::NotRescored => ("not re-scored", Paint::Yellow),
            Trend::Unscored => ("never scored", Paint::Yellow),
        };
        let _ = writeln!(
            out,
            "  {before} → {now}  {}  {}, {} contact(s) made",
            options.paint(paint, &format!("{mark:<13}")),
            who(row.contact),
            row.contacts_made
        );
    }
    let (met, missed, open) = review.target_counts();
    if review.targets.is_empty() {
        let _ = writeln!(out, "\nNo target windows overlap this quarter.");
    } else {
        let _ = writeln!(
            out,
            "\nTargets met in their window: {met} of {} ({missed} missed, {open} still open)",
            review.targets.len()
        );
        for target in &review.targets {
            let status = match target.status {
                TargetStatus::Met { on } => format!("met {on}"),
                TargetStatus::Missed => options.paint(Paint::Red, "missed"),
                TargetStatus::Open => "open".to_owned(),
            };
            let _ = writeln!(
                out,
                "  {}  {} → {}  {status}",
                who(target.contact),
                target.from,
                target.deadline
            );
        }
    }
    let made: usize = review.kinds.values().sum();
    let kinds: Vec<String> = review
        .kinds
        .iter()
        .map(|(kind, n)| format!("{n} {}", clean(kind)))
        .collect();
    let _ = writeln!(
        out,
        "\nContacts made this quarter: {made}{}",
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    out
}

/// `nosfolio network introduce` for a terminal.
///
/// `pc6` adds M&LA3's advice on evidencing PC6, for portfolios against it.
#[must_use]
pub fn introductions_text(
    introductions: &Introductions<'_>,
    pc6: bool,
    options: &TextOptions,
) -> String {
    let mut out = String::new();
    heading(
        &mut out,
        options,
        "Introductions to make: contacts with common interests not yet introduced",
    );
    if introductions.suggestions.is_empty() {
        let _ = writeln!(
            out,
            "None: no two contacts share an interest they have not been introduced over. Add interests with `nosfolio network contact edit ID --interest TAG`."
        );
        return out;
    }
    for (index, s) in introductions.suggestions.iter().enumerate() {
        let shared: Vec<String> = s.shared.iter().map(|i| clean(i)).collect();
        let _ = writeln!(
            out,
            "  {}. {} and {}: {}",
            index + 1,
            who(s.first),
            who(s.second),
            wrap(&shared.join(", "), options.width, 5)
        );
    }
    if introductions.total > introductions.suggestions.len() {
        let _ = writeln!(
            out,
            "  … and {} more (--max to see more)",
            introductions.total - introductions.suggestions.len()
        );
    }
    let first = &introductions.suggestions[0];
    let _ = writeln!(
        out,
        "\nWhen you have introduced them, record it:\n  nosfolio network log --contact {a} --contact {b} --kind introduction --introduced {a},{b}",
        a = clean(&first.first.id),
        b = clean(&first.second.id)
    );
    if pc6 {
        let _ = writeln!(
            out,
            "For M&LA3 PC6 (introduce people and organisations with common interests to each other), its evidence table asks for witness testimony, a personal statement or reports about developments, not a reflective log: ask the people introduced for a short witness statement."
        );
    }
    out
}
