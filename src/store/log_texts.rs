//! Document texts in the command log, kept once (format 2 entries): a document's row image holds
//! the SHA-256 of its text instead of the text; the text is in the document that holds it or, while
//! none does, in `history_texts`. Format 1 entries (older projects) hold full texts and are
//! converted when the project is upgraded.

use super::StoreError;
use super::rows::{Change, Row};
use crate::text::sha256_hex;
use rusqlite::{Connection, OptionalExtension as _, params};
use serde_json::Value;
use std::collections::BTreeMap;

/// The format new log entries are written in.
pub(crate) const FORMAT: i64 = 2;

/// Calls `f` on every document row image in the JSON of a change list.
fn each_document(v: &mut Value, f: &mut dyn FnMut(&mut serde_json::Map<String, Value>)) {
    let Value::Array(changes) = v else {
        return;
    };
    for change in changes {
        let Value::Object(change) = change else {
            continue;
        };
        for key in ["row", "before", "after"] {
            if let Some(Value::Object(row)) = change.get_mut(key)
                && row.get("table").and_then(Value::as_str) == Some("document")
            {
                f(row);
            }
        }
    }
}

/// The changes as stored in a format 2 entry, and the texts they refer to (by hash).
pub(crate) fn encode(changes: &[Change]) -> Result<(String, BTreeMap<String, String>), StoreError> {
    let mut v = serde_json::to_value(changes)?;
    let mut texts = BTreeMap::new();
    each_document(&mut v, &mut |row| {
        if let Some(Value::String(text)) = row.get_mut("text") {
            let text = std::mem::take(text);
            let sha = sha256_hex(text.as_bytes());
            row.insert("text_sha256".into(), Value::String(sha.clone()));
            texts.insert(sha, text);
        }
    });
    Ok((serde_json::to_string(&v)?, texts))
}

/// The document texts the row images of `changes` hold, by hash (without serializing them).
pub(crate) fn texts_of(changes: &[Change]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for change in changes {
        let rows: &[&Row] = match change {
            Change::Insert { row } | Change::Delete { row } => &[row],
            Change::Update { before, after } => &[before, after],
        };
        for row in rows {
            if let Row::Document(d) = row {
                out.entry(sha256_hex(d.text.as_bytes()))
                    .or_insert_with(|| d.text.clone());
            }
        }
    }
    out
}

/// The text with this hash: from a document holding it, else from the log's own texts.
fn text_of(conn: &Connection, sha: &str) -> Result<Option<String>, StoreError> {
    let held: Option<String> = conn
        .query_row(
            "SELECT text FROM documents WHERE text_sha256 = ?1 LIMIT 1",
            [sha],
            |r| r.get(0),
        )
        .optional()?;
    if held.is_some() {
        return Ok(held);
    }
    Ok(conn
        .query_row(
            "SELECT text FROM history_texts WHERE sha256 = ?1",
            [sha],
            |r| r.get(0),
        )
        .optional()?)
}

/// The changes of an entry stored in `format`, with every document text restored.
pub(crate) fn decode(
    conn: &Connection,
    json: &str,
    format: i64,
) -> Result<Vec<Change>, StoreError> {
    if format < 2 {
        return Ok(serde_json::from_str(json)?);
    }
    let mut v: Value = serde_json::from_str(json)?;
    let mut missing = None;
    let mut failed = None;
    each_document(&mut v, &mut |row| {
        let Some(Value::String(sha)) = row.remove("text_sha256") else {
            return;
        };
        match text_of(conn, &sha) {
            Ok(Some(text)) => {
                row.insert("text".into(), Value::String(text));
            }
            Ok(None) => missing = Some(sha),
            Err(e) => failed = Some(e),
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if let Some(sha) = missing {
        return Err(StoreError::Inconsistent(format!(
            "a log entry refers to a document text that is nowhere (SHA-256 {sha})"
        )));
    }
    Ok(serde_json::from_value(v)?)
}

/// After entry `history_id` (with `texts`) was recorded or applied: it needs these texts; keep
/// the ones no document holds, and drop kept texts that a document holds again or no entry needs.
pub(crate) fn keep(
    conn: &Connection,
    history_id: i64,
    texts: &BTreeMap<String, String>,
) -> Result<(), StoreError> {
    for (sha, text) in texts {
        conn.execute(
            "INSERT OR IGNORE INTO history_text_refs (history_id, sha256) VALUES (?1, ?2)",
            params![history_id, sha],
        )?;
        conn.execute(
            "INSERT OR IGNORE INTO history_texts (sha256, text)
             SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM documents WHERE text_sha256 = ?1)",
            params![sha, text],
        )?;
    }
    collect_garbage(conn)
}

/// Drops kept texts that a document holds or that no log entry needs.
pub(crate) fn collect_garbage(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM history_texts WHERE sha256 IN (SELECT text_sha256 FROM documents)
         OR sha256 NOT IN (SELECT sha256 FROM history_text_refs)",
        [],
    )?;
    Ok(())
}

/// The upgrade to log format 2: hashes every document's text and rewrites format 1 entries.
pub(crate) fn upgrade(conn: &Connection) -> Result<(), StoreError> {
    let docs: Vec<(i64, String)> = {
        let mut stmt = conn.prepare("SELECT id, text FROM documents WHERE text_sha256 IS NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (id, text) in docs {
        conn.execute(
            "UPDATE documents SET text_sha256 = ?2 WHERE id = ?1",
            params![id, sha256_hex(text.as_bytes())],
        )?;
    }
    let entries: Vec<(i64, String)> = {
        let mut stmt = conn.prepare("SELECT id, changes FROM history WHERE format < 2")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (id, json) in entries {
        let changes: Vec<Change> = serde_json::from_str(&json)?;
        let (json, texts) = encode(&changes)?;
        conn.execute(
            "UPDATE history SET changes = ?2, format = ?3 WHERE id = ?1",
            params![id, json, FORMAT],
        )?;
        keep(conn, id, &texts)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Project;
    use crate::store::rows::{DocumentRow, Row};

    /// A project as qcw wrote it before log format 2: schema version 1, full texts in the log.
    fn version_one_project(path: &std::path::Path, text: &str) {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "application_id", super::super::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(include_str!("../../schema/0001_init.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let row = DocumentRow {
            id: 1,
            name: "访谈01".into(),
            kind: "interview".into(),
            text: text.into(),
            chars: text.chars().count() as i64,
            sha256: "bytes".into(),
            source_path: "a.txt".into(),
            format: "txt".into(),
            imported_at: "2026-01-01T00:00:00.000Z".into(),
            imported_by: "t".into(),
            uuid: None,
        };
        conn.execute(
            "INSERT INTO documents (id, name, kind, text, chars, sha256, source_path, format,
             imported_at, imported_by) VALUES (1, ?1, 'interview', ?2, ?3, 'bytes', 'a.txt', 'txt',
             '2026-01-01T00:00:00.000Z', 't')",
            params![row.name, row.text, row.chars],
        )
        .unwrap();
        let changes = vec![Change::Insert {
            row: Row::Document(row),
        }];
        conn.execute(
            "INSERT INTO history (ts, actor, label, changes) VALUES ('t', 't', 'import 访谈01', ?1)",
            [serde_json::to_string(&changes).unwrap()],
        )
        .unwrap();
    }

    #[test]
    fn old_log_entries_are_rewritten_by_reference_and_still_undo() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.qcw");
        let text = "旧项目的全文𠮷😀。".repeat(50);
        version_one_project(&path, &text);
        let mut p = Project::open(&path, "t").unwrap();
        let (json, format): (String, i64) = p
            .conn()
            .query_row("SELECT changes, format FROM history", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(format, FORMAT);
        assert!(!json.contains("旧项目"), "{json}");
        assert!(json.contains(&sha256_hex(text.as_bytes())));
        // Undo removes the document and keeps its text for redo; redo restores it exactly.
        p.undo().unwrap();
        assert!(p.document_text(1).unwrap().is_none());
        p.redo().unwrap();
        assert_eq!(p.document_text(1).unwrap().unwrap().1, text);
        let kept: i64 = p
            .conn()
            .query_row("SELECT count(*) FROM history_texts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 0);
    }

    #[test]
    fn a_missing_text_is_a_clear_error() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("../../schema/0001_init.sql"))
            .unwrap();
        conn.execute_batch(include_str!("../../schema/0003_history_texts.sql"))
            .unwrap();
        let json = r#"[{"op":"insert","row":{"table":"document","id":1,"name":"a","kind":"interview","text":"","text_sha256":"00","chars":0,"sha256":"","source_path":"","format":"txt","imported_at":"","imported_by":""}}]"#;
        let e = decode(&conn, json, FORMAT).unwrap_err();
        assert!(e.to_string().contains("nowhere"), "{e}");
    }
}
