//! The document × code overview (MAXQDA's Code Matrix Browser): one row per document or document
//! group, one column per code (tree order), each cell the number of codings of that code and the
//! share of the row's characters they cover. Coverage counts a character once per code however
//! many codings of that code (by any coder) overlap on it.

use super::ReportError;
use crate::store::{CodingFilter, Project};
use serde::Serialize;
use std::collections::HashMap;

/// What the rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum OverviewBy {
    /// One row per document.
    #[default]
    Document,
    /// One row per document group (documents in no group are left out).
    Group,
}

/// What a cell's `value` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Measure {
    /// Number of codings.
    #[default]
    Count,
    /// Percent of the row's characters covered.
    Coverage,
}

/// The overview's parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct OverviewOptions {
    /// Documents or groups as rows.
    pub by: OverviewBy,
    /// Codings or coverage as the value.
    pub measure: Measure,
    /// Only this coder's codings.
    pub coder: Option<String>,
    /// Only the documents of this group (by name).
    pub group: Option<String>,
}

/// One code column.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OverviewCode {
    /// Code id.
    pub id: i64,
    /// Code path.
    pub path: String,
}

/// One cell.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct OverviewCell {
    /// The measure chosen: codings, or coverage in percent.
    pub value: f64,
    /// Number of codings.
    pub codings: usize,
    /// Characters covered by at least one of the codings.
    pub covered: usize,
    /// `covered` as a percent of the row's characters.
    pub coverage: f64,
    /// The codings behind the cell (not in the JSON).
    #[serde(skip)]
    pub coding_ids: Vec<i64>,
}

/// One row: a document or a group.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OverviewRow {
    /// Document or group id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Number of documents (1 for a document row).
    pub documents: usize,
    /// Characters of its documents.
    pub chars: usize,
    /// One cell per code, parallel to [`Overview::codes`].
    pub cells: Vec<OverviewCell>,
}

/// The overview.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overview {
    /// `document` or `group`.
    pub by: String,
    /// `count` or `coverage`.
    pub measure: String,
    /// The coder filter, if any.
    pub coder: Option<String>,
    /// The group filter, if any.
    pub group: Option<String>,
    /// The columns, in codebook tree order.
    pub codes: Vec<OverviewCode>,
    /// The rows, by name.
    pub rows: Vec<OverviewRow>,
}

impl OverviewBy {
    /// `document` / `group`.
    pub fn as_str(self) -> &'static str {
        match self {
            OverviewBy::Document => "document",
            OverviewBy::Group => "group",
        }
    }
}

impl Measure {
    /// `count` / `coverage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::Coverage => "coverage",
        }
    }
}

/// Per document and code: the codings and the characters their union covers.
type DocCells = HashMap<(i64, i64), (Vec<i64>, usize)>;

/// Per document and code: the codings' `(start, end, id)`.
type Spans = HashMap<(i64, i64), Vec<(usize, usize, i64)>>;

/// Computes the overview.
pub fn overview_report(project: &Project, opts: &OverviewOptions) -> Result<Overview, ReportError> {
    let groups = project.groups()?;
    let only: Option<&crate::model::DocGroup> = match &opts.group {
        Some(name) => Some(
            groups
                .iter()
                .find(|g| &g.name == name)
                .ok_or_else(|| ReportError::NotFound(format!("document group {name}")))?,
        ),
        None => None,
    };
    let codings = project.codings(&CodingFilter {
        coder: opts.coder.clone(),
        ..CodingFilter::default()
    })?;
    if let Some(coder) = &opts.coder
        && codings.is_empty()
        && !project.codings(&CodingFilter::default())?.is_empty()
    {
        return Err(ReportError::NotFound(format!("coder {coder}")));
    }
    let docs = project.documents()?;
    let in_scope = |doc_id: i64| only.is_none_or(|g| g.docs.contains(&doc_id));
    let mut spans: Spans = HashMap::new();
    for c in codings.iter().filter(|c| in_scope(c.doc_id)) {
        spans
            .entry((c.doc_id, c.code_id))
            .or_default()
            .push((c.start, c.end, c.id));
    }
    let cells: DocCells = spans
        .into_iter()
        .map(|(key, mut v)| {
            v.sort_unstable();
            (key, (v.iter().map(|s| s.2).collect(), union_len(&v)))
        })
        .collect();
    let codes: Vec<OverviewCode> = project
        .codes()?
        .into_iter()
        .map(|c| OverviewCode {
            id: c.id,
            path: c.path,
        })
        .collect();
    let chars: HashMap<i64, usize> = docs.iter().map(|d| (d.id, d.chars)).collect();
    let members: Vec<(i64, String, Vec<i64>)> = match opts.by {
        OverviewBy::Document => docs
            .iter()
            .filter(|d| in_scope(d.id))
            .map(|d| (d.id, d.name.clone(), vec![d.id]))
            .collect(),
        OverviewBy::Group => groups
            .iter()
            .filter(|g| only.is_none_or(|o| o.id == g.id))
            .map(|g| (g.id, g.name.clone(), g.docs.clone()))
            .collect(),
    };
    let rows = members
        .into_iter()
        .map(|(id, name, doc_ids)| row(id, name, &doc_ids, &codes, &cells, &chars, opts.measure))
        .collect();
    Ok(Overview {
        by: opts.by.as_str().to_owned(),
        measure: opts.measure.as_str().to_owned(),
        coder: opts.coder.clone(),
        group: opts.group.clone(),
        codes,
        rows,
    })
}

fn row(
    id: i64,
    name: String,
    doc_ids: &[i64],
    codes: &[OverviewCode],
    cells: &DocCells,
    chars: &HashMap<i64, usize>,
    measure: Measure,
) -> OverviewRow {
    let total: usize = doc_ids.iter().filter_map(|d| chars.get(d)).sum();
    let cells = codes
        .iter()
        .map(|code| {
            let mut cell = OverviewCell::default();
            for d in doc_ids {
                if let Some((ids, covered)) = cells.get(&(*d, code.id)) {
                    cell.codings += ids.len();
                    cell.covered += covered;
                    cell.coding_ids.extend(ids);
                }
            }
            cell.coverage = if total > 0 {
                100.0 * cell.covered as f64 / total as f64
            } else {
                0.0
            };
            cell.value = match measure {
                Measure::Count => cell.codings as f64,
                Measure::Coverage => cell.coverage,
            };
            cell
        })
        .collect();
    OverviewRow {
        id,
        name,
        documents: doc_ids.len(),
        chars: total,
        cells,
    }
}

/// Length of the union of sorted `[start, end)` ranges.
fn union_len(sorted: &[(usize, usize, i64)]) -> usize {
    let mut total = 0;
    let mut current: Option<(usize, usize)> = None;
    for &(s, e, _) in sorted {
        current = match current {
            Some((a, b)) if s <= b => Some((a, b.max(e))),
            Some((a, b)) => {
                total += b - a;
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    total + current.map_or(0, |(a, b)| b - a)
}

#[cfg(test)]
mod tests {
    use super::union_len;

    #[test]
    fn overlapping_ranges_count_once() {
        assert_eq!(union_len(&[]), 0);
        assert_eq!(union_len(&[(0, 10, 1), (5, 15, 2), (20, 25, 3)]), 20);
        assert_eq!(union_len(&[(0, 10, 1), (2, 3, 2), (10, 12, 3)]), 12);
    }
}
