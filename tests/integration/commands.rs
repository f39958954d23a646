//! Library-level command behaviour: ranges, duplicates, merge without loss, redo branch, memos.

use qcw::codebook::Template;
use qcw::command::{CodeFields, Command, CommandError, NewDocument, execute};
use qcw::model::{DocKind, MemoTarget};
use qcw::project::{create_project, resolve_code};
use qcw::store::{CodingFilter, Project, StoreError};

fn project_with_doc(text: &str) -> (tempfile::TempDir, Project, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = create_project(&dir.path().join("p.qcw"), Template::Piv, "tester").unwrap();
    let doc = NewDocument {
        name: "20230819G22".into(),
        kind: DocKind::Interview,
        text: text.into(),
        sha256: "x".into(),
        source_path: "mem".into(),
        format: "txt".into(),
        attributes: Default::default(),
        cases: vec![],
    };
    let id = execute(&mut p, &Command::ImportDocument(Box::new(doc)))
        .unwrap()
        .ids[0];
    (dir, p, id)
}

fn apply(
    p: &mut Project,
    doc_id: i64,
    start: usize,
    end: usize,
    code: &str,
    coder: &str,
) -> Result<i64, CommandError> {
    let code_id = resolve_code(p, code)?.id;
    let a = execute(
        p,
        &Command::ApplyCoding {
            doc_id,
            start,
            end,
            code_id,
            coder: coder.into(),
            memo: String::new(),
        },
    )?;
    Ok(a.ids[0])
}

#[test]
fn coding_quotes_exact_characters_with_non_bmp_text() {
    let text = "前言𠀀😀应急管理局👨‍👩‍👧结尾";
    let (_d, mut p, doc) = project_with_doc(text);
    apply(&mut p, doc, 2, 4, "权力/赋权", "a").unwrap();
    apply(&mut p, doc, 4, 9, "权力/借力", "a").unwrap();
    // The family emoji is 5 code points (3 people + 2 ZWJ).
    apply(&mut p, doc, 9, 14, "利益/风险分摊", "a").unwrap();
    let got: Vec<(usize, String)> = p
        .codings(&CodingFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| (c.start, c.text))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "𠀀😀".to_owned()),
            (4, "应急管理局".to_owned()),
            (9, "👨‍👩‍👧".to_owned())
        ]
    );
}

#[test]
fn ranges_are_validated() {
    let (_d, mut p, doc) = project_with_doc("五个字符啊");
    for (s, e) in [(0, 0), (3, 2), (0, 6), (5, 6)] {
        let err = apply(&mut p, doc, s, e, "权力/赋权", "a").unwrap_err();
        assert!(
            matches!(err, CommandError::Invalid(_)),
            "[{s},{e}) gave {err}"
        );
    }
    apply(&mut p, doc, 0, 5, "权力/赋权", "a").unwrap();
}

#[test]
fn same_code_same_range_same_coder_is_one_coding() {
    let (_d, mut p, doc) = project_with_doc("应急局牵头。");
    let a = apply(&mut p, doc, 0, 3, "权力/赋权", "a").unwrap();
    let b = apply(&mut p, doc, 0, 3, "权力/赋权", "a").unwrap();
    assert_eq!(a, b);
    apply(&mut p, doc, 0, 3, "权力/赋权", "b").unwrap();
    apply(&mut p, doc, 1, 3, "权力/赋权", "a").unwrap();
    assert_eq!(
        p.codings(&CodingFilter::default()).unwrap().len(),
        3,
        "overlaps and other coders are separate"
    );
}

#[test]
fn a_new_command_after_undo_drops_the_redo_branch() {
    let (_d, mut p, doc) = project_with_doc("应急局牵头。");
    apply(&mut p, doc, 0, 3, "权力/赋权", "a").unwrap();
    assert!(p.undo().unwrap().is_some());
    let (_, redo) = p.undo_redo_labels().unwrap();
    assert!(redo.is_some());
    apply(&mut p, doc, 3, 5, "权力/借力", "a").unwrap();
    assert_eq!(p.undo_redo_labels().unwrap().1, None);
    assert!(p.redo().unwrap().is_none());
    let codes: Vec<String> = p
        .codings(&CodingFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes, vec!["权力/借力"]);
}

#[test]
fn merge_keeps_every_coding_and_memo() {
    let (_d, mut p, doc) = project_with_doc("数据共享机制还没有建立起来。");
    execute(
        &mut p,
        &Command::AddCode {
            path: "旧/子".into(),
            fields: CodeFields::default(),
        },
    )
    .unwrap();
    execute(
        &mut p,
        &Command::AddCode {
            path: "利益/子".into(),
            fields: CodeFields::default(),
        },
    )
    .unwrap();
    let c1 = apply(&mut p, doc, 0, 4, "旧", "a").unwrap();
    execute(
        &mut p,
        &Command::SetCodingMemo {
            coding_id: c1,
            memo: "旧备忘".into(),
        },
    )
    .unwrap();
    apply(&mut p, doc, 0, 4, "利益", "a").unwrap();
    apply(&mut p, doc, 4, 6, "旧", "a").unwrap();
    apply(&mut p, doc, 6, 8, "旧/子", "b").unwrap();
    let old = resolve_code(&p, "旧").unwrap().id;
    execute(
        &mut p,
        &Command::SetMemo {
            target: MemoTarget::Code(old),
            text: "代码备忘".into(),
        },
    )
    .unwrap();
    let dst = resolve_code(&p, "利益").unwrap().id;
    execute(&mut p, &Command::MergeCode { src: old, dst }).unwrap();
    let codings = p.codings(&CodingFilter::default()).unwrap();
    let summary: Vec<(usize, usize, &str, &str, &str)> = codings
        .iter()
        .map(|c| {
            (
                c.start,
                c.end,
                c.code.as_str(),
                c.coder.as_str(),
                c.memo.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (0, 4, "利益", "a", "旧备忘"),
            (4, 6, "利益", "a", ""),
            (6, 8, "利益/子", "b", "")
        ]
    );
    assert!(resolve_code(&p, "旧").is_err());
    assert_eq!(p.memo(MemoTarget::Code(dst)).unwrap(), "代码备忘");
    // Merging into own descendant is refused.
    let lz = resolve_code(&p, "利益/子").unwrap().id;
    assert!(execute(&mut p, &Command::MergeCode { src: dst, dst: lz }).is_err());
}

#[test]
fn move_refuses_cycles_and_name_clashes() {
    let (_d, mut p, _doc) = project_with_doc("x");
    let quan = resolve_code(&p, "权力").unwrap().id;
    let fu = resolve_code(&p, "权力/赋权").unwrap().id;
    assert!(
        execute(
            &mut p,
            &Command::MoveCode {
                code_id: quan,
                parent: Some(fu)
            }
        )
        .is_err()
    );
    assert!(
        execute(
            &mut p,
            &Command::MoveCode {
                code_id: quan,
                parent: Some(quan)
            }
        )
        .is_err()
    );
    execute(
        &mut p,
        &Command::AddCode {
            path: "利益/赋权".into(),
            fields: CodeFields::default(),
        },
    )
    .unwrap();
    let li = resolve_code(&p, "利益").unwrap().id;
    let err = execute(
        &mut p,
        &Command::MoveCode {
            code_id: fu,
            parent: Some(li),
        },
    )
    .unwrap_err();
    assert!(matches!(err, CommandError::Conflict(_)));
    execute(
        &mut p,
        &Command::MoveCode {
            code_id: fu,
            parent: None,
        },
    )
    .unwrap();
    assert!(resolve_code(&p, "赋权").is_ok());
}

#[test]
fn undo_redo_work_across_processes_and_read_only_is_read_only() {
    let (dir, mut p, doc) = project_with_doc("应急局牵头。");
    apply(&mut p, doc, 0, 3, "权力/赋权", "a").unwrap();
    drop(p);
    let path = dir.path().join("p.qcw");
    let mut again = Project::open(&path, "other").unwrap();
    assert!(again.undo().unwrap().unwrap().contains("code [0, 3)"));
    drop(again);
    let mut ro = Project::open_read_only(&path).unwrap();
    assert!(ro.codings(&CodingFilter::default()).unwrap().is_empty());
    assert!(matches!(ro.undo(), Err(StoreError::ReadOnly)));
}

#[test]
fn newer_schema_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.qcw");
    drop(Project::create(&path, "t").unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = Project::open(&path, "t").unwrap_err().to_string();
    assert!(err.contains("schema version 999"), "{err}");
    let err = Project::open_read_only(&path).unwrap_err().to_string();
    assert!(err.contains("update qcw"), "{err}");
}

#[test]
fn the_log_keeps_each_document_text_once() {
    let text: String = "应急管理局牵头建设城市生命线安全工程平台。"
        .chars()
        .cycle()
        .take(200_000)
        .collect();
    let (dir, mut p, doc_id) = project_with_doc(&text);
    let path = dir.path().join("p.qcw");
    let stats = |p: &Project| {
        let db = rusqlite::Connection::open(p.path()).unwrap();
        let log: i64 = db
            .query_row(
                "SELECT ifnull(sum(length(changes)), 0) FROM history",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let kept: i64 = db
            .query_row("SELECT count(*) FROM history_texts", [], |r| r.get(0))
            .unwrap();
        (log, kept)
    };
    // Imported: the text is in the document only; the log entry refers to it by hash.
    let (log, kept) = stats(&p);
    assert!(
        log < 20_000,
        "the log holds {log} bytes for a 200 000-character text"
    );
    assert_eq!(kept, 0);
    // Deleted: the log keeps the text (once) for undo.
    execute(&mut p, &Command::DeleteDocument { doc_id }).unwrap();
    assert_eq!(stats(&p).1, 1);
    p.undo().unwrap();
    assert_eq!(stats(&p).1, 0, "the document holds it again");
    assert_eq!(p.document_text(doc_id).unwrap().unwrap().1, text);
    p.redo().unwrap();
    assert_eq!(stats(&p).1, 1);
    p.undo().unwrap();
    // Undoing the import too, then redoing both, restores the identical text.
    p.undo().unwrap();
    assert!(p.document_text(doc_id).unwrap().is_none());
    assert_eq!(stats(&p).1, 1);
    p.redo().unwrap();
    assert_eq!(p.document_text(doc_id).unwrap().unwrap().1, text);
    assert_eq!(stats(&p).1, 0);
    // The file's live pages are the text plus a fixed overhead (one page per table and index),
    // not twice the text (free pages left by the delete are reused, or dropped by `qcw compact`).
    drop(p);
    let db = rusqlite::Connection::open(&path).unwrap();
    let pragma = |name: &str| -> i64 { db.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
    let live = (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
    let text_bytes = text.len() as i64;
    // (The overhead: about 45 tables and indexes of one or a few pages each, schema 7.)
    assert!(
        live < text_bytes + 384 * 1024,
        "{live} bytes of live pages for {text_bytes} bytes of text"
    );
}

/// Every log label names what it changed (document, code path, case, group, case link, project
/// memo); none says `#id`.
#[test]
fn log_labels_name_every_row_they_touch() {
    let (_dir, mut p, doc) = project_with_doc("问：平台运行得怎么样？答：数据对接慢，部门配合差。");
    let coding = apply(&mut p, doc, 2, 9, "权力/赋权", "甲").unwrap();
    let jie = resolve_code(&p, "权力/借力").unwrap().id;
    let run = |p: &mut Project, cmd: Command| execute(p, &cmd).unwrap().ids;
    run(
        &mut p,
        Command::SetCodingMemo {
            coding_id: coding,
            memo: "牵头".into(),
        },
    );
    run(
        &mut p,
        Command::RecodeCoding {
            coding_id: coding,
            code_id: jie,
        },
    );
    for target in [
        MemoTarget::Project,
        MemoTarget::Document(doc),
        MemoTarget::Code(jie),
    ] {
        run(
            &mut p,
            Command::SetMemo {
                target,
                text: "备忘".into(),
            },
        );
    }
    let case_id = run(
        &mut p,
        Command::AddCase {
            name: "C市燃气监测系统".into(),
            description: String::new(),
        },
    )[0];
    let link_id = run(
        &mut p,
        Command::LinkCase {
            case: "C市燃气监测系统".into(),
            doc_id: doc,
            range: Some((0, 9)),
        },
    )[0];
    run(
        &mut p,
        Command::SetMemo {
            target: MemoTarget::Case(case_id),
            text: "案例备忘".into(),
        },
    );
    run(
        &mut p,
        Command::SetQcaOverride {
            case_id,
            code_id: jie,
            value: Some((true, "访谈已证实".into())),
        },
    );
    run(
        &mut p,
        Command::SetCellMemo {
            case_id,
            code_id: jie,
            text: "单元格".into(),
        },
    );
    run(&mut p, Command::UnlinkCase { link_id });
    let group_id = run(
        &mut p,
        Command::CreateGroup {
            name: "城市/C市".into(),
        },
    )[0];
    run(
        &mut p,
        Command::AddToGroup {
            group_id,
            doc_ids: vec![doc],
        },
    );
    run(
        &mut p,
        Command::RenameGroup {
            group_id,
            name: "C市".into(),
        },
    );
    run(&mut p, Command::DeleteGroup { group_id });
    run(
        &mut p,
        Command::MoveCode {
            code_id: jie,
            parent: None,
        },
    );
    run(&mut p, Command::RemoveCoding { coding_id: coding });
    run(&mut p, Command::DeleteCase { case_id });
    run(&mut p, Command::DeleteDocument { doc_id: doc });

    let labels: Vec<String> = p.log().unwrap().into_iter().map(|e| e.label).collect();
    for label in &labels {
        assert!(!label.contains('#'), "an id in {label:?}; all: {labels:#?}");
    }
    for want in [
        "project memo",
        "unlink case C市燃气监测系统 from [0, 9) of document 20230819G22",
        "recode coding 权力/赋权 [2, 9) in 20230819G22 to 权力/借力",
        "delete document 20230819G22",
    ] {
        assert!(labels.iter().any(|l| l == want), "{want:?} in {labels:#?}");
    }
}
