//! Serialising writers: every change nosfolio makes to a portfolio happens
//! under one advisory lock on the portfolio, re-reads what it changes while
//! holding it, and replaces the file atomically. Two runs at once therefore
//! both land, one after the other; neither works from a copy the other has
//! since replaced.
//!
//! The lock is `.nosfolio/lock`, held with the operating system's advisory
//! file lock (released when the process ends, however it ends). Readers
//! take no lock: every file is replaced by a rename, so a reader sees the
//! old file or the new one, never half of either.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache::CACHE_DIR;
use crate::owned::{file_to_write, folder_to_write, path_to_write};
use crate::read::read_text_no_link;
use crate::write::write_atomic;

/// The lock file inside [`CACHE_DIR`].
const LOCK_FILE: &str = "lock";

/// How long a writer waits for another to finish before giving up.
const PATIENCE: Duration = Duration::from_secs(30);

/// Why a change to a portfolio was not made. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// Another nosfolio kept the portfolio's lock for too long.
    #[error(
        "another nosfolio has been writing to this portfolio for {} s (it holds {}); nothing was written\n  help: wait for it to finish and run the command again",
        PATIENCE.as_secs(),
        path.display()
    )]
    Busy {
        /// The lock file.
        path: PathBuf,
    },
    /// A path nosfolio would write through is a symbolic link.
    #[error(
        "{} is a symbolic link: nosfolio does not write through links inside a portfolio; nothing was written\n  help: replace the link with a real folder or file",
        path.display()
    )]
    Link {
        /// The link.
        path: PathBuf,
    },
    /// The file to change could not be read.
    #[error("cannot read {shown}: {message}; nothing was written")]
    Unreadable {
        /// The file, relative to the portfolio.
        shown: String,
        /// What went wrong.
        message: String,
    },
    /// Every name a new file could take is taken.
    #[error(
        "{shown} already exists, and so does every other name tried; nothing was written\n  help: move or rename some of those files"
    )]
    Exists {
        /// The first name tried, relative to the portfolio.
        shown: String,
    },
    /// What was written did not read back as written.
    #[error("{shown} did not read back as it was written; check it with `nosfolio check`")]
    ReadBack {
        /// The file, relative to the portfolio.
        shown: String,
    },
    /// The file system refused.
    #[error("cannot write {}; nothing was written", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

impl WriteError {
    /// The write failure inside `error`, if it is one of the store's errors
    /// that failed taking the lock or writing: so that a front end can tell
    /// a busy portfolio or a failed disk from bad input.
    #[must_use]
    pub fn within<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a Self> {
        macro_rules! inner {
            ($($kind:ty),*) => {
                $({
                    type Kind = $kind;
                    if let Some(Kind::Write(write)) = error.downcast_ref::<Kind>() {
                        return Some(write);
                    }
                })*
            };
        }
        if let Some(write) = error.downcast_ref::<Self>() {
            return Some(write);
        }
        inner!(
            crate::contacts::ContactsError,
            crate::decisions::DecisionError,
            crate::describe::ClaimError,
            crate::draft_text::DraftTextError,
            crate::finish::FinishError,
            crate::init::InitError,
            crate::new_files::CreateError,
            crate::seal::SealError,
            crate::standards_use::UseStandardError
        );
        None
    }
}

/// A held write lock on one portfolio; released when dropped.
#[derive(Debug)]
pub struct WriteLock {
    root: PathBuf,
    /// Holding the open file holds the lock.
    _file: File,
}

impl WriteLock {
    /// Takes the write lock of the portfolio at `root`, waiting (up to half
    /// a minute) for another writer to finish. Creates `.nosfolio/` if need
    /// be, and refuses to work through a link there.
    ///
    /// # Errors
    /// [`WriteError::Busy`] after waiting in vain, [`WriteError::Link`] when
    /// `.nosfolio` or its lock file is a link, [`WriteError::Io`] otherwise.
    pub fn acquire(root: &Path) -> Result<Self, WriteError> {
        folder_to_write(root, CACHE_DIR)?;
        let path = path_to_write(root, &format!("{CACHE_DIR}/{LOCK_FILE}"))?;
        let io = |source| WriteError::Io {
            path: path.clone(),
            source,
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A link put there since the check is not followed either.
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let file = options.open(&path).map_err(io)?;
        if !file.metadata().map_err(io)?.is_file() {
            return Err(io(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            )));
        }
        let started = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if started.elapsed() < PATIENCE => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(TryLockError::WouldBlock) => return Err(WriteError::Busy { path }),
                Err(TryLockError::Error(source)) => return Err(io(source)),
            }
        }
        Ok(Self {
            root: root.to_owned(),
            _file: file,
        })
    }

    /// The portfolio this lock holds.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Changes the text file at `relative` (a `/`-separated path inside the
    /// portfolio): reads it as it is now, under this lock (`None` when it
    /// does not exist), hands it to `change`, writes what that returns
    /// atomically, and reads it back. `change` returning `Ok(None)` writes
    /// nothing. Returns the text written, if any.
    ///
    /// # Errors
    /// `change`'s own error, or a [`WriteError`] when the file cannot be
    /// read, written or read back. Nothing is written unless the whole
    /// change succeeds.
    pub fn update<E: From<WriteError>>(
        &self,
        relative: &str,
        limit: u64,
        change: impl FnOnce(Option<&str>) -> Result<Option<String>, E>,
    ) -> Result<Option<String>, E> {
        let path = path_to_write(&self.root, relative)?;
        let current = match std::fs::symlink_metadata(&path) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            _ => Some(read_text_no_link(&path, relative, limit).map_err(|d| {
                WriteError::Unreadable {
                    shown: relative.to_owned(),
                    message: d.problem.to_string(),
                }
            })?),
        };
        let Some(text) = change(current.as_deref())? else {
            return Ok(None);
        };
        self.write(relative, text.as_bytes(), current.is_some())?;
        Ok(Some(text))
    }

    /// Writes a new file at `relative`, never over an existing one: the
    /// first of `names` that is free, in order. Returns the name used.
    ///
    /// # Errors
    /// [`WriteError::Exists`] when every name is taken (or none is given),
    /// [`WriteError::Link`] for a name that is a link, [`WriteError::Io`]
    /// when the file system refuses.
    pub fn create(
        &self,
        names: impl IntoIterator<Item = String>,
        text: &str,
    ) -> Result<String, WriteError> {
        self.create_bytes(names, text.as_bytes())
    }

    /// [`WriteLock::create`] for any bytes (a file a user hands over).
    ///
    /// # Errors
    /// As [`WriteLock::create`].
    pub fn create_bytes(
        &self,
        names: impl IntoIterator<Item = String>,
        bytes: &[u8],
    ) -> Result<String, WriteError> {
        let mut first = None;
        for relative in names {
            let path = path_to_write(&self.root, &relative)?;
            if std::fs::symlink_metadata(&path).is_ok() {
                first.get_or_insert(relative);
                continue;
            }
            self.write(&relative, bytes, false)?;
            return Ok(relative);
        }
        Err(WriteError::Exists {
            shown: first.unwrap_or_default(),
        })
    }

    /// Writes `bytes` over the file at `relative` (which must be there),
    /// atomically, never through a link, and reads it back.
    ///
    /// # Errors
    /// [`WriteError::Link`] for a path through a link, [`WriteError::Io`]
    /// when the file system refuses, [`WriteError::ReadBack`] when the file
    /// does not hold `bytes` afterwards.
    pub fn replace_bytes(&self, relative: &str, bytes: &[u8]) -> Result<(), WriteError> {
        path_to_write(&self.root, relative)?;
        self.write(relative, bytes, true)
    }

    /// Creates the folder `relative` (and its parents) inside the portfolio
    /// if it is not there yet, never through a link.
    ///
    /// # Errors
    /// [`WriteError::Link`] when a part of the path is a link,
    /// [`WriteError::Io`] when the file system refuses.
    pub fn create_folder(&self, relative: &str) -> Result<(), WriteError> {
        folder_to_write(&self.root, relative).map(drop)
    }

    /// Writes `bytes` to `relative` atomically (creating its folders), then
    /// checks that the file holds exactly that.
    fn write(&self, relative: &str, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
        let path = file_to_write(&self.root, relative)?;
        write_atomic(&path, bytes, overwrite).map_err(|source| WriteError::Io {
            path: path.clone(),
            source,
        })?;
        match std::fs::read(&path) {
            Ok(written) if written == bytes => Ok(()),
            _ => Err(WriteError::ReadBack {
                shown: relative.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    enum Refusal {
        #[error("refused: {0}")]
        No(String),
        #[error(transparent)]
        Write(#[from] WriteError),
    }

    type Result<T> = std::result::Result<T, Refusal>;

    #[test]
    fn an_update_sees_the_file_as_it_is_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let lock: WriteLock = WriteLock::acquire(dir.path()).unwrap();
        let written: Result<_> = lock.update("notes/a.txt", 1024, |now| {
            assert_eq!(now, None);
            Ok(Some("one\n".to_owned()))
        });
        assert_eq!(written.unwrap().as_deref(), Some("one\n"));
        let written: Result<_> = lock.update("notes/a.txt", 1024, |now| {
            Ok(Some(format!("{}two\n", now.unwrap())))
        });
        assert_eq!(written.unwrap().as_deref(), Some("one\ntwo\n"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes/a.txt")).unwrap(),
            "one\ntwo\n"
        );
    }

    #[test]
    fn a_refused_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "kept").unwrap();
        let lock = WriteLock::acquire(dir.path()).unwrap();
        let refused: Result<_> = lock.update("a.txt", 1024, |_| Err(Refusal::No("no".into())));
        assert_eq!(refused.unwrap_err().to_string(), "refused: no");
        let nothing: Result<_> = lock.update("a.txt", 1024, |_| Ok(None));
        assert_eq!(nothing.unwrap(), None);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_owned();
        std::fs::write(root.join("count.txt"), "").unwrap();
        let threads: Vec<_> = (0..8)
            .map(|n| {
                let root = root.clone();
                std::thread::spawn(move || {
                    let lock = WriteLock::acquire(&root).unwrap();
                    let done: Result<_> = lock.update("count.txt", 1024, |now| {
                        std::thread::sleep(Duration::from_millis(5));
                        Ok(Some(format!("{}{n}\n", now.unwrap_or_default())))
                    });
                    done.unwrap();
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let text = std::fs::read_to_string(root.join("count.txt")).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines.sort_unstable();
        assert_eq!(lines, ["0", "1", "2", "3", "4", "5", "6", "7"]);
    }

    #[test]
    fn new_files_take_the_first_free_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("j")).unwrap();
        std::fs::write(dir.path().join("j/a.md"), "first").unwrap();
        let lock = WriteLock::acquire(dir.path()).unwrap();
        let names = || ["j/a.md".to_owned(), "j/a-2.md".to_owned()];
        let made = lock.create(names(), "second");
        assert_eq!(made.unwrap(), "j/a-2.md");
        let full = lock.create(names(), "third");
        assert!(
            matches!(&full, Err(WriteError::Exists { shown }) if shown == "j/a.md"),
            "{full:?}"
        );
        lock.create_folder("j/k/l").unwrap();
        assert!(dir.path().join("j/k/l").is_dir());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("j/a.md")).unwrap(),
            "first"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("assessment")).unwrap();
        let lock = WriteLock::acquire(dir.path()).unwrap();
        let refused: Result<_> = lock.update("assessment/a.yaml", 1024, |_| Ok(Some("x".into())));
        assert!(matches!(
            refused,
            Err(Refusal::Write(WriteError::Link { .. }))
        ));
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);

        let linked = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), linked.path().join(CACHE_DIR)).unwrap();
        assert!(matches!(
            WriteLock::acquire(linked.path()),
            Err(WriteError::Link { .. })
        ));
    }
}
