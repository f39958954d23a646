//! `qcw bench codebook` (feature `bench`): codebook imports of growing size — REFI-QDA `.qdc`
//! flat, as a tree and as one deep chain, and Taguette CSV — timed against parsing the same XML
//! alone, with the growth per ×10 in size (about 10 for a linear importer, 100 for a quadratic
//! one). Figures only, never pass/fail.

use super::taguette::import_codebook_csv;
use super::{CODEBOOK_NAMESPACE, import_qdpx, xml};
use crate::store::Project;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// The shapes of generated codebooks.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// Every code at the top level.
    Flat,
    /// Ten children per code.
    Tree,
    /// Each code the only child of the previous one.
    Chain,
}

fn guid(i: usize) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", i >> 16, i)
}

/// The `.qdc` XML of `n` codes in `shape`.
fn qdc(n: usize, shape: Shape) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"{CODEBOOK_NAMESPACE}\" \
         origin=\"qcw bench\"><Codes>"
    );
    let open = |out: &mut String, i: usize| {
        let _ = write!(
            out,
            "<Code guid=\"{}\" name=\"码{i}\" isCodable=\"true\" color=\"#336699\">",
            guid(i)
        );
    };
    match shape {
        Shape::Flat => {
            for i in 0..n {
                open(&mut out, i);
                out.push_str("</Code>");
            }
        }
        Shape::Chain => {
            for i in 0..n {
                open(&mut out, i);
            }
            out.push_str(&"</Code>".repeat(n));
        }
        Shape::Tree => {
            // Heap order: the children of code i are 10i+1 … 10i+10. An explicit stack of codes
            // still to close keeps the generator iterative.
            let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
            open(&mut out, 0);
            while let Some((code, next)) = stack.pop() {
                let child = 10 * code + 1 + next;
                if next < 10 && child < n {
                    stack.push((code, next + 1));
                    open(&mut out, child);
                    stack.push((child, 0));
                } else {
                    out.push_str("</Code>");
                }
            }
        }
    }
    out.push_str("</Codes></CodeBook>\n");
    out
}

/// The Taguette CSV of `n` codes, ten children per code as paths.
fn taguette_csv(n: usize) -> String {
    let mut paths: Vec<String> = Vec::with_capacity(n);
    let mut out = String::from("tag,description\n");
    for i in 0..n {
        let path = if i == 0 {
            "码0".to_owned()
        } else {
            format!("{}/码{i}", paths[(i - 1) / 10])
        };
        let _ = writeln!(out, "\"{path}\",描述{i}");
        paths.push(path);
    }
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Imports `file` into a new project in `dir`; the time of the import alone.
fn time_import(dir: &Path, file: &Path) -> Result<Duration, String> {
    let path = dir.join(format!("{}.qcw", file.display().to_string().len()));
    let _ = std::fs::remove_file(&path);
    let mut p = Project::create(&path, "bench").map_err(|e| e.to_string())?;
    let started = Instant::now();
    let csv = file.extension().is_some_and(|e| e == "csv");
    if csv {
        import_codebook_csv(&mut p, file).map_err(|e| e.to_string())?;
    } else {
        import_qdpx(&mut p, file, "bench").map_err(|e| e.to_string())?;
    }
    let took = started.elapsed();
    drop(p);
    let _ = std::fs::remove_file(&path);
    Ok(took)
}

/// One row per shape and size: parse time (baseline), import time, per 1 000 codes, growth.
pub fn codebook_bench(sizes: &[usize], depths: &[usize]) -> String {
    codebook_bench_figures(sizes, depths, &mut Vec::new())
}

/// [`codebook_bench`], also pushing each `.qdc` import against parsing its XML alone onto
/// `figures`.
pub fn codebook_bench_figures(
    sizes: &[usize],
    depths: &[usize],
    figures: &mut Vec<crate::bench::Figure>,
) -> String {
    let Ok(dir) = tempfile::tempdir() else {
        return "codebook benchmark: no temporary folder\n".into();
    };
    let mut out = String::from(
        "codebook import (REFI-QDA .qdc and Taguette CSV) into an empty project\n\
         shape        codes   parse ms  import ms  ms/1k codes  growth (time ratio per size ratio)\n",
    );
    let cases: Vec<(&str, Option<Shape>, &[usize])> = vec![
        ("qdc flat", Some(Shape::Flat), sizes),
        ("qdc tree", Some(Shape::Tree), sizes),
        ("qdc chain", Some(Shape::Chain), depths),
        ("csv tree", None, sizes),
    ];
    for (label, shape, ns) in cases {
        let mut last: Option<(usize, f64)> = None;
        for &n in ns {
            let (file, parse) = match shape {
                Some(s) => {
                    let text = qdc(n, s);
                    let started = Instant::now();
                    let limits = super::ImportLimits::default();
                    let parsed = xml::parse(&text, &limits).map(|_| ());
                    let parse = started.elapsed();
                    if let Err(e) = parsed {
                        let _ = writeln!(out, "{label:<10} {n:>7}   parse failed: {e:?}");
                        continue;
                    }
                    let f = dir.path().join(format!("{n}.qdc"));
                    (std::fs::write(&f, text).map(|()| f), Some(parse))
                }
                None => {
                    let f = dir.path().join(format!("{n}.csv"));
                    (std::fs::write(&f, taguette_csv(n)).map(|()| f), None)
                }
            };
            let Ok(file) = file else {
                let _ = writeln!(out, "{label:<10} {n:>7}   cannot write the input");
                continue;
            };
            match time_import(dir.path(), &file) {
                Ok(took) => {
                    let t = ms(took);
                    let growth = last.map_or(String::new(), |(m, prev)| {
                        format!("{:.1} per ×{:.0}", t / prev.max(1e-3), n as f64 / m as f64)
                    });
                    if let Some(p) = parse {
                        figures.push(crate::bench::Figure::new(
                            format!("codebook import, {label}, {n} codes"),
                            t,
                            format!("parsing the .qdc alone, {n} codes"),
                            ms(p),
                        ));
                    }
                    let parse = parse.map_or("-".to_owned(), |p| format!("{:.1}", ms(p)));
                    let _ = writeln!(
                        out,
                        "{label:<10} {n:>7} {parse:>10} {t:>10.1} {:>12.2}  {growth}",
                        t / n as f64 * 1000.0
                    );
                    last = Some((n, t));
                }
                Err(e) => {
                    let _ = writeln!(out, "{label:<10} {n:>7}   refused: {e}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codebooks_import_with_every_code() {
        let dir = tempfile::tempdir().unwrap();
        for shape in [Shape::Flat, Shape::Tree, Shape::Chain] {
            let f = dir.path().join("c.qdc");
            std::fs::write(&f, qdc(25, shape)).unwrap();
            let mut p = Project::create(&dir.path().join(format!("{shape:?}.qcw")), "t").unwrap();
            import_qdpx(&mut p, &f, "t").unwrap();
            let codes = p.codes().unwrap();
            assert_eq!(codes.len(), 25, "{shape:?}");
            let depth = codes.iter().map(|c| c.path.matches('/').count()).max();
            let want = match shape {
                Shape::Flat => 0,
                Shape::Tree => 2,
                Shape::Chain => 24,
            };
            assert_eq!(depth, Some(want), "{shape:?}");
        }
        let f = dir.path().join("c.csv");
        std::fs::write(&f, taguette_csv(25)).unwrap();
        let mut p = Project::create(&dir.path().join("csv.qcw"), "t").unwrap();
        import_codebook_csv(&mut p, &f).unwrap();
        assert_eq!(p.codes().unwrap().len(), 25);
        let report = codebook_bench(&[10, 100], &[10, 20]);
        assert_eq!(report.lines().count(), 2 + 8, "{report}");
        assert!(
            !report.contains("refused") && !report.contains("failed"),
            "{report}"
        );
    }
}
