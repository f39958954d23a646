//! The reader at study scale (issue 12): stripe labels that never overlap, number keys on leaf
//! codes, the selection cleared after coding, names in the log, hovering and hiding stripes.

use crate::util::{codings_of, demo_project, harness, open_document};
use egui::Key;
use egui_kittest::kittest::Queryable as _;
use qcw::app::state::BottomTab;
use qcw::app::{AppCommand, Lang};

/// The demo document with the most codings.
fn busiest_document(h: &egui_kittest::Harness<'_, qcw::app::QcwApp>) -> String {
    let docs = &h.state().cache().docs;
    let project = h.state().project().unwrap();
    docs.iter()
        .max_by_key(|d| {
            project
                .codings(&qcw::store::CodingFilter {
                    doc_id: Some(d.id),
                    ..Default::default()
                })
                .unwrap()
                .len()
        })
        .unwrap()
        .name
        .clone()
}

fn assert_disjoint(rects: &[egui::Rect]) {
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            let overlap = a.intersect(*b);
            assert!(
                !a.intersects(*b) || overlap.area() <= 0.0,
                "labels {a:?} and {b:?} overlap"
            );
        }
    }
}

#[test]
fn stripe_labels_are_horizontal_and_never_overlap() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    let name = busiest_document(&h);
    open_document(&mut h, &name);
    h.run();
    let rects = h.state().reader_label_rects();
    assert!(rects.len() >= 3, "labels drawn: {rects:?}");
    // Horizontal: wider than tall, one text row high.
    assert!(
        rects
            .iter()
            .all(|r| r.width() > r.height() && r.height() < 20.0)
    );
    assert_disjoint(&rects);
    // Narrow window: fewer lanes, still no overlap.
    h.set_size(egui::vec2(1000.0, 700.0));
    h.run();
    assert_disjoint(&h.state().reader_label_rects());
    // Density mode: no labels at all; hiding every code leaves no stripe.
    h.state_mut().push(AppCommand::SetStripesDense(true));
    h.run();
    assert!(h.state().reader_label_rects().is_empty());
    h.state_mut().push(AppCommand::SetStripesDense(false));
    h.run();
    let codes = h
        .state()
        .cache()
        .doc
        .as_ref()
        .unwrap()
        .codings
        .iter()
        .map(|c| c.code_id)
        .collect();
    h.state_mut()
        .push(AppCommand::SetStripeFilter(qcw::app::state::StripeFilter {
            codes,
            coders: Default::default(),
        }));
    h.run();
    assert!(h.state().reader_label_rects().is_empty(), "all hidden");
}

#[test]
fn hovering_a_label_emphasises_its_coding_and_a_hidden_coder_loses_every_stripe() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    let name = busiest_document(&h);
    open_document(&mut h, &name);
    h.run();
    let labels = h.state().reader_labels().to_vec();
    assert!(labels.len() >= 3, "labels drawn: {labels:?}");
    // The pointer on a label emphasises that coding (and only codings under the pointer).
    let (coding, rect) = labels[labels.len() / 2];
    h.hover_at(rect.center());
    h.run();
    assert_eq!(h.state().reader_hovered(), [coding]);
    // Away from the reader, nothing is emphasised.
    h.hover_at(egui::pos2(5.0, 300.0));
    h.run();
    assert!(h.state().reader_hovered().is_empty());

    // Hiding one coder hides every label of theirs and keeps the other coder's.
    let doc = h.state().cache().doc.as_ref().unwrap();
    let coder_of: std::collections::HashMap<i64, String> = doc
        .codings
        .iter()
        .map(|c| (c.id, c.coder.clone()))
        .collect();
    let shown: std::collections::BTreeSet<&str> =
        labels.iter().map(|(id, _)| coder_of[id].as_str()).collect();
    assert!(shown.len() >= 2, "labels of two coders: {shown:?}");
    let hidden = shown.iter().next().unwrap().to_string();
    h.state_mut()
        .push(AppCommand::SetStripeFilter(qcw::app::state::StripeFilter {
            codes: Default::default(),
            coders: [hidden.clone()].into(),
        }));
    h.run();
    let after = h.state().reader_labels().to_vec();
    assert!(!after.is_empty(), "the other coder's labels stay");
    for (id, _) in &after {
        assert_ne!(coder_of[id], hidden, "coding {id} of the hidden coder");
    }
    assert_disjoint(&after.iter().map(|&(_, r)| r).collect::<Vec<_>>());
}

#[test]
fn number_keys_default_to_leaf_codes_in_tree_order() {
    let (_dir, path) = demo_project();
    let h = harness(&path, Lang::Zh);
    let codes = &h.state().cache().codes;
    let leaves: Vec<i64> = codes
        .iter()
        .filter(|c| !codes.iter().any(|d| d.parent_id == Some(c.id)))
        .map(|c| c.id)
        .take(9)
        .collect();
    assert_eq!(leaves.len(), 9, "the demo has nine leaf codes");
    assert_eq!(h.state().number_keys(), leaves);
}

#[test]
fn coding_clears_the_selection_and_the_log_names_document_and_code() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let doc_id = open_document(&mut h, "20230819A02");
    let before = codings_of(&h, doc_id).len();
    h.state_mut().select_range(37, 61);
    h.run();
    let code_id = h.state().number_keys()[0];
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(codings_of(&h, doc_id).len(), before + 1);
    let sel = h.state().state.view.selection.expect("a caret");
    assert!(sel.is_empty(), "selection cleared: {sel:?}");
    assert_eq!(sel.focus, 61, "caret at the end of the coded text");

    let code_path = h.state().cache().code(code_id).unwrap().path.clone();
    let label = format!("code [37, 61) of document 20230819A02 with {code_path}");
    assert_eq!(
        h.state().cache().undo_label.as_deref(),
        Some(label.as_str())
    );
    h.state_mut().push(AppCommand::SetBottomTab(BottomTab::Log));
    h.run();
    h.run();
    h.get_by_label(&label);
    let log = h.state().project().unwrap().log().unwrap();
    assert!(log.iter().any(|e| e.label == label), "{log:?}");
}
