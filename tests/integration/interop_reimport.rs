//! Importing a `.qdpx` into the project it came from, or a coder's copy back into the original:
//! sources attach to the existing documents (by qcw's GUID, else by text), and only what is new
//! is added.

use crate::interop::{codings, empty_project, texts};
use qcw::command::{Command, execute};
use qcw::demo::build_demo;
use qcw::interop::{export_qdpx, import_qdpx};
use qcw::store::{CodingFilter, Project};

#[test]
fn the_demo_imported_into_itself_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = build_demo(&dir.path().join("a.qcw"), "tester").unwrap();
    let out = dir.path().join("demo.qdpx");
    let e = export_qdpx(&a, &out).unwrap();
    let before = a.dump_domain().unwrap();
    let log = a.log().unwrap().len();
    let s = import_qdpx(&mut a, &out, "someone").unwrap();
    assert_eq!(
        (s.documents, s.codes, s.codings, s.memos, s.cases),
        (0, 0, 0, 0, 0),
        "{s:?}"
    );
    assert_eq!(s.documents_matched.len(), e.documents);
    assert!(s.documents_matched.iter().all(|m| m.by == "guid"), "{s:?}");
    assert_eq!(s.codings_existing, e.codings);
    assert_eq!(s.codes_reused, e.codes);
    assert!(s.skipped.is_empty(), "{:?}", s.skipped);
    assert_eq!(s.history_id, None);
    assert_eq!(a.dump_domain().unwrap(), before);
    assert_eq!(a.log().unwrap().len(), log, "no history entry");
}

#[test]
fn a_second_coders_copy_adds_exactly_their_codings() {
    let dir = tempfile::tempdir().unwrap();
    let a_path = dir.path().join("a.qcw");
    drop(build_demo(&a_path, "A").unwrap());
    let b_path = dir.path().join("b.qcw");
    std::fs::copy(&a_path, &b_path).unwrap();
    // Coder B codes three segments in the copy, one with a memo, and adds a memo to a code.
    let mut b = Project::open(&b_path, "B").unwrap();
    let doc = b.documents().unwrap()[0].clone();
    let code = b.codes().unwrap()[0].path.clone();
    let mut added = 0;
    for (start, end, memo) in [(0, 5, ""), (3, 9, "B 的备注"), (10, 12, "")] {
        execute(
            &mut b,
            &Command::ApplyCodingByName {
                doc: doc.name.clone(),
                start,
                end,
                code_path: code.clone(),
                coder: "B".into(),
                memo: memo.into(),
            },
        )
        .unwrap();
        added += 1;
    }
    let out = dir.path().join("b.qdpx");
    export_qdpx(&b, &out).unwrap();

    let mut a = Project::open(&a_path, "A").unwrap();
    let before = codings(&a);
    let s = import_qdpx(&mut a, &out, "fallback").unwrap();
    assert_eq!((s.documents, s.codes, s.cases), (0, 0, 0), "{s:?}");
    assert_eq!(s.codings, added);
    assert_eq!(s.codings_existing, before.len());
    assert_eq!(codings(&a), codings(&b));
    let new: Vec<_> = codings(&a).difference(&before).cloned().collect();
    assert_eq!(new.len(), added);
    assert!(new.iter().all(|c| c.4 == "B"), "{new:?}");
    assert!(new.iter().any(|c| c.5 == "B 的备注"), "{new:?}");
    assert_eq!(texts(&a), texts(&b));
    // Importing the same copy again adds nothing more.
    let dump = a.dump_domain().unwrap();
    let again = import_qdpx(&mut a, &out, "fallback").unwrap();
    assert_eq!(again.codings, 0);
    assert_eq!(a.dump_domain().unwrap(), dump);
}

#[test]
fn another_projects_export_matches_documents_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = build_demo(&dir.path().join("a.qcw"), "tester").unwrap();
    let out = dir.path().join("demo.qdpx");
    export_qdpx(&a, &out).unwrap();
    // A colleague imports it into a project of their own and exports that: other GUIDs.
    let mut c = empty_project(dir.path(), "c.qcw");
    import_qdpx(&mut c, &out, "colleague").unwrap();
    let c_out = dir.path().join("c.qdpx");
    export_qdpx(&c, &c_out).unwrap();
    let before = a.dump_domain().unwrap();
    let s = import_qdpx(&mut a, &c_out, "tester").unwrap();
    assert_eq!(s.documents, 0, "{s:?}");
    assert_eq!(s.documents_matched.len(), a.documents().unwrap().len());
    assert!(s.documents_matched.iter().all(|m| m.by == "text"), "{s:?}");
    assert_eq!(s.codings, 0);
    assert_eq!(a.dump_domain().unwrap(), before);
    let n = a.codings(&CodingFilter::default()).unwrap().len();
    assert_eq!(s.codings_existing, n);
}
