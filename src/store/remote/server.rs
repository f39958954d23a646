//! The PostgreSQL side of the team server: the only PostgreSQL SQL of qcw.

use super::ServerUrl;
use crate::store::StoreError;
use crate::store::rows::Change;
use postgres::{Client, Config, NoTls};
use std::str::FromStr as _;
use std::time::Duration;

/// The server schema, installed by the first `qcw team publish`.
const SCHEMA: &str = include_str!("../../../schema/pg/0001_server.sql");

/// Changes are sent in chunks of this many rows.
const CHUNK: usize = 2_000;

/// One operation of the server log as a replica sees it.
#[derive(Debug, Clone)]
pub(crate) struct PulledOp {
    pub(crate) id: i64,
    /// `publish`, `do`, `undo`, `redo`, or `hidden` (another coder's operation in a blinded
    /// project: only the rows this role may see, no label).
    pub(crate) kind: String,
    pub(crate) author: String,
    pub(crate) label: String,
    pub(crate) history_id: Option<i64>,
    pub(crate) ts: String,
    pub(crate) changes: Vec<Change>,
}

/// A connection to the team server for one project.
pub(crate) struct Server {
    url: ServerUrl,
    client: Option<Client>,
    /// Whether a transaction is open.
    in_tx: bool,
    /// Whether this connection listens on channel `qcw`.
    listening: bool,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Connects (five seconds at most).
    pub(crate) fn connect(url: &ServerUrl) -> Result<Server, StoreError> {
        let mut s = Server {
            url: url.clone(),
            client: None,
            in_tx: false,
            listening: false,
        };
        s.client()?;
        Ok(s)
    }

    /// The project's address.
    pub(crate) fn url(&self) -> &ServerUrl {
        &self.url
    }

    /// The error for a PostgreSQL failure, with the server's own message.
    pub(crate) fn error(&self, e: &postgres::Error) -> StoreError {
        let message = match e.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => e.to_string(),
        };
        StoreError::Server {
            server: self.url.display(),
            message,
        }
    }

    /// [`Server::error`], and forgets the connection when it is gone (the server restarted or
    /// went away), so that the next call connects again.
    fn fail(&mut self, e: &postgres::Error) -> StoreError {
        let code = e.as_db_error().map(|d| d.code().code().to_owned());
        if e.is_closed() || code.is_some_and(|c| c.starts_with("57P") || c.starts_with("08")) {
            self.client = None;
            self.in_tx = false;
        }
        self.error(e)
    }

    fn refused(&self, message: impl Into<String>) -> StoreError {
        StoreError::Server {
            server: self.url.display(),
            message: message.into(),
        }
    }

    /// The open connection, connecting again when it was lost.
    fn client(&mut self) -> Result<&mut Client, StoreError> {
        if self.client.as_ref().is_some_and(Client::is_closed) {
            self.client = None;
            self.in_tx = false;
        }
        if self.client.is_none() {
            self.listening = false;
            let mut config = Config::from_str(self.url.connection()).map_err(|e| self.error(&e))?;
            config.connect_timeout(Duration::from_secs(5));
            config.application_name("qcw");
            // A server that stops answering (a cut network) fails a query instead of hanging it.
            config.keepalives_idle(Duration::from_secs(10));
            config.tcp_user_timeout(Duration::from_secs(15));
            if config.get_password().is_none()
                && let Ok(password) = std::env::var("PGPASSWORD")
            {
                config.password(password);
            }
            let client = config.connect(NoTls).map_err(|e| self.error(&e))?;
            self.client = Some(client);
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError::Inconsistent("no server connection".into()))
    }

    fn exec(&mut self, sql: &str) -> Result<(), StoreError> {
        let r = self.client()?.batch_execute(sql);
        r.map_err(|e| self.fail(&e))
    }

    /// Whether the connection is (still) open.
    pub(crate) fn is_connected(&self) -> bool {
        self.client.as_ref().is_some_and(|c| !c.is_closed())
    }

    /// Installs the server schema if this database has none yet.
    pub(crate) fn install_schema(&mut self) -> Result<(), StoreError> {
        let exists: bool = {
            let r = self
                .client()?
                .query_one("SELECT to_regclass('qcw.meta') IS NOT NULL", &[]);
            r.map_err(|e| self.fail(&e))?.get(0)
        };
        if !exists {
            self.exec(&format!("BEGIN; {SCHEMA}; COMMIT;"))?;
        }
        Ok(())
    }

    /// Opens a transaction holding the project's write lock (until commit or rollback).
    pub(crate) fn begin_locked(&mut self) -> Result<(), StoreError> {
        if self.in_tx {
            self.rollback();
        }
        if self.exec("BEGIN").is_err() {
            // A connection the server dropped (a restart) is made again, once.
            self.exec("BEGIN")?;
        }
        self.in_tx = true;
        let key = format!("qcw:{}", self.url.project());
        let r = self
            .client()?
            .execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&key]);
        if let Err(e) = r {
            let err = self.fail(&e);
            self.rollback();
            return Err(err);
        }
        Ok(())
    }

    /// Commits the open transaction (wakes the other clients).
    pub(crate) fn commit(&mut self) -> Result<(), StoreError> {
        let project = self.url.project().to_owned();
        let r = self
            .client()?
            .execute("SELECT pg_notify('qcw', $1)", &[&project]);
        if let Err(e) = r {
            let err = self.fail(&e);
            self.rollback();
            return Err(err);
        }
        self.in_tx = false;
        self.exec("COMMIT")
    }

    /// Rolls back the open transaction, if any (errors ignored: a lost connection has none).
    pub(crate) fn rollback(&mut self) {
        if self.in_tx {
            self.in_tx = false;
            if let Some(c) = self.client.as_mut()
                && c.batch_execute("ROLLBACK").is_err()
            {
                self.client = None;
            }
        }
    }

    /// The project's uuid, and whether this role may read it at all.
    pub(crate) fn project_uuid(&mut self) -> Result<String, StoreError> {
        let project = self.url.project().to_owned();
        let r = self
            .client()?
            .query_opt("SELECT uuid FROM qcw.projects WHERE name = $1", &[&project]);
        match r.map_err(|e| self.fail(&e))? {
            Some(row) => Ok(row.get(0)),
            None => Err(self.refused(format!(
                "no project {project:?} here, or you are not one of its members"
            ))),
        }
    }

    /// This role's coder name in the project (none: not a member; the owner then codes under
    /// the role's name).
    pub(crate) fn my_coder(&mut self) -> Result<Option<String>, StoreError> {
        let project = self.url.project().to_owned();
        let r = self
            .client()?
            .query_one("SELECT qcw.my_coder($1), session_user::text", &[&project]);
        let row = r.map_err(|e| self.fail(&e))?;
        Ok(row.get::<_, Option<String>>(0))
    }

    /// The role this connection logged in as.
    pub(crate) fn role(&mut self) -> Result<String, StoreError> {
        let r = self.client()?.query_one("SELECT session_user::text", &[]);
        Ok(r.map_err(|e| self.fail(&e))?.get(0))
    }

    /// A fresh block of 2^32 row ids for a replica: `[first, first + 2^32)`.
    pub(crate) fn reserve_ids(&mut self) -> Result<i64, StoreError> {
        let r = self
            .client()?
            .query_one("SELECT nextval('qcw.id_blocks')", &[]);
        let block: i64 = r.map_err(|e| self.fail(&e))?.get(0);
        Ok(block << 32)
    }

    /// The operation sent with idempotency key `key`, if it reached the server.
    pub(crate) fn op_with_key(&mut self, key: &str) -> Result<Option<i64>, StoreError> {
        let project = self.url.project().to_owned();
        let r = self.client()?.query_opt(
            "SELECT id FROM qcw.ops WHERE project = $1 AND idem_key = $2",
            &[&project, &key],
        );
        Ok(r.map_err(|e| self.fail(&e))?.map(|row| row.get(0)))
    }

    /// Appends an operation and its changes; returns its id. Within the open transaction.
    pub(crate) fn push(
        &mut self,
        kind: &str,
        author: &str,
        label: &str,
        history_id: Option<i64>,
        idem_key: &str,
        changes: &[Change],
    ) -> Result<i64, StoreError> {
        let project = self.url.project().to_owned();
        let r = self.client()?.query_one(
            "INSERT INTO qcw.ops (project, author, kind, history_id, label, idem_key)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[&project, &author, &kind, &history_id, &label, &idem_key],
        );
        let id: i64 = r.map_err(|e| self.fail(&e))?.get(0);
        let mut seq = 0_i32;
        for chunk in changes.chunks(CHUNK) {
            let json = chunk
                .iter()
                .map(serde_json::to_string)
                .collect::<Result<Vec<String>, _>>()?;
            let r = self.client()?.execute(
                "INSERT INTO qcw.op_rows (op_id, seq, project, change)
                 SELECT $1, $2 + (t.n)::int, $3, t.c::jsonb FROM unnest($4::text[]) WITH ORDINALITY AS t(c, n)",
                &[&id, &seq, &project, &json],
            );
            r.map_err(|e| self.fail(&e))?;
            seq += i32::try_from(chunk.len()).unwrap_or(i32::MAX);
        }
        Ok(id)
    }

    /// The operations after `last`, oldest first, with the changes this role may see; once more
    /// on a new connection when the server dropped this one (a restart).
    pub(crate) fn ops_after(&mut self, last: i64) -> Result<Vec<PulledOp>, StoreError> {
        match self.ops_after_once(last) {
            Err(_) if self.client.is_none() && !self.in_tx => self.ops_after_once(last),
            r => r,
        }
    }

    fn ops_after_once(&mut self, last: i64) -> Result<Vec<PulledOp>, StoreError> {
        let project = self.url.project().to_owned();
        let heads = {
            let r = self.client()?.query(
                "SELECT id, kind, author, label, history_id,
                        to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')
                 FROM qcw.ops WHERE project = $1 AND id > $2 ORDER BY id",
                &[&project, &last],
            );
            r.map_err(|e| self.fail(&e))?
        };
        let mut ops: std::collections::BTreeMap<i64, PulledOp> = heads
            .iter()
            .map(|r| {
                let id: i64 = r.get(0);
                let op = PulledOp {
                    id,
                    kind: r.get(1),
                    author: r.get(2),
                    label: r.get(3),
                    history_id: r.get(4),
                    ts: r.get(5),
                    changes: Vec::new(),
                };
                (id, op)
            })
            .collect();
        let rows = {
            let r = self.client()?.query(
                "SELECT op_id, change::text FROM qcw.op_rows
                 WHERE project = $1 AND op_id > $2 ORDER BY op_id, seq",
                &[&project, &last],
            );
            r.map_err(|e| self.fail(&e))?
        };
        for r in rows {
            let id: i64 = r.get(0);
            let change: Change = serde_json::from_str(r.get::<_, &str>(1))?;
            ops.entry(id)
                .or_insert_with(|| PulledOp {
                    id,
                    kind: "hidden".into(),
                    author: String::new(),
                    label: String::new(),
                    history_id: None,
                    ts: crate::clock::now_rfc3339(),
                    changes: Vec::new(),
                })
                .changes
                .push(change);
        }
        Ok(ops.into_values().collect())
    }

    /// Runs a statement with parameters (the admin module's writes).
    pub(crate) fn execute(
        &mut self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        let r = self.client()?.execute(sql, params);
        r.map_err(|e| self.fail(&e))
    }

    /// Runs a query with parameters (the admin module's reads).
    pub(crate) fn query(
        &mut self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, StoreError> {
        let r = self.client()?.query(sql, params);
        r.map_err(|e| self.fail(&e))
    }

    /// Runs several statements without parameters (role administration).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.exec(sql)
    }

    /// Listens on channel `qcw` (once per connection).
    pub(crate) fn listen(&mut self) -> Result<(), StoreError> {
        if !self.listening {
            self.exec("LISTEN qcw")?;
            self.listening = true;
        }
        Ok(())
    }

    /// Waits up to `timeout` for a NOTIFY on channel `qcw` about this project; true if one came.
    /// Uses its own connection (`LISTEN` must not share the command connection's transactions).
    pub(crate) fn wait_for_change(&mut self, timeout: Duration) -> Result<bool, StoreError> {
        use postgres::fallible_iterator::FallibleIterator as _;
        self.listen()?;
        let project = self.url.project().to_owned();
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Ok(false);
            }
            let next = {
                let client = self.client()?;
                let mut n = client.notifications();
                n.timeout_iter(left).next()
            };
            match next {
                Ok(Some(n)) if n.payload() == project => return Ok(true),
                Ok(Some(_)) => {}
                Ok(None) => return Ok(false),
                Err(e) => {
                    self.listening = false;
                    return Err(self.error(&e));
                }
            }
        }
    }
}
