//! Deterministic synthetic project and timing of [`super::cooccurrence`].

use std::fmt::Write as _;
use std::time::Instant;

use super::{CooccurRule, Segment, cooccurrence};
use crate::analysis::{AgreementOptions, Unit, agreement};

/// Tiny xorshift64* PRNG (deterministic; no external crate).
pub(super) struct XorShift(u64);

impl XorShift {
    pub(super) fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-ish integer in `[0, n)` (`n > 0`).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A synthetic project: documents with paragraph ranges, and segments.
pub(super) struct Project {
    /// `paragraphs[d]` = paragraph ranges of document id `d`.
    pub(super) paragraphs: Vec<Vec<(usize, usize)>>,
    pub(super) segments: Vec<Segment>,
}

/// Generates `n_docs` documents of 20k–80k code points split into 150–1200
/// code-point paragraphs, and `n_segments` segments of 10–400 code points
/// with codes skewed towards low ids (min of two uniform draws), alternating
/// between two coders.
pub(super) fn generate(n_docs: usize, n_codes: usize, n_segments: usize, seed: u64) -> Project {
    let mut rng = XorShift::new(seed);
    let mut lengths = Vec::with_capacity(n_docs);
    let mut paragraphs = Vec::with_capacity(n_docs);
    for _ in 0..n_docs {
        let len = 20_000 + rng.below(60_000);
        let mut paras = Vec::new();
        let mut pos = 0;
        while pos < len {
            let end = (pos + 150 + rng.below(1_050)).min(len);
            paras.push((pos, end));
            pos = end + 1; // one separator code point between paragraphs
        }
        lengths.push(len);
        paragraphs.push(paras);
    }
    let segments = (0..n_segments)
        .map(|i| {
            let doc = rng.below(n_docs);
            let start = rng.below(lengths[doc]);
            let end = (start + 10 + rng.below(390)).min(lengths[doc]);
            let code = rng.below(n_codes).min(rng.below(n_codes));
            Segment {
                id: i as i64 + 1,
                doc_id: doc as i64,
                code_id: code as i64 + 1,
                coder: if i % 2 == 0 { "A" } else { "B" }.to_string(),
                start,
                end,
            }
        })
        .collect();
    Project {
        paragraphs,
        segments,
    }
}

/// Best and first of `runs` timings of `f` in milliseconds, and its last result.
#[allow(
    clippy::expect_used,
    reason = "callers pass runs ≥ 1, so the loop sets `last`"
)]
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        last = Some(f());
        times.push(ms(t));
    }
    let best = times.iter().copied().fold(f64::INFINITY, f64::min);
    (best, times[0], last.expect("at least one run"))
}

/// Generates a deterministic 100 000-segment / 200-code / 297-document
/// project and reports the wall-clock time of [`cooccurrence`] for each rule
/// (best of 5 runs, plus the first run), and of one `cell_segments` lookup
/// on the busiest off-diagonal cell; then of intercoder agreement between
/// the project's two coders at the character and segment level. A baseline
/// measured in the same run — cloning the segments and sorting them by
/// (document, start, end), the least any of these analyses must do — gives
/// each figure as a ratio. Meant to be run in release mode.
pub fn bench_cooccur() -> String {
    bench_report(297, 200, 100_000, &mut Vec::new())
}

/// [`bench_cooccur`], also pushing every best time against the baseline onto `figures`.
pub fn bench_cooccur_figures(figures: &mut Vec<crate::bench::Figure>) -> String {
    bench_report(297, 200, 100_000, figures)
}

/// [`bench_cooccur`] on a generated project of `n_docs` documents, `n_codes` codes and
/// `n_segments` segments.
pub(super) fn bench_report(
    n_docs: usize,
    n_codes: usize,
    n_segments: usize,
    figures: &mut Vec<crate::bench::Figure>,
) -> String {
    let t0 = Instant::now();
    let project = generate(n_docs, n_codes, n_segments, 0x9E37_79B9_7F4A_7C15);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "project: {} segments, {n_codes} codes, {n_docs} documents (generated in {:.1} ms)",
        project.segments.len(),
        ms(t0)
    );
    let (base, _, _) = time(5, || {
        let mut v = project.segments.clone();
        v.sort_unstable_by_key(|s| (s.doc_id, s.start, s.end));
        v.len()
    });
    let _ = writeln!(
        out,
        "baseline: clone + sort the segments by (document, start, end): best {base:.2} ms"
    );
    let paras = |doc: i64| project.paragraphs[doc as usize].clone();
    for rule in [
        CooccurRule::Overlap,
        CooccurRule::Paragraph,
        CooccurRule::Near(100),
        CooccurRule::Document,
    ] {
        let mut times = Vec::new();
        let mut matrix = None;
        for _ in 0..5 {
            let t = Instant::now();
            let m = cooccurrence(&project.segments, &rule, &paras);
            times.push(ms(t));
            matrix = Some(m);
        }
        let Some(m) = matrix else { continue };
        let best = times.iter().copied().fold(f64::INFINITY, f64::min);
        let total: u64 = (0..m.codes.len())
            .flat_map(|a| (a + 1..m.codes.len()).map(move |b| (a, b)))
            .map(|(a, b)| m.counts[a][b])
            .sum();
        let (mut ba, mut bb, mut bc) = (0, 0, 0);
        for a in 0..m.codes.len() {
            for b in a + 1..m.codes.len() {
                if m.counts[a][b] > bc {
                    (ba, bb, bc) = (a, b, m.counts[a][b]);
                }
            }
        }
        let t = Instant::now();
        let pairs = m.cell_segments(m.codes[ba], m.codes[bb]).len();
        figures.push(figure(format!("co-occurrence {rule}"), best, base));
        let cell_ms = ms(t);
        let _ = writeln!(
            out,
            "{:<10} best {best:7.2} ms (first {:7.2} ms, ×{:.1} baseline); off-diagonal \
             total {total}; busiest cell {bc} → {pairs} pairs in {cell_ms:.2} ms",
            rule.to_string(),
            times[0],
            best / base.max(1e-9),
        );
    }
    let lengths: Vec<(i64, usize)> = project
        .paragraphs
        .iter()
        .enumerate()
        .map(|(d, p)| (d as i64, p.last().map_or(0, |x| x.1)))
        .collect();
    let _ = writeln!(
        out,
        "agreement of coders A and B (2 coders, {n_codes} codes):"
    );
    for (name, options) in [
        ("char", AgreementOptions::default()),
        (
            "char-excl",
            AgreementOptions {
                exclude_uncoded: true,
                ..AgreementOptions::default()
            },
        ),
        (
            "segment",
            AgreementOptions {
                unit: Unit::Segment,
                ..AgreementOptions::default()
            },
        ),
    ] {
        let (best, first, report) = time(5, || agreement(&project.segments, &lengths, &options));
        let report = match report {
            Ok(report) => report,
            Err(e) => {
                let _ = writeln!(out, "{name:<10} failed: {e}");
                continue;
            }
        };
        let overall = report.rows.last();
        figures.push(figure(format!("agreement {name}"), best, base));
        let _ = writeln!(
            out,
            "{name:<10} best {best:7.2} ms (first {first:7.2} ms, ×{:.1} baseline); \
             {} units overall, κ {}; {} disagreements",
            best / base.max(1e-9),
            overall.map_or(0, |r| r.units),
            overall
                .and_then(|r| r.kappa)
                .map_or("–".to_owned(), |k| format!("{k:.3}")),
            report.disagreements.len(),
        );
    }
    out
}

/// A figure of [`bench_report`] (297 documents, 100 000 codings in `qcw bench all`).
fn figure(what: String, best: f64, base: f64) -> crate::bench::Figure {
    crate::bench::Figure::new(what, best, "clone + sort the codings", base)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
