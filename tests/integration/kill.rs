//! SIGKILL at arbitrary moments: a killed import leaves all of its documents whole or none of
//! them (a folder import is one transaction) and the project passing `qcw check`; a killed `qcw new` leaves no half-made project in the way.

use crate::util::*;
use std::process::{Command, Stdio};
use std::time::Duration;

fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_qcw"))
        .args(args)
        .env("QCW_CODER", "tester")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn kill_after(args: &[&str], ms: u64) {
    let mut child = spawn(args);
    std::thread::sleep(Duration::from_millis(ms));
    // SIGKILL on Unix (TerminateProcess on Windows); the child may have finished already.
    let _ = child.kill();
    child.wait().unwrap();
}

#[test]
fn killed_imports_leave_whole_documents_and_a_sound_project() {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "piv"]);
    let folder = t.dir.path().join("访谈");
    std::fs::create_dir(&folder).unwrap();
    let mut texts = std::collections::HashMap::new();
    for i in 0..30 {
        let text: String = format!("第{i}份访谈：应急局牵头，安委办督办，平台运转。")
            .chars()
            .cycle()
            .take(30_000)
            .collect();
        std::fs::write(folder.join(format!("访谈{i:02}.txt")), &text).unwrap();
        texts.insert(format!("访谈{i:02}"), text);
    }
    let mut seen = 0;
    for ms in [15, 40, 80, 120, 200, 300, 450, 700] {
        kill_after(&["import", t.p(), folder.to_str().unwrap()], ms);
        let check = qcw(&["check", t.p(), "--json"]);
        assert!(
            check.status.success(),
            "after a kill at {ms} ms: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        let docs = json(&["docs", t.p()]);
        let docs = docs.as_array().unwrap();
        assert!(docs.len() >= seen, "documents went missing");
        seen = docs.len();
        assert!(
            seen == 0 || seen == 30,
            "a killed folder import adds all its documents or none ({seen})"
        );
        for d in docs {
            let name = d["name"].as_str().unwrap();
            let shown = json(&["show", t.p(), name]);
            assert_eq!(
                shown["text"].as_str().unwrap(),
                texts[name],
                "{name} is whole"
            );
        }
    }
    // Finishing the import brings exactly the rest; undo still works after the kills.
    ok(&["import", t.p(), folder.to_str().unwrap()]);
    assert_eq!(json(&["docs", t.p()]).as_array().unwrap().len(), 30);
    ok(&["undo", t.p()]);
    assert!(qcw(&["check", t.p()]).status.success());
}

#[test]
fn a_killed_new_leaves_nothing_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    for (i, ms) in [0u64, 2, 5, 10, 20, 40].into_iter().enumerate() {
        let path = dir.path().join(format!("p{i}.qcw"));
        let p = path.to_str().unwrap();
        kill_after(&["new", p, "--template", "piv"], ms);
        if path.exists() {
            // Complete, or not there at all.
            let codes = json(&["codes", p]);
            assert!(codes.as_array().unwrap().len() >= 9, "{codes}");
        } else {
            ok(&["new", p, "--template", "piv"]);
        }
        assert!(qcw(&["check", p]).status.success());
    }
}
