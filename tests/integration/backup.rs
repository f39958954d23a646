//! Backups (`qcw backup`, `backups`, `restore`, automatic before imports) and `qcw check`.

use crate::util::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A project with one imported document and one coding.
fn coded_project() -> TempProject {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "piv"]);
    let f = write(
        t.dir.path(),
        "访谈01.txt",
        "应急局牵头，安委办督办。".as_bytes(),
    );
    ok(&["import", t.p(), f.to_str().unwrap()]);
    code(&t, 0, 3, "权力/赋权");
    t
}

fn code(t: &TempProject, start: usize, end: usize, path: &str) {
    let (s, e) = (start.to_string(), end.to_string());
    ok(&[
        "code",
        "apply",
        t.p(),
        "--doc",
        "访谈01",
        "--start",
        &s,
        "--end",
        &e,
        "--code",
        path,
    ]);
}

fn n_codings(t: &TempProject) -> usize {
    json(&["codings", t.p()]).as_array().unwrap().len()
}

fn backups(t: &TempProject) -> Vec<Value> {
    json(&["backups", t.p()]).as_array().unwrap().clone()
}

#[test]
fn backup_restore_and_undo_the_restore() {
    let t = coded_project();
    let b = json(&["backup", t.p()]);
    assert_eq!(b["reason"], "manual");
    let name = b["name"].as_str().unwrap().to_owned();
    assert!(Path::new(b["path"].as_str().unwrap()).is_file());
    code(&t, 5, 8, "权力/借力");
    assert_eq!(n_codings(&t), 2);
    let listed = backups(&t);
    assert!(
        listed.iter().any(|x| x["name"] == name.as_str()),
        "{listed:?}"
    );

    // Restore by name from the list: the later coding is gone, and searching sees the texts.
    let r = json(&["restore", t.p(), &name]);
    assert_eq!(n_codings(&t), 1);
    assert_eq!(r["safety_backup"]["reason"], "before-restore");
    let hits = json(&["search", t.p(), "安委办"]);
    assert!(!hits.as_array().unwrap().is_empty(), "{hits}");
    // Restoring the safety backup undoes the restore.
    let safety = r["safety_backup"]["path"].as_str().unwrap().to_owned();
    ok(&["restore", t.p(), &safety]);
    assert_eq!(n_codings(&t), 2);
    // The project stays a working project: edits and undo go on.
    ok(&["undo", t.p()]);
    assert_eq!(n_codings(&t), 1);
}

#[test]
fn an_import_into_a_project_with_work_is_backed_up_first() {
    let t = coded_project();
    let before = backups(&t).len();
    let f = write(t.dir.path(), "访谈02.txt", "第二份访谈。".as_bytes());
    ok(&["import", t.p(), f.to_str().unwrap()]);
    let all = backups(&t);
    assert_eq!(all.len(), before + 1, "{all:?}");
    let newest = all.last().unwrap();
    assert_eq!(newest["reason"], "import");
    // The backup holds the state before the import.
    let docs = json(&["docs", newest["path"].as_str().unwrap()]);
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!(json(&["docs", t.p()]).as_array().unwrap().len(), 2);
}

#[test]
fn only_the_newest_backups_are_kept() {
    let t = coded_project();
    let mut names = Vec::new();
    for _ in 0..5 {
        let out = Command::new(env!("CARGO_BIN_EXE_qcw"))
            .args(["backup", t.p(), "--json"])
            .env("QCW_BACKUP_KEEP", "3")
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        names.push(v["name"].as_str().unwrap().to_owned());
    }
    let kept: Vec<String> = backups(&t)
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kept, names[2..].to_vec());
}

#[test]
fn restore_refuses_what_is_not_a_qcw_project() {
    let t = coded_project();
    let before = std::fs::read(&t.path).unwrap();
    let text = write(t.dir.path(), "notes.qcw", "只是文字".as_bytes());
    let e = fails(&["restore", t.p(), text.to_str().unwrap()]);
    assert!(e.contains("not a qcw project"), "{e}");
    let e = fails(&["restore", t.p(), "no-such-backup.qcw"]);
    assert!(e.contains("no such backup"), "{e}");
    assert_eq!(std::fs::read(&t.path).unwrap(), before, "project unchanged");
    assert_eq!(n_codings(&t), 1);
}

fn check(t: &TempProject, extra: &[&str]) -> (bool, Value) {
    let mut args = vec!["check", t.p(), "--json"];
    args.extend(extra);
    let out = qcw(&args);
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(out.status.success(), v["ok"] == true, "{v}");
    (out.status.success(), v)
}

fn areas(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["area"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn check_passes_a_healthy_project_and_finds_bad_rows() {
    let t = coded_project();
    ok(&["search", t.p(), "安委办"]);
    let (passed, v) = check(&t, &[]);
    assert!(passed, "{v}");
    assert_eq!(v["index"]["indexed"], 1);
    assert_eq!(v["index"]["stale"], 0);
    {
        let db = rusqlite::Connection::open(&t.path).unwrap();
        db.execute("UPDATE codings SET \"end\" = 999", []).unwrap();
        db.pragma_update(None, "foreign_keys", false).unwrap();
        db.execute("INSERT INTO doc_attributes VALUES (77, 'k', 'v')", [])
            .unwrap();
    }
    let (passed, v) = check(&t, &[]);
    assert!(!passed);
    let found = areas(&v);
    assert!(found.contains(&"codings".to_owned()), "{v}");
    assert!(found.contains(&"foreign-keys".to_owned()), "{v}");
    let detail = v["findings"].to_string();
    assert!(
        detail.contains("访谈01") && detail.contains("999"),
        "{detail}"
    );
    assert!(v["advice"].as_str().unwrap().contains("qcw restore"), "{v}");
}

#[test]
fn check_reports_a_damaged_file_and_how_to_recover() {
    let t = coded_project();
    ok(&["backup", t.p()]);
    // (One more backup was made before the import into the template project.)
    // Overwrite everything after the first page with garbage.
    let mut bytes = std::fs::read(&t.path).unwrap();
    assert!(bytes.len() > 8192, "{}", bytes.len());
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&t.path, &bytes).unwrap();
    let (passed, v) = check(&t, &[]);
    assert!(!passed);
    assert_eq!(areas(&v)[0], "database", "{v}");
    let advice = v["advice"].as_str().unwrap();
    assert!(
        advice.contains("qcw restore") && advice.contains("2 backups"),
        "{advice}"
    );
    // Text output names the file.
    let out = qcw(&["check", t.p()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(t.p()));
}

#[test]
fn check_repair_rebuilds_an_unreadable_index() {
    let t = coded_project();
    ok(&["search", t.p(), "安委办"]);
    let index = Path::new(&format!("{}.index", t.p())).to_owned();
    for entry in std::fs::read_dir(&index).unwrap() {
        let p = entry.unwrap().path();
        if p.file_name().unwrap() == "meta.json" {
            std::fs::write(&p, b"{ not json").unwrap();
        }
    }
    let (passed, v) = check(&t, &[]);
    assert!(!passed, "{v}");
    assert_eq!(areas(&v), ["index"]);
    assert!(v["advice"].is_null(), "the project itself is fine: {v}");
    let (passed, v) = check(&t, &["--repair"]);
    assert!(passed, "{v}");
    assert_eq!(v["repaired"].as_array().unwrap().len(), 1);
    assert_eq!(v["index"]["indexed"], 1);
    assert!(
        !json(&["search", t.p(), "安委办"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_new_empty_project_is_not_backed_up_before_its_first_import() {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "empty"]);
    let f = write(t.dir.path(), "a.txt", "文本。".as_bytes());
    ok(&["import", t.p(), f.to_str().unwrap()]);
    assert!(backups(&t).is_empty(), "nothing to lose yet");
}
