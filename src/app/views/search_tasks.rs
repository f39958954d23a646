//! The search view's data and the work it hands to the query worker: the hits of a query in
//! the filtered documents with their concordance context, and every hit widened to a scope for
//! "code all hits".

use crate::app::worker::WorkerCtx;
use crate::search::kwic;
use crate::search::scope::{HitScope, SearchFilter, allowed_docs, hit_ranges};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Most hits listed (all of them are counted, coded and marked up to this many).
pub const HIT_CAP: usize = 5_000;

/// Search hits marked in the reader: per document, `[start, end)` sorted by start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchMarks {
    /// The query the hits answer.
    pub query: String,
    /// Hits by document id.
    pub hits: HashMap<i64, Vec<(usize, usize)>>,
}

/// One listed hit.
#[derive(Debug, Clone, PartialEq)]
pub struct HitRow {
    /// Document id.
    pub doc_id: i64,
    /// Document name.
    pub doc: String,
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
    /// BM25 score of the document.
    pub score: f32,
    /// Context before the match (KWIC).
    pub left: String,
    /// The matched text.
    pub keyword: String,
    /// Context after the match.
    pub right: String,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// The hits, best documents first (at most [`HIT_CAP`]).
    pub rows: Vec<HitRow>,
    /// Whether more hits exist than are listed.
    pub truncated: bool,
    /// Every hit of the query, listed or not.
    pub total: usize,
    /// Distinct documents among the rows.
    pub docs: usize,
    /// Milliseconds the search took (index sync excluded).
    pub millis: f64,
}

/// What was asked.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SearchReq {
    pub(super) query: String,
    pub(super) filter: SearchFilter,
    pub(super) width: usize,
}

/// Every hit of `r` by document, for the reader.
pub(super) fn marks(query: &str, r: &SearchResult) -> Arc<SearchMarks> {
    let mut hits: HashMap<i64, Vec<(usize, usize)>> = HashMap::new();
    for h in &r.rows {
        hits.entry(h.doc_id).or_default().push((h.start, h.end));
    }
    for v in hits.values_mut() {
        v.sort_unstable();
    }
    Arc::new(SearchMarks {
        query: query.to_owned(),
        hits,
    })
}

/// The hits of `req` (at most `limit`), in the filtered documents.
pub(super) fn find_hits(
    w: &mut WorkerCtx,
    req: &SearchReq,
    limit: Option<usize>,
) -> Result<Vec<crate::search::Hit>, String> {
    let (project, index) = w.project_and_index()?;
    let allowed = allowed_docs(project, &req.filter).map_err(|e| e.to_string())?;
    let keep = allowed.as_ref().map(|s| move |id: i64| s.contains(&id));
    index
        .search(
            &req.query,
            keep.as_ref().map(|f| f as &dyn Fn(i64) -> bool),
            limit,
        )
        .map_err(|e| e.to_string())
}

/// How many hits `req` has in the filtered documents.
fn count_hits(w: &mut WorkerCtx, req: &SearchReq) -> Result<usize, String> {
    let (project, index) = w.project_and_index()?;
    let allowed = allowed_docs(project, &req.filter).map_err(|e| e.to_string())?;
    let keep = allowed.as_ref().map(|s| move |id: i64| s.contains(&id));
    index
        .count(&req.query, keep.as_ref().map(|f| f as &dyn Fn(i64) -> bool))
        .map_err(|e| e.to_string())
}

/// Runs a search on the worker.
pub(super) fn run_search(w: &mut WorkerCtx, req: &SearchReq) -> Result<SearchResult, String> {
    w.index()?;
    let started = std::time::Instant::now();
    let hits = find_hits(w, req, Some(HIT_CAP + 1))?;
    let project = w.project()?;
    let truncated = hits.len() > HIT_CAP;
    let wanted: HashSet<i64> = hits.iter().map(|h| h.doc_id).collect();
    let mut texts: HashMap<i64, (String, String)> = HashMap::new();
    for id in &wanted {
        if let Some(t) = project.document_text(*id).map_err(|e| e.to_string())? {
            texts.insert(*id, t);
        }
    }
    let rows: Vec<HitRow> = hits
        .iter()
        .take(HIT_CAP)
        .filter_map(|h| {
            let (name, text) = texts.get(&h.doc_id)?;
            let (left, keyword, right) = kwic(text, h.start, h.end, req.width);
            Some(HitRow {
                doc_id: h.doc_id,
                doc: name.clone(),
                start: h.start,
                end: h.end,
                score: h.score,
                left,
                keyword,
                right,
            })
        })
        .collect();
    let total = if truncated {
        count_hits(w, req)?
    } else {
        rows.len()
    };
    Ok(SearchResult {
        docs: rows.iter().map(|r| r.doc_id).collect::<HashSet<_>>().len(),
        rows,
        truncated,
        total,
        millis: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// What "code all hits" found to code.
pub(super) struct CodeHitsAnswer {
    pub(super) query: String,
    pub(super) hits: usize,
    pub(super) ranges: Vec<(i64, usize, usize)>,
}

/// Every hit of the query (not only the listed ones) widened to `scope`.
pub(super) fn code_hits_task(
    w: &mut WorkerCtx,
    req: &SearchReq,
    scope: HitScope,
) -> Result<CodeHitsAnswer, String> {
    let hits = find_hits(w, req, None)?;
    let project = w.project()?;
    let wanted: HashSet<i64> = hits.iter().map(|h| h.doc_id).collect();
    let mut texts = HashMap::new();
    for id in wanted {
        if let Some((_, t)) = project.document_text(id).map_err(|e| e.to_string())? {
            texts.insert(id, t);
        }
    }
    Ok(CodeHitsAnswer {
        query: req.query.clone(),
        hits: hits.len(),
        ranges: hit_ranges(&hits, &texts, scope),
    })
}
