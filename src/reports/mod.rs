//! Analyses on a project: they load their inputs from the store, run the pure algorithms of
//! [`crate::analysis`] and label the results with code paths, case and document names. Read-only:
//! nothing here changes a project.
//!
//! | report | on a project | algorithm |
//! |---|---|---|
//! | case × code triangulation matrix | [`matrix`] | (here) |
//! | crisp-set QCA table, truth table, fits | [`qca`] | [`crate::analysis::qca`] |
//! | code co-occurrence | [`cooccur`] | [`crate::analysis::cooccurrence`] |
//! | intercoder agreement | [`agreement`] | [`crate::analysis::agreement`] |
//! | code × attribute crosstab | [`crosstab`] | [`crate::analysis::crosstab`] |
//! | every memo, filtered (the memo browser) | [`memos`] | (here) |
//! | personal data (anonymization audit) | [`pii`] | [`crate::analysis::pii`] |
//! | document × code overview | [`overview`] | (here) |

pub mod agreement;
pub mod cooccur;
pub mod crosstab;
pub mod matrix;
pub mod memos;
pub mod overview;
pub mod pii;
pub mod qca;

pub use agreement::{AgreementSummary, agreement_report};
pub use cooccur::{CooccurReport, cooccur_report};
pub use crosstab::{CrosstabReport, crosstab_in_group, crosstab_report};
pub use matrix::{Cell, Matrix, matrix, matrix_in_group};
pub use memos::{MemoFilter, memo_authors, memos};
pub use overview::{Measure, Overview, OverviewBy, OverviewOptions, overview_report};
pub use pii::{DocHit, pii_report};
pub use qca::{QcaCase, QcaCell, QcaOptions, QcaReport, default_conditions, qca_report};

use crate::analysis::Segment;
use crate::cases::Evidence;
use crate::codebook::descendants;
use crate::model::{Case, Coding};
use crate::store::{CodingFilter, Project, StoreError};
use std::collections::{HashMap, HashSet};

/// Why a report could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The report's parameters cannot give a result.
    #[error("invalid: {0}")]
    Invalid(String),
}

pub(crate) fn segment(c: &Coding) -> Segment {
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
    /// Only documents in this document group (by id).
    pub group_id: Option<i64>,
}

pub(crate) fn scoped(project: &Project, scope: &Scope) -> Result<Vec<Coding>, ReportError> {
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
    let group_docs: Option<HashSet<i64>> = match scope.group_id {
        Some(id) => Some(group_doc_set(project, id)?),
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
                && group_docs.as_ref().is_none_or(|s| s.contains(&c.doc_id))
        })
        .map(|(c, _)| c)
        .collect())
}

/// The documents of group `id`; an unknown group is [`ReportError::NotFound`] naming it.
pub fn group_doc_set(project: &Project, id: i64) -> Result<HashSet<i64>, ReportError> {
    project
        .group_docs(id)?
        .map(|d| d.into_iter().collect())
        .ok_or_else(|| ReportError::NotFound(format!("document group #{id}")))
}

/// The evidence of the whole project, or of one document group's documents (its codings and
/// the cases linked to its documents).
pub fn evidence_in_group(
    project: &Project,
    group_id: Option<i64>,
) -> Result<Evidence, ReportError> {
    let mut ev = Evidence::load(project)?;
    if let Some(id) = group_id {
        let docs = group_doc_set(project, id)?;
        ev.restrict_to_docs(project, &docs)?;
    }
    Ok(ev)
}

/// The cases (classification sheet rows) of one document group: the cases linked to at least
/// one of its documents, each counting only its links to those documents (`None`: every case).
pub fn cases_in_group(project: &Project, group_id: Option<i64>) -> Result<Vec<Case>, ReportError> {
    let cases = project.cases()?;
    let Some(id) = group_id else {
        return Ok(cases);
    };
    let docs = group_doc_set(project, id)?;
    let mut counts: HashMap<i64, (usize, usize)> = HashMap::new();
    for l in project.case_links()? {
        if docs.contains(&l.doc_id) {
            let n = counts.entry(l.case_id).or_default();
            if l.start.is_some() {
                n.1 += 1;
            } else {
                n.0 += 1;
            }
        }
    }
    Ok(cases
        .into_iter()
        .filter_map(|c| {
            let &(documents, segments) = counts.get(&c.id)?;
            Some(Case {
                documents,
                segments,
                ..c
            })
        })
        .collect())
}

/// The codings of one filter (for click-through from a matrix cell or a co-occurrence cell).
pub fn codings_by_ids(project: &Project, ids: &[i64]) -> Result<Vec<Coding>, ReportError> {
    let set: HashSet<i64> = ids.iter().copied().collect();
    Ok(project
        .codings(&CodingFilter::default())?
        .into_iter()
        .filter(|c| set.contains(&c.id))
        .collect())
}

/// Every code's path by id, for labelling a report.
pub(crate) fn code_paths(project: &Project) -> Result<HashMap<i64, String>, StoreError> {
    Ok(project
        .codes()?
        .into_iter()
        .map(|c| (c.id, c.path))
        .collect())
}
