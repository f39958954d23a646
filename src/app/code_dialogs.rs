//! Codebook dialogs: add, rename, move, merge (with confirmation) and delete (with confirmation,
//! naming how many codings go with it).

use super::PanelCtx;
use super::commands::AppCommand;
use super::i18n::Msg;
use crate::codebook::descendants;
use crate::command::{CodeEdit, CodeFields, Command};
use egui::{Context, Id, Modal, Ui};

/// A codebook dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeDialog {
    /// Add a code under `parent` (or top level).
    Add {
        /// Parent code.
        parent: Option<i64>,
        /// The name (or a path relative to the parent) being typed.
        name: String,
    },
    /// Rename a code.
    Rename {
        /// The code.
        code_id: i64,
        /// The new name being typed.
        name: String,
    },
    /// Move a code under another parent.
    Move {
        /// The code.
        code_id: i64,
        /// The chosen parent (`None`: top level).
        parent: Option<i64>,
    },
    /// Merge a code into another.
    Merge {
        /// The code merged away.
        code_id: i64,
        /// The chosen target.
        into: Option<i64>,
    },
    /// Delete a code (after confirmation).
    Delete {
        /// The code.
        code_id: i64,
    },
}

/// Shows a codebook dialog; returns it if it stays open.
pub(super) fn code_dialog_ui(
    ctx: &Context,
    cx: &mut PanelCtx<'_>,
    mut d: CodeDialog,
) -> Option<CodeDialog> {
    let cache = cx.cache;
    let mut done = false;
    let modal = Modal::new(Id::unique("qcw-code-dialog")).show(ctx, |ui| {
        ui.set_width(440.0);
        let mut submit: Option<Command> = None;
        match &mut d {
            CodeDialog::Add { parent, name } => {
                let parent_path = parent.and_then(|p| cache.code(p)).map(|c| c.path.clone());
                ui.heading(format!(
                    "{} · {}",
                    cx.tr(Msg::AddCode),
                    parent_path.as_deref().unwrap_or(cx.tr(Msg::TopLevel))
                ));
                let r = ui.add(egui::TextEdit::singleline(name).hint_text(cx.tr(Msg::NewCodeHint)));
                if ui.memory(|m| m.focused().is_none()) {
                    r.request_focus();
                }
                if !name.trim().is_empty() {
                    let path = match &parent_path {
                        Some(p) => format!("{p}/{}", name.trim()),
                        None => name.trim().to_owned(),
                    };
                    submit = Some(Command::AddCode {
                        path,
                        fields: CodeFields::default(),
                    });
                }
            }
            CodeDialog::Rename { code_id, name } => {
                ui.heading(cx.tr(Msg::Rename));
                ui.add(egui::TextEdit::singleline(name).hint_text(cx.tr(Msg::NewNameHint)));
                if !name.trim().is_empty() {
                    submit = Some(Command::EditCode {
                        code_id: *code_id,
                        edit: CodeEdit {
                            name: Some(name.trim().to_owned()),
                            ..CodeEdit::default()
                        },
                    });
                }
            }
            CodeDialog::Move { code_id, parent } => {
                ui.heading(format!(
                    "{} · {}",
                    cx.tr(Msg::Move),
                    cache.code(*code_id).map_or("", |c| &c.path)
                ));
                target_combo_ui(ui, cx, *code_id, parent, true, Msg::MoveTo);
                submit = Some(Command::MoveCode {
                    code_id: *code_id,
                    parent: *parent,
                });
            }
            CodeDialog::Merge { code_id, into } => {
                let src = cache.code(*code_id).map_or("", |c| &c.path);
                ui.heading(cx.tr(Msg::Merge));
                target_combo_ui(ui, cx, *code_id, into, false, Msg::MergeInto);
                if let Some(dst) = into.and_then(|i| cache.code(i)) {
                    ui.label(cx.trf(Msg::ConfirmMerge, &[&src, &dst.path]));
                    submit = Some(Command::MergeCode {
                        src: *code_id,
                        dst: dst.id,
                    });
                }
            }
            CodeDialog::Delete { code_id } => {
                let path = cache.code(*code_id).map_or("", |c| &c.path);
                let total = cache.totals.get(code_id).copied().unwrap_or(0);
                ui.heading(cx.tr(Msg::DeleteCode));
                ui.label(cx.trf(Msg::ConfirmDelete, &[&path]));
                if total > 0 {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        cx.trf(Msg::DeleteHasCodings, &[&total]),
                    );
                }
                submit = Some(Command::DeleteCode {
                    code_id: *code_id,
                    force: total > 0,
                });
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            let ok = if matches!(d, CodeDialog::Delete { .. }) {
                Msg::Delete
            } else {
                Msg::Ok
            };
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            let clicked = ui
                .add_enabled(submit.is_some() && !cx.busy, egui::Button::new(cx.tr(ok)))
                .clicked();
            if let Some(cmd) = submit.filter(|_| clicked || (enter && !cx.busy)) {
                cx.push(AppCommand::Execute(cmd));
                done = true;
            }
            if ui.button(cx.tr(Msg::Cancel)).clicked() {
                done = true;
            }
        });
    });
    (!done && !modal.should_close()).then_some(d)
}

/// A combo box of the codes a code may move or merge into (not itself or its sub-codes).
fn target_combo_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    code_id: i64,
    target: &mut Option<i64>,
    top_level: bool,
    label: Msg,
) {
    let excluded = descendants(&cx.cache.codes, code_id);
    let name = |t: Option<i64>| match t.and_then(|i| cx.cache.code(i)) {
        Some(c) => c.path.clone(),
        None if top_level => cx.tr(Msg::TopLevel).to_owned(),
        None => "—".to_owned(),
    };
    ui.horizontal(|ui| {
        ui.label(cx.tr(label));
        egui::ComboBox::from_id_salt("qcw-code-target")
            .selected_text(name(*target))
            .width(300.0)
            .show_ui(ui, |ui| {
                if top_level {
                    ui.selectable_value(target, None, cx.tr(Msg::TopLevel));
                }
                for c in cx.cache.codes.iter().filter(|c| !excluded.contains(&c.id)) {
                    ui.selectable_value(target, Some(c.id), &c.path);
                }
            })
            .response
            .on_hover_text(cx.tr(label));
    });
}
