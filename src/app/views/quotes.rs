//! Quotes behind a number: the coded segments of a matrix cell, a co-occurrence cell or a list
//! of codings, each with its context, document, code and coder; clicking one opens the reader at
//! it. The bottom panel's retrieval list draws its rows with [`quote_row_ui`] too.

use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::cache::{RetrievalRow, rows_with_context};
use crate::app::commands::AppCommand;
use crate::app::error::AppError;
use crate::app::i18n::{Msg, kind_msg};
use crate::app::widgets::parse_color;
use crate::app::worker::{Rev, Worker};
use crate::model::DocKind;
use crate::store::{CodingFilter, Project};
use egui::text::LayoutJob;
use egui::{Color32, FontId, Label, RichText, Sense, TextFormat, Ui};
use std::collections::{HashMap, HashSet};

/// The codings `ids` with their context, in document order.
pub fn load_quotes(project: &Project, ids: &[i64]) -> Result<Vec<RetrievalRow>, AppError> {
    let wanted: HashSet<i64> = ids.iter().copied().collect();
    let mut codings: Vec<_> = project
        .codings(&CodingFilter::default())?
        .into_iter()
        .filter(|c| wanted.contains(&c.id))
        .collect();
    codings.sort_by(|a, b| (&a.doc, a.start, a.end).cmp(&(&b.doc, b.start, b.end)));
    let kinds: HashMap<i64, DocKind> = project
        .documents()?
        .into_iter()
        .map(|d| (d.id, d.kind))
        .collect();
    rows_with_context(project, codings, |id| {
        kinds.get(&id).copied().unwrap_or(DocKind::Document)
    })
    .map_err(AppError::from)
}

/// A titled list of quotes (e.g. of the clicked matrix cell).
#[derive(Default)]
pub struct QuoteList {
    title: String,
    ids: Vec<i64>,
    rows: Computed<(Rev, Vec<i64>), Vec<RetrievalRow>>,
}

impl QuoteList {
    /// Shows the codings `ids` under `title` (replacing what was shown).
    pub fn set(&mut self, title: String, ids: Vec<i64>) {
        self.title = title;
        self.ids = ids;
    }

    /// Shows nothing.
    pub fn clear(&mut self) {
        self.title.clear();
        self.ids.clear();
    }

    /// Whether a list is shown.
    pub fn is_open(&self) -> bool {
        !self.title.is_empty()
    }

    /// The title of the shown list.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The quotes loaded for the shown list (empty until they arrive).
    pub fn rows(&self) -> &[RetrievalRow] {
        self.rows.ok().map_or(&[], Vec::as_slice)
    }

    /// Shows the list (title, count, close button, the quotes).
    pub fn quotes_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        if !self.is_open() {
            ui.weak(cx.tr(Msg::ClickCellForQuotes));
            return;
        }
        let ids = self.ids.clone();
        self.rows
            .ensure(ui, cx, worker, (cx.rev, ids.clone()), move |w| {
                load_quotes(w.project()?, &ids)
            });
        let mut close = false;
        ui.horizontal(|ui| {
            ui.strong(&self.title);
            ui.weak(cx.trf(Msg::SegmentsCount, &[&self.ids.len()]));
            close = ui
                .small_button("✕")
                .on_hover_text(cx.tr(Msg::Close))
                .clicked();
        });
        if close {
            self.clear();
            return;
        }
        if !status_ui(ui, cx, self.rows.value(), self.rows.pending()) {
            return;
        }
        let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 4.0;
        let rows = self.rows();
        egui::ScrollArea::vertical()
            .id_salt("qcw-quotes")
            .auto_shrink(false)
            .show_rows(ui, row_h, rows.len(), |ui, range| {
                for row in &rows[range] {
                    quote_row_ui(ui, cx, row, row_h);
                }
            });
    }
}

/// One quote: document, range, kind, code, coder, memo, and the text in its context; clicking
/// the text opens the reader at it.
pub fn quote_row_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, row: &RetrievalRow, row_h: f32) {
    let c = &row.coding;
    let width = ui.available_width();
    ui.allocate_ui(egui::vec2(width, row_h), |ui| {
        ui.set_min_height(row_h);
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                let color = cx
                    .cache
                    .code(c.code_id)
                    .map_or(Color32::GRAY, |k| parse_color(&k.color));
                let (swatch, _) = ui.allocate_exact_size(egui::vec2(8.0, 8.0), Sense::hover());
                ui.painter().rect_filled(swatch, 1.0, color);
                ui.label(RichText::new(&c.doc).strong());
                ui.weak(format!("[{}, {})", c.start, c.end));
                ui.weak(cx.tr(kind_msg(row.kind)));
                ui.weak(&c.code);
                ui.weak(format!("· {}", c.coder));
                if !c.memo.is_empty() {
                    ui.label(RichText::new(format!("{}: {}", cx.tr(Msg::Memo), c.memo)).italics())
                        .on_hover_text(&c.memo);
                }
            });
            let quote = Label::new(context_job(ui, &row.before, &c.text, &row.after))
                .truncate()
                .sense(Sense::click());
            let r = ui.add(quote).on_hover_text(&c.text);
            if r.clicked() {
                cx.push(AppCommand::JumpTo {
                    doc_id: c.doc_id,
                    start: c.start,
                    end: c.end,
                });
            }
        });
    });
}

/// "…before【quote】after…" with the quote emphasised.
pub fn context_job(ui: &Ui, before: &str, quote: &str, after: &str) -> LayoutJob {
    let font = FontId::proportional(14.0);
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    let mut job = LayoutJob::default();
    let fmt = |color| TextFormat::simple(font.clone(), color);
    job.append(&format!("…{before}"), 0.0, fmt(weak));
    let mut q = fmt(strong);
    q.background = ui.visuals().selection.bg_fill.gamma_multiply(0.35);
    job.append(&quote.replace('\n', " ¶ "), 0.0, q);
    job.append(&format!("{after}…"), 0.0, fmt(weak));
    job
}
