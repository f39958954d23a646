//! The second part of `qcw bench gui`: frame times of every centre view (search, cases, matrix,
//! QCA, co-occurrence, crosstabs, agreement) on a generated project at study scale — many codes,
//! 17 cases, two coders — once its report has arrived from the worker: idle frames and frames
//! scrolling the mouse wheel over the view. Figures only, no pass/fail.

use super::bench::{Rng, Stats, frame, generate_text, ms, stats, wheel};
use super::error::AppError;
use super::state::AppState;
use super::views::CentralTab;
use super::{AppCommand, Lang, QcwApp, fonts};
use crate::codebook::Template;
use crate::command::{CodeFields, Command, NewDocument, execute};
use crate::model::DocKind;
use crate::project::create_project;
use egui::{Event, Pos2};
use std::path::Path;
use std::time::{Duration, Instant};

/// What the generated project holds.
#[derive(Debug, Clone, Copy)]
pub struct ViewsScale {
    /// Documents (interviews, documents and observations in turn).
    pub docs: usize,
    /// Characters per document.
    pub chars: usize,
    /// Codes: 20 parents with `codes / 20` children each.
    pub codes: usize,
    /// Codings, alternating between two coders.
    pub codings: usize,
}

pub(super) fn build(path: &Path, scale: ViewsScale) -> Result<(), AppError> {
    let mut project = create_project(path, Template::Empty, "bench")?;
    let parents = 20.min(scale.codes.max(1));
    let per = (scale.codes / parents).max(1);
    let mut commands = Vec::new();
    let mut paths = Vec::new();
    for p in 0..parents {
        for c in 0..per {
            let path = format!("机制{p:02}/子类{c:02}");
            commands.push(Command::AddCode {
                path: path.clone(),
                fields: CodeFields::default(),
            });
            paths.push(path);
        }
    }
    for d in 0..scale.docs {
        let text = generate_text(scale.chars, 0x5EED + d as u64);
        let kind = [DocKind::Interview, DocKind::Document, DocKind::Observation][d % 3];
        let case = format!("{}市平台", (b'A' + (d % 17) as u8) as char);
        commands.push(Command::ImportDocument(Box::new(NewDocument {
            name: format!("2023{:04}{}{:02}", 101 + d, &case[..1], d),
            kind,
            sha256: crate::text::sha256_hex(text.as_bytes()),
            text,
            source_path: String::new(),
            format: "txt".into(),
            attributes: Default::default(),
            cases: vec![case],
        })));
    }
    execute(
        &mut project,
        &Command::Batch {
            label: "bench corpus".into(),
            commands,
        },
    )?;
    let docs = project.documents()?;
    let mut rng = Rng(7);
    let mut commands: Vec<Command> = project
        .cases()?
        .iter()
        .enumerate()
        .map(|(i, c)| Command::SetCaseAttributeByName {
            case: c.name.clone(),
            key: "运行结果".into(),
            value: Some(
                if i % 2 == 0 {
                    "运转有效"
                } else {
                    "运转失效"
                }
                .into(),
            ),
        })
        .collect();
    for i in 0..scale.codings {
        let doc = &docs[rng.below(docs.len())];
        let len = 4 + rng.below(60);
        let start = rng.below(doc.chars.saturating_sub(len).max(1));
        commands.push(Command::ApplyCodingToPath {
            doc_id: doc.id,
            start,
            end: (start + len).min(doc.chars),
            code_path: paths[rng.below(paths.len())].clone(),
            coder: if i % 2 == 0 { "甲" } else { "乙" }.into(),
            memo: String::new(),
        });
    }
    execute(
        &mut project,
        &Command::Batch {
            label: "bench codings".into(),
            commands,
        },
    )?;
    Ok(())
}

/// Frame times of every view of a project generated at `scale`, as report lines.
pub fn views_report(dir: &Path, scale: ViewsScale, frames: usize) -> Result<String, AppError> {
    let path = dir.join("views.qcw");
    let started = Instant::now();
    build(&path, scale)?;
    let built = started.elapsed();
    let ctx = egui::Context::default();
    fonts::install_fonts(&ctx);
    let state = AppState {
        lang: Lang::Zh,
        ..AppState::default()
    };
    let mut app = QcwApp::new(state, Some(path.clone()));
    app.set_native_dialogs(false);
    let mut n = 0;
    let mut draw = |events: Vec<Event>, app: &mut QcwApp| {
        n += 1;
        frame(&ctx, n, events, &mut |ui| app.workbench_ui(ui))
    };
    for _ in 0..3 {
        draw(Vec::new(), &mut app);
    }
    let mut out = format!(
        "views: {} documents × {} characters, {} codes, 17 cases, {} codings (built in {:.1} s)\n",
        scale.docs,
        scale.chars,
        scale.codes,
        scale.codings,
        built.as_secs_f64()
    );
    for f in every_view(&mut app, &mut draw, frames)? {
        out.push_str(&f.line());
    }
    Ok(out)
}

/// Frame figures of one centre view.
pub(super) struct ViewFigures {
    pub(super) tab: CentralTab,
    pub(super) ready: Duration,
    pub(super) first: Duration,
    pub(super) idle: Stats,
    pub(super) scroll: Stats,
}

impl ViewFigures {
    pub(super) fn line(&self) -> String {
        format!(
            "  {:<10} report {:>9}  first frames {:>9}  idle median {} p99 {}  scrolling median {} p99 {}\n",
            format!("{:?}", self.tab),
            ms(self.ready),
            ms(self.first),
            ms(self.idle.median),
            ms(self.idle.p99),
            ms(self.scroll.median),
            ms(self.scroll.p99),
        )
    }
}

/// Opens every centre view in turn; `draw` runs one frame with the events given.
pub(super) fn every_view(
    app: &mut QcwApp,
    draw: &mut dyn FnMut(Vec<Event>, &mut QcwApp) -> Duration,
    frames: usize,
) -> Result<Vec<ViewFigures>, AppError> {
    let mut out = Vec::new();
    let pointer = Pos2::new(800.0, 500.0);
    for tab in CentralTab::ALL.into_iter().skip(1) {
        app.push(AppCommand::SetCentralTab(tab));
        let asked = Instant::now();
        draw(vec![Event::PointerMoved(pointer)], app);
        if tab == CentralTab::Search {
            // The search view computes nothing until asked: the frequency pane does.
            app.views.search.show_frequencies();
            draw(Vec::new(), app);
        }
        if !app.wait_for_worker(Duration::from_secs(600)) {
            return Err(AppError::Other(format!(
                "{tab:?}: the worker did not answer"
            )));
        }
        let ready = asked.elapsed();
        // The frames that take the answer in and lay the report out.
        let first = draw(Vec::new(), app) + draw(Vec::new(), app);
        let idle: Vec<Duration> = (0..frames).map(|_| draw(Vec::new(), app)).collect();
        let scroll: Vec<Duration> = (0..frames)
            .map(|i| {
                let dy = if i < frames / 2 { -60.0 } else { 60.0 };
                draw(vec![wheel(dy)], app)
            })
            .collect();
        out.push(ViewFigures {
            tab,
            ready,
            first,
            idle: stats(idle),
            scroll: stats(scroll),
        });
    }
    app.push(AppCommand::SetCentralTab(CentralTab::Reader));
    draw(Vec::new(), app);
    Ok(out)
}
