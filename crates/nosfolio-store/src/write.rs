//! Writing files atomically: a temporary file in the same folder, renamed
//! into place, so a reader never sees half a file and a crash leaves the old
//! one intact. Existing files are replaced only when the caller says so.
//!
//! A temporary file is named `.nosfolio-XXXXXX` and held under the
//! operating system's advisory lock while it is written. A run killed
//! before the rename leaves it behind, unlocked (the lock dies with the
//! process): the next write into the same folder removes every such file
//! that nobody holds and that has not changed for [`STALE_AFTER`]. Hidden
//! files are never evidence, and [`is_temporary`] lets every walk that
//! does list hidden files (the seal's) leave these out.

use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The start of the name of every temporary file nosfolio writes.
const TEMPORARY_PREFIX: &str = ".nosfolio-";

/// How many random characters follow [`TEMPORARY_PREFIX`].
const TEMPORARY_RANDOM: usize = 6;

/// How long a temporary file nobody holds must have been left unchanged
/// before it is taken for a crashed run's and removed. (A writer locks its
/// file a moment after creating it; this covers that moment many times
/// over, even on a file system with coarse time stamps.)
pub(crate) const STALE_AFTER: Duration = Duration::from_secs(60);

/// Whether `name` is that of one of nosfolio's own temporary files.
#[must_use]
pub fn is_temporary(name: &OsStr) -> bool {
    name.to_str()
        .and_then(|name| name.strip_prefix(TEMPORARY_PREFIX))
        .is_some_and(|random| {
            random.len() == TEMPORARY_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes from `folder` every temporary file of nosfolio's that a run
/// killed while writing left behind: a regular file of that name that no
/// process holds locked and that has not changed for [`STALE_AFTER`].
/// Best effort: what cannot be examined or removed is left.
pub(crate) fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if !is_temporary(&entry.file_name()) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !meta.is_file() || !old {
            continue;
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let Ok(file) = options.open(&path) else {
            continue;
        };
        // Held: a writer is at work. Taken: its writer is gone.
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Writes `contents` to `path` atomically. Without `overwrite`, fails with
/// [`io::ErrorKind::AlreadyExists`] when `path` exists, even if it appears
/// while writing.
///
/// # Errors
/// Any error creating, writing, syncing or renaming the temporary file.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: bool) -> io::Result<()> {
    write_through_temporary(path, contents, overwrite, true, pause_for_test)
}

/// In a debug build, with `NOSFOLIO_PAUSE_BEFORE_RENAME_FOR_TEST` set, waits
/// that many seconds once the temporary file is complete: the seam where
/// the test suite kills a writer (`leftovers::a_writer_killed_before_its_rename_leaves_nothing_behind`).
#[allow(clippy::unnecessary_wraps)]
fn pause_for_test(_temporary: &Path) -> io::Result<()> {
    #[cfg(debug_assertions)]
    if let Some(seconds) = std::env::var_os("NOSFOLIO_PAUSE_BEFORE_RENAME_FOR_TEST")
        .and_then(|s| s.to_str().and_then(|s| s.parse::<u64>().ok()))
    {
        std::thread::sleep(Duration::from_secs(seconds));
    }
    Ok(())
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
    remove_stale_temporaries(folder);
    let mut temporary = tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .rand_bytes(TEMPORARY_RANDOM)
        .tempfile_in(folder)?;
    // Held until the file is renamed or removed, or the process ends: a
    // later run removes it only when nobody holds it. Where the file
    // system has no locks, nobody can take it either, and it is left.
    let _ = temporary.as_file().try_lock();
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

    /// Sets the modification time of `path` `ago` in the past.
    fn age(path: &Path, ago: Duration) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - ago).unwrap();
    }

    #[test]
    fn a_write_removes_temporary_files_left_by_killed_runs_and_only_those() {
        let dir = tempfile::tempdir().unwrap();
        let old = STALE_AFTER * 2;
        for name in [
            ".nosfolio-dead01",
            ".nosfolio-held01",
            ".nosfolio-fresh1",
            ".nosfolio-long-name",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        for name in [
            ".nosfolio-dead01",
            ".nosfolio-held01",
            ".nosfolio-long-name",
            "notes.txt",
        ] {
            age(&dir.path().join(name), old);
        }
        // A writer still at work holds its file.
        let held = std::fs::File::open(dir.path().join(".nosfolio-held01")).unwrap();
        held.lock().unwrap();
        write_atomic(&dir.path().join("report.html"), b"new", false).unwrap();
        assert_eq!(
            names(dir.path()),
            [
                ".nosfolio-fresh1",
                ".nosfolio-held01",
                ".nosfolio-long-name",
                "notes.txt",
                "report.html"
            ]
        );
        drop(held);
        assert!(is_temporary(OsStr::new(".nosfolio-Ab3x9Z")));
        assert!(!is_temporary(OsStr::new(".nosfolio")));
        assert!(!is_temporary(OsStr::new(".nosfolio-long-name")));
    }
}
