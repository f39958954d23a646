//! The document × code overview (MAXQDA's Code Matrix Browser): documents or document groups ×
//! codes, each cell the number of codings (shaded by count) or the share of the row's characters
//! they cover (a bar). Clicking a cell lists its segments below (clicking one opens the reader
//! there); clicking a row's name shows its coverage per code as bars.

use super::filters::coder_combo_ui;
use super::heatmap::{heat_color, text_on};
use super::quotes::QuoteList;
use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::table::{CELL_PAD, FrozenTable, HeaderText, Slot, fit_width};
use crate::app::worker::{Rev, Worker};
use crate::reports::{Measure, Overview, OverviewBy, OverviewOptions, overview_report};
use egui::{Align2, FontId, Label, Rect, RichText, Sense, Stroke, Ui, vec2};

/// The widest a column header gets before it breaks into lines (at sensible points only).
const HEADER_CAP: f32 = 140.0;

/// The overview with the names of the project's groups (for the group filter).
#[derive(Debug, Clone)]
pub struct OverviewData {
    /// The report.
    pub overview: Overview,
    /// Every document group's name.
    pub groups: Vec<String>,
}

/// State of the overview view.
#[derive(Default)]
pub struct OverviewView {
    opts: OverviewOptions,
    report: Computed<(Rev, OverviewOptions), OverviewData>,
    /// The clicked cell: (row id, code id).
    selected: Option<(i64, i64)>,
    /// The row whose coverage bars are shown.
    profile: Option<i64>,
    quotes: QuoteList,
}

impl OverviewView {
    /// The overview shown, if computed (for tests).
    pub fn data(&self) -> Option<&OverviewData> {
        self.report.ok()
    }

    /// The segments listed for the clicked cell (for tests).
    pub fn quotes(&self) -> &QuoteList {
        &self.quotes
    }

    /// Shows the view.
    pub fn overview_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.controls_ui(ui, cx);
        let opts = self.opts.clone();
        self.report
            .ensure(ui, cx, worker, (cx.rev, opts.clone()), move |w| {
                let p = w.project()?;
                let groups = p.groups()?.into_iter().map(|g| g.name).collect();
                let overview = overview_report(p, &opts).map_err(AppError::from)?;
                Ok(OverviewData { overview, groups })
            });
        ui.separator();
        if !status_ui(ui, cx, self.report.value(), self.report.pending()) {
            return;
        }
        let Some(data) = self.report.ok().cloned() else {
            return;
        };
        if data.overview.rows.is_empty() || data.overview.codes.is_empty() {
            ui.weak(cx.tr(Msg::NoCodingsInScope));
            return;
        }
        let max_h = (ui.available_height() * 0.5).max(140.0);
        self.table_ui(ui, cx, &data.overview, max_h);
        ui.separator();
        self.profile_ui(ui, cx, &data.overview);
        self.quotes.quotes_ui(ui, cx, worker);
    }

    fn controls_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal_wrapped(|ui| {
            ui.label(cx.tr(Msg::OverviewRows));
            let o = &mut self.opts;
            ui.selectable_value(&mut o.by, OverviewBy::Document, cx.tr(Msg::Documents));
            ui.selectable_value(&mut o.by, OverviewBy::Group, cx.tr(Msg::DocumentGroups));
            ui.separator();
            ui.selectable_value(&mut o.measure, Measure::Count, cx.tr(Msg::OverviewCount));
            ui.selectable_value(
                &mut o.measure,
                Measure::Coverage,
                cx.tr(Msg::OverviewCoverage),
            )
            .on_hover_text(cx.tr(Msg::OverviewCoverageHint));
            ui.separator();
            coder_combo_ui(ui, cx, "qcw-overview-coder", &mut o.coder);
            let groups = self
                .report
                .ok()
                .map(|d| d.groups.clone())
                .unwrap_or_default();
            let all = cx.tr(Msg::AllGroups).to_owned();
            egui::ComboBox::from_id_salt("qcw-overview-group")
                .selected_text(o.group.clone().unwrap_or_else(|| all.clone()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut o.group, None, all);
                    for g in groups {
                        ui.selectable_value(&mut o.group, Some(g.clone()), g);
                    }
                })
                .response
                .on_hover_text(cx.tr(Msg::DocumentGroups));
        });
    }

    fn table_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, o: &Overview, max_h: f32) {
        let heads: Vec<HeaderText> = o
            .codes
            .iter()
            .map(|c| HeaderText::new(ui, leaf(&c.path), HEADER_CAP))
            .collect();
        let coverage = o.measure == Measure::Coverage.as_str();
        let max = o
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| c.value)
            .fold(0.0, f64::max);
        let sample = if coverage { "100.0%" } else { "0000" };
        // Long document names are cut (full name on hover) so that in a narrow centre the
        // codes keep most of the width.
        let names = fit_width(ui, o.rows.iter().map(|r| r.name.as_str()));
        let mut widths = vec![
            names
                .clamp(90.0, 260.0)
                .min((ui.available_width() * 0.4).max(90.0)),
        ];
        let number = fit_width(ui, [sample]);
        widths.extend(
            heads
                .iter()
                .map(|h| (h.width + CELL_PAD).max(number).max(48.0)),
        );
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let small = egui::TextStyle::Small.resolve(ui.style()).size;
        let lines = heads.iter().map(HeaderText::rows).max().unwrap_or(1) as f32;
        let mut clicked = None;
        let mut profile = None;
        FrozenTable::new("qcw-overview-table", widths, o.rows.len())
            .striped(false)
            .header_height(small + 4.0 + line * lines + 8.0)
            .row_height(line + 10.0)
            .max_height(max_h)
            .show(ui, |ui, slot| match slot {
                Slot::Header(0) => {
                    let name = match o.by.as_str() {
                        "group" => Msg::DocumentGroups,
                        _ => Msg::Documents,
                    };
                    ui.strong(cx.tr(name));
                }
                Slot::Header(c) => {
                    let path = &o.codes[c - 1].path;
                    let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
                    ui.vertical(|ui| {
                        ui.add(Label::new(RichText::new(parent).small().weak()).truncate());
                        heads[c - 1].show(ui, path);
                    });
                }
                Slot::Body(r, 0) => {
                    let row = &o.rows[r];
                    let on = self.profile == Some(row.id);
                    let resp = ui
                        .add(egui::Button::selectable(on, row.name.as_str()).truncate())
                        .on_hover_text(format!(
                            "{}\n{}",
                            row.name,
                            cx.tr(Msg::OverviewProfileHint)
                        ));
                    if resp.clicked() {
                        profile = Some(row.id);
                    }
                }
                Slot::Body(r, c) => {
                    let (row, code) = (&o.rows[r], &o.codes[c - 1]);
                    let cell = &row.cells[c - 1];
                    let on = self.selected == Some((row.id, code.id));
                    let text = if coverage {
                        format!("{:.1}%", cell.coverage)
                    } else {
                        cell.codings.to_string()
                    };
                    let label = format!("{} × {}: {text}", row.name, code.path);
                    let t = if max > 0.0 {
                        (cell.value / max) as f32
                    } else {
                        0.0
                    };
                    if cell_ui(ui, &label, &text, t, coverage, on).clicked() && cell.codings > 0 {
                        clicked = Some((r, c - 1));
                    }
                }
            });
        if let Some(id) = profile {
            self.profile = (self.profile != Some(id)).then_some(id);
        }
        if let Some((r, c)) = clicked {
            let (row, code) = (&o.rows[r], &o.codes[c]);
            self.selected = Some((row.id, code.id));
            let title = format!("{} × {}", row.name, code.path);
            self.quotes.set(title, row.cells[c].coding_ids.clone());
        }
    }

    /// The chosen row's coverage per code, as bars.
    fn profile_ui(&mut self, ui: &mut Ui, cx: &PanelCtx<'_>, o: &Overview) {
        let Some(row) = self
            .profile
            .and_then(|id| o.rows.iter().find(|r| r.id == id))
        else {
            self.profile = None;
            return;
        };
        ui.strong(cx.trf(Msg::OverviewProfile, &[&row.name]));
        let bars: Vec<(&str, f64, usize)> = o
            .codes
            .iter()
            .zip(&row.cells)
            .filter(|(_, c)| c.codings > 0)
            .map(|(code, c)| (code.path.as_str(), c.coverage, c.codings))
            .collect();
        if bars.is_empty() {
            ui.weak(cx.tr(Msg::NoCodingsInScope));
            return;
        }
        let name_w = fit_width(ui, bars.iter().map(|b| b.0)).min(260.0);
        let dark = ui.visuals().dark_mode;
        egui::ScrollArea::vertical()
            .id_salt("qcw-overview-profile")
            .max_height(160.0)
            .show(ui, |ui| {
                for (path, pct, n) in bars {
                    ui.horizontal(|ui| {
                        ui.add_sized(vec2(name_w, 18.0), Label::new(path).truncate());
                        let (rect, resp) =
                            ui.allocate_exact_size(vec2(220.0, 14.0), Sense::hover());
                        let fill = Rect::from_min_size(
                            rect.min,
                            vec2(
                                rect.width() * (pct / 100.0).clamp(0.0, 1.0) as f32,
                                rect.height(),
                            ),
                        );
                        ui.painter()
                            .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
                        ui.painter().rect_filled(fill, 2.0, heat_color(0.8, dark));
                        let a11y = format!("{} · {path}: {pct:.1}%", row.name);
                        resp.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, &a11y)
                        });
                        ui.label(format!("{pct:.1}%"));
                        ui.weak(cx.trf(Msg::CodingsCount, &[&n]));
                    });
                }
            });
        ui.separator();
    }
}

/// The last segment of a code path.
fn leaf(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// One cell: shaded by count, or a bar for coverage; the number in it; framed when selected.
fn cell_ui(ui: &mut Ui, label: &str, text: &str, t: f32, bar: bool, on: bool) -> egui::Response {
    let size = vec2(ui.available_width(), ui.available_height() - 2.0);
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
    if !ui.is_rect_visible(rect) {
        return resp;
    }
    let visuals = ui.visuals();
    let dark = visuals.dark_mode;
    let painter = ui.painter();
    let empty = t <= 0.0;
    let mut color = if empty {
        visuals.weak_text_color()
    } else {
        visuals.strong_text_color()
    };
    if bar {
        let w = rect.width() * t.clamp(0.0, 1.0);
        let fill = Rect::from_min_size(
            rect.min + vec2(0.0, rect.height() * 0.55),
            vec2(w, rect.height() * 0.4),
        );
        painter.rect_filled(fill, 1.0, heat_color(0.75, dark));
    } else if !empty {
        let fill = heat_color(t.max(0.08), dark);
        painter.rect_filled(rect.shrink(1.0), 2.0, fill);
        color = text_on(fill);
    }
    let shown = if empty { "·" } else { text };
    let anchor = if bar {
        rect.center_top() + vec2(0.0, rect.height() * 0.3)
    } else {
        rect.center()
    };
    painter.text(
        anchor,
        Align2::CENTER_CENTER,
        shown,
        FontId::proportional(13.0),
        color,
    );
    if on {
        let stroke = Stroke::new(2.0, visuals.selection.stroke.color);
        painter.rect_stroke(rect.shrink(1.0), 2.0, stroke, egui::StrokeKind::Inside);
    } else if resp.hovered() {
        let stroke = visuals.widgets.hovered.bg_stroke;
        painter.rect_stroke(rect.shrink(1.0), 2.0, stroke, egui::StrokeKind::Inside);
    }
    resp.on_hover_text(label)
}
