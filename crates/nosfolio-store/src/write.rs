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
    write_through_temporary(path, contents, overwrite, true, |_| Ok(()))
}

/// Replaces `path` atomically but without waiting for the disk: for the
/// cache, which a crash may lose (it is rebuilt) but which readers must
/// never see half-written. One `fsync` per portfolio would dominate a
/// caseload's run.
pub(crate) fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_through_temporary(path, contents, true, false, |_| Ok(()))
}

/// The one way files are written. `before_rename` runs when the temporary
/// file is complete and about to take `path`'s place: the seam where tests
/// inject a failure or a crash.
fn write_through_temporary(
    path: &Path,
    contents: &[u8],
    overwrite: bool,
    durable: bool,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
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
    before_rename(temporary.path())?;
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

    /// Every name in `dir`.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failure_between_write_and_rename_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims.yaml");
        std::fs::write(&path, "title: Old\n").unwrap();
        let mut seen = None;
        let error = write_through_temporary(&path, b"title: New\n", true, true, |temporary| {
            // The new text is complete on disk, under another name.
            assert_eq!(std::fs::read(temporary).unwrap(), b"title: New\n");
            seen = Some(temporary.to_owned());
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "disk full");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "title: Old\n");
        assert!(!seen.unwrap().exists(), "the temporary file is removed");
        assert_eq!(names(dir.path()), ["claims.yaml"]);
    }

    #[test]
    fn a_crash_between_write_and_rename_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        std::fs::write(&path, "old").unwrap();
        let crashed = std::panic::catch_unwind(|| {
            let _ = write_through_temporary(&path, b"new", true, true, |_| {
                panic!("power cut");
            });
        });
        assert!(crashed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names(dir.path()), ["report.html"]);
    }
}
