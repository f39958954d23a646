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

/// The demo with a group of the first two coded documents: (project, its folder, group id, the
/// group's documents).
fn demo_with_group() -> (
    qcw::store::Project,
    tempfile::TempDir,
    i64,
    std::collections::HashSet<i64>,
) {
    use qcw::command::{Command, execute};
    let dir = tempfile::tempdir().unwrap();
    let mut p = qcw::demo::build_demo(&dir.path().join("d.qcw"), "t").unwrap();
    let docs: Vec<i64> = p
        .documents()
        .unwrap()
        .into_iter()
        .filter(|d| d.codings > 0)
        .map(|d| d.id)
        .take(2)
        .collect();
    let group_id = execute(
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
            group_id,
            doc_ids: docs.clone(),
        },
    )
    .unwrap();
    (p, dir, group_id, docs.into_iter().collect())
}

/// Matrix, cases, crosstab, codings and search restricted to a group see only its documents.
#[test]
fn matrix_cases_crosstab_codings_and_search_filter_by_group() {
    use qcw::reports::{cases_in_group, crosstab_in_group, matrix, matrix_in_group};
    use qcw::search::scope::{SearchFilter, allowed_docs};
    use qcw::store::CodingFilter;
    let (p, _dir, g, docs) = demo_with_group();
    let all = p.codings(&CodingFilter::default()).unwrap();
    let in_group: Vec<_> = all.iter().filter(|c| docs.contains(&c.doc_id)).collect();
    assert!(!in_group.is_empty() && in_group.len() < all.len());

    // Codings (the coded-segment lists): exactly the group's.
    let filtered = p
        .codings(&CodingFilter {
            group_id: Some(g),
            ..CodingFilter::default()
        })
        .unwrap();
    let ids: Vec<i64> = filtered.iter().map(|c| c.id).collect();
    assert_eq!(ids, in_group.iter().map(|c| c.id).collect::<Vec<_>>());

    // Matrix: every counted coding is the group's; rows are the cases linked to its documents.
    let links = p.case_links().unwrap();
    let linked: std::collections::BTreeSet<String> = links
        .iter()
        .filter(|l| docs.contains(&l.doc_id))
        .map(|l| l.case.clone())
        .collect();
    let m = matrix_in_group(&p, None, 2, Some(g)).unwrap();
    assert_eq!(
        m.cases
            .iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        linked
    );
    assert!(m.cases.len() < matrix(&p, None, 2).unwrap().cases.len());
    let group_ids: std::collections::HashSet<i64> = in_group.iter().map(|c| c.id).collect();
    let counted: usize = m.cells.iter().flatten().map(|c| c.codings).sum();
    assert!(counted > 0);
    for cell in m.cells.iter().flatten() {
        assert!(cell.coding_ids.iter().all(|id| group_ids.contains(id)));
    }

    // Cases: only those linked to the group's documents, counting only those links.
    let cases = cases_in_group(&p, Some(g)).unwrap();
    for c in &cases {
        let n = links
            .iter()
            .filter(|l| l.case_id == c.id && docs.contains(&l.doc_id) && l.start.is_none())
            .count();
        assert_eq!(c.documents, n, "{}", c.name);
    }
    assert_eq!(
        cases
            .iter()
            .map(|c| c.name.clone())
            .collect::<std::collections::BTreeSet<_>>(),
        linked
    );

    // Crosstab by document kind: one entry per coding of the group.
    let t = crosstab_in_group(&p, "kind", false, Some(g)).unwrap();
    let total: u64 = t.table.row_totals.iter().sum();
    assert_eq!(total as usize, in_group.len());

    // Search: only the group's documents are searched.
    let allowed = allowed_docs(
        &p,
        &SearchFilter {
            group_id: Some(g),
            ..SearchFilter::default()
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(allowed, docs);

    // QCA: the cases linked to the group's documents, each cell counting only its codings.
    let qca = |group_id| {
        qcw::reports::qca_report(
            &p,
            &qcw::reports::QcaOptions {
                outcome_attr: "运行结果".into(),
                outcome_value: "运转有效".into(),
                conditions: qcw::reports::default_conditions(&p).unwrap(),
                rule: Default::default(),
                coder: None,
                group_id,
            },
        )
    };
    let (whole, narrowed) = (qca(None).unwrap(), qca(Some(g)).unwrap());
    let qca_cases: std::collections::BTreeSet<String> =
        narrowed.cases.iter().map(|c| c.case.clone()).collect();
    assert_eq!(qca_cases, linked);
    assert!(narrowed.cases.len() < whole.cases.len());
    // Each cell counts at most what the whole project gives that case, and some evidence.
    let mut counted = 0;
    for case in &narrowed.cases {
        let all = whole.cases.iter().find(|c| c.case == case.case).unwrap();
        for (cell, full) in case.cells.iter().zip(&all.cells) {
            assert!(cell.codings <= full.codings, "{}", case.case);
            counted += cell.codings;
        }
    }
    assert!(counted > 0);
    assert!(qca(Some(9999)).is_err());

    // An unknown group is an error naming it.
    let err = matrix_in_group(&p, None, 2, Some(9999)).unwrap_err();
    assert!(err.to_string().contains("9999"), "{err}");
    assert!(cases_in_group(&p, Some(9999)).is_err());
    assert!(crosstab_in_group(&p, "kind", false, Some(9999)).is_err());
}

/// `value` as the CLI's `--json` output reads back (the same digits, parsed the same way).
fn reparsed(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

/// `--group NAME|ID` on `qcw matrix`, `case list`, `crosstab`, `codings`, `search`, `qca`,
/// `cooccur` and `agreement`: the same JSON shape, only the group's documents; an unknown group
/// is an error naming it.
#[test]
fn cli_group_option_restricts_every_query() {
    let (p, dir, g, docs) = demo_with_group();
    drop(p);
    let path = dir.path().join("d.qcw");
    let p = path.to_str().unwrap();
    let gid = g.to_string();
    let key_set = |v: &serde_json::Value| -> Vec<String> {
        let o = if v.is_array() { &v[0] } else { v };
        let mut k: Vec<String> = o.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    for args in [
        vec!["matrix", p],
        vec!["case", "list", p],
        vec!["crosstab", p, "--attr", "kind"],
        vec!["codings", p],
        vec!["search", p, "数据"],
        vec!["qca", p, "--outcome", "运行结果=运转有效"],
        vec!["cooccur", p],
        vec!["agreement", p, "--coders", "李研,王思"],
    ] {
        let all = args.clone();
        let mut by_name = all.clone();
        by_name.extend(["--group", "两组"]);
        let mut by_id = all.clone();
        by_id.extend(["--group", &gid]);
        let (whole, named) = (json(&all), json(&by_name));
        assert_eq!(named, json(&by_id), "{args:?}: name and id agree");
        assert_eq!(key_set(&whole), key_set(&named), "{args:?}: same shape");
        assert_ne!(whole, named, "{args:?}: the group narrows the result");
        let mut bad = args.clone();
        bad.extend(["--group", "没有的组"]);
        let err = fails(&bad);
        assert!(err.contains("没有的组"), "{args:?}: {err}");
    }
    let codings = json(&["codings", p, "--group", "两组"]);
    assert!(
        codings
            .as_array()
            .unwrap()
            .iter()
            .all(|c| docs.contains(&c["doc_id"].as_i64().unwrap()))
    );
    // Co-occurrence and agreement by group are the core's reports with the group's scope.
    let project = qcw::store::Project::open_read_only(&path).unwrap();
    let scope = qcw::reports::Scope {
        group_id: Some(g),
        ..Default::default()
    };
    let core = qcw::reports::cooccur_report(
        &project,
        &qcw::analysis::cooccur::CooccurRule::Overlap,
        &scope,
    )
    .unwrap();
    assert_eq!(json(&["cooccur", p, "--group", "两组"]), reparsed(&core));
    let core = qcw::reports::agreement_report(
        &project,
        &["李研".to_owned(), "王思".to_owned()],
        &scope,
        &qcw::analysis::AgreementOptions::default(),
    )
    .unwrap();
    assert_eq!(
        json(&["agreement", p, "--coders", "李研,王思", "--group", "两组"]),
        reparsed(&core)
    );
    drop(project);
    let hits = json(&["search", p, "数据", "--group", "两组"]);
    assert!(!hits.as_array().unwrap().is_empty());
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .all(|h| docs.contains(&h["doc_id"].as_i64().unwrap()))
    );
}
