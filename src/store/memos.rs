//! Every memo of a project in one list (the memo browser, `qcw memos`): project, document,
//! code and case memos, coding memos and case × code cell memos, each with its target's name.

use super::{Project, StoreError};
use serde::Serialize;
use std::collections::HashMap;

/// What a memo is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemoKind {
    /// The project memo.
    Project,
    /// A document memo.
    Document,
    /// A code memo.
    Code,
    /// A case memo.
    Case,
    /// The memo of one coding.
    Coding,
    /// A case × code matrix cell memo.
    Cell,
}

impl MemoKind {
    /// Every kind, in list order.
    pub const ALL: [MemoKind; 6] = [
        MemoKind::Project,
        MemoKind::Document,
        MemoKind::Code,
        MemoKind::Case,
        MemoKind::Coding,
        MemoKind::Cell,
    ];

    /// The kind's name (`project`, `document`, `code`, `case`, `coding`, `cell`).
    pub fn as_str(self) -> &'static str {
        match self {
            MemoKind::Project => "project",
            MemoKind::Document => "document",
            MemoKind::Code => "code",
            MemoKind::Case => "case",
            MemoKind::Coding => "coding",
            MemoKind::Cell => "cell",
        }
    }

    /// The kind named `s` (as [`MemoKind::as_str`]).
    pub fn parse(s: &str) -> Option<MemoKind> {
        MemoKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One memo with its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoEntry {
    /// What it is on.
    pub kind: MemoKind,
    /// The target by name: document or case name, code path, `code path · document [s, e)` for a
    /// coding, `case × code path` for a cell; empty for the project.
    pub target: String,
    /// The memo.
    pub text: String,
    /// Who wrote it (a coding memo: the coder).
    pub author: String,
    /// When it was last changed (a coding memo: when the coding was made), RFC 3339.
    pub updated_at: String,
    /// The document (document and coding memos).
    pub doc_id: Option<i64>,
    /// The code (code, coding and cell memos).
    pub code_id: Option<i64>,
    /// The case (case and cell memos).
    pub case_id: Option<i64>,
    /// The coding (coding memos).
    pub coding_id: Option<i64>,
    /// The coding's `[start, end)` in code points.
    pub range: Option<(usize, usize)>,
    /// The coded text (coding memos; at most 80 characters).
    pub excerpt: String,
}

impl MemoEntry {
    fn new(kind: MemoKind, text: String, author: String, updated_at: String) -> MemoEntry {
        MemoEntry {
            kind,
            target: String::new(),
            text,
            author,
            updated_at,
            doc_id: None,
            code_id: None,
            case_id: None,
            coding_id: None,
            range: None,
            excerpt: String::new(),
        }
    }
}

impl Project {
    /// Every non-empty memo, by kind then target.
    pub fn memo_entries(&self) -> Result<Vec<MemoEntry>, StoreError> {
        let conn = self.conn();
        let paths: HashMap<i64, String> =
            self.codes()?.into_iter().map(|c| (c.id, c.path)).collect();
        let path = |id: i64| paths.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
        let mut out = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT m.target_kind, m.target_id, m.text, m.author, m.updated_at,
                    CASE m.target_kind
                      WHEN 'document' THEN (SELECT name FROM documents WHERE id = m.target_id)
                      WHEN 'case' THEN (SELECT name FROM cases WHERE id = m.target_id)
                    END
             FROM memos m WHERE m.text <> ''",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(0)?;
            let id: i64 = r.get(1)?;
            let name: Option<String> = r.get(5)?;
            let Some(kind) = MemoKind::parse(&kind) else {
                continue;
            };
            let mut e = MemoEntry::new(kind, r.get(2)?, r.get(3)?, r.get(4)?);
            match kind {
                MemoKind::Document => e.doc_id = Some(id),
                MemoKind::Code => {
                    e.code_id = Some(id);
                    e.target = path(id);
                }
                MemoKind::Case => e.case_id = Some(id),
                _ => {}
            }
            if let Some(name) = name {
                e.target = name;
            }
            out.push(e);
        }
        let mut stmt = conn.prepare(
            "SELECT c.id, c.doc_id, c.code_id, c.start, c.end, c.coder, c.memo, c.created_at,
                    d.name, substr(d.text, c.start + 1, min(c.end - c.start, 80))
             FROM codings c JOIN documents d ON d.id = c.doc_id WHERE c.memo <> ''",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut e = MemoEntry::new(MemoKind::Coding, r.get(6)?, r.get(5)?, r.get(7)?);
            let (start, end): (i64, i64) = (r.get(3)?, r.get(4)?);
            let (code_id, doc): (i64, String) = (r.get(2)?, r.get(8)?);
            e.coding_id = Some(r.get(0)?);
            e.doc_id = Some(r.get(1)?);
            e.code_id = Some(code_id);
            e.range = Some((start as usize, end as usize));
            e.target = format!("{} · {doc} [{start}, {end})", path(code_id));
            e.excerpt = r.get(9)?;
            out.push(e);
        }
        let mut stmt = conn.prepare(
            "SELECT m.case_id, m.code_id, m.text, m.author, m.updated_at, c.name
             FROM cell_memos m JOIN cases c ON c.id = m.case_id WHERE m.text <> ''",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut e = MemoEntry::new(MemoKind::Cell, r.get(2)?, r.get(3)?, r.get(4)?);
            let (case_id, code_id, case): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(5)?);
            e.case_id = Some(case_id);
            e.code_id = Some(code_id);
            e.target = format!("{case} × {}", path(code_id));
            out.push(e);
        }
        out.sort_by(|a, b| (a.kind, &a.target, a.range).cmp(&(b.kind, &b.target, b.range)));
        Ok(out)
    }
}
