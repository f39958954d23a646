//! The project file as a file: the read-only header check done before SQLite touches it, the
//! write lock (one per file, however it is reached), and creation through a temporary file.

use super::{APPLICATION_ID, StoreError};
use std::fs::File;
#[cfg(not(unix))]
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// An empty hidden temporary file in the folder of `path` (`.<name>.XXXXXX.new`), removed again
/// when dropped unless [`persist`]ed.
pub(super) fn temp_beside(path: &Path) -> Result<NamedTempFile, StoreError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".new");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Like a file created directly under the usual umask (tempfile's default is 0600).
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Renames the finished `temp` to `path`, never replacing a file that exists there.
pub(super) fn persist(temp: NamedTempFile, path: &Path) -> Result<(), StoreError> {
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::Exists(path.to_owned()))
        }
        Err(e) => Err(StoreError::Io {
            path: path.to_owned(),
            source: e.error,
        }),
    }
}

/// What the first bytes of a would-be project file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Header {
    /// A plain qcw project.
    Plain,
    /// Not an SQLite header at all: an encrypted project, or some other file; only a passphrase
    /// can tell.
    Opaque,
}

/// Reads the header before SQLite touches the file: another application's SQLite database is
/// refused here.
pub(super) fn check_header(path: &Path) -> Result<Header, StoreError> {
    use std::io::Read as _;
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    let mut header = Vec::with_capacity(100);
    File::open(path)
        .map_err(io)?
        .take(100)
        .read_to_end(&mut header)
        .map_err(io)?;
    if header_is_qcw(&header, wal_path(path).exists()) {
        Ok(Header::Plain)
    } else if header.starts_with(b"SQLite format 3\0") || header.len() < 100 {
        Err(StoreError::NotAProject(path.to_owned()))
    } else {
        Ok(Header::Opaque)
    }
}

/// Whether the first 100 bytes of a file are those of a qcw project, read before anything opens
/// it for writing, so that another application's SQLite database is never touched (no lock file,
/// no switch to WAL). The `application_id` (bytes 68..72) must be qcw's; it may still be 0 only
/// while a write-ahead log beside the file holds the first page (a project whose creator was
/// killed before a checkpoint), which the full check after opening then settles.
fn header_is_qcw(header: &[u8], has_wal: bool) -> bool {
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return false;
    }
    let id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    id == APPLICATION_ID || (id == 0 && has_wal)
}

/// `<project>-wal`, SQLite's write-ahead log beside the project.
fn wal_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push("-wal");
    PathBuf::from(p)
}

/// Takes the exclusive lock that marks the project open for writing, held while it is open.
///
/// The lock belongs to the file, not to the path string, so that two writers reaching one project
/// through a hard link or a symbolic link cannot both get it. On Unix it is an advisory `flock` on
/// the project file itself (independent of the POSIX record locks SQLite uses on the same file, so
/// neither disturbs the other, and no file is created beside the project); elsewhere it is a
/// `<project>.lock` file beside the canonical path, which at least resolves symbolic links.
///
/// A lock just released can still be held for a moment by a child process another thread of
/// this process is starting (between `fork` and `exec` the child shares the open file and so the
/// `flock`): a busy lock is tried again for up to [`LOCK_PATIENCE`] before it counts as held.
pub(super) fn acquire_lock(path: &Path) -> Result<File, StoreError> {
    let (lock_path, file) = open_lock_file(path)?;
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked(path.to_owned()));
            }
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(StoreError::Io {
                    path: lock_path,
                    source,
                });
            }
        }
    }
}

/// How long a busy write lock is tried before the project counts as open elsewhere.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(250);

/// The file to lock for `path`: the project file itself.
#[cfg(unix)]
fn open_lock_file(path: &Path) -> Result<(PathBuf, File), StoreError> {
    let file = File::open(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok((path.to_owned(), file))
}

/// `<canonical path>.lock`, the file locked for `path` where the lock is not on the file itself.
#[cfg(not(unix))]
pub(super) fn lock_file_path(path: &Path) -> Option<PathBuf> {
    let mut lock_path = path.canonicalize().ok()?.into_os_string();
    lock_path.push(".lock");
    Some(PathBuf::from(lock_path))
}

/// The file to lock for `path`: `<canonical project path>.lock` (Windows locks are mandatory, so
/// locking the database file itself would block SQLite's own reads).
#[cfg(not(unix))]
fn open_lock_file(path: &Path) -> Result<(PathBuf, File), StoreError> {
    let canonical = path.canonicalize().map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut lock_path = canonical.into_os_string();
    lock_path.push(".lock");
    let lock_path = PathBuf::from(lock_path);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| StoreError::Io {
            path: lock_path.clone(),
            source,
        })?;
    Ok((lock_path, file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Project;

    fn header(app_id: i32) -> Vec<u8> {
        let mut h = b"SQLite format 3\0".to_vec();
        h.resize(100, 0);
        h[68..72].copy_from_slice(&app_id.to_be_bytes());
        h
    }

    #[test]
    fn only_a_qcw_header_passes_the_read_only_check() {
        assert!(header_is_qcw(&header(APPLICATION_ID), false));
        assert!(!header_is_qcw(&header(0x1234_5678), false));
        assert!(!header_is_qcw(&header(0x1234_5678), true));
        // Id 0: only while a write-ahead log may hold the first page.
        assert!(!header_is_qcw(&header(0), false));
        assert!(header_is_qcw(&header(0), true));
        assert!(!header_is_qcw(&header(APPLICATION_ID)[..99], false));
        assert!(!header_is_qcw(b"not sqlite", false));
    }

    #[test]
    fn a_new_project_has_its_id_in_the_file_header_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.qcw");
        let project = Project::create(&path, "t").unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(header_is_qcw(&bytes[..100], false));
        drop(project);
        assert!(Project::open(&path, "t").is_ok());
    }

    #[test]
    fn a_failed_creation_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.qcw");
        let err =
            Project::create_with(&path, "t", |_| Err(StoreError::Inconsistent("stop".into())))
                .unwrap_err();
        assert!(err.to_string().contains("stop"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn creation_never_replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.qcw");
        std::fs::write(&path, b"mine").unwrap();
        assert!(matches!(
            Project::create(&path, "t"),
            Err(StoreError::Exists(_))
        ));
        // A file that appears while the project is being built is not replaced either.
        let racing = dir.path().join("q.qcw");
        let err = Project::create_with(&racing, "t", |_| {
            std::fs::write(&racing, b"theirs").map_err(|source| StoreError::Io {
                path: racing.clone(),
                source,
            })
        })
        .unwrap_err();
        assert!(matches!(err, StoreError::Exists(_)), "{err}");
        assert_eq!(std::fs::read(&racing).unwrap(), b"theirs");
        assert_eq!(std::fs::read(&path).unwrap(), b"mine");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
