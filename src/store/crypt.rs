//! Encryption at rest (cargo feature `encryption`: SQLCipher instead of plain SQLite). An
//! encrypted project's file, write-ahead log and backups hold no plaintext; its search index is
//! kept in memory only. The passphrases this process knows are kept by project file (the file's
//! canonical path), so that every connection to an encrypted project — the workbench's writer, its
//! query worker, a backup — can be keyed once the user has given the passphrase.

use super::StoreError;
use super::file::{Header, check_header};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, PoisonError};

/// Passphrases given in this process, by canonical project path.
static KEYS: LazyLock<Mutex<HashMap<PathBuf, String>>> = LazyLock::new(Default::default);

/// Whether this build can encrypt (the `encryption` feature).
pub const fn available() -> bool {
    cfg!(feature = "encryption")
}

/// The path passphrases are filed under: the canonical folder and the file name (the file need
/// not exist yet).
fn key_path(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_owned(),
    }
}

/// Remembers the passphrase of the (encrypted) project at `path` for this process.
pub fn remember_passphrase(path: &Path, passphrase: &str) {
    KEYS.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key_path(path), passphrase.to_owned());
}

/// Forgets the passphrase of `path` in this process.
pub fn forget_passphrase(path: &Path) {
    KEYS.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&key_path(path));
}

/// The passphrase remembered for `path`, if any.
pub(crate) fn passphrase_for(path: &Path) -> Option<String> {
    KEYS.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key_path(path))
        .cloned()
}

/// Keys a fresh connection with `passphrase` and checks it opens the database: a wrong
/// passphrase (or a file that is no database at all) is [`StoreError::WrongPassphrase`].
pub(super) fn apply_key(
    conn: &Connection,
    path: &Path,
    passphrase: &str,
) -> Result<(), StoreError> {
    if !available() {
        return Err(StoreError::NoEncryption);
    }
    // SQLCipher would print a wrong key's failure to stderr itself; qcw reports it.
    conn.execute_batch("PRAGMA cipher_log_level = NONE")?;
    conn.pragma_update(None, "key", passphrase)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|_| StoreError::WrongPassphrase(path.to_owned()))
}

/// Changes the passphrase of the keyed connection `conn` (SQLCipher's `rekey`, done outside WAL
/// mode) and files the new one for `path`.
pub(super) fn rekey(conn: &Connection, path: &Path, passphrase: &str) -> Result<(), StoreError> {
    if !available() {
        return Err(StoreError::NoEncryption);
    }
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "rekey", passphrase)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    remember_passphrase(path, passphrase);
    Ok(())
}

/// Writes an encrypted copy of the plain database `conn` to `out` (SQLCipher's
/// `sqlcipher_export`); `out` must not exist.
pub(super) fn export_encrypted(
    conn: &Connection,
    out: &Path,
    passphrase: &str,
) -> Result<(), StoreError> {
    if !available() {
        return Err(StoreError::NoEncryption);
    }
    // The project's connection may not create files: start from an empty one (an empty file is
    // an empty database), removed again if the export fails.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(|source| StoreError::Io {
            path: out.to_owned(),
            source,
        })?;
    let result = attach_and_export(conn, out, passphrase);
    if result.is_err() {
        let _ = std::fs::remove_file(out);
    }
    result
}

fn attach_and_export(conn: &Connection, out: &Path, passphrase: &str) -> Result<(), StoreError> {
    let name = out.to_string_lossy();
    conn.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        [&*name, passphrase],
    )?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
        .and_then(|()| {
            let id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
            let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            conn.pragma_update(Some("encrypted"), "application_id", id)?;
            conn.pragma_update(Some("encrypted"), "user_version", version)
        });
    let detached = conn.execute("DETACH DATABASE encrypted", []);
    exported?;
    detached?;
    Ok(())
}

/// Whether opening `path` needs a passphrase this process does not know yet: its header is no
/// SQLite header (an encrypted project, or not a project at all).
pub fn needs_passphrase(path: &Path) -> bool {
    matches!(check_header(path), Ok(Header::Opaque)) && passphrase_for(path).is_none()
}

/// The passphrase to open `path` with: none for a plain project; the remembered one for an
/// encrypted project, else [`StoreError::Encrypted`].
pub(super) fn passphrase(path: &Path) -> Result<Option<String>, StoreError> {
    match check_header(path)? {
        Header::Plain => Ok(None),
        Header::Opaque => passphrase_for(path)
            .map(Some)
            .ok_or_else(|| StoreError::Encrypted(path.to_owned())),
    }
}

/// A connection to `path` with `flags` (plus no-mutex), keyed when `key` is given.
pub(super) fn connect(
    path: &Path,
    flags: OpenFlags,
    key: Option<&str>,
) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    if let Some(k) = key {
        apply_key(&conn, path, k)?;
    }
    Ok(conn)
}
