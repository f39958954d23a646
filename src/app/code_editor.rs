//! The editor of the selected code's definition: colour, description, definition, inclusion and
//! exclusion criteria, example. Edits are a draft until saved as one `EditCode` command.

use super::PanelCtx;
use super::commands::AppCommand;
use super::i18n::Msg;
use super::widgets::parse_color;
use crate::command::{CodeEdit, Command};
use crate::model::Code;
use egui::{Color32, Ui};

/// The editable fields of a code, in display order.
const FIELDS: [Msg; 5] = [
    Msg::Description,
    Msg::Definition,
    Msg::Inclusion,
    Msg::Exclusion,
    Msg::Example,
];

#[derive(Debug, Clone, PartialEq)]
struct Draft {
    code_id: i64,
    /// The stored values the draft started from.
    base: (Color32, [String; 5]),
    color: Color32,
    fields: [String; 5],
}

fn stored(code: &Code) -> (Color32, [String; 5]) {
    (
        parse_color(&code.color),
        [
            code.description.clone(),
            code.definition.clone(),
            code.inclusion.clone(),
            code.exclusion.clone(),
            code.example.clone(),
        ],
    )
}

/// Shows the editor of the selected code.
pub fn code_editor_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let Some(code) = cx.state.view.code.and_then(|id| cx.cache.code(id)) else {
        ui.weak(cx.tr(Msg::NoCodeSelected));
        return;
    };
    ui.strong(format!("{}: {}", cx.tr(Msg::CodeEditor), code.path));
    let id = ui.make_persistent_id("qcw-code-draft");
    let base = stored(code);
    let mut draft: Draft = ui
        .data_mut(|d| d.get_temp::<Draft>(id))
        .filter(|d| d.code_id == code.id && d.base == base)
        .unwrap_or_else(|| Draft {
            code_id: code.id,
            color: base.0,
            fields: base.1.clone(),
            base: base.clone(),
        });
    egui::ScrollArea::vertical()
        .id_salt("qcw-code-editor")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.add_enabled_ui(!cx.busy, |ui| {
                ui.horizontal(|ui| {
                    ui.label(cx.tr(Msg::Color));
                    let mut rgb = [draft.color.r(), draft.color.g(), draft.color.b()];
                    if ui.color_edit_button_srgb(&mut rgb).changed() {
                        draft.color = Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
                    }
                });
                for (i, msg) in FIELDS.iter().enumerate() {
                    let label = ui.label(cx.tr(*msg));
                    let rows = if i == 0 { 1 } else { 2 };
                    ui.add(
                        egui::TextEdit::multiline(&mut draft.fields[i])
                            .desired_rows(rows)
                            .desired_width(f32::INFINITY)
                            .hint_text(cx.tr(*msg)),
                    )
                    .labelled_by(label.id);
                }
                let changed = draft.color != draft.base.0 || draft.fields != draft.base.1;
                if ui
                    .add_enabled(changed, egui::Button::new(cx.tr(Msg::Save)))
                    .clicked()
                {
                    cx.push(AppCommand::Execute(Command::EditCode {
                        code_id: code.id,
                        edit: edit_of(&draft),
                    }));
                }
            });
        });
    ui.data_mut(|d| d.insert_temp(id, draft));
}

/// Only the fields that differ from the stored code.
fn edit_of(draft: &Draft) -> CodeEdit {
    let changed = |i: usize| (draft.fields[i] != draft.base.1[i]).then(|| draft.fields[i].clone());
    let c = draft.color;
    CodeEdit {
        name: None,
        color: (c != draft.base.0).then(|| format!("#{:02X}{:02X}{:02X}", c.r(), c.g(), c.b())),
        description: changed(0),
        definition: changed(1),
        inclusion: changed(2),
        exclusion: changed(3),
        example: changed(4),
    }
}
