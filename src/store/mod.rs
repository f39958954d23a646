//! The project store: one SQLite file per project, migrations, the single-writer lock, and the
//! command log that gives undo, redo and the audit trail.
//!
//! All SQL of qcw lives in this module. Changes go through `Project::transact`, which applies
//! row-level changes inside one transaction and records them in the `history` table; undo and
//! redo replay those records. The write path (`transact`, `Tx`, the row images) is crate-private
//! and only the command layer ([`crate::command::execute`]) calls it; `tests/integration/
//! architecture.rs` checks that no other module does.

mod backup;
mod check;
mod crypt;
mod file;
mod forget;
mod groups;
mod identity;
mod images;
mod log_texts;
mod memos;
mod migrate;
mod names;
mod read;
pub mod remote;
mod rows;
mod snapshot;
mod suggest;
mod team;
mod touched;
mod undo;
mod write;

pub use backup::{BackupInfo, BackupPolicy, backup_dir, list_backups};
pub use check::Finding;
pub use crypt::{
    available as encryption_available, forget_passphrase, needs_passphrase, remember_passphrase,
};
pub use forget::Forgotten;
pub(crate) use groups::{group_member_rows, group_rows};
pub(crate) use identity::{consensus_rows, derived_guid, new_uuid, tombstone_row};
pub(crate) use images::*;
pub use memos::{MemoEntry, MemoKind};
pub use read::CodingFilter;
pub(crate) use rows::*;
pub(crate) use snapshot::Snapshot;
pub use suggest::RejectedSuggestion;
pub(crate) use suggest::{
    suggest_reject_row, suggest_reject_rows_of_code, suggest_reject_rows_of_doc,
};
pub(crate) use team::blind_coder;
pub use touched::Touched;

use crate::clock::now_rfc3339;
use crate::model::LogEntry;
use crypt::{connect, passphrase};
use file::acquire_lock;
use rusqlite::{Connection, OpenFlags, params};
use std::fs::File;
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
    /// The file is no SQLite database: an encrypted project opened without its passphrase, or
    /// not a project at all.
    #[error(
        "{0}: not a qcw project file, or an encrypted project: give its passphrase (QCW_PASSPHRASE)"
    )]
    Encrypted(PathBuf),
    /// The passphrase does not open the file.
    #[error("{0}: wrong passphrase (or not a qcw project file)")]
    WrongPassphrase(PathBuf),
    /// Undo or redo of a command that a later command of someone else depends on.
    #[error("cannot {action} “{label}”: the later command “{later}” by {by} depends on it")]
    Depends {
        /// `undo` or `redo`.
        action: &'static str,
        /// The command that was to be undone or redone.
        label: String,
        /// The later command in the way.
        later: String,
        /// Its author.
        by: String,
    },
    /// The team server failed or refused (its message says why).
    #[error("{server}: team server: {message}")]
    Server {
        /// The server and project (no password).
        server: String,
        /// What went wrong.
        message: String,
    },
    /// A team-server operation on a project file that is no replica of a team project.
    #[error("{0}: not a replica of a team project (make one with `qcw team clone URL FILE`)")]
    NotReplica(PathBuf),
    /// Changes made in a replica are not on the team server yet.
    #[error(
        "{path}: {count} change(s) are saved in the local replica but not yet on the team server (it cannot be reached); they are sent by `qcw team sync` or the next command once it can"
    )]
    Unsynced {
        /// The replica.
        path: PathBuf,
        /// How many commands wait.
        count: usize,
    },
    /// Encryption was asked of a qcw built without it.
    #[error("this qcw was built without encryption; build it with `--features encryption`")]
    NoEncryption,
}

/// An open project.
pub struct Project {
    conn: Connection,
    path: PathBuf,
    /// Held for as long as the project is open for writing.
    _lock: Option<File>,
    actor: String,
    revision: u64,
    /// What the commands since the last [`Project::take_touched`] touched.
    touched: Touched,
    /// Whether the file is encrypted (SQLCipher).
    encrypted: bool,
    /// The periodic backup's policy and clock.
    backups: backup::BackupClock,
    /// A replica's block of row ids (`None`: not a replica of a team project).
    ids: Option<remote::IdAlloc>,
    /// A replica's connection to its team server, once made.
    remote: Option<Box<remote::Server>>,
    /// When the team server last could not be reached.
    offline_since: Option<std::time::Instant>,
    /// Offline until [`Project::reconnect`] (the workbench's choice).
    hold_offline: bool,
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
        Project::create_with(path, actor, |_| Ok::<(), StoreError>(()))
    }

    /// Creates a new project at `path` (which must not exist), lets `init` fill it (a codebook
    /// template, say) and opens it for writing.
    ///
    /// The project is built in a hidden temporary file in the same folder and renamed to `path`
    /// only when complete (never replacing a file that appeared meanwhile), so a `qcw new` killed
    /// half-way leaves no file that blocks the next one; on error the temporary file is removed.
    pub fn create_with<E: From<StoreError>>(
        path: &Path,
        actor: &str,
        init: impl FnOnce(&mut Project) -> Result<(), E>,
    ) -> Result<Project, E> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_owned()).into());
        }
        let temp = file::temp_beside(path)?;
        let lock = {
            let lock = acquire_lock(temp.path())?;
            let conn = Connection::open(temp.path()).map_err(StoreError::from)?;
            if let Some(key) = crypt::passphrase_for(path) {
                crypt::apply_key(&conn, path, &key)?;
            }
            // Before WAL mode, so that the id is in the file's own header at once.
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(StoreError::from)?;
            let mut project = Project::from_conn(conn, temp.path(), Some(lock), actor)?;
            migrate::migrate(&mut project.conn, path)?;
            project.conn.execute(
                "INSERT INTO project_meta (key, value) VALUES ('created_at', ?1), ('created_by', ?2), ('qcw_version', ?3)",
                params![now_rfc3339(), actor, env!("CARGO_PKG_VERSION")],
            ).map_err(StoreError::from)?;
            init(&mut project)?;
            // Closing checkpoints the write-ahead log into the file and removes it.
            project.close()?
        };
        #[cfg(not(unix))]
        let temp_lock = file::lock_file_path(temp.path());
        file::persist(temp, path)?;
        // The lock belongs to the file, which the rename keeps: hold it throughout, so that no
        // other writer can slip in between (and no forked child's copy of it can keep us out).
        #[cfg(not(unix))]
        let lock = {
            // Elsewhere the lock is a `.lock` file beside the path: the temporary file's one is
            // released for the project's own.
            drop(lock);
            if let Some(stale) = temp_lock {
                let _ = std::fs::remove_file(stale);
            }
            acquire_lock(path)?
        };
        let key = crypt::passphrase_for(path);
        Ok(Project::open_locked(path, actor, lock, key.as_deref())?)
    }

    /// Opens an existing project for reading and writing; fails if another process has it open.
    pub fn open(path: &Path, actor: &str) -> Result<Project, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let key = passphrase(path)?;
        if let Some(k) = &key {
            // A wrong passphrase is found read-only, before anything could be written.
            connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(k))?;
        }
        let lock = acquire_lock(path)?;
        Project::open_locked(path, actor, lock, key.as_deref())
    }

    /// [`Project::open`] once the lock is held (`key`: the passphrase of an encrypted project).
    fn open_locked(
        path: &Path,
        actor: &str,
        lock: File,
        key: Option<&str>,
    ) -> Result<Project, StoreError> {
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE, key)?;
        let mut project = Project::from_conn(conn, path, Some(lock), actor)?;
        project.encrypted = key.is_some();
        project.check_application_id()?;
        migrate::migrate(&mut project.conn, path)?;
        project.ids = remote::IdAlloc::load(&project.conn)?;
        Ok(project)
    }

    /// Opens a project for queries only; works while another process has it open for writing.
    pub fn open_read_only(path: &Path) -> Result<Project, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let key = passphrase(path)?;
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, key.as_deref())?;
        let mut project = Project::from_conn(conn, path, None, "")?;
        project.encrypted = key.is_some();
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
            touched: Touched::everything(),
            encrypted: false,
            backups: backup::BackupClock::new(),
            ids: None,
            remote: None,
            offline_since: None,
            hold_offline: false,
        })
    }

    /// Whether the project file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Changes the passphrase of an encrypted project.
    ///
    /// # Errors
    /// The project is not encrypted or read-only, or SQLCipher fails.
    pub fn rekey(&mut self, passphrase: &str) -> Result<(), StoreError> {
        if !self.is_writable() {
            return Err(StoreError::ReadOnly);
        }
        if !self.encrypted {
            return Err(StoreError::Encrypted(self.path.clone()));
        }
        crypt::rekey(&self.conn, &self.path, passphrase)
    }

    /// Writes an encrypted copy of this (plain) project to `out`, which must not exist.
    ///
    /// # Errors
    /// `out` exists, this build has no encryption, or SQLCipher fails.
    pub fn export_encrypted(&self, out: &Path, passphrase: &str) -> Result<(), StoreError> {
        if out.exists() {
            return Err(StoreError::Exists(out.to_owned()));
        }
        crypt::export_encrypted(&self.conn, out, passphrase)?;
        crypt::remember_passphrase(out, passphrase);
        Ok(())
    }

    /// Closes the connection, reporting a failure (a drop would ignore it), and hands back the
    /// write lock still held.
    fn close(self) -> Result<File, StoreError> {
        let Project { conn, _lock, .. } = self;
        conn.close().map_err(|(_, e)| StoreError::from(e))?;
        _lock.ok_or(StoreError::ReadOnly)
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

    /// What the commands applied, undone or redone since the last call touched (everything after
    /// opening); resets it.
    pub fn take_touched(&mut self) -> Touched {
        std::mem::take(&mut self.touched)
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
        self.backup_if_due()?;
        // A replica first takes the team server's lock and catches up (or works offline).
        let online = self.remote_begin()?;
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let mut t = Tx {
            tx,
            changes: Vec::new(),
            ids: self.ids,
        };
        let value = match f(&mut t) {
            Ok(v) => v,
            Err(e) => {
                if let Some(s) = self.remote.as_mut() {
                    s.rollback();
                }
                return Err(e);
            }
        };
        let Tx { tx, changes, ids } = t;
        if changes.is_empty() {
            if let Some(s) = self.remote.as_mut() {
                s.rollback();
            }
            return Ok((value, None));
        }
        let history_id = match ids {
            None => record(&tx, &self.actor, label, &changes)?,
            Some(mut ids) => {
                let server = if online {
                    self.remote.as_deref_mut()
                } else {
                    None
                };
                let id =
                    remote::record_remote(&tx, server, &mut ids, &self.actor, label, &changes)?;
                ids.save(&tx)?;
                self.ids = Some(ids);
                id
            }
        };
        tx.commit().map_err(StoreError::from)?;
        self.revision += 1;
        self.touched.record(&changes);
        Ok((value, Some(history_id)))
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
            ("suggestion_rejects", "doc_id, code_id, start, end"),
            ("tombstones", "uuid"),
            ("consensus_decisions", "doc_id, code_id, start, end"),
            ("doc_groups", "id"),
            ("doc_group_members", "group_id, doc_id"),
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
    /// A replica's ids: new rows take theirs from its block.
    ids: Option<remote::IdAlloc>,
}

impl Tx<'_> {
    /// The connection, for reads that must see this transaction's changes.
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Inserts a row (a zero id is assigned by the database) and returns its final image.
    pub(crate) fn insert(&mut self, mut row: Row) -> Result<Row, StoreError> {
        if let Some(ids) = self.ids.as_mut() {
            ids.assign(&mut row)?;
        }
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
    // A new command drops its author's redo branch (other coders' undone commands stay
    // redoable by them).
    tx.execute(
        "DELETE FROM history WHERE undone = 1 AND actor = ?1",
        [actor],
    )?;
    let ts = now_rfc3339();
    let (json, texts) = log_texts::encode(changes)?;
    tx.execute(
        "INSERT INTO history (ts, actor, label, changes, format) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ts, actor, label, json, log_texts::FORMAT],
    )?;
    let id = tx.last_insert_rowid();
    log_texts::keep(tx, id, &texts)?;
    tx.execute(
        "INSERT INTO audit (ts, actor, action, history_id, label) VALUES (?1, ?2, 'do', ?3, ?4)",
        params![ts, actor, id, label],
    )?;
    Ok(id)
}
