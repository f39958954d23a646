//! `qcw suggest`: code suggestions, their evaluation, accepting and rejecting them.

use super::args::{SuggestArgs, SuggestCmd, SuggestTarget};
use super::{open_ro, open_rw, print_json};
use anyhow::{Result, bail};
use qcw::command::{Command, execute};
use qcw::project::resolve_doc;
use qcw::suggest::{Params, Scope, project_accept, project_eval, project_suggest, resolve_code};
use std::process::ExitCode;

fn scope(s: &str) -> Result<Scope> {
    match Scope::parse(s) {
        Some(scope) => Ok(scope),
        None => bail!("--scope {s:?}: expected sentence or paragraph"),
    }
}

pub fn run(a: SuggestArgs) -> Result<ExitCode> {
    match a.action {
        Some(SuggestCmd::Eval {
            project,
            folds,
            threshold,
            scope: s,
            json,
        }) => eval(&project, folds, threshold, scope(&s)?, json),
        Some(SuggestCmd::Accept(t)) => accept_or_reject(&t, true),
        Some(SuggestCmd::Reject(t)) => accept_or_reject(&t, false),
        None => {
            let (Some(path), Some(code)) = (a.project, a.code) else {
                bail!("usage: qcw suggest PROJECT --code PATH");
            };
            let project = open_ro(&path)?;
            let s = project_suggest(
                &project,
                &code,
                scope(&a.scope)?,
                &Params::default(),
                a.limit,
                &mut |_| {},
            )?;
            if a.json {
                print_json(&s.items)?;
            } else {
                outln!(
                    "{}: model {} trained on {} segments ({} coded)",
                    s.code,
                    s.model.hash,
                    s.model.training_segments,
                    s.model.training_positives
                );
                for i in &s.items {
                    outln!(
                        "{:.3}\t{}\t[{}, {})\t{}",
                        i.score,
                        i.doc,
                        i.start,
                        i.end,
                        i.text
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn eval(
    path: &std::path::Path,
    folds: usize,
    threshold: f64,
    scope: Scope,
    json: bool,
) -> Result<ExitCode> {
    let project = open_ro(path)?;
    let r = project_eval(
        &project,
        scope,
        &Params::default(),
        folds,
        threshold,
        &mut |_| {},
    )?;
    if json {
        print_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{} folds by document, {} segments of {} coded documents, threshold {}",
        r.folds,
        r.segments,
        r.coded_documents,
        r.threshold
    );
    outln!("code\tcoded\tmodel P/R/F1/κ\tkeywords P/R/F1/κ");
    for c in &r.codes {
        match (c.model, c.baseline) {
            (Some(m), Some(b)) => outln!(
                "{}\t{}\t{:.2}/{:.2}/{:.2}/{:.2}\t{:.2}/{:.2}/{:.2}/{:.2}",
                c.code,
                c.positives,
                m.precision,
                m.recall,
                m.f1,
                m.kappa,
                b.precision,
                b.recall,
                b.f1,
                b.kappa
            ),
            _ => outln!(
                "{}\t{}\t—\t{}",
                c.code,
                c.positives,
                c.note.as_deref().unwrap_or("")
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn accept_or_reject(t: &SuggestTarget, accept: bool) -> Result<ExitCode> {
    let mut project = open_rw(&t.project)?;
    let doc_id = resolve_doc(&project, &t.doc)?;
    let coder = project.actor().to_owned();
    let cmd = if accept {
        project_accept(
            &project,
            &t.code,
            (doc_id, t.start, t.end),
            scope(&t.scope)?,
            &Params::default(),
            &coder,
        )?
    } else {
        let (code_id, _) = resolve_code(&project, &t.code)?;
        Command::RejectSuggestion {
            doc_id,
            start: t.start,
            end: t.end,
            code_id,
            coder,
        }
    };
    let applied = execute(&mut project, &cmd)?;
    if t.json {
        print_json(&applied)?;
    } else {
        outln!("{}", applied.label);
    }
    Ok(ExitCode::SUCCESS)
}
