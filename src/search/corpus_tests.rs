//! Recall/precision on real text: every query's hit set must equal an
//! independent step-1 scan (overlapping occurrences count separately).
//! The corpora are the shared data (`../shared/data`, see [`crate::test_data`]): the tests skip
//! with a note when it is absent, and fail under CI.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::bench::{Rng, sample_windows};
use super::text::{fold_char, is_word_char};
use super::{SearchIndex, Segmenter};
use crate::test_data::shared_data;

type HitSet = BTreeSet<(i64, usize, usize)>;

fn files_with_ext(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let files = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path);
    out.extend(files.filter(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
    }));
}

/// Independent oracle: compare folded characters at every offset (step 1);
/// a pattern edge that is a word character needs a non-word neighbour.
fn scan(doc: &[char], pat: &[char]) -> Vec<(usize, usize)> {
    let n = pat.len();
    if n == 0 || n > doc.len() {
        return Vec::new();
    }
    let (ws, we) = (is_word_char(pat[0]), is_word_char(pat[n - 1]));
    (0..=doc.len() - n)
        .filter(|&i| {
            doc[i] == pat[0]
                && doc[i..i + n] == *pat
                && (!ws || i == 0 || !is_word_char(doc[i - 1]))
                && (!we || i + n == doc.len() || !is_word_char(doc[i + n]))
        })
        .map(|i| (i, i + n))
        .collect()
}

struct Corpus {
    idx: SearchIndex,
    /// `(doc_id, folded chars)`.
    docs: Vec<(i64, Vec<char>)>,
}

impl Corpus {
    fn new(texts: &[String]) -> Corpus {
        let seg = Arc::new(Segmenter::new(&[]));
        let mut idx = SearchIndex::in_ram(seg).expect("index");
        let docs: Vec<(i64, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i as i64 + 1, t.as_str()))
            .collect();
        idx.add_documents(docs.iter().copied(), &mut |_| {})
            .expect("add");
        idx.commit().expect("commit");
        let docs = docs
            .iter()
            .map(|(id, t)| (*id, t.chars().map(fold_char).collect()))
            .collect();
        Corpus { idx, docs }
    }

    /// Per-document oracle occurrences of `pat`.
    fn occ(&self, pat: &str) -> HashMap<i64, Vec<(usize, usize)>> {
        let pat: Vec<char> = pat.chars().map(fold_char).collect();
        self.docs
            .iter()
            .map(|(id, d)| (*id, scan(d, &pat)))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    fn search(&self, q: &str) -> HitSet {
        let hits = self
            .idx
            .search(q, None, None)
            .unwrap_or_else(|e| panic!("{q}: {e}"));
        // Ranking contract: scores never increase; within a doc, text order.
        for w in hits.windows(2) {
            assert!(w[0].score >= w[1].score, "{q}: scores not descending");
            if w[0].doc_id == w[1].doc_id {
                assert!(w[0].start <= w[1].start, "{q}: hits not in text order");
            }
        }
        let set: HitSet = hits.iter().map(|h| (h.doc_id, h.start, h.end)).collect();
        assert_eq!(set.len(), hits.len(), "{q}: duplicate hits");
        set
    }
}

fn to_set(m: &HashMap<i64, Vec<(usize, usize)>>, docs: impl Fn(i64) -> bool) -> HitSet {
    m.iter()
        .filter(|(id, _)| docs(**id))
        .flat_map(|(id, v)| v.iter().map(move |&(s, e)| (*id, s, e)))
        .collect()
}

/// Compares each query with the oracle; returns (queries, occurrences).
fn compare_all(c: &Corpus, queries: &[String]) -> (usize, usize) {
    let mut failures = Vec::new();
    let mut total = 0;
    for q in queries {
        let expected = to_set(&c.occ(q), |_| true);
        let got = c.search(&format!("\"{q}\""));
        total += expected.len();
        if got != expected {
            failures.push(format!(
                "{q:?}: expected {} hits, got {}; missing {:?}, extra {:?}",
                expected.len(),
                got.len(),
                expected.difference(&got).take(3).collect::<Vec<_>>(),
                got.difference(&expected).take(3).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (queries.len(), total)
}

/// Texts, their index, and the query terms.
type Laws = (Vec<String>, Corpus, Vec<String>);

/// The laws corpus, its index and its query terms, built once per test run; `None` (skip) when
/// the shared data is absent and CI is not set.
fn laws() -> Option<&'static Laws> {
    static LAWS_CORPUS: OnceLock<Laws> = OnceLock::new();
    let dir = shared_data("corpus-zh-laws")?;
    Some(LAWS_CORPUS.get_or_init(|| {
        let mut files = Vec::new();
        files_with_ext(&dir, &["txt", "md"], &mut files);
        let texts: Vec<String> = files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
            .collect();
        // 290 law texts and SOURCES.txt.
        assert!(
            texts.len() >= 290,
            "only {} texts in {}",
            texts.len(),
            dir.display()
        );
        let corpus = Corpus::new(&texts);
        let queries = law_queries(&texts);
        (texts, corpus, queries)
    }))
}

/// Query terms from the laws corpus: random windows, parts of long jieba
/// words (应急 of 应急管理), windows across jieba word boundaries, fixed terms.
fn law_queries(texts: &[String]) -> Vec<String> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut qs: Vec<String> = sample_windows(&refs, 220, 42);
    let seg = Segmenter::new(&[]);
    let mut rng = Rng::new(9);
    let (mut parts, mut crossing) = (0, 0);
    while parts < 60 || crossing < 60 {
        let doc: Vec<char> = texts[rng.below(texts.len())].chars().collect();
        let start = rng.below(doc.len().max(1));
        let slice: String = doc[start..doc.len().min(start + 120)].iter().collect();
        let toks = seg.tokens(&slice);
        for pair in toks.windows(2) {
            let (a, b): (Vec<char>, Vec<char>) = (
                pair[0].word.chars().collect(),
                pair[1].word.chars().collect(),
            );
            if a.len() >= 3 && parts < 60 && a.iter().all(|c| !c.is_whitespace() && *c != '"') {
                qs.push(a[..2].iter().collect());
                qs.push(a[a.len() - 2..].iter().collect());
                parts += 1;
            }
            let cross: String = a[a.len() - 1..].iter().chain(b.iter().take(2)).collect();
            if crossing < 60
                && pair[1].start == pair[0].end
                && !cross.contains(char::is_whitespace)
                && !cross.contains('"')
            {
                qs.push(cross);
                crossing += 1;
            }
        }
    }
    for q in [
        "应急",
        "应急管理",
        "中华人民共和国",
        "第一条",
        "的",
        "，",
        "国务院",
        "啊啊",
        "条例",
    ] {
        qs.push(q.to_owned());
    }
    let mut seen = BTreeSet::new();
    qs.retain(|q| seen.insert(q.clone()));
    qs
}

#[test]
fn laws_corpus_substring_recall_and_precision() {
    let Some((texts, c, qs)) = laws() else {
        return;
    };
    assert!(qs.len() >= 300, "only {} queries", qs.len());
    let (n, occ) = compare_all(c, qs);
    eprintln!(
        "laws: {} docs, {n} queries, {occ} occurrences: all equal to the scan",
        texts.len()
    );
}

#[test]
fn laws_corpus_boolean_queries_match_oracle() {
    let Some((_, c, qs)) = laws() else {
        return;
    };
    let terms: Vec<&String> = qs
        .iter()
        .filter(|q| q.chars().count() >= 2)
        .map(|q| (c.occ(q).values().map(Vec::len).sum::<usize>(), q))
        .filter(|(n, _)| (1..3000).contains(n))
        .map(|(_, q)| q)
        .collect();
    assert!(terms.len() > 40);
    let mut compared = 0;
    for pair in terms.chunks(2).take(60) {
        let [a, b] = pair else { continue };
        let (oa, ob) = (c.occ(a), c.occ(b));
        let both: HitSet = to_set(&oa, |_| true)
            .union(&to_set(&ob, |_| true))
            .copied()
            .collect();
        let in_docs = |docs: &dyn Fn(i64) -> bool| -> HitSet {
            both.iter().filter(|h| docs(h.0)).copied().collect()
        };
        let (ha, hb) = (|id| oa.contains_key(&id), |id| ob.contains_key(&id));
        assert_eq!(
            c.search(&format!("\"{a}\" \"{b}\"")),
            in_docs(&|id| ha(id) && hb(id)),
            "{a} AND {b}"
        );
        assert_eq!(c.search(&format!("\"{a}\" OR \"{b}\"")), both, "{a} OR {b}");
        assert_eq!(
            c.search(&format!("\"{a}\" -\"{b}\"")),
            to_set(&oa, |id| !hb(id)),
            "{a} -{b}"
        );
        // NEAR/20: occurrences of either side with a partner at gap <= 20.
        let mut near = HitSet::new();
        for (id, va) in &oa {
            for &(s1, e1) in va {
                for &(s2, e2) in ob.get(id).map_or(&[][..], Vec::as_slice) {
                    let gap = if s2 >= e1 {
                        s2 - e1
                    } else {
                        s1.saturating_sub(e2)
                    };
                    if gap <= 20 {
                        near.insert((*id, s1, e1));
                        near.insert((*id, s2, e2));
                    }
                }
            }
        }
        assert_eq!(
            c.search(&format!("\"{a}\" NEAR/20 \"{b}\"")),
            near,
            "{a} NEAR/20 {b}"
        );
        compared += 4;
    }
    eprintln!("laws: {compared} boolean/NEAR queries equal to the oracle");
}

#[test]
fn english_transcripts_whole_word_case_insensitive() {
    let Some(dir) = shared_data("en-interviews-pdpilot/transcripts") else {
        return;
    };
    let mut files = Vec::new();
    files_with_ext(&dir, &["pdf", "txt", "md"], &mut files);
    // Seven interview transcripts (PDF); every one must yield text.
    assert!(files.len() >= 7, "only {files:?} in {}", dir.display());
    let texts: Vec<String> = files
        .iter()
        .map(|p| {
            let text = match p.extension().and_then(|e| e.to_str()) {
                Some("pdf") => pdf_extract::extract_text(p).map_err(|e| e.to_string()),
                _ => std::fs::read_to_string(p).map_err(|e| e.to_string()),
            };
            let text = text.unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(!text.trim().is_empty(), "{}: no text", p.display());
            text
        })
        .collect();
    let c = Corpus::new(&texts);
    // Words (whole runs of word characters) in case variants, prefixes of
    // longer words (must not match inside them), and two-word phrases.
    let mut words: Vec<String> = Vec::new();
    for t in &texts {
        let chars: Vec<char> = t.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let n = chars[i..].iter().take_while(|c| is_word_char(**c)).count();
            if n > 0 {
                words.push(chars[i..i + n].iter().collect());
            }
            i += n.max(1);
        }
    }
    let mut rng = Rng::new(3);
    let mut qs = Vec::new();
    for k in 0..240 {
        let w = &words[rng.below(words.len())];
        qs.push(match k % 4 {
            0 => w.to_uppercase(),
            1 => w.to_lowercase(),
            2 if w.chars().count() > 5 => w.chars().take(4).collect(),
            _ => w.clone(),
        });
    }
    for t in &texts {
        let mut rng = Rng::new(t.len() as u64);
        for _ in 0..8 {
            let Some(start) = t
                .char_indices()
                .map(|(b, _)| b)
                .nth(rng.below(t.chars().count()))
            else {
                continue;
            };
            let phrase: String = t[start..]
                .split(' ')
                .skip(1)
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            if phrase.contains(' ')
                && !phrase.contains(['"', '\n', '\r', '\t'])
                && phrase.trim() == phrase
            {
                qs.push(phrase);
            }
        }
    }
    qs.extend(["the", "THE", "data", "model", "x", "I"].map(String::from));
    let mut seen = BTreeSet::new();
    qs.retain(|q| !q.is_empty() && seen.insert(q.clone()));
    assert!(qs.len() >= 150, "only {} queries", qs.len());
    let (n, occ) = compare_all(&c, &qs);
    eprintln!(
        "english: {} docs, {n} queries, {occ} occurrences: all equal to the scan",
        texts.len()
    );
}
