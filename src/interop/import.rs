//! Import of a REFI-QDA `.qdpx` (or a bare `.qde`) into a qcw project as one undo step.

use super::limits::{Budget, Exceeded, Failure, ImportLimits};
use super::xml;
use super::{InteropError, plan};
use crate::store::{Project, StoreError};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Something in the file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// What (`TextSource "name"`, `coding of "doc" [3, 9)`…).
    pub what: String,
    /// Why.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    /// The `origin` attribute of the project (the exporting tool).
    pub origin: String,
    /// Documents created.
    pub documents: usize,
    /// Sources attached to an existing document (same GUID from qcw's export of this project,
    /// or the same text) instead of creating a copy.
    pub documents_matched: Vec<super::DocMatch>,
    /// Codes created.
    pub codes: usize,
    /// Codes of the file that matched an existing code of the same path (reused).
    pub codes_reused: usize,
    /// Codings applied (new to the project).
    pub codings: usize,
    /// Codings of the file already in the project (same document, range, code and coder).
    pub codings_existing: usize,
    /// Memos set (document, code, coding and project memos).
    pub memos: usize,
    /// Cases created.
    pub cases: usize,
    /// The position rule used for each imported text source (see [`super::PositionRule`]).
    pub positions: Vec<super::SourcePositions>,
    /// What was left out, with reasons.
    pub skipped: Vec<Skipped>,
    /// The history entry of the import (`None` if nothing was imported).
    pub history_id: Option<i64>,
}

/// The `.qdpx` archive (or nothing, for a bare `.qde`): reads source files by name.
pub(super) struct Archive {
    zip: Option<zip::ZipArchive<std::io::Cursor<Vec<u8>>>>,
    /// Lower-case entry name → exact entry name.
    names: HashMap<String, String>,
}

impl Archive {
    /// Whether sources can be read at all (false for a bare `.qde`).
    pub(super) fn has_sources(&self) -> bool {
        self.zip.is_some()
    }

    /// The bytes of entry `name` (case-insensitive; `sources/` prefix tried too), counted
    /// against `budget` each time it is read; at most one byte more than a document may have
    /// is read (the caller refuses it as too large).
    pub(super) fn read(
        &mut self,
        name: &str,
        budget: &mut Budget,
    ) -> Result<Option<Vec<u8>>, Failure> {
        let Some(zip) = self.zip.as_mut() else {
            return Ok(None);
        };
        let lower = name.to_lowercase();
        let exact = self
            .names
            .get(&lower)
            .or_else(|| self.names.get(&format!("sources/{lower}")));
        let Some(exact) = exact else {
            return Ok(None);
        };
        let entry = zip.by_name(exact).map_err(|e| e.to_string())?;
        let cap = (crate::import::MAX_TEXT_BYTES as u64 + 1).min(budget.text_left() + 1);
        let mut bytes = Vec::new();
        entry
            .take(cap)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        budget.take_text(bytes.len() as u64, exact)?;
        Ok(Some(bytes))
    }
}

/// Reads the file: the `project.qde` text and the archive for the sources.
fn open_file(path: &Path, limits: &ImportLimits) -> Result<(String, Archive), InteropError> {
    let bytes = std::fs::read(path).map_err(|source| InteropError::Io {
        path: path.to_owned(),
        source,
    })?;
    let archive_err = |reason: String| InteropError::Archive {
        path: path.to_owned(),
        reason,
    };
    let is_qde = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("qde"))
        || !bytes.starts_with(b"PK");
    if is_qde && !bytes.starts_with(b"PK") {
        if bytes.len() as u64 > limits.qde_bytes {
            return Err(InteropError::Limit {
                path: path.to_owned(),
                exceeded: Exceeded {
                    limit: "qde_bytes",
                    max: limits.qde_bytes,
                    what: "the file is larger".into(),
                },
            });
        }
        let text = decode(&bytes).map_err(|reason| InteropError::Invalid {
            path: path.to_owned(),
            reason,
        })?;
        let archive = Archive {
            zip: None,
            names: HashMap::new(),
        };
        return Ok((text, archive));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| archive_err(format!("cannot open the zip: {e}")))?;
    let names: HashMap<String, String> = zip
        .file_names()
        .map(|n| (n.to_lowercase(), n.to_owned()))
        .collect();
    let qde = names
        .get("project.qde")
        .cloned()
        .or_else(|| {
            let mut qdes: Vec<&String> = names
                .values()
                .filter(|n| n.to_lowercase().ends_with(".qde"))
                .collect();
            qdes.sort();
            qdes.first().map(|s| (*s).clone())
        })
        .ok_or_else(|| archive_err("no project.qde in the archive".into()))?;
    let mut archive = Archive { zip: None, names };
    let mut entry = zip
        .by_name(&qde)
        .map_err(|e| archive_err(format!("cannot read {qde}: {e}")))?;
    let mut raw = Vec::new();
    (&mut entry)
        .take(limits.qde_bytes + 1)
        .read_to_end(&mut raw)
        .map_err(|e| archive_err(format!("cannot read {qde}: {e}")))?;
    drop(entry);
    if raw.len() as u64 > limits.qde_bytes {
        return Err(InteropError::Limit {
            path: path.to_owned(),
            exceeded: Exceeded {
                limit: "qde_bytes",
                max: limits.qde_bytes,
                what: format!("{qde} is larger"),
            },
        });
    }
    let text = decode(&raw).map_err(|reason| InteropError::Invalid {
        path: path.to_owned(),
        reason: format!("{qde}: {reason}"),
    })?;
    archive.zip = Some(zip);
    Ok((text, archive))
}

/// UTF-8 (with or without BOM) or UTF-16 with BOM.
pub(super) fn decode(bytes: &[u8]) -> Result<String, String> {
    crate::text::decode_unicode(bytes).map_err(|e| e.to_string())
}

/// Imports the REFI-QDA project at `path` into `project` as one [`Command::Batch`].
///
/// Codes are matched by path (an existing code with the same path is reused); documents get
/// unique names the way qcw's import does (`name-2`…). Codings are attributed to the user named
/// by `creatingUser`, else to `coder_fallback`. Selections outside their text, unknown code
/// references, non-text sources and (for a bare `.qde`) the missing sources are reported in
/// [`ImportSummary::skipped`]. On any error nothing is changed.
pub fn import_qdpx(
    project: &mut Project,
    path: &Path,
    coder_fallback: &str,
) -> Result<ImportSummary, InteropError> {
    import_qdpx_with(project, path, coder_fallback, ImportLimits::default())
}

/// [`import_qdpx`] with other caps than [`ImportLimits::default`]; exceeding one is
/// [`InteropError::Limit`] and changes nothing.
pub fn import_qdpx_with(
    project: &mut Project,
    path: &Path,
    coder_fallback: &str,
    limits: ImportLimits,
) -> Result<ImportSummary, InteropError> {
    let failed = |f: Failure| match f {
        Failure::Invalid(reason) => InteropError::Invalid {
            path: path.to_owned(),
            reason,
        },
        Failure::Limit(exceeded) => InteropError::Limit {
            path: path.to_owned(),
            exceeded,
        },
    };
    let (text, mut archive) = open_file(path, &limits)?;
    let root = xml::parse(&text, &limits).map_err(failed)?;
    drop(text);
    let store = |source: StoreError| InteropError::Store {
        path: project.path().to_owned(),
        source,
    };
    let existing = super::matching::Existing::load(project).map_err(store)?;
    let mut summary = ImportSummary {
        origin: root.attr("origin").unwrap_or_default().to_owned(),
        ..ImportSummary::default()
    };
    let source_path = path.to_string_lossy().into_owned();
    let commands = plan::plan(
        &root,
        &mut archive,
        &existing,
        &source_path,
        coder_fallback,
        &mut summary,
        Budget::new(limits),
    )
    .map_err(failed)?;
    let mut commands = commands;
    // The extension file is read under caps of its own (one entry, at most a document's size).
    let mut budget = Budget::new(limits);
    super::extensions::apply(
        &mut archive,
        &mut budget,
        project,
        &mut commands,
        &mut summary,
    )
    .map_err(store)?;
    if commands.is_empty() {
        return Ok(summary);
    }
    summary.history_id =
        super::apply_import(project, path, ("REFI-QDA project", "qdpx-import"), commands)?;
    Ok(summary)
}
