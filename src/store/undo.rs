//! Undo and redo from the command log: of the last command overall, or per coder (`--coder`),
//! refused with a reason when a later command of someone else depends on it.

use super::rows::Change;
use super::{Project, StoreError, apply_change, log_texts};
use crate::clock::now_rfc3339;
use rusqlite::{OptionalExtension as _, params};
use std::collections::HashSet;

/// One command-log entry, decoded.
struct Entry {
    id: i64,
    actor: String,
    label: String,
    changes: Vec<Change>,
}

/// The keys a list of changes writes (`own`) and all keys it touches (own and referred to).
fn keys(changes: &[Change]) -> (HashSet<String>, HashSet<String>) {
    let mut own = HashSet::new();
    let mut all = HashSet::new();
    for row in changes.iter().flat_map(Change::rows) {
        let k = row.key();
        own.insert(k.clone());
        all.insert(k);
        all.extend(row.refs());
    }
    (own, all)
}

impl Project {
    /// Undoes the most recent command that is not undone; returns its label, or `None`.
    pub fn undo(&mut self) -> Result<Option<String>, StoreError> {
        self.step(true, None)
    }

    /// Redoes the oldest undone command; returns its label, or `None`.
    pub fn redo(&mut self) -> Result<Option<String>, StoreError> {
        self.step(false, None)
    }

    /// Undoes `coder`'s most recent command that is not undone (any coder's when `None`).
    ///
    /// # Errors
    /// [`StoreError::Depends`] when a later command of someone else touches what it changed
    /// (nothing is changed then), or SQLite fails.
    pub fn undo_by(&mut self, coder: Option<&str>) -> Result<Option<String>, StoreError> {
        self.step(true, coder)
    }

    /// Redoes `coder`'s oldest undone command (any coder's when `None`).
    ///
    /// # Errors
    /// As [`Project::undo_by`].
    pub fn redo_by(&mut self, coder: Option<&str>) -> Result<Option<String>, StoreError> {
        self.step(false, coder)
    }

    /// Whose undo the workbench's Ctrl+Z is: `actor`'s when the command log holds commands of
    /// several coders (a shared project), else everyone's (the last command, whoever made it).
    ///
    /// # Errors
    /// SQLite fails.
    pub fn undo_scope(&self) -> Result<Option<String>, StoreError> {
        let actors: i64 =
            self.conn
                .query_row("SELECT count(DISTINCT actor) FROM history", [], |r| {
                    r.get(0)
                })?;
        Ok((actors > 1).then(|| self.actor.clone()))
    }

    /// Labels of the command that undo and redo would act on.
    pub fn undo_redo_labels(&self) -> Result<(Option<String>, Option<String>), StoreError> {
        self.undo_redo_labels_by(None)
    }

    /// Labels of the command that [`Project::undo_by`] and [`Project::redo_by`] would act on.
    pub fn undo_redo_labels_by(
        &self,
        coder: Option<&str>,
    ) -> Result<(Option<String>, Option<String>), StoreError> {
        let undo = self
            .conn
            .query_row(
                "SELECT label FROM history WHERE undone = 0 AND (?1 IS NULL OR actor = ?1)
                 ORDER BY id DESC LIMIT 1",
                [coder],
                |r| r.get(0),
            )
            .optional()?;
        let redo = self
            .conn
            .query_row(
                "SELECT label FROM history WHERE undone = 1 AND (?1 IS NULL OR actor = ?1)
                 ORDER BY id ASC LIMIT 1",
                [coder],
                |r| r.get(0),
            )
            .optional()?;
        Ok((undo, redo))
    }

    fn step(&mut self, undo: bool, coder: Option<&str>) -> Result<Option<String>, StoreError> {
        if self._lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let online = self.remote_begin()?;
        let result = self.step_in(undo, coder, online);
        if result.is_err()
            && let Some(s) = self.remote.as_mut()
        {
            s.rollback();
        }
        result
    }

    fn step_in(
        &mut self,
        undo: bool,
        coder: Option<&str>,
        online: bool,
    ) -> Result<Option<String>, StoreError> {
        let action = if undo { "undo" } else { "redo" };
        let tx = self.conn.transaction()?;
        let sql = if undo {
            "SELECT id, actor, label, changes, format FROM history
             WHERE undone = 0 AND (?1 IS NULL OR actor = ?1) ORDER BY id DESC LIMIT 1"
        } else {
            "SELECT id, actor, label, changes, format FROM history
             WHERE undone = 1 AND (?1 IS NULL OR actor = ?1) ORDER BY id ASC LIMIT 1"
        };
        let Some((id, actor, label, json, format)) = tx
            .query_row(sql, [coder], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .optional()?
        else {
            if let Some(s) = self.remote.as_mut() {
                s.rollback();
            }
            return Ok(None);
        };
        let entry = Entry {
            id,
            actor,
            label,
            changes: log_texts::decode(&tx, &json, format)?,
        };
        if let Some(later) = blocking(&tx, &entry)? {
            return Err(StoreError::Depends {
                action,
                label: entry.label,
                later: later.label,
                by: later.actor,
            });
        }
        let applied = if undo {
            entry
                .changes
                .iter()
                .rev()
                .try_for_each(|c| apply_change(&tx, &mut c.inverse()))
        } else {
            entry
                .changes
                .iter()
                .try_for_each(|c| apply_change(&tx, &mut c.clone()))
        };
        if let Err(e) = applied {
            // A row the entry would restore clashes with the current data (a later command made
            // the same coding again, say): refuse, changing nothing.
            return Err(match e {
                StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::Depends {
                        action,
                        label: entry.label,
                        later: "(the current data)".into(),
                        by: "a later command".into(),
                    }
                }
                e => e,
            });
        }
        tx.execute(
            "UPDATE history SET undone = ?2 WHERE id = ?1",
            params![id, undo],
        )?;
        // Texts this entry's documents no longer hold are kept for the way back.
        log_texts::keep(&tx, id, &log_texts::texts_of(&entry.changes))?;
        tx.execute(
            "INSERT INTO audit (ts, actor, action, history_id, label) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![now_rfc3339(), self.actor, action, id, entry.label],
        )?;
        if let Some(mut ids) = self.ids {
            let effective: Vec<Change> = if undo {
                entry.changes.iter().rev().map(Change::inverse).collect()
            } else {
                entry.changes.clone()
            };
            let server = if online {
                self.remote.as_deref_mut()
            } else {
                None
            };
            let step = super::remote::Step {
                kind: action,
                label: &entry.label,
                target: id,
                effective: &effective,
            };
            super::remote::record_remote_step(&tx, server, &mut ids, &self.actor, &step)?;
            ids.save(&tx)?;
            self.ids = Some(ids);
        }
        tx.commit()?;
        self.revision += 1;
        // What the step did: undo applies the inverse changes (a coding undone is a coding
        // removed).
        if undo {
            let inverse: Vec<Change> = entry.changes.iter().rev().map(Change::inverse).collect();
            self.touched.record(&inverse);
        } else {
            self.touched.record(&entry.changes);
        }
        Ok(Some(entry.label))
    }
}

/// The first later, applied command that touches a row `entry` changes or creates (or that
/// `entry` refers to and it changes), if any.
fn blocking(tx: &rusqlite::Connection, entry: &Entry) -> Result<Option<Entry>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT id, actor, label, changes, format FROM history
         WHERE id > ?1 AND undone = 0 ORDER BY id",
    )?;
    let later: Vec<(i64, String, String, String, i64)> = stmt
        .query_map([entry.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    if later.is_empty() {
        return Ok(None);
    }
    let (own, all) = keys(&entry.changes);
    for (id, actor, label, json, format) in later {
        let changes = log_texts::decode(tx, &json, format)?;
        let (l_own, l_all) = keys(&changes);
        if !own.is_disjoint(&l_all) || !l_own.is_disjoint(&all) {
            return Ok(Some(Entry {
                id,
                actor,
                label,
                changes,
            }));
        }
    }
    Ok(None)
}
