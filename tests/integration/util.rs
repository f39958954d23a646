//! Helpers: temporary projects, running the binary, fixtures.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TempProject {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempProject {
    pub fn new() -> TempProject {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.qcw");
        TempProject { dir, path }
    }
    pub fn p(&self) -> &str {
        self.path.to_str().expect("utf-8 temp path")
    }
}

/// Runs `qcw args…` with a fixed coder.
pub fn qcw(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qcw"))
        .args(args)
        .env("QCW_CODER", "tester")
        .output()
        .expect("run qcw")
}

/// Runs `qcw args…`, asserts success, returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = qcw(args);
    assert!(
        out.status.success(),
        "qcw {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// Runs `qcw args… --json` and parses the single JSON value.
pub fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let s = ok(&a);
    serde_json::from_str(&s)
        .unwrap_or_else(|e| panic!("qcw {args:?} printed invalid JSON ({e}): {s}"))
}

/// Runs `qcw args…`, asserts failure, returns stderr.
pub fn fails(args: &[&str]) -> String {
    let out = qcw(args);
    assert!(
        !out.status.success(),
        "qcw {args:?} should fail but printed {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The shared real-world data (`../shared/data`): the same helper the unit tests use.
#[path = "../../src/test_data.rs"]
mod test_data;
pub use test_data::{shared_data, under_ci};

/// Writes `contents` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, contents).expect("write fixture");
    p
}
