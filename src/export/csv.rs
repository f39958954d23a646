//! CSV: UTF-8 with a BOM (so Excel reads Chinese). The evidence table goes to the file named;
//! every other table to a sibling `<stem>.<key>.csv` (e.g. `out.qca.csv`). List cells (quotes)
//! keep one item per line inside the quoted field.

use super::{ExportError, Table};
use std::path::{Path, PathBuf};

/// Renders `tables` (the first is the evidence table) as the files to write: `path` and its
/// siblings, each with its bytes.
pub(super) fn render(
    tables: &[Table],
    path: &Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, ExportError> {
    let mut files = Vec::with_capacity(tables.len());
    for (i, table) in tables.iter().enumerate() {
        let target = if i == 0 {
            path.to_owned()
        } else {
            sibling(path, &table.key)
        };
        let bytes = render_one(table, &target)?;
        files.push((target, bytes));
    }
    Ok(files)
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

fn render_one(table: &Table, path: &Path) -> Result<Vec<u8>, ExportError> {
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
    Ok(out)
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
