//! Stable identities (schema 5): the UUIDs of the project, its documents and codes, the
//! tombstones of deleted ones, and consensus decisions — what a team merge matches by.

use super::rows::{ConsensusRow, TombstoneRow};
use super::{Project, StoreError};
use rusqlite::{Connection, OptionalExtension as _, params};
use std::collections::HashMap;

/// A fresh random UUID (version 4), lower case.
pub(crate) fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The name-based GUID of row `id` of kind `kind` in the project whose creation stamp is `seed`
/// (SHA-256, formatted as a version-5-style UUID): what REFI-QDA exports used before schema 5,
/// and what the migration gives existing rows, so earlier exports still match.
pub(crate) fn derived_guid(seed: &str, kind: &str, id: impl std::fmt::Display) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{seed}\u{1f}{kind}\u{1f}{id}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

/// The seed of [`derived_guid`]: the project's creation stamp.
pub(crate) fn seed(conn: &Connection) -> Result<String, StoreError> {
    let meta = |key: &str| -> Result<String, StoreError> {
        Ok(conn
            .query_row(
                "SELECT value FROM project_meta WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
    };
    Ok(format!("{}|{}", meta("created_at")?, meta("created_by")?))
}

/// Migration 0005's step: identities for the rows that exist, then the unique indexes.
pub(crate) fn upgrade(conn: &Connection) -> Result<(), StoreError> {
    let seed = seed(conn)?;
    for (table, kind) in [("documents", "doc"), ("codes", "code")] {
        let ids: Vec<i64> = {
            let mut stmt = conn.prepare(&format!("SELECT id FROM {table} ORDER BY id"))?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let mut update = conn.prepare(&format!("UPDATE {table} SET uuid = ?2 WHERE id = ?1"))?;
        for id in ids {
            update.execute(params![id, derived_guid(&seed, kind, id)])?;
        }
    }
    conn.execute_batch(
        "CREATE UNIQUE INDEX documents_uuid ON documents(uuid);
         CREATE UNIQUE INDEX codes_uuid ON codes(uuid);",
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO project_meta (key, value) VALUES ('project_uuid', ?1)",
        [new_uuid()],
    )?;
    Ok(())
}

/// The tombstones of a project.
pub(crate) fn tombstone_rows(conn: &Connection) -> Result<Vec<TombstoneRow>, StoreError> {
    let mut stmt = conn.prepare("SELECT uuid, kind FROM tombstones ORDER BY uuid")?;
    let rows = stmt.query_map([], |r| {
        Ok(TombstoneRow {
            uuid: r.get(0)?,
            kind: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The tombstone of `uuid`, if any.
pub(crate) fn tombstone_row(
    conn: &Connection,
    uuid: &str,
) -> Result<Option<TombstoneRow>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT uuid, kind FROM tombstones WHERE uuid = ?1",
            [uuid],
            |r| {
                Ok(TombstoneRow {
                    uuid: r.get(0)?,
                    kind: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Consensus decisions, of one document and/or code when given.
pub(crate) fn consensus_rows(
    conn: &Connection,
    doc_id: Option<i64>,
    code_id: Option<i64>,
) -> Result<Vec<ConsensusRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT doc_id, code_id, start, end, decision, author, updated_at FROM consensus_decisions
         WHERE (?1 IS NULL OR doc_id = ?1) AND (?2 IS NULL OR code_id = ?2)
         ORDER BY doc_id, code_id, start, end",
    )?;
    let rows = stmt.query_map(params![doc_id, code_id], |r| {
        Ok(ConsensusRow {
            doc_id: r.get(0)?,
            code_id: r.get(1)?,
            start: r.get(2)?,
            end: r.get(3)?,
            decision: r.get(4)?,
            author: r.get(5)?,
            updated_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Project {
    /// The project's own UUID (copies made by `qcw team split` share it).
    pub fn project_uuid(&self) -> Result<String, StoreError> {
        Ok(self.meta("project_uuid")?.unwrap_or_default())
    }

    /// Document id → UUID.
    pub fn document_uuids(&self) -> Result<HashMap<i64, String>, StoreError> {
        self.uuids("documents")
    }

    /// Code id → UUID.
    pub fn code_uuids(&self) -> Result<HashMap<i64, String>, StoreError> {
        self.uuids("codes")
    }

    fn uuids(&self, table: &str) -> Result<HashMap<i64, String>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT id, uuid FROM {table} WHERE uuid IS NOT NULL"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The consensus decisions recorded so far.
    pub fn consensus_decisions(&self) -> Result<Vec<ConsensusRow>, StoreError> {
        consensus_rows(self.conn(), None, None)
    }

    /// The coder a blinded copy belongs to (`qcw team split`), if this project is one.
    pub fn blind_coder(&self) -> Result<Option<String>, StoreError> {
        self.meta("blind_coder")
    }
}
