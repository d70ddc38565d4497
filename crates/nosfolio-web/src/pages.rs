//! The pages: each reads the portfolio afresh through the store, builds
//! the same model the command line prints, and renders it with an
//! embedded template. Writes go through the store's own calls.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use nosfolio_core::{Audience, ClaimState, Role, SignOffKind, TrustList, Verdict};
use nosfolio_report::{
    ReportMeta, ReportModel, StatusModel, Templates, description_html, gaps_json,
};
use nosfolio_store::{
    AssessRequest, CacheKey, ClaimRequest, Portfolio, ScanOptions, SignOffAsk, UPLOAD_LIMIT,
    assess, make_sign_off, save_upload,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::computed::Computed;
use crate::guard::{Guard, REPORT_POLICY, guard, harden, refusal};
use crate::{ServeError, ServeOptions};

/// The stylesheet of every page.
const CSS: &str = include_str!("../templates/app.css");

/// The templates, by name: `base.html` first, which the others extend.
const TEMPLATES: [(&str, &str); 8] = [
    ("base.html", include_str!("../templates/base.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("caseload.html", include_str!("../templates/caseload.html")),
    ("evidence.html", include_str!("../templates/evidence.html")),
    ("piece.html", include_str!("../templates/piece.html")),
    ("gaps.html", include_str!("../templates/gaps.html")),
    ("assess.html", include_str!("../templates/assess.html")),
    ("network.html", include_str!("../templates/network.html")),
];

/// Largest evidence file shown or sent.
const FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Largest text shown inline on a piece's page.
const INLINE_LIMIT: u64 = 512 * 1024;

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

/// Text made safe to put inside HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
        .route("/assess", get(queue).post(decide))
        .route(
            "/upload",
            axum::routing::post(upload).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(UPLOAD_LIMIT).unwrap_or(usize::MAX) + 1024 * 1024,
            )),
        )
        .route("/claim", axum::routing::post(claim_items))
        .route("/sign", axum::routing::post(sign))
        .route("/network", get(network))
        .route("/network/add", axum::routing::post(network_add))
        .route("/network/score", axum::routing::post(network_score))
        .route("/network/log", axum::routing::post(network_log))
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
    /// What was just done.
    done: Option<String>,
}

/// Runs `work` (which reads the disk) off the async threads.
async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()))
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

async fn style() -> Response {
    let mut response = CSS.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    response
}

async fn home(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        if !app.caseload.is_empty() && at.p.is_none() {
            return caseload(&app);
        }
        let (folder, p) = match app.folder(at.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let done = at.done.as_deref().map(|d| (d, false));
        home_page(&app, &folder, p.as_deref(), done)
    })
    .await
}

/// The dashboard: coverage by group and towards the target, the next
/// steps, contacts due this week, and the declaration and sign-off, with
/// the forms to make them when they can be made.
fn home_page(app: &App, folder: &Path, p: Option<&str>, message: Option<(&str, bool)>) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let computed = Computed::new(&portfolio);
    let view = computed.view(&portfolio);
    let today = (app.today)();
    let status = StatusModel::build(&view, &portfolio.diagnostics, today);
    let due: Vec<Value> = portfolio
        .network
        .due(today, 7)
        .iter()
        .map(|d| {
            json!({
                "name": d.contact.name,
                "due": d.due.to_string(),
                "overdue": d.days_overdue > 0,
            })
        })
        .collect();
    // Each standard with whether everything it requires is accepted: then
    // it can be signed off.
    let ready: Vec<bool> = computed
        .sign_offs
        .standards
        .iter()
        .map(|s| {
            let counts = computed.coverage.standard_summary(&s.standard);
            counts.total > 0 && counts.accepted == counts.total
        })
        .collect();
    let context = merge(
        frame(&portfolio, p, "home"),
        json!({
            "status": status,
            "summary": computed.coverage.summary().describe(),
            "due": due,
            "today": today.to_string(),
            "declaration": nosfolio_core::DECLARATION,
            "ready": ready,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("home.html", &context)
}

/// A declaration, sign-off or countersignature asked for on the
/// dashboard.
#[derive(Debug, Deserialize)]
struct SignOffForm {
    p: Option<String>,
    kind: String,
    #[serde(default)]
    standard: Option<String>,
}

/// Makes it through the store's `make_sign_off`, signed with the key of
/// whoever the portfolio names for it; a refusal lists everything missing.
async fn sign(State(app): State<Arc<App>>, Form(form): Form<SignOffForm>) -> Response {
    blocking(move || {
        let (folder, p, portfolio) = match app.opened(form.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let kind = match form.kind.as_str() {
            "declaration" => SignOffKind::Declaration,
            "sign-off" => SignOffKind::SignOff,
            "countersignature" => SignOffKind::Countersignature,
            _ => return Refused::not_found("No such thing to sign.").into_response(),
        };
        let coverage = portfolio.coverage();
        let ask = SignOffAsk {
            kind,
            name: None,
            standard: form.standard.as_deref().filter(|s| !s.is_empty()),
            date: (app.today)(),
            keys: app.keys.as_deref(),
        };
        match make_sign_off(&portfolio, &coverage, &ask) {
            Ok((record, recorded, _)) => {
                let done = format!(
                    "{} made by {}, signed, recorded in {}",
                    record.kind, record.name, recorded.file
                );
                let mut to = format!("/?done={}", encode(&done));
                if let Some(p) = &p {
                    to.push_str(&format!("&p={}", encode(p)));
                }
                Redirect::to(&to).into_response()
            }
            Err(error) => {
                let mut response = home_page(
                    &app,
                    &folder,
                    p.as_deref(),
                    Some((&error.to_string(), true)),
                );
                *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                response
            }
        }
    })
    .await
}

/// The caseload: every portfolio, those needing attention first.
fn caseload(app: &App) -> Response {
    let mut rows: Vec<(usize, Value)> = app
        .caseload
        .iter()
        .map(|dir| {
            let p = relative(&app.root, dir);
            match app.open(dir) {
                Ok(portfolio) => {
                    let computed = Computed::new(&portfolio);
                    let summary = computed.coverage.summary();
                    let waiting = computed
                        .coverage
                        .items
                        .iter()
                        .flat_map(|c| &c.claims)
                        .filter(|s| {
                            matches!(
                                s,
                                ClaimState::Awaiting | ClaimState::Resubmitted | ClaimState::Stale
                            )
                        })
                        .count();
                    (
                        waiting,
                        json!({
                            "p": p,
                            "q": format!("?p={}", encode(&p)),
                            "candidate": portfolio.manifest.as_ref().map(|m| m.candidate.clone()),
                            "summary": summary.describe(),
                            "accepted": summary.accepted,
                            "total": summary.total,
                            "waiting": waiting,
                            "signed_off": computed.sign_offs.short(),
                        }),
                    )
                }
                Err(_) => (
                    usize::MAX,
                    json!({ "p": p, "q": format!("?p={}", encode(&p)), "broken": true }),
                ),
            }
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    let rows: Vec<Value> = rows.into_iter().map(|(_, row)| row).collect();
    app.render(
        "caseload.html",
        &json!({ "rows": rows, "page": "caseload", "caseload": true, "q": "", "qa": "" }),
    )
}

async fn evidence(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(at.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let done = at.done.as_deref().map(|d| (d, false));
        evidence_page(&app, &folder, p.as_deref(), done)
    })
    .await
}

fn evidence_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    message: Option<(&str, bool)>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let computed = Computed::new(&portfolio);
    let view = computed.view(&portfolio);
    let status = StatusModel::build(&view, &portfolio.diagnostics, (app.today)());
    let pieces: Vec<Value> = portfolio
        .evidence
        .iter()
        .enumerate()
        .map(|(n, piece)| {
            json!({
                "number": n + 1,
                "title": piece.title,
                "path": piece.path,
                "link": encode(&piece.path),
                "date": piece.date.map(|d| d.to_string()),
                "type": piece.evidence_type.as_ref().map(|t| t.id.clone()),
                "draft": piece.draft,
                "claims": piece.claims.iter().map(|c| portfolio.standards.display(&c.item)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let unclaimed: Vec<Value> = status_unclaimed(&status)
        .into_iter()
        .map(|path| json!({ "path": path, "link": encode(&path) }))
        .collect();
    let context = merge(
        frame(&portfolio, p, "evidence"),
        json!({
            "pieces": pieces,
            "unclaimed": unclaimed,
            "limit_mib": UPLOAD_LIMIT / (1024 * 1024),
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("evidence.html", &context)
}

/// The files the status found without a description.
fn status_unclaimed(status: &StatusModel) -> Vec<String> {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| serde_json::from_value(v["unclaimed"].clone()).ok())
        .unwrap_or_default()
}

async fn piece(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(at.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let Some(path) = at.path.as_deref() else {
            return Refused::not_found("Which piece of evidence?").into_response();
        };
        let done = at.done.as_deref().map(|d| (d, false));
        piece_page(&app, &folder, p.as_deref(), path, done)
    })
    .await
}

/// A piece of evidence (or a file not yet described): what it is, what it
/// claims and where each claim stands, the evidence itself, and a form to
/// claim more items, those still missing marked.
fn piece_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    path: &str,
    message: Option<(&str, bool)>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let computed = Computed::new(&portfolio);
    let piece = portfolio.piece(path);
    if piece.is_none() {
        let view = computed.view(&portfolio);
        let status = StatusModel::build(&view, &portfolio.diagnostics, (app.today)());
        if !status_unclaimed(&status).iter().any(|u| u == path) {
            return Refused::not_found("This portfolio has no such piece of evidence.")
                .into_response();
        }
    }
    let claims: Vec<Value> = piece
        .map(|piece| {
            piece
                .claims
                .iter()
                .map(|claim| {
                    let text = portfolio
                        .standards
                        .item(&claim.item)
                        .map(|(_, _, item)| item.text.clone())
                        .unwrap_or_default();
                    let state = computed
                        .coverage
                        .of(&claim.item.standard, &claim.item.item)
                        .and_then(|c| {
                            c.evidence
                                .iter()
                                .position(|&e| portfolio.evidence[e].path == piece.path)
                                .and_then(|i| c.claims.get(i))
                        })
                        .map(ToString::to_string);
                    json!({
                        "item": portfolio.standards.display(&claim.item),
                        "text": text,
                        "at": claim.at,
                        "note": claim.note,
                        "state": state,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let paths: std::collections::BTreeSet<&str> = match piece {
        Some(piece) => std::iter::once(piece.path.as_str())
            .chain(piece.files.iter().map(|f| f.path.as_str()))
            .collect(),
        None => std::iter::once(path).collect(),
    };
    let files: Vec<Value> = paths
        .into_iter()
        .map(|path| {
            let kind = kind_of(path);
            let text = (kind == Kind::Text && piece.is_some())
                .then(|| portfolio.evidence_bytes(path, INLINE_LIMIT).ok())
                .flatten()
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            json!({
                "path": path,
                "link": encode(path),
                "kind": kind.name(),
                "text": text,
                "shown": piece.is_some(),
            })
        })
        .collect();
    // Every item to choose from, by group: those this piece claims, and
    // those nothing claims yet, marked.
    let groups: Vec<Value> = portfolio
        .standards
        .standards()
        .iter()
        .flat_map(|standard| {
            standard.groups.iter().filter(|g| !g.items.is_empty()).map(move |group| (standard, group))
        })
        .map(|(standard, group)| {
            let items: Vec<Value> = group
                .items
                .iter()
                .map(|item| {
                    let reference = nosfolio_core::ItemRef {
                        standard: standard.id.clone(),
                        item: item.id.clone(),
                    };
                    let status = computed.coverage.of(&standard.id, &item.id).map(|c| c.status);
                    json!({
                        "value": reference.to_string(),
                        "id": portfolio.standards.display(&reference),
                        "text": item.text,
                        "claimed_here": piece.is_some_and(|p| p.claims.iter().any(|c| c.item == reference)),
                        "missing": status == Some(nosfolio_core::Status::Missing),
                    })
                })
                .collect();
            json!({ "heading": standard.heading(group), "items": items })
        })
        .collect();
    let context = merge(
        frame(&portfolio, p, "evidence"),
        json!({
            "path": path,
            "piece": piece.map(|piece| json!({
                "title": piece.title,
                "path": piece.path,
                "date": piece.date.map(|d| d.to_string()),
                "type": piece.evidence_type.as_ref().map(|t| t.id.clone()),
                "confidentiality": format!("{:?}", piece.confidentiality).to_lowercase(),
                "description": piece.description.as_deref().map(description_html),
                "witness": piece.witness,
                "draft": piece.draft,
                "sha256": piece.sha256,
            })),
            "claims": claims,
            "files": files,
            "groups": groups,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("piece.html", &context)
}

/// How a file is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// As text, inline (and sent as plain text).
    Text,
    /// As an image.
    Image,
    /// In the browser's PDF viewer.
    Pdf,
    /// Offered for download only.
    Other,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Image => "image",
            Self::Pdf => "pdf",
            Self::Other => "other",
        }
    }
}

fn kind_of(path: &str) -> Kind {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("txt" | "md" | "markdown" | "csv" | "eml" | "yaml" | "yml" | "log") => Kind::Text,
        Some("png" | "jpg" | "jpeg" | "gif" | "webp") => Kind::Image,
        Some("pdf") => Kind::Pdf,
        _ => Kind::Other,
    }
}

/// A file of a piece of evidence, sent so that the browser can only show
/// it as what it is: text as plain text (never as a page of its own),
/// images and PDFs as such, anything else as a download.
async fn file(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (_, _, portfolio) = match app.opened(at.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let Some(path) = at.path else {
            return refusal(StatusCode::NOT_FOUND, "Which file?");
        };
        let bytes = match portfolio.evidence_bytes(&path, FILE_LIMIT) {
            Ok(bytes) => bytes,
            Err(e) => return refusal(StatusCode::NOT_FOUND, &e.to_string()),
        };
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let content_type = match (kind_of(&path), extension.as_deref()) {
            (Kind::Text, _) => "text/plain; charset=utf-8",
            (Kind::Image, Some("png")) => "image/png",
            (Kind::Image, Some("gif")) => "image/gif",
            (Kind::Image, Some("webp")) => "image/webp",
            (Kind::Image, _) => "image/jpeg",
            (Kind::Pdf, _) => "application/pdf",
            (Kind::Other, _) => "application/octet-stream",
        };
        let mut response = bytes.into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if kind_of(&path) == Kind::Other {
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment"),
            );
        }
        // Nothing it holds may run, even opened on its own. A PDF is not
        // sandboxed: a browser's PDF viewer does not open in a sandbox
        // (and runs no page script of the file's own).
        harden(
            headers,
            if kind_of(&path) == Kind::Pdf {
                "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
            } else {
                "default-src 'none'; img-src 'self'; sandbox"
            },
        );
        response
    })
    .await
}

async fn gaps(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (_, p, portfolio) = match app.opened(at.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let computed = Computed::new(&portfolio);
        let view = computed.view(&portfolio);
        let context = merge(
            frame(&portfolio, p.as_deref(), "gaps"),
            json!({ "gaps": gaps_json(&view) }),
        );
        app.render("gaps.html", &context)
    })
    .await
}

async fn report(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (_, _, portfolio) = match app.opened(at.p.as_deref()) {
            Ok(opened) => opened,
            Err(refused) => return refused.into_response(),
        };
        let computed = Computed::new(&portfolio);
        let view = computed.view(&portfolio);
        let meta = ReportMeta {
            audience: Audience::Candidate,
            generated: (app.today)().to_string(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            digest: portfolio.evidence_digest(),
            base: Vec::new(),
        };
        match app.report.render(&ReportModel::build(&view, &meta)) {
            Ok(page) => {
                let mut response = Html(page).into_response();
                response.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(REPORT_POLICY),
                );
                response
            }
            Err(e) => refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        }
    })
    .await
}

/// One claim in the assessor's queue.
#[derive(Debug, Serialize)]
struct QueueRow {
    state: String,
    waiting: bool,
    evidence: String,
    link: String,
    title: String,
    item: String,
    item_text: String,
    at: Option<String>,
    note: Option<String>,
    sha256: String,
    decided: usize,
    /// The decisions already made on it, oldest first, in words.
    history: Vec<String>,
}

/// The claims of the portfolio, those awaiting a decision first
/// (resubmitted, stale, awaiting), each with what a form needs to decide
/// on it and to notice that the page is out of date.
fn queue_rows(portfolio: &Portfolio, computed: &Computed) -> Vec<QueueRow> {
    let mut rows = Vec::new();
    for coverage in &computed.coverage.items {
        for (&e, state) in coverage.evidence.iter().zip(&coverage.claims) {
            let piece = &portfolio.evidence[e];
            let claim = piece.claims.iter().find(|c| c.item == coverage.item);
            let item = coverage.item.to_string();
            rows.push(QueueRow {
                state: state.to_string(),
                waiting: matches!(
                    state,
                    ClaimState::Awaiting | ClaimState::Resubmitted | ClaimState::Stale
                ),
                evidence: piece.path.clone(),
                link: encode(&piece.path),
                title: piece.title.clone(),
                item_text: portfolio
                    .standards
                    .item(&coverage.item)
                    .map(|(_, _, i)| i.text.clone())
                    .unwrap_or_default(),
                item: portfolio.standards.display(&coverage.item),
                at: claim.and_then(|c| c.at.clone()),
                note: claim.and_then(|c| c.note.clone()),
                sha256: piece.sha256.clone().unwrap_or_default(),
                decided: decided(portfolio, &piece.path, &item),
                history: coverage
                    .decisions
                    .iter()
                    .map(|&d| &portfolio.decisions[d])
                    .filter(|d| d.evidence == piece.path)
                    .map(|d| {
                        format!(
                            "{} by {} on {} ({}): {}",
                            d.decision,
                            d.assessor,
                            d.date,
                            d.standing.label(),
                            d.comment
                        )
                    })
                    .collect(),
            });
        }
    }
    let rank = |state: &str| match state {
        "resubmitted" => 0,
        "stale" => 1,
        "awaiting" => 2,
        "referred" => 3,
        _ => 4,
    };
    rows.sort_by_key(|r| rank(&r.state));
    rows
}

/// How many decisions were recorded on the claim of `item` (as written)
/// by `evidence`.
fn decided(portfolio: &Portfolio, evidence: &str, item: &str) -> usize {
    let Ok(item) = portfolio.standards.resolve_item(item) else {
        return 0;
    };
    portfolio
        .decisions
        .iter()
        .filter(|d| {
            d.evidence == evidence
                && portfolio.standards.resolve_item(&d.item).ok().as_ref() == Some(&item)
        })
        .count()
}

fn queue_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    message: Option<(&str, bool)>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let computed = Computed::new(&portfolio);
    let rows = queue_rows(&portfolio, &computed);
    let assessors = portfolio
        .manifest
        .as_ref()
        .map(|m| m.assessors.clone())
        .unwrap_or_default();
    let context = merge(
        frame(&portfolio, p, "assess"),
        json!({
            "rows": rows,
            "waiting": rows.iter().filter(|r| r.waiting).count(),
            "assessors": assessors,
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("assess.html", &context)
}

async fn queue(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(at.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let done = at.done.as_deref().map(|d| (d, false));
        queue_page(&app, &folder, p.as_deref(), done)
    })
    .await
}

/// A decision on one claim, as the queue's form sends it.
#[derive(Debug, Deserialize)]
struct DecideForm {
    p: Option<String>,
    evidence: String,
    item: String,
    /// The piece's SHA-256 when the page was made.
    sha256: String,
    /// How many decisions the claim had when the page was made.
    decided: usize,
    verdict: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    assessor: Option<String>,
}

/// Records one decision, unless the page it came from is out of date (the
/// evidence changed, or someone decided on the claim since): then nothing
/// is written, and the queue is shown as it is now with why.
async fn decide(State(app): State<Arc<App>>, Form(form): Form<DecideForm>) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(form.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let refuse = |why: &str| {
            let mut response = queue_page(&app, &folder, p.as_deref(), Some((why, true)));
            *response.status_mut() = StatusCode::CONFLICT;
            response
        };
        let portfolio = match app.open(&folder) {
            Ok(portfolio) => portfolio,
            Err(refused) => return refused.into_response(),
        };
        let Some(piece) = portfolio.piece(&form.evidence) else {
            return refuse(&format!("{} is no longer evidence of this portfolio; nothing was recorded.", form.evidence));
        };
        if piece.sha256.as_deref() != Some(form.sha256.as_str()) {
            return refuse(&format!(
                "{} has changed since this page was made; nothing was recorded. Look at it again below.",
                form.evidence
            ));
        }
        if decided(&portfolio, &form.evidence, &form.item) != form.decided {
            return refuse(&format!(
                "Someone recorded a decision on {} of {} since this page was made; nothing was recorded. It is shown below as it is now.",
                form.item, form.evidence
            ));
        }
        let items = vec![form.item.clone()];
        let none: Vec<String> = Vec::new();
        let (accept, refer) = match form.verdict.as_str() {
            "accepted" => (&items, &none),
            "referred" => (&none, &items),
            _ => return refuse("Choose accept or refer; nothing was recorded."),
        };
        let request = AssessRequest {
            evidence: &form.evidence,
            accept,
            refer,
            comment: &form.comment,
            comments: &[],
            assessor: form.assessor.as_deref().filter(|a| !a.trim().is_empty()),
            role: Role::Assessor,
            date: (app.today)(),
            keys: app.keys.as_deref(),
        };
        match assess(&portfolio, &request) {
            Ok(assessed) => {
                let verdict = if accept.is_empty() { Verdict::Referred } else { Verdict::Accepted };
                let signed = if assessed.signed_with.is_some() { "signed" } else { "unsigned: you have no signing key" };
                let done = format!(
                    "{verdict} {} for {} ({signed}), recorded in {}",
                    form.item, form.evidence, assessed.recorded.file
                );
                let mut to = format!("/assess?done={}", encode(&done));
                if let Some(p) = &p {
                    to.push_str(&format!("&p={}", encode(p)));
                }
                Redirect::to(&to).into_response()
            }
            Err(e) => refuse(&e.to_string()),
        }
    })
    .await
}

/// Files handed over with the evidence page's form (a file picker, or
/// dragged onto it): each saved into `evidence/` by the store, never over
/// another file; any refusal says why, and the files refused are not
/// written.
async fn upload(State(app): State<Arc<App>>, mut multipart: axum::extract::Multipart) -> Response {
    let mut p = None;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let file_name = field.file_name().map(str::to_owned);
                match (name.as_str(), field.bytes().await) {
                    ("p", Ok(bytes)) => p = Some(String::from_utf8_lossy(&bytes).into_owned()),
                    ("file", Ok(bytes)) => match file_name {
                        Some(file_name) if !file_name.is_empty() => {
                            files.push((file_name, bytes.to_vec()));
                        }
                        _ => {}
                    },
                    (_, Ok(_)) => {}
                    (_, Err(e)) => problems.push(format!(
                        "the file could not be received whole ({e}); nothing was saved"
                    )),
                }
            }
            Ok(None) => break,
            Err(e) => {
                problems.push(format!(
                    "the files could not be received whole ({e}); nothing was saved"
                ));
                break;
            }
        }
    }
    blocking(move || {
        let (folder, p) = match app.folder(p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let mut saved = Vec::new();
        if problems.is_empty() {
            if files.is_empty() {
                problems.push("Choose a file to add.".to_owned());
            }
            for (name, bytes) in &files {
                match save_upload(&folder, name, bytes) {
                    Ok(path) => saved.push(path),
                    Err(e) => problems.push(e.to_string()),
                }
            }
        }
        if problems.is_empty() {
            let done = format!(
                "added {}: now say what {} shows",
                saved.join(", "),
                if saved.len() == 1 { "it" } else { "each" }
            );
            let mut to = format!("/evidence?done={}", encode(&done));
            if let Some(p) = &p {
                to.push_str(&format!("&p={}", encode(p)));
            }
            return Redirect::to(&to).into_response();
        }
        let mut message = problems.join(" ");
        if !saved.is_empty() {
            message.push_str(&format!(" (added: {})", saved.join(", ")));
        }
        let mut response = evidence_page(&app, &folder, p.as_deref(), Some((&message, true)));
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        response
    })
    .await
}

/// Claims for one file, from its page's form (repeated `item` fields,
/// `at` and `note`): the store's `claim`, as `nosfolio claim` does it.
async fn claim_items(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let (folder, p) = match app.folder(field("p").as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let Some(path) = field("path") else {
            return Refused::not_found("Which file?").into_response();
        };
        let items: Vec<String> = fields
            .iter()
            .filter(|(n, _)| n == "item")
            .map(|(_, v)| v.clone())
            .collect();
        let back = |message: &str, refused: bool| {
            let mut response =
                piece_page(&app, &folder, p.as_deref(), &path, Some((message, refused)));
            if refused {
                *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            response
        };
        if items.is_empty() {
            return back(
                "Choose at least one item it shows; nothing was changed.",
                true,
            );
        }
        // Only a file the portfolio holds in evidence/: the store checks
        // the rest (a file it would never read, a link).
        let known = app.open(&folder).ok().is_some_and(|portfolio| {
            portfolio.piece(&path).is_some() || {
                let computed = Computed::new(&portfolio);
                let view = computed.view(&portfolio);
                status_unclaimed(&StatusModel::build(
                    &view,
                    &portfolio.diagnostics,
                    (app.today)(),
                ))
                .contains(&path)
            }
        });
        if !known {
            return Refused::not_found("This portfolio has no such evidence file.").into_response();
        }
        let request = ClaimRequest {
            items,
            at: field("at"),
            note: field("note"),
            ..ClaimRequest::default()
        };
        let options = ScanOptions {
            cache: app.cache.as_ref(),
            trust: app.trust.as_ref(),
            ..ScanOptions::default()
        };
        match nosfolio_store::claim(&folder.join(&path), &request, &options) {
            Ok(outcome) => {
                let mut done = if outcome.added.is_empty() {
                    "nothing new: it claimed those already".to_owned()
                } else {
                    format!(
                        "claimed {} in {}",
                        outcome.added.join(", "),
                        outcome.description
                    )
                };
                for warning in &outcome.warnings {
                    done.push_str(&format!("; note: {}", warning.problem));
                }
                let mut to = format!("/piece?path={}&done={}", encode(&path), encode(&done));
                if let Some(p) = &p {
                    to.push_str(&format!("&p={}", encode(p)));
                }
                Redirect::to(&to).into_response()
            }
            Err(e) => back(&format!("{e}"), true),
        }
    })
    .await
}

/// The networking plan: every contact with their lists, latest score and
/// when they are due; forms to add one, score one and log a contact made.
async fn network(State(app): State<Arc<App>>, Query(at): Query<At>) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(at.p.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let done = at.done.as_deref().map(|d| (d, false));
        network_page(&app, &folder, p.as_deref(), done)
    })
    .await
}

fn network_page(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    message: Option<(&str, bool)>,
) -> Response {
    let portfolio = match app.open(folder) {
        Ok(portfolio) => portfolio,
        Err(refused) => return refused.into_response(),
    };
    let today = (app.today)();
    let due = portfolio.network.due(today, 7);
    let contacts: Vec<Value> = portfolio
        .network
        .contacts()
        .iter()
        .map(|contact| {
            let latest = contact.latest_score();
            let due = due.iter().find(|d| d.contact.id == contact.id);
            json!({
                "id": contact.id,
                "name": contact.name,
                "organisation": contact.organisation,
                "role": contact.role,
                "lists": contact.lists.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "score": latest.map(|s| s.score),
                "scored": latest.map(|s| s.date.to_string()),
                "due": due.map(|d| d.due.to_string()),
                "overdue": due.is_some_and(|d| d.days_overdue > 0),
            })
        })
        .collect();
    let context = merge(
        frame(&portfolio, p, "network"),
        json!({
            "contacts": contacts,
            "today": today.to_string(),
            "message": message.map(|(text, _)| text),
            "refused": message.is_some_and(|(_, refused)| refused),
        }),
    );
    app.render("network.html", &context)
}

/// A form's fields: the first value of `name`, trimmed, if not empty.
fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Answers a change to the networking plan: back to the plan with what was
/// done, or the plan as it is with why nothing was.
fn network_answer(
    app: &App,
    folder: &Path,
    p: Option<&str>,
    result: Result<String, String>,
) -> Response {
    match result {
        Ok(done) => {
            let mut to = format!("/network?done={}", encode(&done));
            if let Some(p) = p {
                to.push_str(&format!("&p={}", encode(p)));
            }
            Redirect::to(&to).into_response()
        }
        Err(why) => {
            let mut response = network_page(app, folder, p, Some((&why, true)));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
    }
}

/// Runs `change` (which returns what was done, or why nothing was) on
/// the portfolio the form names, off the async threads, and answers it.
async fn change_network(
    app: Arc<App>,
    fields: Vec<(String, String)>,
    change: impl FnOnce(&App, &Path, &[(String, String)]) -> Result<String, String> + Send + 'static,
) -> Response {
    blocking(move || {
        let (folder, p) = match app.folder(field(&fields, "p").as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let result = change(&app, &folder, &fields);
        network_answer(&app, &folder, p.as_deref(), result)
    })
    .await
}

/// Adds a contact; their id is made from their name.
async fn network_add(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let name = field(fields, "name").ok_or("Give the person's name; nothing was added.")?;
        let id = nosfolio_store::slug(&name);
        if id.is_empty() {
            return Err(
                "The name has no letters or digits to make an id of; nothing was added.".to_owned(),
            );
        }
        let lists = fields
            .iter()
            .filter(|(n, _)| n == "list")
            .filter_map(|(_, v)| match v.as_str() {
                "know-and-like" => Some(nosfolio_network::List::KnowAndLike),
                "can-help" => Some(nosfolio_network::List::CanHelp),
                _ => None,
            })
            .collect();
        let interests = field(fields, "interests")
            .map(|i| {
                i.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let change = nosfolio_network::ContactChange::Add {
            id: id.clone(),
            fields: nosfolio_network::ContactFields {
                name: Some(name.clone()),
                organisation: field(fields, "organisation"),
                role: field(fields, "role"),
                lists,
                interests,
                ..nosfolio_network::ContactFields::default()
            },
        };
        nosfolio_store::change_contacts(
            folder,
            &change,
            nosfolio_store::ContactsOptions {
                today: (app.today)(),
                force: false,
            },
        )
        .map(|_| format!("added {name} to the networking plan (as `{id}`)"))
        .map_err(|e| e.to_string())
    })
    .await
}

/// Adds a relationship score, today.
async fn network_score(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let id = field(fields, "id").ok_or("Which contact?")?;
        let score: u8 = field(fields, "score")
            .and_then(|s| s.parse().ok())
            .filter(|s| (1..=5).contains(s))
            .ok_or("Choose a score from 1 to 5; nothing was changed.")?;
        let change = nosfolio_network::ContactChange::Score {
            id: id.clone(),
            date: (app.today)(),
            score,
            replace: field(fields, "replace").is_some(),
        };
        nosfolio_store::change_contacts(
            folder,
            &change,
            nosfolio_store::ContactsOptions {
                today: (app.today)(),
                force: false,
            },
        )
        .map(|_| format!("scored {id} {score} today"))
        .map_err(|e| e.to_string())
    })
    .await
}

/// Writes a journal entry of a contact made today.
async fn network_log(
    State(app): State<Arc<App>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    change_network(app, fields, |app, folder, fields| {
        let contact = field(fields, "contact")
            .ok_or("Choose who you were in touch with; nothing was written.")?;
        let kind = field(fields, "kind").ok_or(
            "Say what kind of contact it was (coffee, call, meeting…); nothing was written.",
        )?;
        let next = match field(fields, "next") {
            Some(day) => Some(nosfolio_core::parse_date(&day).map_err(|p| p.explained())?),
            None => None,
        };
        let note = field(fields, "note");
        let entry = nosfolio_network::NewEntry {
            date: (app.today)(),
            contacts: vec![contact.as_str()],
            kind: &kind,
            introduced: Vec::new(),
            next_contact: next,
            confidentiality: None,
            claims: Vec::new(),
            note: note.as_deref(),
        };
        // The contact must be on the plan: the store writes what core
        // checks, and the plan is read back for the id.
        let known = app
            .open(folder)
            .ok()
            .is_some_and(|portfolio| portfolio.network.contacts().iter().any(|c| c.id == contact));
        if !known {
            return Err(format!(
                "{contact} is not on the networking plan; nothing was written."
            ));
        }
        nosfolio_store::write_journal_entry(folder, &entry)
            .map(|path| format!("logged a {kind} with {contact} in {path}"))
            .map_err(|e| e.to_string())
    })
    .await
}
