//! `new`, `demo`, `import`, `docs`, `show`, `memo`, `case`.

use super::args::{CaseCmd, ImportArgs, MemoArgs};
use super::{open_ro, open_rw, print_json};
use anyhow::{Context as _, Result, bail};
use qcw::codebook::Template;
use qcw::command::{Command, execute};
use qcw::import::{ImportOptions, Progress, import_paths};
use qcw::model::{DocKind, MemoTarget};
use qcw::project::default_coder;
use qcw::project::{create_project, resolve_case, resolve_code, resolve_doc};
use qcw::text::char_slice;
use std::io::{IsTerminal as _, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

pub fn new(path: &Path, template: &str, encrypt: bool) -> Result<ExitCode> {
    let Some(t) = Template::parse(template) else {
        bail!("unknown template {template:?}: use piv or empty");
    };
    if encrypt {
        let passphrase = super::crypt::new_passphrase("QCW_PASSPHRASE", path)?;
        qcw::store::remember_passphrase(path, &passphrase);
    }
    create_project(path, t, &default_coder())?;
    let how = if encrypt { " (encrypted)" } else { "" };
    outln!("created {}{how}", path.display());
    Ok(ExitCode::SUCCESS)
}

pub fn demo(path: &Path) -> Result<ExitCode> {
    let project = qcw::demo::build_demo(path, &default_coder())?;
    let docs = project.documents()?.len();
    outln!("created demo project {} ({docs} documents)", path.display());
    Ok(ExitCode::SUCCESS)
}

pub fn import(a: ImportArgs) -> Result<ExitCode> {
    let Some(kind) = DocKind::parse(&a.kind) else {
        bail!(
            "unknown kind {:?}: use interview, document or observation",
            a.kind
        );
    };
    let mut opts = ImportOptions {
        kind,
        cases: a.case.into_iter().collect(),
        ..ImportOptions::default()
    };
    opts.extract.docx_footnotes = a.footnotes;
    if let Some(p) = &a.meta_pattern {
        opts.meta_pattern = Some(ImportOptions::parse_meta_pattern(p)?);
    }
    let mut project = open_rw(&a.project)?;
    let tty = std::io::stderr().is_terminal() && !a.json;
    let mut progress = |p: Progress<'_>| {
        if tty {
            eprint!("\r[{}/{}] {}\x1b[K", p.done, p.total, p.current.display());
            let _ = std::io::stderr().flush();
        }
    };
    let report = import_paths(
        &mut project,
        &a.paths,
        &opts,
        &mut progress,
        &AtomicBool::new(false),
    )?;
    super::pii::warn_after_import(&project, report.imported.iter().map(|d| d.doc_id));
    if tty {
        eprintln!();
    }
    if a.json {
        print_json(&report)?;
    } else {
        for d in &report.imported {
            outln!(
                "imported {} ({} chars, {}) from {}",
                d.name,
                d.chars,
                d.format,
                d.path.display()
            );
        }
        for p in &report.duplicates {
            outln!("duplicate {}: {}", p.path.display(), p.reason);
        }
        for p in &report.skipped {
            outln!("skipped {}: {}", p.path.display(), p.reason);
        }
        for g in &report.groups {
            outln!("document group {g}");
        }
        outln!(
            "{} imported, {} duplicates, {} skipped, {} failed",
            report.imported.len(),
            report.duplicates.len(),
            report.skipped.len(),
            report.failed.len()
        );
    }
    for p in &report.warnings {
        eprintln!("qcw: warning: {}: {}", p.path.display(), p.reason);
    }
    for p in &report.failed {
        eprintln!("qcw: error: {}: {}", p.path.display(), p.reason);
    }
    Ok(if report.has_failures() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub fn list(path: &Path, json: bool) -> Result<ExitCode> {
    let docs = open_ro(path)?.documents()?;
    if json {
        print_json(&docs)?;
    } else {
        for d in docs {
            let attrs: Vec<String> = d
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            outln!(
                "{:>5}  {:<24} {:<11} {:>7} chars {:>5} codings  {}  {}",
                d.id,
                d.name,
                d.kind.as_str(),
                d.chars,
                d.codings,
                d.cases.join(","),
                attrs.join(" ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(
    path: &Path,
    doc: &str,
    start: Option<usize>,
    end: Option<usize>,
    json: bool,
) -> Result<ExitCode> {
    let project = open_ro(path)?;
    let id = resolve_doc(&project, doc)?;
    let (name, text) = project
        .document_text(id)?
        .with_context(|| format!("document {doc} vanished"))?;
    let chars = text.chars().count();
    let start = start.unwrap_or(0);
    let end = end.unwrap_or(chars);
    if start > end || end > chars {
        bail!("range [{start}, {end}) is outside document {name} ({chars} characters)");
    }
    let slice = char_slice(&text, start, end);
    if json {
        print_json(&serde_json::json!({
            "doc": name, "doc_id": id, "start": start, "end": end, "chars": chars, "text": slice
        }))?;
    } else {
        outln!("{slice}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn memo(a: MemoArgs) -> Result<ExitCode> {
    let target_project = if a.text.is_some() {
        open_rw(&a.project)?
    } else {
        open_ro(&a.project)?
    };
    let mut project = target_project;
    if let Some(coding) = a.coding {
        let Some(text) = a.text else {
            let found = project
                .codings(&Default::default())?
                .into_iter()
                .find(|c| c.id == coding)
                .with_context(|| format!("no coding #{coding}"))?;
            return print_memo(&found.memo, a.json);
        };
        execute(
            &mut project,
            &Command::SetCodingMemo {
                coding_id: coding,
                memo: text,
            },
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let target = if let Some(d) = &a.doc {
        MemoTarget::Document(resolve_doc(&project, d)?)
    } else if let Some(c) = &a.code {
        MemoTarget::Code(resolve_code(&project, c)?.id)
    } else if let Some(c) = &a.case {
        MemoTarget::Case(resolve_case(&project, c)?)
    } else if a.project_memo {
        MemoTarget::Project
    } else {
        bail!("say which memo: --doc, --code, --case, --coding or --project-memo");
    };
    match a.text {
        None => print_memo(&project.memo(target)?, a.json),
        Some(text) => {
            execute(&mut project, &Command::SetMemo { target, text })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_memo(text: &str, json: bool) -> Result<ExitCode> {
    if json {
        print_json(&serde_json::json!({ "memo": text }))?;
    } else {
        outln!("{text}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn case(c: CaseCmd) -> Result<ExitCode> {
    match c {
        CaseCmd::Add {
            project,
            name,
            description,
        } => {
            let mut p = open_rw(&project)?;
            execute(&mut p, &Command::AddCase { name, description })?;
        }
        CaseCmd::Link {
            project,
            name,
            doc,
            start,
            end,
        } => {
            let mut p = open_rw(&project)?;
            let doc_id = resolve_doc(&p, &doc)?;
            let range = start.zip(end);
            execute(
                &mut p,
                &Command::LinkCase {
                    case: name,
                    doc_id,
                    range,
                },
            )?;
        }
        CaseCmd::Set {
            project,
            name,
            assignments,
        } => {
            let mut p = open_rw(&project)?;
            let cmd = qcw::cases::set_case_attributes_command(&p, &name, &assignments)?;
            execute(&mut p, &cmd)?;
        }
        CaseCmd::Override {
            project,
            name,
            code,
            value,
            reason,
        } => {
            let mut p = open_rw(&project)?;
            let case_id = resolve_case(&p, &name)?;
            let code_id = resolve_code(&p, &code)?.id;
            let value = match value.as_str() {
                "present" | "1" | "true" => Some((true, reason)),
                "absent" | "0" | "false" => Some((false, reason)),
                "clear" => None,
                other => bail!("value must be present, absent or clear, not {other:?}"),
            };
            execute(
                &mut p,
                &Command::SetQcaOverride {
                    case_id,
                    code_id,
                    value,
                },
            )?;
        }
        CaseCmd::Delete { project, name } => {
            let mut p = open_rw(&project)?;
            let case_id = resolve_case(&p, &name)?;
            execute(&mut p, &Command::DeleteCase { case_id })?;
        }
        CaseCmd::List {
            project,
            group,
            json,
        } => {
            let p = open_ro(&project)?;
            let group = group
                .as_deref()
                .map(|g| qcw::project::resolve_group(&p, g))
                .transpose()?;
            let cases = qcw::reports::cases_in_group(&p, group)?;
            if json {
                print_json(&cases)?;
            } else {
                for c in cases {
                    outln!(
                        "{:>4}  {}  ({} documents, {} segments)",
                        c.id,
                        c.name,
                        c.documents,
                        c.segments
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
