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

/// The demo with a group "两组" of two coded documents, before the app opens it: the group's id
/// and documents.
fn with_group(path: &std::path::Path) -> (i64, std::collections::HashSet<i64>) {
    use qcw::command::{Command, execute};
    let mut p = qcw::store::Project::open(path, "t").expect("open");
    let docs: Vec<i64> = p
        .documents()
        .unwrap()
        .into_iter()
        .filter(|d| d.codings > 0)
        .map(|d| d.id)
        .take(2)
        .collect();
    let g = execute(
        &mut p,
        &Command::CreateGroup {
            name: "两组".into(),
        },
    )
    .unwrap()
    .ids[0];
    execute(
        &mut p,
        &Command::AddToGroup {
            group_id: g,
            doc_ids: docs.clone(),
        },
    )
    .unwrap();
    (g, docs.into_iter().collect())
}

/// Picks group "两组" in the view's group chooser.
fn pick_group(h: &mut egui_kittest::Harness<'_, qcw::app::QcwApp>) {
    h.get_by_role_and_label(egui::Role::ComboBox, "Filter by document group")
        .click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, "两组").click();
    settle(h);
}

fn open_tab(h: &mut egui_kittest::Harness<'_, qcw::app::QcwApp>, tab: CentralTab) {
    h.state_mut().push(AppCommand::SetCentralTab(tab));
    settle(h);
}

use qcw::app::AppCommand;
use qcw::app::views::CentralTab;

/// Matrix, cases, crosstabs, search and the coded-segment list each get a group chooser; with
/// the group chosen each shows what the core computes for the group, and only its documents.
#[test]
fn every_view_filters_by_the_chosen_group() {
    use qcw::reports::{cases_in_group, crosstab_in_group, matrix_in_group};
    use qcw::store::CodingFilter;
    let (_dir, path) = demo_project();
    let (g, docs) = with_group(&path);
    let mut h = harness(&path, Lang::En);

    // Matrix: the core's group matrix, only cases linked to the group's documents.
    open_tab(&mut h, CentralTab::Matrix);
    let before = h.state().views().matrix.data().unwrap().matrix.cases.len();
    pick_group(&mut h);
    let p = h.state().project().unwrap();
    let shown = h.state().views().matrix.data().unwrap().clone();
    let direct = matrix_in_group(p, Some(&shown.code_ids), 2, Some(g)).unwrap();
    assert_eq!(shown.matrix.cases, direct.cases);
    assert!(direct.cases.len() < before, "the group has fewer cases");
    let counts = |m: &qcw::reports::Matrix| -> Vec<Vec<usize>> {
        m.cells
            .iter()
            .map(|r| r.iter().map(|c| c.codings).collect())
            .collect()
    };
    assert_eq!(counts(&shown.matrix), counts(&direct));
    let all_cases = p.cases().unwrap();
    for case in &all_cases {
        let rows = h
            .query_all_by_label_contains(&format!("{} × ", case.name))
            .count();
        assert_eq!(rows > 0, direct.cases.contains(&case.name), "{}", case.name);
    }

    // Cases: the sheet lists the group's cases only.
    open_tab(&mut h, CentralTab::Cases);
    pick_group(&mut h);
    let p = h.state().project().unwrap();
    let want: Vec<String> = cases_in_group(p, Some(g))
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    let shown: Vec<String> = h
        .state()
        .views()
        .cases
        .group_cases()
        .unwrap()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(shown, want);
    for case in &all_cases {
        let delete = format!("Delete case {}", case.name);
        assert_eq!(
            h.query_by_label(&delete).is_some(),
            want.contains(&case.name),
            "{}",
            case.name
        );
    }

    // Crosstab by kind: the core's counts for the group (its codings only).
    open_tab(&mut h, CentralTab::Crosstab);
    pick_group(&mut h);
    let p = h.state().project().unwrap();
    let direct = crosstab_in_group(p, "kind", false, Some(g)).unwrap();
    let shown = h
        .state()
        .views()
        .crosstab()
        .report()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(shown.table.counts, direct.table.counts);
    let in_group = p
        .codings(&CodingFilter::default())
        .unwrap()
        .into_iter()
        .filter(|c| docs.contains(&c.doc_id))
        .count() as u64;
    assert_eq!(direct.table.row_totals.iter().sum::<u64>(), in_group);

    // Search: hits only in the group's documents.
    open_tab(&mut h, CentralTab::Search);
    crate::util::type_into(&mut h, egui::Role::TextInput, "Query", "数据");
    h.get_by_label("Find").click();
    settle(&mut h);
    let all_docs = hit_docs(&h);
    pick_group(&mut h);
    let group_docs = hit_docs(&h);
    assert!(!group_docs.is_empty() && group_docs.iter().all(|d| docs.contains(d)));
    assert!(all_docs.len() > group_docs.len());

    // The coded-segment list (bottom panel): the code's codings in the group's documents.
    let code = h
        .state()
        .cache()
        .codes
        .iter()
        .find(|c| c.parent_id.is_none())
        .unwrap()
        .clone();
    open_tab(&mut h, CentralTab::Reader);
    h.state_mut().push(AppCommand::SetBottomTab(
        qcw::app::state::BottomTab::Retrieval,
    ));
    h.state_mut().push(AppCommand::SelectCode(Some(code.id)));
    settle(&mut h);
    let before = h.state().cache().retrieval.len();
    assert!(before > 0, "the code has codings");
    pick_group(&mut h);
    let p = h.state().project().unwrap();
    let ids = qcw::codebook::descendants(&p.codes().unwrap(), code.id);
    let want: Vec<i64> = p
        .codings(&CodingFilter {
            code_ids: Some(ids),
            group_id: Some(g),
            ..CodingFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let rows = &h.state().cache().retrieval;
    assert!(
        !rows.is_empty() && rows.len() < before,
        "{} of {before}",
        rows.len()
    );
    assert_eq!(rows.iter().map(|r| r.coding.id).collect::<Vec<_>>(), want);
    assert!(rows.iter().all(|r| docs.contains(&r.coding.doc_id)));
}

fn hit_docs(h: &egui_kittest::Harness<'_, qcw::app::QcwApp>) -> std::collections::HashSet<i64> {
    let r = h.state().views().search.result().unwrap().as_ref().unwrap();
    r.rows.iter().map(|row| row.doc_id).collect()
}

/// Ctrl+click and Shift+click select several documents; the context menu adds all of them to a
/// group in one step, named in the log, and one Ctrl+Z takes all of them out again.
#[test]
fn several_selected_documents_join_a_group_in_one_undo_step() {
    let (_dir, path) = demo_project();
    let (g, _) = with_group(&path);
    let mut h = harness(&path, Lang::En);
    let docs = h.state().cache().docs.clone();
    let (a, b, c) = (&docs[0], &docs[1], &docs[2]);
    let before = h.state().cache().groups[0].docs.clone();
    // Shift+click from the first to the third selects the three; Ctrl+click toggles one off and on.
    h.get_by_role_and_label(egui::Role::Button, &a.name).click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, &c.name)
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run();
    h.get_by_label("3 selected");
    h.get_by_role_and_label(egui::Role::Button, &b.name)
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    h.get_by_label("2 selected");
    h.get_by_role_and_label(egui::Role::Button, &b.name)
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    h.get_by_label("3 selected");

    h.get_by_role_and_label(egui::Role::Button, &b.name)
        .click_secondary();
    h.run();
    h.get_by_label("Add the 3 selected documents to group")
        .click();
    h.run();
    h.get_by_role_and_label(egui::Role::Button, "两组").click();
    settle(&mut h);
    let mut want: Vec<i64> = before.clone();
    for d in [a.id, b.id, c.id] {
        if !want.contains(&d) {
            want.push(d);
        }
    }
    want.sort_unstable();
    let mut now = h.state().cache().groups[0].docs.clone();
    now.sort_unstable();
    assert_eq!(now, want);
    assert_eq!(h.state().cache().groups[0].id, g);
    let log = h.state().project().unwrap().log().unwrap();
    let label = &log.last().unwrap().label;
    assert!(
        label.contains("group 两组") && label.contains(&a.name),
        "the undo label names the group and documents: {label}"
    );

    // One Ctrl+Z: all three leave the group together.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    let mut now = h.state().cache().groups[0].docs.clone();
    now.sort_unstable();
    let mut was = before;
    was.sort_unstable();
    assert_eq!(now, was);
}

/// QCA gets a group chooser too: with the group chosen it shows the core's report for the group,
/// only the cases linked to its documents.
#[test]
fn qca_filters_by_the_chosen_group() {
    let (_dir, path) = demo_project();
    let (g, _) = with_group(&path);
    let mut h = harness(&path, Lang::En);
    open_tab(&mut h, CentralTab::Qca);
    let before = h.state().views().qca.data().unwrap().report.cases.len();
    pick_group(&mut h);
    let p = h.state().project().unwrap();
    let shown = h.state().views().qca.data().unwrap().report.clone();
    let direct = qcw::reports::qca_report(
        p,
        &qcw::reports::QcaOptions {
            outcome_attr: "运行结果".into(),
            outcome_value: shown.outcome.split_once('=').unwrap().1.to_owned(),
            conditions: h.state().views().qca.data().unwrap().conditions.clone(),
            rule: Default::default(),
            coder: None,
            group_id: Some(g),
        },
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&shown).unwrap(),
        serde_json::to_value(&direct).unwrap()
    );
    assert!(shown.cases.len() < before, "the group has fewer cases");
}
