//! `codes`, `code …`, `codings`.

use super::args::{ApplyArgs, CodeCmd, CodingsArgs, RemoveArgs};
use super::{open_ro, open_rw, print_json};
use anyhow::{Result, bail};
use qcw::codebook::descendants;
use qcw::command::{CodeEdit, CodeFields, Command, execute};
use qcw::project::{resolve_code, resolve_doc};
use qcw::store::CodingFilter;
use std::path::Path;
use std::process::ExitCode;

pub fn list(path: &Path, json: bool) -> Result<ExitCode> {
    let codes = open_ro(path)?.codes()?;
    if json {
        print_json(&codes)?;
    } else {
        for c in codes {
            let depth = c.path.matches('/').count();
            outln!(
                "{:>4}  {}{}  {}  ({} codings)  {}",
                c.id,
                "  ".repeat(depth),
                c.name,
                c.color,
                c.count,
                c.description
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(cmd: CodeCmd) -> Result<ExitCode> {
    match cmd {
        CodeCmd::Add {
            project,
            path,
            color,
            description,
        } => {
            let mut p = open_rw(&project)?;
            let fields = CodeFields {
                color,
                description,
                ..CodeFields::default()
            };
            execute(&mut p, &Command::AddCode { path, fields })?;
        }
        CodeCmd::Rename {
            project,
            path,
            new_name,
        } => {
            let mut p = open_rw(&project)?;
            let code_id = resolve_code(&p, &path)?.id;
            let edit = CodeEdit {
                name: Some(new_name),
                ..CodeEdit::default()
            };
            execute(&mut p, &Command::EditCode { code_id, edit })?;
        }
        CodeCmd::Edit {
            project,
            path,
            color,
            description,
            definition,
            inclusion,
            exclusion,
            example,
        } => {
            let mut p = open_rw(&project)?;
            let code_id = resolve_code(&p, &path)?.id;
            let edit = CodeEdit {
                name: None,
                color,
                description,
                definition,
                inclusion,
                exclusion,
                example,
            };
            execute(&mut p, &Command::EditCode { code_id, edit })?;
        }
        CodeCmd::Move {
            project, path, to, ..
        } => {
            let mut p = open_rw(&project)?;
            let code_id = resolve_code(&p, &path)?.id;
            let parent = match to {
                Some(t) => Some(resolve_code(&p, &t)?.id),
                None => None,
            };
            execute(&mut p, &Command::MoveCode { code_id, parent })?;
        }
        CodeCmd::Merge { project, src, dst } => {
            let mut p = open_rw(&project)?;
            let src = resolve_code(&p, &src)?.id;
            let dst = resolve_code(&p, &dst)?.id;
            execute(&mut p, &Command::MergeCode { src, dst })?;
        }
        CodeCmd::Delete {
            project,
            path,
            force,
        } => {
            let mut p = open_rw(&project)?;
            let code_id = resolve_code(&p, &path)?.id;
            execute(&mut p, &Command::DeleteCode { code_id, force })?;
        }
        CodeCmd::Apply(a) => return apply(a),
        CodeCmd::Hits {
            project,
            query,
            code,
            scope,
            coder,
            kind,
            json,
        } => return super::search::code_hits(&project, &query, &code, &scope, coder, kind, json),
        CodeCmd::Remove(a) => remove(a)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `qcw code apply`: codes a range and prints the new coding.
fn apply(a: ApplyArgs) -> Result<ExitCode> {
    let ApplyArgs {
        project,
        doc,
        start,
        end,
        code,
        coder,
        memo,
        json,
    } = a;
    let mut p = open_rw(&project)?;
    let doc_id = resolve_doc(&p, &doc)?;
    let code_id = resolve_code(&p, &code)?.id;
    let coder = qcw::project::coder_for(&p, coder);
    let applied = execute(
        &mut p,
        &Command::ApplyCoding {
            doc_id,
            start,
            end,
            code_id,
            coder,
            memo,
        },
    )?;
    let id = applied.ids.first().copied().unwrap_or_default();
    let coding = p
        .codings(&CodingFilter {
            doc_id: Some(doc_id),
            ..Default::default()
        })?
        .into_iter()
        .find(|c| c.id == id);
    match (json, coding) {
        (true, Some(c)) => print_json(&c)?,
        (false, Some(c)) => outln!(
            "coding #{} {} [{}, {}) {}: {}",
            c.id,
            c.doc,
            c.start,
            c.end,
            c.code,
            c.text
        ),
        (_, None) => bail!("coding #{id} not found after applying it"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `qcw code remove`: removes one coding, by id or by its range, code and coder.
fn remove(a: RemoveArgs) -> Result<()> {
    let RemoveArgs {
        project,
        id,
        doc,
        start,
        end,
        code,
        coder,
    } = a;
    let mut p = open_rw(&project)?;
    let coding_id = match (id, doc, start, end, code) {
        (Some(id), ..) => id,
        (None, Some(doc), Some(start), Some(end), Some(code)) => {
            let doc_id = resolve_doc(&p, &doc)?;
            let code_id = resolve_code(&p, &code)?.id;
            let coder = qcw::project::coder_for(&p, coder);
            let found = p
                .codings(&CodingFilter {
                    doc_id: Some(doc_id),
                    code_ids: Some(vec![code_id]),
                    coder: Some(coder.clone()),
                    ..CodingFilter::default()
                })?
                .into_iter()
                .find(|c| c.start == start && c.end == end);
            match found {
                Some(c) => c.id,
                None => bail!("no coding of {code} on {doc} [{start}, {end}) by {coder}"),
            }
        }
        _ => bail!("say which coding: --id N, or --doc --start --end --code"),
    };
    execute(&mut p, &Command::RemoveCoding { coding_id })?;
    Ok(())
}

pub fn codings(a: CodingsArgs) -> Result<ExitCode> {
    let p = open_ro(&a.project)?;
    let mut filter = CodingFilter {
        coder: a.coder,
        ..CodingFilter::default()
    };
    if let Some(d) = &a.doc {
        filter.doc_id = Some(resolve_doc(&p, d)?);
    }
    if let Some(c) = &a.code {
        let code = resolve_code(&p, c)?;
        filter.code_ids = Some(descendants(&p.codes()?, code.id));
    }
    if let Some(g) = &a.group {
        filter.group_id = Some(qcw::project::resolve_group(&p, g)?);
    }
    let codings = p.codings(&filter)?;
    if a.json {
        print_json(&codings)?;
    } else {
        for c in codings {
            outln!(
                "#{:<5} {:<20} [{:>5}, {:>5}) {:<16} {:<10} {}",
                c.id,
                c.doc,
                c.start,
                c.end,
                c.code,
                c.coder,
                c.text.replace('\n', " ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
