//! Intercoder agreement between two or more coders.
//!
//! # Character level ([`Unit::Char`])
//!
//! For each code c, every character of every document is a unit, and each
//! coder's judgement is binary: "this character is inside one of my
//! segments with code c". Documents are those in `doc_lengths` plus any
//! document that only appears in the segments (its length is then taken to
//! be its largest segment end); segment ends are clamped to the length.
//!
//! * `percent` — share of units on which *all* coders give the same
//!   judgement (for two coders: the usual observed agreement p_o).
//! * `kappa` — Cohen's κ, only for exactly two coders.
//! * `alpha` — Krippendorff's α, nominal, any number of coders.
//! * `positive_agreement` — specific positive agreement `2a / (2a + b + c)`
//!   (pairwise over coders), which ignores units nobody coded.
//!
//! **`exclude_uncoded`** (QualCoder #667: agreement inflated by long
//! stretches nobody coded). When set, a character is a unit only if at least
//! one coder applied *at least one code* to it; this unit set is shared by all
//! rows. We deliberately do **not** restrict code c's row to the characters
//! coded *with c*: on that set there is no "both absent" cell, and with
//! a = both, b = only coder 1, c = only coder 2 (N = a + b + c) one gets
//! `p_o − p_e = −2bc / N²`, i.e. κ ≤ 0 (and α ≤ 0) whatever the coders do.
//! Characters that some coder gave a *different* code remain as informative
//! negatives. With a single code in the project the two definitions
//! coincide (then see `positive_agreement`, which equals the
//! intersection-over-union style overlap for that code).
//!
//! **Overall row** (`code_id: None`): the per-code judgements are pooled —
//! each (code, character) pair is one binary unit — so `units` is the sum of
//! the per-code units and the coefficients are computed on the pooled tally.
//!
//! # Segment level ([`Unit::Segment`])
//!
//! Within one document and code, segments of different coders are *matched*
//! when they overlap (`|∩| > 0`) and `|∩| / |∪| ≥ overlap_threshold` (code
//! points). Matching is transitive: the connected components of the match
//! graph are the units (an unmatched segment is a unit of its own). Each
//! coder is present in a unit if one of its segments is in the component.
//!
//! * Per-code rows: `percent` = share of units in which all coders are
//!   present; `positive_agreement` as above; `kappa` and `alpha` are `None`,
//!   because a unit exists only where somebody coded, so the "both absent"
//!   cell is structurally empty and κ, α ≤ 0 identically (see above).
//! * Overall row: all units of all codes; each coder's *value* for a unit is
//!   its code if present, "absent" otherwise. `kappa` is multi-category
//!   Cohen's κ over these values (two coders), `alpha` is nominal
//!   Krippendorff's α over them; `percent` = share of units with all coders
//!   present.
//!
//! # Degenerate cases
//!
//! κ is `None` when `p_e = 1` and α is `None` when the expected disagreement
//! is 0 (no variation in the data): the coefficients are 0/0 there. We follow
//! Krippendorff in calling this undefined rather than reporting 1.0. A row
//! with no units has `percent` 0. No output value is ever NaN or infinite.
//!
//! # Disagreements
//!
//! Character level: maximal runs of characters (per document and code) in
//! which the same set of coders is present and at least one coder is absent.
//! Segment level: one entry per unit lacking a coder, spanning the union of
//! its segments. Sorted by document, start, end, code.

#[cfg(test)]
mod brute_tests;
mod chars;
mod segments;
mod stats;
#[cfg(test)]
mod tests;

use std::str::FromStr;

pub use stats::{cohen_kappa, krippendorff_alpha_nominal};

use super::{AnalysisError, Segment};

/// What counts as a unit of agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Every character (code point); judgements per code.
    #[default]
    Char,
    /// Matched segment clusters.
    Segment,
}

impl FromStr for Unit {
    type Err = AnalysisError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "char" | "chars" | "character" | "characters" => Ok(Self::Char),
            "segment" | "segments" => Ok(Self::Segment),
            _ => Err(AnalysisError::InvalidUnit(s.to_string())),
        }
    }
}

/// Options for [`agreement`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct AgreementOptions {
    /// Unit of analysis.
    pub unit: Unit,
    /// Character level: count only characters some coder coded with any code.
    pub exclude_uncoded: bool,
    /// Segment level: minimum intersection / union for two segments to match.
    pub overlap_threshold: f64,
}

impl Default for AgreementOptions {
    fn default() -> Self {
        Self {
            unit: Unit::Char,
            exclude_uncoded: false,
            overlap_threshold: 0.5,
        }
    }
}

/// Agreement figures for one code (`code_id: Some`) or overall (`None`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgreementRow {
    /// Code, or `None` for the overall (pooled) row.
    pub code_id: Option<i64>,
    /// Number of units (characters, (code, character) pairs, or segment units).
    pub units: usize,
    /// Share of units with full agreement, in [0, 1].
    pub percent: f64,
    /// Cohen's κ (two coders only); `None` when undefined.
    pub kappa: Option<f64>,
    /// Krippendorff's α (nominal); `None` when undefined.
    pub alpha: Option<f64>,
    /// Specific positive agreement (pairwise `2a / (2a + b + c)`); `None`
    /// when nobody coded anything.
    pub positive_agreement: Option<f64>,
}

/// A span where the coders disagree, for the side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Disagreement {
    /// Document.
    pub doc_id: i64,
    /// First code point (inclusive).
    pub start: usize,
    /// End code point (exclusive).
    pub end: usize,
    /// Code the disagreement is about.
    pub code_id: i64,
    /// Coders who applied the code here.
    pub coders_present: Vec<String>,
    /// Coders who did not.
    pub coders_absent: Vec<String>,
}

/// Result of [`agreement`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgreementReport {
    /// Unit of analysis used.
    pub unit: Unit,
    /// Whether uncoded characters were excluded (character level only).
    pub exclude_uncoded: bool,
    /// Coders compared, sorted by name.
    pub coders: Vec<String>,
    /// One row per code (sorted by code id), then the overall row.
    pub rows: Vec<AgreementRow>,
    /// Character level: the same rows counting only characters some coder coded ("coded text
    /// only"), whatever `exclude_uncoded` says, so both figures can be shown side by side;
    /// empty at the segment level.
    pub coded_only: Vec<AgreementRow>,
    /// Disagreement spans (see module docs).
    pub disagreements: Vec<Disagreement>,
}

/// Computes intercoder agreement; see the module docs for the definitions.
///
/// The coders are all distinct `coder` names in `segments` (at least two are
/// required). `doc_lengths` gives `(doc_id, length in code points)` of the
/// documents compared; it is only used at the character level.
pub fn agreement(
    segments: &[Segment],
    doc_lengths: &[(i64, usize)],
    options: &AgreementOptions,
) -> Result<AgreementReport, AnalysisError> {
    let t = options.overlap_threshold;
    if !(0.0..=1.0).contains(&t) {
        return Err(AnalysisError::InvalidThreshold(t));
    }
    let mut coders: Vec<String> = segments.iter().map(|s| s.coder.clone()).collect();
    coders.sort();
    coders.dedup();
    if coders.len() < 2 {
        return Err(AnalysisError::TooFewCoders(coders.len()));
    }
    let (rows, mut disagreements) = match options.unit {
        Unit::Char => chars::char_level(segments, doc_lengths, &coders, options.exclude_uncoded),
        Unit::Segment => segments::segment_level(segments, &coders, t),
    };
    let coded_only = match options.unit {
        Unit::Char if options.exclude_uncoded => rows.clone(),
        Unit::Char => chars::char_level(segments, doc_lengths, &coders, true).0,
        Unit::Segment => Vec::new(),
    };
    disagreements.sort_by_key(|d| (d.doc_id, d.start, d.end, d.code_id));
    Ok(AgreementReport {
        unit: options.unit,
        exclude_uncoded: options.exclude_uncoded && options.unit == Unit::Char,
        coders,
        rows,
        coded_only,
        disagreements,
    })
}

/// Builds a [`Disagreement`] from a per-coder presence mask.
fn disagreement(
    coders: &[String],
    present: &[bool],
    doc_id: i64,
    code_id: i64,
    span: (usize, usize),
) -> Disagreement {
    let pick = |want: bool| -> Vec<String> {
        coders
            .iter()
            .zip(present)
            .filter(|(_, p)| **p == want)
            .map(|(c, _)| c.clone())
            .collect()
    };
    Disagreement {
        doc_id,
        start: span.0,
        end: span.1,
        code_id,
        coders_present: pick(true),
        coders_absent: pick(false),
    }
}

/// Row from a binary tally (character level, and segment-level per code).
fn tally_row(code_id: Option<i64>, tally: &stats::BinaryTally, coefficients: bool) -> AgreementRow {
    AgreementRow {
        code_id,
        units: tally.total() as usize,
        percent: tally.percent(),
        kappa: if coefficients { tally.kappa() } else { None },
        alpha: if coefficients { tally.alpha() } else { None },
        positive_agreement: tally.positive(),
    }
}
