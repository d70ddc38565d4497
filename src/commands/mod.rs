//! One module per subcommand; this one dispatches and maps results to exit codes.

pub(crate) mod assess;
pub(crate) mod caseload;
pub(crate) mod check;
pub(crate) mod claim;
pub(crate) mod completions;
pub(crate) mod contact;
pub(crate) mod credential;
pub(crate) mod export;
pub(crate) mod finish;
pub(crate) mod gaps;
pub(crate) mod init;
pub(crate) mod key;
pub(crate) mod manpage;
pub(crate) mod matrix;
pub(crate) mod network;
pub(crate) mod new;
pub(crate) mod people;
pub(crate) mod report;
pub(crate) mod sample;
pub(crate) mod scan;
pub(crate) mod seal;
pub(crate) mod serve;
pub(crate) mod signoff;
pub(crate) mod standards;
pub(crate) mod standards_import;
pub(crate) mod status;
pub(crate) mod suggest;
pub(crate) mod target;
pub(crate) mod trust;
pub(crate) mod verify;

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use nosfolio_core::Diagnostic;
use nosfolio_core::TrustList;
use nosfolio_report::{PortfolioView, TextOptions, diagnostics_text};
use nosfolio_store::{
    CacheKey, CacheWarning, Contents, Portfolio, ScanOptions, StoreError, TrustError,
    current_contents, read_trust_list, trust_list_at, trust_list_in, user_trust_file,
};
use rayon::prelude::*;

use crate::cli::{Cli, Command};
use crate::clock::{BadToday, Clock};
use crate::output;
use crate::progress::Bar;

/// How a command ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything fine (warnings allowed).
    Ok,
    /// The command found what it looks for (gaps): exit 1.
    Findings,
    /// The input has errors; they were reported.
    BadInput,
}

/// Exit status for bad input or usage.
const EXIT_BAD_INPUT: u8 = 2;

/// What every command gets besides its own arguments.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context {
    /// How stdout looks.
    pub(crate) stdout: TextOptions,
    /// How stderr looks.
    pub(crate) stderr: TextOptions,
    /// Whether to use the cache in `.nosfolio/`.
    pub(crate) cache: bool,
    /// No progress bar.
    pub(crate) quiet: bool,
    /// The day and the moment of this run, read once (see [`Clock`]).
    pub(crate) clock: Clock,
    /// The verifier's trust list: `--trust FILE`, else `trust.yaml` in
    /// the user's configuration folder when there is one.
    pub(crate) trust: Option<&'static TrustList>,
    /// Whether `trust` was given with `--trust` (then a caseload's own
    /// `trust.yaml` does not replace it).
    pub(crate) trust_given: bool,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
enum BadStart {
    #[error(transparent)]
    Today(#[from] BadToday),
    #[error("{0}\n  help: fix the trust list, or give another with --trust FILE")]
    Trust(#[from] TrustError),
}

impl Context {
    fn new(cli: &Cli) -> Result<Self, BadStart> {
        let stdout = output::text_options(cli.color, false);
        let stderr = output::text_options(cli.color, true);
        output::set_colour(&stdout, &stderr);
        let clock = Clock::read(cli.today)?;
        let trust = match &cli.trust {
            Some(file) => Some(read_trust_list(file)?),
            None => match user_trust_file() {
                Some(file) => trust_list_at(&file)?,
                None => None,
            },
        };
        Ok(Self {
            stdout,
            stderr,
            cache: !cli.no_cache,
            quiet: cli.quiet,
            clock,
            trust: trust.map(|t| &*Box::leak(Box::new(t))),
            trust_given: cli.trust.is_some(),
        })
    }

    /// The trust list for the portfolios under `root`: `--trust FILE`,
    /// else `root/trust.yaml` (a centre's), else the user's.
    ///
    /// # Errors
    /// When `root/trust.yaml` exists and cannot be used.
    pub(crate) fn trust_at(&self, root: &Path) -> anyhow::Result<Option<&'static TrustList>> {
        if self.trust_given {
            return Ok(self.trust);
        }
        match trust_list_in(root).context("the caseload's trust list cannot be used")? {
            Some(list) => Ok(Some(Box::leak(Box::new(list)))),
            None => Ok(self.trust),
        }
    }

    /// The day of this run: see [`Clock::today`].
    pub(crate) fn today(&self) -> jiff::civil::Date {
        self.clock.today
    }

    /// The user's key for the cache, when the cache is used and the key
    /// can be had (else a warning, once, and no cache).
    pub(crate) fn cache_key(&self) -> Option<&'static CacheKey> {
        static KEY: std::sync::OnceLock<Option<CacheKey>> = std::sync::OnceLock::new();
        if !self.cache {
            return None;
        }
        KEY.get_or_init(|| match CacheKey::for_user() {
            Ok(key) => Some(key),
            Err(error) => {
                output::error_line(&format!(
                    "warning: the cache is not used: nosfolio's key for it cannot be had ({error})"
                ));
                None
            }
        })
        .as_ref()
    }

    /// How a portfolio is read for this run, reporting to `bar`.
    pub(crate) fn scan_options<'a>(&self, bar: &'a Bar) -> ScanOptions<'a> {
        ScanOptions {
            cache: self.cache_key(),
            progress: Some(bar),
            inputs: None,
            start_cache_at: 0,
            trust: self.trust,
        }
    }
}

/// Runs the command and returns the process's exit status.
pub(crate) fn run(cli: Cli) -> ExitCode {
    // These print what is made from the command line itself: they read no
    // clock, trust list or portfolio, so nothing there can stop them.
    match &cli.command {
        Command::Completions(args) => return exit_code(completions::run(args)),
        Command::Manpage(args) => return exit_code(manpage::run(args)),
        _ => {}
    }
    let context = match Context::new(&cli) {
        Ok(context) => context,
        Err(error) => {
            output::error_line(&format!("error: {error}"));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let result = match cli.command {
        Command::Standards(command) => standards::run(command, &context),
        Command::Check(args) => check::run(&args, &context),
        Command::Scan(args) => scan::run(&args, &context),
        Command::Matrix(args) => matrix::run(&args, &context),
        Command::Report(args) => report::run(&args, &context),
        Command::Gaps(args) => gaps::run(&args, &context),
        Command::Init(args) => init::run(&args, &context),
        Command::New(command) => new::run(command, &context),
        Command::Finish(args) => finish::run(&args, &context),
        Command::Suggest(args) => suggest::run(&args, &context),
        Command::Status(args) => status::run(&args, &context),
        Command::Target(args) => target::run(&args, &context),
        Command::People(args) => people::run(&args, &context),
        Command::Claim(args) => claim::claim(&args, &context),
        Command::Assess(args) => assess::run(&args, &context),
        Command::Caseload(args) => caseload::run(&args, &context),
        Command::Sample(args) => sample::run(&args, &context),
        Command::Seal(args) => seal::run(&args, &context),
        Command::Verify(args) => verify::run(&args, &context),
        Command::Unclaim(args) => claim::unclaim(&args, &context),
        Command::Network(command) => network::run(command, &context),
        Command::Export(args) => export::run(&args, &context),
        Command::Key(command) => key::run(&command, &context),
        Command::Serve(args) => serve::run(&args, &context),
        Command::Declare(args) => signoff::declare(&args, &context),
        Command::Signoff(args) => signoff::signoff(&args, &context),
        Command::Trust(command) => trust::run(&command, &context),
        Command::Credential(command) => credential::run(&command, &context),
        Command::Completions(args) => completions::run(&args),
        Command::Manpage(args) => manpage::run(&args),
    };
    exit_code(result)
}

/// The process's exit status for how a command ended, after printing why
/// when it failed.
fn exit_code(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::BadInput) => ExitCode::from(EXIT_BAD_INPUT),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let mut message = format!("error: {error}");
            for cause in error.chain().skip(1) {
                message.push_str(&format!("\n  caused by: {cause}"));
            }
            output::error_line(&message);
            ExitCode::from(exit_status(&error))
        }
    }
}

/// Exit status when another nosfolio kept the portfolio busy: try again
/// later (sysexits' EX_TEMPFAIL).
const EXIT_BUSY: u8 = 75;

/// Exit status when a file could not be written (sysexits' EX_IOERR).
const EXIT_CANNOT_WRITE: u8 = 74;

/// The exit status of a failed command, by what went wrong: bad input or
/// usage unless the store says the portfolio was busy or a write failed.
fn exit_status(error: &anyhow::Error) -> u8 {
    let write = error.chain().find_map(nosfolio_store::WriteError::within);
    match write {
        Some(nosfolio_store::WriteError::Busy { .. }) => EXIT_BUSY,
        Some(nosfolio_store::WriteError::Io { .. }) => EXIT_CANNOT_WRITE,
        _ => EXIT_BAD_INPUT,
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Why `root` cannot be opened: it has no `portfolio.yaml`, and how to
/// start one.
pub(crate) fn not_a_portfolio(root: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "{} is not a portfolio: it has no portfolio.yaml\n  help: start one with `nosfolio init {} --candidate NAME` (add `--standard ID` for each standard, mla3 by default), then put evidence files under {}/evidence/ and describe each with `nosfolio claim FILE ITEM…`",
        root.display(),
        root.display(),
        root.display()
    )
}

/// Opens a portfolio (with the cache unless `--no-cache`, and a progress
/// bar when it takes a while), turning "not a portfolio" into advice.
pub(crate) fn open_portfolio(dir: &Path, context: &Context) -> anyhow::Result<Portfolio> {
    let bar = Bar::new(context.quiet);
    let opened = Portfolio::open_with(dir, &context.scan_options(&bar));
    bar.finish();
    match opened {
        Ok(portfolio) => {
            cache_warnings(&portfolio.cache_warnings);
            Ok(portfolio)
        }
        Err(StoreError::NoManifest { root }) => Err(not_a_portfolio(&root)),
        Err(error) => {
            Err(error).with_context(|| format!("cannot open portfolio {}", dir.display()))
        }
    }
}

/// Opens every portfolio in `dirs` in parallel, with the cache unless
/// `--no-cache` and one progress bar counting them, and hands each to
/// `each`; then prints why any cache was not used or kept.
pub(crate) fn open_each<T: Send>(
    dirs: &[PathBuf],
    context: &Context,
    each: impl Fn(&Path, Result<Portfolio, StoreError>) -> T + Sync,
) -> Vec<T> {
    let bar = Bar::counting(context.quiet, dirs.len(), "portfolios");
    let options = context.scan_options(&bar);
    let (results, warnings): (Vec<T>, Vec<Vec<CacheWarning>>) = dirs
        .par_iter()
        .map(|dir| {
            let mut opened = Portfolio::open_with(dir, &options);
            let warnings = opened
                .as_mut()
                .map(|p| std::mem::take(&mut p.cache_warnings))
                .unwrap_or_default();
            let result = each(dir, opened);
            bar.done_one();
            (result, warnings)
        })
        .unzip();
    bar.finish();
    cache_warnings(warnings.iter().flatten());
    results
}

/// Everything a seal covers, hashed afresh (never from the cache: a seal
/// vouches for contents, and a time stamp can be set back).
pub(crate) fn sealed_contents(root: &Path, context: &Context) -> io::Result<Contents> {
    let bar = Bar::new(context.quiet);
    let contents = current_contents(root, Some(&bar));
    bar.finish();
    contents
}

/// Prints why a cache was not used or kept, if it was not.
fn cache_warnings<'a>(warnings: impl IntoIterator<Item = &'a CacheWarning>) {
    for warning in warnings {
        output::error_line(&format!("warning: {warning}"));
    }
}

/// Prints a portfolio's problems to stderr; `BadInput` when any is an error.
///
/// Paths are shown as reached from the working directory, so that a terminal
/// or editor can open them.
pub(crate) fn report_problems(portfolio: &Portfolio, context: &Context) -> Outcome {
    let shown: Vec<Diagnostic> = portfolio
        .diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if portfolio.root != Path::new(".") {
                d.file = portfolio.root.join(&d.file).display().to_string();
            }
            d
        })
        .collect();
    output::error_text(&diagnostics_text(&shown, &context.stderr));
    if portfolio.has_errors() {
        Outcome::BadInput
    } else {
        Outcome::Ok
    }
}

/// A portfolio opened for a command that renders it, its problems already
/// printed to stderr.
pub(crate) struct Opened {
    pub(crate) portfolio: Portfolio,
    computed: Computed,
    /// `BadInput` when the portfolio has errors.
    pub(crate) outcome: Outcome,
}

impl Opened {
    pub(crate) fn open(dir: &Path, context: &Context) -> anyhow::Result<Self> {
        let portfolio = open_portfolio(dir, context)?;
        let computed = Computed::new(&portfolio);
        let outcome = report_problems(&portfolio, context);
        Ok(Self {
            portfolio,
            computed,
            outcome,
        })
    }

    pub(crate) fn view(&self) -> PortfolioView<'_> {
        self.computed.view(&self.portfolio)
    }
}

pub(crate) use nosfolio_web::{Computed, sign_off_summary};

/// Adds the portfolio's problems to a JSON result, so tools see them too.
pub(crate) fn with_diagnostics(
    mut value: serde_json::Value,
    portfolio: &Portfolio,
) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "diagnostics".into(),
            serde_json::to_value(&portfolio.diagnostics).unwrap_or_default(),
        );
    }
    value
}

/// The nearest folder at or above `file` holding a portfolio.
pub(crate) fn portfolio_of(file: &Path) -> anyhow::Result<PathBuf> {
    Ok(nosfolio_store::portfolio_of(file)?)
}

/// `file` relative to the portfolio root, `/`-separated.
pub(crate) fn relative_to(file: &Path, root: &Path) -> anyhow::Result<String> {
    Ok(nosfolio_store::relative_to(file, root)?)
}
