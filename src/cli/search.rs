//! `search`, `kwic`, `freq`, `segment`, `dict`, `stopwords`, `reindex`, and `code hits`.

use super::args::{Cmd, DictCmd, SearchArgs, StopwordsCmd};
use super::{open_ro, open_rw, print_json};
use anyhow::{Result, bail};
use qcw::command::{Command, execute};
use qcw::model::DocKind;
use qcw::project::{resolve_case, resolve_code, resolve_doc};
use qcw::search::pipeline::{FreqQuery, HitsToCode, concordance, hits_to_code, word_frequencies};
use qcw::search::project::{index_dir, open_synced, project_segmenter};
use qcw::search::scope::{self, HitScope, SearchFilter, code_ranges_command};
use qcw::search::{DOMAIN_TERMS, Hit, SearchIndex};
use qcw::store::Project;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

/// One search hit as printed by `--json`.
#[derive(Serialize)]
struct HitOut<'a> {
    doc: &'a str,
    doc_id: i64,
    start: usize,
    end: usize,
    score: f32,
    snippet: &'a str,
}

fn index(project: &Project) -> Result<SearchIndex> {
    let tty = std::io::stderr().is_terminal();
    Ok(open_synced(project, &mut |p| {
        if tty && p.total > 20 {
            eprint!("\rindexing {}/{}\x1b[K", p.done, p.total);
            let _ = std::io::stderr().flush();
            if p.done == p.total {
                eprintln!();
            }
        }
    })?)
}

fn kind(s: &str) -> Result<DocKind> {
    DocKind::parse(s).ok_or_else(|| {
        anyhow::anyhow!("unknown kind {s:?}: use interview, document or observation")
    })
}

/// The documents allowed by the search filters (`None`: all).
fn allowed_docs(p: &Project, a: &SearchArgs) -> Result<Option<HashSet<i64>>> {
    let attr = match &a.attr {
        Some(kv) => {
            let Some((k, v)) = kv.split_once('=') else {
                bail!("--attr must be key=value")
            };
            Some((k.trim().to_owned(), v.trim().to_owned()))
        }
        None => None,
    };
    let filter = SearchFilter {
        kind: a.kind.as_deref().map(kind).transpose()?,
        case_id: a.case.as_deref().map(|c| resolve_case(p, c)).transpose()?,
        code_id: match &a.code {
            Some(c) => Some(resolve_code(p, c)?.id),
            None => None,
        },
        attr,
        group_id: a
            .group
            .as_deref()
            .map(|g| qcw::project::resolve_group(p, g))
            .transpose()?,
    };
    Ok(scope::allowed_docs(p, &filter)?)
}

fn names(p: &Project) -> Result<HashMap<i64, String>> {
    Ok(p.documents()?.into_iter().map(|d| (d.id, d.name)).collect())
}

fn search(a: SearchArgs) -> Result<ExitCode> {
    let p = open_ro(&a.project)?;
    let allowed = allowed_docs(&p, &a)?;
    let idx = index(&p)?;
    let hits = idx.search(&a.query, allowed.as_ref(), a.limit)?;
    let names = names(&p)?;
    print_hits(&hits, &names, a.json)
}

fn print_hits(hits: &[Hit], names: &HashMap<i64, String>, json: bool) -> Result<ExitCode> {
    let name = |id: i64| names.get(&id).map_or("", String::as_str);
    if json {
        let out: Vec<HitOut<'_>> = hits
            .iter()
            .map(|h| HitOut {
                doc: name(h.doc_id),
                doc_id: h.doc_id,
                start: h.start,
                end: h.end,
                score: h.score,
                snippet: &h.snippet,
            })
            .collect();
        print_json(&out)?;
    } else {
        for h in hits {
            outln!(
                "{:<24} [{:>6}, {:>6}) {:>7.3}  {}",
                name(h.doc_id),
                h.start,
                h.end,
                h.score,
                h.snippet
            );
        }
        outln!("{} hits", hits.len());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(cmd: Cmd) -> Result<ExitCode> {
    match cmd {
        Cmd::Search(a) => search(a),
        Cmd::Kwic {
            project,
            term,
            width,
            limit,
            json,
        } => {
            let p = open_ro(&project)?;
            let idx = index(&p)?;
            let phrase = format!("\"{}\"", term.replace('"', ""));
            let lines = concordance(&p, &idx, &phrase, None, width, limit)?;
            if json {
                print_json(&lines)?;
            } else {
                for l in &lines {
                    outln!(
                        "{:>w$} 【{}】 {:<w$}  {}",
                        l.left,
                        l.keyword,
                        l.right,
                        l.doc,
                        w = width
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Freq {
            project,
            kind: k,
            code,
            top,
            min_two,
            json,
        } => {
            let p = open_ro(&project)?;
            let query = FreqQuery {
                kind: k.as_deref().map(kind).transpose()?,
                code: code
                    .as_deref()
                    .map(|c| resolve_code(&p, c))
                    .transpose()?
                    .map(|c| c.id),
                top,
                min_two,
            };
            let freq = word_frequencies(&p, &query)?;
            if json {
                #[derive(Serialize)]
                struct W<'a> {
                    word: &'a str,
                    count: usize,
                }
                print_json(
                    &freq
                        .iter()
                        .map(|(w, c)| W { word: w, count: *c })
                        .collect::<Vec<_>>(),
                )?;
            } else {
                for (w, c) in &freq {
                    outln!("{c:>7}  {w}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Segment {
            project,
            doc,
            text,
            json,
        } => {
            let p = open_ro(&project)?;
            let text = match (doc, text) {
                (Some(d), _) => {
                    let id = resolve_doc(&p, &d)?;
                    p.document_text(id)?.map(|(_, t)| t).unwrap_or_default()
                }
                (None, Some(t)) => t,
                (None, None) => bail!("give --doc DOC or --text TEXT"),
            };
            let tokens = project_segmenter(&p)?.tokens(&text);
            if json {
                print_json(&tokens)?;
            } else {
                outln!(
                    "{}",
                    tokens
                        .iter()
                        .map(|t| t.word.as_str())
                        .collect::<Vec<_>>()
                        .join(" / ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Dict(d) => dict(d),
        Cmd::Stopwords(s) => stopwords(s),
        Cmd::Reindex { project } => {
            let p = open_ro(&project)?;
            let dir = index_dir(&project);
            if dir.is_dir() {
                std::fs::remove_dir_all(&dir)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
            }
            let idx = index(&p)?;
            outln!("indexed {} documents in {}", idx.doc_count(), dir.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => bail!("not a search command"),
    }
}

fn dict(d: DictCmd) -> Result<ExitCode> {
    match d {
        DictCmd::Add {
            project,
            word,
            freq,
            pos,
        } => {
            let mut p = open_rw(&project)?;
            execute(&mut p, &Command::AddDictWord { word, freq, pos })?;
        }
        DictCmd::Remove { project, word } => {
            let mut p = open_rw(&project)?;
            execute(&mut p, &Command::RemoveDictWord { word })?;
        }
        DictCmd::List { project, json } => {
            let p = open_ro(&project)?;
            #[derive(Serialize)]
            struct W {
                word: String,
                freq: Option<i64>,
                pos: Option<String>,
                builtin: bool,
            }
            let mut words: Vec<W> = p
                .dictionary()?
                .into_iter()
                .map(|w| W {
                    word: w.word,
                    freq: w.freq,
                    pos: w.pos,
                    builtin: false,
                })
                .collect();
            for t in DOMAIN_TERMS {
                if !words.iter().any(|w| w.word == *t) {
                    words.push(W {
                        word: (*t).to_owned(),
                        freq: None,
                        pos: None,
                        builtin: true,
                    });
                }
            }
            if json {
                print_json(&words)?;
            } else {
                for w in &words {
                    outln!(
                        "{}{}{}{}",
                        w.word,
                        w.freq.map(|f| format!(" {f}")).unwrap_or_default(),
                        w.pos.as_ref().map(|p| format!(" {p}")).unwrap_or_default(),
                        if w.builtin { "  (built-in)" } else { "" }
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn stopwords(s: StopwordsCmd) -> Result<ExitCode> {
    match s {
        StopwordsCmd::Add { project, words } | StopwordsCmd::Remove { project, words }
            if words.is_empty() =>
        {
            let _ = project;
            bail!("give at least one word")
        }
        StopwordsCmd::Add { project, words } => {
            let mut p = open_rw(&project)?;
            let commands = words
                .into_iter()
                .map(|word| Command::SetStopword { word, on: true })
                .collect();
            execute(
                &mut p,
                &Command::Batch {
                    label: "add stop words".into(),
                    commands,
                },
            )?;
        }
        StopwordsCmd::Remove { project, words } => {
            let mut p = open_rw(&project)?;
            let commands = words
                .into_iter()
                .map(|word| Command::SetStopword { word, on: false })
                .collect();
            execute(
                &mut p,
                &Command::Batch {
                    label: "remove stop words".into(),
                    commands,
                },
            )?;
        }
        StopwordsCmd::List { project, json } => {
            let words = open_ro(&project)?.stopwords()?;
            if json {
                print_json(&words)?;
            } else {
                outln!("{}", words.join(" "));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `qcw code hits`: codes every hit (or its sentence / paragraph) as one undoable command.
#[allow(clippy::too_many_arguments)]
pub fn code_hits(
    project: &std::path::Path,
    query: &str,
    code: &str,
    scope: &str,
    coder: Option<String>,
    kind_filter: Option<String>,
    json: bool,
) -> Result<ExitCode> {
    let Some(scope) = HitScope::parse(scope) else {
        bail!("--scope must be match, sentence or paragraph, not {scope:?}")
    };
    let mut p = open_rw(project)?;
    let code = resolve_code(&p, code)?;
    let args = SearchArgs {
        project: project.to_owned(),
        query: query.to_owned(),
        kind: kind_filter,
        case: None,
        code: None,
        attr: None,
        group: None,
        limit: None,
        json,
    };
    let allowed = allowed_docs(&p, &args)?;
    let HitsToCode { hits, ranges } =
        hits_to_code(&p, &index(&p)?, query, allowed.as_ref(), scope)?;
    let coder = qcw::project::coder_for(&p, coder);
    let n = ranges.len();
    let command = code_ranges_command(
        &ranges,
        code.id,
        &coder,
        format!("code {n} hits of {query} with {}", code.path),
    );
    let applied = execute(&mut p, &command)?;
    if json {
        print_json(
            &serde_json::json!({ "hits": hits, "codings": n, "history_id": applied.history_id }),
        )?;
    } else {
        outln!("coded {n} ranges ({hits} hits) with {}", code.path);
    }
    Ok(ExitCode::SUCCESS)
}
