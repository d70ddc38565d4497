//! Reading small text files (sidecars, `portfolio.yaml`, standards) with a
//! size limit, so a huge or binary file gives a clear problem instead of
//! exhausting memory.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use nosfolio_core::{Diagnostic, Problem};

/// Largest sidecar, `portfolio.yaml` or standard file nosfolio reads.
pub const TEXT_LIMIT: u64 = 1024 * 1024;

/// Largest Markdown file whose front matter nosfolio reads.
pub const MARKDOWN_LIMIT: u64 = 8 * 1024 * 1024;

/// Reads a standard file a user names (outside any portfolio, say), within
/// the limit of the standard files a portfolio reads.
///
/// # Errors
/// A diagnostic naming the file: unreadable, too large, or not UTF-8.
pub fn read_standard_file(path: &Path) -> Result<String, Diagnostic> {
    read_text(path, &path.display().to_string(), TEXT_LIMIT)
}

/// Reads `path` as UTF-8 text of at most `limit` bytes; `shown` names it in
/// the diagnostic when that fails.
pub(crate) fn read_text(path: &Path, shown: &str, limit: u64) -> Result<String, Diagnostic> {
    let unreadable = |error: std::io::Error| {
        Diagnostic::file(
            shown,
            Problem::Unreadable {
                path: shown.to_owned(),
                message: error.to_string(),
            },
        )
    };
    let file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > limit {
        return Err(Diagnostic::file(shown, Problem::TooLarge { size, limit }));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Never more than the limit, even if the file grows while it is read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(Diagnostic::file(
            shown,
            Problem::TooLarge {
                size: bytes.len() as u64,
                limit,
            },
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&error.as_bytes()[..offset]);
        let line = text.matches('\n').count() + 1;
        Diagnostic::file(
            shown,
            Problem::NotText {
                detail: format!("invalid byte at offset {offset} (line {line})"),
            },
        )
    })
}

/// Whether a file starts with a front-matter line, reading only a few bytes.
pub(crate) fn starts_with_front_matter(path: &Path) -> bool {
    let mut head = [0u8; 8];
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut read = 0;
    let mut take = file.take(head.len() as u64);
    while let Ok(n) = take.read(&mut head[read..]) {
        if n == 0 {
            break;
        }
        read += n;
    }
    let head = &head[..read];
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    head.starts_with(b"---\n") || head.starts_with(b"---\r\n")
}
