//! The search view's data and the work it hands to the query worker: the hits of a query in
//! the filtered documents with their concordance context, and every hit widened to a scope for
//! "code all hits".

use crate::app::error::AppError;
use crate::app::worker::WorkerCtx;
use crate::search::pipeline::{KwicLine, concordance, hits_to_code};
use crate::search::scope::{HitScope, SearchFilter, allowed_docs};
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

/// The answer to a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// The hits, best documents first (at most [`HIT_CAP`]).
    pub rows: Vec<KwicLine>,
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

/// The documents `req`'s filters allow (`None`: all).
fn allowed(w: &mut WorkerCtx, req: &SearchReq) -> Result<Option<HashSet<i64>>, AppError> {
    allowed_docs(w.project()?, &req.filter).map_err(AppError::from)
}

/// Runs a search on the worker.
pub(super) fn run_search(w: &mut WorkerCtx, req: &SearchReq) -> Result<SearchResult, AppError> {
    let allowed = allowed(w, req)?;
    w.index()?;
    let started = std::time::Instant::now();
    let (project, index) = w.project_and_index()?;
    let mut rows = concordance(
        project,
        index,
        &req.query,
        allowed.as_ref(),
        req.width,
        Some(HIT_CAP + 1),
    )?;
    let truncated = rows.len() > HIT_CAP;
    rows.truncate(HIT_CAP);
    let total = if truncated {
        index.count(&req.query, allowed.as_ref())?
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
) -> Result<CodeHitsAnswer, AppError> {
    let allowed = allowed(w, req)?;
    let (project, index) = w.project_and_index()?;
    let found = hits_to_code(project, index, &req.query, allowed.as_ref(), scope)?;
    Ok(CodeHitsAnswer {
        query: req.query.clone(),
        hits: found.hits,
        ranges: found.ranges,
    })
}
