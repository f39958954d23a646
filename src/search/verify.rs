//! Exact evaluation of a parsed query against one document's text: the
//! verification step that turns index candidates into exact hits.

use std::borrow::Cow;

use super::query::{Expr, Query};
use super::text::{find_in_utf8, find_occurrences, fold_str};

/// Evaluates `query` on one document; occurrences are computed lazily per
/// pattern, and the case-folded text only if some pattern needs it.
struct DocEval<'q, 't> {
    query: &'q Query,
    /// UTF-8 text (stored bytes; validated only if folding is needed).
    text: &'t [u8],
    folded: Option<Cow<'t, str>>,
    occurrences: Vec<Option<Vec<(usize, usize)>>>,
}

impl DocEval<'_, '_> {
    fn occ(&mut self, i: usize) -> &[(usize, usize)] {
        let pat = &self.query.patterns[i];
        if self.occurrences[i].is_none() {
            let found = if pat.needs_fold {
                let text = self.text;
                let folded = self
                    .folded
                    .get_or_insert_with(|| match std::str::from_utf8(text) {
                        Ok(s) => fold_str(s),
                        // Not reachable for text stored from `&str`; degrade gracefully.
                        Err(_) => Cow::Owned(fold_str(&String::from_utf8_lossy(text)).into_owned()),
                    });
                find_occurrences(folded, pat)
            } else {
                find_in_utf8(self.text, pat)
            };
            self.occurrences[i] = Some(found);
        }
        self.occurrences[i].as_deref().unwrap_or_default()
    }

    fn eval(&mut self, e: &Expr) -> bool {
        match e {
            Expr::Term(i) => !self.occ(*i).is_empty(),
            Expr::And(xs) => xs.iter().all(|x| self.eval(x)),
            Expr::Or(xs) => xs.iter().any(|x| self.eval(x)),
            Expr::Not(x) => !self.eval(x),
            Expr::Near {
                left,
                right,
                distance,
            } => {
                let (l, r) = (self.occ(*left).to_vec(), self.occ(*right));
                !near_members(&l, r, *distance).is_empty()
            }
        }
    }

    /// Occurrences of positive (non-negated) terms.
    fn collect(&mut self, e: &Expr, out: &mut Vec<(usize, usize)>) {
        match e {
            Expr::Term(i) => out.extend_from_slice(self.occ(*i)),
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| self.collect(x, out)),
            Expr::Not(_) => {}
            Expr::Near {
                left,
                right,
                distance,
            } => {
                let l = self.occ(*left).to_vec();
                let r = self.occ(*right).to_vec();
                out.extend(near_members(&l, &r, *distance));
                out.extend(near_members(&r, &l, *distance));
            }
        }
    }
}

/// Occurrences in `a` that have an occurrence in `b` at most `distance`
/// code points away (gap between the nearer ends; overlap counts as 0).
/// Both lists are sorted by start and each has a single pattern length.
pub(super) fn near_members(
    a: &[(usize, usize)],
    b: &[(usize, usize)],
    distance: usize,
) -> Vec<(usize, usize)> {
    let Some(&(b0, b1)) = b.first() else {
        return Vec::new();
    };
    let b_len = b1 - b0;
    a.iter()
        .copied()
        .filter(|&(s, e)| {
            // b is near iff  s - distance - b_len <= b.start <= e + distance
            let lo = s.saturating_sub(distance.saturating_add(b_len));
            let first = b.partition_point(|&(bs, _)| bs < lo);
            b.get(first)
                .is_some_and(|&(bs, _)| bs <= e.saturating_add(distance))
        })
        .collect()
}

/// Matches `query` against a document's original `text` (UTF-8 bytes). Returns `None`
/// when the document does not satisfy the query, otherwise
/// the sorted, de-duplicated `[start, end)` code-point ranges of the
/// positive terms' occurrences (possibly empty, e.g. for `a OR NOT b` in a
/// document with neither).
pub(super) fn match_document(query: &Query, text: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut ev = DocEval {
        query,
        text,
        folded: None,
        occurrences: vec![None; query.patterns.len()],
    };
    if !ev.eval(&query.expr) {
        return None;
    }
    let mut out = Vec::new();
    ev.collect(&query.expr, &mut out);
    out.sort_unstable();
    out.dedup();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::query::parse_query;
    use super::*;

    fn m(q: &str, text: &str) -> Option<Vec<(usize, usize)>> {
        let q = parse_query(q).unwrap();
        match_document(&q, text.as_bytes())
    }

    #[test]
    fn boolean_operators() {
        let t = "应急局和公安局协同，应急局牵头";
        assert_eq!(m("应急局", t), Some(vec![(0, 3), (10, 13)]));
        assert_eq!(m("应急局 公安", t), Some(vec![(0, 3), (4, 6), (10, 13)]));
        assert_eq!(m("应急局 -公安", t), None);
        assert_eq!(m("应急局 NOT 消防", t), Some(vec![(0, 3), (10, 13)]));
        assert_eq!(m("消防 OR 公安", t), Some(vec![(4, 6)]));
        assert_eq!(m("消防 AND 公安", t), None);
        assert_eq!(m("(消防 OR 协同) -(公安 消防)", t), Some(vec![(7, 9)]));
        assert_eq!(m("消防 OR NOT 公安", "无关"), Some(vec![]));
        // Latin patterns fold the document, CJK ones do not need to.
        assert_eq!(
            m("gis 平台", "GIS平台，Gis"),
            Some(vec![(0, 3), (3, 5), (6, 9)])
        );
    }

    #[test]
    fn near_uses_gap_between_occurrences() {
        let t = "数据共享很难，因为条块分割严重。数据共享";
        // gap between 数据共享 (0..4) and 条块分割 (9..13) is 5, between
        // 条块分割 and the second 数据共享 (16..20) it is 3.
        let all = Some(vec![(0, 4), (9, 13), (16, 20)]);
        assert_eq!(m("数据共享 NEAR/5 条块分割", t), all);
        assert_eq!(m("条块分割 NEAR/5 数据共享", t), all);
        assert_eq!(m("数据共享 NEAR/2 条块分割", t), None);
        // 条块分割 (9..13) and the second 数据共享 (16..20): gap 3.
        assert_eq!(
            m("数据共享 NEAR/3 条块分割", t),
            Some(vec![(9, 13), (16, 20)])
        );
        // overlapping occurrences are at distance 0.
        assert_eq!(
            m("数据 NEAR/0 据共", t),
            Some(vec![(0, 2), (1, 3), (16, 18), (17, 19)])
        );
        assert_eq!(m("-无关 数据共享 NEAR/0 严重", t), None);
        assert_eq!(near_members(&[(5, 6)], &[], 3), vec![]);
    }
}
