//! Coders' copies for blind double coding (`qcw team split`): a copy of the project holding only
//! one coder's codings, without the command log (whose row images would show the others'), and
//! marked blinded for that coder.

use super::{Project, StoreError, crypt, file};
use rusqlite::{Connection, OptionalExtension as _, params};
use std::path::Path;

/// The coder a blinded project belongs to, read inside a transaction.
pub(crate) fn blind_coder(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT value FROM project_meta WHERE key = 'blind_coder'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

impl Project {
    /// Writes a blinded copy for `coder` to `out` (which must not exist): the whole project
    /// with only `coder`'s codings, no command log, no consensus decisions, marked
    /// `blind_coder`. Free pages are zeroed, so the others' codings leave no trace in the file.
    ///
    /// # Errors
    /// `out` exists, or SQLite or the file system fails (no file is left then).
    pub fn write_coder_copy(&self, out: &Path, coder: &str) -> Result<(), StoreError> {
        if out.exists() {
            return Err(StoreError::Exists(out.to_owned()));
        }
        let temp = file::temp_beside(out)?;
        {
            let mut dst = self.copy_into(temp.path())?;
            dst.pragma_update(None, "secure_delete", true)?;
            let tx = dst.transaction()?;
            tx.execute("DELETE FROM codings WHERE coder <> ?1", [coder])?;
            tx.execute_batch(
                "DELETE FROM consensus_decisions;
                 DELETE FROM history;
                 DELETE FROM history_text_refs;
                 DELETE FROM history_texts;
                 DELETE FROM audit;",
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO project_meta (key, value) VALUES ('blind_coder', ?1)",
                [coder],
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO project_meta (key, value) VALUES ('split_from', ?1)",
                params![self.path.display().to_string()],
            )?;
            tx.commit()?;
            dst.execute_batch("VACUUM")?;
            dst.close().map_err(|(_, e)| StoreError::from(e))?;
            if let Some(k) = crypt::passphrase_for(&self.path).filter(|_| self.encrypted) {
                crypt::remember_passphrase(out, &k);
            }
        }
        file::persist(temp, out)
    }

    /// Lifts the blinding of a coder's copy (the PI's decision; merging into the PI's project
    /// needs no unblinding). Returns the coder it was blinded for.
    ///
    /// # Errors
    /// The project is read-only, or SQLite fails.
    pub fn unblind(&mut self) -> Result<Option<String>, StoreError> {
        if !self.is_writable() {
            return Err(StoreError::ReadOnly);
        }
        let coder = blind_coder(&self.conn)?;
        self.conn
            .execute("DELETE FROM project_meta WHERE key = 'blind_coder'", [])?;
        self.revision += 1;
        Ok(coder)
    }
}
