//! The project store: one SQLite file per project, migrations, the single-writer lock, and the
//! command log that gives undo, redo and the audit trail.
//!
//! All SQL of qcw lives in this module. Changes go through `Project::transact`, which applies
//! row-level changes inside one transaction and records them in the `history` table; undo and
//! redo replay those records. The write path (`transact`, `Tx`, the row images) is crate-private
//! and only the command layer ([`crate::command::execute`]) calls it; `tests/integration/
//! architecture.rs` checks that no other module does.

mod images;
mod migrate;
mod read;
mod rows;
mod write;

pub(crate) use images::*;
pub use read::CodingFilter;
pub(crate) use rows::*;

use crate::clock::now_rfc3339;
use crate::model::LogEntry;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, params};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// SQLite `application_id` marking a qcw project ("QCW1").
const APPLICATION_ID: i32 = 0x5143_5731;

/// Errors of the project store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file system failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Another process holds the project.
    #[error("{0}: project is open in another window (or another qcw process); close it first")]
    Locked(PathBuf),
    /// The file is not a qcw project.
    #[error("{0}: not a qcw project file")]
    NotAProject(PathBuf),
    /// The project was written by a newer qcw.
    #[error(
        "{path}: project uses schema version {found}, this qcw knows up to {known}; update qcw to open it"
    )]
    TooNew {
        /// The file concerned.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// `qcw new` on an existing path.
    #[error("{0}: file already exists")]
    Exists(PathBuf),
    /// The file does not exist.
    #[error("{0}: no such project file")]
    Missing(PathBuf),
    /// The project was opened read-only.
    #[error("project is open read-only")]
    ReadOnly,
    /// The command log does not match the data (should never happen).
    #[error("command log inconsistent with the data: {0}")]
    Inconsistent(String),
    /// A stored log entry could not be decoded.
    #[error("cannot decode command log entry: {0}")]
    Log(#[from] serde_json::Error),
}

/// An open project.
pub struct Project {
    conn: Connection,
    path: PathBuf,
    /// Held for as long as the project is open for writing.
    _lock: Option<File>,
    actor: String,
    revision: u64,
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Project {
    /// Creates a new, empty project at `path` (which must not exist) and opens it for writing.
    pub fn create(path: &Path, actor: &str) -> Result<Project, StoreError> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_owned()));
        }
        let lock = acquire_lock(path)?;
        let conn = Connection::open(path)?;
        // Before WAL mode, so that the id is in the file's own header at once.
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        let mut project = Project::from_conn(conn, path, Some(lock), actor)?;
        migrate::migrate(&mut project.conn, path)?;
        project.conn.execute(
            "INSERT INTO project_meta (key, value) VALUES ('created_at', ?1), ('created_by', ?2), ('qcw_version', ?3)",
            params![now_rfc3339(), actor, env!("CARGO_PKG_VERSION")],
        )?;
        Ok(project)
    }

    /// Opens an existing project for reading and writing; fails if another process has it open.
    pub fn open(path: &Path, actor: &str) -> Result<Project, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        check_header(path)?;
        let lock = acquire_lock(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut project = Project::from_conn(conn, path, Some(lock), actor)?;
        project.check_application_id()?;
        migrate::migrate(&mut project.conn, path)?;
        Ok(project)
    }

    /// Opens a project for queries only; works while another process has it open for writing.
    pub fn open_read_only(path: &Path) -> Result<Project, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let project = Project::from_conn(conn, path, None, "")?;
        project.check_application_id()?;
        let version: i64 = project
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > migrate::latest() {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found: version,
                known: migrate::latest(),
            });
        }
        if version < migrate::latest() {
            // An older project: upgrade it once (needs the write lock), then read.
            drop(project);
            drop(Project::open(path, "qcw-upgrade")?);
            return Project::open_read_only(path);
        }
        Ok(project)
    }

    fn from_conn(
        conn: Connection,
        path: &Path,
        lock: Option<File>,
        actor: &str,
    ) -> Result<Project, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        if lock.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Project {
            conn,
            path: path.to_owned(),
            _lock: lock,
            actor: actor.to_owned(),
            revision: 0,
        })
    }

    fn check_application_id(&self) -> Result<(), StoreError> {
        let id: i32 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?;
        if id == APPLICATION_ID {
            Ok(())
        } else {
            Err(StoreError::NotAProject(self.path.clone()))
        }
    }

    /// The project file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who is recorded as the author of changes.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Whether the project was opened for writing.
    pub fn is_writable(&self) -> bool {
        self._lock.is_some()
    }

    /// Increases on every applied, undone or redone command: a cheap "has anything changed" check.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The connection, for the store's own read queries.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction; every change it makes is applied and recorded as one history
    /// entry labelled `label` (none if it changed nothing). On error nothing is changed.
    pub(crate) fn transact<T, E>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T, E>,
    ) -> Result<(T, Option<i64>), E>
    where
        E: From<StoreError>,
    {
        if self._lock.is_none() {
            return Err(StoreError::ReadOnly.into());
        }
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let mut t = Tx {
            tx,
            changes: Vec::new(),
        };
        let value = f(&mut t)?;
        let Tx { tx, changes } = t;
        if changes.is_empty() {
            return Ok((value, None));
        }
        let history_id = record(&tx, &self.actor, label, &changes)?;
        tx.commit().map_err(StoreError::from)?;
        self.revision += 1;
        Ok((value, Some(history_id)))
    }

    /// Undoes the most recent command that is not undone; returns its label, or `None`.
    pub fn undo(&mut self) -> Result<Option<String>, StoreError> {
        self.step(true)
    }

    /// Redoes the oldest undone command; returns its label, or `None`.
    pub fn redo(&mut self) -> Result<Option<String>, StoreError> {
        self.step(false)
    }

    /// Labels of the command that undo and redo would act on.
    pub fn undo_redo_labels(&self) -> Result<(Option<String>, Option<String>), StoreError> {
        let undo = self
            .conn
            .query_row(
                "SELECT label FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let redo = self
            .conn
            .query_row(
                "SELECT label FROM history WHERE undone = 1 ORDER BY id ASC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok((undo, redo))
    }

    fn step(&mut self, undo: bool) -> Result<Option<String>, StoreError> {
        if self._lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let tx = self.conn.transaction()?;
        let sql = if undo {
            "SELECT id, label, changes FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1"
        } else {
            "SELECT id, label, changes FROM history WHERE undone = 1 ORDER BY id ASC LIMIT 1"
        };
        let Some((id, label, json)) = tx
            .query_row(sql, [], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .optional()?
        else {
            return Ok(None);
        };
        let changes: Vec<Change> = serde_json::from_str(&json)?;
        if undo {
            for change in changes.iter().rev() {
                apply_change(&tx, &mut change.inverse())?;
            }
        } else {
            for change in &changes {
                apply_change(&tx, &mut change.clone())?;
            }
        }
        tx.execute(
            "UPDATE history SET undone = ?2 WHERE id = ?1",
            params![id, undo],
        )?;
        tx.execute(
            "INSERT INTO audit (ts, actor, action, history_id, label) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                now_rfc3339(),
                self.actor,
                if undo { "undo" } else { "redo" },
                id,
                label
            ],
        )?;
        tx.commit()?;
        self.revision += 1;
        Ok(Some(label))
    }

    /// The audit trail, oldest first.
    pub fn log(&self) -> Result<Vec<LogEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, ts, actor, action, history_id, label FROM audit ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(LogEntry {
                id: r.get(0)?,
                ts: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                history_id: r.get(4)?,
                label: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A canonical dump of every domain table (not the log), for tests and integrity checks.
    pub fn dump_domain(&self) -> Result<String, StoreError> {
        let mut out = String::new();
        for (table, order) in [
            ("documents", "id"),
            ("doc_attributes", "doc_id, key"),
            ("codes", "id"),
            ("codings", "id"),
            ("memos", "target_kind, target_id"),
            ("cases", "id"),
            ("case_links", "id"),
            ("case_attributes", "case_id, key"),
            ("attribute_defs", "scope, name"),
            ("qca_overrides", "case_id, code_id"),
            ("cell_memos", "case_id, code_id"),
            ("dict_words", "word"),
            ("stopwords", "word"),
            ("pii_watch", "term"),
        ] {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                out.push_str(table);
                for i in 0..n {
                    let v: rusqlite::types::Value = row.get(i)?;
                    out.push_str(&format!("|{v:?}"));
                }
                out.push('\n');
            }
        }
        Ok(out)
    }
}

/// A transaction in progress; see [`Project::transact`].
pub(crate) struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    changes: Vec<Change>,
}

impl Tx<'_> {
    /// The connection, for reads that must see this transaction's changes.
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Inserts a row (a zero id is assigned by the database) and returns its final image.
    pub(crate) fn insert(&mut self, row: Row) -> Result<Row, StoreError> {
        let mut change = Change::Insert { row };
        apply_change(&self.tx, &mut change)?;
        let Change::Insert { row } = &change else {
            unreachable!("apply_change keeps the variant")
        };
        let row = row.clone();
        self.changes.push(change);
        Ok(row)
    }

    /// Deletes a row, given its current image.
    pub(crate) fn delete(&mut self, row: Row) -> Result<(), StoreError> {
        let mut change = Change::Delete { row };
        apply_change(&self.tx, &mut change)?;
        self.changes.push(change);
        Ok(())
    }

    /// Replaces `before` by `after` (same key). Does nothing if they are equal.
    pub(crate) fn update(&mut self, before: Row, after: Row) -> Result<(), StoreError> {
        if before == after {
            return Ok(());
        }
        let mut change = Change::Update { before, after };
        apply_change(&self.tx, &mut change)?;
        self.changes.push(change);
        Ok(())
    }

    /// Makes the row with this key `new`: inserts, deletes, updates or does nothing, depending on
    /// which of the current image `old` and `new` exist.
    pub(crate) fn replace(&mut self, old: Option<Row>, new: Option<Row>) -> Result<(), StoreError> {
        match (old, new) {
            (None, None) => Ok(()),
            (Some(old), None) => self.delete(old),
            (None, Some(new)) => self.insert(new).map(|_| ()),
            (Some(old), Some(new)) => self.update(old, new),
        }
    }
}

fn apply_change(conn: &Connection, change: &mut Change) -> Result<(), StoreError> {
    match change {
        Change::Insert { row } => write::insert(conn, row),
        Change::Delete { row } => write::delete(conn, row),
        Change::Update { after, .. } => write::update(conn, after),
    }
}

fn record(
    tx: &Connection,
    actor: &str,
    label: &str,
    changes: &[Change],
) -> Result<i64, StoreError> {
    // A new command drops the redo branch.
    tx.execute("DELETE FROM history WHERE undone = 1", [])?;
    let ts = now_rfc3339();
    tx.execute(
        "INSERT INTO history (ts, actor, label, changes) VALUES (?1, ?2, ?3, ?4)",
        params![ts, actor, label, serde_json::to_string(changes)?],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO audit (ts, actor, action, history_id, label) VALUES (?1, ?2, 'do', ?3, ?4)",
        params![ts, actor, id, label],
    )?;
    Ok(id)
}

/// Refuses files that are not SQLite databases before SQLite touches them.
fn check_header(path: &Path) -> Result<(), StoreError> {
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
        Ok(())
    } else {
        Err(StoreError::NotAProject(path.to_owned()))
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

/// Takes the exclusive advisory lock on `<project>.lock`, held while the project is open.
fn acquire_lock(path: &Path) -> Result<File, StoreError> {
    let mut lock_path = path.as_os_str().to_owned();
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
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked(path.to_owned())),
        Err(std::fs::TryLockError::Error(source)) => Err(StoreError::Io {
            path: lock_path,
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
