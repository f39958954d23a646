//! Code suggestions: rejecting one (remembered, a negative example) and accepting one (a coding
//! by the current coder whose log entry carries the audit mark "suggested" with the model's hash,
//! training-data size and parameters). Suggestions never code anything by themselves.

use super::{Command, CommandError, coding};
use crate::clock::now_rfc3339;
use crate::store::{self, Row, SuggestRejectRow, Tx};
use serde::{Deserialize, Serialize};

/// What an accepted suggestion records about the model that proposed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestAudit {
    /// The model's hash (parameters and weights).
    pub model_hash: String,
    /// Segments the model was trained on.
    pub training_segments: usize,
    /// Of those, segments coded with the code.
    pub training_positives: usize,
    /// The model's parameters, `key=value` separated by spaces.
    pub params: String,
    /// The model's score of the segment.
    pub score: f64,
}

/// The log label of a suggestion command.
pub(super) fn label(cmd: &Command) -> String {
    match cmd {
        Command::RejectSuggestion {
            doc_id,
            start,
            end,
            code_id,
            ..
        } => format!("reject suggestion [{start}, {end}) of document #{doc_id} for #{code_id}"),
        Command::AcceptSuggestion {
            doc_id,
            start,
            end,
            code_id,
            audit,
            ..
        } => format!(
            "code [{start}, {end}) of document #{doc_id} with #{code_id} — suggested \
             (score {:.3}; model {}; trained on {} segments, {} coded; {})",
            audit.score,
            audit.model_hash,
            audit.training_segments,
            audit.training_positives,
            audit.params
        ),
        other => other.label(),
    }
}

/// Runs a suggestion command; returns the ids it acted on.
pub(super) fn run(tx: &mut Tx<'_>, cmd: &Command) -> Result<Vec<i64>, CommandError> {
    match cmd {
        Command::RejectSuggestion {
            doc_id,
            start,
            end,
            code_id,
            coder,
        } => reject(tx, *doc_id, *start, *end, *code_id, coder).map(|()| vec![]),
        Command::AcceptSuggestion {
            doc_id,
            start,
            end,
            code_id,
            coder,
            ..
        } => {
            let (s, e) = (*start as i64, *end as i64);
            if let Some(old) = store::suggest_reject_row(tx.conn(), *doc_id, *code_id, s, e)? {
                tx.delete(Row::SuggestReject(old))?;
            }
            coding::apply(tx, *doc_id, *start, *end, *code_id, coder, "").map(|id| vec![id])
        }
        other => Err(CommandError::Invalid(format!(
            "not a suggestion command: {}",
            other.label()
        ))),
    }
}

fn reject(
    tx: &mut Tx<'_>,
    doc_id: i64,
    start: usize,
    end: usize,
    code_id: i64,
    coder: &str,
) -> Result<(), CommandError> {
    coding::check_range(tx, doc_id, start, end)?;
    store::code_row(tx.conn(), code_id)?
        .ok_or_else(|| CommandError::NotFound(format!("code #{code_id}")))?;
    let coder = coder.trim();
    if coder.is_empty() {
        return Err(CommandError::Invalid("coder name is empty".into()));
    }
    let (s, e) = (start as i64, end as i64);
    if store::suggest_reject_row(tx.conn(), doc_id, code_id, s, e)?.is_some() {
        return Ok(());
    }
    tx.insert(Row::SuggestReject(SuggestRejectRow {
        doc_id,
        code_id,
        start: s,
        end: e,
        coder: coder.to_owned(),
        rejected_at: now_rfc3339(),
    }))?;
    Ok(())
}

/// Deletes the rejections in a document (before the document goes).
pub(super) fn forget_doc(tx: &mut Tx<'_>, doc_id: i64) -> Result<(), CommandError> {
    for row in store::suggest_reject_rows_of_doc(tx.conn(), doc_id)? {
        tx.delete(Row::SuggestReject(row))?;
    }
    Ok(())
}

/// Deletes the rejections of a code (before the code goes, or is merged away: a segment that
/// did not fit one code may well fit the other).
pub(super) fn forget_code(tx: &mut Tx<'_>, code_id: i64) -> Result<(), CommandError> {
    for row in store::suggest_reject_rows_of_code(tx.conn(), code_id)? {
        tx.delete(Row::SuggestReject(row))?;
    }
    Ok(())
}
