//! The team server: a project that lives on PostgreSQL, with project files as replicas.
//!
//! The server holds an append-only log of operations, each with the row-level changes it made
//! (`schema/pg/0001_server.sql`). A replica applies them in order and remembers the last one it
//! applied; a command in a replica takes the project's server lock, catches up, applies itself
//! locally and appends itself to the server log in the same PostgreSQL transaction, with an
//! idempotency key. When the server cannot be reached the command stays in the replica, queued
//! (`remote_pending`), and is sent by the next sync, rebased onto what others did meanwhile
//! (`rebase.rs`: the merge rules of the team-merge issue, reported as conflicts).
//!
//! `server.rs` holds the PostgreSQL side (the only PostgreSQL SQL of qcw), `replica.rs` the
//! project file's side, `sync.rs` the protocol between them, `admin.rs` publishing and members.

mod admin;
mod push;
mod rebase;
mod replica;
mod server;
mod sync;

pub use admin::{
    Listener, Member, Presence, ProjectSettings, PublishInfo, add_member, members, remove_member,
    set_settings,
};
pub use rebase::SyncConflict;
pub use sync::SyncReport;

pub(crate) use push::{Step, record_remote, record_remote_step};
pub(crate) use replica::IdAlloc;
pub(crate) use server::Server;

use super::StoreError;

/// A team project's address: a PostgreSQL connection URL with the project's name as its
/// `project` parameter, e.g. `postgres://host:5432/qcw?project=研究`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl {
    /// The connection string, without `project`.
    conn: String,
    /// The project's name on the server.
    project: String,
}

impl ServerUrl {
    /// Whether `s` looks like a server address rather than a file name.
    pub fn is_server(s: &str) -> bool {
        s.starts_with("postgres://") || s.starts_with("postgresql://")
    }

    /// Parses `postgres://…?project=NAME` (the project may also be given separately).
    ///
    /// # Errors
    /// Not a `postgres://` URL, or no project name.
    pub fn parse(s: &str, project: Option<&str>) -> Result<ServerUrl, StoreError> {
        if !ServerUrl::is_server(s) {
            return Err(StoreError::Server {
                server: s.to_owned(),
                message: "not a postgres:// URL".into(),
            });
        }
        let (base, query) = s.split_once('?').unwrap_or((s, ""));
        let mut rest = Vec::new();
        let mut name = project.map(str::to_owned);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("project", v)) => name = Some(percent_decode(v)),
                _ => rest.push(pair),
            }
        }
        let project = name
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| StoreError::Server {
                server: redact(s),
                message: "no project: add ?project=NAME to the URL".into(),
            })?;
        let conn = if rest.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        Ok(ServerUrl { conn, project })
    }

    /// The project's name on the server.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// The connection string (without the project).
    pub fn connection(&self) -> &str {
        &self.conn
    }

    /// The connection string without a password (what a replica remembers).
    pub fn connection_without_password(&self) -> String {
        redact(&self.conn)
    }

    /// The same server, another project.
    pub fn with_project(&self, project: &str) -> ServerUrl {
        ServerUrl {
            conn: self.conn.clone(),
            project: project.to_owned(),
        }
    }

    /// The full address as the user writes it, without a password (for messages and the
    /// replica's metadata).
    pub fn display(&self) -> String {
        let sep = if self.conn.contains('?') { '&' } else { '?' };
        redact(&format!("{}{sep}project={}", self.conn, self.project))
    }
}

impl std::fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

/// `user:password@` → `user@`.
fn redact(s: &str) -> String {
    let Some((scheme, rest)) = s.split_once("://") else {
        return s.to_owned();
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    match rest[..host_end].rsplit_once('@') {
        Some((cred, host)) => {
            let user = cred.split_once(':').map_or(cred, |(u, _)| u);
            format!("{scheme}://{user}@{host}{}", &rest[host_end..])
        }
        None => s.to_owned(),
    }
}

/// Decodes `%XX` escapes (UTF-8) and `+`.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_project_out_of_the_url() {
        let u = ServerUrl::parse(
            "postgres://pi:secret@db.example:5433/qcw?project=%E7%A0%94%E7%A9%B6&sslmode=disable",
            None,
        )
        .unwrap();
        assert_eq!(u.project(), "研究");
        assert_eq!(
            u.connection(),
            "postgres://pi:secret@db.example:5433/qcw?sslmode=disable"
        );
        assert_eq!(
            u.display(),
            "postgres://pi@db.example:5433/qcw?sslmode=disable&project=研究"
        );
        let socket = ServerUrl::parse(
            "postgres://a@localhost/db?host=/tmp/s&port=5&project=p",
            None,
        )
        .unwrap();
        assert_eq!(
            socket.connection(),
            "postgres://a@localhost/db?host=/tmp/s&port=5"
        );
    }

    #[test]
    fn refuses_a_url_without_project_or_a_file_name() {
        assert!(ServerUrl::parse("postgres://h/db", None).is_err());
        assert!(ServerUrl::parse("研究.qcw", Some("p")).is_err());
        assert_eq!(
            ServerUrl::parse("postgres://h/db", Some("p"))
                .unwrap()
                .project(),
            "p"
        );
    }
}
