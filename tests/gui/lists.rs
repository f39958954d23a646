//! The long side lists at study scale: the document list and the codebook tree lay out only the
//! rows in view (a frame costs what the screen shows), the wheel still reaches the last row, and
//! closing a code in the tree hides its sub-codes.

use crate::util::{demo_project, harness};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use qcw::app::{Lang, QcwApp};
use qcw::command::{CodeFields, Command, NewDocument, execute};
use qcw::model::DocKind;
use qcw::store::Project;
use qcw::text::sha256_hex;

/// Labels of the nodes whose label starts with `prefix` (laid out this frame).
fn shown(h: &Harness<'_, QcwApp>, prefix: &str) -> Vec<String> {
    h.query_all(by().predicate(|n| n.label().is_some_and(|l| l.starts_with(prefix))))
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

/// Wheel events over `at` (down for `dy` < 0) until `label` is laid out (at most `max`).
fn wheel_until(
    h: &mut Harness<'_, QcwApp>,
    at: egui::Pos2,
    dy: f32,
    label: &str,
    max: usize,
) -> bool {
    wheel_while(h, at, dy, max, |h| laid_out(h, label))
}

/// Wheel events over `at` until `done` (at most `max`).
fn wheel_while(
    h: &mut Harness<'_, QcwApp>,
    at: egui::Pos2,
    dy: f32,
    max: usize,
    done: impl Fn(&Harness<'_, QcwApp>) -> bool,
) -> bool {
    h.hover_at(at);
    h.step();
    for _ in 0..max {
        if done(h) {
            return true;
        }
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        for _ in 0..10 {
            h.step();
        }
    }
    done(h)
}

/// Whether a node labelled exactly `label` is laid out.
fn laid_out(h: &Harness<'_, QcwApp>, label: &str) -> bool {
    h.query_all(by().predicate(|n| n.label().as_deref() == Some(label)))
        .next()
        .is_some()
}

#[test]
fn long_lists_lay_out_the_rows_in_view_and_the_tree_folds() {
    let (_dir, path) = demo_project();
    let mut p = Project::open(&path, "tester").unwrap();
    let mut commands = Vec::new();
    for i in 0..200 {
        commands.push(Command::AddCode {
            path: format!("大类/子码{i:03}"),
            fields: CodeFields::default(),
        });
    }
    for i in 0..150 {
        let text = format!("第{i}份补充材料。");
        commands.push(Command::ImportDocument(Box::new(NewDocument {
            name: format!("补充材料{i:03}"),
            kind: DocKind::Document,
            sha256: sha256_hex(text.as_bytes()),
            text,
            source_path: String::new(),
            format: "txt".into(),
            attributes: Default::default(),
            cases: Vec::new(),
        })));
    }
    execute(
        &mut p,
        &Command::Batch {
            label: "many".into(),
            commands,
        },
    )
    .unwrap();
    drop(p);
    let mut h = harness(&path, Lang::Zh);
    // Closing 大类 hides its 200 sub-codes; opening shows them again (a tall window: 大类 in
    // view).
    h.set_size(egui::vec2(1280.0, 1600.0));
    h.run();
    let fold = |h: &mut Harness<'_, QcwApp>| {
        h.get_by_role_and_label(egui::accesskit::Role::DisclosureTriangle, "大类")
            .click();
        h.run();
    };
    fold(&mut h);
    assert!(
        shown(&h, "子码").is_empty(),
        "sub-codes hidden: {:?}",
        shown(&h, "子码")
    );
    fold(&mut h);
    assert!(!shown(&h, "子码").is_empty(), "sub-codes shown again");
    h.set_size(egui::vec2(1280.0, 720.0));
    h.run();
    // Only what fits (with a screen's margin) is laid out.
    let codes = shown(&h, "子码");
    assert!(
        !codes.is_empty() && codes.len() < 60,
        "code rows laid out: {}",
        codes.len()
    );
    // The wheel reaches the end of both lists.
    // (Over the tree's first row: rows just below the view are laid out too, clipped.)
    let tree = h
        .get_by_role_and_label(egui::accesskit::Role::DisclosureTriangle, "权力")
        .rect()
        .center();
    assert!(
        wheel_until(&mut h, tree, -400.0, "子码199", 40),
        "the last code: {:?}",
        shown(&h, "子码")
    );
    assert!(
        h.query_by_label("子码000").is_none(),
        "the first code is no longer laid out"
    );
    let list = h
        .query_all_by_label("20230819A01")
        .next()
        .expect("the first document")
        .rect()
        .center();
    assert!(
        wheel_until(&mut h, list, -400.0, "补充材料149", 40),
        "the last document"
    );
    let docs = shown(&h, "补充材料");
    assert!(
        docs.len() < 60 && !laid_out(&h, "补充材料000"),
        "document rows laid out: {docs:?}"
    );
}
