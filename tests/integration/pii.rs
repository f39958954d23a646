//! The anonymization audit through the CLI: `qcw pii` finds planted personal data, `qcw redact`
//! hides a range without moving any coding, undo brings the text (and the search index) back,
//! and the watch-list is edited by undoable commands.

use crate::util::*;
use qcw::store::Project;
use serde_json::Value;

const TEXT: &str = "访谈记录\n张伟说：我的电话是138 1234 5678，邮箱zhang.wei@example.com。\n\
身份证号110101199003078515，工资卡6222021234567890128。\n\
他在杨家村开粤B·D12345的车，单位电话010-62345678。\n";

/// A project with the planted text as document `a`.
fn planted() -> TempProject {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "empty"]);
    let file = write(t.dir.path(), "a.txt", TEXT.as_bytes());
    ok(&["import", t.p(), file.to_str().unwrap()]);
    t
}

fn text_of(t: &TempProject) -> String {
    json(&["show", t.p(), "a"])["text"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn chars(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

fn find(hits: &Value, kind: &str) -> (usize, usize, String) {
    let h = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} hit in {hits:#}"));
    (
        h["start"].as_u64().unwrap() as usize,
        h["end"].as_u64().unwrap() as usize,
        h["text"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn the_audit_finds_every_planted_kind_with_code_point_ranges() {
    let t = planted();
    let hits = json(&["pii", t.p()]);
    let text = text_of(&t);
    for (kind, expected) in [
        ("mobile", "138 1234 5678"),
        ("email", "zhang.wei@example.com"),
        ("id_number", "110101199003078515"),
        ("bank_card", "6222021234567890128"),
        ("plate", "粤B·D12345"),
        ("landline", "010-62345678"),
    ] {
        let (start, end, found) = find(&hits, kind);
        assert_eq!(found, expected);
        assert_eq!(chars(&text, start, end), expected, "{kind}: code points");
    }
    for h in hits.as_array().unwrap() {
        for key in ["doc", "doc_id", "kind", "start", "end", "text", "context"] {
            assert!(h.get(key).is_some(), "pii JSON lacks {key}: {h}");
        }
        assert!(
            h["context"]
                .as_str()
                .unwrap()
                .contains(h["text"].as_str().unwrap())
        );
    }
    assert_eq!(hits.as_array().unwrap().len(), 6, "{hits:#}");
    // Filters: one kind, one document; unknown ones are clear errors.
    let phones = json(&["pii", t.p(), "--kind", "mobile", "--doc", "a"]);
    assert_eq!(phones.as_array().unwrap().len(), 1);
    assert!(fails(&["pii", t.p(), "--kind", "dna"]).contains("unknown kind"));
    assert!(fails(&["pii", t.p(), "--doc", "nope"]).contains("nope"));
    // The plain listing ends with a count.
    assert!(ok(&["pii", t.p()]).trim_end().ends_with("6 hit(s)"));
}

#[test]
fn redaction_keeps_every_coding_and_undo_restores_the_text_and_the_index() {
    let t = planted();
    ok(&["code", "add", t.p(), "隐私"]);
    let before = text_of(&t);
    let (start, end, phone) = find(&json(&["pii", t.p()]), "mobile");
    // Codings before, after, around and across the range.
    let n = before.chars().count();
    let ranges = [
        (0, 4),
        (start - 3, start + 2),
        (start - 5, end + 5),
        (end - 1, end + 3),
        (end, n - 1),
    ];
    for (s, e) in ranges {
        ok(&[
            "code",
            "apply",
            t.p(),
            "--doc",
            "a",
            "--start",
            &s.to_string(),
            "--end",
            &e.to_string(),
            "--code",
            "隐私",
        ]);
    }
    let quotes = |t: &TempProject| -> Vec<(u64, u64, String)> {
        json(&["codings", t.p()])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["start"].as_u64().unwrap(),
                    c["end"].as_u64().unwrap(),
                    c["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let quotes_before = quotes(&t);
    let search_hits = |q: &str| json(&["search", t.p(), q]).as_array().unwrap().len();
    assert_eq!(search_hits("5678"), 1);
    assert_eq!(search_hits("张伟"), 1);

    let r = json(&[
        "redact",
        t.p(),
        "--doc",
        "a",
        "--start",
        &start.to_string(),
        "--end",
        &end.to_string(),
    ]);
    assert_eq!(r["text"], "＊".repeat(phone.chars().count()));
    let after = text_of(&t);
    assert_eq!(after.chars().count(), before.chars().count());
    assert_eq!(chars(&after, 0, start), chars(&before, 0, start));
    assert_eq!(chars(&after, end, n), chars(&before, end, n));
    assert!(!after.contains(&phone));
    // Every coding keeps its range; outside the redacted range its quote is unchanged.
    let quotes_after = quotes(&t);
    assert_eq!(quotes_after.len(), quotes_before.len());
    for ((s0, e0, q0), (s1, e1, q1)) in quotes_before.iter().zip(&quotes_after) {
        assert_eq!((s0, e0), (s1, e1));
        assert_eq!(q0.chars().count(), q1.chars().count());
        for (i, (c0, c1)) in q0.chars().zip(q1.chars()).enumerate() {
            let pos = *s0 as usize + i;
            if (start..end).contains(&pos) {
                assert_eq!(c1, if c0 == '\n' { '\n' } else { '＊' });
            } else {
                assert_eq!(
                    c0, c1,
                    "coding [{s0}, {e0}) changed outside the range at {pos}"
                );
            }
        }
    }
    // Audited, found no more, index in step.
    let log = json(&["log", t.p()]);
    assert!(log.as_array().unwrap().iter().any(|e| {
        e["label"]
            .as_str()
            .unwrap()
            .starts_with(&format!("redact [{start}, {end})"))
    }));
    assert!(
        json(&["pii", t.p(), "--kind", "mobile"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(search_hits("5678"), 0);
    assert_eq!(search_hits("张伟"), 1);

    ok(&["undo", t.p()]);
    assert_eq!(text_of(&t), before);
    assert_eq!(quotes(&t), quotes_before);
    assert_eq!(search_hits("5678"), 1);
    ok(&["redo", t.p()]);
    assert_eq!(text_of(&t), after);
    assert_eq!(search_hits("5678"), 0);
}

#[test]
fn watch_list_terms_are_found_redacted_and_undoable() {
    let t = planted();
    assert!(
        json(&["pii", "watch", t.p(), "list"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    ok(&["pii", "watch", t.p(), "add", "张伟"]);
    let list = json(&["pii", "watch", t.p(), "add", "杨家村", "--kind", "place"]);
    assert_eq!(
        list,
        serde_json::json!([{"term": "张伟", "kind": "name"}, {"term": "杨家村", "kind": "place"}])
    );
    let watch = json(&["pii", t.p(), "--kind", "watch"]);
    let found: Vec<&str> = watch
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["张伟", "杨家村"]);
    // Redact every watch-list hit as one undo step.
    let before = text_of(&t);
    let r = json(&["pii", t.p(), "--kind", "watch", "--redact-all"]);
    assert_eq!(r["redacted"], 2);
    let after = text_of(&t);
    assert!(!after.contains("张伟") && !after.contains("杨家村"));
    assert!(after.contains("＊＊说") && after.contains("在＊＊＊开"));
    assert_eq!(after.chars().count(), before.chars().count());
    ok(&["undo", t.p()]);
    assert_eq!(text_of(&t), before);
    // Removing is a command too, and undoable.
    ok(&["pii", "watch", t.p(), "remove", "张伟"]);
    assert_eq!(
        json(&["pii", "watch", t.p(), "list"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    ok(&["undo", t.p()]);
    assert_eq!(
        json(&["pii", "watch", t.p(), "list"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(fails(&["pii", "watch", t.p(), "remove", "无此人"]).contains("无此人"));
    assert!(fails(&["pii", "watch", t.p(), "add", "x", "--kind", "pet"]).contains("pet"));
    assert!(fails(&["pii", "watch", t.p(), "add", "  "]).contains("empty"));
}

#[test]
fn bad_redactions_are_refused_and_change_nothing() {
    let t = planted();
    let dump = || {
        let p = Project::open_read_only(&t.path).unwrap();
        (p.dump_domain().unwrap(), p.log().unwrap().len())
    };
    let before = dump();
    let n = TEXT.chars().count();
    for (doc, s, e, says) in [
        ("a", 5, 5, "not inside"),
        ("a", 7, 3, "not inside"),
        ("a", 0, n + 1, "not inside document a"),
        ("b", 0, 1, "b"),
    ] {
        let err = fails(&[
            "redact",
            t.p(),
            "--doc",
            doc,
            "--start",
            &s.to_string(),
            "--end",
            &e.to_string(),
        ]);
        assert!(err.contains(says), "{err}");
    }
    assert_eq!(dump(), before);
    // Redacting a range twice records nothing the second time.
    ok(&["redact", t.p(), "--doc", "a", "--start", "0", "--end", "4"]);
    let once = dump();
    ok(&["redact", t.p(), "--doc", "a", "--start", "0", "--end", "4"]);
    assert_eq!(dump(), once);
    // Line breaks stay: paragraphs do not merge.
    ok(&["redact", t.p(), "--doc", "a", "--start", "2", "--end", "7"]);
    assert!(text_of(&t).starts_with("＊＊＊＊\n＊＊说"));
}

#[test]
fn an_import_warns_when_the_documents_hold_personal_data() {
    let t = TempProject::new();
    ok(&["new", t.p(), "--template", "empty"]);
    let clean = write(t.dir.path(), "clean.txt", "他说工作很忙。".as_bytes());
    let out = qcw(&["import", t.p(), clean.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("personal"));
    let file = write(t.dir.path(), "a.txt", TEXT.as_bytes());
    let out = qcw(&["import", t.p(), file.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("6 likely personal-data hit(s) (mobile 1, landline 1, id_number 1, email 1, bank_card 1, plate 1)"),
        "{stderr}"
    );
    // The JSON on stdout is untouched.
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["imported"].as_array().unwrap().len(), 1);
}

/// The in-memory index (used when the on-disk one cannot be opened) follows a redaction, its
/// undo and redo too.
#[test]
fn an_in_memory_index_follows_redaction_and_undo() {
    use qcw::command::{Command, execute};
    use qcw::search::SearchIndex;
    use qcw::search::project::{project_segmenter, sync};
    use std::sync::Arc;
    let t = planted();
    let mut p = Project::open(&t.path, "tester").unwrap();
    let mut index = SearchIndex::in_ram(Arc::new(project_segmenter(&p).unwrap())).unwrap();
    let mut count = |p: &Project, q: &str| {
        sync(p, &mut index, None, &mut |_| {}).unwrap();
        index.count(q, None).unwrap()
    };
    assert_eq!(count(&p, "张伟"), 1);
    let doc_id = p.find_document("a").unwrap().unwrap();
    let start = TEXT.chars().position(|c| c == '张').unwrap();
    let redact = Command::Redact {
        doc_id,
        start,
        end: start + 2,
    };
    execute(&mut p, &redact).unwrap();
    assert_eq!(count(&p, "张伟"), 0);
    p.undo().unwrap();
    assert_eq!(count(&p, "张伟"), 1);
    p.redo().unwrap();
    assert_eq!(count(&p, "张伟"), 0);
}
