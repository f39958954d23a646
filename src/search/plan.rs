//! Turns a parsed [`Query`] into a tantivy query that (a) selects a
//! superset of the matching documents from the n-gram field and (b) ranks
//! them by BM25 over jieba words; plus the collector that gathers every
//! candidate with its score and `doc_id`.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, Term};

use super::query::{Expr, Query};
use super::segment::Segmenter;
use super::text::Pattern;
use super::tokenizer::pattern_terms;

/// Name of the `i64` document-id field.
pub(super) const DOC_ID: &str = "doc_id";

/// Weight of n-gram BM25 scores relative to jieba BM25 scores. n-gram
/// scores rank one-term patterns (e.g. `的`) and patterns without any jieba
/// word; small enough not to override jieba scores where both exist.
const NGRAM_BOOST: Score = 0.01;

/// A candidate set: either every document, or those matching a query.
enum Cand {
    All,
    Some(Box<dyn TQuery>),
}

/// Candidate query for one pattern: its covering n-grams at their relative
/// code-point offsets. Every document containing the pattern contains these
/// terms at these offsets (the tokenizer indexes every n-gram at its
/// code-point position), so this never loses a match.
fn pattern_cand(p: &Pattern, grams: Field) -> Cand {
    let mut terms: Vec<(usize, Term)> = pattern_terms(&p.folded)
        .into_iter()
        .map(|(offset, t)| (offset, Term::from_field_text(grams, &t)))
        .collect();
    match terms.len() {
        0 => Cand::All,
        1 => {
            let (_, term) = terms.remove(0);
            Cand::Some(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)))
        }
        _ => Cand::Some(Box::new(PhraseQuery::new_with_offset(terms))),
    }
}

fn all_of(parts: Vec<Cand>) -> Cand {
    let mut qs: Vec<(Occur, Box<dyn TQuery>)> = parts
        .into_iter()
        .filter_map(|c| match c {
            Cand::All => None,
            Cand::Some(q) => Some((Occur::Must, q)),
        })
        .collect();
    match qs.len() {
        0 => Cand::All,
        1 => Cand::Some(qs.remove(0).1),
        _ => Cand::Some(Box::new(BooleanQuery::new(qs))),
    }
}

fn any_of(parts: Vec<Cand>) -> Cand {
    let mut qs = Vec::with_capacity(parts.len());
    for c in parts {
        match c {
            Cand::All => return Cand::All,
            Cand::Some(q) => qs.push((Occur::Should, q)),
        }
    }
    match qs.len() {
        0 => Cand::All,
        1 => Cand::Some(qs.remove(0).1),
        _ => Cand::Some(Box::new(BooleanQuery::new(qs))),
    }
}

/// Superset of the documents satisfying `e`. `NOT x` maps to "all": the
/// n-gram candidates of `x` may contain false positives, so excluding them
/// could lose true matches; negation is decided by verification instead.
fn expr_cand(e: &Expr, q: &Query, grams: Field) -> Cand {
    match e {
        Expr::Term(i) => pattern_cand(&q.patterns[*i], grams),
        Expr::And(xs) => all_of(xs.iter().map(|x| expr_cand(x, q, grams)).collect()),
        Expr::Or(xs) => any_of(xs.iter().map(|x| expr_cand(x, q, grams)).collect()),
        Expr::Not(_) => Cand::All,
        Expr::Near { left, right, .. } => all_of(vec![
            pattern_cand(&q.patterns[*left], grams),
            pattern_cand(&q.patterns[*right], grams),
        ]),
    }
}

/// Builds the full tantivy query:
///
/// * required: the candidate filter (n-gram field). A one-term pattern's
///   filter is scored (× [`NGRAM_BOOST`]); otherwise it is wrapped in a zero
///   constant score so phrase queries only test for existence instead of
///   counting every phrase occurrence;
/// * optional, BM25: the jieba words of the positive patterns;
/// * only when the patterns yield no jieba word at all (punctuation, …):
///   optional BM25 × [`NGRAM_BOOST`] clauses on the patterns' n-gram terms,
///   so the ranking falls back to the n-gram field. (Scoring n-grams next to
///   jieba words would only break ties but costs a pass over some of the
///   longest posting lists; ties are ordered by `doc_id`.)
///
/// When the expression's candidate set is "all" (e.g. `a OR NOT b`) it is
/// narrowed to documents that may contain a positive pattern: a document
/// without any positive occurrence can produce no hit.
pub(super) fn build(q: &Query, seg: &Segmenter, words: Field, grams: Field) -> Box<dyn TQuery> {
    let positives = q.positive_patterns();
    let cand = match expr_cand(&q.expr, q, grams) {
        Cand::Some(c) => Cand::Some(c),
        Cand::All => any_of(
            positives
                .iter()
                .map(|&i| pattern_cand(&q.patterns[i], grams))
                .collect(),
        ),
    };
    // A one-term pattern's filter is its own n-gram score: no extra clause.
    let single = match q.expr {
        Expr::Term(i) => match pattern_terms(&q.patterns[i].folded).as_slice() {
            [(_, t)] => Some(t.clone()),
            _ => None,
        },
        _ => None,
    };
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = vec![(
        Occur::Must,
        match cand {
            Cand::Some(c) if single.is_some() => Box::new(BoostQuery::new(c, NGRAM_BOOST)),
            Cand::Some(c) => Box::new(ConstScoreQuery::new(c, 0.0)),
            // Unreachable for a parsed query (every pattern has an n-gram).
            Cand::All => Box::new(tantivy::query::AllQuery),
        },
    )];
    let mut seen: Vec<(Field, String)> = single.into_iter().map(|t| (grams, t)).collect();
    let mut should = |field: Field, text: String, boost: Score| {
        if !seen.iter().any(|(f, t)| *f == field && *t == text) {
            let term = TermQuery::new(
                Term::from_field_text(field, &text),
                IndexRecordOption::WithFreqs,
            );
            let q: Box<dyn TQuery> = if boost == 1.0 {
                Box::new(term)
            } else {
                Box::new(BoostQuery::new(Box::new(term), boost))
            };
            clauses.push((Occur::Should, q));
            seen.push((field, text));
        }
    };
    let mut any_word = false;
    for &i in &positives {
        for (_, _, w) in seg.index_words(&q.patterns[i].folded) {
            should(words, w, 1.0);
            any_word = true;
        }
    }
    if !any_word {
        for &i in &positives {
            for (_, g) in pattern_terms(&q.patterns[i].folded) {
                should(grams, g, NGRAM_BOOST);
            }
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// A matching document: BM25 score, application `doc_id`, tantivy address.
pub(super) type ScoredDoc = (Score, i64, DocAddress);

/// [`ScoredDoc`] ordered for a max-heap: higher score first, then lower
/// `doc_id` first.
pub(super) struct Ranked(pub Score, pub i64, pub DocAddress);

impl From<ScoredDoc> for Ranked {
    fn from((score, id, addr): ScoredDoc) -> Ranked {
        Ranked(score, id, addr)
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked {}

/// Collects every matching document with its score and `doc_id` (read from
/// the fast field, so no stored-document access is needed to filter).
pub(super) struct ScoredDocs;

/// Per-segment part of [`ScoredDocs`].
pub(super) struct ScoredSegment {
    ord: SegmentOrdinal,
    ids: Column<i64>,
    out: Vec<ScoredDoc>,
}

impl Collector for ScoredDocs {
    type Fruit = Vec<Ranked>;
    type Child = ScoredSegment;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ScoredSegment> {
        Ok(ScoredSegment {
            ord,
            ids: reader.fast_fields().i64(DOC_ID)?,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<ScoredDoc>>) -> tantivy::Result<Vec<Ranked>> {
        Ok(fruits.into_iter().flatten().map(Ranked::from).collect())
    }
}

impl SegmentCollector for ScoredSegment {
    type Fruit = Vec<ScoredDoc>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(id) = self.ids.first(doc) {
            self.out.push((score, id, DocAddress::new(self.ord, doc)));
        }
    }

    fn harvest(self) -> Vec<ScoredDoc> {
        self.out
    }
}
