//! Document groups in the document panel: create a group, add a document from its context menu,
//! the group shown under the document and as a filter of the list, rename, delete, undo.

use crate::util::{demo_project, harness, settle};
use egui_kittest::kittest::Queryable as _;
use qcw::app::Lang;

#[test]
fn groups_are_made_filled_filtered_and_deleted_in_the_document_panel() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let docs = h.state().cache().docs.clone();
    let first = docs[0].clone();

    h.get_by(|n| n.data().placeholder() == Some("group name"))
        .click();
    h.run();
    h.get_by(|n| n.data().placeholder() == Some("group name"))
        .type_text("试点组");
    h.run();
    h.get_by_label("New group").click();
    settle(&mut h);
    let groups = &h.state().cache().groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].name, "试点组");

    // The document's context menu adds it to the group.
    h.get_by_role_and_label(egui::Role::Button, &first.name)
        .click_secondary();
    h.run();
    h.get_by_label("Add to group").click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, "试点组")
        .click();
    settle(&mut h);
    assert_eq!(h.state().cache().groups[0].docs, vec![first.id]);
    h.get_by_label_contains("▣ 试点组");

    // The group filter lists only its documents.
    h.get_by_role_and_label(egui::Role::ComboBox, "Group")
        .click();
    h.run();
    h.get_by_label("试点组 (1)").click();
    settle(&mut h);
    assert!(h.query_by_label(&docs[1].name).is_none());
    h.get_by_role_and_label(egui::Role::Button, &first.name);

    // Delete, then undo brings the group back with its document.
    h.get_by_label("Delete group").click();
    settle(&mut h);
    assert!(h.state().cache().groups.is_empty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    assert_eq!(h.state().cache().groups[0].docs, vec![first.id]);
}
