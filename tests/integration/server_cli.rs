//! The CLI against a team project: every command takes `postgres://…?project=NAME` in place of
//! a file, and the same script of commands gives the same answers on both backends.

use crate::server::cluster;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// `qcw args…` as `coder`, with its replica cache in `cache`.
fn run(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qcw"))
        .args(args)
        .env("QCW_CODER", "李研")
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap()
}

fn ok(cache: &Path, args: &[&str]) -> String {
    let out = run(cache, args);
    assert!(
        out.status.success(),
        "qcw {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON without what differs by backend only: ids (a replica's come from its block) and
/// times. Maps keyed by id become their sorted values.
fn normalized(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        if let Value::Object(m) = v
            && !m.is_empty()
            && m.keys().all(|k| k.parse::<i64>().is_ok())
        {
            let mut values: Vec<Value> = m.values().cloned().collect();
            values.sort_by_key(Value::to_string);
            *v = Value::Array(values);
        }
        match v {
            Value::Object(m) => {
                // Id lists (`"codes": [2, 3, …]`) too.
                let ids = |v: &Value| {
                    v.as_array()
                        .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_i64))
                };
                m.retain(|k, v| {
                    k != "id"
                        && !k.ends_with("_id")
                        && k != "ids"
                        && !k.ends_with("_at")
                        && k != "ts"
                        && !(k == "codes" && ids(v))
                });
                m.values_mut().for_each(walk);
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

#[test]
fn the_same_script_gives_the_same_answers_on_a_file_and_on_the_server() {
    let Some(c) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let file = dir.path().join("study.qcw");
    let f = file.to_str().unwrap();
    ok(&cache, &["demo", f]);
    let url = format!("{}&project=study", c.url("postgres", "postgres"));
    ok(&cache, &["team", "publish", f, &url]);
    let doc = dir.path().join("新访谈.txt");
    std::fs::write(
        &doc,
        "平台由应急局牵头建设，各部门共享数据，风险分摊机制尚未建立。",
    )
    .unwrap();
    let d = doc.to_str().unwrap();
    for target in [f, url.as_str()] {
        for args in [
            vec!["import", target, d, "--kind", "document"],
            vec![
                "code",
                "add",
                target,
                "利益/数据共享",
                "--description",
                "部门间共享数据",
            ],
            vec![
                "code",
                "apply",
                target,
                "--doc",
                "新访谈",
                "--start",
                "0",
                "--end",
                "9",
                "--code",
                "权力/赋权",
            ],
            vec![
                "code",
                "apply",
                target,
                "--doc",
                "新访谈",
                "--start",
                "10",
                "--end",
                "16",
                "--code",
                "利益/数据共享",
            ],
            vec![
                "code",
                "apply",
                target,
                "--doc",
                "新访谈",
                "--start",
                "17",
                "--end",
                "27",
                "--code",
                "利益/风险分摊",
                "--coder",
                "王思",
            ],
            vec!["memo", target, "共享是关键", "--doc", "新访谈"],
            vec!["undo", target],
            vec!["redo", target],
            vec!["code", "rename", target, "利益/数据共享", "数据共享机制"],
            vec!["case", "add", target, "D市平台"],
            vec!["case", "set", target, "D市平台", "运行结果=运转失效"],
        ] {
            ok(&cache, &args);
        }
    }
    compare_queries(&cache, f, &url);
    // Exports are byte for byte the same.
    for (target, out) in [(f, "a.csv"), (url.as_str(), "b.csv")] {
        let path = dir.path().join(out);
        ok(
            &cache,
            &["export", target, "--evidence", path.to_str().unwrap()],
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("a.csv")).unwrap(),
        std::fs::read(dir.path().join("b.csv")).unwrap()
    );
    // Bad input: an unknown project is named in the error and nothing is created.
    let missing = format!("{}&project=nope", c.url("postgres", "postgres"));
    let out = run(&cache, &["docs", &missing, "--json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope"), "{err}");
}

/// Every query gives the same answer on the file and on the server.
fn compare_queries(cache: &Path, f: &str, url: &str) {
    let queries: Vec<Vec<&str>> = vec![
        vec!["docs"],
        vec!["codes"],
        vec!["codings"],
        vec!["case", "list"],
        vec!["matrix"],
        vec!["qca", "--outcome", "运行结果=运转有效"],
        vec!["agreement", "--coders", "李研,王思"],
        vec!["cooccur"],
        vec!["crosstab", "--attr", "运行结果", "--by", "case"],
        vec!["memo", "--doc", "新访谈"],
        vec!["log"],
    ];
    for q in queries {
        let answer = |target: &str| -> Value {
            let mut args = vec![q[0]];
            if q[0] == "case" {
                args.push(q[1]);
                args.push(target);
                args.extend(&q[2..]);
            } else {
                args.push(target);
                args.extend(&q[1..]);
            }
            args.push("--json");
            serde_json::from_str(&ok(cache, &args)).unwrap()
        };
        let (on_file, on_server) = (answer(f), answer(url));
        if q[0] == "log" {
            // The file's log holds the demo's own history too; the server's starts at publish.
            let labels = |v: &Value| -> Vec<String> {
                let a = v.as_array().unwrap();
                a[a.len().saturating_sub(11)..]
                    .iter()
                    .map(|e| format!("{} {}", e["action"], e["label"]))
                    .collect()
            };
            assert_eq!(labels(&on_file), labels(&on_server));
            continue;
        }
        let (a, b) = (normalized(on_file), normalized(on_server));
        assert!(
            a == b,
            "qcw {q:?} differs:\nfile:   {:.600}\nserver: {:.600}",
            a.to_string(),
            b.to_string()
        );
    }
}

#[test]
fn syncing_a_file_that_is_no_replica_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let file = dir.path().join("plain.qcw");
    ok(&cache, &["new", file.to_str().unwrap()]);
    let out = run(&cache, &["team", "sync", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plain.qcw") && err.contains("not a replica"),
        "{err}"
    );
}
