//! Moving projects and tables in and out: evidence-table and REFI-QDA exports run on the query
//! worker (read-only), a REFI-QDA import on a background job that holds the project (one undo
//! step). Started by the command drain; results go to the status line.

use super::QcwApp;
use super::error::AppError;
use super::i18n::{Msg, trf};
use super::jobs::Job;
use crate::store::Project;
use std::path::PathBuf;

impl QcwApp {
    /// Writes the evidence tables for `options` to `path` on the query worker (format from the
    /// extension); the status line names every file written.
    pub(super) fn start_export(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        options: crate::export::ExportOptions,
    ) {
        if let Err(e) = crate::export::Format::from_path(&path) {
            self.show_error(e);
            return;
        }
        let lang = self.state.lang;
        let target = path.clone();
        self.submit_export(ctx, path, move |p| {
            let report = crate::export::build_report(p, &options)?;
            let written = crate::export::write_report(&report, &target)?;
            let mut text = trf(
                lang,
                Msg::Exported,
                &[&report.evidence.len(), &target.display()],
            );
            let others: Vec<String> = written
                .iter()
                .filter(|f| **f != target)
                .map(|f| super::dialogs_merge::file_name(f))
                .collect();
            if !others.is_empty() {
                text.push_str(&trf(lang, Msg::ExportAlsoWrote, &[&others.join(", ")]));
            }
            Ok(text)
        });
    }

    /// Writes the project as a REFI-QDA `.qdpx` to `path` on the query worker.
    pub(super) fn start_qdpx_export(&mut self, ctx: &egui::Context, path: PathBuf) {
        let lang = self.state.lang;
        let target = path.clone();
        self.submit_export(ctx, path, move |p| {
            let s = crate::interop::export_qdpx(p, &target)?;
            Ok(trf(
                lang,
                Msg::ExportedQdpx,
                &[&s.documents, &s.codes, &s.codings, &target.display()],
            ))
        });
    }

    /// Runs `write` (read-only on the project) on the query worker; its message goes to the
    /// status line when it is done.
    fn submit_export(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        write: impl FnOnce(&Project) -> Result<String, AppError> + Send + 'static,
    ) {
        let Some(project) = self.cache.path.clone() else {
            return;
        };
        let rev = self.seen.unwrap_or((self.generation, 0));
        let ticket = self
            .worker
            .submit(ctx, &project, rev, move |w| write(w.project()?));
        self.set_info(trf(self.state.lang, Msg::Exporting, &[&path.display()]));
        self.export = Some((ticket, path));
    }

    /// Reports a finished export in the status line.
    pub(super) fn poll_export(&mut self) {
        let Some((ticket, path)) = self.export.clone() else {
            return;
        };
        if let Some(answer) = self.worker.take(ticket) {
            self.export = None;
            match answer {
                Ok(text) => self.set_info(text),
                Err(e) => self.set_app_error(&e),
            }
        } else if self.worker.lost(ticket) {
            self.export = None;
            self.set_error(format!("{}: export failed", path.display()));
        }
    }

    /// Imports a REFI-QDA project on a background job (the project is handed to it and back).
    pub(super) fn start_qdpx_import(&mut self, ctx: &egui::Context, path: PathBuf) {
        let coder = self.state.coder.clone();
        self.start_project_job(ctx, |ctx, p| Job::import_qdpx(ctx, p, path, coder));
    }

    /// File → Merge project copy → Merge: on a job, like a REFI-QDA import.
    pub(super) fn start_merge(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.start_project_job(ctx, |ctx, p| Job::merge(ctx, p, path));
    }

    /// Lends the project to the job `start` makes; queries read a read-only copy meanwhile.
    fn start_project_job(
        &mut self,
        ctx: &egui::Context,
        start: impl FnOnce(&egui::Context, Project) -> std::io::Result<Job>,
    ) {
        if self.job.is_some() {
            self.refuse_if_busy();
            return;
        }
        let Some(project) = self.project.take() else {
            return self.set_error(self.tr(Msg::NoProject).to_owned());
        };
        let own = project.path().to_owned();
        match start(ctx, project) {
            Ok(job) => {
                self.job = Some(job);
                self.viewer = Project::open_read_only(&own).ok();
            }
            Err(e) => {
                self.set_error(e.to_string());
                self.open_path(&own);
            }
        }
    }

    /// Consensus → take what two coders agree on, as one undo step.
    pub(super) fn take_agreed(&mut self, a: &str, b: &str) {
        if self.refuse_if_busy() {
            return;
        }
        let Some(project) = self.project.as_mut() else {
            return self.set_error(self.tr(Msg::NoProject).to_owned());
        };
        match crate::team::take_agreed(project, (a, b)) {
            Ok(applied) => {
                self.dirty = super::cache::Dirty::ALL;
                self.set_info(applied.label);
            }
            Err(e) => self.set_app_error(&AppError::from(e)),
        }
    }

    /// File → Backups → Back up now.
    pub(super) fn backup_now(&mut self) {
        let Some(project) = self.project.as_mut() else {
            return self.set_error(self.tr(Msg::NoProject).to_owned());
        };
        match project.backup("manual") {
            Ok(b) => {
                let text = trf(self.state.lang, Msg::BackupMade, &[&b.path.display()]);
                self.set_info(text);
            }
            Err(e) => self.show_error(e),
        }
    }

    /// File → Backups → Restore: the project's content is replaced; every view reloads.
    pub(super) fn restore_backup(&mut self, path: &std::path::Path) {
        if self.refuse_if_busy() {
            return;
        }
        let Some(project) = self.project.as_mut() else {
            return self.set_error(self.tr(Msg::NoProject).to_owned());
        };
        match project.restore(path) {
            Ok(safety) => {
                self.generation += 1;
                self.dirty = super::cache::Dirty::ALL;
                self.state.view.selection = None;
                self.state.view.inspect = None;
                let text = trf(
                    self.state.lang,
                    Msg::BackupRestored,
                    &[&path.display(), &safety.path.display()],
                );
                self.set_info(text);
            }
            Err(e) => self.show_error(e),
        }
    }
}
