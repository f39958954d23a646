//! Suggestions on a project: its documents, codings, dictionary and rejections in; suggestions,
//! the evaluation and the accept command out.

use super::corpus::{Corpus, Progress, Scope, Span};
use super::eval::{CodeEval, EvalReport, evaluate};
use super::logreg::Params;
use super::{ModelInfo, SuggestError, Suggestion, Suggestions, suggest, train_code};
use crate::command::{Command, SuggestAudit};
use crate::search::project::project_segmenter;
use crate::store::{CodingFilter, Project};

/// The id and path of the code at `path` (slashes around it ignored).
pub fn resolve_code(project: &Project, path: &str) -> Result<(i64, String), SuggestError> {
    let codes = project.codes()?;
    crate::codebook::find_code(&codes, path.trim().trim_matches('/'))
        .map(|c| (c.id, c.path.clone()))
        .ok_or_else(|| SuggestError::UnknownCode(path.to_owned()))
}

/// Every document of the project cut by `scope`, with every coding (any coder).
pub fn load_corpus(
    project: &Project,
    scope: Scope,
    progress: &mut dyn FnMut(Progress),
) -> Result<Corpus, SuggestError> {
    let docs = project
        .document_texts()?
        .into_iter()
        .map(|(id, name, _, text)| (id, name, text))
        .collect();
    let spans: Vec<Span> = project
        .codings(&CodingFilter::default())?
        .into_iter()
        .map(|c| Span {
            code_id: c.code_id,
            doc_id: c.doc_id,
            start: c.start,
            end: c.end,
        })
        .collect();
    let segmenter = project_segmenter(project)?;
    Ok(Corpus::build(docs, &spans, segmenter, scope, progress))
}

/// Suggestions for the code at `path`: at most `limit`, best first.
pub fn project_suggest(
    project: &Project,
    path: &str,
    scope: Scope,
    params: &Params,
    limit: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<Suggestions, SuggestError> {
    let (code_id, path) = resolve_code(project, path)?;
    let rejected = project.rejected_suggestions(code_id)?;
    let corpus = load_corpus(project, scope, progress)?;
    suggest(
        &corpus,
        (code_id, &path),
        &rejected,
        params,
        limit,
        progress,
    )
}

/// Suggestions for the code `code_id` and its own evaluation (how far to trust them), from one
/// reading of the project: the suggestions as [`project_suggest`] gives them, the evaluation as
/// [`project_eval`] gives it for this code only (`folds`, `threshold`). What the workbench's
/// suggestions view computes on its background thread.
pub fn code_suggest_eval(
    project: &Project,
    code_id: i64,
    scope: Scope,
    params: &Params,
    limit: usize,
    eval: (usize, f64),
    progress: &mut dyn FnMut(Progress),
) -> Result<(Suggestions, CodeEval), SuggestError> {
    let (folds, threshold) = eval;
    if folds < 2 {
        return Err(SuggestError::Folds(folds));
    }
    let path = project
        .codes()?
        .into_iter()
        .find(|c| c.id == code_id)
        .map(|c| c.path)
        .ok_or_else(|| SuggestError::UnknownCode(format!("#{code_id}")))?;
    let rejected = project.rejected_suggestions(code_id)?;
    let corpus = load_corpus(project, scope, progress)?;
    let report = evaluate(
        &corpus,
        &[(code_id, path.clone(), rejected.clone())],
        params,
        folds,
        threshold,
        progress,
    )?;
    let code_eval = report
        .codes
        .into_iter()
        .next()
        .ok_or_else(|| SuggestError::UnknownCode(path.clone()))?;
    let suggestions = suggest(
        &corpus,
        (code_id, &path),
        &rejected,
        params,
        limit,
        progress,
    )?;
    Ok((suggestions, code_eval))
}

/// The cross-validated evaluation of every code of the project, in codebook order.
pub fn project_eval(
    project: &Project,
    scope: Scope,
    params: &Params,
    folds: usize,
    threshold: f64,
    progress: &mut dyn FnMut(Progress),
) -> Result<EvalReport, SuggestError> {
    if folds < 2 {
        return Err(SuggestError::Folds(folds));
    }
    let mut codes = Vec::new();
    for c in project.codes()? {
        let rejected = project.rejected_suggestions(c.id)?;
        codes.push((c.id, c.path, rejected));
    }
    let corpus = load_corpus(project, scope, progress)?;
    evaluate(&corpus, &codes, params, folds, threshold, progress)
}

/// The command that accepts `suggestion` for code `code_id`, coded by `coder`.
pub fn accept_command(
    suggestion: &Suggestion,
    code_id: i64,
    coder: &str,
    model: &ModelInfo,
) -> Command {
    Command::AcceptSuggestion {
        doc_id: suggestion.doc_id,
        start: suggestion.start,
        end: suggestion.end,
        code_id,
        coder: coder.to_owned(),
        audit: SuggestAudit {
            model_hash: model.hash.clone(),
            training_segments: model.training_segments,
            training_positives: model.training_positives,
            params: model.params.clone(),
            score: suggestion.score,
        },
    }
}

/// The accept command for `[start, end)` of document `doc_id` and the code at `path`: the model
/// is trained as for [`project_suggest`] (same project, same model and hash) and scores the range.
pub fn project_accept(
    project: &Project,
    path: &str,
    range: (i64, usize, usize),
    scope: Scope,
    params: &Params,
    coder: &str,
) -> Result<Command, SuggestError> {
    let (doc_id, start, end) = range;
    let (code_id, path) = resolve_code(project, path)?;
    let rejected = project.rejected_suggestions(code_id)?;
    let corpus = load_corpus(project, scope, &mut |_| {})?;
    let (model, info) = train_code(&corpus, (code_id, &path), &rejected, params)?;
    let text = corpus.text(doc_id, start, end);
    let suggestion = Suggestion {
        doc: corpus.doc_name(doc_id).to_owned(),
        doc_id,
        start,
        end,
        score: model.score(&corpus.vector_of(&text)),
        text,
    };
    Ok(accept_command(&suggestion, code_id, coder, &info))
}
