//! Evidence tables for comparative case research: the case × code evidence (quotes with
//! citations), the cases with their attributes and memos, the QCA table with its truth table and
//! necessity/sufficiency fits, the co-occurrence matrix and code × case-attribute crosstabs —
//! exported as XLSX, CSV, Markdown or self-contained HTML.
//!
//! Two steps: [`build_report`] reads the project once into a format-independent [`Report`];
//! [`write_report`] renders it, choosing the format by the file extension. All writers render
//! the same list of [`Table`]s ([`Report::tables`]), so every format shows the same content.
//!
//! ```no_run
//! use qcw::export::{ExportOptions, build_report, write_report};
//! use qcw::store::Project;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let project = Project::open_read_only("study.qcw".as_ref())?;
//! let report = build_report(&project, &ExportOptions::default())?;
//! write_report(&report, "evidence.xlsx".as_ref())?;
//! # Ok(()) }
//! ```

mod build;
mod cite;
mod csv;
mod html;
mod markdown;
mod memos;
mod qca;
mod table;
mod xlsx;

pub use build::build_report;
pub use cite::{CitationPatterns, kind_label};
pub use memos::{memos_markdown, write_memos};
pub use table::{Column, Table, Value, Width};

use crate::model::DocKind;
use crate::reports::ReportError;
use crate::reports::{CooccurReport, CrosstabReport, QcaReport};
use crate::store::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Errors of building or writing an evidence report. Each message is complete (file and
/// cause); the cause is deliberately not a `source()`, so a printed error chain does not repeat it.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the project failed, or a name in the options is unknown.
    #[error("{path}: {error}")]
    Project {
        /// The project file.
        path: PathBuf,
        /// What went wrong.
        error: ReportError,
    },
    /// The options are not acceptable (bad `ATTR=VALUE`, bad citation pattern…).
    #[error("invalid export option: {0}")]
    Invalid(String),
    /// The output file's extension names no known format.
    #[error("{path}: unknown export format; use a .xlsx, .csv, .md or .html file name")]
    UnknownFormat {
        /// The requested output file.
        path: PathBuf,
    },
    /// Writing a file failed.
    #[error("{path}: {error}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// The XLSX writer failed.
    #[error("{path}: {error}")]
    Xlsx {
        /// The file concerned.
        path: PathBuf,
        /// The writer's error.
        error: rust_xlsxwriter::XlsxError,
    },
    /// The CSV writer failed.
    #[error("{path}: {error}")]
    Csv {
        /// The file concerned.
        path: PathBuf,
        /// The writer's error.
        error: ::csv::Error,
    },
}

impl ExportError {
    /// Wraps a store error of the project at `path`.
    pub fn store(path: &Path, error: StoreError) -> ExportError {
        ExportError::Project {
            path: path.to_owned(),
            error: ReportError::Store(error),
        }
    }

    /// Wraps a report error of the project at `path`.
    pub fn report(path: &Path, error: ReportError) -> ExportError {
        ExportError::Project {
            path: path.to_owned(),
            error,
        }
    }
}

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Case names, in the order wanted; empty means all cases.
    pub cases: Vec<String>,
    /// Code paths (each counts its sub-codes); empty means the PIV mechanism leaf codes
    /// ([`crate::reports::default_conditions`]), or all codes if the codebook has none.
    pub codes: Vec<String>,
    /// The QCA outcome as `(attribute, value)`. `None`: `运行结果=运转有效` when a selected case
    /// has the attribute `运行结果`, else no QCA tables.
    pub outcome: Option<(String, String)>,
    /// How many source types make a cell triangulated (0 is treated as 1).
    pub min_source_types: usize,
    /// Citation patterns by source type.
    pub citations: CitationPatterns,
    /// Only this coder's codings (`consensus`: the consensus layer); `None`: everyone's.
    pub coder: Option<String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            cases: Vec::new(),
            codes: Vec::new(),
            outcome: None,
            min_source_types: 2,
            citations: CitationPatterns::default(),
            coder: None,
        }
    }
}

/// Parses an outcome given as `ATTR=VALUE`.
pub fn parse_outcome(s: &str) -> Result<(String, String), ExportError> {
    match s.split_once('=') {
        Some((a, v)) if !a.trim().is_empty() && !v.trim().is_empty() => {
            Ok((a.trim().to_owned(), v.trim().to_owned()))
        }
        _ => Err(ExportError::Invalid(format!(
            "outcome {s:?} must be ATTR=VALUE, e.g. 运行结果=运转有效"
        ))),
    }
}

/// The whole evidence report, independent of the output format.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Title (`证据表 — <project>`).
    pub title: String,
    /// The project file name.
    pub project: String,
    /// When the report was built (RFC 3339 UTC).
    pub generated: String,
    /// Source types needed for a cell to count as triangulated.
    pub min_source_types: usize,
    /// The citation patterns used.
    pub citations: CitationPatterns,
    /// The selected code paths, in column order.
    pub codes: Vec<String>,
    /// One row per selected case × selected code (empty cells included, so gaps show).
    pub evidence: Vec<EvidenceRow>,
    /// The selected cases.
    pub cases: Vec<CaseInfo>,
    /// Case attribute names, in definition order (the columns of the cases table).
    pub case_attributes: Vec<String>,
    /// The QCA table, truth table and fits over the selected cases and codes, if an outcome
    /// applies.
    pub qca: Option<QcaReport>,
    /// Co-occurrence (overlap) of the codes of the selected codings.
    pub cooccur: CooccurReport,
    /// Code × case-attribute crosstabs (for `运行结果` and `系统类型` when cases have them).
    pub crosstabs: Vec<CrosstabReport>,
}

/// One case × code cell of the evidence table.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    /// Case name.
    pub case: String,
    /// Code path (the cell counts its sub-codes).
    pub code: String,
    /// Number of codings.
    pub codings: usize,
    /// Names of the documents the codings are in, in order of first quote.
    pub documents: Vec<String>,
    /// Source types that support the cell, sorted.
    pub source_types: Vec<DocKind>,
    /// Whether at least `min_source_types` source types support it.
    pub triangulated: bool,
    /// The case × code cell memo (may be empty).
    pub memo: String,
    /// The quotes, by document name and position.
    pub quotes: Vec<Quote>,
}

/// One quoted segment. Codings of the same characters in one cell (by several coders, or by a
/// code and its sub-code) are one quote; `coders` lists them all.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The codings quoted.
    pub coding_ids: Vec<i64>,
    /// Document name.
    pub doc: String,
    /// Source type of the document.
    pub kind: DocKind,
    /// Start (code points, inclusive).
    pub start: usize,
    /// End (code points, exclusive).
    pub end: usize,
    /// Who coded it, in coding order.
    pub coders: Vec<String>,
    /// The quoted characters.
    pub text: String,
    /// The citation, from the pattern of its source type.
    pub citation: String,
}

impl Quote {
    /// The quote as printed: `“text”citation`.
    pub fn display(&self) -> String {
        format!("“{}”{}", self.text, self.citation)
    }
}

/// A case with its attributes and memo.
#[derive(Debug, Clone, Serialize)]
pub struct CaseInfo {
    /// Case name.
    pub name: String,
    /// Free description.
    pub description: String,
    /// Whole documents linked.
    pub documents: usize,
    /// Segment links.
    pub segments: usize,
    /// Attributes (key → value).
    pub attributes: BTreeMap<String, String>,
    /// The case memo (may be empty).
    pub memo: String,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Excel workbook, one sheet per table.
    Xlsx,
    /// CSV: the evidence table in the named file, other tables in sibling files.
    Csv,
    /// GitHub-flavoured Markdown tables.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

impl Format {
    /// The format named by `path`'s extension (`.xlsx`, `.csv`, `.md`/`.markdown`,
    /// `.html`/`.htm`, any case).
    pub fn from_path(path: &Path) -> Result<Format, ExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xlsx") => Ok(Format::Xlsx),
            Some("csv") => Ok(Format::Csv),
            Some("md" | "markdown") => Ok(Format::Markdown),
            Some("html" | "htm") => Ok(Format::Html),
            _ => Err(ExportError::UnknownFormat {
                path: path.to_owned(),
            }),
        }
    }
}

/// Writes `report` to `path` in the format its extension names and returns the files written
/// (CSV writes the evidence table to `path` and every other table to a sibling
/// `<stem>.<table>.csv`; the other formats write one file).
///
/// Every file is written to a hidden temporary file beside it and renamed over the target only
/// when complete, so an existing export is never left half-written; on failure the temporary
/// files are removed.
pub fn write_report(report: &Report, path: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let format = Format::from_path(path)?;
    let tables = report.tables();
    let files = match format {
        Format::Xlsx => vec![(path.to_owned(), xlsx::render(report, &tables, path)?)],
        Format::Csv => csv::render(&tables, path)?,
        Format::Markdown => vec![(
            path.to_owned(),
            markdown::render(report, &tables).into_bytes(),
        )],
        Format::Html => vec![(path.to_owned(), html::render(report, &tables).into_bytes())],
    };
    write_files(&files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Writes every file through a temporary file in its folder, then renames them all into place.
fn write_files(files: &[(PathBuf, Vec<u8>)]) -> Result<(), ExportError> {
    use std::io::Write as _;
    let mut temps = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let io = |error| ExportError::Io {
            path: path.clone(),
            error,
        };
        let mut temp = temp_beside(path).map_err(io)?;
        temp.write_all(bytes)
            .and_then(|()| temp.as_file().sync_all())
            .map_err(io)?;
        temps.push((temp, path));
    }
    for (temp, path) in temps {
        temp.persist(path).map_err(|e| ExportError::Io {
            path: path.clone(),
            error: e.error,
        })?;
    }
    Ok(())
}

/// A hidden temporary file `.<name>.XXXXXX.tmp` in the folder of `path`, removed when dropped.
fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Readable by others like a file written directly (tempfile's default is 0600).
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir)
}
