//! The memo browser's query and `qcw memos`: every kind of memo listed with its target, filtered
//! by kind, author and text, and exported to Markdown and CSV.

use crate::util::{fails, json, ok};
use qcw::command::{Command, execute};
use qcw::reports::{MemoFilter, memos};
use qcw::store::{MemoKind, Project};

/// A demo project with one memo of every kind; returns the temp dir, the path and the coding id.
fn project_with_memos() -> (tempfile::TempDir, std::path::PathBuf, i64) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.qcw");
    let ps = p.to_str().unwrap();
    ok(&["demo", ps]);
    let codings = json(&["codings", ps]);
    let coding = &codings.as_array().unwrap()[0];
    let coding_id = coding["id"].as_i64().unwrap();
    let doc = coding["doc"].as_str().unwrap().to_owned();
    let code = coding["code"].as_str().unwrap().to_owned();
    let case = json(&["case", "list", ps])[0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(&["memo", ps, "项目总体思路：先读后编", "--project-memo"]);
    ok(&["memo", ps, "这份访谈很关键", "--doc", &doc]);
    ok(&["memo", ps, "代码定义待商榷", "--code", &code]);
    ok(&["memo", ps, "案例背景：试点城市", "--case", &case]);
    ok(&[
        "memo",
        ps,
        "此处语气犹豫",
        "--coding",
        &coding_id.to_string(),
    ]);
    let mut project = Project::open(&p, "另一位").unwrap();
    let case_id = project
        .cases()
        .unwrap()
        .into_iter()
        .find(|c| c.name == case)
        .unwrap()
        .id;
    let code_id = project
        .codes()
        .unwrap()
        .into_iter()
        .find(|c| c.path == code)
        .unwrap()
        .id;
    execute(
        &mut project,
        &Command::SetCellMemo {
            case_id,
            code_id,
            text: "单元格证据不足".into(),
        },
    )
    .unwrap();
    (dir, p, coding_id)
}

#[test]
fn every_kind_of_memo_is_listed_with_its_target_and_filtered() {
    let (_dir, p, coding_id) = project_with_memos();
    let project = Project::open_read_only(&p).unwrap();
    let all = memos(&project, &MemoFilter::default()).unwrap();
    let kinds: Vec<MemoKind> = all.iter().map(|m| m.kind).collect();
    for k in MemoKind::ALL {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
    let coding = all.iter().find(|m| m.text == "此处语气犹豫").unwrap();
    assert_eq!(coding.kind, MemoKind::Coding);
    assert_eq!(coding.coding_id, Some(coding_id));
    assert_eq!(coding.text, "此处语气犹豫");
    assert!(coding.range.is_some() && coding.doc_id.is_some());
    assert!(!coding.excerpt.is_empty(), "the coded text is quoted");
    assert!(coding.target.contains(" · "), "{}", coding.target);
    let cell = all.iter().find(|m| m.text == "单元格证据不足").unwrap();
    assert_eq!(cell.kind, MemoKind::Cell);
    assert_eq!(cell.author, "另一位");
    assert!(cell.target.contains(" × "), "{}", cell.target);
    let doc = all.iter().find(|m| m.text == "这份访谈很关键").unwrap();
    assert_eq!(doc.kind, MemoKind::Document);
    assert!(!doc.target.is_empty() && doc.doc_id.is_some());

    // Search in text, case-insensitively in targets; by kind; by author.
    let found = memos(
        &project,
        &MemoFilter {
            search: "犹豫".into(),
            ..MemoFilter::default()
        },
    )
    .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, MemoKind::Coding);
    let codes = memos(
        &project,
        &MemoFilter {
            kinds: vec![MemoKind::Code, MemoKind::Case],
            ..MemoFilter::default()
        },
    )
    .unwrap();
    assert!(codes.len() >= 2);
    assert!(
        codes
            .iter()
            .all(|m| matches!(m.kind, MemoKind::Code | MemoKind::Case))
    );
    let by = memos(
        &project,
        &MemoFilter {
            author: Some("另一位".into()),
            ..MemoFilter::default()
        },
    )
    .unwrap();
    assert_eq!(by.len(), 1);
    assert_eq!(by[0].kind, MemoKind::Cell);
    assert!(all.len() > by.len());
}

#[test]
fn cli_memos_json_filters_and_exports() {
    let (dir, p, coding_id) = project_with_memos();
    let ps = p.to_str().unwrap();
    let all = json(&["memos", ps]);
    let all = all.as_array().unwrap();
    assert!(all.len() >= 6);
    let coding = all.iter().find(|m| m["text"] == "此处语气犹豫").unwrap();
    assert_eq!(coding["kind"], "coding");
    assert_eq!(coding["coding_id"], coding_id);
    assert_eq!(coding["text"], "此处语气犹豫");
    for key in [
        "kind",
        "target",
        "text",
        "author",
        "updated_at",
        "doc_id",
        "code_id",
        "case_id",
        "coding_id",
        "range",
        "excerpt",
    ] {
        assert!(coding.get(key).is_some(), "{key} in {coding}");
    }
    let cells = json(&["memos", ps, "--kind", "cell"]);
    let cells = cells.as_array().unwrap();
    assert!(cells.iter().all(|m| m["kind"] == "cell"));
    assert!(cells.iter().any(|m| m["author"] == "另一位"));
    let by = json(&["memos", ps, "--author", "另一位"]);
    assert_eq!(by.as_array().unwrap().len(), 1);
    let found = json(&["memos", ps, "--search", "案例背景：试点"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["kind"], "case");
    let err = fails(&["memos", ps, "--kind", "nonsense"]);
    assert!(err.contains("nonsense"), "{err}");

    let md = dir.path().join("memos.md");
    let out = json(&["memos", ps, "--export", md.to_str().unwrap()]);
    assert_eq!(out["memos"], all.len());
    let text = std::fs::read_to_string(&md).unwrap();
    for needle in [
        "# Memos",
        "## Coding memos",
        "此处语气犹豫",
        "> ",
        "单元格证据不足",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    let csv = dir.path().join("memos.csv");
    ok(&[
        "memos",
        ps,
        "--search",
        "语气犹豫",
        "--export",
        csv.to_str().unwrap(),
    ]);
    let mut r = csv::Reader::from_path(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "coding");
    assert_eq!(&rows[0][2], "此处语气犹豫");
    let err = fails(&[
        "memos",
        ps,
        "--export",
        dir.path().join("m.pdf").to_str().unwrap(),
    ]);
    assert!(err.contains("m.pdf") && err.contains(".md"), "{err}");
}
