//! Forgetting personal data: `qcw purge` removes a document, a memo or a coding together with
//! every trace of it — the command log's row images (the whole log is dropped: undo cannot bring
//! purged content back), audit labels naming it, freed database pages and the write-ahead log
//! (`secure_delete`, `VACUUM`), the search index (rebuilt) and, unless kept, the backups made
//! before the purge. `qcw compact` drops the log up to a point without deleting content.

use crate::command::{Command, CommandError, execute};
use crate::model::MemoTarget;
use crate::search::project::{IndexError, rebuild_index};
use crate::store::{Forgotten, Project, StoreError, list_backups};
use serde::Serialize;
use std::path::PathBuf;

/// Errors while purging.
#[derive(Debug, thiserror::Error)]
pub enum ForgetError {
    /// Deleting the content.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// Dropping the log or rewriting the file.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Rebuilding the search index.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Removing an old backup.
    #[error("{path}: cannot remove the backup: {source}")]
    Backup {
        /// The backup.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What to purge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgeTarget {
    /// A document with its codings, case links, attributes and memo.
    Document(i64),
    /// A memo (its text is removed).
    Memo(MemoTarget),
    /// A coding with its memo.
    Coding(i64),
}

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// The deletion, as the log labelled it before the log was dropped.
    pub purged: String,
    /// Log entries dropped, audit labels scrubbed, file size before and after.
    pub forgotten: Forgotten,
    /// Backups made before the purge that were removed (they held the content).
    pub backups_removed: Vec<PathBuf>,
    /// Documents in the rebuilt search index.
    pub indexed: usize,
}

/// Purges `target` from `project` (see the module documentation). Backups made before the
/// purge are removed unless `keep_backups`.
///
/// # Errors
/// An unknown target (nothing is changed then), SQLite, the index or removing a backup failing.
pub fn purge(
    project: &mut Project,
    target: &PurgeTarget,
    keep_backups: bool,
) -> Result<PurgeReport, ForgetError> {
    let mut scrub = Vec::new();
    let command = match target {
        PurgeTarget::Document(doc_id) => {
            let doc = project
                .documents()?
                .into_iter()
                .find(|d| d.id == *doc_id)
                .ok_or_else(|| CommandError::NotFound(format!("no document #{doc_id}")))?;
            scrub.push(doc.name);
            Command::DeleteDocument { doc_id: *doc_id }
        }
        PurgeTarget::Memo(target) => Command::SetMemo {
            target: *target,
            text: String::new(),
        },
        PurgeTarget::Coding(coding_id) => Command::RemoveCoding {
            coding_id: *coding_id,
        },
    };
    let applied = execute(project, &command)?;
    let forgotten = project.forget_history(None, &scrub)?;
    let mut backups_removed = Vec::new();
    if !keep_backups {
        for b in list_backups(project.path())? {
            std::fs::remove_file(&b.path).map_err(|source| ForgetError::Backup {
                path: b.path.clone(),
                source,
            })?;
            backups_removed.push(b.path);
        }
    }
    let indexed = rebuild_index(project)?;
    Ok(PurgeReport {
        purged: applied.label,
        forgotten,
        backups_removed,
        indexed,
    })
}
