//! Coding in the reader: selection → code by number key, click, drag-and-drop, in-vivo; undo;
//! retrieval.

use crate::util::{
    CODER, codings_of, demo_project, harness, harness_with, open_document, unique_code,
};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use qcw::app::{AppCommand, Lang};
use qcw::codebook::descendants;
use qcw::store::CodingFilter;

#[test]
fn number_key_codes_the_exact_range_and_ctrl_z_removes_it() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    let doc_id = open_document(&mut h, "20230819A02");
    let text = h.state().cache().doc.as_ref().unwrap().text.clone();
    // A range of CJK characters and punctuation in the middle of the document.
    let (start, end) = (37, 61);
    let quote: String = text.chars().skip(start).take(end - start).collect();
    h.state_mut().select_range(start, end);
    h.run();
    let keys = h.state().number_keys();
    assert_eq!(keys.len(), 9, "nine number keys");
    let code_id = keys[2];
    let before = codings_of(&h, doc_id).len();

    h.key_press(Key::Num3);
    h.run();

    let codings = codings_of(&h, doc_id);
    assert_eq!(codings.len(), before + 1, "{:?}", h.state().status_text());
    let new = codings
        .iter()
        .find(|c| c.code_id == code_id && c.coder == CODER)
        .expect("the new coding");
    assert_eq!((new.start, new.end), (start, end));
    assert_eq!(new.text, quote);
    // The reader shows it: the cached document has it too.
    let cached = &h.state().cache().doc.as_ref().unwrap().codings;
    assert!(cached.iter().any(|c| c.id == new.id));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(codings_of(&h, doc_id).len(), before, "undo removed it");
    assert!(!codings_of(&h, doc_id).iter().any(|c| c.id == new.id));

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(codings_of(&h, doc_id).len(), before + 1, "redo restored it");
}

#[test]
fn clicking_a_code_codes_the_selection_and_retrieval_lists_it() {
    let (_dir, path) = demo_project();
    // Retrieval shows context from documents with 𠮷 (CJK Ext. B) and emoji: no bundled font has
    // them, so they are drawn as boxes.
    let mut h = harness_with(&path, Lang::Zh, true);
    let doc_id = open_document(&mut h, "20230912B01");
    let code = unique_code(&h, 2);
    h.state_mut().select_range(10, 22);
    h.run();

    h.get_by_role_and_label(egui::Role::Button, &code.name)
        .click();
    h.run();

    assert_eq!(h.state().state.view.code, Some(code.id));
    let coded = codings_of(&h, doc_id)
        .into_iter()
        .find(|c| c.code_id == code.id && (c.start, c.end) == (10, 22))
        .expect("clicking the code coded the selection");
    // Retrieval: every segment of the code and its sub-codes, across documents.
    let project = h.state().project().unwrap();
    let codes = project.codes().unwrap();
    let expected = project
        .codings(&CodingFilter {
            code_ids: Some(descendants(&codes, code.id)),
            ..CodingFilter::default()
        })
        .unwrap();
    let listed: Vec<i64> = h
        .state()
        .cache()
        .retrieval
        .iter()
        .map(|r| r.coding.id)
        .collect();
    assert_eq!(listed, expected.iter().map(|c| c.id).collect::<Vec<_>>());
    assert!(listed.contains(&coded.id));
    // The row is on screen, with the quote; clicking it jumps to the segment.
    let other = expected
        .iter()
        .find(|c| c.doc_id != doc_id)
        .expect("a segment in another document");
    let probe: String = other.text.chars().take(6).collect();
    h.get_by_label_contains(&probe).click();
    h.run();
    let view = &h.state().state.view;
    assert_eq!(view.doc, Some(other.doc_id));
    assert_eq!(
        view.selection.map(|s| s.range()),
        Some((other.start, other.end))
    );
    assert!(view.flash.is_some());
}

#[test]
fn retrieval_filters_by_coder() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    let coders = h.state().cache().coders.clone();
    assert!(coders.len() >= 2, "the demo has two coders");
    let code = h
        .state()
        .cache()
        .codes
        .iter()
        .max_by_key(|c| c.count)
        .cloned()
        .unwrap();
    h.state_mut().push(AppCommand::SelectCode(Some(code.id)));
    h.run();
    let all = h.state().cache().retrieval.len();
    h.state_mut()
        .push(AppCommand::SetRetrievalCoder(Some(coders[0].clone())));
    h.run();
    let rows = &h.state().cache().retrieval;
    assert!(rows.len() < all && !rows.is_empty());
    assert!(rows.iter().all(|r| r.coding.coder == coders[0]));
}

#[test]
fn in_vivo_creates_a_code_named_by_the_selection() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let doc_id = open_document(&mut h, "20230819A01");
    let text = h.state().cache().doc.as_ref().unwrap().text.clone();
    let (start, end) = (20, 28);
    let name: String = text
        .chars()
        .skip(start)
        .take(end - start)
        .collect::<String>();
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('/', "／");
    h.state_mut().select_range(start, end);
    h.run();
    h.get_by_label("In-vivo").click();
    h.run();
    let codes = h.state().project().unwrap().codes().unwrap();
    let code = codes.iter().find(|c| c.name == name).expect("in-vivo code");
    assert_eq!(code.parent_id, None, "no code was selected: top level");
    assert!(
        codings_of(&h, doc_id)
            .iter()
            .any(|c| c.code_id == code.id && (c.start, c.end) == (start, end))
    );
    assert_eq!(
        h.state().state.view.code,
        Some(code.id),
        "the new code is selected"
    );

    // One undo step removes both the coding and the code.
    let before = codings_of(&h, doc_id).len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let codes = h.state().project().unwrap().codes().unwrap();
    assert!(!codes.iter().any(|c| c.name == name), "the code is gone");
    assert_eq!(codings_of(&h, doc_id).len(), before - 1);
}

#[test]
fn mouse_drag_selects_and_the_selection_drops_onto_a_code() {
    let (_dir, path) = demo_project();
    // Retrieval shows context from documents with 𠮷 (CJK Ext. B) and emoji: no bundled font has
    // them, so they are drawn as boxes.
    let mut h = harness_with(&path, Lang::Zh, true);
    let doc_id = open_document(&mut h, "20230821A03");
    // Twelve characters inside the first long paragraph.
    let text = h.state().cache().doc.as_ref().unwrap().text.clone();
    let line_start = text
        .split('\n')
        .scan(0, |pos, line| {
            let start = *pos;
            *pos += line.chars().count() + 1;
            Some((start, line.chars().count()))
        })
        .find(|&(_, len)| len >= 30)
        .expect("a long paragraph")
        .0;
    let (a, b) = (line_start + 3, line_start + 15);
    let first = h.state().reader_char_rect(a).expect("char on screen");
    let last = h.state().reader_char_rect(b - 1).expect("char on screen");
    // Drag from the left edge of character a to the right edge of character b-1.
    h.hover_at(first.left_center() + egui::vec2(1.0, 0.0));
    h.run();
    h.drag_at(first.left_center() + egui::vec2(1.0, 0.0));
    h.run();
    h.hover_at(last.right_center() - egui::vec2(1.0, 0.0));
    h.run();
    h.drop_at(last.right_center() - egui::vec2(1.0, 0.0));
    h.run();
    let sel = h.state().state.view.selection.expect("a selection");
    assert_eq!(sel.range(), (a, b));

    // Press inside the selection, drag it onto a code in the tree, release there.
    let code = unique_code(&h, 1);
    let target = h
        .get_by_role_and_label(egui::Role::Button, &code.name)
        .rect()
        .center();
    let inside = h.state().reader_char_rect(a + 3).unwrap().center();
    h.hover_at(inside);
    h.run();
    h.drag_at(inside);
    h.run();
    for t in [0.25, 0.5, 0.75, 1.0] {
        h.hover_at(inside + (target - inside) * t);
        h.run();
    }
    h.drop_at(target);
    h.run();
    assert!(
        codings_of(&h, doc_id)
            .iter()
            .any(|c| c.code_id == code.id && (c.start, c.end) == (a, b) && c.coder == CODER),
        "dropping the selection on {} coded it: {:?}",
        code.path,
        h.state().status_text()
    );
}

#[test]
fn clicking_a_highlight_shows_its_codings_which_can_be_removed() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let doc_id = open_document(&mut h, "20230819A01");
    let coding = codings_of(&h, doc_id)
        .into_iter()
        .next()
        .expect("the demo codes this document");
    let mid = (coding.start + coding.end) / 2;
    // Scroll it into view through the reader (a jump), then click its middle.
    h.state_mut().push(AppCommand::JumpTo {
        doc_id,
        start: coding.start,
        end: coding.end,
    });
    h.run();
    h.state_mut().push(AppCommand::ClearSelection);
    h.run();
    let p = h.state().reader_char_rect(mid).expect("on screen").center();
    h.hover_at(p);
    h.run();
    h.drag_at(p);
    h.drop_at(p);
    h.run();
    let inspect = h.state().state.view.inspect.clone().expect("popup open");
    assert!(inspect.coding_ids.contains(&coding.id));
    h.get_by_label("Codings here");
    let before = codings_of(&h, doc_id).len();
    h.get_all_by_label("Remove coding")
        .next()
        .expect("a remove button")
        .click();
    h.run();
    let left = codings_of(&h, doc_id);
    assert_eq!(left.len() + 1, before);
    assert!(
        inspect
            .coding_ids
            .iter()
            .any(|id| !left.iter().any(|c| c.id == *id)),
        "one was removed"
    );
}
