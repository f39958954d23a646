//! Rotating backups of a project with SQLite's online backup API: before every import, REFI-QDA
//! import and restore, at most every N minutes while editing, and on request. Backups live beside
//! the project in `<project>.backups/` as `<stem>-<UTC time>-<reason>.qcw`, newest last; only the
//! newest `keep` are kept. A restore first backs up the current state, so it can be undone by
//! restoring that backup.

use super::file::check_header;
use super::{Project, StoreError};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How many backups to keep and how often to back up while editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupPolicy {
    /// Backups kept (older ones are deleted); at least 1.
    pub keep: usize,
    /// Minutes of editing between automatic backups; 0 turns the periodic backup off (backups
    /// before imports and restores are still made).
    pub every_minutes: u64,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy {
            keep: 10,
            every_minutes: 10,
        }
    }
}

impl BackupPolicy {
    /// The default policy changed by `QCW_BACKUP_KEEP` and `QCW_BACKUP_EVERY` (minutes) when they
    /// hold numbers.
    pub fn from_env() -> BackupPolicy {
        let num = |k: &str| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let d = BackupPolicy::default();
        BackupPolicy {
            keep: num("QCW_BACKUP_KEEP").map_or(d.keep, |k| (k as usize).max(1)),
            every_minutes: num("QCW_BACKUP_EVERY").unwrap_or(d.every_minutes),
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// The file.
    pub path: PathBuf,
    /// Its file name (what `qcw restore` accepts besides a path).
    pub name: String,
    /// When it was made (UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`).
    pub created: String,
    /// Why: `manual`, `auto`, `import`, `qdpx-import`, `merge`, `before-restore`.
    pub reason: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// The state of the periodic backup of an open project.
#[derive(Debug)]
pub(crate) struct BackupClock {
    pub(crate) policy: BackupPolicy,
    /// The last backup made in this session (or when the project was opened).
    last: Instant,
}

impl BackupClock {
    pub(crate) fn new() -> BackupClock {
        BackupClock {
            policy: BackupPolicy::from_env(),
            last: Instant::now(),
        }
    }

    fn due(&self) -> bool {
        self.policy.every_minutes > 0
            && self.last.elapsed() >= Duration::from_secs(self.policy.every_minutes * 60)
    }
}

/// The folder holding the backups of the project at `project`.
pub fn backup_dir(project: &Path) -> PathBuf {
    let mut p = project.as_os_str().to_owned();
    p.push(".backups");
    PathBuf::from(p)
}

fn stem(project: &Path) -> String {
    project.file_stem().map_or_else(
        || "project".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// `2026-12-01T20:06:31.123Z` → `20261201T200631123Z` (sorts like the time, valid in file names).
fn compact_time(rfc3339: &str) -> String {
    rfc3339
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// `20261201T200631123Z` → `2026-12-01T20:06:31.123Z`.
fn expand_time(t: &str) -> Option<String> {
    let b = t.as_bytes();
    if b.len() != 19 || b[8] != b'T' || b[18] != b'Z' {
        return None;
    }
    let digits =
        |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit).then(|| &t[r]);
    Some(format!(
        "{}-{}-{}T{}:{}:{}.{}Z",
        digits(0..4)?,
        digits(4..6)?,
        digits(6..8)?,
        digits(9..11)?,
        digits(11..13)?,
        digits(13..15)?,
        digits(15..18)?
    ))
}

/// The backups of the project at `project`, oldest first.
///
/// # Errors
/// The backup folder cannot be read.
pub fn list_backups(project: &Path) -> Result<Vec<BackupInfo>, StoreError> {
    let dir = backup_dir(project);
    let io = |source| StoreError::Io {
        path: dir.clone(),
        source,
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(e)),
    };
    let prefix = format!("{}-", stem(project));
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".qcw"))
        else {
            continue;
        };
        let Some((time, reason)) = rest.split_once('-') else {
            continue;
        };
        let Some(created) = expand_time(time) else {
            continue;
        };
        let reason = reason.to_owned();
        out.push(BackupInfo {
            path: entry.path(),
            bytes: entry.metadata().map_err(io)?.len(),
            name,
            created,
            reason,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Copies the database `src` into `dst` page by page (SQLite's online backup API).
fn copy_pages(src: &Connection, dst: &mut Connection) -> Result<(), rusqlite::Error> {
    Backup::new(src, dst)?.run_to_completion(256, Duration::ZERO, None)
}

impl Project {
    /// Copies the whole database into a new file at `dst` (encrypted with this project's
    /// passphrase when it is encrypted) as one self-contained file (no write-ahead log), and
    /// returns the connection to it.
    pub(super) fn copy_into(&self, dst: &Path) -> Result<Connection, StoreError> {
        let mut conn = Connection::open(dst)?;
        if self.encrypted {
            let key = super::crypt::passphrase_for(&self.path)
                .ok_or_else(|| StoreError::Encrypted(self.path.clone()))?;
            super::crypt::apply_key(&conn, dst, &key)?;
        }
        copy_pages(&self.conn, &mut conn)?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(conn)
    }

    /// Backs the project up now (`reason` names why, in the file name) and deletes the oldest
    /// backups beyond the policy's `keep`. The copy is written to a temporary file and renamed,
    /// so a backup file is always complete.
    ///
    /// # Errors
    /// The backup folder cannot be created or written, or SQLite fails.
    pub fn backup(&mut self, reason: &str) -> Result<BackupInfo, StoreError> {
        let dir = backup_dir(&self.path);
        let io = |path: &Path, source| StoreError::Io {
            path: path.to_owned(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let reason: String = reason
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let mut now = crate::clock::now_rfc3339();
        // Two backups in the same millisecond would share a name: wait for the next one.
        let name = loop {
            let name = format!("{}-{}-{reason}.qcw", stem(&self.path), compact_time(&now));
            if !dir.join(&name).exists() {
                break name;
            }
            std::thread::sleep(Duration::from_millis(1));
            now = crate::clock::now_rfc3339();
        };
        let path = dir.join(&name);
        let tmp = dir.join(format!(".{name}.tmp"));
        let result = self
            .copy_into(&tmp)
            .map(drop)
            .and_then(|()| std::fs::rename(&tmp, &path).map_err(|e| io(&path, e)));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        self.backups.last = Instant::now();
        let all = list_backups(&self.path)?;
        let excess = all.len().saturating_sub(self.backups.policy.keep.max(1));
        for old in &all[..excess] {
            std::fs::remove_file(&old.path).map_err(|e| io(&old.path, e))?;
        }
        let bytes = std::fs::metadata(&path).map_err(|e| io(&path, e))?.len();
        Ok(BackupInfo {
            path,
            name,
            created: now,
            reason,
            bytes,
        })
    }

    /// Backs up before a change that adds much at once (an import): only when the project holds
    /// work (any history), since an empty project has nothing to lose.
    ///
    /// # Errors
    /// As [`Project::backup`].
    pub fn backup_before(&mut self, reason: &str) -> Result<Option<BackupInfo>, StoreError> {
        let has_history: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM history)", [], |r| r.get(0))?;
        if has_history && self.is_writable() {
            return self.backup(reason).map(Some);
        }
        Ok(None)
    }

    /// The periodic backup, called before every change: backs up when the policy's interval
    /// has passed since the last backup of this session (or since the project was opened).
    pub(crate) fn backup_if_due(&mut self) -> Result<(), StoreError> {
        if self.backups.due() {
            self.backup_before("auto")?;
            self.backups.last = Instant::now();
        }
        Ok(())
    }

    /// Sets how many backups are kept and how often they are made while editing.
    pub fn set_backup_policy(&mut self, policy: BackupPolicy) {
        self.backups.policy = policy;
    }

    /// The backup policy in force.
    pub fn backup_policy(&self) -> BackupPolicy {
        self.backups.policy
    }

    /// Replaces the project's content with the backup at `backup`, after backing up the current
    /// state (returned, reason `before-restore`): restoring that one undoes the restore.
    ///
    /// # Errors
    /// `backup` is not a qcw project, the project is read-only, or SQLite fails; the project is
    /// unchanged then.
    pub fn restore(&mut self, backup: &Path) -> Result<BackupInfo, StoreError> {
        if !self.is_writable() {
            return Err(StoreError::ReadOnly);
        }
        if !backup.is_file() {
            return Err(StoreError::Missing(backup.to_owned()));
        }
        let header = check_header(backup)?;
        let src = Connection::open_with_flags(
            backup,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if header == super::file::Header::Opaque {
            // A backup of an encrypted project has the project's passphrase.
            let key = super::crypt::passphrase_for(&self.path)
                .ok_or_else(|| StoreError::Encrypted(backup.to_owned()))?;
            super::crypt::apply_key(&src, backup, &key)?;
        }
        let id: i32 = src.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if id != super::APPLICATION_ID {
            return Err(StoreError::NotAProject(backup.to_owned()));
        }
        let version: i64 = src.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > super::migrate::latest() {
            return Err(StoreError::TooNew {
                path: backup.to_owned(),
                found: version,
                known: super::migrate::latest(),
            });
        }
        let safety = self.backup("before-restore")?;
        copy_pages(&src, &mut self.conn)?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        super::migrate::migrate(&mut self.conn, &self.path)?;
        self.revision += 1;
        Ok(safety)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_through_file_names() {
        let t = "2026-12-01T20:06:31.123Z";
        assert_eq!(compact_time(t), "20261201T200631123Z");
        assert_eq!(expand_time(&compact_time(t)).as_deref(), Some(t));
        assert_eq!(expand_time("2026120xT200631123Z"), None);
        assert_eq!(expand_time("short"), None);
    }

    fn add_stopword(p: &mut Project, word: &str) {
        use crate::store::rows::{Row, StopwordRow};
        let row = Row::Stopword(StopwordRow { word: word.into() });
        p.transact("add", |tx| tx.insert(row).map(|_| ())).unwrap();
    }

    #[test]
    fn edits_are_backed_up_once_the_interval_has_passed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.qcw");
        let mut p = Project::create(&path, "t").unwrap();
        p.set_backup_policy(BackupPolicy {
            keep: 3,
            every_minutes: 10,
        });
        add_stopword(&mut p, "甲");
        add_stopword(&mut p, "乙");
        assert!(list_backups(&path).unwrap().is_empty(), "not due yet");
        // Eleven minutes of editing later, the next change is preceded by a backup.
        p.backups.last = Instant::now()
            .checked_sub(Duration::from_secs(11 * 60))
            .unwrap();
        add_stopword(&mut p, "丙");
        let all = list_backups(&path).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].reason, "auto");
        // The backup holds the state before that change, and no temporary file is left.
        let b = Project::open_read_only(&all[0].path).unwrap();
        assert_eq!(b.stopwords().unwrap().len(), 2);
        let names: Vec<_> = std::fs::read_dir(backup_dir(&path))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        add_stopword(&mut p, "丁");
        assert_eq!(list_backups(&path).unwrap().len(), 1, "the clock restarted");
        // Every 0 minutes: off.
        p.set_backup_policy(BackupPolicy {
            keep: 3,
            every_minutes: 0,
        });
        p.backups.last = Instant::now()
            .checked_sub(Duration::from_secs(3600))
            .unwrap();
        add_stopword(&mut p, "戊");
        assert_eq!(list_backups(&path).unwrap().len(), 1);
    }
}
