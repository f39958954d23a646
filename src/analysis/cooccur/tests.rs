use std::collections::{BTreeMap, BTreeSet};

use super::bench::generate;
use super::*;

fn seg(id: i64, doc_id: i64, code_id: i64, start: usize, end: usize) -> Segment {
    Segment {
        id,
        doc_id,
        code_id,
        coder: "A".into(),
        start,
        end,
    }
}

/// Doc 1 has paragraphs [0,10) [11,20) [21,30); doc 2 has none (= one paragraph).
///
/// ```text
/// s1 code1 [0,5)   para0      s2 code2 [3,8)  para0   (overlaps s1)
/// s3 code3 [12,15) para1      s4 code1 [14,25) para1+2 (overlaps s3)
/// s5 code2 [26,28) para2      (gap to s4 = 26-25 = 1)
/// doc2: s6 code1 [0,4), s7 code3 [10,12) (gap 6)
/// ```
fn example() -> Vec<Segment> {
    vec![
        seg(1, 1, 1, 0, 5),
        seg(2, 1, 2, 3, 8),
        seg(3, 1, 3, 12, 15),
        seg(4, 1, 1, 14, 25),
        seg(5, 1, 2, 26, 28),
        seg(6, 2, 1, 0, 4),
        seg(7, 2, 3, 10, 12),
    ]
}

fn paras(doc: i64) -> Vec<(usize, usize)> {
    if doc == 1 {
        vec![(21, 30), (0, 10), (11, 20)] // unsorted on purpose
    } else {
        vec![]
    }
}

fn run(rule: CooccurRule) -> CooccurMatrix {
    cooccurrence(&example(), &rule, &paras)
}

#[test]
fn parse_rules() {
    assert_eq!("overlap".parse::<CooccurRule>(), Ok(CooccurRule::Overlap));
    assert_eq!(
        " Paragraph ".parse::<CooccurRule>(),
        Ok(CooccurRule::Paragraph)
    );
    assert_eq!("near:25".parse::<CooccurRule>(), Ok(CooccurRule::Near(25)));
    assert_eq!("NEAR: 3".parse::<CooccurRule>(), Ok(CooccurRule::Near(3)));
    assert_eq!("document".parse::<CooccurRule>(), Ok(CooccurRule::Document));
    for bad in ["", "near", "near:", "near:-1", "near:x", "sentence"] {
        let err = bad.parse::<CooccurRule>().unwrap_err();
        assert_eq!(err, AnalysisError::InvalidRule(bad.into()));
        assert!(err.to_string().contains("near:N"));
    }
    for r in [
        CooccurRule::Overlap,
        CooccurRule::Near(7),
        CooccurRule::Document,
    ] {
        assert_eq!(r.to_string().parse::<CooccurRule>(), Ok(r));
    }
}

#[test]
fn overlap_counts_and_jaccard() {
    let m = run(CooccurRule::Overlap);
    assert_eq!(m.codes, vec![1, 2, 3]);
    // Pairs: (s1,s2) codes 1-2, (s3,s4) codes 3-1. Diagonal = segments: 3, 2, 2.
    assert_eq!(m.counts, vec![vec![3, 1, 1], vec![1, 2, 0], vec![1, 0, 2]]);
    // J(1,2) = (|{s1}| + |{s2}|) / (3 + 2) = 0.4; J(1,3) = (|{s4}| + |{s3}|) / 5 = 0.4.
    assert_eq!(m.jaccard[0], vec![1.0, 0.4, 0.4]);
    assert_eq!(m.jaccard[1][2], 0.0);
    assert_eq!(m.cell_segments(1, 2), &[(1, 2)]);
    assert_eq!(m.cell_segments(2, 1), &[(2, 1)]);
    assert_eq!(m.cell_segments(3, 1), &[(3, 4)]);
    assert_eq!(m.cell_segments(2, 3), &[]);
    assert_eq!(m.cell_segments(2, 2), &[(2, 2), (5, 5)]);
    assert_eq!(m.cell_segment_ids(1, 2), vec![1, 2]);
    assert_eq!(m.cell_segment_ids(3, 1), vec![3, 4]);
    assert_eq!(m.cell_segment_ids(2, 2), vec![2, 5]);
    assert!(m.cell_segment_ids(2, 3).is_empty());
    assert_eq!(m.cell_segments(9, 1), &[]);
    assert_eq!(m.count(1, 3), 1);
    assert_eq!(m.count(1, 99), 0);
}

#[test]
fn near_counts_and_jaccard() {
    // near:1 adds (s4,s5): gap 26 - 25 = 1 ≤ 1 → codes 1-2 now 2 pairs.
    let m = run(CooccurRule::Near(1));
    assert_eq!(m.counts, vec![vec![3, 2, 1], vec![2, 2, 0], vec![1, 0, 2]]);
    // J(1,2) = (|{s1,s4}| + |{s2,s5}|) / (3 + 2) = 4/5.
    assert_eq!(m.jaccard[0][1], 0.8);
    assert_eq!(m.cell_segments(1, 2), &[(1, 2), (4, 5)]);
    // near:6 adds s2-s3 (gap 12-8=4, codes 2-3), s2-s4 (14-8=6, 2-1),
    // s6-s7 (10-4=6, 1-3); s1-s3 has gap 7 and s3-s5 gap 11: excluded.
    let m = run(CooccurRule::Near(6));
    assert_eq!(m.counts, vec![vec![3, 3, 2], vec![3, 2, 1], vec![2, 1, 2]]);
    // J(2,3) = (|{s2}| + |{s3}|) / (2 + 2) = 0.5.
    assert_eq!(m.jaccard[1][2], 0.5);
    // near:0 = overlap or touching; nothing touches here, so equals overlap.
    assert_eq!(
        run(CooccurRule::Near(0)).counts,
        run(CooccurRule::Overlap).counts
    );
}

#[test]
fn paragraph_counts_and_jaccard() {
    let m = run(CooccurRule::Paragraph);
    // Units: d1p0 {1,2}, d1p1 {3,1}, d1p2 {1,2}, d2 (one paragraph) {1,3}.
    // Diagonal: code1 in 4 paragraphs, code2 in 2, code3 in 2.
    assert_eq!(m.counts, vec![vec![4, 2, 2], vec![2, 2, 0], vec![2, 0, 2]]);
    // J(1,2) = 2 / (4 + 2 - 2) = 0.5; J(1,3) = 2 / (4 + 2 - 2) = 0.5.
    assert_eq!(m.jaccard[0], vec![1.0, 0.5, 0.5]);
    assert_eq!(m.cell_segments(1, 2), &[(1, 2), (4, 5)]);
    assert_eq!(m.cell_segments(1, 3), &[(4, 3), (6, 7)]);
}

#[test]
fn paragraph_gaps_and_edges() {
    // Paragraphs [5,10) [12,20). Segment in the gap [10,12) → paragraph 0;
    // before the first paragraph → paragraph 0; past the end → last paragraph;
    // empty segment at 12 → covers point 12 → paragraph 1.
    let segs = vec![
        seg(1, 1, 1, 0, 3),
        seg(2, 1, 2, 10, 12),
        seg(3, 1, 3, 30, 40),
        seg(4, 1, 4, 12, 12),
        seg(5, 1, 5, 6, 7),
    ];
    let m = cooccurrence(&segs, &CooccurRule::Paragraph, &|_| vec![(5, 10), (12, 20)]);
    // Paragraph 0: codes {1,2,5}; paragraph 1: codes {3,4}.
    assert_eq!(m.count(1, 2), 1);
    assert_eq!(m.count(2, 5), 1);
    assert_eq!(m.count(3, 4), 1);
    assert_eq!(m.count(1, 3), 0);
}

#[test]
fn document_counts_and_jaccard() {
    let m = run(CooccurRule::Document);
    // doc1 {1,2,3}, doc2 {1,3}: (1,2)=1, (1,3)=2, (2,3)=1; diagonal 2, 1, 2.
    assert_eq!(m.counts, vec![vec![2, 1, 2], vec![1, 1, 1], vec![2, 1, 2]]);
    // J(1,2) = 1/(2+1-1) = 0.5; J(1,3) = 2/(2+2-2) = 1; J(2,3) = 1/(1+2-1) = 0.5.
    assert_eq!(m.jaccard[0], vec![1.0, 0.5, 1.0]);
    assert_eq!(m.jaccard[1][2], 0.5);
    assert_eq!(m.cell_segments(1, 3), &[(1, 3), (4, 3), (6, 7)]);
    assert_eq!(m.unit, "documents");
}

#[test]
fn empty_input_and_json() {
    let m = cooccurrence(&[], &CooccurRule::Overlap, &|_| vec![]);
    assert!(m.codes.is_empty() && m.counts.is_empty());
    let json = serde_json::to_string(&run(CooccurRule::Near(2))).unwrap();
    assert!(json.contains("\"codes\":[1,2,3]") && !json.contains("store"));
}

type Counts = BTreeMap<(i64, i64), u64>;
type Pairs = BTreeMap<(i64, i64), BTreeSet<(i64, i64)>>;

/// Brute-force O(n²) reference following the module-doc definitions literally.
fn brute(
    segs: &[Segment],
    rule: CooccurRule,
    paras: &dyn Fn(i64) -> Vec<(usize, usize)>,
) -> (Counts, Pairs) {
    let member = |s: &Segment| -> BTreeSet<(i64, usize)> {
        let mut p: Vec<(usize, usize)> = paras(s.doc_id);
        p.retain(|q| q.0 < q.1);
        p.sort();
        if p.is_empty() {
            return [(s.doc_id, 0)].into();
        }
        let e = s.end.max(s.start + 1);
        let hit: BTreeSet<_> = (0..p.len())
            .filter(|&i| p[i].0 < e && s.start < p[i].1)
            .map(|i| (s.doc_id, i))
            .collect();
        if !hit.is_empty() {
            return hit;
        }
        let before = p.iter().filter(|q| q.0 < e).count();
        [(s.doc_id, before.saturating_sub(1))].into()
    };
    let mut counts = BTreeMap::new();
    let mut pairs: BTreeMap<(i64, i64), BTreeSet<(i64, i64)>> = BTreeMap::new();
    let mut units: BTreeMap<i64, BTreeSet<(i64, usize)>> = BTreeMap::new();
    for s in segs {
        let u = match rule {
            CooccurRule::Paragraph => member(s),
            _ => [(s.doc_id, 0)].into(),
        };
        units.entry(s.code_id).or_default().extend(u);
    }
    for x in segs {
        for y in segs {
            if x.doc_id != y.doc_id || x.code_id == y.code_id {
                continue;
            }
            let (ms, me) = (x.start.max(y.start), x.end.min(y.end));
            let hit = match rule {
                CooccurRule::Overlap => ms < me,
                CooccurRule::Near(n) => ms <= me + n,
                CooccurRule::Paragraph => !member(x).is_disjoint(&member(y)),
                CooccurRule::Document => true,
            };
            if hit {
                pairs
                    .entry((x.code_id, y.code_id))
                    .or_default()
                    .insert((x.id, y.id));
            }
        }
    }
    for (&a, ua) in &units {
        for (&b, ub) in &units {
            let c = match rule {
                CooccurRule::Overlap | CooccurRule::Near(_) if a == b => {
                    segs.iter().filter(|s| s.code_id == a).count() as u64
                }
                CooccurRule::Overlap | CooccurRule::Near(_) => {
                    pairs.get(&(a, b)).map_or(0, |p| p.len() as u64)
                }
                _ => ua.intersection(ub).count() as u64,
            };
            counts.insert((a, b), c);
        }
    }
    (counts, pairs)
}

#[test]
fn matches_brute_force_on_random_projects() {
    for seed in 1..=6u64 {
        // Shrink positions 100× so that segments overlap densely.
        let mut p = generate(4, 6, 120, seed);
        for s in &mut p.segments {
            (s.start, s.end) = (s.start / 100, s.end / 100);
        }
        for d in &mut p.paragraphs {
            for r in d.iter_mut() {
                *r = (r.0 / 100, r.1 / 100);
            }
        }
        let p = p;
        let paras = |d: i64| p.paragraphs[d as usize].clone();
        for rule in [
            CooccurRule::Overlap,
            CooccurRule::Near(40),
            CooccurRule::Paragraph,
            CooccurRule::Document,
        ] {
            let m = cooccurrence(&p.segments, &rule, &paras);
            let (counts, pairs) = brute(&p.segments, rule, &paras);
            for (i, &a) in m.codes.iter().enumerate() {
                for (j, &b) in m.codes.iter().enumerate() {
                    assert_eq!(
                        m.counts[i][j],
                        counts[&(a, b)],
                        "{rule} {a} {b} seed {seed}"
                    );
                    let j_ab = m.jaccard[i][j];
                    assert!((0.0..=1.0).contains(&j_ab) && j_ab == m.jaccard[j][i]);
                    if a != b {
                        let want: Vec<(i64, i64)> = pairs
                            .get(&(a, b))
                            .map(|s| s.iter().copied().collect())
                            .unwrap_or_default();
                        assert_eq!(m.cell_segments(a, b), want.as_slice(), "{rule} {a} {b}");
                    }
                }
            }
        }
    }
}

/// Checks a report of [`super::bench::bench_report`] for `(n_docs, n_codes, n_segments)`: one
/// line per rule whose off-diagonal total and busiest cell are those of [`cooccurrence`] on the
/// same generated project, and one line per agreement unit with a κ in [-1, 1].
fn check_bench_report(report: &str, n_docs: usize, n_codes: usize, n_segments: usize) {
    assert!(!report.contains("failed"), "{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines[0].split(" (generated").next(),
        Some(
            format!("project: {n_segments} segments, {n_codes} codes, {n_docs} documents").as_str()
        ),
        "{report}"
    );
    assert!(lines[1].starts_with("baseline: "), "{report}");
    let p = generate(n_docs, n_codes, n_segments, 0x9E37_79B9_7F4A_7C15);
    let paras = |d: i64| p.paragraphs[d as usize].clone();
    let rules = [
        CooccurRule::Overlap,
        CooccurRule::Paragraph,
        CooccurRule::Near(100),
        CooccurRule::Document,
    ];
    for (rule, line) in rules.iter().zip(&lines[2..6]) {
        let m = cooccurrence(&p.segments, rule, &paras);
        let off: Vec<u64> = (0..m.codes.len())
            .flat_map(|a| (a + 1..m.codes.len()).map(move |b| (a, b)))
            .map(|(a, b)| m.counts[a][b])
            .collect();
        let total: u64 = off.iter().sum();
        let busiest = off.iter().copied().max().unwrap_or(0);
        assert!(total > 0, "{rule}: nothing co-occurs");
        assert!(
            line.starts_with(&format!("{:<10} best ", rule.to_string())),
            "{line}"
        );
        assert!(
            line.contains(&format!(
                "off-diagonal total {total}; busiest cell {busiest} → "
            )),
            "{rule}: {line}"
        );
    }
    assert_eq!(
        lines[6],
        format!("agreement of coders A and B (2 coders, {n_codes} codes):")
    );
    for (name, line) in ["char", "char-excl", "segment"].iter().zip(&lines[7..]) {
        assert!(line.starts_with(&format!("{name:<10} best ")), "{line}");
        let kappa: f64 = line
            .split("κ ")
            .nth(1)
            .and_then(|s| s.split(';').next())
            .and_then(|k| k.parse().ok())
            .unwrap_or_else(|| panic!("no κ in {line}"));
        assert!((-1.0..=1.0).contains(&kappa), "{line}");
    }
    assert_eq!(lines.len(), 10, "{report}");
}

#[test]
fn small_bench_report_matches_the_analyses() {
    let mut figures = Vec::new();
    let report = super::bench::bench_report(12, 20, 2_000, &mut figures);
    check_bench_report(&report, 12, 20, 2_000);
    // Four co-occurrence rules and three agreement variants, each against the baseline.
    assert_eq!(figures.len(), 7, "{figures:?}");
    assert!(
        figures
            .iter()
            .all(|f| f.ms >= 0.0 && f.baseline_ms >= 0.0 && f.ratio.is_finite())
    );
}

#[test]
#[ignore = "benchmark; run with --release -- --ignored --nocapture"]
fn bench_report() {
    let report = bench_cooccur();
    println!("{report}");
    check_bench_report(&report, 297, 200, 100_000);
}
