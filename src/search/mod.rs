//! Chinese word segmentation and full-text search that never misses a
//! substring.
//!
//! # Matching semantics
//!
//! * A CJK term or phrase matches **every exact occurrence** of the string
//!   (substring semantics): `应急` matches inside `应急管理局` even though
//!   jieba makes `应急管理局` one word. Overlapping occurrences all count:
//!   `啊啊` occurs twice in `啊啊啊` (a step-1 substring scan).
//! * Latin letters and digits form *words* ([`text::is_word_char`]); a
//!   pattern edge that is a word character must sit on a word boundary, so
//!   `gis` matches `GIS` and `GIS系统` but not `GISX` or `logis`. Matching
//!   is case-insensitive via a 1:1 per-character fold ([`text::fold_char`])
//!   so offsets are unchanged.
//! * A quoted phrase matches that exact string (whitespace is literal).
//! * The query language (`AND`/`OR`/`NOT`/`-`, parentheses, `NEAR/n`) is
//!   described in [`query`].
//!
//! # Design: n-gram candidates + exact verification = 100 % recall
//!
//! The index has three text fields per document (`doc_id` is an `i64`
//! fast field):
//!
//! * `grams` ([`CharNgramTokenizer`]): every CJK/punctuation character as a
//!   unigram **and** every adjacent pair as a bigram, each at a position equal
//!   to its code-point offset; Latin/digit runs as lower-cased words at the
//!   offset of their first character. Positions are indexed.
//! * `words` ([`JiebaTokenizer`]): jieba words, for BM25 ranking only.
//! * `text`: the stored original text.
//!
//! A search first builds, for each pattern, the n-grams that *must* appear
//! in any document containing it ([`tokenizer::pattern_terms`]): a set of
//! bigrams covering every character (or the unigram of a lone character)
//! and the whole words, at their offsets relative to each other. Because the
//! indexer emits *every* unigram and bigram of the text at its code-point
//! position, any occurrence of the pattern at offset `p` puts each of these
//! terms at `p + offset` — so a phrase query over them matches every
//! document that contains the pattern. No segmentation decision (jieba's or
//! anyone's) sits between the text and the n-grams, which is why a substring
//! that crosses a jieba word boundary cannot be missed. Boolean structure is
//! mapped conservatively (`AND` → all, `OR` → any, `NOT` → no restriction),
//! so the candidate set is always a superset of the true result.
//!
//! The candidates are then **verified**: the stored text of each candidate
//! document (in ranking order, only as many as `limit` needs) is case-folded
//! and scanned for every exact occurrence of each pattern, the full boolean
//! expression (including `NOT` and `NEAR`) is evaluated on those exact
//! occurrences, and hits get exact code-point offsets. Verification removes
//! the n-gram index's only false positives (e.g. a phrase whose whitespace
//! differs, word-boundary subtleties), so precision is exact too.
//!
//! Ranking: BM25 over the jieba words of the positive patterns (OR-ed term
//! queries). When that cannot rank (a single-character pattern such as `的`
//! scores through its n-gram; a pattern without any jieba word such as
//! punctuation scores through its n-gram terms), a small multiple of the
//! n-gram BM25 score is used instead. Remaining ties are ordered by
//! `doc_id`. Documents are taken best-first from a heap, so with a `limit`
//! only the documents needed to fill it are loaded and verified.
//!
//! Cost model: candidate selection is one tantivy query (posting-list
//! intersections, existence-only phrase checks); verification costs one
//! stored-document load plus a Boyer-Moore-Horspool scan per visited
//! document. Unlimited searches for very frequent strings are therefore
//! bounded by the number of matching documents, like any exhaustive search.
//!
//! # Index maintenance
//!
//! [`SearchIndex`] stores a meta file (schema version + dictionary
//! fingerprint, [`Segmenter::fingerprint`]); [`SearchIndex::needs_rebuild`]
//! tells the caller when a dictionary change requires re-indexing, and
//! [`SearchIndex::indexed_ids`] supports incremental sync with the database.

#[cfg(any(test, feature = "bench"))]
pub mod bench;
pub mod index;
pub mod pipeline;
mod plan;
pub mod project;
pub mod query;
pub mod scope;
pub mod segment;
pub mod text;
pub mod tokenizer;
mod verify;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod index_tests;

pub use index::{Hit, SearchIndex};
pub use query::{Query, parse_query};
pub use segment::{DEFAULT_STOPWORDS, DOMAIN_TERMS, DictWord, SegEval, Segmenter, Token};
pub use text::kwic;
pub use tokenizer::{CharNgramTokenizer, JiebaTokenizer};

/// Errors of the search module.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query string is malformed; the message explains how to fix it.
    #[error("invalid search query: {0}")]
    Query(String),
    /// An error reported by tantivy.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A file-system error (index directory, meta file).
    #[error("search index I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// Reading the project's documents failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        SearchError::Index(e.into())
    }
}
