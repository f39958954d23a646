//! Document, attribute, memo and case commands.

use super::coding::check_range;
use super::{AttrScope, CommandError, NewDocument, check_name};
use crate::clock::now_rfc3339;
use crate::model::MemoTarget;
use crate::store::{
    self, CaseAttrRow, CaseLinkRow, CaseRow, DocAttrRow, DocumentRow, MemoRow, Row, Tx,
};
use crate::text::char_len;

fn document(tx: &Tx<'_>, id: i64) -> Result<DocumentRow, CommandError> {
    store::document_row(tx.conn(), id)?
        .ok_or_else(|| CommandError::NotFound(format!("document #{id}")))
}

/// The first of `name`, `name-2`, `name-3`… that no document has.
fn unique_name(tx: &Tx<'_>, name: &str) -> Result<String, CommandError> {
    let mut candidate = name.to_owned();
    let mut n = 1;
    while store::document_id_by_name(tx.conn(), &candidate)?.is_some() {
        n += 1;
        candidate = format!("{name}-{n}");
    }
    Ok(candidate)
}

pub(super) fn import(tx: &mut Tx<'_>, doc: &NewDocument, actor: &str) -> Result<i64, CommandError> {
    let name = doc.name.trim();
    if name.is_empty() {
        return Err(CommandError::Invalid("document name is empty".into()));
    }
    let row = DocumentRow {
        id: 0,
        name: unique_name(tx, name)?,
        kind: doc.kind.as_str().to_owned(),
        text: doc.text.clone(),
        chars: char_len(&doc.text) as i64,
        sha256: doc.sha256.clone(),
        source_path: doc.source_path.clone(),
        format: doc.format.clone(),
        imported_at: now_rfc3339(),
        imported_by: actor.to_owned(),
    };
    let Row::Document(row) = tx.insert(Row::Document(row))? else {
        unreachable!("insert returns the row it was given")
    };
    for (key, value) in &doc.attributes {
        set_attribute(tx, row.id, key, Some(value))?;
    }
    for case in &doc.cases {
        link_case(tx, case, row.id, None)?;
    }
    Ok(row.id)
}

pub(super) fn delete(tx: &mut Tx<'_>, doc_id: i64) -> Result<(), CommandError> {
    let row = document(tx, doc_id)?;
    for coding in store::coding_rows_of_doc(tx.conn(), doc_id)? {
        tx.delete(Row::Coding(coding))?;
    }
    for link in store::case_link_rows(tx.conn(), None, Some(doc_id))? {
        tx.delete(Row::CaseLink(link))?;
    }
    for attr in store::doc_attr_rows(tx.conn(), doc_id)? {
        tx.delete(Row::DocAttr(attr))?;
    }
    if let Some(memo) = store::memo_row(tx.conn(), "document", doc_id)? {
        tx.delete(Row::Memo(memo))?;
    }
    tx.delete(Row::Document(row))?;
    Ok(())
}

/// Validates an attribute name and (if the attribute is typed) its value.
fn checked_attribute(
    tx: &Tx<'_>,
    scope: AttrScope,
    key: &str,
    value: Option<&str>,
) -> Result<(String, Option<String>), CommandError> {
    let key = key.trim();
    if key.is_empty() {
        return Err(CommandError::Invalid("attribute name is empty".into()));
    }
    let value = value
        .map(|v| super::cases::check_value(tx, scope, key, v))
        .transpose()?;
    Ok((key.to_owned(), value))
}

pub(super) fn set_attribute(
    tx: &mut Tx<'_>,
    doc_id: i64,
    key: &str,
    value: Option<&str>,
) -> Result<(), CommandError> {
    document(tx, doc_id)?;
    let (key, value) = checked_attribute(tx, AttrScope::Document, key, value)?;
    let existing = store::doc_attr_rows(tx.conn(), doc_id)?
        .into_iter()
        .find(|a| a.key == key)
        .map(Row::DocAttr);
    let new = value.map(|value| Row::DocAttr(DocAttrRow { doc_id, key, value }));
    tx.replace(existing, new)?;
    Ok(())
}

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

/// Returns the id of case `name`, creating it if needed.
fn ensure_case(tx: &mut Tx<'_>, name: &str) -> Result<i64, CommandError> {
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
