//! Code × code co-occurrence (MAXQDA "Code Relations Browser" semantics).
//!
//! # Definitions
//!
//! Every rule counts *units* of co-occurrence; `counts[a][b]` (a ≠ b) is the
//! number of units in which codes `a` and `b` co-occur:
//!
//! | rule          | unit counted in `counts[a][b]`                                   | diagonal `counts[a][a]`          |
//! |---------------|------------------------------------------------------------------|----------------------------------|
//! | `overlap`     | pairs (segment of a, segment of b) sharing ≥ 1 code point        | number of segments of a          |
//! | `near:N`      | pairs whose gap `max(starts) − min(ends)` is ≤ N code points     | number of segments of a          |
//! | `paragraph`   | paragraphs containing ≥ 1 segment of a and ≥ 1 segment of b      | paragraphs containing a          |
//! | `document`    | documents containing ≥ 1 segment of a and ≥ 1 segment of b       | documents containing a           |
//!
//! * Overlap: `[s1,e1)` and `[s2,e2)` overlap iff `max(s1,s2) < min(e1,e2)`;
//!   empty segments never overlap anything.
//! * Near(N) includes overlapping and adjacent pairs (`near:0` = overlap or
//!   touching).
//! * Paragraph: a segment belongs to every paragraph its range intersects (an
//!   empty segment is treated as covering its start point). A segment lying
//!   entirely in a gap between paragraphs belongs to the paragraph before the
//!   gap (the first paragraph if it precedes all of them). Empty paragraph
//!   ranges are ignored; a document for which the callback returns no
//!   (non-empty) paragraphs is one paragraph.
//! * Segments of the same code never co-occur with each other (they only
//!   make up the diagonal), whatever their coder.
//!
//! `jaccard[a][b]` is the Jaccard index over the same units:
//!
//! * paragraph / document: `|U(a) ∩ U(b)| / |U(a) ∪ U(b)| =
//!   counts[a][b] / (counts[a][a] + counts[b][b] − counts[a][b])`, where
//!   `U(x)` is the set of paragraphs / documents containing code `x`;
//! * overlap / near: units are the *segments* of a and b; the "intersection"
//!   is the set of those segments taking part in at least one co-occurring
//!   pair with the other code: `(|A*| + |B*|) / (n_a + n_b)`, where `A*` are
//!   the segments of a that co-occur with some segment of b. (Counting pairs
//!   instead would let one long segment push the value above 1.)
//!
//! The diagonal of `jaccard` is 1 for every code that has segments. Empty
//! denominators give 0, never NaN.
//!
//! # Click-through
//!
//! [`CooccurMatrix::cell_segments`] returns the segment pairs behind a cell.
//! Pairs are computed lazily per cell and cached, because materialising all
//! pairs up front is quadratic for the document rule (≈ 17 M pairs for a
//! 100 000-segment project).
//!
//! # Complexity
//!
//! Segments are sorted once per document by start and swept with an active
//! list: `O(n log n + P)` for overlap / near (P = co-occurring pairs),
//! `O(n log n + Σ_units d²)` for paragraph / document (d = distinct codes in
//! a unit). There is no O(n²) pass over the project.

#[cfg(any(test, feature = "bench"))]
mod bench;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[cfg(any(test, feature = "bench"))]
pub use bench::{bench_cooccur, bench_cooccur_figures};

use super::{AnalysisError, Segment};

/// When two codes count as co-occurring. Parsed from `overlap`,
/// `paragraph`, `near:N` or `document` (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CooccurRule {
    /// Segments share at least one code point.
    Overlap,
    /// Segments fall in the same paragraph.
    Paragraph,
    /// Segments are at most N code points apart (overlap included).
    Near(usize),
    /// Segments are in the same document.
    Document,
}

impl FromStr for CooccurRule {
    type Err = AnalysisError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "overlap" => Ok(Self::Overlap),
            "paragraph" => Ok(Self::Paragraph),
            "document" => Ok(Self::Document),
            _ => t
                .strip_prefix("near:")
                .and_then(|n| n.trim().parse::<usize>().ok())
                .map(Self::Near)
                .ok_or_else(|| AnalysisError::InvalidRule(s.to_string())),
        }
    }
}

impl fmt::Display for CooccurRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Overlap => f.write_str("overlap"),
            Self::Paragraph => f.write_str("paragraph"),
            Self::Near(n) => write!(f, "near:{n}"),
            Self::Document => f.write_str("document"),
        }
    }
}

impl CooccurRule {
    /// Human-readable name of the unit counted off the diagonal.
    pub fn unit_label(&self) -> String {
        match self {
            Self::Overlap => "overlapping segment pairs".to_string(),
            Self::Paragraph => "paragraphs".to_string(),
            Self::Near(n) => format!("segment pairs within {n} code points"),
            Self::Document => "documents".to_string(),
        }
    }

    fn is_pair_rule(&self) -> bool {
        matches!(self, Self::Overlap | Self::Near(_))
    }
}

/// One segment, reduced to what the sweeps need. `[lo, hi)` is the
/// rule-specific interval: two items co-occur iff `max(lo) < min(hi)`.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Item {
    id: i64,
    doc: u32,
    code: u32,
    lo: usize,
    hi: usize,
}

/// Segments sorted by (doc, lo), kept for lazy click-through, plus the cache.
#[derive(Clone, PartialEq, Default)]
struct CellStore {
    items: Vec<Item>,
    cells: Vec<OnceLock<Vec<(i64, i64)>>>,
}

impl fmt::Debug for CellStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.cells.iter().filter(|c| c.get().is_some()).count();
        write!(
            f,
            "CellStore {{ segments: {}, cached_cells: {cached} }}",
            self.items.len()
        )
    }
}

/// Result of [`cooccurrence`]; see the module docs for the exact definitions.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CooccurMatrix {
    /// Rule the matrix was computed with.
    pub rule: CooccurRule,
    /// What an off-diagonal count counts (e.g. "documents").
    pub unit: String,
    /// Code ids, sorted ascending; row/column `i` of the matrices is `codes[i]`.
    pub codes: Vec<i64>,
    /// Number of segments per code (same order as `codes`).
    pub segments_per_code: Vec<u64>,
    /// Symmetric co-occurrence counts, `counts[i][j]`.
    pub counts: Vec<Vec<u64>>,
    /// Symmetric Jaccard indices in [0, 1].
    pub jaccard: Vec<Vec<f64>>,
    #[serde(skip)]
    store: CellStore,
}

impl CooccurMatrix {
    /// Row/column index of `code_id`, if it has segments.
    pub fn code_index(&self, code_id: i64) -> Option<usize> {
        self.codes.binary_search(&code_id).ok()
    }

    /// Count for the cell (`a`, `b`) by code id; 0 for unknown codes.
    pub fn count(&self, a: i64, b: i64) -> u64 {
        match (self.code_index(a), self.code_index(b)) {
            (Some(i), Some(j)) => self.counts[i][j],
            _ => 0,
        }
    }

    /// Segment pairs behind cell (`a`, `b`) for click-through, as
    /// `(segment of a, segment of b)` id pairs, sorted and deduplicated.
    ///
    /// For overlap / near these are exactly the pairs counted. For paragraph
    /// / document they are all pairs sharing a paragraph / document (a pair
    /// sharing two paragraphs is listed once). On the diagonal (`a == b`)
    /// each segment of the code is listed as `(id, id)`. Unknown codes give
    /// an empty slice. Computed on first access (O(n)) and cached.
    pub fn cell_segments(&self, a: i64, b: i64) -> &[(i64, i64)] {
        let (Some(i), Some(j)) = (self.code_index(a), self.code_index(b)) else {
            return &[];
        };
        let k = self.codes.len();
        self.store.cells[i * k + j]
            .get_or_init(|| cell_pairs(&self.store.items, i as u32, j as u32))
    }

    /// The segment (coding) ids behind cell (`a`, `b`): every segment taking part in a pair of
    /// [`Self::cell_segments`], of either code, sorted and deduplicated. This is what a
    /// click-through lists as quotes.
    pub fn cell_segment_ids(&self, a: i64, b: i64) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .cell_segments(a, b)
            .iter()
            .flat_map(|&(x, y)| [x, y])
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Computes the code × code co-occurrence matrix of `segments` under `rule`.
///
/// `paragraphs(doc_id)` returns the paragraph ranges (code points, half-open)
/// of a document; it is called once per document, and only for
/// [`CooccurRule::Paragraph`]. The ranges may come in any order (they are
/// sorted here) but should not overlap. See the module docs for the
/// definitions.
pub fn cooccurrence(
    segments: &[Segment],
    rule: &CooccurRule,
    paragraphs: &dyn Fn(i64) -> Vec<(usize, usize)>,
) -> CooccurMatrix {
    let mut codes: Vec<i64> = segments.iter().map(|s| s.code_id).collect();
    codes.sort_unstable();
    codes.dedup();
    let mut docs: Vec<i64> = segments.iter().map(|s| s.doc_id).collect();
    docs.sort_unstable();
    docs.dedup();
    let k = codes.len();

    let mut items = sorted_items(segments, &codes, &docs);

    let mut seg_count = vec![0u64; k];
    for it in &items {
        seg_count[it.code as usize] += 1;
    }

    // `upper[a*k+b]` (a < b) = off-diagonal counts; `diag` = diagonal.
    let mut upper = vec![0u64; k * k];
    let mut involved = vec![0u64; k * k];
    let diag: Vec<u64> = match rule {
        CooccurRule::Overlap | CooccurRule::Near(_) => {
            if let CooccurRule::Near(n) = *rule {
                for it in &mut items {
                    it.hi = it.hi.max(it.lo).saturating_add(n).saturating_add(1);
                }
            }
            for group in items.chunk_by(|x, y| x.doc == y.doc) {
                sweep_pairs(group, k, &mut upper, &mut involved);
            }
            seg_count.clone()
        }
        CooccurRule::Paragraph => {
            assign_paragraphs(&mut items, &docs, paragraphs);
            count_paragraph_units(&items, k, &mut upper)
        }
        CooccurRule::Document => {
            for it in &mut items {
                (it.lo, it.hi) = (0, 1);
            }
            count_document_units(&items, k, &mut upper)
        }
    };

    let mut counts = vec![vec![0u64; k]; k];
    let mut jaccard = vec![vec![0f64; k]; k];
    for a in 0..k {
        counts[a][a] = diag[a];
        jaccard[a][a] = if diag[a] > 0 { 1.0 } else { 0.0 };
        for b in a + 1..k {
            let c = upper[a * k + b];
            counts[a][b] = c;
            counts[b][a] = c;
            let (num, den) = if rule.is_pair_rule() {
                (
                    involved[a * k + b] + involved[b * k + a],
                    seg_count[a] + seg_count[b],
                )
            } else {
                (c, (diag[a] + diag[b]).saturating_sub(c))
            };
            let j = super::ratio(num as f64, den as f64).unwrap_or(0.0);
            jaccard[a][b] = j;
            jaccard[b][a] = j;
        }
    }

    let cells = (0..k * k).map(|_| OnceLock::new()).collect();
    CooccurMatrix {
        rule: *rule,
        unit: rule.unit_label(),
        codes,
        segments_per_code: seg_count,
        counts,
        jaccard,
        store: CellStore { items, cells },
    }
}

/// Items sorted by (doc, start, end, id): bucketed by document (counting
/// sort), then each document's bucket sorted on its own.
fn sorted_items(segments: &[Segment], codes: &[i64], docs: &[i64]) -> Vec<Item> {
    let doc_of: Vec<u32> = segments
        .iter()
        .map(|s| docs.binary_search(&s.doc_id).unwrap_or(0) as u32)
        .collect();
    let mut offset = vec![0usize; docs.len() + 1];
    for &d in &doc_of {
        offset[d as usize + 1] += 1;
    }
    for i in 1..offset.len() {
        offset[i] += offset[i - 1];
    }
    let bounds = offset.clone();
    let blank = Item {
        id: 0,
        doc: 0,
        code: 0,
        lo: 0,
        hi: 0,
    };
    let mut items = vec![blank; segments.len()];
    for (s, &d) in segments.iter().zip(&doc_of) {
        let slot = &mut offset[d as usize];
        items[*slot] = Item {
            id: s.id,
            doc: d,
            code: codes.binary_search(&s.code_id).unwrap_or(0) as u32,
            lo: s.start,
            hi: s.end,
        };
        *slot += 1;
    }
    for w in bounds.windows(2) {
        items[w[0]..w[1]].sort_unstable_by_key(|it| (it.lo, it.hi, it.id));
    }
    items
}

/// Sweeps one document's items (sorted by `lo`) and calls `f(s, t)` for every
/// co-occurring pair of item indices (`s` before `t`), whatever their codes.
fn for_each_pair(items: &[Item], mut f: impl FnMut(usize, usize)) {
    let mut active: Vec<usize> = Vec::new();
    for (t, it) in items.iter().enumerate() {
        active.retain(|&s| items[s].hi > it.lo);
        if it.lo >= it.hi {
            continue;
        }
        for &s in &active {
            f(s, t);
        }
        active.push(t);
    }
}

/// Overlap / near counting for one document: pair counts into `upper`, and
/// `involved[a*k+b]` = segments of `a` co-occurring with at least one `b`.
fn sweep_pairs(items: &[Item], k: usize, upper: &mut [u64], involved: &mut [u64]) {
    let mut inv: Vec<u64> = Vec::new();
    for_each_pair(items, |s, t| {
        let (cs, ct) = (items[s].code, items[t].code);
        if cs == ct {
            return;
        }
        let (lo, hi) = (cs.min(ct) as usize, cs.max(ct) as usize);
        upper[lo * k + hi] += 1;
        inv.push(((s as u64) << 32) | ct as u64);
        inv.push(((t as u64) << 32) | cs as u64);
    });
    inv.sort_unstable();
    inv.dedup();
    for key in inv {
        let own = items[(key >> 32) as usize].code as usize;
        involved[own * k + (key & 0xffff_ffff) as usize] += 1;
    }
}

/// Replaces each item's `[lo, hi)` by its paragraph index range
/// `[first, last + 1)`, using document-global paragraph numbers.
fn assign_paragraphs(
    items: &mut [Item],
    docs: &[i64],
    paragraphs: &dyn Fn(i64) -> Vec<(usize, usize)>,
) {
    let mut base = 0usize;
    for group in items.chunk_by_mut(|x, y| x.doc == y.doc) {
        let mut paras: Vec<(usize, usize)> = paragraphs(docs[group[0].doc as usize])
            .into_iter()
            .filter(|p| p.0 < p.1)
            .collect();
        paras.sort_unstable();
        let starts: Vec<usize> = paras.iter().map(|p| p.0).collect();
        let ends: Vec<usize> = paras.iter().map(|p| p.1).collect();
        for it in group.iter_mut() {
            let (s, e) = (it.lo, it.hi.max(it.lo + 1));
            // Paragraphs starting before `e`, and the first one ending after `s`.
            let before_end = starts.partition_point(|&st| st < e);
            let first = ends.partition_point(|&en| en <= s);
            let (plo, phi) = match before_end.checked_sub(1) {
                None => (0, 0),
                Some(last) if first > last => (last, last),
                Some(last) => (first, last),
            };
            (it.lo, it.hi) = (base + plo, base + phi + 1);
        }
        base += paras.len().max(1);
    }
}

/// Adds one to `upper` for each pair of distinct codes in each group of
/// `(unit, code)` keys, and returns per-code unit counts (the diagonal).
fn count_units(mut keys: Vec<u64>, k: usize, upper: &mut [u64]) -> Vec<u64> {
    keys.sort_unstable();
    keys.dedup();
    let mut diag = vec![0u64; k];
    let mut codes: Vec<usize> = Vec::new();
    for unit in keys.chunk_by(|x, y| x >> 32 == y >> 32) {
        codes.clear();
        codes.extend(unit.iter().map(|key| (key & 0xffff_ffff) as usize));
        for (i, &a) in codes.iter().enumerate() {
            diag[a] += 1;
            let row = &mut upper[a * k..(a + 1) * k];
            for &b in &codes[i + 1..] {
                row[b] += 1;
            }
        }
    }
    diag
}

fn count_paragraph_units(items: &[Item], k: usize, upper: &mut [u64]) -> Vec<u64> {
    let mut keys = Vec::with_capacity(items.len());
    for it in items {
        keys.extend((it.lo..it.hi).map(|p| ((p as u64) << 32) | it.code as u64));
    }
    count_units(keys, k, upper)
}

fn count_document_units(items: &[Item], k: usize, upper: &mut [u64]) -> Vec<u64> {
    let keys = items
        .iter()
        .map(|it| ((it.doc as u64) << 32) | it.code as u64)
        .collect();
    count_units(keys, k, upper)
}

/// Click-through pairs for cell (`a`, `b`) (code indices), oriented
/// `(segment of a, segment of b)`.
fn cell_pairs(items: &[Item], a: u32, b: u32) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    if a == b {
        out.extend(
            items
                .iter()
                .filter(|it| it.code == a)
                .map(|it| (it.id, it.id)),
        );
    } else {
        let mut sub: Vec<Item> = Vec::new();
        for group in items.chunk_by(|x, y| x.doc == y.doc) {
            sub.clear();
            sub.extend(group.iter().filter(|it| it.code == a || it.code == b));
            sub.sort_by_key(|it| (it.lo, it.hi, it.id));
            for_each_pair(&sub, |s, t| {
                let (x, y) = (sub[s], sub[t]);
                if x.code == y.code {
                    return;
                }
                out.push(if x.code == a {
                    (x.id, y.id)
                } else {
                    (y.id, x.id)
                });
            });
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
