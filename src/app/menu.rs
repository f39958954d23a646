//! The menu bar with the coder field, the status line with job progress, and the global
//! keyboard shortcuts. Menu items and shortcuts are [`UiCommand`]s (`ui_command.rs`), run here.

use super::commands::AppCommand;
use super::dialogs::{Dialogs, PathPurpose};
use super::i18n::{Lang, Msg};
use super::jobs::JobKind;
use super::state::ThemeChoice;
use super::ui_command::{Menu, UiCommand};
use super::{PanelCtx, QcwApp};
use egui::{Align, Key, Layout, Modifiers, Ui};

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
    let mut ui_cmds = Vec::new();
    ctx.input_mut(|i| {
        ui_cmds = UiCommand::consume_shortcuts(i);
        for (n, key) in NUMBER_KEYS.iter().enumerate() {
            if i.consume_key(Modifiers::NONE, *key)
                && let Some(&code_id) = keys.get(n)
            {
                cmds.push(AppCommand::CodeSelection { code_id });
            }
        }
    });
    for c in ui_cmds {
        if let Some(c) = run(c, &mut app.dialogs) {
            app.push(c);
        }
    }
    for c in cmds {
        app.push(c);
    }
}

/// Does `cmd`: opens its dialog, or returns the command to push.
fn run(cmd: UiCommand, dialogs: &mut Dialogs) -> Option<AppCommand> {
    match cmd {
        UiCommand::NewProject => dialogs.pick(PathPurpose::NewProject),
        UiCommand::OpenProject => dialogs.pick(PathPurpose::OpenProject),
        UiCommand::OpenByPath => dialogs.path_field(PathPurpose::OpenProject, false),
        UiCommand::OpenDemo => return Some(AppCommand::OpenDemo),
        UiCommand::OpenTeamProject => dialogs.team.open(),
        UiCommand::ImportFiles => dialogs.pick(PathPurpose::ImportFiles),
        UiCommand::ImportFolder => dialogs.pick(PathPurpose::ImportFolder),
        UiCommand::ExportEvidence => dialogs.export.open(None),
        UiCommand::ExportQdpx => dialogs.pick(PathPurpose::ExportQdpx),
        UiCommand::ImportQdpx => dialogs.pick(PathPurpose::ImportQdpx),
        UiCommand::Backups => dialogs.backups.open(),
        UiCommand::MergeProject => dialogs.merge.open(),
        UiCommand::Quit => return Some(AppCommand::Quit),
        UiCommand::Undo => return Some(AppCommand::Undo),
        UiCommand::Redo => return Some(AppCommand::Redo),
        UiCommand::Refresh => return Some(AppCommand::Refresh),
        UiCommand::Shortcuts => dialogs.shortcuts = true,
        UiCommand::About => dialogs.about = true,
    }
    None
}

/// One menu item for `cmd` showing `text`, with its shortcut and hover text; runs it on click.
fn item_ui(
    ui: &mut Ui,
    cx: &mut PanelCtx<'_>,
    dialogs: &mut Dialogs,
    cmd: UiCommand,
    text: String,
    enabled: bool,
) {
    let mut button = egui::Button::new(text);
    if let Some(s) = cmd.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    let mut r = ui.add_enabled(enabled, button);
    if let Some(tip) = cmd.tooltip(cx.lang) {
        r = r.on_hover_text(tip);
    }
    if r.clicked()
        && let Some(c) = run(cmd, dialogs)
    {
        cx.push(c);
    }
}

/// [`item_ui`] with the command's own label.
fn command_ui(
    ui: &mut Ui,
    cx: &mut PanelCtx<'_>,
    dialogs: &mut Dialogs,
    cmd: UiCommand,
    enabled: bool,
) {
    item_ui(ui, cx, dialogs, cmd, cmd.label(cx.lang).to_owned(), enabled);
}

/// The menu bar and the toolbar row (coder field, project path).
pub fn menu_bar_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, dialogs: &mut Dialogs) {
    egui::Panel::top("qcw-menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(Menu::File.label(cx.lang), |ui| {
                file_menu_ui(ui, cx, dialogs);
            });
            ui.menu_button(Menu::Edit.label(cx.lang), |ui| {
                edit_menu_ui(ui, cx, dialogs);
            });
            ui.menu_button(cx.tr(Msg::MenuView), |ui| view_menu_ui(ui, cx));
            ui.menu_button(Menu::Help.label(cx.lang), |ui| {
                command_ui(ui, cx, dialogs, UiCommand::Shortcuts, true);
                command_ui(ui, cx, dialogs, UiCommand::About, true);
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
    use UiCommand as C;
    command_ui(ui, cx, dialogs, C::NewProject, true);
    command_ui(ui, cx, dialogs, C::OpenProject, true);
    command_ui(ui, cx, dialogs, C::OpenByPath, true);
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
    command_ui(ui, cx, dialogs, C::OpenDemo, true);
    ui.separator();
    let can_import = !cx.busy && cx.cache.path.is_some();
    let open = cx.cache.path.is_some();
    command_ui(ui, cx, dialogs, C::ImportFiles, can_import);
    command_ui(ui, cx, dialogs, C::ImportFolder, can_import);
    ui.separator();
    command_ui(ui, cx, dialogs, C::ExportEvidence, open);
    command_ui(ui, cx, dialogs, C::ExportQdpx, open);
    command_ui(ui, cx, dialogs, C::ImportQdpx, can_import);
    command_ui(ui, cx, dialogs, C::MergeProject, can_import);
    ui.separator();
    command_ui(ui, cx, dialogs, C::Backups, open);
    ui.separator();
    command_ui(ui, cx, dialogs, C::Quit, true);
}

fn edit_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, dialogs: &mut Dialogs) {
    let label = |cmd: UiCommand, l: &Option<String>| match l {
        Some(l) => format!("{} {l}", cmd.label(cx.lang)),
        None => cmd.label(cx.lang).to_owned(),
    };
    let undo = label(UiCommand::Undo, &cx.cache.undo_label);
    let redo = label(UiCommand::Redo, &cx.cache.redo_label);
    let can_undo = cx.cache.undo_label.is_some() && !cx.busy;
    let can_redo = cx.cache.redo_label.is_some() && !cx.busy;
    item_ui(ui, cx, dialogs, UiCommand::Undo, undo, can_undo);
    item_ui(ui, cx, dialogs, UiCommand::Redo, redo, can_redo);
    ui.separator();
    command_ui(ui, cx, dialogs, UiCommand::Refresh, true);
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
    if let Some(coder) = &cx.cache.blind_coder {
        ui.label(
            egui::RichText::new(cx.trf(Msg::Blinded, &[coder])).color(ui.visuals().warn_fg_color),
        );
        return;
    }
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
                    JobKind::Merge => cx.tr(Msg::Merging),
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
                if let Some(team) = &cx.cache.team {
                    super::team_live::team_status_ui(ui, cx.lang, team);
                }
                if status.error {
                    ui.colored_label(ui.visuals().error_fg_color, &status.text);
                } else {
                    ui.label(&status.text);
                }
            }
        });
    });
}
