//! The web app over real HTTP: who is let in, which writes are accepted,
//! and what is sent, with the files on disk checked after each write.
//!
//! Requests are written by hand on a TCP stream, so that every header (a
//! foreign `Host`, a missing `Origin`) is exactly what the test says.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;

use nosfolio_web::{ServeOptions, Server};

mod disk;

/// A served portfolio: its folder, port and token.
struct Served {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    port: u16,
    token: String,
}

/// An answer: status, headers (lower-case names) and body.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    /// The body as sent, byte for byte.
    bytes: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Serves a fresh portfolio (or, with `caseload`, a folder holding it as
/// `cohort/priya`) on a free port, on a runtime of its own.
fn serve(caseload: bool) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_owned();
    let portfolio = if caseload {
        root.join("cohort/priya")
    } else {
        root.clone()
    };
    disk::write_portfolio(&portfolio);
    start(dir, root, portfolio)
}

/// Serves `root` (in `dir`, kept as long as the answer) on a free port,
/// on a runtime of its own; `portfolio` is the folder the tests look in.
fn start(
    dir: tempfile::TempDir,
    root: std::path::PathBuf,
    portfolio: std::path::PathBuf,
) -> Served {
    let options = ServeOptions {
        root,
        port: 0,
        today: Arc::new(|| jiff::civil::date(2026, 2, 2)),
        trust: None,
        cache: None,
        keys: None,
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let server = Server::bind(options).await.unwrap();
            sender.send(server.url()).unwrap();
            server.run().await.unwrap();
        });
    });
    let url = receiver.recv().unwrap();
    let port: u16 = url
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let token = url.split("token=").nth(1).unwrap().to_owned();
    Served {
        _dir: dir,
        root: portfolio,
        port,
        token,
    }
}

impl Served {
    /// Sends `method target` with `headers` (a `Host` of ours unless one is
    /// given) and `body`.
    fn send(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut request = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            request.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() {
            request.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |at| at + 4);
        let bytes = raw[split..].to_vec();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
            .collect();
        Answer {
            status,
            headers,
            body: body.to_owned(),
            bytes,
        }
    }

    fn cookie(&self) -> String {
        format!("nosfolio-{}={}", self.port, self.token)
    }

    fn get(&self, target: &str) -> Answer {
        let cookie = self.cookie();
        self.send("GET", target, &[("Cookie", &cookie)], "")
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn decisions(&self) -> String {
        disk::text(self.root.join("assessment/tom-reid.yaml"))
    }
}

fn sha256(path: &Path) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(disk::bytes(path)))
}

#[test]
fn only_the_printed_link_lets_a_browser_in_and_only_at_our_address() {
    let served = serve(false);
    assert_eq!(served.send("GET", "/", &[], "").status, 403, "no token");
    assert_eq!(
        served.send("GET", "/?token=0123", &[], "").status,
        403,
        "a wrong token"
    );
    assert_eq!(
        served
            .send(
                "GET",
                "/",
                &[("Cookie", &format!("nosfolio-{}=nope", served.port))],
                ""
            )
            .status,
        403,
        "a wrong cookie"
    );
    let welcomed = served.send("GET", &format!("/evidence?token={}", served.token), &[], "");
    assert_eq!(welcomed.status, 303);
    assert_eq!(
        welcomed.header("location"),
        Some("/evidence"),
        "the token leaves the address bar"
    );
    let cookie = welcomed.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = served.get("/");
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("Priya Shah"));
    let policy = page.header("content-security-policy").unwrap();
    assert!(
        policy.contains("default-src 'none'") && !policy.contains("http"),
        "{policy}"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));

    // DNS rebinding: a name that points at 127.0.0.1 is not ours.
    let cookie = served.cookie();
    let foreign = served.send(
        "GET",
        "/",
        &[
            ("Host", &format!("evil.example:{}", served.port)),
            ("Cookie", &cookie),
        ],
        "",
    );
    assert_eq!(foreign.status, 421);
    assert!(!foreign.body.contains("Priya"));
}

#[test]
fn a_decision_is_recorded_only_from_our_own_page_and_only_on_what_it_showed() {
    let served = serve(false);
    let cookie = served.cookie();
    let origin = served.origin();
    let sha = sha256(&served.root.join("evidence/notes.txt"));
    let form = |decided: usize| {
        format!(
            "evidence=evidence%2Fnotes.txt&item=PC1&sha256={sha}&decided={decided}&verdict=accepted&comment=Clear+notes"
        )
    };
    let queue = served.get("/assess");
    assert!(
        queue
            .body
            .contains(&format!("name=\"sha256\" value=\"{sha}\"")),
        "{}",
        queue.body
    );

    for (headers, why) in [
        (vec![("Cookie", cookie.as_str())], "no Origin"),
        (
            vec![
                ("Cookie", cookie.as_str()),
                ("Origin", "http://evil.example"),
            ],
            "another site",
        ),
        (vec![("Origin", origin.as_str())], "no cookie"),
    ] {
        let refused = served.send("POST", "/assess", &headers, &form(0));
        assert_eq!(refused.status, 403, "{why}");
        assert_eq!(served.decisions(), "", "{why}: nothing written");
    }

    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];
    let done = served.send("POST", "/assess", &headers, &form(0));
    assert_eq!(done.status, 303, "{done:?}");
    assert!(
        done.header("location")
            .unwrap()
            .starts_with("/assess?done=")
    );
    let written = served.decisions();
    assert!(
        written.contains("item: mla3:PC1\n  decision: accepted\n  comment: Clear notes"),
        "{written}"
    );

    // The same form again, from a page made before that decision: refused.
    let stale = served.send("POST", "/assess", &headers, &form(0));
    assert_eq!(stale.status, 409);
    assert!(
        stale.body.contains("Someone recorded a decision on PC1"),
        "{}",
        stale.body
    );
    assert_eq!(served.decisions(), written, "nothing more written");

    // The evidence changed since the page was made: refused.
    disk::put(served.root.join("evidence/notes.txt"), "Edited notes\n");
    let changed = served.send("POST", "/assess", &headers, &form(1));
    assert_eq!(changed.status, 409);
    assert!(
        changed
            .body
            .contains("has changed since this page was made"),
        "{}",
        changed.body
    );
    assert_eq!(served.decisions(), written);

    // No comment: the store's rule refuses, and says why.
    let sha = sha256(&served.root.join("evidence/notes.txt"));
    let bare = format!(
        "evidence=evidence%2Fnotes.txt&item=PC2&sha256={sha}&decided=0&verdict=referred&comment="
    );
    let refused = served.send("POST", "/assess", &headers, &bare);
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("has no comment"), "{}", refused.body);
    assert_eq!(served.decisions(), written);
}

#[test]
fn only_evidence_files_are_sent_and_none_can_run() {
    let served = serve(false);
    for path in [
        "portfolio.yaml",
        "../portfolio.yaml",
        "evidence/../portfolio.yaml",
        "/etc/passwd",
        "evidence/notes.txt.yaml",
        "evidence/missing.txt",
    ] {
        let answer = served.get(&format!("/file?path={path}"));
        assert_eq!(answer.status, 404, "{path}: {answer:?}");
    }
    let text = served.get("/file?path=evidence/notes.txt");
    assert_eq!(text.status, 200);
    assert_eq!(text.body, "Notes of the forum\n");
    let page = served.get("/file?path=evidence/page.html");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("application/octet-stream"),
        "a page is never sent as one"
    );
    assert!(
        page.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("sandbox")
    );
    // A PDF opens in the browser's own viewer, which a sandbox would block.
    disk::put(served.root.join("evidence/plan.pdf"), b"%PDF-1.4\n%%EOF\n");
    disk::put(
        served.root.join("evidence/plan.pdf.yaml"),
        "title: Plan\nclaims: [PC4]\n",
    );
    let pdf = served.get("/file?path=evidence/plan.pdf");
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.header("content-disposition").is_none());
    let policy = pdf.header("content-security-policy").unwrap();
    assert!(
        policy.starts_with("default-src 'none'") && !policy.contains("sandbox"),
        "{policy}"
    );
    // Shown on its piece's page as text, escaped.
    let shown = served.get("/piece?path=evidence/notes.txt");
    assert!(shown.body.contains("Notes of the forum"), "{}", shown.body);
    let escaped = served.get("/evidence");
    assert!(!escaped.body.contains("<script>"));
}

/// A piece's page shows the evidence itself as the report does (the same
/// library function): Markdown rendered, an e-mail with its headers, an
/// image from `/file`; nothing in any of them runs or loads.
#[test]
fn a_pieces_page_shows_markdown_and_email_rendered_and_inert() {
    let served = serve(false);
    disk::put(
        served.root.join("evidence/talk.md"),
        "# Talk notes\n\nWe **agreed** the plan.\n\n<script>alert(1)</script>\n\n\
         [x](javascript:alert(2)) <img src=x onerror=alert(3)> [r](https://example.com/t.png)\n\n\
         See [the reply](reply.EML).\n",
    );
    disk::put(
        served.root.join("evidence/talk.md.yaml"),
        "title: Talk\nclaims: [PC4]\ndescription: Follows [the minutes](evidence/talk.md).\n",
    );
    disk::put(
        served.root.join("evidence/reply.EML"),
        "From: Gareth Lewis <gareth@example.net>\r\nTo: Priya <priya@example.com>\r\n\
         Subject: Berth works\r\nDate: Wed, 12 Mar 2025 16:05:38 +0000\r\n\
         Content-Type: text/html\r\n\r\n<p>Thanks <b>Priya</b><script>alert(4)</script>\
         <img src=https://tracker.example/p.gif><a href=\"javascript:alert(5)\" onclick=\"alert(6)\">x</a></p>\r\n",
    );
    disk::put(
        served.root.join("evidence/reply.EML.yaml"),
        "title: Reply\nclaims: [PC4]\n",
    );
    let md = served.get("/piece?path=evidence/talk.md");
    assert_eq!(md.status, 200);
    assert!(md.body.contains("<h1>Talk notes</h1>"), "{}", md.body);
    assert!(md.body.contains("<strong>agreed</strong>"), "{}", md.body);
    // Links into the portfolio lead to the page of the file they name.
    assert!(
        md.body
            .contains("<a href=\"/piece?path=evidence%2Freply%2EEML\" rel=\"noopener noreferrer\">the reply</a>"),
        "{}",
        md.body
    );
    assert!(
        md.body
            .contains("<a href=\"/piece?path=evidence%2Ftalk%2Emd\" rel=\"noopener noreferrer\">the minutes</a>"),
        "{}",
        md.body
    );
    let mail = served.get("/piece?path=evidence/reply.EML");
    assert_eq!(mail.status, 200);
    for shown in [
        "<th scope=\"row\">From</th><td>Gareth Lewis &lt;gareth@example.net&gt;</td>",
        "<th scope=\"row\">Subject</th><td>Berth works</td>",
        "<b>Priya</b>",
    ] {
        assert!(mail.body.contains(shown), "{shown} in {}", mail.body);
    }
    for body in [&md.body, &mail.body] {
        for bad in [
            "alert(",
            "onerror",
            "onclick",
            "href=\"javascript",
            "tracker.example",
            "example.com/t.png",
            "src=x",
        ] {
            assert!(!body.contains(bad), "{bad} in {body}");
        }
    }
    assert_eq!(
        served
            .get("/file?path=evidence/reply.EML")
            .header("content-type"),
        Some("text/plain; charset=utf-8"),
        "an e-mail is sent as text"
    );
}

#[test]
fn a_caseload_serves_each_of_its_portfolios_and_nothing_else() {
    let served = serve(true);
    let home = served.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("Priya Shah") && home.body.contains("cohort/priya"),
        "{}",
        home.body
    );
    assert_eq!(served.get("/evidence?p=cohort/priya").status, 200);
    for p in ["cohort", "../x", "cohort/priya/..", "/tmp"] {
        assert_eq!(served.get(&format!("/evidence?p={p}")).status, 404, "{p}");
    }
}

/// A multipart body holding one file.
fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "nosfolio-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Served {
    /// Posts `body` as `content_type` from our own page.
    fn post_raw(&self, target: &str, content_type: &str, body: &[u8]) -> u16 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let head = format!(
            "POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nCookie: {cookie}\r\nOrigin: {origin}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n",
            port = self.port,
            cookie = self.cookie(),
            origin = self.origin(),
            length = body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        // The server may answer (and close) before reading all of a body
        // too large for it.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw);
        raw.split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    fn evidence_files(&self) -> Vec<String> {
        disk::listing(self.root.join("evidence"))
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect()
    }
}

#[test]
fn an_upload_lands_in_evidence_and_a_bad_name_or_size_writes_nothing() {
    let served = serve(false);
    let before = served.evidence_files();
    for name in [
        "../escape.txt",
        "/tmp/absolute.txt",
        "evidence/../../x.txt",
        "bell\u{7}.txt",
        "CON",
        "nul.txt",
        ".hidden",
        "notes.txt.yaml",
        "notes.txt",
    ] {
        let (kind, body) = multipart(name, b"some bytes");
        let status = served.post_raw("/upload", &kind, &body);
        assert_eq!(status, 422, "{name:?} must be refused");
        assert_eq!(served.evidence_files(), before, "{name:?}: nothing written");
        assert!(
            !served.root.join("escape.txt").exists()
                && !served.root.parent().unwrap().join("escape.txt").exists()
        );
    }
    let (kind, body) = multipart("big.bin", &vec![0u8; (64 * 1024 * 1024) + 1]);
    assert_eq!(
        served.post_raw("/upload", &kind, &body),
        422,
        "over the limit"
    );
    assert_eq!(served.evidence_files(), before);

    let (kind, body) = multipart("minutes.txt", b"Minutes of the meeting\n");
    assert_eq!(served.post_raw("/upload", &kind, &body), 303);
    assert_eq!(
        disk::text(served.root.join("evidence/minutes.txt")),
        "Minutes of the meeting\n"
    );
    // The new file claims nothing yet: its page offers the items.
    let page = served.get("/piece?path=evidence/minutes.txt");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("This file claims nothing yet"),
        "{}",
        page.body
    );

    let cookie = served.cookie();
    let origin = served.origin();
    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];
    let claimed = served.send(
        "POST",
        "/claim",
        &headers,
        "path=evidence%2Fminutes.txt&item=mla3%3APC4&item=mla3%3AB4&at=page+1&note=Who+I+met",
    );
    assert_eq!(claimed.status, 303, "{claimed:?}");
    let sidecar = disk::text(served.root.join("evidence/minutes.txt.yaml"));
    assert!(
        sidecar.contains("item: PC4")
            && sidecar.contains("at: page 1")
            && sidecar.contains("note: Who I met"),
        "{sidecar}"
    );
    let unknown = served.send(
        "POST",
        "/claim",
        &headers,
        "path=portfolio.yaml&item=mla3%3APC4",
    );
    assert_eq!(unknown.status, 404);
}

#[cfg(unix)]
#[test]
fn an_upload_never_goes_through_a_linked_evidence_folder() {
    let served = serve(false);
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::rename(served.root.join("evidence"), served.root.join("moved")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), served.root.join("evidence")).unwrap();
    let (kind, body) = multipart("minutes.txt", b"x");
    assert_eq!(served.post_raw("/upload", &kind, &body), 422);
    assert_eq!(
        disk::listing(elsewhere.path()).len(),
        0,
        "nothing written through the link"
    );
}

#[test]
fn the_networking_plan_is_kept_from_the_browser() {
    let served = serve(false);
    let cookie = served.cookie();
    let origin = served.origin();
    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];
    let page = served.get("/network");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("The plan has no contacts yet"),
        "{}",
        page.body
    );

    let added = served.send(
        "POST",
        "/network/add",
        &headers,
        "name=Sam+O%27Neill&organisation=Acme+Ltd&role=Head+of+Finance&list=can-help&interests=budgets%2C+data",
    );
    assert_eq!(added.status, 303, "{added:?}");
    let contacts = disk::text(served.root.join("network/contacts.yaml"));
    assert!(
        contacts.contains("id: sam-o-neill") && contacts.contains("name: Sam O'Neill"),
        "{contacts}"
    );
    assert!(
        contacts.contains("can-help") && contacts.contains("budgets"),
        "{contacts}"
    );

    let scored = served.send("POST", "/network/score", &headers, "id=sam-o-neill&score=4");
    assert_eq!(scored.status, 303, "{scored:?}");
    let again = served.send("POST", "/network/score", &headers, "id=sam-o-neill&score=5");
    assert_eq!(again.status, 422, "a second score today needs replace");
    assert!(again.body.contains("replace"), "{}", again.body);
    let contacts = disk::text(served.root.join("network/contacts.yaml"));
    assert!(
        contacts.contains("2026-02-02") && contacts.contains('4'),
        "{contacts}"
    );

    let logged = served.send(
        "POST",
        "/network/log",
        &headers,
        "contact=sam-o-neill&kind=coffee&next=2026-03-02&note=Budgets+and+the+forecast",
    );
    assert_eq!(logged.status, 303, "{logged:?}");
    let entry = disk::text(served.root.join("network/journal/2026-02-02-coffee.md"));
    assert!(
        entry.contains("contacts: [sam-o-neill]") || entry.contains("- sam-o-neill"),
        "{entry}"
    );
    assert!(entry.contains("Budgets and the forecast"), "{entry}");
    let stranger = served.send(
        "POST",
        "/network/log",
        &headers,
        "contact=nobody&kind=coffee",
    );
    assert_eq!(stranger.status, 422);

    let page = served.get("/network");
    assert!(
        page.body.contains("Sam O&#39;Neill") || page.body.contains("Sam O&#x27;Neill"),
        "{}",
        page.body
    );
}

#[test]
fn a_contact_is_edited_from_their_page_and_a_stale_page_loses_nothing() {
    let served = serve(false);
    let cookie = served.cookie();
    let origin = served.origin();
    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];
    let contacts = served.root.join("network/contacts.yaml");
    disk::put(
        &contacts,
        "# My plan.\ncontacts:\n  - id: jkaur   # IT\n    name: Joanna Kaur\n    interests: [data]\n  - id: pkhan\n    name: Priya Khan\n    interests: [Data, budgets]\n",
    );

    let page = served.get("/network/contact?id=jkaur");
    assert_eq!(page.status, 200, "{page:?}");
    let was = hidden(&page.body, "was");
    let form = format!(
        "id=jkaur&was={was}&name=Joanna+Kaur&department=IT&list=can-help&leader=yes&interests=data%2C+cycling&target=60&cadence=30&ideas=Lunch%0D%0AThe+forum&notes=&confidentiality=private"
    );
    let saved = served.send("POST", "/network/edit", &headers, &form);
    assert_eq!(saved.status, 303, "{saved:?}");
    let text = disk::text(&contacts);
    assert!(
        text.contains("# My plan.") && text.contains("# IT"),
        "comments kept: {text}"
    );
    for wanted in [
        "department: IT",
        "can-help",
        "leader: true",
        "cycling",
        "target: 60",
        "cadence: 30",
        "The forum",
    ] {
        assert!(text.contains(wanted), "{wanted} in {text}");
    }

    // The same form again, from the page as it was: refused, the file
    // as it is, and what was typed shown on the page.
    let before = disk::text(&contacts);
    let stale = served.send(
        "POST",
        "/network/edit",
        &headers,
        &form.replace("cadence=30", "cadence=45"),
    );
    assert_eq!(stale.status, 409, "{stale:?}");
    assert_eq!(disk::text(&contacts), before);
    assert!(
        stale.body.contains("changed since you opened the page"),
        "{}",
        stale.body
    );
    assert!(
        stale.body.contains("What you typed") && stale.body.contains("45"),
        "{}",
        stale.body
    );

    // Nonsense is refused with the reason, nothing written.
    let page = served.get("/network/contact?id=jkaur");
    let was = hidden(&page.body, "was");
    let bad = served.send(
        "POST",
        "/network/edit",
        &headers,
        &format!("id=jkaur&was={was}&name=Joanna+Kaur&cadence=often"),
    );
    assert_eq!(bad.status, 422, "{bad:?}");
    assert!(bad.body.contains("number of days"), "{}", bad.body);
    assert_eq!(disk::text(&contacts), before);

    // The two share an interest: the plan suggests introducing them, and
    // its button logs the introduction.
    let plan = served.get("/network");
    assert!(
        plan.body.contains("I introduced them today"),
        "{}",
        plan.body
    );
    let introduced = served.send(
        "POST",
        "/network/log",
        &headers,
        "contact=jkaur&contact=pkhan&introduced=jkaur%2Cpkhan&kind=introduction",
    );
    assert_eq!(introduced.status, 303, "{introduced:?}");
    let entry = disk::text(
        served
            .root
            .join("network/journal/2026-02-02-introduction.md"),
    );
    assert!(
        entry.contains("jkaur") && entry.contains("pkhan") && entry.contains("introduced"),
        "{entry}"
    );
    let plan = served.get("/network");
    assert!(
        !plan.body.contains("I introduced them today"),
        "suggested again: {}",
        plan.body
    );

    // Removal: refused without the box, and while the journal names them.
    let unsure = served.send("POST", "/network/remove", &headers, "id=pkhan");
    assert_eq!(unsure.status, 422);
    let named = served.send("POST", "/network/remove", &headers, "id=pkhan&sure=yes");
    assert_eq!(named.status, 422, "{named:?}");
    assert!(disk::text(&contacts).contains("pkhan"));
}

#[test]
fn the_report_is_previewed_for_each_audience_and_downloaded_under_a_name() -> Result<(), String> {
    let served = serve(false);
    let page = served.get("/report?audience=assessor");
    assert_eq!(page.status, 200, "{page:?}");
    assert!(
        page.body.contains("/report/view?audience=assessor"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("priya-shah-report-assessor-2026-02-02.html"),
        "{}",
        page.body
    );

    let shown = served.get("/report/view?audience=public");
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("Priya Shah"), "{}", shown.body);
    assert!(shown.header("content-disposition").is_none());
    assert!(
        shown
            .header("content-security-policy")
            .is_some_and(|p| !p.contains("script-src")),
        "the report runs no script: {shown:?}"
    );
    let kept = served.get("/report/view?audience=candidate&download=yes");
    assert_eq!(kept.status, 200);
    assert_eq!(
        kept.header("content-disposition"),
        Some("attachment; filename=\"priya-shah-report-candidate-2026-02-02.html\"")
    );
    assert_eq!(served.get("/report/view?audience=everyone").status, 404);

    // A browser asks for gzip and is sent the same page compressed.
    let cookie = served.cookie();
    let compressed = served.send(
        "GET",
        "/report/view?audience=public",
        &[
            ("Cookie", &cookie),
            ("Accept-Encoding", "gzip, deflate, br, zstd"),
        ],
        "",
    );
    assert_eq!(compressed.status, 200);
    assert_eq!(compressed.header("content-encoding"), Some("gzip"));
    assert_eq!(compressed.header("vary"), Some("accept-encoding"));
    let mut page = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(compressed.bytes.as_slice()),
        &mut page,
    )
    .map_err(|e| format!("not gzip: {e}"))?;
    assert_eq!(page, shown.body);
    assert!(shown.header("content-encoding").is_none());
    Ok(())
}

/// A multipart body holding `fields` and then one file.
fn multipart_with(fields: &[(&str, &str)], name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let (content_type, file) = multipart(name, bytes);
    let mut body = Vec::new();
    for (field, value) in fields {
        body.extend_from_slice(
            format!(
                "--nosfolio-test-boundary\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(&file);
    (content_type, body)
}

#[test]
fn a_new_version_of_a_file_replaces_it_keeps_the_one_before_and_refuses_a_stale_page() {
    let served = serve(false);
    let notes = served.root.join("evidence/notes.txt");
    let first = disk::bytes(&notes);
    let was = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&first));
    let page = served.get("/piece?path=evidence/notes.txt").body;
    assert!(
        page.contains(&format!("name=\"was\" value=\"{was}\"")),
        "{page}"
    );
    assert_eq!(
        page.matches("action=\"/piece/version\"").count(),
        1,
        "{page}"
    );

    let send = |path: &str, was: &str, bytes: &[u8]| {
        let (content_type, body) =
            multipart_with(&[("path", path), ("was", was)], "notes.txt", bytes);
        served.post_raw("/piece/version", &content_type, &body)
    };
    // Refused, nothing written: a stale page, a file not of the evidence,
    // a path leaving it.
    assert_eq!(send("evidence/notes.txt", "0123", b"new\n"), 409);
    for path in [
        "evidence/notes.txt.yaml",
        "portfolio.yaml",
        "../notes.txt",
        "/etc/passwd",
    ] {
        assert_eq!(send(path, &was, b"new\n"), 422, "{path}");
    }
    assert_eq!(disk::bytes(&notes), first);
    assert!(disk::listing(served.root.join(".nosfolio/versions")).is_empty());

    assert_eq!(send("evidence/notes.txt", &was, b"Notes, revised\n"), 303);
    assert_eq!(disk::text(&notes), "Notes, revised\n");
    let kept = disk::listing(served.root.join(".nosfolio/versions"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(disk::bytes(&kept[0]), first);
    assert!(disk::text(served.root.join("evidence/notes.txt.yaml")).contains("claims: [PC1, PC2]"));
    // The page it was sent from is out of date now.
    assert_eq!(send("evidence/notes.txt", &was, b"again\n"), 409);
    assert_eq!(disk::text(&notes), "Notes, revised\n");
}

#[test]
fn the_dashboard_lists_every_problem_and_links_each_next_step_to_its_page() {
    let served = serve(false);
    disk::put(served.root.join("evidence/new note.txt"), "met the team\n");
    disk::put(
        served.root.join("evidence/notes.txt.yaml"),
        "title: Forum notes\nclaims: [PC1, PC2]\nclaims: [PC4]\n",
    );
    let page = served.get("/").body;
    // The problems, errors first, each with its place and what to do.
    let problems = page
        .split("<h2 id=\"problems\">")
        .nth(1)
        .unwrap_or_default();
    let error = problems
        .find("evidence/notes.txt.yaml:3:1</span>: <strong>error</strong>: duplicate key `claims`")
        .unwrap_or(usize::MAX);
    let warning = problems
        .find("evidence/new note.txt</span>: warning: no sidecar")
        .unwrap_or(usize::MAX);
    assert!(error < warning && warning < usize::MAX, "{page}");
    assert!(problems.contains("keep one and delete the other"), "{page}");
    // The next steps name no command, and each links to where it is done.
    let next = page
        .split("<h2 id=\"next\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_default();
    assert!(!next.contains("nosfolio "), "{next}");
    assert!(
        next.contains(
            "<a href=\"#problems\">Fix 1 error(s) in the portfolio&#39;s files, listed below</a>"
        ),
        "{next}"
    );
    assert!(
        next.contains("<a href=\"/piece?path=evidence/new%20note.txt\">Say what 1 file(s) show, starting with evidence/new note.txt</a>"),
        "{next}"
    );
    assert!(next.contains("<a href=\"/gaps\">Collect "), "{next}");
}

#[test]
fn the_covers_details_are_set_on_the_report_page_and_a_stale_page_is_refused() {
    let served = serve(false);
    let cookie = served.cookie();
    let origin = served.origin();
    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];
    let page = served.get("/report?audience=assessor");
    assert!(
        page.body.contains("name=\"job_title\" value=\"\"")
            && page.body.contains("name=\"was_job_title\" value=\"\""),
        "{}",
        page.body
    );
    let manifest = served.root.join("portfolio.yaml");
    let before = disk::text(&manifest);

    let saved = served.send(
        "POST",
        "/report/details",
        &headers,
        "audience=assessor&job_title=Operations+Manager&was_job_title=&organisation=Northgate+Housing&was_organisation=&centre=&was_centre=&qualification=&was_qualification=",
    );
    assert_eq!(saved.status, 303, "{saved:?}");
    assert_eq!(
        saved.header("location"),
        Some("/report?audience=assessor&done=saved%20the%20cover%27s%20details")
    );
    let written = disk::text(&manifest);
    assert!(written.starts_with(&before), "every line kept: {written}");
    assert!(
        written.ends_with("job_title: Operations Manager\norganisation: Northgate Housing\n"),
        "{written}"
    );
    let report = served.get("/report/view?audience=assessor").body;
    assert!(
        report.contains("<dt>Job title</dt><dd>Operations Manager</dd>"),
        "{report}"
    );

    // A second tab, made before the save, changes the same detail: refused,
    // the page shows it as it is now, nothing is written.
    let stale = served.send(
        "POST",
        "/report/details",
        &headers,
        "audience=assessor&job_title=Director&was_job_title=&organisation=Northgate+Housing&was_organisation=Northgate+Housing",
    );
    assert_eq!(stale.status, 409, "{stale:?}");
    assert!(
        stale.body.contains("The job title was changed elsewhere"),
        "{}",
        stale.body
    );
    assert!(
        stale.body.contains("value=\"Operations Manager\""),
        "{}",
        stale.body
    );
    assert_eq!(disk::text(&manifest), written);

    // Emptied, a detail is cleared; one over 200 characters is refused.
    let cleared = served.send(
        "POST",
        "/report/details",
        &headers,
        "audience=assessor&organisation=&was_organisation=Northgate+Housing",
    );
    assert_eq!(cleared.status, 303, "{cleared:?}");
    assert!(!disk::text(&manifest).contains("organisation:"));
    let long = "x".repeat(201);
    let refused = served.send(
        "POST",
        "/report/details",
        &headers,
        &format!("audience=assessor&centre={long}&was_centre="),
    );
    assert_eq!(refused.status, 422, "{refused:?}");
    assert!(
        refused.body.contains("give at most 200"),
        "{}",
        refused.body
    );
    assert!(!disk::text(&manifest).contains("centre:"));
}

#[test]
fn the_iqa_sample_draws_from_the_decisions_recorded() {
    let served = serve(true);
    let cookie = served.cookie();
    let origin = served.origin();
    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];
    let empty = served.get("/sample");
    assert_eq!(empty.status, 200, "{empty:?}");
    assert!(
        empty.body.contains("no assessment decisions to sample yet"),
        "{}",
        empty.body
    );

    let queue = served.get("/assess?p=cohort/priya");
    let sha = sha256(&served.root.join("evidence/notes.txt"));
    let decided = served.send(
        "POST",
        "/assess",
        &headers,
        &format!("p=cohort/priya&evidence=evidence/notes.txt&item=mla3:PC1&sha256={sha}&decided=0&verdict=accepted&comment=Clear"),
    );
    assert_eq!(decided.status, 303, "{decided:?} after {}", queue.body);
    let drawn = served.get("/sample?portion=100&seed=7");
    assert!(
        drawn.body.contains("1 of 1 decision drawn"),
        "{}",
        drawn.body
    );
    assert!(
        drawn
            .body
            .contains("/piece?path=evidence/notes.txt&amp;p=cohort/priya")
            || drawn
                .body
                .contains("/piece?path=evidence/notes.txt&p=cohort/priya"),
        "{}",
        drawn.body
    );
    let nonsense = served.get("/sample?portion=300");
    assert!(
        nonsense
            .body
            .contains("300% is not more than 0% and at most 100%"),
        "{}",
        nonsense.body
    );
}

#[test]
fn a_portfolio_is_started_in_an_empty_folder_from_its_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my-portfolio");
    let served = start(dir, root.clone(), root.clone());
    let cookie = served.cookie();
    let origin = served.origin();
    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];

    let first = served.get("/");
    assert_eq!(first.status, 200, "{first:?}");
    assert!(
        first.body.contains("Start your portfolio"),
        "{}",
        first.body
    );
    assert_eq!(served.get("/evidence").status, 404);

    let nameless = served.send("POST", "/start", &headers, "candidate=&standard=mla3");
    assert_eq!(nameless.status, 422, "{nameless:?}");
    assert!(!root.join("portfolio.yaml").exists());

    let started = served.send(
        "POST",
        "/start",
        &headers,
        "candidate=Priya+Shah&standard=mla3&assessor=Tom+Reid",
    );
    assert_eq!(started.status, 303, "{started:?}");
    let manifest = disk::text(root.join("portfolio.yaml"));
    assert!(
        manifest.contains("candidate: Priya Shah")
            && manifest.contains("mla3")
            && manifest.contains("Tom Reid"),
        "{manifest}"
    );
    assert!(root.join("evidence").is_dir());
    let dashboard = served.get("/");
    assert!(
        dashboard.body.contains("Where the portfolio stands"),
        "{}",
        dashboard.body
    );
    // Started once: the form does nothing more.
    let again = served.send(
        "POST",
        "/start",
        &headers,
        "candidate=Someone+Else&standard=mla3",
    );
    assert_eq!(again.status, 303);
    assert_eq!(disk::text(root.join("portfolio.yaml")), manifest);
}

/// A form field's value, for a request body.
fn form(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `value` of the hidden input `name` on a page.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).unwrap() + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

impl Served {
    /// A portfolio with the networking framework too, for reflections.
    fn with_networking(&self) {
        disk::put(
            self.root.join("portfolio.yaml"),
            "candidate: Priya Shah\nstandards: [mla3, networking]\nassessors: [Tom Reid]\n",
        );
    }

    fn post(&self, target: &str, body: &str) -> Answer {
        let cookie = self.cookie();
        let origin = self.origin();
        self.send(
            "POST",
            target,
            &[("Cookie", &cookie), ("Origin", &origin)],
            body,
        )
    }
}

/// The draft's front matter and body, split at the closing `---`.
fn front_and_body(text: &str) -> (String, String) {
    let rest = text.strip_prefix("---\n").unwrap();
    let end = rest.find("\n---\n").unwrap() + 1;
    (
        format!("---\n{}---\n", &rest[..end]),
        rest[end + 4..].to_owned(),
    )
}

#[test]
fn a_reflection_is_started_written_and_finished_in_the_browser() {
    let served = serve(false);
    served.with_networking();
    let page = served.get("/writing");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<option value=\"networking:3\">"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<option value=\"mla3:statement-networks\">"),
        "{}",
        page.body
    );
    let questions = served.get("/writing?level=networking:3");
    assert!(questions.body.contains("L3.Q2"), "{}", questions.body);

    let started = served.post("/writing/reflection", "level=networking%3A3&question=2");
    assert_eq!(started.status, 303, "{started:?}");
    let path = "evidence/reflection-networking-level-3-q2-2026-02-02.md";
    assert!(
        started
            .header("location")
            .unwrap()
            .starts_with(&format!("/writing/draft?path={path}&")),
        "{started:?}"
    );
    let file = served.root.join(path);
    let original = disk::text(&file);
    let (front, _) = front_and_body(&original);
    assert!(front.contains("draft: true"), "{front}");

    let draft = served.get(&format!("/writing/draft?path={path}"));
    assert_eq!(draft.status, 200);
    for heading in ["Situation", "Task", "Action", "Result"] {
        assert!(
            draft
                .body
                .contains(&format!("nothing is written under “{heading}”")),
            "{}",
            draft.body
        );
    }
    assert!(
        !draft.body.contains("draft: true"),
        "no front matter to edit"
    );
    let version = hidden(&draft.body, "version");

    // Finishing now is refused, every unanswered heading named.
    let refused = served.post("/writing/finish", &format!("path={path}"));
    assert_eq!(refused.status, 422);
    for heading in ["Situation", "Task", "Action", "Result"] {
        assert!(
            refused.body.contains(&format!("“{heading}”")),
            "{}",
            refused.body
        );
    }
    assert_eq!(disk::text(&file), original);

    // Two of four answered, saved; the front matter is kept byte for byte.
    let answers = [
        "In March I met the finance lead.\r\nWe agreed to meet.",
        "",
        "I called her.",
        "",
    ];
    let mut body = format!("path={path}&version={version}");
    for (heading, answer) in ["Situation", "Task", "Action", "Result"]
        .iter()
        .zip(answers)
    {
        body.push_str(&format!("&heading={heading}&answer={}", form(answer)));
    }
    let saved = served.post("/writing/save", &body);
    assert_eq!(saved.status, 303, "{saved:?}");
    let now = disk::text(&file);
    let (front_now, body_now) = front_and_body(&now);
    assert_eq!(front_now, front);
    assert!(
        body_now.contains("## Situation\n\nIn March I met the finance lead.\nWe agreed to meet.\n\n## Task\n\n\n## Action\n\nI called her.\n\n## Result\n"),
        "{body_now}"
    );

    // The same form again is stale: refused, the file unchanged, both texts shown.
    let stale = served.post(
        "/writing/save",
        &body
            .replace("I+called", "I+rang")
            .replace("I%20called", "I%20rang"),
    );
    assert_eq!(stale.status, 409, "{stale:?}");
    assert_eq!(disk::text(&file), now);
    assert!(
        stale
            .body
            .contains("What you typed under “Action” (not saved)"),
        "{}",
        stale.body
    );
    assert!(stale.body.contains("I rang her."), "{}", stale.body);
    assert!(stale.body.contains("I called her."), "{}", stale.body);
    assert_ne!(hidden(&stale.body, "version"), version);

    // Still two headings to answer.
    let refused = served.post("/writing/finish", &format!("path={path}"));
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("“Task”") && refused.body.contains("“Result”"));
    assert!(!refused.body.contains("“Situation”"), "{}", refused.body);

    // Answered in the whole text, then saved and finished: now evidence.
    let whole = served.get(&format!("/writing/draft?path={path}&whole=1"));
    let version = hidden(&whole.body, "version");
    let text = body_now
        .replace("## Task\n\n\n", "## Task\n\nTo find a supplier.\n\n")
        .replace("## Result\n\n", "## Result\n\nWe found one.\n");
    let finished = served.post(
        "/writing/save",
        &format!(
            "path={path}&version={version}&body={}&then=finish",
            form(&text)
        ),
    );
    assert_eq!(finished.status, 303, "{finished:?}");
    assert!(
        finished
            .header("location")
            .unwrap()
            .starts_with(&format!("/piece?path={path}&done=")),
        "{finished:?}"
    );
    let done = disk::text(&file);
    assert!(!done.contains("draft: true"), "{done}");
    assert!(done.contains("We found one."), "{done}");
    let writing = served.get("/writing");
    assert!(
        writing.body.contains("You have no drafts"),
        "{}",
        writing.body
    );
}

#[test]
fn a_statement_claims_nothing_until_claimed_and_only_drafts_in_evidence_are_written() {
    let served = serve(false);
    let started = served.post("/writing/statement", "type=mla3%3Astatement-networks");
    assert_eq!(started.status, 303, "{started:?}");
    let path = "evidence/personal-statement-statement-networks-2026-02-02.md";
    let draft = served.get(&format!("/writing/draft?path={path}"));
    assert!(draft.body.contains("My statement"), "{}", draft.body);
    assert!(
        draft.body.contains(&format!(
            "<a href=\"/piece?path={path}\">say which items it shows</a>"
        )),
        "{}",
        draft.body
    );
    let unknown = served.post("/writing/statement", "type=address-books-and-more");
    assert_eq!(unknown.status, 422);

    // Finished elsewhere (here, by hand) since the page was shown: what
    // was typed is refused, and shown, not lost.
    let version = hidden(&draft.body, "version");
    let file = served.root.join(path);
    let finished = disk::text(&file).replace("draft: true\n", "");
    disk::put(&file, &finished);
    let late = served.post(
        "/writing/save",
        &format!("path={path}&version={version}&heading=My+statement&answer=Typed+too+late"),
    );
    assert_eq!(late.status, 422, "{late:?}");
    assert!(late.body.contains("is not a draft"), "{}", late.body);
    assert!(late.body.contains("Typed too late"), "{}", late.body);
    assert_eq!(disk::text(&file), finished);

    // Not a draft, outside evidence, not there: refused, nothing written.
    let notes = disk::text(served.root.join("evidence/notes.txt.yaml"));
    let version = sha256(&served.root.join("evidence/notes.txt.yaml"));
    for path in [
        "evidence/notes.txt",
        "evidence/notes.txt.yaml",
        "portfolio.yaml",
        "../outside.md",
        "evidence/none.md",
    ] {
        let page = served.get(&format!("/writing/draft?path={path}"));
        assert!(matches!(page.status, 404 | 422), "{path}: {page:?}");
        let saved = served.post(
            "/writing/save",
            &format!("path={}&version={version}&body=Mine", form(path)),
        );
        assert!(matches!(saved.status, 404 | 422), "{path}: {saved:?}");
    }
    let finished = served.post("/writing/finish", "path=portfolio.yaml");
    assert_eq!(finished.status, 404);
    assert_eq!(
        disk::text(served.root.join("evidence/notes.txt.yaml")),
        notes
    );
    assert!(!served.root.join("outside.md").exists());
}

#[test]
fn in_a_caseload_the_writing_pages_carry_the_portfolio() {
    let served = serve(true);
    let cookie = served.cookie();
    let origin = served.origin();
    let headers = [("Cookie", cookie.as_str()), ("Origin", origin.as_str())];
    let page = served.get("/writing?p=cohort/priya");
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("<input type=\"hidden\" name=\"p\" value=\"cohort/priya\">")
    );
    let started = served.send(
        "POST",
        "/writing/statement",
        &headers,
        "p=cohort%2Fpriya&type=statement-networks",
    );
    assert_eq!(started.status, 303, "{started:?}");
    let to = started.header("location").unwrap();
    assert!(to.ends_with("&p=cohort/priya"), "{to}");
    let draft = served.get(to);
    assert_eq!(draft.status, 200);
    assert!(
        draft.body.contains("name=\"p\" value=\"cohort/priya\""),
        "{}",
        draft.body
    );
    assert!(
        draft.body.contains("/writing?p=cohort/priya"),
        "{}",
        draft.body
    );
}

/// Regression test for the kept reading (issue 17): a page and the report
/// read from a reading kept between requests still show a change made on
/// disk on the next request.
#[test]
fn a_change_on_disk_shows_on_reload_though_the_reading_is_kept() {
    let served = serve(false);
    disk::age(&served.root);
    for _ in 0..2 {
        assert!(
            served
                .get("/piece?path=evidence/notes.txt")
                .body
                .contains("Forum notes")
        );
        assert!(served.get("/report/view").body.contains("Forum notes"));
    }
    let sidecar = served.root.join("evidence/notes.txt.yaml");
    disk::put(
        &sidecar,
        "title: Forum minutes, revised\nclaims: [PC1, PC2]\n",
    );
    disk::age(&served.root);
    let piece = served.get("/piece?path=evidence/notes.txt").body;
    assert!(piece.contains("Forum minutes, revised"), "{piece}");
    let report = served.get("/report/view").body;
    assert!(report.contains("Forum minutes, revised"));
    assert!(!report.contains("Forum notes"));
    assert!(served.get("/").status == 200);
}
