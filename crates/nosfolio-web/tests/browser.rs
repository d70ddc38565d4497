//! The candidate's journey (start a portfolio, upload, claim, the gaps, a
//! reflection written and finished, the networking plan, the report) and
//! the assessor's (accept, refer, a resubmission accepted, the declaration
//! and the sign-off) in a real browser: Debian's chromium driven through
//! chromium-driver (WebDriver), with JavaScript switched off (every form
//! must work without it) and on. The files on disk are checked after each
//! step, and a screenshot of each step is kept in the build's temporary
//! folder (`browser-screens/`). With JavaScript on, axe-core checks every
//! page for serious or critical accessibility violations.
//!
//! Needs `chromium` and `chromedriver` (Debian's `chromium-driver`), and
//! axe-core (`npm install --prefix target/axe axe-core`, or its
//! `axe.min.js` named by `NOSFOLIO_AXE`): where they are absent the test
//! says so and passes, except under `CI=true`, where it fails.

#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use nosfolio_web::{ServeOptions, Server};
use serde_json::json;

mod disk;

/// The driver, killed when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether the browser and its driver are here; under `CI=true` they
/// must be.
fn browser_available() -> bool {
    let found = |program: &str| {
        Command::new(program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let here = found("chromium") && found("chromedriver");
    if !here {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true, but chromium or chromedriver (Debian's chromium-driver) is missing"
        );
        eprintln!(
            "skipped: chromium and chromedriver (Debian's chromium-driver) are needed for the browser test"
        );
    }
    here
}

fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> (Driver, String) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, format!("http://127.0.0.1:{port}"))
}

/// A portfolio of a two-item standard, each item claimed by one piece.
fn write_portfolio(root: &Path) {
    let write = |relative: &str, text: &str| disk::put(root.join(relative), text);
    write(
        "standards/tiny.yaml",
        "id: tiny\ntitle: Tiny standard\nkind: nos-unit\ngroups:\n  - id: pc\n    title: Performance criteria\n    items:\n      - id: T1\n        text: Do one thing\n      - id: T2\n        text: Do another\n",
    );
    write(
        "portfolio.yaml",
        "candidate: Priya Shah\nstandards: [standards/tiny.yaml]\nassessors: [Tom Reid]\n",
    );
    write("evidence/a.txt", "Notes one\n");
    write("evidence/a.txt.yaml", "title: Notes one\nclaims: [T1]\n");
    write("evidence/b.txt", "Notes two\n");
    write("evidence/b.txt.yaml", "title: Notes two\nclaims: [T2]\n");
}

/// axe-core's script, if it is here; under `CI=true` it must be.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("NOSFOLIO_AXE").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true, but axe-core is not at {} ({e})",
                path.display()
            );
            eprintln!(
                "accessibility not checked: no axe-core at {} (npm install --prefix target/axe axe-core)",
                path.display()
            );
            None
        }
    }
}

/// Runs axe-core on the page as it is now: no serious or critical
/// violation of WCAG 2.1 A or AA (best practices are not asked for).
async fn accessible(client: &Client, axe: Option<&str>, page: &str) {
    let Some(axe) = axe else { return };
    let script = format!(
        "{axe}\nconst done = arguments[arguments.length - 1];\naxe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }} }}).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))), e => done(['axe failed: ' + e]));"
    );
    let found = client.execute_async(&script, Vec::new()).await.unwrap();
    let violations: Vec<String> = serde_json::from_value(found).unwrap();
    assert!(
        violations.is_empty(),
        "{page}: accessibility violations:\n{}",
        violations.join("\n")
    );
}

/// Keeps a screenshot of the page as it is now.
async fn screenshot(client: &Client, name: &str) {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screens");
    let png = client.screenshot().await.unwrap();
    disk::put(folder.join(format!("{name}.png")), png);
}

/// Decides on the claim of `item` in the queue: `verdict` is `accepted`
/// or `referred`.
async fn decide(client: &Client, item: &str, verdict: &str, comment: &str) {
    let form = client
        .find(Locator::Css(&format!(
            "form.claim:has(input[name=item][value={item}])"
        )))
        .await
        .unwrap();
    form.find(Locator::Css(&format!("input[value={verdict}]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    form.find(Locator::Css("textarea"))
        .await
        .unwrap()
        .send_keys(comment)
        .await
        .unwrap();
    // Until the answer's page is loaded (its address says what was
    // done), the old page's elements are still about.
    submit(
        client,
        &format!("form.claim:has(input[name=item][value={item}]) button"),
    )
    .await;
}

/// Clicks the button `selector` finds, and waits for the answer's page.
async fn submit(client: &Client, selector: &str) {
    let before = client.current_url().await.unwrap();
    client
        .find(Locator::Css(selector))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let start = Instant::now();
    while client.current_url().await.unwrap() == before {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the form was not answered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn page_text(client: &Client) -> String {
    match client.find(Locator::Css("main")).await {
        Ok(main) => main.text().await.unwrap(),
        Err(e) => panic!(
            "no page ({e}):\n{}",
            client.source().await.unwrap_or_default()
        ),
    }
}

/// A browser session, with JavaScript on or off.
async fn connect(driver: &str, javascript: bool) -> Client {
    let mut options = json!({
        "binary": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1000,1200"],
    });
    if !javascript {
        options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver)
        .await
        .unwrap()
}

/// Serves `root` with the signing keys in `keys`; the address to open
/// (with its token) and the server's own address.
async fn start_server(root: &Path, keys: Option<PathBuf>) -> (String, String) {
    let options = ServeOptions {
        root: root.to_owned(),
        port: 0,
        today: Arc::new(|| jiff::civil::date(2026, 2, 2)),
        trust: None,
        cache: None,
        keys,
    };
    let server = Server::bind(options).await.unwrap();
    let url = server.url();
    let base = format!("http://127.0.0.1:{}", server.address().port());
    tokio::spawn(server.run());
    (url, base)
}

/// Types `text` into the field `selector` finds.
async fn type_into(client: &Client, selector: &str, text: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

/// Clicks what `selector` finds (a box, a choice), without waiting.
async fn click(client: &Client, selector: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn candidate_journey(driver: &str, javascript: bool) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-portfolio");
    let (url, base) = start_server(&root, None).await;
    let client = connect(driver, javascript).await;
    let axe = if javascript { axe_source() } else { None };
    let axe = axe.as_deref();
    let step = |n: &str| format!("candidate-{}-{n}", if javascript { "js" } else { "nojs" });
    let read = |relative: &str| disk::text(root.join(relative));

    // 1. Start the portfolio.
    client.goto(&url).await.unwrap();
    assert!(page_text(&client).await.contains("Start your portfolio"));
    accessible(&client, axe, "start").await;
    screenshot(&client, &step("1-start")).await;
    type_into(&client, "#candidate", "Priya Shah").await;
    click(&client, "input[name=standard][value=networking]").await;
    type_into(&client, "#assessor", "Tom Reid").await;
    submit(&client, "form[action='/start'] button").await;
    let manifest = read("portfolio.yaml");
    assert!(
        manifest.contains("candidate: Priya Shah") && manifest.contains("networking"),
        "{manifest}"
    );
    let text = page_text(&client).await;
    assert!(text.contains("your portfolio is started"), "{text}");
    accessible(&client, axe, "dashboard").await;
    screenshot(&client, &step("2-dashboard")).await;

    // 2. Upload a file: its page opens, to claim what it shows.
    let upload = dir.path().join("forum-notes.txt");
    disk::put(
        &upload,
        "Forum notes: I agreed with Finance what we share.\n",
    );
    client.goto(&format!("{base}/evidence")).await.unwrap();
    accessible(&client, axe, "evidence").await;
    type_into(&client, "#file", &upload.display().to_string()).await;
    submit(&client, "form.upload button").await;
    assert_eq!(
        read("evidence/forum-notes.txt"),
        "Forum notes: I agreed with Finance what we share.\n"
    );
    let text = page_text(&client).await;
    assert!(text.contains("added evidence/forum-notes.txt"), "{text}");
    accessible(&client, axe, "piece").await;
    screenshot(&client, &step("3-uploaded")).await;

    // 3. Claim two items, with where and how.
    click(&client, "input[name=item][value$=':PC1']").await;
    click(&client, "input[name=item][value$=':PC2']").await;
    type_into(&client, "#at", "second paragraph").await;
    type_into(&client, "#note", "Agreeing what Finance and I exchange").await;
    submit(&client, "form[action='/claim'] button").await;
    let sidecar = read("evidence/forum-notes.txt.yaml");
    for wanted in [
        "PC1",
        "PC2",
        "at: second paragraph",
        "Agreeing what Finance and I exchange",
    ] {
        assert!(sidecar.contains(wanted), "{wanted} in {sidecar}");
    }
    screenshot(&client, &step("4-claimed")).await;

    // 4. The gap plan.
    client.goto(&format!("{base}/gaps")).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("PC3") && !text.contains("PC1 "), "{text}");
    accessible(&client, axe, "gaps").await;
    screenshot(&client, &step("5-gaps")).await;

    // 5. A reflection on Networking level 3, written and finished.
    client.goto(&format!("{base}/writing")).await.unwrap();
    accessible(&client, axe, "writing").await;
    click(&client, "#level option[value='networking:3']").await;
    submit(&client, "form:has(#level) button").await;
    click(&client, "input[name=question][value='1']").await;
    submit(&client, "form:has(input[name=question]) button").await;
    let answers = client
        .find_all(Locator::Css("textarea[name=answer]"))
        .await
        .unwrap();
    assert!(answers.len() >= 4, "{} answer boxes", answers.len());
    for (n, answer) in answers.iter().enumerate() {
        answer
            .send_keys(&format!("What I did, part {}.", n + 1))
            .await
            .unwrap();
    }
    accessible(&client, axe, "draft").await;
    screenshot(&client, &step("6-reflection")).await;
    submit(&client, "button[value=finish]").await;
    let reflection = disk::listing(root.join("evidence"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("the reflection's file");
    let written = disk::text(&reflection);
    assert!(!written.contains("draft: true"), "{written}");
    assert!(written.contains("What I did, part 4."), "{written}");
    screenshot(&client, &step("7-finished")).await;

    // 6. The networking plan: a contact added, scored, and a meeting logged.
    client.goto(&format!("{base}/network")).await.unwrap();
    type_into(&client, "#name", "Daniel Okafor").await;
    type_into(&client, "#organisation", "Finance").await;
    click(&client, "input[name=list][value=can-help]").await;
    submit(&client, "form[action='/network/add'] button").await;
    assert!(read("network/contacts.yaml").contains("name: Daniel Okafor"));
    click(&client, "#score-daniel-okafor option[value='3']").await;
    submit(&client, "form[action='/network/score'] button").await;
    let contacts = read("network/contacts.yaml");
    assert!(
        contacts.contains("2026-02-02") && contacts.contains("score: 3"),
        "{contacts}"
    );
    click(&client, "input[name=contact][value=daniel-okafor]").await;
    type_into(&client, "#kind", "meeting").await;
    type_into(&client, "#lognote", "Budgets for the quarter").await;
    submit(&client, "form[action='/network/log'] button").await;
    let entry = read("network/journal/2026-02-02-meeting.md");
    assert!(
        entry.contains("daniel-okafor") && entry.contains("Budgets for the quarter"),
        "{entry}"
    );
    accessible(&client, axe, "network").await;
    screenshot(&client, &step("8-network")).await;

    // 7. The report, previewed.
    client.goto(&format!("{base}/report")).await.unwrap();
    assert!(page_text(&client).await.contains("The portfolio report"));
    accessible(&client, axe, "report").await;
    screenshot(&client, &step("9-report")).await;
    client
        .goto(&format!("{base}/report/view?audience=candidate"))
        .await
        .unwrap();
    let report = client.source().await.unwrap();
    assert!(
        report.contains("Priya Shah") && report.contains("forum-notes.txt"),
        "{report}"
    );
    screenshot(&client, &step("10-report-view")).await;
    client.close().await.unwrap();
}

async fn assessor_journey(driver: &str, javascript: bool) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portfolio");
    write_portfolio(&root);
    // The signing keys of the candidate and the assessor, as each would
    // have made them with `nosfolio key new` (here in one folder).
    let keys = dir.path().join("config");
    for (n, (name, role)) in [
        ("Priya Shah", nosfolio_core::SignerRole::Candidate),
        ("Tom Reid", nosfolio_core::SignerRole::Assessor),
    ]
    .into_iter()
    .enumerate()
    {
        let seed = [u8::try_from(n).unwrap() + 1; 32];
        nosfolio_store::new_key(&keys, name, role, &seed, "2026-02-02T00:00:00Z", false).unwrap();
    }
    let (url, base) = start_server(&root, Some(keys)).await;

    let client = connect(driver, javascript).await;
    let axe = if javascript { axe_source() } else { None };
    let axe = axe.as_deref();
    let step = |n: &str| format!("{}-{n}", if javascript { "js" } else { "nojs" });
    let decisions = || disk::text(root.join("assessment/tom-reid.yaml"));

    client.goto(&url).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("2 items: 2 claimed"), "{text}");
    assert_eq!(
        client.current_url().await.unwrap().query(),
        None,
        "the token leaves the address bar"
    );
    accessible(&client, axe, "dashboard").await;
    screenshot(&client, &step("1-dashboard")).await;

    client.goto(&format!("{base}/assess")).await.unwrap();
    assert!(
        page_text(&client)
            .await
            .contains("2 claims awaiting a decision")
    );
    accessible(&client, axe, "assess").await;
    decide(&client, "T1", "accepted", "Clear notes.").await;
    let text = page_text(&client).await;
    assert!(text.contains("accepted T1 for evidence/a.txt"), "{text}");
    assert!(
        decisions().contains("item: tiny:T1\n  decision: accepted\n  comment: Clear notes."),
        "{}",
        decisions()
    );
    screenshot(&client, &step("2-accepted")).await;

    decide(&client, "T2", "referred", "Say who was there.").await;
    assert!(
        decisions().contains("item: tiny:T2\n  decision: referred\n  comment: Say who was there."),
        "{}",
        decisions()
    );
    screenshot(&client, &step("3-referred")).await;

    // The candidate sends a new version of the evidence from its page:
    // the claim is resubmitted, the version referred is kept.
    let before = disk::bytes(root.join("evidence/b.txt"));
    let version = dir.path().join("b-revised.txt");
    disk::put(&version, "Notes two: Sam and Ann were there.\n");
    client
        .goto(&format!("{base}/piece?path=evidence/b.txt"))
        .await
        .unwrap();
    accessible(&client, axe, "piece with a new version").await;
    type_into(&client, "#version-1", &version.display().to_string()).await;
    submit(&client, "form[action='/piece/version'] button").await;
    let text = page_text(&client).await;
    assert!(
        text.contains(
            "saved the new version of evidence/b.txt: its claims wait for a new decision"
        ),
        "{text}"
    );
    assert_eq!(
        disk::text(root.join("evidence/b.txt")),
        "Notes two: Sam and Ann were there.\n"
    );
    let kept = disk::listing(root.join(".nosfolio/versions"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(disk::bytes(&kept[0]), before);
    screenshot(&client, &step("4-new-version")).await;
    client.goto(&format!("{base}/assess")).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("resubmitted T2"), "{text}");
    assert!(
        text.contains("Before: referred by Tom Reid on 2026-02-02 (signed, key not checked): Say who was there."),
        "{text}"
    );
    screenshot(&client, &step("5-resubmitted")).await;
    decide(&client, "T2", "accepted", "Now clear.").await;
    assert_eq!(
        decisions().matches("decision: accepted").count(),
        2,
        "{}",
        decisions()
    );

    client.goto(&format!("{base}/")).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("2 items: 2 accepted"), "{text}");
    screenshot(&client, &step("6-all-accepted")).await;

    // The candidate declares, then the assessor signs off.
    let sign_offs = || disk::text(root.join("sign-off.yaml"));
    submit(&client, "form.sign:has(input[value=declaration]) button").await;
    assert!(
        page_text(&client)
            .await
            .contains("declaration made by Priya Shah")
    );
    assert!(
        sign_offs().contains("kind: declaration\n  name: Priya Shah"),
        "{}",
        sign_offs()
    );
    submit(&client, "form.sign:has(input[value=sign-off]) button").await;
    let text = page_text(&client).await;
    assert!(text.contains("sign-off made by Tom Reid"), "{text}");
    assert!(
        sign_offs().contains("kind: sign-off\n  name: Tom Reid\n  standard: tiny"),
        "{}",
        sign_offs()
    );
    assert!(
        text.contains(
            "Sign-off of Tiny standard\nby Tom Reid on 2026-02-02 (signed, key not checked)"
        ),
        "{text}"
    );
    screenshot(&client, &step("7-signed-off")).await;
    client.close().await.unwrap();
}

/// Runs `journeys` with a driver started for them, on a runtime of their
/// own.
fn in_browser<F: std::future::Future<Output = ()>>(journeys: impl FnOnce(String) -> F) {
    let (_driver, address) = start_driver();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(journeys(address));
}

#[test]
fn a_candidate_starts_a_portfolio_and_works_on_it_with_and_without_javascript() {
    if !browser_available() {
        return;
    }
    in_browser(|address| async move {
        candidate_journey(&address, false).await;
        candidate_journey(&address, true).await;
    });
}

#[test]
fn an_assessor_accepts_refers_and_accepts_a_resubmission_with_and_without_javascript() {
    if !browser_available() {
        return;
    }
    in_browser(|address| async move {
        assessor_journey(&address, false).await;
        assessor_journey(&address, true).await;
    });
}
