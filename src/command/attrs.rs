//! Attribute definitions and values shared by documents and cases: types, validation.

use super::CommandError;
use crate::model::{AttrScope, AttrType};
use crate::store::{self, AttrDefRow, Row, Tx};

/// The type of attribute `name` in `scope`, if defined.
fn attribute_type(
    tx: &Tx<'_>,
    scope: AttrScope,
    name: &str,
) -> Result<Option<AttrType>, CommandError> {
    Ok(store::attr_def_rows(tx.conn(), scope.as_str())?
        .into_iter()
        .find(|d| d.name == name)
        .map(|d| AttrType::from_stored(&d.r#type, &d.allowed)))
}

/// Checks `value` against the attribute's type (if defined) and returns its canonical form.
fn check_value(
    tx: &Tx<'_>,
    scope: AttrScope,
    name: &str,
    value: &str,
) -> Result<String, CommandError> {
    match attribute_type(tx, scope, name)? {
        Some(ty) => ty
            .normalize(value)
            .map_err(|why| CommandError::Invalid(format!("attribute {name}: {why}"))),
        None => Ok(value.trim().to_owned()),
    }
}

/// Defines the type of an attribute; refused if an existing value does not fit.
pub(super) fn define_attribute(
    tx: &mut Tx<'_>,
    scope: AttrScope,
    name: &str,
    ty: &AttrType,
) -> Result<(), CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError::Invalid("attribute name is empty".into()));
    }
    let values: Vec<String> = match scope {
        AttrScope::Case => store::all_case_attr_values(tx.conn(), name)?,
        AttrScope::Document => store::all_doc_attr_values(tx.conn(), name)?,
    };
    for v in &values {
        ty.normalize(v).map_err(|why| {
            CommandError::Invalid(format!("cannot make {name} a {}: {why}", ty.name()))
        })?;
    }
    let defs = store::attr_def_rows(tx.conn(), scope.as_str())?;
    let position = defs.iter().map(|d| d.position + 1).max().unwrap_or(0);
    let new = AttrDefRow {
        scope: scope.as_str().to_owned(),
        name: name.to_owned(),
        r#type: ty.name().to_owned(),
        allowed: ty.allowed_json(),
        position,
    };
    match defs.into_iter().find(|d| d.name == name) {
        Some(old) => {
            let new = AttrDefRow {
                position: old.position,
                ..new
            };
            tx.update(Row::AttrDef(old), Row::AttrDef(new))?;
        }
        None => {
            tx.insert(Row::AttrDef(new))?;
        }
    }
    Ok(())
}

/// Validates an attribute name and (if the attribute is typed) its value.
pub(super) fn checked_attribute(
    tx: &Tx<'_>,
    scope: AttrScope,
    key: &str,
    value: Option<&str>,
) -> Result<(String, Option<String>), CommandError> {
    let key = key.trim();
    if key.is_empty() {
        return Err(CommandError::Invalid("attribute name is empty".into()));
    }
    let value = value.map(|v| check_value(tx, scope, key, v)).transpose()?;
    Ok((key.to_owned(), value))
}
