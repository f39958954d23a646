//! Every centre tab opens on an empty project and on a project without cases or codings, in both
//! languages, without a panic, and says why it has nothing to show.

use crate::util::{harness, settle};
use egui_kittest::kittest::Queryable as _;
use qcw::app::views::CentralTab;
use qcw::app::{AppCommand, Lang};
use qcw::codebook::Template;

fn every_tab(template: Template, lang: Lang) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.qcw");
    drop(qcw::project::create_project(&path, template, "tester").unwrap());
    let mut h = harness(&path, lang);
    for tab in CentralTab::ALL {
        h.state_mut().push(AppCommand::SetCentralTab(tab));
        settle(&mut h);
        assert_eq!(h.state().state.central_tab, tab);
    }
    // The search view answers a query on an empty index.
    h.state_mut()
        .push(AppCommand::SetCentralTab(CentralTab::Search));
    settle(&mut h);
    let query = if lang == Lang::En {
        "Query"
    } else {
        "检索式"
    };
    h.get_by_role_and_label(egui::Role::TextInput, query)
        .click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, query)
        .type_text("应急");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    match h.state().search_view().result() {
        Some(Ok(r)) => assert!(r.rows.is_empty()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_tab_opens_on_an_empty_project() {
    every_tab(Template::Empty, Lang::En);
}

#[test]
fn every_tab_opens_on_a_piv_project_without_documents() {
    every_tab(Template::Piv, Lang::Zh);
}
