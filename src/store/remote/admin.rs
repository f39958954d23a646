//! Publishing a project to a team server, its members and settings, and who works where.

use super::replica;
use super::{Server, ServerUrl};
use crate::store::{Project, StoreError, new_uuid};
use serde::Serialize;

/// What `qcw team publish` did.
#[derive(Debug, Clone, Serialize)]
pub struct PublishInfo {
    /// The project's address.
    pub url: String,
    /// Rows uploaded.
    pub rows: usize,
    /// The publishing operation's id.
    pub op: i64,
}

/// A member of a team project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The PostgreSQL role the member logs in as.
    pub role_name: String,
    /// The coder name their codings carry.
    pub coder: String,
    /// `pi` or `coder`.
    pub role: String,
}

/// A team project's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProjectSettings {
    /// Coders read only their own codings (the PIs read all).
    pub blinded: bool,
    /// Only PIs may change the codebook.
    pub codebook_locked: bool,
}

/// Who has which document open, as the workbench reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presence {
    /// The coder.
    pub coder: String,
    /// The document's name (empty: none open).
    pub document: String,
    /// Seconds since they were last seen.
    pub seconds_ago: i64,
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

impl Project {
    /// Uploads this project as team project `url` (installing the server schema on first use);
    /// the connecting role becomes its owner, a PI.
    ///
    /// # Errors
    /// The server cannot be reached or refuses, or a project of that name exists there.
    pub fn publish(
        &self,
        url: &ServerUrl,
        settings: ProjectSettings,
    ) -> Result<PublishInfo, StoreError> {
        let mut server = Server::connect(url)?;
        server.install_schema()?;
        let changes = replica::all_rows(self.conn())?;
        let uuid = self.project_uuid()?;
        server.begin_locked()?;
        let result = (|| {
            let exists = !server
                .query(
                    "SELECT 1 FROM qcw.projects WHERE name = $1",
                    &[&url.project()],
                )?
                .is_empty();
            if exists {
                return Err(StoreError::Server {
                    server: url.display(),
                    message: format!("a project named {:?} is already there", url.project()),
                });
            }
            server.execute(
                "INSERT INTO qcw.projects (name, uuid, blinded, codebook_locked) VALUES ($1, $2, $3, $4)",
                &[&url.project(), &uuid, &settings.blinded, &settings.codebook_locked],
            )?;
            let label = format!("publish {}", url.project());
            let op = server.push("publish", self.actor(), &label, None, &new_uuid(), &changes)?;
            server.commit()?;
            Ok(op)
        })();
        match result {
            Ok(op) => Ok(PublishInfo {
                url: url.display(),
                rows: changes.len(),
                op,
            }),
            Err(e) => {
                server.rollback();
                Err(e)
            }
        }
    }

    /// Presence: tells the server which document this replica's user has open.
    ///
    /// # Errors
    /// The server refuses (a failure to reach it is not an error: nothing is sent).
    pub fn set_presence(&mut self, document: &str) -> Result<(), StoreError> {
        let Some(server) = self.remote.as_mut().filter(|s| s.is_connected()) else {
            return Ok(());
        };
        let project = server.url().project().to_owned();
        server.execute(
            "INSERT INTO qcw.presence (project, coder, document, seen_at)
             SELECT $1, qcw.my_coder($1), $2, now() WHERE qcw.my_coder($1) IS NOT NULL
             ON CONFLICT (project, coder) DO UPDATE SET document = $2, seen_at = now()",
            &[&project, &document],
        )?;
        Ok(())
    }

    /// Who else works on the team project now (seen in the last two minutes).
    ///
    /// # Errors
    /// The server refuses.
    pub fn presence(&mut self) -> Result<Vec<Presence>, StoreError> {
        let Some(server) = self.remote.as_mut().filter(|s| s.is_connected()) else {
            return Ok(Vec::new());
        };
        let project = server.url().project().to_owned();
        let rows = server.query(
            "SELECT coder, document, extract(epoch FROM now() - seen_at)::bigint FROM qcw.presence
             WHERE project = $1 AND seen_at > now() - interval '2 minutes'
               AND coder IS DISTINCT FROM qcw.my_coder($1) ORDER BY coder",
            &[&project],
        )?;
        Ok(rows
            .iter()
            .map(|r| Presence {
                coder: r.get(0),
                document: r.get(1),
                seconds_ago: r.get(2),
            })
            .collect())
    }

    /// Waits up to `timeout` for another member's change (a NOTIFY from the server) on a
    /// second connection `listener`, made by [`Project::listener`].
    ///
    /// # Errors
    /// The server connection fails.
    pub fn wait_for_change(
        listener: &mut Listener,
        timeout: std::time::Duration,
    ) -> Result<bool, StoreError> {
        listener.0.wait_for_change(timeout)
    }

    /// A second connection to the replica's server that waits for other members' changes
    /// (`None`: not a replica, or offline).
    pub fn listener(&self) -> Option<Listener> {
        let url = self.remote.as_ref()?.url().clone();
        Server::connect(&url).ok().map(Listener)
    }
}

/// A connection waiting for changes on the team server (see [`Project::listener`]).
#[derive(Debug)]
pub struct Listener(Server);

/// Adds (or updates) a member of team project `url`, creating their login role if it does not
/// exist (which needs the CREATEROLE privilege). Only the project's owner can do it.
///
/// # Errors
/// The server refuses.
pub fn add_member(
    url: &ServerUrl,
    role_name: &str,
    coder: &str,
    role: &str,
) -> Result<(), StoreError> {
    let mut server = Server::connect(url)?;
    let exists = !server
        .query("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role_name])?
        .is_empty();
    if !exists {
        server.batch(&format!("CREATE ROLE {} LOGIN", quote_ident(role_name)))?;
    }
    let db: String = server.query("SELECT current_database()", &[])?[0].get(0);
    server.batch(&format!(
        "GRANT CONNECT ON DATABASE {} TO {}",
        quote_ident(&db),
        quote_ident(role_name)
    ))?;
    server.execute(
        "INSERT INTO qcw.members (project, role_name, coder, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project, role_name) DO UPDATE SET coder = $3, role = $4",
        &[&url.project(), &role_name, &coder, &role],
    )?;
    Ok(())
}

/// Removes a member of team project `url` (their role stays; their codings stay).
///
/// # Errors
/// The server refuses.
pub fn remove_member(url: &ServerUrl, role_name: &str) -> Result<bool, StoreError> {
    let mut server = Server::connect(url)?;
    let n = server.execute(
        "DELETE FROM qcw.members WHERE project = $1 AND role_name = $2",
        &[&url.project(), &role_name],
    )?;
    Ok(n > 0)
}

/// The members of team project `url`.
///
/// # Errors
/// The server refuses or the project is not there.
pub fn members(url: &ServerUrl) -> Result<Vec<Member>, StoreError> {
    let mut server = Server::connect(url)?;
    server.project_uuid()?;
    let rows = server.query(
        "SELECT role_name::text, coder, role FROM qcw.members WHERE project = $1 ORDER BY role, coder",
        &[&url.project()],
    )?;
    Ok(rows
        .iter()
        .map(|r| Member {
            role_name: r.get(0),
            coder: r.get(1),
            role: r.get(2),
        })
        .collect())
}

/// Changes team project `url`'s settings (PIs only) and returns them.
///
/// # Errors
/// The server refuses.
pub fn set_settings(
    url: &ServerUrl,
    blinded: Option<bool>,
    codebook_locked: Option<bool>,
) -> Result<ProjectSettings, StoreError> {
    let mut server = Server::connect(url)?;
    server.project_uuid()?;
    let pi: bool = server.query("SELECT qcw.is_pi($1)", &[&url.project()])?[0].get(0);
    if !pi {
        return Err(StoreError::Server {
            server: url.display(),
            message: "only a PI of the project can change its settings".into(),
        });
    }
    server.execute(
        "UPDATE qcw.projects SET blinded = coalesce($2, blinded),
                codebook_locked = coalesce($3, codebook_locked) WHERE name = $1",
        &[&url.project(), &blinded, &codebook_locked],
    )?;
    let row = &server.query(
        "SELECT blinded, codebook_locked FROM qcw.projects WHERE name = $1",
        &[&url.project()],
    )?[0];
    Ok(ProjectSettings {
        blinded: row.get(0),
        codebook_locked: row.get(1),
    })
}
