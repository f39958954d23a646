//! Opening an encrypted project asks for its passphrase, again after a wrong one (feature
//! `encryption`).
#![cfg(feature = "encryption")]

use crate::util::{harness_opening, settle, type_into};
use egui_kittest::kittest::Queryable as _;
use qcw::app::Lang;
use qcw::codebook::Template;
use qcw::command::{Command, NewDocument, execute};
use qcw::model::DocKind;
use qcw::project::create_project;
use qcw::store::{forget_passphrase, remember_passphrase};

#[test]
fn an_encrypted_project_opens_after_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("加密.qcw");
    remember_passphrase(&path, "正确口令");
    let mut p = create_project(&path, Template::Piv, "tester").unwrap();
    let doc = NewDocument {
        name: "访谈01".into(),
        kind: DocKind::Interview,
        text: "应急局牵头。".into(),
        sha256: "x".into(),
        source_path: "mem".into(),
        format: "txt".into(),
        attributes: Default::default(),
        cases: vec![],
    };
    execute(&mut p, &Command::ImportDocument(Box::new(doc))).unwrap();
    drop(p);
    forget_passphrase(&path);

    let mut h = harness_opening(&path, Lang::En, false);
    settle(&mut h);
    assert!(h.query_by_label("Project passphrase").is_some(), "asked");
    assert!(h.query_by_label("访谈01").is_none(), "nothing shown yet");
    let field = h.query_all_by_role(egui::Role::PasswordInput).count()
        + h.query_all_by_role(egui::Role::TextInput).count();
    assert!(field > 0);
    let role = if h.query_all_by_role(egui::Role::PasswordInput).count() > 0 {
        egui::Role::PasswordInput
    } else {
        egui::Role::TextInput
    };
    let label = format!("{} is encrypted; enter its passphrase:", path.display());
    type_into(&mut h, role, &label, "错误");
    h.get_by_label("Open").click();
    settle(&mut h);
    assert!(h.query_by_label("Wrong passphrase; try again.").is_some());
    type_into(&mut h, role, &label, "正确口令");
    h.get_by_label("Open").click();
    settle(&mut h);
    assert!(h.query_by_label("Project passphrase").is_none(), "closed");
    assert!(h.state().project().is_some_and(|p| p.is_encrypted()));
    assert!(
        h.query_all_by_label_contains("访谈01").next().is_some(),
        "the document is listed"
    );
}
