//! Rebasing commands made offline onto what the server received meanwhile, by the team-merge
//! rules: a row nobody else touched takes the offline change as it is; a memo edited on both
//! sides keeps both texts (the server's first); any other value edited on both sides keeps the
//! server's, the offline value is reported; a row deleted on the server and edited or used
//! offline is restored; a row edited on the server and deleted offline is kept. Every such
//! decision is a [`SyncConflict`].

use crate::store::rows::{Change, Row};
use serde::Serialize;
use std::collections::HashMap;

/// One conflict found while syncing, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncConflict {
    /// `edited-both`, `memo-both`, `deleted-on-server`, `deleted-offline`, `used-deleted`,
    /// `duplicate`.
    pub kind: String,
    /// The row concerned (`table:key`).
    pub target: String,
    /// What the row holds now.
    pub kept: String,
    /// The offline value that did not win (empty if none).
    pub other: String,
    /// What was done, in words.
    pub outcome: String,
}

/// The server's side of a rebase: the final image of every row the server's new operations
/// touched (`None`: deleted), and the last image of every row they deleted.
#[derive(Debug, Default)]
pub(crate) struct ServerSide {
    last: HashMap<String, Option<Row>>,
    deleted: HashMap<String, Row>,
}

impl ServerSide {
    /// Folds in the changes of one server operation.
    pub(crate) fn add(&mut self, changes: &[Change]) {
        for c in changes {
            match c {
                Change::Insert { row } => {
                    self.last.insert(row.key(), Some(row.clone()));
                }
                Change::Update { after, .. } => {
                    self.last.insert(after.key(), Some(after.clone()));
                }
                Change::Delete { row } => {
                    self.last.insert(row.key(), None);
                    self.deleted.insert(row.key(), row.clone());
                }
            }
        }
    }
}

fn short(row: &Row) -> String {
    match row {
        Row::Memo(m) => m.text.clone(),
        Row::CellMemo(m) => m.text.clone(),
        Row::Code(c) => c.name.clone(),
        Row::Case(c) => c.name.clone(),
        Row::DocAttr(a) => a.value.clone(),
        Row::CaseAttr(a) => a.value.clone(),
        Row::Coding(c) => format!("{}..{} {}", c.start, c.end, c.coder),
        other => other.key(),
    }
}

/// Both memo texts, the server's first, when `row` is a memo; `None` otherwise.
fn combined(server: &Row, offline: &Row) -> Option<Row> {
    let join = |a: &str, b: &str| format!("{a}\n\n—— 离线编辑 / offline edit ——\n{b}");
    match (server, offline) {
        (Row::Memo(s), Row::Memo(o)) => {
            let mut m = s.clone();
            m.text = join(&s.text, &o.text);
            Some(Row::Memo(m))
        }
        (Row::CellMemo(s), Row::CellMemo(o)) => {
            let mut m = s.clone();
            m.text = join(&s.text, &o.text);
            Some(Row::CellMemo(m))
        }
        _ => None,
    }
}

/// Rebases one offline command's changes; returns the changes to apply instead.
pub(crate) fn rebase(
    changes: &[Change],
    server: &mut ServerSide,
    conflicts: &mut Vec<SyncConflict>,
) -> Vec<Change> {
    let mut out = Vec::new();
    for c in changes {
        if let Change::Insert { row } | Change::Update { after: row, .. } = c {
            restore_refs(row, server, conflicts, &mut out);
        }
        let key = c.rows()[0].key();
        let Some(now) = server.last.get(&key).cloned() else {
            out.push(c.clone());
            continue;
        };
        let (emitted, conflict) = decide(c, now.as_ref());
        if let Some(conflict) = conflict {
            conflicts.push(conflict);
        }
        if let Some(e) = emitted {
            // Later offline changes of the same row start from what it holds now.
            server.last.insert(
                key,
                match &e {
                    Change::Delete { .. } => None,
                    Change::Insert { row } | Change::Update { after: row, .. } => Some(row.clone()),
                },
            );
            out.push(e);
        }
    }
    out
}

/// The rows the server deleted that `row` refers to are put back first (their parents too).
fn restore_refs(
    row: &Row,
    server: &mut ServerSide,
    conflicts: &mut Vec<SyncConflict>,
    out: &mut Vec<Change>,
) {
    for r in row.refs() {
        if matches!(server.last.get(&r), Some(None))
            && let Some(gone) = server.deleted.get(&r).cloned()
        {
            server.last.insert(r.clone(), Some(gone.clone()));
            restore_refs(&gone, server, conflicts, out);
            conflicts.push(SyncConflict {
                kind: "used-deleted".into(),
                target: r,
                kept: short(&gone),
                other: String::new(),
                outcome: "deleted on the server but used offline: restored".into(),
            });
            out.push(Change::Insert { row: gone });
        }
    }
}

fn conflict(kind: &str, target: &Row, kept: String, other: String, outcome: &str) -> SyncConflict {
    SyncConflict {
        kind: kind.into(),
        target: target.key(),
        kept,
        other,
        outcome: outcome.into(),
    }
}

/// What to do with offline change `c` of a row the server also changed (now `now`).
fn decide(c: &Change, now: Option<&Row>) -> (Option<Change>, Option<SyncConflict>) {
    match (c, now) {
        (Change::Insert { row } | Change::Update { after: row, .. }, Some(cur)) if cur == row => {
            (None, None)
        }
        (Change::Insert { row } | Change::Update { after: row, .. }, Some(cur)) => {
            match combined(cur, row) {
                Some(both) => (
                    Some(Change::Update {
                        before: cur.clone(),
                        after: both.clone(),
                    }),
                    Some(conflict(
                        "memo-both",
                        row,
                        short(&both),
                        short(row),
                        "memo edited on both sides: both texts kept, the server's first",
                    )),
                ),
                None => (
                    None,
                    Some(conflict(
                        "edited-both",
                        row,
                        short(cur),
                        short(row),
                        "edited on both sides: the server's value kept, the offline one reported",
                    )),
                ),
            }
        }
        (Change::Insert { row }, None) => (Some(Change::Insert { row: row.clone() }), None),
        (Change::Update { after, .. }, None) => (
            Some(Change::Insert { row: after.clone() }),
            Some(conflict(
                "deleted-on-server",
                after,
                short(after),
                String::new(),
                "deleted on the server, edited offline: restored with the offline edit",
            )),
        ),
        (Change::Delete { row }, Some(cur)) if cur == row => {
            (Some(Change::Delete { row: cur.clone() }), None)
        }
        (Change::Delete { row }, Some(cur)) => (
            None,
            Some(conflict(
                "deleted-offline",
                row,
                short(cur),
                String::new(),
                "edited on the server, deleted offline: kept",
            )),
        ),
        (Change::Delete { .. }, None) => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::rows::{CodeRow, MemoRow};

    fn memo(text: &str) -> Row {
        Row::Memo(MemoRow {
            target_kind: "document".into(),
            target_id: 1,
            text: text.into(),
            author: "甲".into(),
            updated_at: "t".into(),
        })
    }

    fn code(id: i64, name: &str) -> Row {
        Row::Code(CodeRow {
            id,
            parent_id: None,
            name: name.into(),
            color: String::new(),
            description: String::new(),
            definition: String::new(),
            inclusion: String::new(),
            exclusion: String::new(),
            example: String::new(),
            position: 0,
            uuid: None,
        })
    }

    #[test]
    fn untouched_rows_take_the_offline_change_and_memos_keep_both() {
        let mut server = ServerSide::default();
        server.add(&[Change::Update {
            before: memo("a"),
            after: memo("server"),
        }]);
        let mut conflicts = Vec::new();
        let out = rebase(
            &[
                Change::Update {
                    before: memo("a"),
                    after: memo("offline"),
                },
                Change::Insert {
                    row: code(7, "新")
                },
            ],
            &mut server,
            &mut conflicts,
        );
        assert_eq!(out.len(), 2);
        let Change::Update {
            after: Row::Memo(m),
            ..
        } = &out[0]
        else {
            panic!("{out:?}")
        };
        assert!(
            m.text.starts_with("server") && m.text.ends_with("offline"),
            "{}",
            m.text
        );
        assert_eq!(
            out[1],
            Change::Insert {
                row: code(7, "新")
            }
        );
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].kind, "memo-both");
    }

    #[test]
    fn deleted_on_server_and_edited_offline_is_restored_and_edits_on_both_keep_the_server() {
        let mut server = ServerSide::default();
        server.add(&[
            Change::Delete {
                row: code(1, "权力"),
            },
            Change::Update {
                before: code(2, "利益"),
                after: code(2, "利益（服务器）"),
            },
        ]);
        let mut conflicts = Vec::new();
        let out = rebase(
            &[
                Change::Update {
                    before: code(1, "权力"),
                    after: code(1, "权力（离线）"),
                },
                Change::Update {
                    before: code(2, "利益"),
                    after: code(2, "利益（离线）"),
                },
                Change::Delete {
                    row: code(2, "利益"),
                },
            ],
            &mut server,
            &mut conflicts,
        );
        assert_eq!(
            out,
            vec![Change::Insert {
                row: code(1, "权力（离线）")
            }]
        );
        let kinds: Vec<&str> = conflicts.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["deleted-on-server", "edited-both", "deleted-offline"]
        );
        assert_eq!(conflicts[1].other, "利益（离线）");
    }
}
