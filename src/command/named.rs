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
