//! The case × code triangulation matrix: codings, documents and source types per cell.

use super::ReportError;
use crate::cases::Evidence;
use crate::model::{Code, DocKind};
use crate::store::{Project, StoreError};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The evidence of one case for one code (the code and its sub-codes).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cell {
    /// Number of codings.
    pub codings: usize,
    /// Number of distinct documents.
    pub documents: usize,
    /// Source types that support it, sorted.
    pub source_types: Vec<DocKind>,
    /// Whether at least `min_source_types` source types support it.
    pub triangulated: bool,
    /// Ids of the codings (for click-through to the quotes).
    pub coding_ids: Vec<i64>,
    /// The cell memo, if any.
    pub memo: String,
}

/// The case × code evidence matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    /// Row headers.
    pub cases: Vec<String>,
    /// Column headers (code paths).
    pub codes: Vec<String>,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<Cell>>,
    /// How many source types make a cell triangulated.
    pub min_source_types: usize,
}

/// Builds the case × code matrix for `code_ids` (all codes when `None`).
pub fn matrix(
    project: &Project,
    code_ids: Option<&[i64]>,
    min_source_types: usize,
) -> Result<Matrix, StoreError> {
    build(
        project,
        &Evidence::load(project)?,
        code_ids,
        min_source_types,
    )
}

/// The case × code matrix of one document group's documents (`None`: the whole project): only
/// their codings count and only the cases linked to them are rows. An unknown group is
/// [`ReportError::NotFound`].
pub fn matrix_in_group(
    project: &Project,
    code_ids: Option<&[i64]>,
    min_source_types: usize,
    group_id: Option<i64>,
) -> Result<Matrix, ReportError> {
    let ev = super::evidence_in_group(project, group_id)?;
    Ok(build(project, &ev, code_ids, min_source_types)?)
}

fn build(
    project: &Project,
    ev: &Evidence,
    code_ids: Option<&[i64]>,
    min_source_types: usize,
) -> Result<Matrix, StoreError> {
    let cols: Vec<&Code> = match code_ids {
        Some(ids) => ids
            .iter()
            .filter_map(|id| ev.codes.iter().find(|c| c.id == *id))
            .collect(),
        None => ev.codes.iter().collect(),
    };
    let memos: HashMap<(i64, i64), String> = project
        .cell_memos()?
        .into_iter()
        .map(|m| ((m.case_id, m.code_id), m.text))
        .collect();
    let mut tally = tally(ev, min_source_types);
    let cells = ev
        .cases
        .iter()
        .map(|case| {
            cols.iter()
                .map(|code| {
                    let mut cell = tally.remove(&(case.id, code.id)).unwrap_or_default();
                    cell.memo = memos.get(&(case.id, code.id)).cloned().unwrap_or_default();
                    cell
                })
                .collect()
        })
        .collect();
    Ok(Matrix {
        cases: ev.cases.iter().map(|c| c.name.clone()).collect(),
        codes: cols.iter().map(|c| c.path.clone()).collect(),
        cells,
        min_source_types,
    })
}

/// Every non-empty case × code cell in one pass: a coding counts for its code and all the
/// code's ancestors, in every case it belongs to.
pub fn tally(ev: &Evidence, min_source_types: usize) -> HashMap<(i64, i64), Cell> {
    let parent: HashMap<i64, Option<i64>> = ev.codes.iter().map(|c| (c.id, c.parent_id)).collect();
    // Per cell: the cell, its documents and its source types.
    type Acc = (Cell, BTreeSet<i64>, BTreeSet<DocKind>);
    let mut acc: HashMap<(i64, i64), Acc> = HashMap::new();
    for (c, cases) in ev.codings.iter().zip(&ev.coding_cases) {
        let mut code = Some(c.code_id);
        while let Some(code_id) = code {
            for &case in cases {
                let (cell, docs, kinds) = acc.entry((case, code_id)).or_default();
                cell.codings += 1;
                cell.coding_ids.push(c.id);
                docs.insert(c.doc_id);
                if let Some(k) = ev.kinds.get(&c.doc_id) {
                    kinds.insert(*k);
                }
            }
            code = parent.get(&code_id).copied().flatten();
        }
    }
    acc.into_iter()
        .map(|(key, (mut cell, docs, kinds))| {
            cell.documents = docs.len();
            cell.source_types = kinds.into_iter().collect();
            cell.triangulated = cell.source_types.len() >= min_source_types.max(1);
            (key, cell)
        })
        .collect()
}
