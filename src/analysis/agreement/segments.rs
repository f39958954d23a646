//! Segment-level agreement (see the parent module docs).

use std::collections::BTreeMap;

use super::stats::{BinaryTally, cohen_kappa, krippendorff_alpha_nominal};
use super::{AgreementRow, Disagreement, Segment, disagreement, tally_row};

/// (coder index, start, end) of one segment.
type CoderSpan = (usize, usize, usize);

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// One matched cluster: which coders are present and the covered span.
struct Cluster {
    present: Vec<bool>,
    start: usize,
    end: usize,
}

/// Clusters one (code, document) group of segments (coder index, start, end).
fn clusters(segs: &mut [CoderSpan], m: usize, threshold: f64) -> Vec<Cluster> {
    segs.sort_unstable_by_key(|&(k, s, e)| (s, e, k));
    let mut parent: Vec<usize> = (0..segs.len()).collect();
    let mut active: Vec<usize> = Vec::new();
    for t in 0..segs.len() {
        let (kt, st, et) = segs[t];
        active.retain(|&s| segs[s].2 > st);
        if st >= et {
            continue;
        }
        for &s in &active {
            let (ks, ss, es) = segs[s];
            if ks == kt {
                continue;
            }
            // ss ≤ st < es: the intersection is non-empty.
            let inter = es.min(et) - st;
            let union = es.max(et) - ss;
            if inter as f64 / union as f64 >= threshold {
                let (a, b) = (find(&mut parent, s), find(&mut parent, t));
                parent[a.max(b)] = a.min(b);
            }
        }
        active.push(t);
    }
    let mut by_root: BTreeMap<usize, Cluster> = BTreeMap::new();
    for (i, &(k, s, e)) in segs.iter().enumerate() {
        let root = find(&mut parent, i);
        let c = by_root.entry(root).or_insert_with(|| Cluster {
            present: vec![false; m],
            start: s,
            end: e,
        });
        c.present[k] = true;
        c.start = c.start.min(s);
        c.end = c.end.max(e);
    }
    by_root.into_values().collect()
}

pub(super) fn segment_level(
    segments: &[Segment],
    coders: &[String],
    threshold: f64,
) -> (Vec<AgreementRow>, Vec<Disagreement>) {
    let m = coders.len();
    let mut groups: BTreeMap<(i64, i64), Vec<CoderSpan>> = BTreeMap::new();
    for s in segments {
        let k = coders.binary_search(&s.coder).unwrap_or(0);
        groups
            .entry((s.code_id, s.doc_id))
            .or_default()
            .push((k, s.start, s.end));
    }
    let mut codes: Vec<i64> = groups.keys().map(|k| k.0).collect();
    codes.dedup();

    let mut rows = Vec::with_capacity(codes.len() + 1);
    let mut disagreements = Vec::new();
    let mut pooled = BinaryTally::new(m);
    // values[coder][unit]: 0 = absent, i + 1 = codes[i].
    let mut values: Vec<Vec<Option<u32>>> = vec![Vec::new(); m];
    for (ci, &code) in codes.iter().enumerate() {
        let mut tally = BinaryTally::new(m);
        for ((_, doc), segs) in groups.range_mut((code, i64::MIN)..=(code, i64::MAX)) {
            for c in clusters(segs, m, threshold) {
                tally.add(&c.present, 1);
                for (k, &p) in c.present.iter().enumerate() {
                    values[k].push(Some(if p { ci as u32 + 1 } else { 0 }));
                }
                if c.present.iter().any(|p| !p) {
                    disagreements.push(disagreement(
                        coders,
                        &c.present,
                        *doc,
                        code,
                        (c.start, c.end),
                    ));
                }
            }
        }
        pooled.merge(&tally);
        rows.push(tally_row(Some(code), &tally, false));
    }

    let mut overall = tally_row(None, &pooled, false);
    overall.alpha = krippendorff_alpha_nominal(&values);
    if m == 2 {
        let q = codes.len() + 1;
        let mut table = vec![vec![0.0; q]; q];
        for (a, b) in values[0].iter().zip(&values[1]) {
            if let (Some(a), Some(b)) = (a, b) {
                table[*a as usize][*b as usize] += 1.0;
            }
        }
        overall.kappa = cohen_kappa(&table);
    }
    rows.push(overall);
    (rows, disagreements)
}
