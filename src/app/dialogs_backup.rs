//! File → Backups: the project's backups (newest first) with their time, reason and size; back
//! up now; restore one after a confirmation.

use super::PanelCtx;
use super::commands::AppCommand;
use super::error::{AppError, error_text};
use super::i18n::Msg;
use super::worker::Rev;
use crate::store::{BackupInfo, BackupPolicy, list_backups};
use egui::{Context, Id, Modal};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;

/// The backups window's state.
#[derive(Debug, Default)]
pub struct BackupsDialog {
    open: bool,
    /// The listed backups and the project revision they were read at (`None`: read again).
    listed: Option<(Rev, PathBuf, Result<Vec<BackupInfo>, AppError>)>,
    /// The backup the user asked to restore, awaiting confirmation.
    confirm: Option<BackupInfo>,
}

/// The UI text for a backup's reason (as it is in the file name).
fn reason_msg(reason: &str) -> Option<Msg> {
    Some(match reason {
        "manual" => Msg::BackupManual,
        "auto" => Msg::BackupAuto,
        "import" => Msg::BackupBeforeImport,
        "qdpx-import" => Msg::BackupBeforeQdpx,
        "codebook-import" => Msg::BackupBeforeCodebook,
        "before-restore" => Msg::BackupBeforeRestore,
        _ => return None,
    })
}

impl BackupsDialog {
    /// Opens the window (reading the backup folder afresh).
    pub fn open(&mut self) {
        self.open = true;
        self.listed = None;
    }

    /// Shows the window and the confirmation, if open.
    pub fn backups_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>) {
        if !self.open {
            return;
        }
        let Some(project) = cx.cache.path.clone() else {
            self.open = false;
            return;
        };
        let fresh = matches!(&self.listed, Some((rev, p, _)) if *rev == cx.rev && *p == project);
        if !fresh {
            let list = list_backups(&project).map_err(AppError::from);
            self.listed = Some((cx.rev, project, list));
        }
        let mut open = self.open;
        egui::Window::new(cx.tr(Msg::BackupsTitle))
            .id(Id::unique("qcw-backups"))
            .open(&mut open)
            .default_width(620.0)
            .show(ctx, |ui| self.list_ui(ui, cx));
        self.open = open;
        self.confirm_ui(ctx, cx);
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCtx<'_>) {
        let policy = BackupPolicy::from_env();
        ui.weak(cx.trf(
            Msg::BackupPolicyLine,
            &[&policy.keep, &policy.every_minutes],
        ));
        if ui
            .add_enabled(!cx.busy, egui::Button::new(cx.tr(Msg::BackupNow)))
            .clicked()
        {
            cx.push(AppCommand::BackupNow);
            // Read the folder again once the backup is made.
            self.listed = None;
        }
        ui.separator();
        let list = match &self.listed {
            Some((_, _, Ok(list))) => list.clone(),
            Some((_, _, Err(e))) => {
                ui.colored_label(ui.visuals().error_fg_color, error_text(e, cx.lang));
                return;
            }
            None => return,
        };
        if list.is_empty() {
            ui.weak(cx.tr(Msg::NoBackups));
            return;
        }
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        TableBuilder::new(ui)
            .id_salt("qcw-backups-table")
            .striped(true)
            .column(Column::auto().at_least(190.0))
            .column(Column::auto().at_least(110.0))
            .column(Column::auto().at_least(80.0))
            .column(Column::remainder())
            .max_scroll_height(360.0)
            .header(row_h, |mut h| {
                for m in [Msg::BackupTime, Msg::BackupReason, Msg::BackupSize] {
                    h.col(|ui| {
                        ui.strong(cx.tr(m));
                    });
                }
                h.col(|_| {});
            })
            .body(|mut body| {
                for b in list.iter().rev() {
                    body.row(row_h, |mut row| {
                        row.col(|ui| {
                            ui.label(&b.created)
                                .on_hover_text(b.path.display().to_string());
                        });
                        row.col(|ui| {
                            match reason_msg(&b.reason) {
                                Some(m) => ui.label(cx.tr(m)),
                                None => ui.label(&b.reason),
                            };
                        });
                        row.col(|ui| {
                            ui.label(format!("{:.1} MB", b.bytes as f64 / 1e6));
                        });
                        row.col(|ui| {
                            let restore = egui::Button::new(cx.tr(Msg::RestoreBackup));
                            if ui.add_enabled(!cx.busy, restore).clicked() {
                                self.confirm = Some(b.clone());
                            }
                        });
                    });
                }
            });
    }

    fn confirm_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>) {
        let Some(b) = &self.confirm else {
            return;
        };
        let (mut yes, mut no) = (false, false);
        let modal = Modal::new(Id::unique("qcw-restore-confirm")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.label(cx.trf(Msg::RestoreConfirm, &[&b.created]));
            ui.horizontal(|ui| {
                yes = ui.button(cx.tr(Msg::RestoreBackup)).clicked();
                no = ui.button(cx.tr(Msg::Cancel)).clicked();
            });
        });
        if yes {
            cx.push(AppCommand::RestoreBackup(b.path.clone()));
            self.listed = None;
        }
        if yes || no || modal.should_close() {
            self.confirm = None;
        }
    }
}
