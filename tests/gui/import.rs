//! Import on the background thread: progress, completion, per-file failures.

use crate::util::{demo_project, harness};
use egui_kittest::kittest::Queryable as _;
use qcw::app::Lang;
use std::time::{Duration, Instant};

#[test]
fn import_job_runs_in_the_background_and_reports() {
    let (_dir, path) = demo_project();
    let src = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "20240101X01.txt",
            "问：平台运行得怎么样？\n答：还可以，就是数据对接慢。",
        ),
        (
            "20240101X02.txt",
            "问：谁来牵头？\n答：应急局牵头，各部门配合。😀",
        ),
        (
            "城市/上海/20240102X03.md",
            "# 观察\n\n指挥中心大屏显示实时数据。",
        ),
    ] {
        let file = src.path().join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    std::fs::write(src.path().join("broken.docx"), b"not a zip").unwrap();
    let mut h = harness(&path, Lang::En);
    let docs_before = h.state().cache().docs.len();
    let log_before = h.state().project().unwrap().log().unwrap().len();

    // File → Import folder…: no native dialog here, so the import dialog asks for the path.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import folder…").click();
    h.run();
    let field = h.get_by(|n| n.data().placeholder() == Some("one file or folder path per line"));
    field.click();
    h.run();
    h.get_by(|n| n.data().placeholder() == Some("one file or folder path per line"))
        .type_text(&src.path().display().to_string());
    h.run();
    h.get_by(|n| n.data().placeholder() == Some("case name, e.g. C市综合平台"))
        .click();
    h.run();
    h.get_by(|n| n.data().placeholder() == Some("case name, e.g. C市综合平台"))
        .type_text("测试案例");
    h.run();
    h.get_by_role_and_label(egui::Role::RadioButton, "Observation")
        .click();
    h.run();
    h.get_by_label("Start").click();
    h.step();
    assert!(
        h.state().job_running(),
        "the import runs on a worker thread"
    );
    assert!(
        h.state().project().is_none(),
        "the project is lent to the worker"
    );

    let started = Instant::now();
    while h.state().job_running() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "import finished"
        );
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
    assert!(h.state().project().is_some(), "the project came back");
    let docs = &h.state().cache().docs;
    assert_eq!(docs.len(), docs_before + 3);
    let new = docs
        .iter()
        .find(|d| d.name == "20240101X02")
        .expect("imported");
    assert_eq!(new.kind, qcw::model::DocKind::Observation);
    assert_eq!(new.cases, vec!["测试案例".to_owned()]);
    // Markdown arrives as plain text: the heading's text without its `#`.
    let project = h.state().project().unwrap();
    let md = project.find_document("20240102X03").unwrap().unwrap();
    let (_, text) = project.document_text(md).unwrap().unwrap();
    assert_eq!(text, "观察\n\n指挥中心大屏显示实时数据。");
    // The report lists the broken file; no panic.
    h.get_by_label("Import report");
    h.get_by_label_contains("broken.docx");
    assert!(h.state().status_text().unwrap().contains("Imported 3"));

    // The whole folder is one history entry; its sub-folder became a group.
    let project = h.state().project().unwrap();
    assert_eq!(project.log().unwrap().len(), log_before + 1);
    let groups = project.groups().unwrap();
    let shanghai = groups
        .iter()
        .find(|g| g.name == "城市/上海")
        .expect("group");
    assert_eq!(shanghai.docs, vec![md]);
    // One Ctrl+Z removes every document of the import.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    crate::util::settle(&mut h);
    assert_eq!(h.state().cache().docs.len(), docs_before);
    let project = h.state().project().unwrap();
    assert!(project.find_document("20240101X01").unwrap().is_none());
    assert!(
        project
            .groups()
            .unwrap()
            .iter()
            .all(|g| g.name != "城市/上海")
    );
}
