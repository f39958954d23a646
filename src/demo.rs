//! The built-in demo project: a small synthetic corpus (invented cities, interviews, policy
//! documents, observation notes) coded with the PIV template, so a new user sees every feature.
//! The corpus lives in `assets/demo/` and is embedded at build time.

use crate::codebook::Template;
use crate::command::{Command, CommandError, NewDocument, execute};
use crate::model::{DocKind, MemoTarget};
use crate::project::{create_project, resolve_case, resolve_code, resolve_doc};
use crate::store::Project;
use crate::text::sha256_hex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));

#[derive(Debug, Deserialize)]
struct Manifest {
    cases: Vec<CaseSpec>,
    documents: Vec<DocSpec>,
    codings: Vec<CodingSpec>,
    #[serde(default)]
    memos: Vec<MemoSpec>,
}

#[derive(Debug, Deserialize)]
struct CaseSpec {
    name: String,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct DocSpec {
    file: String,
    kind: String,
    #[serde(default)]
    cases: Vec<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct CodingSpec {
    doc: String,
    code: String,
    quote: String,
    #[serde(default = "one")]
    occurrence: usize,
    coder: String,
    #[serde(default)]
    memo: String,
}

fn one() -> usize {
    1
}

#[derive(Debug, Deserialize)]
struct MemoSpec {
    target: String,
    name: String,
    text: String,
}

fn demo_file(rel: &str) -> Result<&'static str, CommandError> {
    DEMO_FILES
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, t)| *t)
        .ok_or_else(|| CommandError::NotFound(format!("demo file {rel} is not embedded")))
}

/// The demo corpus's text files: (path relative to `assets/demo`, text). Used by `qcw bench all`.
pub fn demo_texts() -> impl Iterator<Item = (&'static str, &'static str)> {
    DEMO_FILES
        .iter()
        .copied()
        .filter(|(p, _)| p.ends_with(".txt"))
}

/// Code-point offset of the `n`-th (1-based) occurrence of `needle` in `text`.
fn find_occurrence(text: &str, needle: &str, n: usize) -> Option<usize> {
    let byte = text.match_indices(needle).nth(n.checked_sub(1)?)?.0;
    Some(text[..byte].chars().count())
}

/// Creates the demo project at `path` (which must not exist).
pub fn build_demo(path: &Path, actor: &str) -> Result<Project, CommandError> {
    let manifest: Manifest = serde_json::from_str(demo_file("demo.json")?)
        .map_err(|e| CommandError::Invalid(format!("demo manifest: {e}")))?;
    let mut project = create_project(path, Template::Piv, actor)?;
    for case in &manifest.cases {
        execute(
            &mut project,
            &Command::AddCase {
                name: case.name.clone(),
                description: String::new(),
            },
        )?;
        let case_id = resolve_case(&project, &case.name)?;
        let commands = case
            .attributes
            .iter()
            .map(|(k, v)| Command::SetCaseAttribute {
                case_id,
                key: k.clone(),
                value: Some(v.clone()),
            })
            .collect();
        execute(
            &mut project,
            &Command::Batch {
                label: format!("attributes of {}", case.name),
                commands,
            },
        )?;
    }
    for doc in &manifest.documents {
        let raw = demo_file(&doc.file)?;
        let kind = DocKind::parse(&doc.kind)
            .ok_or_else(|| CommandError::Invalid(format!("demo document kind {:?}", doc.kind)))?;
        let name = Path::new(&doc.file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut attributes = doc.attributes.clone();
        attributes
            .entry("来源类型".to_owned())
            .or_insert_with(|| kind.as_str().to_owned());
        let new = NewDocument {
            name,
            kind,
            text: raw.replace("\r\n", "\n"),
            sha256: sha256_hex(raw.as_bytes()),
            source_path: format!("demo/{}", doc.file),
            format: "txt".to_owned(),
            attributes,
            cases: doc.cases.clone(),
        };
        execute(&mut project, &Command::ImportDocument(Box::new(new)))?;
    }
    for c in &manifest.codings {
        let doc_id = resolve_doc(&project, &c.doc)?;
        let code_id = match resolve_code(&project, &c.code) {
            Ok(code) => code.id,
            // Codes outside the template (e.g. 缺失证据/… for negative evidence) are added.
            Err(CommandError::NotFound(_)) => {
                let add = Command::AddCode {
                    path: c.code.clone(),
                    fields: Default::default(),
                };
                execute(&mut project, &add)?.ids[0]
            }
            Err(e) => return Err(e),
        };
        let (_, text) = project
            .document_text(doc_id)?
            .ok_or_else(|| CommandError::NotFound(c.doc.clone()))?;
        let start = find_occurrence(&text, &c.quote, c.occurrence).ok_or_else(|| {
            CommandError::Invalid(format!("demo quote not found in {}: {}", c.doc, c.quote))
        })?;
        let end = start + c.quote.chars().count();
        execute(
            &mut project,
            &Command::ApplyCoding {
                doc_id,
                start,
                end,
                code_id,
                coder: c.coder.clone(),
                memo: c.memo.clone(),
            },
        )?;
    }
    for m in &manifest.memos {
        let target = match m.target.as_str() {
            "case" => MemoTarget::Case(resolve_case(&project, &m.name)?),
            "document" => MemoTarget::Document(resolve_doc(&project, &m.name)?),
            "code" => MemoTarget::Code(resolve_code(&project, &m.name)?.id),
            other => return Err(CommandError::Invalid(format!("demo memo target {other}"))),
        };
        execute(
            &mut project,
            &Command::SetMemo {
                target,
                text: m.text.clone(),
            },
        )?;
    }
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_code_points() {
        assert_eq!(find_occurrence("𠀀ab𠀀ab", "ab", 1), Some(1));
        assert_eq!(find_occurrence("𠀀ab𠀀ab", "ab", 2), Some(4));
        assert_eq!(find_occurrence("𠀀ab", "ab", 2), None);
        assert_eq!(find_occurrence("ab", "ab", 0), None);
    }
}
