//! A small builder for running the CLI against a copy of a fixture portfolio.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where every run of the suite keeps nosfolio's key for the cache
/// (`NOSFOLIO_DATA_DIR`): in the build's temporary folder, never the home.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nosfolio-data")
}

/// The key the suite's runs mark their caches with.
pub fn cache_key() -> nosfolio_store::CacheKey {
    nosfolio_store::CacheKey::load_or_create(&data_dir()).unwrap()
}

/// The JSON of a cache file (`cache.json`, a caseload's rows) the suite's
/// runs wrote, its mark checked.
pub fn read_marked(path: &Path) -> String {
    let bytes = fs::read(path).unwrap();
    let label = path.file_name().unwrap().to_str().unwrap();
    let json = cache_key().open(label, &bytes).unwrap();
    String::from_utf8(json.to_vec()).unwrap()
}

/// Writes `json` as a cache file the suite's runs would trust.
pub fn write_marked(path: &Path, json: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let label = path.file_name().unwrap().to_str().unwrap();
    fs::write(path, cache_key().mark(label, json.as_bytes())).unwrap();
}

/// The configuration folder every run of the suite has unless a test
/// gives it its own (`NOSFOLIO_CONFIG_DIR`): in the build's temporary
/// folder, never the home, and holding no signing keys, so runs sign
/// nothing unless a test says so.
pub fn config_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nosfolio-config-empty")
}

/// A command running the binary under test, with the suite's key folder.
pub fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nosfolio"));
    command.env(nosfolio_store::DATA_DIR_VAR, data_dir());
    command.env(nosfolio_store::CONFIG_DIR_VAR, config_dir());
    command
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A portfolio copied into a temporary folder, so tests can change it freely.
pub struct TempPortfolio {
    dir: tempfile::TempDir,
}

impl TempPortfolio {
    /// A copy of `tests/fixtures/<name>`.
    pub fn from_fixture(name: &str) -> Self {
        Self::copy_of(&fixture(name))
    }

    /// A copy of any folder.
    pub fn copy_of(source: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(source, dir.path());
        Self { dir }
    }

    /// An empty folder.
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The portfolio folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders) inside the portfolio.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    /// A text file of the portfolio's, or what went wrong reading it.
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path().join(relative))
            .unwrap_or_else(|e| format!("{relative} cannot be read: {e}"))
    }

    /// `nosfolio ARGS…` run inside the portfolio folder.
    pub fn run(&self, args: &[&str]) -> Run {
        nosfolio(args).current_dir(self.path()).run()
    }
}

/// The bytes of a file a test made outside any portfolio (a PDF written,
/// a file saved from it).
pub fn file_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    fs::read(path)
}

/// Writes a file outside any portfolio, creating its folder.
pub fn put_file(path: &Path, contents: impl AsRef<[u8]>) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)?;
    }
    fs::write(path, contents)
}

/// Copies a folder, leaving out nosfolio caches (`.nosfolio/`): a cache
/// describes the files it was made for, and running the README's example
/// command leaves one in `examples/`.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".nosfolio" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A command line for the binary under test.
pub struct Cli {
    command: Command,
}

/// The day every run of the suite acts on (`NOSFOLIO_TODAY`), unless a
/// test says otherwise: outputs are the same whatever the date.
pub const TODAY: &str = "2026-02-02";

/// `nosfolio ARGS…`, without colour, with a fixed width, on the day [`TODAY`].
pub fn nosfolio(args: &[&str]) -> Cli {
    let mut command = binary();
    command
        .args(args)
        .env("NOSFOLIO_TODAY", TODAY)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    Cli { command }
}

/// `nosfolio ARGS…` as [`nosfolio`] gives it, but unable to read what its
/// file modes forbid, even when the suite runs as root (as CI does): then
/// it runs under `setpriv` without the capabilities that override file
/// modes. `None`, with a note on stderr, when that cannot be arranged.
pub fn nosfolio_bound_by_file_modes(args: &[&str]) -> Option<Cli> {
    use std::os::unix::fs::MetadataExt;
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if !root {
        return Some(nosfolio(args));
    }
    let drop = "-dac_override,-dac_read_search";
    let works = Command::new("setpriv")
        .args(["--bounding-set", drop, "--inh-caps", drop, "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !works {
        eprintln!("skipped: running as root without `setpriv`, so file modes cannot deny a read");
        return None;
    }
    let mut command = Command::new("setpriv");
    command
        .args(["--bounding-set", drop, "--inh-caps", drop])
        .arg(env!("CARGO_BIN_EXE_nosfolio"))
        .args(args)
        .env(nosfolio_store::DATA_DIR_VAR, data_dir())
        .env(nosfolio_store::CONFIG_DIR_VAR, config_dir())
        .env("NOSFOLIO_TODAY", TODAY)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    Some(Cli { command })
}

impl Cli {
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.command.env_remove(key);
        self
    }

    pub fn run(mut self) -> Run {
        let output = self.command.output().unwrap();
        Run::from(output)
    }

    /// Starts the command without waiting for it: for runs at the same time.
    pub fn spawn(mut self) -> Running {
        use std::process::Stdio;
        let child = self
            .command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Running(child)
    }
}

/// A command started by [`Cli::spawn`].
pub struct Running(std::process::Child);

impl Running {
    /// Kills it outright (SIGKILL on Unix: no handler runs) and reaps it.
    pub fn kill(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }

    /// Waits for it to end.
    pub fn wait(self) -> Run {
        Run::from(self.0.wait_with_output().unwrap())
    }

    /// Waits for it to end, at most `seconds`; a run still going then is
    /// killed and the test fails, saying it blocked.
    #[track_caller]
    pub fn wait_at_most(mut self, seconds: u64, what: &str) -> Run {
        let started = std::time::Instant::now();
        while self.0.try_wait().unwrap().is_none() {
            if started.elapsed().as_secs() >= seconds {
                let _ = self.0.kill();
                panic!("{what}: still running after {seconds} s, so it blocked");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        self.wait()
    }
}

/// `nosfolio assess FILE --assessor "Tom Reid" --comment Seen. ARGS…` run
/// in the portfolio folder `dir`.
pub fn assess_in(dir: &Path, file: &str, args: &[&str]) -> Run {
    let mut all = vec![
        "assess",
        file,
        "--assessor",
        "Tom Reid",
        "--comment",
        "Seen.",
    ];
    all.extend_from_slice(args);
    nosfolio(&all).current_dir(dir).run()
}

/// Refers `item` on every piece of evidence claiming it, so that the item
/// itself is referred (a referral of one piece leaves the others awaiting).
pub fn refer_on_every_piece(dir: &Path, item: &str) {
    let matrix = nosfolio(&["matrix", "--format", "json"])
        .current_dir(dir)
        .run()
        .json();
    let entry = matrix["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == item)
        .unwrap_or_else(|| panic!("no item {item}"));
    for claim in entry["claims"].as_array().unwrap() {
        assess_in(dir, claim["evidence"].as_str().unwrap(), &["--refer", item]).code(0);
    }
}

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(self.code, expected, "unexpected exit code\n{self:#?}");
        assert!(
            !self.stderr.contains("internal error"),
            "a panic was reached\n{self:#?}"
        );
        self
    }

    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

/// The status of item `id` in `matrix --format json` output.
pub fn item_status(matrix: &serde_json::Value, id: &str) -> String {
    let items = matrix["items"].as_array().expect("matrix JSON has items");
    let item = items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"));
    item["status"].as_str().expect("a status").to_owned()
}

impl Run {
    /// The path after `wrote ` on the first line of stdout.
    pub fn written(&self) -> String {
        let first = self.stdout.lines().next().unwrap_or_default();
        first
            .strip_prefix("wrote ")
            .unwrap_or_else(|| panic!("nothing written: {self:#?}"))
            .to_owned()
    }
}

/// Characters no text output may carry: controls other than a line feed
/// (escape sequences, carriage returns, bells) and bidi controls.
pub fn unsafe_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}
