//! Randomised cross-check of the character-level sweep against a literal
//! character-by-character computation.

use super::*;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Literal per-character row: (units, percent, κ, α) for `code` (or all codes pooled).
fn brute_row(
    segs: &[Segment],
    docs: &[(i64, usize)],
    coders: &[String],
    code: Option<i64>,
    exclude: bool,
) -> (usize, f64, Option<f64>, Option<f64>) {
    let mut codes: Vec<i64> = segs.iter().map(|s| s.code_id).collect();
    codes.sort();
    codes.dedup();
    let codes: Vec<i64> = codes
        .into_iter()
        .filter(|c| code.is_none_or(|x| x == *c))
        .collect();
    let covers = |s: &Segment, doc: i64, i: usize| s.doc_id == doc && s.start <= i && i < s.end;
    let mut data: Vec<Vec<Option<u32>>> = vec![Vec::new(); coders.len()];
    let mut table = vec![vec![0.0; 2]; 2];
    let mut agree = 0usize;
    for &c in &codes {
        for &(doc, len) in docs {
            for i in 0..len {
                if exclude && !segs.iter().any(|s| covers(s, doc, i)) {
                    continue;
                }
                let v: Vec<u32> = coders
                    .iter()
                    .map(|k| {
                        segs.iter()
                            .any(|s| &s.coder == k && s.code_id == c && covers(s, doc, i))
                            as u32
                    })
                    .collect();
                for (k, &x) in v.iter().enumerate() {
                    data[k].push(Some(x));
                }
                agree += v.iter().all(|&x| x == v[0]) as usize;
                if v.len() == 2 {
                    table[1 - v[0] as usize][1 - v[1] as usize] += 1.0;
                }
            }
        }
    }
    let units = data[0].len();
    let percent = if units == 0 {
        0.0
    } else {
        agree as f64 / units as f64
    };
    let kappa = if coders.len() == 2 {
        cohen_kappa(&table)
    } else {
        None
    };
    (units, percent, kappa, krippendorff_alpha_nominal(&data))
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (a, b) => a == b,
    }
}

#[test]
fn char_level_matches_per_character_computation() {
    let mut rng = Rng(0x1234_5678);
    for round in 0..40 {
        let n_coders = 2 + round % 2;
        let docs: Vec<(i64, usize)> = (0..3).map(|d| (d, 20 + rng.below(40))).collect();
        let segs: Vec<Segment> = (0..6 + rng.below(14))
            .map(|i| {
                let (doc, len) = docs[rng.below(docs.len())];
                let start = rng.below(len);
                Segment {
                    id: i as i64,
                    doc_id: doc,
                    code_id: 1 + rng.below(3) as i64,
                    coder: ["A", "B", "C"][i % n_coders].to_string(),
                    start,
                    end: (start + 1 + rng.below(15)).min(len),
                }
            })
            .collect();
        for exclude in [false, true] {
            let opts = AgreementOptions {
                exclude_uncoded: exclude,
                ..Default::default()
            };
            let r = agreement(&segs, &docs, &opts).unwrap();
            for row in &r.rows {
                let (units, percent, kappa, alpha) =
                    brute_row(&segs, &docs, &r.coders, row.code_id, exclude);
                assert_eq!(row.units, units, "round {round} {row:?}");
                assert!(
                    (row.percent - percent).abs() < 1e-12,
                    "round {round} {row:?}"
                );
                assert!(same(row.kappa, kappa), "round {round} {row:?} vs {kappa:?}");
                assert!(same(row.alpha, alpha), "round {round} {row:?} vs {alpha:?}");
            }
            // Disagreement runs cover exactly the disagreeing characters and are maximal.
            let overall = r.rows.last().unwrap();
            let disagreeing = (overall.units as f64 * (1.0 - overall.percent)).round() as usize;
            let covered: usize = r.disagreements.iter().map(|d| d.end - d.start).sum();
            assert_eq!(covered, disagreeing, "round {round}");
            for w in r.disagreements.windows(2) {
                let touching = w[0].doc_id == w[1].doc_id
                    && w[0].code_id == w[1].code_id
                    && w[0].end == w[1].start;
                assert!(
                    !(touching && w[0].coders_present == w[1].coders_present),
                    "{w:?}"
                );
            }
        }
    }
}
