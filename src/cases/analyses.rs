//! Project-level analyses: co-occurrence, intercoder agreement and crosstabs, loading their inputs
//! from the store and labelling their outputs with code paths and document names.

use super::Evidence;
use crate::analysis::{
    AgreementOptions, AgreementReport, CooccurMatrix, CooccurRule, Crosstab, Segment, agreement,
    cooccurrence, crosstab,
};
use crate::coding::descendants;
use crate::command::CommandError;
use crate::model::Coding;
use crate::store::{CodingFilter, Project};
use crate::text::paragraphs;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

fn segment(c: &Coding) -> Segment {
    Segment {
        id: c.id,
        doc_id: c.doc_id,
        code_id: c.code_id,
        coder: c.coder.clone(),
        start: c.start,
        end: c.end,
    }
}

/// Which codings enter an analysis.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Only this coder.
    pub coder: Option<String>,
    /// Only codings that belong to this case (by id).
    pub case_id: Option<i64>,
    /// Only this document.
    pub doc_id: Option<i64>,
    /// Only these codes (a code and its sub-codes).
    pub code_ids: Option<Vec<i64>>,
    /// Only documents with this attribute value.
    pub doc_attr: Option<(String, String)>,
}

fn scoped(project: &Project, scope: &Scope) -> Result<Vec<Coding>, CommandError> {
    let ev = Evidence::load(project)?;
    let allowed_docs: Option<HashSet<i64>> = match &scope.doc_attr {
        Some((k, v)) => Some(
            project
                .documents()?
                .into_iter()
                .filter(|d| d.attributes.get(k) == Some(v))
                .map(|d| d.id)
                .collect(),
        ),
        None => None,
    };
    let codes: Option<HashSet<i64>> = scope.code_ids.as_ref().map(|ids| {
        ids.iter()
            .flat_map(|&id| descendants(&ev.codes, id))
            .collect()
    });
    Ok(ev
        .codings
        .into_iter()
        .zip(ev.coding_cases)
        .filter(|(c, cases)| {
            scope.coder.as_ref().is_none_or(|w| &c.coder == w)
                && scope.case_id.is_none_or(|id| cases.contains(&id))
                && scope.doc_id.is_none_or(|id| c.doc_id == id)
                && codes.as_ref().is_none_or(|s| s.contains(&c.code_id))
                && allowed_docs.as_ref().is_none_or(|s| s.contains(&c.doc_id))
        })
        .map(|(c, _)| c)
        .collect())
}

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
) -> Result<CooccurReport, CommandError> {
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
    let paths: HashMap<i64, String> = project
        .codes()?
        .into_iter()
        .map(|c| (c.id, c.path))
        .collect();
    Ok(CooccurReport {
        codes: matrix
            .codes
            .iter()
            .map(|id| paths.get(id).cloned().unwrap_or_default())
            .collect(),
        matrix,
    })
}

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
) -> Result<AgreementSummary, CommandError> {
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
        return Err(CommandError::Invalid(
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
    let report = agreement(&segments, &lengths, options)
        .map_err(|e| CommandError::Invalid(e.to_string()))?;
    let paths: HashMap<i64, String> = project
        .codes()?
        .into_iter()
        .map(|c| (c.id, c.path))
        .collect();
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

/// A crosstab labelled with code paths.
#[derive(Debug, Serialize)]
pub struct CrosstabReport {
    /// The attribute the columns are values of.
    pub attribute: String,
    /// `case` or `document`.
    pub by: String,
    /// Code paths of the rows.
    pub codes: Vec<String>,
    /// The table.
    pub table: Crosstab,
}

/// Code × attribute-value crosstab: one entry per coding, by the attribute of its document
/// (`by_case == false`) or of each case it belongs to.
pub fn crosstab_report(
    project: &Project,
    attribute: &str,
    by_case: bool,
) -> Result<CrosstabReport, CommandError> {
    let ev = Evidence::load(project)?;
    let mut items = Vec::new();
    if by_case {
        let values: HashMap<i64, String> = ev
            .cases
            .iter()
            .filter_map(|c| c.attributes.get(attribute).map(|v| (c.id, v.clone())))
            .collect();
        for (c, cases) in ev.codings.iter().zip(&ev.coding_cases) {
            for case in cases {
                if let Some(v) = values.get(case) {
                    items.push((c.code_id, v.clone()));
                }
            }
        }
    } else {
        let docs: HashMap<i64, String> = project
            .documents()?
            .into_iter()
            .filter_map(|d| {
                let v = if attribute == "kind" {
                    Some(d.kind.as_str().to_owned())
                } else {
                    d.attributes.get(attribute).cloned()
                };
                v.map(|v| (d.id, v))
            })
            .collect();
        for c in &ev.codings {
            if let Some(v) = docs.get(&c.doc_id) {
                items.push((c.code_id, v.clone()));
            }
        }
    }
    let table = crosstab(&items);
    let paths: HashMap<i64, String> = ev.codes.iter().map(|c| (c.id, c.path.clone())).collect();
    Ok(CrosstabReport {
        attribute: attribute.to_owned(),
        by: if by_case { "case" } else { "document" }.to_owned(),
        codes: table
            .codes
            .iter()
            .map(|id| paths.get(id).cloned().unwrap_or_default())
            .collect(),
        table,
    })
}

/// The codings of one filter (for click-through from a matrix cell or a co-occurrence cell).
pub fn codings_by_ids(project: &Project, ids: &[i64]) -> Result<Vec<Coding>, CommandError> {
    let set: HashSet<i64> = ids.iter().copied().collect();
    Ok(project
        .codings(&CodingFilter::default())?
        .into_iter()
        .filter(|c| set.contains(&c.id))
        .collect())
}
