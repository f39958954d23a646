//! The "codings here" popup: the codings under a clicked highlight or stripe, each with remove,
//! change code and memo.

use super::PanelCtx;
use super::commands::AppCommand;
use super::dialogs::Dialogs;
use super::i18n::Msg;
use super::widgets::parse_color;
use crate::command::Command;
use crate::model::Coding;
use egui::{Context, RichText, Sense, Ui, vec2};

#[derive(Debug, Clone, PartialEq)]
struct MemoDraft {
    base: String,
    text: String,
}

/// Shows the popup while the view has codings to inspect.
pub fn inspect_ui(ctx: &Context, cx: &mut PanelCtx<'_>, _dialogs: &mut Dialogs) {
    let Some(inspect) = cx.state.view.inspect.clone() else {
        return;
    };
    let mut open = true;
    egui::Window::new(cx.tr(Msg::CodingsHere))
        .id(egui::Id::unique("qcw-inspect"))
        .default_pos(inspect.pos + vec2(16.0, 16.0))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(360.0)
        .show(ctx, |ui| {
            let cache = cx.cache;
            for id in &inspect.coding_ids {
                if let Some(c) = cache.coding(*id) {
                    ui.group(|ui| coding_ui(ui, cx, c));
                }
            }
        });
    if !open {
        cx.push(AppCommand::Inspect {
            coding_ids: Vec::new(),
            pos: inspect.pos,
        });
    }
}

fn coding_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, c: &Coding) {
    ui.set_width(340.0);
    ui.horizontal(|ui| {
        let color = cx
            .cache
            .code(c.code_id)
            .map_or(egui::Color32::GRAY, |k| parse_color(&k.color));
        let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
        ui.painter().rect_filled(r, 2.0, color);
        ui.strong(&c.code);
        ui.weak(format!("{} · [{}, {})", c.coder, c.start, c.end));
    });
    let quote: String = c.text.chars().take(80).collect();
    ui.label(RichText::new(format!("“{quote}”")).italics());
    ui.add_enabled_ui(!cx.busy, |ui| {
        ui.horizontal(|ui| {
            ui.label(cx.tr(Msg::ChangeCode));
            let mut target = c.code_id;
            egui::ComboBox::from_id_salt(("qcw-recode", c.id))
                .selected_text(&c.code)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for code in &cx.cache.codes {
                        ui.selectable_value(&mut target, code.id, &code.path);
                    }
                })
                .response
                .on_hover_text(cx.tr(Msg::ChangeCode));
            if target != c.code_id {
                cx.push(AppCommand::Execute(Command::RecodeCoding {
                    coding_id: c.id,
                    code_id: target,
                }));
            }
        });
        let id = ui.make_persistent_id(("qcw-coding-memo", c.id));
        let mut draft: MemoDraft = ui
            .data_mut(|d| d.get_temp::<MemoDraft>(id))
            .filter(|d| d.base == c.memo)
            .unwrap_or_else(|| MemoDraft {
                base: c.memo.clone(),
                text: c.memo.clone(),
            });
        let label = ui.label(cx.tr(Msg::Memo));
        ui.add(
            egui::TextEdit::multiline(&mut draft.text)
                .hint_text(cx.tr(Msg::MemoHint))
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.horizontal(|ui| {
            let changed = draft.text != draft.base;
            if ui
                .add_enabled(changed, egui::Button::new(cx.tr(Msg::SaveMemo)))
                .clicked()
            {
                cx.push(AppCommand::Execute(Command::SetCodingMemo {
                    coding_id: c.id,
                    memo: draft.text.clone(),
                }));
            }
            if ui.button(cx.tr(Msg::RemoveCoding)).clicked() {
                cx.push(AppCommand::Execute(Command::RemoveCoding {
                    coding_id: c.id,
                }));
            }
        });
        ui.data_mut(|d| d.insert_temp(id, draft));
    });
}
