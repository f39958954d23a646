//! Code × attribute-value crosstabs by document or by case.

use super::ReportError;
use crate::analysis::{Crosstab, crosstab};
use crate::store::Project;
use serde::Serialize;
use std::collections::HashMap;

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
) -> Result<CrosstabReport, ReportError> {
    crosstab_in_group(project, attribute, by_case, None)
}

/// [`crosstab_report`] over one document group's codings (`None`: every coding); an unknown
/// group is [`ReportError::NotFound`].
pub fn crosstab_in_group(
    project: &Project,
    attribute: &str,
    by_case: bool,
    group_id: Option<i64>,
) -> Result<CrosstabReport, ReportError> {
    let ev = super::evidence_in_group(project, group_id)?;
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
