//! The search view: every occurrence listed, a hit opens the reader with all hits marked, "code
//! all hits" is one undo step, word frequencies, stop words and the dictionary editor.

use crate::util::{CODER, demo_project, harness, settle, type_into};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qcw::app::views::CentralTab;
use qcw::app::{Lang, QcwApp};
use qcw::search::DEFAULT_STOPWORDS;
use qcw::search::project::project_segmenter;
use qcw::store::{CodingFilter, Project};
use std::collections::BTreeSet;

fn open_search(h: &mut Harness<'_, QcwApp>) {
    h.get_by_label("Search").click();
    h.run();
    assert_eq!(h.state().state.central_tab, CentralTab::Search);
}

fn search_for(h: &mut Harness<'_, QcwApp>, query: &str) {
    type_into(h, egui::Role::TextInput, "Query", query);
    h.key_press(Key::Enter);
    settle(h);
}

/// Every occurrence of `needle` in the project's documents, by a plain scan.
fn scan(project: &Project, needle: &str) -> BTreeSet<(i64, usize, usize)> {
    let n = needle.chars().count();
    let mut out = BTreeSet::new();
    for (id, _, _, text) in project.document_texts().unwrap() {
        let chars: Vec<char> = text.chars().collect();
        let pat: Vec<char> = needle.chars().collect();
        for i in 0..chars.len().saturating_sub(n - 1) {
            if chars[i..i + n] == pat[..] {
                out.insert((id, i, i + n));
            }
        }
    }
    out
}

fn listed(h: &Harness<'_, QcwApp>) -> Vec<qcw::search::pipeline::KwicLine> {
    match h.state().search_view().result() {
        Some(Ok(r)) => r.rows.clone(),
        other => panic!("no search result: {other:?}"),
    }
}

#[test]
fn search_lists_every_occurrence_and_a_hit_opens_the_reader_with_all_hits_marked() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_search(&mut h);
    search_for(&mut h, "应急");

    let rows = listed(&h);
    let got: BTreeSet<(i64, usize, usize)> =
        rows.iter().map(|r| (r.doc_id, r.start, r.end)).collect();
    let want = scan(h.state().project().unwrap(), "应急");
    assert!(want.len() > 20, "the demo mentions 应急 often");
    assert_eq!(got, want, "the hits are exactly the occurrences");
    assert!(rows.iter().all(|r| r.keyword == "应急"));

    // Click the snippet of a hit in a document with several hits.
    let row = rows
        .iter()
        .find(|r| rows.iter().filter(|o| o.doc_id == r.doc_id).count() >= 3)
        .expect("a document with three hits")
        .clone();
    let label = format!("…{}应急{}…", row.left, row.right).replace('\n', " ");
    h.get_by_label(&label).click();
    h.run();

    let st = h.state();
    assert_eq!(
        st.state.central_tab,
        CentralTab::Reader,
        "the reader opened"
    );
    assert_eq!(st.cache().doc.as_ref().map(|d| d.id), Some(row.doc_id));
    let sel = st.state.view.selection.expect("the hit is selected");
    assert_eq!(sel.range(), (row.start, row.end));
    let marks = st.state.view.search_marks.as_ref().expect("hits marked");
    let in_doc: Vec<(usize, usize)> = want
        .iter()
        .filter(|(d, _, _)| *d == row.doc_id)
        .map(|&(_, s, e)| (s, e))
        .collect();
    assert_eq!(
        marks.hits.get(&row.doc_id),
        Some(&in_doc),
        "every hit of the document"
    );
    assert_eq!(marks.hits.values().map(Vec::len).sum::<usize>(), want.len());
}

#[test]
fn filters_narrow_the_hits_and_bad_syntax_is_reported() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_search(&mut h);
    // Only interviews.
    h.query_all_by_role_and_label(egui::Role::ComboBox, "Kind")
        .last()
        .unwrap()
        .click();
    h.run();
    h.query_all_by_label("Interview").last().unwrap().click();
    h.run();
    search_for(&mut h, "平台");
    let rows = listed(&h);
    let project = h.state().project().unwrap();
    let interviews: BTreeSet<i64> = project
        .documents()
        .unwrap()
        .into_iter()
        .filter(|d| d.kind == qcw::model::DocKind::Interview)
        .map(|d| d.id)
        .collect();
    let want: BTreeSet<_> = scan(project, "平台")
        .into_iter()
        .filter(|(d, _, _)| interviews.contains(d))
        .collect();
    assert!(!want.is_empty());
    let got: BTreeSet<_> = rows.iter().map(|r| (r.doc_id, r.start, r.end)).collect();
    assert_eq!(got, want);

    // An unbalanced parenthesis is an error shown in the view, not a panic.
    h.get_by_role_and_label(egui::Role::TextInput, "Query")
        .click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, "Query")
        .type_text("(平台 OR");
    h.key_press(Key::Enter);
    settle(&mut h);
    assert!(
        matches!(h.state().search_view().result(), Some(Err(_))),
        "a syntax error: {:?}",
        h.state()
            .search_view()
            .result()
            .map(|r| r.as_ref().map(|r| r.rows.len()))
    );
}

#[test]
fn code_all_hits_codes_every_occurrence_as_one_undo_step() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_search(&mut h);
    search_for(&mut h, "一张图");
    let want = scan(h.state().project().unwrap(), "一张图");
    assert!(want.len() >= 3);

    let code = h
        .state()
        .cache()
        .codes
        .iter()
        .find(|c| c.path == "价值/共同认知")
        .expect("PIV code")
        .clone();
    let mine = |h: &Harness<'_, QcwApp>| {
        h.state()
            .project()
            .unwrap()
            .codings(&CodingFilter {
                code_ids: Some(vec![code.id]),
                coder: Some(CODER.to_owned()),
                ..CodingFilter::default()
            })
            .unwrap()
    };
    assert!(mine(&h).is_empty());
    h.get_by_role_and_label(egui::Role::ComboBox, "Code all hits with")
        .click();
    h.run();
    h.query_all_by_label(&code.path).last().unwrap().click();
    h.run();
    h.get_by_label("Code all hits").click();
    settle(&mut h);

    let coded: BTreeSet<(i64, usize, usize)> = mine(&h)
        .into_iter()
        .map(|c| (c.doc_id, c.start, c.end))
        .collect();
    assert_eq!(coded, want, "each occurrence coded exactly");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(mine(&h).is_empty(), "one undo removes them all");
}

#[test]
fn word_frequencies_stop_words_and_dictionary() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_search(&mut h);
    h.get_by_label("Word frequencies").click();
    settle(&mut h);

    let project = h.state().project().unwrap();
    let texts: Vec<String> = project
        .document_texts()
        .unwrap()
        .into_iter()
        .map(|d| d.3)
        .collect();
    let mut want = project_segmenter(project)
        .unwrap()
        .freq(texts.iter().map(String::as_str), DEFAULT_STOPWORDS);
    // One-character words are left out by default.
    want.retain(|(w, _)| w.chars().count() >= 2);
    want.truncate(200);
    let got = h
        .state()
        .search_view()
        .frequencies()
        .expect("table")
        .to_vec();
    assert_eq!(got, want);

    // Make the top word a stop word: it leaves the table.
    let top = got[0].0.clone();
    h.query_all_by_label("Stop word").next().unwrap().click();
    settle(&mut h);
    let project = h.state().project().unwrap();
    assert!(project.stopwords().unwrap().contains(&top));
    let now = h
        .state()
        .search_view()
        .frequencies()
        .expect("table")
        .to_vec();
    assert!(!now.iter().any(|(w, _)| *w == top), "{top} left the table");

    // The dictionary editor adds a word.
    h.get_by_label("Dictionary & stop words").click();
    settle(&mut h);
    h.get_by_role_and_label(egui::Role::TextInput, "Word")
        .click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Word")
        .type_text("数字底座");
    h.run();
    h.get_by_label("Add word").click();
    settle(&mut h);
    let dict = h.state().project().unwrap().dictionary().unwrap();
    assert!(dict.iter().any(|w| w.word == "数字底座"), "{dict:?}");
}

#[test]
fn next_and_previous_walk_through_the_marked_hits() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_search(&mut h);
    search_for(&mut h, "数据");
    let rows = listed(&h);
    let first = rows[0].clone();
    let mut in_doc: Vec<(usize, usize)> = rows
        .iter()
        .filter(|r| r.doc_id == first.doc_id)
        .map(|r| (r.start, r.end))
        .collect();
    in_doc.sort_unstable();
    assert!(in_doc.len() >= 3, "{in_doc:?}");
    h.get_by_label("Mark in reader").click();
    h.run();
    h.state_mut().push(qcw::app::AppCommand::JumpTo {
        doc_id: first.doc_id,
        start: in_doc[0].0,
        end: in_doc[0].1,
    });
    h.run();
    h.get_by_label("Next").click();
    h.run();
    assert_eq!(h.state().state.view.selection.unwrap().range(), in_doc[1]);
    h.get_by_label("Next").click();
    h.run();
    assert_eq!(h.state().state.view.selection.unwrap().range(), in_doc[2]);
    h.get_by_label("Previous").click();
    h.run();
    assert_eq!(h.state().state.view.selection.unwrap().range(), in_doc[1]);
    h.get_by_label("Clear marks").click();
    h.run();
    assert!(h.state().state.view.search_marks.is_none());
}

#[test]
fn a_long_hit_list_is_cut_and_says_how_many_hits_there_are() {
    use qcw::command::{Command, NewDocument, execute};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.qcw");
    let mut p =
        qcw::project::create_project(&path, qcw::codebook::Template::Empty, "tester").unwrap();
    let text = "平台的数据，".repeat(6_000);
    execute(
        &mut p,
        &Command::ImportDocument(Box::new(NewDocument {
            name: "长文".into(),
            kind: qcw::model::DocKind::Document,
            sha256: qcw::text::sha256_hex(text.as_bytes()),
            text,
            source_path: String::new(),
            format: "txt".into(),
            attributes: Default::default(),
            cases: Vec::new(),
        })),
    )
    .unwrap();
    drop(p);
    let mut h = harness(&path, Lang::En);
    open_search(&mut h);
    search_for(&mut h, "数据");
    let Some(Ok(r)) = h.state().search_view().result() else {
        panic!("no result")
    };
    assert!(r.truncated);
    assert_eq!(r.rows.len(), qcw::app::views::HIT_CAP);
    assert_eq!(r.total, 6_000);
    h.get_by_label(&format!(
        "First {} of 6000 hits shown",
        qcw::app::views::HIT_CAP
    ));
}
