//! The privacy tab: a planted phone number is listed with its context, a click opens the reader
//! at it, "Redact" hides it (same length, no coding moves), undo brings it back; the watch-list
//! is edited in the tab.

use crate::util::{harness, settle, type_into};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qcw::analysis::pii::PiiKind;
use qcw::app::views::{CentralTab, PrivacyData};
use qcw::app::{AppCommand, Lang, QcwApp};
use qcw::command::{Command, NewDocument, execute};
use qcw::model::DocKind;
use qcw::store::Project;

const TEXT: &str = "受访者张伟，电话13812345678。\n第二段：他说工作很忙。";

fn data(h: &Harness<'_, QcwApp>) -> PrivacyData {
    match h.state().views().privacy.data() {
        Some(Ok(d)) => (**d).clone(),
        other => panic!("no audit: {other:?}"),
    }
}

fn doc_text(h: &Harness<'_, QcwApp>, doc_id: i64) -> String {
    h.state()
        .project()
        .unwrap()
        .document_text(doc_id)
        .unwrap()
        .unwrap()
        .1
}

#[test]
fn a_planted_phone_number_is_found_opened_redacted_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pii.qcw");
    let doc_id = {
        let mut p = Project::create(&path, "tester").unwrap();
        let doc = NewDocument {
            name: "访谈1".into(),
            kind: DocKind::Interview,
            text: TEXT.into(),
            sha256: "0".repeat(64),
            source_path: "访谈1.txt".into(),
            format: "txt".into(),
            attributes: Default::default(),
            cases: vec![],
        };
        let id = execute(&mut p, &Command::ImportDocument(Box::new(doc)))
            .unwrap()
            .ids[0];
        execute(
            &mut p,
            &Command::AddCode {
                path: "工作".into(),
                fields: Default::default(),
            },
        )
        .unwrap();
        id
    };
    let mut h = harness(&path, Lang::En);
    h.state_mut()
        .push(AppCommand::SetCentralTab(CentralTab::Privacy));
    settle(&mut h);
    let hits = data(&h).hits;
    assert_eq!(hits.len(), 1, "{hits:?}");
    let phone = hits[0].clone();
    assert_eq!(phone.kind, PiiKind::Mobile);
    assert_eq!((phone.start, phone.end), (8, 19));
    assert_eq!(phone.text, "13812345678");

    // The watch-list editor: add a real name, and it is found too.
    type_into(&mut h, egui::Role::TextInput, "Watch term", "张伟");
    h.get_by_label("Add to list").click();
    settle(&mut h);
    let d = data(&h);
    assert_eq!(d.watch, vec![("张伟".to_owned(), "name".to_owned())]);
    assert_eq!(d.hits.len(), 2);
    assert!(
        d.hits
            .iter()
            .any(|x| x.kind == PiiKind::Watch && x.start == 3)
    );

    // A click on the context opens the reader at the hit.
    let label = format!("…{}{}{}…", phone.before, phone.text, phone.after);
    h.get_by_label(&label).click();
    settle(&mut h);
    assert_eq!(h.state().state.central_tab, CentralTab::Reader);
    let sel = h.state().state.view.selection.expect("the hit is selected");
    assert_eq!((sel.doc_id, sel.range()), (doc_id, (8, 19)));

    // A coding across the phone number and one after it, to check nothing moves.
    let code_id = h.state().project().unwrap().codes().unwrap()[0].id;
    for (start, end) in [(6, 21), (22, 29)] {
        h.state_mut().push(AppCommand::CodeRange {
            doc_id,
            start,
            end,
            code_id,
        });
    }
    settle(&mut h);

    // Back to the tab; redact the phone number (the second hit, after the name).
    h.state_mut()
        .push(AppCommand::SetCentralTab(CentralTab::Privacy));
    settle(&mut h);
    let buttons: Vec<_> = h.get_all_by_label("Redact").collect();
    assert_eq!(buttons.len(), 2);
    buttons[1].click();
    settle(&mut h);
    let redacted = doc_text(&h, doc_id);
    assert_eq!(redacted, TEXT.replace("13812345678", &"＊".repeat(11)));
    assert_eq!(redacted.chars().count(), TEXT.chars().count());
    // The reader's cached text follows, and the audit no longer lists the number.
    assert_eq!(
        &*h.state().cache().doc.as_ref().unwrap().text,
        redacted.as_str()
    );
    assert!(data(&h).hits.iter().all(|x| x.kind != PiiKind::Mobile));
    let codings: Vec<(usize, usize)> = crate::util::codings_of(&h, doc_id)
        .iter()
        .map(|c| (c.start, c.end))
        .collect();
    assert_eq!(codings, vec![(6, 21), (22, 29)]);
    assert_eq!(
        qcw::text::char_slice(&redacted, 22, 29),
        qcw::text::char_slice(TEXT, 22, 29)
    );

    // Undo restores the number.
    h.state_mut().push(AppCommand::Undo);
    settle(&mut h);
    assert_eq!(doc_text(&h, doc_id), TEXT);
    assert_eq!(&*h.state().cache().doc.as_ref().unwrap().text, TEXT);
    assert_eq!(data(&h).hits.len(), 2);
}

#[test]
fn an_import_of_personal_data_says_so_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imp.qcw");
    drop(Project::create(&path, "tester").unwrap());
    let clean = dir.path().join("clean.txt");
    std::fs::write(&clean, "他说工作很忙。").unwrap();
    let personal = dir.path().join("personal.txt");
    std::fs::write(&personal, TEXT).unwrap();
    let mut h = harness(&path, Lang::En);
    for (file, warned) in [(clean, false), (personal, true)] {
        h.state_mut()
            .push(AppCommand::Import(qcw::app::ImportRequest {
                paths: vec![file],
                kind: DocKind::Interview,
                case: String::new(),
                meta_pattern: String::new(),
            }));
        let started = std::time::Instant::now();
        h.step();
        while h.state().job_running() {
            assert!(started.elapsed().as_secs() < 60, "import finished");
            std::thread::sleep(std::time::Duration::from_millis(10));
            h.step();
        }
        h.run();
        let status = h.state().status_text().unwrap().to_owned();
        assert!(status.contains("Imported 1"), "{status}");
        assert_eq!(
            status.contains("may hold personal data: 1 hit(s) (mobile 1)"),
            warned,
            "{status}"
        );
    }
}
