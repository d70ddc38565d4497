//! Writing files atomically: a temporary file in the same folder, renamed
//! into place, so a reader never sees half a file and a crash leaves the old
//! one intact. Existing files are replaced only when the caller says so.

use std::io::{self, Write};
use std::path::Path;

/// Writes `contents` to `path` atomically. Without `overwrite`, fails with
/// [`io::ErrorKind::AlreadyExists`] when `path` exists, even if it appears
/// while writing.
///
/// # Errors
/// Any error creating, writing, syncing or renaming the temporary file.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: bool) -> io::Result<()> {
    write_through_temporary(path, contents, overwrite, true)
}

/// Replaces `path` atomically but without waiting for the disk: for the
/// cache, which a crash may lose (it is rebuilt) but which readers must
/// never see half-written. One `fsync` per portfolio would dominate a
/// caseload's run.
pub(crate) fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_through_temporary(path, contents, true, false)
}

fn write_through_temporary(
    path: &Path,
    contents: &[u8],
    overwrite: bool,
    durable: bool,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !overwrite && path.exists() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "file exists"));
    }
    let mut temporary = tempfile::Builder::new()
        .prefix(".nosfolio-")
        .tempfile_in(folder)?;
    temporary.write_all(contents)?;
    // A temporary file is private to its owner; the result should have the
    // permissions a replaced file had, or ordinary ones for a new file.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => ordinary_permissions(temporary.as_file())?,
    };
    temporary.as_file().set_permissions(permissions)?;
    if durable {
        temporary.as_file().sync_all()?;
    }
    if overwrite {
        temporary.persist(path).map(drop).map_err(|e| e.error)
    } else {
        temporary
            .persist_noclobber(path)
            .map(drop)
            .map_err(|e| e.error)
    }
}

#[cfg(unix)]
fn ordinary_permissions(_: &std::fs::File) -> io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn ordinary_permissions(file: &std::fs::File) -> io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_new_files_and_replaces_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_atomic(&path, b"one", false).unwrap();
        let error = write_atomic(&path, b"two", false).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"three", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "readable like any document");
        }
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
