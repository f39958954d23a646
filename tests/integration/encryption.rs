//! Encryption at rest (feature `encryption`): no plaintext anywhere on disk, wrong or missing
//! passphrases refused with the project untouched, rekey, encrypting a plain project.
#![cfg_attr(
    not(feature = "encryption"),
    allow(
        dead_code,
        reason = "the helpers serve the tests of the encryption feature"
    )
)]

use crate::util::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const MARKER: &str = "机密标记李四13912345678";

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qcw"));
    c.args(args).env("QCW_CODER", "tester");
    c.env_remove("QCW_PASSPHRASE")
        .env_remove("QCW_NEW_PASSPHRASE");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn ok_with(args: &[&str], pass: &str) -> String {
    let out = run(args, &[("QCW_PASSPHRASE", pass)]);
    assert!(
        out.status.success(),
        "qcw {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_with(args: &[&str], pass: &str) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    serde_json::from_str(&ok_with(&a, pass)).unwrap()
}

fn files_holding(dir: &Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_none_or(|e| e != "txt"))
        .filter(|p| {
            let b = std::fs::read(p).unwrap();
            b.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}

#[cfg(feature = "encryption")]
mod with_sqlcipher {
    use super::*;

    fn encrypted_project(pass: &str) -> TempProject {
        let t = TempProject::new();
        ok_with(&["new", t.p(), "--encrypt"], pass);
        let f = write(
            t.dir.path(),
            "访谈.txt",
            format!("受访者{MARKER}说：应急局牵头，平台运转有效。").as_bytes(),
        );
        ok_with(&["import", t.p(), f.to_str().unwrap()], pass);
        ok_with(
            &[
                "code",
                "apply",
                t.p(),
                "--doc",
                "访谈",
                "--start",
                "0",
                "--end",
                "6",
                "--code",
                "权力/赋权",
                "--memo",
                MARKER,
            ],
            pass,
        );
        t
    }

    #[test]
    fn nothing_on_disk_holds_plaintext() {
        let t = encrypted_project("口令 one");
        let hits = json_with(&["search", t.p(), "应急局"], "口令 one");
        assert_eq!(
            hits.as_array().unwrap().len(),
            1,
            "search works (index in memory)"
        );
        ok_with(&["backup", t.p()], "口令 one");
        ok_with(
            &[
                "import",
                t.p(),
                t.dir.path().join("访谈.txt").to_str().unwrap(),
            ],
            "口令 one",
        );
        assert!(
            !Path::new(&format!("{}.index", t.p())).exists(),
            "no index on disk"
        );
        for needle in [MARKER.as_bytes(), "应急局".as_bytes(), b"SQLite format 3"] {
            let found = files_holding(t.dir.path(), needle);
            assert!(
                found.is_empty(),
                "{:?} in {found:?}",
                String::from_utf8_lossy(needle)
            );
        }
        // The backup opens with the same passphrase and restores.
        let b = json_with(&["backups", t.p()], "口令 one");
        let manual = b
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["reason"] == "manual");
        let name = manual.unwrap()["name"].as_str().unwrap().to_owned();
        ok_with(&["restore", t.p(), &name], "口令 one");
        assert_eq!(
            json_with(&["codings", t.p()], "口令 one")
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn a_missing_or_wrong_passphrase_is_refused_and_changes_nothing() {
        let t = encrypted_project("right");
        let before = std::fs::read(&t.path).unwrap();
        let out = run(&["docs", t.p()], &[]);
        assert!(!out.status.success());
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(
            e.contains("encrypted project") && e.contains("QCW_PASSPHRASE"),
            "{e}"
        );
        for args in [vec!["docs", t.p()], vec!["code", "add", t.p(), "新码"]] {
            let out = run(&args, &[("QCW_PASSPHRASE", "wrong")]);
            assert!(!out.status.success());
            let e = String::from_utf8_lossy(&out.stderr);
            assert!(e.contains("wrong passphrase"), "{e}");
        }
        assert_eq!(std::fs::read(&t.path).unwrap(), before, "project untouched");
        assert!(!Path::new(&format!("{}-wal", t.p())).exists());
    }

    #[test]
    fn rekey_and_encrypt_a_plain_project() {
        let t = encrypted_project("old");
        let out = run(
            &["rekey", t.p()],
            &[("QCW_PASSPHRASE", "old"), ("QCW_NEW_PASSPHRASE", "new")],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !run(&["docs", t.p()], &[("QCW_PASSPHRASE", "old")])
                .status
                .success()
        );
        assert_eq!(
            json_with(&["docs", t.p()], "new").as_array().unwrap().len(),
            1
        );

        let plain = TempProject::new();
        ok(&["demo", plain.p()]);
        let docs = json(&["docs", plain.p()]);
        let out = plain.dir.path().join("enc.qcw");
        ok_with(&["encrypt", plain.p(), out.to_str().unwrap()], "s3cret");
        assert_eq!(json_with(&["docs", out.to_str().unwrap()], "s3cret"), docs);
        assert_eq!(
            json(&["docs", plain.p()]),
            docs,
            "the plain project is unchanged"
        );
        let bytes = std::fs::read(&out).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"));
    }
}

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_encryption_is_refused_clearly() {
    let t = TempProject::new();
    let out = run(&["new", t.p(), "--encrypt"], &[("QCW_PASSPHRASE", "x")]);
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("--features encryption"), "{e}");
    assert!(!t.path.exists());
    // An unreadable file is named and left alone.
    let f = write(t.dir.path(), "x.qcw", &[0x5a; 4096]);
    let e = fails(&["docs", f.to_str().unwrap()]);
    assert!(
        e.contains("x.qcw") && e.contains("not a qcw project file"),
        "{e}"
    );
}
