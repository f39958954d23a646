//! Tombstones of deleted documents and codes, and consensus decisions on coder disagreements.

use super::CommandError;
use crate::clock::now_rfc3339;
use crate::store::{self, ConsensusRow, Row, TombstoneRow, Tx};

/// Records that the document or code with `uuid` was deleted (nothing when it has no identity or
/// a tombstone already).
pub(super) fn tombstone(
    tx: &mut Tx<'_>,
    uuid: Option<String>,
    kind: &str,
) -> Result<(), CommandError> {
    let Some(uuid) = uuid else { return Ok(()) };
    if store::tombstone_row(tx.conn(), &uuid)?.is_none() {
        tx.insert(Row::Tombstone(TombstoneRow {
            uuid,
            kind: kind.to_owned(),
        }))?;
    }
    Ok(())
}

/// Deletes the consensus decisions of a document or code about to be deleted.
pub(super) fn forget(
    tx: &mut Tx<'_>,
    doc_id: Option<i64>,
    code_id: Option<i64>,
) -> Result<(), CommandError> {
    for row in store::consensus_rows(tx.conn(), doc_id, code_id)? {
        tx.delete(Row::Consensus(row))?;
    }
    Ok(())
}

/// Records (`Some`) or clears the decision on the unit `[start, end)` of a document and code.
pub(super) fn decide(
    tx: &mut Tx<'_>,
    unit: (i64, i64, usize, usize),
    decision: Option<&str>,
    actor: &str,
) -> Result<(), CommandError> {
    let (doc_id, code_id, start, end) = unit;
    let (start, end) = (start as i64, end as i64);
    let old = store::consensus_rows(tx.conn(), Some(doc_id), Some(code_id))?
        .into_iter()
        .find(|r| r.start == start && r.end == end);
    let new = decision.map(|d| ConsensusRow {
        doc_id,
        code_id,
        start,
        end,
        decision: d.to_owned(),
        author: actor.to_owned(),
        updated_at: now_rfc3339(),
    });
    tx.replace(old.map(Row::Consensus), new.map(Row::Consensus))?;
    Ok(())
}

/// [`Command::DecideConsensus`](super::Command::DecideConsensus): the `consensus` coder's codings
/// of the code inside the unit become `ranges`, and the decision is recorded. Returns the ids of
/// the consensus codings added.
pub(super) fn resolve(
    tx: &mut Tx<'_>,
    unit: (i64, i64, usize, usize),
    decision: Option<&str>,
    ranges: &[(usize, usize)],
    actor: &str,
) -> Result<Vec<i64>, CommandError> {
    let (doc_id, code_id, start, end) = unit;
    if let Some(d) = decision
        && !["a", "b", "both", "neither", "range"].contains(&d)
    {
        return Err(CommandError::Invalid(format!(
            "consensus decision {d:?}: use a, b, both, neither or range"
        )));
    }
    if start >= end {
        return Err(CommandError::Invalid(format!(
            "empty unit [{start}, {end})"
        )));
    }
    for &(s, e) in ranges {
        if s >= e || s < start || e > end {
            return Err(CommandError::Invalid(format!(
                "consensus range [{s}, {e}) is not inside the unit [{start}, {end})"
            )));
        }
    }
    let coder = super::CONSENSUS_CODER;
    for row in store::coding_rows_of_doc(tx.conn(), doc_id)? {
        if row.code_id == code_id
            && row.coder == coder
            && row.start >= start as i64
            && row.end <= end as i64
        {
            tx.delete(Row::Coding(row))?;
        }
    }
    let mut ids = Vec::new();
    for &(s, e) in ranges {
        ids.push(super::coding::apply(tx, doc_id, s, e, code_id, coder, "")?);
    }
    decide(tx, unit, decision, actor)?;
    Ok(ids)
}

/// The label of a [`Command::DecideConsensus`](super::Command::DecideConsensus).
pub(super) fn label(c: &super::Command) -> String {
    let super::Command::DecideConsensus {
        doc_id,
        code_id,
        start,
        end,
        decision,
        ..
    } = c
    else {
        return String::new();
    };
    match decision {
        Some(d) => {
            format!("consensus {d} on [{start}, {end}) of document #{doc_id}, code #{code_id}")
        }
        None => format!("reopen [{start}, {end}) of document #{doc_id}, code #{code_id}"),
    }
}
