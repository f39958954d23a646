//! Search pipelines shared by the CLI and the GUI: the hits of a query in the allowed documents
//! as concordance lines, and every hit widened to a scope for "code all hits".

use super::scope::{HitScope, hit_ranges};
use super::{Hit, SearchError, SearchIndex, kwic};
use crate::store::Project;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One hit with its document name and concordance (KWIC) context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KwicLine {
    /// Document name.
    pub doc: String,
    /// Document id.
    pub doc_id: i64,
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
    /// BM25 score of the document.
    #[serde(skip)]
    pub score: f32,
    /// Context before the match.
    pub left: String,
    /// The matched text.
    pub keyword: String,
    /// Context after the match.
    pub right: String,
}

/// The texts `(name, text)` of the documents that `hits` fall in.
fn hit_texts(
    project: &Project,
    hits: &[Hit],
) -> Result<HashMap<i64, (String, String)>, SearchError> {
    let wanted: HashSet<i64> = hits.iter().map(|h| h.doc_id).collect();
    let mut texts = HashMap::with_capacity(wanted.len());
    for id in wanted {
        if let Some(t) = project.document_text(id)? {
            texts.insert(id, t);
        }
    }
    Ok(texts)
}

/// The hits of `query` (at most `limit`) in the `allowed` documents (all when `None`), best
/// documents first, each with `width` characters of context on either side.
///
/// # Errors
/// A malformed query, the index or the store failing.
pub fn concordance(
    project: &Project,
    index: &SearchIndex,
    query: &str,
    allowed: Option<&HashSet<i64>>,
    width: usize,
    limit: Option<usize>,
) -> Result<Vec<KwicLine>, SearchError> {
    let hits = index.search(query, allowed, limit)?;
    let texts = hit_texts(project, &hits)?;
    Ok(hits
        .iter()
        .filter_map(|h| {
            let (name, text) = texts.get(&h.doc_id)?;
            let (left, keyword, right) = kwic(text, h.start, h.end, width);
            Some(KwicLine {
                doc: name.clone(),
                doc_id: h.doc_id,
                start: h.start,
                end: h.end,
                score: h.score,
                left,
                keyword,
                right,
            })
        })
        .collect())
}

/// What coding every hit of a query would code.
#[derive(Debug, Clone, PartialEq)]
pub struct HitsToCode {
    /// The number of hits.
    pub hits: usize,
    /// The distinct ranges `(doc_id, start, end)` covering every hit widened to the scope.
    pub ranges: Vec<(i64, usize, usize)>,
}

/// Every hit of `query` in the `allowed` documents (not only a listed first page), widened to
/// `scope`: the ranges "code all hits" codes (see [`super::scope::code_ranges_command`]).
///
/// # Errors
/// A malformed query, the index or the store failing.
pub fn hits_to_code(
    project: &Project,
    index: &SearchIndex,
    query: &str,
    allowed: Option<&HashSet<i64>>,
    scope: HitScope,
) -> Result<HitsToCode, SearchError> {
    let hits = index.search(query, allowed, None)?;
    let texts: HashMap<i64, String> = hit_texts(project, &hits)?
        .into_iter()
        .map(|(id, (_, text))| (id, text))
        .collect();
    Ok(HitsToCode {
        hits: hits.len(),
        ranges: hit_ranges(&hits, &texts, scope),
    })
}
