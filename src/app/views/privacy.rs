//! The privacy tab (隐私): the anonymization audit of [`pii_report`] — likely personal data with
//! its context, filtered by kind; a click opens the reader at the hit, "Redact" pushes a
//! [`Command::Redact`] (undoable), and the project's watch-list of real names and places is
//! edited here (its add and remove are commands too). The audit runs on the worker.

use super::quotes::context_job;
use super::{Computed, status_ui};
use crate::analysis::pii::PiiKind;
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::i18n::{Lang, trf};
use crate::app::widgets::{combo_ui, text_field_ui};
use crate::app::worker::{Rev, Worker};
use crate::command::{Command, WATCH_KINDS};
use crate::import::ImportReport;
use crate::reports::pii::{DocHit, import_warning, pii_report, redact_all};
use crate::store::Project;
use egui::{Label, RichText, ScrollArea, Sense, Ui};
use std::sync::Arc;

/// What the worker computes: every hit and the watch-list.
#[derive(Debug, Clone, Default)]
pub struct PrivacyData {
    /// Every hit in every document.
    pub hits: Vec<DocHit>,
    /// The watch-list, `(term, kind)`.
    pub watch: Vec<(String, String)>,
}

/// State of the privacy tab.
#[derive(Default)]
pub struct PrivacyView {
    /// Only hits of this kind (`None`: all).
    pub kind: Option<PiiKind>,
    /// The watch-list term being typed.
    term: String,
    /// Its kind (`name`, `place`, `other`).
    term_kind: usize,
    data: Computed<Rev, Arc<PrivacyData>>,
}

/// The label of a hit kind.
pub fn pii_kind_msg(kind: PiiKind) -> Msg {
    match kind {
        PiiKind::Mobile => Msg::PiiMobile,
        PiiKind::Landline => Msg::PiiLandline,
        PiiKind::IdNumber => Msg::PiiIdNumber,
        PiiKind::Email => Msg::PiiEmail,
        PiiKind::BankCard => Msg::PiiBankCard,
        PiiKind::Plate => Msg::PiiPlate,
        PiiKind::Watch => Msg::PiiWatch,
    }
}

fn watch_kind_msg(kind: &str) -> Msg {
    match kind {
        "name" => Msg::WatchName,
        "place" => Msg::WatchPlace,
        _ => Msg::WatchOther,
    }
}

impl PrivacyView {
    /// The latest audit, if any (for tests).
    pub fn data(&self) -> Option<&Result<Arc<PrivacyData>, AppError>> {
        self.data.value()
    }

    /// Shows the tab.
    pub fn privacy_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.data.ensure(ui, cx, worker, cx.rev, |w| {
            let project = w.project()?;
            Ok(Arc::new(PrivacyData {
                hits: pii_report(project, None, None)?,
                watch: project.pii_watch().map_err(AppError::from)?,
            }))
        });
        ui.weak(cx.tr(Msg::PrivacyHint));
        ui.separator();
        if !status_ui(ui, cx, self.data.value(), self.data.pending()) {
            return;
        }
        let Some(data) = self.data.ok().cloned() else {
            return;
        };
        self.watch_ui(ui, cx, &data.watch);
        ui.separator();
        let shown: Vec<&DocHit> = data
            .hits
            .iter()
            .filter(|h| self.kind.is_none_or(|k| h.kind == k))
            .collect();
        self.filter_ui(ui, cx, &data.hits, &shown);
        if shown.is_empty() {
            ui.weak(cx.tr(Msg::PrivacyNone));
            return;
        }
        // Only the visible rows are laid out: an audit may list thousands of hits.
        let row_height = ui.spacing().interact_size.y;
        ScrollArea::vertical()
            .id_salt("qcw-privacy-hits")
            .auto_shrink([false, false])
            .show_rows(ui, row_height, shown.len(), |ui, rows| {
                for i in rows {
                    ui.push_id(i, |ui| hit_ui(ui, cx, shown[i]));
                }
            });
    }

    fn filter_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, all: &[DocHit], shown: &[&DocHit]) {
        ui.horizontal_wrapped(|ui| {
            let count = |k: PiiKind| all.iter().filter(|h| h.kind == k).count();
            let name = |k: Option<PiiKind>| match k {
                Some(k) => format!("{} ({})", cx.tr(pii_kind_msg(k)), count(k)),
                None => format!("{} ({})", cx.tr(Msg::PrivacyAllKinds), all.len()),
            };
            let selected = name(self.kind);
            combo_ui(
                ui,
                cx.tr(Msg::PrivacyKind),
                "qcw-privacy-kind",
                selected,
                |ui| {
                    ui.selectable_value(&mut self.kind, None, name(None));
                    for k in PiiKind::ALL {
                        ui.selectable_value(&mut self.kind, Some(k), name(Some(k)));
                    }
                },
            );
            let redact_all_label = cx.trf(Msg::RedactAllShown, &[&shown.len()]);
            let button = egui::Button::new(redact_all_label);
            if ui
                .add_enabled(!cx.busy && !shown.is_empty(), button)
                .clicked()
            {
                let owned: Vec<DocHit> = shown.iter().map(|h| (*h).clone()).collect();
                if let Some(cmd) = redact_all(&owned) {
                    cx.push(AppCommand::Execute(cmd));
                }
            }
        });
    }

    fn watch_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, watch: &[(String, String)]) {
        ui.label(RichText::new(cx.tr(Msg::WatchList)).strong());
        ui.horizontal_wrapped(|ui| {
            let edit = text_field_ui(ui, cx.tr(Msg::WatchTerm), &mut self.term, "", 160.0);
            let kind = WATCH_KINDS[self.term_kind.min(WATCH_KINDS.len() - 1)];
            combo_ui(
                ui,
                cx.tr(Msg::PrivacyKind),
                "qcw-watch-kind",
                cx.tr(watch_kind_msg(kind)),
                |ui| {
                    for (i, k) in WATCH_KINDS.iter().enumerate() {
                        ui.selectable_value(&mut self.term_kind, i, cx.tr(watch_kind_msg(k)));
                    }
                },
            );
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let add = ui.add_enabled(!cx.busy, egui::Button::new(cx.tr(Msg::WatchAdd)));
            if (enter || add.clicked()) && !self.term.trim().is_empty() {
                cx.push(AppCommand::Execute(Command::AddPiiWatch {
                    term: self.term.trim().to_owned(),
                    kind: kind.to_owned(),
                }));
                self.term.clear();
            }
        });
        ui.horizontal_wrapped(|ui| {
            for (term, kind) in watch {
                ui.label(format!("{term} · {}", cx.tr(watch_kind_msg(kind))));
                let remove = ui
                    .add_enabled(!cx.busy, egui::Button::new("✕").small())
                    .on_hover_text(cx.tr(Msg::WatchRemove));
                if remove.clicked() {
                    cx.push(AppCommand::Execute(Command::RemovePiiWatch {
                        term: term.clone(),
                    }));
                }
            }
        });
    }
}

/// One hit: document, kind, range; the context (click: the reader at the hit); Redact.
fn hit_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, h: &DocHit) {
    ui.horizontal(|ui| {
        let redact = ui.add_enabled(!cx.busy, egui::Button::new(cx.tr(Msg::Redact)));
        if redact.clicked() {
            cx.push(AppCommand::Execute(Command::Redact {
                doc_id: h.doc_id,
                start: h.start,
                end: h.end,
            }));
        }
        ui.label(RichText::new(&h.doc).strong());
        ui.weak(format!("[{}, {})", h.start, h.end));
        ui.weak(cx.tr(pii_kind_msg(h.kind)));
        let context = Label::new(context_job(ui, &h.before, &h.text, &h.after))
            .truncate()
            .sense(Sense::click());
        if ui.add(context).on_hover_text(&h.text).clicked() {
            cx.push(AppCommand::JumpTo {
                doc_id: h.doc_id,
                start: h.start,
                end: h.end,
            });
        }
    });
}

/// The import summary `text`, followed by a warning when the imported documents hold likely
/// personal data (the audit of just those documents).
pub fn import_note(
    text: String,
    project: Option<&Project>,
    report: &ImportReport,
    lang: Lang,
) -> String {
    let ids: Vec<i64> = report.imported.iter().map(|d| d.doc_id).collect();
    match project.map(|p| import_warning(p, &ids)) {
        Some(Ok(Some((n, kinds)))) => {
            format!("{text}{}", trf(lang, Msg::ImportPiiNote, &[&n, &kinds]))
        }
        _ => text,
    }
}
