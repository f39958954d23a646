//! The project's segmentation dictionary and stop words.

use super::CommandError;
use crate::store::{self, DictWordRow, Row, StopwordRow, Tx};

fn check_word(word: &str) -> Result<String, CommandError> {
    let w = word.trim();
    if w.is_empty() || w.chars().any(char::is_whitespace) {
        return Err(CommandError::Invalid(format!(
            "dictionary word {word:?} is empty or contains white space"
        )));
    }
    Ok(w.to_owned())
}

/// Adds (or updates) a dictionary word.
pub(super) fn add_word(
    tx: &mut Tx<'_>,
    word: &str,
    freq: Option<i64>,
    pos: Option<&str>,
) -> Result<(), CommandError> {
    let word = check_word(word)?;
    if freq.is_some_and(|f| f <= 0) {
        return Err(CommandError::Invalid("frequency must be positive".into()));
    }
    let new = DictWordRow {
        word: word.clone(),
        freq,
        pos: pos.map(str::to_owned).filter(|p| !p.trim().is_empty()),
    };
    match store::dict_word_rows(tx.conn())?
        .into_iter()
        .find(|w| w.word == word)
    {
        Some(old) => tx.update(Row::DictWord(old), Row::DictWord(new))?,
        None => {
            tx.insert(Row::DictWord(new))?;
        }
    }
    Ok(())
}

/// Removes a dictionary word.
pub(super) fn remove_word(tx: &mut Tx<'_>, word: &str) -> Result<(), CommandError> {
    let word = word.trim();
    let old = store::dict_word_rows(tx.conn())?
        .into_iter()
        .find(|w| w.word == word)
        .ok_or_else(|| CommandError::NotFound(format!("dictionary word {word}")))?;
    tx.delete(Row::DictWord(old))?;
    Ok(())
}

/// Adds (`true`) or removes a stop word.
pub(super) fn set_stopword(tx: &mut Tx<'_>, word: &str, on: bool) -> Result<(), CommandError> {
    let word = check_word(word)?;
    let existing = store::stopword_rows(tx.conn())?
        .into_iter()
        .find(|w| w.word == word);
    match (existing, on) {
        (None, true) => {
            tx.insert(Row::Stopword(StopwordRow { word }))?;
        }
        (Some(old), false) => tx.delete(Row::Stopword(old))?,
        _ => {}
    }
    Ok(())
}
