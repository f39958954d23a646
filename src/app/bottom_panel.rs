//! The bottom panel: Retrieval (all coded segments of the selected code and its sub-codes, with
//! context, coder and memo; click one to open it in the reader), Memos (project, document, code)
//! and Log (the audit trail).

use super::PanelCtx;
use super::commands::AppCommand;
use super::dialogs::Dialogs;
use super::i18n::Msg;
use super::state::BottomTab;
use super::views::quotes::quote_row_ui;
use super::widgets::parse_color;
use crate::command::Command;
use crate::model::MemoTarget;
use egui::{Sense, Ui};

/// Shows the bottom panel.
pub fn bottom_panel_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, _dialogs: &mut Dialogs) {
    // Keep the panel's size whatever the tab shows (it would shrink to a short hint).
    ui.set_min_height(ui.available_height());
    ui.horizontal(|ui| {
        for (tab, msg) in [
            (BottomTab::Retrieval, Msg::Retrieval),
            (BottomTab::Memos, Msg::Memos),
            (BottomTab::Log, Msg::Log),
        ] {
            if ui
                .selectable_label(cx.state.bottom_tab == tab, cx.tr(msg))
                .clicked()
            {
                cx.push(AppCommand::SetBottomTab(tab));
            }
        }
    });
    ui.separator();
    match cx.state.bottom_tab {
        BottomTab::Retrieval => retrieval_ui(ui, cx),
        BottomTab::Memos => memos_ui(ui, cx),
        BottomTab::Log => log_ui(ui, cx),
    }
}

fn retrieval_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let Some(code) = cx.state.view.code.and_then(|id| cx.cache.code(id)) else {
        ui.weak(cx.tr(Msg::NoCodeForRetrieval));
        return;
    };
    ui.horizontal(|ui| {
        let (swatch, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), Sense::hover());
        ui.painter()
            .rect_filled(swatch, 2.0, parse_color(&code.color));
        ui.strong(&code.path);
        ui.weak(cx.trf(Msg::SegmentsCount, &[&cx.cache.retrieval.len()]));
        filters_ui(ui, cx);
    });
    let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 4.0;
    let rows = &cx.cache.retrieval;
    egui::ScrollArea::vertical()
        .id_salt("qcw-retrieval")
        .auto_shrink(false)
        .show_rows(ui, row_h, rows.len(), |ui, range| {
            for row in &rows[range] {
                quote_row_ui(ui, cx, row, row_h);
            }
        });
}

fn filters_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let coder = cx.state.view.retrieval_coder.clone();
    let mut chosen = coder.clone();
    let shown = coder
        .clone()
        .unwrap_or_else(|| cx.tr(Msg::AllCoders).to_owned());
    super::widgets::combo_ui(ui, cx.tr(Msg::Coder), "qcw-retrieval-coder", shown, |ui| {
        ui.selectable_value(&mut chosen, None, cx.tr(Msg::AllCoders));
        for c in &cx.cache.coders {
            ui.selectable_value(&mut chosen, Some(c.clone()), c);
        }
    });
    if chosen != coder {
        cx.push(AppCommand::SetRetrievalCoder(chosen));
    }
    let kind = cx.state.view.retrieval_kind;
    let mut chosen = kind;
    super::widgets::kind_combo_ui(ui, cx, "qcw-retrieval-kind", &mut chosen);
    if chosen != kind {
        cx.push(AppCommand::SetRetrievalKind(chosen));
    }
    let group = cx.state.view.retrieval_group;
    let mut chosen = group;
    super::views::group_combo_ui(ui, cx, "qcw-retrieval-group", &mut chosen);
    if chosen != group {
        cx.push(AppCommand::SetRetrievalGroup(chosen));
    }
}

#[derive(Debug, Clone, PartialEq)]
struct MemoDraft {
    target: MemoTarget,
    base: String,
    text: String,
}

fn memos_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let view = &cx.state.view;
    let targets = [
        (
            Some(MemoTarget::Project),
            Msg::ProjectMemo,
            &cx.cache.project_memo,
        ),
        (
            view.doc.map(MemoTarget::Document),
            Msg::DocumentMemo,
            &cx.cache.doc_memo,
        ),
        (
            view.code.map(MemoTarget::Code),
            Msg::CodeMemo,
            &cx.cache.code_memo,
        ),
    ];
    ui.columns(3, |cols| {
        for (col, (target, msg, stored)) in cols.iter_mut().zip(targets) {
            let title = match (msg, target) {
                (Msg::DocumentMemo, Some(_)) => cx.cache.doc.as_ref().map(|d| d.name.clone()),
                (Msg::CodeMemo, Some(_)) => view
                    .code
                    .and_then(|c| cx.cache.code(c))
                    .map(|c| c.path.clone()),
                _ => None,
            };
            let heading = col.strong(match title {
                Some(t) => format!("{} · {t}", cx.tr(msg)),
                None => cx.tr(msg).to_owned(),
            });
            let Some(target) = target else {
                col.weak(cx.tr(Msg::MemoTargetNone));
                continue;
            };
            memo_editor_ui(col, cx.lang, cx.busy, cx.out, target, stored, heading.id);
        }
    });
}

fn memo_editor_ui(
    ui: &mut Ui,
    lang: super::Lang,
    busy: bool,
    out: &mut Vec<AppCommand>,
    target: MemoTarget,
    stored: &str,
    label: egui::Id,
) {
    let id = ui.make_persistent_id(("qcw-memo", target.key()));
    let mut draft: MemoDraft = ui
        .data_mut(|d| d.get_temp::<MemoDraft>(id))
        .filter(|d| d.target == target && d.base == stored)
        .unwrap_or_else(|| MemoDraft {
            target,
            base: stored.to_owned(),
            text: stored.to_owned(),
        });
    let tr = |m| super::i18n::tr(lang, m);
    ui.add_enabled(
        !busy,
        egui::TextEdit::multiline(&mut draft.text)
            .hint_text(tr(Msg::MemoHint))
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label);
    let changed = draft.text != draft.base;
    if ui
        .add_enabled(changed && !busy, egui::Button::new(tr(Msg::SaveMemo)))
        .clicked()
    {
        out.push(AppCommand::Execute(Command::SetMemo {
            target,
            text: draft.text.clone(),
        }));
    }
    ui.data_mut(|d| d.insert_temp(id, draft));
}

fn log_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body);
    let log = &cx.cache.log;
    egui::ScrollArea::vertical()
        .id_salt("qcw-log")
        .auto_shrink(false)
        .show_rows(ui, row_h, log.len(), |ui, range| {
            for e in &log[range] {
                ui.horizontal(|ui| {
                    ui.monospace(e.ts.replace('T', " "));
                    ui.weak(&e.actor);
                    let action = match e.action.as_str() {
                        "undo" => cx.tr(Msg::LogUndo),
                        "redo" => cx.tr(Msg::LogRedo),
                        _ => cx.tr(Msg::LogDo),
                    };
                    ui.strong(action);
                    ui.label(&e.label);
                });
            }
        });
}
