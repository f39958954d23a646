//! Memos on documents, codes, cases and the project.

use super::CommandError;
use crate::clock::now_rfc3339;
use crate::model::MemoTarget;
use crate::store::{self, MemoRow, Row, Tx};

pub(super) fn set_memo(
    tx: &mut Tx<'_>,
    target: MemoTarget,
    text: &str,
    actor: &str,
) -> Result<(), CommandError> {
    let (kind, id) = target.key();
    let exists = match target {
        MemoTarget::Document(id) => store::document_row(tx.conn(), id)?.is_some(),
        MemoTarget::Code(id) => store::code_row(tx.conn(), id)?.is_some(),
        MemoTarget::Case(id) => store::case_row(tx.conn(), id)?.is_some(),
        MemoTarget::Project => true,
    };
    if !exists {
        return Err(CommandError::NotFound(format!("{kind} #{id}")));
    }
    let existing = store::memo_row(tx.conn(), kind, id)?;
    let new = MemoRow {
        target_kind: kind.to_owned(),
        target_id: id,
        text: text.to_owned(),
        author: actor.to_owned(),
        updated_at: now_rfc3339(),
    };
    match (existing, text.is_empty()) {
        (None, true) => {}
        (Some(old), true) => tx.delete(Row::Memo(old))?,
        (None, false) => {
            tx.insert(Row::Memo(new))?;
        }
        (Some(old), false) => {
            if old.text != text {
                tx.update(Row::Memo(old), Row::Memo(new))?;
            }
        }
    }
    Ok(())
}
