//! Commands that name their targets (document by name, code by path, case by name) instead of
//! giving ids, so that a [`super::Command::Batch`] can refer to rows it creates earlier in the same
//! transaction (e.g. a REFI-QDA project import: documents, codes, codings and memos in one step).

use super::{CommandError, codebook, coding, memos};
use crate::model::MemoTarget;
use crate::store::{self, Tx};
use serde::{Deserialize, Serialize};

/// The target of a memo, by name ([`super::Command::SetMemoByName`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NamedTarget {
    /// A document, by its (unique) name.
    Document(String),
    /// A code, by its path.
    Code(String),
    /// A case, by its name.
    Case(String),
    /// The project.
    Project,
}

impl std::fmt::Display for NamedTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NamedTarget::Document(n) => write!(f, "document {n}"),
            NamedTarget::Code(p) => write!(f, "code {p}"),
            NamedTarget::Case(n) => write!(f, "case {n}"),
            NamedTarget::Project => f.write_str("the project"),
        }
    }
}

/// The id of document `name`.
pub(super) fn doc_id(tx: &Tx<'_>, name: &str) -> Result<i64, CommandError> {
    store::document_id_by_name(tx.conn(), name)?
        .ok_or_else(|| CommandError::NotFound(format!("document {name}")))
}

/// Resolves a named memo target to ids.
fn resolve(tx: &Tx<'_>, target: &NamedTarget) -> Result<MemoTarget, CommandError> {
    Ok(match target {
        NamedTarget::Document(n) => MemoTarget::Document(doc_id(tx, n)?),
        NamedTarget::Code(p) => MemoTarget::Code(codebook::find_path(tx, p)?),
        NamedTarget::Case(n) => MemoTarget::Case(
            store::case_row_by_name(tx.conn(), n.trim())?
                .ok_or_else(|| CommandError::NotFound(format!("case {n}")))?
                .id,
        ),
        NamedTarget::Project => MemoTarget::Project,
    })
}

/// [`super::Command::ApplyCodingByName`].
pub(super) fn apply_coding(
    tx: &mut Tx<'_>,
    doc: &str,
    start: usize,
    end: usize,
    code_path: &str,
    coder: &str,
    memo: &str,
) -> Result<i64, CommandError> {
    let doc_id = doc_id(tx, doc)?;
    let code_id = codebook::find_path(tx, code_path)?;
    coding::apply(tx, doc_id, start, end, code_id, coder, memo)
}

/// [`super::Command::SetMemoByName`].
pub(super) fn set_memo(
    tx: &mut Tx<'_>,
    target: &NamedTarget,
    text: &str,
    actor: &str,
) -> Result<(), CommandError> {
    let target = resolve(tx, target)?;
    memos::set_memo(tx, target, text, actor)
}

/// Commands on a case × document or case × code that name their targets, so that a batch can
/// refer to rows it creates (the import of qcw's own `.qdpx` extensions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ByName {
    /// Like [`super::Command::LinkCase`], naming the document.
    LinkCase {
        /// The case's name (created when missing).
        case: String,
        /// The document's name.
        doc: String,
        /// A segment `[start, end)` in code points; `None`: the whole document.
        range: Option<(usize, usize)>,
    },
    /// Like [`super::Command::SetQcaOverride`], naming case and code.
    SetQcaOverride {
        /// The case's name.
        case: String,
        /// The code's path.
        code_path: String,
        /// `Some((present, reason))` sets the override; `None` clears it.
        value: Option<(bool, String)>,
    },
    /// Like [`super::Command::SetCellMemo`], naming case and code.
    SetCellMemo {
        /// The case's name.
        case: String,
        /// The code's path.
        code_path: String,
        /// The memo (empty removes it).
        text: String,
    },
    /// Like [`super::Command::AddToGroup`], naming the group (created when missing) and the
    /// documents: a folder import's sub-folders and a REFI-QDA project's sets.
    AddToGroup {
        /// The group's name.
        group: String,
        /// The documents' names.
        docs: Vec<String>,
    },
}

impl ByName {
    /// The label of the command.
    pub(super) fn label(&self) -> String {
        match self {
            ByName::LinkCase { case, doc, .. } => format!("link case {case} to document {doc}"),
            ByName::SetQcaOverride {
                case, code_path, ..
            } => format!("override QCA cell case {case} × code {code_path}"),
            ByName::SetCellMemo {
                case, code_path, ..
            } => format!("memo on cell case {case} × code {code_path}"),
            ByName::AddToGroup { group, docs } => {
                format!("add {} documents to group {group}", docs.len())
            }
        }
    }
}

fn case_id(tx: &Tx<'_>, name: &str) -> Result<i64, CommandError> {
    Ok(store::case_row_by_name(tx.conn(), name.trim())?
        .ok_or_else(|| CommandError::NotFound(format!("case {name}")))?
        .id)
}

/// Runs a [`ByName`] command.
pub(super) fn run(tx: &mut Tx<'_>, cmd: &ByName, actor: &str) -> Result<Vec<i64>, CommandError> {
    match cmd {
        ByName::LinkCase { case, doc, range } => {
            let doc_id = doc_id(tx, doc)?;
            super::cases::link_case(tx, case, doc_id, *range).map(|id| vec![id])
        }
        ByName::SetQcaOverride {
            case,
            code_path,
            value,
        } => {
            let (case_id, code_id) = (case_id(tx, case)?, codebook::find_path(tx, code_path)?);
            let value = value.as_ref().map(|(p, r)| (*p, r.as_str()));
            super::cases::set_override(tx, case_id, code_id, value, actor).map(|()| vec![case_id])
        }
        ByName::SetCellMemo {
            case,
            code_path,
            text,
        } => {
            let (case_id, code_id) = (case_id(tx, case)?, codebook::find_path(tx, code_path)?);
            super::cases::set_cell_memo(tx, case_id, code_id, text, actor).map(|()| vec![case_id])
        }
        ByName::AddToGroup { group, docs } => {
            let ids = docs
                .iter()
                .map(|d| doc_id(tx, d))
                .collect::<Result<Vec<_>, _>>()?;
            super::groups::add_by_name(tx, group, &ids).map(|id| vec![id])
        }
    }
}
