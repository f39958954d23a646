//! The report as plain tables: what every writer renders, so all formats show the same content.

use super::{Report, kind_label};
use serde::Serialize;

/// How wide a column should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Width {
    /// Numbers and flags.
    Narrow,
    /// Names and short text (fitted to the content).
    Normal,
    /// Long text (quotes, memos): wrapped.
    Wide,
}

/// A column header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// The header text.
    pub header: String,
    /// Its width class.
    pub width: Width,
}

/// One cell value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    /// Nothing (e.g. an undefined ratio).
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A ratio or other decimal.
    Number(f64),
    /// A yes/no flag.
    Bool(bool),
    /// Several items (quotes, cases), one per line.
    List(Vec<String>),
}

impl Value {
    /// The value as flat text: decimals with three places, flags as `yes`/`no`, list items on
    /// separate lines.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Number(x) => format!("{x:.3}"),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            Value::List(items) => items.join("\n"),
        }
    }
}

/// One table of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Stable key, also the CSV sibling-file suffix (`evidence`, `cases`, `qca`, `truth-table`,
    /// `fits`, `cooccurrence`, `crosstab-<attribute>`).
    pub key: String,
    /// Display name (the worksheet name in XLSX).
    pub name: String,
    /// Column headers.
    pub columns: Vec<Column>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Value>>,
    /// Explanations shown with the table (rules, markers, exclusions).
    pub notes: Vec<String>,
}

pub(super) fn col(header: impl Into<String>, width: Width) -> Column {
    Column {
        header: header.into(),
        width,
    }
}

pub(super) fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub(super) fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

pub(super) fn count(n: u64) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

pub(super) fn ratio(x: Option<f64>) -> Value {
    x.map_or(Value::Empty, Value::Number)
}

impl Report {
    /// The tables, in order: Evidence, Cases, then QCA, Truth table and Fits (when an outcome
    /// applies), Co-occurrence, and one crosstab per case attribute.
    pub fn tables(&self) -> Vec<Table> {
        let mut out = vec![self.evidence_table(), self.cases_table()];
        out.extend(self.qca_tables());
        out.push(self.cooccur_table());
        out.extend(self.crosstab_tables());
        out
    }

    fn evidence_table(&self) -> Table {
        use Width::*;
        let c = &self.citations;
        Table {
            key: "evidence".into(),
            name: "Evidence".into(),
            columns: vec![
                col("case", Normal),
                col("code", Normal),
                col("codings", Narrow),
                col("documents", Normal),
                col("source types", Normal),
                col("triangulated", Narrow),
                col("memo", Wide),
                col("quotes", Wide),
            ],
            rows: self
                .evidence
                .iter()
                .map(|r| {
                    vec![
                        text(&r.case),
                        text(&r.code),
                        int(r.codings),
                        Value::List(r.documents.clone()),
                        text(
                            r.source_types
                                .iter()
                                .map(|k| kind_label(*k))
                                .collect::<Vec<_>>()
                                .join("、"),
                        ),
                        Value::Bool(r.triangulated),
                        text(&r.memo),
                        Value::List(r.quotes.iter().map(|q| q.display()).collect()),
                    ]
                })
                .collect(),
            notes: vec![
                "One row per case × code; a code counts its sub-codes. Codings of the same \
                 characters (several coders) are quoted once."
                    .into(),
                format!(
                    "triangulated = supported by at least {} source types.",
                    self.min_source_types
                ),
                format!(
                    "Citations: interview {}, document {}, observation {}.",
                    c.interview, c.document, c.observation
                ),
            ],
        }
    }

    fn cases_table(&self) -> Table {
        use Width::*;
        let mut columns = vec![
            col("case", Normal),
            col("description", Wide),
            col("documents", Narrow),
            col("segments", Narrow),
        ];
        columns.extend(self.case_attributes.iter().map(|a| col(a, Normal)));
        columns.push(col("memo", Wide));
        let rows = self
            .cases
            .iter()
            .map(|c| {
                let mut row = vec![
                    text(&c.name),
                    text(&c.description),
                    int(c.documents),
                    int(c.segments),
                ];
                row.extend(self.case_attributes.iter().map(|a| {
                    c.attributes
                        .get(a)
                        .map_or(Value::Empty, |v| text(v.as_str()))
                }));
                row.push(text(&c.memo));
                row
            })
            .collect();
        Table {
            key: "cases".into(),
            name: "Cases".into(),
            columns,
            rows,
            notes: vec!["documents / segments = whole documents / segments linked.".into()],
        }
    }

    fn cooccur_table(&self) -> Table {
        use Width::*;
        let r = &self.cooccur;
        let mut columns = vec![col("code", Normal), col("segments", Narrow)];
        columns.extend(r.codes.iter().map(|c| col(c, Narrow)));
        let rows = r
            .codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let mut row = vec![text(code)];
                row.push(
                    r.matrix
                        .segments_per_code
                        .get(i)
                        .map_or(Value::Empty, |&n| count(n)),
                );
                row.extend(
                    r.matrix
                        .counts
                        .get(i)
                        .into_iter()
                        .flatten()
                        .map(|&n| count(n)),
                );
                row
            })
            .collect();
        Table {
            key: "cooccurrence".into(),
            name: "Co-occurrence".into(),
            columns,
            rows,
            notes: vec![format!(
                "Codings of the selected cases whose characters overlap ({}); a code counts its \
                 sub-codes.",
                r.matrix.unit
            )],
        }
    }

    fn crosstab_tables(&self) -> Vec<Table> {
        use Width::*;
        self.crosstabs
            .iter()
            .map(|x| {
                let t = &x.table;
                let mut columns = vec![col("code", Normal)];
                columns.extend(t.categories.iter().map(|c| col(c, Narrow)));
                columns.push(col("total", Narrow));
                let mut rows: Vec<Vec<Value>> = x
                    .codes
                    .iter()
                    .enumerate()
                    .map(|(i, code)| {
                        let mut row = vec![text(code)];
                        row.extend(t.counts.get(i).into_iter().flatten().map(|&n| count(n)));
                        row.push(t.row_totals.get(i).map_or(Value::Empty, |&n| count(n)));
                        row
                    })
                    .collect();
                let mut total = vec![text("total")];
                total.extend(t.col_totals.iter().map(|&n| count(n)));
                total.push(count(t.total));
                rows.push(total);
                Table {
                    key: format!("crosstab-{}", x.attribute),
                    name: format!("Crosstab {}", x.attribute),
                    columns,
                    rows,
                    notes: vec![format!(
                        "Codings of the selected cases by the case attribute {}; one count per \
                         coding and case.",
                        x.attribute
                    )],
                }
            })
            .collect()
    }
}
