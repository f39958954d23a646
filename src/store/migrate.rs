//! Schema migrations: `schema/NNNN_name.sql`, applied in order, tracked by `PRAGMA user_version`.
//! An applied migration is never edited; changes come as a new file.

use super::StoreError;
use rusqlite::Connection;
use std::path::Path;

/// A step in Rust run in a migration's transaction after its SQL (data the SQL cannot compute).
type After = fn(&Connection) -> Result<(), StoreError>;

/// The migrations, in order; index + 1 is the schema version each one produces.
const MIGRATIONS: &[(&str, &str, Option<After>)] = &[
    (
        "0001_init",
        include_str!("../../schema/0001_init.sql"),
        None,
    ),
    ("0002_pii", include_str!("../../schema/0002_pii.sql"), None),
    (
        "0003_history_texts",
        include_str!("../../schema/0003_history_texts.sql"),
        Some(super::log_texts::upgrade),
    ),
    (
        "0004_code_positions",
        include_str!("../../schema/0004_code_positions.sql"),
        None,
    ),
    (
        "0005_identities",
        include_str!("../../schema/0005_identities.sql"),
        Some(super::identity::upgrade),
    ),
    (
        "0006_document_groups",
        include_str!("../../schema/0006_document_groups.sql"),
        None,
    ),
    (
        "0007_suggestions",
        include_str!("../../schema/0007_suggestions.sql"),
        None,
    ),
    (
        "0008_replica",
        include_str!("../../schema/0008_replica.sql"),
        None,
    ),
];

/// The newest schema version this build knows.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Brings the database to the newest version, one migration per transaction.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > latest() {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known: latest(),
        });
    }
    for (i, (_name, sql, after)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if let Some(after) = after {
            after(&tx)?;
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
