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
