//! Reliability (issue 11): one write lock per file however it is reached, projects and exports
//! written whole or not at all, folder imports that survive bad entries, honest text decoding.

use crate::util::*;
use qcw::store::{Project, StoreError};
use std::path::Path;

#[cfg(unix)]
fn locked_names(err: StoreError, path: &Path) {
    match err {
        StoreError::Locked(p) => assert_eq!(p, path),
        other => panic!("expected Locked for {}, got {other}", path.display()),
    }
}

/// Two writers reaching one project through a hard link or a symbolic link do not both get write
/// access: the second and third are refused with `Locked`, naming the path they used.
#[cfg(unix)]
#[test]
fn one_write_lock_per_file_through_hard_and_symbolic_links() {
    let t = TempProject::new();
    drop(Project::create(&t.path, "a").unwrap());
    let hard = t.dir.path().join("hard.qcw");
    let soft = t.dir.path().join("soft.qcw");
    std::fs::hard_link(&t.path, &hard).unwrap();
    std::os::unix::fs::symlink(&t.path, &soft).unwrap();
    let first = Project::open(&t.path, "a").unwrap();
    locked_names(Project::open(&hard, "b").unwrap_err(), &hard);
    locked_names(Project::open(&soft, "c").unwrap_err(), &soft);
    // The links are no way round the lock in the other direction either.
    drop(first);
    let through_link = Project::open(&hard, "b").unwrap();
    locked_names(Project::open(&t.path, "a").unwrap_err(), &t.path);
    locked_names(Project::open(&soft, "c").unwrap_err(), &soft);
    // Readers are never locked out.
    assert!(Project::open_read_only(&soft).is_ok());
    drop(through_link);
    assert!(Project::open(&soft, "c").is_ok());
    // No lock file beside the project.
    assert!(!t.dir.path().join("p.qcw.lock").exists());
}

/// A CLI write command through a hard link while another process holds the project: a clear
/// error naming the file, and nothing changed.
#[cfg(unix)]
#[test]
fn cli_write_through_a_hard_link_is_refused_while_the_project_is_open() {
    let t = TempProject::new();
    ok(&["new", t.p()]);
    ok(&["code", "add", t.p(), "甲乙丙"]);
    let hard = t.dir.path().join("hard.qcw");
    std::fs::hard_link(&t.path, &hard).unwrap();
    let h = hard.to_str().unwrap();
    let holder = Project::open(&t.path, "holder").unwrap();
    let before = holder.dump_domain().unwrap();
    let doc = write(t.dir.path(), "a.txt", "访谈内容".as_bytes());
    for args in [
        &["code", "add", h, "资源"][..],
        &["import", h, doc.to_str().unwrap()],
        &["undo", h],
        &["case", "add", h, "A市"],
    ] {
        let err = fails(args);
        assert!(
            err.contains("open in another window") && err.contains("hard.qcw"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(holder.dump_domain().unwrap(), before);
    // Queries still work while it is held.
    let codes = json(&["codes", h]);
    assert!(codes.to_string().contains("甲乙丙"), "{codes}");
    drop(holder);
    ok(&["code", "add", h, "资源"]);
}

/// Names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether this process ignores file permissions (root), so `chmod` cannot make a folder
/// unwritable or unreadable.
fn permissions_ignored(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let probe = dir.join("probe");
        std::fs::create_dir(&probe).unwrap();
        std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o500)).unwrap();
        let ignored = std::fs::write(probe.join("x"), b"x").is_ok();
        std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::remove_dir_all(&probe).unwrap();
        ignored
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        true
    }
}

/// `qcw new` builds the project in a hidden temporary file and renames it at the end: while the
/// codebook template is written the target does not exist yet, so a killed `qcw new` leaves no
/// file that blocks the next one; a stale temporary file from such a run does not block either.
#[test]
fn new_project_appears_only_when_complete() {
    let t = TempProject::new();
    let stale = t.dir.path().join(".p.qcw.Ab12Cd.new");
    std::fs::write(&stale, b"half-made by a killed qcw new").unwrap();
    let mut seen = Vec::new();
    let project = Project::create_with(&t.path, "a", |p| {
        seen.push((t.path.exists(), p.path().to_owned()));
        Ok::<(), StoreError>(())
    })
    .unwrap();
    let (existed, building) = &seen[0];
    assert!(!existed, "the target existed while the project was built");
    assert_ne!(building, &t.path);
    assert_eq!(building.parent(), t.path.parent());
    assert!(!building.exists(), "temporary file left behind");
    assert_eq!(project.path(), t.path);
    drop(project);
    // Only the finished project and the untouched stale file.
    assert_eq!(listing(t.dir.path()), [".p.qcw.Ab12Cd.new", "p.qcw"]);
    // The CLI: a second `new` refuses the existing project, a new name works beside the stale file.
    assert!(fails(&["new", t.p()]).contains("already exists"));
    let q = t.dir.path().join("q.qcw");
    ok(&["new", q.to_str().unwrap(), "--template", "piv"]);
    assert_eq!(
        listing(t.dir.path()),
        [".p.qcw.Ab12Cd.new", "p.qcw", "q.qcw"]
    );
    assert!(
        !json(&["codes", q.to_str().unwrap()])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

/// The evidence export writes a temporary file and renames it: a failed export leaves neither a
/// file nor a temporary file, and a repeated export replaces the earlier one whole.
#[test]
fn export_writes_whole_files_or_none() {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    let out = t.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The target is a folder: nothing written beside it.
    for name in ["taken.csv", "taken.xlsx", "taken.md", "taken.html"] {
        let target = out.join(name);
        std::fs::create_dir(&target).unwrap();
        let err = fails(&["export", t.p(), "--evidence", target.to_str().unwrap()]);
        assert!(err.contains(name), "{err}");
        std::fs::remove_dir(&target).unwrap();
    }
    assert!(listing(&out).is_empty(), "{:?}", listing(&out));
    // A folder that does not exist.
    let missing = out.join("no/such/dir/e.xlsx");
    let err = fails(&["export", t.p(), "--evidence", missing.to_str().unwrap()]);
    assert!(err.contains("e.xlsx"), "{err}");
    assert!(listing(&out).is_empty());
    // A folder without write permission (not for root, whom permissions do not stop).
    if !permissions_ignored(&out) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let ro = out.join("ro");
            std::fs::create_dir(&ro).unwrap();
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
            let err = fails(&[
                "export",
                t.p(),
                "--evidence",
                ro.join("e.csv").to_str().unwrap(),
            ]);
            assert!(err.contains("e.csv"), "{err}");
            std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
            assert!(listing(&ro).is_empty());
            std::fs::remove_dir(&ro).unwrap();
        }
    }
    // Success: the files named in --json and no temporary file; a second run replaces them.
    let target = out.join("e.csv");
    let v = json(&["export", t.p(), "--evidence", target.to_str().unwrap()]);
    let files = v["files"].as_array().unwrap().len();
    assert!(files > 1, "{v}");
    let first = listing(&out);
    assert_eq!(first.len(), files, "{first:?}");
    assert!(first.iter().all(|n| !n.starts_with('.')), "{first:?}");
    std::fs::write(&target, "x".repeat(10_000_000)).unwrap();
    json(&["export", t.p(), "--evidence", target.to_str().unwrap()]);
    assert_eq!(listing(&out), first);
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with('\u{feff}') && !text.contains("xxxx"));
}

/// A subfolder of `parent` that a folder walk cannot read (itself or a folder inside it), holding
/// `lost.txt`, and whether permissions were used. Without root: `chmod 000`. As root, whom permissions do not stop: a folder
/// nested so deep that its path is longer than the system allows (built by renames, so that no
/// single call needs the long path).
#[cfg(unix)]
fn unreadable_subfolder(parent: &Path) -> (std::path::PathBuf, bool) {
    use std::os::unix::fs::PermissionsExt as _;
    if !permissions_ignored(parent) {
        let locked = parent.join("locked");
        std::fs::create_dir(&locked).unwrap();
        write(&locked, "lost.txt", "看不到".as_bytes());
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        return (locked, true);
    }
    let name = "深".repeat(80); // 240 bytes
    let work = parent.join("work");
    std::fs::create_dir(&work).unwrap();
    let mut inner = work.join("top");
    std::fs::create_dir(&inner).unwrap();
    write(&inner, "lost.txt", "看不到".as_bytes());
    for _ in 0..20 {
        let outer = work.join("next");
        std::fs::create_dir(&outer).unwrap();
        std::fs::rename(&inner, outer.join(&name)).unwrap();
        std::fs::rename(&outer, work.join("top")).unwrap();
        inner = work.join("top");
    }
    std::fs::rename(&inner, parent.join("deep")).unwrap();
    std::fs::remove_dir(&work).unwrap();
    (parent.join("deep"), false)
}

/// One folder with everything that used to stop or confuse a folder import: an unreadable
/// subfolder, hidden and temporary files, a pipe, a dangling link, links to `.`, a PDF that makes
/// the PDF parser panic. The rest is imported, every left-out entry has a line in the report,
/// the problems are reported, no panic message reaches stderr, and it is quick.
#[cfg(unix)]
#[test]
fn folder_import_imports_the_rest_and_reports_every_entry() {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "empty"]);
    let d = t.dir.path().join("in");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    write(&d, "a.txt", "甲的访谈".as_bytes());
    write(&d.join("sub"), "b.txt", "乙的访谈".as_bytes());
    let (bad, chmodded) = unreadable_subfolder(&d);
    let hidden = [
        ".~lock.a.odt#",
        "~$x.docx",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
    ];
    for name in hidden {
        write(&d, name, b"junk");
    }
    std::fs::create_dir(d.join(".git")).unwrap();
    write(&d.join(".git"), "notes.txt", b"not an interview");
    let status = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    symlink("nowhere.txt", d.join("dangling.txt")).unwrap();
    for i in 0..5 {
        symlink(".", d.join(format!("loop{i}"))).unwrap();
    }
    std::fs::copy(
        fixtures().join("formats/corrupt_no_mediabox.pdf"),
        d.join("crash.pdf"),
    )
    .unwrap();

    let started = std::time::Instant::now();
    let out = qcw(&["import", t.p(), d.to_str().unwrap(), "--json"]);
    let elapsed = started.elapsed();
    if chmodded {
        std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "failures give exit 1: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths = |key: &str| -> Vec<String> {
        let mut v: Vec<String> = report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let path = p["path"].as_str().unwrap();
                if key != "imported" {
                    assert!(!p["reason"].as_str().unwrap().is_empty(), "{p}");
                }
                path.strip_prefix(d.to_str().unwrap()).unwrap().to_owned()
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(paths("imported"), ["/a.txt", "/sub/b.txt"]);
    let bad_rel = bad.strip_prefix(&d).unwrap().to_str().unwrap().to_owned();
    let failed = paths("failed");
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(failed[0], "/crash.pdf");
    // The unreadable folder itself (or, nested too deep, the first level that cannot be read).
    assert!(failed[1].starts_with(&format!("/{bad_rel}")), "{failed:?}");
    let mut skipped = vec![
        "/.DS_Store",
        "/.git",
        "/.~lock.a.odt#",
        "/Thumbs.db",
        "/dangling.txt",
        "/desktop.ini",
        "/pipe.txt",
        "/~$x.docx",
    ];
    skipped.sort_unstable();
    assert_eq!(paths("skipped"), skipped);
    assert!(stderr.contains("cannot read this folder"), "{stderr}");
    assert!(
        stderr.contains("crash.pdf") && stderr.contains("crashed"),
        "{stderr}"
    );
    let docs = json(&["docs", t.p()]);
    assert_eq!(docs.as_array().unwrap().len(), 2, "{docs}");
}

/// A file name that is not valid UTF-8 is shown lossily and the import succeeds with `--json`.
#[cfg(target_os = "linux")]
#[test]
fn a_name_that_is_not_utf8_imports_with_json() {
    use std::os::unix::ffi::OsStrExt as _;
    let t = TempProject::new();
    ok(&["new", t.p()]);
    let d = t.dir.path().join("in");
    std::fs::create_dir(&d).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"\xff\xfe\xe5\x90\x8d.txt");
    std::fs::write(d.join(name), "访谈正文".as_bytes()).unwrap();
    for target in [d.clone(), d.join(name)] {
        let t2 = TempProject::new();
        ok(&["new", t2.p()]);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qcw"))
            .arg("import")
            .arg(t2.p())
            .arg(&target)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let imported = &v["imported"][0];
        assert!(
            imported["path"]
                .as_str()
                .unwrap()
                .ends_with("\u{fffd}\u{fffd}名.txt"),
            "{v}"
        );
        assert_eq!(imported["name"], "\u{fffd}\u{fffd}名");
        let text = ok(&["show", t2.p(), "\u{fffd}\u{fffd}名"]);
        assert!(text.contains("访谈正文"), "{text}");
    }
}

/// Decoding warnings reach the import report: `--json` lists them under `warnings` (and each
/// imported document's own `warnings`), the text output prints them; clean UTF-8 has none.
#[test]
fn decoding_warnings_are_reported() {
    let t = TempProject::new();
    ok(&["new", t.p()]);
    let d = t.dir.path().join("in");
    std::fs::create_dir(&d).unwrap();
    let text = "受访者表示，数据共享机制尚未建立，各部门之间协调困难。";
    write(&d, "clean.txt", text.as_bytes());
    write(&d, "gbk.txt", &encoding_rs::GBK.encode(text).0);
    let mut broken = "街道办事处的工作人员认为考核压力很大。"
        .repeat(4)
        .into_bytes();
    broken.insert(9, 0xff);
    write(&d, "broken.txt", &broken);
    let v = json(&["import", t.p(), d.to_str().unwrap()]);
    let warned: Vec<(String, String)> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let p = std::path::PathBuf::from(w["path"].as_str().unwrap());
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, w["reason"].as_str().unwrap().to_owned())
        })
        .collect();
    assert!(
        warned
            .iter()
            .any(|(n, r)| n == "gbk.txt" && r.contains("GBK")),
        "{v}"
    );
    assert!(
        warned
            .iter()
            .any(|(n, r)| n == "broken.txt" && r.contains("replaced")),
        "{v}"
    );
    assert!(warned.iter().all(|(n, _)| n != "clean.txt"), "{v}");
    assert_eq!(v["imported"].as_array().unwrap().len(), 3, "{v}");
    // Text output: on stderr, and the import still succeeds.
    let t2 = TempProject::new();
    ok(&["new", t2.p()]);
    let out = qcw(&["import", t2.p(), d.join("gbk.txt").to_str().unwrap()]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("qcw: warning:") && err.contains("decoded as GBK"),
        "{err}"
    );
}
