//! `qcw team publish|users|settings|clone|sync`: the team server (PostgreSQL).

use super::print_json;
use anyhow::{Result, bail};
use clap::Subcommand;
use qcw::store::Project;
use qcw::store::remote::{self, ProjectSettings, ServerUrl, SyncReport};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ServerCmd {
    /// Upload PROJECT to a team server as project --name (or the URL's ?project=); you become
    /// its owner and PI. The server schema is installed on first use.
    Publish {
        project: PathBuf,
        /// postgres://USER@HOST[:PORT]/DB[?project=NAME]
        url: String,
        #[arg(long)]
        name: Option<String>,
        /// Coders see only their own codings (PIs see all).
        #[arg(long)]
        blinded: bool,
        /// Only PIs may change the codebook.
        #[arg(long)]
        lock_codebook: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the members of a team project, or add / remove one (owner only).
    Users {
        url: String,
        #[arg(long)]
        project: Option<String>,
        #[command(subcommand)]
        action: Option<UsersAction>,
        #[arg(long)]
        json: bool,
    },
    /// Show or change a team project's settings (PIs only).
    Settings {
        url: String,
        #[arg(long)]
        project: Option<String>,
        #[arg(long)]
        blinded: Option<bool>,
        #[arg(long)]
        lock_codebook: Option<bool>,
        #[arg(long)]
        json: bool,
    },
    /// Make LOCAL a replica of a team project: work in it offline, `qcw team sync` later.
    Clone {
        url: String,
        local: PathBuf,
        /// Code as this name (default: your member name on the server).
        #[arg(long)]
        coder: Option<String>,
    },
    /// Send a replica's queued changes (rebased onto the others', conflicts reported) and fetch
    /// the others'.
    Sync {
        local: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// Add a member (their PostgreSQL login role is created when missing).
    Add {
        /// The PostgreSQL role they log in as.
        role_name: String,
        /// pi or coder.
        #[arg(long, default_value = "coder")]
        role: String,
        /// The coder name their codings carry (default: the role name).
        #[arg(long)]
        coder: Option<String>,
    },
    /// Remove a member (their codings stay).
    Remove { role_name: String },
}

fn url(s: &str, project: Option<&str>) -> Result<ServerUrl> {
    Ok(ServerUrl::parse(s, project)?)
}

pub fn run(cmd: ServerCmd) -> Result<ExitCode> {
    match cmd {
        ServerCmd::Publish {
            project,
            url: u,
            name,
            blinded,
            lock_codebook,
            json,
        } => {
            let p = super::open_ro(&project)?;
            let info = p.publish(
                &url(&u, name.as_deref())?,
                ProjectSettings {
                    blinded,
                    codebook_locked: lock_codebook,
                },
            )?;
            if json {
                print_json(&info)?;
            } else {
                outln!("published {} rows as {}", info.rows, info.url);
            }
        }
        ServerCmd::Users {
            url: u,
            project,
            action,
            json,
        } => {
            let url = url(&u, project.as_deref())?;
            match action {
                Some(UsersAction::Add {
                    role_name,
                    role,
                    coder,
                }) => {
                    if role != "pi" && role != "coder" {
                        bail!("--role must be pi or coder, not {role:?}");
                    }
                    let coder = coder.unwrap_or_else(|| role_name.clone());
                    remote::add_member(&url, &role_name, &coder, &role)?;
                    outln!(
                        "{role_name} is a {role} of {} (codes as {coder})",
                        url.project()
                    );
                }
                Some(UsersAction::Remove { role_name }) => {
                    if !remote::remove_member(&url, &role_name)? {
                        bail!("{role_name} is not a member of {}", url.project());
                    }
                    outln!("{role_name} removed from {}", url.project());
                }
                None => {
                    let members = remote::members(&url)?;
                    if json {
                        print_json(&members)?;
                    } else {
                        for m in members {
                            outln!("{}\t{}\t{}", m.role_name, m.role, m.coder);
                        }
                    }
                }
            }
        }
        ServerCmd::Settings {
            url: u,
            project,
            blinded,
            lock_codebook,
            json,
        } => {
            let s = remote::set_settings(&url(&u, project.as_deref())?, blinded, lock_codebook)?;
            if json {
                print_json(&s)?;
            } else {
                outln!(
                    "blinded: {}\ncodebook locked: {}",
                    s.blinded,
                    s.codebook_locked
                );
            }
        }
        ServerCmd::Clone {
            url: u,
            local,
            coder,
        } => {
            let p = Project::clone_from_server(&url(&u, None)?, &local, coder.as_deref())?;
            outln!(
                "{} is a replica of {} (as {})",
                local.display(),
                u,
                p.actor()
            );
        }
        ServerCmd::Sync { local, json } => {
            let mut p = super::open_rw(&local)?;
            let report = p.sync()?;
            print_sync(&report, json)?;
            if report.pending > 0 {
                return Ok(ExitCode::from(3));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_sync(r: &SyncReport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    outln!(
        "sent {}, received {}, waiting {}; at server operation {}",
        r.pushed,
        r.pulled,
        r.pending,
        r.last_op
    );
    for c in &r.conflicts {
        outln!(
            "conflict {} {}: {} (kept {:?}, other {:?})",
            c.kind,
            c.target,
            c.outcome,
            c.kept,
            c.other
        );
    }
    Ok(())
}
