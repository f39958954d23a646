//! Document groups (sets) in the document panel: a group filter over the list, new / rename /
//! delete for the chosen group, and each document's context menu to add it (or every listed
//! document) to a group or remove it from one. Every change is a group command (one undo step).

use super::PanelCtx;
use super::commands::AppCommand;
use super::i18n::Msg;
use crate::command::Command;
use crate::model::{DocGroup, DocSummary};
use egui::Ui;

/// The group filter of the document list (`None`: every document), kept in egui's memory.
pub(super) fn group_filter(ui: &Ui) -> Option<i64> {
    let id = ui.make_persistent_id("qcw-doc-group");
    ui.data(|d| d.get_temp(id)).flatten()
}

fn set_group_filter(ui: &Ui, group: Option<i64>) {
    let id = ui.make_persistent_id("qcw-doc-group");
    ui.data_mut(|d| d.insert_temp(id, group));
}

/// The group bar: the filter combo, a name field with New / Rename, and Delete.
pub(super) fn groups_bar_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    let groups = &cx.cache.groups;
    let mut current = group_filter(ui).filter(|id| groups.iter().any(|g| g.id == *id));
    let label = |g: Option<&DocGroup>| match g {
        Some(g) => format!("{} ({})", g.name, g.docs.len()),
        None => cx.tr(Msg::GroupAll).to_owned(),
    };
    let selected = label(current.and_then(|id| groups.iter().find(|g| g.id == id)));
    let before = current;
    super::widgets::combo_ui(
        ui,
        cx.tr(Msg::GroupFilter),
        "qcw-doc-group-combo",
        selected,
        |ui| {
            ui.selectable_value(&mut current, None, label(None));
            for g in groups {
                ui.selectable_value(&mut current, Some(g.id), label(Some(g)));
            }
        },
    );
    if current != before || group_filter(ui) != current {
        set_group_filter(ui, current);
    }
    let id = ui.make_persistent_id("qcw-group-name");
    let mut name: String = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        let edit = ui.add(
            egui::TextEdit::singleline(&mut name)
                .hint_text(cx.tr(Msg::GroupNameHint))
                .desired_width(110.0),
        );
        if edit.changed() {
            ui.data_mut(|d| d.insert_temp(id, name.clone()));
        }
        let named = !name.trim().is_empty() && !cx.busy;
        if ui
            .add_enabled(named, egui::Button::new(cx.tr(Msg::GroupNew)))
            .clicked()
        {
            cx.push(AppCommand::Execute(Command::CreateGroup {
                name: name.trim().to_owned(),
            }));
            ui.data_mut(|d| d.insert_temp(id, String::new()));
        }
        if let Some(group_id) = current {
            if ui
                .add_enabled(named, egui::Button::new(cx.tr(Msg::GroupRename)))
                .clicked()
            {
                cx.push(AppCommand::Execute(Command::RenameGroup {
                    group_id,
                    name: name.trim().to_owned(),
                }));
                ui.data_mut(|d| d.insert_temp(id, String::new()));
            }
            if ui
                .add_enabled(!cx.busy, egui::Button::new(cx.tr(Msg::GroupDelete)))
                .clicked()
            {
                cx.push(AppCommand::Execute(Command::DeleteGroup { group_id }));
                set_group_filter(ui, None);
            }
        }
    });
}

/// The names of the groups `doc` is in.
pub(super) fn groups_of<'a>(cx: &'a PanelCtx<'_>, doc: i64) -> Vec<&'a str> {
    cx.cache
        .groups
        .iter()
        .filter(|g| g.docs.contains(&doc))
        .map(|g| g.name.as_str())
        .collect()
}

/// The context menu of a document row: add it or every listed document to a group, remove it
/// from one.
pub(super) fn doc_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, doc: &DocSummary, listed: &[i64]) {
    let groups = cx.cache.groups.clone();
    if groups.is_empty() {
        ui.weak(cx.tr(Msg::GroupNone));
        return;
    }
    ui.menu_button(cx.tr(Msg::GroupAddTo), |ui| {
        for g in &groups {
            if ui.button(&g.name).clicked() {
                cx.push(AppCommand::Execute(Command::AddToGroup {
                    group_id: g.id,
                    doc_ids: vec![doc.id],
                }));
                ui.close();
            }
        }
    });
    ui.menu_button(cx.trf(Msg::GroupAddListed, &[&listed.len()]), |ui| {
        for g in &groups {
            if ui.button(&g.name).clicked() {
                cx.push(AppCommand::Execute(Command::AddToGroup {
                    group_id: g.id,
                    doc_ids: listed.to_vec(),
                }));
                ui.close();
            }
        }
    });
    let member: Vec<&DocGroup> = groups.iter().filter(|g| g.docs.contains(&doc.id)).collect();
    if !member.is_empty() {
        ui.menu_button(cx.tr(Msg::GroupRemoveFrom), |ui| {
            for g in member {
                if ui.button(&g.name).clicked() {
                    cx.push(AppCommand::Execute(Command::RemoveFromGroup {
                        group_id: g.id,
                        doc_ids: vec![doc.id],
                    }));
                    ui.close();
                }
            }
        });
    }
}
