//! The replica protocol: clone, catch up, send a command, queue it when offline, and sync the
//! queue later, rebased onto what others did meanwhile.

use super::rebase::{ServerSide, SyncConflict, rebase};
use super::replica::{self, IdAlloc, Pending};
use super::{Server, ServerUrl};
use crate::clock::now_rfc3339;
use crate::store::rows::Change;
use crate::store::{Project, StoreError, apply_change};
use rusqlite::Connection;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// After a failed connection, commands do not try the server again for this long.
const RETRY_AFTER: Duration = Duration::from_secs(10);

/// What a sync did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct SyncReport {
    /// Server operations applied here.
    pub pulled: usize,
    /// Queued commands sent.
    pub pushed: usize,
    /// Queued commands still waiting (the server could not be reached).
    pub pending: usize,
    /// Conflicts between queued commands and the server, and what was done.
    pub conflicts: Vec<SyncConflict>,
    /// The last server operation applied here.
    pub last_op: i64,
}

/// A queued command with the changes it made here.
struct Queued {
    pending: Pending,
    actor: String,
    label: String,
    changes: Vec<Change>,
}

impl Project {
    /// Whether this project file is a replica of a team project.
    pub fn is_replica(&self) -> bool {
        self.ids.is_some()
    }

    /// The team project this file replicates (address without password), if any.
    pub fn remote_url(&self) -> Result<Option<String>, StoreError> {
        let url = replica::meta(self.conn(), replica::URL)?;
        let project = replica::meta(self.conn(), replica::PROJECT)?;
        url.zip(project)
            .map(|(u, p)| ServerUrl::parse(&u, Some(&p)).map(|s| s.display()))
            .transpose()
    }

    /// The member a replica codes as (the name it was cloned for), if it is one.
    pub fn replica_coder(&self) -> Option<String> {
        self.ids?;
        replica::meta(self.conn(), "created_by").ok().flatten()
    }

    /// How many commands wait to be sent to the server.
    pub fn pending_count(&self) -> Result<usize, StoreError> {
        Ok(replica::pending(self.conn())?.len())
    }

    /// Whether the last attempt to reach the server failed (and when).
    pub fn is_offline(&self) -> bool {
        self.offline_since.is_some()
    }

    /// Clones team project `url` into a new replica file `out`, as `actor` (default: the role's
    /// coder name in the project).
    ///
    /// # Errors
    /// The server cannot be reached or refuses (not a member), or `out` exists.
    pub fn clone_from_server(
        url: &ServerUrl,
        out: &Path,
        actor: Option<&str>,
    ) -> Result<Project, StoreError> {
        let mut server = Server::connect(url)?;
        let uuid = server.project_uuid()?;
        let coder = match actor {
            Some(a) => a.to_owned(),
            None => match server.my_coder()? {
                Some(c) => c,
                None => server.role()?,
            },
        };
        let first = server.reserve_ids()?;
        let blinded_coder = {
            let rows = server.query(
                "SELECT blinded AND NOT qcw.is_pi(name) FROM qcw.projects WHERE name = $1",
                &[&url.project()],
            )?;
            rows.first().is_some_and(|r| r.get::<_, bool>(0))
        };
        let mut project = Project::create(out, &coder)?;
        {
            let conn = project.conn();
            replica::set_meta(conn, "project_uuid", &uuid)?;
            replica::set_meta(
                conn,
                replica::URL,
                url.connection_without_password().as_str(),
            )?;
            replica::set_meta(conn, replica::PROJECT, url.project())?;
            IdAlloc::block(first).save(conn)?;
            if blinded_coder {
                replica::set_meta(conn, "blind_coder", &coder)?;
            }
        }
        project.ids = IdAlloc::load(project.conn())?;
        project.remote = Some(Box::new(server));
        project.sync()?;
        Ok(project)
    }

    /// Opens team project `url` through a replica kept in the user's cache folder (cloned the
    /// first time) and brings it up to date.
    ///
    /// # Errors
    /// As [`Project::clone_from_server`] and [`Project::sync`].
    pub fn open_server(url: &ServerUrl, actor: Option<&str>) -> Result<Project, StoreError> {
        Project::open_server_at(url, None, actor)
    }

    /// [`Project::open_server`] with the replica at `replica` (cloned there the first time)
    /// instead of the cache folder.
    ///
    /// # Errors
    /// As [`Project::open_server`]; `replica` is a replica of another project.
    pub fn open_server_at(
        url: &ServerUrl,
        replica: Option<&Path>,
        actor: Option<&str>,
    ) -> Result<Project, StoreError> {
        if let Some(path) = replica {
            return Project::open_replica(url, path.to_owned(), actor);
        }
        let dir = directories::ProjectDirs::from("", "", "qcw")
            .map(|d| d.cache_dir().join("replicas"))
            .unwrap_or_else(|| std::env::temp_dir().join("qcw-replicas"));
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
        let who = actor.map(str::to_owned).unwrap_or_default();
        let name = crate::text::sha256_hex(format!("{}\n{who}", url.display()).as_bytes());
        let path = dir.join(format!("{}.qcw", &name[..24]));
        Project::open_replica(url, path, actor)
    }

    fn open_replica(
        url: &ServerUrl,
        path: PathBuf,
        actor: Option<&str>,
    ) -> Result<Project, StoreError> {
        if !path.exists() {
            return Project::clone_from_server(url, &path, actor);
        }
        let mut project = Project::open(&path, actor.unwrap_or(""))?;
        let same =
            replica::meta(project.conn(), replica::PROJECT)?.as_deref() == Some(url.project());
        if !same {
            return Err(StoreError::Server {
                server: url.display(),
                message: format!("{} is not a replica of this project", path.display()),
            });
        }
        if actor.is_none()
            && let Some(creator) = project.replica_coder()
        {
            project.actor = creator;
        }
        project.remote = Some(Box::new(Server::connect(url)?));
        let report = project.sync()?;
        if report.pending > 0 {
            return Err(StoreError::Unsynced {
                path,
                count: report.pending,
            });
        }
        Ok(project)
    }

    /// Works offline from now on (commands are queued without trying the server) until
    /// [`Project::reconnect`]: the workbench does this when its listener finds the server gone,
    /// so that no command waits for a server that does not answer.
    pub fn go_offline(&mut self) {
        self.hold_offline = true;
        self.offline_since = Some(Instant::now());
        if let Some(s) = self.remote.as_mut() {
            s.rollback();
        }
        self.remote = None;
    }

    /// Connects again after [`Project::go_offline`] and sends what was queued meanwhile.
    ///
    /// # Errors
    /// As [`Project::sync`].
    pub fn reconnect(&mut self) -> Result<SyncReport, StoreError> {
        self.hold_offline = false;
        self.sync()
    }

    /// Connects to the server (again) when the project is a replica without a connection and
    /// the last failure is not too recent; returns whether a connection is there.
    fn remote_connect(&mut self) -> bool {
        if self.ids.is_none() || self.hold_offline {
            return false;
        }
        if self.remote.as_ref().is_some_and(|s| s.is_connected()) {
            return true;
        }
        if self
            .offline_since
            .is_some_and(|t| t.elapsed() < RETRY_AFTER)
        {
            return false;
        }
        let url = match (
            replica::meta(self.conn(), replica::URL),
            replica::meta(self.conn(), replica::PROJECT),
        ) {
            (Ok(Some(u)), Ok(Some(p))) => ServerUrl::parse(&u, Some(&p)).ok(),
            _ => None,
        };
        let url = self.remote.as_ref().map(|s| s.url().clone()).or(url);
        match url.map(|u| Server::connect(&u)) {
            Some(Ok(s)) => {
                self.remote = Some(Box::new(s));
                self.offline_since = None;
                true
            }
            _ => {
                self.offline_since = Some(Instant::now());
                false
            }
        }
    }

    /// Before a command in a replica: sends what is queued, takes the server lock and catches
    /// up. `false`: not a replica, or offline (the command is then queued).
    pub(crate) fn remote_begin(&mut self) -> Result<bool, StoreError> {
        if !self.remote_connect() {
            return Ok(false);
        }
        if !replica::pending(self.conn())?.is_empty() {
            match self.sync() {
                Ok(r) if r.pending == 0 => {}
                Ok(_) => return Ok(false),
                Err(e) => return self.went_offline(e),
            }
        }
        // Catch up before taking the lock, so that the lock is held only for the little that
        // arrives meanwhile (the other writers wait for it).
        if let Err(e) = self.pull_locked() {
            return self.went_offline(e);
        }
        let Some(server) = self.remote.as_mut() else {
            return Ok(false);
        };
        if let Err(e) = server.begin_locked() {
            return self.went_offline(e);
        }
        match self.pull_locked() {
            Ok(_) => Ok(true),
            Err(e) => {
                if let Some(s) = self.remote.as_mut() {
                    s.rollback();
                }
                self.went_offline(e)
            }
        }
    }

    /// A server failure: offline from now on (retried later); other failures stay errors.
    fn went_offline(&mut self, e: StoreError) -> Result<bool, StoreError> {
        match e {
            StoreError::Server { .. } => {
                self.offline_since = Some(Instant::now());
                if let Some(s) = self.remote.as_mut() {
                    s.rollback();
                }
                Ok(false)
            }
            e => Err(e),
        }
    }

    /// Applies the server's new operations (no lock needed: they are committed facts).
    fn pull_locked(&mut self) -> Result<usize, StoreError> {
        let last = replica::last_op(self.conn())?;
        let Some(server) = self.remote.as_mut() else {
            return Ok(0);
        };
        let ops = server.ops_after(last)?;
        if ops.is_empty() {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        for op in &ops {
            replica::apply_pulled(&tx, op)?;
        }
        tx.commit()?;
        self.revision += 1;
        for op in &ops {
            self.touched.record(&op.changes);
        }
        Ok(ops.len())
    }

    /// Applies what others did on the server since the last call (the workbench calls it when
    /// woken by the server). Returns how many operations were applied; 0 when offline.
    ///
    /// # Errors
    /// SQLite fails, or a server operation cannot be applied.
    pub fn pull(&mut self) -> Result<usize, StoreError> {
        if !self.remote_connect() {
            return Ok(0);
        }
        match self.pull_locked() {
            Ok(n) => Ok(n),
            Err(e) => self.went_offline(e).map(|_| 0),
        }
    }

    /// Sends the queued commands (rebased onto the server's new operations, conflicts reported)
    /// and applies the server's new operations, in one server transaction.
    ///
    /// # Errors
    /// The project is no replica, the server cannot be reached, or a change cannot be applied.
    pub fn sync(&mut self) -> Result<SyncReport, StoreError> {
        if self.ids.is_none() {
            return Err(StoreError::NotReplica(self.path.clone()));
        }
        self.offline_since = None;
        if !self.remote_connect() {
            let url = self.remote_url()?.unwrap_or_default();
            return Err(StoreError::Server {
                server: url,
                message: "cannot reach the server".into(),
            });
        }
        let Some(server) = self.remote.as_mut() else {
            return Ok(SyncReport::default());
        };
        server.begin_locked()?;
        match self.sync_locked() {
            Ok(report) => Ok(report),
            Err(e) => {
                if let Some(s) = self.remote.as_mut() {
                    s.rollback();
                }
                Err(e)
            }
        }
    }

    fn sync_locked(&mut self) -> Result<SyncReport, StoreError> {
        let pend = replica::pending(self.conn())?;
        let last = replica::last_op(self.conn())?;
        let server = self
            .remote
            .as_mut()
            .ok_or_else(|| StoreError::Inconsistent("no server".into()))?;
        let ops = server.ops_after(last)?;
        let mut sent = std::collections::HashSet::new();
        for p in &pend {
            if server.op_with_key(&p.idem_key)?.is_some() {
                sent.insert(p.idem_key.clone());
            }
        }
        let queued = queued(self.conn(), &pend)?;
        let actor_default = self.actor.clone();
        let tx = self.conn.transaction()?;
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        roll_back(&tx, &queued)?;
        let mut side = ServerSide::default();
        for op in &ops {
            replica::apply_pulled(&tx, op)?;
            side.add(&op.changes);
        }
        let mut report = SyncReport {
            pulled: ops.len(),
            last_op: ops.last().map_or(last, |o| o.id),
            ..SyncReport::default()
        };
        let server = self
            .remote
            .as_mut()
            .ok_or_else(|| StoreError::Inconsistent("no server".into()))?;
        let mut renumbered = std::collections::HashMap::new();
        for q in queued
            .iter()
            .filter(|q| !sent.contains(&q.pending.idem_key))
        {
            let target = q.pending.target.map(|t| *renumbered.get(&t).unwrap_or(&t));
            let effective = match (q.pending.kind.as_str(), target) {
                ("do", _) => q.changes.clone(),
                (kind, Some(t)) => effective_of(&tx, kind, t)?,
                _ => Vec::new(),
            };
            let rebased = rebase(&effective, &mut side, &mut report.conflicts);
            let applied = apply_all(&tx, rebased, &mut report.conflicts)?;
            let actor = if q.actor.is_empty() {
                &actor_default
            } else {
                &q.actor
            };
            let op = server.push(
                &q.pending.kind,
                actor,
                &q.label,
                target,
                &q.pending.idem_key,
                &applied,
            )?;
            let ts = now_rfc3339();
            match (q.pending.kind.as_str(), target) {
                ("do", _) => {
                    replica::record_with_id(&tx, op, &ts, actor, &q.label, &applied)?;
                    renumbered.insert(q.pending.history_id, op);
                }
                ("undo", Some(t)) => replica::mark_undone(&tx, t, true, &ts, actor)?,
                ("redo", Some(t)) => replica::mark_undone(&tx, t, false, &ts, actor)?,
                _ => {}
            }
            report.pushed += 1;
            report.last_op = op;
        }
        tx.execute("DELETE FROM remote_pending", [])?;
        replica::set_meta(&tx, replica::LAST_OP, &report.last_op.to_string())?;
        server.commit()?;
        tx.commit()?;
        self.revision += 1;
        self.touched = crate::store::Touched::everything();
        Ok(report)
    }
}

/// The queued commands with their labels and the changes they made here (for `do`; an undo's
/// or redo's changes follow from its target).
fn queued(conn: &Connection, pend: &[Pending]) -> Result<Vec<Queued>, StoreError> {
    pend.iter()
        .map(|p| {
            let (actor, label, changes) = match (p.kind.as_str(), p.target) {
                ("do", _) => replica::history_entry(conn, p.history_id)?.unwrap_or_default(),
                (kind, Some(t)) => {
                    let (actor, label, _) = replica::history_entry(conn, t)?.unwrap_or_default();
                    (actor, label, effective_of(conn, kind, t)?)
                }
                _ => Default::default(),
            };
            Ok(Queued {
                pending: p.clone(),
                actor,
                label,
                changes,
            })
        })
        .collect()
}

/// The changes undoing (`undo`) or redoing history entry `target` makes.
fn effective_of(conn: &Connection, kind: &str, target: i64) -> Result<Vec<Change>, StoreError> {
    let changes = replica::history_entry(conn, target)?
        .map(|(_, _, c)| c)
        .unwrap_or_default();
    Ok(if kind == "undo" {
        changes.iter().rev().map(Change::inverse).collect()
    } else {
        changes
    })
}

/// Takes the queued commands back out of the replica, newest first.
fn roll_back(tx: &Connection, queued: &[Queued]) -> Result<(), StoreError> {
    for q in queued.iter().rev() {
        for c in q.changes.iter().rev() {
            apply_change(tx, &mut c.inverse())?;
        }
        match (q.pending.kind.as_str(), q.pending.target) {
            ("do", _) => {
                tx.execute(
                    "DELETE FROM history_text_refs WHERE history_id = ?1",
                    [q.pending.history_id],
                )?;
                tx.execute("DELETE FROM history WHERE id = ?1", [q.pending.history_id])?;
            }
            ("undo", Some(t)) => {
                tx.execute("UPDATE history SET undone = 0 WHERE id = ?1", [t])?;
            }
            ("redo", Some(t)) => {
                tx.execute("UPDATE history SET undone = 1 WHERE id = ?1", [t])?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Applies rebased changes; an insert that clashes with what is there (the same coding made on
/// both sides) is skipped and reported.
fn apply_all(
    tx: &Connection,
    changes: Vec<Change>,
    conflicts: &mut Vec<SyncConflict>,
) -> Result<Vec<Change>, StoreError> {
    let mut applied = Vec::with_capacity(changes.len());
    for mut c in changes {
        match apply_change(tx, &mut c) {
            Ok(()) => applied.push(c),
            Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                conflicts.push(SyncConflict {
                    kind: "duplicate".into(),
                    target: c.rows()[0].key(),
                    kept: String::new(),
                    other: String::new(),
                    outcome: "made on both sides: kept once".into(),
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(applied)
}
