//! Embeds the demo corpus (`assets/demo/`) into the binary, so `qcw demo` and the GUI's first run
//! work from an installed binary without the source tree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a build script reports failure by panicking"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The files under `dir`, sorted by name at every level (so the embedded order is stable).
fn walk(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect()
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("assets/demo");
    println!("cargo::rerun-if-changed={}", root.display());
    let files = walk(&root);
    let mut code = String::from(
        "/// (path relative to assets/demo, contents)\npub const DEMO_FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("demo_files.rs");
    std::fs::write(out, code).expect("write demo_files.rs");
}
