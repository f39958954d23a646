//! The store's integrity check (`qcw check`): SQLite's own checks, foreign keys, every coding and
//! case link inside its document, document lengths, and a command log that decodes and keeps the
//! undo/redo order. Read-only: it finds problems, it never changes the project.

use super::{Project, StoreError};
use serde::Serialize;

/// One problem found in a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What is affected: `database`, `foreign-keys`, `codings`, `case-links`, `documents`,
    /// `history` (the command log) or `index` (the search index beside the project).
    pub area: String,
    /// What is wrong, naming the rows concerned.
    pub detail: String,
}

impl Finding {
    /// A finding in `area`.
    pub fn new(area: &str, detail: impl Into<String>) -> Finding {
        Finding {
            area: area.to_owned(),
            detail: detail.into(),
        }
    }
}

/// At most this many findings of one kind are listed (the rest are counted).
const LIST_MAX: usize = 20;

fn listed(area: &str, mut items: Vec<String>, out: &mut Vec<Finding>) {
    let more = items.len().saturating_sub(LIST_MAX);
    items.truncate(LIST_MAX);
    out.extend(items.into_iter().map(|d| Finding::new(area, d)));
    if more > 0 {
        out.push(Finding::new(area, format!("… and {more} more")));
    }
}

impl Project {
    /// Checks the store; an empty list means no problem was found.
    ///
    /// # Errors
    /// A query cannot run at all (a badly damaged file); the error names SQLite's reason.
    pub fn check_store(&self) -> Result<Vec<Finding>, StoreError> {
        let mut out = Vec::new();
        let strings = |sql: &str| -> Result<Vec<String>, StoreError> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let integrity = strings("PRAGMA integrity_check")?;
        if integrity != ["ok"] {
            listed("database", integrity, &mut out);
            // The rest reads damaged pages: stop at SQLite's own verdict.
            return Ok(out);
        }
        let fk = strings(
            "SELECT fk.\"table\" || ' row ' || ifnull(fk.rowid, '?') || ' refers to a missing ' \
             || fk.parent || ' row' FROM pragma_foreign_key_check AS fk",
        )?;
        listed("foreign-keys", fk, &mut out);
        let codings = strings(
            "SELECT 'coding #' || c.id || ' [' || c.start || ', ' || c.\"end\" || ') lies outside \
             document ' || d.name || ' (' || d.chars || ' characters)' \
             FROM codings c JOIN documents d ON d.id = c.doc_id \
             WHERE c.start < 0 OR c.\"end\" <= c.start OR c.\"end\" > d.chars ORDER BY c.id",
        )?;
        listed("codings", codings, &mut out);
        let links = strings(
            "SELECT 'case link #' || l.id || ' [' || ifnull(l.start, 'NULL') || ', ' \
             || ifnull(l.\"end\", 'NULL') || ') lies outside document ' || d.name \
             FROM case_links l JOIN documents d ON d.id = l.doc_id \
             WHERE (l.start IS NULL) != (l.\"end\" IS NULL) OR (l.start IS NOT NULL AND \
             (l.start < 0 OR l.\"end\" <= l.start OR l.\"end\" > d.chars)) ORDER BY l.id",
        )?;
        listed("case-links", links, &mut out);
        let docs = strings(
            "SELECT 'document ' || name || ' records ' || chars || ' characters but has ' \
             || length(text) FROM documents WHERE chars != length(text) ORDER BY id",
        )?;
        listed("documents", docs, &mut out);
        self.check_history(&mut out)?;
        Ok(out)
    }

    /// Every log entry decodes, and undone entries (the redo branch) come after all others.
    fn check_history(&self, out: &mut Vec<Finding>) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, changes, undone, format FROM history ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut bad = Vec::new();
        let mut first_undone: Option<i64> = None;
        for row in rows {
            let (id, json, undone, format) = row?;
            if let Err(e) = super::log_texts::decode(&self.conn, &json, format) {
                bad.push(format!("entry #{id} cannot be decoded: {e}"));
            }
            match (undone, first_undone) {
                (true, None) => first_undone = Some(id),
                (false, Some(u)) => bad.push(format!(
                    "entry #{id} is applied after the undone entry #{u}: undo and redo \
                     would skip it"
                )),
                _ => {}
            }
        }
        listed("history", bad, out);
        Ok(())
    }
}
