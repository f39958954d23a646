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
