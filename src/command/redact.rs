//! Redaction — the one change to a document's text after import — and the personal-data
//! watch-list of the anonymization audit.
//!
//! A redaction replaces a range with as many [`crate::text::PLACEHOLDER`]s as it has code
//! points (line breaks stay), so no coding, case link or citation shifts. It records the
//! original span as its inverse: undo brings the text back for as long as the history entry
//! exists (there is no purge yet; once there is, a purged redaction can no longer be undone).

use super::docs::document;
use super::{Command, CommandError};
use crate::store::{self, DocSpanRow, PiiWatchRow, Row, Tx};
use crate::text::{CharIndex, redacted};

/// Watch-list kinds.
pub const WATCH_KINDS: [&str; 3] = ["name", "place", "other"];

/// The log label of a redaction or watch-list command.
pub(super) fn label(cmd: &Command) -> String {
    match cmd {
        Command::Redact { doc_id, start, end } => {
            format!("redact [{start}, {end}) of document #{doc_id}")
        }
        Command::AddPiiWatch { term, kind } => format!("watch {kind} {term}"),
        Command::RemovePiiWatch { term } => format!("unwatch {term}"),
        other => other.label(),
    }
}

/// Runs a redaction or watch-list command; returns the ids it acted on.
pub(super) fn run(tx: &mut Tx<'_>, cmd: &Command) -> Result<Vec<i64>, CommandError> {
    match cmd {
        Command::Redact { doc_id, start, end } => {
            redact(tx, *doc_id, *start, *end).map(|()| vec![*doc_id])
        }
        Command::AddPiiWatch { term, kind } => add_watch(tx, term, kind).map(|()| vec![]),
        Command::RemovePiiWatch { term } => remove_watch(tx, term).map(|()| vec![]),
        other => Err(CommandError::Invalid(format!(
            "not a redaction command: {}",
            other.label()
        ))),
    }
}

fn redact(tx: &mut Tx<'_>, doc_id: i64, start: usize, end: usize) -> Result<(), CommandError> {
    let doc = document(tx, doc_id)?;
    let index = CharIndex::new(&doc.text);
    if start >= end || end > index.len() {
        return Err(CommandError::Invalid(format!(
            "range [{start}, {end}) is not inside document {} ({} characters)",
            doc.name,
            index.len()
        )));
    }
    let original = &doc.text[index.byte(start)..index.byte(end)];
    let Some(hidden) = redacted(original, 0, end - start) else {
        return Err(CommandError::Invalid(format!(
            "empty range [{start}, {end})"
        )));
    };
    let span = |text: String| {
        Row::DocSpan(DocSpanRow {
            doc_id,
            start: start as i64,
            text,
        })
    };
    // Equal spans (already redacted) change nothing and record nothing.
    tx.update(span(original.to_owned()), span(hidden))?;
    Ok(())
}

fn check_term(term: &str) -> Result<String, CommandError> {
    let term = term.trim();
    if term.is_empty() {
        return Err(CommandError::Invalid("watch-list term is empty".into()));
    }
    if term.chars().count() > 200 {
        return Err(CommandError::Invalid(
            "watch-list term is longer than 200 characters".into(),
        ));
    }
    Ok(term.to_owned())
}

fn add_watch(tx: &mut Tx<'_>, term: &str, kind: &str) -> Result<(), CommandError> {
    let term = check_term(term)?;
    if !WATCH_KINDS.contains(&kind) {
        return Err(CommandError::Invalid(format!(
            "watch-list kind {kind:?} is not one of name, place, other"
        )));
    }
    let new = PiiWatchRow {
        term: term.clone(),
        kind: kind.to_owned(),
    };
    let old = store::pii_watch_row(tx.conn(), &term)?;
    tx.replace(old.map(Row::PiiWatch), Some(Row::PiiWatch(new)))?;
    Ok(())
}

fn remove_watch(tx: &mut Tx<'_>, term: &str) -> Result<(), CommandError> {
    let term = check_term(term)?;
    let old = store::pii_watch_row(tx.conn(), &term)?
        .ok_or_else(|| CommandError::NotFound(format!("watch-list term {term}")))?;
    tx.delete(Row::PiiWatch(old))?;
    Ok(())
}
