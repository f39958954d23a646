//! The memo browser's query: every memo of a project ([`Project::memo_entries`]) filtered by
//! kind, author and a search text. Shared by the GUI's memo browser and `qcw memos`.

use super::ReportError;
use crate::store::{MemoEntry, MemoKind, Project};

/// Which memos to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoFilter {
    /// Only these kinds (empty: every kind).
    pub kinds: Vec<MemoKind>,
    /// Only this author (a coding memo's author is its coder).
    pub author: Option<String>,
    /// Only memos whose text, target, coded text or author contains this (case-insensitive;
    /// empty: all).
    pub search: String,
}

impl MemoFilter {
    /// Whether `m` passes the filter.
    pub fn accepts(&self, m: &MemoEntry) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&m.kind) {
            return false;
        }
        if self.author.as_ref().is_some_and(|a| a != &m.author) {
            return false;
        }
        let needle = self.search.trim().to_lowercase();
        needle.is_empty()
            || [&m.text, &m.target, &m.excerpt, &m.author]
                .iter()
                .any(|s| s.to_lowercase().contains(&needle))
    }
}

/// The memos of `project` that pass `filter`, by kind then target.
pub fn memos(project: &Project, filter: &MemoFilter) -> Result<Vec<MemoEntry>, ReportError> {
    Ok(project
        .memo_entries()?
        .into_iter()
        .filter(|m| filter.accepts(m))
        .collect())
}

/// The authors of the memos, sorted, for the browser's author filter.
pub fn memo_authors(entries: &[MemoEntry]) -> Vec<String> {
    let mut out: Vec<String> = entries.iter().map(|m| m.author.clone()).collect();
    out.sort();
    out.dedup();
    out
}
