//! Faults: a server restarted during a session, an offline replica with 200 queued edits and
//! conflicting changes on the server, a command whose acknowledgement was lost, a killed client.

use crate::server::{cluster, published, url};
use crate::team::{code, code_id, doc_id};
use qcw::command::{Command, execute};
use qcw::model::MemoTarget;
use qcw::store::remote::ProjectSettings;
use qcw::store::{CodingFilter, Project};
use std::collections::HashMap;

const OPEN: ProjectSettings = ProjectSettings {
    blinded: false,
    codebook_locked: false,
};

fn set_memo(p: &mut Project, target: MemoTarget, text: &str) {
    execute(
        p,
        &Command::SetMemo {
            target,
            text: text.into(),
        },
    )
    .unwrap();
}

/// (document, code, coder, start, end) → how many codings.
fn coding_counts(p: &Project) -> HashMap<(i64, i64, String, usize, usize), usize> {
    let mut m = HashMap::new();
    for c in p.codings(&CodingFilter::default()).unwrap() {
        *m.entry((c.doc_id, c.code_id, c.coder, c.start, c.end))
            .or_insert(0) += 1;
    }
    m
}

#[test]
fn an_offline_replica_with_200_queued_edits_syncs_after_the_server_returns() {
    let Some(c) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    published(&c, dir.path(), OPEN);
    let mut jia =
        Project::clone_from_server(&url(&c, "jia", "study"), &dir.path().join("jia.qcw"), None)
            .unwrap();
    let mut yi =
        Project::clone_from_server(&url(&c, "yi", "study"), &dir.path().join("yi.qcw"), None)
            .unwrap();
    let docs = jia.documents().unwrap();
    let (d0, d1) = (docs[0].id, docs[1].id);
    let used = code_id(&jia, "价值/价值共创");

    c.stop().unwrap();
    // 200 edits while the server is away: 197 codings, a memo, a code renamed, a coding of a
    // code that 乙 is about to delete.
    for i in 0..197 {
        code(&mut jia, &docs[0].name, (i, i + 3), "权力/赋权", "甲");
    }
    set_memo(&mut jia, MemoTarget::Document(d0), "甲的离线备忘");
    let interest = code_id(&jia, "利益/收益兼容");
    execute(
        &mut jia,
        &Command::EditCode {
            code_id: interest,
            edit: qcw::command::CodeEdit {
                name: Some("收益兼容（甲）".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    code(&mut jia, &docs[1].name, (5, 9), "价值/价值共创", "甲");
    assert_eq!(jia.pending_count().unwrap(), 200);
    assert!(jia.is_offline());

    c.restart().unwrap();
    // Meanwhile on the server: 乙 edits the same memo and code, and deletes the code 甲 used.
    yi.sync().unwrap();
    set_memo(&mut yi, MemoTarget::Document(d0), "乙的备忘");
    execute(
        &mut yi,
        &Command::EditCode {
            code_id: interest,
            edit: qcw::command::CodeEdit {
                name: Some("收益兼容（乙）".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    execute(
        &mut yi,
        &Command::DeleteCode {
            code_id: used,
            force: true,
        },
    )
    .unwrap();
    code(&mut yi, &docs[1].name, (20, 30), "权力/借力", "乙");

    let report = jia.sync().unwrap();
    assert_eq!(report.pushed, 200);
    assert_eq!(report.pending, 0);
    let kinds: Vec<&str> = report.conflicts.iter().map(|c| c.kind.as_str()).collect();
    assert!(kinds.contains(&"memo-both"), "{kinds:?}");
    assert!(kinds.contains(&"edited-both"), "{kinds:?}");
    assert!(kinds.contains(&"used-deleted"), "{kinds:?}");
    yi.pull().unwrap();
    assert_eq!(jia.dump_domain().unwrap(), yi.dump_domain().unwrap());
    // Every offline coding is there exactly once; the memo keeps both texts, the server's first;
    // the code keeps the server's name; the deleted code came back for 甲's coding.
    let counts = coding_counts(&yi);
    let jias: usize = counts
        .iter()
        .filter(|(k, _)| k.2 == "甲")
        .map(|(_, n)| *n)
        .sum();
    assert_eq!(jias, 198);
    assert!(counts.values().all(|n| *n == 1));
    let memo = yi.memo(MemoTarget::Document(d0)).unwrap();
    assert!(
        memo.starts_with("乙的备忘") && memo.contains("甲的离线备忘"),
        "{memo}"
    );
    assert!(
        yi.codes()
            .unwrap()
            .iter()
            .any(|c| c.path == "利益/收益兼容（乙）")
    );
    assert!(yi.codes().unwrap().iter().any(|c| c.id == used));
    assert!(
        counts
            .keys()
            .any(|k| k.0 == d1 && k.1 == used && k.2 == "甲")
    );
    // Syncing again sends nothing twice.
    let again = jia.sync().unwrap();
    assert_eq!((again.pushed, again.pulled), (0, 0));
    let fresh =
        Project::clone_from_server(&url(&c, "pi", "study"), &dir.path().join("pi.qcw"), None)
            .unwrap();
    assert_eq!(fresh.dump_domain().unwrap(), yi.dump_domain().unwrap());
}

#[test]
fn a_restart_during_a_session_applies_the_command_in_flight_exactly_once() {
    let Some(c) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    published(&c, dir.path(), OPEN);
    let path = dir.path().join("jia.qcw");
    let mut jia = Project::clone_from_server(&url(&c, "jia", "study"), &path, None).unwrap();
    let doc = jia.documents().unwrap()[0].name.clone();
    code(&mut jia, &doc, (0, 2), "权力/赋权", "甲");
    // The server goes down and comes back while the session goes on: the command made in
    // between is kept and sent once the server is back.
    c.stop().unwrap();
    code(&mut jia, &doc, (2, 4), "权力/赋权", "甲");
    assert_eq!(jia.pending_count().unwrap(), 1);
    c.restart().unwrap();
    jia.sync().unwrap();
    assert_eq!(jia.pending_count().unwrap(), 0);
    code(&mut jia, &doc, (4, 6), "权力/赋权", "甲");

    // A command that reached the server but whose acknowledgement was lost (the replica still
    // lists it as waiting): the next sync finds its idempotency key and does not send it again.
    let op = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row("SELECT max(id) FROM history", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    let key: String = {
        let mut admin =
            postgres::Client::connect(&c.url("postgres", "postgres"), postgres::NoTls).unwrap();
        admin
            .query_one("SELECT idem_key FROM qcw.ops WHERE id = $1", &[&op])
            .unwrap()
            .get(0)
    };
    drop(jia);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO remote_pending (history_id, idem_key, kind) VALUES (?1, ?2, 'do')",
            rusqlite::params![op, key],
        )
        .unwrap();
        conn.execute(
            "UPDATE project_meta SET value = ?1 WHERE key = 'remote_last_op'",
            [(op - 1).to_string()],
        )
        .unwrap();
    }
    let mut jia = Project::open(&path, "甲").unwrap();
    let report = jia.sync().unwrap();
    assert_eq!(report.pushed, 0);
    let counts = coding_counts(&jia);
    let d = doc_id(&jia, &doc);
    let mine: Vec<_> = counts
        .iter()
        .filter(|(k, _)| k.0 == d && k.2 == "甲")
        .collect();
    assert_eq!(mine.len(), 3, "{mine:?}");
    assert!(mine.iter().all(|(_, n)| **n == 1));
    let fresh =
        Project::clone_from_server(&url(&c, "pi", "study"), &dir.path().join("pi.qcw"), None)
            .unwrap();
    assert_eq!(fresh.dump_domain().unwrap(), jia.dump_domain().unwrap());
}

#[test]
fn a_client_killed_mid_command_leaves_nothing_partial() {
    let Some(c) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    published(&c, dir.path(), OPEN);
    let folder = dir.path().join("访谈");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..120 {
        let text: String = format!("第{i}份访谈：应急局牵头，平台运转。")
            .chars()
            .cycle()
            .take(40_000)
            .collect();
        std::fs::write(folder.join(format!("访谈{i:02}.txt")), text).unwrap();
    }
    let server = format!("{}&project=study", c.url("pi", "postgres"));
    let cache = dir.path().join("cache");
    let mut killed_running = 0;
    for ms in [100_u64, 300, 600, 1200] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_qcw"))
            .args([
                "import",
                &server,
                folder.to_str().unwrap(),
                "--kind",
                "interview",
            ])
            .env("XDG_CACHE_HOME", &cache)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
    }
    assert!(
        killed_running > 0,
        "every import ended before it was killed: nothing was tested"
    );
    // Every operation on the server is whole: each imported document arrived with its text,
    // and a fresh clone equals the killed client's replica once that has synced.
    let mut fresh =
        Project::clone_from_server(&url(&c, "pi", "study"), &dir.path().join("fresh.qcw"), None)
            .unwrap();
    let imported = fresh
        .documents()
        .unwrap()
        .iter()
        .filter(|d| d.name.starts_with("访谈"))
        .count();
    eprintln!("{imported} of 120 documents arrived; {killed_running} runs killed while running");
    for d in fresh
        .documents()
        .unwrap()
        .iter()
        .filter(|d| d.name.starts_with("访谈"))
    {
        let (_, text) = fresh.document_text(d.id).unwrap().unwrap();
        assert_eq!(text.chars().count(), 40_000, "{}", d.name);
    }
    assert!(fresh.check_store().unwrap().is_empty());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qcw"))
        .args(["docs", &server, "--json"])
        .env("XDG_CACHE_HOME", &cache)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    fresh.pull().unwrap();
    assert_eq!(
        listed.as_array().unwrap().len(),
        fresh.documents().unwrap().len()
    );
}
