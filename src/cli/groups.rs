//! `qcw groups` (list) and `qcw group create|rename|delete|add|remove` (document groups).

use super::{open_ro, open_rw, print_json};
use anyhow::{Context as _, Result};
use clap::Subcommand;
use qcw::command::{Command, execute};
use qcw::project::resolve_doc;
use qcw::store::Project;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `qcw group …`.
#[derive(Debug, Subcommand)]
pub enum GroupCmd {
    /// Create a document group.
    Create { project: PathBuf, name: String },
    /// Rename a document group.
    Rename {
        project: PathBuf,
        name: String,
        new_name: String,
    },
    /// Delete a document group (its documents stay).
    Delete { project: PathBuf, name: String },
    /// Add documents (names or ids) to a group.
    Add {
        project: PathBuf,
        name: String,
        #[arg(required = true)]
        docs: Vec<String>,
    },
    /// Remove documents (names or ids) from a group.
    Remove {
        project: PathBuf,
        name: String,
        #[arg(required = true)]
        docs: Vec<String>,
    },
}

fn group_id(project: &Project, name: &str) -> Result<i64> {
    project
        .groups()?
        .into_iter()
        .find(|g| g.name == name)
        .map(|g| g.id)
        .with_context(|| {
            format!(
                "{}: no document group named {name}",
                project.path().display()
            )
        })
}

fn doc_ids(project: &Project, docs: &[String]) -> Result<Vec<i64>> {
    docs.iter().map(|d| Ok(resolve_doc(project, d)?)).collect()
}

/// Runs `qcw group …`.
pub fn run(cmd: GroupCmd) -> Result<ExitCode> {
    let (path, command) = match &cmd {
        GroupCmd::Create { project, .. }
        | GroupCmd::Rename { project, .. }
        | GroupCmd::Delete { project, .. }
        | GroupCmd::Add { project, .. }
        | GroupCmd::Remove { project, .. } => (project.clone(), &cmd),
    };
    let mut project = open_rw(&path)?;
    let c = match command {
        GroupCmd::Create { name, .. } => Command::CreateGroup { name: name.clone() },
        GroupCmd::Rename { name, new_name, .. } => Command::RenameGroup {
            group_id: group_id(&project, name)?,
            name: new_name.clone(),
        },
        GroupCmd::Delete { name, .. } => Command::DeleteGroup {
            group_id: group_id(&project, name)?,
        },
        GroupCmd::Add { name, docs, .. } => Command::AddToGroup {
            group_id: group_id(&project, name)?,
            doc_ids: doc_ids(&project, docs)?,
        },
        GroupCmd::Remove { name, docs, .. } => Command::RemoveFromGroup {
            group_id: group_id(&project, name)?,
            doc_ids: doc_ids(&project, docs)?,
        },
    };
    let applied = execute(&mut project, &c)?;
    outln!("{}", applied.label);
    Ok(ExitCode::SUCCESS)
}

/// `qcw groups P [--json]`: every group with its documents' names.
pub fn list(path: &Path, json: bool) -> Result<ExitCode> {
    let project = open_ro(path)?;
    let names: std::collections::HashMap<i64, String> = project
        .documents()?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let groups: Vec<serde_json::Value> = project
        .groups()?
        .into_iter()
        .map(|g| {
            let docs: Vec<&str> = g
                .docs
                .iter()
                .filter_map(|d| names.get(d).map(String::as_str))
                .collect();
            serde_json::json!({ "id": g.id, "name": g.name, "description": g.description, "documents": docs })
        })
        .collect();
    if json {
        print_json(&groups)?;
    } else {
        for g in &groups {
            let docs = g["documents"].as_array().map_or(0, Vec::len);
            outln!(
                "{}\t{docs} documents",
                g["name"].as_str().unwrap_or_default()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
