//! XLSX: one worksheet per table (bold, shaded, frozen header row; frozen first column;
//! autofilter; wrapped long-text columns; widths fitted to the content), plus an About sheet
//! with the title, generation time and the notes of every table.

use super::{ExportError, Report, Table, Value, Width};
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Width (in Excel character units) of wrapped long-text columns.
const WIDE: f64 = 70.0;

struct Formats {
    header: Format,
    top: Format,
    wrap: Format,
    ratio: Format,
}

/// Renders the workbook (`path` only names it in errors).
pub(super) fn render(
    report: &Report,
    tables: &[Table],
    path: &Path,
) -> Result<Vec<u8>, ExportError> {
    let err = |error: XlsxError| ExportError::Xlsx {
        path: path.to_owned(),
        error,
    };
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&report.title)
            .set_comment(format!(
                "qcw evidence tables, generated {}",
                report.generated
            )),
    );
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0xE8EEF7))
            .set_border_bottom(FormatBorder::Thin),
        top: Format::new().set_align(FormatAlign::Top),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        ratio: Format::new()
            .set_num_format("0.000")
            .set_align(FormatAlign::Top),
    };
    let mut names: Vec<String> = Vec::new();
    for t in tables {
        let name = sheet_name(&t.name, &names);
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(err)?;
        names.push(name);
        write_table(ws, t, &f).map_err(err)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name("About", &names)).map_err(err)?;
    write_about(ws, report, tables, &f).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

fn write_table(ws: &mut Worksheet, t: &Table, f: &Formats) -> Result<(), XlsxError> {
    for (c, col) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, col_num(c), clip(&col.header), &f.header)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = row_num(r + 1);
        for (c, v) in row.iter().enumerate() {
            let c = col_num(c);
            match v {
                Value::Empty => {}
                Value::Int(n) => {
                    ws.write_number_with_format(r, c, *n as f64, &f.top)?;
                }
                Value::Number(x) => {
                    ws.write_number_with_format(r, c, *x, &f.ratio)?;
                }
                Value::Bool(b) => {
                    ws.write_boolean_with_format(r, c, *b, &f.top)?;
                }
                Value::Text(_) | Value::List(_) => {
                    let wrap = matches!(v, Value::List(_))
                        || t.columns
                            .get(usize::from(c))
                            .is_some_and(|col| col.width == Width::Wide);
                    let format = if wrap { &f.wrap } else { &f.top };
                    ws.write_string_with_format(r, c, clip(&v.text()), format)?;
                }
            }
        }
    }
    for (c, col) in t.columns.iter().enumerate() {
        let width = match col.width {
            Width::Wide => WIDE,
            Width::Normal | Width::Narrow => {
                let (min, max) = if col.width == Width::Narrow {
                    (6, 14)
                } else {
                    (8, 40)
                };
                let content = t
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|v| v.text().lines().map(display_width).max().unwrap_or(0))
                    .chain(std::iter::once(display_width(&col.header)))
                    .max()
                    .unwrap_or(0);
                (content.clamp(min, max) + 2) as f64
            }
        };
        ws.set_column_width(col_num(c), width)?;
    }
    ws.set_freeze_panes(1, 1)?;
    if !t.rows.is_empty() && !t.columns.is_empty() {
        ws.autofilter(0, 0, row_num(t.rows.len()), col_num(t.columns.len() - 1))?;
    }
    Ok(())
}

fn write_about(
    ws: &mut Worksheet,
    report: &Report,
    tables: &[Table],
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut lines: Vec<(String, String)> = vec![
        ("title".into(), report.title.clone()),
        ("project".into(), report.project.clone()),
        ("generated".into(), report.generated.clone()),
    ];
    for t in tables {
        lines.push((t.name.clone(), t.notes.join("\n")));
    }
    ws.write_string_with_format(0, 0, "item", &f.header)?;
    ws.write_string_with_format(0, 1, "value", &f.header)?;
    for (i, (k, v)) in lines.iter().enumerate() {
        ws.write_string_with_format(row_num(i + 1), 0, clip(k), &f.top)?;
        ws.write_string_with_format(row_num(i + 1), 1, clip(v), &f.wrap)?;
    }
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, WIDE + 20.0)?;
    Ok(())
}

/// A unique worksheet name: at most 31 characters, without `[]:*?/\`.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if r"[]:*?/\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() { "Sheet" } else { clean }
        .chars()
        .take(31)
        .collect();
    let lower = |s: &str| s.to_lowercase();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| lower(t) == lower(&candidate)) {
        let suffix = format!(" ({n})");
        let keep = 31 - suffix.chars().count();
        candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    candidate
}

/// Text within Excel's cell limit (longer text is cut with a marker).
fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        return s.to_owned();
    }
    let marker =
        "…[truncated: Excel cells hold at most 32767 characters; see the CSV or HTML export]";
    let keep = MAX_CELL_CHARS - marker.chars().count();
    let mut out: String = s.chars().take(keep).collect();
    out.push_str(marker);
    out
}

/// Approximate display width: CJK and other wide characters count 2.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c.len_utf8() >= 3 { 2 } else { 1 })
        .sum()
}

fn row_num(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn col_num(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["Evidence".to_owned()];
        assert_eq!(sheet_name("evidence", &taken), "evidence (2)");
        assert_eq!(sheet_name("Crosstab a/b:c", &[]), "Crosstab a_b_c");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 31);
    }

    #[test]
    fn long_cells_are_clipped() {
        let s = "字".repeat(40_000);
        let c = clip(&s);
        assert_eq!(c.chars().count(), MAX_CELL_CHARS);
        assert!(c.ends_with("export]"));
        assert_eq!(clip("短"), "短");
    }
}
