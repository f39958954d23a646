//! `codebook`: the codebook as CSV in Taguette's shape (export, import).

use super::{open_ro, open_rw, print_json};
use anyhow::Result;
use clap::Subcommand;
use qcw::interop::taguette::{export_codebook_csv, import_codebook_csv};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CodebookCmd {
    /// Write the codebook as CSV: tag (the code path), description, number of highlights.
    Export {
        project: PathBuf,
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Add the codes of a codebook CSV (a tag, name or path column; description optional) that
    /// the project lacks, as one undo step.
    Import {
        project: PathBuf,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: CodebookCmd) -> Result<ExitCode> {
    match cmd {
        CodebookCmd::Export { project, out, json } => {
            let p = open_ro(&project)?;
            let codes = export_codebook_csv(&p, &out)?;
            if json {
                print_json(&serde_json::json!({ "path": out, "codes": codes }))?;
            } else {
                outln!("wrote {}: {codes} codes", out.display());
            }
        }
        CodebookCmd::Import {
            project,
            file,
            json,
        } => {
            let mut p = open_rw(&project)?;
            let s = import_codebook_csv(&mut p, &file)?;
            if json {
                print_json(&s)?;
            } else {
                outln!(
                    "imported {}: {} codes added, {} already existed",
                    file.display(),
                    s.added,
                    s.existing
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
