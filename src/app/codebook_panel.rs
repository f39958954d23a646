//! The codebook (right): a tree of codes with colour swatches, coding counts and their number
//! keys; click a code to select it (and code the reader's selection), drop a dragged selection on
//! it to code that, right-click for add / rename / move / merge / delete / pin. Below the tree,
//! the editor of the selected code's definition.

use super::PanelCtx;
use super::code_dialogs::CodeDialog;
use super::code_editor::code_editor_ui;
use super::commands::AppCommand;
use super::dialogs::Dialogs;
use super::i18n::Msg;
use super::reader::SelectionDrag;
use super::widgets::parse_color;
use crate::model::Code;
use egui::{Align, Color32, Layout, RichText, Sense, Ui, vec2};
use std::collections::HashMap;

/// Shows the codebook.
pub fn codebook_panel_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, dialogs: &mut Dialogs) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading(cx.tr(Msg::Codebook));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let add = ui.add_enabled(
                !cx.busy && cx.cache.path.is_some(),
                egui::Button::new(cx.tr(Msg::AddCode)),
            );
            if add.clicked() {
                dialogs.code = Some(CodeDialog::Add {
                    parent: cx.state.view.code,
                    name: String::new(),
                });
            }
        });
    });
    ui.label(RichText::new(cx.tr(Msg::KeysHint)).small().weak());
    ui.separator();
    let tree_height = (ui.available_height() * 0.58).max(120.0);
    let scroll = egui::ScrollArea::vertical()
        .id_salt("qcw-code-tree")
        .max_height(tree_height)
        .auto_shrink([false, true]);
    let cache = cx.cache;
    tree_ui(ui, cx, dialogs, scroll, &cache.codes);
    ui.separator();
    code_editor_ui(ui, cx);
}

/// One row of the tree as shown: a code, its depth, and whether it has sub-codes.
struct TreeRow<'a> {
    code: &'a Code,
    depth: usize,
    parent: bool,
}

/// Whether a code's sub-codes are shown (remembered across runs; open unless closed).
fn open_id(code_id: i64) -> egui::Id {
    egui::Id::unique(("qcw-code-node", code_id))
}

/// The rows of the tree in order, without the sub-codes of closed codes.
fn visible_rows<'a>(ctx: &egui::Context, codes: &'a [Code]) -> Vec<TreeRow<'a>> {
    let mut children: HashMap<Option<i64>, Vec<&Code>> = HashMap::new();
    for c in codes {
        children.entry(c.parent_id).or_default().push(c);
    }
    let mut rows = Vec::with_capacity(codes.len());
    let mut stack: Vec<(&Code, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|c| (*c, 0)).collect())
        .unwrap_or_default();
    while let Some((code, depth)) = stack.pop() {
        let kids = children.get(&Some(code.id));
        rows.push(TreeRow {
            code,
            depth,
            parent: kids.is_some(),
        });
        let open = ctx
            .data_mut(|d| d.get_persisted::<bool>(open_id(code.id)))
            .unwrap_or(true);
        if let Some(kids) = kids.filter(|_| open) {
            stack.extend(kids.iter().rev().map(|c| (*c, depth + 1)));
        }
    }
    rows
}

/// The tree: only the rows in view are laid out (a study's codebook has hundreds of codes).
fn tree_ui(
    ui: &mut Ui,
    cx: &mut PanelCtx<'_>,
    dialogs: &mut Dialogs,
    scroll: egui::ScrollArea,
    codes: &[Code],
) {
    let rows = visible_rows(ui.ctx(), codes);
    let indent = ui.spacing().indent;
    let estimate = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let key = |r: &TreeRow<'_>| super::virtual_list::id_key(r.code.id);
    super::virtual_list::virtual_rows(ui, scroll, &rows, key, estimate, |ui, r| {
        ui.horizontal(|ui| {
            ui.add_space(indent * r.depth as f32);
            if r.parent {
                let id = open_id(r.code.id);
                let open = ui.data_mut(|d| d.get_persisted::<bool>(id)).unwrap_or(true);
                let size = vec2(indent, ui.spacing().interact_size.y);
                let (_, resp) = ui.allocate_exact_size(size, Sense::click());
                // The icon at egui's size for collapsing headers, centred in the indent.
                let (mut icon, _) = ui.spacing().icon_rectangles(resp.rect);
                icon.set_center(resp.rect.center());
                let small = resp.clone().with_new_rect(icon);
                egui::collapsing_header::paint_default_icon(ui, f32::from(u8::from(open)), &small);
                let name = r.code.name.clone();
                resp.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::DisclosureTriangle, true, open, &name)
                });
                if resp.clicked() {
                    ui.data_mut(|d| d.insert_persisted(id, !open));
                }
            } else {
                ui.add_space(indent);
            }
            code_row_ui(ui, cx, dialogs, r.code);
        });
    });
}

fn code_row_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, dialogs: &mut Dialogs, code: &Code) {
    let key = cx.key_of(code.id);
    let badge = key.map_or_else(|| " ".to_owned(), |k| k.to_string());
    ui.label(
        RichText::new(badge)
            .monospace()
            .strong()
            .color(ui.visuals().hyperlink_color),
    );
    let (swatch, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
    ui.painter()
        .rect_filled(swatch, 2.0, parse_color(&code.color));
    let selected = cx.state.view.code == Some(code.id);
    let r = ui.selectable_label(selected, &code.name);
    let total = cx.cache.totals.get(&code.id).copied().unwrap_or(code.count);
    let count = if total == code.count {
        total.to_string()
    } else {
        format!("{} / {total}", code.count)
    };
    ui.weak(count)
        .on_hover_text(cx.trf(Msg::CodingsCount, &[&total]));
    // Drop target for a selection dragged from the reader.
    if let Some(payload) = r.dnd_hover_payload::<SelectionDrag>() {
        let _ = payload;
        ui.painter().rect_stroke(
            r.rect.expand(2.0),
            3.0,
            egui::Stroke::new(2.0, Color32::from_rgb(255, 170, 0)),
            egui::StrokeKind::Outside,
        );
        r.show_tooltip_text(cx.trf(Msg::DropToCode, &[&code.name]));
    }
    if let Some(p) = r.dnd_release_payload::<SelectionDrag>() {
        cx.push(AppCommand::CodeRange {
            doc_id: p.doc_id,
            start: p.start,
            end: p.end,
            code_id: code.id,
        });
        cx.push(AppCommand::SelectCode(Some(code.id)));
    }
    let r = r.on_hover_text(&code.path);
    if r.clicked() {
        cx.push(AppCommand::SelectCode(Some(code.id)));
        let has_selection = cx
            .state
            .view
            .selection
            .is_some_and(|s| !s.is_empty() && Some(s.doc_id) == cx.state.view.doc);
        if has_selection {
            cx.push(AppCommand::CodeSelection { code_id: code.id });
        }
    }
    r.context_menu(|ui| context_menu_ui(ui, cx, dialogs, code));
}

fn context_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, dialogs: &mut Dialogs, code: &Code) {
    let enabled = !cx.busy;
    let id = code.id;
    if ui
        .add_enabled(enabled, egui::Button::new(cx.tr(Msg::AddSubCode)))
        .clicked()
    {
        dialogs.code = Some(CodeDialog::Add {
            parent: Some(id),
            name: String::new(),
        });
    }
    if ui
        .add_enabled(enabled, egui::Button::new(cx.tr(Msg::Rename)))
        .clicked()
    {
        dialogs.code = Some(CodeDialog::Rename {
            code_id: id,
            name: code.name.clone(),
        });
    }
    if ui
        .add_enabled(enabled, egui::Button::new(cx.tr(Msg::Move)))
        .clicked()
    {
        dialogs.code = Some(CodeDialog::Move {
            code_id: id,
            parent: code.parent_id,
        });
    }
    if ui
        .add_enabled(enabled, egui::Button::new(cx.tr(Msg::Merge)))
        .clicked()
    {
        dialogs.code = Some(CodeDialog::Merge {
            code_id: id,
            into: None,
        });
    }
    if ui
        .add_enabled(enabled, egui::Button::new(cx.tr(Msg::DeleteCode)))
        .clicked()
    {
        dialogs.code = Some(CodeDialog::Delete { code_id: id });
    }
    ui.separator();
    let pinned = cx
        .state
        .pinned_codes(cx.cache.path.as_deref())
        .contains(&id);
    let label = if pinned { Msg::Unpin } else { Msg::Pin };
    if ui.button(cx.tr(label)).clicked() {
        cx.push(AppCommand::TogglePin(id));
    }
}
