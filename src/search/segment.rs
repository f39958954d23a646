//! Chinese word segmentation (jieba) with a domain user dictionary, word
//! frequencies, and a word-level precision/recall/F1 evaluator.

use std::collections::{HashMap, HashSet};

use jieba_rs::{Jieba, TokenizeMode};
use serde::{Deserialize, Serialize};

use super::text::{fold_char, fold_str};

/// Domain vocabulary of emergency-management / urban-governance interviews,
/// always added to the jieba dictionary so these terms are kept whole.
pub const DOMAIN_TERMS: &[&str] = &[
    "应急管理局",
    "应急管理部",
    "应急局",
    "应急管理",
    "应急指挥中心",
    "安委办",
    "安委会",
    "城市生命线",
    "一网统管",
    "一网通办",
    "三防",
    "三防办",
    "监测预警",
    "综合平台",
    "行业系统",
    "数据共享",
    "数据壁垒",
    "信息孤岛",
    "风险分摊",
    "收益兼容",
    "价值共创",
    "共同认知",
    "赋权",
    "借力",
    "网格员",
    "网格化",
    "危化品",
    "运转有效",
    "运转失效",
    "条块分割",
    "属地管理",
    "联防联控",
    "跨部门协同",
    "应急预案",
];

/// Default stop words for word-frequency lists: Chinese function words,
/// punctuation and common English words.
pub const DEFAULT_STOPWORDS: &[&str] = &[
    // Chinese function words, pronouns, fillers.
    "的", "了", "在", "是", "我", "你", "他", "她", "它", "我们", "你们", "他们", "她们", "这",
    "那", "这个", "那个", "这些", "那些", "就", "也", "都", "和", "与", "及", "或", "而", "但",
    "但是", "因为", "所以", "如果", "还", "又", "很", "被", "把", "对", "从", "到", "给", "让",
    "向", "以", "之", "其", "着", "过", "吗", "呢", "吧", "啊", "呀", "嗯", "哦", "哈", "嘛", "么",
    "什么", "怎么", "一个", "有", "没有", "没", "不", "会", "要", "能", "可以", "说", "去", "来",
    "上", "下", "中", "等", "个", "们", "为", "于", "并", "则", "即", "其中", "然后", "就是",
    "还是", "比较", "一些", "一下", "这样", "那样", "这种", "自己", "时候", "已经", "可能", "应该",
    "对于", "关于", "以及", "或者", "并且", "而且", "所", "该", "由", "依照", "按照", "根据",
    "通过", "进行", "之间", "之后", "以后", "以上", "以下",
    // Punctuation and symbols (full- and half-width).
    "，", "。", "、", "；", "：", "？", "！", "“", "”", "‘", "’", "（", "）", "《", "》", "【",
    "】", "—", "——", "…", "……", "·", ",", ".", ";", ":", "?", "!", "\"", "'", "(", ")", "[", "]",
    "{", "}", "-", "_", "/", "\\", "*", "#", "&", "%", "+", "=", "<", ">", "|", "~", "`",
    // Common English words.
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
    "those", "i", "you", "he", "she", "we", "they", "me", "my", "our", "your", "so", "not", "no",
    "do", "does", "did", "have", "has", "had", "um", "uh", "yeah", "like", "just",
];

/// A user dictionary entry, as stored by the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictWord {
    /// The word; empty words are ignored.
    pub word: String,
    /// jieba frequency; `None` lets jieba suggest one that keeps the word whole.
    pub freq: Option<usize>,
    /// Part-of-speech tag (jieba style, e.g. `n`); optional.
    pub pos: Option<String>,
}

/// A segmented word with **code-point** offsets `[start, end)` into the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The word exactly as it appears in the text.
    pub word: String,
    /// Code-point offset of the first character.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
}

/// jieba segmenter with the built-in dictionary, [`DOMAIN_TERMS`] and the
/// user's words. Cheap to share behind an `Arc`; segmentation is `&self`.
pub struct Segmenter {
    jieba: Jieba,
    fingerprint: String,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

/// 64-bit FNV-1a: a tiny hash that, unlike `DefaultHasher`, is stable across
/// Rust releases, so fingerprints stored on disk stay comparable.
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Segmenter {
    /// Builds a segmenter from jieba's default dictionary plus [`DOMAIN_TERMS`]
    /// plus `user_words` (added last, so a user entry overrides a domain term).
    pub fn new(user_words: &[DictWord]) -> Segmenter {
        Self::build(DOMAIN_TERMS, user_words)
    }

    /// Builds a segmenter with jieba's default dictionary only (no domain
    /// terms, no user words); used to measure what the domain terms add.
    pub fn plain() -> Segmenter {
        Self::build(&[], &[])
    }

    fn build(domain: &[&str], user_words: &[DictWord]) -> Segmenter {
        let mut jieba = Jieba::new();
        let mut h = fnv1a(b"qcw-segmenter-v1 jieba-rs-0.11", 0xcbf2_9ce4_8422_2325);
        for w in domain {
            jieba.add_word(w, None, None);
            h = fnv1a(w.as_bytes(), fnv1a(b"\x1fD", h));
        }
        for w in user_words.iter().filter(|w| !w.word.trim().is_empty()) {
            jieba.add_word(&w.word, w.freq, w.pos.as_deref());
            let freq = w.freq.map(|f| f.to_string()).unwrap_or_default();
            h = fnv1a(w.word.as_bytes(), fnv1a(b"\x1fU", h));
            h = fnv1a(freq.as_bytes(), fnv1a(b"\x1f", h));
        }
        Segmenter {
            jieba,
            fingerprint: format!("{h:016x}"),
        }
    }

    /// A stable fingerprint of the dictionary additions (domain terms, user
    /// words and frequencies). Store it with an index and compare it later
    /// ([`SearchIndex::needs_rebuild`](super::SearchIndex::needs_rebuild)) to
    /// know when a dictionary change requires re-indexing.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Raw jieba cut (HMM on): contiguous slices covering the whole input,
    /// whitespace included.
    pub(super) fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Segments `text` into words with code-point offsets; whitespace-only
    /// tokens are dropped.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        self.jieba
            .tokenize(text, TokenizeMode::Default, true)
            .into_iter()
            .filter(|t| !t.word.trim().is_empty())
            .map(|t| Token {
                word: t.word.to_owned(),
                start: t.start,
                end: t.end,
            })
            .collect()
    }

    /// Word frequencies over `texts`, ignoring whitespace and `stopwords`
    /// (compared case-insensitively). Latin words are counted lower-cased.
    /// Sorted by count descending, then by word.
    pub fn freq<'a>(
        &self,
        texts: impl IntoIterator<Item = &'a str>,
        stopwords: &[&str],
    ) -> Vec<(String, usize)> {
        let stop: HashSet<String> = stopwords.iter().map(|s| fold_str(s).into_owned()).collect();
        let mut counts: HashMap<String, usize> = HashMap::new();
        for text in texts {
            for w in self.cut(text) {
                if w.trim().is_empty() {
                    continue;
                }
                let w = fold_str(w);
                if !stop.contains(w.as_ref()) {
                    *counts.entry(w.into_owned()).or_default() += 1;
                }
            }
        }
        let mut out: Vec<(String, usize)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Words of `text` used as BM25 terms: lower-cased, whitespace and pure
    /// punctuation dropped. Returns `(byte_start, byte_end, term)`.
    pub(super) fn index_words(&self, text: &str) -> Vec<(usize, usize, String)> {
        let base = text.as_ptr() as usize;
        self.cut(text)
            .into_iter()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| {
                // jieba returns sub-slices of `text`, so pointer distance is the byte offset.
                let start = (w.as_ptr() as usize).saturating_sub(base).min(text.len());
                let end = (start + w.len()).min(text.len());
                (start, end, w.chars().map(fold_char).collect())
            })
            .collect()
    }
}

/// Word-level segmentation quality.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegEval {
    /// Correct predicted words / predicted words.
    pub precision: f64,
    /// Correct predicted words / gold words.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Number of gold words.
    pub gold_words: usize,
}

/// Spans of `words` in coordinates that ignore whitespace.
fn spans<'a>(words: impl Iterator<Item = &'a str>) -> HashSet<(usize, usize)> {
    let mut pos = 0;
    let mut out = HashSet::new();
    for w in words {
        let n = w.chars().filter(|c| !c.is_whitespace()).count();
        if n > 0 {
            out.insert((pos, pos + n));
            pos += n;
        }
    }
    out
}

/// Compares segmentation of each `raw` line with the gold segmentation
/// (`gold` lines, words separated by runs of spaces, as in the UD
/// `*_gold_words.txt` files). Spans are compared in whitespace-free
/// code-point coordinates, so spaces inside raw lines do not matter.
pub fn evaluate_segmentation(seg: &Segmenter, raw: &str, gold: &str) -> SegEval {
    let (mut correct, mut predicted, mut gold_n) = (0usize, 0usize, 0usize);
    for (r, g) in raw.lines().zip(gold.lines()) {
        let gold_spans = spans(g.split(' '));
        let pred_spans = spans(seg.cut(r).into_iter());
        correct += pred_spans.intersection(&gold_spans).count();
        predicted += pred_spans.len();
        gold_n += gold_spans.len();
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (precision, recall) = (ratio(correct, predicted), ratio(correct, gold_n));
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    SegEval {
        precision,
        recall,
        f1,
        gold_words: gold_n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_code_point_offsets_and_no_whitespace() {
        let seg = Segmenter::new(&[]);
        let text = "城市生命线 监测预警，GIS系统";
        let toks = seg.tokens(text);
        let chars: Vec<char> = text.chars().collect();
        for t in &toks {
            assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.word);
            assert!(!t.word.trim().is_empty());
        }
        let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
        assert!(
            words.contains(&"城市生命线") && words.contains(&"监测预警"),
            "{words:?}"
        );
    }

    #[test]
    fn user_words_change_segmentation_and_fingerprint() {
        let plain = Segmenter::new(&[]);
        let user = Segmenter::new(&[DictWord {
            word: "韧性治理场景".into(),
            freq: None,
            pos: Some("n".into()),
        }]);
        let cut = |s: &Segmenter| s.tokens("推进韧性治理场景建设").len();
        assert!(cut(&user) < cut(&plain));
        assert_ne!(plain.fingerprint(), user.fingerprint());
        assert_eq!(plain.fingerprint(), Segmenter::new(&[]).fingerprint());
        assert_ne!(plain.fingerprint(), Segmenter::plain().fingerprint());
    }

    #[test]
    fn freq_sorts_by_count_then_word_and_drops_stopwords() {
        let seg = Segmenter::new(&[]);
        let f = seg.freq(
            ["网格员的数据共享。", "数据共享和网格员，Data data"],
            DEFAULT_STOPWORDS,
        );
        assert_eq!(
            f,
            vec![
                ("data".into(), 2),
                ("数据共享".into(), 2),
                ("网格员".into(), 2)
            ]
        );
    }

    #[test]
    fn evaluator_scores_perfect_and_imperfect_segmentation() {
        let seg = Segmenter::new(&[]);
        let e = evaluate_segmentation(&seg, "我们", "我们");
        assert_eq!((e.precision, e.recall, e.f1), (1.0, 1.0, 1.0));
        let e = evaluate_segmentation(&seg, "我们", "我  们");
        assert_eq!((e.f1, e.gold_words), (0.0, 2));
    }

    /// Word-level F1 on UD Chinese GSDSimp test set; prints both numbers.
    #[test]
    fn gsd_segmentation_f1() {
        let Some(dir) = crate::test_data::shared_data("ud-chinese-gsdsimp") else {
            return;
        };
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        };
        let (raw, gold) = (read("test_raw.txt"), read("test_gold_words.txt"));
        let base = evaluate_segmentation(&Segmenter::plain(), &raw, &gold);
        let domain = evaluate_segmentation(&Segmenter::new(&[]), &raw, &gold);
        eprintln!("GSD test: default dict {base:?}");
        eprintln!("GSD test: + DOMAIN_TERMS {domain:?}");
        assert!(base.gold_words > 10_000);
        assert!(base.f1 > 0.75 && domain.f1 > 0.75, "{base:?} {domain:?}");
    }
}
