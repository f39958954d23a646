//! Search through the CLI: exact-occurrence semantics against a substring scan, filters,
//! KWIC, frequencies, the dictionary and auto-coding.

use crate::util::*;
use serde_json::Value;

/// Every occurrence of `needle` in every document, by a plain scan (code points).
fn scan(t: &TempProject, needle: &str) -> Vec<(String, u64, u64)> {
    let docs = json(&["docs", t.p()]);
    let mut out = Vec::new();
    for d in docs.as_array().unwrap() {
        let name = d["name"].as_str().unwrap();
        let text = json(&["show", t.p(), name])["text"]
            .as_str()
            .unwrap()
            .to_owned();
        let chars: Vec<char> = text.chars().collect();
        let pat: Vec<char> = needle.chars().collect();
        for i in 0..chars.len().saturating_sub(pat.len() - 1) {
            if chars[i..i + pat.len()] == pat[..] {
                out.push((name.to_owned(), i as u64, (i + pat.len()) as u64));
            }
        }
    }
    out.sort();
    out
}

fn hits(v: &Value) -> Vec<(String, u64, u64)> {
    let mut out: Vec<(String, u64, u64)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["doc"].as_str().unwrap().to_owned(),
                h["start"].as_u64().unwrap(),
                h["end"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn cjk_queries_find_every_exact_occurrence() {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    for q in [
        "应急",
        "应急管理局",
        "安委办",
        "数据共享",
        "平台",
        "城市生命线",
        "急管",
        "的",
        "不愿意共享数据",
    ] {
        let got = hits(&json(&["search", t.p(), q]));
        let want = scan(&t, q);
        assert!(
            !want.is_empty() || q == "城市生命线",
            "{q} should occur in the demo"
        );
        assert_eq!(got, want, "query {q}");
    }
    let h = json(&["search", t.p(), "安委办", "--limit", "1"]);
    assert_eq!(h.as_array().unwrap().len(), 1);
    let first = &h[0];
    for key in ["doc", "doc_id", "start", "end", "score", "snippet"] {
        assert!(first.get(key).is_some(), "hit JSON lacks {key}");
    }
    assert!(first["snippet"].as_str().unwrap().contains("【安委办】"));
}

#[test]
fn boolean_filters_and_latin_words() {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    let gis = hits(&json(&["search", t.p(), "gis"]));
    assert_eq!(gis, scan(&t, "GIS"), "Latin words match case-insensitively");
    let interviews = hits(&json(&["search", t.p(), "平台", "--kind", "interview"]));
    let all = hits(&json(&["search", t.p(), "平台"]));
    assert!(!interviews.is_empty() && interviews.len() < all.len());
    let docs = json(&["docs", t.p()]);
    let interview_names: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "interview")
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(
        interviews
            .iter()
            .all(|h| interview_names.contains(&h.0.as_str()))
    );
    let case = hits(&json(&["search", t.p(), "平台", "--case", "B市综合平台"]));
    assert!(!case.is_empty() && case.len() < all.len());
    // NOT removes documents containing the other term.
    let not = hits(&json(&["search", t.p(), "平台 NOT 燃气"]));
    let gas_docs: Vec<String> = hits(&json(&["search", t.p(), "燃气"]))
        .into_iter()
        .map(|h| h.0)
        .collect();
    assert!(!not.is_empty());
    assert!(not.iter().all(|h| !gas_docs.contains(&h.0)));
    assert!(fails(&["search", t.p(), "(平台"]).contains("invalid search query"));
}

#[test]
fn kwic_freq_segment_dictionary_and_code_hits() {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    let k = json(&["kwic", t.p(), "安委办", "--width", "5"]);
    let line = &k[0];
    assert_eq!(line["keyword"], "安委办");
    assert!(line["left"].as_str().unwrap().chars().count() <= 5);
    let f = json(&["freq", t.p(), "--top", "20"]);
    let words: Vec<&str> = f
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["word"].as_str().unwrap())
        .collect();
    assert!(!words.contains(&"的"), "stop words removed: {words:?}");
    assert!(f[0]["count"].as_u64().unwrap() >= f[1]["count"].as_u64().unwrap());
    // Only the coded segments of a code (and its sub-codes), one-character words left out.
    let coded: String = json(&["codings", t.p(), "--code", "权力"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    let f = json(&["freq", t.p(), "--code", "权力", "--min-two", "--top", "500"]);
    let words: Vec<&str> = f
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["word"].as_str().unwrap())
        .collect();
    assert!(!words.is_empty());
    for w in &words {
        assert!(w.chars().count() >= 2, "--min-two: {w}");
        assert!(coded.contains(w), "{w} is not in a 权力 segment");
    }
    assert!(fails(&["freq", t.p(), "--code", "无此码"]).contains("no code"));
    // The project dictionary changes segmentation (and the index is rebuilt).
    let before = json(&["segment", t.p(), "--text", "两断三同步机制"]);
    assert!(before.as_array().unwrap().len() > 1);
    ok(&["dict", "add", t.p(), "两断三同步"]);
    let after = json(&["segment", t.p(), "--text", "两断三同步机制"]);
    assert_eq!(after[0]["word"], "两断三同步");
    assert_eq!(after[0]["start"], 0);
    assert_eq!(after[0]["end"], 5);
    assert_eq!(
        hits(&json(&["search", t.p(), "安委办"])),
        scan(&t, "安委办"),
        "still exact after re-index"
    );
    // Auto-coding every hit is one undoable command.
    let n_before = json(&["codings", t.p()]).as_array().unwrap().len();
    let want = scan(&t, "安委办").len();
    let r = json(&[
        "code",
        "hits",
        t.p(),
        "安委办",
        "--code",
        "权力/借力",
        "--coder",
        "auto",
    ]);
    assert_eq!(r["codings"].as_u64().unwrap() as usize, want);
    let coded = json(&["codings", t.p(), "--coder", "auto"]);
    assert_eq!(coded.as_array().unwrap().len(), want);
    assert!(
        coded
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["text"] == "安委办")
    );
    ok(&["undo", t.p()]);
    assert_eq!(
        json(&["codings", t.p()]).as_array().unwrap().len(),
        n_before
    );
    let s = json(&[
        "code",
        "hits",
        t.p(),
        "安委办",
        "--code",
        "权力/借力",
        "--coder",
        "auto",
        "--scope",
        "sentence",
    ]);
    assert!(s["codings"].as_u64().unwrap() >= 1);
    let sentence = &json(&["codings", t.p(), "--coder", "auto"])[0];
    assert!(sentence["text"].as_str().unwrap().contains("安委办"));
    assert!(sentence["text"].as_str().unwrap().chars().count() > 3);
}
