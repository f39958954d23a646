//! Private code suggestions (issue 16): for a code, rank the segments (sentences or paragraphs)
//! nobody coded with it by how likely a coder would apply it, learned offline from the project's
//! own codings — jieba words with the project dictionary plus character 1–3-grams
//! (`features.rs`), an L2-regularized logistic regression of our own (`logreg.rs`: deterministic,
//! no dependency fits sparse text features), segments and labels (`corpus.rs`), and
//! cross-validation grouped by document against a keyword baseline (`eval.rs`). The project side
//! (reading codings and rejections, building the accept command) is `project.rs`. Suggestions
//! never code anything: accepting one is a [`crate::command::Command::AcceptSuggestion`].

pub mod corpus;
pub mod eval;
pub mod features;
pub mod logreg;
mod project;

#[cfg(any(test, feature = "bench"))]
pub mod bench;
#[cfg(test)]
mod tests;

pub use corpus::{Corpus, Progress, Scope, Span};
pub use eval::{CodeEval, EvalReport, Metrics, evaluate};
pub use logreg::{Model, Params};
pub use project::{
    accept_command, code_suggest_eval, load_corpus, project_accept, project_eval, project_suggest,
    resolve_code,
};

use crate::store::{RejectedSuggestion, StoreError};
use serde::Serialize;

/// Errors of suggestions.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    /// Reading the project failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No code has that path.
    #[error("no code {0:?} in the codebook (see `qcw codes`)")]
    UnknownCode(String),
    /// The code has nothing to learn from.
    #[error("code {0} has no codings to learn from: code a few passages first")]
    NothingToLearn(String),
    /// The cross-validation needs at least two folds.
    #[error("cross-validation needs at least 2 folds, not {0}")]
    Folds(usize),
}

/// What a model is and what it was trained on (logged with every accepted suggestion).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInfo {
    /// SHA-256 (16 hex digits) of parameters and weights.
    pub hash: String,
    /// Segments trained on (rejections included).
    pub training_segments: usize,
    /// Of those, segments coded with the code.
    pub training_positives: usize,
    /// Parameters, `key=value` separated by spaces.
    pub params: String,
}

/// One suggested segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The document's name.
    pub doc: String,
    /// The document's id.
    pub doc_id: i64,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The model's probability that a coder would apply the code.
    pub score: f64,
    /// The segment's text.
    pub text: String,
}

/// The suggestions for one code, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestions {
    /// The code's path.
    pub code: String,
    /// The code's id.
    pub code_id: i64,
    /// The model that ranked them.
    pub model: ModelInfo,
    /// Segments, by score descending, then document id and start.
    pub items: Vec<Suggestion>,
}

/// The training examples of a code: segments of coded documents (labelled by overlap with the
/// code's codings) plus rejected suggestions (negative), restricted to documents `keep` accepts.
pub(crate) fn training_set<'c>(
    corpus: &'c Corpus,
    code_id: i64,
    rejected: &'c [(i64, features::Sparse)],
    keep: &dyn Fn(i64) -> bool,
) -> (Vec<&'c features::Sparse>, Vec<bool>) {
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for (i, s) in corpus.segments.iter().enumerate() {
        if corpus.coded_docs.contains(&s.doc_id) && keep(s.doc_id) {
            xs.push(&s.x);
            ys.push(corpus.is_coded(i, code_id));
        }
    }
    for (doc_id, x) in rejected {
        if keep(*doc_id) {
            xs.push(x);
            ys.push(false);
        }
    }
    (xs, ys)
}

/// The feature vectors of a code's rejected suggestions, `(doc_id, vector)`.
pub(crate) fn rejected_vectors(
    corpus: &Corpus,
    rejected: &[RejectedSuggestion],
) -> Vec<(i64, features::Sparse)> {
    rejected
        .iter()
        .map(|r| {
            let text = corpus.text(r.doc_id, r.start, r.end);
            (r.doc_id, corpus.vector_of(&text))
        })
        .collect()
}

/// Trains the model of `code_id` on the whole corpus (coded documents and rejections).
pub fn train_code(
    corpus: &Corpus,
    code: (i64, &str),
    rejected: &[RejectedSuggestion],
    params: &Params,
) -> Result<(Model, ModelInfo), SuggestError> {
    let (code_id, path) = code;
    let negatives = rejected_vectors(corpus, rejected);
    let (xs, ys) = training_set(corpus, code_id, &negatives, &|_| true);
    let positives = ys.iter().filter(|y| **y).count();
    if positives == 0 {
        return Err(SuggestError::NothingToLearn(path.to_owned()));
    }
    let model = Model::train(&xs, &ys, params);
    let info = ModelInfo {
        hash: model.hash(params),
        training_segments: xs.len(),
        training_positives: positives,
        params: params.describe(),
    };
    Ok((model, info))
}

/// Trains the model of `code_id` on the whole corpus and ranks the segments not coded with it
/// and not rejected for it; at most `limit` of them.
pub fn suggest(
    corpus: &Corpus,
    code: (i64, &str),
    rejected: &[RejectedSuggestion],
    params: &Params,
    limit: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<Suggestions, SuggestError> {
    let (code_id, path) = code;
    progress(Progress {
        stage: "training",
        done: 0,
        total: 1,
    });
    let (model, info) = train_code(corpus, code, rejected, params)?;
    let total = corpus.segments.len();
    let rejected_ranges: std::collections::HashSet<(i64, usize, usize)> = rejected
        .iter()
        .map(|r| (r.doc_id, r.start, r.end))
        .collect();
    let mut scored: Vec<(f64, usize)> = Vec::new();
    for (i, s) in corpus.segments.iter().enumerate() {
        if i % 4096 == 0 {
            progress(Progress {
                stage: "scoring",
                done: i,
                total,
            });
        }
        if rejected_ranges.contains(&(s.doc_id, s.start, s.end)) || corpus.is_coded(i, code_id) {
            continue;
        }
        scored.push((model.score(&s.x), i));
    }
    // Score descending; ties by document id, then start (the segments' own order).
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let items = scored
        .into_iter()
        .take(limit)
        .map(|(score, i)| {
            let s = &corpus.segments[i];
            Suggestion {
                doc: corpus.doc_name(s.doc_id).to_owned(),
                doc_id: s.doc_id,
                start: s.start,
                end: s.end,
                score,
                text: corpus.text(s.doc_id, s.start, s.end),
            }
        })
        .collect();
    progress(Progress {
        stage: "scoring",
        done: total,
        total,
    });
    Ok(Suggestions {
        code: path.to_owned(),
        code_id,
        model: info,
        items,
    })
}
