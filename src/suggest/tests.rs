//! The model on generated corpora with planted passages: recall of uncoded planted passages,
//! the keyword baseline beaten where the wording varies, determinism.

use super::bench::{THEMES, generate};
use super::corpus::{Corpus, Progress, Scope};
use super::logreg::Params;
use super::{evaluate, suggest};
use crate::search::Segmenter;
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

fn segmenter() -> Segmenter {
    Segmenter::new(&[])
}

fn corpus(docs: usize, coded: usize) -> (Corpus, super::bench::Generated) {
    let g = generate(docs, 60, 12, coded, 7);
    let c = Corpus::build(
        g.docs.clone(),
        &g.codings,
        segmenter(),
        Scope::Sentence,
        &mut |_: Progress| {},
    );
    (c, g)
}

fn shared() -> Arc<(Corpus, super::bench::Generated)> {
    static C: OnceLock<Arc<(Corpus, super::bench::Generated)>> = OnceLock::new();
    C.get_or_init(|| Arc::new(corpus(40, 20))).clone()
}

#[test]
fn planted_passages_of_uncoded_documents_are_found() {
    let shared = shared();
    let (corpus, g) = &*shared;
    for code_id in 1..=THEMES.len() as i64 {
        let wanted: HashSet<(i64, usize)> = g
            .planted
            .iter()
            .filter(|s| s.code_id == code_id && s.doc_id > 20)
            .map(|s| (s.doc_id, s.start))
            .collect();
        let got = suggest(
            corpus,
            (code_id, THEMES[code_id as usize - 1].code),
            &[],
            &Params::default(),
            wanted.len(),
            &mut |_| {},
        )
        .expect("suggestions");
        let hits = got
            .items
            .iter()
            .filter(|s| wanted.contains(&(s.doc_id, s.start)))
            .count();
        let recall = hits as f64 / wanted.len() as f64;
        assert!(
            recall >= 0.9,
            "code {code_id}: {hits} of {} planted passages in the top {}",
            wanted.len(),
            wanted.len()
        );
        // Nothing coded is suggested again.
        assert!(got.items.iter().all(|s| {
            s.doc_id > 20
                || !g
                    .codings
                    .iter()
                    .any(|c| c.code_id == code_id && c.doc_id == s.doc_id && c.start == s.start)
        }));
    }
}

#[test]
fn the_model_beats_the_keyword_baseline_where_the_wording_varies() {
    let (corpus, _) = corpus(30, 30);
    let codes: Vec<_> = THEMES
        .iter()
        .enumerate()
        .map(|(i, t)| (i as i64 + 1, t.code.to_owned(), Vec::new()))
        .collect();
    let report = evaluate(&corpus, &codes, &Params::default(), 5, 0.5, &mut |_| {}).expect("eval");
    for c in &report.codes {
        let (m, b) = (c.model.expect("model"), c.baseline.expect("baseline"));
        eprintln!(
            "{}: model P {:.3} R {:.3} F1 {:.3} κ {:.3} | baseline P {:.3} R {:.3} F1 {:.3} κ {:.3} {:?}",
            c.code,
            m.precision,
            m.recall,
            m.f1,
            m.kappa,
            b.precision,
            b.recall,
            b.f1,
            b.kappa,
            c.baseline_words
        );
    }
    let varied = &report.codes[0];
    let (m, b) = (
        varied.model.expect("model"),
        varied.baseline.expect("baseline"),
    );
    assert!(m.f1 > b.f1 + 0.05, "model F1 {} vs baseline {}", m.f1, b.f1);
    assert!(m.recall >= 0.9 && m.kappa >= 0.8, "{m:?}");
    for c in &report.codes {
        let m = c.model.expect("model");
        assert!(m.f1 >= 0.9, "{}: {m:?}", c.code);
    }
}

#[test]
fn the_same_input_gives_identical_output() {
    let shared = shared();
    let (corpus, _) = &*shared;
    let run =
        || suggest(corpus, (1, "x"), &[], &Params::default(), 50, &mut |_| {}).expect("suggest");
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    let (c, _) = self::corpus(40, 20);
    let again = suggest(&c, (1, "x"), &[], &Params::default(), 50, &mut |_| {}).expect("suggest");
    assert_eq!(a, again);
    // Scores descending, ties in document order.
    assert!(a.items.windows(2).all(|w| w[0].score > w[1].score
        || (w[0].score == w[1].score && (w[0].doc_id, w[0].start) < (w[1].doc_id, w[1].start))));
}

#[test]
fn a_code_without_codings_has_nothing_to_learn() {
    let shared = shared();
    let err = suggest(
        &shared.0,
        (99, "无"),
        &[],
        &Params::default(),
        5,
        &mut |_| {},
    )
    .expect_err("no positives");
    assert!(err.to_string().contains("无"), "{err}");
}

#[test]
fn the_benchmark_reports_its_figures_for_bench_all() {
    let mut figures = Vec::new();
    let report = super::bench::suggest_bench_figures(6, 40, &mut figures);
    assert!(!report.contains("error"), "{report}");
    let whats: Vec<&str> = figures.iter().map(|f| f.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "segments + features",
            "train one code",
            "score every segment, rank",
            "end to end"
        ]
    );
    assert!(figures.iter().all(|f| f.ms >= 0.0 && f.baseline_ms > 0.0));
}
