//! Names for labels: a document's name, a code's path, a case's name, a coding's place — so
//! that the log and undo labels say "20230819A02" and "权力/借力", not "#1" and "#5".

use super::{Project, StoreError};
use rusqlite::OptionalExtension as _;

/// Where a coding is: document id, code id, start and end (code points).
pub type CodingPlace = (i64, i64, usize, usize);

impl Project {
    /// A document's name.
    pub fn document_name(&self, doc_id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT name FROM documents WHERE id = ?1", [doc_id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// A code's path such as `权力/借力`.
    pub fn code_path(&self, code_id: i64) -> Result<Option<String>, StoreError> {
        let mut names = Vec::new();
        let mut next = Some(code_id);
        // Bounded: a cycle cannot happen, but never loop forever on a damaged file.
        while let Some(id) = next.filter(|_| names.len() < 64) {
            let row: Option<(String, Option<i64>)> = self
                .conn()
                .query_row(
                    "SELECT name, parent_id FROM codes WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((name, parent)) = row else {
                return Ok(None);
            };
            names.push(name);
            next = parent;
        }
        names.reverse();
        Ok(Some(names.join("/")))
    }

    /// A case's name.
    pub fn case_name(&self, case_id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT name FROM cases WHERE id = ?1", [case_id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Where coding `coding_id` is.
    pub fn coding_place(&self, coding_id: i64) -> Result<Option<CodingPlace>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT doc_id, code_id, start, end FROM codings WHERE id = ?1",
                [coding_id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get::<_, i64>(2)? as usize,
                        r.get::<_, i64>(3)? as usize,
                    ))
                },
            )
            .optional()?)
    }
}
