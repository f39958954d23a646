//! `purge`, `compact`.

use super::args::PurgeArgs;
use super::{open_rw, print_json};
use anyhow::{Result, bail};
use qcw::forget::{PurgeTarget, purge as purge_target};
use qcw::model::MemoTarget;
use qcw::project::{resolve_case, resolve_code, resolve_doc};
use qcw::store::Forgotten;
use std::path::Path;
use std::process::ExitCode;

fn print_forgotten(f: &Forgotten) {
    outln!(
        "dropped {} log entries, scrubbed {} audit labels; file {} → {} bytes",
        f.history_entries,
        f.audit_labels,
        f.bytes_before,
        f.bytes_after
    );
}

pub fn purge(a: PurgeArgs) -> Result<ExitCode> {
    let mut p = open_rw(&a.project)?;
    let target = if let Some(d) = &a.doc {
        PurgeTarget::Document(resolve_doc(&p, d)?)
    } else if let Some(id) = a.coding {
        PurgeTarget::Coding(id)
    } else if let Some(d) = &a.doc_memo {
        PurgeTarget::Memo(MemoTarget::Document(resolve_doc(&p, d)?))
    } else if let Some(c) = &a.code_memo {
        PurgeTarget::Memo(MemoTarget::Code(resolve_code(&p, c)?.id))
    } else if let Some(c) = &a.case_memo {
        PurgeTarget::Memo(MemoTarget::Case(resolve_case(&p, c)?))
    } else if a.project_memo {
        PurgeTarget::Memo(MemoTarget::Project)
    } else {
        bail!(
            "say what to purge: --doc, --coding, --doc-memo, --code-memo, --case-memo or --project-memo"
        );
    };
    let report = purge_target(&mut p, &target, a.keep_backups)?;
    if a.json {
        print_json(&report)?;
    } else {
        outln!("purged: {}", report.purged);
        print_forgotten(&report.forgotten);
        outln!(
            "removed {} older backups; search index rebuilt ({} documents)",
            report.backups_removed.len(),
            report.indexed
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn compact(path: &Path, before: Option<&str>, json: bool) -> Result<ExitCode> {
    let mut p = open_rw(path)?;
    let up_to = match before {
        Some(t) => {
            let time: jiff::Timestamp = t
                .parse()
                .map_err(|e| anyhow::anyhow!("--before {t:?}: not an RFC 3339 time ({e})"))?;
            match p.history_id_at(&qcw::clock::format_unix_millis(time.as_millisecond()))? {
                Some(id) => Some(id),
                None => {
                    let f = Forgotten::default();
                    if json {
                        print_json(&f)?;
                    } else {
                        outln!("no log entries at or before {t}");
                    }
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
        None => None,
    };
    let f = p.compact(up_to)?;
    if json {
        print_json(&f)?;
    } else {
        print_forgotten(&f);
    }
    Ok(ExitCode::SUCCESS)
}
