//! `nosfolio serve`: the portfolio, or a caseload, in the browser.

use std::path::PathBuf;

use nosfolio_web::{ServeOptions, Server};

use super::{Context, Outcome};
use crate::output;

/// Open the portfolio (or a folder of portfolios) in your browser: a local
/// web app on this computer alone (127.0.0.1). It prints the address to
/// open, which holds a one-off token: only a browser given that address is
/// let in. Everything it shows and changes goes through the same checks,
/// locks and files as the commands. Stop it with Ctrl-C.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A portfolio folder, or a folder of portfolios (a caseload).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// The port on 127.0.0.1 (0: any free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Open the address in your browser too.
    #[arg(long)]
    open: bool,
}

pub(crate) fn run(args: &Args, context: &Context) -> anyhow::Result<Outcome> {
    let trust = context.trust_at(&args.dir)?.cloned();
    let options = ServeOptions {
        root: args.dir.clone(),
        port: args.port,
        today: context.clock.today_fn(),
        trust,
        cache: context.cache_key().copied(),
        keys: nosfolio_store::config_folder(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let server = Server::bind(options).await?;
        let url = server.url();
        output::print(&format!(
            "nosfolio is serving {} {} at\n  {url}\nOpen that address in your browser (it lets this browser in). Stop with Ctrl-C.",
            if server.is_caseload() {
                "the caseload"
            } else if nosfolio_store::is_portfolio(&args.dir) {
                "the portfolio"
            } else {
                "a new portfolio, to be started on its first page, in"
            },
            args.dir.display()
        ))?;
        if args.open {
            open_browser(&url);
        }
        server.run().await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(Outcome::Ok)
}

/// Asks the desktop to open `url`; says so when it cannot.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener).arg(url).spawn() {
        output::error_line(&format!(
            "warning: could not open a browser ({opener}: {error}); open the address yourself"
        ));
    }
}
