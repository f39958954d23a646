//! `qcw bench all [--json]`: every benchmark in one run, each figure with its ratio against the
//! baseline measured in the same run; ends with a Markdown table for the README.
//!
//! Adding a benchmark is one entry in [`ENTRIES`]: a name, its baseline in words, and a function
//! that runs it and returns its printable report and its [`Figure`]s.

use super::args_more::BenchAllArgs;
use anyhow::Result;
use qcw::bench::Figure;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// What an entry gets: the corpus folder and the search sizes.
pub struct Ctx {
    corpus: PathBuf,
    replicate: Vec<usize>,
    queries: usize,
}

/// One benchmark of `qcw bench all`.
struct Entry {
    name: &'static str,
    baseline: &'static str,
    run: fn(&Ctx, &mut Vec<Figure>) -> Result<String>,
}

/// Every benchmark, in the order they run. Sized for a release build to finish all of them in a
/// few minutes on 2 cores with the demo corpus, under 10 with the 2 M-character law corpus.
const ENTRIES: &[Entry] = &[
    Entry {
        name: "import",
        baseline: "jieba segmentation of the same text",
        run: import,
    },
    Entry {
        name: "search",
        baseline: "substring scan of every text",
        run: search,
    },
    Entry {
        name: "cooccur",
        baseline: "clone + sort the codings",
        run: cooccur,
    },
    Entry {
        name: "codebook",
        baseline: "parsing the .qdc alone",
        run: codebook,
    },
    Entry {
        name: "gui",
        baseline: "an empty egui frame",
        run: gui,
    },
    Entry {
        name: "merge",
        baseline: "copying the project file",
        run: merge,
    },
    Entry {
        name: "suggest",
        baseline: "tokenizing the corpus once (jieba)",
        run: suggest,
    },
];

#[derive(Serialize)]
struct Outcome {
    name: &'static str,
    baseline: &'static str,
    seconds: f64,
    figures: Vec<Figure>,
    report: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct All {
    version: &'static str,
    corpus: String,
    seconds: f64,
    benchmarks: Vec<Outcome>,
}

pub fn run(a: &BenchAllArgs) -> Result<ExitCode> {
    let unknown: Vec<&String> = a
        .only
        .iter()
        .filter(|n| !ENTRIES.iter().any(|e| e.name == n.as_str()))
        .collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = ENTRIES.iter().map(|e| e.name).collect();
        anyhow::bail!(
            "unknown benchmark {unknown:?}; there are {}",
            names.join(", ")
        );
    }
    // The demo corpus in a temporary folder unless --corpus.
    let tmp = tempfile::tempdir()?;
    let corpus = match &a.corpus {
        Some(dir) => dir.clone(),
        None => write_demo_corpus(tmp.path())?,
    };
    let ctx = Ctx {
        corpus,
        replicate: a.replicate.clone(),
        queries: a.queries,
    };
    let started = Instant::now();
    let mut benchmarks = Vec::new();
    for e in ENTRIES {
        if !a.only.is_empty() && !a.only.iter().any(|n| n == e.name) {
            continue;
        }
        if !a.json {
            outln!("==== {} (baseline: {})", e.name, e.baseline);
        }
        let t = Instant::now();
        let mut figures = Vec::new();
        let (report, error) = match (e.run)(&ctx, &mut figures) {
            Ok(r) => (r, None),
            Err(err) => (String::new(), Some(format!("{err:#}"))),
        };
        let outcome = Outcome {
            name: e.name,
            baseline: e.baseline,
            seconds: t.elapsed().as_secs_f64(),
            figures,
            report,
            error,
        };
        if !a.json {
            print_outcome(&outcome);
        }
        benchmarks.push(outcome);
    }
    let all = All {
        version: qcw::VERSION,
        corpus: ctx.corpus.display().to_string(),
        seconds: started.elapsed().as_secs_f64(),
        benchmarks,
    };
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&all)?);
    } else {
        outln!("{}", table(&all));
    }
    let failed = all.benchmarks.iter().any(|b| b.error.is_some());
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_outcome(o: &Outcome) {
    outln!("{}", o.report.trim_end());
    if let Some(err) = &o.error {
        outln!("  FAILED: {err}");
    }
    for f in &o.figures {
        outln!(
            "  → {}: {:.3} ms vs {} {:.3} ms = ×{:.2}",
            f.what,
            f.ms,
            f.baseline,
            f.baseline_ms,
            f.ratio
        );
    }
    outln!("  ({:.1} s)\n", o.seconds);
}

/// Every figure as one Markdown table, and the total time.
fn table(all: &All) -> String {
    let mut t = format!(
        "qcw {} — all benchmarks in {:.1} s (corpus {})\n\n\
         | benchmark | figure | ms | baseline | baseline ms | × baseline |\n|---|---|---|---|---|---|\n",
        all.version, all.seconds, all.corpus
    );
    for b in &all.benchmarks {
        if let Some(err) = &b.error {
            t.push_str(&format!("| {} | failed: {err} | | | | |\n", b.name));
        }
        for f in &b.figures {
            t.push_str(&format!(
                "| {} | {} | {:.2} | {} | {:.2} | {:.2} |\n",
                b.name, f.what, f.ms, f.baseline, f.baseline_ms, f.ratio
            ));
        }
    }
    t
}

/// Writes the demo corpus's texts under `dir` and returns the folder.
fn write_demo_corpus(dir: &Path) -> Result<PathBuf> {
    let root = dir.join("demo-corpus");
    for (rel, text) in qcw::demo::demo_texts() {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    Ok(root)
}

fn import(ctx: &Ctx, figures: &mut Vec<Figure>) -> Result<String> {
    let (report, mut f) = super::bench::import_report(&ctx.corpus, None)?;
    figures.append(&mut f);
    Ok(report)
}

fn search(ctx: &Ctx, figures: &mut Vec<Figure>) -> Result<String> {
    let texts = super::bench::corpus_texts(&ctx.corpus)?;
    Ok(qcw::search::bench::search_bench(
        &texts,
        &ctx.replicate,
        ctx.queries,
        figures,
    ))
}

fn cooccur(_: &Ctx, figures: &mut Vec<Figure>) -> Result<String> {
    Ok(qcw::analysis::bench_cooccur_figures(figures))
}

fn codebook(_: &Ctx, figures: &mut Vec<Figure>) -> Result<String> {
    Ok(qcw::interop::bench::codebook_bench_figures(
        &[1_000, 10_000],
        &[10, 30],
        figures,
    ))
}

#[cfg(feature = "gui")]
fn gui(_: &Ctx, figures: &mut Vec<Figure>) -> Result<String> {
    let report = qcw::app::bench::frame_bench_figures(30_000, 2_000, 300, figures);
    if report.contains("failed") {
        anyhow::bail!("{}", report.trim());
    }
    Ok(report)
}

#[cfg(not(feature = "gui"))]
fn gui(_: &Ctx, _: &mut Vec<Figure>) -> Result<String> {
    Ok("skipped: this qcw was built without the GUI (feature `gui`)\n".into())
}

fn merge(_: &Ctx, figures: &mut Vec<Figure>) -> Result<String> {
    Ok(qcw::team::bench::merge_bench_figures(
        297, 8_000, 200, 50_000, figures,
    )?)
}

fn suggest(_: &Ctx, figures: &mut Vec<Figure>) -> Result<String> {
    let report = qcw::suggest::bench::suggest_bench_figures(297, 380, figures);
    if report.contains("error:") {
        anyhow::bail!("{}", report.trim());
    }
    Ok(report)
}
