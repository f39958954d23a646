//! Codebook commands: add, edit/rename, move, merge, delete.

use super::{CodeEdit, CodeFields, CommandError, check_name};
use crate::model::palette_color;
use crate::store::{self, CodeRow, Row, Tx};

fn code(tx: &Tx<'_>, id: i64) -> Result<CodeRow, CommandError> {
    store::code_row(tx.conn(), id)?.ok_or_else(|| CommandError::NotFound(format!("code #{id}")))
}

fn child_named(
    tx: &Tx<'_>,
    parent: Option<i64>,
    name: &str,
) -> Result<Option<CodeRow>, CommandError> {
    Ok(store::code_child(tx.conn(), parent, name)?)
}

/// Ids of `id` and all its descendants, parents before children.
fn subtree(tx: &Tx<'_>, id: i64) -> Result<Vec<i64>, CommandError> {
    let rows = store::code_rows(tx.conn())?;
    let mut out = vec![id];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            rows.iter()
                .filter(|r| r.parent_id == Some(parent))
                .map(|r| r.id),
        );
        i += 1;
    }
    Ok(out)
}

/// Validates `#RRGGBB` and returns it in upper case.
pub(crate) fn check_color(color: &str) -> Result<String, CommandError> {
    let c = color.trim();
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if ok {
        Ok(c.to_ascii_uppercase())
    } else {
        Err(CommandError::Invalid(format!(
            "colour {color:?} is not of the form #RRGGBB"
        )))
    }
}

/// The id of the code at `path` (`a/b/c`).
pub(super) fn find_path(tx: &Tx<'_>, path: &str) -> Result<i64, CommandError> {
    let mut parent = None;
    for name in path.split('/').map(str::trim) {
        parent = Some(
            child_named(tx, parent, name)?
                .ok_or_else(|| CommandError::NotFound(format!("code {path}")))?
                .id,
        );
    }
    parent.ok_or_else(|| CommandError::Invalid("empty code path".into()))
}

pub(super) fn add(tx: &mut Tx<'_>, path: &str, fields: &CodeFields) -> Result<i64, CommandError> {
    let parts: Vec<String> = path
        .split('/')
        .map(|p| check_name("code", p))
        .collect::<Result<_, _>>()?;
    let color = fields.color.as_deref().map(check_color).transpose()?;
    let mut parent = None;
    for (i, name) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if let Some(existing) = child_named(tx, parent, name)? {
            if last {
                return Err(CommandError::Conflict(format!(
                    "code {path} already exists"
                )));
            }
            parent = Some(existing.id);
            continue;
        }
        let (position, count) = store::next_code_slot(tx.conn(), parent)?;
        let row = CodeRow {
            id: 0,
            parent_id: parent,
            name: name.clone(),
            color: match (&color, last) {
                (Some(c), true) => c.clone(),
                _ => palette_color(usize::try_from(count).unwrap_or(0)).to_owned(),
            },
            description: if last {
                fields.description.clone()
            } else {
                String::new()
            },
            definition: if last {
                fields.definition.clone()
            } else {
                String::new()
            },
            inclusion: if last {
                fields.inclusion.clone()
            } else {
                String::new()
            },
            exclusion: if last {
                fields.exclusion.clone()
            } else {
                String::new()
            },
            example: if last {
                fields.example.clone()
            } else {
                String::new()
            },
            position,
            uuid: Some(store::new_uuid()),
        };
        let Row::Code(inserted) = tx.insert(Row::Code(row))? else {
            unreachable!("insert returns the row it was given")
        };
        parent = Some(inserted.id);
    }
    parent.ok_or_else(|| CommandError::Invalid("empty code path".into()))
}

pub(super) fn edit(tx: &mut Tx<'_>, id: i64, edit: &CodeEdit) -> Result<(), CommandError> {
    let before = code(tx, id)?;
    let mut after = before.clone();
    if let Some(name) = &edit.name {
        let name = check_name("code", name)?;
        if name != before.name && child_named(tx, before.parent_id, &name)?.is_some() {
            return Err(CommandError::Conflict(format!(
                "a sibling code named {name} already exists"
            )));
        }
        after.name = name;
    }
    if let Some(c) = &edit.color {
        after.color = check_color(c)?;
    }
    let fields = [
        (&edit.description, &mut after.description),
        (&edit.definition, &mut after.definition),
        (&edit.inclusion, &mut after.inclusion),
        (&edit.exclusion, &mut after.exclusion),
        (&edit.example, &mut after.example),
    ];
    for (new, field) in fields {
        if let Some(v) = new {
            field.clone_from(v);
        }
    }
    tx.update(Row::Code(before), Row::Code(after))?;
    Ok(())
}

pub(super) fn move_to(tx: &mut Tx<'_>, id: i64, parent: Option<i64>) -> Result<(), CommandError> {
    let before = code(tx, id)?;
    if let Some(p) = parent {
        code(tx, p)?;
        if subtree(tx, id)?.contains(&p) {
            return Err(CommandError::Invalid(
                "cannot move a code under itself or one of its sub-codes".into(),
            ));
        }
    }
    if before.parent_id == parent {
        return Ok(());
    }
    if child_named(tx, parent, &before.name)?.is_some() {
        return Err(CommandError::Conflict(format!(
            "the target already has a code named {}",
            before.name
        )));
    }
    let siblings = store::code_rows(tx.conn())?
        .iter()
        .filter(|c| c.parent_id == parent)
        .count();
    let mut after = before.clone();
    after.parent_id = parent;
    after.position = siblings as i64;
    tx.update(Row::Code(before), Row::Code(after))?;
    Ok(())
}

pub(super) fn merge(tx: &mut Tx<'_>, src: i64, dst: i64, actor: &str) -> Result<(), CommandError> {
    let src_row = code(tx, src)?;
    code(tx, dst)?;
    if subtree(tx, src)?.contains(&dst) {
        return Err(CommandError::Invalid(
            "cannot merge a code into itself or one of its sub-codes".into(),
        ));
    }
    // Codings: recode, or fold into an identical coding of dst (keeping both memos).
    for coding in store::coding_rows_of_code(tx.conn(), src)? {
        let twin = store::coding_row_by_key(
            tx.conn(),
            coding.doc_id,
            dst,
            &coding.coder,
            coding.start,
            coding.end,
        )?;
        match twin {
            Some(twin) => {
                if !coding.memo.is_empty() && !twin.memo.contains(&coding.memo) {
                    let mut merged = twin.clone();
                    merged.memo = join_text(&twin.memo, &coding.memo);
                    tx.update(Row::Coding(twin), Row::Coding(merged))?;
                }
                tx.delete(Row::Coding(coding))?;
            }
            None => {
                let mut moved = coding.clone();
                moved.code_id = dst;
                tx.update(Row::Coding(coding), Row::Coding(moved))?;
            }
        }
    }
    // Children: move under dst, merging into a same-named child of dst.
    let children: Vec<CodeRow> = store::code_rows(tx.conn())?
        .into_iter()
        .filter(|c| c.parent_id == Some(src))
        .collect();
    for child in children {
        match child_named(tx, Some(dst), &child.name)? {
            Some(twin) => merge(tx, child.id, twin.id, actor)?,
            None => move_to(tx, child.id, Some(dst))?,
        }
    }
    // The memo follows the codings.
    if let Some(memo) = store::memo_row(tx.conn(), "code", src)? {
        match store::memo_row(tx.conn(), "code", dst)? {
            Some(existing) => {
                let mut merged = existing.clone();
                merged.text = join_text(&existing.text, &memo.text);
                tx.update(Row::Memo(existing), Row::Memo(merged))?;
            }
            None => {
                let mut moved = memo.clone();
                moved.target_id = dst;
                tx.insert(Row::Memo(moved))?;
            }
        }
        tx.delete(Row::Memo(memo))?;
    }
    super::cases::merge_code_refs(tx, src, dst, actor)?;
    super::consensus::forget(tx, None, Some(src))?;
    super::consensus::tombstone(tx, src_row.uuid.clone(), "code")?;
    super::suggest::forget_code(tx, src)?;
    tx.delete(Row::Code(src_row))?;
    Ok(())
}

fn join_text(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}\n{b}")
    }
}

pub(super) fn delete(tx: &mut Tx<'_>, id: i64, force: bool) -> Result<(), CommandError> {
    code(tx, id)?;
    let ids = subtree(tx, id)?;
    let mut codings = Vec::new();
    for &c in &ids {
        codings.extend(store::coding_rows_of_code(tx.conn(), c)?);
    }
    if !codings.is_empty() && !force {
        return Err(CommandError::Conflict(format!(
            "the code (with its sub-codes) has {} codings; merge it, or delete with --force",
            codings.len()
        )));
    }
    for coding in codings {
        tx.delete(Row::Coding(coding))?;
    }
    for &c in ids.iter().rev() {
        if let Some(memo) = store::memo_row(tx.conn(), "code", c)? {
            tx.delete(Row::Memo(memo))?;
        }
        super::cases::forget_code(tx, c)?;
        super::consensus::forget(tx, None, Some(c))?;
        super::suggest::forget_code(tx, c)?;
        let row = code(tx, c)?;
        super::consensus::tombstone(tx, row.uuid.clone(), "code")?;
        tx.delete(Row::Code(row))?;
    }
    Ok(())
}
