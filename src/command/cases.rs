//! Case commands: create, link and unlink documents or segments, attributes, delete, QCA
//! overrides, cell memos.

use super::attrs::checked_attribute;
use super::coding::check_range;
use super::docs::document;
use super::{CommandError, check_name};
use crate::clock::now_rfc3339;
use crate::model::AttrScope;
use crate::store::{self, CaseAttrRow, CaseLinkRow, CaseRow, CellMemoRow, QcaOverrideRow, Row, Tx};

/// Returns the id of case `name`, creating it if needed.
pub(super) fn ensure_case(tx: &mut Tx<'_>, name: &str) -> Result<i64, CommandError> {
    let name = check_name("case", name)?;
    if let Some(c) = store::case_row_by_name(tx.conn(), &name)? {
        return Ok(c.id);
    }
    add_case(tx, &name, "")
}

pub(super) fn add_case(
    tx: &mut Tx<'_>,
    name: &str,
    description: &str,
) -> Result<i64, CommandError> {
    let name = check_name("case", name)?;
    if store::case_row_by_name(tx.conn(), &name)?.is_some() {
        return Err(CommandError::Conflict(format!(
            "case {name} already exists"
        )));
    }
    let Row::Case(row) = tx.insert(Row::Case(CaseRow {
        id: 0,
        name,
        description: description.to_owned(),
    }))?
    else {
        unreachable!("insert returns the row it was given")
    };
    Ok(row.id)
}

pub(super) fn link_case(
    tx: &mut Tx<'_>,
    case: &str,
    doc_id: i64,
    range: Option<(usize, usize)>,
) -> Result<i64, CommandError> {
    document(tx, doc_id)?;
    if let Some((start, end)) = range {
        check_range(tx, doc_id, start, end)?;
    }
    let case_id = ensure_case(tx, case)?;
    let (start, end) = match range {
        Some((s, e)) => (Some(s as i64), Some(e as i64)),
        None => (None, None),
    };
    if let Some(existing) = store::case_link_rows(tx.conn(), Some(case_id), Some(doc_id))?
        .into_iter()
        .find(|l| l.start == start && l.end == end)
    {
        return Ok(existing.id);
    }
    let Row::CaseLink(row) = tx.insert(Row::CaseLink(CaseLinkRow {
        id: 0,
        case_id,
        doc_id,
        start,
        end,
    }))?
    else {
        unreachable!("insert returns the row it was given")
    };
    Ok(row.id)
}

pub(super) fn unlink_case(tx: &mut Tx<'_>, link_id: i64) -> Result<(), CommandError> {
    let link = store::case_link_rows(tx.conn(), None, None)?
        .into_iter()
        .find(|l| l.id == link_id)
        .ok_or_else(|| CommandError::NotFound(format!("case link #{link_id}")))?;
    tx.delete(Row::CaseLink(link))?;
    Ok(())
}

pub(super) fn set_case_attribute(
    tx: &mut Tx<'_>,
    case_id: i64,
    key: &str,
    value: Option<&str>,
) -> Result<(), CommandError> {
    store::case_row(tx.conn(), case_id)?
        .ok_or_else(|| CommandError::NotFound(format!("case #{case_id}")))?;
    let (key, value) = checked_attribute(tx, AttrScope::Case, key, value)?;
    let existing = store::case_attr_rows(tx.conn(), case_id)?
        .into_iter()
        .find(|a| a.key == key)
        .map(Row::CaseAttr);
    let new = value.map(|value| {
        Row::CaseAttr(CaseAttrRow {
            case_id,
            key,
            value,
        })
    });
    tx.replace(existing, new)?;
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
