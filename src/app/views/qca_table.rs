//! The tables of the QCA view: case × condition × outcome (overridden cells marked, with the
//! reason and author on hover; clicking a cell asks to override it), the truth table and the
//! necessity / sufficiency fits.

use super::qca::QcaData;
use crate::app::PanelCtx;
use crate::app::i18n::Msg;
use crate::app::table::{CELL_PAD, FrozenTable, HeaderText, Slot, fit_width, text_width};
use crate::reports::{QcaCell, QcaReport};
use egui::{Color32, Label, RichText, Ui};

/// The widest a column header gets before it breaks into lines (at sensible points only).
const HEADER_CAP: f32 = 150.0;

/// A clicked condition cell: row (case) and column (condition) of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellClick {
    /// Index into `report.cases`.
    pub row: usize,
    /// Index into `report.conditions`.
    pub col: usize,
}

/// The fill of a present cell.
fn present_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(30, 88, 50)
    } else {
        Color32::from_rgb(196, 234, 204)
    }
}

/// The fill of an overridden cell.
fn override_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 72, 10)
    } else {
        Color32::from_rgb(255, 222, 160)
    }
}

fn row_height(ui: &Ui) -> f32 {
    ui.spacing().interact_size.y + 4.0
}

/// The last segment of a code path (the condition's short name).
fn short(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn header_ui(ui: &mut Ui, path: &str, head: &HeaderText) {
    let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
    ui.vertical(|ui| {
        ui.add(Label::new(RichText::new(parent).small().weak()).truncate());
        head.show(ui, path);
    });
}

/// The case × condition table with the outcome column; returns the clicked cell.
pub fn case_table_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    data: &QcaData,
    selected: Option<(i64, i64)>,
    max_h: f32,
) -> Option<CellClick> {
    let r = &data.report;
    let (attr, value) = r.outcome.split_once('=').unwrap_or(("", &r.outcome));
    let top = format!("{} · {attr}", cx.tr(Msg::QcaOutcome));
    let heads: Vec<HeaderText> = r
        .conditions
        .iter()
        .map(|c| HeaderText::new(ui, short(c), HEADER_CAP))
        .chain([HeaderText::new(ui, value, HEADER_CAP)])
        .collect();
    let small = egui::TextStyle::Small.resolve(ui.style());
    let mut widths = vec![
        fit_width(
            ui,
            r.cases
                .iter()
                .map(|c| c.case.as_str())
                .chain([cx.tr(Msg::CasesCase)]),
        )
        .max(100.0),
    ];
    for (h, path) in heads.iter().zip(
        r.conditions
            .iter()
            .map(String::as_str)
            .chain([top.as_str()]),
    ) {
        let parent = path.rsplit_once('/').map_or(path, |(p, _)| p);
        let parent_w = (text_width(ui, parent, &small) + CELL_PAD).min(HEADER_CAP);
        widths.push((h.width + CELL_PAD).max(parent_w).max(48.0));
    }
    let lines = heads.iter().map(HeaderText::rows).max().unwrap_or(1) as f32;
    let header_h = small.size + 4.0 + ui.text_style_height(&egui::TextStyle::Body) * lines + 8.0;
    let k = r.conditions.len();
    let mut clicked = None;
    FrozenTable::new("qcw-qca-cases", widths, r.cases.len())
        .header_height(header_h)
        .row_height(row_height(ui))
        .max_height(max_h)
        .show(ui, |ui, slot| match slot {
            Slot::Header(0) => {
                ui.strong(cx.tr(Msg::CasesCase));
            }
            Slot::Header(c) if c <= k => header_ui(ui, &r.conditions[c - 1], &heads[c - 1]),
            Slot::Header(_) => {
                ui.vertical(|ui| {
                    ui.add(Label::new(RichText::new(&top).small().weak()).truncate());
                    heads[k].show(ui, &r.outcome);
                });
            }
            Slot::Body(i, 0) => {
                ui.strong(&r.cases[i].case);
            }
            Slot::Body(i, j) if j <= k => {
                let (case, j) = (&r.cases[i], j - 1);
                let label = format!("{} × {}", case.case, r.conditions[j]);
                let on = selected == Some((data.case_ids[i], data.conditions[j]));
                if cell_ui(ui, cx, &case.cells[j], &label, on).clicked() {
                    clicked = Some(CellClick { row: i, col: j });
                }
            }
            Slot::Body(i, _) => {
                let text = RichText::new(u8::from(r.cases[i].outcome).to_string()).strong();
                ui.label(text);
            }
        });
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, present_fill(dark));
        ui.weak(cx.tr(Msg::QcaPresent));
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, override_fill(dark));
        ui.weak(cx.tr(Msg::OverriddenLegend));
    });
    clicked
}

/// One condition cell: 1/0 (with `!` and another colour when overridden); hover shows the
/// evidence, the computed and the used value, and the override's reason and author.
fn cell_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    cell: &QcaCell,
    label: &str,
    selected: bool,
) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let overridden = cell.override_reason.is_some();
    let text = format!(
        "{}{}",
        u8::from(cell.present),
        if overridden { " !" } else { "" }
    );
    let fill = if overridden {
        override_fill(dark)
    } else if cell.present {
        present_fill(dark)
    } else {
        Color32::TRANSPARENT
    };
    let a11y = format!("{label}: {text}");
    let button = egui::Button::new(RichText::new(text).strong())
        .fill(fill)
        .selected(selected)
        .min_size(egui::vec2(ui.available_width() - 4.0, 0.0));
    let response = ui.add(button).accessible_name(a11y);
    response.on_hover_ui(|ui| {
        ui.strong(label);
        ui.label(cx.trf(Msg::QcaCellEvidence, &[&cell.codings, &cell.source_types]));
        ui.label(cx.trf(
            Msg::QcaComputedUsed,
            &[&u8::from(cell.computed), &u8::from(cell.present)],
        ));
        if let Some(reason) = &cell.override_reason {
            let author = cell.override_author.as_deref().unwrap_or("");
            ui.label(
                RichText::new(cx.trf(Msg::OverrideBy, &[&reason, &author]))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        ui.weak(cx.tr(Msg::ClickToOverride));
    })
}

/// The truth table: one row per observed configuration.
pub fn truth_table_ui(ui: &mut Ui, cx: &PanelCtx<'_>, r: &QcaReport) {
    let t = &r.truth_table;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let small = egui::TextStyle::Small.resolve(ui.style());
    let names = [
        Msg::QcaCasesN,
        Msg::QcaOutcomeN,
        Msg::QcaConsistency,
        Msg::CasesCase,
    ];
    let heads: Vec<HeaderText> = t
        .conditions
        .iter()
        .map(|c| HeaderText::new(ui, short(c), HEADER_CAP))
        .chain(
            names
                .iter()
                .map(|m| HeaderText::new(ui, cx.tr(*m), HEADER_CAP)),
        )
        .collect();
    let k = t.conditions.len();
    let mut widths: Vec<f32> = heads
        .iter()
        .map(|h| (h.width + CELL_PAD).max(fit_width(ui, ["0.000"])))
        .collect();
    if let Some(last) = widths.last_mut() {
        *last = last.max(320.0);
    }
    let lines = heads.iter().map(HeaderText::rows).max().unwrap_or(1) as f32;
    let header_h = small.size + 4.0 + ui.text_style_height(&egui::TextStyle::Body) * lines + 8.0;
    FrozenTable::new("qcw-qca-truth", widths, t.rows.len())
        .header_height(header_h)
        .row_height(row_h)
        .max_height(320.0)
        .show(ui, |ui, slot| match slot {
            Slot::Header(c) if c < k => header_ui(ui, &t.conditions[c], &heads[c]),
            Slot::Header(c) => {
                ui.vertical(|ui| {
                    ui.add_space(small.size + 4.0);
                    heads[c].show(ui, cx.tr(names[c - k]));
                });
            }
            Slot::Body(i, c) if c < k => {
                ui.label(u8::from(t.rows[i].configuration[c]).to_string());
            }
            Slot::Body(i, c) => {
                let row = &t.rows[i];
                match c - k {
                    0 => ui.label(row.n.to_string()),
                    1 => ui.label(row.n_outcome.to_string()),
                    2 => ui.label(format!("{:.3}", row.consistency)),
                    _ => ui
                        .add(Label::new(row.cases.join("、")).truncate())
                        .on_hover_text(&row.label),
                };
            }
        });
    ui.weak(cx.trf(Msg::QcaRemainders, &[&t.remainders]));
}

fn ratio(v: Option<f64>) -> String {
    v.map_or("–".to_owned(), |x| format!("{x:.3}"))
}

/// Necessity and sufficiency of every condition and its negation.
pub fn fits_table_ui(ui: &mut Ui, cx: &PanelCtx<'_>, r: &QcaReport) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let names = [
        Msg::QcaCondition,
        Msg::FitNCondition,
        Msg::FitNOutcome,
        Msg::FitNBoth,
        Msg::NecessityConsistency,
        Msg::NecessityCoverage,
        Msg::SufficiencyConsistency,
        Msg::SufficiencyCoverage,
    ];
    let heads: Vec<HeaderText> = names
        .iter()
        .map(|m| HeaderText::new(ui, cx.tr(*m), HEADER_CAP))
        .collect();
    let name = |i: usize| {
        let f = &r.fits[i];
        if f.negated {
            format!("~{}", f.condition)
        } else {
            f.condition.clone()
        }
    };
    let shown: Vec<String> = (0..r.fits.len()).map(name).collect();
    let number = fit_width(ui, ["0.000"]);
    let mut widths: Vec<f32> = heads
        .iter()
        .map(|h| (h.width + CELL_PAD).max(number))
        .collect();
    widths[0] = widths[0]
        .max(fit_width(ui, shown.iter().map(String::as_str)))
        .clamp(100.0, 280.0);
    let lines = heads.iter().map(HeaderText::rows).max().unwrap_or(1) as f32;
    FrozenTable::new("qcw-qca-fits", widths, r.fits.len())
        .header_height(ui.text_style_height(&egui::TextStyle::Body) * lines + 8.0)
        .row_height(row_h)
        .max_height(360.0)
        .show(ui, |ui, slot| match slot {
            Slot::Header(c) => {
                heads[c].show(ui, cx.tr(names[c]));
            }
            Slot::Body(i, 0) => {
                ui.add(Label::new(shown[i].as_str()).truncate())
                    .on_hover_text(&shown[i]);
            }
            Slot::Body(i, c) => {
                let f = &r.fits[i];
                let text = match c {
                    1 => f.n_condition.to_string(),
                    2 => f.n_outcome.to_string(),
                    3 => f.n_both.to_string(),
                    4 => ratio(f.necessity_consistency),
                    5 => ratio(f.necessity_coverage),
                    6 => ratio(f.sufficiency_consistency),
                    _ => ratio(f.sufficiency_coverage),
                };
                ui.label(text);
            }
        });
}
