//! Streaming SHA-256: files are read in fixed-size buffers, never whole,
//! and many files are hashed at once, one per core.
//!
//! The SHA-256 of one file is a chain through all of its blocks, so one file
//! is always hashed by one core. What keeps every core busy is the order:
//! files are handed out largest first, one at a time, so a very large file
//! starts early and the small ones fill the other cores around it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// Bytes read at a time: one buffer per worker thread, reused from file to
/// file, so memory stays flat however large the files are. 64 KiB measured
/// best (BENCHMARKS.md): from 128 KiB up, the kernel's copy into the buffer
/// took three times the system time, as the buffer no longer stays in cache.
const BUFFER: usize = 64 * 1024;

thread_local! {
    static BUFFERS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Told about hashing as it happens, for example to draw a progress bar.
/// Called from many threads at once.
pub trait Progress: Sync {
    /// `bytes` more are to be hashed.
    fn add_work(&self, bytes: u64);
    /// `bytes` more have been hashed.
    fn advance(&self, bytes: u64);
}

/// The SHA-256 of a file's contents, lower-case hex, and the number of bytes read.
///
/// # Errors
/// Any error opening or reading the file.
pub fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    hash_reporting(path, None)
}

/// [`hash_file`], telling `progress` after each buffer.
fn hash_reporting(path: &Path, progress: Option<&dyn Progress>) -> io::Result<(String, u64)> {
    let mut file = crate::read::open_regular(path)?;
    BUFFERS.with_borrow_mut(|buffer| {
        if buffer.len() < BUFFER {
            buffer.resize(BUFFER, 0);
        }
        let mut hasher = Sha256::new();
        let mut total = 0u64;
        loop {
            match file.read(buffer) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buffer[..n]);
                    total += n as u64;
                    if let Some(progress) = progress {
                        progress.advance(n as u64);
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        Ok((hex::encode(hasher.finalize()), total))
    })
}

/// What hashing one file gave: its SHA-256 and the bytes read, or why it
/// could not be read.
pub(crate) type Hashed = io::Result<(String, u64)>;

/// Hashes `files` (paths relative to `root`, each with its expected size)
/// in parallel, largest first, each file one task.
pub(crate) fn hash_all(
    root: &Path,
    mut files: Vec<(String, u64)>,
    progress: Option<&dyn Progress>,
) -> HashMap<String, Hashed> {
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if let Some(progress) = progress {
        progress.add_work(files.iter().map(|(_, size)| size).sum());
    }
    files
        .into_par_iter()
        .with_max_len(1)
        .map(|(path, _)| {
            let hashed = hash_reporting(&root.join(&path), progress);
            (path, hashed)
        })
        .collect()
}

/// The SHA-256 of a byte string, lower-case hex.
#[must_use]
pub fn hash_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One line of a `sha256sum`-style listing, `<sha256>  <path>\n`, with
/// `sha256sum`'s escaping: a path holding a line break or a backslash has
/// them written `\n` and `\\`, and its line starts with `\`. A SHA-256 is
/// 64 hex digits and an escaped path holds no line break, so a listing
/// reads back one way only; a path without either is written as it is, so
/// digests of ordinary listings are what they always were.
pub(crate) fn listing_line(out: &mut String, sha256: &str, path: &str) {
    if path.contains(['\n', '\\']) {
        out.push('\\');
        out.push_str(sha256);
        out.push_str("  ");
        out.push_str(&path.replace('\\', "\\\\").replace('\n', "\\n"));
    } else {
        out.push_str(sha256);
        out.push_str("  ");
        out.push_str(path);
    }
    out.push('\n');
}

/// A SHA-256 over fields, each framed by its length (8 bytes, big-endian),
/// so that no two sequences of fields give the same bytes.
pub(crate) struct Framed(Sha256);

impl Framed {
    /// A digest of fields, starting with `domain` (what is digested).
    pub(crate) fn new(domain: &str) -> Self {
        let mut framed = Self(Sha256::new());
        framed.field(domain.as_bytes());
        framed
    }

    /// Adds one field.
    pub(crate) fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_be_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a number (a count, a size), as its 8 bytes, big-endian.
    pub(crate) fn number(&mut self, n: u64) -> &mut Self {
        self.field(&n.to_be_bytes())
    }

    /// The digest, lower-case hex.
    pub(crate) fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            hash_bytes(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc");
        // Larger than one buffer, so the streaming loop runs more than once.
        let content = b"abc".repeat(200_000);
        std::fs::write(&path, &content).unwrap();
        assert_eq!(hash_file(&path).unwrap(), (hash_bytes(&content), 600_000));
    }

    #[test]
    fn listings_escape_as_sha256sum_does_and_read_back_one_way() {
        let sha = "a".repeat(64);
        let mut plain = String::new();
        listing_line(&mut plain, &sha, "evidence/a b.txt");
        assert_eq!(plain, format!("{sha}  evidence/a b.txt\n"));
        // A line break in a name cannot forge a second line.
        let mut forged = String::new();
        listing_line(&mut forged, &sha, &format!("x\n{sha}  y"));
        let mut two = String::new();
        listing_line(&mut two, &sha, "x");
        listing_line(&mut two, &sha, "y");
        assert_ne!(forged, two);
        assert_eq!(forged, format!("\\{sha}  x\\n{sha}  y\n"));
        let mut slash = String::new();
        listing_line(&mut slash, &sha, "a\\n");
        assert_ne!(slash, {
            let mut s = String::new();
            listing_line(&mut s, &sha, "a\n");
            s
        });
    }

    #[test]
    fn framed_fields_cannot_shift_into_each_other() {
        let digest = |fields: &[&str]| {
            let mut framed = Framed::new("test");
            for f in fields {
                framed.field(f.as_bytes());
            }
            framed.finish()
        };
        assert_ne!(digest(&["ab", "c"]), digest(&["a", "bc"]));
        assert_ne!(digest(&["a\n", ""]), digest(&["a", "\n"]));
    }
}
