//! Document groups (sets) in the document panel: a group filter over the list, new / rename /
//! delete for the chosen group, the multi-selection of documents (Ctrl+click toggles, Shift+click
//! selects a range), and each document's context menu to add it (or every selected or listed
//! document) to a group or remove it from one. Every change is one group command (one undo step,
//! however many documents it moves).

use super::PanelCtx;
use super::commands::AppCommand;
use super::i18n::Msg;
use crate::command::Command;
use crate::model::DocGroup;
use egui::{Modifiers, Ui};

/// The documents selected in the panel (several with Ctrl/Shift+click), kept in egui's memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocSelection {
    /// The selected documents, in the order they were selected.
    pub ids: Vec<i64>,
    /// Where a Shift+click range starts.
    anchor: Option<i64>,
}

impl DocSelection {
    /// A click on `doc` with `m` held, in the list `listed`: Ctrl (Cmd) toggles it, Shift selects
    /// the range from the last clicked document, a plain click selects it alone.
    pub fn click(&mut self, doc: i64, listed: &[i64], m: Modifiers) {
        let at = |id: i64| listed.iter().position(|&d| d == id);
        if m.shift
            && let (Some(a), Some(b)) = (self.anchor.and_then(at), at(doc))
        {
            self.ids = listed[a.min(b)..=a.max(b)].to_vec();
            return;
        }
        self.anchor = Some(doc);
        if m.command || m.ctrl {
            if let Some(i) = self.ids.iter().position(|&d| d == doc) {
                self.ids.remove(i);
            } else {
                self.ids.push(doc);
            }
        } else {
            self.ids = vec![doc];
        }
    }

    /// The documents a context menu on `doc` acts on: the selection when `doc` is part of a
    /// selection of several, else `doc` alone.
    pub fn targets(&self, doc: i64) -> Vec<i64> {
        if self.ids.len() > 1 && self.ids.contains(&doc) {
            self.ids.clone()
        } else {
            vec![doc]
        }
    }
}

fn selection_id(ui: &Ui) -> egui::Id {
    ui.make_persistent_id("qcw-doc-selection")
}

/// The panel's selection, without the documents no longer `listed`.
pub(super) fn selection(ui: &Ui, listed: &[i64]) -> DocSelection {
    let mut sel: DocSelection = ui
        .data(|d| d.get_temp(selection_id(ui)))
        .unwrap_or_default();
    sel.ids.retain(|id| listed.contains(id));
    sel
}

/// How many documents are selected (as of the last frame).
pub(super) fn selection_len(ui: &Ui) -> usize {
    ui.data(|d| d.get_temp::<DocSelection>(selection_id(ui)))
        .map_or(0, |s| s.ids.len())
}

pub(super) fn set_selection(ui: &Ui, sel: DocSelection) {
    ui.data_mut(|d| d.insert_temp(selection_id(ui), sel));
}

/// The modifiers held during this frame's primary click (those of the release event, else the
/// current ones).
pub(super) fn click_modifiers(ui: &Ui) -> Modifiers {
    ui.input(|i| {
        i.events
            .iter()
            .rev()
            .find_map(|e| match e {
                egui::Event::PointerButton {
                    button: egui::PointerButton::Primary,
                    modifiers,
                    ..
                } => Some(*modifiers),
                _ => None,
            })
            .unwrap_or(i.modifiers)
    })
}

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

/// The context menu of a document row: add it (or the selected documents, when it is one of
/// several selected) or every listed document to a group, remove it (or them) from one.
pub(super) fn doc_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, listed: &[i64], targets: &[i64]) {
    let groups = cx.cache.groups.clone();
    if groups.is_empty() {
        ui.weak(cx.tr(Msg::GroupNone));
        return;
    }
    let (add, remove) = if targets.len() > 1 {
        let n = targets.len();
        let add = cx.trf(Msg::GroupAddSelected, &[&n]);
        (add, cx.trf(Msg::GroupRemoveSelected, &[&n]))
    } else {
        let add = cx.tr(Msg::GroupAddTo).to_owned();
        (add, cx.tr(Msg::GroupRemoveFrom).to_owned())
    };
    ui.menu_button(add, |ui| {
        for g in &groups {
            if ui.button(&g.name).clicked() {
                cx.push(AppCommand::Execute(Command::AddToGroup {
                    group_id: g.id,
                    doc_ids: targets.to_vec(),
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
    let member: Vec<&DocGroup> = groups
        .iter()
        .filter(|g| targets.iter().any(|d| g.docs.contains(d)))
        .collect();
    if !member.is_empty() {
        ui.menu_button(remove, |ui| {
            for g in member {
                if ui.button(&g.name).clicked() {
                    cx.push(AppCommand::Execute(Command::RemoveFromGroup {
                        group_id: g.id,
                        doc_ids: targets.to_vec(),
                    }));
                    ui.close();
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_toggles_shift_selects_a_range_plain_click_selects_one() {
        let listed = [10, 11, 12, 13, 14];
        let mut s = DocSelection::default();
        s.click(11, &listed, Modifiers::NONE);
        assert_eq!(s.ids, vec![11]);
        s.click(13, &listed, Modifiers::SHIFT);
        assert_eq!(s.ids, vec![11, 12, 13]);
        s.click(10, &listed, Modifiers::SHIFT);
        assert_eq!(s.ids, vec![10, 11], "the range starts at the anchor");
        s.click(14, &listed, Modifiers::COMMAND);
        assert_eq!(s.ids, vec![10, 11, 14]);
        s.click(10, &listed, Modifiers::CTRL);
        assert_eq!(s.ids, vec![11, 14]);
        assert_eq!(s.targets(14), vec![11, 14]);
        assert_eq!(
            s.targets(12),
            vec![12],
            "a document outside the selection alone"
        );
        s.click(12, &listed, Modifiers::NONE);
        assert_eq!(s.ids, vec![12]);
        assert_eq!(s.targets(12), vec![12]);
    }
}
