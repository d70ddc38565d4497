//! Running a command and measuring it: wall time from this process, peak
//! resident memory from GNU time (`/usr/bin/time -f %M`), which reads it from
//! the `wait4` of the child, so it is the true high-water mark of the whole
//! process however briefly it peaked. Median of several runs.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// GNU time, for the peak resident memory of a child.
pub(crate) const GNU_TIME: &str = "/usr/bin/time";

/// One run: seconds, and peak RSS in KiB when it was measured.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    pub(crate) seconds: f64,
    pub(crate) peak_kib: Option<u64>,
}

/// Runs `program args…` once with stdout discarded, under GNU time.
///
/// # Panics
/// When it cannot run or fails: a benchmark of a failing command means nothing.
pub(crate) fn run_measured(program: &Path, args: &[&str], scratch: &Path) -> Sample {
    let report = scratch.join("time.out");
    let mut command = Command::new(GNU_TIME);
    command
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(program)
        .args(args);
    let seconds = run(
        &mut command,
        &format!("{} {}", program.display(), args.join(" ")),
    );
    let peak_kib = std::fs::read_to_string(&report)
        .ok()
        .and_then(|text| text.lines().last().and_then(|l| l.trim().parse().ok()));
    Sample { seconds, peak_kib }
}

/// Runs a shell pipeline once with stdout discarded (a baseline).
pub(crate) fn run_shell(script: &str) -> Sample {
    let mut command = Command::new("sh");
    command.arg("-c").arg(script);
    Sample {
        seconds: run(&mut command, script),
        peak_kib: None,
    }
}

fn run(command: &mut Command, shown: &str) -> f64 {
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"));
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{shown} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    seconds
}

/// The median of the samples' times, and the largest peak memory.
pub(crate) fn summary(samples: &[Sample]) -> Sample {
    let mut times: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
    times.sort_by(f64::total_cmp);
    let middle = times.len() / 2;
    let seconds = if times.is_empty() {
        0.0
    } else if times.len() % 2 == 1 {
        times[middle]
    } else {
        f64::midpoint(times[middle - 1], times[middle])
    };
    Sample {
        seconds,
        peak_kib: samples.iter().filter_map(|s| s.peak_kib).max(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_peaks() {
        let sample = |seconds, peak_kib| Sample { seconds, peak_kib };
        let odd = summary(&[
            sample(3.0, Some(5)),
            sample(1.0, None),
            sample(2.0, Some(9)),
        ]);
        assert!((odd.seconds - 2.0).abs() < 1e-9);
        assert_eq!(odd.peak_kib, Some(9));
        let even = summary(&[sample(4.0, None), sample(1.0, None)]);
        assert!((even.seconds - 2.5).abs() < 1e-9);
    }
}
