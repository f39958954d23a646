//! Reads of the rejected code suggestions (`schema/0007_suggestions.sql`).

use super::{Project, StoreError, SuggestRejectRow};
use rusqlite::{Connection, OptionalExtension as _, params};

const COLUMNS: &str = "doc_id, code_id, start, end, coder, rejected_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SuggestRejectRow> {
    Ok(SuggestRejectRow {
        doc_id: r.get(0)?,
        code_id: r.get(1)?,
        start: r.get(2)?,
        end: r.get(3)?,
        coder: r.get(4)?,
        rejected_at: r.get(5)?,
    })
}

fn rows_where(
    conn: &Connection,
    filter: &str,
    id: i64,
) -> Result<Vec<SuggestRejectRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM suggestion_rejects WHERE {filter} = ?1 ORDER BY doc_id, start, end, code_id"
    ))?;
    let rows = stmt.query_map([id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Inserts a rejection (the write path: only `write::insert` calls it).
pub(super) fn insert(conn: &Connection, r: &SuggestRejectRow) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO suggestion_rejects (doc_id, code_id, start, end, coder, rejected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![r.doc_id, r.code_id, r.start, r.end, r.coder, r.rejected_at],
    )?;
    Ok(())
}

/// The rejections of code `code_id`, by document and start.
pub(crate) fn suggest_reject_rows_of_code(
    conn: &Connection,
    code_id: i64,
) -> Result<Vec<SuggestRejectRow>, StoreError> {
    rows_where(conn, "code_id", code_id)
}

/// The rejections in document `doc_id`.
pub(crate) fn suggest_reject_rows_of_doc(
    conn: &Connection,
    doc_id: i64,
) -> Result<Vec<SuggestRejectRow>, StoreError> {
    rows_where(conn, "doc_id", doc_id)
}

/// The rejection of `[start, end)` of a document for a code.
pub(crate) fn suggest_reject_row(
    conn: &Connection,
    doc_id: i64,
    code_id: i64,
    start: i64,
    end: i64,
) -> Result<Option<SuggestRejectRow>, StoreError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM suggestion_rejects
                 WHERE doc_id = ?1 AND code_id = ?2 AND start = ?3 AND end = ?4"
            ),
            params![doc_id, code_id, start, end],
            row,
        )
        .optional()?)
}

/// A rejected suggestion, as the suggestion model reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedSuggestion {
    /// The document's id.
    pub doc_id: i64,
    /// The code's id.
    pub code_id: i64,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// Who rejected it.
    pub coder: String,
}

impl Project {
    /// The rejected suggestions of a code, by document and start.
    pub fn rejected_suggestions(
        &self,
        code_id: i64,
    ) -> Result<Vec<RejectedSuggestion>, StoreError> {
        Ok(suggest_reject_rows_of_code(self.conn(), code_id)?
            .into_iter()
            .map(|r| RejectedSuggestion {
                doc_id: r.doc_id,
                code_id: r.code_id,
                start: usize::try_from(r.start).unwrap_or(0),
                end: usize::try_from(r.end).unwrap_or(0),
                coder: r.coder,
            })
            .collect())
    }
}
