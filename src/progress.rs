//! The progress bar drawn on stderr while files are hashed: only on a
//! terminal, only once the work has taken a moment (a quick run draws
//! nothing), and never under `--quiet`. Output to a file or pipe is the same
//! with or without it.

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nosfolio_scan::Progress;

/// How long hashing runs before the bar appears.
const DELAY: Duration = Duration::from_millis(800);

/// A progress bar over bytes hashed, hidden until the work proves long.
pub(crate) struct Bar {
    bar: ProgressBar,
    /// Whether it may be drawn at all: stderr is a terminal, no `--quiet`.
    drawable: bool,
    shown: AtomicBool,
    started: Instant,
}

impl Bar {
    pub(crate) fn new(quiet: bool) -> Self {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template(
                "hashing {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self {
            bar,
            drawable: !quiet && io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            started: Instant::now(),
        }
    }

    /// Removes the bar, so that what follows on stderr starts on a clean line.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn add_work(&self, bytes: u64) {
        self.bar.inc_length(bytes);
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
        if self.drawable
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= DELAY
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
