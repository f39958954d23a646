//! Whole-project reads for a team merge: every domain row of a project at once (document texts
//! excepted; they are read one by one for the documents that come over).

use super::identity::tombstone_rows;
use super::images;
use super::rows::*;
use super::{Project, StoreError};
use rusqlite::Connection;

/// A document without its text.
#[derive(Debug, Clone)]
pub(crate) struct DocMeta {
    pub id: i64,
    pub uuid: Option<String>,
    pub name: String,
    /// SHA-256 of the text (what the content is matched by).
    pub text_sha256: String,
    pub chars: i64,
}

/// Every domain row of a project, document texts excepted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    pub docs: Vec<DocMeta>,
    pub doc_attrs: Vec<DocAttrRow>,
    pub codes: Vec<CodeRow>,
    pub codings: Vec<CodingRow>,
    pub memos: Vec<MemoRow>,
    pub cases: Vec<CaseRow>,
    pub links: Vec<CaseLinkRow>,
    pub case_attrs: Vec<CaseAttrRow>,
    pub attr_defs: Vec<AttrDefRow>,
    pub overrides: Vec<QcaOverrideRow>,
    pub cell_memos: Vec<CellMemoRow>,
    pub dict: Vec<DictWordRow>,
    pub stopwords: Vec<String>,
    pub pii: Vec<PiiWatchRow>,
    pub tombstones: Vec<TombstoneRow>,
}

fn all<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], f)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Project {
    /// Every domain row of the project (texts excepted).
    pub(crate) fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let c = self.conn();
        let docs = all(
            c,
            "SELECT id, uuid, name, ifnull(text_sha256, ''), chars FROM documents ORDER BY id",
            |r| {
                Ok(DocMeta {
                    id: r.get(0)?,
                    uuid: r.get(1)?,
                    name: r.get(2)?,
                    text_sha256: r.get(3)?,
                    chars: r.get(4)?,
                })
            },
        )?;
        let mut attr_defs = images::attr_def_rows(c, "case")?;
        attr_defs.extend(images::attr_def_rows(c, "document")?);
        Ok(Snapshot {
            docs,
            doc_attrs: all(
                c,
                "SELECT doc_id, key, value FROM doc_attributes ORDER BY doc_id, key",
                |r| {
                    Ok(DocAttrRow {
                        doc_id: r.get(0)?,
                        key: r.get(1)?,
                        value: r.get(2)?,
                    })
                },
            )?,
            codes: images::code_rows(c)?,
            codings: images::all_coding_rows(c)?,
            memos: all(
                c,
                "SELECT target_kind, target_id, text, author, updated_at FROM memos
                 ORDER BY target_kind, target_id",
                |r| {
                    Ok(MemoRow {
                        target_kind: r.get(0)?,
                        target_id: r.get(1)?,
                        text: r.get(2)?,
                        author: r.get(3)?,
                        updated_at: r.get(4)?,
                    })
                },
            )?,
            cases: all(
                c,
                "SELECT id, name, description FROM cases ORDER BY id",
                |r| {
                    Ok(CaseRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        description: r.get(2)?,
                    })
                },
            )?,
            links: images::case_link_rows(c, None, None)?,
            case_attrs: all(
                c,
                "SELECT case_id, key, value FROM case_attributes ORDER BY case_id, key",
                |r| {
                    Ok(CaseAttrRow {
                        case_id: r.get(0)?,
                        key: r.get(1)?,
                        value: r.get(2)?,
                    })
                },
            )?,
            attr_defs,
            overrides: images::qca_override_rows(c, None, None)?,
            cell_memos: images::cell_memo_rows(c, None, None)?,
            dict: images::dict_word_rows(c)?,
            stopwords: images::stopword_rows(c)?
                .into_iter()
                .map(|w| w.word)
                .collect(),
            pii: images::pii_watch_rows(c)?,
            tombstones: tombstone_rows(c)?,
        })
    }

    /// A document's full row (text included), for a merge that brings it over.
    pub(crate) fn document_full(&self, id: i64) -> Result<Option<DocumentRow>, StoreError> {
        images::document_row(self.conn(), id)
    }
}
