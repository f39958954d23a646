//! Codebooks as CSV in Taguette's shape: UTF-8 without BOM, a header row, one row per code.
//!
//! Taguette imports a codebook CSV by its header: exactly one of the columns `tag`, `name` or
//! `path` holds the tag, an optional `description` column its description; other columns are
//! ignored. Its own export writes `tag,description,number of highlights`, and so does
//! [`export_codebook_csv`] (the tag is qcw's code path, `父/子`). [`import_codebook_csv`]
//! reads either shape and adds the codes that do not exist yet, as one undo step.

use super::InteropError;
use crate::command::{CodeFields, Command};
use crate::store::{Project, StoreError};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// What a codebook CSV import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CsvImportSummary {
    /// Codes created.
    pub added: usize,
    /// Rows naming a code that already exists (left as it is).
    pub existing: usize,
    /// The history entry (`None` when nothing was added).
    pub history_id: Option<i64>,
}

fn invalid(path: &Path, reason: impl Into<String>) -> InteropError {
    InteropError::Invalid {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

fn store(project: &Project) -> impl Fn(StoreError) -> InteropError + '_ {
    |source| InteropError::Store {
        path: project.path().to_owned(),
        source,
    }
}

/// Writes the codebook of `project` to `path` as `tag,description,number of highlights`.
pub fn export_codebook_csv(project: &Project, path: &Path) -> Result<usize, InteropError> {
    let codes = project.codes().map_err(store(project))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let rows = std::iter::once([
        "tag".to_owned(),
        "description".into(),
        "number of highlights".into(),
    ])
    .chain(
        codes
            .iter()
            .map(|c| [c.path.clone(), c.description.clone(), c.count.to_string()]),
    );
    for row in rows {
        w.write_record(&row)
            .map_err(|e| invalid(path, e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| invalid(path, e.to_string()))?;
    super::export::write_atomic(path, |tmp| std::fs::write(tmp, &bytes))?;
    Ok(codes.len())
}

/// Reads a codebook CSV (see the module documentation): `(path, description)` per row.
fn read_rows(path: &Path) -> Result<Vec<(String, String)>, InteropError> {
    let bytes = std::fs::read(path).map_err(|source| InteropError::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = crate::text::decode_unicode(&bytes)
        .map_err(|e| invalid(path, format!("not UTF-8 text: {e}")))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| invalid(path, format!("no CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n);
    let tag_cols: Vec<usize> = ["tag", "name", "path"]
        .iter()
        .filter_map(|n| col(n))
        .collect();
    let tag = match tag_cols.as_slice() {
        [one] => *one,
        [] => return Err(invalid(path, "no 'tag', 'name' or 'path' column")),
        _ => {
            return Err(invalid(
                path,
                "more than one of the columns 'tag', 'name', 'path': not sure which holds the code",
            ));
        }
    };
    let description = col("description");
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| invalid(path, format!("row {}: {e}", i + 2)))?;
        let name = record.get(tag).unwrap_or_default().trim();
        if name.is_empty() {
            continue;
        }
        let desc = description
            .and_then(|d| record.get(d))
            .unwrap_or_default()
            .to_owned();
        rows.push((name.to_owned(), desc));
    }
    Ok(rows)
}

/// Adds the codes of the codebook CSV at `path` that `project` lacks, as one undo step.
/// Paths are split at `/`; parents are created as needed. Nothing changes on any error.
pub fn import_codebook_csv(
    project: &mut Project,
    path: &Path,
) -> Result<CsvImportSummary, InteropError> {
    let mut rows = read_rows(path)?;
    // Parents before children, so that a parent's own row is not refused as existing.
    rows.sort_by_key(|(p, _)| p.matches('/').count());
    let existing: HashSet<String> = project
        .codes()
        .map_err(store(project))?
        .into_iter()
        .map(|c| c.path)
        .collect();
    let mut summary = CsvImportSummary::default();
    let mut seen = HashSet::new();
    let mut commands = Vec::new();
    for (code, description) in rows {
        let code = code.split('/').map(str::trim).collect::<Vec<_>>().join("/");
        if existing.contains(&code) || !seen.insert(code.clone()) {
            summary.existing += usize::from(existing.contains(&code));
            continue;
        }
        summary.added += 1;
        commands.push(Command::AddCode {
            path: code,
            fields: CodeFields {
                description,
                ..CodeFields::default()
            },
        });
    }
    if commands.is_empty() {
        return Ok(summary);
    }
    summary.history_id =
        super::apply_import(project, path, ("codebook", "codebook-import"), commands)?;
    Ok(summary)
}
