//! Agreement coefficients: Cohen's κ, Krippendorff's α (nominal), and a
//! weighted tally of binary (coded / not coded) judgements.

use super::super::ratio;

/// Cohen's κ for two coders from a square confusion matrix
/// (`table[i][j]` = weight of units coder 1 put in category i and coder 2
/// in category j).
///
/// `κ = (p_o − p_e) / (1 − p_e)` with `p_o = Σ table[i][i] / N` and
/// `p_e = Σ row_i · col_i / N²`. Returns `None` when the table is empty,
/// not square, or `p_e = 1` (both coders put every unit in one and the same
/// category: no variation, κ is 0/0 and undefined — we do not report 1.0).
pub fn cohen_kappa(table: &[Vec<f64>]) -> Option<f64> {
    let q = table.len();
    if table.iter().any(|r| r.len() != q) {
        return None;
    }
    let n: f64 = table.iter().flatten().sum();
    let trace: f64 = (0..q).map(|i| table[i][i]).sum();
    let chance: f64 = (0..q)
        .map(|i| table[i].iter().sum::<f64>() * table.iter().map(|r| r[i]).sum::<f64>())
        .sum();
    // κ = (N·trace − Σ row·col) / (N² − Σ row·col), exact for integer weights.
    let den = n * n - chance;
    if n <= 0.0 || den <= 0.0 {
        return None;
    }
    ratio(n * trace - chance, den)
}

/// Krippendorff's α for nominal data with any number of coders and missing
/// values; `data[coder][unit]`, `None` = coder did not judge the unit (rows
/// may have different lengths; absent entries count as `None`).
///
/// Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
/// units with fewer than two values are not pairable and are dropped; each
/// unit u with m_u values adds `count_c · count_k / (m_u − 1)` to the
/// coincidence `o_ck` (c ≠ k); `n_c = Σ_k o_ck`, `n = Σ n_c`, and
/// `α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k`.
/// Returns `None` when there are no pairable values or no variation at all
/// (expected disagreement 0).
pub fn krippendorff_alpha_nominal(data: &[Vec<Option<u32>>]) -> Option<f64> {
    let units = data.iter().map(Vec::len).max().unwrap_or(0);
    let mut n_c: Vec<(u32, f64)> = Vec::new();
    let mut observed = 0.0; // Σ_{c≠k} o_ck
    let mut counts: Vec<(u32, f64)> = Vec::new();
    for u in 0..units {
        counts.clear();
        for v in data.iter().filter_map(|row| row.get(u).copied().flatten()) {
            match counts.iter_mut().find(|(c, _)| *c == v) {
                Some((_, k)) => *k += 1.0,
                None => counts.push((v, 1.0)),
            }
        }
        let m: f64 = counts.iter().map(|c| c.1).sum();
        if m < 2.0 {
            continue;
        }
        let same: f64 = counts.iter().map(|c| c.1 * c.1).sum();
        observed += (m * m - same) / (m - 1.0);
        for &(v, k) in &counts {
            match n_c.iter_mut().find(|(c, _)| *c == v) {
                Some((_, t)) => *t += k,
                None => n_c.push((v, k)),
            }
        }
    }
    let n: f64 = n_c.iter().map(|c| c.1).sum();
    let expected = n * n - n_c.iter().map(|c| c.1 * c.1).sum::<f64>();
    if expected <= 0.0 {
        return None;
    }
    ratio((n - 1.0) * observed, expected).map(|r| 1.0 - r)
}

/// Weighted tally of binary judgements by `m` coders. Every unit is judged
/// by every coder (there are no missing values at the character level).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct BinaryTally {
    /// `by_ones[j]` = weight of units that exactly `j` coders marked present.
    pub(super) by_ones: Vec<u64>,
    /// `ones[k]` = weight of units coder `k` marked present.
    pub(super) ones: Vec<u64>,
}

impl BinaryTally {
    pub(super) fn new(m: usize) -> Self {
        Self {
            by_ones: vec![0; m + 1],
            ones: vec![0; m],
        }
    }

    fn m(&self) -> usize {
        self.ones.len()
    }

    /// Adds `weight` units in which exactly the coders in `present` said yes.
    pub(super) fn add(&mut self, present: &[bool], weight: u64) {
        let mut j = 0;
        for (k, _) in present.iter().enumerate().filter(|p| *p.1) {
            self.ones[k] += weight;
            j += 1;
        }
        self.by_ones[j] += weight;
    }

    /// Adds another tally (pooling units).
    pub(super) fn merge(&mut self, other: &Self) {
        for (a, b) in self.by_ones.iter_mut().zip(&other.by_ones) {
            *a += b;
        }
        for (a, b) in self.ones.iter_mut().zip(&other.ones) {
            *a += b;
        }
    }

    /// Number of units (total weight).
    pub(super) fn total(&self) -> u64 {
        self.by_ones.iter().sum()
    }

    /// Share of units on which all coders agree; 0 when there are no units.
    pub(super) fn percent(&self) -> f64 {
        let agree = self.by_ones[0] + self.by_ones[self.m()];
        ratio(agree as f64, self.total() as f64).unwrap_or(0.0)
    }

    /// Cohen's κ; `None` unless there are exactly two coders.
    pub(super) fn kappa(&self) -> Option<f64> {
        if self.m() != 2 {
            return None;
        }
        let both = self.by_ones[2];
        let (a_only, b_only) = (self.ones[0] - both, self.ones[1] - both);
        let f = |x: u64| x as f64;
        cohen_kappa(&[
            vec![f(both), f(a_only)],
            vec![f(b_only), f(self.by_ones[0])],
        ])
    }

    /// Krippendorff's α (nominal, binary values, no missing values):
    /// `α = 1 − (n − 1) · o_01 / (n_0 · n_1)` with
    /// `o_01 = Σ_u j_u (m − j_u) / (m − 1)`, `n_1 = Σ_u j_u`, `n_0 = Σ_u (m − j_u)`.
    pub(super) fn alpha(&self) -> Option<f64> {
        let m = self.m() as f64;
        let (mut o01, mut n1, mut n0) = (0.0, 0.0, 0.0);
        for (j, &w) in self.by_ones.iter().enumerate() {
            let (j, w) = (j as f64, w as f64);
            o01 += w * j * (m - j) / (m - 1.0);
            n1 += w * j;
            n0 += w * (m - j);
        }
        if n0 * n1 <= 0.0 {
            return None;
        }
        ratio((n0 + n1 - 1.0) * o01, n0 * n1).map(|r| 1.0 - r)
    }

    /// Specific positive agreement over coder pairs:
    /// `2·Σ C(j,2) / (2·Σ C(j,2) + Σ j(m − j))`; for two coders
    /// `2a / (2a + b + c)` (a = both coded, b, c = one coded). Ignores
    /// units nobody coded, so it is unaffected by uncoded text.
    pub(super) fn positive(&self) -> Option<f64> {
        let m = self.m() as f64;
        let (mut both, mut mixed) = (0.0, 0.0);
        for (j, &w) in self.by_ones.iter().enumerate() {
            let (j, w) = (j as f64, w as f64);
            both += w * j * (j - 1.0) / 2.0;
            mixed += w * j * (m - j);
        }
        ratio(2.0 * both, 2.0 * both + mixed)
    }
}
