//! Incremental refresh: what a command touched decides what the workbench reloads; a coding
//! never re-reads a document text, nor the document list when it codes the reader's document
//! (the list's count is updated from the reloaded codings).

use crate::util::{codings_of, demo_project, harness, open_document};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use qcw::app::{AppCommand, Lang, QcwApp};

#[test]
fn coding_undo_and_redo_reload_codings_but_never_texts_or_documents() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let doc_id = open_document(&mut h, "20230819A02");
    h.run();
    let text_before = h.state().cache().doc.as_ref().unwrap().text.clone();
    let before = h.state().cache().loads;
    let code_id = h.state().cache().codes[1].id;
    let count = codings_of(&h, doc_id).len();

    h.state_mut().push(AppCommand::CodeRange {
        doc_id,
        start: 3,
        end: 9,
        code_id,
    });
    h.run();
    assert_eq!(codings_of(&h, doc_id).len(), count + 1);
    let after = h.state().cache().loads;
    assert_eq!(after.texts, before.texts, "no document text re-read");
    assert_eq!(after.docs, before.docs, "no document list re-read");
    assert!(
        after.doc_codings > before.doc_codings,
        "the reader's codings reloaded"
    );
    assert!(after.codes > before.codes, "the counts reloaded");
    let listed = |h: &Harness<'_, QcwApp>| {
        let cache = h.state().cache();
        cache.docs.iter().find(|d| d.id == doc_id).unwrap().codings
    };
    assert_eq!(listed(&h), count + 1, "the document list's count follows");
    let cache = h.state().cache();
    let doc = cache.doc.as_ref().unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&doc.text, &text_before),
        "same text kept"
    );
    assert!(
        doc.codings
            .iter()
            .any(|c| c.code_id == code_id && c.start == 3)
    );
    let total = cache.totals[&code_id];
    assert_eq!(total, cache.code(code_id).unwrap().count.max(total));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    let redone = h.state().cache().loads;
    assert_eq!(redone.texts, before.texts, "undo/redo re-read no text");
    assert_eq!(redone.docs, before.docs);
    assert!(redone.doc_codings >= after.doc_codings + 2);
    assert_eq!(
        h.state().cache().doc.as_ref().unwrap().codings.len(),
        count + 1
    );
    assert_eq!(listed(&h), count + 1);
    // A coding on another document than the reader's reloads the list (its count changes).
    let other = h
        .state()
        .cache()
        .docs
        .iter()
        .find(|d| d.id != doc_id)
        .map(|d| (d.id, d.codings))
        .unwrap();
    h.state_mut().push(AppCommand::CodeRange {
        doc_id: other.0,
        start: 0,
        end: 2,
        code_id,
    });
    h.run();
    let cache = h.state().cache();
    let now = cache.docs.iter().find(|d| d.id == other.0).unwrap().codings;
    assert_eq!(now, other.1 + 1, "the other document's count follows");
}

#[test]
fn a_code_memo_reloads_no_codings_and_switching_documents_loads_one_text() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_document(&mut h, "20230819A02");
    let before = h.state().cache().loads;
    let code_id = h.state().cache().codes[0].id;
    h.state_mut()
        .push(AppCommand::Execute(qcw::command::Command::SetMemo {
            target: qcw::model::MemoTarget::Code(code_id),
            text: "memo".into(),
        }));
    h.run();
    let after = h.state().cache().loads;
    assert_eq!(after, before, "a memo reloads no list: {after:?}");

    open_document(&mut h, "20230912B01");
    let switched = h.state().cache().loads;
    assert_eq!(switched.texts, before.texts + 1, "one text read");
    assert_eq!(switched.docs, before.docs);
}

#[test]
fn a_new_coders_first_coding_lists_the_coder_and_undo_removes_it() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let doc_id = open_document(&mut h, "20230819A02");
    h.run();
    let code_id = h.state().cache().codes[1].id;
    let coders = |h: &Harness<'_, QcwApp>| h.state().cache().coders.clone();
    assert!(!coders(&h).contains(&"新人".to_owned()));
    h.state_mut().push(AppCommand::SetCoder("新人".into()));
    h.state_mut().push(AppCommand::CodeRange {
        doc_id,
        start: 3,
        end: 9,
        code_id,
    });
    h.run();
    assert!(coders(&h).contains(&"新人".to_owned()), "{:?}", coders(&h));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(!coders(&h).contains(&"新人".to_owned()), "{:?}", coders(&h));
}
