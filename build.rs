//! Embeds the demo corpus (`assets/demo/`) into the binary, so `qcw demo` and the GUI's first run
//! work from an installed binary without the source tree, and records the git commit the binary
//! was built from (`QCW_GIT_COMMIT`, shown by `qcw --version` and Help → About).

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

/// Runs git in `dir` and returns its trimmed output, if git is there and succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !s.is_empty()).then_some(s)
}

/// Sets `QCW_GIT_COMMIT` to `<short hash> <commit date>`: from the environment variable of that
/// name when set (release scripts, distribution builds), else from git when the source is a
/// checkout, else `unknown` (a tarball without `.git` still builds).
fn git_commit(manifest: &Path) {
    println!("cargo::rerun-if-env-changed=QCW_GIT_COMMIT");
    let from_env = std::env::var("QCW_GIT_COMMIT")
        .ok()
        .filter(|s| !s.is_empty());
    let commit = from_env.or_else(|| {
        // Only a checkout of this very source tree counts, not a repository around a tarball.
        let top = git(manifest, &["rev-parse", "--show-toplevel"])?;
        if Path::new(&top).canonicalize().ok()? != manifest.canonicalize().ok()? {
            return None;
        }
        // Rebuild when HEAD moves: HEAD itself, the branch it points to, packed refs.
        for rel in ["HEAD", "packed-refs"] {
            if let Some(p) = git(manifest, &["rev-parse", "--git-path", rel]) {
                println!("cargo::rerun-if-changed={}", manifest.join(p).display());
            }
        }
        if let Some(branch) = git(manifest, &["symbolic-ref", "-q", "HEAD"])
            && let Some(p) = git(manifest, &["rev-parse", "--git-path", &branch])
        {
            println!("cargo::rerun-if-changed={}", manifest.join(p).display());
        }
        git(manifest, &["log", "-1", "--format=%h %cs"])
    });
    println!(
        "cargo::rustc-env=QCW_GIT_COMMIT={}",
        commit.unwrap_or_else(|| "unknown".to_owned())
    );
}

/// For a Windows GNU target, compiles `packaging/windows/qcw.rc` (icon, version info) with
/// mingw's `windres` and links it into the binaries. Without `windres` the binaries build without
/// an icon and a warning says so.
fn windows_resources(manifest: &Path) {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "windows" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    let dir = manifest.join("packaging/windows");
    println!("cargo::rerun-if-changed={}", dir.join("qcw.rc").display());
    println!("cargo::rerun-if-changed={}", dir.join("qcw.ico").display());
    let windres = match var("CARGO_CFG_TARGET_ARCH").as_str() {
        "x86_64" => "x86_64-w64-mingw32-windres",
        "aarch64" => "aarch64-w64-mingw32-windres",
        _ => "i686-w64-mingw32-windres",
    };
    let out = PathBuf::from(var("OUT_DIR")).join("qcw-resources.o");
    let version = var("CARGO_PKG_VERSION");
    let num = |s: String| if s.is_empty() { "0".to_owned() } else { s };
    let status = std::process::Command::new(windres)
        .arg("--input")
        .arg(dir.join("qcw.rc"))
        .arg("--include-dir")
        .arg(&dir)
        .arg(format!(
            "-DQCW_VER_MAJOR={}",
            num(var("CARGO_PKG_VERSION_MAJOR"))
        ))
        .arg(format!(
            "-DQCW_VER_MINOR={}",
            num(var("CARGO_PKG_VERSION_MINOR"))
        ))
        .arg(format!(
            "-DQCW_VER_PATCH={}",
            num(var("CARGO_PKG_VERSION_PATCH"))
        ))
        .arg(format!("-DQCW_VER_STRING=\\\"{version}\\\""))
        .args(["--output-format", "coff", "--output"])
        .arg(&out)
        .status();
    match status {
        Ok(s) if s.success() => println!("cargo::rustc-link-arg-bins={}", out.display()),
        other => println!("cargo::warning=no Windows icon: {windres} failed ({other:?})"),
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    git_commit(&manifest);
    windows_resources(&manifest);
    let root = manifest.join("assets/demo");
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
