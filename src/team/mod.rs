//! Team work without a server: merging coders' copies (`merge.rs`, `merge_values.rs`), blinded
//! coder copies (`split`), and the consensus layer built from two coders' disagreements
//! (`consensus.rs`).

mod consensus;
mod merge;
mod merge_memos;
mod merge_values;

pub use consensus::{
    Disagreement, Progress, Resolution, disagreements, resolution_command, resolve, take_agreed,
};
pub use merge::{Conflict, MergeReport, merge, preview};

use crate::command::CommandError;
use crate::store::{Project, StoreError};
use std::path::{Path, PathBuf};

/// Errors of team work.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The merge command failed.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// The request cannot be carried out (named file and reason).
    #[error("{0}")]
    Refused(String),
}

/// Splits `project` into one blinded copy per coder in `out` (`<name>-<coder>.qcw`), each with
/// only that coder's codings and no command log. Returns the copies' paths.
///
/// # Errors
/// A coder name is empty or repeated, a copy exists already, or the store fails (copies made
/// before the failure stay; none is half-written).
pub fn split(project: &Project, coders: &[String], out: &Path) -> Result<Vec<PathBuf>, TeamError> {
    let mut seen = std::collections::HashSet::new();
    for c in coders {
        if c.trim().is_empty() || c.contains(['/', '\\']) {
            return Err(TeamError::Refused(format!(
                "coder name {c:?} is not usable"
            )));
        }
        if c == crate::command::CONSENSUS_CODER || !seen.insert(c.trim()) {
            return Err(TeamError::Refused(format!(
                "coder name {c:?} is reserved or given twice"
            )));
        }
    }
    if coders.is_empty() {
        return Err(TeamError::Refused("no coders given (--coders A,B)".into()));
    }
    std::fs::create_dir_all(out).map_err(|source| StoreError::Io {
        path: out.to_owned(),
        source,
    })?;
    let stem = project
        .path()
        .file_stem()
        .map_or_else(|| "project".into(), |s| s.to_string_lossy().into_owned());
    let mut paths = Vec::new();
    for c in coders {
        let path = out.join(format!("{stem}-{}.qcw", c.trim()));
        project.write_coder_copy(&path, c.trim())?;
        paths.push(path);
    }
    Ok(paths)
}
