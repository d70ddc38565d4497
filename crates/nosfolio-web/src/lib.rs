//! `nosfolio serve`: a portfolio, or a caseload of them, in the browser.
//!
//! A local web app on axum and tokio, bound to 127.0.0.1 alone. Every read
//! and every write goes through `nosfolio-store` (the same validation,
//! locks and atomic writes as the command line) and every page is built
//! from the same models the command line prints (`nosfolio-report`). It
//! keeps a portfolio's last reading (and report) only while a walk of its
//! folder, begun after the request arrived, finds every file as it was: a
//! change made on disk shows on reload.
//!
//! Whoever can reach the port is not thereby let in ([`guard`]): the URL
//! printed at start holds a random token, exchanged at once for a cookie
//! of this server's own; the `Host` must name the loopback address (no DNS
//! rebinding); every write must come from one of the app's own pages (its
//! `Origin`); and a Content-Security-Policy keeps every request on the
//! machine. Pages, stylesheet, forms and the one script are embedded;
//! every form works without script, which only adds comforts (dropping
//! files to upload, filtering lists as you type, printing the preview).

mod computed;
mod guard;
mod pages;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use nosfolio_core::TrustList;
use nosfolio_store::CacheKey;

pub use computed::{Computed, sign_off_summary};

/// What a server serves, and how.
pub struct ServeOptions {
    /// A portfolio folder, or a folder of portfolios (a caseload).
    pub root: PathBuf,
    /// The port on 127.0.0.1 (0: any free one).
    pub port: u16,
    /// Today, asked afresh for each request (the command line's clock).
    pub today: Arc<dyn Fn() -> jiff::civil::Date + Send + Sync>,
    /// The verifier's trust list, if one is in force.
    pub trust: Option<TrustList>,
    /// The user's key for the cache in `.nosfolio/`, when it is used.
    pub cache: Option<CacheKey>,
    /// The configuration folder holding the user's signing keys, which
    /// sign what they decide here; `None`: nothing is signed.
    pub keys: Option<PathBuf>,
}

impl std::fmt::Debug for ServeOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeOptions")
            .field("root", &self.root)
            .field("port", &self.port)
            .field("trust", &self.trust.as_ref().map(|t| &t.file))
            .field("cache", &self.cache.is_some())
            .finish_non_exhaustive()
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The folder is neither a portfolio nor a folder holding any.
    #[error(
        "{} holds no portfolio (no portfolio.yaml in it or any folder below)\n  help: to start a portfolio, point it at an empty folder, or at one not made yet",
        .0.display()
    )]
    Nothing(PathBuf),
    /// The folder cannot be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// No port: taken, or not allowed.
    #[error(
        "cannot listen on 127.0.0.1:{port}: {source}\n  help: choose another port with --port, or 0 for any free one"
    )]
    Bind {
        /// The port asked for.
        port: u16,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// No random token could be made.
    #[error("cannot make a random token: {0}")]
    Random(String),
    /// The embedded pages do not load (a bug).
    #[error("the pages cannot be loaded: {0}")]
    Templates(String),
}

/// A server bound to its port, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    address: SocketAddr,
    token: String,
    app: axum::Router,
    caseload: bool,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("address", &self.address)
            .field("caseload", &self.caseload)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Binds 127.0.0.1 at `options.port` and prepares the app for
    /// `options.root`: a portfolio, or a caseload when it is not one.
    ///
    /// # Errors
    /// [`ServeError`].
    pub async fn bind(options: ServeOptions) -> Result<Self, ServeError> {
        let caseload = caseload_of(&options.root)?;
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))
            .await
            .map_err(|source| ServeError::Bind {
                port: options.port,
                source,
            })?;
        let address = listener.local_addr().map_err(|source| ServeError::Bind {
            port: options.port,
            source,
        })?;
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| ServeError::Random(e.to_string()))?;
        let token = hex::encode(bytes);
        let state = pages::App::new(options, caseload.clone(), address.port(), &token)?;
        let app = pages::router(Arc::new(state));
        Ok(Self {
            listener,
            address,
            token,
            app,
            caseload: !caseload.is_empty(),
        })
    }

    /// Where it listens.
    #[must_use]
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Whether it serves a caseload (else one portfolio).
    #[must_use]
    pub fn is_caseload(&self) -> bool {
        self.caseload
    }

    /// The URL to open: the app, with the token that lets the browser in.
    #[must_use]
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/?token={}",
            self.address.port(),
            self.token
        )
    }

    /// Serves until the process ends.
    ///
    /// # Errors
    /// When the listener fails.
    pub async fn run(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.app).await
    }
}

/// The portfolios under `root` when it is a caseload, empty when it is a
/// portfolio itself.
fn caseload_of(root: &Path) -> Result<Vec<PathBuf>, ServeError> {
    // A portfolio, or an empty folder to start one in (its first page).
    if nosfolio_store::is_portfolio(root) || nosfolio_store::is_empty_folder(root) {
        return Ok(Vec::new());
    }
    let found = nosfolio_store::find_portfolios(root).map_err(|e| ServeError::Io {
        path: root.to_owned(),
        source: std::io::Error::other(e.to_string()),
    })?;
    if found.portfolios.is_empty() {
        return Err(ServeError::Nothing(root.to_owned()));
    }
    Ok(found.portfolios)
}
