//! The memo browser (备忘录): every memo of the project — project, document, code, case, coding
//! and matrix-cell memos — in one list with its target, searchable and filtered by kind and
//! author ([`crate::reports::memos`], computed on the worker). A click on the target opens it:
//! the document in the reader, the coding at its place, the code in the codebook, the case's
//! or cell's table. "Export" writes the listed memos to `.md` or `.csv`.

use super::{CentralTab, Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::i18n::Msg;
use crate::app::widgets::{combo_ui, text_field_ui};
use crate::app::worker::{Rev, Worker};
use crate::reports::{MemoFilter, memo_authors};
use crate::store::{MemoEntry, MemoKind};
use egui::{Label, RichText, ScrollArea, Sense, Ui};
use std::sync::Arc;

/// State of the memo browser.
#[derive(Default)]
pub struct MemosView {
    /// The search text.
    pub search: String,
    /// Only this kind (`None`: all).
    pub kind: Option<MemoKind>,
    /// Only this author (`None`: all).
    pub author: Option<String>,
    /// Where "Export" writes (empty: the project's folder + `memos.md`).
    pub export_path: String,
    /// The last export's outcome, shown beside the button.
    pub export_note: Option<String>,
    data: Computed<Rev, Arc<Vec<MemoEntry>>>,
}

/// The label of a memo kind.
pub fn memo_kind_msg(kind: MemoKind) -> Msg {
    match kind {
        MemoKind::Project => Msg::MemoKindProject,
        MemoKind::Document => Msg::MemoKindDocument,
        MemoKind::Code => Msg::MemoKindCode,
        MemoKind::Case => Msg::MemoKindCase,
        MemoKind::Coding => Msg::MemoKindCoding,
        MemoKind::Cell => Msg::MemoKindCell,
    }
}

impl MemosView {
    /// The filter the controls describe.
    pub fn filter(&self) -> MemoFilter {
        MemoFilter {
            kinds: self.kind.into_iter().collect(),
            author: self.author.clone(),
            search: self.search.clone(),
        }
    }

    /// The memos shown (after the filter), if the list arrived (for tests).
    pub fn shown(&self) -> Vec<MemoEntry> {
        let filter = self.filter();
        self.data
            .ok()
            .map(|all| all.iter().filter(|m| filter.accepts(m)).cloned().collect())
            .unwrap_or_default()
    }

    /// Shows the tab.
    pub fn memos_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.data.ensure(ui, cx, worker, cx.rev, |w| {
            Ok(Arc::new(
                w.project()?
                    .memo_entries()
                    .map_err(crate::app::error::AppError::from)?,
            ))
        });
        if self.export_path.is_empty()
            && let Some(project) = cx.cache.path.as_deref()
        {
            // The project's folder, absolute (a project opened as `demo.qcw` has an empty parent).
            let project = std::path::absolute(project).unwrap_or_else(|_| project.to_owned());
            let dir = project.parent().unwrap_or(std::path::Path::new("."));
            self.export_path = dir.join("memos.md").display().to_string();
        }
        if !status_ui(ui, cx, self.data.value(), self.data.pending()) {
            return;
        }
        let Some(all) = self.data.ok().cloned() else {
            return;
        };
        let filter = self.filter();
        let shown: Vec<&MemoEntry> = all.iter().filter(|m| filter.accepts(m)).collect();
        self.filter_ui(ui, cx, &all, shown.len());
        self.export_ui(ui, cx, &shown);
        ui.separator();
        if shown.is_empty() {
            ui.weak(cx.tr(Msg::MemosNone));
            return;
        }
        ScrollArea::vertical()
            .id_salt("qcw-memos")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, m) in shown.iter().enumerate() {
                    ui.push_id(i, |ui| memo_ui(ui, cx, m));
                    ui.separator();
                }
            });
    }

    fn filter_ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, all: &[MemoEntry], shown: usize) {
        ui.horizontal_wrapped(|ui| {
            text_field_ui(
                ui,
                cx.tr(Msg::MemosSearch),
                &mut self.search,
                cx.tr(Msg::MemosSearchHint),
                180.0,
            );
            let count = |k: MemoKind| all.iter().filter(|m| m.kind == k).count();
            let name = |k: Option<MemoKind>| match k {
                Some(k) => format!("{} ({})", cx.tr(memo_kind_msg(k)), count(k)),
                None => format!("{} ({})", cx.tr(Msg::MemosAllKinds), all.len()),
            };
            combo_ui(
                ui,
                cx.tr(Msg::MemosKind),
                "qcw-memos-kind",
                name(self.kind),
                |ui| {
                    ui.selectable_value(&mut self.kind, None, name(None));
                    for k in MemoKind::ALL {
                        ui.selectable_value(&mut self.kind, Some(k), name(Some(k)));
                    }
                },
            );
            let authors = memo_authors(all);
            let current = self
                .author
                .clone()
                .unwrap_or_else(|| cx.tr(Msg::MemosAllAuthors).to_owned());
            combo_ui(
                ui,
                cx.tr(Msg::MemosAuthor),
                "qcw-memos-author",
                current,
                |ui| {
                    ui.selectable_value(&mut self.author, None, cx.tr(Msg::MemosAllAuthors));
                    for a in authors {
                        ui.selectable_value(&mut self.author, Some(a.clone()), a);
                    }
                },
            );
            ui.weak(cx.trf(Msg::MemosCount, &[&shown, &all.len()]));
        });
    }

    fn export_ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, shown: &[&MemoEntry]) {
        ui.horizontal_wrapped(|ui| {
            text_field_ui(
                ui,
                cx.tr(Msg::MemosExportPath),
                &mut self.export_path,
                "memos.md / memos.csv",
                320.0,
            );
            if ui.button(cx.tr(Msg::MemosExport)).clicked() {
                let owned: Vec<MemoEntry> = shown.iter().map(|m| (*m).clone()).collect();
                let path = std::path::PathBuf::from(self.export_path.trim());
                self.export_note = Some(match crate::export::write_memos(&owned, &path) {
                    Ok(()) => cx.trf(Msg::MemosExported, &[&owned.len(), &path.display()]),
                    Err(e) => e.to_string(),
                });
            }
            if let Some(note) = &self.export_note {
                ui.weak(note);
            }
        });
    }
}

/// One memo: kind, target (a click opens it), author and date; the memo's text.
fn memo_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, m: &MemoEntry) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(cx.tr(memo_kind_msg(m.kind))).strong());
        let target = if m.target.is_empty() {
            cx.tr(Msg::MemoKindProject).to_owned()
        } else {
            m.target.clone()
        };
        let link = ui.add(Label::new(RichText::new(target).underline()).sense(Sense::click()));
        if link.on_hover_text(cx.tr(Msg::MemosOpenTarget)).clicked() {
            open_target(cx, m);
        }
        ui.weak(format!("{} · {}", m.author, m.updated_at));
    });
    if !m.excerpt.is_empty() {
        ui.weak(format!("“{}”", m.excerpt.replace('\n', " ")));
    }
    ui.add(Label::new(&m.text).wrap());
}

/// Opens what memo `m` is on.
fn open_target(cx: &mut PanelCtx<'_>, m: &MemoEntry) {
    match m.kind {
        MemoKind::Coding => {
            if let (Some(doc_id), Some((start, end))) = (m.doc_id, m.range) {
                cx.push(AppCommand::JumpTo { doc_id, start, end });
            }
        }
        MemoKind::Document => {
            if let Some(id) = m.doc_id {
                cx.push(AppCommand::SelectDocument(id));
                cx.push(AppCommand::SetCentralTab(CentralTab::Reader));
            }
        }
        MemoKind::Code => cx.push(AppCommand::SelectCode(m.code_id)),
        MemoKind::Case => cx.push(AppCommand::SetCentralTab(CentralTab::Cases)),
        MemoKind::Cell => cx.push(AppCommand::SetCentralTab(CentralTab::Matrix)),
        MemoKind::Project => {}
    }
}
