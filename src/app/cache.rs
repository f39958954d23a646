//! The cached snapshot of the project that panels read every frame. It is refreshed from the
//! project (through `Project`'s query methods, never SQL) when the project's revision changes or
//! the view asks for other data, never per frame. While a background job holds the project, the
//! panels keep showing this snapshot.

use super::state::ViewState;
use crate::codebook::descendants;
use crate::model::{Case, CaseLink, Code, Coding, DocKind, DocSummary, LogEntry, MemoTarget};
use crate::store::{CodingFilter, Project, StoreError, Touched};
use crate::text::CharIndex;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Characters of context shown on each side of a retrieved segment.
pub const CONTEXT_CHARS: usize = 24;

/// The document shown in the reader.
#[derive(Debug, Clone)]
pub struct DocData {
    /// Document id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: DocKind,
    /// The text (changed after import only by redaction).
    pub text: Arc<str>,
    /// Changes whenever `text` does (keys the reader's layout).
    pub text_stamp: u64,
    /// Length in code points.
    pub chars: usize,
    /// Its codings (all coders), by start.
    pub codings: Vec<Coding>,
    /// Changes whenever `codings` or the codebook is reloaded (keys the reader's highlight cache).
    pub stamp: u64,
}

/// One row of the retrieval list.
#[derive(Debug, Clone)]
pub struct RetrievalRow {
    /// The coding.
    pub coding: Coding,
    /// Kind of its document.
    pub kind: DocKind,
    /// Up to [`CONTEXT_CHARS`] characters before the segment.
    pub before: String,
    /// Up to [`CONTEXT_CHARS`] characters after the segment.
    pub after: String,
}

/// What to reload.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dirty {
    /// The document list.
    pub docs: bool,
    /// The codebook with its counts.
    pub codes: bool,
    /// The coders (a coder's first coding added, or codings removed).
    pub coders: bool,
    /// Cases and their links.
    pub cases: bool,
    /// Project, document and code memos.
    pub memos: bool,
    /// Undo and redo labels.
    pub history: bool,
    /// The reader's document: text and codings (another document, or its text changed).
    pub doc: bool,
    /// Only the codings of the reader's document (its text stays).
    pub doc_codings: bool,
    /// The retrieval list.
    pub retrieval: bool,
    /// The audit trail (loaded only while the Log tab is open).
    pub log: bool,
}

impl Dirty {
    /// Everything.
    pub const ALL: Dirty = Dirty {
        docs: true,
        codes: true,
        coders: true,
        cases: true,
        memos: true,
        history: true,
        doc: true,
        doc_codings: true,
        retrieval: true,
        log: true,
    };

    /// Whether anything is to be reloaded.
    pub fn any(self) -> bool {
        self != Dirty::default()
    }

    /// Both: what either names.
    pub fn or(self, o: Dirty) -> Dirty {
        Dirty {
            docs: self.docs || o.docs,
            codes: self.codes || o.codes,
            coders: self.coders || o.coders,
            cases: self.cases || o.cases,
            memos: self.memos || o.memos,
            history: self.history || o.history,
            doc: self.doc || o.doc,
            doc_codings: self.doc_codings || o.doc_codings,
            retrieval: self.retrieval || o.retrieval,
            log: self.log || o.log,
        }
    }

    /// What to reload after commands touched `t`, for `view` over the snapshot `cache`: a
    /// coding reloads the codebook counts and the reader's codings, never a document text.
    pub fn after(t: &Touched, view: &ViewState, cache: &Cache) -> Dirty {
        if t.all {
            return Dirty::ALL;
        }
        if t.is_empty() {
            return Dirty::default();
        }
        let coded = !t.coded_docs.is_empty();
        let shown = |d: Option<i64>, set: &std::collections::BTreeSet<i64>| {
            d.is_some_and(|d| set.contains(&d))
        };
        let retrieval = view.code.is_some_and(|code| {
            t.codes
                || t.documents
                || !t.texts.is_empty()
                || descendants(&cache.codes, code)
                    .iter()
                    .any(|c| t.coded_codes.contains(c))
        });
        Dirty {
            // Codings on the reader's document update its count in the list from the reloaded
            // codings; codings on any other document reload the list.
            docs: t.documents
                || t.groups
                || !t.texts.is_empty()
                || t.coded_docs.iter().any(|&d| Some(d) != view.doc),
            codes: t.codes || coded,
            // (A coding by a coder already listed leaves the list as it is.)
            coders: t.codings_removed || t.coders.iter().any(|c| !cache.coders.contains(c)),
            cases: t.cases,
            memos: t.memos,
            history: true,
            doc: shown(view.doc, &t.texts),
            doc_codings: t.codes || shown(view.doc, &t.coded_docs),
            retrieval,
            log: true,
        }
    }
}

/// How often each part of the snapshot was loaded (tests check that a coding does not reload
/// texts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loads {
    /// Document lists.
    pub docs: u64,
    /// Codebooks.
    pub codes: u64,
    /// Reader document texts.
    pub texts: u64,
    /// Reader coding lists.
    pub doc_codings: u64,
    /// Retrieval lists.
    pub retrieval: u64,
}

/// The snapshot panels read.
#[derive(Debug, Default)]
pub struct Cache {
    /// The project file.
    pub path: Option<PathBuf>,
    /// A team project's status (online, waiting commands, who works where).
    pub team: Option<super::team_live::TeamStatus>,
    /// All documents, by name.
    pub docs: Vec<DocSummary>,
    /// Document groups (sets) by name, with their documents.
    pub groups: Vec<crate::model::DocGroup>,
    /// The codebook in tree order.
    pub codes: Vec<Code>,
    /// Codings per code including its sub-codes.
    pub totals: HashMap<i64, usize>,
    /// Distinct coder names.
    pub coders: Vec<String>,
    /// The cases with their attributes, by name.
    pub cases: Vec<Case>,
    /// Every link of a case to a document or a segment.
    pub case_links: Vec<CaseLink>,
    /// Labels of what undo and redo would do.
    pub undo_label: Option<String>,
    /// See `undo_label`.
    pub redo_label: Option<String>,
    /// The audit trail, newest first.
    pub log: Vec<LogEntry>,
    /// The project memo.
    pub project_memo: String,
    /// The memo of the reader's document.
    pub doc_memo: String,
    /// The memo of the selected code.
    pub code_memo: String,
    /// The reader's document.
    pub doc: Option<DocData>,
    /// Coded segments of the selected code (and sub-codes), filtered.
    pub retrieval: Vec<RetrievalRow>,
    /// The coder a blinded copy belongs to (`qcw team split`), read when the project opens.
    pub blind_coder: Option<String>,
    /// How often each part was loaded.
    pub loads: Loads,
    stamp: u64,
}

impl Cache {
    /// An empty snapshot (no project).
    pub fn clear(&mut self) {
        let stamp = self.stamp;
        *self = Cache::default();
        self.stamp = stamp + 1;
    }

    /// The code with this id.
    pub fn code(&self, id: i64) -> Option<&Code> {
        self.codes.iter().find(|c| c.id == id)
    }

    /// The document summary with this id.
    pub fn doc_summary(&self, id: i64) -> Option<&DocSummary> {
        self.docs.iter().find(|d| d.id == id)
    }

    /// A coding of the reader's document, or of the retrieval list.
    pub fn coding(&self, id: i64) -> Option<&Coding> {
        self.doc
            .iter()
            .flat_map(|d| d.codings.iter())
            .chain(self.retrieval.iter().map(|r| &r.coding))
            .find(|c| c.id == id)
    }

    /// Reloads what `dirty` names for `view`.
    pub fn refresh(
        &mut self,
        project: &Project,
        view: &ViewState,
        dirty: Dirty,
    ) -> Result<(), StoreError> {
        self.path = Some(project.path().to_owned());
        if dirty.docs {
            self.docs = project.documents()?;
            self.groups = project.groups()?;
            self.loads.docs += 1;
        }
        if dirty.codes {
            self.codes = project.codes()?;
            self.totals = totals(&self.codes);
            self.loads.codes += 1;
        }
        if dirty.coders {
            self.coders = project.coders()?;
        }
        if dirty.cases {
            self.cases = project.cases()?;
            self.case_links = project.case_links()?;
        }
        if dirty.history {
            // In a shared project undo is per coder (see `Project::undo_scope`).
            let scope = project.undo_scope()?;
            (self.undo_label, self.redo_label) = project.undo_redo_labels_by(scope.as_deref())?;
        }
        if dirty.log {
            self.log = project.log()?;
            self.log.reverse();
        }
        if dirty.doc {
            self.refresh_doc(project, view)?;
        } else if dirty.doc_codings {
            self.refresh_doc_codings(project)?;
        }
        if dirty.retrieval {
            self.refresh_retrieval(project, view)?;
        }
        if dirty.memos || dirty.doc || dirty.retrieval {
            self.project_memo = project.memo(MemoTarget::Project)?;
            self.doc_memo = match &self.doc {
                Some(d) => project.memo(MemoTarget::Document(d.id))?,
                None => String::new(),
            };
            self.code_memo = match view.code {
                Some(id) => project.memo(MemoTarget::Code(id))?,
                None => String::new(),
            };
        }
        Ok(())
    }

    /// Reloads the codings of the reader's document, keeping its text.
    fn refresh_doc_codings(&mut self, project: &Project) -> Result<(), StoreError> {
        let Some(doc) = self.doc.as_mut() else {
            return Ok(());
        };
        self.stamp += 1;
        doc.codings = project.codings(&CodingFilter {
            doc_id: Some(doc.id),
            ..CodingFilter::default()
        })?;
        doc.stamp = self.stamp;
        self.loads.doc_codings += 1;
        if let Some(d) = self.docs.iter_mut().find(|d| d.id == doc.id) {
            d.codings = doc.codings.len();
        }
        Ok(())
    }

    fn refresh_doc(&mut self, project: &Project, view: &ViewState) -> Result<(), StoreError> {
        self.stamp += 1;
        let Some(doc_id) = view.doc else {
            self.doc = None;
            return Ok(());
        };
        self.loads.texts += 1;
        self.loads.doc_codings += 1;
        let Some((name, text)) = project.document_text(doc_id)? else {
            self.doc = None;
            return Ok(());
        };
        let codings = project.codings(&CodingFilter {
            doc_id: Some(doc_id),
            ..CodingFilter::default()
        })?;
        let kind = self
            .doc_summary(doc_id)
            .map_or(DocKind::Document, |d| d.kind);
        // The text changes only by redaction: keep the shared copy (and its layout) otherwise.
        let (text, text_stamp) = match &self.doc {
            Some(d) if d.id == doc_id && *d.text == *text => (Arc::clone(&d.text), d.text_stamp),
            _ => (Arc::from(text), self.stamp),
        };
        self.doc = Some(DocData {
            id: doc_id,
            name,
            kind,
            chars: text.chars().count(),
            text,
            text_stamp,
            codings,
            stamp: self.stamp,
        });
        Ok(())
    }

    fn refresh_retrieval(&mut self, project: &Project, view: &ViewState) -> Result<(), StoreError> {
        self.retrieval.clear();
        self.loads.retrieval += 1;
        let Some(code_id) = view.code else {
            return Ok(());
        };
        if self.code(code_id).is_none() {
            return Ok(());
        }
        let codings = project.codings(&CodingFilter {
            code_ids: Some(descendants(&self.codes, code_id)),
            coder: view.retrieval_coder.clone(),
            group_id: view.retrieval_group,
            ..CodingFilter::default()
        })?;
        let kinds: HashMap<i64, DocKind> = self.docs.iter().map(|d| (d.id, d.kind)).collect();
        let kind_of = |id: i64| kinds.get(&id).copied().unwrap_or(DocKind::Document);
        let codings: Vec<Coding> = codings
            .into_iter()
            .filter(|c| view.retrieval_kind.is_none_or(|k| k == kind_of(c.doc_id)))
            .collect();
        self.retrieval = rows_with_context(project, codings, kind_of)?;
        Ok(())
    }
}

/// Codings per code including its sub-codes.
fn totals(codes: &[Code]) -> HashMap<i64, usize> {
    // Children follow their parents in tree order: add each code's total to its parent's,
    // deepest first (linear instead of descendants per code).
    let mut totals: HashMap<i64, usize> = codes.iter().map(|c| (c.id, c.count)).collect();
    for c in codes.iter().rev() {
        if let Some(parent) = c.parent_id {
            let own = totals.get(&c.id).copied().unwrap_or(0);
            *totals.entry(parent).or_default() += own;
        }
    }
    totals
}

/// Retrieval rows for `codings`: each with its document's kind and its context.
pub fn rows_with_context(
    project: &Project,
    codings: Vec<Coding>,
    kind_of: impl Fn(i64) -> DocKind,
) -> Result<Vec<RetrievalRow>, StoreError> {
    let mut texts: HashMap<i64, (String, CharIndex)> = HashMap::new();
    let mut rows = Vec::with_capacity(codings.len());
    for coding in codings {
        if let std::collections::hash_map::Entry::Vacant(e) = texts.entry(coding.doc_id) {
            let text = project
                .document_text(coding.doc_id)?
                .map(|(_, t)| t)
                .unwrap_or_default();
            let idx = CharIndex::new(&text);
            e.insert((text, idx));
        }
        let (text, idx) = &texts[&coding.doc_id];
        let (before, after) = context(text, idx, coding.start, coding.end);
        rows.push(RetrievalRow {
            kind: kind_of(coding.doc_id),
            coding,
            before,
            after,
        });
    }
    Ok(rows)
}

/// Up to [`CONTEXT_CHARS`] characters on each side of `[start, end)`, on one line.
fn context(text: &str, idx: &CharIndex, start: usize, end: usize) -> (String, String) {
    let from = start.saturating_sub(CONTEXT_CHARS);
    let to = (end + CONTEXT_CHARS).min(idx.len());
    let one_line = |s: &str| s.replace('\n', " ¶ ");
    (
        one_line(&text[idx.byte(from)..idx.byte(start)]),
        one_line(&text[idx.byte(end)..idx.byte(to)]),
    )
}
