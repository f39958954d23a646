//! Memos to a file (`qcw memos --export`, the memo browser's Export): Markdown — one section per
//! memo under a heading per kind — or CSV with one row per memo, chosen by the extension.

use super::{ExportError, write_files};
use crate::store::{MemoEntry, MemoKind};
use std::fmt::Write as _;
use std::path::Path;

/// Writes `memos` to `path` (`.md`/`.markdown` or `.csv`), through a temporary file renamed into
/// place.
pub fn write_memos(memos: &[MemoEntry], path: &Path) -> Result<(), ExportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("md" | "markdown") => memos_markdown(memos).into_bytes(),
        Some("csv") => memos_csv(memos, path)?,
        _ => {
            return Err(ExportError::Invalid(format!(
                "{}: memos export to a .md or .csv file",
                path.display()
            )));
        }
    };
    write_files(&[(path.to_owned(), bytes)])
}

fn kind_title(kind: MemoKind) -> &'static str {
    match kind {
        MemoKind::Project => "Project memo",
        MemoKind::Document => "Document memos",
        MemoKind::Code => "Code memos",
        MemoKind::Case => "Case memos",
        MemoKind::Coding => "Coding memos",
        MemoKind::Cell => "Case × code cell memos",
    }
}

/// The memos as Markdown: a `##` heading per kind, a `###` heading per target, the memo's text,
/// its author and date (a coding memo also quotes the coded text).
pub fn memos_markdown(memos: &[MemoEntry]) -> String {
    let mut out = String::from("# Memos\n");
    let mut kind = None;
    for m in memos {
        if kind != Some(m.kind) {
            kind = Some(m.kind);
            let _ = write!(out, "\n## {}\n", kind_title(m.kind));
        }
        let target = if m.target.is_empty() {
            "Project"
        } else {
            &m.target
        };
        let _ = write!(out, "\n### {target}\n\n");
        if !m.excerpt.is_empty() {
            let _ = writeln!(out, "> {}\n", m.excerpt.replace('\n', " "));
        }
        let _ = writeln!(out, "{}\n", m.text.trim_end());
        let _ = writeln!(out, "*{} · {}*", m.author, m.updated_at);
    }
    out
}

fn memos_csv(memos: &[MemoEntry], path: &Path) -> Result<Vec<u8>, ExportError> {
    let err = |error| ExportError::Csv {
        path: path.to_owned(),
        error,
    };
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = ::csv::Writer::from_writer(&mut out);
        w.write_record([
            "kind",
            "target",
            "memo",
            "author",
            "updated_at",
            "coded_text",
        ])
        .map_err(err)?;
        for m in memos {
            w.write_record([
                m.kind.as_str(),
                &m.target,
                &m.text,
                &m.author,
                &m.updated_at,
                &m.excerpt,
            ])
            .map_err(err)?;
        }
        w.flush().map_err(|error| ExportError::Io {
            path: path.to_owned(),
            error,
        })?;
    }
    Ok(out)
}
