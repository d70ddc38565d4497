//! The assessor's journey in a real browser, to the candidate's
//! declaration and the sign-off: Debian's chromium driven
//! through chromium-driver (WebDriver), with JavaScript switched off (the
//! app has none, and every form must work without it) and on. The files
//! on disk are checked after each step, and a screenshot of each step is
//! kept in the build's temporary folder (`browser-screens/`).
//!
//! Needs `chromium` and `chromedriver` (Debian's `chromium-driver`): where
//! they are absent the test says so and passes, except under `CI=true`,
//! where it fails.

#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use nosfolio_web::{ServeOptions, Server};
use serde_json::json;

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
    let write = |relative: &str, text: &str| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
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

/// Keeps a screenshot of the page as it is now.
async fn screenshot(client: &Client, name: &str) {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screens");
    std::fs::create_dir_all(&folder).unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(folder.join(format!("{name}.png")), png).unwrap();
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
    let options = ServeOptions {
        root: root.clone(),
        port: 0,
        today: Arc::new(|| jiff::civil::date(2026, 2, 2)),
        trust: None,
        cache: None,
        keys: Some(keys),
    };
    let server = Server::bind(options).await.unwrap();
    let url = server.url();
    let base = format!("http://127.0.0.1:{}", server.address().port());
    tokio::spawn(server.run());

    let mut options = json!({
        "binary": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1000,1200"],
    });
    if !javascript {
        options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver)
        .await
        .unwrap();
    let step = |n: &str| format!("{}-{n}", if javascript { "js" } else { "nojs" });
    let decisions =
        || std::fs::read_to_string(root.join("assessment/tom-reid.yaml")).unwrap_or_default();

    client.goto(&url).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("2 items: 2 claimed"), "{text}");
    assert_eq!(
        client.current_url().await.unwrap().query(),
        None,
        "the token leaves the address bar"
    );
    screenshot(&client, &step("1-dashboard")).await;

    client.goto(&format!("{base}/assess")).await.unwrap();
    assert!(
        page_text(&client)
            .await
            .contains("2 claims awaiting a decision")
    );
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

    // The candidate changes the evidence: the claim is resubmitted.
    std::fs::write(
        root.join("evidence/b.txt"),
        "Notes two: Sam and Ann were there.\n",
    )
    .unwrap();
    client.goto(&format!("{base}/assess")).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("resubmitted T2"), "{text}");
    assert!(
        text.contains("Before: referred by Tom Reid on 2026-02-02 (signed, key not checked): Say who was there."),
        "{text}"
    );
    screenshot(&client, &step("4-resubmitted")).await;
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
    screenshot(&client, &step("5-all-accepted")).await;

    // The candidate declares, then the assessor signs off.
    let sign_offs = || std::fs::read_to_string(root.join("sign-off.yaml")).unwrap_or_default();
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
    screenshot(&client, &step("6-signed-off")).await;
    client.close().await.unwrap();
}

#[test]
fn an_assessor_accepts_refers_and_accepts_a_resubmission_with_and_without_javascript() {
    if !browser_available() {
        return;
    }
    let (_driver, address) = start_driver();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        assessor_journey(&address, false).await;
        assessor_journey(&address, true).await;
    });
}
