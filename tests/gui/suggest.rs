//! The suggestions tab (issue 16) on the demo: the list for the code selected in the codebook
//! arrives from the background thread; Accept codes the segment as the current coder with the
//! audit mark and Ctrl+Z takes it back; Reject is remembered in the store and the segment is gone
//! after retraining; Skip hides a row for the session only; a click on the text opens the reader
//! at it; the code's figures are shown beside the list, in both languages.

use crate::util::{CODER, codings_of, harness};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qcw::app::views::{CentralTab, SuggestData};
use qcw::app::{AppCommand, Lang, QcwApp};
use qcw::suggest::Suggestion;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CODE: &str = "利益/风险分摊";

fn code_id(h: &Harness<'_, QcwApp>, path: &str) -> i64 {
    let codes = h.state().project().unwrap().codes().unwrap();
    codes.iter().find(|c| c.path == path).unwrap().id
}

/// Steps frames until the suggestions view has a fresh answer (the thread `qcw-suggest` asks
/// for a repaint as it goes); at most two minutes (a debug build trains six models on the demo).
fn wait_for_list(h: &mut Harness<'_, QcwApp>) {
    let before = h.state().views().suggest.answers();
    let until = Instant::now() + Duration::from_secs(120);
    loop {
        h.step();
        let view = &h.state().views().suggest;
        if view.answers() > before {
            assert!(!view.running());
            break;
        }
        assert!(Instant::now() < until, "the suggestions arrive in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    h.step();
    h.step();
}

fn data(h: &Harness<'_, QcwApp>) -> Arc<SuggestData> {
    match h.state().views().suggest.data() {
        Some(Ok(d)) => Arc::clone(d),
        other => panic!("no suggestions: {other:?}"),
    }
}

fn shown(h: &Harness<'_, QcwApp>) -> Vec<Suggestion> {
    h.state().views().suggest.shown()
}

fn same(a: &Suggestion, b: &Suggestion) -> bool {
    (a.doc_id, a.start, a.end) == (b.doc_id, b.start, b.end)
}

fn open_suggestions(h: &mut Harness<'_, QcwApp>, code: i64) {
    h.state_mut().push(AppCommand::SelectCode(Some(code)));
    h.state_mut()
        .push(AppCommand::SetCentralTab(CentralTab::Suggest));
    wait_for_list(h);
}

/// The code's figures beside the list, hit-testable, with the trust hint.
fn figures_are_shown(h: &Harness<'_, QcwApp>, d: &SuggestData) {
    let eval = &d.eval;
    assert_eq!(eval.code, CODE);
    let model = eval.model.expect("the demo codes it in several documents");
    let baseline = eval.baseline.expect("a keyword baseline");
    h.get_by_label("How far to trust it");
    for (label, m, b) in [
        ("Precision", model.precision, baseline.precision),
        ("Recall", model.recall, baseline.recall),
        ("F1", model.f1, baseline.f1),
        ("Cohen's κ", model.kappa, baseline.kappa),
    ] {
        h.get_by_label(label);
        for v in [m, b] {
            assert!(
                h.query_all_by_label(&format!("{v:.2}")).count() >= 1,
                "{label} {v}"
            );
        }
    }
    // A dozen coded sentences: the hint says not to trust the figures much.
    h.get_by_label_contains("Too few coded segments");
}

#[test]
fn accept_reject_skip_and_undo_from_the_suggestions_tab() {
    let (_dir, path) = crate::util::demo_project();
    let mut h = harness(&path, Lang::En);
    let code = code_id(&h, CODE);
    open_suggestions(&mut h, code);
    let d = data(&h);
    assert_eq!(
        d.suggestions.code, CODE,
        "the codebook's selection is the default"
    );
    assert_eq!(d.suggestions.items.len(), 20, "the default limit");
    assert_eq!(shown(&h).len(), 20);

    figures_are_shown(&h, &d);

    // Accept the top suggestion: coded as the current coder, marked in the log.
    let top = shown(&h)[0].clone();
    h.get_all_by_label("Accept").next().unwrap().click();
    h.run();
    let coded = codings_of(&h, top.doc_id)
        .into_iter()
        .find(|c| c.code_id == code && (c.start, c.end) == (top.start, top.end))
        .expect("the accepted suggestion is a coding");
    assert_eq!(coded.coder, CODER);
    let log = h.state().project().unwrap().log().unwrap();
    let last = &log.last().unwrap().label;
    assert!(last.contains("suggested"), "{last}");
    assert!(last.contains(&d.suggestions.model.hash), "{last}");
    assert!(
        !shown(&h).iter().any(|s| same(s, &top)),
        "accepted rows leave the list"
    );
    h.get_by_label_contains("1 hidden");

    // Ctrl+Z takes the coding back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        !codings_of(&h, top.doc_id)
            .iter()
            .any(|c| c.code_id == code && (c.start, c.end) == (top.start, top.end)),
        "undo removed the coding"
    );

    // Reject the next one: remembered in the store, gone from the list.
    let second = shown(&h)[0].clone();
    h.get_all_by_label("Reject").next().unwrap().click();
    h.run();
    let rejected = h
        .state()
        .project()
        .unwrap()
        .rejected_suggestions(code)
        .unwrap();
    assert_eq!(rejected.len(), 1);
    let r = &rejected[0];
    assert_eq!(
        (r.doc_id, r.start, r.end),
        (second.doc_id, second.start, second.end)
    );
    assert_eq!(r.coder, CODER);
    assert!(!shown(&h).iter().any(|s| same(s, &second)));

    // Skip the next one: hidden, not remembered.
    let third = shown(&h)[0].clone();
    h.get_all_by_label("Skip").next().unwrap().click();
    h.run();
    assert!(!shown(&h).iter().any(|s| same(s, &third)));
    assert_eq!(
        h.state()
            .project()
            .unwrap()
            .rejected_suggestions(code)
            .unwrap()
            .len(),
        1
    );

    // The project changed: the view says so; retraining learns the rejection.
    h.get_by_label_contains("The project changed");
    h.get_by_label("Retrain").click();
    wait_for_list(&mut h);
    let again = data(&h);
    assert!(
        !again.suggestions.items.iter().any(|s| same(s, &second)),
        "a rejected segment is not suggested again"
    );
    assert!(
        again.suggestions.items.iter().any(|s| same(s, &top)),
        "the undone acceptance is a suggestion again"
    );
    assert!(
        again.suggestions.items.iter().any(|s| same(s, &third))
            && !shown(&h).iter().any(|s| same(s, &third)),
        "a skipped row stays hidden for the session"
    );
    assert_ne!(
        again.suggestions.model.training_segments, d.suggestions.model.training_segments,
        "the rejection is a training example"
    );

    // A click on the text opens the reader at it.
    let first = shown(&h)[0].clone();
    h.get_by_label(&first.text.replace('\n', " ¶ ")).click();
    h.run();
    assert_eq!(h.state().state.central_tab, CentralTab::Reader);
    let sel = h
        .state()
        .state
        .view
        .selection
        .expect("the segment is selected");
    assert_eq!(
        (sel.doc_id, sel.range()),
        (first.doc_id, (first.start, first.end))
    );
}

#[test]
fn the_chinese_tab_words_everything_and_explains_a_code_without_codings() {
    let (_dir, path) = crate::util::demo_project();
    let mut h = harness(&path, Lang::Zh);
    let code = code_id(&h, CODE);
    open_suggestions(&mut h, code);
    h.get_by_label("编码建议");
    h.get_by_label("可信度");
    for label in ["精确率", "召回率", "关键词基线", "重新训练"] {
        h.get_by_label(label);
    }
    assert_eq!(h.get_all_by_label("接受").count(), 20);
    assert_eq!(h.get_all_by_label("拒绝").count(), 20);
    assert_eq!(h.get_all_by_label("跳过").count(), 20);

    // A parent code nobody codes directly: nothing to learn, said in Chinese.
    let parent = code_id(&h, "权力");
    open_suggestions(&mut h, parent);
    assert!(matches!(h.state().views().suggest.data(), Some(Err(_))));
    h.get_by_label_contains("编码建议错误：代码 权力 还没有编码可供学习");
}
