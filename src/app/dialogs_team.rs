//! File → Open team project…: the address of a project on a team server
//! (`postgres://USER@HOST/DB?project=NAME`) and, optionally, the name to code as. Opening clones
//! or updates the replica on the thread `qcw-team-open`; the window shows it working.

use super::PanelCtx;
use super::error::{AppError, error_text};
use super::i18n::Msg;
use crate::store::Project;
use crate::store::remote::ServerUrl;
use egui::{Context, Id};
use std::sync::{Arc, Mutex};

type Answer = Arc<Mutex<Option<Result<Project, AppError>>>>;

/// The window's state.
#[derive(Debug, Default)]
pub struct TeamDialog {
    open: bool,
    /// The project's address.
    pub url: String,
    /// The name to code as (empty: the member name on the server).
    pub coder: String,
    /// Where the local replica lives (empty: the user's cache folder).
    pub replica: String,
    opening: Option<Answer>,
    error: Option<AppError>,
    /// Start opening at the next frame (`qcw gui postgres://…`).
    autostart: bool,
}

impl TeamDialog {
    /// Opens the window.
    pub fn open(&mut self) {
        self.open = true;
        self.error = None;
    }

    /// Opens the window on `url` and starts opening it.
    pub fn open_and_start(&mut self, url: String) {
        self.url = url;
        self.open();
        self.autostart = true;
    }

    /// Whether the window is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The project opened, once the thread is done (the window then closes).
    pub fn take_opened(&mut self) -> Option<Project> {
        let answer = self.opening.as_ref()?;
        let result = answer.lock().ok()?.take()?;
        self.opening = None;
        match result {
            Ok(p) => {
                self.open = false;
                Some(p)
            }
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    fn start(&mut self, ctx: &Context) {
        let url = match ServerUrl::parse(self.url.trim(), None) {
            Ok(u) => u,
            Err(e) => {
                self.error = Some(e.into());
                return;
            }
        };
        let coder = Some(self.coder.trim().to_owned()).filter(|c| !c.is_empty());
        let replica = Some(self.replica.trim())
            .filter(|r| !r.is_empty())
            .map(std::path::PathBuf::from);
        let answer: Answer = Arc::new(Mutex::new(None));
        let (out, ctx2) = (answer.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("qcw-team-open".into())
            .spawn(move || {
                let result = Project::open_server_at(&url, replica.as_deref(), coder.as_deref())
                    .map_err(AppError::from);
                if let Ok(mut slot) = out.lock() {
                    *slot = Some(result);
                }
                ctx2.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.error = None;
                self.opening = Some(answer);
            }
            Err(e) => self.error = Some(AppError::Other(e.to_string())),
        }
    }

    /// Shows the window, if open.
    pub fn team_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>) {
        if !self.open {
            return;
        }
        if std::mem::take(&mut self.autostart) {
            self.start(ctx);
        }
        let mut open = self.open;
        egui::Window::new(cx.tr(Msg::TeamOpenTitle))
            .id(Id::unique("qcw-team-open"))
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| {
                ui.label(cx.tr(Msg::TeamOpenHint));
                egui::Grid::new("qcw-team-open-grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let l = ui.label(cx.tr(Msg::TeamAddress));
                        ui.add(
                            egui::TextEdit::singleline(&mut self.url)
                                .hint_text("postgres://ra_jia@db.example/qcw?project=study")
                                .desired_width(400.0),
                        )
                        .labelled_by(l.id);
                        ui.end_row();
                        let l = ui.label(cx.tr(Msg::TeamCoder));
                        ui.add(egui::TextEdit::singleline(&mut self.coder).desired_width(160.0))
                            .labelled_by(l.id);
                        ui.end_row();
                        let l = ui.label(cx.tr(Msg::TeamReplica));
                        ui.add(egui::TextEdit::singleline(&mut self.replica).desired_width(400.0))
                            .labelled_by(l.id);
                        ui.end_row();
                    });
                let busy = self.opening.is_some();
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(
                            !busy && !self.url.trim().is_empty(),
                            egui::Button::new(cx.tr(Msg::TeamOpenButton)),
                        )
                        .clicked()
                    {
                        self.start(ui.ctx());
                    }
                    if busy {
                        ui.spinner();
                        ui.weak(cx.tr(Msg::TeamOpening));
                    }
                });
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error_text(e, cx.lang));
                }
            });
        self.open = open;
    }
}
