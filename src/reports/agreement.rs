//! Intercoder agreement on a project's codings, labelled with code paths and document names.

use super::{ReportError, Scope, code_paths, scoped, segment};
use crate::analysis::{AgreementOptions, AgreementReport, Segment, agreement};
use crate::store::Project;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// An agreement report labelled with code paths and document names.
#[derive(Debug, Serialize)]
pub struct AgreementSummary {
    /// Code path of each row's `code_id` (`None` for the overall row).
    pub codes: Vec<Option<String>>,
    /// Document names by id, for the disagreements.
    pub documents: HashMap<i64, String>,
    /// The report.
    pub report: AgreementReport,
}

/// Intercoder agreement among `coders` (all coders with codings if empty) over `scope`.
pub fn agreement_report(
    project: &Project,
    coders: &[String],
    scope: &Scope,
    options: &AgreementOptions,
) -> Result<AgreementSummary, ReportError> {
    let codings = scoped(project, scope)?;
    let segments: Vec<Segment> = codings
        .iter()
        .filter(|c| coders.is_empty() || coders.contains(&c.coder))
        .map(segment)
        .collect();
    // Documents that every compared coder worked on (the others are not comparable).
    let mut by_doc: HashMap<i64, HashSet<&str>> = HashMap::new();
    for s in &segments {
        by_doc.entry(s.doc_id).or_default().insert(s.coder.as_str());
    }
    let wanted: HashSet<&str> = if coders.is_empty() {
        segments.iter().map(|s| s.coder.as_str()).collect()
    } else {
        coders.iter().map(String::as_str).collect()
    };
    let shared: HashSet<i64> = by_doc
        .iter()
        .filter(|(_, who)| wanted.iter().all(|w| who.contains(w)))
        .map(|(d, _)| *d)
        .collect();
    if shared.is_empty() {
        return Err(ReportError::Invalid(
            "no document has codings by every one of these coders".into(),
        ));
    }
    let segments: Vec<Segment> = segments
        .into_iter()
        .filter(|s| shared.contains(&s.doc_id))
        .collect();
    let docs = project.documents()?;
    let lengths: Vec<(i64, usize)> = docs
        .iter()
        .filter(|d| shared.contains(&d.id))
        .map(|d| (d.id, d.chars))
        .collect();
    let report =
        agreement(&segments, &lengths, options).map_err(|e| ReportError::Invalid(e.to_string()))?;
    let paths = code_paths(project)?;
    Ok(AgreementSummary {
        codes: report
            .rows
            .iter()
            .map(|r| r.code_id.and_then(|id| paths.get(&id).cloned()))
            .collect(),
        documents: docs
            .into_iter()
            .filter(|d| shared.contains(&d.id))
            .map(|d| (d.id, d.name))
            .collect(),
        report,
    })
}
