//! `pii` (the anonymization audit, `--redact-all`, `pii watch`) and `redact`.

use super::args::{PiiArgs, PiiCmd, WatchAction};
use super::{open_ro, open_rw, print_json};
use anyhow::{Context as _, Result, bail};
use qcw::analysis::pii::PiiKind;
use qcw::command::{Command, execute};
use qcw::project::resolve_doc;
use qcw::reports::pii::{pii_report, redact_all};
use qcw::text::char_slice;
use std::path::Path;
use std::process::ExitCode;

pub fn run(a: PiiArgs) -> Result<ExitCode> {
    if let Some(PiiCmd::Watch {
        project,
        action,
        terms,
        kind,
        json,
    }) = a.cmd
    {
        return watch(&project, action, &terms, &kind, json);
    }
    let Some(path) = a.project else {
        bail!("missing PROJECT");
    };
    let kind = match &a.kind {
        Some(k) => Some(PiiKind::parse(k).with_context(|| {
            format!("unknown kind {k:?}: use mobile, landline, id_number, email, bank_card, plate or watch")
        })?),
        None => None,
    };
    let project = if a.redact_all {
        open_rw(&path)?
    } else {
        open_ro(&path)?
    };
    let doc_id = a
        .doc
        .as_deref()
        .map(|d| resolve_doc(&project, d))
        .transpose()?;
    let hits = pii_report(&project, doc_id, kind)?;
    if a.redact_all {
        let mut project = project;
        let applied = match redact_all(&hits) {
            Some(cmd) => Some(execute(&mut project, &cmd)?),
            None => None,
        };
        if a.json {
            print_json(&serde_json::json!({
                "redacted": hits.len(),
                "history_id": applied.and_then(|a| a.history_id),
                "hits": hits,
            }))?;
        } else {
            outln!("redacted {} hit(s); `qcw undo` restores them", hits.len());
        }
        return Ok(ExitCode::SUCCESS);
    }
    if a.json {
        print_json(&hits)?;
    } else {
        for h in &hits {
            outln!(
                "{}\t[{}, {})\t{}\t{}\t{}",
                h.doc,
                h.start,
                h.end,
                h.kind.as_str(),
                h.text,
                h.context
            );
        }
        outln!("{} hit(s)", hits.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn watch(
    path: &Path,
    action: WatchAction,
    terms: &[String],
    kind: &str,
    json: bool,
) -> Result<ExitCode> {
    let project = match action {
        WatchAction::List => open_ro(path)?,
        WatchAction::Add | WatchAction::Remove => {
            if terms.is_empty() {
                bail!("no terms given");
            }
            let mut project = open_rw(path)?;
            let commands: Vec<Command> = terms
                .iter()
                .map(|t| match action {
                    WatchAction::Add => Command::AddPiiWatch {
                        term: t.clone(),
                        kind: kind.to_owned(),
                    },
                    _ => Command::RemovePiiWatch { term: t.clone() },
                })
                .collect();
            let label = match action {
                WatchAction::Add => format!("watch {} term(s)", commands.len()),
                _ => format!("unwatch {} term(s)", commands.len()),
            };
            execute(&mut project, &Command::Batch { label, commands })?;
            project
        }
    };
    let list = project.pii_watch()?;
    if json {
        let rows: Vec<_> = list
            .iter()
            .map(|(term, kind)| serde_json::json!({"term": term, "kind": kind}))
            .collect();
        print_json(&rows)?;
    } else {
        for (term, kind) in &list {
            outln!("{term}\t{kind}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn redact(path: &Path, doc: &str, start: usize, end: usize, json: bool) -> Result<ExitCode> {
    let mut project = open_rw(path)?;
    let doc_id = resolve_doc(&project, doc)?;
    let applied = execute(&mut project, &Command::Redact { doc_id, start, end })?;
    let (name, text) = project
        .document_text(doc_id)?
        .with_context(|| format!("document {doc} vanished"))?;
    let now = char_slice(&text, start, end);
    if json {
        print_json(&serde_json::json!({
            "doc": name, "doc_id": doc_id, "start": start, "end": end, "text": now,
            "history_id": applied.history_id,
        }))?;
    } else {
        outln!("redacted [{start}, {end}) of {name}: {now}");
    }
    Ok(ExitCode::SUCCESS)
}

/// After an import: a warning on stderr when the imported documents hold likely personal data.
pub fn warn_after_import(project: &qcw::store::Project, doc_ids: impl Iterator<Item = i64>) {
    let ids: Vec<i64> = doc_ids.collect();
    match qcw::reports::pii::import_warning(project, &ids) {
        Ok(Some((n, kinds))) => eprintln!(
            "warning: the imported documents hold {n} likely personal-data hit(s) ({kinds}); \
             `qcw pii {}` lists them, `qcw redact` hides them",
            project.path().display()
        ),
        Ok(None) => {}
        Err(e) => eprintln!("warning: anonymization audit failed: {e}"),
    }
}
