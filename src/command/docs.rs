//! Document commands: import, delete, document attributes.

use super::attrs::checked_attribute;
use super::cases::link_case;
use super::{CommandError, NewDocument};
use crate::clock::now_rfc3339;
use crate::model::AttrScope;
use crate::store::{self, DocAttrRow, DocumentRow, Row, Tx};
use crate::text::char_len;

pub(super) fn document(tx: &Tx<'_>, id: i64) -> Result<DocumentRow, CommandError> {
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
        uuid: Some(store::new_uuid()),
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
    for member in store::group_member_rows(tx.conn(), None, Some(doc_id))? {
        tx.delete(Row::GroupMember(member))?;
    }
    for attr in store::doc_attr_rows(tx.conn(), doc_id)? {
        tx.delete(Row::DocAttr(attr))?;
    }
    if let Some(memo) = store::memo_row(tx.conn(), "document", doc_id)? {
        tx.delete(Row::Memo(memo))?;
    }
    super::consensus::forget(tx, Some(doc_id), None)?;
    super::consensus::tombstone(tx, row.uuid.clone(), "document")?;
    super::suggest::forget_doc(tx, doc_id)?;
    tx.delete(Row::Document(row))?;
    Ok(())
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
