//! Document groups (sets): create, rename, delete, add and remove documents.

use super::{Command, CommandError, docs};
use crate::store::{self, GroupMemberRow, GroupRow, Row, Tx};

/// The log label of a group command.
pub(super) fn label(cmd: &Command) -> String {
    match cmd {
        Command::CreateGroup { name } => format!("create document group {name}"),
        Command::RenameGroup { group_id, name } => {
            format!("rename document group #{group_id} to {name}")
        }
        Command::DeleteGroup { group_id } => format!("delete document group #{group_id}"),
        Command::AddToGroup { group_id, doc_ids } => {
            format!("add {} documents to group #{group_id}", doc_ids.len())
        }
        Command::RemoveFromGroup { group_id, doc_ids } => {
            format!("remove {} documents from group #{group_id}", doc_ids.len())
        }
        other => format!("{other:?}"),
    }
}

/// Runs a group command; returns the group's id.
pub(super) fn run(tx: &mut Tx<'_>, cmd: &Command) -> Result<Vec<i64>, CommandError> {
    match cmd {
        Command::CreateGroup { name } => create(tx, name).map(|id| vec![id]),
        Command::RenameGroup { group_id, name } => {
            rename(tx, *group_id, name).map(|()| vec![*group_id])
        }
        Command::DeleteGroup { group_id } => delete(tx, *group_id).map(|()| vec![*group_id]),
        Command::AddToGroup { group_id, doc_ids } => {
            members(tx, *group_id, doc_ids, true).map(|()| vec![*group_id])
        }
        Command::RemoveFromGroup { group_id, doc_ids } => {
            members(tx, *group_id, doc_ids, false).map(|()| vec![*group_id])
        }
        other => Err(CommandError::Invalid(format!(
            "not a group command: {}",
            other.label()
        ))),
    }
}

fn group(tx: &Tx<'_>, id: i64) -> Result<GroupRow, CommandError> {
    store::group_rows(tx.conn())?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| CommandError::NotFound(format!("document group #{id}")))
}

/// A group name: trimmed, non-empty, at most 200 characters; unlike a code's it may hold `/`
/// (a sub-folder's relative path, `城市/上海`).
fn check_group_name(name: &str) -> Result<String, CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError::Invalid("group name is empty".into()));
    }
    if name.chars().count() > 200 {
        return Err(CommandError::Invalid(
            "group name is longer than 200 characters".into(),
        ));
    }
    Ok(name.to_owned())
}

fn unique(tx: &Tx<'_>, name: &str, except: Option<i64>) -> Result<String, CommandError> {
    let name = check_group_name(name)?;
    if store::group_rows(tx.conn())?
        .iter()
        .any(|g| g.name == name && Some(g.id) != except)
    {
        return Err(CommandError::Conflict(format!(
            "a document group named {name} exists"
        )));
    }
    Ok(name)
}

fn create(tx: &mut Tx<'_>, name: &str) -> Result<i64, CommandError> {
    let name = unique(tx, name, None)?;
    let Row::Group(row) = tx.insert(Row::Group(GroupRow {
        id: 0,
        name,
        description: String::new(),
    }))?
    else {
        unreachable!("insert returns the row it was given")
    };
    Ok(row.id)
}

/// Adds `doc_ids` to the group named `name`, created when missing; returns the group's id.
pub(super) fn add_by_name(
    tx: &mut Tx<'_>,
    name: &str,
    doc_ids: &[i64],
) -> Result<i64, CommandError> {
    let trimmed = check_group_name(name)?;
    let existing = store::group_rows(tx.conn())?
        .into_iter()
        .find(|g| g.name == trimmed);
    let id = match existing {
        Some(g) => g.id,
        None => create(tx, &trimmed)?,
    };
    members(tx, id, doc_ids, true)?;
    Ok(id)
}

fn rename(tx: &mut Tx<'_>, id: i64, name: &str) -> Result<(), CommandError> {
    let old = group(tx, id)?;
    let name = unique(tx, name, Some(id))?;
    if name != old.name {
        let new = GroupRow {
            name,
            ..old.clone()
        };
        tx.update(Row::Group(old), Row::Group(new))?;
    }
    Ok(())
}

fn delete(tx: &mut Tx<'_>, id: i64) -> Result<(), CommandError> {
    let row = group(tx, id)?;
    for m in store::group_member_rows(tx.conn(), Some(id), None)? {
        tx.delete(Row::GroupMember(m))?;
    }
    tx.delete(Row::Group(row))?;
    Ok(())
}

fn members(tx: &mut Tx<'_>, id: i64, doc_ids: &[i64], add: bool) -> Result<(), CommandError> {
    group(tx, id)?;
    let mut have: std::collections::BTreeSet<i64> =
        store::group_member_rows(tx.conn(), Some(id), None)?
            .into_iter()
            .map(|m| m.doc_id)
            .collect();
    for &doc_id in doc_ids {
        docs::document(tx, doc_id)?;
        let row = GroupMemberRow {
            group_id: id,
            doc_id,
        };
        if add && have.insert(doc_id) {
            tx.insert(Row::GroupMember(row))?;
        } else if !add && have.remove(&doc_id) {
            tx.delete(Row::GroupMember(row))?;
        }
    }
    Ok(())
}
