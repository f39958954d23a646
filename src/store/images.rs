//! Reads complete row images, for commands that must record what they change.

use super::StoreError;
use super::rows::*;
use rusqlite::{Connection, OptionalExtension as _, params};

const CODE_COLS: &str = "id, parent_id, name, color, description, definition, inclusion, exclusion, example, position, uuid";

fn code_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<CodeRow> {
    Ok(CodeRow {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        name: r.get(2)?,
        color: r.get(3)?,
        description: r.get(4)?,
        definition: r.get(5)?,
        inclusion: r.get(6)?,
        exclusion: r.get(7)?,
        example: r.get(8)?,
        position: r.get(9)?,
        uuid: r.get(10)?,
    })
}

/// Reads the current image of a code row.
pub(crate) fn code_row(conn: &Connection, id: i64) -> Result<Option<CodeRow>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {CODE_COLS} FROM codes WHERE id = ?1"),
            [id],
            code_from,
        )
        .optional()?)
}

/// The code named `name` under `parent` (top level when `None`), through the sibling-name index.
pub(crate) fn code_child(
    conn: &Connection,
    parent: Option<i64>,
    name: &str,
) -> Result<Option<CodeRow>, StoreError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {CODE_COLS} FROM codes WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND name = ?2"
            ),
            params![parent, name],
            code_from,
        )
        .optional()?)
}

/// The position after the last child of `parent`, and the largest code id (both through an
/// index, so adding many codes stays linear).
pub(crate) fn next_code_slot(
    conn: &Connection,
    parent: Option<i64>,
) -> Result<(i64, i64), StoreError> {
    let position = conn.query_row(
        "SELECT ifnull(max(position) + 1, 0) FROM codes WHERE ifnull(parent_id, 0) = ifnull(?1, 0)",
        params![parent],
        |r| r.get(0),
    )?;
    let max_id = conn.query_row("SELECT ifnull(max(id), 0) FROM codes", [], |r| r.get(0))?;
    Ok((position, max_id))
}

/// All code rows, ordered by id.
pub(crate) fn code_rows(conn: &Connection) -> Result<Vec<CodeRow>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {CODE_COLS} FROM codes ORDER BY id"))?;
    let rows = stmt.query_map([], code_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const CODING_COLS: &str = "id, doc_id, code_id, start, end, coder, memo, created_at";

fn coding_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<CodingRow> {
    Ok(CodingRow {
        id: r.get(0)?,
        doc_id: r.get(1)?,
        code_id: r.get(2)?,
        start: r.get(3)?,
        end: r.get(4)?,
        coder: r.get(5)?,
        memo: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// One coding row.
pub(crate) fn coding_row(conn: &Connection, id: i64) -> Result<Option<CodingRow>, StoreError> {
    let sql = format!("SELECT {CODING_COLS} FROM codings WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], coding_from).optional()?)
}

/// The coding with exactly this key, if any.
pub(crate) fn coding_row_by_key(
    conn: &Connection,
    doc_id: i64,
    code_id: i64,
    coder: &str,
    start: i64,
    end: i64,
) -> Result<Option<CodingRow>, StoreError> {
    let sql = format!(
        "SELECT {CODING_COLS} FROM codings
         WHERE doc_id = ?1 AND code_id = ?2 AND coder = ?3 AND start = ?4 AND end = ?5"
    );
    Ok(conn
        .query_row(
            &sql,
            params![doc_id, code_id, coder, start, end],
            coding_from,
        )
        .optional()?)
}

/// Every coding row, by id.
pub(crate) fn all_coding_rows(conn: &Connection) -> Result<Vec<CodingRow>, StoreError> {
    let sql = format!("SELECT {CODING_COLS} FROM codings ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], coding_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Coding rows with the given code.
pub(crate) fn coding_rows_of_code(
    conn: &Connection,
    code_id: i64,
) -> Result<Vec<CodingRow>, StoreError> {
    let sql = format!("SELECT {CODING_COLS} FROM codings WHERE code_id = ?1 ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([code_id], coding_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Coding rows on the given document.
pub(crate) fn coding_rows_of_doc(
    conn: &Connection,
    doc_id: i64,
) -> Result<Vec<CodingRow>, StoreError> {
    let sql = format!("SELECT {CODING_COLS} FROM codings WHERE doc_id = ?1 ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([doc_id], coding_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A full document row.
pub(crate) fn document_row(conn: &Connection, id: i64) -> Result<Option<DocumentRow>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, name, kind, text, chars, sha256, source_path, format, imported_at, imported_by, uuid
             FROM documents WHERE id = ?1",
            [id],
            |r| {
                Ok(DocumentRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    text: r.get(3)?,
                    chars: r.get(4)?,
                    sha256: r.get(5)?,
                    source_path: r.get(6)?,
                    format: r.get(7)?,
                    imported_at: r.get(8)?,
                    imported_by: r.get(9)?,
                    uuid: r.get(10)?,
                })
            },
        )
        .optional()?)
}

/// Attribute rows of a document.
pub(crate) fn doc_attr_rows(conn: &Connection, doc_id: i64) -> Result<Vec<DocAttrRow>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT doc_id, key, value FROM doc_attributes WHERE doc_id = ?1 ORDER BY key")?;
    let rows = stmt.query_map([doc_id], |r| {
        Ok(DocAttrRow {
            doc_id: r.get(0)?,
            key: r.get(1)?,
            value: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The memo on a target, if any.
pub(crate) fn memo_row(
    conn: &Connection,
    target_kind: &str,
    target_id: i64,
) -> Result<Option<MemoRow>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT target_kind, target_id, text, author, updated_at FROM memos
             WHERE target_kind = ?1 AND target_id = ?2",
            params![target_kind, target_id],
            |r| {
                Ok(MemoRow {
                    target_kind: r.get(0)?,
                    target_id: r.get(1)?,
                    text: r.get(2)?,
                    author: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

fn case_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
    })
}

/// A case row by name.
pub(crate) fn case_row_by_name(
    conn: &Connection,
    name: &str,
) -> Result<Option<CaseRow>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, name, description FROM cases WHERE name = ?1",
            [name],
            case_from,
        )
        .optional()?)
}

/// Case links, optionally of one case and/or one document.
pub(crate) fn case_link_rows(
    conn: &Connection,
    case_id: Option<i64>,
    doc_id: Option<i64>,
) -> Result<Vec<CaseLinkRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, case_id, doc_id, start, end FROM case_links
         WHERE (?1 IS NULL OR case_id = ?1) AND (?2 IS NULL OR doc_id = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![case_id, doc_id], |r| {
        Ok(CaseLinkRow {
            id: r.get(0)?,
            case_id: r.get(1)?,
            doc_id: r.get(2)?,
            start: r.get(3)?,
            end: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A case row by id.
pub(crate) fn case_row(conn: &Connection, id: i64) -> Result<Option<CaseRow>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, name, description FROM cases WHERE id = ?1",
            [id],
            case_from,
        )
        .optional()?)
}

/// A document id by exact name.
pub(crate) fn document_id_by_name(
    conn: &Connection,
    name: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row("SELECT id FROM documents WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Attribute rows of a case.
pub(crate) fn case_attr_rows(
    conn: &Connection,
    case_id: i64,
) -> Result<Vec<CaseAttrRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT case_id, key, value FROM case_attributes WHERE case_id = ?1 ORDER BY key",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        Ok(CaseAttrRow {
            case_id: r.get(0)?,
            key: r.get(1)?,
            value: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Attribute definitions of a scope (`case` or `document`), by position then name.
pub(crate) fn attr_def_rows(conn: &Connection, scope: &str) -> Result<Vec<AttrDefRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT scope, name, type, allowed, position FROM attribute_defs WHERE scope = ?1 ORDER BY position, name",
    )?;
    let rows = stmt.query_map([scope], |r| {
        Ok(AttrDefRow {
            scope: r.get(0)?,
            name: r.get(1)?,
            r#type: r.get(2)?,
            allowed: r.get(3)?,
            position: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// QCA overrides, optionally only those of one case and/or one code.
pub(crate) fn qca_override_rows(
    conn: &Connection,
    case_id: Option<i64>,
    code_id: Option<i64>,
) -> Result<Vec<QcaOverrideRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT case_id, code_id, present, reason, author, updated_at FROM qca_overrides
         WHERE (?1 IS NULL OR case_id = ?1) AND (?2 IS NULL OR code_id = ?2) ORDER BY case_id, code_id",
    )?;
    let rows = stmt.query_map(params![case_id, code_id], |r| {
        Ok(QcaOverrideRow {
            case_id: r.get(0)?,
            code_id: r.get(1)?,
            present: r.get(2)?,
            reason: r.get(3)?,
            author: r.get(4)?,
            updated_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Cell memos, optionally only those of one case and/or one code.
pub(crate) fn cell_memo_rows(
    conn: &Connection,
    case_id: Option<i64>,
    code_id: Option<i64>,
) -> Result<Vec<CellMemoRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT case_id, code_id, text, author, updated_at FROM cell_memos
         WHERE (?1 IS NULL OR case_id = ?1) AND (?2 IS NULL OR code_id = ?2) ORDER BY case_id, code_id",
    )?;
    let rows = stmt.query_map(params![case_id, code_id], |r| {
        Ok(CellMemoRow {
            case_id: r.get(0)?,
            code_id: r.get(1)?,
            text: r.get(2)?,
            author: r.get(3)?,
            updated_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The project dictionary, by word.
pub(crate) fn dict_word_rows(conn: &Connection) -> Result<Vec<DictWordRow>, StoreError> {
    let mut stmt = conn.prepare("SELECT word, freq, pos FROM dict_words ORDER BY word")?;
    let rows = stmt.query_map([], |r| {
        Ok(DictWordRow {
            word: r.get(0)?,
            freq: r.get(1)?,
            pos: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The stop words, sorted.
pub(crate) fn stopword_rows(conn: &Connection) -> Result<Vec<StopwordRow>, StoreError> {
    let mut stmt = conn.prepare("SELECT word FROM stopwords ORDER BY word")?;
    let rows = stmt.query_map([], |r| Ok(StopwordRow { word: r.get(0)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every value of case attribute `key`.
pub(crate) fn all_case_attr_values(
    conn: &Connection,
    key: &str,
) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("SELECT value FROM case_attributes WHERE key = ?1")?;
    let rows = stmt.query_map([key], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every value of document attribute `key`.
pub(crate) fn all_doc_attr_values(conn: &Connection, key: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("SELECT value FROM doc_attributes WHERE key = ?1")?;
    let rows = stmt.query_map([key], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The personal-data watch-list, by term.
pub(crate) fn pii_watch_rows(conn: &Connection) -> Result<Vec<PiiWatchRow>, StoreError> {
    let mut stmt = conn.prepare("SELECT term, kind FROM pii_watch ORDER BY term")?;
    let rows = stmt.query_map([], |r| {
        Ok(PiiWatchRow {
            term: r.get(0)?,
            kind: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One watch-list term.
pub(crate) fn pii_watch_row(
    conn: &Connection,
    term: &str,
) -> Result<Option<PiiWatchRow>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT term, kind FROM pii_watch WHERE term = ?1",
            [term],
            |r| {
                Ok(PiiWatchRow {
                    term: r.get(0)?,
                    kind: r.get(1)?,
                })
            },
        )
        .optional()?)
}
