//! Project-level operations on top of the store and the commands: creation from a template, and
//! resolving user-supplied names (documents, codes, cases) into ids with clear errors.

use crate::codebook::{Template, find_code, template_command};
use crate::command::{CommandError, execute};
use crate::model::Code;
use crate::store::Project;
use std::path::Path;

/// Creates a project at `path` with the codebook of `template`.
pub fn create_project(
    path: &Path,
    template: Template,
    actor: &str,
) -> Result<Project, CommandError> {
    Project::create_with(path, actor, |project| {
        if let Some(cmd) = template_command(template) {
            execute(project, &cmd)?;
        }
        Ok::<(), CommandError>(())
    })
}

/// The id of document `name_or_id`, or a "no document" error.
pub fn resolve_doc(project: &Project, name_or_id: &str) -> Result<i64, CommandError> {
    project
        .find_document(name_or_id)?
        .ok_or_else(|| CommandError::NotFound(format!("no document named {name_or_id:?}")))
}

/// The code at `path`, or a "no code" error.
pub fn resolve_code(project: &Project, path: &str) -> Result<Code, CommandError> {
    let codes = project.codes()?;
    find_code(&codes, path)
        .cloned()
        .ok_or_else(|| CommandError::NotFound(format!("no code {path:?} in the codebook")))
}

/// The id of case `name`, or a "no case" error.
pub fn resolve_case(project: &Project, name: &str) -> Result<i64, CommandError> {
    project
        .cases()?
        .into_iter()
        .find(|c| c.name == name.trim())
        .map(|c| c.id)
        .ok_or_else(|| CommandError::NotFound(format!("no case named {name:?}")))
}

/// The id of document group `name` (or `#id` / a bare id, when no group has that name), or a
/// "no document group" error naming it.
pub fn resolve_group(project: &Project, name: &str) -> Result<i64, CommandError> {
    let groups = project.groups()?;
    let name = name.trim();
    if let Some(g) = groups.iter().find(|g| g.name == name) {
        return Ok(g.id);
    }
    name.trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| groups.iter().any(|g| g.id == *id))
        .ok_or_else(|| CommandError::NotFound(format!("no document group named {name:?}")))
}

/// The coder of a change to `project`: `given`, else the coder a blinded copy belongs to, else
/// [`default_coder`].
pub fn coder_for(project: &crate::store::Project, given: Option<String>) -> String {
    given
        .or_else(|| project.blind_coder().ok().flatten())
        .or_else(|| project.is_replica().then(|| project.actor().to_owned()))
        .unwrap_or_else(default_coder)
}

/// The coder name to use when none is given: `$QCW_CODER`, else the OS user name, else `coder`.
pub fn default_coder() -> String {
    ["QCW_CODER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .map_or_else(|| "coder".to_owned(), |s| s.trim().to_owned())
}
