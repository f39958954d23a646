//! Help windows: the keyboard shortcuts (every [`UiCommand`] with a shortcut, plus the reader's
//! keys) and the about box.

use super::PanelCtx;
use super::i18n::Msg;
use super::ui_command::UiCommand;
use egui::Context;

/// Shows the shortcuts window and the about window when open.
pub fn help_windows_ui(ctx: &Context, cx: &PanelCtx<'_>, shortcuts: &mut bool, about: &mut bool) {
    egui::Window::new(cx.tr(Msg::ShortcutsTitle))
        .id(egui::Id::unique("qcw-shortcuts"))
        .open(shortcuts)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            let f = |s: &egui::KeyboardShortcut| ctx.format_shortcut(s);
            let mut rows: Vec<(String, &str)> = vec![("1 … 9".to_owned(), cx.tr(Msg::KeyCode))];
            for c in UiCommand::ALL {
                let keys: Vec<String> = c.all_shortcuts().iter().map(f).collect();
                if !keys.is_empty() {
                    rows.push((keys.join(" / "), c.help_label(cx.lang)));
                }
            }
            rows.extend([
                (
                    "Shift + ← → ↑ ↓ / Home / End".to_owned(),
                    cx.tr(Msg::KeySelect),
                ),
                ("Shift + click".to_owned(), cx.tr(Msg::KeySelect)),
                (
                    f(&egui::KeyboardShortcut::new(
                        egui::Modifiers::COMMAND,
                        egui::Key::A,
                    )),
                    cx.tr(Msg::KeySelectAll),
                ),
                (
                    f(&egui::KeyboardShortcut::new(
                        egui::Modifiers::COMMAND,
                        egui::Key::C,
                    )),
                    cx.tr(Msg::KeyCopy),
                ),
                ("Esc".to_owned(), cx.tr(Msg::KeyEscape)),
                ("Ctrl + + / Ctrl + -".to_owned(), cx.tr(Msg::KeyZoom)),
                (cx.tr(Msg::KeyDragKeys).to_owned(), cx.tr(Msg::KeyDrag)),
            ]);
            egui::Grid::new("qcw-shortcut-grid")
                .striped(true)
                .show(ui, |ui| {
                    for (keys, what) in rows {
                        ui.monospace(keys);
                        ui.label(what);
                        ui.end_row();
                    }
                });
        });
    egui::Window::new(cx.tr(Msg::About))
        .id(egui::Id::unique("qcw-about"))
        .open(about)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.heading(cx.tr(Msg::AppTitle));
            ui.label(format!("qcw {}", crate::VERSION));
            ui.label(cx.tr(Msg::AboutText));
            ui.separator();
            ui.label(format!("{}: {}", cx.tr(Msg::AboutLicence), crate::LICENSE));
            ui.label(cx.tr(Msg::AboutFontLicence));
            ui.weak(
                "© 2008-2009 The WenQuanYi Project Board of Trustees; Droid © 2006-2008 Google",
            );
        });
}
