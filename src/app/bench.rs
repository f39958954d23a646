//! `qcw bench gui`: frame time of the real workbench, headless, on a generated 30k-character
//! Chinese document with 2,000 random codings, while scrolling through it with the mouse wheel
//! over the reader; then every centre view on a larger generated project (`bench_views.rs`). Each frame is timed from input to tessellated output (what the UI thread does
//! per frame, except uploading to the GPU). Figures only, no pass/fail.

use super::error::AppError;
use super::state::AppState;
use super::{Lang, QcwApp, fonts};
use crate::codebook::Template;
use crate::command::{Command, NewDocument, execute};
use crate::model::DocKind;
use crate::project::create_project;
use egui::{
    Event, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, vec2,
};
use std::path::Path;
use std::time::{Duration, Instant};

/// Common characters the generated text is drawn from.
const POOL: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质";
/// Punctuation mixed in.
const PUNCT: [char; 6] = ['，', '。', '、', '；', '？', '！'];

/// A small deterministic generator (xorshift64*).
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `chars` code points of Chinese text in paragraphs of 60–400 characters.
pub fn generate_text(chars: usize, seed: u64) -> String {
    let pool: Vec<char> = POOL.chars().collect();
    let mut rng = Rng(seed | 1);
    let mut out = String::with_capacity(chars * 3);
    let mut para_left = 60 + rng.below(340);
    for i in 0..chars {
        let ch = if i + 1 == chars {
            '。'
        } else if para_left == 0 {
            para_left = 60 + rng.below(340);
            '\n'
        } else if rng.below(14) == 0 {
            PUNCT[rng.below(PUNCT.len())]
        } else {
            pool[rng.below(pool.len())]
        };
        para_left = para_left.saturating_sub(1);
        out.push(ch);
    }
    out
}

/// Creates the benchmark project at `path`: one generated document, `codings` random codings.
fn build_project(path: &Path, chars: usize, codings: usize) -> Result<(), AppError> {
    let mut project = create_project(path, Template::Piv, "bench")?;
    let text = generate_text(chars, 0x5143_5731);
    let doc = NewDocument {
        name: "基准文档".into(),
        kind: DocKind::Interview,
        sha256: crate::text::sha256_hex(text.as_bytes()),
        text,
        source_path: String::new(),
        format: "txt".into(),
        attributes: Default::default(),
        cases: Vec::new(),
    };
    let doc_id = execute(&mut project, &Command::ImportDocument(Box::new(doc)))?
        .ids
        .first()
        .copied()
        .ok_or_else(|| AppError::Other("no document id".into()))?;
    let codes = project.codes()?;
    if codes.is_empty() {
        return Err(AppError::Other("the PIV template has no codes".into()));
    }
    let mut rng = Rng(42);
    let commands = (0..codings)
        .map(|i| {
            let len = 4 + rng.below(80);
            let start = rng.below(chars.saturating_sub(len).max(1));
            Command::ApplyCoding {
                doc_id,
                start,
                end: (start + len).min(chars),
                code_id: codes[rng.below(codes.len())].id,
                coder: if i % 2 == 0 {
                    "甲".into()
                } else {
                    "乙".into()
                },
                memo: String::new(),
            }
        })
        .collect();
    execute(
        &mut project,
        &Command::Batch {
            label: "bench codings".into(),
            commands,
        },
    )?;
    Ok(())
}

pub(super) struct Stats {
    pub(super) median: Duration,
    pub(super) p99: Duration,
    pub(super) max: Duration,
}

pub(super) fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort_unstable();
    let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        median: at(0.5),
        p99: at(0.99),
        max: *v.last().unwrap_or(&Duration::ZERO),
    }
}

pub(super) fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

const SCREEN: Rect = Rect::from_min_max(Pos2::ZERO, Pos2::new(1600.0, 1000.0));

/// Runs one frame: input → UI → tessellation; returns its duration.
pub(super) fn frame(
    ctx: &egui::Context,
    n: usize,
    events: Vec<Event>,
    ui: &mut dyn FnMut(&mut egui::Ui),
) -> Duration {
    let input = RawInput {
        screen_rect: Some(SCREEN),
        time: Some(n as f64 / 60.0),
        predicted_dt: 1.0 / 60.0,
        events,
        ..RawInput::default()
    };
    let t = Instant::now();
    let mut out = ctx.run_ui(input, |u| ui(u));
    out.textures_delta.clear();
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    std::hint::black_box(prims);
    t.elapsed()
}

pub(super) fn wheel(dy: f32) -> Event {
    Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, dy),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    }
}

/// The benchmark: returns a report with median and p99 frame times of the reader while
/// scrolling, and of an empty frame as the baseline.
pub fn frame_bench_report(chars: usize, codings: usize, frames: usize) -> String {
    frame_bench_figures(chars, codings, frames, &mut Vec::new())
}

/// [`frame_bench_report`], also pushing the reader's scrolling and idle frames against the empty
/// frame onto `figures`.
pub fn frame_bench_figures(
    chars: usize,
    codings: usize,
    frames: usize,
    figures: &mut Vec<crate::bench::Figure>,
) -> String {
    let scale = super::bench_views::ViewsScale {
        docs: (chars / 500).clamp(6, 60),
        chars: chars.min(20_000),
        codes: if codings >= 1_000 { 200 } else { 40 },
        codings: codings * 10,
    };
    // A fresh directory per call (removed when dropped): concurrent runs never share files.
    tempfile::tempdir()
        .map_err(|e| AppError::Other(format!("a temporary folder: {e}")))
        .and_then(|dir| {
            let reader = run(
                &dir.path().join("bench.qcw"),
                (chars, codings),
                frames.max(10),
                figures,
            )?;
            let views = super::bench_views::views_report(dir.path(), scale, frames.clamp(10, 120))?;
            Ok(reader + &views)
        })
        .unwrap_or_else(|e| format!("gui frame benchmark failed: {e}\n"))
}

fn run(
    path: &Path,
    (chars, codings): (usize, usize),
    frames: usize,
    figures: &mut Vec<crate::bench::Figure>,
) -> Result<String, AppError> {
    build_project(path, chars, codings)?;
    let ctx = egui::Context::default();
    fonts::install_fonts(&ctx);
    let state = AppState {
        lang: Lang::Zh,
        ..AppState::default()
    };
    let mut app = QcwApp::new(state, Some(path.to_owned()));
    app.set_native_dialogs(false);
    let mut n = 0;
    let draw = |ctx: &egui::Context, n: &mut usize, events: Vec<Event>, app: &mut QcwApp| {
        *n += 1;
        frame(ctx, *n, events, &mut |ui| app.workbench_ui(ui))
    };
    // Start-up: open the project, load the document, lay it out (timed separately).
    let mut startup = Duration::ZERO;
    for _ in 0..4 {
        startup += draw(&ctx, &mut n, Vec::new(), &mut app);
    }
    let laid_out = app.reader.layout().map_or(0, |l| l.paras.len());
    if laid_out == 0 {
        return Err(AppError::Other(
            "the reader did not lay out the document".into(),
        ));
    }
    let pointer = Pos2::new(SCREEN.center().x, 300.0);
    draw(&ctx, &mut n, vec![Event::PointerMoved(pointer)], &mut app);
    let height = app.reader.layout().map_or(0.0, |l| l.height);
    // Scroll down and back up: a full sweep takes `sweep` frames.
    let sweep = (frames / 2).max(1);
    let step = (height / sweep as f32).max(40.0);
    let mut times = Vec::with_capacity(frames);
    let mut deepest = 0;
    let mut painted = 0;
    for i in 0..frames {
        let dy = if i < sweep { -step } else { step };
        times.push(draw(&ctx, &mut n, vec![wheel(dy)], &mut app));
        let visible = app.reader.visible_paragraphs();
        deepest = deepest.max(visible.end);
        painted = painted.max(visible.len());
    }
    if deepest < laid_out {
        return Err(AppError::Other(format!(
            "scrolling reached paragraph {deepest} of {laid_out} only"
        )));
    }
    let idle: Vec<Duration> = (0..frames)
        .map(|_| draw(&ctx, &mut n, Vec::new(), &mut app))
        .collect();
    // One full layout of the document (what opening it or resizing the window costs).
    let layout = {
        let l = app
            .reader
            .layout()
            .ok_or_else(|| AppError::Other("no layout".into()))?;
        let key = super::reader_layout::LayoutKey {
            width: l.key.width - 1.0,
            ..l.key
        };
        let text = app
            .cache
            .doc
            .as_ref()
            .map(|d| d.text.clone())
            .unwrap_or_default();
        let mut elapsed = Duration::ZERO;
        let mut out = ctx.run_ui(RawInput::default(), |ui| {
            let t = Instant::now();
            std::hint::black_box(super::reader_layout::DocLayout::build(ui.ctx(), &text, key));
            elapsed = t.elapsed();
        });
        out.textures_delta.clear();
        elapsed
    };
    let empty_ctx = egui::Context::default();
    fonts::install_fonts(&empty_ctx);
    let empty: Vec<Duration> = (0..frames)
        .map(|i| {
            frame(&empty_ctx, i, Vec::new(), &mut |ui| {
                egui::CentralPanel::default().show(ui, |_| {});
            })
        })
        .collect();
    let (s, i, e) = (stats(times), stats(idle), stats(empty));
    let f = |d: Duration| d.as_secs_f64() * 1e3;
    for (what, x, b) in [
        ("scrolling the reader, median", s.median, e.median),
        ("scrolling the reader, p99", s.p99, e.p99),
        ("idle frame, median", i.median, e.median),
    ] {
        figures.push(crate::bench::Figure::new(
            format!("GUI {what} ({chars} chars, {codings} codings)"),
            f(x),
            format!(
                "empty frame, {}",
                what.rsplit(", ").next().unwrap_or("median")
            ),
            f(b),
        ));
    }
    Ok(format!(
        "gui frame benchmark: {chars} characters, {codings} codings, {laid_out} paragraphs, {frames} frames\n\
         (headless egui, 1600x1000 points; per frame: input, whole workbench UI, tessellation)\n\
         \x20 start-up (open, load, lay out)  {}\n\
         \x20 one full layout of the document (open / resize)  {}\n\
         \x20 scrolling the reader (down to paragraph {deepest} and back; up to {painted} paragraphs painted per frame)\n\
         \x20                       median {}  p99 {}  max {}\n\
         \x20 idle frame (no input)  median {}  p99 {}  max {}\n\
         \x20 baseline: empty frame  median {}  p99 {}  max {}\n",
        ms(startup),
        ms(layout),
        ms(s.median),
        ms(s.p99),
        ms(s.max),
        ms(i.median),
        ms(i.p99),
        ms(i.max),
        ms(e.median),
        ms(e.p99),
        ms(e.max),
    ))
}
