//! Importing and exporting the classification sheet (CSV or XLSX) from the cases view.
//!
//! Both read the file system, so they run on the query worker. Exporting only reads the
//! project; importing writes it, so the worker (read-only) only parses and checks the file into
//! one command ([`import_sheet_command`]) and the view pushes that command — all rows or none,
//! one undo step.

use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::{AppError, error_text};
use crate::app::i18n::Msg;
use crate::app::widgets::text_field_ui;
use crate::app::worker::{Ticket, Worker};
use crate::cases::sheet::{export_sheet, import_sheet_command};
use crate::command::Command;
use egui::Ui;
use std::path::PathBuf;

/// What the worker was asked to do.
enum SheetJob {
    Import(Ticket<Result<(Command, usize), AppError>>, PathBuf),
    Export(Ticket<Result<(), AppError>>, PathBuf),
}

/// The sheet file row: path, import, export, and what happened.
#[derive(Default)]
pub struct SheetPane {
    path: String,
    job: Option<SheetJob>,
    /// The outcome of the last import or export, and whether it failed.
    message: Option<(String, bool)>,
}

impl SheetPane {
    /// Shows the row and collects the worker's answers.
    pub fn sheet_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.poll(cx, worker);
        // The example is a real path: the project's folder.
        let example = crate::app::widgets::beside_project(cx.cache.path.as_deref(), "cases.xlsx");
        let hint = cx.trf(Msg::SheetPathHint, &[&example.display()]);
        ui.horizontal_wrapped(|ui| {
            text_field_ui(ui, cx.tr(Msg::SheetFile), &mut self.path, &hint, 320.0);
            let path = PathBuf::from(self.path.trim());
            let ready = !self.path.trim().is_empty() && self.job.is_none();
            let import = ui
                .add_enabled(
                    ready && !cx.busy,
                    egui::Button::new(cx.tr(Msg::ImportSheet)),
                )
                .on_hover_text(cx.tr(Msg::ImportSheetHint));
            let export = ui.add_enabled(ready, egui::Button::new(cx.tr(Msg::ExportSheet)));
            if let Some(project) = cx.cache.path.as_deref() {
                if import.clicked() {
                    let p = path.clone();
                    let t = worker.submit(ui.ctx(), project, cx.rev, move |w| {
                        let project = w.project()?;
                        import_sheet_command(project, &p).map_err(AppError::from)
                    });
                    self.job = Some(SheetJob::Import(t, path));
                    self.message = None;
                } else if export.clicked() {
                    let p = path.clone();
                    let t = worker.submit(ui.ctx(), project, cx.rev, move |w| {
                        export_sheet(w.project()?, &p).map_err(AppError::from)
                    });
                    self.job = Some(SheetJob::Export(t, path));
                    self.message = None;
                }
            }
            if self.job.is_some() {
                ui.spinner();
            }
        });
        if let Some((text, error)) = &self.message {
            if *error {
                ui.colored_label(ui.visuals().error_fg_color, text);
            } else {
                ui.weak(text);
            }
        }
    }

    fn poll(&mut self, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        match &self.job {
            Some(SheetJob::Import(t, path)) => {
                if let Some(answer) = worker.take(*t) {
                    self.message = Some(match answer {
                        Ok((command, n)) => {
                            cx.push(AppCommand::Execute(command));
                            (cx.trf(Msg::SheetImported, &[&n, &path.display()]), false)
                        }
                        Err(e) => (error_text(&e, cx.lang), true),
                    });
                    self.job = None;
                } else if worker.lost(*t) {
                    self.message = Some((error_text(&AppError::Lost, cx.lang), true));
                    self.job = None;
                }
            }
            Some(SheetJob::Export(t, path)) => {
                if let Some(answer) = worker.take(*t) {
                    self.message = Some(match answer {
                        Ok(()) => (cx.trf(Msg::SheetExported, &[&path.display()]), false),
                        Err(e) => (error_text(&e, cx.lang), true),
                    });
                    self.job = None;
                } else if worker.lost(*t) {
                    self.message = Some((error_text(&AppError::Lost, cx.lang), true));
                    self.job = None;
                }
            }
            None => {}
        }
    }
}
