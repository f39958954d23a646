//! `qcw/extensions.json` inside a `.qdpx`: what REFI-QDA has no place for, so that qcw → qcw
//! loses nothing. Other tools ignore the entry (it is outside `sources/` and not referenced
//! from `project.qde`).
//!
//! The file is versioned (`format`, `version`); every entry names its row by the GUID used in
//! `project.qde` (`guid`, and `document`/`code`/`case` for references), and carries the exact
//! values (carriage returns and trailing newlines kept) of:
//!
//! * documents: kind and memo; codes: description, definition, inclusion, exclusion, example
//!   and memo as separate fields; cases: description, memo and links to segments;
//! * codings: the memo (positions in code points, whatever the export's `positions`);
//! * attribute types (with the allowed values of categories), QCA overrides, cell memos and
//!   the project memo.
//!
//! On import ([`apply`]) these replace what the XML gave, for the rows the import creates;
//! rows that already existed in the project are left as they are.

use super::export::Data;
use super::import::{ImportSummary, Skipped};
use super::positions_out::Positions;
use crate::command::{ByName, Command, NamedTarget};
use crate::model::{AttrScope, AttrType, DocKind};
use crate::store::{Project, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The archive entry.
pub const ENTRY: &str = "qcw/extensions.json";
/// The `format` value.
const FORMAT: &str = "qcw-refi-extensions";
/// The version written (and the newest read).
const VERSION: u32 = 1;

/// The content of [`ENTRY`].
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub(super) struct Extensions {
    format: String,
    version: u32,
    /// Positions of `project.qde` (informative: positions here are code points).
    positions: Positions,
    project_memo: String,
    documents: Vec<DocExt>,
    codes: Vec<CodeExt>,
    cases: Vec<CaseExt>,
    codings: Vec<CodingExt>,
    attributes: Vec<AttrExt>,
    qca_overrides: Vec<OverrideExt>,
    cell_memos: Vec<CellMemoExt>,
}

#[derive(Debug, Serialize, Deserialize)]
struct DocExt {
    guid: String,
    name: String,
    kind: DocKind,
    memo: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct CodeExt {
    guid: String,
    path: String,
    description: String,
    definition: String,
    inclusion: String,
    exclusion: String,
    example: String,
    memo: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Segment {
    document: String,
    start: usize,
    end: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct CaseExt {
    guid: String,
    name: String,
    description: String,
    memo: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CodingExt {
    /// The `PlainTextSelection` GUID.
    guid: String,
    document: String,
    start: usize,
    end: usize,
    code: String,
    coder: String,
    memo: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct AttrExt {
    scope: AttrScope,
    name: String,
    #[serde(rename = "type")]
    ty: AttrType,
}

#[derive(Debug, Serialize, Deserialize)]
struct OverrideExt {
    case: String,
    code: String,
    present: bool,
    reason: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct CellMemoExt {
    case: String,
    code: String,
    memo: String,
}

fn memo_of(map: &HashMap<i64, String>, id: i64) -> String {
    map.get(&id).cloned().unwrap_or_default()
}

/// The extensions of an export.
pub(super) fn build(d: &Data) -> Extensions {
    let g = &d.guids;
    let documents = d
        .docs
        .iter()
        .map(|x| DocExt {
            guid: g.of("doc", x.id),
            name: x.name.clone(),
            kind: x.kind,
            memo: memo_of(&d.memos.docs, x.id),
        })
        .collect();
    let codes = d
        .codes
        .iter()
        .map(|c| CodeExt {
            guid: g.of("code", c.id),
            path: c.path.clone(),
            description: c.description.clone(),
            definition: c.definition.clone(),
            inclusion: c.inclusion.clone(),
            exclusion: c.exclusion.clone(),
            example: c.example.clone(),
            memo: memo_of(&d.memos.codes, c.id),
        })
        .collect();
    let cases = cases_ext(d);
    let codings = d
        .codings
        .iter()
        .map(|c| CodingExt {
            guid: g.of("selection", c.id),
            document: g.of("doc", c.doc_id),
            start: c.start,
            end: c.end,
            code: g.of("code", c.code_id),
            coder: c.coder.clone(),
            memo: c.memo.clone(),
        })
        .collect();
    let attributes = d
        .attr_types
        .iter()
        .filter_map(|((scope, name), ty)| {
            let scope = match scope.as_str() {
                "case" => AttrScope::Case,
                "document" => AttrScope::Document,
                _ => return None,
            };
            Some(AttrExt {
                scope,
                name: name.clone(),
                ty: ty.clone(),
            })
        })
        .collect();
    let (qca_overrides, cell_memos) = cells(d);
    Extensions {
        format: FORMAT.into(),
        version: VERSION,
        positions: d.positions,
        project_memo: d.memos.project.clone(),
        documents,
        codes,
        cases,
        codings,
        attributes,
        qca_overrides,
        cell_memos,
    }
}

fn cases_ext(d: &Data) -> Vec<CaseExt> {
    let g = &d.guids;
    d.cases
        .iter()
        .map(|c| CaseExt {
            guid: g.of("case", c.id),
            name: c.name.clone(),
            description: c.description.clone(),
            memo: memo_of(&d.memos.cases, c.id),
            segments: d
                .links
                .iter()
                .filter(|l| l.case_id == c.id)
                .filter_map(|l| {
                    Some(Segment {
                        document: g.of("doc", l.doc_id),
                        start: l.start?,
                        end: l.end?,
                    })
                })
                .collect(),
        })
        .collect()
}

/// QCA overrides and cell memos, ordered by case name and code path.
fn cells(d: &Data) -> (Vec<OverrideExt>, Vec<CellMemoExt>) {
    let g = &d.guids;
    let case_name = |id: i64| d.cases.iter().find(|c| c.id == id).map(|c| c.name.clone());
    let code_path = |id: i64| d.codes.iter().find(|c| c.id == id).map(|c| c.path.clone());
    let cell_key = |case: i64, code: i64| (case_name(case), code_path(code));
    let mut qca_overrides: Vec<OverrideExt> = d
        .overrides
        .iter()
        .map(|o| OverrideExt {
            case: g.of("case", o.case_id),
            code: g.of("code", o.code_id),
            present: o.present,
            reason: o.reason.clone(),
        })
        .collect();
    let mut order: Vec<_> = d
        .overrides
        .iter()
        .map(|o| cell_key(o.case_id, o.code_id))
        .collect();
    sort_by_keys(&mut qca_overrides, &mut order);
    let mut cell_memos: Vec<CellMemoExt> = d
        .cell_memos
        .iter()
        .map(|(case, code, memo)| CellMemoExt {
            case: g.of("case", *case),
            code: g.of("code", *code),
            memo: memo.clone(),
        })
        .collect();
    let mut order: Vec<_> = d
        .cell_memos
        .iter()
        .map(|(a, b, _)| cell_key(*a, *b))
        .collect();
    sort_by_keys(&mut cell_memos, &mut order);
    (qca_overrides, cell_memos)
}

/// Sorts `items` by `keys` (content, not row ids, so that a re-export orders alike).
fn sort_by_keys<T, K: Ord>(items: &mut Vec<T>, keys: &mut Vec<K>) {
    let mut pairs: Vec<(K, T)> = keys.drain(..).zip(items.drain(..)).collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    items.extend(pairs.into_iter().map(|(_, t)| t));
}

/// Reads [`ENTRY`] from `archive`: `None` when absent; unreadable or newer files are reported
/// in `summary` and ignored.
fn read(
    archive: &mut super::import::Archive,
    budget: &mut super::limits::Budget,
    summary: &mut ImportSummary,
) -> Option<Extensions> {
    let skip = |summary: &mut ImportSummary, reason: String| {
        summary.skipped.push(Skipped {
            what: ENTRY.into(),
            reason,
        });
    };
    let bytes = match archive.read(ENTRY, budget) {
        Ok(Some(b)) => b,
        Ok(None) => return None,
        Err(super::limits::Failure::Invalid(e)) => {
            skip(summary, e);
            return None;
        }
        Err(super::limits::Failure::Limit(e)) => {
            skip(summary, e.to_string());
            return None;
        }
    };
    match serde_json::from_slice::<Extensions>(&bytes) {
        Ok(e) if e.format == FORMAT && e.version <= VERSION => Some(e),
        Ok(e) => {
            skip(
                summary,
                format!(
                    "format {:?} version {} is not one this qcw reads ({FORMAT} ≤ {VERSION})",
                    e.format, e.version
                ),
            );
            None
        }
        Err(e) => {
            skip(summary, format!("not valid JSON: {e}"));
            None
        }
    }
}

fn same_guid(a: &str, b: &str) -> bool {
    a.trim_matches(['{', '}'])
        .eq_ignore_ascii_case(b.trim_matches(['{', '}']))
}

/// Applies the extensions of the archive being imported to the planned `commands` (see the
/// module documentation). Only rows the import creates are changed.
pub(super) fn apply(
    archive: &mut super::import::Archive,
    budget: &mut super::limits::Budget,
    project: &Project,
    commands: &mut Vec<Command>,
    summary: &mut ImportSummary,
) -> Result<(), StoreError> {
    let Some(ext) = read(archive, budget, summary) else {
        return Ok(());
    };
    let t = adjust_rows(&ext, commands);
    exact_memos(&ext, &t, project, commands)?;
    utf16_codings(&ext, &t, commands);
    coding_memos(&ext, &t, commands);
    links_and_cells(&ext, &t, commands);
    define_attributes(&ext, project, commands)
}

/// The rows an import creates that the extensions describe.
#[derive(Default)]
struct Targets {
    /// Document GUID → the name the import gives it.
    docs: Vec<(String, String)>,
    /// Paths of the codes created.
    codes: HashSet<String>,
    /// Names of the cases created.
    cases: HashSet<String>,
}

impl Targets {
    fn doc_name(&self, guid: &str) -> Option<String> {
        self.docs
            .iter()
            .find(|(g, _)| same_guid(g, guid))
            .map(|(_, n)| n.clone())
    }

    fn code_path(&self, ext: &Extensions, guid: &str) -> Option<String> {
        ext.codes
            .iter()
            .find(|x| same_guid(&x.guid, guid) && self.codes.contains(&x.path))
            .map(|x| x.path.clone())
    }

    fn case_name(&self, ext: &Extensions, guid: &str) -> Option<String> {
        ext.cases
            .iter()
            .find(|x| same_guid(&x.guid, guid) && self.cases.contains(&x.name))
            .map(|x| x.name.clone())
    }
}

/// Document kinds, code fields and case descriptions of the rows the import creates.
fn adjust_rows(ext: &Extensions, commands: &mut [Command]) -> Targets {
    let mut t = Targets::default();
    for c in commands.iter_mut() {
        match c {
            Command::ImportDocument(nd) => {
                if let Some(x) = ext.documents.iter().find(|x| {
                    nd.source_path
                        .rsplit_once("#internal://")
                        .is_some_and(|(_, p)| same_guid(p.trim_end_matches(".txt"), &x.guid))
                }) {
                    nd.kind = x.kind;
                    t.docs.push((x.guid.clone(), nd.name.clone()));
                }
            }
            Command::AddCode { path, fields } => {
                if let Some(x) = ext.codes.iter().find(|x| &x.path == path) {
                    fields.description = x.description.clone();
                    fields.definition = x.definition.clone();
                    fields.inclusion = x.inclusion.clone();
                    fields.exclusion = x.exclusion.clone();
                    fields.example = x.example.clone();
                }
                t.codes.insert(path.clone());
            }
            Command::AddCase { name, description } => {
                if let Some(x) = ext.cases.iter().find(|x| &x.name == name) {
                    description.clone_from(&x.description);
                }
                t.cases.insert(name.clone());
            }
            _ => {}
        }
    }
    t
}

/// Exact memos: replace the planned ones, add the missing ones.
fn exact_memos(
    ext: &Extensions,
    t: &Targets,
    project: &Project,
    commands: &mut Vec<Command>,
) -> Result<(), StoreError> {
    let mut memos: Vec<(NamedTarget, String)> = Vec::new();
    if project.memo(crate::model::MemoTarget::Project)?.is_empty() {
        memos.push((NamedTarget::Project, ext.project_memo.clone()));
    }
    for x in &ext.documents {
        if let Some(n) = t.doc_name(&x.guid) {
            memos.push((NamedTarget::Document(n), x.memo.clone()));
        }
    }
    for x in ext.codes.iter().filter(|x| t.codes.contains(&x.path)) {
        memos.push((NamedTarget::Code(x.path.clone()), x.memo.clone()));
    }
    for x in ext.cases.iter().filter(|x| t.cases.contains(&x.name)) {
        memos.push((NamedTarget::Case(x.name.clone()), x.memo.clone()));
    }
    for (target, text) in memos {
        let planned = commands.iter_mut().find_map(|c| match c {
            Command::SetMemoByName { target: t, text } if *t == target => Some(text),
            _ => None,
        });
        match planned {
            Some(t) => *t = text,
            None if !text.is_empty() => commands.push(Command::SetMemoByName { target, text }),
            None => {}
        }
    }
    Ok(())
}

/// For an export with UTF-16 positions, the codings of the documents the import creates come
/// from the extensions (code points) rather than from the selections, whatever rule the import
/// applied to them.
fn utf16_codings(ext: &Extensions, t: &Targets, commands: &mut Vec<Command>) {
    if ext.positions != Positions::Utf16 {
        return;
    }
    let created: HashSet<&str> = t.docs.iter().map(|(_, n)| n.as_str()).collect();
    commands.retain(
        |c| !matches!(c, Command::ApplyCodingByName { doc, .. } if created.contains(doc.as_str())),
    );
    for x in &ext.codings {
        let Some(doc) = t.doc_name(&x.document) else {
            continue;
        };
        let Some(code) = ext.codes.iter().find(|c| same_guid(&c.guid, &x.code)) else {
            continue;
        };
        commands.push(Command::ApplyCodingByName {
            doc,
            start: x.start,
            end: x.end,
            code_path: code.path.clone(),
            coder: x.coder.clone(),
            memo: x.memo.clone(),
        });
    }
}

/// Exact coding memos.
fn coding_memos(ext: &Extensions, t: &Targets, commands: &mut [Command]) {
    let coding_memo: HashMap<(String, usize, usize, String, String), &str> = ext
        .codings
        .iter()
        .filter_map(|x| {
            let key = (
                t.doc_name(&x.document)?,
                x.start,
                x.end,
                ext.codes
                    .iter()
                    .find(|c| same_guid(&c.guid, &x.code))?
                    .path
                    .clone(),
                x.coder.trim().to_owned(),
            );
            Some((key, x.memo.as_str()))
        })
        .collect();
    for c in commands.iter_mut() {
        if let Command::ApplyCodingByName {
            doc,
            start,
            end,
            code_path,
            coder,
            memo,
        } = c
            && let Some(m) = coding_memo.get(&(
                doc.clone(),
                *start,
                *end,
                code_path.clone(),
                coder.trim().to_owned(),
            ))
        {
            *memo = (*m).to_owned();
        }
    }
}

/// Segment links, QCA overrides and cell memos of the cases the import creates.
fn links_and_cells(ext: &Extensions, t: &Targets, commands: &mut Vec<Command>) {
    for x in &ext.cases {
        let Some(case) = t.case_name(ext, &x.guid) else {
            continue;
        };
        for s in &x.segments {
            if let Some(doc) = t.doc_name(&s.document) {
                commands.push(Command::ByName(Box::new(ByName::LinkCase {
                    case: case.clone(),
                    doc,
                    range: Some((s.start, s.end)),
                })));
            }
        }
    }
    for o in &ext.qca_overrides {
        if let (Some(case), Some(code_path)) =
            (t.case_name(ext, &o.case), t.code_path(ext, &o.code))
        {
            commands.push(Command::ByName(Box::new(ByName::SetQcaOverride {
                case,
                code_path,
                value: Some((o.present, o.reason.clone())),
            })));
        }
    }
    for m in &ext.cell_memos {
        if let (Some(case), Some(code_path)) =
            (t.case_name(ext, &m.case), t.code_path(ext, &m.code))
        {
            commands.push(Command::ByName(Box::new(ByName::SetCellMemo {
                case,
                code_path,
                text: m.memo.clone(),
            })));
        }
    }
}

/// Defines the attribute types of the file that the project does not use yet.
fn define_attributes(
    ext: &Extensions,
    project: &Project,
    commands: &mut Vec<Command>,
) -> Result<(), StoreError> {
    let mut used: HashSet<(&str, String)> = HashSet::new();
    for scope in ["case", "document"] {
        for def in project.attribute_defs(scope)? {
            used.insert((scope, def.name));
        }
    }
    for d in project.documents()? {
        used.extend(d.attributes.into_keys().map(|k| ("document", k)));
    }
    for c in project.cases()? {
        used.extend(c.attributes.into_keys().map(|k| ("case", k)));
    }
    for a in &ext.attributes {
        if !used.contains(&(a.scope.as_str(), a.name.clone())) {
            commands.push(Command::DefineAttribute {
                scope: a.scope,
                name: a.name.clone(),
                ty: a.ty.clone(),
            });
        }
    }
    Ok(())
}
