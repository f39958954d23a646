//! Behavioural tests of [`SearchIndex`] on small hand-made documents.

use std::sync::{Arc, OnceLock};

use super::index::{META_FILE, SCHEMA_VERSION};
use super::{Hit, SearchError, SearchIndex, Segmenter};

fn seg() -> Arc<Segmenter> {
    static SEG: OnceLock<Arc<Segmenter>> = OnceLock::new();
    SEG.get_or_init(|| Arc::new(Segmenter::new(&[]))).clone()
}

fn index(docs: &[(i64, &str)]) -> SearchIndex {
    let mut idx = SearchIndex::in_ram(seg()).expect("in-ram index");
    let mut seen = 0;
    idx.add_documents(docs.iter().copied(), &mut |n| seen = n)
        .expect("add");
    assert_eq!(seen, docs.len());
    idx.commit().expect("commit");
    idx
}

fn spans(hits: &[Hit]) -> Vec<(i64, usize, usize)> {
    let mut v: Vec<_> = hits.iter().map(|h| (h.doc_id, h.start, h.end)).collect();
    v.sort_unstable();
    v
}

fn find(idx: &SearchIndex, q: &str) -> Vec<(i64, usize, usize)> {
    spans(&idx.search(q, None, None).expect(q))
}

const DOCS: &[(i64, &str)] = &[
    (1, "应急管理局负责城市生命线监测预警。"),
    (2, "我们和应急局、公安局一起做数据共享。"),
    (
        3,
        "The GIS platform; gis data, GISX and logistics. Cat cat CAT.",
    ),
    (4, "啊啊啊，条块分割严重，数据共享很难。"),
    (5, "应急 管理\n第二行：应急\n管理"),
];

#[test]
fn substrings_across_jieba_words_are_found() {
    let idx = index(DOCS);
    assert_eq!(find(&idx, "急管"), vec![(1, 1, 3)]);
    assert_eq!(
        find(&idx, "应急"),
        vec![(1, 0, 2), (2, 3, 5), (5, 0, 2), (5, 10, 12)]
    );
    assert_eq!(find(&idx, "局负"), vec![(1, 4, 6)]);
    assert_eq!(find(&idx, "线"), vec![(1, 11, 12)]);
    assert_eq!(find(&idx, "啊啊"), vec![(4, 0, 2), (4, 1, 3)]);
    assert_eq!(
        find(&idx, "。"),
        vec![(1, 16, 17), (2, 17, 18), (4, 17, 18)]
    );
    assert!(find(&idx, "管理局长").is_empty());
}

#[test]
fn latin_words_are_whole_word_and_case_insensitive() {
    let idx = index(DOCS);
    assert_eq!(find(&idx, "gis"), vec![(3, 4, 7), (3, 18, 21)]);
    assert_eq!(
        find(&idx, "CAT"),
        vec![(3, 48, 51), (3, 52, 55), (3, 56, 59)]
    );
    assert!(find(&idx, "logistic").is_empty());
    assert_eq!(find(&idx, "\"gis DATA\""), vec![(3, 18, 26)]);
}

#[test]
fn quoted_phrases_keep_whitespace_exact() {
    let idx = index(DOCS);
    // The n-gram candidates of "应急 管理" include doc 5's "应急\n管理";
    // verification must reject it because the whitespace differs.
    assert_eq!(find(&idx, "\"应急 管理\""), vec![(5, 0, 5)]);
    assert_eq!(find(&idx, "\"应急\n管理\""), vec![(5, 10, 15)]);
    assert_eq!(find(&idx, "\"应急管理\""), vec![(1, 0, 4)]);
}

#[test]
fn boolean_operators_and_near() {
    let idx = index(DOCS);
    let docs = |q: &str| {
        let mut d: Vec<i64> = find(&idx, q).into_iter().map(|h| h.0).collect();
        d.dedup();
        d
    };
    assert_eq!(docs("数据共享"), vec![2, 4]);
    assert_eq!(docs("数据共享 -公安"), vec![4]);
    assert_eq!(docs("数据共享 NOT 公安"), vec![4]);
    assert_eq!(docs("数据共享 AND 公安"), vec![2]);
    assert_eq!(docs("公安 OR 啊啊"), vec![2, 4]);
    assert_eq!(docs("(公安 OR 啊啊) 数据"), vec![2, 4]);
    // Documents without 公安 but also without 应急 satisfy the query but have no hit.
    assert_eq!(docs("应急 OR NOT 公安"), vec![1, 2, 5]);
    assert_eq!(docs("条块分割 NEAR/3 数据共享"), vec![4]);
    assert_eq!(docs("条块分割 NEAR/2 数据共享"), Vec::<i64>::new());
    // Hits are the positive terms' occurrences only.
    assert_eq!(find(&idx, "数据共享 -公安"), vec![(4, 11, 15)]);
    assert_eq!(
        find(&idx, "条块分割 NEAR/5 数据共享"),
        vec![(4, 4, 8), (4, 11, 15)]
    );
}

#[test]
fn ranking_limit_filter_and_snippets() {
    let idx = index(&[
        (10, "数据共享。"),
        (11, "数据共享，数据共享，数据共享。"),
        (12, "没有相关内容"),
    ]);
    let hits = idx.search("数据共享", None, None).expect("search");
    let order: Vec<(i64, usize)> = hits.iter().map(|h| (h.doc_id, h.start)).collect();
    assert_eq!(order, vec![(11, 0), (11, 5), (11, 10), (10, 0)]);
    assert!(hits[0].score > hits[3].score && hits[0].score == hits[1].score);
    assert_eq!(hits[1].snippet, "数据共享，【数据共享】，数据共享。");
    assert_eq!(
        idx.search("数据共享", None, Some(2)).expect("limit").len(),
        2
    );
    assert!(
        idx.search("数据共享", None, Some(0))
            .expect("zero")
            .is_empty()
    );
    let only10 = idx
        .search(
            "数据共享",
            Some(&std::collections::HashSet::from([10])),
            None,
        )
        .expect("filter");
    assert_eq!(spans(&only10), vec![(10, 0, 4)]);
    // Single characters have no jieba score: ranked by the n-gram score.
    let single = idx.search("据", None, None).expect("single");
    assert_eq!(single.len(), 4);
    assert!(single.iter().all(|h| h.score > 0.0));
}

#[test]
fn snippets_are_kwic_with_newlines_flattened() {
    let long = format!("{}关键词{}", "前".repeat(40), "后\n".repeat(20));
    let idx = index(&[(1, long.as_str())]);
    let hits = idx.search("关键词", None, None).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].snippet,
        format!("{}【关键词】{}", "前".repeat(30), "后 ".repeat(15))
    );
}

#[test]
fn query_errors_are_reported() {
    let idx = index(DOCS);
    for q in ["", "(应急", "\"应急", "应急 AND", "NOT 应急"] {
        assert!(
            matches!(idx.search(q, None, None), Err(SearchError::Query(_))),
            "{q:?} should be a query error"
        );
    }
}

#[test]
fn updates_removals_and_ids() {
    let mut idx = index(DOCS);
    assert_eq!(idx.doc_count(), 5);
    assert_eq!(idx.indexed_ids().expect("ids"), vec![1, 2, 3, 4, 5]);
    idx.remove_document(2);
    idx.add_documents([(4, "新的文本：借力赋权")].into_iter(), &mut |_| {})
        .expect("upsert");
    // Not visible before commit.
    assert_eq!(idx.doc_count(), 5);
    idx.commit().expect("commit");
    assert_eq!(idx.indexed_ids().expect("ids"), vec![1, 3, 4, 5]);
    assert!(find(&idx, "公安").is_empty());
    assert!(find(&idx, "啊啊").is_empty());
    assert_eq!(find(&idx, "赋权"), vec![(4, 7, 9)]);
    idx.clear().expect("clear");
    idx.commit().expect("commit");
    assert_eq!(idx.doc_count(), 0);
}

#[test]
fn on_disk_index_persists_and_tracks_dictionary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seg = seg();
    let fp = seg.fingerprint().to_owned();
    {
        let mut idx = SearchIndex::open_or_create(dir.path(), seg.clone()).expect("create");
        assert!(idx.needs_rebuild(&fp), "a fresh index must be built");
        idx.add_documents(DOCS.iter().copied(), &mut |_| {})
            .expect("add");
        idx.commit().expect("commit");
        assert!(!idx.needs_rebuild(&fp));
        assert!(idx.needs_rebuild("another dictionary"));
    }
    let idx = SearchIndex::open_or_create(dir.path(), seg.clone()).expect("reopen");
    assert!(!idx.needs_rebuild(&fp));
    assert_eq!(idx.doc_count(), 5);
    assert_eq!(find(&idx, "急管"), vec![(1, 1, 3)]);
    drop(idx);
    // A stamp from an older schema wipes the index and asks for a rebuild.
    let meta = dir.path().join(META_FILE);
    std::fs::write(&meta, format!("schema={}\ndict={fp}\n", SCHEMA_VERSION + 1)).expect("write");
    let idx = SearchIndex::open_or_create(dir.path(), seg).expect("reopen stale");
    assert!(idx.needs_rebuild(&fp));
    assert_eq!(idx.doc_count(), 0);
}

#[test]
fn count_equals_the_number_of_unlimited_hits() {
    let idx = index(DOCS);
    for q in [
        "应急",
        "啊啊",
        "。",
        "gis",
        "应急 OR 数据",
        "数据 -公安局",
        "管理局长",
        "\"数据共享\"",
    ] {
        let all = idx.search(q, None, None).expect(q).len();
        assert_eq!(idx.count(q, None).expect(q), all, "{q}");
    }
    let only_two = std::collections::HashSet::from([2]);
    assert_eq!(
        idx.count("应急", Some(&only_two)).unwrap(),
        idx.search("应急", Some(&only_two), None).unwrap().len()
    );
    assert!(idx.count("(应急", None).is_err());
}
