//! Every centre tab opens on an empty project and on a project without cases or codings, in both
//! languages, without a panic, and (every view that has one) says why it has nothing to show.

use crate::util::{harness, settle};
use egui_kittest::kittest::Queryable as _;
use qcw::app::i18n::{Msg, tr};
use qcw::app::views::CentralTab;
use qcw::app::{AppCommand, Lang};
use qcw::codebook::Template;

/// What a tab says on a project without documents, cases or codings.
fn empty_message(tab: CentralTab) -> Option<Msg> {
    match tab {
        CentralTab::Reader => Some(Msg::NoDocSelected),
        CentralTab::Search => Some(Msg::SearchEmpty),
        CentralTab::Cases => Some(Msg::CasesNone),
        // An empty case × code table with its legend.
        CentralTab::Matrix => None,
        CentralTab::Qca => Some(Msg::QcaNoOutcome),
        CentralTab::Cooccur | CentralTab::Crosstab | CentralTab::Overview => {
            Some(Msg::NoCodingsInScope)
        }
        CentralTab::Agreement => Some(Msg::ChooseTwoCoders),
        CentralTab::Privacy => Some(Msg::PrivacyNone),
        // No code is selected in the codebook.
        CentralTab::Suggest => Some(Msg::SuggestChooseCode),
        CentralTab::Memos => Some(Msg::MemosNone),
    }
}

fn every_tab(template: Template, lang: Lang) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.qcw");
    drop(qcw::project::create_project(&path, template, "tester").unwrap());
    let mut h = harness(&path, lang);
    for tab in CentralTab::ALL {
        h.state_mut().push(AppCommand::SetCentralTab(tab));
        settle(&mut h);
        assert_eq!(h.state().state.central_tab, tab);
        if let Some(msg) = empty_message(tab) {
            h.get_by_label(tr(lang, msg));
        }
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
