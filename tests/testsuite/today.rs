//! The day of a run: `--today` (a global option), `NOSFOLIO_TODAY`, and
//! today in the local time zone when neither is given.

use std::fs;

use std::path::{Path, PathBuf};

use crate::support::{Run, TempPortfolio, copy_dir, nosfolio, repo};

/// A folder holding a copy of the example portfolio in `example/` (so that
/// `caseload ..` has one portfolio to list).
struct Example {
    _root: TempPortfolio,
    dir: PathBuf,
}

impl Example {
    fn path(&self) -> &Path {
        &self.dir
    }
}

fn example() -> Example {
    let root = TempPortfolio::empty();
    let dir = root.path().join("example");
    copy_dir(&repo().join("examples/mla3-portfolio"), &dir);
    Example { _root: root, dir }
}

/// `nosfolio ARGS…` in `portfolio` with `NOSFOLIO_TODAY` set to `day`.
fn with_variable(portfolio: &Example, day: &str, args: &[&str]) -> Run {
    nosfolio(args)
        .current_dir(portfolio.path())
        .env("NOSFOLIO_TODAY", day)
        .run()
}

/// `nosfolio ARGS…` in `portfolio` with `NOSFOLIO_TODAY` unset.
fn without_variable(portfolio: &Example, args: &[&str]) -> Run {
    nosfolio(args)
        .current_dir(portfolio.path())
        .env_remove("NOSFOLIO_TODAY")
        .run()
}

/// Commands whose output depends on the day, each with a piece of output
/// that shows the day was used.
const DATED: &[(&[&str], &str)] = &[
    (&["status", "--format", "json"], "2025-06-23"),
    (&["network", "plan", "--format", "json"], "2025-06-23"),
    (
        &["network", "due", "--format", "json"],
        "\"today\": \"2025-06-23\"",
    ),
    (
        &["network", "review", "--format", "json"],
        "\"quarter\": \"2025Q2\"",
    ),
    (&["report", "--format", "md"], "2025-06-23"),
    (&["export", "--to", "case"], "2025-06-23T00:00:00Z"),
    (&["caseload", "..", "--format", "html"], "2025-06-23"),
];

#[test]
fn the_option_and_the_variable_give_the_same_output() {
    let portfolio = example();
    for (args, shows_the_day) in DATED {
        let by_variable = with_variable(&portfolio, "2025-06-23", args);
        by_variable.code(0);
        assert!(
            by_variable.stdout.contains(shows_the_day),
            "{args:?} does not show the day\n{}",
            by_variable.stdout
        );
        // After the subcommand and before it: the option is global.
        let mut after = args.to_vec();
        after.extend(["--today", "2025-06-23"]);
        let mut before = vec!["--today", "2025-06-23"];
        before.extend_from_slice(args);
        for by_option in [
            without_variable(&portfolio, &after),
            without_variable(&portfolio, &before),
        ] {
            by_option.code(0);
            assert_eq!(by_option.stdout, by_variable.stdout, "{args:?}");
            assert_eq!(by_option.stderr, by_variable.stderr, "{args:?}");
        }
        // Another day gives another output: the day is really used.
        let other = with_variable(&portfolio, "2025-09-30", args);
        assert_ne!(other.stdout, by_variable.stdout, "{args:?}");
    }
}

#[test]
fn the_option_wins_over_the_variable() {
    let portfolio = example();
    let args = ["network", "due", "--format", "json"];
    let expected = with_variable(&portfolio, "2025-06-23", &args);
    for variable in ["2024-01-01", "not a date"] {
        let mut with_option = args.to_vec();
        with_option.extend(["--today", "2025-06-23"]);
        let run = with_variable(&portfolio, variable, &with_option);
        run.code(0);
        assert_eq!(run.stdout, expected.stdout, "NOSFOLIO_TODAY={variable}");
    }
}

#[test]
fn what_is_written_is_dated_by_the_day_given() {
    let portfolio = example();
    let run = without_variable(
        &portfolio,
        &[
            "new",
            "statement",
            "--type",
            "statement-networks",
            "--today",
            "2025-06-23",
        ],
    );
    run.code(0);
    let written = run.written();
    assert!(
        written.ends_with("personal-statement-statement-networks-2025-06-23.md"),
        "{written}"
    );
    let text = fs::read_to_string(portfolio.path().join(&written)).unwrap();
    assert!(text.contains("\ndate: 2025-06-23\n"), "{text}");

    let run = with_variable(&portfolio, "2025-06-23", &["seal"]);
    run.code(0);
    let seal = fs::read_to_string(portfolio.path().join("seal.yaml")).unwrap();
    assert!(seal.contains("2025-06-23T00:00:00Z"), "{seal}");
}

#[test]
fn a_bad_day_is_a_usage_error_naming_the_value_and_the_form() {
    let portfolio = example();
    let args = ["new", "statement", "--type", "statement-networks"];
    let mut bad_option = args.to_vec();
    bad_option.extend(["--today", "2025-02-30"]);
    let run = without_variable(&portfolio, &bad_option);
    run.code(2);
    assert!(
        run.stderr
            .contains("invalid value '2025-02-30' for '--today <DATE>'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("there is no day 30 in 2025-02"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);

    for (value, reason) in [
        ("2025-13-01", "there is no month 13"),
        ("23/06/2025", "expected YYYY-MM-DD"),
    ] {
        let run = with_variable(&portfolio, value, &args);
        run.code(2);
        assert!(
            run.stderr.starts_with(&format!(
                "error: NOSFOLIO_TODAY=`{value}` is not a date: {reason}\n"
            )),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("help: write the day as YYYY-MM-DD"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    // Nothing was written by the refused runs.
    assert!(
        !fs::read_dir(portfolio.path().join("evidence"))
            .unwrap()
            .any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("personal-statement")),
    );

    let run = without_variable(&portfolio, &["status", "--today", "9999-12-31"]);
    run.code(2);
    assert!(
        run.stderr.contains("--today 9999-12-31 is out of range"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_variable_means_today() {
    let portfolio = example();
    let args = ["network", "due", "--format", "json"];
    let unset = without_variable(&portfolio, &args);
    let empty = with_variable(&portfolio, "", &args);
    unset.code(0);
    empty.code(0);
    assert_eq!(unset.json()["today"], empty.json()["today"]);
}

#[test]
fn without_a_day_given_today_is_the_local_day() {
    let portfolio = example();
    // Fourteen hours ahead of UTC and twelve behind (POSIX TZ strings, so
    // no time-zone database is needed): two different days at any moment.
    for (tz, offset_hours) in [("<+14>-14", 14), ("<-12>12", -12)] {
        let before = local_day(offset_hours);
        let run = nosfolio(&["network", "due", "--format", "json"])
            .current_dir(portfolio.path())
            .env_remove("NOSFOLIO_TODAY")
            .env("TZ", tz)
            .run();
        run.code(0);
        let after = local_day(offset_hours);
        let today = run.json()["today"].as_str().unwrap().to_owned();
        assert!(
            today == before || today == after,
            "TZ={tz}: today {today}, expected {before}"
        );
    }
}

/// The day now at `offset_hours` from UTC.
fn local_day(offset_hours: i8) -> String {
    let offset = jiff::tz::Offset::constant(offset_hours);
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .date()
        .to_string()
}
