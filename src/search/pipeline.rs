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

/// Which text a word-frequency count covers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FreqQuery {
    /// Only documents of this kind.
    pub kind: Option<crate::model::DocKind>,
    /// Only the coded segments of this code and its sub-codes (whole texts when `None`).
    pub code: Option<i64>,
    /// At most this many words, most frequent first.
    pub top: usize,
    /// Leave out one-character words (mostly function words and abbreviations in Chinese).
    pub min_two: bool,
}

/// The most frequent words of the texts `q` selects, segmented with the project dictionary,
/// the default and the project's stop words left out: `(word, count)`, most frequent first.
///
/// # Errors
/// The store failing.
pub fn word_frequencies(
    project: &Project,
    q: &FreqQuery,
) -> Result<Vec<(String, usize)>, crate::store::StoreError> {
    let seg = super::project::project_segmenter(project)?;
    let extra = project.stopwords()?;
    let stop: Vec<&str> = super::DEFAULT_STOPWORDS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .collect();
    let docs: Vec<_> = project
        .document_texts()?
        .into_iter()
        .filter(|d| q.kind.is_none_or(|k| d.2 == k))
        .collect();
    let mut freq = match q.code {
        None => seg.freq(docs.iter().map(|d| d.3.as_str()), &stop),
        Some(code) => {
            let ids = crate::codebook::descendants(&project.codes()?, code);
            let allowed: HashSet<i64> = docs.iter().map(|d| d.0).collect();
            let segments: Vec<String> = project
                .codings(&crate::store::CodingFilter {
                    code_ids: Some(ids),
                    ..crate::store::CodingFilter::default()
                })?
                .into_iter()
                .filter(|c| allowed.contains(&c.doc_id))
                .map(|c| c.text)
                .collect();
            seg.freq(segments.iter().map(String::as_str), &stop)
        }
    };
    if q.min_two {
        freq.retain(|(w, _)| w.chars().count() >= 2);
    }
    freq.truncate(q.top);
    Ok(freq)
}
