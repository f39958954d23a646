//! Document groups (sets): row images for the commands and the listing query.

use super::rows::{GroupMemberRow, GroupRow, Row};
use super::{Project, StoreError};
use crate::model::DocGroup;
use rusqlite::{Connection, params};

/// Inserts a group or membership row (a zero group id lets SQLite choose; written back).
pub(super) fn insert(conn: &Connection, row: &mut Row) -> Result<(), StoreError> {
    match row {
        Row::Group(g) => {
            conn.execute(
                "INSERT INTO doc_groups (id, name, description) VALUES (?1, ?2, ?3)",
                params![(g.id != 0).then_some(g.id), g.name, g.description],
            )?;
            if g.id == 0 {
                g.id = conn.last_insert_rowid();
            }
        }
        Row::GroupMember(m) => {
            conn.execute(
                "INSERT INTO doc_group_members (group_id, doc_id) VALUES (?1, ?2)",
                params![m.group_id, m.doc_id],
            )?;
        }
        other => {
            return Err(StoreError::Inconsistent(format!(
                "not a group row: {other:?}"
            )));
        }
    }
    Ok(())
}

/// Every group row, by name.
pub(crate) fn group_rows(conn: &Connection) -> Result<Vec<GroupRow>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT id, name, description FROM doc_groups ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(GroupRow {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Memberships, of one group and/or one document (`None`: any).
pub(crate) fn group_member_rows(
    conn: &Connection,
    group_id: Option<i64>,
    doc_id: Option<i64>,
) -> Result<Vec<GroupMemberRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT group_id, doc_id FROM doc_group_members
         WHERE (?1 IS NULL OR group_id = ?1) AND (?2 IS NULL OR doc_id = ?2)
         ORDER BY group_id, doc_id",
    )?;
    let rows = stmt.query_map(params![group_id, doc_id], |r| {
        Ok(GroupMemberRow {
            group_id: r.get(0)?,
            doc_id: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Project {
    /// The document groups by name, each with its documents (ids, ascending).
    pub fn groups(&self) -> Result<Vec<DocGroup>, StoreError> {
        let members = group_member_rows(self.conn(), None, None)?;
        Ok(group_rows(self.conn())?
            .into_iter()
            .map(|g| DocGroup {
                docs: members
                    .iter()
                    .filter(|m| m.group_id == g.id)
                    .map(|m| m.doc_id)
                    .collect(),
                id: g.id,
                name: g.name,
                description: g.description,
            })
            .collect())
    }

    /// The documents of group `id` (`None` when there is no such group).
    pub fn group_docs(&self, id: i64) -> Result<Option<Vec<i64>>, StoreError> {
        if !group_rows(self.conn())?.iter().any(|g| g.id == id) {
            return Ok(None);
        }
        Ok(Some(
            group_member_rows(self.conn(), Some(id), None)?
                .into_iter()
                .map(|m| m.doc_id)
                .collect(),
        ))
    }
}
