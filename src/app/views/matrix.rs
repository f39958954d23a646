//! The triangulation matrix: cases × codes, each cell with its codings / documents, the source
//! types behind it (访 interview, 文 document, 观 observation), green when triangulated (at least
//! N source types), a corner mark when it has a memo. Clicking a cell lists its quotes below
//! (clicking a quote opens the reader there) and lets the researcher write the cell's memo.

use super::quotes::QuoteList;
use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::table::{CELL_PAD, FrozenTable, HeaderText, Slot, fit_width, text_width};
use crate::app::worker::{Rev, Worker};
use crate::command::Command;
use crate::model::DocKind;
use crate::reports::{Cell, Matrix, matrix_in_group};
use crate::store::Project;
use egui::{Align2, Color32, FontId, Label, RichText, Sense, Stroke, Ui};

/// The widest a column header gets before it breaks into lines (at sensible points only).
const HEADER_CAP: f32 = 160.0;

/// The matrix with the ids behind its rows and columns.
#[derive(Debug, Clone)]
pub struct MatrixData {
    /// The matrix.
    pub matrix: Matrix,
    /// Case ids, parallel to `matrix.cases`.
    pub case_ids: Vec<i64>,
    /// Code ids, parallel to `matrix.codes`.
    pub code_ids: Vec<i64>,
}

/// Computes the matrix for `code_ids` (on the worker).
pub fn load_matrix(
    project: &Project,
    code_ids: &[i64],
    min_source_types: usize,
    group_id: Option<i64>,
) -> Result<MatrixData, AppError> {
    let m = matrix_in_group(project, Some(code_ids), min_source_types, group_id)?;
    let cases = project.cases()?;
    let case_ids = m
        .cases
        .iter()
        .map(|name| cases.iter().find(|c| &c.name == name).map_or(0, |c| c.id))
        .collect();
    let codes = project.codes()?;
    let code_ids = code_ids
        .iter()
        .copied()
        .filter(|id| codes.iter().any(|c| c.id == *id))
        .collect();
    Ok(MatrixData {
        matrix: m,
        case_ids,
        code_ids,
    })
}

/// The one-character badge of a source type.
pub fn kind_badge(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Interview => "访",
        DocKind::Document => "文",
        DocKind::Observation => "观",
    }
}

fn kind_color(kind: DocKind, dark: bool) -> Color32 {
    match (kind, dark) {
        (DocKind::Interview, false) => Color32::from_rgb(25, 90, 170),
        (DocKind::Interview, true) => Color32::from_rgb(130, 180, 250),
        (DocKind::Document, false) => Color32::from_rgb(150, 90, 0),
        (DocKind::Document, true) => Color32::from_rgb(240, 190, 90),
        (DocKind::Observation, false) => Color32::from_rgb(120, 40, 150),
        (DocKind::Observation, true) => Color32::from_rgb(215, 150, 240),
    }
}

/// The fill of a triangulated cell.
pub fn triangulated_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(30, 88, 50)
    } else {
        Color32::from_rgb(196, 234, 204)
    }
}

/// State of the matrix view.
pub struct MatrixView {
    /// The code whose subtree gives the columns (`None`: every code).
    root: Option<i64>,
    min_source_types: usize,
    /// Only this document group's documents (`None`: every document).
    group_id: Option<i64>,
    report: Computed<(Rev, Vec<i64>, usize, Option<i64>), MatrixData>,
    /// The clicked cell: (case id, code id).
    selected: Option<(i64, i64)>,
    memo: String,
    quotes: QuoteList,
}

impl Default for MatrixView {
    fn default() -> Self {
        MatrixView {
            root: None,
            min_source_types: 2,
            group_id: None,
            report: Computed::default(),
            selected: None,
            memo: String::new(),
            quotes: QuoteList::default(),
        }
    }
}

impl MatrixView {
    /// The quotes listed for the clicked cell (for tests).
    pub fn quotes(&self) -> &QuoteList {
        &self.quotes
    }

    /// The matrix shown, if computed (for tests).
    pub fn data(&self) -> Option<&MatrixData> {
        self.report.ok()
    }

    /// Shows the view.
    pub fn matrix_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        if self.root.is_some_and(|id| cx.cache.code(id).is_none()) {
            self.root = None;
        }
        let columns = self.column_ids(cx);
        ui.horizontal_wrapped(|ui| {
            crate::app::widgets::code_combo_ui(
                ui,
                cx,
                cx.tr(Msg::MatrixColumns),
                "qcw-matrix-root",
                &mut self.root,
                Msg::MatrixAllCodes,
            )
            .on_hover_text(cx.tr(Msg::MatrixColumnsHint));
            ui.separator();
            let l = ui.label(cx.tr(Msg::MinSourceTypes));
            ui.add(egui::DragValue::new(&mut self.min_source_types).range(1..=3))
                .labelled_by(l.id)
                .on_hover_text(cx.tr(Msg::MinSourceTypesHint));
            super::filters::group_combo_ui(ui, cx, "qcw-matrix-group", &mut self.group_id);
        });
        legend_ui(ui, cx, self.min_source_types);
        let (key_cols, min, group) = (columns.clone(), self.min_source_types, self.group_id);
        let key = (cx.rev, columns.clone(), min, group);
        self.report.ensure(ui, cx, worker, key, move |w| {
            load_matrix(w.project()?, &key_cols, min, group)
        });
        if !status_ui(ui, cx, self.report.value(), self.report.pending()) {
            return;
        }
        let Some(data) = self.report.ok().cloned() else {
            return;
        };
        self.sync_selection(cx, &data);
        let max_h = (ui.available_height() * 0.5).max(120.0);
        self.table_ui(ui, cx, &data, max_h);
        ui.separator();
        self.memo_ui(ui, cx, &data);
        self.quotes.quotes_ui(ui, cx, worker);
    }

    /// The column codes: the chosen code and its sub-codes, or every code, in tree order.
    fn column_ids(&self, cx: &PanelCtx<'_>) -> Vec<i64> {
        match self.root.and_then(|id| cx.cache.code(id)) {
            Some(root) => {
                let prefix = format!("{}/", root.path);
                cx.cache
                    .codes
                    .iter()
                    .filter(|c| c.id == root.id || c.path.starts_with(&prefix))
                    .map(|c| c.id)
                    .collect()
            }
            None => cx.cache.codes.iter().map(|c| c.id).collect(),
        }
    }

    /// Keeps the quote list in step with the clicked cell after the matrix was recomputed.
    fn sync_selection(&mut self, cx: &PanelCtx<'_>, data: &MatrixData) {
        let Some((case_id, code_id)) = self.selected else {
            return;
        };
        match cell_of(data, case_id, code_id) {
            Some((r, c, cell)) if self.quotes.is_open() => {
                let title = cell_title(data, r, c);
                self.quotes.set(title, cell.coding_ids.clone());
            }
            Some(_) => {}
            None => {
                self.selected = None;
                self.quotes.clear();
            }
        }
        let _ = cx;
    }

    fn table_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, data: &MatrixData, max_h: f32) {
        let m = &data.matrix;
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let small = egui::TextStyle::Small.resolve(ui.style());
        let heads: Vec<HeaderText> = data
            .code_ids
            .iter()
            .zip(&m.codes)
            .map(|(id, path)| {
                let name = cx.cache.code(*id).map_or(path.as_str(), |c| &c.name);
                HeaderText::new(ui, name, HEADER_CAP)
            })
            .collect();
        let (most, docs) = m
            .cells
            .iter()
            .flatten()
            .fold((0, 0), |(a, b), c| (a.max(c.codings), b.max(c.documents)));
        let sample = fit_width(ui, [format!("{most}/{docs} 访文观").as_str()]);
        let mut widths = vec![
            fit_width(
                ui,
                m.cases
                    .iter()
                    .map(String::as_str)
                    .chain([cx.tr(Msg::CasesCase)]),
            )
            .clamp(80.0, 260.0),
        ];
        for (h, path) in heads.iter().zip(&m.codes) {
            let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
            let parent_w = (text_width(ui, parent, &small) + CELL_PAD).min(HEADER_CAP);
            widths.push((h.width + CELL_PAD).max(parent_w).max(sample).max(56.0));
        }
        let rows = heads.iter().map(HeaderText::rows).max().unwrap_or(1);
        let header_h = small.size + 4.0 + line * rows as f32 + 8.0;
        let mut clicked = None;
        FrozenTable::new("qcw-matrix-table", widths, m.cases.len())
            .striped(false)
            .header_height(header_h)
            .row_height(line + 10.0)
            .max_height(max_h)
            .show(ui, |ui, slot| match slot {
                Slot::Header(0) => {
                    ui.strong(cx.tr(Msg::CasesCase));
                }
                Slot::Header(c) => {
                    let path = &m.codes[c - 1];
                    let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
                    ui.vertical(|ui| {
                        ui.add(Label::new(RichText::new(parent).small().weak()).truncate());
                        heads[c - 1].show(ui, path);
                    });
                }
                Slot::Body(r, 0) => {
                    ui.add(Label::new(RichText::new(&m.cases[r]).strong()).truncate())
                        .on_hover_text(&m.cases[r]);
                }
                Slot::Body(r, c) => {
                    let (c, cell) = (c - 1, &m.cells[r][c - 1]);
                    let selected = self.selected == Some((data.case_ids[r], data.code_ids[c]));
                    let label = || format!("{} × {}", m.cases[r], m.codes[c]);
                    if cell_ui(ui, cx, cell, selected, label).clicked() {
                        clicked = Some((r, c));
                    }
                }
            });
        if let Some((r, c)) = clicked {
            let cell = &m.cells[r][c];
            self.selected = Some((data.case_ids[r], data.code_ids[c]));
            self.memo = cell.memo.clone();
            self.quotes
                .set(cell_title(data, r, c), cell.coding_ids.clone());
        }
    }

    fn memo_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, data: &MatrixData) {
        let Some((case_id, code_id)) = self.selected else {
            return;
        };
        let Some((r, c, cell)) = cell_of(data, case_id, code_id) else {
            return;
        };
        ui.horizontal(|ui| {
            let l = ui.label(cx.trf(Msg::CellMemoFor, &[&cell_title(data, r, c)]));
            ui.add(
                egui::TextEdit::multiline(&mut self.memo)
                    .hint_text(cx.tr(Msg::MemoHint))
                    .desired_rows(2)
                    .desired_width(ui.available_width() - 120.0),
            )
            .labelled_by(l.id);
            let changed = self.memo != cell.memo;
            if ui
                .add_enabled(changed && !cx.busy, egui::Button::new(cx.tr(Msg::SaveMemo)))
                .clicked()
            {
                cx.push(AppCommand::Execute(Command::SetCellMemo {
                    case_id,
                    code_id,
                    text: self.memo.trim().to_owned(),
                }));
            }
        });
    }
}

fn cell_of(data: &MatrixData, case_id: i64, code_id: i64) -> Option<(usize, usize, &Cell)> {
    let r = data.case_ids.iter().position(|&id| id == case_id)?;
    let c = data.code_ids.iter().position(|&id| id == code_id)?;
    Some((r, c, data.matrix.cells.get(r)?.get(c)?))
}

fn cell_title(data: &MatrixData, r: usize, c: usize) -> String {
    format!("{} × {}", data.matrix.cases[r], data.matrix.codes[c])
}

fn legend_ui(ui: &mut Ui, cx: &PanelCtx<'_>, min: usize) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.weak(cx.tr(Msg::MatrixCellLegend));
        for k in DocKind::ALL {
            ui.label(
                RichText::new(kind_badge(k))
                    .color(kind_color(k, dark))
                    .strong(),
            );
            ui.weak(format!("= {}", cx.tr(crate::app::i18n::kind_msg(k))));
        }
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), Sense::hover());
        ui.painter().rect_filled(rect, 2.0, triangulated_fill(dark));
        ui.weak(cx.trf(Msg::TriangulatedLegend, &[&min]));
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), Sense::hover());
        memo_mark(ui, rect);
        ui.weak(cx.tr(Msg::CellHasMemo));
    });
}

fn memo_mark(ui: &Ui, rect: egui::Rect) {
    let color = if ui.visuals().dark_mode {
        Color32::from_rgb(255, 170, 60)
    } else {
        Color32::from_rgb(220, 110, 0)
    };
    let s = 8.0;
    ui.painter().add(egui::Shape::convex_polygon(
        vec![
            rect.right_top(),
            rect.right_top() + egui::vec2(0.0, s),
            rect.right_top() - egui::vec2(s, 0.0),
        ],
        color,
        Stroke::NONE,
    ));
}

/// One matrix cell: `codings/documents` and the source-type badges, coloured when
/// triangulated, framed when selected; hover shows the details.
fn cell_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    cell: &Cell,
    selected: bool,
    label: impl Fn() -> String,
) -> egui::Response {
    let size = egui::vec2(ui.available_width(), ui.available_height() - 2.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    response.widget_info(|| {
        let a11y = format!("{}: {}", label(), cell.codings);
        egui::WidgetInfo::labeled(egui::Role::Button, true, &a11y)
    });
    // Wide matrices scroll sideways: cells out of view cost only their allocation.
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let painter = ui.painter_at(rect);
    let fill = if cell.triangulated {
        triangulated_fill(dark)
    } else if cell.codings > 0 {
        visuals.faint_bg_color
    } else {
        Color32::TRANSPARENT
    };
    painter.rect_filled(rect.shrink(1.0), 3.0, fill);
    if selected {
        painter.rect_stroke(
            rect.shrink(1.5),
            3.0,
            Stroke::new(2.0, visuals.selection.stroke.color),
            egui::StrokeKind::Inside,
        );
    } else if response.hovered() {
        painter.rect_stroke(
            rect.shrink(1.0),
            3.0,
            visuals.widgets.hovered.bg_stroke,
            egui::StrokeKind::Inside,
        );
    }
    let font = FontId::proportional(13.0);
    let (text, color) = if cell.codings == 0 {
        ("·".to_owned(), visuals.weak_text_color())
    } else {
        (
            format!("{}/{}", cell.codings, cell.documents),
            visuals.strong_text_color(),
        )
    };
    let pos = rect.left_center() + egui::vec2(6.0, 0.0);
    let used = painter.text(pos, Align2::LEFT_CENTER, text, font.clone(), color);
    let mut x = used.right() + 5.0;
    for k in &cell.source_types {
        let r = painter.text(
            egui::pos2(x, rect.center().y),
            Align2::LEFT_CENTER,
            kind_badge(*k),
            FontId::proportional(12.0),
            kind_color(*k, dark),
        );
        x = r.right() + 2.0;
    }
    if !cell.memo.is_empty() {
        memo_mark(ui, rect.shrink(1.0));
    }
    response.on_hover_ui(|ui| {
        ui.strong(label());
        ui.label(cx.trf(Msg::CellSummary, &[&cell.codings, &cell.documents]));
        let kinds: Vec<&str> = cell
            .source_types
            .iter()
            .map(|k| cx.tr(crate::app::i18n::kind_msg(*k)))
            .collect();
        if !kinds.is_empty() {
            ui.label(kinds.join(" · "));
        }
        if cell.triangulated {
            ui.label(cx.tr(Msg::MatrixTriangulated));
        }
        if !cell.memo.is_empty() {
            ui.label(RichText::new(format!("{}: {}", cx.tr(Msg::Memo), cell.memo)).italics());
        }
    })
}
