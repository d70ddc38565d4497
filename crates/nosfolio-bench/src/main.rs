//! `nosfolio-bench`: measures nosfolio against baselines on the same files.
//!
//! It generates deterministic synthetic portfolios in a temporary folder,
//! then runs, each several times, nosfolio and a baseline that does the
//! same work with standard tools (`openssl dgst -sha256`, `find`; for
//! `nosfolio serve`, a trivial HTTP server answering the same bytes), and
//! prints a table of medians, each ratio to its baseline, and whether the
//! target holds. It exits 0 whether or not targets hold: it reports.
//!
//! ```sh
//! cargo run --release -p nosfolio-bench                 # the full size (several minutes)
//! cargo run --release -p nosfolio-bench -- --size small # seconds, for CI
//! ```
//!
//! The page cache is left warm for nosfolio and the baselines alike: every
//! case measures computing, not the disk. See BENCHMARKS.md.

#![forbid(unsafe_code)]
// Printing its table and progress is what this program is for.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod data;
mod measure;
mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use measure::{GNU_TIME, Sample, run_measured, run_shell, summary};

/// How much work each case does.
#[derive(Debug, Clone, Copy)]
struct Size {
    name: &'static str,
    large_files: usize,
    large_bytes: u64,
    portfolios: usize,
    pieces: usize,
    piece_bytes: u64,
    report_pieces: usize,
    /// Case 5: caseloads of this many small portfolios, ascending.
    many: [usize; 3],
    /// Case 5: pieces in each of those portfolios.
    many_pieces: usize,
    /// Case 6: each shape of issue 14 at three sizes, ascending (each
    /// twice the last): `>` and `<div>` in a description, items of a
    /// standard (with `shape_pieces` pieces), contacts, Moodle rows (at
    /// most 25,000: the standard converted from more is over 1 MiB, and
    /// `standards import` refuses it when it reads it back).
    quotes: [usize; 3],
    divs: [usize; 3],
    items: [usize; 3],
    shape_pieces: usize,
    contacts: [usize; 3],
    moodle_rows: [usize; 3],
    /// Case 7: concurrent clients of `nosfolio serve` (on a portfolio of
    /// `report_pieces` pieces), and how many times each asks for each page
    /// in each run.
    serve_clients: usize,
    serve_rounds: usize,
    /// Case 8: pieces of the large report (issue 18: 10,000).
    large_report_pieces: usize,
    runs: usize,
}

const FULL: Size = Size {
    name: "full",
    large_files: 20,
    large_bytes: 200_000_000,
    portfolios: 500,
    pieces: 100,
    piece_bytes: 20_000,
    report_pieces: 2_000,
    many: [100, 1_000, 5_000],
    many_pieces: 10,
    quotes: [50_000, 100_000, 200_000],
    divs: [37_500, 75_000, 150_000],
    items: [500, 1_000, 2_000],
    shape_pieces: 200,
    contacts: [3_000, 6_000, 12_000],
    moodle_rows: [6_250, 12_500, 25_000],
    serve_clients: 8,
    serve_rounds: 8,
    large_report_pieces: 10_000,
    runs: 5,
};

const SMALL: Size = Size {
    name: "small",
    large_files: 4,
    large_bytes: 8_000_000,
    portfolios: 20,
    pieces: 20,
    piece_bytes: 20_000,
    report_pieces: 200,
    many: [4, 16, 40],
    many_pieces: 10,
    quotes: [5_000, 10_000, 20_000],
    divs: [3_750, 7_500, 15_000],
    items: [50, 100, 200],
    shape_pieces: 20,
    contacts: [300, 600, 1_200],
    moodle_rows: [2_500, 5_000, 10_000],
    serve_clients: 8,
    serve_rounds: 3,
    large_report_pieces: 1_000,
    runs: 3,
};

struct Options {
    size: Size,
    nosfolio: Option<PathBuf>,
    work: Option<PathBuf>,
    keep: bool,
    cases: Cases,
}

/// Which cases to run (`--cases`): 2 and 3 share their data and run together.
#[derive(Debug, Clone, Copy)]
struct Cases {
    large: bool,
    caseload: bool,
    report: bool,
    many: bool,
    shapes: bool,
    serve: bool,
    report_scale: bool,
}

impl Cases {
    const ALL: Self = Self {
        large: true,
        caseload: true,
        report: true,
        many: true,
        shapes: true,
        serve: true,
        report_scale: true,
    };

    fn parse(list: &str) -> Result<Self, String> {
        let mut cases = Self {
            large: false,
            caseload: false,
            report: false,
            many: false,
            shapes: false,
            serve: false,
            report_scale: false,
        };
        for case in list.split(',').map(str::trim) {
            match case {
                "1" => cases.large = true,
                "2" | "3" => cases.caseload = true,
                "4" => cases.report = true,
                "5" => cases.many = true,
                "6" => cases.shapes = true,
                "7" => cases.serve = true,
                "8" => cases.report_scale = true,
                other => return Err(format!("unknown case {other}: 1 to 8")),
            }
        }
        Ok(cases)
    }
}

const USAGE: &str =
    "usage: nosfolio-bench [--size full|small] [--runs N] [--cases LIST] [--nosfolio PATH] [--work DIR] [--keep]

  --size      full: the sizes of issue 7 (several minutes); small: seconds (CI)
  --runs      runs of each measurement (median); default 5 full, 3 small
  --cases     which cases, comma-separated (default all): 1 large files, 2 and 3
              the caseload cold and warm, 4 report and matrix, 5 caseloads of
              100, 1,000 and 5,000 small portfolios (time per portfolio), 6 the
              shapes of issue 14 at three sizes (time per unit of input), 7
              `nosfolio serve` under 8 concurrent clients (latency, memory), 8
              the report at scale (10,000 pieces: time, memory; 2,000: the
              first screen painted by Chromium, when it is installed)
  --nosfolio  the binary to measure; default: build it (cargo build --release)
  --work      where to generate the data (default: the temporary folder)
  --keep      keep the generated data";

fn options() -> Result<Options, String> {
    let mut options = Options {
        size: FULL,
        nosfolio: None,
        work: None,
        keep: false,
        cases: Cases::ALL,
    };
    let mut runs = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--size" => {
                options.size = match value()?.as_str() {
                    "full" => FULL,
                    "small" => SMALL,
                    other => return Err(format!("unknown size {other}: full or small")),
                };
            }
            "--runs" => runs = Some(value()?.parse::<usize>().map_err(|e| e.to_string())?),
            "--nosfolio" => options.nosfolio = Some(value()?.into()),
            "--work" => options.work = Some(value()?.into()),
            "--keep" => options.keep = true,
            "--cases" => options.cases = Cases::parse(&value()?)?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if let Some(runs) = runs {
        options.size.runs = runs.max(1);
    }
    Ok(options)
}

/// The nosfolio binary: as given, or built in release mode beside this one.
fn nosfolio_binary(given: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return Ok(path);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building nosfolio (cargo build --release --bin nosfolio)");
    let status = Command::new(cargo)
        .args(["build", "--release", "--bin", "nosfolio"])
        .current_dir(&workspace)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build --release --bin nosfolio failed".into());
    }
    let beside = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("nosfolio");
    if beside.is_file() {
        Ok(beside)
    } else {
        Err(format!(
            "{} was not built; pass --nosfolio PATH",
            beside.display()
        ))
    }
}

/// One line of the result table.
struct Row {
    check: String,
    nosfolio: String,
    baseline: String,
    ratio: String,
    target: &'static str,
    holds: bool,
}

impl Row {
    /// A value against an absolute target, with no baseline.
    fn alone(check: impl Into<String>, value: String, target: &'static str, holds: bool) -> Self {
        Self {
            check: check.into(),
            nosfolio: value,
            baseline: String::new(),
            ratio: String::new(),
            target,
            holds,
        }
    }

    /// Peak memory against a limit in MiB (failing when it is unknown).
    fn peak(check: &str, sample: Sample, limit: u64, target: &'static str) -> Self {
        let shown = sample.peak_kib.map_or("unknown".to_owned(), |k| {
            format!("{:.1} MiB", k as f64 / 1024.0)
        });
        let holds = sample.peak_kib.is_some_and(|k| k <= limit * 1024);
        Self::alone(check, shown, target, holds)
    }

    /// A time against a baseline's, and their ratio.
    fn against(
        check: impl Into<String>,
        (nosfolio, baseline): (String, String),
        ratio: f64,
        target: &'static str,
        holds: bool,
    ) -> Self {
        Self {
            check: check.into(),
            nosfolio,
            baseline,
            ratio: format!("{ratio:.2}x"),
            target,
            holds,
        }
    }
}

/// Repeats `f` and summarises the samples.
fn repeat(runs: usize, mut f: impl FnMut() -> Sample) -> Sample {
    let samples: Vec<Sample> = (0..runs).map(|_| f()).collect();
    summary(&samples)
}

/// Runs a baseline and nosfolio by turns, so that anything else loading the
/// machine meanwhile weighs on both alike; summaries of (baseline, nosfolio).
fn by_turns(
    runs: usize,
    mut baseline: impl FnMut() -> Sample,
    mut ours: impl FnMut() -> Sample,
) -> (Sample, Sample) {
    let (theirs, mine): (Vec<Sample>, Vec<Sample>) =
        (0..runs).map(|_| (baseline(), ours())).unzip();
    (summary(&theirs), summary(&mine))
}

/// Removes every `.nosfolio` cache folder under `root`: a cold run.
fn clear_caches(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == ".nosfolio" {
            or_exit(std::fs::remove_dir_all(&path), "remove a cache", &path);
        } else if path.is_dir() && entry.file_name() != "evidence" {
            clear_caches(&path);
        }
    }
}

/// Waits until files written at `generated` are old enough for the cache
/// to record them (nosfolio does not trust files modified in the last two
/// seconds).
fn settle(generated: Instant) {
    let wait = Duration::from_millis(2_500).saturating_sub(generated.elapsed());
    std::thread::sleep(wait);
}

struct Bench {
    nosfolio: PathBuf,
    scratch: PathBuf,
    cores: usize,
    size: Size,
    rows: Vec<Row>,
    /// Whether the generated data is kept (`--keep`).
    keep: bool,
}

impl Bench {
    fn nosfolio(&self, args: &[&str]) -> Sample {
        run_measured(&self.nosfolio, args, &self.scratch)
    }

    fn large_files(&mut self, dir: &Path) {
        let size = self.size;
        let total = size.large_files as u64 * size.large_bytes;
        eprintln!(
            "case 1: generating {} files of {} MB",
            size.large_files,
            size.large_bytes / 1_000_000
        );
        or_exit(
            data::large_files(dir, size.large_files, size.large_bytes),
            "generate large files",
            dir,
        );
        let per_process = size.large_files.div_ceil(self.cores);
        let script = format!(
            "cd '{}' && find evidence -name '*.bin' -print0 | xargs -0 -P{} -n{} openssl dgst -sha256",
            dir.display(),
            self.cores,
            per_process
        );
        let shown = dir.to_string_lossy().into_owned();
        eprintln!("case 1: measuring");
        let (baseline, ours) = by_turns(
            size.runs,
            || run_shell(&script),
            || {
                clear_caches(dir);
                self.nosfolio(&["--quiet", "scan", "--format", "json", &shown])
            },
        );
        let rate = |s: Sample| {
            format!(
                "{:.2} GB/s ({:.2} s)",
                total as f64 / s.seconds / 1e9,
                s.seconds
            )
        };
        let ratio = baseline.seconds / ours.seconds;
        self.rows.push(Row::against(
            format!(
                "1 large files: scan throughput ({:.2} GB)",
                total as f64 / 1e9
            ),
            (rate(ours), rate(baseline)),
            ratio,
            ">= 0.85x",
            ratio >= 0.85,
        ));
        self.rows
            .push(Row::peak("1 large files: peak RSS", ours, 64, "<= 64 MiB"));
    }

    fn caseload(&mut self, root: &Path) {
        let size = self.size;
        eprintln!(
            "case 2: generating {} portfolios of {} pieces",
            size.portfolios, size.pieces
        );
        or_exit(
            data::caseload(root, size.portfolios, size.pieces, size.piece_bytes),
            "generate a caseload",
            root,
        );
        let generated = Instant::now();
        let shown = root.to_string_lossy().into_owned();
        let args = ["--quiet", "caseload", "--format", "json", &shown];
        eprintln!("case 2: measuring cold runs");
        let hash_all = format!(
            "find '{shown}' -type f -print0 | xargs -0 -P{} -n 500 openssl dgst -sha256",
            self.cores
        );
        settle(generated);
        let (baseline, cold) = by_turns(
            size.runs,
            || run_shell(&hash_all),
            || {
                clear_caches(root);
                self.nosfolio(&args)
            },
        );
        let seconds = |s: Sample| format!("{:.3} s", s.seconds);
        let ratio = cold.seconds / baseline.seconds;
        self.rows.push(Row::against(
            format!(
                "2 caseload cold ({} x {} pieces)",
                size.portfolios, size.pieces
            ),
            (seconds(cold), seconds(baseline)),
            ratio,
            "<= 1.5x",
            ratio <= 1.5,
        ));
        self.rows.push(Row::peak(
            "2 caseload cold: peak RSS",
            cold,
            512,
            "<= 512 MiB",
        ));

        eprintln!("case 3: measuring warm runs");
        let warm = self.warm_caseload("3 caseload warm, nothing changed".into(), &shown, &args);
        let speedup = cold.seconds / warm.seconds;
        self.rows.push(Row::alone(
            "3 caseload: cold time / warm time",
            format!("{speedup:.1}x faster"),
            ">= 10x",
            speedup >= 10.0,
        ));
    }

    /// Runs `args` (a caseload over `shown`) once to fill its caches, then
    /// by turns with a walk that only reads every file's size and time, and
    /// records the row `name`: warm at most 5 times the walk. Returns the
    /// warm run.
    fn warm_caseload(&mut self, name: String, shown: &str, args: &[&str]) -> Sample {
        self.nosfolio(args);
        let stat_walk = format!("find '{shown}' -type f -printf '%s %T@\\n'");
        let (baseline, warm) = by_turns(
            self.size.runs,
            || run_shell(&stat_walk),
            || self.nosfolio(args),
        );
        let ratio = warm.seconds / baseline.seconds;
        self.rows.push(Row::against(
            name,
            (
                format!("{:.3} s", warm.seconds),
                format!("{:.3} s", baseline.seconds),
            ),
            ratio,
            "<= 5x",
            ratio <= 5.0,
        ));
        warm
    }

    fn one_portfolio(&mut self, dir: &Path) {
        let size = self.size;
        let pieces = size.report_pieces;
        eprintln!("case 4: generating one portfolio of {pieces} pieces (M&LA3 and networking)");
        or_exit(
            data::portfolio(dir, 4, pieces, size.piece_bytes, true),
            "generate a portfolio",
            dir,
        );
        settle(Instant::now());
        let shown = dir.to_string_lossy().into_owned();
        let html = dir.join("report.html");
        let html_shown = html.to_string_lossy().into_owned();
        let report = ["--quiet", "report", &shown, "-o", &html_shown, "--force"];
        let matrix = ["--quiet", "matrix", &shown];
        eprintln!("case 4: measuring report and matrix (warm cache)");
        self.nosfolio(&matrix);
        let report_time = repeat(size.runs, || self.nosfolio(&report));
        let matrix_time = repeat(size.runs, || self.nosfolio(&matrix));
        let bytes = std::fs::metadata(&html).map_or(0, |m| m.len());
        // The archival PDF (issue 18): typeset, every file attached.
        let pdf = dir.join("report.pdf");
        let pdf_shown = pdf.to_string_lossy().into_owned();
        let pdf_report = [
            "--quiet", "report", &shown, "--format", "pdf", "-o", &pdf_shown, "--force",
        ];
        let pdf_time = repeat(size.runs, || self.nosfolio(&pdf_report));
        let pdf_bytes = std::fs::metadata(&pdf).map_or(0, |m| m.len());
        self.rows.extend([
            Row::alone(
                format!("4 PDF report of {pieces} pieces: time"),
                format!("{:.3} s", pdf_time.seconds),
                "<= 10 s",
                pdf_time.seconds <= 10.0,
            ),
            Row::peak(
                &format!("4 PDF report of {pieces} pieces: peak RSS"),
                pdf_time,
                500,
                "<= 500 MiB",
            ),
            Row::alone(
                format!("4 PDF report of {pieces} pieces: size"),
                format!("{:.2} MB", pdf_bytes as f64 / 1e6),
                "(reported)",
                true,
            ),
        ]);
        self.rows.extend([
            Row::alone(
                format!("4 report of {pieces} pieces: time"),
                format!("{:.3} s", report_time.seconds),
                "<= 2 s",
                report_time.seconds <= 2.0,
            ),
            Row::alone(
                format!("4 report of {pieces} pieces: HTML size"),
                format!("{:.2} MB", bytes as f64 / 1e6),
                "<= 20 MB",
                bytes <= 20_000_000,
            ),
            Row::alone(
                format!("4 matrix of {pieces} pieces: time"),
                format!("{:.3} s", matrix_time.seconds),
                "<= 0.5 s",
                matrix_time.seconds <= 0.5,
            ),
        ]);
    }

    /// Case 5: cold caseloads of many small portfolios at three sizes, each
    /// against hashing the same files, and the time per portfolio at each,
    /// to show whether the cost grows linearly; then a warm run of the
    /// largest against a stat walk.
    fn many_portfolios(&mut self, root: &Path) {
        let size = self.size;
        let counts = size.many;
        let largest = counts[counts.len() - 1];
        eprintln!(
            "case 5: generating {largest} portfolios of {} pieces (nested: {counts:?})",
            size.many_pieces
        );
        or_exit(
            data::nested_caseload(root, &counts, size.many_pieces, size.piece_bytes),
            "generate a caseload",
            root,
        );
        settle(Instant::now());
        let mut per_portfolio = Vec::new();
        for (level, &count) in counts.iter().enumerate() {
            let dir = data::nested_root(root, &counts, level);
            let shown = dir.to_string_lossy().into_owned();
            let args = ["--quiet", "caseload", "--format", "json", &shown];
            let hash_all = format!(
                "find '{shown}' -type f -print0 | xargs -0 -P{} -n 500 openssl dgst -sha256",
                self.cores
            );
            eprintln!("case 5: measuring cold runs of {count} portfolios");
            // Caches removed before both, so that both see the same files.
            let (baseline, cold) = by_turns(
                size.runs,
                || {
                    clear_caches(root);
                    run_shell(&hash_all)
                },
                || {
                    clear_caches(root);
                    self.nosfolio(&args)
                },
            );
            let ratio = cold.seconds / baseline.seconds;
            let each = |s: Sample| format!("{:.3} ms", s.seconds * 1e3 / count as f64);
            self.rows.push(Row::against(
                format!("5 caseload cold ({count} x {} pieces)", size.many_pieces),
                (
                    format!("{:.3} s", cold.seconds),
                    format!("{:.3} s", baseline.seconds),
                ),
                ratio,
                "<= 1.5x",
                ratio <= 1.5,
            ));
            self.rows.push(Row::against(
                format!("5   time per portfolio at {count}"),
                (each(cold), each(baseline)),
                ratio,
                "",
                true,
            ));
            per_portfolio.push(cold.seconds / count as f64);
            if level + 1 == counts.len() {
                self.rows.push(Row::peak(
                    &format!("5 caseload cold ({count}): peak RSS"),
                    cold,
                    512,
                    "<= 512 MiB",
                ));
                eprintln!("case 5: measuring warm runs of {count} portfolios");
                self.warm_caseload(
                    format!("5 caseload warm ({count}), nothing changed"),
                    &shown,
                    &args,
                );
            }
        }
        // Linear: the time per portfolio does not grow with the caseload.
        // (The smallest carries the start-up of the process over fewer
        // portfolios, so it is the middle size the largest is held to.)
        let growth =
            per_portfolio[per_portfolio.len() - 1] / per_portfolio[per_portfolio.len() - 2];
        self.rows.push(Row::alone(
            format!(
                "5 time per portfolio, {largest} / {}",
                counts[counts.len() - 2]
            ),
            format!("{growth:.2}x"),
            "<= 1.2x",
            growth <= 1.2,
        ));
    }

    /// Case 6 (issue 14): each input shape that was superlinear, at three
    /// sizes each twice the last. The time per unit of input at the
    /// largest size against the middle one is the check: linear work keeps
    /// it near 1x (quadratic work doubles it, cubic quadruples it). Both
    /// come from the same run, so the machine's load weighs on both.
    fn shapes(&mut self, root: &Path) {
        let size = self.size;
        let runs = size.runs;
        // `work` is how many units of work an input of `count` holds: the
        // count itself, except for `introduce`, whose answer counts every
        // pair sharing an interest (n(n-1)/2 here).
        let shape = |bench: &mut Self,
                     name: &str,
                     unit: &str,
                     counts: [usize; 3],
                     make: &dyn Fn(&Path, usize) -> std::io::Result<()>,
                     args: &dyn Fn(&str) -> Vec<String>,
                     work: &dyn Fn(usize) -> f64| {
            let mut per_unit = Vec::new();
            for &count in &counts {
                let dir = root.join(format!("{}-{count}", name.replace(' ', "-")));
                or_exit(make(&dir, count), "generate an input", &dir);
                let shown = dir.to_string_lossy().into_owned();
                let args = args(&shown);
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                eprintln!("case 6: {name}, {count} {unit}");
                let sample = repeat(runs, || bench.nosfolio(&args));
                per_unit.push(sample.seconds / work(count));
                bench.rows.push(Row::alone(
                    format!("6 {name}: {count} {unit}"),
                    format!(
                        "{:.3} s, {:.1} MiB",
                        sample.seconds,
                        sample.peak_kib.unwrap_or(0) as f64 / 1024.0
                    ),
                    "",
                    true,
                ));
            }
            let growth = per_unit[2] / per_unit[1];
            let per = if work(counts[2]) > counts[2] as f64 {
                "pair sharing an interest"
            } else {
                unit.trim_end_matches('s')
            };
            bench.rows.push(Row::alone(
                format!("6 {name}: time per {per}, {} / {}", counts[2], counts[1]),
                format!("{growth:.2}x"),
                "<= 1.5x",
                growth <= 1.5,
            ));
        };
        let report_html = |dir: &str| {
            let out = format!("{dir}/report.html");
            ["--quiet", "report", dir, "-o", &out, "--force"]
                .map(String::from)
                .to_vec()
        };
        let report_md = |dir: &str| {
            let out = format!("{dir}/report.md");
            [
                "--quiet", "report", dir, "--format", "md", "-o", &out, "--force",
            ]
            .map(String::from)
            .to_vec()
        };
        let linear = |n: usize| n as f64;
        let quotes = |dir: &Path, n: usize| data::described_piece(dir, &">".repeat(n));
        let divs = |dir: &Path, n: usize| data::described_piece(dir, &"<div>".repeat(n));
        let pieces = size.shape_pieces;
        let items = move |dir: &Path, n: usize| data::many_items(dir, n, pieces);
        shape(
            self,
            "report HTML, '>' in a description",
            "chars",
            size.quotes,
            &quotes,
            &report_html,
            &linear,
        );
        shape(
            self,
            "report Markdown, '>' in a description",
            "chars",
            size.quotes,
            &quotes,
            &report_md,
            &linear,
        );
        shape(
            self,
            "report HTML, <div> in a description",
            "divs",
            size.divs,
            &divs,
            &report_html,
            &linear,
        );
        shape(
            self,
            "report Markdown, <div> in a description",
            "divs",
            size.divs,
            &divs,
            &report_md,
            &linear,
        );
        shape(
            self,
            &format!("report HTML, items x {pieces} pieces"),
            "items",
            size.items,
            &items,
            &report_html,
            &linear,
        );
        shape(
            self,
            "network introduce, all sharing an interest",
            "contacts",
            size.contacts,
            &data::many_contacts,
            &|dir: &str| {
                ["--quiet", "network", "introduce", dir]
                    .map(String::from)
                    .to_vec()
            },
            &|n: usize| (n * (n - 1) / 2) as f64,
        );
        shape(
            self,
            "standards import, Moodle CSV",
            "rows",
            size.moodle_rows,
            &|dir: &Path, n: usize| {
                std::fs::create_dir_all(dir)?;
                data::moodle_csv(&dir.join("framework.csv"), n)
            },
            &|dir: &str| {
                let csv = format!("{dir}/framework.csv");
                ["--quiet", "standards", "import", &csv]
                    .map(String::from)
                    .to_vec()
            },
            &linear,
        );
    }

    /// Case 7 (issue 17): `nosfolio serve` on one portfolio of
    /// `report_pieces` pieces, under `serve_clients` concurrent clients
    /// asking for the dashboard, the report (the web app's matrix is in
    /// it: it has no page of its own) and one piece's page; the median
    /// and 99th percentile of each page's latency against the same
    /// clients fetching the same bytes from a trivial server, by turns;
    /// and the server's peak memory. The server is stopped on every way
    /// out of this function.
    fn serve(&mut self, dir: &Path) -> std::io::Result<()> {
        let size = self.size;
        let pieces = size.report_pieces;
        let clients = size.serve_clients;
        eprintln!("case 7: generating one portfolio of {pieces} pieces (M&LA3 and networking)");
        data::portfolio(dir, 4, pieces, size.piece_bytes, true)?;
        settle(Instant::now());
        let shown = dir.to_string_lossy().into_owned();
        // Fills the portfolio's cache, as a first look at it would.
        self.nosfolio(&["--quiet", "matrix", &shown]);
        let mut served = serve::Served::start(&self.nosfolio, dir)?;
        let cookie = served.cookie()?;
        let names = ["dashboard", "report (matrix)", "piece"];
        let pages = [
            "/".to_owned(),
            "/report/view?audience=candidate".to_owned(),
            format!("/piece?path=evidence/{:05}-evidence.bin", pieces / 2),
        ];
        // One client alone first: each page once to check it and keep its
        // bytes for the baseline, then a few times for the time one
        // request takes with nothing else asking.
        let mut alone = serve::Client::connect(served.host(), Some(&cookie))?;
        let mut bodies = std::collections::HashMap::new();
        let mut sizes = Vec::new();
        for page in &pages {
            let answer = alone.get(page)?;
            if answer.status != 200 {
                return Err(std::io::Error::other(format!(
                    "{page} answered {}",
                    answer.status
                )));
            }
            sizes.push(answer.body.len());
            bodies.insert(page.clone(), answer.body);
        }
        let single = serve::load(served.host(), Some(&cookie), &pages, 1, size.runs)?;
        drop(alone);
        let trivial = serve::Static::start(bodies)?;
        eprintln!(
            "case 7: measuring {clients} clients, {} requests each, by turns with a static server",
            size.runs * size.serve_rounds * pages.len()
        );
        let mut ours: serve::Latencies = vec![Vec::new(); pages.len()];
        let mut theirs: serve::Latencies = vec![Vec::new(); pages.len()];
        for _ in 0..size.runs {
            let baseline = serve::load(trivial.host(), None, &pages, clients, size.serve_rounds)?;
            let measured = serve::load(
                served.host(),
                Some(&cookie),
                &pages,
                clients,
                size.serve_rounds,
            )
            .map_err(|e| match served.ended() {
                Some(ended) => std::io::Error::other(format!("{e}; {ended}")),
                None => e,
            })?;
            for (all, run) in theirs.iter_mut().zip(baseline) {
                all.extend(run);
            }
            for (all, run) in ours.iter_mut().zip(measured) {
                all.extend(run);
            }
        }
        let peak_kib = served.peak_kib();
        drop(served);
        drop(trivial);

        let ms = |seconds: f64| format!("{:.1} ms", seconds * 1e3);
        for (n, name) in names.iter().enumerate() {
            let (median, p99) = (
                serve::quantile(&ours[n], 0.5),
                serve::quantile(&ours[n], 0.99),
            );
            let (base_median, base_p99) = (
                serve::quantile(&theirs[n], 0.5),
                serve::quantile(&theirs[n], 0.99),
            );
            let check = format!(
                "7 serve {pieces} pieces, {clients} clients: {name} ({:.0} KB sent, {} requests)",
                sizes[n] as f64 / 1e3,
                ours[n].len()
            );
            self.rows.push(Row::against(
                format!("{check}: median"),
                (ms(median), ms(base_median)),
                median / base_median,
                "<= 50 ms",
                median <= 0.050,
            ));
            self.rows.push(Row::against(
                format!("7   {name}: 99th percentile"),
                (ms(p99), ms(base_p99)),
                p99 / base_p99,
                "<= 200 ms",
                p99 <= 0.200,
            ));
            self.rows.push(Row::alone(
                format!("7   {name}: one client alone, median"),
                ms(serve::quantile(&single[n], 0.5)),
                "",
                true,
            ));
        }
        self.rows.push(Row::peak(
            "7 serve: server's peak RSS (VmHWM)",
            Sample {
                seconds: 0.0,
                peak_kib,
            },
            100,
            "<= 100 MiB",
        ));
        Ok(())
    }
}

impl Bench {
    /// Case 8 (issue 18): the HTML report of `large_report_pieces` pieces,
    /// its time and peak memory against reading every sidecar it describes
    /// (the least any report must do), by turns; and, where Chromium is
    /// installed, the time it takes to load, lay out and paint the first
    /// screen of the `report_pieces` report (a screenshot) against the same
    /// for a blank page (Chromium's own start), by turns.
    fn report_scale(&mut self, dir: &Path) {
        let size = self.size;
        let pieces = size.large_report_pieces;
        eprintln!("case 8: generating one portfolio of {pieces} pieces (M&LA3 and networking)");
        let large = dir.join("large");
        or_exit(
            data::portfolio(&large, 4, pieces, size.piece_bytes, true),
            "generate a portfolio",
            &large,
        );
        settle(Instant::now());
        let shown = large.to_string_lossy().into_owned();
        let html = dir.join("large.html");
        let html_shown = html.to_string_lossy().into_owned();
        self.nosfolio(&["--quiet", "matrix", &shown]);
        eprintln!("case 8: measuring the report of {pieces} pieces");
        let read_sidecars =
            format!("find '{shown}/evidence' -name '*.yaml' -print0 | xargs -0 cat > /dev/null");
        let (baseline, report) = by_turns(
            size.runs,
            || run_shell(&read_sidecars),
            || self.nosfolio(&["--quiet", "report", &shown, "-o", &html_shown, "--force"]),
        );
        let bytes = std::fs::metadata(&html).map_or(0, |m| m.len());
        self.rows.push(Row::against(
            format!(
                "8 report of {pieces} pieces ({:.1} MB): time",
                bytes as f64 / 1e6
            ),
            (
                format!("{:.3} s", report.seconds),
                format!("{:.3} s", baseline.seconds),
            ),
            report.seconds / baseline.seconds,
            "<= 0.5 s",
            report.seconds <= 0.5,
        ));
        self.rows.push(Row::peak(
            &format!("8 report of {pieces} pieces: peak RSS"),
            report,
            150,
            "<= 150 MiB",
        ));
        if !self.keep {
            let _ = std::fs::remove_dir_all(&large);
        }

        let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|name| {
                Command::new("sh")
                    .arg("-c")
                    .arg(format!("command -v {name}"))
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
        else {
            eprintln!("case 8: Chromium is not installed: the first paint is not measured");
            return;
        };
        let pieces = size.report_pieces;
        eprintln!("case 8: generating one portfolio of {pieces} pieces for Chromium");
        let portfolio = dir.join("paint");
        or_exit(
            data::portfolio(&portfolio, 4, pieces, size.piece_bytes, true),
            "generate a portfolio",
            &portfolio,
        );
        settle(Instant::now());
        let page = dir.join("paint.html");
        let blank = dir.join("blank.html");
        or_exit(
            std::fs::write(&blank, "<!DOCTYPE html><title>blank</title><p>blank</p>"),
            "write a blank page in",
            dir,
        );
        self.nosfolio(&[
            "--quiet",
            "report",
            &portfolio.to_string_lossy(),
            "-o",
            &page.to_string_lossy(),
            "--force",
        ]);
        let profile = dir.join("chromium-profile");
        let shot = dir.join("shot.png");
        let screenshot = |page: &Path| {
            format!(
                "{chromium} --headless --no-sandbox --disable-gpu --disable-background-networking \
                 --disable-component-update --no-first-run --user-data-dir='{}' \
                 --window-size=1280,1000 --screenshot='{}' 'file://{}' 2>/dev/null",
                profile.display(),
                shot.display(),
                page.display()
            )
        };
        eprintln!("case 8: measuring Chromium's first screen of the report of {pieces} pieces");
        let (blank_time, page_time) = by_turns(
            size.runs,
            || run_shell(&screenshot(&blank)),
            || run_shell(&screenshot(&page)),
        );
        let paint = page_time.seconds - blank_time.seconds;
        self.rows.push(Row::against(
            format!(
                "8 Chromium: first screen of the report of {pieces} pieces, less a blank page's"
            ),
            (
                format!("{paint:.2} s"),
                format!("{:.2} s", blank_time.seconds),
            ),
            page_time.seconds / blank_time.seconds,
            "<= 1.5 s",
            paint <= 1.5,
        ));
    }
}

fn table(rows: &[Row]) -> String {
    let header = ["check", "nosfolio", "baseline", "ratio", "target", "holds"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.check.clone(),
                r.nosfolio.clone(),
                r.baseline.clone(),
                r.ratio.clone(),
                r.target.to_owned(),
                match (r.target.is_empty(), r.holds) {
                    (true, _) => "",
                    (false, true) => "yes",
                    (false, false) => "NO",
                }
                .to_owned(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            cells
                .iter()
                .map(|c| c[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let mut out = line(&header.map(String::from));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&rule));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

/// The value of `result`, or, when the benchmark cannot `what` (in or at
/// `path`), a message saying so and exit status 2: a full disk or a folder
/// it may not write is the machine's problem, not a bug to panic over.
fn or_exit<T>(result: std::io::Result<T>, what: &str, path: &Path) -> T {
    result.unwrap_or_else(|error| {
        eprintln!("nosfolio-bench: cannot {what} {}: {error}", path.display());
        std::process::exit(2)
    })
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    for tool in [GNU_TIME, "openssl", "find", "xargs"] {
        let found = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            eprintln!("error: the benchmark needs {tool}");
            return ExitCode::from(2);
        }
    }
    let nosfolio = match nosfolio_binary(options.nosfolio) {
        Ok(path) => path,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let work = options.work.unwrap_or_else(std::env::temp_dir);
    let dir = or_exit(
        tempfile::Builder::new()
            .prefix("nosfolio-bench-")
            .tempdir_in(&work),
        "make the data folder in",
        &work,
    );
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let started = Instant::now();
    let mut bench = Bench {
        nosfolio,
        scratch: dir.path().to_owned(),
        cores,
        size: options.size,
        rows: Vec::new(),
        keep: options.keep,
    };
    let cases = options.cases;
    if cases.large {
        bench.large_files(&dir.path().join("large"));
        // The large files are not needed again: free the disk early.
        let _ = std::fs::remove_dir_all(dir.path().join("large"));
    }
    if cases.caseload {
        bench.caseload(&dir.path().join("caseload"));
    }
    if cases.report {
        bench.one_portfolio(&dir.path().join("one"));
    }
    if cases.many {
        bench.many_portfolios(&dir.path().join("many"));
    }
    if cases.shapes {
        bench.shapes(&dir.path().join("shapes"));
    }
    if cases.report_scale {
        bench.report_scale(&dir.path().join("scale"));
    }
    if cases.serve {
        let folder = dir.path().join("serve");
        let measured = bench.serve(&folder);
        or_exit(measured, "measure nosfolio serve on", &folder);
    }

    println!(
        "nosfolio-bench --size {}: {} runs each, median; {} cores; page cache warm; {:.0} s in all\n",
        options.size.name,
        options.size.runs,
        cores,
        started.elapsed().as_secs_f64()
    );
    print!("{}", table(&bench.rows));
    if options.size.name != FULL.name {
        println!("\nThe targets are those of the full size; at this size they are not meaningful.");
    }
    if options.keep {
        let kept = dir.keep();
        println!("\ndata kept in {}", kept.display());
    }
    ExitCode::SUCCESS
}
