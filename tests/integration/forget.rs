//! Forgetting: `qcw purge` leaves no trace of the purged content anywhere on disk; `qcw compact`
//! drops the log without touching content.

use crate::util::*;
use std::path::Path;

const MARKER: &str = "标记张三13800138000";

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.push(entry.into_path());
        }
    }
    out
}

fn holding(dir: &Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}

/// Two documents, one holding the marker in its text, its name-free memo and a coding memo.
fn project_with_marker() -> TempProject {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "piv"]);
    let a = write(
        t.dir.path(),
        "访谈甲.txt",
        format!("受访者说：{MARKER}，应急局牵头。").as_bytes(),
    );
    let b = write(
        t.dir.path(),
        "访谈乙.txt",
        "安委办督办，平台运转有效。".as_bytes(),
    );
    ok(&["import", t.p(), a.to_str().unwrap()]);
    ok(&["import", t.p(), b.to_str().unwrap()]);
    for (doc, end, memo) in [("访谈甲", "12", MARKER), ("访谈乙", "3", "乙的备忘")] {
        ok(&[
            "code",
            "apply",
            t.p(),
            "--doc",
            doc,
            "--start",
            "0",
            "--end",
            end,
            "--code",
            "权力/赋权",
            "--memo",
            memo,
        ]);
    }
    ok(&["memo", t.p(), &format!("备忘：{MARKER}"), "--doc", "访谈甲"]);
    // Undo and redo leave the text in more row images; a backup and the index hold it too.
    ok(&["undo", t.p()]);
    ok(&["redo", t.p()]);
    ok(&["backup", t.p()]);
    ok(&["search", t.p(), "应急局"]);
    t
}

#[test]
fn a_purged_document_leaves_no_trace_on_disk() {
    let t = project_with_marker();
    let needle = MARKER.as_bytes();
    assert!(
        !holding(t.dir.path(), needle).is_empty(),
        "the marker is on disk before"
    );
    let r = json(&["purge", t.p(), "--doc", "访谈甲"]);
    assert!(
        r["forgotten"]["history_entries"].as_u64().unwrap() > 0,
        "{r}"
    );
    assert!(!r["backups_removed"].as_array().unwrap().is_empty(), "{r}");
    assert_eq!(r["indexed"], 1);
    // The source files written by the test are not the project's: leave them out.
    let left: Vec<_> = holding(t.dir.path(), needle)
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "txt"))
        .collect();
    assert!(left.is_empty(), "the marker is still in {left:?}");
    // Nor does the document's name linger in the audit trail.
    let log = ok(&["log", t.p()]);
    assert!(!log.contains("访谈甲"), "{log}");
    // The other document and its coding are intact; a backup made after the purge is clean.
    let docs = json(&["docs", t.p()]);
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!(docs[0]["name"], "访谈乙");
    let codings = json(&["codings", t.p()]);
    assert_eq!(codings.as_array().unwrap().len(), 1);
    assert_eq!(codings[0]["text"], "安委办");
    ok(&["backup", t.p()]);
    assert!(
        holding(t.dir.path(), needle)
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "txt"))
    );
    // Undo cannot bring it back; the project stays usable.
    assert!(ok(&["undo", t.p()]).contains("nothing to undo"));
    assert_eq!(
        json(&["search", t.p(), "受访者"]).as_array().unwrap().len(),
        0
    );
    let (passed, _) = (qcw(&["check", t.p()]).status.success(), ());
    assert!(passed);
}

#[test]
fn purging_a_memo_or_a_coding_removes_its_text_everywhere() {
    let t = project_with_marker();
    let r = json(&["purge", t.p(), "--doc-memo", "访谈甲", "--keep-backups"]);
    assert_eq!(r["backups_removed"].as_array().unwrap().len(), 0);
    let memo = json(&["memo", t.p(), "--doc", "访谈甲"]);
    assert_eq!(memo["memo"], "");
    for c in json(&["codings", t.p()]).as_array().unwrap() {
        let id = c["id"].as_i64().unwrap().to_string();
        ok(&["purge", t.p(), "--coding", &id]);
    }
    // The marker now lives only in the document text itself (and the kept backup).
    let project_files: Vec<_> = holding(t.dir.path(), MARKER.as_bytes())
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "txt"))
        .collect();
    assert!(!project_files.is_empty());
    assert!(json(&["codings", t.p()]).as_array().unwrap().is_empty());
    assert!(fails(&["purge", t.p(), "--coding", "99999"]).contains("99999"));
    assert!(fails(&["purge", t.p()]).contains("required"));
}

#[test]
fn compact_drops_old_log_entries_and_keeps_content() {
    let t = project_with_marker();
    let docs_before = json(&["docs", t.p()]);
    let codings_before = json(&["codings", t.p()]);
    let none = json(&["compact", t.p(), "--before", "2000-01-01T00:00:00Z"]);
    assert_eq!(none["history_entries"], 0);
    let f = json(&["compact", t.p()]);
    assert!(f["history_entries"].as_u64().unwrap() >= 5, "{f}");
    assert!(ok(&["undo", t.p()]).contains("nothing to undo"));
    assert_eq!(json(&["docs", t.p()]), docs_before);
    assert_eq!(json(&["codings", t.p()]), codings_before);
    assert!(fails(&["compact", t.p(), "--before", "yesterday"]).contains("RFC 3339"));
    // New work is undoable again.
    ok(&["memo", t.p(), "新备忘", "--project-memo"]);
    assert!(ok(&["undo", t.p()]).contains("undone"));
}

#[test]
fn a_redaction_then_compact_erases_the_original_from_the_file() {
    let t = project_with_marker();
    let docs = json(&["docs", t.p()]);
    assert!(docs.as_array().unwrap().len() == 2);
    // 受访者说：MARKER… — the marker starts at character 5.
    let end = (5 + MARKER.chars().count()).to_string();
    let r = json(&[
        "redact",
        t.p(),
        "--doc",
        "访谈甲",
        "--start",
        "5",
        "--end",
        &end,
    ]);
    assert!(
        r["text"].as_str().unwrap().chars().all(|c| c == '＊'),
        "{r}"
    );
    // The log still holds the original (undo works) and the project checks out.
    assert!(qcw(&["check", t.p()]).status.success());
    ok(&["undo", t.p()]);
    let shown = json(&["show", t.p(), "访谈甲", "--start", "5", "--end", &end]);
    assert_eq!(shown["text"], MARKER);
    ok(&["redo", t.p()]);
    assert!(qcw(&["check", t.p()]).status.success());
    // The document text no longer holds the marker, but the memos do: purge them, then compact.
    ok(&["purge", t.p(), "--doc-memo", "访谈甲"]);
    for c in json(&["codings", t.p()]).as_array().unwrap() {
        if c["memo"] == MARKER {
            let id = c["id"].as_i64().unwrap().to_string();
            ok(&["memo", t.p(), "", "--coding", &id]);
        }
    }
    ok(&["compact", t.p()]);
    let left: Vec<_> = holding(t.dir.path(), MARKER.as_bytes())
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "txt"))
        .collect();
    assert!(left.is_empty(), "the marker is still in {left:?}");
    assert!(qcw(&["check", t.p()]).status.success());
}
