//! The command drain: once per frame, the app applies the queued [`AppCommand`]s. This is the only
//! place that calls `qcw::command::execute`, `Project::undo`/`redo` or starts an import.

use super::cache::Dirty;
use super::commands::{AppCommand, ImportRequest};
use super::dialogs_passphrase::PassphraseDialog;
use super::i18n::{Msg, trf};
use super::jobs::{Job, JobKind, JobOutput};
use super::state::{BottomTab, Flash, Inspect, ScrollRequest, Selection};
use super::{QcwApp, Status};
use crate::command::{Command, execute};
use crate::import::ImportOptions;
use crate::project::create_project;
use crate::store::{Project, StoreError};
use std::path::{Path, PathBuf};

/// Where the demo project lives: the user's data folder (so the shipped corpus stays pristine).
pub fn demo_path() -> PathBuf {
    directories::ProjectDirs::from("org", "qcw", "qcw")
        .map(|d| d.data_dir().to_owned())
        .unwrap_or_else(std::env::temp_dir)
        .join("demo.qcw")
}

impl QcwApp {
    /// Applies the queued commands.
    pub(super) fn drain(&mut self, ctx: &egui::Context) {
        if self.queue.is_empty() {
            return;
        }
        for cmd in std::mem::take(&mut self.queue) {
            self.apply(ctx, cmd);
        }
        self.refresh_cache();
        ctx.request_repaint();
    }

    fn apply(&mut self, ctx: &egui::Context, cmd: AppCommand) {
        let view = &mut self.state.view;
        match cmd {
            AppCommand::Execute(c) => {
                self.execute(c);
            }
            AppCommand::CodeSelection { code_id } => self.code_selection(code_id),
            AppCommand::CodeRange {
                doc_id,
                start,
                end,
                code_id,
            } => self.code_range(doc_id, start, end, code_id),
            AppCommand::InVivo { parent } => self.in_vivo(parent),
            AppCommand::Undo => self.undo_redo(true),
            AppCommand::Redo => self.undo_redo(false),
            AppCommand::OpenProject(path) => self.open_path(&path),
            AppCommand::NewProject { path, template } => self.new_project(&path, template),
            AppCommand::OpenDemo => self.open_demo(ctx),
            AppCommand::Import(req) => self.start_import(ctx, req),
            AppCommand::ExportEvidence(path) => {
                self.start_export(ctx, path, crate::export::ExportOptions::default());
            }
            AppCommand::ExportEvidenceWith { path, options } => {
                self.start_export(ctx, path, *options);
            }
            AppCommand::ExportQdpx(path) => self.start_qdpx_export(ctx, path),
            AppCommand::ImportQdpx(path) => self.start_qdpx_import(ctx, path),
            AppCommand::MergeProject(path) => self.start_merge(ctx, path),
            AppCommand::TakeAgreed(a, b) => self.take_agreed(&a, &b),
            AppCommand::OpenEncrypted { path, passphrase } => {
                crate::store::remember_passphrase(&path, &passphrase);
                self.open_path(&path);
            }
            AppCommand::BackupNow => self.backup_now(),
            AppCommand::RestoreBackup(path) => self.restore_backup(&path),
            AppCommand::CancelJob => {
                if let Some(job) = &self.job {
                    job.request_cancel();
                }
            }
            AppCommand::SelectDocument(id) => self.select_document(id),
            AppCommand::SelectCode(id) => {
                view.code = id;
                self.dirty.retrieval = true;
            }
            AppCommand::SetSelection {
                doc_id,
                anchor,
                focus,
            } => self.set_selection(doc_id, anchor, focus),
            AppCommand::ClearSelection => {
                view.selection = None;
                view.inspect = None;
            }
            AppCommand::JumpTo { doc_id, start, end } => self.jump_to(ctx, doc_id, start, end),
            AppCommand::Inspect { coding_ids, pos } => {
                view.inspect = (!coding_ids.is_empty()).then_some(Inspect { coding_ids, pos });
            }
            AppCommand::SetCoder(name) => self.set_coder(name),
            AppCommand::SetLanguage(lang) => self.state.lang = lang,
            AppCommand::SetTheme(theme) => self.state.theme = theme,
            AppCommand::SetFontSize(size) => self.state.font_size = size.clamp(10.0, 36.0),
            AppCommand::SetShowStripes(on) => self.state.show_stripes = on,
            AppCommand::SetStripesDense(on) => self.state.stripes_dense = on,
            AppCommand::SetStripeFilter(f) => self.state.view.stripe_filter = f,
            AppCommand::SetCentralTab(tab) => self.state.central_tab = tab,
            AppCommand::SetSearchMarks(marks) => view.search_marks = marks,
            AppCommand::SetBottomTab(tab) => {
                self.state.bottom_tab = tab;
                self.dirty.log |= tab == BottomTab::Log;
            }
            AppCommand::SetDocKindFilter(kind) => view.doc_kind = kind,
            AppCommand::SetRetrievalCoder(coder) => {
                view.retrieval_coder = coder;
                self.dirty.retrieval = true;
            }
            AppCommand::SetRetrievalKind(kind) => {
                view.retrieval_kind = kind;
                self.dirty.retrieval = true;
            }
            AppCommand::SetRetrievalGroup(group) => {
                view.retrieval_group = group;
                self.dirty.retrieval = true;
            }
            AppCommand::TogglePin(code_id) => self.toggle_pin(code_id),
            AppCommand::Refresh => {
                self.generation += 1;
                self.dirty = Dirty::ALL;
            }
            AppCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// Codes the current selection with `code_id`.
    fn new_project(&mut self, path: &Path, template: crate::codebook::Template) {
        if self.refuse_if_busy() {
            return;
        }
        match create_project(path, template, &self.state.coder) {
            Ok(p) => self.install_project(p),
            Err(e) => self.show_error(e),
        }
    }

    fn select_document(&mut self, id: i64) {
        let view = &mut self.state.view;
        if view.doc != Some(id) {
            view.doc = Some(id);
            view.selection = None;
            view.inspect = None;
            self.dirty.doc = true;
        }
    }

    /// Selects `[anchor, focus)` (clamped to the text) in the open document.
    fn set_selection(&mut self, doc_id: i64, anchor: usize, focus: usize) {
        if self.state.view.doc == Some(doc_id) {
            let chars = self.cache.doc.as_ref().map_or(0, |d| d.chars);
            self.state.view.selection = Some(Selection {
                doc_id,
                anchor: anchor.min(chars),
                focus: focus.min(chars),
            });
        }
    }

    /// Opens the reader at `[start, end)` of `doc_id`, selected, flashed and scrolled to.
    fn jump_to(&mut self, ctx: &egui::Context, doc_id: i64, start: usize, end: usize) {
        self.state.central_tab = super::views::CentralTab::Reader;
        let view = &mut self.state.view;
        if view.doc != Some(doc_id) {
            view.doc = Some(doc_id);
            view.inspect = None;
            self.dirty.doc = true;
        }
        view.selection = Some(Selection {
            doc_id,
            anchor: start,
            focus: end,
        });
        view.flash = Some(Flash {
            doc_id,
            start,
            end,
            since: ctx.input(|i| i.time),
        });
        self.scroll_seq += 1;
        view.scroll_to = Some(ScrollRequest {
            seq: self.scroll_seq,
            pos: start,
        });
    }

    /// Pins or unpins a code to the number keys (at most nine per project).
    fn toggle_pin(&mut self, code_id: i64) {
        if let Some(path) = self.cache.path.clone() {
            let pins = self.state.pinned.entry(path).or_default();
            if let Some(i) = pins.iter().position(|&c| c == code_id) {
                pins.remove(i);
            } else if pins.len() < 9 {
                pins.push(code_id);
            }
        }
    }

    pub(super) fn tr(&self, msg: Msg) -> &'static str {
        super::i18n::tr(self.state.lang, msg)
    }

    /// Refuses project changes while a job holds the project.
    pub(super) fn refuse_if_busy(&mut self) -> bool {
        let busy = self
            .job
            .as_ref()
            .is_some_and(|j| matches!(j.kind, JobKind::Import | JobKind::Qdpx | JobKind::Merge));
        if busy {
            self.status = Some(Status {
                text: self.tr(Msg::Busy).to_owned(),
                error: true,
            });
        }
        busy
    }

    /// Executes a core command; returns the ids it acted on.
    pub(super) fn execute(&mut self, cmd: Command) -> Option<Vec<i64>> {
        if self.refuse_if_busy() {
            return None;
        }
        let Some(project) = self.project.as_mut() else {
            self.set_error(self.tr(Msg::NoProject).to_owned());
            return None;
        };
        match execute(project, &cmd) {
            Ok(applied) => {
                let text = trf(self.state.lang, Msg::Done, &[&applied.label]);
                self.set_info(text);
                // What it touched is reloaded by `refresh_cache`.
                Some(applied.ids)
            }
            Err(e) => {
                self.show_error(e);
                None
            }
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        if self.refuse_if_busy() {
            return;
        }
        let Some(project) = self.project.as_mut() else {
            return;
        };
        // Per coder in a shared project: Ctrl+Z takes back this coder's last command.
        let result = project.undo_scope().and_then(|scope| {
            if undo {
                project.undo_by(scope.as_deref())
            } else {
                project.redo_by(scope.as_deref())
            }
        });
        match result {
            Ok(Some(label)) => {
                let msg = if undo { Msg::Undone } else { Msg::Redone };
                let text = trf(self.state.lang, msg, &[&label]);
                self.set_info(text);
            }
            Ok(None) => {
                let msg = if undo {
                    Msg::NothingToUndo
                } else {
                    Msg::NothingToRedo
                };
                self.set_info(self.tr(msg).to_owned());
            }
            Err(e) => self.show_error(e),
        }
    }

    /// Opens the project at `path`, replacing the current one.
    pub(super) fn open_path(&mut self, path: &Path) {
        if self.refuse_if_busy() {
            return;
        }
        if self.project.as_ref().is_some_and(|p| p.path() == path) {
            return;
        }
        // Release our own lock first when reopening the same file under another name.
        let opened = Project::open(path, &self.state.coder).and_then(|p| {
            // A coder's blinded copy is coded as that coder: reopen it with them as the actor.
            match p.blind_coder()?.or_else(|| p.replica_coder()) {
                Some(coder) if coder != self.state.coder => {
                    drop(p);
                    self.state.coder = coder;
                    Project::open(path, &self.state.coder)
                }
                _ => Ok(p),
            }
        });
        match opened {
            Ok(p) => self.install_project(p),
            Err(e @ (StoreError::Encrypted(_) | StoreError::WrongPassphrase(_)))
                if crate::store::encryption_available() =>
            {
                let wrong = matches!(e, StoreError::WrongPassphrase(_));
                self.dialogs.passphrase = Some(PassphraseDialog::new(path.to_owned(), wrong));
            }
            Err(e) => self.show_error(e),
        }
    }

    /// Installs a team project opened by File → Open team project, coding as its member.
    pub(super) fn install_opened(&mut self, project: Project) {
        if let Some(coder) = project.replica_coder() {
            self.state.coder = coder;
        }
        self.install_project(project);
    }

    fn install_project(&mut self, project: Project) {
        let path = project.path().to_owned();
        self.state.remember_project(&path);
        let blind = project.blind_coder().ok().flatten();
        self.project = Some(project);
        self.viewer = None;
        self.generation += 1;
        self.worker.forget_answers();
        self.cache.clear();
        self.cache.blind_coder = blind;
        let view = &mut self.state.view;
        *view = Default::default();
        self.dirty = Dirty::ALL;
        self.select_first_doc = true;
        let text = trf(self.state.lang, Msg::Opened, &[&path.display()]);
        self.set_info(text);
    }

    fn open_demo(&mut self, ctx: &egui::Context) {
        let path = demo_path();
        if path.is_file() {
            self.open_path(&path);
            return;
        }
        if self.job.is_some() {
            self.refuse_if_busy();
            return;
        }
        match Job::build_demo(ctx, path, self.state.coder.clone()) {
            Ok(job) => {
                self.job = Some(job);
                self.set_info(self.tr(Msg::BuildingDemo).to_owned());
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }

    fn start_import(&mut self, ctx: &egui::Context, req: ImportRequest) {
        if self.job.is_some() {
            self.refuse_if_busy();
            return;
        }
        let meta_pattern = match req.meta_pattern.trim() {
            "" => None,
            p => match ImportOptions::parse_meta_pattern(p) {
                Ok(re) => Some(re),
                Err(e) => return self.show_error(e),
            },
        };
        let opts = ImportOptions {
            kind: req.kind,
            cases: Some(req.case.trim().to_owned())
                .filter(|c| !c.is_empty())
                .into_iter()
                .collect(),
            meta_pattern,
            ..ImportOptions::default()
        };
        let Some(project) = self.project.take() else {
            return self.set_error(self.tr(Msg::NoProject).to_owned());
        };
        let path = project.path().to_owned();
        match Job::import(ctx, project, req.paths, opts) {
            Ok(job) => {
                self.job = Some(job);
                // Queries keep working through a read-only connection while the job runs.
                self.viewer = Project::open_read_only(&path).ok();
            }
            Err(e) => {
                self.set_error(e.to_string());
                self.open_path(&path);
            }
        }
    }

    /// Takes back what a finished job handed over.
    /// The project a job lent comes back: the read-only stand-in goes, everything reloads.
    fn take_back(&mut self, project: Project) {
        self.project = Some(project);
        self.viewer = None;
        self.dirty = Dirty::ALL;
    }

    pub(super) fn job_done(&mut self, out: JobOutput) {
        match out {
            JobOutput::Imported { project, report } => {
                self.take_back(project);
                match report {
                    Ok(report) => {
                        let text = trf(
                            self.state.lang,
                            Msg::ImportSummary,
                            &[
                                &report.imported.len(),
                                &report.duplicates.len(),
                                &report.skipped.len(),
                                &report.failed.len(),
                            ],
                        );
                        let text = super::views::import_note(
                            text,
                            self.project.as_ref(),
                            &report,
                            self.state.lang,
                        );
                        self.status = Some(Status {
                            text,
                            error: report.has_failures(),
                        });
                        if let Some(first) = report.imported.first()
                            && self.state.view.doc.is_none()
                        {
                            self.state.view.doc = Some(first.doc_id);
                        }
                        self.dialogs.show_report(report);
                    }
                    Err(e) => self.set_app_error(&e),
                }
            }
            JobOutput::QdpxImported {
                project,
                path,
                result,
            } => {
                self.take_back(project);
                match result {
                    Ok(s) => {
                        let name = path
                            .file_name()
                            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                        let text = trf(
                            self.state.lang,
                            Msg::ImportedQdpx,
                            &[&s.documents, &s.codes, &s.codings, &s.skipped.len(), &name],
                        );
                        self.set_info(text);
                    }
                    Err(e) => self.set_app_error(&e),
                }
            }
            JobOutput::Merged {
                project,
                path,
                result,
            } => {
                self.take_back(project);
                match &result {
                    Ok(r) => {
                        let name = super::dialogs_merge::file_name(&path);
                        let text = trf(
                            self.state.lang,
                            Msg::Merged,
                            &[&name, &r.codings_added, &r.conflicts.len()],
                        );
                        self.set_info(text);
                    }
                    Err(e) => self.set_app_error(e),
                }
                self.dialogs.merge.show_result(result);
            }
            JobOutput::Opened(Ok(project)) => self.install_project(project),
            JobOutput::Opened(Err(e)) => self.set_app_error(&e),
        }
    }

    fn set_coder(&mut self, name: String) {
        let name = name.trim().to_owned();
        if name.is_empty() || name == self.state.coder {
            return;
        }
        self.state.coder = name;
        // The audit trail records the project's actor: reopen the project as the new coder.
        if self.job.is_none()
            && let Some(project) = self.project.take()
        {
            let path = project.path().to_owned();
            drop(project);
            match Project::open(&path, &self.state.coder) {
                Ok(p) => {
                    self.project = Some(p);
                    self.generation += 1;
                }
                Err(e) => self.show_error(e),
            }
        }
    }
}
