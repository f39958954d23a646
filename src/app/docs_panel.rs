//! The document list (left): filter box, kind filter, group filter and group editing
//! (`docs_groups.rs`), each document with its kind, cases, groups and coding count; attributes on
//! hover; a context menu to add it to or remove it from groups. Ctrl+click and Shift+click select
//! several documents, which the context menu then acts on together.

use super::PanelCtx;
use super::commands::AppCommand;
use super::docs_groups::DocSelection;
use super::i18n::{Msg, kind_msg};
use crate::model::{DocKind, DocSummary};
use egui::{Align, Layout, RichText, Ui};

/// Shows the document list.
pub fn docs_panel_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    ui.add_space(4.0);
    // The heading carries the selection count, so selecting never moves the list.
    let selected = super::docs_groups::selection_len(ui);
    ui.horizontal(|ui| {
        ui.heading(cx.tr(Msg::Documents));
        if selected > 1 {
            ui.weak(cx.trf(Msg::DocsSelectedShort, &[&selected]))
                .on_hover_text(cx.trf(Msg::DocsSelected, &[&selected]));
        }
    });
    let id = ui.make_persistent_id("qcw-doc-filter");
    let mut filter: String = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let edit = ui.add(
        egui::TextEdit::singleline(&mut filter)
            .hint_text(cx.tr(Msg::FilterHint))
            .desired_width(f32::INFINITY),
    );
    if edit.changed() {
        ui.data_mut(|d| d.insert_temp(id, filter.clone()));
    }
    kind_filter_ui(ui, cx);
    super::docs_groups::groups_bar_ui(ui, cx);
    ui.separator();
    if cx.cache.docs.is_empty() && cx.cache.path.is_some() {
        ui.weak(cx.tr(Msg::NoDocuments));
        return;
    }
    let needle = filter.trim().to_lowercase();
    let kind = cx.state.view.doc_kind;
    let group: Option<Vec<i64>> = super::docs_groups::group_filter(ui).and_then(|id| {
        cx.cache
            .groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.docs.clone())
    });
    let cache = cx.cache;
    let listed: Vec<&DocSummary> = cache
        .docs
        .iter()
        .filter(|d| matches(d, &needle, kind))
        .filter(|d| group.as_ref().is_none_or(|g| g.contains(&d.id)))
        .collect();
    let ids: Vec<i64> = listed.iter().map(|d| d.id).collect();
    let mut sel = super::docs_groups::selection(ui, &ids);
    // Only the rows in view are laid out (a study lists hundreds of documents).
    let scroll = egui::ScrollArea::vertical()
        .id_salt("qcw-doc-list")
        .auto_shrink(false);
    let estimate = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    super::virtual_list::virtual_rows(
        ui,
        scroll,
        &listed,
        |d| super::virtual_list::id_key(d.id),
        estimate,
        |ui, doc| doc_row_ui(ui, cx, doc, &ids, &mut sel),
    );
    super::docs_groups::set_selection(ui, sel);
}

fn kind_filter_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let current = cx.state.view.doc_kind;
    let mut chosen = current;
    super::widgets::kind_combo_ui(ui, cx, "qcw-doc-kind", &mut chosen);
    if chosen != current {
        cx.push(AppCommand::SetDocKindFilter(chosen));
    }
}

/// Whether `doc` passes the filter text (name, case or attribute) and kind.
fn matches(doc: &DocSummary, needle: &str, kind: Option<DocKind>) -> bool {
    if kind.is_some_and(|k| k != doc.kind) {
        return false;
    }
    needle.is_empty()
        || doc.name.to_lowercase().contains(needle)
        || doc.cases.iter().any(|c| c.to_lowercase().contains(needle))
        || doc
            .attributes
            .values()
            .any(|v| v.to_lowercase().contains(needle))
}

fn doc_row_ui(
    ui: &mut Ui,
    cx: &mut PanelCtx<'_>,
    doc: &DocSummary,
    listed: &[i64],
    sel: &mut DocSelection,
) {
    let selected = if sel.ids.len() > 1 {
        sel.ids.contains(&doc.id)
    } else {
        cx.state.view.doc == Some(doc.id)
    };
    // The count first (right-aligned), then the name truncated to the width that is left, so a
    // long name never widens the panel.
    let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let row = ui.allocate_ui_with_layout(size, Layout::right_to_left(Align::Center), |ui| {
        ui.weak(doc.codings.to_string())
            .on_hover_text(cx.trf(Msg::CodingsCount, &[&doc.codings]));
        ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
            let tag = cx.tr(kind_msg(doc.kind));
            ui.label(RichText::new(tag).small().weak());
            ui.add(egui::Button::selectable(selected, doc.name.as_str()).truncate())
        })
        .inner
    });
    let r = row.inner.on_hover_ui(|ui| {
        ui.strong(&doc.name);
        ui.label(format!(
            "{} · {} · {}",
            cx.tr(kind_msg(doc.kind)),
            cx.trf(Msg::CharsCount, &[&doc.chars]),
            cx.trf(Msg::CodingsCount, &[&doc.codings])
        ));
        if !doc.cases.is_empty() {
            ui.label(format!("{}: {}", cx.tr(Msg::Cases), doc.cases.join("、")));
        }
        if !doc.attributes.is_empty() {
            ui.separator();
            egui::Grid::new("qcw-doc-attrs")
                .striped(true)
                .show(ui, |ui| {
                    for (k, v) in &doc.attributes {
                        ui.weak(k);
                        ui.label(v);
                        ui.end_row();
                    }
                });
        }
    });
    if !doc.cases.is_empty() {
        ui.indent(("qcw-doc-cases", doc.id), |ui| {
            ui.add(egui::Label::new(RichText::new(doc.cases.join("、")).small().weak()).truncate());
        });
    }
    let groups = super::docs_groups::groups_of(cx, doc.id).join("、");
    if !groups.is_empty() {
        ui.indent(("qcw-doc-groups", doc.id), |ui| {
            let text = RichText::new(format!("▣ {groups}")).small().weak();
            ui.add(egui::Label::new(text).truncate());
        });
    }
    let targets = sel.targets(doc.id);
    r.context_menu(|ui| super::docs_groups::doc_menu_ui(ui, cx, listed, &targets));
    if r.clicked() {
        let m = super::docs_groups::click_modifiers(ui);
        sel.click(doc.id, listed, m);
        if !(m.shift || m.command || m.ctrl) {
            cx.push(AppCommand::SelectDocument(doc.id));
        }
    }
}
