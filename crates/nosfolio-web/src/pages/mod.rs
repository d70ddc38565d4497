//! The pages: each reads the portfolio through the store, builds the same
//! model the command line prints, and renders it with an embedded
//! template. Writes go through the store's own calls.
//!
//! The pages that only show keep the last reading of a portfolio (and its
//! report, once made) while a walk of its folder finds every file as it
//! was: the rule of the caseload's kept rows ([`Inputs`], [`Kept`]). The
//! walk vouching for a request is always one begun after the request
//! arrived, so a change made on disk shows on reload; requests arriving
//! while a walk is under way wait for the next and share it. Reading
//! 2,000 pieces afresh for every request made each page cost tens of
//! milliseconds of CPU, and eight reports made at once held 700 MiB
//! (BENCHMARKS.md, case 7).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use nosfolio_core::TrustList;
use nosfolio_report::Templates;
use nosfolio_store::{CacheKey, Inputs, Kept, Portfolio, ScanOptions, UPLOAD_LIMIT};
use serde::Deserialize;
use serde_json::{Value, json};

mod assess;
mod evidence;
mod home;
mod network;
mod report;
mod sample;
mod start;
mod version;
mod writing;

use assess::{decide, queue};
use evidence::{claim_items, evidence, file, piece, upload};
use home::{home, sign};
use network::{
    contact_edit, contact_page, contact_remove, network, network_add, network_log, network_score,
};
use report::{gaps, report, report_details, report_view};
use sample::sample;
use start::start;
use writing::{draft, finish_draft, new_reflection, new_statement, save, writing};

use crate::computed::Computed;
use crate::guard::{Guard, guard, refusal};
use crate::{ServeError, ServeOptions};

/// How many portfolios' readings are kept at once (a caseload's most
/// recently shown).
const KEPT_READINGS: usize = 4;

/// The stylesheet of every page.
const CSS: &str = include_str!("../../templates/app.css");

/// The one script: comforts only (dropping files to upload, filtering
/// lists as you type, printing the preview); every form works without it.
const SCRIPT: &str = include_str!("../../templates/app.js");

/// The templates, by name: `base.html` first, which the others extend.
const TEMPLATES: [(&str, &str); 14] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "caseload.html",
        include_str!("../../templates/caseload.html"),
    ),
    (
        "evidence.html",
        include_str!("../../templates/evidence.html"),
    ),
    ("piece.html", include_str!("../../templates/piece.html")),
    ("gaps.html", include_str!("../../templates/gaps.html")),
    ("assess.html", include_str!("../../templates/assess.html")),
    ("network.html", include_str!("../../templates/network.html")),
    ("contact.html", include_str!("../../templates/contact.html")),
    ("report.html", include_str!("../../templates/report.html")),
    ("sample.html", include_str!("../../templates/sample.html")),
    ("start.html", include_str!("../../templates/start.html")),
    ("writing.html", include_str!("../../templates/writing.html")),
    ("draft.html", include_str!("../../templates/draft.html")),
];

/// Largest evidence file shown or sent.
const FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Everything a request needs.
pub(crate) struct App {
    pub(crate) guard: Guard,
    root: PathBuf,
    /// The caseload's portfolios; empty when serving one portfolio.
    caseload: Vec<PathBuf>,
    today: Arc<dyn Fn() -> jiff::civil::Date + Send + Sync>,
    trust: Option<TrustList>,
    cache: Option<CacheKey>,
    keys: Option<PathBuf>,
    tera: tera::Tera,
    report: Templates,
    /// The readings kept, by folder, the most recently asked for last;
    /// each behind a lock of its own, so that requests arriving together
    /// read a changed portfolio once between them.
    readings: Mutex<Vec<(PathBuf, Arc<Mutex<Slot>>)>>,
}

/// A portfolio's kept reading, and when the last walk that found its
/// files unchanged began.
#[derive(Default)]
struct Slot {
    reading: Option<Arc<Reading>>,
    checked: Option<Instant>,
}

/// A portfolio as read, with its coverage worked out, and its report
/// once made.
pub(crate) struct Reading {
    /// The walk it was read after; `None` when it must not be kept
    /// ([`Kept::of`]: a file modified in the last two seconds, or one read
    /// inside `.nosfolio/`).
    inputs: Option<Inputs>,
    pub(crate) portfolio: Portfolio,
    pub(crate) computed: Computed,
    /// The last report made: its day (it prints the day), its audience.
    pub(crate) report: Mutex<
        Option<(
            jiff::civil::Date,
            nosfolio_core::Audience,
            axum::body::Bytes,
        )>,
    >,
}

impl Reading {
    /// Whether it is kept between requests.
    pub(crate) fn kept(&self) -> bool {
        self.inputs.is_some()
    }
}

impl App {
    pub(crate) fn new(
        options: ServeOptions,
        caseload: Vec<PathBuf>,
        port: u16,
        token: &str,
    ) -> Result<Self, ServeError> {
        let mut tera = tera::Tera::default();
        for (name, text) in TEMPLATES {
            tera.add_raw_template(name, text)
                .map_err(|e| ServeError::Templates(format!("{name}: {e}")))?;
        }
        let report = Templates::new(&[]).map_err(|e| ServeError::Templates(e.to_string()))?;
        Ok(Self {
            guard: Guard::new(port, token),
            root: options.root,
            caseload,
            today: options.today,
            trust: options.trust,
            cache: options.cache,
            keys: options.keys,
            tera,
            report,
            readings: Mutex::new(Vec::new()),
        })
    }

    /// The portfolio a request is about: the one served, or in a caseload
    /// the one `p` names (by its folder relative to the root, and only one
    /// the caseload holds).
    fn folder(&self, p: Option<&str>) -> Result<(PathBuf, Option<String>), Refused> {
        if self.caseload.is_empty() {
            return Ok((self.root.clone(), None));
        }
        let Some(p) = p else {
            return Err(Refused::not_found("Choose a portfolio from the caseload."));
        };
        self.caseload
            .iter()
            .find(|dir| relative(&self.root, dir) == p)
            .map(|dir| (dir.clone(), Some(p.to_owned())))
            .ok_or_else(|| Refused::not_found("The caseload holds no such portfolio."))
    }

    fn open(&self, folder: &Path) -> Result<Portfolio, Refused> {
        if !nosfolio_store::is_portfolio(folder) {
            return Err(Refused::not_found(
                "There is no portfolio here yet: start it on the first page.",
            ));
        }
        let options = ScanOptions {
            cache: self.cache.as_ref(),
            trust: self.trust.as_ref(),
            ..ScanOptions::default()
        };
        Portfolio::open_with(folder, &options).map_err(|e| Refused {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            why: e.to_string(),
        })
    }

    /// The portfolio in `folder` and its coverage: the reading kept if a
    /// walk of the folder begun since this call finds every file as the
    /// walk it was read after did, else read again (and kept when it may
    /// be). One walk at a time for a folder: calls made while one is under
    /// way wait, and share the next.
    fn read(&self, folder: &Path) -> Result<Arc<Reading>, Refused> {
        if !nosfolio_store::is_portfolio(folder) {
            return Err(Refused::not_found(
                "There is no portfolio here yet: start it on the first page.",
            ));
        }
        let arrived = Instant::now();
        let slot = {
            let mut readings = self.readings.lock().unwrap_or_else(PoisonError::into_inner);
            let slot = match readings.iter().position(|(dir, _)| dir == folder) {
                Some(at) => readings.remove(at).1,
                None => Arc::default(),
            };
            readings.push((folder.to_owned(), Arc::clone(&slot)));
            if readings.len() > KEPT_READINGS {
                readings.remove(0);
            }
            slot
        };
        let mut kept = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(reading) = &kept.reading
            && kept.checked.is_some_and(|checked| checked >= arrived)
        {
            return Ok(Arc::clone(reading));
        }
        let walked = Instant::now();
        let inputs = Inputs::of(folder);
        if let (Some(inputs), Some(reading)) = (&inputs, &kept.reading)
            && reading.inputs.as_ref() == Some(inputs)
        {
            let reading = Arc::clone(reading);
            kept.checked = Some(walked);
            return Ok(reading);
        }
        let options = ScanOptions {
            cache: self.cache.as_ref(),
            trust: self.trust.as_ref(),
            inputs: inputs.as_ref(),
            ..ScanOptions::default()
        };
        let portfolio = Portfolio::open_with(folder, &options).map_err(|e| Refused {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            why: e.to_string(),
        })?;
        let computed = Computed::new(&portfolio);
        let inputs = inputs.filter(|inputs| Kept::of(&portfolio, inputs, ()).is_some());
        let reading = Arc::new(Reading {
            inputs,
            portfolio,
            computed,
            report: Mutex::new(None),
        });
        *kept = Slot {
            reading: reading.kept().then(|| Arc::clone(&reading)),
            checked: reading.kept().then_some(walked),
        };
        Ok(reading)
    }

    /// The portfolio `p` names (see [`App::folder`]), read afresh.
    fn opened(&self, p: Option<&str>) -> Result<(PathBuf, Option<String>, Portfolio), Refused> {
        let (folder, p) = self.folder(p)?;
        let portfolio = self.open(&folder)?;
        Ok((folder, p, portfolio))
    }

    fn render(&self, name: &str, context: &Value) -> Response {
        let context = match tera::Context::from_serialize(context) {
            Ok(context) => context,
            Err(e) => return refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        };
        match self.tera.render(name, &context) {
            Ok(page) => Html(page).into_response(),
            Err(e) => {
                let mut why = format!("The page {name} could not be made: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    why.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
                refusal(StatusCode::INTERNAL_SERVER_ERROR, &why)
            }
        }
    }
}

/// A request that cannot be answered as asked, and why.
#[derive(Debug)]
struct Refused {
    status: StatusCode,
    why: String,
}

impl Refused {
    fn not_found(why: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            why: why.to_owned(),
        }
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        refusal(self.status, &self.why)
    }
}

/// `dir` relative to `root`, `/`-separated.
fn relative(root: &Path, dir: &Path) -> String {
    dir.strip_prefix(root)
        .unwrap_or(dir)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Text made safe to put inside HTML (text or a quoted attribute).
pub(crate) fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/style.css", get(style))
        .route("/evidence", get(evidence))
        .route("/piece", get(piece))
        .route("/file", get(file))
        .route("/gaps", get(gaps))
        .route("/report", get(report))
        .route("/report/view", get(report_view))
        .route("/report/details", axum::routing::post(report_details))
        .route("/sample", get(sample))
        .route("/start", axum::routing::post(start))
        .route("/app.js", get(script))
        .route("/assess", get(queue).post(decide))
        .route(
            "/upload",
            axum::routing::post(upload).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(UPLOAD_LIMIT).unwrap_or(usize::MAX) + 1024 * 1024,
            )),
        )
        .route("/claim", axum::routing::post(claim_items))
        .route(
            "/piece/version",
            axum::routing::post(version::new_version).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(UPLOAD_LIMIT).unwrap_or(usize::MAX) + 1024 * 1024,
            )),
        )
        .route("/sign", axum::routing::post(sign))
        .route("/network", get(network))
        .route("/network/add", axum::routing::post(network_add))
        .route("/network/score", axum::routing::post(network_score))
        .route("/network/log", axum::routing::post(network_log))
        .route("/network/contact", get(contact_page))
        .route("/network/edit", axum::routing::post(contact_edit))
        .route("/network/remove", axum::routing::post(contact_remove))
        .route("/writing", get(writing))
        .route("/writing/reflection", axum::routing::post(new_reflection))
        .route("/writing/statement", axum::routing::post(new_statement))
        .route("/writing/draft", get(draft))
        .route(
            "/writing/save",
            axum::routing::post(save).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(nosfolio_store::MARKDOWN_LIMIT).unwrap_or(usize::MAX) * 2,
            )),
        )
        .route("/writing/finish", axum::routing::post(finish_draft))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// What a page's address says.
#[derive(Debug, Default, Deserialize)]
struct At {
    /// The portfolio, in a caseload.
    p: Option<String>,
    /// A file of the portfolio.
    path: Option<String>,
    /// A contact of the networking plan.
    id: Option<String>,
    /// What was just done.
    done: Option<String>,
}

/// Runs `work` (which reads the disk) off the async threads.
async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))
}

/// Runs `work` off the async threads on the portfolio `p` names (the one
/// served, or in a caseload the one `p` names), with its folder and `p`
/// as the caseload knows it; a `p` the caseload does not hold is refused.
async fn on_folder(
    app: Arc<App>,
    p: Option<String>,
    work: impl FnOnce(&App, &Path, Option<&str>) -> Response + Send + 'static,
) -> Response {
    blocking(move || match app.folder(p.as_deref()) {
        Ok((folder, p)) => work(&app, &folder, p.as_deref()),
        Err(refused) => refused.into_response(),
    })
    .await
}

/// A form's first value of `name`, trimmed, if not empty.
fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The address `to` in the portfolio `p`, in a caseload.
fn with_p(mut to: String, p: Option<&str>) -> String {
    if let Some(p) = p {
        to.push(if to.contains('?') { '&' } else { '?' });
        to.push_str(&format!("p={}", encode(p)));
    }
    to
}

/// What every page's frame needs: the candidate, the portfolio's address
/// in a caseload, and the navigation.
fn frame(portfolio: &Portfolio, p: Option<&str>, page: &str) -> Value {
    let suffix = p.map(|p| format!("?p={}", encode(p))).unwrap_or_default();
    json!({
        "candidate": portfolio.manifest.as_ref().map(|m| m.candidate.clone()),
        "p": p,
        "q": suffix,
        "qa": p.map(|p| format!("&p={}", encode(p))).unwrap_or_default(),
        "page": page,
        "caseload": p.is_some(),
    })
}

/// `text` for a URL query.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(base), Value::Object(extra)) = (&mut base, extra) {
        base.extend(extra);
    }
    base
}

async fn script() -> Response {
    let mut response = SCRIPT.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

async fn style() -> Response {
    let mut response = CSS.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    response
}
