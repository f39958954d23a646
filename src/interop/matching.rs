//! What the project already holds, and how the file's items match it, so that importing a
//! `.qdpx` into the project it came from (or a coder's copy of it) adds only what is new.
//!
//! A source matches an existing document by GUID when the GUID is one qcw's export derives for
//! that project ([`super::Guids`], from the project's identity) and the texts are equal, else by
//! the SHA-256 of its normalised text. Codes and cases match by GUID the same way, else by path
//! and name. Codings match on (document, range, code, coder); memos are not appended twice.

use super::Guids;
use super::plan::key;
use crate::model::{Case, Code, DocSummary, MemoTarget};
use crate::store::{CodingFilter, Project, StoreError};
use crate::text::sha256_hex;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A source of the file attached to an existing document instead of creating a copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocMatch {
    /// The source's name in the file.
    pub source: String,
    /// The existing document.
    pub document: String,
    /// `guid` (the GUID qcw's export gave the document, and the same text) or `text` (the
    /// same normalised text).
    pub by: &'static str,
}

/// (document, start, end, code path, coder) → memo.
pub(super) type CodingKeys = HashMap<(String, usize, usize, String, String), String>;

/// What the project already holds.
pub(super) struct Existing {
    pub codes: Vec<Code>,
    pub documents: Vec<DocSummary>,
    pub cases: Vec<Case>,
    pub project_memo: String,
    /// Memos of existing codes, by path.
    pub code_memos: HashMap<String, String>,
    /// Memos of existing documents, by name.
    pub doc_memos: HashMap<String, String>,
    /// SHA-256 of each document's text → document index (in `documents`).
    by_hash: HashMap<String, Vec<usize>>,
    /// The GUID qcw's export gives each document → document index.
    by_guid: HashMap<String, usize>,
    /// The GUID qcw's export gives each code → its path.
    pub code_guids: HashMap<String, String>,
    /// The GUID qcw's export gives each case → its name.
    pub case_guids: HashMap<String, String>,
    /// Existing codings.
    pub codings: CodingKeys,
    /// Hashes of the documents' texts, by document index.
    hashes: Vec<String>,
}

impl Existing {
    /// Reads what `project` holds.
    pub(super) fn load(project: &Project) -> Result<Existing, StoreError> {
        let codes = project.codes()?;
        let documents = project.documents()?;
        let cases = project.cases()?;
        let mut code_memos = HashMap::new();
        for c in &codes {
            let memo = project.memo(MemoTarget::Code(c.id))?;
            if !memo.is_empty() {
                code_memos.insert(c.path.clone(), memo);
            }
        }
        let mut doc_memos = HashMap::new();
        for d in &documents {
            let memo = project.memo(MemoTarget::Document(d.id))?;
            if !memo.is_empty() {
                doc_memos.insert(d.name.clone(), memo);
            }
        }
        let index: HashMap<i64, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let mut hashes = vec![String::new(); documents.len()];
        let mut by_hash: HashMap<String, Vec<usize>> = HashMap::new();
        for (id, _, _, text) in project.document_texts()? {
            if let Some(&i) = index.get(&id) {
                let h = sha256_hex(text.as_bytes());
                by_hash.entry(h.clone()).or_default().push(i);
                hashes[i] = h;
            }
        }
        let guids = Guids::of_project(project)?;
        let by_guid = index
            .iter()
            .map(|(id, i)| (key(&guids.of("doc", id)), *i))
            .collect();
        let code_guids = codes
            .iter()
            .map(|c| (key(&guids.of("code", c.id)), c.path.clone()))
            .collect();
        let case_guids = cases
            .iter()
            .map(|c| (key(&guids.of("case", c.id)), c.name.clone()))
            .collect();
        let codings = project
            .codings(&CodingFilter::default())?
            .into_iter()
            .map(|c| ((c.doc, c.start, c.end, c.code, c.coder), c.memo))
            .collect();
        Ok(Existing {
            project_memo: project.memo(MemoTarget::Project)?,
            codes,
            documents,
            cases,
            code_memos,
            doc_memos,
            by_hash,
            by_guid,
            code_guids,
            case_guids,
            codings,
            hashes,
        })
    }

    /// The existing document a source with GUID `guid` (canonical) and normalised `text`
    /// matches, with how, unless it is in `taken`. `Err` explains a GUID match whose text
    /// differs (the source is then imported as a new document).
    pub(super) fn document_for(
        &self,
        guid: &str,
        text: &str,
        taken: &HashSet<i64>,
    ) -> Result<Option<(&DocSummary, &'static str)>, String> {
        let hash = sha256_hex(text.as_bytes());
        if let Some(&i) = self.by_guid.get(guid) {
            let d = &self.documents[i];
            if self.hashes[i] == hash {
                return Ok((!taken.contains(&d.id)).then_some((d, "guid")));
            }
            return Err(format!(
                "has the GUID of document \"{}\" but another text; imported as a new document",
                d.name
            ));
        }
        Ok(self
            .by_hash
            .get(&hash)
            .into_iter()
            .flatten()
            .map(|&i| &self.documents[i])
            .find(|d| !taken.contains(&d.id))
            .map(|d| (d, "text")))
    }
}

/// The texts of `new` that `before` does not already contain (a memo imported twice is not
/// appended twice).
pub(super) fn new_texts(before: &str, new: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    new.into_iter()
        .filter(|t| {
            let t = t.trim();
            let fresh = !t.is_empty() && !before.contains(t) && !seen.iter().any(|s| s == t);
            if fresh {
                seen.push(t.to_owned());
            }
            fresh
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_texts_already_present_are_dropped() {
        let got = new_texts(
            "first\n\nsecond",
            vec!["second".into(), "third".into(), "third".into(), " ".into()],
        );
        assert_eq!(got, vec!["third".to_owned()]);
    }
}
