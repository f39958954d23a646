//! File → Merge project…: choose a coder's copy, preview what comes over (computed on the thread
//! `qcw-merge-preview`, read-only), merge as one undo step (a job), then the report: counts and
//! every conflict with how it was resolved.

use super::PanelCtx;
use super::commands::AppCommand;
use super::error::{AppError, error_text};
use super::i18n::{Lang, Msg};
use crate::store::Project;
use crate::team::{Conflict, MergeReport};
use egui::{Context, Id, RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

type Answer = Arc<Mutex<Option<Result<MergeReport, AppError>>>>;

/// The merge window's state.
#[derive(Debug, Default)]
pub struct MergeDialog {
    open: bool,
    /// The copy's path, as typed or chosen.
    pub path: String,
    /// The preview: for which file, and its answer (`None` inside: still computing).
    preview: Option<(PathBuf, Answer)>,
    /// The report of the merge just made.
    report: Option<Result<MergeReport, AppError>>,
}

impl MergeDialog {
    /// Opens the window.
    pub fn open(&mut self) {
        self.open = true;
        self.report = None;
    }

    /// Whether the window is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The preview's answer, if it arrived (for tests).
    pub fn preview(&self) -> Option<Result<MergeReport, String>> {
        let (_, answer) = self.preview.as_ref()?;
        let guard = answer.lock().ok()?;
        guard.as_ref().map(|r| match r {
            Ok(m) => Ok(m.clone()),
            Err(e) => Err(e.to_string()),
        })
    }

    /// The report of the merge just made (for tests).
    pub fn report(&self) -> Option<&Result<MergeReport, AppError>> {
        self.report.as_ref()
    }

    /// Shows the result of a merge (the window opens on it).
    pub fn show_result(&mut self, result: Result<MergeReport, AppError>) {
        self.open = true;
        self.preview = None;
        self.report = Some(result);
    }

    /// Starts computing the preview of merging `from` into `into`.
    fn start_preview(&mut self, ctx: &Context, into: PathBuf, from: PathBuf) {
        let answer: Answer = Arc::new(Mutex::new(None));
        let (out, ctx2, from2) = (Arc::clone(&answer), ctx.clone(), from.clone());
        let spawned = std::thread::Builder::new()
            .name("qcw-merge-preview".into())
            .spawn(move || {
                let result = Project::open_read_only(&into)
                    .map_err(AppError::from)
                    .and_then(|p| crate::team::preview(&p, &from2).map_err(AppError::from));
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
        self.preview = Some((from, answer));
    }

    /// Shows the window, if open.
    pub fn merge_ui(&mut self, ctx: &Context, cx: &mut PanelCtx<'_>, native: bool) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new(cx.tr(Msg::MergeTitle))
            .id(Id::unique("qcw-merge"))
            .open(&mut open)
            .default_width(640.0)
            .show(ctx, |ui| {
                if let Some(result) = &self.report {
                    ui.strong(cx.tr(Msg::MergeDone));
                    match result {
                        Ok(r) => report_ui(ui, cx, r),
                        Err(e) => {
                            ui.colored_label(ui.visuals().error_fg_color, error_text(e, cx.lang));
                        }
                    }
                    return;
                }
                self.choose_ui(ui, cx, native);
            });
        self.open = open;
    }

    fn choose_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, native: bool) {
        ui.label(cx.tr(Msg::MergeHint));
        ui.horizontal(|ui| {
            let label = ui.label(cx.tr(Msg::MergeFrom));
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(380.0))
                .labelled_by(label.id);
            if native
                && ui.button(cx.tr(Msg::Browse)).clicked()
                && let Some(p) = rfd::FileDialog::new()
                    .add_filter("qcw", &["qcw"])
                    .pick_file()
            {
                self.path = p.display().to_string();
            }
        });
        let from = PathBuf::from(self.path.trim());
        let Some(into) = cx.cache.path.clone() else {
            ui.weak(cx.tr(Msg::NoProject));
            return;
        };
        let valid = !self.path.trim().is_empty();
        if ui
            .add_enabled(valid, egui::Button::new(cx.tr(Msg::MergePreview)))
            .clicked()
        {
            self.start_preview(ui.ctx(), into, from.clone());
        }
        let Some((for_path, answer)) = &self.preview else {
            return;
        };
        if for_path != &from {
            return;
        }
        let result = answer.lock().ok().and_then(|g| {
            g.as_ref().map(|r| match r {
                Ok(m) => Ok(m.clone()),
                Err(e) => Err(error_text(e, cx.lang)),
            })
        });
        ui.separator();
        match result {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(cx.tr(Msg::Computing));
                });
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Some(Ok(r)) => {
                ui.strong(cx.tr(Msg::MergeWouldBring));
                report_ui(ui, cx, &r);
                let go = egui::Button::new(cx.tr(Msg::MergeNow));
                if ui.add_enabled(r.changes && !cx.busy, go).clicked() {
                    cx.push(AppCommand::MergeProject(from));
                    self.preview = None;
                }
            }
        }
    }
}

/// Counts and conflicts of a merge (preview or done).
fn report_ui(ui: &mut Ui, cx: &PanelCtx<'_>, r: &MergeReport) {
    egui::Grid::new("qcw-merge-counts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (msg, n) in [
                (Msg::MergeDocsAdded, r.documents_added),
                (Msg::MergeDocsMatched, r.documents_matched),
                (Msg::MergeCodesAdded, r.codes_added),
                (Msg::MergeCasesAdded, r.cases_added),
                (Msg::MergeCodingsAdded, r.codings_added),
                (Msg::MergeCodingsPresent, r.codings_present),
                (Msg::MergeMemos, r.memos_changed),
                (Msg::MergeOther, r.other_changes),
            ] {
                ui.label(cx.tr(msg));
                ui.label(n.to_string());
                ui.end_row();
            }
            ui.label(cx.tr(Msg::MergeCoders));
            ui.label(r.coders.join("、"));
            ui.end_row();
        });
    if !r.changes {
        ui.weak(cx.tr(Msg::MergeNothing));
    }
    if r.conflicts.is_empty() {
        return;
    }
    ui.separator();
    ui.label(RichText::new(cx.trf(Msg::MergeConflicts, &[&r.conflicts.len()])).strong());
    egui::ScrollArea::vertical()
        .id_salt("qcw-merge-conflicts")
        .max_height(220.0)
        .show(ui, |ui| {
            for c in &r.conflicts {
                ui.label(conflict_text(c, cx));
            }
        });
}

/// A conflict line in the UI language (English: the core's own wording).
fn conflict_text(c: &Conflict, cx: &PanelCtx<'_>) -> String {
    if cx.lang == Lang::En {
        return format!("{} · {} — {}", c.kind, c.target, c.outcome);
    }
    let (kind, outcome) = match c.kind.as_str() {
        "case_attribute" => (
            "案例属性取值不同",
            format!("保留 {}；副本为 {}（已记入案例备忘）", c.kept, c.other),
        ),
        "document_attribute" => (
            "文档属性取值不同",
            format!("保留 {}；副本为 {}（已记入文档备忘）", c.kept, c.other),
        ),
        "code_renamed" => (
            "代码名称或位置不同",
            format!("保留 {}；副本中为 {}（已记入代码备忘）", c.kept, c.other),
        ),
        "memo_edited" => (
            "备忘两边都改过",
            "两者都保留：较晚的在前，另一份附在其后".to_owned(),
        ),
        "coding_memo" => ("编码备忘不同", "两份备忘都保留".to_owned()),
        "qca_override" => (
            "QCA 覆盖不同",
            format!("采用较晚的覆盖（{}）；另一方：{}", c.kept, c.other),
        ),
        "attribute_type" => (
            "属性类型不同",
            format!("保留类型 {}；副本为 {}", c.kept, c.other),
        ),
        "deleted_here_used_there" => (
            "本项目已删除、副本中有编码",
            "已恢复，并带入副本的编码".to_owned(),
        ),
        "deleted_there_used_here" => ("副本中已删除、本项目中有编码", "保留".to_owned()),
        "deleted_there" => ("副本中已删除、无人编码", "已删除".to_owned()),
        "deleted_here" => ("本项目已删除、无人编码", "保持删除".to_owned()),
        "document_text" => (
            "同一文档文本不同（一方已脱敏？）",
            "保留本项目的文本".to_owned(),
        ),
        _ => (c.kind.as_str(), c.outcome.clone()),
    };
    format!("{kind} · {} — {outcome}", target_zh(&c.target))
}

/// The core's English wording of a conflict's target with Chinese connectors; the names in it
/// (documents, code paths, cases, coders) stay as they are.
fn target_zh(t: &str) -> String {
    if t == "project memo" {
        return "项目备忘".to_owned();
    }
    for (en, zh) in [
        ("memo on document ", "文档备忘："),
        ("memo on code ", "代码备忘："),
        ("memo on case ", "案例备忘："),
    ] {
        if let Some(rest) = t.strip_prefix(en) {
            return format!("{zh}{rest}");
        }
    }
    if let Some(rest) = t.strip_prefix("cell memo ") {
        return format!("单元格备忘：{}", target_zh(rest));
    }
    if let Some((case, code)) = t
        .strip_prefix("case ")
        .and_then(|r| r.split_once(" × code "))
    {
        return format!("案例 {case} × 代码 {code}");
    }
    if let Some((code, doc, coder)) = t.strip_prefix("coding ").and_then(|r| {
        let (code, rest) = r.split_once(" in ")?;
        let (doc, coder) = rest.rsplit_once(" by ")?;
        Some((code, doc, coder))
    }) {
        return format!("编码 {code}（{doc}，{coder}）");
    }
    t.to_owned()
}

/// The file name of `path`, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::target_zh;

    #[test]
    fn conflict_targets_get_chinese_connectors_and_keep_their_names() {
        for (en, zh) in [
            ("project memo", "项目备忘"),
            ("memo on case C市燃气监测系统", "案例备忘：C市燃气监测系统"),
            ("memo on code 权力/赋权", "代码备忘：权力/赋权"),
            ("memo on document 20230819A02", "文档备忘：20230819A02"),
            (
                "cell memo case A市综合平台 × code 利益/风险分摊",
                "单元格备忘：案例 A市综合平台 × 代码 利益/风险分摊",
            ),
            (
                "case B市综合平台 × code 权力/借力",
                "案例 B市综合平台 × 代码 权力/借力",
            ),
            (
                "coding 权力/赋权 [3, 12) in 20230819A02 by 甲",
                "编码 权力/赋权 [3, 12)（20230819A02，甲）",
            ),
            ("价值/价值共创", "价值/价值共创"),
        ] {
            assert_eq!(target_zh(en), zh);
        }
    }
}
