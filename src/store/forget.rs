//! Forgetting: dropping command-log entries (their row images hold every deleted text) and
//! rewriting the file so that freed pages, the write-ahead log and old row images keep no trace
//! of what was removed (`secure_delete`, `VACUUM`, a truncating checkpoint).

use super::{Project, StoreError};
use rusqlite::params;
use serde::Serialize;

/// What forgetting removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    /// Command-log entries dropped (undo cannot reach past them any more).
    pub history_entries: usize,
    /// Audit entries whose label named purged content, now labelled `(purged)`.
    pub audit_labels: usize,
    /// Size of the project file before and after.
    pub bytes_before: u64,
    /// Size of the project file after.
    pub bytes_after: u64,
}

impl Project {
    /// Drops the command-log entries `id <= up_to` (all when `None`, including the redo branch),
    /// relabels audit entries whose label contains one of `scrub` as `(purged)`, then rewrites
    /// the file without free pages and empties the write-ahead log.
    ///
    /// # Errors
    /// The project is read-only, or SQLite fails (nothing is dropped then).
    pub(crate) fn forget_history(
        &mut self,
        up_to: Option<i64>,
        scrub: &[String],
    ) -> Result<Forgotten, StoreError> {
        if !self.is_writable() {
            return Err(StoreError::ReadOnly);
        }
        let size = |p: &Project| std::fs::metadata(&p.path).map_or(0, |m| m.len());
        let mut out = Forgotten {
            bytes_before: size(self),
            ..Forgotten::default()
        };
        // Freed pages are overwritten with zeros from now on (and VACUUM rewrites the rest).
        self.conn.pragma_update(None, "secure_delete", true)?;
        let tx = self.conn.transaction()?;
        out.history_entries = match up_to {
            Some(id) => tx.execute(
                "DELETE FROM history WHERE id <= ?1 AND undone = 0",
                params![id],
            )?,
            None => tx.execute("DELETE FROM history", [])?,
        };
        super::log_texts::collect_garbage(&tx)?;
        for s in scrub.iter().filter(|s| !s.is_empty()) {
            out.audit_labels += tx.execute(
                "UPDATE audit SET label = '(purged)' WHERE instr(label, ?1) > 0",
                params![s],
            )?;
        }
        tx.commit()?;
        self.vacuum()?;
        self.revision += 1;
        out.bytes_after = size(self);
        Ok(out)
    }

    /// Rewrites the file compactly and moves the write-ahead log back into it, truncated.
    fn vacuum(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("VACUUM")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// The id of the newest command-log entry made at or before `time` (RFC 3339), if any.
    ///
    /// # Errors
    /// SQLite fails.
    pub fn history_id_at(&self, time: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.conn.query_row(
            "SELECT max(id) FROM history WHERE ts <= ?1",
            params![time],
            |r| r.get(0),
        )?)
    }

    /// Drops the command log up to entry `up_to` (all applied entries when `None`): undo
    /// cannot go back past that point afterwards. The audit trail is kept.
    ///
    /// # Errors
    /// The project is read-only, or SQLite fails.
    pub fn compact(&mut self, up_to: Option<i64>) -> Result<Forgotten, StoreError> {
        let up_to = match up_to {
            Some(id) => id,
            None => self
                .conn
                .query_row("SELECT ifnull(max(id), 0) FROM history", [], |r| r.get(0))?,
        };
        self.forget_history(Some(up_to), &[])
    }
}
