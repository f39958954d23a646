//! Reliability (issue 11): one write lock per file however it is reached, projects and exports
//! written whole or not at all, folder imports that survive bad entries, honest text decoding.

use crate::util::*;
use qcw::store::{Project, StoreError};
use std::path::Path;

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
