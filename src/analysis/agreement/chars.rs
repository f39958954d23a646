//! Character-level agreement (see the parent module docs).
//!
//! Characters are never visited one by one: per (code, document) the
//! coders' merged intervals are swept over their boundaries, so the cost is
//! `O(n log n)` in the number of segments; characters nobody coded with the
//! code are added in bulk as "all absent" units.

use std::collections::BTreeMap;

use super::stats::BinaryTally;
use super::{AgreementRow, Disagreement, Segment, disagreement, tally_row};

/// Intervals `[start, end)` of each coder (indexed like the coder list).
type PerCoder = Vec<Vec<(usize, usize)>>;

/// Sorts and merges intervals in place (touching intervals are joined).
fn merge(iv: &mut Vec<(usize, usize)>) {
    iv.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(iv.len());
    for &(s, e) in iv.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *iv = out;
}

pub(super) fn char_level(
    segments: &[Segment],
    doc_lengths: &[(i64, usize)],
    coders: &[String],
    exclude_uncoded: bool,
) -> (Vec<AgreementRow>, Vec<Disagreement>) {
    let m = coders.len();
    let known: BTreeMap<i64, usize> = doc_lengths.iter().copied().collect();
    let mut lengths = known.clone();
    for s in segments.iter().filter(|s| !known.contains_key(&s.doc_id)) {
        let l = lengths.entry(s.doc_id).or_default();
        *l = (*l).max(s.end);
    }

    // (code, doc) → per-coder intervals, clamped to the document length.
    let mut groups: BTreeMap<(i64, i64), PerCoder> = BTreeMap::new();
    let mut any_code: BTreeMap<i64, Vec<(usize, usize)>> = BTreeMap::new();
    for s in segments {
        let len = lengths[&s.doc_id];
        let (start, end) = (s.start.min(len), s.end.min(len));
        if start >= end {
            continue;
        }
        let k = coders.binary_search(&s.coder).unwrap_or(0);
        let g = groups
            .entry((s.code_id, s.doc_id))
            .or_insert_with(|| vec![Vec::new(); m]);
        g[k].push((start, end));
        any_code.entry(s.doc_id).or_default().push((start, end));
    }

    // Units per code: all characters, or those coded with any code.
    let base: u64 = if exclude_uncoded {
        any_code
            .values_mut()
            .map(|iv| {
                merge(iv);
                iv.iter().map(|(s, e)| (e - s) as u64).sum::<u64>()
            })
            .sum()
    } else {
        lengths.values().map(|&l| l as u64).sum()
    };

    let mut codes: Vec<i64> = segments.iter().map(|s| s.code_id).collect();
    codes.sort_unstable();
    codes.dedup();

    let mut rows = Vec::with_capacity(codes.len() + 1);
    let mut overall = BinaryTally::new(m);
    let mut disagreements = Vec::new();
    for &code in &codes {
        let mut tally = BinaryTally::new(m);
        for ((_, doc), per_coder) in groups.range_mut((code, i64::MIN)..=(code, i64::MAX)) {
            sweep(per_coder, &mut tally, |present, span| {
                disagreements.push(disagreement(coders, present, *doc, code, span));
            });
        }
        // Every remaining unit is one nobody coded with this code.
        let covered = tally.total();
        tally.by_ones[0] += base.saturating_sub(covered);
        overall.merge(&tally);
        rows.push(tally_row(Some(code), &tally, true));
    }
    rows.push(tally_row(None, &overall, true));
    (rows, disagreements)
}

/// Sweeps the boundaries of the coders' merged intervals in one document,
/// adding every elementary piece covered by at least one coder to `tally`
/// and reporting maximal disagreement runs (same presence set, contiguous).
fn sweep(
    per_coder: &mut [Vec<(usize, usize)>],
    tally: &mut BinaryTally,
    mut report: impl FnMut(&[bool], (usize, usize)),
) {
    let m = per_coder.len();
    let mut points: Vec<usize> = Vec::new();
    for iv in per_coder.iter_mut() {
        merge(iv);
        points.extend(iv.iter().flat_map(|&(s, e)| [s, e]));
    }
    points.sort_unstable();
    points.dedup();
    let mut cursor = vec![0usize; m];
    let mut present = vec![false; m];
    let mut run: Option<(Vec<bool>, usize, usize)> = None;
    for w in points.windows(2) {
        let (p, q) = (w[0], w[1]);
        for k in 0..m {
            let iv = &per_coder[k];
            while cursor[k] < iv.len() && iv[cursor[k]].1 <= p {
                cursor[k] += 1;
            }
            present[k] = cursor[k] < iv.len() && iv[cursor[k]].0 <= p;
        }
        let j = present.iter().filter(|&&x| x).count();
        if j == 0 {
            continue;
        }
        tally.add(&present, (q - p) as u64);
        if j < m {
            match &mut run {
                Some((mask, _, end)) if *mask == present && *end == p => *end = q,
                _ => {
                    if let Some((mask, s, e)) = run.take() {
                        report(&mask, (s, e));
                    }
                    run = Some((present.clone(), p, q));
                }
            }
        }
    }
    if let Some((mask, s, e)) = run {
        report(&mask, (s, e));
    }
}
