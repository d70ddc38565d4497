//! The HTML report in a real browser: Debian's chromium, headless. Checks
//! the DOM, console and network, and saves a screenshot and a PDF print to
//! `target/tmp/browser/` for people to look at.
//!
//! Needs chromium. Without it the test says so and skips, except under CI
//! (`CI=true`), where `.ci/run` installs it and its absence is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TempPortfolio, repo};

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NOSFOLIO_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs chromium headless on `page` with `extra` flags; returns its stderr.
fn run_chromium(binary: &Path, profile: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let mut child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read both pipes while waiting, or a large DOM fills the pipe and stalls chromium.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out_reader.join().unwrap(), err_reader.join().unwrap())
}

#[test]
fn the_report_renders_in_chromium_without_errors_or_requests() {
    let Some(binary) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("chromium is missing, but CI must run the browser test: .ci/run installs it");
        }
        eprintln!(
            "SKIPPED the_report_renders_in_chromium_without_errors_or_requests: chromium is not installed (apt-get install chromium); CI runs it"
        );
        return;
    };
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    portfolio.run(&["report", "-o", "report.html"]).code(0);
    let page = portfolio.path().join("report.html");
    let work = tempfile::tempdir().unwrap();

    // The DOM as the browser built it, the console, and every network event.
    let net_log = work.path().join("net.json");
    let (dom, console) = run_chromium(
        &binary,
        &work.path().join("profile-dom"),
        &page,
        &[
            "--dump-dom".to_owned(),
            format!("--log-net-log={}", net_log.display()),
        ],
    );
    assert!(
        dom.contains("<h1>Priya Shah</h1>"),
        "the page rendered: {}",
        &dom[..dom.len().min(500)]
    );
    let mla3 = nosfolio_core::builtin_standard("mla3").unwrap();
    for (_, item) in mla3.items() {
        assert!(
            dom.contains(&format!("<span class=\"item-id\">{}</span>", item.id)),
            "{} is in the DOM",
            item.id
        );
    }
    let console_errors: Vec<&str> = console
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Refused to") || l.contains("Uncaught"))
        .collect();
    assert!(
        console_errors.is_empty(),
        "console messages: {console_errors:#?}"
    );
    let log = std::fs::read_to_string(&net_log).expect("chromium wrote its network log");
    assert!(
        log.contains("file://"),
        "the network log records the page load, so it would show other requests"
    );
    let requests = network_requests(&log);
    assert!(
        requests.is_empty(),
        "the report made network requests: {requests:#?}"
    );

    // A screenshot and an A4 print, kept for people to look at.
    let keep = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&keep).unwrap();
    let screenshot = keep.join("report.png");
    let pdf = keep.join("report.pdf");
    let _ = std::fs::remove_file(&screenshot);
    let _ = std::fs::remove_file(&pdf);
    run_chromium(
        &binary,
        &work.path().join("profile-shot"),
        &page,
        &[
            "--window-size=1280,2000".to_owned(),
            format!("--screenshot={}", screenshot.display()),
        ],
    );
    run_chromium(
        &binary,
        &work.path().join("profile-pdf"),
        &page,
        &[
            "--no-pdf-header-footer".to_owned(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let png = std::fs::read(&screenshot).expect("a screenshot was saved");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    let printed = std::fs::read(&pdf).expect("a PDF was printed");
    assert!(printed.starts_with(b"%PDF"), "the print is a PDF");
    let pages = printed
        .windows(b"/Type /Page".len())
        .filter(|w| *w == b"/Type /Page")
        .count()
        + printed
            .windows(b"/Type/Page".len())
            .filter(|w| *w == b"/Type/Page")
            .count();
    assert!(
        pages >= 3,
        "an A4 print of the example takes several pages, found {pages}"
    );
    eprintln!(
        "browser artefacts: {} and {}",
        screenshot.display(),
        pdf.display()
    );
}

/// URLs in a chromium network log that leave the machine, except those of
/// the browser's own services (update checks, clock sync, accounts), which
/// chromium contacts by itself whatever page it shows.
fn network_requests(log: &str) -> Vec<String> {
    const BROWSER_SERVICES: [&str; 5] = [
        "google.com",
        "googleapis.com",
        "gstatic.com",
        "gvt1.com",
        "googleusercontent.com",
    ];
    let mut found = Vec::new();
    for chunk in log.split("\"url\":\"").skip(1) {
        let url = chunk.split('"').next().unwrap_or_default();
        let Some((scheme, rest)) = url.split_once("://") else {
            continue;
        };
        if !["http", "https", "ws", "wss", "ftp"].contains(&scheme) {
            continue;
        }
        let host = rest.split(['/', ':', '?']).next().unwrap_or_default();
        let browser_own = BROWSER_SERVICES
            .iter()
            .any(|s| host == *s || host.ends_with(&format!(".{s}")));
        if !browser_own && !found.contains(&url.to_owned()) {
            found.push(url.to_owned());
        }
    }
    found
}

#[test]
fn the_network_log_reader_finds_page_requests() {
    let log = r#"{"url":"file:///r.html"},{"url":"https://update.googleapis.com/x"},{"url":"https://evil.example/a.css"}"#;
    assert_eq!(network_requests(log), ["https://evil.example/a.css"]);
}
