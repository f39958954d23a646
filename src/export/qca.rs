//! The QCA tables of the report: the case × condition table, the truth table and the fits.

use super::table::{col, int, ratio, text};
use super::{Column, Report, Table, Value, Width};
use crate::analysis::configuration_label;
use crate::reports::QcaReport;

impl Report {
    /// The QCA, Truth table and Fits tables (none without an outcome).
    pub(super) fn qca_tables(&self) -> Vec<Table> {
        let Some(q) = &self.qca else {
            return Vec::new();
        };
        vec![case_table(q), truth_table(q), fits_table(q)]
    }
}

/// The case × condition table with the researcher's overrides.
fn case_table(q: &QcaReport) -> Table {
    use Width::*;
    let mut columns = vec![col("case", Normal)];
    columns.extend(q.conditions.iter().map(|c| col(c, Narrow)));
    columns.push(col("outcome", Narrow));
    columns.push(col("overrides", Wide));
    let rows = q
        .cases
        .iter()
        .map(|c| {
            let mut row = vec![text(&c.case)];
            let mut overrides = Vec::new();
            for (cell, name) in c.cells.iter().zip(&q.conditions) {
                let v = u8::from(cell.present);
                match &cell.override_reason {
                    Some(reason) => {
                        row.push(text(format!("{v}!")));
                        overrides.push(format!(
                            "{name}: {} → {v} ({reason}; {})",
                            u8::from(cell.computed),
                            cell.override_author.as_deref().unwrap_or("")
                        ));
                    }
                    None => row.push(Value::Int(i64::from(v))),
                }
            }
            row.push(Value::Int(i64::from(c.outcome)));
            row.push(Value::List(overrides));
            row
        })
        .collect();
    let mut notes = vec![
        format!("Outcome: {} (1 = present).", q.outcome),
        format!(
            "A condition is present (1) with at least {} coding(s) of the code or its \
                 sub-codes in the case; ! marks a researcher's override.",
            q.rule.min_codings.max(1)
        ),
    ];
    if !q.excluded.is_empty() {
        notes.push(format!(
            "Excluded (no outcome value): {}.",
            q.excluded.join(", ")
        ));
    }
    Table {
        key: "qca".into(),
        name: "QCA".into(),
        columns,
        rows,
        notes,
    }
}

/// The observed configurations.
fn truth_table(q: &QcaReport) -> Table {
    use Width::*;
    let t = &q.truth_table;
    let mut columns: Vec<Column> = t.conditions.iter().map(|c| col(c, Narrow)).collect();
    for (h, w) in [
        ("n", Narrow),
        ("outcome n", Narrow),
        ("consistency", Narrow),
        ("cases", Normal),
        ("configuration", Wide),
    ] {
        columns.push(col(h, w));
    }
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let mut row: Vec<Value> = r
                .configuration
                .iter()
                .map(|&b| Value::Int(i64::from(b)))
                .collect();
            row.push(int(r.n));
            row.push(int(r.n_outcome));
            row.push(Value::Number(r.consistency));
            row.push(Value::List(r.cases.clone()));
            row.push(text(configuration_label(&t.conditions, &r.configuration)));
            row
        })
        .collect();
    Table {
        key: "truth-table".into(),
        name: "Truth table".into(),
        columns,
        rows,
        notes: vec![format!(
            "Observed configurations; {} logically possible ones are unobserved (remainders).",
            t.remainders
        )],
    }
}

/// Single-condition necessity and sufficiency.
fn fits_table(q: &QcaReport) -> Table {
    use Width::*;
    let columns = [
        "condition",
        "n condition",
        "n outcome",
        "n both",
        "necessity consistency",
        "necessity coverage",
        "sufficiency consistency",
        "sufficiency coverage",
    ]
    .iter()
    .enumerate()
    .map(|(i, h)| col(*h, if i == 0 { Normal } else { Narrow }))
    .collect();
    let rows = q
        .fits
        .iter()
        .map(|f| {
            vec![
                text(if f.negated {
                    format!("~{}", f.condition)
                } else {
                    f.condition.clone()
                }),
                int(f.n_condition),
                int(f.n_outcome),
                int(f.n_both),
                ratio(f.necessity_consistency),
                ratio(f.necessity_coverage),
                ratio(f.sufficiency_consistency),
                ratio(f.sufficiency_coverage),
            ]
        })
        .collect();
    Table {
        key: "fits".into(),
        name: "Fits".into(),
        columns,
        rows,
        notes: vec![
            "Single-condition necessity and sufficiency (crisp sets); empty = undefined \
                 (no case in the denominator)."
                .into(),
        ],
    }
}
