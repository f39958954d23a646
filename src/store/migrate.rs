//! Schema migrations: `schema/NNNN_name.sql`, applied in order, tracked by `PRAGMA user_version`.
//! An applied migration is never edited; changes come as a new file.

use super::StoreError;
use rusqlite::Connection;
use std::path::Path;

/// The migrations, in order; index + 1 is the schema version each one produces.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../schema/0001_init.sql")),
    ("0002_pii", include_str!("../../schema/0002_pii.sql")),
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
    for (i, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
