//! Code × code co-occurrence on a project's codings, labelled with code paths.

use super::{ReportError, Scope, code_paths, scoped, segment};
use crate::analysis::{CooccurMatrix, CooccurRule, Segment, cooccurrence};
use crate::store::Project;
use crate::text::paragraphs;
use serde::Serialize;
use std::collections::HashMap;

/// A co-occurrence matrix labelled with code paths.
#[derive(Debug, Serialize)]
pub struct CooccurReport {
    /// Code paths, in matrix order.
    pub codes: Vec<String>,
    /// The matrix (counts, Jaccard, segments per code).
    pub matrix: CooccurMatrix,
}

/// Code × code co-occurrence by `rule` over the codings in `scope`.
pub fn cooccur_report(
    project: &Project,
    rule: &CooccurRule,
    scope: &Scope,
) -> Result<CooccurReport, ReportError> {
    let codings = scoped(project, scope)?;
    let segments: Vec<Segment> = codings.iter().map(segment).collect();
    let texts: HashMap<i64, Vec<(usize, usize)>> = if matches!(rule, CooccurRule::Paragraph) {
        project
            .document_texts()?
            .into_iter()
            .map(|(id, _, _, t)| (id, paragraphs(&t)))
            .collect()
    } else {
        HashMap::new()
    };
    let paras = |doc: i64| texts.get(&doc).cloned().unwrap_or_default();
    let matrix = cooccurrence(&segments, rule, &paras);
    let paths = code_paths(project)?;
    Ok(CooccurReport {
        codes: matrix
            .codes
            .iter()
            .map(|id| paths.get(id).cloned().unwrap_or_default())
            .collect(),
        matrix,
    })
}
