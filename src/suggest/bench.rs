//! A generated corpus with planted code-indicative passages (for the tests and `qcw bench
//! suggest`), and the benchmark: segmenting, training on ~50 k codings and scoring 297
//! documents, against tokenizing the corpus once in the same run.

use super::corpus::{Corpus, Progress, Scope, Span};
use super::logreg::Params;
use super::suggest;
use crate::search::Segmenter;
use std::fmt::Write as _;
use std::time::Instant;

/// A theme: a code whose passages say "noun + predicate" in many wordings.
pub struct Theme {
    /// The code's path.
    pub code: &'static str,
    /// Subjects.
    pub nouns: &'static [&'static str],
    /// What is said of them.
    pub preds: &'static [&'static str],
}

/// The planted themes; code ids are index + 1. Theme 0 varies its wording most, theme 1 never.
pub const THEMES: &[Theme] = &[
    Theme {
        code: "资源/经费困难",
        nouns: &["经费", "资金", "预算", "拨款", "专项经费", "财政资金"],
        preds: &[
            "紧张",
            "不足",
            "短缺",
            "吃紧",
            "不够用",
            "跟不上",
            "缺口很大",
            "捉襟见肘",
        ],
    },
    Theme {
        code: "协同/数据共享",
        nouns: &["数据共享平台"],
        preds: &["打通了各部门的数据"],
    },
    Theme {
        code: "压力/上级加压",
        nouns: &["上级", "领导", "市里", "省里", "考核组"],
        preds: &[
            "层层加压",
            "催得很急",
            "要求限期完成",
            "盯得很紧",
            "压任务下来",
        ],
    },
    Theme {
        code: "参与/居民参与",
        nouns: &["居民", "群众", "志愿者", "业主", "老人"],
        preds: &["积极参与", "主动报名", "踊跃参加", "热情很高", "愿意出力"],
    },
    Theme {
        code: "技术/系统故障",
        nouns: &["系统", "平台", "软件", "设备", "传感器"],
        preds: &[
            "经常卡顿",
            "频繁掉线",
            "老是出故障",
            "数据对不上",
            "登录不了",
        ],
    },
    Theme {
        code: "协同/部门推诿",
        nouns: &["部门之间", "各科室", "条线之间", "街道和区里"],
        preds: &["互相推诿", "踢皮球", "推来推去", "不愿担责", "各管一摊"],
    },
];

const PREFIXES: &[&str] = &["其实", "说实话", "那段时间", "我们这边", "", "去年", "现在"];
const SUFFIXES: &[&str] = &["。", "，这个问题很突出。", "，大家都知道。", "，没办法。"];
const SUBJECTS: &[&str] = &["我们街道", "社区", "区里", "应急局", "网格员", "工作人员"];
const ADVERBS: &[&str] = &["平时会", "一般都", "每周", "有时候", "按规定"];
const ACTIONS: &[&str] = &[
    "开会讨论工作安排",
    "检查消防设施",
    "整理台账材料",
    "走访困难群众",
    "组织培训演练",
    "上报数据信息",
    "和物业沟通",
    "巡查重点区域",
];

/// A small deterministic generator (64-bit LCG, high bits).
pub struct Lcg(u64);

impl Lcg {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1))
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// A generated corpus.
pub struct Generated {
    /// `(id, name, text)`.
    pub docs: Vec<(i64, String, String)>,
    /// Codings: the planted sentences of coded documents, by theme (code id = theme + 1).
    pub codings: Vec<Span>,
    /// Every planted sentence (coded or not), code id = theme + 1.
    pub planted: Vec<Span>,
}

/// A neutral sentence; now and then it uses a theme's noun or predicate in another sense, so
/// single words are weak evidence and the wording around them matters.
fn filler(rng: &mut Lcg) -> String {
    match rng.below(6) {
        0 => {
            let t = &THEMES[rng.below(THEMES.len())];
            format!("{}的情况我们每个月都汇总上报。", rng.pick(t.nouns))
        }
        1 => {
            let t = &THEMES[rng.below(THEMES.len())];
            format!("人手{}的时候就{}。", rng.pick(t.preds), rng.pick(ACTIONS))
        }
        _ => format!(
            "{}{}{}。",
            rng.pick(SUBJECTS),
            rng.pick(ADVERBS),
            rng.pick(ACTIONS)
        ),
    }
}

/// `docs` documents of `sentences` sentences each; a sentence is planted with probability
/// `planted_pct`/100 (a random theme); planted sentences are coded in documents
/// `0..coded_docs` only.
pub fn generate(
    docs: usize,
    sentences: usize,
    planted_pct: usize,
    coded_docs: usize,
    seed: u64,
) -> Generated {
    let mut rng = Lcg::new(seed);
    let mut out = Generated {
        docs: Vec::new(),
        codings: Vec::new(),
        planted: Vec::new(),
    };
    for d in 0..docs {
        let doc_id = d as i64 + 1;
        let mut text = String::new();
        let mut pos = 0usize;
        for s in 0..sentences {
            let sentence = if rng.below(100) < planted_pct {
                let theme = rng.below(THEMES.len());
                let t = &THEMES[theme];
                let sentence = format!(
                    "{}{}{}{}",
                    rng.pick(PREFIXES),
                    rng.pick(t.nouns),
                    rng.pick(t.preds),
                    rng.pick(SUFFIXES)
                );
                let span = Span {
                    code_id: theme as i64 + 1,
                    doc_id,
                    start: pos,
                    end: pos + sentence.chars().count(),
                };
                out.planted.push(span);
                if d < coded_docs {
                    out.codings.push(span);
                }
                sentence
            } else {
                filler(&mut rng)
            };
            pos += sentence.chars().count();
            text.push_str(&sentence);
            if s % 8 == 7 {
                text.push('\n');
                pos += 1;
            }
        }
        out.docs.push((doc_id, format!("访谈{:03}", d + 1), text));
    }
    out
}

/// `qcw bench suggest`: 297 generated documents with ~50 k coded sentences; times segmenting,
/// training one code and scoring every segment, against tokenizing the corpus once.
pub fn suggest_bench(docs: usize, sentences: usize) -> String {
    run_bench(docs, sentences, &mut |_, _, _| {})
}

/// [`suggest_bench`], also collecting its figures for `qcw bench all` (each against tokenizing
/// the corpus once).
pub fn suggest_bench_figures(
    docs: usize,
    sentences: usize,
    figures: &mut Vec<crate::bench::Figure>,
) -> String {
    run_bench(docs, sentences, &mut |what, secs, base| {
        figures.push(crate::bench::Figure::new(
            what,
            secs * 1e3,
            "tokenizing the corpus once",
            base * 1e3,
        ));
    })
}

/// Runs the benchmark; `figure(what, seconds, baseline seconds)` gets each timing.
fn run_bench(docs: usize, sentences: usize, figure: &mut dyn FnMut(&str, f64, f64)) -> String {
    let generated = generate(docs, sentences, 45, docs, 2026);
    let chars: usize = generated.docs.iter().map(|d| d.2.chars().count()).sum();
    let mut out = String::new();
    let segmenter = Segmenter::new(&[]);
    let t = Instant::now();
    let mut tokens = 0;
    for (_, _, text) in &generated.docs {
        tokens += segmenter.tokens(text).len();
    }
    let tokenize = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let corpus = Corpus::build(
        generated.docs.clone(),
        &generated.codings,
        segmenter,
        Scope::Sentence,
        &mut |_: Progress| {},
    );
    let build = t.elapsed().as_secs_f64();
    figure("segments + features", build, tokenize);
    let _ = writeln!(
        out,
        "corpus: {} documents, {chars} characters, {tokens} words, {} sentences, {} codings ({} codes)",
        generated.docs.len(),
        corpus.segments.len(),
        generated.codings.len(),
        THEMES.len()
    );
    let _ = writeln!(
        out,
        "baseline: tokenizing the corpus once (jieba)   {tokenize:>8.3} s"
    );
    let _ = writeln!(
        out,
        "segments + features (jieba + char 1-3 grams)   {build:>8.3} s   ×{:.2} baseline",
        build / tokenize
    );
    let params = Params::default();
    let mut stages: Vec<(&'static str, f64)> = Vec::new();
    let mut last = Instant::now();
    let t = Instant::now();
    let result = suggest(
        &corpus,
        (1, THEMES[0].code),
        &[],
        &params,
        20,
        &mut |p: Progress| {
            if p.stage == "scoring" && p.done == 0 {
                stages.push(("train", last.elapsed().as_secs_f64()));
                last = Instant::now();
            }
        },
    );
    let total = t.elapsed().as_secs_f64();
    let train = stages.first().map_or(0.0, |s| s.1);
    match result {
        Ok(s) => {
            figure("train one code", train, tokenize);
            figure("score every segment, rank", total - train, tokenize);
            figure("end to end", build + total, tokenize);
            let _ = writeln!(
                out,
                "train one code ({} examples, {} positive, {} epochs)   {train:>8.3} s   ×{:.2} baseline",
                s.model.training_segments,
                s.model.training_positives,
                params.epochs,
                train / tokenize
            );
            let _ = writeln!(
                out,
                "score every segment, rank                      {:>8.3} s   ×{:.2} baseline",
                total - train,
                (total - train) / tokenize
            );
            let _ = writeln!(
                out,
                "end to end (segments, train, score)            {:>8.3} s   ×{:.2} baseline",
                build + total,
                (build + total) / tokenize
            );
        }
        Err(e) => {
            let _ = writeln!(out, "error: {e}");
        }
    }
    out
}
