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

    /// A second connection to the replica's server, for a thread that waits for the other
    /// members' changes and reports presence (`None`: not a replica). It connects when first
    /// used, and again after the server was away.
    pub fn listener(&self) -> Option<Listener> {
        let url = match self.remote.as_ref() {
            Some(s) => s.url().clone(),
            None => {
                let url = replica::meta(self.conn(), replica::URL).ok()??;
                let project = replica::meta(self.conn(), replica::PROJECT).ok()??;
                ServerUrl::parse(&url, Some(&project)).ok()?
            }
        };
        Some(Listener { url, server: None })
    }
}

/// A connection waiting for changes on the team server (see [`Project::listener`]); it can be
/// moved to its own thread.
#[derive(Debug)]
pub struct Listener {
    url: ServerUrl,
    server: Option<Server>,
}

impl Listener {
    fn server(&mut self) -> Result<&mut Server, StoreError> {
        if self.server.as_ref().is_none_or(|s| !s.is_connected()) {
            let mut s = Server::connect(&self.url)?;
            // Listening from the start: no change between connecting and waiting is missed.
            s.listen()?;
            self.server = Some(s);
        }
        self.server
            .as_mut()
            .ok_or_else(|| StoreError::Inconsistent("no server connection".into()))
    }

    /// Waits up to `timeout` for another member's change; true if one came.
    ///
    /// # Errors
    /// The server cannot be reached.
    pub fn wait(&mut self, timeout: std::time::Duration) -> Result<bool, StoreError> {
        let r = self.server()?.wait_for_change(timeout);
        if r.is_err() {
            self.server = None;
        }
        r
    }

    /// Tells the server this member has `document` open (empty: none) and returns who else works
    /// on the project now (seen in the last two minutes).
    ///
    /// # Errors
    /// The server cannot be reached or refuses.
    pub fn presence(&mut self, document: &str) -> Result<Vec<Presence>, StoreError> {
        let project = self.url.project().to_owned();
        let server = self.server()?;
        server.execute(
            "INSERT INTO qcw.presence (project, coder, document, seen_at)
             SELECT $1, qcw.my_coder($1), $2, now() WHERE qcw.my_coder($1) IS NOT NULL
             ON CONFLICT (project, coder) DO UPDATE SET document = $2, seen_at = now()",
            &[&project, &document],
        )?;
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
}

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
