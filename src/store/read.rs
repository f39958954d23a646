//! Read queries for listings: documents, codebook, codings, cases, memos.

use super::images::code_rows;
use super::{Project, StoreError};
use crate::model::{Case, CaseLink, Code, Coding, DocKind, DocSummary, MemoTarget};
use crate::text::CharIndex;
use rusqlite::{OptionalExtension as _, params};
use std::collections::{BTreeMap, HashMap};

/// Which codings to list; `None` fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct CodingFilter {
    /// Only this document.
    pub doc_id: Option<i64>,
    /// Only these codes (e.g. a code and its descendants).
    pub code_ids: Option<Vec<i64>>,
    /// Only this coder.
    pub coder: Option<String>,
    /// Only documents in this document group (by id).
    pub group_id: Option<i64>,
}

impl Project {
    /// All documents, by name.
    pub fn documents(&self) -> Result<Vec<DocSummary>, StoreError> {
        let conn = self.conn();
        let mut attrs: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
        let mut stmt = conn.prepare("SELECT doc_id, key, value FROM doc_attributes")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            attrs
                .entry(r.get(0)?)
                .or_default()
                .insert(r.get(1)?, r.get(2)?);
        }
        let mut cases: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT DISTINCT l.doc_id, c.name FROM case_links l JOIN cases c ON c.id = l.case_id
             WHERE l.start IS NULL ORDER BY c.name",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            cases.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let mut stmt = conn.prepare(
            "SELECT d.id, d.name, d.kind, d.chars, (SELECT count(*) FROM codings c WHERE c.doc_id = d.id)
             FROM documents d ORDER BY d.name",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let kind: String = r.get(2)?;
            out.push(DocSummary {
                id,
                name: r.get(1)?,
                kind: DocKind::parse(&kind).unwrap_or(DocKind::Document),
                chars: r.get::<_, i64>(3)? as usize,
                attributes: attrs.remove(&id).unwrap_or_default(),
                cases: cases.remove(&id).unwrap_or_default(),
                codings: r.get::<_, i64>(4)? as usize,
            });
        }
        Ok(out)
    }

    /// Finds a document by name, or else by numeric id.
    pub fn find_document(&self, name_or_id: &str) -> Result<Option<i64>, StoreError> {
        let conn = self.conn();
        let by_name = conn
            .query_row(
                "SELECT id FROM documents WHERE name = ?1",
                [name_or_id],
                |r| r.get(0),
            )
            .optional()?;
        if by_name.is_some() {
            return Ok(by_name);
        }
        let Ok(id) = name_or_id.trim().parse::<i64>() else {
            return Ok(None);
        };
        Ok(conn
            .query_row("SELECT id FROM documents WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// A document's name and text.
    pub fn document_text(&self, doc_id: i64) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT name, text FROM documents WHERE id = ?1",
                [doc_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// All documents' ids, kinds and texts (for indexing and analysis).
    pub fn document_texts(&self) -> Result<Vec<(i64, String, DocKind, String)>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, name, kind, text FROM documents ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(2)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                DocKind::parse(&kind).unwrap_or(DocKind::Document),
                r.get(3)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// `(id, stamp)` of every document, where the stamp identifies the document's content
    /// (import time, hash and text revision): an id reused after an undo gets a different
    /// stamp, and so does a document after a redaction or its undo.
    pub fn document_stamps(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT d.id, d.imported_at || ' ' || d.sha256 || ' ' || d.chars
                    || ifnull(' r' || (SELECT rev FROM doc_text_rev r WHERE r.doc_id = d.id), '')
             FROM documents d ORDER BY d.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a document with this content hash exists; returns its name.
    pub fn document_by_sha256(&self, sha: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT name FROM documents WHERE sha256 = ?1 LIMIT 1",
                [sha],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The codebook in tree order (parents before children, siblings by position then name),
    /// with full paths and coding counts.
    pub fn codes(&self) -> Result<Vec<Code>, StoreError> {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT code_id, count(*) FROM codings GROUP BY code_id")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            counts.insert(r.get(0)?, r.get::<_, i64>(1)? as usize);
        }
        self.code_tree(&counts)
    }

    /// The codebook in tree order with the given coding counts.
    fn code_tree(&self, counts: &HashMap<i64, usize>) -> Result<Vec<Code>, StoreError> {
        let rows = code_rows(self.conn())?;
        let mut children: BTreeMap<Option<i64>, Vec<usize>> = BTreeMap::new();
        for (i, row) in rows.iter().enumerate() {
            children.entry(row.parent_id).or_default().push(i);
        }
        for list in children.values_mut() {
            list.sort_by(|&a, &b| {
                (rows[a].position, &rows[a].name).cmp(&(rows[b].position, &rows[b].name))
            });
        }
        let mut out = Vec::with_capacity(rows.len());
        let mut stack: Vec<(usize, String)> = children
            .get(&None)
            .map(|l| l.iter().rev().map(|&i| (i, rows[i].name.clone())).collect())
            .unwrap_or_default();
        while let Some((i, path)) = stack.pop() {
            let row = &rows[i];
            if let Some(kids) = children.get(&Some(row.id)) {
                for &k in kids.iter().rev() {
                    stack.push((k, format!("{path}/{}", rows[k].name)));
                }
            }
            out.push(Code {
                id: row.id,
                parent_id: row.parent_id,
                path,
                name: row.name.clone(),
                color: row.color.clone(),
                description: row.description.clone(),
                definition: row.definition.clone(),
                inclusion: row.inclusion.clone(),
                exclusion: row.exclusion.clone(),
                example: row.example.clone(),
                position: row.position,
                count: counts.get(&row.id).copied().unwrap_or(0),
            });
        }
        Ok(out)
    }

    /// Codings matching `filter`, ordered by document name, start, end, code path.
    pub fn codings(&self, filter: &CodingFilter) -> Result<Vec<Coding>, StoreError> {
        // (Paths only: the counts would cost a pass over every coding.)
        let codes: HashMap<i64, String> = self
            .code_tree(&HashMap::new())?
            .into_iter()
            .map(|c| (c.id, c.path))
            .collect();
        let conn = self.conn();
        // One document's codings through the index on (doc_id, start), not a scan of all.
        let by_doc = if filter.doc_id.is_some() {
            "c.doc_id = ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = conn.prepare(&format!(
            "SELECT c.id, c.doc_id, d.name, c.code_id, c.start, c.end, c.coder, c.memo
             FROM codings c JOIN documents d ON d.id = c.doc_id
             WHERE {by_doc} AND (?2 IS NULL OR c.coder = ?2)
               AND (?3 IS NULL OR c.doc_id IN
                    (SELECT doc_id FROM doc_group_members WHERE group_id = ?3))
             ORDER BY d.name, c.start, c.end, c.id"
        ))?;
        let mut rows = stmt.query(params![filter.doc_id, filter.coder, filter.group_id])?;
        let mut texts: HashMap<i64, (String, CharIndex)> = HashMap::new();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let code_id: i64 = r.get(3)?;
            if let Some(ids) = &filter.code_ids
                && !ids.contains(&code_id)
            {
                continue;
            }
            let doc_id: i64 = r.get(1)?;
            if let std::collections::hash_map::Entry::Vacant(e) = texts.entry(doc_id) {
                let text: String =
                    conn.query_row("SELECT text FROM documents WHERE id = ?1", [doc_id], |r| {
                        r.get(0)
                    })?;
                let idx = CharIndex::new(&text);
                e.insert((text, idx));
            }
            let (text, idx) = &texts[&doc_id];
            let start = r.get::<_, i64>(4)? as usize;
            let end = r.get::<_, i64>(5)? as usize;
            out.push(Coding {
                id: r.get(0)?,
                doc: r.get(2)?,
                doc_id,
                start,
                end,
                code: codes.get(&code_id).cloned().unwrap_or_default(),
                code_id,
                coder: r.get(6)?,
                memo: r.get(7)?,
                text: text[idx.byte(start)..idx.byte(end)].to_owned(),
            });
        }
        Ok(out)
    }

    /// Distinct coder names, sorted.
    pub fn coders(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT DISTINCT coder FROM codings ORDER BY coder")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// All cases, by name.
    pub fn cases(&self) -> Result<Vec<Case>, StoreError> {
        let mut attrs: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT case_id, key, value FROM case_attributes")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            attrs
                .entry(r.get(0)?)
                .or_default()
                .insert(r.get(1)?, r.get(2)?);
        }
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.name, c.description,
                    (SELECT count(*) FROM case_links l WHERE l.case_id = c.id AND l.start IS NULL),
                    (SELECT count(*) FROM case_links l WHERE l.case_id = c.id AND l.start IS NOT NULL)
             FROM cases c ORDER BY c.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Case {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                documents: r.get::<_, i64>(3)? as usize,
                segments: r.get::<_, i64>(4)? as usize,
                attributes: BTreeMap::new(),
            })
        })?;
        let mut cases: Vec<Case> = rows.collect::<Result<_, _>>()?;
        for c in &mut cases {
            c.attributes = attrs.remove(&c.id).unwrap_or_default();
        }
        Ok(cases)
    }

    /// All case links, by case name then id.
    pub fn case_links(&self) -> Result<Vec<CaseLink>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT l.id, l.case_id, c.name, l.doc_id, l.start, l.end
             FROM case_links l JOIN cases c ON c.id = l.case_id ORDER BY c.name, l.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CaseLink {
                id: r.get(0)?,
                case_id: r.get(1)?,
                case: r.get(2)?,
                doc_id: r.get(3)?,
                start: r.get::<_, Option<i64>>(4)?.map(|v| v as usize),
                end: r.get::<_, Option<i64>>(5)?.map(|v| v as usize),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The text of the memo on `target` (empty if none).
    pub fn memo(&self, target: MemoTarget) -> Result<String, StoreError> {
        let (kind, id) = target.key();
        Ok(super::images::memo_row(self.conn(), kind, id)?
            .map(|m| m.text)
            .unwrap_or_default())
    }

    /// Attribute definitions of `scope` (`case` or `document`), by position.
    pub fn attribute_defs(&self, scope: &str) -> Result<Vec<super::AttrDefRow>, StoreError> {
        super::images::attr_def_rows(self.conn(), scope)
    }

    /// All QCA overrides.
    pub fn qca_overrides(&self) -> Result<Vec<super::QcaOverrideRow>, StoreError> {
        super::images::qca_override_rows(self.conn(), None, None)
    }

    /// All case × code cell memos.
    pub fn cell_memos(&self) -> Result<Vec<super::CellMemoRow>, StoreError> {
        super::images::cell_memo_rows(self.conn(), None, None)
    }

    /// The project's segmentation dictionary.
    pub fn dictionary(&self) -> Result<Vec<super::DictWordRow>, StoreError> {
        super::images::dict_word_rows(self.conn())
    }

    /// The project's stop words, sorted.
    pub fn stopwords(&self) -> Result<Vec<String>, StoreError> {
        Ok(super::images::stopword_rows(self.conn())?
            .into_iter()
            .map(|w| w.word)
            .collect())
    }

    /// The personal-data watch-list: `(term, kind)` sorted by term.
    pub fn pii_watch(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(super::images::pii_watch_rows(self.conn())?
            .into_iter()
            .map(|w| (w.term, w.kind))
            .collect())
    }

    /// A project metadata value.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT value FROM project_meta WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }
}
