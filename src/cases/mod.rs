//! Cases and the evidence behind them: which codings belong to which case, the case × code
//! triangulation matrix, and the case × condition × outcome table for crisp-set QCA.
//!
//! A coding belongs to a case when its document is linked to the case as a whole, or when it
//! overlaps a segment of a document linked to the case.

mod analyses;
mod attrs;
pub mod qca;
pub mod sheet;

pub use analyses::{
    AgreementSummary, CooccurReport, CrosstabReport, Scope, agreement_report, codings_by_ids,
    cooccur_report, crosstab_report,
};
pub use attrs::{AttrType, parse_assignment};
pub use qca::{QcaCase, QcaCell, QcaOptions, QcaReport, default_conditions, qca_report};

use crate::model::{Case, Code, Coding, DocKind};
use crate::store::{CodingFilter, Project, StoreError};
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

/// Everything needed to attribute codings to cases, loaded once.
pub struct Evidence {
    /// All cases.
    pub cases: Vec<Case>,
    /// The codebook.
    pub codes: Vec<Code>,
    /// All codings (with quotes).
    pub codings: Vec<Coding>,
    /// Document kinds by id.
    pub kinds: HashMap<i64, DocKind>,
    /// Case ids each coding belongs to, parallel to `codings`.
    pub coding_cases: Vec<Vec<i64>>,
}

impl Evidence {
    /// Loads the evidence of `project`.
    pub fn load(project: &Project) -> Result<Evidence, StoreError> {
        let cases = project.cases()?;
        let codes = project.codes()?;
        let codings = project.codings(&CodingFilter::default())?;
        let kinds: HashMap<i64, DocKind> = project
            .documents()?
            .into_iter()
            .map(|d| (d.id, d.kind))
            .collect();
        let links = project.case_links()?;
        let mut whole: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut segments: HashMap<i64, Vec<(i64, usize, usize)>> = HashMap::new();
        for l in &links {
            match (l.start, l.end) {
                (Some(s), Some(e)) => segments
                    .entry(l.doc_id)
                    .or_default()
                    .push((l.case_id, s, e)),
                _ => whole.entry(l.doc_id).or_default().push(l.case_id),
            }
        }
        let coding_cases = codings
            .iter()
            .map(|c| {
                let mut ids: BTreeSet<i64> = whole
                    .get(&c.doc_id)
                    .into_iter()
                    .flatten()
                    .copied()
                    .collect();
                for &(case, s, e) in segments.get(&c.doc_id).into_iter().flatten() {
                    if c.start < e && s < c.end {
                        ids.insert(case);
                    }
                }
                ids.into_iter().collect()
            })
            .collect();
        Ok(Evidence {
            cases,
            codes,
            codings,
            kinds,
            coding_cases,
        })
    }

    /// Every non-empty case × code cell in one pass: a coding counts for its code and all the
    /// code's ancestors, in every case it belongs to.
    pub fn tally(&self, min_source_types: usize) -> HashMap<(i64, i64), Cell> {
        let parent: HashMap<i64, Option<i64>> =
            self.codes.iter().map(|c| (c.id, c.parent_id)).collect();
        // Per cell: the cell, its documents and its source types.
        type Acc = (Cell, BTreeSet<i64>, BTreeSet<DocKind>);
        let mut acc: HashMap<(i64, i64), Acc> = HashMap::new();
        for (c, cases) in self.codings.iter().zip(&self.coding_cases) {
            let mut code = Some(c.code_id);
            while let Some(code_id) = code {
                for &case in cases {
                    let (cell, docs, kinds) = acc.entry((case, code_id)).or_default();
                    cell.codings += 1;
                    cell.coding_ids.push(c.id);
                    docs.insert(c.doc_id);
                    if let Some(k) = self.kinds.get(&c.doc_id) {
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

    /// The codings with the given ids, in the order given.
    pub fn quotes(&self, ids: &[i64]) -> Vec<&Coding> {
        let by_id: HashMap<i64, &Coding> = self.codings.iter().map(|c| (c.id, c)).collect();
        ids.iter().filter_map(|id| by_id.get(id).copied()).collect()
    }
}

/// Builds the case × code matrix for `code_ids` (all codes when `None`).
pub fn matrix(
    project: &Project,
    code_ids: Option<&[i64]>,
    min_source_types: usize,
) -> Result<Matrix, StoreError> {
    let ev = Evidence::load(project)?;
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
    let mut tally = ev.tally(min_source_types);
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

/// The command that sets `ATTR=VALUE` / `ATTR:type=VALUE` assignments on case `name` (created
/// when missing), defining unknown attributes with the given or inferred type — one undo step.
pub fn set_case_attributes_command(
    project: &Project,
    name: &str,
    assignments: &[String],
) -> Result<crate::command::Command, crate::command::CommandError> {
    use crate::command::{AttrScope, Command, CommandError};
    let existing = project.cases()?.into_iter().find(|c| c.name == name.trim());
    let defs = project.attribute_defs("case")?;
    let mut commands = Vec::new();
    if existing.is_none() {
        commands.push(Command::AddCase {
            name: name.trim().to_owned(),
            description: String::new(),
        });
    }
    let mut sets = Vec::new();
    for a in assignments {
        let (key, ty, value) = parse_assignment(a).map_err(CommandError::Invalid)?;
        let defined = defs.iter().any(|d| d.name == key);
        match ty {
            Some(ty) => commands.push(Command::DefineAttribute {
                scope: AttrScope::Case,
                name: key.clone(),
                ty,
            }),
            None if !defined => commands.push(Command::DefineAttribute {
                scope: AttrScope::Case,
                name: key.clone(),
                ty: AttrType::infer(&value),
            }),
            None => {}
        }
        sets.push((key, value));
    }
    Ok(Command::Batch {
        label: format!("set attributes of case {name}"),
        commands: commands
            .into_iter()
            .chain(
                sets.into_iter()
                    .map(|(key, value)| Command::SetCaseAttributeByName {
                        case: name.trim().to_owned(),
                        key,
                        value: Some(value),
                    }),
            )
            .collect(),
    })
}
