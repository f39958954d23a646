//! Benchmark figures (feature `bench`): one timing against the baseline measured in the same run,
//! collected by each benchmark for `qcw bench all`.

use serde::Serialize;

/// One measured figure and its baseline, both in milliseconds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figure {
    /// What was timed, e.g. `search ×10, limit 100, p99`.
    pub what: String,
    /// Its time in milliseconds.
    pub ms: f64,
    /// The baseline, e.g. `substring scan ×10, p99`.
    pub baseline: String,
    /// The baseline's time in milliseconds.
    pub baseline_ms: f64,
    /// `ms / baseline_ms` (below 1: faster than the baseline).
    pub ratio: f64,
}

impl Figure {
    /// A figure; the ratio is computed here (a zero baseline counts as 1 µs).
    pub fn new(
        what: impl Into<String>,
        ms: f64,
        baseline: impl Into<String>,
        baseline_ms: f64,
    ) -> Figure {
        Figure {
            what: what.into(),
            ms,
            baseline: baseline.into(),
            baseline_ms,
            ratio: ms / baseline_ms.max(1e-3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_is_time_over_baseline() {
        let f = Figure::new("a", 30.0, "b", 10.0);
        assert!((f.ratio - 3.0).abs() < 1e-9);
        assert!(Figure::new("a", 1.0, "b", 0.0).ratio.is_finite());
    }
}
