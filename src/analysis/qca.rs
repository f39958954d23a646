//! Crisp-set qualitative comparative analysis (csQCA): truth tables and
//! single-condition necessity / sufficiency, plus the rule that turns
//! codings into a present/absent condition.
//!
//! Notation: X = set of cases with the condition (or, for a negated
//! condition, without it), Y = set of cases with the outcome. In crisp sets:
//!
//! * necessity consistency  = |X ∩ Y| / |Y|  (how far Y is a subset of X)
//! * necessity coverage     = |X ∩ Y| / |X|  (relevance of X for Y)
//! * sufficiency consistency = |X ∩ Y| / |X| (how far X is a subset of Y)
//! * sufficiency coverage    = |X ∩ Y| / |Y|
//!
//! (so numerically necessity consistency = sufficiency coverage and vice
//! versa; both names are reported as is customary). An empty denominator
//! gives `None` (JSON `null`), never 0 or NaN.

use super::{AnalysisError, ratio};

/// One case of the QCA data matrix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CaseRow {
    /// Case name (e.g. document or case-variable value).
    pub case: String,
    /// Condition memberships, in the order of the condition names.
    pub conditions: Vec<bool>,
    /// Outcome membership.
    pub outcome: bool,
}

/// One observed configuration of the truth table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TruthRow {
    /// Condition values of the configuration.
    pub configuration: Vec<bool>,
    /// The configuration in Boolean notation, e.g. `value*~trust`.
    pub label: String,
    /// Number of cases with this configuration (≥ 1).
    pub n: usize,
    /// Those cases, in input order.
    pub cases: Vec<String>,
    /// How many of them show the outcome.
    pub n_outcome: usize,
    /// `n_outcome / n`.
    pub consistency: f64,
}

/// Truth table over the observed configurations.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TruthTable {
    /// Condition names (column order of `configuration`).
    pub conditions: Vec<String>,
    /// Observed configurations, sorted by `n` descending, then by
    /// configuration (lexicographic, absent before present).
    pub rows: Vec<TruthRow>,
    /// Number of possible configurations never observed (logical
    /// remainders), `2^k − rows.len()`; saturates at `u64::MAX`.
    pub remainders: u64,
}

/// Fit of one condition (or its negation) as necessary / sufficient.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConditionFit {
    /// Condition name.
    pub condition: String,
    /// `true` for the negated condition (`~name`).
    pub negated: bool,
    /// |X|: cases with the (possibly negated) condition.
    pub n_condition: usize,
    /// |Y|: cases with the outcome.
    pub n_outcome: usize,
    /// |X ∩ Y|.
    pub n_both: usize,
    /// |X ∩ Y| / |Y|; `None` if no case has the outcome.
    pub necessity_consistency: Option<f64>,
    /// |X ∩ Y| / |X|; `None` if no case has the condition.
    pub necessity_coverage: Option<f64>,
    /// |X ∩ Y| / |X|; `None` if no case has the condition.
    pub sufficiency_consistency: Option<f64>,
    /// |X ∩ Y| / |Y|; `None` if no case has the outcome.
    pub sufficiency_coverage: Option<f64>,
}

/// Boolean-notation label of a configuration: `a*~b*c`.
pub fn configuration_label(condition_names: &[String], configuration: &[bool]) -> String {
    condition_names
        .iter()
        .zip(configuration)
        .map(|(n, &v)| if v { n.clone() } else { format!("~{n}") })
        .collect::<Vec<_>>()
        .join("*")
}

fn check(condition_names: &[String], rows: &[CaseRow]) -> Result<(), AnalysisError> {
    match rows
        .iter()
        .find(|r| r.conditions.len() != condition_names.len())
    {
        Some(r) => Err(AnalysisError::ConditionCount {
            case: r.case.clone(),
            expected: condition_names.len(),
            found: r.conditions.len(),
        }),
        None => Ok(()),
    }
}

/// Builds the truth table of the observed configurations. Fails if a case
/// has a different number of condition values than there are names.
pub fn truth_table(
    condition_names: &[String],
    rows: &[CaseRow],
) -> Result<TruthTable, AnalysisError> {
    check(condition_names, rows)?;
    let mut table: Vec<TruthRow> = Vec::new();
    let mut sorted: Vec<&CaseRow> = rows.iter().collect();
    sorted.sort_by(|a, b| a.conditions.cmp(&b.conditions)); // stable: keeps input order
    for group in sorted.chunk_by(|a, b| a.conditions == b.conditions) {
        let n = group.len();
        let n_outcome = group.iter().filter(|r| r.outcome).count();
        table.push(TruthRow {
            configuration: group[0].conditions.clone(),
            label: configuration_label(condition_names, &group[0].conditions),
            n,
            cases: group.iter().map(|r| r.case.clone()).collect(),
            n_outcome,
            consistency: ratio(n_outcome as f64, n as f64).unwrap_or(0.0),
        });
    }
    table.sort_by(|a, b| {
        b.n.cmp(&a.n)
            .then_with(|| a.configuration.cmp(&b.configuration))
    });
    let possible = 1u64.checked_shl(condition_names.len() as u32).unwrap_or(0);
    let remainders = match possible {
        0 => u64::MAX,
        p => p - table.len() as u64,
    };
    Ok(TruthTable {
        conditions: condition_names.to_vec(),
        rows: table,
        remainders,
    })
}

/// Necessity and sufficiency of every single condition and of its negation
/// (order: `c1`, `~c1`, `c2`, `~c2`, …), with the crisp formulas in the
/// module docs. Fails on a condition-count mismatch.
pub fn necessity_sufficiency(
    condition_names: &[String],
    rows: &[CaseRow],
) -> Result<Vec<ConditionFit>, AnalysisError> {
    check(condition_names, rows)?;
    let n_outcome = rows.iter().filter(|r| r.outcome).count();
    let mut out = Vec::with_capacity(condition_names.len() * 2);
    for (i, name) in condition_names.iter().enumerate() {
        for negated in [false, true] {
            let in_x = |r: &&CaseRow| r.conditions[i] != negated;
            let n_condition = rows.iter().filter(in_x).count();
            let n_both = rows.iter().filter(in_x).filter(|r| r.outcome).count();
            let (both, x, y) = (n_both as f64, n_condition as f64, n_outcome as f64);
            out.push(ConditionFit {
                condition: name.clone(),
                negated,
                n_condition,
                n_outcome,
                n_both,
                necessity_consistency: ratio(both, y),
                necessity_coverage: ratio(both, x),
                sufficiency_consistency: ratio(both, x),
                sufficiency_coverage: ratio(both, y),
            });
        }
    }
    Ok(out)
}

/// When a case counts as having a condition, from its codings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConditionRule {
    /// Minimum number of codings of the condition's code(s) in the case;
    /// 0 is treated as 1 (a condition without codings is never present).
    pub min_codings: usize,
    /// Require triangulation: evidence from at least two source types.
    pub require_triangulated: bool,
    /// Minimum number of distinct source types (interview, document, …).
    pub min_source_types: usize,
}

impl Default for ConditionRule {
    /// One coding suffices; no source-type requirement.
    fn default() -> Self {
        Self {
            min_codings: 1,
            require_triangulated: false,
            min_source_types: 0,
        }
    }
}

/// Whether a case with `codings` codings from `source_types` distinct source
/// types has the condition under `rule`: `codings ≥ max(min_codings, 1)`,
/// `source_types ≥ min_source_types`, and, if `require_triangulated`,
/// `source_types ≥ 2`.
pub fn condition_present(codings: usize, source_types: usize, rule: &ConditionRule) -> bool {
    codings >= rule.min_codings.max(1)
        && source_types >= rule.min_source_types
        && (!rule.require_triangulated || source_types >= 2)
}

#[cfg(test)]
#[path = "qca_tests.rs"]
mod tests;
