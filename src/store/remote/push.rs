//! Sending one command made in a replica to the team server, or queueing it when the server
//! cannot be reached.

use super::Server;
use super::replica::{self, IdAlloc, Pending};
use crate::clock::now_rfc3339;
use crate::store::rows::Change;
use crate::store::{StoreError, new_uuid};
use rusqlite::Connection;

/// An undo or redo to send.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step<'a> {
    /// `undo` or `redo`.
    pub(crate) kind: &'a str,
    /// The undone entry's label.
    pub(crate) label: &'a str,
    /// The undone entry's history id.
    pub(crate) target: i64,
    /// The changes the step made.
    pub(crate) effective: &'a [Change],
}

/// Records a command made in a replica: sent to the server within the transaction `begin`
/// opened when `server` is given and that works; queued otherwise. Returns its history id.
pub(crate) fn record_remote(
    tx: &Connection,
    server: Option<&mut Server>,
    ids: &mut IdAlloc,
    actor: &str,
    label: &str,
    changes: &[Change],
) -> Result<i64, StoreError> {
    let ts = now_rfc3339();
    let idem_key = new_uuid();
    if let Some(server) = server {
        match server.push("do", actor, label, None, &idem_key, changes) {
            Ok(op) => {
                replica::record_with_id(tx, op, &ts, actor, label, changes)?;
                if server.commit().is_ok() {
                    replica::set_meta(tx, replica::LAST_OP, &op.to_string())?;
                } else {
                    // Whether it arrived is unknown: the key tells at the next sync.
                    replica::add_pending(
                        tx,
                        &Pending {
                            history_id: op,
                            idem_key,
                            kind: "do".into(),
                            target: None,
                        },
                    )?;
                }
                return Ok(op);
            }
            Err(e) if server.is_connected() => {
                // The server refused (not allowed): the command fails, nothing is queued.
                server.rollback();
                return Err(e);
            }
            Err(_) => server.rollback(),
        }
    }
    let id = ids.take()?;
    replica::record_with_id(tx, id, &ts, actor, label, changes)?;
    replica::add_pending(
        tx,
        &Pending {
            history_id: id,
            idem_key,
            kind: "do".into(),
            target: None,
        },
    )?;
    Ok(id)
}

/// Sends (or queues) an undo or redo of history entry `target` made in a replica.
pub(crate) fn record_remote_step(
    tx: &Connection,
    server: Option<&mut Server>,
    ids: &mut IdAlloc,
    actor: &str,
    step: &Step<'_>,
) -> Result<(), StoreError> {
    let Step {
        kind,
        label,
        target,
        effective,
    } = *step;
    let idem_key = new_uuid();
    if let Some(server) = server {
        match server.push(kind, actor, label, Some(target), &idem_key, effective) {
            Ok(op) => {
                if server.commit().is_ok() {
                    return replica::set_meta(tx, replica::LAST_OP, &op.to_string());
                }
                // Whether it arrived is unknown: queued, the key tells at the next sync.
            }
            Err(e) if server.is_connected() => {
                server.rollback();
                return Err(e);
            }
            Err(_) => server.rollback(),
        }
    }
    let queue_id = ids.take()?;
    replica::add_pending(
        tx,
        &Pending {
            history_id: queue_id,
            idem_key,
            kind: kind.into(),
            target: Some(target),
        },
    )
}
