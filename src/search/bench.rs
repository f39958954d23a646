//! Indexing and query-latency benchmark against a plain substring scan.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::index::SearchIndex;
use super::segment::Segmenter;
use super::text::{Pattern, find_occurrences, fold_str};

/// Small deterministic PRNG (SplitMix64) so benchmark and test query
/// samples are reproducible without a `rand` dependency.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-ish value in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Deterministically samples `n` substrings of 1–6 characters (no
/// whitespace, no `"`) from random positions of `texts`: realistic query
/// terms for benchmarks (fewer if `texts` has too few usable windows).
pub fn sample_windows(texts: &[&str], n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    let docs: Vec<Vec<char>> = texts.iter().map(|t| t.chars().collect()).collect();
    let nonempty: Vec<&Vec<char>> = docs.iter().filter(|d| !d.is_empty()).collect();
    if nonempty.is_empty() {
        return out;
    }
    let mut attempts = 0;
    while out.len() < n && attempts < n * 100 {
        attempts += 1;
        let d = nonempty[rng.below(nonempty.len())];
        let len = 1 + rng.below(6);
        let start = rng.below(d.len());
        let Some(w) = d.get(start..start + len) else {
            continue;
        };
        if w.iter().any(|c| c.is_whitespace() || *c == '"') {
            continue;
        }
        out.push(w.iter().collect());
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

struct Lat {
    name: &'static str,
    times: Vec<Duration>,
}

impl Lat {
    fn line(&mut self, out: &mut String) -> (Duration, Duration) {
        self.times.sort_unstable();
        let (med, p99) = (percentile(&self.times, 0.5), percentile(&self.times, 0.99));
        let max = self.times.last().copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<26} median {:>9.3} ms   p99 {:>9.3} ms   max {:>9.3} ms",
            self.name,
            ms(med),
            ms(p99),
            ms(max)
        );
        (med, p99)
    }
}

/// Pushes the median and p99 of searching ×`r` (`chars` characters) against the scan.
fn push_figures(
    figures: &mut Vec<crate::bench::Figure>,
    (r, chars): (usize, usize),
    search: [Duration; 2],
    scan: [Duration; 2],
) {
    for (i, stat) in ["median", "p99"].into_iter().enumerate() {
        figures.push(crate::bench::Figure::new(
            format!("search ×{r} ({chars} chars), limit 100, {stat}"),
            search[i].as_secs_f64() * 1e3,
            format!("substring scan ×{r}, {stat}"),
            scan[i].as_secs_f64() * 1e3,
        ));
    }
}

/// Runs the benchmark and returns a printable report.
///
/// For each factor in `replicate` the corpus `texts` is copied that many
/// times (copies get fresh ids), indexed into a temporary on-disk index
/// (build time, chars/s, index size, segment count), and `queries` sampled
/// substrings of 1–6 characters are searched three ways in this process,
/// each as its own pass over all queries: ranked search capped at 100 hits
/// (the UI's first page), search returning every hit, and a plain
/// case-folded substring scan over all texts in memory counting every
/// occurrence (what search without an index must do before it can rank).
/// Reports median/p99/max and the scan/search ratios.
pub fn run_search_bench(texts: &[(i64, String)], replicate: &[usize], queries: usize) -> String {
    search_bench(texts, replicate, queries, &mut Vec::new())
}

/// [`run_search_bench`], also pushing each factor's search latencies against the substring scan
/// (median and p99, limit 100) onto `figures`.
pub fn search_bench(
    texts: &[(i64, String)],
    replicate: &[usize],
    queries: usize,
    figures: &mut Vec<crate::bench::Figure>,
) -> String {
    let mut out = String::new();
    let seg = Arc::new(Segmenter::new(&[]));
    let base_chars: usize = texts.iter().map(|(_, t)| t.chars().count()).sum();
    let originals: Vec<&str> = texts.iter().map(|(_, t)| t.as_str()).collect();
    let sample = sample_windows(&originals, queries, 0x5EED);
    let max_id = texts.iter().map(|(id, _)| *id).max().unwrap_or(0).max(0) + 1;
    let _ = writeln!(
        out,
        "corpus: {} docs, {} chars; {} queries (substrings of 1-6 chars)",
        texts.len(),
        base_chars,
        sample.len()
    );
    for &r in replicate {
        let docs: Vec<(i64, String)> = (0..r as i64)
            .flat_map(|k| {
                texts
                    .iter()
                    .map(move |(id, t)| (k * max_id + id, t.clone()))
            })
            .collect();
        // A fresh directory per replication (removed when dropped): runs never share files.
        let tmp = match tempfile::tempdir() {
            Ok(tmp) => tmp,
            Err(e) => {
                let _ = writeln!(out, "\n== x{r}: no temporary directory: {e}");
                continue;
            }
        };
        let dir = tmp.path().join("index");
        let _ = writeln!(
            out,
            "\n== x{r}: {} docs, {} chars ==",
            docs.len(),
            base_chars * r
        );
        let built = timed(|| -> Result<SearchIndex, super::SearchError> {
            let mut idx = SearchIndex::open_or_create(&dir, seg.clone())?;
            idx.add_documents(docs.iter().map(|(id, t)| (*id, t.as_str())), &mut |_| {})?;
            idx.commit()?;
            Ok(idx)
        });
        let idx = match built {
            (Ok(idx), t) => {
                let _ = writeln!(
                    out,
                    "  build {:.1} s, {:.0} chars/s, index {:.0} MB on disk, {} segments",
                    t.as_secs_f64(),
                    (base_chars * r) as f64 / t.as_secs_f64(),
                    dir_size(&dir) as f64 / 1e6,
                    idx.segment_count()
                );
                idx
            }
            (Err(e), _) => {
                let _ = writeln!(out, "  build failed: {e}");
                continue;
            }
        };
        let [mut top, mut all, mut scan] =
            ["search (limit 100)", "search (all hits)", "substring scan"].map(|name| Lat {
                name,
                times: Vec::new(),
            });
        // Three separate passes, so the 100s of MB a scan touches do not
        // evict the index from the caches between interactive searches.
        let quoted: Vec<String> = sample.iter().map(|q| format!("\"{q}\"")).collect();
        let mut errors = 0usize;
        for q in &quoted {
            let (res, t) = timed(|| idx.search(q, None, Some(100)));
            top.times.push(t);
            errors += usize::from(res.is_err());
        }
        let mut hits_all = 0usize;
        for q in &quoted {
            let (res, t) = timed(|| idx.search(q, None, None));
            all.times.push(t);
            hits_all += res.map_or(0, |h| h.len());
        }
        let mut hits_scan = 0usize;
        for q in &sample {
            let pat = Pattern::new(q);
            let (n, t) = timed(|| {
                docs.iter()
                    .map(|(_, text)| find_occurrences(&fold_str(text), &pat).len())
                    .sum::<usize>()
            });
            scan.times.push(t);
            hits_scan += n;
        }
        let (top_med, top_p99) = top.line(&mut out);
        let (all_med, all_p99) = all.line(&mut out);
        let (scan_med, scan_p99) = scan.line(&mut out);
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
        push_figures(
            figures,
            (r, base_chars * r),
            [top_med, top_p99],
            [scan_med, scan_p99],
        );
        let _ = writeln!(
            out,
            "  scan/search ratio: limit 100 median {:.0}x p99 {:.0}x; all hits median {:.1}x p99 {:.1}x",
            ratio(scan_med, top_med),
            ratio(scan_p99, top_p99),
            ratio(scan_med, all_med),
            ratio(scan_p99, all_p99)
        );
        let _ = writeln!(
            out,
            "  total hits: search {hits_all}, scan {hits_scan} ({}), query errors {errors}",
            if hits_all == hits_scan {
                "equal"
            } else {
                "DIFFERENT"
            }
        );
        drop(idx);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_windows_are_clean() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let w = sample_windows(&["应急管理 局\"x", "abc"], 50, 1);
        assert_eq!(w.len(), 50);
        assert!(
            w.iter()
                .all(|s| !s.contains(' ') && !s.contains('"') && !s.is_empty())
        );
        assert_eq!(w, sample_windows(&["应急管理 局\"x", "abc"], 50, 1));
    }

    #[test]
    fn small_report_mentions_every_factor() {
        let texts = vec![
            (1, "应急管理局负责监测预警。".to_owned()),
            (2, "GIS 数据共享".to_owned()),
        ];
        let report = run_search_bench(&texts, &[1, 2], 5);
        assert!(
            report.contains("== x1:") && report.contains("== x2:"),
            "{report}"
        );
        assert_eq!(report.matches("(equal)").count(), 2, "{report}");
        assert_eq!(report.matches("query errors 0").count(), 2, "{report}");
        assert!(!report.contains("failed"), "{report}");
    }
}
