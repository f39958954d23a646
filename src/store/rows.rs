//! Row images and row-level changes: the unit of the command log.
//!
//! A [`Change`] carries complete row images, so its inverse is exact: undo applies the inverse
//! changes in reverse order, redo applies the changes again, both restoring identical rows
//! (including ids).

use serde::{Deserialize, Serialize};

/// A document row (text included: only a redaction changes it, through [`DocSpanRow`], so the
/// image is only needed to re-create it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub text: String,
    pub chars: i64,
    pub sha256: String,
    pub source_path: String,
    pub format: String,
    pub imported_at: String,
    pub imported_by: String,
    /// The stable identity (absent in log entries written before schema 5; a fresh one is then
    /// given on insert).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
}

/// One document attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocAttrRow {
    pub doc_id: i64,
    pub key: String,
    pub value: String,
}

/// A code row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub color: String,
    pub description: String,
    pub definition: String,
    pub inclusion: String,
    pub exclusion: String,
    pub example: String,
    pub position: i64,
    /// The stable identity (absent in log entries written before schema 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
}

/// A coding row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodingRow {
    pub id: i64,
    pub doc_id: i64,
    pub code_id: i64,
    pub start: i64,
    pub end: i64,
    pub coder: String,
    pub memo: String,
    pub created_at: String,
}

/// A memo on a document, code, case or the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoRow {
    pub target_kind: String,
    pub target_id: i64,
    pub text: String,
    pub author: String,
    pub updated_at: String,
}

/// A case row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// A link from a case to a document or a segment of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLinkRow {
    pub id: i64,
    pub case_id: i64,
    pub doc_id: i64,
    pub start: Option<i64>,
    pub end: Option<i64>,
}

/// One case attribute value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAttrRow {
    pub case_id: i64,
    pub key: String,
    pub value: String,
}

/// The definition (type) of a case or document attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttrDefRow {
    pub scope: String,
    pub name: String,
    pub r#type: String,
    /// JSON array of allowed values (categorical attributes).
    pub allowed: String,
    pub position: i64,
}

/// A researcher's override of a QCA condition cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QcaOverrideRow {
    pub case_id: i64,
    pub code_id: i64,
    pub present: bool,
    pub reason: String,
    pub author: String,
    pub updated_at: String,
}

/// A memo on a case × code cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellMemoRow {
    pub case_id: i64,
    pub code_id: i64,
    pub text: String,
    pub author: String,
    pub updated_at: String,
}

/// A word of the project dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictWordRow {
    pub word: String,
    pub freq: Option<i64>,
    pub pos: Option<String>,
}

/// A stop word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopwordRow {
    pub word: String,
}

/// A span `[start, start + len)` of a document's text (code points), the only part of a
/// document that changes after import (redaction). Only ever updated, never inserted or deleted;
/// the update keeps the text's length in code points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSpanRow {
    pub doc_id: i64,
    pub start: i64,
    pub text: String,
}

/// A term of the project's personal-data watch-list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PiiWatchRow {
    pub term: String,
    /// `name`, `place` or `other`.
    pub kind: String,
}

/// The identity of a deleted document or code (no name, no content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TombstoneRow {
    pub uuid: String,
    /// `document` or `code`.
    pub kind: String,
}

/// A consensus decision on a unit where two coders disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsensusRow {
    pub doc_id: i64,
    pub code_id: i64,
    pub start: i64,
    pub end: i64,
    /// `a`, `b`, `both`, `neither` or `range`.
    pub decision: String,
    pub author: String,
    pub updated_at: String,
}

/// A document group (set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// A document's membership in a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMemberRow {
    pub group_id: i64,
    pub doc_id: i64,
}

/// A rejected code suggestion: segment `[start, end)` of a document does not fit the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestRejectRow {
    pub doc_id: i64,
    pub code_id: i64,
    pub start: i64,
    pub end: i64,
    pub coder: String,
    pub rejected_at: String,
}

/// A complete image of one row of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "table", rename_all = "snake_case")]
pub enum Row {
    Document(DocumentRow),
    DocAttr(DocAttrRow),
    Code(CodeRow),
    Coding(CodingRow),
    Memo(MemoRow),
    Case(CaseRow),
    CaseLink(CaseLinkRow),
    CaseAttr(CaseAttrRow),
    AttrDef(AttrDefRow),
    QcaOverride(QcaOverrideRow),
    CellMemo(CellMemoRow),
    DictWord(DictWordRow),
    Stopword(StopwordRow),
    DocSpan(DocSpanRow),
    PiiWatch(PiiWatchRow),
    Tombstone(TombstoneRow),
    Consensus(ConsensusRow),
    Group(GroupRow),
    GroupMember(GroupMemberRow),
    SuggestReject(SuggestRejectRow),
}

/// A row-level change with everything needed to invert it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[expect(
    clippy::large_enum_variant,
    reason = "changes are built, applied and serialized once; boxing would only add noise"
)]
pub enum Change {
    /// The row was inserted.
    Insert { row: Row },
    /// The row was deleted.
    Delete { row: Row },
    /// The row changed from `before` to `after` (same key).
    Update { before: Row, after: Row },
}

impl Change {
    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self {
            Change::Insert { row } => Change::Delete { row: row.clone() },
            Change::Delete { row } => Change::Insert { row: row.clone() },
            Change::Update { before, after } => Change::Update {
                before: after.clone(),
                after: before.clone(),
            },
        }
    }
}

impl Row {
    /// The row's id, for the tables whose rows have one (documents, codes, codings, cases, case
    /// links, groups).
    pub(crate) fn id_mut(&mut self) -> Option<&mut i64> {
        match self {
            Row::Document(d) => Some(&mut d.id),
            Row::Code(c) => Some(&mut c.id),
            Row::Coding(c) => Some(&mut c.id),
            Row::Case(c) => Some(&mut c.id),
            Row::CaseLink(l) => Some(&mut l.id),
            Row::Group(g) => Some(&mut g.id),
            _ => None,
        }
    }

    /// The row's own key (`table:key`): two images with the same key are the same row.
    pub fn key(&self) -> String {
        match self {
            Row::Document(d) => format!("document:{}", d.id),
            Row::DocAttr(a) => format!("doc_attr:{}:{}", a.doc_id, a.key),
            Row::Code(c) => format!("code:{}", c.id),
            Row::Coding(c) => format!("coding:{}", c.id),
            Row::Memo(m) => format!("memo:{}:{}", m.target_kind, m.target_id),
            Row::Case(c) => format!("case:{}", c.id),
            Row::CaseLink(l) => format!("case_link:{}", l.id),
            Row::CaseAttr(a) => format!("case_attr:{}:{}", a.case_id, a.key),
            Row::AttrDef(d) => format!("attr_def:{}:{}", d.scope, d.name),
            Row::QcaOverride(o) => format!("qca_override:{}:{}", o.case_id, o.code_id),
            Row::CellMemo(m) => format!("cell_memo:{}:{}", m.case_id, m.code_id),
            Row::DictWord(w) => format!("dict_word:{}", w.word),
            Row::Stopword(w) => format!("stopword:{}", w.word),
            Row::DocSpan(s) => format!("document:{}", s.doc_id),
            Row::PiiWatch(w) => format!("pii_watch:{}", w.term),
            Row::Tombstone(t) => format!("tombstone:{}", t.uuid),
            Row::Consensus(c) => {
                format!("consensus:{}:{}:{}:{}", c.doc_id, c.code_id, c.start, c.end)
            }
            Row::Group(g) => format!("group:{}", g.id),
            Row::GroupMember(m) => format!("group_member:{}:{}", m.group_id, m.doc_id),
            Row::SuggestReject(r) => {
                format!(
                    "suggest_reject:{}:{}:{}:{}",
                    r.doc_id, r.code_id, r.start, r.end
                )
            }
        }
    }

    /// The keys of the rows this row refers to (a coding: its document and code).
    pub fn refs(&self) -> Vec<String> {
        match self {
            Row::DocAttr(a) => vec![format!("document:{}", a.doc_id)],
            Row::Code(c) => c
                .parent_id
                .map(|p| format!("code:{p}"))
                .into_iter()
                .collect(),
            Row::Coding(c) => vec![
                format!("document:{}", c.doc_id),
                format!("code:{}", c.code_id),
            ],
            Row::Memo(m) if m.target_kind != "project" => {
                vec![format!("{}:{}", m.target_kind, m.target_id)]
            }
            Row::CaseLink(l) => vec![
                format!("case:{}", l.case_id),
                format!("document:{}", l.doc_id),
            ],
            Row::CaseAttr(a) => vec![format!("case:{}", a.case_id)],
            Row::QcaOverride(o) => {
                vec![format!("case:{}", o.case_id), format!("code:{}", o.code_id)]
            }
            Row::CellMemo(m) => vec![format!("case:{}", m.case_id), format!("code:{}", m.code_id)],
            Row::Consensus(c) => vec![
                format!("document:{}", c.doc_id),
                format!("code:{}", c.code_id),
            ],
            Row::GroupMember(m) => vec![
                format!("group:{}", m.group_id),
                format!("document:{}", m.doc_id),
            ],
            Row::SuggestReject(r) => vec![
                format!("document:{}", r.doc_id),
                format!("code:{}", r.code_id),
            ],
            _ => Vec::new(),
        }
    }
}

impl Change {
    /// The row images of this change (one, or before and after).
    pub fn rows(&self) -> Vec<&Row> {
        match self {
            Change::Insert { row } | Change::Delete { row } => vec![row],
            Change::Update { before, after } => vec![before, after],
        }
    }
}
