//! Case 7 (issue 17): `nosfolio serve` under concurrent clients.
//!
//! The release binary is started as a process of its own (`serve DIR
//! --port 0`), its address and token read from what it prints, the token
//! exchanged for its cookie the way a browser does, and then several
//! client threads, each on one kept-alive connection, ask for the pages in
//! turn; every answer's latency is kept (from the request's first byte
//! written to its body's last byte read).
//!
//! The baseline is the same clients asking a trivial server in this
//! process for the very bytes nosfolio answered with, page by page: the
//! cost of the connection, HTTP and the clients themselves, with no work
//! behind it. Requests are written by hand on a TCP stream, as the web
//! crate's own tests do, so the benchmark needs no HTTP client.

use std::collections::HashMap;
use std::io::{self, BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long any one answer may take before the case gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// A child process, killed and reaped when dropped: on every path out of
/// the case, errors and panics included, so that no server outlives the
/// benchmark.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `nosfolio serve`.
pub(crate) struct Served {
    process: Process,
    /// Kept open so that the server never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
    /// `127.0.0.1:port`.
    host: String,
    /// The printed URL's path and query, with the token: `/?token=…`.
    entry: String,
}

impl Served {
    /// Starts `nosfolio serve DIR --port 0` and reads the URL it prints.
    pub(crate) fn start(nosfolio: &Path, dir: &Path) -> io::Result<Self> {
        let mut child = Command::new(nosfolio)
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child.stdout.take();
        // From here on the guard stops the server whatever happens.
        let process = Process(child);
        let mut stdout = BufReader::new(
            stdout.ok_or_else(|| io::Error::other("the server's output was not captured"))?,
        );
        let mut line = String::new();
        loop {
            line.clear();
            if stdout.read_line(&mut line)? == 0 {
                return Err(io::Error::other(
                    "nosfolio serve ended without printing its address",
                ));
            }
            if line.contains("http://") {
                break;
            }
        }
        let url = line.trim();
        let url = url.get(url.find("http://").unwrap_or(0) + "http://".len()..);
        let (host, entry) = url
            .and_then(|rest| rest.find('/').map(|slash| rest.split_at(slash)))
            .ok_or_else(|| io::Error::other(format!("not an address: {}", line.trim())))?;
        Ok(Self {
            host: host.to_owned(),
            entry: entry.to_owned(),
            process,
            _stdout: stdout,
        })
    }

    /// The server's peak resident memory so far (`VmHWM` in
    /// `/proc/PID/status`: the kernel's high-water mark, however briefly
    /// it peaked), in KiB.
    pub(crate) fn peak_kib(&self) -> Option<u64> {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.process.0.id())).ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// The cookie a browser gets for the printed URL: `name=value`.
    pub(crate) fn cookie(&self) -> io::Result<String> {
        let mut client = Client::connect(&self.host, None)?;
        let answer = client.get(&self.entry)?;
        if !(300..400).contains(&answer.status) {
            return Err(io::Error::other(format!(
                "the printed URL answered {}, not a redirect with a cookie",
                answer.status
            )));
        }
        answer
            .set_cookie
            .and_then(|c| c.split(';').next().map(str::to_owned))
            .ok_or_else(|| io::Error::other("the printed URL set no cookie"))
    }

    /// How the server ended, if it has: an error from a client means
    /// little without it.
    pub(crate) fn ended(&mut self) -> Option<String> {
        match self.process.0.try_wait() {
            Ok(Some(status)) => Some(format!("the server ended ({status})")),
            Ok(None) => None,
            Err(e) => Some(e.to_string()),
        }
    }

    /// `127.0.0.1:port`.
    pub(crate) fn host(&self) -> &str {
        &self.host
    }
}

/// An answer, as much of it as the benchmark needs.
pub(crate) struct Answer {
    pub(crate) status: u16,
    set_cookie: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// One HTTP/1.1 connection, kept alive, asking with a cookie.
pub(crate) struct Client {
    reader: BufReader<TcpStream>,
    host: String,
    cookie: Option<String>,
}

impl Client {
    pub(crate) fn connect(host: &str, cookie: Option<&str>) -> io::Result<Self> {
        let stream = TcpStream::connect(host)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(PATIENCE))?;
        stream.set_write_timeout(Some(PATIENCE))?;
        Ok(Self {
            reader: BufReader::with_capacity(64 * 1024, stream),
            host: host.to_owned(),
            cookie: cookie.map(str::to_owned),
        })
    }

    /// GETs `target` (a path and query) and reads the whole answer.
    pub(crate) fn get(&mut self, target: &str) -> io::Result<Answer> {
        // As a browser asks: a compressed answer is welcome (and read as
        // sent, not decompressed: that is the browser's work, not the
        // server's).
        let mut request = format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n",
            self.host
        );
        if let Some(cookie) = &self.cookie {
            request.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        request.push_str("\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("not an HTTP answer: {line:?}")))?;
        let mut length = None;
        let mut chunked = false;
        let mut set_cookie = None;
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse::<usize>().ok(),
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "set-cookie" => set_cookie = Some(value.to_owned()),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size =
                    usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                        .map_err(|e| io::Error::other(format!("bad chunk size {line:?}: {e}")))?;
                let start = body.len();
                body.resize(start + size + 2, 0);
                self.reader.read_exact(&mut body[start..])?;
                body.truncate(start + size);
                if size == 0 {
                    break;
                }
            }
        } else {
            body.resize(length.unwrap_or(0), 0);
            self.reader.read_exact(&mut body)?;
        }
        Ok(Answer {
            status,
            set_cookie,
            body,
        })
    }
}

/// A trivial HTTP server in this process answering each of a few paths
/// with fixed bytes, on as many kept-alive connections as are opened (a
/// thread each): the baseline. Stopped when dropped.
pub(crate) struct Static {
    host: String,
    stop: Arc<AtomicBool>,
}

impl Static {
    pub(crate) fn start(pages: HashMap<String, Vec<u8>>) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let host = listener.local_addr()?.to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let pages = Arc::new(pages);
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let pages = Arc::clone(&pages);
                std::thread::spawn(move || {
                    // A connection that fails ends; the client says so.
                    let _ = answer_static(stream, &pages);
                });
            }
        });
        Ok(Self { host, stop })
    }

    pub(crate) fn host(&self) -> &str {
        &self.host
    }
}

impl Drop for Static {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(&self.host);
    }
}

fn answer_static(stream: TcpStream, pages: &HashMap<String, Vec<u8>>) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let target = line.split_whitespace().nth(1).unwrap_or("").to_owned();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
                break;
            }
        }
        let empty = Vec::new();
        let (status, body) = pages
            .get(&target)
            .map_or(("404 Not Found", &empty), |body| ("200 OK", body));
        let head = format!(
            "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        writer.write_all(head.as_bytes())?;
        writer.write_all(body)?;
    }
}

/// Latencies by page, in seconds, in the order of `pages`.
pub(crate) type Latencies = Vec<Vec<f64>>;

/// `clients` threads, each on its own connection to `host`, each asking
/// for every page in `pages` `rounds` times, in turn (client `c` starting
/// at page `c`, so that all pages are asked for at once); every answer
/// must be 200.
pub(crate) fn load(
    host: &str,
    cookie: Option<&str>,
    pages: &[String],
    clients: usize,
    rounds: usize,
) -> io::Result<Latencies> {
    let results: Vec<io::Result<Vec<(usize, f64)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                scope.spawn(move || {
                    let mut client = Client::connect(host, cookie)?;
                    let mut seen = Vec::with_capacity(rounds * pages.len());
                    for n in 0..rounds * pages.len() {
                        let page = (c + n) % pages.len();
                        let started = Instant::now();
                        let answer = client.get(&pages[page]).map_err(|e| {
                            io::Error::other(format!(
                                "client {c}, request {n}, {host}{}: {e}",
                                pages[page]
                            ))
                        })?;
                        let seconds = started.elapsed().as_secs_f64();
                        if answer.status != 200 {
                            return Err(io::Error::other(format!(
                                "{} answered {}: {}",
                                pages[page],
                                answer.status,
                                String::from_utf8_lossy(&answer.body)
                            )));
                        }
                        seen.push((page, seconds));
                    }
                    Ok(seen)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("a client thread panicked")))
            })
            .collect()
    });
    let mut latencies = vec![Vec::new(); pages.len()];
    for result in results {
        for (page, seconds) in result? {
            latencies[page].push(seconds);
        }
    }
    Ok(latencies)
}

/// The `q`-quantile (0 to 1) of `values`, by the nearest rank.
pub(crate) fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    // The nearest rank: the smallest value with at least q of them at or
    // below it.
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let values: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert!((quantile(&values, 0.5) - 50.0).abs() < 1e-9);
        assert!((quantile(&values, 0.99) - 99.0).abs() < 1e-9);
        assert!((quantile(&values, 1.0) - 100.0).abs() < 1e-9);
        assert!((quantile(&[3.0], 0.99) - 3.0).abs() < 1e-9);
        assert!(quantile(&[], 0.5).abs() < 1e-9);
    }

    #[test]
    fn the_static_server_answers_its_pages_on_one_connection()
    -> Result<(), Box<dyn std::error::Error>> {
        let pages = HashMap::from([("/a".to_owned(), b"hello".to_vec())]);
        let server = Static::start(pages)?;
        let latencies = load(server.host(), None, &["/a".to_owned()], 2, 3)?;
        assert_eq!(latencies[0].len(), 6);
        let mut client = Client::connect(server.host(), None)?;
        assert_eq!(client.get("/a")?.body, b"hello");
        assert_eq!(client.get("/b")?.status, 404);
        Ok(())
    }
}
