//! Document groups (sets) through the CLI: create, add, list, rename, remove, delete, undo; a
//! deleted document leaves its groups (and undo brings both back).

use crate::util::{fails, json, ok};

#[test]
fn groups_are_created_filled_renamed_and_deleted_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.qcw");
    let p = p.to_str().unwrap();
    ok(&["demo", p]);
    let docs = json(&["docs", p]);
    let names: Vec<String> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.len() >= 3);
    assert_eq!(json(&["groups", p]), serde_json::json!([]));

    ok(&["group", "create", p, "城市A"]);
    ok(&["group", "add", p, "城市A", &names[0], &names[1]]);
    // Adding again changes nothing.
    ok(&["group", "add", p, "城市A", &names[1]]);
    let groups = json(&["groups", p]);
    assert_eq!(groups[0]["name"], "城市A");
    assert_eq!(
        groups[0]["documents"],
        serde_json::json!([names[0].clone(), names[1].clone()])
    );

    let err = fails(&["group", "create", p, "城市A"]);
    assert!(err.contains("城市A"), "{err}");
    let err = fails(&["group", "add", p, "没有这组", &names[0]]);
    assert!(err.contains("没有这组") && err.contains("g.qcw"), "{err}");
    let err = fails(&["group", "add", p, "城市A", "no-such-doc"]);
    assert!(err.contains("no-such-doc"), "{err}");
    assert_eq!(
        json(&["groups", p]),
        groups,
        "failed commands change nothing"
    );

    ok(&["group", "rename", p, "城市A", "A市"]);
    ok(&["group", "remove", p, "A市", &names[0]]);
    let groups = json(&["groups", p]);
    assert_eq!(groups[0]["name"], "A市");
    assert_eq!(
        groups[0]["documents"],
        serde_json::json!([names[1].clone()])
    );

    // Deleting the group; undo brings it back with its documents.
    ok(&["group", "delete", p, "A市"]);
    assert_eq!(json(&["groups", p]), serde_json::json!([]));
    ok(&["undo", p]);
    assert_eq!(
        json(&["groups", p])[0]["documents"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    ok(&["undo", p]);
    ok(&["undo", p]);
    let groups = json(&["groups", p]);
    assert_eq!(groups[0]["name"], "城市A");
    assert_eq!(groups[0]["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn deleting_a_document_removes_its_memberships_undoably() {
    use qcw::command::{Command, execute};
    use qcw::store::Project;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.qcw");
    drop(qcw::demo::build_demo(&path, "t").unwrap());
    let mut project = Project::open(&path, "t").unwrap();
    let doc = project.documents().unwrap()[0].id;
    let g = execute(&mut project, &Command::CreateGroup { name: "组".into() })
        .unwrap()
        .ids[0];
    execute(
        &mut project,
        &Command::AddToGroup {
            group_id: g,
            doc_ids: vec![doc],
        },
    )
    .unwrap();
    execute(&mut project, &Command::DeleteDocument { doc_id: doc }).unwrap();
    assert!(project.groups().unwrap()[0].docs.is_empty());
    project.undo().unwrap();
    assert_eq!(project.groups().unwrap()[0].docs, vec![doc]);
    project.redo().unwrap();
    assert!(project.groups().unwrap()[0].docs.is_empty());
}

/// `qcw import` of a folder: one history entry for all its files (one undo removes them all),
/// one group per sub-folder named by its relative path, a bad file reported by name while the
/// good ones import.
#[test]
fn folder_import_is_one_undo_step_and_sub_folders_become_groups() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.qcw");
    let p = p.to_str().unwrap();
    ok(&["new", p]);
    let src = dir.path().join("访谈");
    for (name, text) in [
        ("总体.txt", "问：总体情况？\n答：还行。".as_bytes()),
        (
            "城市/上海/甲.txt",
            "问：上海？\n答：数据对接慢。".as_bytes(),
        ),
        ("城市/上海/乙.txt", "问：上海二？\n答：协调难。".as_bytes()),
        ("城市/北京/丙.txt", "问：北京？\n答：平台好用。".as_bytes()),
        ("城市/北京/坏.docx", b"not a zip".as_slice()),
    ] {
        let f = src.join(name);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, text).unwrap();
    }
    let log_before = json(&["log", p]).as_array().unwrap().len();
    let out = crate::util::qcw(&["import", p, src.to_str().unwrap(), "--json"]);
    assert!(
        !out.status.success(),
        "a bad file makes the exit status non-zero"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["imported"].as_array().unwrap().len(), 4, "{report}");
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]["path"].as_str().unwrap().ends_with("坏.docx"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("坏.docx"));
    assert_eq!(
        report["groups"],
        serde_json::json!(["城市/上海", "城市/北京"])
    );

    let log = json(&["log", p]);
    assert_eq!(log.as_array().unwrap().len(), log_before + 1, "{log}");
    assert_eq!(json(&["docs", p]).as_array().unwrap().len(), 4);
    let groups = json(&["groups", p]);
    assert_eq!(groups[0]["name"], "城市/上海");
    assert_eq!(groups[0]["documents"], serde_json::json!(["乙", "甲"]));
    assert_eq!(groups[1]["name"], "城市/北京");
    assert_eq!(groups[1]["documents"], serde_json::json!(["丙"]));

    // One undo removes all four documents and both groups.
    ok(&["undo", p]);
    assert_eq!(json(&["docs", p]), serde_json::json!([]));
    assert_eq!(json(&["groups", p]), serde_json::json!([]));
    ok(&["redo", p]);
    assert_eq!(json(&["docs", p]).as_array().unwrap().len(), 4);

    // Importing the same folder again: all duplicates, nothing added, no history entry.
    let log_before = json(&["log", p]).as_array().unwrap().len();
    let again = crate::util::qcw(&["import", p, src.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["duplicates"].as_array().unwrap().len(), 4);
    assert_eq!(json(&["log", p]).as_array().unwrap().len(), log_before);
}

/// A report scoped to a document group counts exactly the codings of its documents (the same as
/// scoping to its one document); an unknown group is a clear error.
#[test]
fn reports_filter_by_document_group() {
    use qcw::analysis::cooccur::CooccurRule;
    use qcw::command::{Command, execute};
    use qcw::reports::{Scope, cooccur_report};
    let dir = tempfile::tempdir().unwrap();
    let mut p = qcw::demo::build_demo(&dir.path().join("d.qcw"), "t").unwrap();
    let doc = p
        .documents()
        .unwrap()
        .into_iter()
        .find(|d| d.codings > 0)
        .unwrap();
    let group_id = execute(
        &mut p,
        &Command::CreateGroup {
            name: "一组".into(),
        },
    )
    .unwrap()
    .ids[0];
    execute(
        &mut p,
        &Command::AddToGroup {
            group_id,
            doc_ids: vec![doc.id],
        },
    )
    .unwrap();
    let total = |scope: &Scope| -> u64 {
        cooccur_report(&p, &CooccurRule::Overlap, scope)
            .unwrap()
            .matrix
            .segments_per_code
            .iter()
            .sum()
    };
    let by_group = total(&Scope {
        group_id: Some(group_id),
        ..Scope::default()
    });
    let by_doc = total(&Scope {
        doc_id: Some(doc.id),
        ..Scope::default()
    });
    assert_eq!(by_group, by_doc);
    assert!(by_group > 0 && by_group < total(&Scope::default()));
    let err = cooccur_report(
        &p,
        &CooccurRule::Overlap,
        &Scope {
            group_id: Some(9999),
            ..Scope::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("9999"), "{err}");
}
