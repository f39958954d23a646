//! Domain types shared by the store, the commands, the CLI and the GUI.
//!
//! All text positions are Unicode code-point offsets, `[start, end)`.

mod attrs;
mod palette;

pub use attrs::{AttrScope, AttrType, parse_assignment};
pub use palette::{PALETTE, palette_color};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of source a document is; drives citation patterns and triangulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// An interview transcript (访谈资料).
    Interview,
    /// A policy or other written document (文件).
    Document,
    /// A participant-observation note (观察笔记).
    Observation,
}

impl DocKind {
    /// All kinds, in display order.
    pub const ALL: [DocKind; 3] = [DocKind::Interview, DocKind::Document, DocKind::Observation];

    /// The stable lowercase name used in the database, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Interview => "interview",
            DocKind::Document => "document",
            DocKind::Observation => "observation",
        }
    }

    /// Parses `interview`, `document` or `observation` (also the Chinese names).
    pub fn parse(s: &str) -> Option<DocKind> {
        match s.trim().to_lowercase().as_str() {
            "interview" | "访谈" | "访谈资料" => Some(DocKind::Interview),
            "document" | "文件" | "文档" => Some(DocKind::Document),
            "observation" | "观察" | "观察笔记" => Some(DocKind::Observation),
            _ => None,
        }
    }
}

impl std::fmt::Display for DocKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document as listed (without its text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSummary {
    /// Database id.
    pub id: i64,
    /// Unique name: the file stem, suffixed with `-2`, `-3`… when needed.
    pub name: String,
    /// Source kind.
    pub kind: DocKind,
    /// Length in code points.
    pub chars: usize,
    /// Document attributes (key → value), sorted by key.
    pub attributes: BTreeMap<String, String>,
    /// Names of the cases the document is linked to, sorted.
    pub cases: Vec<String>,
    /// Number of codings on the document.
    pub codings: usize,
}

/// A code in the codebook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Code {
    /// Database id.
    pub id: i64,
    /// Parent code id, `None` for a top-level code.
    pub parent_id: Option<i64>,
    /// Full path such as `权力/借力`.
    pub path: String,
    /// Own name (last path segment).
    pub name: String,
    /// Colour as `#RRGGBB`.
    pub color: String,
    /// Short description.
    pub description: String,
    /// Definition (what the code means).
    pub definition: String,
    /// When to apply it.
    pub inclusion: String,
    /// When not to apply it.
    pub exclusion: String,
    /// A typical example.
    pub example: String,
    /// Sort position among siblings.
    pub position: i64,
    /// Number of codings with exactly this code.
    pub count: usize,
}

/// A coded segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coding {
    /// Database id.
    pub id: i64,
    /// Document name.
    pub doc: String,
    /// Document id.
    pub doc_id: i64,
    /// Start, in code points (inclusive).
    pub start: usize,
    /// End, in code points (exclusive).
    pub end: usize,
    /// Code path such as `权力/借力`.
    pub code: String,
    /// Code id.
    pub code_id: i64,
    /// Who applied it.
    pub coder: String,
    /// The coding's memo (may be empty).
    pub memo: String,
    /// The quoted characters.
    pub text: String,
}

/// A case (e.g. one city's platform).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// Database id.
    pub id: i64,
    /// Unique name such as `C市综合平台`.
    pub name: String,
    /// Free description.
    pub description: String,
    /// Number of whole documents linked.
    pub documents: usize,
    /// Number of segment links.
    pub segments: usize,
    /// Case attributes (key → value), sorted by key.
    pub attributes: BTreeMap<String, String>,
}

/// A link from a case to a whole document (`start`/`end` `None`) or a segment of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseLink {
    /// Database id.
    pub id: i64,
    /// Case id.
    pub case_id: i64,
    /// Case name.
    pub case: String,
    /// Document id.
    pub doc_id: i64,
    /// Segment start (code points), if a segment.
    pub start: Option<usize>,
    /// Segment end (code points), if a segment.
    pub end: Option<usize>,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    /// Audit id (increasing).
    pub id: i64,
    /// UTC timestamp, RFC 3339.
    pub ts: String,
    /// Who did it.
    pub actor: String,
    /// `do`, `undo` or `redo`.
    pub action: String,
    /// The history entry it concerns.
    pub history_id: i64,
    /// Human-readable description of the command.
    pub label: String,
}

/// The target of a free memo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemoTarget {
    /// A document memo.
    Document(i64),
    /// A code memo.
    Code(i64),
    /// A case memo.
    Case(i64),
    /// The project memo.
    Project,
}

impl MemoTarget {
    /// `(kind, id)` as stored.
    pub fn key(self) -> (&'static str, i64) {
        match self {
            MemoTarget::Document(id) => ("document", id),
            MemoTarget::Code(id) => ("code", id),
            MemoTarget::Case(id) => ("case", id),
            MemoTarget::Project => ("project", 0),
        }
    }
}

/// A document group (set): the import's sub-folder, a REFI-QDA Set, or made by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocGroup {
    /// Database id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Its documents (ids, ascending).
    pub docs: Vec<i64>,
}
