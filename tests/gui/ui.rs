//! UI chrome: language switching, IME input, dialogs.

use crate::util::{demo_project, harness, settle};
use egui::{Event, ImeEvent, Key};
use egui_kittest::kittest::Queryable as _;
use qcw::app::{AppCommand, Lang};

#[test]
fn switching_the_language_changes_the_labels() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    let menu = |h: &egui_kittest::Harness<'_, qcw::app::QcwApp>, label: &str| {
        h.query_by_role_and_label(egui::Role::Button, label)
            .is_some()
    };
    assert!(menu(&h, "文件"));
    assert!(!menu(&h, "File"));
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("语言").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().state.lang, Lang::En);
    assert!(menu(&h, "File"));
    assert!(!menu(&h, "文件"));
    assert!(h.query_by_label("Codebook").is_some());
    assert!(h.query_by_label("代码本").is_none());
}

#[test]
fn ime_commit_text_arrives_in_the_code_name_field() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    h.get_by_label("新代码").click();
    h.run();
    // The name field has focus; an input method commits Chinese text.
    h.event(Event::Ime(ImeEvent::Preedit {
        text: "jieli".into(),
        active_range_chars: None,
    }));
    h.event(Event::Ime(ImeEvent::Commit("借力打力".into())));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let codes = h.state().project().unwrap().codes().unwrap();
    let code = codes
        .iter()
        .find(|c| c.path == "借力打力")
        .expect("code named by IME text");
    assert_eq!(code.parent_id, None);
}

#[test]
fn ime_commit_text_arrives_in_a_memo() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    h.get_by_label("Memos").click();
    h.run();
    h.get_by_label("Project memo").click();
    h.run();
    let memo = h.get_by_role_and_label(egui::Role::MultilineTextInput, "Project memo");
    memo.click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.event(Event::Ime(ImeEvent::Commit(
        "访谈要点：先建立信任。".into(),
    )));
    h.run();
    h.get_all_by_label("Save memo").next().unwrap().click();
    h.run();
    let memo = h
        .state()
        .project()
        .unwrap()
        .memo(qcw::model::MemoTarget::Project)
        .unwrap();
    assert_eq!(memo, "访谈要点：先建立信任。");
}

#[test]
fn undo_menu_item_shows_the_label_and_help_lists_shortcuts() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    h.get_by_label("Edit").click();
    h.run();
    let label = h
        .state()
        .cache()
        .undo_label
        .clone()
        .expect("the demo has history");
    // "Undo <what>" with its shortcut.
    h.get_by_label_contains(&format!("Undo {label}"));
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label_contains("Keyboard shortcuts").click();
    h.run();
    h.get_by_label("Code the selection with code 1–9");
    h.get_by_label("Undo");
}

#[test]
fn deleting_a_code_asks_for_confirmation() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let codes = &h.state().cache().codes;
    let unique = |name: &str| codes.iter().filter(|c| c.name == name).count() == 1;
    let code = codes
        .iter()
        .find(|c| c.count > 0 && c.parent_id.is_some() && unique(&c.name))
        .cloned()
        .unwrap();
    h.get_by_role_and_label(egui::Role::Button, &code.name)
        .click_secondary();
    h.run();
    h.get_by_label("Delete…").click();
    h.run();
    assert!(
        h.state().cache().code(code.id).is_some(),
        "nothing deleted before confirming"
    );
    h.get_by_label("Delete").click();
    h.run();
    let codes = h.state().project().unwrap().codes().unwrap();
    assert!(
        !codes.iter().any(|c| c.id == code.id),
        "deleted after confirming"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    let codes = h.state().project().unwrap().codes().unwrap();
    assert!(codes.iter().any(|c| c.id == code.id), "undo brings it back");
}

#[test]
fn every_shortcut_command_is_in_its_menu_and_in_the_help() {
    use qcw::app::ui_command::UiCommand;
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let count = |h: &egui_kittest::Harness<'_, qcw::app::QcwApp>, text: &str| {
        h.query_all_by_label_contains(text).count()
    };
    let keyed: Vec<UiCommand> = UiCommand::ALL
        .into_iter()
        .filter(|c| c.shortcut().is_some())
        .collect();
    assert!(keyed.len() >= 6);
    for &c in &keyed {
        let label = c.label(Lang::En);
        let before = count(&h, label);
        h.get_by_label(c.menu().label(Lang::En)).click();
        h.run();
        assert!(count(&h, label) > before, "{c:?} not in its menu");
        h.key_press(Key::Escape);
        h.run();
    }
    // F1 opens the help, which lists every command with a shortcut and its keys.
    let before: Vec<usize> = keyed
        .iter()
        .map(|c| count(&h, c.help_label(Lang::En)))
        .collect();
    h.key_press(Key::F1);
    h.run();
    h.get_by_label("Code the selection with code 1–9");
    for (c, before) in keyed.iter().zip(before) {
        assert!(
            count(&h, c.help_label(Lang::En)) > before,
            "{c:?} not in the help"
        );
        let keys: Vec<String> = c
            .all_shortcuts()
            .iter()
            .map(|s| h.ctx.format_shortcut(s))
            .collect();
        h.get_by_label(&keys.join(" / "));
    }
}

#[test]
fn errors_read_in_the_ui_language() {
    let (dir, path) = demo_project();
    let not_a_project = dir.path().join("笔记.qcw");
    std::fs::write(&not_a_project, "只是一段文字，不是项目。").unwrap();
    for (lang, want, unwanted) in [
        (Lang::Zh, "笔记.qcw：不是 qcw 项目文件", "not a qcw project"),
        (Lang::En, "笔记.qcw: not a qcw project file", "不是"),
    ] {
        let mut h = harness(&path, lang);
        h.state_mut()
            .push(AppCommand::OpenProject(not_a_project.clone()));
        settle(&mut h);
        let status = h.state().status_text().unwrap_or_default().to_owned();
        assert!(status.contains(want), "{lang:?}: {status}");
        assert!(!status.contains(unwanted), "{lang:?}: {status}");
    }
    assert_eq!(
        std::fs::read_to_string(&not_a_project).unwrap(),
        "只是一段文字，不是项目。",
        "the file is untouched"
    );
}

#[test]
fn about_shows_version_commit_and_both_licences() {
    let (_dir, path) = demo_project();
    for (lang, help, about, font) in [
        (Lang::En, "Help", "About", "WenQuanYi Micro Hei, Apache-2.0"),
        (Lang::Zh, "帮助", "关于", "文泉驿微米黑"),
    ] {
        let mut h = harness(&path, lang);
        h.get_by_label(help).click();
        h.run();
        h.get_by_label(about).click();
        h.run();
        h.get_by_label(&format!("qcw {}", qcw::VERSION));
        h.get_by_label_contains(qcw::LICENSE);
        h.get_by_label_contains(font);
    }
    assert!(qcw::VERSION.starts_with(env!("CARGO_PKG_VERSION")));
    assert!(qcw::VERSION.contains(qcw::GIT_COMMIT));
}
