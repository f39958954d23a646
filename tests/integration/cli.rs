//! The CLI contract, through the real binary.

use crate::util::*;

/// `qcw code apply P --doc DOC --start S --end E --code CODE`.
fn apply_args<'a>(p: &'a str, doc: &'a str, range: [&'a str; 2], code: &'a str) -> Vec<&'a str> {
    vec![
        "code", "apply", p, "--doc", doc, "--start", range[0], "--end", range[1], "--code", code,
    ]
}

#[test]
fn a_new_project_with_the_piv_template_lists_its_codes() {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "piv"]);
    let codes = json(&["codes", t.p()]);
    let paths: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    for p in [
        "权力",
        "权力/赋权",
        "权力/借力",
        "利益/收益兼容",
        "利益/风险分摊",
        "价值/共同认知",
        "价值/价值共创",
        "结果/运转有效",
        "结果/运转失效",
    ] {
        assert!(paths.contains(&p), "template lacks {p}: {paths:?}");
    }
    assert!(codes[0]["color"].as_str().unwrap().starts_with('#'));
    assert_eq!(codes[0]["count"], 0);
}

#[test]
fn new_import_code_list_undo_redo_through_the_cli() {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "piv"]);
    let f = write(
        t.dir.path(),
        "20230819G22.txt",
        "问：平台谁牵头？\n答：应急局牵头，安委办督办𠀀。😀好".as_bytes(),
    );
    let report = json(&[
        "import",
        t.p(),
        f.to_str().unwrap(),
        "--case",
        "G市综合平台",
        "--meta-pattern",
        r"(?P<date>\d{8})(?P<city>[A-Z])(?P<seq>\d+)",
    ]);
    assert_eq!(report["imported"].as_array().unwrap().len(), 1);
    let docs = json(&["docs", t.p()]);
    let d = &docs[0];
    assert_eq!(d["name"], "20230819G22");
    assert_eq!(d["kind"], "interview");
    assert_eq!(d["chars"], 26);
    assert_eq!(d["attributes"]["date"], "20230819");
    assert_eq!(d["attributes"]["city"], "G");
    assert_eq!(d["attributes"]["seq"], "22");
    assert_eq!(d["cases"][0], "G市综合平台");

    // 安委办督办𠀀 = chars [17, 23): the non-BMP char counts as one position.
    let mut args = apply_args(t.p(), "20230819G22", ["17", "23"], "权力/借力");
    args.extend(["--memo", "借力于安委办"]);
    let c = json(&args);
    assert_eq!(c["text"], "安委办督办𠀀");
    assert_eq!(c["coder"], "tester");
    let mut args = apply_args(t.p(), "20230819G22", ["24", "26"], "价值/共同认知");
    args.extend(["--coder", "王思"]);
    let c2 = json(&args);
    assert_eq!(c2["text"], "😀好");
    let all = json(&["codings", t.p()]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    let first = &all[0];
    for key in [
        "id", "doc", "doc_id", "start", "end", "code", "coder", "memo", "text",
    ] {
        assert!(first.get(key).is_some(), "codings JSON lacks {key}");
    }
    assert_eq!(first["memo"], "借力于安委办");
    let by_code = json(&["codings", t.p(), "--code", "价值"]);
    assert_eq!(
        by_code.as_array().unwrap().len(),
        1,
        "--code includes sub-codes"
    );
    assert_eq!(
        json(&["codings", t.p(), "--coder", "王思"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let shown = json(&["show", t.p(), "20230819G22", "--start", "17", "--end", "23"]);
    assert_eq!(shown["text"], "安委办督办𠀀");

    // Out of range and unknown names are clear errors.
    let refused = [
        (["20230819G22", "20", "27", "权力/借力"], "outside document"),
        (["nope", "0", "1", "权力/借力"], "no document"),
        (["20230819G22", "0", "1", "权力/无"], "no code"),
    ];
    for ([doc, start, end, code], why) in refused {
        let e = fails(&apply_args(t.p(), doc, [start, end], code));
        assert!(e.contains(why), "{doc} [{start}, {end}) {code}: {e}");
    }

    ok(&["undo", t.p()]);
    assert_eq!(json(&["codings", t.p()]).as_array().unwrap().len(), 1);
    ok(&["redo", t.p()]);
    assert_eq!(json(&["codings", t.p()]).as_array().unwrap().len(), 2);
    let log = json(&["log", t.p()]);
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.ends_with(&["do", "undo", "redo"]), "{actions:?}");
    assert_eq!(log.as_array().unwrap().last().unwrap()["actor"], "tester");
}

#[test]
fn codebook_rename_move_merge_delete() {
    let t = TempProject::new();
    ok(&["new", t.p()]);
    let f = write(
        t.dir.path(),
        "a.txt",
        "数据共享机制还没有建立起来。".as_bytes(),
    );
    ok(&["import", t.p(), f.to_str().unwrap(), "--kind", "document"]);
    ok(&[
        "code",
        "add",
        t.p(),
        "临时/数据",
        "--color",
        "#112233",
        "--description",
        "tmp",
    ]);
    ok(&[
        "code",
        "apply",
        t.p(),
        "--doc",
        "a",
        "--start",
        "0",
        "--end",
        "4",
        "--code",
        "临时/数据",
    ]);
    ok(&[
        "code",
        "apply",
        t.p(),
        "--doc",
        "a",
        "--start",
        "0",
        "--end",
        "4",
        "--code",
        "利益/收益兼容",
    ]);
    ok(&["code", "rename", t.p(), "临时/数据", "数据问题"]);
    assert!(
        json(&["codes", t.p()])
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "临时/数据问题" && c["color"] == "#112233")
    );
    ok(&["code", "move", t.p(), "临时/数据问题", "--to", "利益"]);
    assert!(
        json(&["codes", t.p()])
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "利益/数据问题")
    );
    assert!(fails(&["code", "delete", t.p(), "利益/数据问题"]).contains("codings"));
    // Merge: the identical coding folds into the existing one, nothing is lost or duplicated.
    ok(&["code", "merge", t.p(), "利益/数据问题", "利益/收益兼容"]);
    let codings = json(&["codings", t.p()]);
    assert_eq!(codings.as_array().unwrap().len(), 1);
    assert_eq!(codings[0]["code"], "利益/收益兼容");
    assert!(
        !json(&["codes", t.p()])
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "利益/数据问题")
    );
    ok(&["undo", t.p()]);
    assert_eq!(
        json(&["codings", t.p()]).as_array().unwrap().len(),
        2,
        "undo of merge restores both codings"
    );
    ok(&["code", "delete", t.p(), "利益/数据问题", "--force"]);
    assert_eq!(json(&["codings", t.p()]).as_array().unwrap().len(), 1);
    ok(&["code", "delete", t.p(), "临时"]);
    assert!(fails(&["code", "add", t.p(), "利益"]).contains("already exists"));
    assert!(fails(&["code", "add", t.p(), "坏/", "--color", "#12"]).contains("invalid"));
}

#[test]
fn errors_are_clear_and_leave_the_project_unchanged() {
    let t = TempProject::new();
    assert!(fails(&["docs", t.p()]).contains("no such project file"));
    let junk = write(
        t.dir.path(),
        "junk.qcw",
        b"this is not sqlite at all, just text",
    );
    assert!(fails(&["docs", junk.to_str().unwrap()]).contains("not a qcw project"));
    ok(&["new", t.p()]);
    assert!(fails(&["new", t.p()]).contains("already exists"));
    let good = write(t.dir.path(), "good.txt", "好文本".as_bytes());
    let empty = write(t.dir.path(), "empty.txt", b"");
    let unknown = write(t.dir.path(), "pic.png", b"\x89PNG....");
    let out = qcw(&[
        "import",
        t.p(),
        good.to_str().unwrap(),
        empty.to_str().unwrap(),
        unknown.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        !out.status.success(),
        "a batch with a failed file exits non-zero"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["imported"].as_array().unwrap().len(),
        1,
        "the good file still imports"
    );
    assert_eq!(report["skipped"].as_array().unwrap().len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.txt"),
        "error names the file: {stderr}"
    );
    // Same content again: reported as duplicate, not imported twice.
    let again = json(&["import", t.p(), good.to_str().unwrap()]);
    assert_eq!(again["duplicates"].as_array().unwrap().len(), 1);
    assert_eq!(json(&["docs", t.p()]).as_array().unwrap().len(), 1);
}

#[test]
fn a_second_writer_is_refused_while_the_project_is_open() {
    let t = TempProject::new();
    ok(&["new", t.p()]);
    let _held = qcw::store::Project::open(&t.path, "gui").unwrap();
    let err = fails(&["code", "add", t.p(), "新代码"]);
    assert!(err.contains("open in another window"), "{err}");
    // Readers still work.
    assert!(json(&["codes", t.p()]).as_array().is_some());
}

#[test]
fn demo_project_builds_and_is_coded() {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    let docs = json(&["docs", t.p()]);
    let docs = docs.as_array().unwrap();
    let kinds = |k: &str| docs.iter().filter(|d| d["kind"] == k).count();
    assert!(kinds("interview") >= 10 && kinds("document") >= 3 && kinds("observation") >= 2);
    assert!(
        docs.iter()
            .all(|d| !d["cases"].as_array().unwrap().is_empty()),
        "every document has a case"
    );
    let codings = json(&["codings", t.p()]);
    let codings = codings.as_array().unwrap();
    assert!(codings.len() >= 50);
    // Every quote is exactly the text at its range.
    for c in codings.iter().take(40) {
        let shown = json(&[
            "show",
            t.p(),
            c["doc"].as_str().unwrap(),
            "--start",
            &c["start"].to_string(),
            "--end",
            &c["end"].to_string(),
        ]);
        assert_eq!(shown["text"], c["text"]);
    }
    let cases = json(&["case", "list", t.p()]);
    assert!(
        cases
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["attributes"]["运行结果"] == "运转有效")
    );
    assert!(
        cases
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["attributes"]["运行结果"] == "运转失效")
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("demo.qcw");
    ok(&["demo", p.to_str().unwrap()]);
    // `qcw kwic … | head -0`: the reader has gone before qcw writes its first line.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qcw"))
        .args(["kwic", p.to_str().unwrap(), "的"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run qcw");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The benchmarks are not in the default build: every `qcw bench …` fails and says how to get them.
#[cfg(not(feature = "bench"))]
#[test]
fn bench_without_the_feature_says_how_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    for args in [
        &["bench", "cooccur"][..],
        &["bench", "gui", "--frames", "10"],
        &["bench", "search", d],
        &["bench", "import", d],
    ] {
        let err = fails(args);
        assert!(err.contains("--features bench"), "qcw {args:?}: {err}");
    }
}

/// Another application's SQLite database (here one in rollback-journal mode with its own
/// `application_id`, and one with none) is refused by every write and read command before
/// anything touches it: the same bytes afterwards, no lock file, no write-ahead log.
#[test]
fn another_applications_sqlite_file_is_left_untouched() {
    let t = TempProject::new();
    for (name, app_id) in [("other.db", 0x1234_5678), ("plain.db", 0)] {
        let path = t.dir.path().join(name);
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", app_id).unwrap();
            conn.execute_batch(
                "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('秘密');",
            )
            .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let p = path.to_str().unwrap();
        for args in [
            &["code", "add", p, "权力"][..],
            &["undo", p],
            &["case", "add", p, "A市"],
            &["docs", p],
            &["codes", p, "--json"],
        ] {
            let err = fails(args);
            assert!(err.contains("not a qcw project"), "{args:?}: {err}");
        }
        assert!(std::fs::read(&path).unwrap() == before, "{name} changed");
        let mut entries: Vec<String> = std::fs::read_dir(t.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(name))
            .collect();
        entries.sort();
        assert_eq!(entries, vec![name.to_owned()], "files left beside {name}");
    }
}

#[test]
fn version_names_the_git_commit() {
    let out = ok(&["--version"]);
    assert!(
        out.starts_with(&format!("qcw {} (", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    // The tests run in a checkout: the commit is the one git reports (unless overridden at build).
    let git = std::process::Command::new("git")
        .args(["log", "-1", "--format=%h %cs"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git runs");
    let head = String::from_utf8(git.stdout).expect("utf-8");
    if std::env::var_os("QCW_GIT_COMMIT").is_none() && git.status.success() {
        assert!(
            out.contains(&format!("({})", head.trim())),
            "{out} vs {head}"
        );
    }
    assert_eq!(out.trim(), format!("qcw {}", qcw::VERSION));
}
