//! `qcw bench gui --study`: the workbench at study scale — 297 generated documents, 200 codes,
//! 50 000 codings by two coders — timing what a researcher waits for: opening the project to its
//! first frame, a coding action to the next frame, switching documents, every centre view's
//! frames, and the memory held. Each figure is compared with its target and with a baseline
//! measured in the same run (an empty frame; a coding followed by a full reload, which is what
//! every command cost before the refresh was incremental). Figures only, no pass/fail.

use super::bench::{Stats, frame, ms, stats};
use super::bench_views::{ViewsScale, build, every_view};
use super::error::AppError;
use super::state::AppState;
use super::{AppCommand, Lang, QcwApp, fonts};
use egui::Event;
use std::path::Path;
use std::time::{Duration, Instant};

/// The study: documents, characters each, codes, codings.
pub const STUDY: ViewsScale = ViewsScale {
    docs: 297,
    chars: 8_000,
    codes: 200,
    codings: 50_000,
};

/// Resident memory of this process in MiB from `/proc/self/status` (`VmRSS` now, `VmHWM` peak).
fn rss_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "meets" } else { "MISSES" }
}

/// Frame times of an empty panel: the baseline.
fn empty_frames(frames: usize) -> Stats {
    let ctx = egui::Context::default();
    fonts::install_fonts(&ctx);
    stats(
        (0..frames)
            .map(|i| {
                frame(&ctx, i, Vec::new(), &mut |ui| {
                    egui::CentralPanel::default().show(ui, |_| {});
                })
            })
            .collect(),
    )
}

/// The study-scale report (`scale` smaller in the unit tests).
pub fn study_report(scale: ViewsScale, frames: usize) -> String {
    tempfile::tempdir()
        .map_err(|e| AppError::Other(format!("a temporary folder: {e}")))
        .and_then(|dir| run(&dir.path().join("study.qcw"), scale, frames.clamp(10, 200)))
        .unwrap_or_else(|e| format!("study-scale benchmark failed: {e}\n"))
}

fn run(path: &Path, scale: ViewsScale, frames: usize) -> Result<String, AppError> {
    let started = Instant::now();
    build(path, scale)?;
    let built = started.elapsed();
    let rss_built = rss_mib("VmRSS:");
    let ctx = egui::Context::default();
    fonts::install_fonts(&ctx);
    let mut n = 0;
    let mut draw = |events: Vec<Event>, app: &mut QcwApp| {
        n += 1;
        frame(&ctx, n, events, &mut |ui| app.workbench_ui(ui))
    };
    // Open → first frame showing the first document laid out.
    let opened = Instant::now();
    let state = AppState {
        lang: Lang::Zh,
        ..AppState::default()
    };
    let mut app = QcwApp::new(state, Some(path.to_owned()));
    app.set_native_dialogs(false);
    let mut open_frames = 0;
    while app.reader.layout().is_none() && open_frames < 10 {
        draw(Vec::new(), &mut app);
        open_frames += 1;
    }
    let open = opened.elapsed();
    let docs: Vec<i64> = app.cache.docs.iter().map(|d| d.id).collect();
    let codes: Vec<i64> = app
        .cache
        .codes
        .iter()
        .filter(|c| c.parent_id.is_some())
        .map(|c| c.id)
        .collect();
    let (Some(&doc_id), false) = (docs.first(), codes.is_empty()) else {
        return Err(AppError::Other("the generated study is empty".into()));
    };
    app.push(AppCommand::SelectDocument(doc_id));
    draw(Vec::new(), &mut app);
    // A coding action → the next frame (execute, reload what it touched, draw).
    let code = |i: usize| AppCommand::CodeRange {
        doc_id,
        start: 10 * i,
        end: 10 * i + 6,
        code_id: codes[i % codes.len()],
    };
    let coding: Vec<Duration> = (0..frames.min(60))
        .map(|i| {
            app.push(code(i));
            draw(Vec::new(), &mut app)
        })
        .collect();
    let (commands, idle, full) = coding_breakdown(&mut app, &mut draw, &code, frames.min(60));
    // Switching documents: the frame that loads the text and its codings and lays it out.
    let switching: Vec<Duration> = docs
        .iter()
        .skip(1)
        .take(frames.min(60))
        .map(|&d| {
            app.push(AppCommand::SelectDocument(d));
            draw(Vec::new(), &mut app)
        })
        .collect();
    let views = every_view(&mut app, &mut draw, frames)?;
    let rss = rss_mib("VmRSS:");
    let peak = rss_mib("VmHWM:");
    let empty = empty_frames(frames);
    let (c, f, s): (Stats, Stats, Stats) = (stats(coding), stats(full), stats(switching));
    let (cmd, idle) = (stats(commands), stats(idle));
    let worst_view = views
        .iter()
        .map(|v| v.idle.median.max(v.scroll.median))
        .max()
        .unwrap_or_default();
    let mut out = format!(
        "study-scale benchmark: {} documents × {} characters, {} codes, {} codings (built in {:.1} s)\n\
         \x20 open → first frame (document laid out, {open_frames} frames)  {}   target < 500 ms: {}\n\
         \x20 coding action → next frame  median {}  p99 {}   target < 16 ms: {}\n\
         \x20   of which the command's transaction  median {}  p99 {};  an idle reader frame  median {}  p99 {}\n\
         \x20   baseline: the same with a full reload  median {}  p99 {}  (× {:.1})\n\
         \x20 switching documents  median {}  p99 {}\n\
         \x20 empty frame baseline  median {}  p99 {}\n\
         \x20 views: slowest frame (median) {}   target < 8 ms: {}\n",
        scale.docs,
        scale.chars,
        scale.codes,
        scale.codings,
        built.as_secs_f64(),
        ms(open),
        verdict(open < Duration::from_millis(500)),
        ms(c.median),
        ms(c.p99),
        verdict(c.median < Duration::from_millis(16)),
        ms(cmd.median),
        ms(cmd.p99),
        ms(idle.median),
        ms(idle.p99),
        ms(f.median),
        ms(f.p99),
        f.median.as_secs_f64() / c.median.as_secs_f64().max(1e-9),
        ms(s.median),
        ms(s.p99),
        ms(empty.median),
        ms(empty.p99),
        ms(worst_view),
        verdict(worst_view < Duration::from_millis(8)),
    );
    for v in &views {
        out.push_str(&v.line());
    }
    let mib = |m: Option<f64>| m.map_or("unknown".into(), |m| format!("{m:.0} MiB"));
    out.push_str(&format!(
        "  memory: resident {} (peak {}; {} after generating the study)   target < 300 MB: {}\n",
        mib(rss),
        mib(peak),
        mib(rss_built),
        verdict(rss.is_some_and(|m| m * 1.048_576 < 300.0)),
    ));
    Ok(out)
}

/// Where a coding frame goes: the command alone (its transaction, no frame; each followed by an
/// untimed frame), then idle frames of the same reader (drawing only). The rest of a coding
/// frame is reloading what the command touched. Last, the baseline: the same action followed by
/// a full reload.
fn coding_breakdown(
    app: &mut QcwApp,
    draw: &mut impl FnMut(Vec<Event>, &mut QcwApp) -> Duration,
    code: &dyn Fn(usize) -> AppCommand,
    frames: usize,
) -> (Vec<Duration>, Vec<Duration>, Vec<Duration>) {
    let commands: Vec<Duration> = (0..frames)
        .map(|i| {
            let AppCommand::CodeRange {
                doc_id,
                start,
                end,
                code_id,
            } = code(i + 200)
            else {
                return Duration::ZERO;
            };
            let cmd = crate::command::Command::ApplyCoding {
                doc_id,
                start,
                end,
                code_id,
                coder: app.state.coder.clone(),
                memo: String::new(),
            };
            let t = Instant::now();
            let done = app
                .project
                .as_mut()
                .map(|p| crate::command::execute(p, &cmd));
            let took = t.elapsed();
            draw(Vec::new(), app);
            if let Some(Err(e)) = done {
                eprintln!("study benchmark: a coding failed: {e}");
            }
            took
        })
        .collect();
    let idle: Vec<Duration> = (0..frames).map(|_| draw(Vec::new(), app)).collect();
    // Baseline: the same action followed by a full reload (what every command used to cost).
    let full: Vec<Duration> = (0..frames)
        .map(|i| {
            app.push(code(i + 100));
            app.push(AppCommand::Refresh);
            draw(Vec::new(), app)
        })
        .collect();
    (commands, idle, full)
}
