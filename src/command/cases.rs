//! Case commands beyond creation and linking: delete, QCA overrides, cell memos.

use super::{AttrScope, CommandError};
use crate::cases::AttrType;
use crate::clock::now_rfc3339;
use crate::store::{self, AttrDefRow, CellMemoRow, QcaOverrideRow, Row, Tx};

/// The type of attribute `name` in `scope`, if defined.
pub(super) fn attribute_type(
    tx: &Tx<'_>,
    scope: AttrScope,
    name: &str,
) -> Result<Option<AttrType>, CommandError> {
    Ok(store::attr_def_rows(tx.conn(), scope.as_str())?
        .into_iter()
        .find(|d| d.name == name)
        .map(|d| AttrType::from_stored(&d.r#type, &d.allowed)))
}

/// Checks `value` against the attribute's type (if defined) and returns its canonical form.
pub(super) fn check_value(
    tx: &Tx<'_>,
    scope: AttrScope,
    name: &str,
    value: &str,
) -> Result<String, CommandError> {
    match attribute_type(tx, scope, name)? {
        Some(ty) => ty
            .normalize(value)
            .map_err(|why| CommandError::Invalid(format!("attribute {name}: {why}"))),
        None => Ok(value.trim().to_owned()),
    }
}

/// Defines the type of an attribute; refused if an existing value does not fit.
pub(super) fn define_attribute(
    tx: &mut Tx<'_>,
    scope: AttrScope,
    name: &str,
    ty: &AttrType,
) -> Result<(), CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError::Invalid("attribute name is empty".into()));
    }
    let values: Vec<String> = match scope {
        AttrScope::Case => store::all_case_attr_values(tx.conn(), name)?,
        AttrScope::Document => store::all_doc_attr_values(tx.conn(), name)?,
    };
    for v in &values {
        ty.normalize(v).map_err(|why| {
            CommandError::Invalid(format!("cannot make {name} a {}: {why}", ty.name()))
        })?;
    }
    let defs = store::attr_def_rows(tx.conn(), scope.as_str())?;
    let position = defs.iter().map(|d| d.position + 1).max().unwrap_or(0);
    let new = AttrDefRow {
        scope: scope.as_str().to_owned(),
        name: name.to_owned(),
        r#type: ty.name().to_owned(),
        allowed: ty.allowed_json(),
        position,
    };
    match defs.into_iter().find(|d| d.name == name) {
        Some(old) => {
            let new = AttrDefRow {
                position: old.position,
                ..new
            };
            tx.update(Row::AttrDef(old), Row::AttrDef(new))?;
        }
        None => {
            tx.insert(Row::AttrDef(new))?;
        }
    }
    Ok(())
}

fn check_case_and_code(tx: &Tx<'_>, case_id: i64, code_id: i64) -> Result<(), CommandError> {
    store::case_row(tx.conn(), case_id)?
        .ok_or_else(|| CommandError::NotFound(format!("case #{case_id}")))?;
    store::code_row(tx.conn(), code_id)?
        .ok_or_else(|| CommandError::NotFound(format!("code #{code_id}")))?;
    Ok(())
}

/// Deletes a case with its links, attributes, overrides and memos (documents stay).
pub(super) fn delete_case(tx: &mut Tx<'_>, case_id: i64) -> Result<(), CommandError> {
    let case = store::case_row(tx.conn(), case_id)?
        .ok_or_else(|| CommandError::NotFound(format!("case #{case_id}")))?;
    for link in store::case_link_rows(tx.conn(), Some(case_id), None)? {
        tx.delete(Row::CaseLink(link))?;
    }
    for attr in store::case_attr_rows(tx.conn(), case_id)? {
        tx.delete(Row::CaseAttr(attr))?;
    }
    for o in store::qca_override_rows(tx.conn(), Some(case_id), None)? {
        tx.delete(Row::QcaOverride(o))?;
    }
    for m in store::cell_memo_rows(tx.conn(), Some(case_id), None)? {
        tx.delete(Row::CellMemo(m))?;
    }
    if let Some(memo) = store::memo_row(tx.conn(), "case", case_id)? {
        tx.delete(Row::Memo(memo))?;
    }
    tx.delete(Row::Case(case))?;
    Ok(())
}

/// Sets (`Some((present, reason))`) or clears a researcher override of a QCA condition cell.
pub(super) fn set_override(
    tx: &mut Tx<'_>,
    case_id: i64,
    code_id: i64,
    value: Option<(bool, &str)>,
    actor: &str,
) -> Result<(), CommandError> {
    check_case_and_code(tx, case_id, code_id)?;
    let existing = store::qca_override_rows(tx.conn(), Some(case_id), Some(code_id))?
        .into_iter()
        .next();
    match (existing, value) {
        (None, None) => {}
        (Some(old), None) => tx.delete(Row::QcaOverride(old))?,
        (old, Some((present, reason))) => {
            if reason.trim().is_empty() {
                return Err(CommandError::Invalid(
                    "an override needs a reason (it is part of the audit trail)".into(),
                ));
            }
            let new = QcaOverrideRow {
                case_id,
                code_id,
                present,
                reason: reason.trim().to_owned(),
                author: actor.to_owned(),
                updated_at: now_rfc3339(),
            };
            match old {
                Some(old) => tx.update(Row::QcaOverride(old), Row::QcaOverride(new))?,
                None => {
                    tx.insert(Row::QcaOverride(new))?;
                }
            }
        }
    }
    Ok(())
}

/// Sets (or, with empty text, removes) the memo on a case × code cell.
pub(super) fn set_cell_memo(
    tx: &mut Tx<'_>,
    case_id: i64,
    code_id: i64,
    text: &str,
    actor: &str,
) -> Result<(), CommandError> {
    check_case_and_code(tx, case_id, code_id)?;
    let existing = store::cell_memo_rows(tx.conn(), Some(case_id), Some(code_id))?
        .into_iter()
        .next();
    let new = CellMemoRow {
        case_id,
        code_id,
        text: text.to_owned(),
        author: actor.to_owned(),
        updated_at: now_rfc3339(),
    };
    match (existing, text.is_empty()) {
        (None, true) => {}
        (Some(old), true) => tx.delete(Row::CellMemo(old))?,
        (None, false) => {
            tx.insert(Row::CellMemo(new))?;
        }
        (Some(old), false) => {
            if old.text != text {
                tx.update(Row::CellMemo(old), Row::CellMemo(new))?;
            }
        }
    }
    Ok(())
}

/// Removes the overrides and cell memos that refer to code `code_id` (before deleting it).
pub(super) fn forget_code(tx: &mut Tx<'_>, code_id: i64) -> Result<(), CommandError> {
    for o in store::qca_override_rows(tx.conn(), None, Some(code_id))? {
        tx.delete(Row::QcaOverride(o))?;
    }
    for m in store::cell_memo_rows(tx.conn(), None, Some(code_id))? {
        tx.delete(Row::CellMemo(m))?;
    }
    Ok(())
}

/// Moves the overrides and cell memos of code `src` to `dst` (merging codes); nothing is lost:
/// conflicting overrides are kept on `dst` and the `src` judgement is appended to the cell memo.
pub(super) fn merge_code_refs(
    tx: &mut Tx<'_>,
    src: i64,
    dst: i64,
    actor: &str,
) -> Result<(), CommandError> {
    for m in store::cell_memo_rows(tx.conn(), None, Some(src))? {
        let existing = store::cell_memo_rows(tx.conn(), Some(m.case_id), Some(dst))?;
        let text = match existing.first() {
            Some(e) => format!("{}\n{}", e.text, m.text),
            None => m.text.clone(),
        };
        tx.delete(Row::CellMemo(m.clone()))?;
        set_cell_memo(tx, m.case_id, dst, &text, actor)?;
    }
    for o in store::qca_override_rows(tx.conn(), None, Some(src))? {
        tx.delete(Row::QcaOverride(o.clone()))?;
        let conflict = !store::qca_override_rows(tx.conn(), Some(o.case_id), Some(dst))?.is_empty();
        if conflict {
            let note = format!(
                "merged override: {} ({}, {})",
                if o.present { "present" } else { "absent" },
                o.reason,
                o.author
            );
            let old = store::cell_memo_rows(tx.conn(), Some(o.case_id), Some(dst))?;
            let text = match old.first() {
                Some(e) => format!("{}\n{note}", e.text),
                None => note,
            };
            set_cell_memo(tx, o.case_id, dst, &text, actor)?;
        } else {
            let mut moved = o;
            moved.code_id = dst;
            tx.insert(Row::QcaOverride(moved))?;
        }
    }
    Ok(())
}
