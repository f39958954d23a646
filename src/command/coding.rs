//! Coding commands: apply, remove, recode, memo.

use super::CommandError;
use crate::clock::now_rfc3339;
use crate::store::{self, CodingRow, Row, Tx};

fn coding(tx: &Tx<'_>, id: i64) -> Result<CodingRow, CommandError> {
    store::coding_row(tx.conn(), id)?.ok_or_else(|| CommandError::NotFound(format!("coding #{id}")))
}

/// Checks that `[start, end)` is a non-empty range inside the document; returns its length.
pub(crate) fn check_range(
    tx: &Tx<'_>,
    doc_id: i64,
    start: usize,
    end: usize,
) -> Result<(), CommandError> {
    let doc = store::document_row(tx.conn(), doc_id)?
        .ok_or_else(|| CommandError::NotFound(format!("document #{doc_id}")))?;
    let chars = doc.chars as usize;
    if start >= end {
        return Err(CommandError::Invalid(format!(
            "empty or reversed range [{start}, {end})"
        )));
    }
    if end > chars {
        return Err(CommandError::Invalid(format!(
            "range [{start}, {end}) is outside document {} ({chars} characters)",
            doc.name
        )));
    }
    Ok(())
}

pub(super) fn apply(
    tx: &mut Tx<'_>,
    doc_id: i64,
    start: usize,
    end: usize,
    code_id: i64,
    coder: &str,
    memo: &str,
) -> Result<i64, CommandError> {
    check_range(tx, doc_id, start, end)?;
    store::code_row(tx.conn(), code_id)?
        .ok_or_else(|| CommandError::NotFound(format!("code #{code_id}")))?;
    let coder = coder.trim();
    if coder.is_empty() {
        return Err(CommandError::Invalid("coder name is empty".into()));
    }
    if let Some(blind) = store::blind_coder(tx.conn())?
        && blind != coder
    {
        return Err(CommandError::Conflict(format!(
            "this is {blind}'s blinded copy: it takes only {blind}'s codings, not {coder}'s"
        )));
    }
    let (s, e) = (start as i64, end as i64);
    if let Some(existing) = store::coding_row_by_key(tx.conn(), doc_id, code_id, coder, s, e)? {
        // The same code on the same range by the same coder is one coding; a new memo is kept.
        if !memo.is_empty() && existing.memo != memo {
            let mut after = existing.clone();
            after.memo = memo.to_owned();
            tx.update(Row::Coding(existing.clone()), Row::Coding(after))?;
        }
        return Ok(existing.id);
    }
    let row = CodingRow {
        id: 0,
        doc_id,
        code_id,
        start: s,
        end: e,
        coder: coder.to_owned(),
        memo: memo.to_owned(),
        created_at: now_rfc3339(),
    };
    let Row::Coding(row) = tx.insert(Row::Coding(row))? else {
        unreachable!("insert returns the row it was given")
    };
    Ok(row.id)
}

pub(super) fn remove(tx: &mut Tx<'_>, id: i64) -> Result<(), CommandError> {
    let row = coding(tx, id)?;
    tx.delete(Row::Coding(row))?;
    Ok(())
}

/// Gives a coding another code; if the target coding already exists, the two are folded.
pub(super) fn recode(tx: &mut Tx<'_>, id: i64, code_id: i64) -> Result<i64, CommandError> {
    let before = coding(tx, id)?;
    store::code_row(tx.conn(), code_id)?
        .ok_or_else(|| CommandError::NotFound(format!("code #{code_id}")))?;
    if before.code_id == code_id {
        return Ok(id);
    }
    if let Some(twin) = store::coding_row_by_key(
        tx.conn(),
        before.doc_id,
        code_id,
        &before.coder,
        before.start,
        before.end,
    )? {
        let twin_id = twin.id;
        if !before.memo.is_empty() && twin.memo != before.memo {
            let mut merged = twin.clone();
            merged.memo = if twin.memo.is_empty() {
                before.memo.clone()
            } else {
                format!("{}\n{}", twin.memo, before.memo)
            };
            tx.update(Row::Coding(twin), Row::Coding(merged))?;
        }
        tx.delete(Row::Coding(before))?;
        return Ok(twin_id);
    }
    let mut after = before.clone();
    after.code_id = code_id;
    tx.update(Row::Coding(before), Row::Coding(after))?;
    Ok(id)
}

pub(super) fn set_memo(tx: &mut Tx<'_>, id: i64, memo: &str) -> Result<(), CommandError> {
    let before = coding(tx, id)?;
    let mut after = before.clone();
    after.memo = memo.to_owned();
    tx.update(Row::Coding(before), Row::Coding(after))?;
    Ok(())
}
