//! File → Backups: back up now, change something, restore the backup (after a confirmation).

use crate::util::{demo_project, harness, settle};
use egui_kittest::kittest::Queryable as _;
use qcw::app::{AppCommand, Lang};
use qcw::command::Command;
use qcw::store::{Project, list_backups};

fn codings(path: &std::path::Path) -> Vec<i64> {
    let p = Project::open_read_only(path).unwrap();
    p.codings(&Default::default())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn back_up_change_and_restore_through_the_menu() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let before = codings(&path);
    let already = list_backups(&path).unwrap().len();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Backups…").click();
    h.run();
    h.get_by_label("Back up now").click();
    settle(&mut h);
    let made = list_backups(&path).unwrap();
    assert_eq!(made.len(), already + 1);
    assert_eq!(made.last().unwrap().reason, "manual");
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.contains("Backed up to"), "{status}");
    // The window lists it.
    settle(&mut h);
    assert!(
        h.query_by_label("manual").is_some(),
        "the new backup is listed"
    );

    h.state_mut()
        .push(AppCommand::Execute(Command::RemoveCoding {
            coding_id: before[0],
        }));
    settle(&mut h);
    assert_eq!(codings(&path).len(), before.len() - 1);

    // Restore the newest (listed first), then confirm in the dialog.
    h.query_all_by_label("Restore").next().unwrap().click();
    h.run();
    let confirm = h.query_all_by_label("Restore").last().unwrap();
    confirm.click();
    settle(&mut h);
    assert_eq!(codings(&path), before, "the removed coding is back");
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("Restored from"), "{status}");
    let after = list_backups(&path).unwrap();
    assert_eq!(after.last().unwrap().reason, "before-restore");
}
