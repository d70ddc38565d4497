//! The progress bar drawn on stderr while files are hashed: only on a
//! terminal, only once the work has taken a moment (a quick run draws
//! nothing), and never under `--quiet`. Output to a file or pipe is the same
//! with or without it.

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nosfolio_store::Progress;

/// How long hashing runs before the bar appears.
const DELAY: Duration = Duration::from_millis(800);

/// A progress bar, hidden until the work proves long: over bytes hashed, or
/// over things done (portfolios of a caseload, whose sizes are not known
/// in advance).
pub(crate) struct Bar {
    bar: ProgressBar,
    /// Counting things done rather than bytes hashed.
    counting: bool,
    /// Whether it may be drawn at all: stderr is a terminal, no `--quiet`.
    drawable: bool,
    shown: AtomicBool,
    started: Instant,
}

impl Bar {
    /// A bar over the bytes to hash, as they become known.
    pub(crate) fn new(quiet: bool) -> Self {
        Self::with(
            quiet,
            0,
            false,
            "hashing {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {eta} left",
        )
    }

    /// A bar over `total` things, each marked with [`Bar::done_one`].
    pub(crate) fn counting(quiet: bool, total: usize, what: &str) -> Self {
        let template = format!("reading {{bar:30}} {{pos}}/{{len}} {what} {{eta}} left");
        Self::with(quiet, total as u64, true, &template)
    }

    fn with(quiet: bool, length: u64, counting: bool, template: &str) -> Self {
        let bar = ProgressBar::hidden();
        bar.set_length(length);
        bar.set_style(
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self {
            bar,
            counting,
            drawable: !quiet && io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    /// One more thing done, for a counting bar.
    pub(crate) fn done_one(&self) {
        self.bar.inc(1);
        self.show_if_long();
    }

    /// Removes the bar, so that what follows on stderr starts on a clean line.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn show_if_long(&self) {
        if self.drawable
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= DELAY
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

impl Progress for Bar {
    fn add_work(&self, bytes: u64) {
        if !self.counting {
            self.bar.inc_length(bytes);
        }
    }

    fn advance(&self, bytes: u64) {
        if !self.counting {
            self.bar.inc(bytes);
        }
        self.show_if_long();
    }
}
