//! The memo browser lists every memo, searches and filters them, opens a coding memo's place and
//! exports what it shows; a coding with a memo has a ✎ mark in the reader's margin whose
//! hover text is the memo.

use crate::util::{demo_project, harness, harness_with, settle};
use egui_kittest::kittest::Queryable as _;
use qcw::app::views::CentralTab;
use qcw::app::{AppCommand, Lang};
use qcw::command::{Command, execute};
use qcw::store::{MemoKind, Project};

/// The demo with a distinctive coding memo and a document memo; returns the coding.
fn with_memos(path: &std::path::Path) -> qcw::model::Coding {
    let mut p = Project::open(path, "甲").unwrap();
    let coding = p
        .codings(&qcw::store::CodingFilter::default())
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    execute(
        &mut p,
        &Command::SetCodingMemo {
            coding_id: coding.id,
            memo: "独特的编码备忘甲乙".into(),
        },
    )
    .unwrap();
    execute(
        &mut p,
        &Command::SetMemo {
            target: qcw::model::MemoTarget::Document(coding.doc_id),
            text: "文档备忘丙丁".into(),
        },
    )
    .unwrap();
    coding
}

#[test]
fn memo_browser_lists_filters_opens_and_exports() {
    let (dir, path) = demo_project();
    let coding = with_memos(&path);
    // The demo's coded text quotes an emoji no bundled font has.
    let mut h = harness_with(&path, Lang::En, true);
    h.state_mut()
        .push(AppCommand::SetCentralTab(CentralTab::Memos));
    settle(&mut h);
    let all = h.state().views().memos.shown();
    assert!(all.iter().any(|m| m.kind == MemoKind::Coding));
    assert!(all.iter().any(|m| m.kind == MemoKind::Document));
    h.get_by_label("独特的编码备忘甲乙");
    h.get_by_label("文档备忘丙丁");

    // Search narrows the list to the one memo.
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Search")
        .type_text("甲乙");
    settle(&mut h);
    let shown = h.state().views().memos.shown();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].coding_id, Some(coding.id));
    assert!(h.query_by_label("文档备忘丙丁").is_none());
    h.get_by_label_contains("1 of");

    // Export writes what is shown to the default path in the project's folder.
    let default = dir.path().join("memos.md");
    assert_eq!(
        h.state().views().memos.export_path,
        default.display().to_string()
    );
    h.get_by_label("Export the memos shown").click();
    settle(&mut h);
    let text = std::fs::read_to_string(&default).unwrap();
    assert!(text.contains("独特的编码备忘甲乙") && !text.contains("文档备忘丙丁"));

    // The kind filter: documents only (the search cleared).
    h.state_mut().views_mut().memos.search.clear();
    h.state_mut().views_mut().memos.kind = Some(MemoKind::Document);
    settle(&mut h);
    let shown = h.state().views().memos.shown();
    assert!(!shown.is_empty() && shown.iter().all(|m| m.kind == MemoKind::Document));
    h.get_by_label("文档备忘丙丁");

    // A click on a coding memo's target opens the reader at the coding.
    h.state_mut().views_mut().memos.kind = Some(MemoKind::Coding);
    h.state_mut().views_mut().memos.search = "甲乙".into();
    settle(&mut h);
    let target = h.state().views().memos.shown()[0].target.clone();
    h.get_by_label(&target).click();
    settle(&mut h);
    assert_eq!(h.state().state.central_tab, CentralTab::Reader);
    assert_eq!(
        h.state().cache().doc.as_ref().map(|d| d.id),
        Some(coding.doc_id)
    );
}

#[test]
fn a_coding_memo_has_a_mark_in_the_readers_margin() {
    let (_dir, path) = demo_project();
    let coding = with_memos(&path);
    let mut h = harness(&path, Lang::Zh);
    h.state_mut().push(AppCommand::JumpTo {
        doc_id: coding.doc_id,
        start: coding.start,
        end: coding.end,
    });
    settle(&mut h);
    assert!(!h.state().reader_memo_rects().is_empty());
    let mark = h.get_by_label_contains("独特的编码备忘甲乙");
    let rect = mark.rect();
    let text_rect = h.state().reader_char_rect(coding.start).unwrap();
    assert!(
        rect.min.x > text_rect.max.x,
        "the mark is in the margin, right of the text"
    );
    assert!(
        (rect.center().y - text_rect.center().y).abs() < 30.0,
        "the mark is beside the coding's first line"
    );
    mark.hover();
    h.run();
    h.get_by_label("独特的编码备忘甲乙");
}
