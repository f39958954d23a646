//! `undo`, `redo`, `log`.

use super::{open_ro, open_rw, print_json};
use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

pub fn undo_redo(path: &Path, undo: bool, coder: Option<&str>) -> Result<ExitCode> {
    let mut project = open_rw(path)?;
    let done = if undo {
        project.undo_by(coder)?
    } else {
        project.redo_by(coder)?
    };
    match done {
        Some(label) => outln!("{}: {label}", if undo { "undone" } else { "redone" }),
        None => outln!("nothing to {}", if undo { "undo" } else { "redo" }),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn log(path: &Path, json: bool) -> Result<ExitCode> {
    let entries = open_ro(path)?.log()?;
    if json {
        print_json(&entries)?;
    } else {
        for e in entries {
            outln!(
                "{}  {:<12} {:<5} #{:<5} {}",
                e.ts,
                e.actor,
                e.action,
                e.history_id,
                e.label
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
