//! SQL that applies row-level changes. The only place that writes domain tables (with the
//! group inserts of `groups.rs`).

use super::StoreError;
use super::rows::{DocSpanRow, Row};
use crate::text::CharIndex;
use rusqlite::{Connection, OptionalExtension as _, params};

/// `None` for a zero id (SQLite chooses one).
fn id_or_null(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

/// Inserts `row`. A zero id (for tables with ids) lets SQLite choose; the chosen id is written back.
pub(crate) fn insert(conn: &Connection, row: &mut Row) -> Result<(), StoreError> {
    let new_id = match row {
        Row::Document(d) => {
            conn.execute(
                "INSERT INTO documents (id, name, kind, text, chars, sha256, source_path, format, imported_at, imported_by, text_sha256, uuid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![id_or_null(d.id), d.name, d.kind, d.text, d.chars, d.sha256, d.source_path, d.format, d.imported_at, d.imported_by, crate::text::sha256_hex(d.text.as_bytes()), &*d.uuid.get_or_insert_with(super::identity::new_uuid)],
            )?;
            &mut d.id
        }
        Row::DocAttr(a) => {
            conn.execute(
                "INSERT INTO doc_attributes (doc_id, key, value) VALUES (?1, ?2, ?3)",
                params![a.doc_id, a.key, a.value],
            )?;
            return Ok(());
        }
        Row::Code(c) => {
            conn.execute(
                "INSERT INTO codes (id, parent_id, name, color, description, definition, inclusion, exclusion, example, position, uuid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![id_or_null(c.id), c.parent_id, c.name, c.color, c.description, c.definition, c.inclusion, c.exclusion, c.example, c.position, &*c.uuid.get_or_insert_with(super::identity::new_uuid)],
            )?;
            &mut c.id
        }
        Row::Coding(c) => {
            conn.execute(
                "INSERT INTO codings (id, doc_id, code_id, start, end, coder, memo, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id_or_null(c.id),
                    c.doc_id,
                    c.code_id,
                    c.start,
                    c.end,
                    c.coder,
                    c.memo,
                    c.created_at
                ],
            )?;
            &mut c.id
        }
        Row::Memo(m) => {
            conn.execute(
                "INSERT INTO memos (target_kind, target_id, text, author, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![m.target_kind, m.target_id, m.text, m.author, m.updated_at],
            )?;
            return Ok(());
        }
        Row::Case(c) => {
            conn.execute(
                "INSERT INTO cases (id, name, description) VALUES (?1, ?2, ?3)",
                params![id_or_null(c.id), c.name, c.description],
            )?;
            &mut c.id
        }
        Row::CaseLink(l) => {
            conn.execute(
                "INSERT INTO case_links (id, case_id, doc_id, start, end) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id_or_null(l.id), l.case_id, l.doc_id, l.start, l.end],
            )?;
            &mut l.id
        }
        Row::CaseAttr(a) => {
            conn.execute(
                "INSERT INTO case_attributes (case_id, key, value) VALUES (?1, ?2, ?3)",
                params![a.case_id, a.key, a.value],
            )?;
            return Ok(());
        }
        Row::AttrDef(d) => {
            conn.execute(
                "INSERT INTO attribute_defs (scope, name, type, allowed, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![d.scope, d.name, d.r#type, d.allowed, d.position],
            )?;
            return Ok(());
        }
        Row::QcaOverride(o) => {
            conn.execute(
                "INSERT INTO qca_overrides (case_id, code_id, present, reason, author, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![o.case_id, o.code_id, o.present, o.reason, o.author, o.updated_at],
            )?;
            return Ok(());
        }
        Row::CellMemo(m) => {
            conn.execute(
                "INSERT INTO cell_memos (case_id, code_id, text, author, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![m.case_id, m.code_id, m.text, m.author, m.updated_at],
            )?;
            return Ok(());
        }
        Row::DictWord(w) => {
            conn.execute(
                "INSERT INTO dict_words (word, freq, pos) VALUES (?1, ?2, ?3)",
                params![w.word, w.freq, w.pos],
            )?;
            return Ok(());
        }
        Row::Stopword(w) => {
            conn.execute("INSERT INTO stopwords (word) VALUES (?1)", [&w.word])?;
            return Ok(());
        }
        r @ (Row::PiiWatch(_) | Row::Tombstone(_) | Row::Consensus(_)) => {
            return insert_identity(conn, r);
        }
        Row::Group(_) | Row::GroupMember(_) => return super::groups::insert(conn, row),
        Row::SuggestReject(r) => return super::suggest::insert(conn, r),
        Row::DocSpan(_) => return Err(span_only_updated()),
    };
    if *new_id == 0 {
        *new_id = conn.last_insert_rowid();
    }
    if let Row::Document(d) = row {
        bump_text_rev(conn, d.id)?;
    }
    Ok(())
}

/// Deletes the row with `row`'s key; fails if it is not there (the log would be inconsistent).
pub(crate) fn delete(conn: &Connection, row: &Row) -> Result<(), StoreError> {
    let n = match row {
        Row::Document(d) => conn.execute("DELETE FROM documents WHERE id = ?1", [d.id])?,
        Row::DocAttr(a) => conn.execute(
            "DELETE FROM doc_attributes WHERE doc_id = ?1 AND key = ?2",
            params![a.doc_id, a.key],
        )?,
        Row::Code(c) => conn.execute("DELETE FROM codes WHERE id = ?1", [c.id])?,
        Row::Coding(c) => conn.execute("DELETE FROM codings WHERE id = ?1", [c.id])?,
        Row::Memo(m) => conn.execute(
            "DELETE FROM memos WHERE target_kind = ?1 AND target_id = ?2",
            params![m.target_kind, m.target_id],
        )?,
        Row::Case(c) => conn.execute("DELETE FROM cases WHERE id = ?1", [c.id])?,
        Row::CaseLink(l) => conn.execute("DELETE FROM case_links WHERE id = ?1", [l.id])?,
        Row::CaseAttr(a) => conn.execute(
            "DELETE FROM case_attributes WHERE case_id = ?1 AND key = ?2",
            params![a.case_id, a.key],
        )?,
        Row::AttrDef(d) => conn.execute(
            "DELETE FROM attribute_defs WHERE scope = ?1 AND name = ?2",
            params![d.scope, d.name],
        )?,
        Row::QcaOverride(o) => conn.execute(
            "DELETE FROM qca_overrides WHERE case_id = ?1 AND code_id = ?2",
            params![o.case_id, o.code_id],
        )?,
        Row::CellMemo(m) => conn.execute(
            "DELETE FROM cell_memos WHERE case_id = ?1 AND code_id = ?2",
            params![m.case_id, m.code_id],
        )?,
        Row::DictWord(w) => conn.execute("DELETE FROM dict_words WHERE word = ?1", [&w.word])?,
        Row::Stopword(w) => conn.execute("DELETE FROM stopwords WHERE word = ?1", [&w.word])?,
        Row::PiiWatch(w) => conn.execute("DELETE FROM pii_watch WHERE term = ?1", [&w.term])?,
        Row::Tombstone(t) => conn.execute("DELETE FROM tombstones WHERE uuid = ?1", [&t.uuid])?,
        Row::Consensus(c) => conn.execute(
            "DELETE FROM consensus_decisions WHERE doc_id = ?1 AND code_id = ?2 AND start = ?3 AND end = ?4",
            params![c.doc_id, c.code_id, c.start, c.end],
        )?,
        Row::Group(g) => conn.execute("DELETE FROM doc_groups WHERE id = ?1", [g.id])?,
        Row::GroupMember(m) => conn.execute(
            "DELETE FROM doc_group_members WHERE group_id = ?1 AND doc_id = ?2",
            params![m.group_id, m.doc_id],
        )?,
        Row::SuggestReject(r) => conn.execute(
            "DELETE FROM suggestion_rejects WHERE doc_id = ?1 AND code_id = ?2 AND start = ?3 AND end = ?4",
            params![r.doc_id, r.code_id, r.start, r.end],
        )?,
        Row::DocSpan(_) => return Err(span_only_updated()),
    };
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::Inconsistent(format!(
            "row to delete not found: {row:?}"
        )))
    }
}

/// Overwrites the row with `after`'s key by `after`.
pub(crate) fn update(conn: &Connection, after: &Row) -> Result<(), StoreError> {
    let n = match after {
        Row::Document(_) => {
            return Err(StoreError::Inconsistent("documents are immutable".into()));
        }
        Row::DocAttr(a) => conn.execute(
            "UPDATE doc_attributes SET value = ?3 WHERE doc_id = ?1 AND key = ?2",
            params![a.doc_id, a.key, a.value],
        )?,
        Row::Code(c) => conn.execute(
            "UPDATE codes SET parent_id = ?2, name = ?3, color = ?4, description = ?5, definition = ?6,
             inclusion = ?7, exclusion = ?8, example = ?9, position = ?10 WHERE id = ?1",
            params![c.id, c.parent_id, c.name, c.color, c.description, c.definition, c.inclusion, c.exclusion, c.example, c.position],
        )?,
        Row::Coding(c) => conn.execute(
            "UPDATE codings SET doc_id = ?2, code_id = ?3, start = ?4, end = ?5, coder = ?6, memo = ?7, created_at = ?8
             WHERE id = ?1",
            params![c.id, c.doc_id, c.code_id, c.start, c.end, c.coder, c.memo, c.created_at],
        )?,
        Row::Memo(m) => conn.execute(
            "UPDATE memos SET text = ?3, author = ?4, updated_at = ?5 WHERE target_kind = ?1 AND target_id = ?2",
            params![m.target_kind, m.target_id, m.text, m.author, m.updated_at],
        )?,
        Row::Case(c) => conn.execute(
            "UPDATE cases SET name = ?2, description = ?3 WHERE id = ?1",
            params![c.id, c.name, c.description],
        )?,
        Row::CaseLink(l) => conn.execute(
            "UPDATE case_links SET case_id = ?2, doc_id = ?3, start = ?4, end = ?5 WHERE id = ?1",
            params![l.id, l.case_id, l.doc_id, l.start, l.end],
        )?,
        Row::CaseAttr(a) => conn.execute(
            "UPDATE case_attributes SET value = ?3 WHERE case_id = ?1 AND key = ?2",
            params![a.case_id, a.key, a.value],
        )?,
        Row::AttrDef(d) => conn.execute(
            "UPDATE attribute_defs SET type = ?3, allowed = ?4, position = ?5 WHERE scope = ?1 AND name = ?2",
            params![d.scope, d.name, d.r#type, d.allowed, d.position],
        )?,
        Row::QcaOverride(o) => conn.execute(
            "UPDATE qca_overrides SET present = ?3, reason = ?4, author = ?5, updated_at = ?6
             WHERE case_id = ?1 AND code_id = ?2",
            params![o.case_id, o.code_id, o.present, o.reason, o.author, o.updated_at],
        )?,
        Row::CellMemo(m) => conn.execute(
            "UPDATE cell_memos SET text = ?3, author = ?4, updated_at = ?5 WHERE case_id = ?1 AND code_id = ?2",
            params![m.case_id, m.code_id, m.text, m.author, m.updated_at],
        )?,
        Row::DictWord(w) => conn.execute(
            "UPDATE dict_words SET freq = ?2, pos = ?3 WHERE word = ?1",
            params![w.word, w.freq, w.pos],
        )?,
        Row::Stopword(_) => 1,
        Row::PiiWatch(w) => conn.execute(
            "UPDATE pii_watch SET kind = ?2 WHERE term = ?1",
            params![w.term, w.kind],
        )?,
        Row::Tombstone(t) => conn.execute(
            "UPDATE tombstones SET kind = ?2 WHERE uuid = ?1",
            params![t.uuid, t.kind],
        )?,
        Row::Consensus(c) => conn.execute(
            "UPDATE consensus_decisions SET decision = ?5, author = ?6, updated_at = ?7
             WHERE doc_id = ?1 AND code_id = ?2 AND start = ?3 AND end = ?4",
            params![c.doc_id, c.code_id, c.start, c.end, c.decision, c.author, c.updated_at],
        )?,
        Row::Group(g) => conn.execute(
            "UPDATE doc_groups SET name = ?2, description = ?3 WHERE id = ?1",
            params![g.id, g.name, g.description],
        )?,
        Row::GroupMember(_) => 1,
        Row::SuggestReject(r) => conn.execute(
            "UPDATE suggestion_rejects SET coder = ?5, rejected_at = ?6
             WHERE doc_id = ?1 AND code_id = ?2 AND start = ?3 AND end = ?4",
            params![r.doc_id, r.code_id, r.start, r.end, r.coder, r.rejected_at],
        )?,
        Row::DocSpan(s) => write_span(conn, s)?,
    };
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::Inconsistent(format!(
            "row to update not found: {after:?}"
        )))
    }
}

fn span_only_updated() -> StoreError {
    StoreError::Inconsistent("a document span is only ever updated".into())
}

/// Writes `span` into its document's text (redaction, its undo and redo): the span must lie
/// inside the text and the text keeps its length in code points. Returns the rows changed.
fn write_span(conn: &Connection, span: &DocSpanRow) -> Result<usize, StoreError> {
    let Some((text, chars)) = conn
        .query_row(
            "SELECT text, chars FROM documents WHERE id = ?1",
            [span.doc_id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )
        .optional()?
    else {
        return Ok(0);
    };
    let start = usize::try_from(span.start).unwrap_or(usize::MAX);
    let len = span.text.chars().count();
    let index = CharIndex::new(&text);
    if start.saturating_add(len) > index.len() || index.len() as i64 != chars {
        return Err(StoreError::Inconsistent(format!(
            "span [{start}, {}) outside document #{} ({chars} characters)",
            start.saturating_add(len),
            span.doc_id
        )));
    }
    let new = format!(
        "{}{}{}",
        &text[..index.byte(start)],
        span.text,
        &text[index.byte(start + len)..]
    );
    // The text the log may still need for undo (an import's row image refers to it by hash)
    // is kept in the log's own texts while no document holds it (see `log_texts.rs`).
    let old_sha = crate::text::sha256_hex(text.as_bytes());
    conn.execute(
        "INSERT OR IGNORE INTO history_texts (sha256, text) SELECT ?1, ?2
         WHERE EXISTS (SELECT 1 FROM history_text_refs WHERE sha256 = ?1)",
        params![old_sha, text],
    )?;
    let n = conn.execute(
        "UPDATE documents SET text = ?2, text_sha256 = ?3 WHERE id = ?1",
        params![span.doc_id, new, crate::text::sha256_hex(new.as_bytes())],
    )?;
    bump_text_rev(conn, span.doc_id)?;
    Ok(n)
}

/// Gives document `doc_id` a fresh text revision (see `schema/0002_pii.sql`).
fn bump_text_rev(conn: &Connection, doc_id: i64) -> Result<(), StoreError> {
    let rev: i64 = conn.query_row(
        "INSERT INTO project_meta (key, value) VALUES ('text_rev', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
         RETURNING CAST(value AS INTEGER)",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO doc_text_rev (doc_id, rev) VALUES (?1, ?2)",
        params![doc_id, rev],
    )?;
    Ok(())
}

/// Inserts a watch-list term, a tombstone or a consensus decision (rows without ids).
fn insert_identity(conn: &Connection, row: &Row) -> Result<(), StoreError> {
    match row {
        Row::PiiWatch(w) => {
            conn.execute(
                "INSERT INTO pii_watch (term, kind) VALUES (?1, ?2)",
                params![w.term, w.kind],
            )?;
        }
        Row::Tombstone(t) => {
            conn.execute(
                "INSERT INTO tombstones (uuid, kind) VALUES (?1, ?2)",
                params![t.uuid, t.kind],
            )?;
        }
        Row::Consensus(c) => {
            conn.execute(
                "INSERT INTO consensus_decisions (doc_id, code_id, start, end, decision, author, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![c.doc_id, c.code_id, c.start, c.end, c.decision, c.author, c.updated_at],
            )?;
        }
        _ => {}
    }
    Ok(())
}
