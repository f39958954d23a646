//! `backup`, `backups`, `restore`, `check`.

use super::{open_rw, print_json};
use anyhow::{Result, bail};
use qcw::search::project::{IndexStatus, check_index, rebuild_index};
use qcw::store::{BackupInfo, Finding, Project, backup_dir, list_backups};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn print_backup(b: &BackupInfo) {
    outln!(
        "{}  {:<14} {:>10} B  {}",
        b.created,
        b.reason,
        b.bytes,
        b.path.display()
    );
}

pub fn backup(path: &Path, json: bool) -> Result<ExitCode> {
    let b = open_rw(path)?.backup("manual")?;
    if json {
        print_json(&b)?;
    } else {
        print_backup(&b);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list(path: &Path, json: bool) -> Result<ExitCode> {
    if !path.is_file() {
        bail!("{}: no such project file", path.display());
    }
    let all = list_backups(path)?;
    if json {
        print_json(&all)?;
    } else if all.is_empty() {
        outln!("no backups in {}", backup_dir(path).display());
    } else {
        all.iter().for_each(print_backup);
    }
    Ok(ExitCode::SUCCESS)
}

/// A backup named by path, or by its file name in the project's backup folder.
fn find_backup(project: &Path, backup: &Path) -> Result<PathBuf> {
    if backup.is_file() {
        return Ok(backup.to_owned());
    }
    let in_dir = backup_dir(project).join(backup);
    if backup.components().count() == 1 && in_dir.is_file() {
        return Ok(in_dir);
    }
    bail!(
        "{}: no such backup (see `qcw backups {}`)",
        backup.display(),
        project.display()
    )
}

pub fn restore(path: &Path, backup: &Path, json: bool) -> Result<ExitCode> {
    let from = find_backup(path, backup)?;
    let mut p = open_rw(path)?;
    let safety = p.restore(&from)?;
    // The index catches up with the restored documents on the next search.
    #[derive(Serialize)]
    struct Restored<'a> {
        restored: &'a Path,
        safety_backup: &'a BackupInfo,
    }
    if json {
        print_json(&Restored {
            restored: &from,
            safety_backup: &safety,
        })?;
    } else {
        outln!("restored {} from {}", path.display(), from.display());
        outln!(
            "the state before the restore is in {} (restore it to undo this)",
            safety.path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct CheckReport {
    project: PathBuf,
    ok: bool,
    findings: Vec<Finding>,
    index: Option<IndexStatus>,
    repaired: Vec<String>,
    backups: usize,
    advice: Option<String>,
}

/// Opens the project for the check; a file SQLite cannot open is itself the finding.
fn open_for_check(path: &Path, repair: bool) -> Result<Result<Project, Finding>> {
    if !path.is_file() {
        bail!("{}: no such project file", path.display());
    }
    super::crypt::ensure_passphrase(path)?;
    let opened = if repair {
        Project::open(path, &qcw::project::default_coder())
    } else {
        Project::open_read_only(path)
    };
    Ok(match opened {
        Ok(p) => Ok(p),
        Err(e @ qcw::store::StoreError::Locked(_)) => return Err(e.into()),
        Err(e) => Err(Finding::new("database", format!("cannot be opened: {e}"))),
    })
}

pub fn check(path: &Path, repair: bool, json: bool) -> Result<ExitCode> {
    let mut report = CheckReport {
        project: path.to_owned(),
        ok: true,
        findings: Vec::new(),
        index: None,
        repaired: Vec::new(),
        backups: list_backups(path).map_or(0, |b| b.len()),
        advice: None,
    };
    match open_for_check(path, repair)? {
        Err(f) => report.findings.push(f),
        Ok(p) => match p.check_store() {
            Err(e) => report
                .findings
                .push(Finding::new("database", format!("cannot be read: {e}"))),
            Ok(found) => {
                report.findings = found;
                let mut index = check_index(&p)?;
                if index.error.is_some() && repair {
                    let n = rebuild_index(&p)?;
                    report
                        .repaired
                        .push(format!("rebuilt the search index ({n} documents)"));
                    index = check_index(&p)?;
                }
                if let Some(e) = &index.error {
                    let hint = "`qcw check --repair` rebuilds it; nothing is lost";
                    let f = Finding::new("index", format!("cannot be read: {e}; {hint}"));
                    report.findings.push(f);
                }
                report.index = Some(index);
            }
        },
    }
    report.ok = report.findings.is_empty();
    if report.findings.iter().any(|f| f.area != "index") {
        report.advice = Some(format!(
            "the project file is damaged: restore the newest good backup with `qcw restore {} \
             BACKUP` ({} backups, listed by `qcw backups {}`); keep a copy of the damaged file",
            path.display(),
            report.backups,
            path.display()
        ));
    }
    if json {
        print_json(&report)?;
    } else {
        for f in &report.findings {
            outln!("{}: {}: {}", path.display(), f.area, f.detail);
        }
        for r in &report.repaired {
            outln!("{}: repaired: {r}", path.display());
        }
        if let Some(a) = &report.advice {
            outln!("{a}");
        }
        if report.ok {
            outln!("{}: no problems found", path.display());
        }
    }
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
