//! Who is let in, and what every answer carries.
//!
//! - The `Host` must be the loopback address and this port, so that a web
//!   page elsewhere cannot reach the app through a name it points at
//!   127.0.0.1 (DNS rebinding).
//! - The token in the printed URL is exchanged for a cookie of this
//!   server's own (`HttpOnly`, `SameSite=Strict`), and the browser sent
//!   on without it in the address bar; a request with neither is refused.
//! - Anything but a read must come from the app's own pages: its `Origin`
//!   must be this server's.
//! - Every answer forbids framing, sniffing, referrers to other sites and
//!   caching, and a
//!   Content-Security-Policy allows nothing from anywhere but the app.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest as _, Sha256};

use crate::pages::App;

/// The policy of every page: nothing but the app's own script,
/// stylesheet, images and forms (no inline script, no other origin).
pub(crate) const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";

/// The policy of the portfolio report, a self-contained page whose
/// stylesheet is inside it.
pub(crate) const REPORT_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'none'; frame-ancestors 'self'; base-uri 'none'";

/// What the guard knows: the port, and the token's digest.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    port: u16,
    token: [u8; 32],
}

impl Guard {
    pub(crate) fn new(port: u16, token: &str) -> Self {
        Self {
            port,
            token: digest(token),
        }
    }

    /// The cookie's name: one per port, so two servers never mix.
    fn cookie(&self) -> String {
        format!("nosfolio-{}", self.port)
    }

    /// Whether `given` is the token (compared by digest, so in time that
    /// tells nothing of the token).
    fn admits(&self, given: &str) -> bool {
        digest(given) == self.token
    }

    fn host_is_ours(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ]
        .iter()
        .any(|ours| host.eq_ignore_ascii_case(ours))
    }

    fn origin_is_ours(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        [
            format!("http://127.0.0.1:{}", self.port),
            format!("http://localhost:{}", self.port),
        ]
        .iter()
        .any(|ours| origin.eq_ignore_ascii_case(ours))
    }

    /// The cookie's value, if the request carries ours.
    fn cookie_in(&self, headers: &HeaderMap) -> Option<String> {
        let name = self.cookie();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .flat_map(|h| h.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The token in a query string, if any.
fn token_in(query: &str) -> Option<&str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "token")
        .map(|(_, value)| value)
}

/// The query without its token.
fn without_token(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| !pair.starts_with("token=") && !pair.is_empty())
        .collect::<Vec<_>>()
        .join("&")
}

/// A refusal, as a short page that says what to do.
pub(crate) fn refusal(status: StatusCode, why: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>nosfolio: not allowed</title></head><body><h1>Not allowed</h1><p>{}</p></body></html>",
        crate::pages::escape(why)
    );
    let mut response = (status, axum::response::Html(page)).into_response();
    harden(response.headers_mut(), POLICY);
    response
}

/// The headers every answer carries.
pub(crate) fn harden(headers: &mut HeaderMap, policy: &str) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(policy).unwrap_or(HeaderValue::from_static("default-src 'none'")),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: under `no-referrer` a browser sends
    // `Origin: null` with a form, and the app's own writes would be refused.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The middleware: see the module's documentation.
pub(crate) async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let guard = &app.guard;
    if !guard.host_is_ours(request.headers()) {
        return refusal(
            StatusCode::MISDIRECTED_REQUEST,
            "This app answers only at 127.0.0.1 or localhost, at its own port.",
        );
    }
    let query = request.uri().query().unwrap_or_default().to_owned();
    if let Some(given) = token_in(&query) {
        if !guard.admits(given) {
            return refusal(
                StatusCode::FORBIDDEN,
                "This link's token is not this server's: open the link `nosfolio serve` printed.",
            );
        }
        let rest = without_token(&query);
        let path = request.uri().path();
        let to = if rest.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{rest}")
        };
        let mut response = Redirect::to(&to).into_response();
        let cookie = format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            guard.cookie(),
            given
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        harden(response.headers_mut(), POLICY);
        return response;
    }
    if !guard
        .cookie_in(request.headers())
        .is_some_and(|value| guard.admits(&value))
    {
        return refusal(
            StatusCode::FORBIDDEN,
            "Open the link `nosfolio serve` printed (it holds the token that lets this browser in).",
        );
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD)
        && !guard.origin_is_ours(request.headers())
    {
        let from = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("nowhere named");
        return refusal(
            StatusCode::FORBIDDEN,
            &format!(
                "A change must come from this app's own pages, and this one came from {from}; nothing was changed."
            ),
        );
    }
    let mut response = next.run(request).await;
    harden(response.headers_mut(), POLICY);
    response
}
