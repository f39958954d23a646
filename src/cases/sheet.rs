//! The classification sheet: cases × attributes as CSV or XLSX, imported all-or-nothing with
//! row-level errors, and exported with typed headers (`name:type`).

use super::AttrType;
use crate::command::{Command, CommandError, execute};
use crate::import::formats::{ExtractOptions, Format, extract};
use crate::model::AttrScope;
use crate::store::{Project, StoreError};
use std::path::{Path, PathBuf};

/// Why a classification sheet could not be imported or exported.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The file cannot be read or written, or its cells are not acceptable (every bad cell is
    /// listed by row and column).
    #[error("{}: {reason}", path.display())]
    File {
        /// The sheet file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Reading the project failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Applying the import failed.
    #[error(transparent)]
    Command(#[from] CommandError),
}

fn invalid(path: &Path, why: impl std::fmt::Display) -> SheetError {
    SheetError::File {
        path: path.to_owned(),
        reason: why.to_string(),
    }
}

fn is_xlsx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "ods"
        )
    })
}

/// Reads the sheet's cells as strings (first sheet of a workbook; a CSV in any common encoding).
fn read_rows(path: &Path) -> Result<Vec<Vec<String>>, SheetError> {
    if is_xlsx(path) {
        use calamine::Reader as _;
        let mut wb = calamine::open_workbook_auto(path).map_err(|e| invalid(path, e))?;
        let Some(Ok(range)) = wb.worksheet_range_at(0) else {
            return Err(invalid(path, "the workbook has no sheet"));
        };
        return Ok(range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string().trim().to_owned()).collect())
            .collect());
    }
    let bytes = std::fs::read(path).map_err(|e| invalid(path, e))?;
    let text = extract(Format::Txt, &bytes, &ExtractOptions::default())
        .map_err(|e| invalid(path, e))?
        .text;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(|c| c.trim().to_owned()).collect())
                .map_err(|e| invalid(path, e))
        })
        .collect()
}

/// The most specific type all non-empty `values` fit.
fn infer_column(values: &[&str]) -> AttrType {
    let candidates = [
        AttrType::Integer,
        AttrType::Float,
        AttrType::Boolean,
        AttrType::Date,
    ];
    candidates
        .into_iter()
        .find(|t| !values.is_empty() && values.iter().all(|v| t.normalize(v).is_ok()))
        .unwrap_or(AttrType::Text)
}

/// Imports case attributes from `path`; returns the number of cases. Nothing changes if any
/// cell is invalid: the error lists every bad cell by row and column.
pub fn import_sheet(project: &mut Project, path: &Path) -> Result<usize, SheetError> {
    let (command, cases) = import_sheet_command(project, path)?;
    execute(project, &command)?;
    Ok(cases)
}

/// Reads and checks the sheet at `path` against `project` (read-only) and returns the command
/// that imports it (one [`Command::Batch`], one undo step) with the number of cases in the
/// sheet. Any invalid cell fails the whole sheet: the error lists every bad cell by row and
/// column.
pub fn import_sheet_command(
    project: &Project,
    path: &Path,
) -> Result<(Command, usize), SheetError> {
    let rows = read_rows(path)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(invalid(path, "the sheet is empty"));
    };
    if header.len() < 2 {
        return Err(invalid(
            path,
            "need a header row: case name, then one column per attribute",
        ));
    }
    let defs = project.attribute_defs("case")?;
    let mut columns: Vec<(String, Option<AttrType>)> = Vec::new();
    for (i, h) in header.iter().enumerate().skip(1) {
        let (name, ty) = match h.rsplit_once(':') {
            Some((n, t)) => match AttrType::parse(t) {
                Some(ty) => (n.trim().to_owned(), Some(ty)),
                None => {
                    return Err(invalid(
                        path,
                        format!("column {}: unknown type {t:?}", i + 1),
                    ));
                }
            },
            None => (h.trim().to_owned(), None),
        };
        if name.is_empty() {
            return Err(invalid(path, format!("column {} has no name", i + 1)));
        }
        columns.push((name, ty));
    }
    let mut commands = Vec::new();
    let mut types = Vec::new();
    for (c, (name, ty)) in columns.iter().enumerate() {
        let ty = match ty {
            Some(t) => Some(t.clone()),
            None => match defs.iter().find(|d| &d.name == name) {
                Some(d) => {
                    types.push(AttrType::from_stored(&d.r#type, &d.allowed));
                    continue;
                }
                None => {
                    let values: Vec<&str> = body
                        .iter()
                        .filter_map(|r| r.get(c + 1).map(String::as_str))
                        .filter(|v| !v.is_empty())
                        .collect();
                    Some(infer_column(&values))
                }
            },
        };
        if let Some(ty) = ty {
            commands.push(Command::DefineAttribute {
                scope: AttrScope::Case,
                name: name.clone(),
                ty: ty.clone(),
            });
            types.push(ty);
        }
    }
    let existing: Vec<String> = project.cases()?.into_iter().map(|c| c.name).collect();
    let mut errors = Vec::new();
    let mut cases = 0;
    for (r, row) in body.iter().enumerate() {
        let line = r + 2;
        let Some(case) = row.first().filter(|c| !c.is_empty()) else {
            if row.iter().any(|c| !c.is_empty()) {
                errors.push(format!("row {line}: no case name in the first column"));
            }
            continue;
        };
        cases += 1;
        if !existing.contains(case)
            && !commands
                .iter()
                .any(|c| matches!(c, Command::AddCase { name, .. } if name == case))
        {
            commands.push(Command::AddCase {
                name: case.clone(),
                description: String::new(),
            });
        }
        for (c, (name, _)) in columns.iter().enumerate() {
            let Some(value) = row.get(c + 1).filter(|v| !v.is_empty()) else {
                continue;
            };
            match types[c].normalize(value) {
                Ok(v) => commands.push(Command::SetCaseAttributeByName {
                    case: case.clone(),
                    key: name.clone(),
                    value: Some(v),
                }),
                Err(why) => errors.push(format!("row {line}, column {name}: {why}")),
            }
        }
    }
    if !errors.is_empty() {
        let n = errors.len();
        errors.truncate(20);
        return Err(invalid(
            path,
            format!(
                "{n} invalid cells, nothing imported:\n  {}",
                errors.join("\n  ")
            ),
        ));
    }
    let label = format!("import case attributes from {}", path.display());
    Ok((Command::Batch { label, commands }, cases))
}

/// Writes the classification sheet (cases × case attributes) to a `.csv` or `.xlsx` file.
pub fn export_sheet(project: &Project, path: &Path) -> Result<(), SheetError> {
    let cases = project.cases()?;
    let defs = project.attribute_defs("case")?;
    let mut names: Vec<String> = defs.iter().map(|d| d.name.clone()).collect();
    for c in &cases {
        for k in c.attributes.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let mut header = vec!["case".to_owned()];
    header.extend(
        names
            .iter()
            .map(|n| match defs.iter().find(|d| &d.name == n) {
                Some(d) if d.r#type == "category" => {
                    let allowed: Vec<String> = serde_json::from_str(&d.allowed).unwrap_or_default();
                    if allowed.is_empty() {
                        format!("{n}:category")
                    } else {
                        format!("{n}:category({})", allowed.join("|"))
                    }
                }
                Some(d) => format!("{n}:{}", d.r#type),
                None => n.clone(),
            }),
    );
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|c| {
            std::iter::once(c.name.clone())
                .chain(
                    names
                        .iter()
                        .map(|n| c.attributes.get(n).cloned().unwrap_or_default()),
                )
                .collect()
        })
        .collect();
    if is_xlsx(path) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let ws = wb.add_worksheet();
        let io = |e: rust_xlsxwriter::XlsxError| invalid(path, e);
        ws.set_name("cases").map_err(io)?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(io)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, v).map_err(io)?;
            }
        }
        ws.set_freeze_panes(1, 1).map_err(io)?;
        wb.save(path).map_err(io)?;
    } else {
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(&header).map_err(|e| invalid(path, e))?;
            for row in &rows {
                w.write_record(row).map_err(|e| invalid(path, e))?;
            }
            w.flush().map_err(|e| invalid(path, e))?;
        }
        std::fs::write(path, out).map_err(|e| invalid(path, e))?;
    }
    Ok(())
}
