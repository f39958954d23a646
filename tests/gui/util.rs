//! Shared set-up: a demo project in a temp dir, and a harness around the real app.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qcw::app::{AppState, Lang, QcwApp, fonts};
use qcw::model::Coding;
use qcw::store::{CodingFilter, Project};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The coder the tests code as.
pub const CODER: &str = "测试员";

/// Builds the demo project in a fresh temp dir.
pub fn demo_project() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.qcw");
    drop(qcw::demo::build_demo(&path, "tester").expect("demo builds"));
    (dir, path)
}

/// A harness around a workbench that opened `project`, in `lang`.
pub fn harness(project: &Path, lang: Lang) -> Harness<'static, QcwApp> {
    harness_with(project, lang, false)
}

/// Like [`harness`]; `tofu` allows characters no bundled font has (e.g. 𠀀).
pub fn harness_with(project: &Path, lang: Lang, tofu: bool) -> Harness<'static, QcwApp> {
    let h = harness_opening(project, lang, tofu);
    assert!(
        h.state().project().is_some(),
        "project opened: {:?}",
        h.state().status_text()
    );
    h
}

/// A harness around a workbench asked to open `project` (which may not open: an encrypted one
/// asks for its passphrase first), after its first frame.
pub fn harness_opening(project: &Path, lang: Lang, tofu: bool) -> Harness<'static, QcwApp> {
    let state = AppState {
        lang,
        coder: CODER.to_owned(),
        ..AppState::default()
    };
    let mut app = QcwApp::new(state, Some(project.to_owned()));
    app.set_native_dialogs(false);
    let mut builder = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(12)
        .with_context_setup(fonts::install_fonts);
    if tofu {
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder.build_ui_state(|ui, app: &mut QcwApp| app.workbench_ui(ui), app);
    h.run();
    h
}

/// All codings of a document, straight from the store.
pub fn codings_of(h: &Harness<'_, QcwApp>, doc_id: i64) -> Vec<Coding> {
    let project: &Project = h.state().project().expect("project open");
    project
        .codings(&CodingFilter {
            doc_id: Some(doc_id),
            ..CodingFilter::default()
        })
        .expect("codings query")
}

/// Clicks the document named `name` in the list and waits for the reader.
pub fn open_document(h: &mut Harness<'_, QcwApp>, name: &str) -> i64 {
    h.get_by_role_and_label(egui::Role::Button, name).click();
    h.run();
    let doc = h
        .state()
        .cache()
        .doc
        .as_ref()
        .expect("a document in the reader");
    assert_eq!(doc.name, name);
    doc.id
}

/// A code whose name is unique in the codebook (so its tree row can be found by label) and that
/// has codings in at least `docs` documents.
pub fn unique_code(h: &Harness<'_, QcwApp>, docs: usize) -> qcw::model::Code {
    let project = h.state().project().expect("project open");
    let codes = project.codes().expect("codes");
    codes
        .iter()
        .filter(|c| codes.iter().filter(|d| d.name == c.name).count() == 1)
        .find(|c| {
            let codings = project
                .codings(&CodingFilter {
                    code_ids: Some(vec![c.id]),
                    ..CodingFilter::default()
                })
                .expect("codings");
            let mut ids: Vec<i64> = codings.iter().map(|c| c.doc_id).collect();
            ids.dedup();
            ids.len() >= docs
        })
        .cloned()
        .expect("such a code")
}

/// Runs a frame, waits for the query worker to answer what the views asked, and runs the
/// frames that take the answers in (views compute their reports on the worker).
pub fn settle(h: &mut Harness<'_, QcwApp>) {
    for _ in 0..3 {
        h.run();
        assert!(
            h.state_mut()
                .wait_for_worker(std::time::Duration::from_secs(30)),
            "the worker answers"
        );
    }
    h.run();
}

/// Same as [`settle`].
pub fn run_and_wait(h: &mut Harness<'_, QcwApp>) {
    settle(h);
}

/// Replaces the text of the field with `role` and accessible `label` by `text`.
pub fn type_into(h: &mut Harness<'_, QcwApp>, role: egui::Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// File → `menu_item`, then the path dialog titled `title` (no native dialog in tests) gets
/// `path` and Export; waits for the worker to write it.
pub fn export_through_the_menu(
    h: &mut Harness<'_, QcwApp>,
    menu_item: &str,
    title: &str,
    path: &Path,
) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(menu_item).click();
    h.run();
    type_into(h, egui::Role::TextInput, title, &path.display().to_string());
    h.get_by_label("Export").click();
    h.step();
    assert!(
        h.state_mut()
            .wait_for_worker(std::time::Duration::from_secs(60)),
        "the worker answers"
    );
    h.run();
}
