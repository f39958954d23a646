//! The case × condition × outcome table for crisp-set QCA, from coded evidence plus researcher
//! overrides, and its truth table and necessity/sufficiency figures.

use super::ReportError;
use crate::analysis::qca::{
    CaseRow, ConditionFit, ConditionRule, TruthTable, condition_present, necessity_sufficiency,
    truth_table,
};
use crate::cases::Evidence;
use crate::store::Project;
use serde::Serialize;
use std::collections::HashMap;

/// What to compute.
#[derive(Debug, Clone)]
pub struct QcaOptions {
    /// Case attribute holding the outcome.
    pub outcome_attr: String,
    /// The attribute value that means "outcome present".
    pub outcome_value: String,
    /// Condition codes (ids); each counts its sub-codes.
    pub conditions: Vec<i64>,
    /// When evidence makes a condition present.
    pub rule: ConditionRule,
    /// Only this coder's codings (`consensus`: the consensus layer); `None`: everyone's.
    pub coder: Option<String>,
    /// Only the evidence of this document group's documents (and the cases linked to them);
    /// `None`: every document.
    pub group_id: Option<i64>,
}

/// One case × condition cell.
#[derive(Debug, Clone, Serialize)]
pub struct QcaCell {
    /// The value used (after any override).
    pub present: bool,
    /// The value the evidence rule gives.
    pub computed: bool,
    /// Codings of the condition in the case.
    pub codings: usize,
    /// Distinct source types among them.
    pub source_types: usize,
    /// The researcher's override reason, if overridden.
    pub override_reason: Option<String>,
    /// Who overrode it.
    pub override_author: Option<String>,
}

/// One case of the table.
#[derive(Debug, Clone, Serialize)]
pub struct QcaCase {
    /// Case name.
    pub case: String,
    /// Whether the outcome is present.
    pub outcome: bool,
    /// One cell per condition.
    pub cells: Vec<QcaCell>,
}

/// The QCA result.
#[derive(Debug, Clone, Serialize)]
pub struct QcaReport {
    /// `ATTR=VALUE`.
    pub outcome: String,
    /// Condition code paths.
    pub conditions: Vec<String>,
    /// The evidence rule.
    pub rule: ConditionRule,
    /// The cases with an outcome value.
    pub cases: Vec<QcaCase>,
    /// Cases left out because they have no value for the outcome attribute.
    pub excluded: Vec<String>,
    /// The truth table.
    pub truth_table: TruthTable,
    /// Necessity and sufficiency of each condition and its negation.
    pub fits: Vec<ConditionFit>,
}

/// The leaf codes under 权力, 利益 and 价值 (the PIV mechanisms), if the project has them.
pub fn default_conditions(project: &Project) -> Result<Vec<i64>, ReportError> {
    let codes = project.codes()?;
    let roots = ["权力", "利益", "价值"];
    Ok(codes
        .iter()
        .filter(|c| {
            roots.iter().any(|r| c.path.starts_with(&format!("{r}/")))
                && !codes.iter().any(|k| k.parent_id == Some(c.id))
        })
        .map(|c| c.id)
        .collect())
}

/// Builds the table and the analysis.
pub fn qca_report(project: &Project, opts: &QcaOptions) -> Result<QcaReport, ReportError> {
    if opts.conditions.is_empty() {
        return Err(ReportError::Invalid("no condition codes given".into()));
    }
    let mut ev = Evidence::load_coder(project, opts.coder.as_deref())?;
    if let Some(id) = opts.group_id {
        let docs = super::group_doc_set(project, id)?;
        ev.restrict_to_docs(project, &docs)?;
    }
    let names: Vec<String> = opts
        .conditions
        .iter()
        .map(|id| {
            ev.codes
                .iter()
                .find(|c| c.id == *id)
                .map(|c| c.path.clone())
                .ok_or_else(|| ReportError::NotFound(format!("code #{id}")))
        })
        .collect::<Result<_, _>>()?;
    let overrides: HashMap<(i64, i64), _> = project
        .qca_overrides()?
        .into_iter()
        .map(|o| ((o.case_id, o.code_id), o))
        .collect();
    let tally = super::matrix::tally(&ev, 2);
    let mut cases = Vec::new();
    let mut excluded = Vec::new();
    for case in &ev.cases {
        let Some(value) = case.attributes.get(&opts.outcome_attr) else {
            excluded.push(case.name.clone());
            continue;
        };
        let cells = opts
            .conditions
            .iter()
            .map(|&code| {
                let (codings, types) = tally
                    .get(&(case.id, code))
                    .map_or((0, 0), |c| (c.codings, c.source_types.len()));
                let computed = condition_present(codings, types, &opts.rule);
                let o = overrides.get(&(case.id, code));
                QcaCell {
                    present: o.map_or(computed, |o| o.present),
                    computed,
                    codings,
                    source_types: types,
                    override_reason: o.map(|o| o.reason.clone()),
                    override_author: o.map(|o| o.author.clone()),
                }
            })
            .collect();
        cases.push(QcaCase {
            case: case.name.clone(),
            outcome: value.trim() == opts.outcome_value.trim(),
            cells,
        });
    }
    if cases.is_empty() {
        return Err(ReportError::Invalid(format!(
            "no case has a value for attribute {}",
            opts.outcome_attr
        )));
    }
    let (truth_table, fits) = analyse(&names, &cases)?;
    Ok(QcaReport {
        outcome: format!("{}={}", opts.outcome_attr, opts.outcome_value),
        conditions: names.clone(),
        rule: opts.rule,
        truth_table,
        fits,
        cases,
        excluded,
    })
}

/// The truth table and the necessity/sufficiency fits of `cases` (recomputed, e.g., for a subset).
pub fn analyse(
    conditions: &[String],
    cases: &[QcaCase],
) -> Result<(TruthTable, Vec<ConditionFit>), ReportError> {
    let rows: Vec<CaseRow> = cases
        .iter()
        .map(|c| CaseRow {
            case: c.case.clone(),
            conditions: c.cells.iter().map(|x| x.present).collect(),
            outcome: c.outcome,
        })
        .collect();
    let invalid = |e: crate::analysis::AnalysisError| ReportError::Invalid(e.to_string());
    Ok((
        truth_table(conditions, &rows).map_err(invalid)?,
        necessity_sufficiency(conditions, &rows).map_err(invalid)?,
    ))
}
