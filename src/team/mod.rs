//! Team work without a server: merging coders' copies (`merge.rs`, `merge_values.rs`), blinded
//! coder copies (`split`), and the consensus layer built from two coders' disagreements
//! (`consensus.rs`).

#[cfg(any(test, feature = "bench"))]
pub mod bench;
#[cfg(any(test, feature = "bench"))]
pub mod bench_server;
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
    /// `qcw merge P P`.
    #[error("{0}: cannot merge a project into itself")]
    SelfMerge(PathBuf),
    /// A merge into a coder's blinded copy.
    #[error(
        "{path}: this is {coder}'s blinded copy; merge the coders' copies into the PI's project"
    )]
    BlindedInto {
        /// The copy.
        path: PathBuf,
        /// Its coder.
        coder: String,
    },
    /// A coder name that cannot be used (empty, with a path separator, `consensus`, repeated).
    #[error("coder name {0:?} is empty, reserved, repeated or contains a path separator")]
    BadCoder(String),
    /// `team split` without coders.
    #[error("no coders given (--coders A,B)")]
    NoCoders,
    /// A coder without codings in the project.
    #[error("{path}: coder {coder:?} has no codings (coders: {known})")]
    UnknownCoder {
        /// The project.
        path: PathBuf,
        /// The coder asked for.
        coder: String,
        /// The coders there are, comma-separated.
        known: String,
    },
    /// No disagreement with this number.
    #[error("no disagreement number {unit} (there are {count})")]
    NoUnit {
        /// The number asked for.
        unit: usize,
        /// How many there are.
        count: usize,
    },
    /// A consensus range outside its unit.
    #[error("range [{start}, {end}) is not inside unit {unit} [{unit_start}, {unit_end})")]
    RangeOutside {
        /// The range's start.
        start: usize,
        /// The range's end.
        end: usize,
        /// The unit's number.
        unit: usize,
        /// The unit's start.
        unit_start: usize,
        /// The unit's end.
        unit_end: usize,
    },
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
        if c.trim().is_empty()
            || c.contains(['/', '\\'])
            || c.trim() == crate::command::CONSENSUS_CODER
            || !seen.insert(c.trim())
        {
            return Err(TeamError::BadCoder(c.clone()));
        }
    }
    if coders.is_empty() {
        return Err(TeamError::NoCoders);
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
