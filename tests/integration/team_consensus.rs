//! Team work, continued: per-coder undo, the consensus layer through the CLI (export and QCA on
//! it), and a coder's copy exchanged as REFI-QDA.

use crate::team::{code, setup};
use crate::util::ok;
use qcw::command::{Command, execute};
use qcw::store::{CodingFilter, Project, StoreError};
use std::collections::BTreeSet;

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).unwrap()
}

#[test]
fn per_coder_undo_refuses_when_someone_else_depends_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("shared.qcw");
    drop(qcw::demo::build_demo(&p, "李研").unwrap());
    let mut a = Project::open(&p, "甲").unwrap();
    execute(
        &mut a,
        &Command::AddCode {
            path: "新码".into(),
            fields: Default::default(),
        },
    )
    .unwrap();
    code(&mut a, "20230819A01", (0, 10), "权力/赋权", "甲");
    drop(a);
    let mut b = Project::open(&p, "乙").unwrap();
    code(&mut b, "20230819A01", (40, 60), "新码", "乙");
    code(&mut b, "20230819A02", (0, 10), "权力/借力", "乙");
    drop(b);
    let mut a = Project::open(&p, "甲").unwrap();
    // 甲's last command (a coding) is independent of 乙's: undone out of order.
    assert!(a.undo_by(Some("甲")).unwrap().unwrap().contains("[0, 10)"));
    assert!(
        a.codings(&CodingFilter {
            coder: Some("甲".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty()
    );
    assert_eq!(
        a.codings(&CodingFilter {
            coder: Some("乙".into()),
            ..Default::default()
        })
        .unwrap()
        .len(),
        2
    );
    // 甲's previous command added the code 乙 used: refused with the reason, nothing changed.
    let before = a.dump_domain().unwrap();
    let err = a.undo_by(Some("甲")).unwrap_err();
    assert!(
        matches!(err, StoreError::Depends { ref by, .. } if by == "乙"),
        "{err}"
    );
    assert!(err.to_string().contains("depends on it"), "{err}");
    assert_eq!(a.dump_domain().unwrap(), before);
    // 乙 undoes their own last command while 甲's redo waits.
    assert!(a.undo_by(Some("乙")).unwrap().is_some());
    assert!(a.redo_by(Some("甲")).unwrap().is_some());
}

#[test]
fn consensus_layer_feeds_export_and_qca_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = setup(dir.path(), &["甲", "乙"]);
    let (ps, a, b) = (
        p.to_str().unwrap(),
        copies[0].to_str().unwrap(),
        copies[1].to_str().unwrap(),
    );
    for (copy, doc, start, end, path) in [
        (a, "20230819A01", "0", "20", "权力/赋权"),
        (b, "20230819A01", "5", "20", "权力/赋权"),
        (a, "20230819A02", "0", "30", "利益/收益兼容"),
        (b, "20230819A02", "0", "30", "利益/收益兼容"),
    ] {
        let args = [
            "code", "apply", copy, "--doc", doc, "--start", start, "--end", end, "--code", path,
        ];
        ok(&args);
    }
    let preview = json(&["merge", ps, a, "--preview", "--json"]);
    assert_eq!(preview["codings_added"], 2);
    assert_eq!(preview["history_id"], serde_json::Value::Null);
    ok(&["merge", ps, a, "--json"]);
    let r = json(&["merge", ps, b, "--json"]);
    assert_eq!(r["coders"], serde_json::json!(["乙"]));
    let list = json(&["consensus", "list", ps, "--coders", "甲,乙", "--json"]);
    assert_eq!(list["progress"]["total"], 1);
    assert_eq!(list["units"][0]["code"], "权力/赋权");
    ok(&[
        "consensus",
        "resolve",
        ps,
        "--coders",
        "甲,乙",
        "--unit",
        "1",
        "--accept",
        "3-20",
    ]);
    ok(&["consensus", "take-agreed", ps, "--coders", "甲,乙"]);
    let list = json(&["consensus", "list", ps, "--coders", "甲,乙", "--json"]);
    assert_eq!(list["progress"]["resolved"], 1);
    let codings = json(&["codings", ps, "--coder", "consensus", "--json"]);
    let ranges: BTreeSet<(u64, u64)> = codings
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["start"].as_u64().unwrap(), c["end"].as_u64().unwrap()))
        .collect();
    assert_eq!(ranges, BTreeSet::from([(3, 20), (0, 30)]));
    // Export and QCA on the consensus layer only.
    let out = dir.path().join("e.csv");
    ok(&[
        "export",
        ps,
        "--evidence",
        out.to_str().unwrap(),
        "--coder",
        "consensus",
        "--json",
    ]);
    let csv = std::fs::read_to_string(&out).unwrap();
    // The consensus range [3, 20) is quoted, not 甲's [0, 20) or the demo coders' codings.
    assert!(csv.contains("“号：20230819A01"), "{csv}");
    assert!(!csv.contains("“访谈编号：20230819A01"), "{csv}");
    let qca = json(&[
        "qca",
        ps,
        "--outcome",
        "运行结果=运转有效",
        "--coder",
        "consensus",
        "--json",
    ]);
    let all = json(&["qca", ps, "--outcome", "运行结果=运转有效", "--json"]);
    assert_ne!(qca, all, "the consensus layer alone gives another table");
    // Per-coder undo from the CLI.
    let out = ok(&["undo", ps, "--coder", "tester"]);
    assert!(out.contains("undone"), "{out}");
}

#[test]
fn qdpx_of_a_coder_copy_attaches_to_the_original_documents() {
    let dir = tempfile::tempdir().unwrap();
    let (p, copies) = setup(dir.path(), &["甲"]);
    let mut a = Project::open(&copies[0], "甲").unwrap();
    code(&mut a, "20230819A01", (0, 20), "权力/赋权", "甲");
    let qdpx = dir.path().join("甲.qdpx");
    qcw::interop::export_qdpx(&a, &qdpx).unwrap();
    drop(a);
    let mut pi = Project::open(&p, "李研").unwrap();
    let docs = pi.documents().unwrap().len();
    qcw::interop::import_qdpx(&mut pi, &qdpx, "甲").unwrap();
    assert_eq!(
        pi.documents().unwrap().len(),
        docs,
        "no duplicated documents"
    );
    let mine = pi
        .codings(&CodingFilter {
            coder: Some("甲".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].doc, "20230819A01");
}

#[test]
fn merging_a_file_that_is_not_a_project_names_it_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = setup(dir.path(), &["甲"]);
    let bad = dir.path().join("访谈.qcw");
    std::fs::write(&bad, "这不是项目").unwrap();
    let before = Project::open_read_only(&p).unwrap().dump_domain().unwrap();
    let out = crate::util::qcw(&["merge", p.to_str().unwrap(), bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("访谈.qcw") && err.contains("not a qcw project"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let out = crate::util::qcw(&["merge", p.to_str().unwrap(), p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("into itself"),
        "{err}"
    );
    assert_eq!(
        Project::open_read_only(&p).unwrap().dump_domain().unwrap(),
        before
    );
}
