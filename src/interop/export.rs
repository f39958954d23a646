//! Export of a qcw project as a REFI-QDA `.qdpx` (or its codebook as a `.qdc`).
//!
//! This file reads the project into [`Data`] and writes the archive; [`super::qde`] writes the
//! XML and [`super::extensions`] the `qcw/extensions.json` entry.

use super::positions_out::{Positions, origin};
use super::{CODEBOOK_NAMESPACE, Guids, InteropError, extensions, qde};
use crate::model::{AttrScope, AttrType, Case, CaseLink, Code, Coding, DocSummary, MemoTarget};
use crate::store::{CodingFilter, Project, QcaOverrideRow, StoreError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportSummary {
    /// Text sources (documents).
    pub documents: usize,
    /// Codes.
    pub codes: usize,
    /// Codings (one `PlainTextSelection` each).
    pub codings: usize,
    /// Notes (memos).
    pub memos: usize,
    /// Cases.
    pub cases: usize,
    /// Users (coders).
    pub users: usize,
    /// Variables (attribute names).
    pub variables: usize,
    /// How selection positions are counted (`codepoints` or `utf16`).
    pub positions: Positions,
    /// What the format could not carry.
    pub not_exported: Vec<String>,
}

/// Options of [`export_qdpx_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// How `PlainTextSelection` positions are counted.
    pub positions: Positions,
}

/// Memos of the project by target.
#[derive(Default)]
pub(super) struct Memos {
    pub project: String,
    pub docs: HashMap<i64, String>,
    pub codes: HashMap<i64, String>,
    pub cases: HashMap<i64, String>,
}

/// Everything read from the project, ordered for writing (deterministically, by content).
pub(super) struct Data {
    /// `Project@name`: the project file's stem.
    pub name: String,
    pub guids: Guids,
    pub positions: Positions,
    /// `creationDateTime` of everything written (the project's creation time).
    pub when: String,
    /// GUID of the project's creator (`creatingUser` of sources and the project).
    pub creator: Option<String>,
    pub codes: Vec<Code>,
    /// Sorted by document, start, end, code path, coder.
    pub codings: Vec<Coding>,
    /// Sorted by name.
    pub docs: Vec<DocSummary>,
    pub texts: HashMap<i64, String>,
    /// Sorted by name.
    pub cases: Vec<Case>,
    pub links: Vec<CaseLink>,
    /// Coder name → user GUID.
    pub users: BTreeMap<String, String>,
    pub memos: Memos,
    /// Attribute types by scope and name (only the defined ones).
    pub attr_types: BTreeMap<(String, String), AttrType>,
    pub overrides: Vec<QcaOverrideRow>,
    /// `(case id, code id, memo)`.
    pub cell_memos: Vec<(i64, i64, String)>,
    /// Document groups, by name: written as `Sets` of `MemberSource`s.
    pub groups: Vec<crate::model::DocGroup>,
}

impl Data {
    /// The type of attribute `name` of `scope` (text when undefined).
    pub(super) fn attr_type(&self, scope: AttrScope, name: &str) -> AttrType {
        self.attr_types
            .get(&(scope.as_str().to_owned(), name.to_owned()))
            .cloned()
            .unwrap_or(AttrType::Text)
    }
}

fn store_err(project: &Project) -> impl Fn(StoreError) -> InteropError + '_ {
    |source| InteropError::Store {
        path: project.path().to_owned(),
        source,
    }
}

/// Reads what is exported (the codebook only when `codebook_only`).
fn read(
    project: &Project,
    positions: Positions,
    codebook_only: bool,
) -> Result<Data, InteropError> {
    let store = store_err(project);
    let meta = |k| project.meta(k).map_err(&store);
    let created_at = meta("created_at")?.unwrap_or_default();
    let created_by = meta("created_by")?.unwrap_or_default();
    let guids = Guids::of_project(project).map_err(&store)?;
    let codes = project.codes().map_err(&store)?;
    let mut d = Data {
        name: project.path().file_stem().map_or_else(
            || "qcw project".into(),
            |s| s.to_string_lossy().into_owned(),
        ),
        guids,
        positions,
        when: if created_at.is_empty() {
            "1970-01-01T00:00:00Z".into()
        } else {
            created_at
        },
        creator: None,
        codes,
        codings: Vec::new(),
        docs: Vec::new(),
        texts: HashMap::new(),
        cases: Vec::new(),
        links: Vec::new(),
        users: BTreeMap::new(),
        memos: Memos::default(),
        attr_types: BTreeMap::new(),
        overrides: Vec::new(),
        cell_memos: Vec::new(),
        groups: Vec::new(),
    };
    let memo = |t| project.memo(t).map_err(&store);
    for c in &d.codes {
        let m = memo(MemoTarget::Code(c.id))?;
        if !m.is_empty() {
            d.memos.codes.insert(c.id, m);
        }
    }
    if codebook_only {
        return Ok(d);
    }
    d.docs = project.documents().map_err(&store)?;
    d.docs.sort_by(|a, b| a.name.cmp(&b.name));
    for (id, _, _, text) in project.document_texts().map_err(&store)? {
        d.texts.insert(id, text);
    }
    d.codings = project.codings(&CodingFilter::default()).map_err(&store)?;
    d.codings.sort_by(|a, b| {
        (&a.doc, a.start, a.end, &a.code, &a.coder)
            .cmp(&(&b.doc, b.start, b.end, &b.code, &b.coder))
    });
    d.cases = project.cases().map_err(&store)?;
    d.cases.sort_by(|a, b| a.name.cmp(&b.name));
    d.links = project.case_links().map_err(&store)?;
    d.memos.project = memo(MemoTarget::Project)?;
    for doc in &d.docs {
        let m = memo(MemoTarget::Document(doc.id))?;
        if !m.is_empty() {
            d.memos.docs.insert(doc.id, m);
        }
    }
    for c in &d.cases {
        let m = memo(MemoTarget::Case(c.id))?;
        if !m.is_empty() {
            d.memos.cases.insert(c.id, m);
        }
    }
    let mut names: Vec<String> = d.codings.iter().map(|c| c.coder.clone()).collect();
    names.push(created_by.clone());
    for name in names.into_iter().filter(|n| !n.trim().is_empty()) {
        let guid = d.guids.of("user", &name);
        d.users.insert(name, guid);
    }
    d.creator = d.users.get(&created_by).cloned();
    for scope in ["case", "document"] {
        for def in project.attribute_defs(scope).map_err(&store)? {
            let ty = AttrType::from_stored(&def.r#type, &def.allowed);
            d.attr_types.insert((def.scope, def.name), ty);
        }
    }
    d.overrides = project.qca_overrides().map_err(&store)?;
    d.cell_memos = project
        .cell_memos()
        .map_err(&store)?
        .into_iter()
        .map(|m| (m.case_id, m.code_id, m.text))
        .collect();
    d.groups = project.groups().map_err(&store)?;
    Ok(d)
}

/// Writes `project` to `path` as a `.qdpx` with code-point positions (see
/// [`export_qdpx_with`]); a path ending in `.qdc` gets only the codebook.
pub fn export_qdpx(project: &Project, path: &Path) -> Result<ExportSummary, InteropError> {
    export_qdpx_with(project, path, ExportOptions::default())
}

/// Writes `project` to `path` as a `.qdpx`: users (one per coder), the nested codebook,
/// variables, cases, text sources with one `PlainTextSelection` per coding, notes, and
/// `qcw/extensions.json` with what REFI-QDA has no place for (read back by qcw's import). A
/// path ending in `.qdc` gets only the codebook.
pub fn export_qdpx_with(
    project: &Project,
    path: &Path,
    options: ExportOptions,
) -> Result<ExportSummary, InteropError> {
    let invalid = |reason: String| InteropError::Invalid {
        path: path.to_owned(),
        reason,
    };
    if is_codebook(path) {
        let d = read(project, options.positions, true)?;
        return export_codebook(&d, path);
    }
    let d = read(project, options.positions, false)?;
    let written = qde::project_xml(&d);
    let ext = extensions::build(&d);
    let ext = serde_json::to_vec_pretty(&ext).map_err(|e| invalid(e.to_string()))?;
    let mut files: Vec<(String, Vec<u8>)> = vec![("project.qde".into(), written.xml.into_bytes())];
    for doc in &d.docs {
        let text = d.texts.get(&doc.id).cloned().unwrap_or_default();
        files.push((
            format!("sources/{}.txt", d.guids.of("doc", doc.id)),
            text.into_bytes(),
        ));
    }
    for (guid, text) in &written.note_files {
        files.push((format!("sources/{guid}.txt"), text.clone().into_bytes()));
    }
    files.push((extensions::ENTRY.into(), ext));
    write_zip(path, &files)?;
    Ok(ExportSummary {
        documents: d.docs.len(),
        codes: d.codes.len(),
        codings: d.codings.len(),
        memos: written.notes,
        cases: d.cases.len(),
        users: d.users.len(),
        variables: written.variables,
        positions: options.positions,
        not_exported: vec![
            "dictionary and stop words, history (document kinds, code criteria, case memos and \
             segment links, attribute types, QCA overrides and cell memos travel in \
             qcw/extensions.json, which only qcw reads)"
                .into(),
        ],
    })
}

/// Whether `path` names a codebook file (`.qdc`) rather than a project (`.qdpx`).
fn is_codebook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("qdc"))
}

/// Writes only the codebook, as a REFI-QDA `.qdc` (`CodeBook` in [`CODEBOOK_NAMESPACE`]).
fn export_codebook(d: &Data, path: &Path) -> Result<ExportSummary, InteropError> {
    let mut w = qde::Xml::new();
    w.open(
        "CodeBook",
        &[
            ("xmlns", CODEBOOK_NAMESPACE),
            ("origin", &origin(Positions::Codepoints)),
        ],
    );
    w.open("Codes", &[]);
    qde::write_codes(&mut w, d, None);
    w.close("Codes");
    w.close("CodeBook");
    write_atomic(path, |tmp| std::fs::write(tmp, w.finish()))?;
    Ok(ExportSummary {
        codes: d.codes.len(),
        not_exported: vec![
            "a codebook file carries only the codes (names, colours, descriptions)".into(),
        ],
        ..ExportSummary::default()
    })
}

/// Writes through a temporary sibling file renamed over `path`, so a failed export never
/// leaves a truncated file behind.
pub(super) fn write_atomic(
    path: &Path,
    write: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), InteropError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let result = write(&tmp).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|source| InteropError::Io {
        path: path.to_owned(),
        source,
    })
}

fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) -> Result<(), InteropError> {
    write_atomic(path, |tmp| {
        let file = std::fs::File::create(tmp)?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            zip.start_file(name.as_str(), opts)
                .map_err(std::io::Error::other)?;
            zip.write_all(bytes)?;
        }
        zip.finish().map_err(std::io::Error::other)?.flush()
    })
}
