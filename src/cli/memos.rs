//! `qcw memos`: every memo of a project (project, document, code, case, coding, matrix cell)
//! with its target, filtered by kind, author and text; `--export` writes them to `.md` or `.csv`.

use super::{open_ro, print_json};
use anyhow::{Result, bail};
use clap::Args;
use qcw::reports::{MemoFilter, memos};
use qcw::store::MemoKind;
use std::path::PathBuf;
use std::process::ExitCode;

/// `qcw memos`.
#[derive(Debug, Args)]
pub struct MemosArgs {
    /// The project.
    pub project: PathBuf,
    /// Only memos of this kind: project, document, code, case, coding or cell (repeatable).
    #[arg(long)]
    pub kind: Vec<String>,
    /// Only memos by this author (a coding memo's author is its coder).
    #[arg(long)]
    pub author: Option<String>,
    /// Only memos whose text, target, coded text or author contains this (case-insensitive).
    #[arg(long)]
    pub search: Option<String>,
    /// Write the memos to this file (.md or .csv) instead of listing them.
    #[arg(long)]
    pub export: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `qcw memos`.
pub fn run(a: MemosArgs) -> Result<ExitCode> {
    let mut kinds = Vec::new();
    for k in &a.kind {
        let Some(kind) = MemoKind::parse(k) else {
            bail!("unknown memo kind {k:?}: use project, document, code, case, coding or cell");
        };
        kinds.push(kind);
    }
    let filter = MemoFilter {
        kinds,
        author: a.author,
        search: a.search.unwrap_or_default(),
    };
    let project = open_ro(&a.project)?;
    let list =
        memos(&project, &filter).map_err(|e| anyhow::anyhow!("{}: {e}", a.project.display()))?;
    if let Some(out) = &a.export {
        qcw::export::write_memos(&list, out)?;
        if a.json {
            print_json(&serde_json::json!({
                "path": out.to_string_lossy(),
                "memos": list.len(),
            }))?;
        } else {
            outln!("wrote {} memos to {}", list.len(), out.display());
        }
    } else if a.json {
        print_json(&list)?;
    } else {
        for m in &list {
            let target = if m.target.is_empty() {
                "-"
            } else {
                m.target.as_str()
            };
            outln!(
                "{:<8} {}  [{} {}]\n    {}",
                m.kind.as_str(),
                target,
                m.author,
                m.updated_at,
                m.text.replace('\n', "\n    ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
