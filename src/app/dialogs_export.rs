//! File → Export evidence tables…: the CLI's `qcw export` options (coder, cases, codes, QCA
//! outcome, triangulation threshold, citation patterns, format by the file's extension) with a
//! preview of the first rows of the evidence table exactly as it will be written (the same
//! `build_report`, computed on the thread `qcw-export-preview`, debounced, stale answers dropped).
//! The export itself runs on the query worker (`AppCommand::ExportEvidenceWith`). The options
//! are remembered for the session (per project).

use super::PanelCtx;
use super::commands::AppCommand;
use super::error::{AppError, error_text};
use super::i18n::Msg;
use super::worker::Rev;
use crate::export::{CitationPatterns, ExportOptions, Format, build_report};
use crate::store::Project;
use egui::{Context, Id, Ui};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Rows the preview shows.
pub const PREVIEW_ROWS: usize = 20;
/// How long the options must stay unchanged before the preview is recomputed.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// A native dialog that returns nothing this fast had no backend to show.
const NO_BACKEND: Duration = Duration::from_millis(250);
/// The formats, by extension, in the order offered.
const FORMATS: [&str; 4] = ["xlsx", "csv", "md", "html"];

/// The first rows of the evidence table as they will be written.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewRows {
    /// Column headers.
    pub columns: Vec<String>,
    /// The first [`PREVIEW_ROWS`] rows, each cell as flat text.
    pub rows: Vec<Vec<String>>,
    /// All evidence rows the export writes.
    pub total: usize,
    /// The names of every table written.
    pub tables: Vec<String>,
}

type Answer = Arc<Mutex<Option<Result<PreviewRows, AppError>>>>;

/// What a preview was computed for.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    project: PathBuf,
    rev: Rev,
    opts: ExportOptions,
}

#[derive(Debug)]
struct Preview {
    key: Key,
    answer: Answer,
    cancel: Arc<AtomicBool>,
}

/// The export window's state (kept while the app runs, so the last options stay).
#[derive(Debug, Default)]
pub struct ExportDialog {
    open: bool,
    /// The project the options were chosen for.
    project: Option<PathBuf>,
    /// The output file, as typed or chosen.
    pub path: String,
    coder: Option<String>,
    cases: Vec<String>,
    codes: Vec<String>,
    outcome_attr: String,
    outcome_value: String,
    min_source_types: usize,
    citations: CitationPatterns,
    case_filter: String,
    code_filter: String,
    no_native: bool,
    pending: Option<(Key, Instant)>,
    preview: Option<Preview>,
}

/// The default output file: `<project folder>/<project stem>-evidence.xlsx` (absolute, also
/// when the project was opened by a relative path).
pub fn default_path(project: &Path) -> PathBuf {
    let project = std::path::absolute(project).unwrap_or_else(|_| project.to_owned());
    let stem = project
        .file_stem()
        .map_or_else(|| "project".into(), |s| s.to_string_lossy().into_owned());
    project.with_file_name(format!("{stem}-evidence.xlsx"))
}

impl ExportDialog {
    /// Opens the window for the project at `project` (options of another project are reset).
    pub fn open(&mut self, project: Option<&Path>) {
        if let Some(p) = project
            && self.project.as_deref() != Some(p)
        {
            *self = ExportDialog {
                project: Some(p.to_owned()),
                path: default_path(p).display().to_string(),
                min_source_types: 2,
                ..ExportDialog::default()
            };
        }
        self.open = true;
    }

    /// Whether the window is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The options as chosen, or what is wrong with them (in the UI language).
    fn options(&self, cx: &PanelCtx<'_>) -> Result<ExportOptions, String> {
        let (attr, value) = (self.outcome_attr.trim(), self.outcome_value.trim());
        let outcome = match (attr.is_empty(), value.is_empty()) {
            (true, true) => None,
            (false, false) => Some((attr.to_owned(), value.to_owned())),
            _ => return Err(cx.tr(Msg::ExportOutcomeNeedsValue).to_owned()),
        };
        let opts = ExportOptions {
            cases: self.cases.clone(),
            codes: self.codes.clone(),
            outcome,
            min_source_types: self.min_source_types.max(1),
            citations: self.citations.clone(),
            coder: self.coder.clone(),
        };
        if opts.citations.validate().is_err() {
            return Err(cx.tr(Msg::ExportBadCitation).to_owned());
        }
        Ok(opts)
    }

    /// The output file and its format, or what is wrong with it (in the UI language).
    fn target(&self, cx: &PanelCtx<'_>) -> Result<PathBuf, String> {
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            return Err(cx.tr(Msg::ExportNoFile).to_owned());
        }
        Format::from_path(&path)
            .map(|_| path)
            .map_err(|e| error_text(&AppError::from(e), cx.lang))
    }

    /// The preview's answer for the options as they are now: `None` while computing (for tests).
    pub fn preview(&self) -> Option<Result<PreviewRows, String>> {
        let p = self.preview.as_ref()?;
        if self.pending.is_some() {
            return None;
        }
        let guard = p.answer.lock().ok()?;
        guard.as_ref().map(|r| match r {
            Ok(rows) => Ok(rows.clone()),
            Err(e) => Err(e.to_string()),
        })
    }

    /// Asks for a preview of `key` once the options have stayed the same for [`DEBOUNCE`] and no
    /// older preview is still being computed.
    fn schedule(&mut self, ctx: &Context, key: Key) {
        if self.preview.as_ref().is_some_and(|p| p.key == key) {
            self.pending = None;
            return;
        }
        let same = matches!(&self.pending, Some((k, _)) if *k == key);
        if !same {
            self.pending = Some((key, Instant::now()));
        }
        if let Some(p) = &self.preview {
            p.cancel.store(true, Ordering::Relaxed);
        }
        let running = self
            .preview
            .as_ref()
            .is_some_and(|p| p.answer.lock().is_ok_and(|g| g.is_none()));
        let due = self
            .pending
            .as_ref()
            .is_some_and(|(_, at)| at.elapsed() >= DEBOUNCE);
        if due && !running {
            if let Some((key, _)) = self.pending.take() {
                self.preview = Some(start_preview(ctx, key));
            }
        } else {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
    }

    /// Shows the window, if open.
    pub fn export_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>, native: bool) {
        if !self.open {
            return;
        }
        let Some(project) = cx.cache.path.clone() else {
            self.open = false;
            return;
        };
        if self.project.as_deref() != Some(project.as_path()) {
            self.open(Some(&project));
        }
        let mut open = self.open;
        let screen = ctx.content_rect();
        egui::Window::new(cx.tr(Msg::ExportEvidence))
            .id(Id::unique("qcw-export-dialog"))
            .open(&mut open)
            .default_size([(screen.width() - 80.0).min(1100.0), screen.height() - 100.0])
            .max_height(screen.height() - 40.0)
            .constrain(true)
            .show(ctx, |ui| self.window_ui(ui, cx, native, &project));
        self.open = open && self.open;
    }

    fn window_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, native: bool, project: &Path) {
        self.file_ui(ui, cx, native, project);
        super::dialogs_export_ui::options_ui(ui, cx, self);
        let opts = self.options(cx);
        let target = self.target(cx);
        if let Ok(o) = &opts {
            let key = Key {
                project: project.to_owned(),
                rev: cx.rev,
                opts: o.clone(),
            };
            self.schedule(ui.ctx(), key);
        }
        ui.separator();
        let answer = self.current_answer(cx);
        let ready = opts.is_ok() && target.is_ok() && matches!(answer, Some(Ok(_)));
        ui.horizontal(|ui| {
            let go = egui::Button::new(cx.tr(Msg::Export));
            if ui.add_enabled(ready && !cx.busy, go).clicked()
                && let (Ok(path), Ok(options)) = (&target, &opts)
            {
                cx.push(AppCommand::ExportEvidenceWith {
                    path: path.clone(),
                    options: Box::new(options.clone()),
                });
                self.open = false;
            }
            if ui.button(cx.tr(Msg::Close)).clicked() {
                self.open = false;
            }
        });
        for e in [opts.err(), target.err()].into_iter().flatten() {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        super::dialogs_export_ui::preview_ui(ui, cx, answer, &self.path);
    }

    /// The answer for the options as they are now (`None`: still computing), errors worded in
    /// the UI language.
    fn current_answer(&self, cx: &PanelCtx<'_>) -> Option<Result<PreviewRows, String>> {
        if self.pending.is_some() {
            return None;
        }
        let p = self.preview.as_ref()?;
        let guard = p.answer.lock().ok()?;
        guard.as_ref().map(|r| match r {
            Ok(rows) => Ok(rows.clone()),
            Err(e) => Err(error_text(e, cx.lang)),
        })
    }

    /// The output file row: path field, Browse…, format.
    fn file_ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, native: bool, project: &Path) {
        ui.horizontal(|ui| {
            let label = ui.label(cx.tr(Msg::ExportFile));
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(460.0))
                .labelled_by(label.id);
            if native && ui.button(cx.tr(Msg::Browse)).clicked() {
                self.browse(project);
            }
            let current = Path::new(self.path.trim())
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            let format_label = ui.label(cx.tr(Msg::ExportFormat));
            egui::ComboBox::from_id_salt("qcw-export-format")
                .selected_text(current.clone())
                .show_ui(ui, |ui| {
                    for f in FORMATS {
                        if ui.selectable_label(current == f, f).clicked() {
                            let mut p = PathBuf::from(self.path.trim());
                            if p.as_os_str().is_empty() {
                                p = default_path(project);
                            }
                            p.set_extension(f);
                            self.path = p.display().to_string();
                        }
                    }
                })
                .response
                .labelled_by(format_label.id);
        });
        if self.no_native {
            ui.weak(cx.tr(Msg::NoNativeDialog));
        }
    }

    /// Browse…: the native save dialog, in the folder of the current path.
    fn browse(&mut self, project: &Path) {
        let current = PathBuf::from(self.path.trim());
        let dir = current
            .parent()
            .filter(|d| d.is_dir())
            .or_else(|| project.parent())
            .map(Path::to_owned);
        let name = current.file_name().map_or_else(
            || "evidence.xlsx".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut dialog = rfd::FileDialog::new()
            .add_filter("xlsx csv md html", &FORMATS)
            .set_file_name(name);
        if let Some(d) = dir {
            dialog = dialog.set_directory(d);
        }
        let started = Instant::now();
        match dialog.save_file() {
            Some(p) => self.path = p.display().to_string(),
            None if started.elapsed() < NO_BACKEND => self.no_native = true,
            None => {}
        }
    }

    /// Accessors for the options UI.
    pub(super) fn fields(&mut self) -> Fields<'_> {
        Fields {
            coder: &mut self.coder,
            cases: &mut self.cases,
            codes: &mut self.codes,
            outcome_attr: &mut self.outcome_attr,
            outcome_value: &mut self.outcome_value,
            min_source_types: &mut self.min_source_types,
            citations: &mut self.citations,
            filters: (&mut self.case_filter, &mut self.code_filter),
        }
    }
}

/// The options, borrowed for editing.
pub(super) struct Fields<'a> {
    pub coder: &'a mut Option<String>,
    pub cases: &'a mut Vec<String>,
    pub codes: &'a mut Vec<String>,
    pub outcome_attr: &'a mut String,
    pub outcome_value: &'a mut String,
    pub min_source_types: &'a mut usize,
    pub citations: &'a mut CitationPatterns,
    pub filters: (&'a mut String, &'a mut String),
}

/// Computes the preview of `key` on the thread `qcw-export-preview` (read-only project).
fn start_preview(ctx: &Context, key: Key) -> Preview {
    let answer: Answer = Arc::new(Mutex::new(None));
    let cancel = Arc::new(AtomicBool::new(false));
    let (out, stop, ctx2, k) = (
        Arc::clone(&answer),
        Arc::clone(&cancel),
        ctx.clone(),
        key.clone(),
    );
    let spawned = std::thread::Builder::new()
        .name("qcw-export-preview".into())
        .spawn(move || {
            let result = if stop.load(Ordering::Relaxed) {
                Err(AppError::Other("cancelled".into()))
            } else {
                preview_rows(&k.project, &k.opts)
            };
            if let Ok(mut slot) = out.lock() {
                *slot = Some(result);
            }
            ctx2.request_repaint();
        });
    if let Err(e) = spawned
        && let Ok(mut slot) = answer.lock()
    {
        *slot = Some(Err(AppError::Other(e.to_string())));
    }
    Preview {
        key,
        answer,
        cancel,
    }
}

/// The first rows of the evidence table `opts` export from `project` (the export's own code).
pub fn preview_rows(project: &Path, opts: &ExportOptions) -> Result<PreviewRows, AppError> {
    let p = Project::open_read_only(project)?;
    let report = build_report(&p, opts)?;
    let tables = report.tables();
    let names = tables.iter().map(|t| t.name.clone()).collect();
    let Some(evidence) = tables.into_iter().next() else {
        return Err(AppError::Lost);
    };
    Ok(PreviewRows {
        columns: evidence.columns.iter().map(|c| c.header.clone()).collect(),
        rows: evidence
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| r.iter().map(crate::export::Value::text).collect())
            .collect(),
        total: report.evidence.len(),
        tables: names,
    })
}
