//! Export of a qcw project as a REFI-QDA `.qdpx`.

use super::{CODEBOOK_NAMESPACE, Guids, InteropError, NAMESPACE};
use crate::model::{Code, Coding, MemoTarget};
use crate::store::{CodingFilter, Project, StoreError};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportSummary {
    /// Text sources (documents).
    pub documents: usize,
    /// Codes.
    pub codes: usize,
    /// Codings.
    pub codings: usize,
    /// Notes (memos).
    pub memos: usize,
    /// Cases.
    pub cases: usize,
    /// Users (coders).
    pub users: usize,
    /// Variables (attribute names).
    pub variables: usize,
    /// What the format could not carry.
    pub not_exported: Vec<String>,
}

/// One note to write: its GUID, name and text.
struct Note {
    guid: String,
    name: String,
    text: String,
}

/// Removes characters XML 1.0 cannot carry (control characters other than tab and newline).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            c == '\t' || c == '\n' || !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
        })
        .collect()
}

type W = Writer<Vec<u8>>;

fn io(e: std::io::Error) -> String {
    e.to_string()
}

fn open(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> Result<(), String> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        el.push_attribute((*k, clean(v).as_str()));
    }
    w.write_event(Event::Start(el)).map_err(io)
}

fn empty(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> Result<(), String> {
    let mut el = BytesStart::new(name);
    for (k, v) in attrs {
        el.push_attribute((*k, clean(v).as_str()));
    }
    w.write_event(Event::Empty(el)).map_err(io)
}

fn close(w: &mut W, name: &str) -> Result<(), String> {
    w.write_event(Event::End(BytesEnd::new(name))).map_err(io)
}

fn text_el(w: &mut W, name: &str, text: &str) -> Result<(), String> {
    w.create_element(name)
        .write_text_content(BytesText::new(&clean(text)))
        .map_err(io)?;
    Ok(())
}

/// The code's Description: the description, then the other criteria with labels.
fn code_description(c: &Code) -> String {
    let mut parts = Vec::new();
    if !c.description.trim().is_empty() {
        parts.push(c.description.trim().to_owned());
    }
    for (label, value) in [
        ("定义 Definition", &c.definition),
        ("纳入 Inclusion", &c.inclusion),
        ("排除 Exclusion", &c.exclusion),
        ("示例 Example", &c.example),
    ] {
        if !value.trim().is_empty() {
            parts.push(format!("{label}: {}", value.trim()));
        }
    }
    parts.join("\n\n")
}

/// Everything read from the project, keyed for writing.
struct Data {
    guids: Guids,
    codes: Vec<Code>,
    codings: Vec<Coding>,
    users: BTreeMap<String, String>,
    notes: Vec<Note>,
    /// Note GUIDs by memo target key (`doc:1`, `code:2`, `coding:3`, `project`).
    note_of: HashMap<String, String>,
}

fn add_memo(d: &mut Data, key: String, name: String, text: String) {
    if text.trim().is_empty() {
        return;
    }
    let guid = d.guids.of("memo", &key);
    d.note_of.insert(key, guid.clone());
    d.notes.push(Note { guid, name, text });
}

fn write_codes(w: &mut W, d: &Data, parent: Option<i64>) -> Result<(), String> {
    let mut children: Vec<&Code> = d.codes.iter().filter(|c| c.parent_id == parent).collect();
    children.sort_by_key(|c| (c.position, c.id));
    for c in children {
        let guid = d.guids.of("code", c.id);
        let attrs = [
            ("guid", guid.as_str()),
            ("name", c.name.as_str()),
            ("isCodable", "true"),
            ("color", c.color.as_str()),
        ];
        let valid_color = regex_lite_color(&c.color);
        let attrs = if valid_color { &attrs[..] } else { &attrs[..3] };
        open(w, "Code", attrs)?;
        let desc = code_description(c);
        if !desc.is_empty() {
            text_el(w, "Description", &desc)?;
        }
        if let Some(n) = d.note_of.get(&format!("code:{}", c.id)) {
            empty(w, "NoteRef", &[("targetGUID", n)])?;
        }
        write_codes(w, d, Some(c.id))?;
        close(w, "Code")?;
    }
    Ok(())
}

fn regex_lite_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
}

fn variable_values(
    w: &mut W,
    guids: &Guids,
    scope: &str,
    attrs: &BTreeMap<String, String>,
) -> Result<(), String> {
    for (k, v) in attrs {
        open(w, "VariableValue", &[])?;
        empty(w, "VariableRef", &[("targetGUID", &guids.of(scope, k))])?;
        text_el(w, "TextValue", v)?;
        close(w, "VariableValue")?;
    }
    Ok(())
}

/// Writes `project` to `path` as a `.qdpx` (see the module documentation for what is included).
#[allow(
    clippy::too_many_lines,
    reason = "long before the lint was on; to be split"
)]
pub fn export_qdpx(project: &Project, path: &Path) -> Result<ExportSummary, InteropError> {
    let store = |source: StoreError| InteropError::Store {
        path: project.path().to_owned(),
        source,
    };
    let seed = format!(
        "{}|{}",
        project
            .meta("created_at")
            .map_err(store)?
            .unwrap_or_default(),
        project
            .meta("created_by")
            .map_err(store)?
            .unwrap_or_default()
    );
    let docs = project.documents().map_err(store)?;
    let mut d = Data {
        guids: Guids::new(seed),
        codes: project.codes().map_err(store)?,
        codings: project.codings(&CodingFilter::default()).map_err(store)?,
        users: BTreeMap::new(),
        notes: Vec::new(),
        note_of: HashMap::new(),
    };
    if is_codebook(path) {
        return export_codebook(&d, path);
    }
    let mut summary = ExportSummary::default();
    for name in d
        .codings
        .iter()
        .map(|c| c.coder.clone())
        .chain([project.actor().to_owned()])
        .filter(|n| !n.trim().is_empty())
        .collect::<BTreeSet<_>>()
    {
        let guid = d.guids.of("user", &name);
        d.users.insert(name, guid);
    }
    // Memos → notes.
    let memo = |t| project.memo(t).map_err(store);
    add_memo(
        &mut d,
        "project".into(),
        "Project memo".into(),
        memo(MemoTarget::Project)?,
    );
    for doc in &docs {
        let text = memo(MemoTarget::Document(doc.id))?;
        add_memo(
            &mut d,
            format!("doc:{}", doc.id),
            format!("Memo: {}", doc.name),
            text,
        );
    }
    let code_memos: Vec<(i64, String, String)> = d
        .codes
        .iter()
        .map(|c| Ok((c.id, c.path.clone(), memo(MemoTarget::Code(c.id))?)))
        .collect::<Result<_, InteropError>>()?;
    for (id, path, text) in code_memos {
        add_memo(&mut d, format!("code:{id}"), format!("Memo: {path}"), text);
    }
    let coding_memos: Vec<(i64, String, String)> = d
        .codings
        .iter()
        .map(|c| {
            (
                c.id,
                format!("Memo: {} [{}, {})", c.doc, c.start, c.end),
                c.memo.clone(),
            )
        })
        .collect();
    for (id, name, text) in coding_memos {
        add_memo(&mut d, format!("coding:{id}"), name, text);
    }
    let cases = project.cases().map_err(store)?;
    let links = project.case_links().map_err(store)?;
    if links.iter().any(|l| l.start.is_some()) {
        summary
            .not_exported
            .push("case links to segments (only whole-document links are exported)".into());
    }
    let case_memo_count = cases
        .iter()
        .map(|c| memo(MemoTarget::Case(c.id)))
        .collect::<Result<Vec<_>, _>>()?
        .iter()
        .filter(|m| !m.trim().is_empty())
        .count();
    if case_memo_count > 0 {
        summary.not_exported.push(format!(
            "{case_memo_count} case memo(s) (QDA-XML cases cannot refer to notes)"
        ));
    }
    summary.not_exported.push(
        "document kinds, code criteria as separate fields (joined into Description), QCA \
         overrides, cell memos, dictionary and stop words, history"
            .into(),
    );

    let xml = write_xml(project, &d, &docs, &cases, &links, &mut summary).map_err(|reason| {
        InteropError::Invalid {
            path: path.to_owned(),
            reason,
        }
    })?;
    let mut texts = Vec::new();
    for doc in &docs {
        let (_, text) = project
            .document_text(doc.id)
            .map_err(store)?
            .unwrap_or_default();
        texts.push((d.guids.of("doc", doc.id), text));
    }
    write_zip(path, &xml, &texts)?;
    summary.documents = docs.len();
    summary.codes = d.codes.len();
    summary.codings = d.codings.len();
    summary.memos = d.notes.len();
    summary.cases = cases.len();
    summary.users = d.users.len();
    Ok(summary)
}

#[allow(
    clippy::too_many_lines,
    reason = "long before the lint was on; to be split"
)]
fn write_xml(
    project: &Project,
    d: &Data,
    docs: &[crate::model::DocSummary],
    cases: &[crate::model::Case],
    links: &[crate::model::CaseLink],
    summary: &mut ExportSummary,
) -> Result<Vec<u8>, String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(io)?;
    let name = project
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "qcw project".into());
    let origin = format!("qcw {}", env!("CARGO_PKG_VERSION"));
    let mut attrs = vec![("xmlns", NAMESPACE), ("name", &name), ("origin", &origin)];
    if let Some(g) = d.users.get(project.actor()) {
        attrs.push(("creatingUserGUID", g));
    }
    open(&mut w, "Project", &attrs)?;
    // Users.
    if !d.users.is_empty() {
        open(&mut w, "Users", &[])?;
        for (name, guid) in &d.users {
            empty(&mut w, "User", &[("guid", guid), ("name", name)])?;
        }
        close(&mut w, "Users")?;
    }
    // CodeBook.
    if !d.codes.is_empty() {
        open(&mut w, "CodeBook", &[])?;
        open(&mut w, "Codes", &[])?;
        write_codes(&mut w, d, None)?;
        close(&mut w, "Codes")?;
        close(&mut w, "CodeBook")?;
    }
    // Variables.
    let doc_keys: BTreeSet<&String> = docs.iter().flat_map(|x| x.attributes.keys()).collect();
    let case_keys: BTreeSet<&String> = cases.iter().flat_map(|x| x.attributes.keys()).collect();
    summary.variables = doc_keys.len() + case_keys.len();
    if summary.variables > 0 {
        open(&mut w, "Variables", &[])?;
        for (scope, keys) in [("docvar", &doc_keys), ("casevar", &case_keys)] {
            for k in keys.iter() {
                open(
                    &mut w,
                    "Variable",
                    &[
                        ("guid", &d.guids.of(scope, k)),
                        ("name", k),
                        ("typeOfVariable", "Text"),
                    ],
                )?;
                let what = if scope == "docvar" {
                    "document"
                } else {
                    "case"
                };
                text_el(&mut w, "Description", &format!("qcw {what} attribute"))?;
                close(&mut w, "Variable")?;
            }
        }
        close(&mut w, "Variables")?;
    }
    // Cases.
    if !cases.is_empty() {
        open(&mut w, "Cases", &[])?;
        for c in cases {
            open(
                &mut w,
                "Case",
                &[("guid", &d.guids.of("case", c.id)), ("name", &c.name)],
            )?;
            if !c.description.is_empty() {
                text_el(&mut w, "Description", &c.description)?;
            }
            variable_values(&mut w, &d.guids, "casevar", &c.attributes)?;
            let docs_of: BTreeSet<i64> = links
                .iter()
                .filter(|l| l.case_id == c.id && l.start.is_none())
                .map(|l| l.doc_id)
                .collect();
            for doc_id in docs_of {
                empty(
                    &mut w,
                    "SourceRef",
                    &[("targetGUID", &d.guids.of("doc", doc_id))],
                )?;
            }
            close(&mut w, "Case")?;
        }
        close(&mut w, "Cases")?;
    }
    // Sources.
    if !docs.is_empty() {
        open(&mut w, "Sources", &[])?;
        for doc in docs {
            let guid = d.guids.of("doc", doc.id);
            let path = format!("internal://{guid}.txt");
            open(
                &mut w,
                "TextSource",
                &[
                    ("guid", &guid),
                    ("name", &doc.name),
                    ("plainTextPath", &path),
                ],
            )?;
            let mut selections: BTreeMap<(usize, usize), Vec<&Coding>> = BTreeMap::new();
            for c in d.codings.iter().filter(|c| c.doc_id == doc.id) {
                selections.entry((c.start, c.end)).or_default().push(c);
            }
            for ((start, end), codings) in selections {
                let (s, e) = (start.to_string(), end.to_string());
                let sel_guid = d.guids.of("selection", format!("{}:{start}:{end}", doc.id));
                let sel_name = codings[0].text.chars().take(60).collect::<String>();
                open(
                    &mut w,
                    "PlainTextSelection",
                    &[
                        ("guid", &sel_guid),
                        ("name", &sel_name),
                        ("startPosition", &s),
                        ("endPosition", &e),
                    ],
                )?;
                for c in codings {
                    let user = d.users.get(&c.coder).cloned().unwrap_or_default();
                    open(
                        &mut w,
                        "Coding",
                        &[
                            ("guid", &d.guids.of("coding", c.id)),
                            ("creatingUser", &user),
                        ],
                    )?;
                    empty(
                        &mut w,
                        "CodeRef",
                        &[("targetGUID", &d.guids.of("code", c.code_id))],
                    )?;
                    if let Some(n) = d.note_of.get(&format!("coding:{}", c.id)) {
                        empty(&mut w, "NoteRef", &[("targetGUID", n)])?;
                    }
                    close(&mut w, "Coding")?;
                }
                close(&mut w, "PlainTextSelection")?;
            }
            if let Some(n) = d.note_of.get(&format!("doc:{}", doc.id)) {
                empty(&mut w, "NoteRef", &[("targetGUID", n)])?;
            }
            variable_values(&mut w, &d.guids, "docvar", &doc.attributes)?;
            close(&mut w, "TextSource")?;
        }
        close(&mut w, "Sources")?;
    }
    // Notes.
    if !d.notes.is_empty() {
        open(&mut w, "Notes", &[])?;
        for n in &d.notes {
            open(&mut w, "Note", &[("guid", &n.guid), ("name", &n.name)])?;
            text_el(&mut w, "PlainTextContent", &n.text)?;
            close(&mut w, "Note")?;
        }
        close(&mut w, "Notes")?;
    }
    if let Some(n) = d.note_of.get("project") {
        empty(&mut w, "NoteRef", &[("targetGUID", n)])?;
    }
    close(&mut w, "Project")?;
    Ok(w.into_inner())
}

/// Writes the archive to a temporary sibling file, then renames it over `path`, so a failed
/// export never leaves a truncated `.qdpx` behind.
/// Whether `path` names a codebook file (`.qdc`) rather than a project (`.qdpx`).
fn is_codebook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("qdc"))
}

/// Writes only the codebook, as a REFI-QDA `.qdc` (`CodeBook` in [`CODEBOOK_NAMESPACE`]).
fn export_codebook(d: &Data, path: &Path) -> Result<ExportSummary, InteropError> {
    let xml = (|| -> Result<Vec<u8>, String> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
            .map_err(io)?;
        let origin = format!("qcw {}", env!("CARGO_PKG_VERSION"));
        open(
            &mut w,
            "CodeBook",
            &[("xmlns", CODEBOOK_NAMESPACE), ("origin", &origin)],
        )?;
        open(&mut w, "Codes", &[])?;
        write_codes(&mut w, d, None)?;
        close(&mut w, "Codes")?;
        close(&mut w, "CodeBook")?;
        Ok(w.into_inner())
    })()
    .map_err(|reason| InteropError::Invalid {
        path: path.to_owned(),
        reason,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "codebook.qdc".into());
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let written = std::fs::write(&tmp, &xml).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(InteropError::Io {
            path: path.to_owned(),
            source,
        });
    }
    Ok(ExportSummary {
        codes: d.codes.len(),
        not_exported: vec![
            "a codebook file carries only the codes (names, colours, descriptions)".into(),
        ],
        ..ExportSummary::default()
    })
}

fn write_zip(path: &Path, xml: &[u8], texts: &[(String, String)]) -> Result<(), InteropError> {
    let err = |e: std::io::Error| InteropError::Io {
        path: path.to_owned(),
        source: e,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export.qdpx".into());
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let result = write_archive(&tmp, xml, texts).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

fn write_archive(path: &Path, xml: &[u8], texts: &[(String, String)]) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", opts)
        .map_err(std::io::Error::other)?;
    zip.write_all(xml)?;
    for (guid, text) in texts {
        zip.start_file(format!("sources/{guid}.txt"), opts)
            .map_err(std::io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.finish().map_err(std::io::Error::other)?.flush()
}
