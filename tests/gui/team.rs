//! Team work in the workbench: File → Merge project copy (preview, merge, report), a coder's
//! blinded copy, and the consensus panel (a decision lands in the `consensus` layer; Ctrl+Z
//! takes it back).

use crate::util::{harness, settle, type_into};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qcw::app::views::CentralTab;
use qcw::app::{AppCommand, AppState, Lang, QcwApp, fonts};
use qcw::command::{Command, execute};
use qcw::store::{CodingFilter, Project};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The demo project, blinded copies for 甲 and 乙, each with one coding of 权力/赋权 on
/// 20230819A01 ([0, 20) and [5, 20): a disagreement).
fn study(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let p = dir.join("study.qcw");
    drop(qcw::demo::build_demo(&p, "李研").unwrap());
    let copies = qcw::team::split(
        &Project::open_read_only(&p).unwrap(),
        &["甲".into(), "乙".into()],
        &dir.join("copies"),
    )
    .unwrap();
    for (copy, (coder, start)) in copies.iter().zip([("甲", 0), ("乙", 5)]) {
        let mut c = Project::open(copy, coder).unwrap();
        let doc_id = c.find_document("20230819A01").unwrap().unwrap();
        let code_id = c
            .codes()
            .unwrap()
            .into_iter()
            .find(|k| k.path == "权力/赋权")
            .unwrap()
            .id;
        let cmd = Command::ApplyCoding {
            doc_id,
            start,
            end: 20,
            code_id,
            coder: coder.into(),
            memo: String::new(),
        };
        execute(&mut c, &cmd).unwrap();
    }
    (p, copies)
}

fn wait_job(h: &mut Harness<'_, QcwApp>) {
    let started = Instant::now();
    while h.state().job_running() {
        assert!(started.elapsed() < Duration::from_secs(60), "job finished");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    settle(h);
}

fn coder_codings(path: &Path, coder: &str) -> usize {
    Project::open_read_only(path)
        .unwrap()
        .codings(&CodingFilter {
            coder: Some(coder.into()),
            ..CodingFilter::default()
        })
        .unwrap()
        .len()
}

#[test]
fn merge_dialog_previews_merges_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = study(dir.path());
    let mut h = harness(&p, Lang::En);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Merge project copy…").click();
    h.run();
    assert!(h.state().merge_dialog().is_open());
    type_into(
        &mut h,
        egui::Role::TextInput,
        "Copy:",
        copies[0].to_str().unwrap(),
    );
    assert_eq!(h.state().merge_dialog().path, copies[0].to_str().unwrap());
    h.get_by_label("Preview").click();
    let started = Instant::now();
    while h.state().merge_dialog().preview().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "preview computed"
        );
        std::thread::sleep(Duration::from_millis(10));
        // `step`, not `run`: the spinner asks for frames until the answer is there.
        h.step();
    }
    h.run();
    let preview = h.state().merge_dialog().preview().unwrap().unwrap();
    assert_eq!((preview.codings_added, preview.documents_added), (1, 0));
    assert!(h.query_by_label("Would bring:").is_some());
    assert!(h.query_by_label("Codings added").is_some());
    assert_eq!(coder_codings(&p, "甲"), 0, "a preview changes nothing");
    h.get_by_label("Merge").click();
    h.run();
    wait_job(&mut h);
    let report = h.state().merge_dialog().report().unwrap().as_ref().unwrap();
    assert_eq!(report.coders, vec!["甲".to_owned()]);
    assert!(h.query_by_label("Merged:").is_some(), "the report shows");
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("Merged study-甲.qcw"), "{status}");
    assert_eq!(coder_codings(&p, "甲"), 1);
    // One undo step takes the whole merge back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(coder_codings(&p, "甲"), 0);
}

#[test]
fn a_blinded_copy_shows_and_codes_only_its_coder() {
    let dir = tempfile::tempdir().unwrap();
    let (_p, copies) = study(dir.path());
    let h = harness(&copies[1], Lang::Zh);
    assert_eq!(
        h.state().cache().coders,
        vec!["乙".to_owned()],
        "only 乙's codings"
    );
    assert_eq!(h.state().cache().blind_coder.as_deref(), Some("乙"));
    assert!(h.query_by_label("盲编码：只显示 乙 的编码").is_some());
    let project = h.state().project().unwrap();
    assert_eq!(project.actor(), "乙", "the copy is coded as its coder");
}

#[test]
fn a_consensus_decision_lands_in_the_consensus_layer_and_ctrl_z_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = study(dir.path());
    {
        let mut pi = Project::open(&p, "李研").unwrap();
        for c in &copies {
            qcw::team::merge(&mut pi, c).unwrap();
        }
    }
    let state = AppState {
        lang: Lang::Zh,
        coder: "李研".into(),
        ..AppState::default()
    };
    let mut app = QcwApp::new(state, Some(p.clone()));
    app.set_native_dialogs(false);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(12)
        .with_context_setup(fonts::install_fonts)
        .build_ui_state(|ui, app: &mut QcwApp| app.workbench_ui(ui), app);
    h.run();
    h.state_mut()
        .push(AppCommand::SetCentralTab(CentralTab::Agreement));
    settle(&mut h);
    // Only 甲 and 乙 (untick the demo coders), then the consensus panel.
    for c in ["李研", "王思"] {
        h.get_by_label(c).click();
        h.run();
    }
    h.get_by_label("共识编码").click();
    settle(&mut h);
    let (list, progress) = h
        .state()
        .views()
        .agreement()
        .consensus()
        .list()
        .unwrap()
        .clone();
    assert_eq!((progress.resolved, progress.total), (0, 1));
    assert_eq!(list[0].code, "权力/赋权");
    assert!(h.query_by_label("已裁定 0 / 1").is_some());
    h.get_by_label("采纳 乙").click();
    settle(&mut h);
    let consensus = Project::open_read_only(&p)
        .unwrap()
        .codings(&CodingFilter {
            coder: Some("consensus".into()),
            ..CodingFilter::default()
        })
        .unwrap();
    assert_eq!(
        consensus
            .iter()
            .map(|c| (c.start, c.end))
            .collect::<Vec<_>>(),
        vec![(5, 20)]
    );
    assert!(h.query_by_label("已裁定 1 / 1").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(coder_codings(&p, "consensus"), 0);
    assert!(h.query_by_label("已裁定 0 / 1").is_some());
}
