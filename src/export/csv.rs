//! CSV: UTF-8 with a BOM (so Excel reads Chinese). The evidence table goes to the file named;
//! every other table to a sibling `<stem>.<key>.csv` (e.g. `out.qca.csv`). List cells (quotes)
//! keep one item per line inside the quoted field.

use super::{ExportError, Table};
use std::path::{Path, PathBuf};

/// Writes `tables` (the first is the evidence table) and returns the files written.
pub(super) fn write(tables: &[Table], path: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let mut written = Vec::with_capacity(tables.len());
    for (i, table) in tables.iter().enumerate() {
        let target = if i == 0 {
            path.to_owned()
        } else {
            sibling(path, &table.key)
        };
        write_one(table, &target)?;
        written.push(target);
    }
    Ok(written)
}

/// `dir/out.csv` + `qca` → `dir/out.qca.csv` (characters unsafe in file names become `_`).
fn sibling(path: &Path, key: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let key: String = key
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() || r#"/\:*?"<>|"#.contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    path.with_file_name(format!("{stem}.{key}.csv"))
}

fn write_one(table: &Table, path: &Path) -> Result<(), ExportError> {
    let err = |error| ExportError::Csv {
        path: path.to_owned(),
        error,
    };
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = ::csv::Writer::from_writer(&mut out);
        w.write_record(table.columns.iter().map(|c| c.header.as_str()))
            .map_err(err)?;
        for row in &table.rows {
            w.write_record(row.iter().map(|v| v.text())).map_err(err)?;
        }
        w.flush().map_err(|error| ExportError::Io {
            path: path.to_owned(),
            error,
        })?;
    }
    std::fs::write(path, out).map_err(|error| ExportError::Io {
        path: path.to_owned(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sibling_names() {
        assert_eq!(
            sibling(Path::new("/t/out.csv"), "qca"),
            PathBuf::from("/t/out.qca.csv")
        );
        assert_eq!(
            sibling(Path::new("out.csv"), "crosstab-a/b c"),
            PathBuf::from("out.crosstab-a_b_c.csv")
        );
    }
}
