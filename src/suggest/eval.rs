//! How far to trust the suggestions of each code: cross-validation grouped by document (no
//! document is in a training and a test fold at once) on the coded documents' segments, the
//! model's precision, recall, F1 and Cohen's κ against the human coding at the threshold, next to
//! a keyword baseline (a segment is positive when it contains one of the code's most distinctive
//! words in the training folds).

use super::corpus::{Corpus, Progress, Scope};
use super::logreg::{Model, Params};
use super::{SuggestError, rejected_vectors, training_set};
use crate::search::DEFAULT_STOPWORDS;
use crate::store::RejectedSuggestion;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Words in the keyword baseline.
pub const BASELINE_WORDS: usize = 10;

/// Agreement of predictions with the human coding, segment by segment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Predicted and coded.
    pub tp: usize,
    /// Predicted, not coded.
    pub fp: usize,
    /// Coded, not predicted.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Neither.
    pub tn: usize,
    /// tp / (tp + fp); 0 when nothing is predicted.
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Cohen's κ between prediction and human coding.
    pub kappa: f64,
}

impl Metrics {
    /// The metrics of a confusion matrix.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize, tn: usize) -> Metrics {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        let n = (tp + fp + fn_ + tn) as f64;
        let kappa = if n == 0.0 {
            0.0
        } else {
            let po = (tp + tn) as f64 / n;
            let pe = ((tp + fp) as f64 * (tp + fn_) as f64 + (fn_ + tn) as f64 * (fp + tn) as f64)
                / (n * n);
            if pe >= 1.0 {
                if po >= 1.0 { 1.0 } else { 0.0 }
            } else {
                (po - pe) / (1.0 - pe)
            }
        };
        Metrics {
            tp,
            fp,
            fn_,
            tn,
            precision,
            recall,
            f1,
            kappa,
        }
    }
}

/// The evaluation of one code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeEval {
    /// The code's path.
    pub code: String,
    /// The code's id.
    pub code_id: i64,
    /// Segments coded with it.
    pub positives: usize,
    /// Documents with such segments.
    pub documents: usize,
    /// The model (`None`: too few documents to cross-validate).
    pub model: Option<Metrics>,
    /// The keyword baseline.
    pub baseline: Option<Metrics>,
    /// The baseline's words in the last fold (for a look at what it keys on).
    pub baseline_words: Vec<String>,
    /// Why there are no figures, if there are none.
    pub note: Option<String>,
}

/// The evaluation of every code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Folds asked for.
    pub folds: usize,
    /// Segment scope.
    pub scope: Scope,
    /// Score at and above which the model predicts "coded".
    pub threshold: f64,
    /// Segments of coded documents (the evaluation set).
    pub segments: usize,
    /// Coded documents.
    pub coded_documents: usize,
    /// Model parameters.
    pub params: String,
    /// Per code, in codebook order.
    pub codes: Vec<CodeEval>,
}

/// The baseline's words: content words (not stop words) in at least two positive training
/// segments and right at least half the time as a rule (most segments containing them are
/// coded), by smoothed odds ratio of positive vs negative segments containing them.
fn baseline_words(corpus: &Corpus, train: &[usize], ys: &[bool]) -> Vec<u32> {
    let stop: HashSet<&str> = DEFAULT_STOPWORDS.iter().copied().collect();
    let mut pos: HashMap<u32, usize> = HashMap::new();
    let mut neg: HashMap<u32, usize> = HashMap::new();
    let (mut npos, mut nneg) = (0usize, 0usize);
    for (&i, &y) in train.iter().zip(ys) {
        let (counts, n) = if y {
            (&mut pos, &mut npos)
        } else {
            (&mut neg, &mut nneg)
        };
        *n += 1;
        for &w in &corpus.segments[i].words {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut scored: Vec<(f64, &str, u32, bool)> = pos
        .iter()
        .filter(|(w, c)| **c >= 2 && !stop.contains(corpus.vocab[**w as usize].as_str()))
        .map(|(&w, &c)| {
            let n = neg.get(&w).copied().unwrap_or(0);
            let p = (c as f64 + 0.5) / (npos as f64 + 1.0);
            let q = (n as f64 + 0.5) / (nneg as f64 + 1.0);
            (p / q, corpus.vocab[w as usize].as_str(), w, c >= n)
        })
        .filter(|s| s.0 > 1.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let rules: Vec<u32> = scored
        .iter()
        .filter(|s| s.3)
        .take(BASELINE_WORDS)
        .map(|s| s.2)
        .collect();
    if rules.is_empty() {
        // No word is right half the time: the single most distinctive one.
        scored.first().map(|s| s.2).into_iter().collect()
    } else {
        rules
    }
}

/// Documents into `k` folds: documents with the code's codings dealt first, round robin in id
/// order, then the others, so every fold gets some positives.
fn folds_of(corpus: &Corpus, code_id: i64, k: usize) -> HashMap<i64, usize> {
    let mut with: BTreeSet<i64> = BTreeSet::new();
    for i in 0..corpus.segments.len() {
        if corpus.is_coded(i, code_id) {
            with.insert(corpus.segments[i].doc_id);
        }
    }
    let without = corpus.coded_docs.iter().filter(|d| !with.contains(d));
    with.iter()
        .chain(without)
        .enumerate()
        .map(|(n, &d)| (d, n % k))
        .collect()
}

/// Cross-validates one code.
fn evaluate_code(
    corpus: &Corpus,
    code: (i64, &str),
    rejected: &[RejectedSuggestion],
    params: &Params,
    k: usize,
    threshold: f64,
) -> CodeEval {
    let (code_id, path) = code;
    let (positives, documents) = corpus.coded_counts(code_id);
    let mut out = CodeEval {
        code: path.to_owned(),
        code_id,
        positives,
        documents,
        model: None,
        baseline: None,
        baseline_words: Vec::new(),
        note: None,
    };
    if documents < 2 {
        out.note = Some("coded in fewer than 2 documents: no cross-validation".into());
        return out;
    }
    let fold = folds_of(corpus, code_id, k);
    let negatives = rejected_vectors(corpus, rejected);
    let (mut m, mut b) = ([0usize; 4], [0usize; 4]);
    for f in 0..k {
        let in_train = |d: i64| fold.get(&d).is_some_and(|g| *g != f);
        let (xs, ys) = training_set(corpus, code_id, &negatives, &in_train);
        if !ys.iter().any(|y| *y) {
            continue;
        }
        let model = Model::train(&xs, &ys, params);
        let train: Vec<usize> = (0..corpus.segments.len())
            .filter(|&i| {
                let d = corpus.segments[i].doc_id;
                corpus.coded_docs.contains(&d) && in_train(d)
            })
            .collect();
        let words = baseline_words(corpus, &train, &ys[..train.len()]);
        let word_set: HashSet<u32> = words.iter().copied().collect();
        out.baseline_words = words
            .iter()
            .map(|w| corpus.vocab[*w as usize].clone())
            .collect();
        for (i, s) in corpus.segments.iter().enumerate() {
            if fold.get(&s.doc_id) != Some(&f) {
                continue;
            }
            let truth = corpus.is_coded(i, code_id);
            let cell = |pred: bool| match (pred, truth) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            m[cell(model.score(&s.x) >= threshold)] += 1;
            b[cell(s.words.iter().any(|w| word_set.contains(w)))] += 1;
        }
    }
    out.model = Some(Metrics::from_counts(m[0], m[1], m[2], m[3]));
    out.baseline = Some(Metrics::from_counts(b[0], b[1], b[2], b[3]));
    out
}

/// Cross-validates every code of `codes` (`(id, path, rejected suggestions)`).
pub fn evaluate(
    corpus: &Corpus,
    codes: &[(i64, String, Vec<RejectedSuggestion>)],
    params: &Params,
    folds: usize,
    threshold: f64,
    progress: &mut dyn FnMut(Progress),
) -> Result<EvalReport, SuggestError> {
    if folds < 2 {
        return Err(SuggestError::Folds(folds));
    }
    let k = folds.min(corpus.coded_docs.len().max(2));
    let mut out = Vec::new();
    for (n, (id, path, rejected)) in codes.iter().enumerate() {
        progress(Progress {
            stage: "evaluating",
            done: n,
            total: codes.len(),
        });
        out.push(evaluate_code(
            corpus,
            (*id, path),
            rejected,
            params,
            k,
            threshold,
        ));
    }
    progress(Progress {
        stage: "evaluating",
        done: codes.len(),
        total: codes.len(),
    });
    let segments = corpus
        .segments
        .iter()
        .filter(|s| corpus.coded_docs.contains(&s.doc_id))
        .count();
    Ok(EvalReport {
        folds: k,
        scope: corpus.scope,
        threshold,
        segments,
        coded_documents: corpus.coded_docs.len(),
        params: params.describe(),
        codes: out,
    })
}

#[cfg(test)]
mod tests {
    use super::Metrics;

    #[test]
    fn metrics_of_a_confusion_matrix() {
        // 20 segments: 8 tp, 2 fp, 2 fn, 8 tn → P = R = 0.8, κ = 0.6.
        let m = Metrics::from_counts(8, 2, 2, 8);
        assert!((m.precision - 0.8).abs() < 1e-12);
        assert!((m.recall - 0.8).abs() < 1e-12);
        assert!((m.f1 - 0.8).abs() < 1e-12);
        assert!((m.kappa - 0.6).abs() < 1e-12);
        let none = Metrics::from_counts(0, 0, 5, 15);
        assert_eq!((none.precision, none.recall, none.f1), (0.0, 0.0, 0.0));
        assert!(none.kappa.abs() < 1e-12);
    }
}
