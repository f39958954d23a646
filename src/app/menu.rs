//! The menu bar with the coder field, the status line with job progress, and the global
//! keyboard shortcuts.

use super::commands::AppCommand;
use super::dialogs::{Dialogs, PathPurpose};
use super::i18n::{Lang, Msg};
use super::jobs::JobKind;
use super::state::ThemeChoice;
use super::{PanelCtx, QcwApp};
use egui::{Align, Key, KeyboardShortcut, Layout, Modifiers, Ui};

/// Ctrl+Z.
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
/// Ctrl+Shift+Z.
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
/// Ctrl+Y.
pub const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
/// F5.
pub const REFRESH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F5);
/// F1.
pub const HELP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);
/// Ctrl+O.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// Ctrl+I.
pub const IMPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);

const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// Shortcuts that work anywhere except inside a text field (which has its own undo and digits).
pub fn global_shortcuts(ctx: &egui::Context, app: &mut QcwApp) {
    if ctx.text_edit_focused() {
        return;
    }
    // Number keys code the reader's selection: only while the reader is shown.
    let keys = if app.state.central_tab == super::views::CentralTab::Reader {
        app.number_keys()
    } else {
        Vec::new()
    };
    let mut cmds = Vec::new();
    ctx.input_mut(|i| {
        if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
            cmds.push(AppCommand::Redo);
        }
        if i.consume_shortcut(&UNDO) {
            cmds.push(AppCommand::Undo);
        }
        if i.consume_shortcut(&REFRESH) {
            cmds.push(AppCommand::Refresh);
        }
        for (n, key) in NUMBER_KEYS.iter().enumerate() {
            if i.consume_key(Modifiers::NONE, *key)
                && let Some(&code_id) = keys.get(n)
            {
                cmds.push(AppCommand::CodeSelection { code_id });
            }
        }
    });
    if ctx.input_mut(|i| i.consume_shortcut(&HELP)) {
        app.dialogs.shortcuts = true;
    }
    if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
        app.dialogs.pick(PathPurpose::OpenProject);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&IMPORT)) {
        app.dialogs.pick(PathPurpose::ImportFiles);
    }
    for c in cmds {
        app.push(c);
    }
}

/// The menu bar and the toolbar row (coder field, project path).
pub fn menu_bar_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, dialogs: &mut Dialogs) {
    egui::Panel::top("qcw-menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(cx.tr(Msg::MenuFile), |ui| file_menu_ui(ui, cx, dialogs));
            ui.menu_button(cx.tr(Msg::MenuEdit), |ui| edit_menu_ui(ui, cx));
            ui.menu_button(cx.tr(Msg::MenuView), |ui| view_menu_ui(ui, cx));
            ui.menu_button(cx.tr(Msg::MenuHelp), |ui| {
                let shortcut = ui.ctx().format_shortcut(&HELP);
                if ui
                    .add(egui::Button::new(cx.tr(Msg::Shortcuts)).shortcut_text(shortcut))
                    .clicked()
                {
                    dialogs.shortcuts = true;
                }
                if ui.button(cx.tr(Msg::About)).clicked() {
                    dialogs.about = true;
                }
            });
            ui.separator();
            coder_field_ui(ui, cx);
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if let Some(path) = &cx.cache.path {
                    ui.weak(path.display().to_string());
                }
            });
        });
    });
}

fn file_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, dialogs: &mut Dialogs) {
    if ui.button(cx.tr(Msg::NewProject)).clicked() {
        dialogs.pick(PathPurpose::NewProject);
    }
    let open = ui.ctx().format_shortcut(&OPEN);
    if ui
        .add(egui::Button::new(cx.tr(Msg::OpenProject)).shortcut_text(open))
        .clicked()
    {
        dialogs.pick(PathPurpose::OpenProject);
    }
    if ui.button(cx.tr(Msg::OpenByPath)).clicked() {
        dialogs.path_field(PathPurpose::OpenProject, false);
    }
    ui.menu_button(cx.tr(Msg::OpenRecent), |ui| {
        if cx.state.recent.is_empty() {
            ui.weak(cx.tr(Msg::NoRecent));
        }
        for p in &cx.state.recent {
            if ui.button(p.display().to_string()).clicked() {
                cx.push(AppCommand::OpenProject(p.clone()));
            }
        }
    });
    if ui.button(cx.tr(Msg::OpenDemo)).clicked() {
        cx.push(AppCommand::OpenDemo);
    }
    ui.separator();
    let can_import = !cx.busy && cx.cache.path.is_some();
    let import = ui.ctx().format_shortcut(&IMPORT);
    if ui
        .add_enabled(
            can_import,
            egui::Button::new(cx.tr(Msg::ImportFiles)).shortcut_text(import),
        )
        .clicked()
    {
        dialogs.pick(PathPurpose::ImportFiles);
    }
    if ui
        .add_enabled(can_import, egui::Button::new(cx.tr(Msg::ImportFolder)))
        .clicked()
    {
        dialogs.pick(PathPurpose::ImportFolder);
    }
    ui.separator();
    if ui
        .add_enabled(
            cx.cache.path.is_some(),
            egui::Button::new(cx.tr(Msg::ExportEvidenceMenu)),
        )
        .on_hover_text(cx.tr(Msg::ExportEvidenceHint))
        .clicked()
    {
        dialogs.pick(PathPurpose::ExportEvidence);
    }
    if ui
        .add_enabled(
            cx.cache.path.is_some(),
            egui::Button::new(cx.tr(Msg::ExportQdpxMenu)),
        )
        .on_hover_text(cx.tr(Msg::QdpxHint))
        .clicked()
    {
        dialogs.pick(PathPurpose::ExportQdpx);
    }
    if ui
        .add_enabled(can_import, egui::Button::new(cx.tr(Msg::ImportQdpxMenu)))
        .on_hover_text(cx.tr(Msg::QdpxHint))
        .clicked()
    {
        dialogs.pick(PathPurpose::ImportQdpx);
    }
    ui.separator();
    if ui.button(cx.tr(Msg::Quit)).clicked() {
        cx.push(AppCommand::Quit);
    }
}

fn edit_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let label = |msg, l: &Option<String>| match l {
        Some(l) => format!("{} {l}", cx.tr(msg)),
        None => cx.tr(msg).to_owned(),
    };
    let undo = label(Msg::Undo, &cx.cache.undo_label);
    let redo = label(Msg::Redo, &cx.cache.redo_label);
    let can_undo = cx.cache.undo_label.is_some() && !cx.busy;
    let can_redo = cx.cache.redo_label.is_some() && !cx.busy;
    let undo_key = ui.ctx().format_shortcut(&UNDO);
    let redo_key = ui.ctx().format_shortcut(&REDO);
    if ui
        .add_enabled(can_undo, egui::Button::new(undo).shortcut_text(undo_key))
        .clicked()
    {
        cx.push(AppCommand::Undo);
    }
    if ui
        .add_enabled(can_redo, egui::Button::new(redo).shortcut_text(redo_key))
        .clicked()
    {
        cx.push(AppCommand::Redo);
    }
    ui.separator();
    let refresh = ui.ctx().format_shortcut(&REFRESH);
    if ui
        .add(egui::Button::new(cx.tr(Msg::Refresh)).shortcut_text(refresh))
        .clicked()
    {
        cx.push(AppCommand::Refresh);
    }
}

fn view_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    ui.menu_button(cx.tr(Msg::Language), |ui| {
        for lang in [Lang::Zh, Lang::En] {
            if ui.radio(cx.lang == lang, lang.native_name()).clicked() {
                cx.push(AppCommand::SetLanguage(lang));
            }
        }
    });
    ui.menu_button(cx.tr(Msg::Theme), |ui| {
        for (theme, msg) in [
            (ThemeChoice::Light, Msg::ThemeLight),
            (ThemeChoice::Dark, Msg::ThemeDark),
        ] {
            if ui.radio(cx.state.theme == theme, cx.tr(msg)).clicked() {
                cx.push(AppCommand::SetTheme(theme));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label(cx.tr(Msg::FontSize));
        let size = cx.state.font_size;
        if ui.button("−").on_hover_text(cx.tr(Msg::FontSize)).clicked() {
            cx.push(AppCommand::SetFontSize(size - 1.0));
        }
        ui.label(format!("{size:.0}"));
        if ui.button("+").on_hover_text(cx.tr(Msg::FontSize)).clicked() {
            cx.push(AppCommand::SetFontSize(size + 1.0));
        }
    });
    let mut stripes = cx.state.show_stripes;
    if ui.checkbox(&mut stripes, cx.tr(Msg::ShowStripes)).changed() {
        cx.push(AppCommand::SetShowStripes(stripes));
    }
}

fn coder_field_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let label = ui.label(cx.tr(Msg::Coder));
    let id = ui.make_persistent_id("qcw-coder-field");
    let mut text: String = ui
        .data_mut(|d| d.get_temp(id))
        .unwrap_or_else(|| cx.state.coder.clone());
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text(cx.tr(Msg::CoderHint))
                .desired_width(110.0),
        )
        .labelled_by(label.id);
    if r.lost_focus() {
        if text.trim().is_empty() {
            text = cx.state.coder.clone();
        } else if text.trim() != cx.state.coder {
            cx.push(AppCommand::SetCoder(text.clone()));
        }
    }
    if !r.has_focus() && !r.lost_focus() {
        text = cx.state.coder.clone();
    }
    ui.data_mut(|d| d.insert_temp(id, text));
}

/// The status line: last message, and the job's progress bar with a Cancel button.
pub fn status_bar_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    egui::Panel::bottom("qcw-status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some((kind, progress, cancelling)) = cx.job.clone() {
                let label = match kind {
                    JobKind::Import | JobKind::Qdpx => cx.tr(Msg::Importing),
                    JobKind::Demo => cx.tr(Msg::BuildingDemo),
                };
                ui.label(label);
                let frac = if progress.total > 0 {
                    progress.done as f32 / progress.total as f32
                } else {
                    0.0
                };
                ui.add(
                    egui::ProgressBar::new(frac)
                        .desired_width(220.0)
                        .text(format!("{}/{}", progress.done, progress.total)),
                );
                if cancelling {
                    ui.weak(cx.tr(Msg::Cancelling));
                } else if ui.button(cx.tr(Msg::Cancel)).clicked() {
                    cx.push(AppCommand::CancelJob);
                }
                ui.weak(&progress.current);
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            } else if let Some(status) = cx.status {
                if status.error {
                    ui.colored_label(ui.visuals().error_fg_color, &status.text);
                } else {
                    ui.label(&status.text);
                }
            }
        });
    });
}
