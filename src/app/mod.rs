//! The egui workbench (feature `gui`): document list (left), reader (centre), codebook (right),
//! retrieval / memos / log (bottom).
//!
//! Data flow: panels read [`AppState`] and the [`cache::Cache`] snapshot and push
//! [`AppCommand`]s; once per frame [`QcwApp::drain`] (in `drain.rs`) applies them — the only
//! place that calls `qcw::command::execute`, undo, redo or import. The cache is refreshed from the
//! project when its revision changes, never per frame.

#[cfg(any(test, feature = "bench"))]
pub mod bench;
#[cfg(any(test, feature = "bench"))]
pub mod bench_study;
#[cfg(test)]
mod bench_tests;
#[cfg(any(test, feature = "bench"))]
mod bench_views;
mod bottom_panel;
pub mod cache;
mod code_dialogs;
mod code_editor;
mod codebook_panel;
mod coding;
pub mod commands;
mod dialogs;
mod dialogs_backup;
pub mod dialogs_export;
mod dialogs_export_ui;
mod dialogs_help;
mod dialogs_merge;
pub use dialogs_merge::MergeDialog;
pub use dialogs_team::TeamDialog;
mod dialogs_passphrase;
mod dialogs_team;
mod docs_groups;
mod docs_panel;
mod drain;
pub mod error;
mod error_zh;
pub mod fonts;
pub mod i18n;
mod inspect;
mod jobs;
mod menu;
mod probe;
mod reader;
mod reader_input;
pub mod reader_layout;
mod reader_marks;
mod reader_memos;
mod reader_paint;
mod reader_stripes;
pub mod state;
pub mod table;
pub mod team_live;
mod transfer;
pub mod ui_command;
pub mod views;
mod virtual_list;
pub mod widgets;
pub mod worker;

pub use commands::{AppCommand, ImportRequest};
pub use i18n::{Lang, Msg, tr};
pub use state::{AppState, Selection, ThemeChoice};

use crate::store::Project;
use cache::{Cache, Dirty};
use dialogs::Dialogs;
use jobs::{Job, JobKind, JobProgress};
use std::path::PathBuf;

/// The window icon (`assets/icons/qcw.png`, drawn from `qcw.svg`).
static ICON_PNG: &[u8] = include_bytes!("../../assets/icons/qcw.png");

/// Opens the desktop window; `project` (from `qcw gui P`) is opened instead of the last one.
///
/// # Errors
/// The window or its graphics context could not be created (no display, no OpenGL).
pub fn run_native(project: Option<PathBuf>) -> Result<(), eframe::Error> {
    let mut viewport = egui::ViewportBuilder::default();
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title("qcw 质性编码工作台")
            .with_app_id("qcw")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "qcw",
        options,
        Box::new(move |cc| {
            let state: AppState = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            fonts::install_fonts(&cc.egui_ctx);
            Ok(Box::new(QcwApp::new(state, project)))
        }),
    )
}

/// A message in the status line.
#[derive(Debug, Clone)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Shown in the error colour.
    pub error: bool,
}

/// What panels see each frame: read-only state plus the command queue.
pub struct PanelCtx<'a> {
    /// UI language.
    pub lang: Lang,
    /// Settings and view state.
    pub state: &'a AppState,
    /// The project snapshot.
    pub cache: &'a Cache,
    /// Whether a job holds the project (edits are disabled).
    pub busy: bool,
    /// Codes bound to the number keys 1–9, in order.
    pub keys: &'a [i64],
    /// The running job, if any: kind, progress, whether cancelling.
    pub job: Option<(JobKind, JobProgress, bool)>,
    /// The status line.
    pub status: Option<&'a Status>,
    /// The project's `(open generation, revision)`: changes whenever the project does.
    pub rev: worker::Rev,
    /// Where panels push commands.
    pub out: &'a mut Vec<AppCommand>,
}

impl PanelCtx<'_> {
    /// The text of `msg` in the UI language.
    pub fn tr(&self, msg: Msg) -> &'static str {
        tr(self.lang, msg)
    }

    /// `tr` with `{0}`, `{1}`… filled.
    pub fn trf(&self, msg: Msg, args: &[&dyn std::fmt::Display]) -> String {
        i18n::trf(self.lang, msg, args)
    }

    /// Queues a command.
    pub fn push(&mut self, cmd: AppCommand) {
        self.out.push(cmd);
    }

    /// The number key (1–9) of a code, if it has one.
    pub fn key_of(&self, code_id: i64) -> Option<usize> {
        self.keys.iter().position(|&k| k == code_id).map(|i| i + 1)
    }
}

/// The workbench.
pub struct QcwApp {
    /// Settings (persisted) and view state.
    pub state: AppState,
    project: Option<Project>,
    /// A read-only connection for queries while a job holds `project`.
    viewer: Option<Project>,
    cache: Cache,
    dirty: Dirty,
    /// (open generation, revision) the cache reflects.
    seen: Option<(u64, u64)>,
    generation: u64,
    select_first_doc: bool,
    queue: Vec<AppCommand>,
    job: Option<Job>,
    reader: reader::Reader,
    dialogs: Dialogs,
    status: Option<Status>,
    applied_theme: Option<ThemeChoice>,
    scroll_seq: u64,
    views: views::Views,
    worker: worker::Worker,
    /// A running export: its ticket and target.
    export: Option<(worker::Ticket<Result<String, error::AppError>>, PathBuf)>,
    /// The live connection of a team project, and the open generation it was started for.
    team: Option<(u64, team_live::TeamLive)>,
}

impl QcwApp {
    /// A workbench with `state`; opens `project`, else the last project, else the demo project
    /// (built on first use). Call [`fonts::install_fonts`] on the context before the first frame.
    pub fn new(state: AppState, project: Option<PathBuf>) -> QcwApp {
        // A team project's address (`qcw gui postgres://…`) opens through File → Open team
        // project, started at once.
        if let Some(url) = project.as_ref().map(|p| p.to_string_lossy().into_owned())
            && crate::store::remote::ServerUrl::is_server(&url)
        {
            let mut app = QcwApp::new(state, None);
            app.queue.clear();
            app.dialogs.team.open_and_start(url);
            return app;
        }
        let first = match project.or_else(|| state.last_project.clone().filter(|p| p.is_file())) {
            Some(p) => AppCommand::OpenProject(p),
            None => AppCommand::OpenDemo,
        };
        QcwApp {
            state,
            project: None,
            viewer: None,
            cache: Cache::default(),
            dirty: Dirty::default(),
            seen: None,
            generation: 0,
            select_first_doc: false,
            queue: vec![first],
            job: None,
            reader: reader::Reader::default(),
            dialogs: Dialogs::default(),
            status: None,
            applied_theme: None,
            scroll_seq: 0,
            views: views::Views::default(),
            worker: worker::Worker::default(),
            export: None,
            team: None,
        }
    }

    /// Whether native file dialogs (rfd) are tried; tests turn them off.
    pub fn set_native_dialogs(&mut self, on: bool) {
        self.dialogs.native = on;
    }

    /// The open project (for queries), if any and not lent to a job.
    pub fn project(&self) -> Option<&Project> {
        self.project.as_ref()
    }

    /// The cached snapshot panels read.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Whether a background job is running.
    pub fn job_running(&self) -> bool {
        self.job.is_some()
    }

    /// Waits (at most `timeout`) until the query worker has answered every question the views
    /// asked; the answers show from the next frame. For tests and benchmarks.
    pub fn wait_for_worker(&mut self, timeout: std::time::Duration) -> bool {
        self.worker.wait_idle(timeout)
    }

    /// The status line text, if any.
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// Queues a command, as a panel would.
    pub fn push(&mut self, cmd: AppCommand) {
        self.queue.push(cmd);
    }

    /// Codes bound to the number keys 1–9: pinned favourites first, then the leaf codes in tree
    /// order (then the parent codes, if there are fewer than nine leaves).
    pub fn number_keys(&self) -> Vec<i64> {
        let pinned = self.state.pinned_codes(self.cache.path.as_deref());
        let mut keys: Vec<i64> = pinned
            .iter()
            .copied()
            .filter(|&id| self.cache.code(id).is_some())
            .collect();
        let parents: std::collections::HashSet<i64> = self
            .cache
            .codes
            .iter()
            .filter_map(|c| c.parent_id)
            .collect();
        let (leaves, inner): (Vec<_>, Vec<_>) = self
            .cache
            .codes
            .iter()
            .partition(|c| !parents.contains(&c.id));
        for c in leaves.into_iter().chain(inner) {
            if keys.len() >= 9 {
                break;
            }
            if !keys.contains(&c.id) {
                keys.push(c.id);
            }
        }
        keys.truncate(9);
        keys
    }

    /// One frame of the whole workbench.
    pub fn workbench_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.before_frame(&ctx);
        let keys = self.number_keys();
        let mut out = std::mem::take(&mut self.queue);
        let job = self
            .job
            .as_ref()
            .map(|j| (j.kind, j.progress(), j.cancelling()));
        let busy = self
            .job
            .as_ref()
            .is_some_and(|j| matches!(j.kind, JobKind::Import | JobKind::Qdpx | JobKind::Merge));
        {
            let mut cx = PanelCtx {
                lang: self.state.lang,
                state: &self.state,
                cache: &self.cache,
                busy,
                keys: &keys,
                job,
                status: self.status.as_ref(),
                rev: self.seen.unwrap_or((self.generation, 0)),
                out: &mut out,
            };
            menu::menu_bar_ui(ui, &mut cx, &mut self.dialogs);
            menu::status_bar_ui(ui, &mut cx);
            egui::Panel::left("qcw-docs")
                .resizable(true)
                .default_size(250.0)
                .show(ui, |ui| docs_panel::docs_panel_ui(ui, &mut cx));
            egui::Panel::right("qcw-codebook")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| {
                    codebook_panel::codebook_panel_ui(ui, &mut cx, &mut self.dialogs)
                });
            // Retrieval, memos and the log go with the reader; the views use the whole height
            // (they list their own quotes).
            if self.state.central_tab == views::CentralTab::Reader {
                egui::Panel::bottom("qcw-bottom")
                    .resizable(true)
                    .default_size(240.0)
                    .min_size(90.0)
                    .show(ui, |ui| {
                        bottom_panel::bottom_panel_ui(ui, &mut cx, &mut self.dialogs)
                    });
            }
            egui::CentralPanel::default().show(ui, |ui| {
                views::tab_bar_ui(ui, &mut cx);
                match self.state.central_tab {
                    views::CentralTab::Reader => self.reader.reader_ui(ui, &mut cx),
                    tab => self.views.view_ui(tab, ui, &mut cx, &mut self.worker),
                }
            });
            inspect::inspect_ui(&ctx, &mut cx, &mut self.dialogs);
            drop_overlay(&ctx, cx.tr(Msg::DropHere));
            self.dialogs.dialogs_ui(&ctx, &mut cx);
        }
        self.queue = out;
        self.drain(&ctx);
    }

    /// Per-frame bookkeeping before the panels: the job, the theme, the cache, dropped files,
    /// keyboard shortcuts.
    fn before_frame(&mut self, ctx: &egui::Context) {
        self.poll_job(ctx);
        self.poll_export();
        team_live::team_frame(self, ctx);
        if self.applied_theme != Some(self.state.theme) {
            ctx.set_theme(self.state.theme.egui());
            self.applied_theme = Some(self.state.theme);
        }
        self.refresh_cache();
        menu::global_shortcuts(ctx, self);
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            let is_project = dropped.len() == 1
                && dropped[0]
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("qcw"));
            if is_project {
                self.queue.push(AppCommand::OpenProject(dropped[0].clone()));
            } else {
                self.dialogs.open_import(dropped);
            }
        }
    }

    /// Reloads the cache if the project changed or the view asked for other data.
    fn refresh_cache(&mut self) {
        let seen = self
            .project
            .as_ref()
            .map(|p| (self.generation, p.revision()));
        if seen.is_some() && seen != self.seen {
            // Same project: reload what the commands touched; another one: everything.
            let same = self.seen.map(|(g, _)| g) == Some(self.generation);
            let touched = self.project.as_mut().map(Project::take_touched);
            self.dirty = match touched {
                Some(t) if same => self
                    .dirty
                    .or(Dirty::after(&t, &self.state.view, &self.cache)),
                _ => Dirty::ALL,
            };
            self.seen = seen;
        }
        // The audit trail can be long: only read it while the Log tab shows it.
        self.dirty.log &= self.state.bottom_tab == state::BottomTab::Log;
        if !self.dirty.any() {
            return;
        }
        let Some(project) = self.project.as_ref().or(self.viewer.as_ref()) else {
            self.dirty = Dirty::default();
            return;
        };
        let view = &mut self.state.view;
        if let Err(e) = self.cache.refresh(project, view, self.dirty) {
            self.status = Some(Status {
                text: i18n::trf(self.state.lang, Msg::ErrorPrefix, &[&e]),
                error: true,
            });
        }
        self.dirty = Dirty::default();
        // Keep the view consistent with the data (e.g. after undoing an import).
        if view
            .doc
            .is_some_and(|d| self.cache.doc_summary(d).is_none())
        {
            view.doc = None;
            view.selection = None;
            self.cache.doc = None;
        }
        if view.code.is_some_and(|c| self.cache.code(c).is_none()) {
            view.code = None;
            self.cache.retrieval.clear();
        }
        if view.selection.is_some_and(|s| Some(s.doc_id) != view.doc) {
            view.selection = None;
        }
        if self.select_first_doc {
            self.select_first_doc = false;
            if view.doc.is_none()
                && let Some(d) = self.cache.docs.first()
            {
                self.queue.push(AppCommand::SelectDocument(d.id));
            }
        }
    }

    fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = self.job.as_mut() else {
            return;
        };
        match job.poll() {
            jobs::Poll::Running => {}
            jobs::Poll::Done(out) => {
                self.job = None;
                self.job_done(*out);
                ctx.request_repaint();
            }
            jobs::Poll::Died => {
                let path = job.path.clone();
                self.job = None;
                self.viewer = None;
                self.set_error("background job failed unexpectedly".into());
                if self.project.is_none() && path.is_file() {
                    self.open_path(&path);
                }
            }
        }
    }

    /// Shows a core error in the status line, worded for the UI language.
    pub(super) fn show_error(&mut self, e: impl Into<error::AppError>) {
        self.set_app_error(&e.into());
    }

    fn set_error(&mut self, text: String) {
        self.status = Some(Status {
            text: i18n::trf(self.state.lang, Msg::ErrorPrefix, &[&text]),
            error: true,
        });
    }

    /// Shows a task's error in the status line: with its Chinese prefix (see
    /// [`error::error_text`]) in the Chinese UI, after "Error:" in the English one.
    pub(super) fn set_app_error(&mut self, e: &error::AppError) {
        let text = error::error_text(e, self.state.lang);
        match self.state.lang {
            Lang::Zh => self.status = Some(Status { text, error: true }),
            Lang::En => self.set_error(text),
        }
    }

    fn set_info(&mut self, text: String) {
        self.status = Some(Status { text, error: false });
    }
}

/// While files are dragged over the window, says what dropping them does.
fn drop_overlay(ctx: &egui::Context, text: &str) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("qcw-drop"));
    let painter = ctx.layer_painter(layer);
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(150));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(24.0),
        egui::Color32::WHITE,
    );
}

impl eframe::App for QcwApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.workbench_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(job) = self.job.take()
            && let Some(out) = job.finish()
        {
            self.job_done(out);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_decodes() {
        let icon = eframe::icon_data::from_png_bytes(super::ICON_PNG).expect("a PNG");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        assert!(icon.rgba.chunks(4).any(|p| p[3] == 255), "not transparent");
    }
}
