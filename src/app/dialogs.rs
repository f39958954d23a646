//! Dialogs: project paths (native rfd dialogs, with a path field as the fallback and always as an
//! alternative), import options, the import report, codebook confirmations, shortcuts, about.

use super::PanelCtx;
use super::code_dialogs::CodeDialog;
use super::commands::{AppCommand, ImportRequest};
use super::i18n::{Msg, kind_msg};
use crate::codebook::Template;
use crate::import::{ImportOptions, ImportReport};
use crate::model::DocKind;
use egui::{Context, Id, Modal, Ui};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A native dialog that returns nothing this fast had no backend to show (rfd returns `None`
/// immediately then); a slower `None` is the user cancelling.
const NO_BACKEND: Duration = Duration::from_millis(250);

/// What a path is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    /// A new project file.
    NewProject,
    /// An existing project file.
    OpenProject,
    /// Files to import.
    ImportFiles,
    /// A folder to import.
    ImportFolder,
    /// Where to write a REFI-QDA project (`.qdpx`).
    ExportQdpx,
    /// A REFI-QDA project (`.qdpx`, or a bare `.qde`) to import.
    ImportQdpx,
}

#[derive(Debug, Clone)]
struct PathDialog {
    purpose: PathPurpose,
    text: String,
    template: Template,
    no_native: bool,
    /// Whether the default path was offered (once, so that the user can clear it).
    prefilled: bool,
}

#[derive(Debug, Clone)]
struct ImportDialog {
    paths: String,
    kind: DocKind,
    case: String,
    meta: String,
    no_native: bool,
}

/// The open dialogs (UI state owned by the app).
#[derive(Debug)]
pub struct Dialogs {
    /// Whether native (rfd) dialogs are tried.
    pub native: bool,
    path: Option<PathDialog>,
    import: Option<ImportDialog>,
    report: Option<ImportReport>,
    /// The open codebook dialog.
    pub code: Option<CodeDialog>,
    /// The keyboard shortcuts window.
    pub shortcuts: bool,
    /// The about window.
    pub about: bool,
    /// File → Backups.
    pub backups: super::dialogs_backup::BackupsDialog,
    /// The passphrase of an encrypted project being opened.
    pub passphrase: Option<super::dialogs_passphrase::PassphraseDialog>,
    /// File → Export evidence tables.
    pub export: super::dialogs_export::ExportDialog,
    /// File → Merge project copy.
    pub merge: super::dialogs_merge::MergeDialog,
    /// File → Open team project.
    pub team: super::dialogs_team::TeamDialog,
    picked: Vec<AppCommand>,
}

impl Default for Dialogs {
    fn default() -> Self {
        Dialogs {
            native: true,
            path: None,
            import: None,
            report: None,
            code: None,
            shortcuts: false,
            about: false,
            backups: super::dialogs_backup::BackupsDialog::default(),
            passphrase: None,
            export: super::dialogs_export::ExportDialog::default(),
            merge: super::dialogs_merge::MergeDialog::default(),
            team: super::dialogs_team::TeamDialog::default(),
            picked: Vec::new(),
        }
    }
}

/// Runs a native dialog: `Some(paths)` chosen, `Some([])` cancelled, `None` no backend.
fn native_pick(purpose: PathPurpose) -> Option<Vec<PathBuf>> {
    let started = Instant::now();
    let dialog = rfd::FileDialog::new();
    let picked = match purpose {
        PathPurpose::OpenProject => dialog
            .add_filter("qcw", &["qcw"])
            .pick_file()
            .map(|p| vec![p]),
        PathPurpose::NewProject => dialog
            .add_filter("qcw", &["qcw"])
            .set_file_name("study.qcw")
            .save_file()
            .map(|p| vec![p]),
        PathPurpose::ImportFiles => dialog
            .add_filter("txt md docx odt pdf", &["txt", "md", "docx", "odt", "pdf"])
            .pick_files(),
        PathPurpose::ImportFolder => dialog.pick_folder().map(|p| vec![p]),
        PathPurpose::ExportQdpx => dialog
            .add_filter("REFI-QDA", &["qdpx", "qdc"])
            .set_file_name("project.qdpx")
            .save_file()
            .map(|p| vec![p]),
        PathPurpose::ImportQdpx => dialog
            .add_filter("REFI-QDA", &["qdpx", "qde", "qdc"])
            .pick_file()
            .map(|p| vec![p]),
    };
    match picked {
        Some(p) => Some(p),
        None if started.elapsed() < NO_BACKEND => None,
        None => Some(Vec::new()),
    }
}

impl Dialogs {
    /// Asks for a path: the native dialog if there is one, else the path field.
    pub fn pick(&mut self, purpose: PathPurpose) {
        if purpose == PathPurpose::NewProject {
            return self.path_field(purpose, !self.native);
        }
        let picked = if self.native {
            native_pick(purpose)
        } else {
            None
        };
        match (purpose, picked) {
            (_, Some(p)) if p.is_empty() => {}
            (PathPurpose::OpenProject, Some(p)) => {
                self.picked.push(AppCommand::OpenProject(p[0].clone()))
            }
            (PathPurpose::OpenProject, None) => self.path_field(purpose, true),
            (PathPurpose::ExportQdpx, Some(p)) => {
                self.picked.push(AppCommand::ExportQdpx(p[0].clone()))
            }
            (PathPurpose::ImportQdpx, Some(p)) => {
                self.picked.push(AppCommand::ImportQdpx(p[0].clone()))
            }
            (PathPurpose::ExportQdpx | PathPurpose::ImportQdpx, None) => {
                self.path_field(purpose, true)
            }
            (_, Some(p)) => self.open_import(p),
            (_, None) => {
                self.open_import(Vec::new());
                if let Some(d) = &mut self.import {
                    d.no_native = true;
                }
            }
        }
    }

    /// Shows the path field dialog.
    pub fn path_field(&mut self, purpose: PathPurpose, no_native: bool) {
        self.path = Some(PathDialog {
            purpose,
            text: String::new(),
            template: Template::Piv,
            no_native,
            prefilled: false,
        });
    }

    /// Shows the import dialog for `paths`.
    pub fn open_import(&mut self, paths: Vec<PathBuf>) {
        let text = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        self.import = Some(ImportDialog {
            paths: text,
            kind: DocKind::Interview,
            case: String::new(),
            meta: String::new(),
            no_native: false,
        });
    }

    /// Shows the report of a finished import.
    pub fn show_report(&mut self, report: ImportReport) {
        self.report = Some(report);
    }

    /// Shows whichever dialogs are open.
    pub fn dialogs_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>) {
        cx.out.append(&mut self.picked);
        self.path_dialog_ui(ctx, cx);
        self.import_dialog_ui(ctx, cx);
        self.report_ui(ctx, cx);
        if let Some(d) = self.code.take() {
            self.code = super::code_dialogs::code_dialog_ui(ctx, cx, d);
        }
        super::dialogs_help::help_windows_ui(ctx, cx, &mut self.shortcuts, &mut self.about);
        self.backups.backups_ui(ctx, cx);
        self.export.export_ui(ctx, cx, self.native);
        self.merge.merge_ui(ctx, cx, self.native);
        self.team.team_ui(ctx, cx);
        if let Some(d) = self.passphrase.take() {
            self.passphrase = super::dialogs_passphrase::passphrase_ui(ctx, cx, d);
        }
    }

    fn path_dialog_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>) {
        let Some(d) = &mut self.path else {
            return;
        };
        let mut close = false;
        let native = self.native;
        let modal = Modal::new(Id::unique("qcw-path-dialog")).show(ctx, |ui| {
            ui.set_width(520.0);
            let title = match d.purpose {
                PathPurpose::NewProject => Msg::NewProject,
                PathPurpose::ExportQdpx => Msg::ExportQdpx,
                PathPurpose::ImportQdpx => Msg::ImportQdpx,
                _ => Msg::OpenProject,
            };
            let heading = ui.heading(cx.tr(title));
            if d.no_native {
                ui.weak(cx.tr(Msg::NoNativeDialog));
            }
            // Real paths in the project's folder: the example, and an export's default.
            let project = cx.cache.path.as_deref();
            let stem = project
                .and_then(Path::file_stem)
                .map_or_else(|| "study".into(), |s| s.to_string_lossy().into_owned());
            let example = match d.purpose {
                PathPurpose::ExportQdpx | PathPurpose::ImportQdpx => format!("{stem}.qdpx"),
                PathPurpose::ImportFiles | PathPurpose::ImportFolder => String::new(),
                PathPurpose::NewProject | PathPurpose::OpenProject => "study.qcw".to_owned(),
            };
            let example = super::widgets::beside_project(project, &example);
            if d.purpose == PathPurpose::ExportQdpx && !d.prefilled {
                d.text = example.display().to_string();
            }
            d.prefilled = true;
            let hint = cx.trf(Msg::PathHint, &[&example.display()]);
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut d.text)
                        .hint_text(hint)
                        .desired_width(400.0),
                )
                .labelled_by(heading.id);
                if native && ui.button(cx.tr(Msg::Browse)).clicked() {
                    match native_pick(d.purpose) {
                        Some(p) if !p.is_empty() => d.text = p[0].display().to_string(),
                        Some(_) => {}
                        None => d.no_native = true,
                    }
                }
            });
            if d.purpose == PathPurpose::NewProject {
                ui.horizontal(|ui| {
                    ui.label(cx.tr(Msg::Template));
                    ui.radio_value(&mut d.template, Template::Piv, cx.tr(Msg::TemplatePiv));
                    ui.radio_value(&mut d.template, Template::Empty, cx.tr(Msg::TemplateEmpty));
                });
            }
            ui.separator();
            ui.horizontal(|ui| {
                let ok = match d.purpose {
                    PathPurpose::NewProject => Msg::Create,
                    PathPurpose::ExportQdpx => Msg::Export,
                    PathPurpose::ImportQdpx => Msg::ImportButton,
                    _ => Msg::Open,
                };
                let path = d.text.trim();
                if ui
                    .add_enabled(!path.is_empty(), egui::Button::new(cx.tr(ok)))
                    .clicked()
                {
                    let mut path = PathBuf::from(path);
                    if d.purpose == PathPurpose::ExportQdpx {
                        if path.extension().is_none() {
                            path.set_extension("qdpx");
                        }
                        cx.push(AppCommand::ExportQdpx(path));
                    } else if d.purpose == PathPurpose::ImportQdpx {
                        cx.push(AppCommand::ImportQdpx(path));
                    } else if d.purpose == PathPurpose::NewProject {
                        if path.extension().is_none() {
                            path.set_extension("qcw");
                        }
                        cx.push(AppCommand::NewProject {
                            path,
                            template: d.template,
                        });
                    } else {
                        cx.push(AppCommand::OpenProject(path));
                    }
                    close = true;
                }
                if ui.button(cx.tr(Msg::Cancel)).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.path = None;
        }
    }

    fn import_dialog_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>) {
        let Some(d) = &mut self.import else {
            return;
        };
        let mut close = false;
        let native = self.native;
        let modal = Modal::new(Id::unique("qcw-import-dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(cx.tr(Msg::ImportTitle));
            if d.no_native {
                ui.weak(cx.tr(Msg::NoNativeDialog));
            }
            ui.add(
                egui::TextEdit::multiline(&mut d.paths)
                    .hint_text(cx.tr(Msg::PathsHint))
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            );
            if native {
                ui.horizontal(|ui| {
                    for (msg, purpose) in [
                        (Msg::ImportFiles, PathPurpose::ImportFiles),
                        (Msg::ImportFolder, PathPurpose::ImportFolder),
                    ] {
                        if ui.button(cx.tr(msg)).clicked() {
                            match native_pick(purpose) {
                                Some(p) => add_lines(&mut d.paths, &p),
                                None => d.no_native = true,
                            }
                        }
                    }
                });
            }
            import_options_ui(ui, cx, d);
            let pattern_error = match d.meta.trim() {
                "" => None,
                p => ImportOptions::parse_meta_pattern(p)
                    .err()
                    .map(|e| e.to_string()),
            };
            if let Some(e) = &pattern_error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            let paths: Vec<PathBuf> = d
                .paths
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect();
            ui.separator();
            ui.horizontal(|ui| {
                let ready = !paths.is_empty() && pattern_error.is_none() && !cx.busy;
                if ui
                    .add_enabled(ready, egui::Button::new(cx.tr(Msg::Start)))
                    .clicked()
                {
                    cx.push(AppCommand::Import(ImportRequest {
                        paths: paths.clone(),
                        kind: d.kind,
                        case: d.case.trim().to_owned(),
                        meta_pattern: d.meta.trim().to_owned(),
                    }));
                    close = true;
                }
                if ui.button(cx.tr(Msg::Cancel)).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.import = None;
        }
    }

    fn report_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>) {
        let Some(report) = &self.report else {
            return;
        };
        let mut close = false;
        let modal = Modal::new(Id::unique("qcw-import-report")).show(ctx, |ui| {
            ui.set_width(600.0);
            ui.heading(cx.tr(Msg::ImportReport));
            ui.label(cx.trf(
                Msg::ImportSummary,
                &[
                    &report.imported.len(),
                    &report.duplicates.len(),
                    &report.skipped.len(),
                    &report.failed.len(),
                ],
            ));
            if report.cancelled {
                ui.label(cx.tr(Msg::ImportCancelled));
            }
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for (msg, list, open) in [
                        (Msg::Failed, &report.failed, true),
                        (Msg::ImportWarnings, &report.warnings, true),
                        (Msg::Duplicates, &report.duplicates, false),
                        (Msg::Skipped, &report.skipped, false),
                    ] {
                        if list.is_empty() {
                            continue;
                        }
                        egui::CollapsingHeader::new(format!("{} ({})", cx.tr(msg), list.len()))
                            .default_open(open)
                            .show(ui, |ui| {
                                for p in list {
                                    ui.label(format!("{}: {}", p.path.display(), p.reason));
                                }
                            });
                    }
                });
            if ui.button(cx.tr(Msg::Close)).clicked() {
                close = true;
            }
        });
        if close || modal.should_close() {
            self.report = None;
        }
    }
}

fn add_lines(text: &mut String, paths: &[PathBuf]) {
    for p in paths {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&p.display().to_string());
    }
}

fn import_options_ui(ui: &mut Ui, cx: &PanelCtx<'_>, d: &mut ImportDialog) {
    egui::Grid::new("qcw-import-options")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label(cx.tr(Msg::Kind));
            ui.horizontal(|ui| {
                for k in DocKind::ALL {
                    ui.radio_value(&mut d.kind, k, cx.tr(kind_msg(k)));
                }
            });
            ui.end_row();
            let l = ui.label(cx.tr(Msg::CaseName));
            ui.add(egui::TextEdit::singleline(&mut d.case).hint_text(cx.tr(Msg::CaseHint)))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(cx.tr(Msg::MetaPattern));
            ui.add(egui::TextEdit::singleline(&mut d.meta).hint_text(cx.tr(Msg::MetaPatternHint)))
                .labelled_by(l.id);
            ui.end_row();
        });
}
