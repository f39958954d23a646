//! File → Export / Import REFI-QDA project: the export runs on the worker, the import on a
//! background job as one undo step.

use crate::util::{demo_project, export_through_the_menu, harness};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use qcw::app::{AppCommand, Lang, QcwApp};
use qcw::codebook::Template;
use qcw::store::CodingFilter;
use std::time::{Duration, Instant};

fn wait_job(h: &mut Harness<'_, QcwApp>) {
    let started = Instant::now();
    while h.state().job_running() {
        assert!(started.elapsed() < Duration::from_secs(60), "job finished");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

#[test]
fn a_project_exported_from_the_menu_imports_into_another_as_one_undo_step() {
    let (dir, path) = demo_project();
    let out = dir.path().join("交换.qdpx");
    let mut h = harness(&path, Lang::En);
    export_through_the_menu(
        &mut h,
        "Export REFI-QDA project (.qdpx) or codebook (.qdc)…",
        "Export REFI-QDA project",
        &out,
    );
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("Exported "), "{status}");
    let demo = h.state().project().unwrap();
    let (docs, codings) = (
        demo.documents().unwrap().len(),
        demo.codings(&CodingFilter::default()).unwrap().len(),
    );
    drop(h);

    // A fresh empty project imports it.
    let target = dir.path().join("target.qcw");
    drop(qcw::project::create_project(&target, Template::Empty, "tester").unwrap());
    let mut h = harness(&target, Lang::En);
    assert!(h.state().cache().docs.is_empty());
    h.state_mut().push(AppCommand::ImportQdpx(out.clone()));
    h.step();
    assert!(
        h.state().job_running(),
        "the import runs on a background job"
    );
    wait_job(&mut h);
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("Imported "), "{status}");
    assert_eq!(h.state().cache().docs.len(), docs);
    let project = h.state().project().unwrap();
    assert_eq!(
        project.codings(&CodingFilter::default()).unwrap().len(),
        codings
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.state().cache().docs.is_empty(),
        "one undo removes the import"
    );
    assert!(
        h.state()
            .project()
            .unwrap()
            .codings(&CodingFilter::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_broken_file_is_reported_and_changes_nothing() {
    let (dir, path) = demo_project();
    let bad = dir.path().join("broken.qdpx");
    std::fs::write(&bad, b"not a zip").unwrap();
    let mut h = harness(&path, Lang::En);
    let before = h.state().project().unwrap().dump_domain().unwrap();
    h.state_mut().push(AppCommand::ImportQdpx(bad));
    h.step();
    wait_job(&mut h);
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.contains("broken.qdpx"), "{status}");
    assert_eq!(h.state().project().unwrap().dump_domain().unwrap(), before);
}

/// Path fields offer real paths in the project's folder, never a made-up user's: the REFI-QDA export
/// is filled in with `<folder>/demo.qdpx`, and the case sheet's example is `<folder>/cases.xlsx`.
#[test]
fn path_fields_offer_real_paths_in_the_projects_folder() {
    use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
    let (dir, path) = demo_project();
    let folder = std::path::absolute(dir.path()).unwrap();
    let mut h = harness(&path, Lang::En);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export REFI-QDA project (.qdpx) or codebook (.qdc)…")
        .click();
    h.run();
    let field = h.get_by_role_and_label(egui::Role::TextInput, "Export REFI-QDA project");
    let expected = folder.join("demo.qdpx").display().to_string();
    assert_eq!(field.value().as_deref(), Some(expected.as_str()));
    h.key_press(egui::Key::Escape);
    h.run();
    h.state_mut().push(qcw::app::AppCommand::SetCentralTab(
        qcw::app::views::CentralTab::Cases,
    ));
    h.run();
    let hints: Vec<String> = h
        .query_all(by().role(egui::Role::TextInput))
        .filter_map(|n| n.accesskit_node().placeholder().map(str::to_owned))
        .collect();
    let example = folder.join("cases.xlsx").display().to_string();
    assert!(hints.iter().any(|p| p.contains(&example)), "{hints:?}");
    // Every example path is in the project's folder.
    let folder = folder.display().to_string();
    assert!(
        hints
            .iter()
            .filter(|p| p.contains(std::path::MAIN_SEPARATOR))
            .all(|p| p.contains(&folder)),
        "{hints:?}"
    );
}
