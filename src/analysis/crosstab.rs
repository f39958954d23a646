//! Code × category cross-tabulation (e.g. codes by document attribute).
//!
//! Each input item is one `(code_id, category)` observation — one per coding
//! or one per (document, code), as the caller decides.

use std::collections::BTreeMap;

use super::ratio;

/// Result of [`crosstab`]. Rows are codes, columns are categories.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Crosstab {
    /// Codes (rows), sorted ascending.
    pub codes: Vec<i64>,
    /// Categories (columns), sorted (byte-wise string order).
    pub categories: Vec<String>,
    /// `counts[row][col]`.
    pub counts: Vec<Vec<u64>>,
    /// Row sums.
    pub row_totals: Vec<u64>,
    /// Column sums.
    pub col_totals: Vec<u64>,
    /// Number of items.
    pub total: u64,
    /// `100 · counts[r][c] / row_totals[r]` (each row sums to 100).
    pub row_percent: Vec<Vec<f64>>,
    /// `100 · counts[r][c] / col_totals[c]` (each column sums to 100).
    pub col_percent: Vec<Vec<f64>>,
}

/// Cross-tabulates `(code_id, category)` items. Every listed code and
/// category occurs at least once, so totals are never zero; percentages are
/// on a 0–100 scale.
pub fn crosstab(items: &[(i64, String)]) -> Crosstab {
    let mut cells: BTreeMap<(i64, &str), u64> = BTreeMap::new();
    for (code, cat) in items {
        *cells.entry((*code, cat.as_str())).or_default() += 1;
    }
    let mut codes: Vec<i64> = cells.keys().map(|k| k.0).collect();
    codes.dedup();
    let mut categories: Vec<String> = cells.keys().map(|k| k.1.to_string()).collect();
    categories.sort();
    categories.dedup();

    let mut counts = vec![vec![0u64; categories.len()]; codes.len()];
    for ((code, cat), n) in cells {
        let r = codes.binary_search(&code).unwrap_or(0);
        let c = categories
            .binary_search_by(|x| x.as_str().cmp(cat))
            .unwrap_or(0);
        counts[r][c] = n;
    }
    let row_totals: Vec<u64> = counts.iter().map(|r| r.iter().sum()).collect();
    let col_totals: Vec<u64> = (0..categories.len())
        .map(|c| counts.iter().map(|r| r[c]).sum())
        .collect();
    let pct = |n: u64, d: u64| ratio(100.0 * n as f64, d as f64).unwrap_or(0.0);
    let row_percent = counts
        .iter()
        .zip(&row_totals)
        .map(|(r, &t)| r.iter().map(|&n| pct(n, t)).collect())
        .collect();
    let col_percent = counts
        .iter()
        .map(|r| {
            r.iter()
                .zip(&col_totals)
                .map(|(&n, &t)| pct(n, t))
                .collect()
        })
        .collect();
    Crosstab {
        codes,
        categories,
        counts,
        row_totals,
        col_totals,
        total: items.len() as u64,
        row_percent,
        col_percent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_crosstab() {
        let items: Vec<(i64, String)> = [
            (2, "女"),
            (1, "男"),
            (1, "女"),
            (1, "男"),
            (2, "女"),
            (2, "女"),
            (1, "男"),
        ]
        .iter()
        .map(|(c, s)| (*c, s.to_string()))
        .collect();
        let t = crosstab(&items);
        assert_eq!(t.codes, vec![1, 2]);
        // Byte-wise order: "女" (U+5973) < "男" (U+7537).
        assert_eq!(t.categories, vec!["女", "男"]);
        // code 1: 女 1, 男 3; code 2: 女 3, 男 0.
        assert_eq!(t.counts, vec![vec![1, 3], vec![3, 0]]);
        assert_eq!(
            (t.row_totals.clone(), t.col_totals.clone(), t.total),
            (vec![4, 3], vec![4, 3], 7)
        );
        // Row %: 1/4 = 25, 3/4 = 75; 3/3 = 100, 0.
        assert_eq!(t.row_percent, vec![vec![25.0, 75.0], vec![100.0, 0.0]]);
        // Column %: 女 1/4 = 25, 3/4 = 75; 男 3/3 = 100, 0/3 = 0.
        assert_eq!(t.col_percent, vec![vec![25.0, 100.0], vec![75.0, 0.0]]);
    }

    #[test]
    fn empty_crosstab() {
        let t = crosstab(&[]);
        assert!(t.codes.is_empty() && t.categories.is_empty() && t.counts.is_empty());
        assert_eq!(t.total, 0);
    }
}
