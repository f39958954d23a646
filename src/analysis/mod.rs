//! Pure analysis algorithms for qcw: code co-occurrence, intercoder
//! agreement, crisp-set QCA and code × category cross-tabulation.
//!
//! Everything in this module works on plain in-memory inputs (no database);
//! callers load [`Segment`]s and other inputs from the store. All result
//! types are `serde::Serialize` and never contain NaN or infinities, so they
//! can be printed as JSON directly.
//!
//! Positions are Unicode code-point offsets; ranges are half-open
//! `[start, end)`.

pub mod agreement;
pub mod cooccur;
pub mod crosstab;
pub mod pii;
pub mod qca;

pub use agreement::{
    AgreementOptions, AgreementReport, AgreementRow, Disagreement, Unit, agreement, cohen_kappa,
    krippendorff_alpha_nominal,
};
pub use cooccur::{CooccurMatrix, CooccurRule, cooccurrence};
#[cfg(any(test, feature = "bench"))]
pub use cooccur::{bench_cooccur, bench_cooccur_figures};
pub use crosstab::{Crosstab, crosstab};
pub use qca::{
    CaseRow, ConditionFit, ConditionRule, TruthRow, TruthTable, condition_present,
    configuration_label, necessity_sufficiency, truth_table,
};

/// One coding: code `code_id` applied by `coder` to the code-point range
/// `[start, end)` of document `doc_id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// Coding (segment) id, used for click-through.
    pub id: i64,
    /// Document the segment belongs to.
    pub doc_id: i64,
    /// Code applied to the segment.
    pub code_id: i64,
    /// Name of the coder who applied it.
    pub coder: String,
    /// First code point (inclusive).
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
}

/// Errors raised by the analysis functions (invalid parameters or inputs).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// A co-occurrence rule string could not be parsed.
    #[error("invalid co-occurrence rule {0:?}: expected overlap, paragraph, near:N or document")]
    InvalidRule(String),
    /// An agreement unit string could not be parsed.
    #[error("invalid agreement unit {0:?}: expected char or segment")]
    InvalidUnit(String),
    /// Intercoder agreement needs segments from at least two coders.
    #[error("intercoder agreement needs at least two coders, found {0}")]
    TooFewCoders(usize),
    /// The segment-matching threshold must be a number in [0, 1].
    #[error("overlap threshold must be within [0, 1], got {0}")]
    InvalidThreshold(f64),
    /// A QCA case has a different number of conditions than there are names.
    #[error("case {case:?} has {found} condition values but {expected} conditions are named")]
    ConditionCount {
        /// Case name.
        case: String,
        /// Number of condition names.
        expected: usize,
        /// Number of values in the case row.
        found: usize,
    },
}

/// `num / den`, or `None` when the denominator is zero (never NaN).
pub(crate) fn ratio(num: f64, den: f64) -> Option<f64> {
    if den == 0.0 {
        None
    } else {
        let r = num / den;
        r.is_finite().then_some(r)
    }
}
