//! Reading small text files (sidecars, `portfolio.yaml`, standards) with a
//! size limit, so a huge or binary file gives a clear problem instead of
//! exhausting memory.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use nosfolio_core::{Diagnostic, Problem};

/// Largest sidecar, `portfolio.yaml` or standard file nosfolio reads.
pub const TEXT_LIMIT: u64 = 1024 * 1024;

/// Largest Markdown file whose front matter nosfolio reads.
pub const MARKDOWN_LIMIT: u64 = 8 * 1024 * 1024;

/// Largest cache or caseload rows file nosfolio reads; a larger one is
/// ignored with a warning and rebuilt.
pub(crate) const CACHE_LIMIT: u64 = 128 * 1024 * 1024;

/// Opens `path` for reading only if it is a regular file (following
/// links), without ever waiting: a named pipe, socket or device is opened
/// without blocking and refused by the type of the open handle, so no
/// strange file can make nosfolio hang.
///
/// # Errors
/// The open's own error, or [`io::ErrorKind::InvalidInput`] with "not a
/// regular file".
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    open_regular_with(path, true)
}

/// [`open_regular`], but without following a link in the last component
/// when `follow` is false (on Unix: a link there is refused).
fn open_regular_with(path: &Path, follow: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let no_link = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | no_link);
    }
    #[cfg(not(unix))]
    let _ = follow;
    let file = options.open(path)?;
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a pipe, socket, device or folder)",
        ))
    }
}

/// The bytes of the regular file at `path`, refused above `limit`
/// (checked on the open file before reading, and while reading).
///
/// # Errors
/// As [`open_regular`], or [`io::ErrorKind::FileTooLarge`] naming the limit.
pub(crate) fn read_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let too_large = || {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("larger than the limit of {} MiB", limit / (1024 * 1024)),
        )
    };
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The first `limit` bytes at most of the regular file at `path`, and the
/// file's whole size: for showing the start of a long text.
///
/// # Errors
/// As [`open_regular`], or as reading fails.
pub(crate) fn read_head(path: &Path, limit: u64) -> io::Result<(Vec<u8>, u64)> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0));
    file.take(limit).read_to_end(&mut bytes)?;
    Ok((bytes, size))
}

/// Reads a file a user names on the command line (a standard file, a
/// framework to import, a template) as UTF-8 text of at most `limit`
/// bytes, refusing anything but a regular file without waiting.
///
/// # Errors
/// A diagnostic naming the file: unreadable, not a regular file, too
/// large, or not UTF-8.
pub fn read_named_file(path: &Path, limit: u64) -> Result<String, Diagnostic> {
    read_text(path, &path.display().to_string(), limit)
}

/// Reads `path` as UTF-8 text of at most `limit` bytes; `shown` names it in
/// the diagnostic when that fails.
pub(crate) fn read_text(path: &Path, shown: &str, limit: u64) -> Result<String, Diagnostic> {
    read_text_with(path, shown, limit, true)
}

/// [`read_text`] of a path that holds no link (as the store's owned-path
/// check found it): a link put in its last place since is not followed.
pub(crate) fn read_text_no_link(
    path: &Path,
    shown: &str,
    limit: u64,
) -> Result<String, Diagnostic> {
    read_text_with(path, shown, limit, false)
}

fn read_text_with(
    path: &Path,
    shown: &str,
    limit: u64,
    follow: bool,
) -> Result<String, Diagnostic> {
    let unreadable = |error: std::io::Error| {
        Diagnostic::file(
            shown,
            Problem::Unreadable {
                path: shown.to_owned(),
                message: error.to_string(),
            },
        )
    };
    let file = open_regular_with(path, follow).map_err(unreadable)?;
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
    let Ok(file) = open_regular(path) else {
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
