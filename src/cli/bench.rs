//! `qcw bench …` (feature `bench`): benchmarks that print figures and ratios against a baseline
//! measured in the same run. They never assert timings.

use super::args::BenchCmd;
use anyhow::Result;
use qcw::bench::Figure;
use qcw::import::{ImportOptions, import_paths};
use qcw::store::Project;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// Peak resident memory of this process in MiB (Linux `VmHWM`), if known.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(cmd: BenchCmd) -> Result<ExitCode> {
    match cmd {
        BenchCmd::Import { dir, keep } => import(&dir, keep.as_deref()),
        BenchCmd::Search {
            dir,
            replicate,
            queries,
        } => {
            let texts = corpus_texts(&dir)?;
            outln!(
                "{}",
                qcw::search::bench::run_search_bench(&texts, &replicate, queries)
            );
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Gui {
            chars,
            codings,
            frames,
            study,
        } => gui(chars, codings, frames, study),
        BenchCmd::Codebook { sizes, depths } => {
            outln!("{}", qcw::interop::bench::codebook_bench(&sizes, &depths));
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Merge {
            docs,
            chars,
            codes,
            codings,
        } => {
            outln!(
                "{}",
                qcw::team::bench::merge_bench(docs, chars, codes, codings)?
            );
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Suggest { docs, sentences } => {
            outln!("{}", qcw::suggest::bench::suggest_bench(docs, sentences));
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::Server { coders, codings } => {
            let report = qcw::team::bench_server::server_bench(coders, codings)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            outln!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        BenchCmd::All(a) => super::bench_all::run(&a),
        BenchCmd::Cooccur => {
            outln!("{}", qcw::analysis::bench_cooccur());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The text of every importable file under `dir`, numbered.
pub(super) fn corpus_texts(dir: &std::path::Path) -> Result<Vec<(i64, String)>> {
    let files = qcw::import::collect_files(&[dir.to_owned()])?;
    let mut texts = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let Some(format) = qcw::import::formats::Format::from_path(f) else {
            continue;
        };
        let bytes = std::fs::read(f)?;
        if let Ok(x) = qcw::import::formats::extract(format, &bytes, &Default::default()) {
            texts.push((i as i64, x.text));
        }
    }
    Ok(texts)
}

fn import(dir: &std::path::Path, keep: Option<&std::path::Path>) -> Result<ExitCode> {
    let (report, _) = import_report(dir, keep)?;
    outln!("{}", report.trim_end());
    Ok(ExitCode::SUCCESS)
}

/// The import benchmark's report, and import + index time against jieba segmentation.
pub(super) fn import_report(
    dir: &std::path::Path,
    keep: Option<&std::path::Path>,
) -> Result<(String, Vec<Figure>)> {
    // A fresh directory (removed when dropped, with the project and its index) unless `--keep`.
    let tmp = tempfile::tempdir()?;
    let path = keep.map_or_else(|| tmp.path().join("bench.qcw"), ToOwned::to_owned);
    let mut project = Project::create(&path, "bench")?;
    let t0 = Instant::now();
    let report = import_paths(
        &mut project,
        &[dir.to_owned()],
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )?;
    let import_only_s = t0.elapsed().as_secs_f64();
    let ti = Instant::now();
    let index = qcw::search::project::open_synced(&project, &mut |_| {})?;
    let index_s = ti.elapsed().as_secs_f64();
    let indexed = index.doc_count();
    drop(index);
    let import_s = import_only_s + index_s;
    let texts = project.document_texts()?;
    let chars: usize = texts.iter().map(|(_, _, _, t)| t.chars().count()).sum();
    let rss = peak_rss_mib();

    // Baseline: single-threaded jieba-rs segmentation of the same text alone.
    let jieba = jieba_rs::Jieba::new();
    let t1 = Instant::now();
    let mut words = 0usize;
    for (_, _, _, t) in &texts {
        words += jieba.cut(t, true).len();
    }
    let jieba_s = t1.elapsed().as_secs_f64();

    let mut o = String::new();
    let mut line = |s: String| {
        o.push_str(&s);
        o.push('\n');
    };
    line(format!("import benchmark: {}", dir.display()));
    line(format!("  files imported     {}", report.imported.len()));
    line(format!(
        "  failed / skipped   {} / {}",
        report.failed.len(),
        report.skipped.len()
    ));
    line(format!("  characters         {chars}"));
    line(format!(
        "  import seconds     {import_only_s:.3}  (decode, normalize, store)"
    ));
    line(format!(
        "  index seconds      {index_s:.3}  ({indexed} documents: jieba words + n-grams, tantivy)"
    ));
    line(format!("  total seconds      {import_s:.3}"));
    line(format!(
        "  import chars/s     {:.0}",
        chars as f64 / import_s.max(1e-9)
    ));
    line(format!(
        "  peak memory (MiB)  {}",
        rss.map_or("unknown".into(), |m| format!("{m:.1}"))
    ));
    line("  baseline: jieba-rs single-threaded segmentation of the same text".into());
    line(format!(
        "    seconds          {jieba_s:.3}  ({words} words)"
    ));
    line(format!(
        "    chars/s          {:.0}",
        chars as f64 / jieba_s.max(1e-9)
    ));
    line(format!(
        "  ratio import/jieba {:.2}  (< 1 means import is faster)",
        import_s / jieba_s.max(1e-9)
    ));
    drop(project);
    drop(tmp);
    let figures = vec![Figure::new(
        format!(
            "import + index ({} files, {chars} chars)",
            report.imported.len()
        ),
        import_s * 1e3,
        "jieba segmentation of the same text",
        jieba_s * 1e3,
    )];
    Ok((o, figures))
}

#[cfg(feature = "gui")]
fn gui(chars: usize, codings: usize, frames: usize, study: bool) -> Result<ExitCode> {
    if study {
        let report = qcw::app::bench_study::study_report(qcw::app::bench_study::STUDY, frames);
        outln!("{report}");
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{}",
        qcw::app::bench::frame_bench_report(chars, codings, frames)
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn gui(_chars: usize, _codings: usize, _frames: usize, _study: bool) -> Result<ExitCode> {
    anyhow::bail!("this qcw was built without the GUI (feature `gui`), which `qcw bench gui` needs")
}
