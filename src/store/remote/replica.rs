//! The project file's side of a team project: the replica's metadata, its block of row ids,
//! applying the server's operations, the queue of commands not yet sent, and reading every row
//! of a project for publishing.

use super::server::PulledOp;
use crate::store::rows::{Change, Row};
use crate::store::{StoreError, apply_change, log_texts};
use rusqlite::{Connection, OptionalExtension as _, params};
use serde_json::{Map, Value};

/// The replica's metadata keys in `project_meta`.
pub(crate) const URL: &str = "remote_url";
pub(crate) const PROJECT: &str = "remote_project";
pub(crate) const LAST_OP: &str = "remote_last_op";
const ID_NEXT: &str = "remote_id_next";
const ID_END: &str = "remote_id_end";

/// Reads a `project_meta` value.
pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT value FROM project_meta WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Writes a `project_meta` value.
pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR REPLACE INTO project_meta (key, value) VALUES (?1, ?2)",
        params![key, value],
    )?;
    Ok(())
}

/// The last server operation applied here.
pub(crate) fn last_op(conn: &Connection) -> Result<i64, StoreError> {
    Ok(meta(conn, LAST_OP)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// A replica's block of row ids (and of the ids of commands waiting to be sent): ids no other
/// replica uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdAlloc {
    next: i64,
    end: i64,
}

impl IdAlloc {
    /// The block `[first, first + 2^32)`.
    pub(crate) fn block(first: i64) -> IdAlloc {
        IdAlloc {
            next: first,
            end: first + (1_i64 << 32),
        }
    }

    /// The replica's block, if the project is a replica.
    pub(crate) fn load(conn: &Connection) -> Result<Option<IdAlloc>, StoreError> {
        let next = meta(conn, ID_NEXT)?.and_then(|v| v.parse().ok());
        let end = meta(conn, ID_END)?.and_then(|v| v.parse().ok());
        Ok(next.zip(end).map(|(next, end)| IdAlloc { next, end }))
    }

    /// Writes the block's state (inside the command's transaction).
    pub(crate) fn save(self, conn: &Connection) -> Result<(), StoreError> {
        set_meta(conn, ID_NEXT, &self.next.to_string())?;
        set_meta(conn, ID_END, &self.end.to_string())
    }

    /// The next free id.
    pub(crate) fn take(&mut self) -> Result<i64, StoreError> {
        if self.next >= self.end {
            return Err(StoreError::Inconsistent(
                "the replica's block of ids is used up: clone the project again".into(),
            ));
        }
        let id = self.next;
        self.next += 1;
        Ok(id)
    }

    /// Gives `row` an id from the block if it is to get a new one (id 0).
    pub(crate) fn assign(&mut self, row: &mut Row) -> Result<(), StoreError> {
        if let Some(id) = row.id_mut()
            && *id == 0
        {
            *id = self.take()?;
        }
        Ok(())
    }
}

/// Writes a history entry (and its audit line) with a given id; drops the author's redo branch
/// as a new command does.
pub(crate) fn record_with_id(
    conn: &Connection,
    id: i64,
    ts: &str,
    actor: &str,
    label: &str,
    changes: &[Change],
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM history WHERE undone = 1 AND actor = ?1",
        [actor],
    )?;
    let (json, texts) = log_texts::encode(changes)?;
    conn.execute(
        "INSERT INTO history (id, ts, actor, label, changes, format) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, ts, actor, label, json, log_texts::FORMAT],
    )?;
    log_texts::keep(conn, id, &texts)?;
    conn.execute(
        "INSERT INTO audit (ts, actor, action, history_id, label) VALUES (?1, ?2, 'do', ?3, ?4)",
        params![ts, actor, id, label],
    )?;
    Ok(())
}

/// Marks history entry `id` undone or redone, with its audit line.
pub(crate) fn mark_undone(
    conn: &Connection,
    id: i64,
    undone: bool,
    ts: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let label: Option<String> = conn
        .query_row("SELECT label FROM history WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(label) = label else {
        return Ok(());
    };
    conn.execute(
        "UPDATE history SET undone = ?2 WHERE id = ?1",
        params![id, undone],
    )?;
    let action = if undone { "undo" } else { "redo" };
    conn.execute(
        "INSERT INTO audit (ts, actor, action, history_id, label) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ts, actor, action, id, label],
    )?;
    Ok(())
}

/// Applies one server operation to the replica (inside the caller's transaction) and records it
/// as the last one applied. An operation this replica made itself (its history already has the
/// id) is not applied twice.
pub(crate) fn apply_pulled(conn: &Connection, op: &PulledOp) -> Result<(), StoreError> {
    let own: bool = conn
        .query_row("SELECT 1 FROM history WHERE id = ?1", [op.id], |_| Ok(true))
        .optional()?
        .unwrap_or(false);
    if !own {
        for change in &op.changes {
            apply_change(conn, &mut change.clone())?;
        }
        match (op.kind.as_str(), op.history_id) {
            ("do", _) => record_with_id(conn, op.id, &op.ts, &op.author, &op.label, &op.changes)?,
            ("undo", Some(h)) => mark_undone(conn, h, true, &op.ts, &op.author)?,
            ("redo", Some(h)) => mark_undone(conn, h, false, &op.ts, &op.author)?,
            _ => {}
        }
    }
    set_meta(conn, LAST_OP, &op.id.to_string())
}

/// A command waiting to be sent.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub(crate) history_id: i64,
    pub(crate) idem_key: String,
    pub(crate) kind: String,
    pub(crate) target: Option<i64>,
}

/// Queues a command for the next sync.
pub(crate) fn add_pending(conn: &Connection, p: &Pending) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO remote_pending (history_id, idem_key, kind, target) VALUES (?1, ?2, ?3, ?4)",
        params![p.history_id, p.idem_key, p.kind, p.target],
    )?;
    Ok(())
}

/// The queued commands, oldest first.
pub(crate) fn pending(conn: &Connection) -> Result<Vec<Pending>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT history_id, idem_key, kind, target FROM remote_pending ORDER BY history_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Pending {
            history_id: r.get(0)?,
            idem_key: r.get(1)?,
            kind: r.get(2)?,
            target: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The changes and label of history entry `id`.
pub(crate) fn history_entry(
    conn: &Connection,
    id: i64,
) -> Result<Option<(String, String, Vec<Change>)>, StoreError> {
    let row: Option<(String, String, String, i64)> = conn
        .query_row(
            "SELECT actor, label, changes, format FROM history WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match row {
        Some((actor, label, json, format)) => Ok(Some((
            actor,
            label,
            log_texts::decode(conn, &json, format)?,
        ))),
        None => Ok(None),
    }
}

/// The tables of a project, their row tag and their order of insertion (parents first).
const TABLES: &[(&str, &str, &str)] = &[
    ("documents", "document", "id"),
    ("doc_attributes", "doc_attr", "doc_id, key"),
    ("codes", "code", "id"),
    ("codings", "coding", "id"),
    ("memos", "memo", "target_kind, target_id"),
    ("cases", "case", "id"),
    ("case_links", "case_link", "id"),
    ("case_attributes", "case_attr", "case_id, key"),
    ("attribute_defs", "attr_def", "scope, name"),
    ("qca_overrides", "qca_override", "case_id, code_id"),
    ("cell_memos", "cell_memo", "case_id, code_id"),
    ("dict_words", "dict_word", "word"),
    ("stopwords", "stopword", "word"),
    ("pii_watch", "pii_watch", "term"),
    (
        "suggestion_rejects",
        "suggest_reject",
        "doc_id, code_id, start, end",
    ),
    ("tombstones", "tombstone", "uuid"),
    (
        "consensus_decisions",
        "consensus",
        "doc_id, code_id, start, end",
    ),
    ("doc_groups", "group", "id"),
    ("doc_group_members", "group_member", "group_id, doc_id"),
];

/// Every row of every domain table as insert changes, parents before children (codes in an
/// order where each parent comes first).
pub(crate) fn all_rows(conn: &Connection) -> Result<Vec<Change>, StoreError> {
    let mut out = Vec::new();
    for (table, tag, order) in TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let mut rows = stmt.query([])?;
        let mut batch = Vec::new();
        while let Some(r) = rows.next()? {
            let mut map = Map::new();
            map.insert("table".into(), Value::String((*tag).to_owned()));
            for (i, name) in names.iter().enumerate() {
                let v = match r.get::<_, rusqlite::types::Value>(i)? {
                    rusqlite::types::Value::Null => Value::Null,
                    rusqlite::types::Value::Integer(n) => Value::from(n),
                    rusqlite::types::Value::Real(f) => Value::from(f),
                    rusqlite::types::Value::Text(s) => Value::String(s),
                    rusqlite::types::Value::Blob(_) => continue,
                };
                map.insert(name.clone(), v);
            }
            let row: Row = serde_json::from_value(Value::Object(map))?;
            batch.push(row);
        }
        if *tag == "code" {
            batch = parents_first(batch);
        }
        out.extend(batch.into_iter().map(|row| Change::Insert { row }));
    }
    Ok(out)
}

/// Codes reordered so that every parent comes before its children.
fn parents_first(codes: Vec<Row>) -> Vec<Row> {
    let mut done = std::collections::HashSet::new();
    let mut left = codes;
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let before = left.len();
        let (ready, rest): (Vec<Row>, Vec<Row>) = left.into_iter().partition(|r| match r {
            Row::Code(c) => c.parent_id.is_none_or(|p| done.contains(&p)),
            _ => true,
        });
        for r in &ready {
            if let Row::Code(c) = r {
                done.insert(c.id);
            }
        }
        out.extend(ready);
        left = rest;
        if left.len() == before {
            // A cycle cannot be stored; keep whatever is left as it was.
            out.append(&mut left);
        }
    }
    out
}
