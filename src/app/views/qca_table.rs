//! The tables of the QCA view: case × condition × outcome (overridden cells marked, with the
//! reason and author on hover; clicking a cell asks to override it), the truth table and the
//! necessity / sufficiency fits.

use super::qca::QcaData;
use crate::app::PanelCtx;
use crate::app::i18n::Msg;
use crate::reports::{QcaCell, QcaReport};
use egui::{Color32, Label, RichText, Ui};
use egui_extras::{Column, TableBuilder};

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

fn header_ui(ui: &mut Ui, path: &str) {
    let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
    ui.vertical(|ui| {
        ui.add(Label::new(RichText::new(parent).small().weak()).truncate());
        ui.add(Label::new(RichText::new(short(path)).strong()).truncate())
            .on_hover_text(path);
    });
}

/// The case × condition table with the outcome column; returns the clicked cell.
pub fn case_table_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    data: &QcaData,
    selected: Option<(i64, i64)>,
) -> Option<CellClick> {
    let r = &data.report;
    let row_h = row_height(ui);
    let header_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 8.0;
    let mut clicked = None;
    let mut table = TableBuilder::new(ui)
        .id_salt("qcw-qca-cases")
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::auto().at_least(140.0));
    for _ in &r.conditions {
        table = table.column(Column::initial(74.0).at_least(56.0).clip(true));
    }
    table
        .column(Column::auto().at_least(90.0))
        .header(header_h, |mut h| {
            h.col(|ui| {
                ui.strong(cx.tr(Msg::CasesCase));
            });
            for c in &r.conditions {
                h.col(|ui| header_ui(ui, c));
            }
            h.col(|ui| {
                let (attr, value) = r.outcome.split_once('=').unwrap_or(("", &r.outcome));
                ui.vertical(|ui| {
                    let top = format!("{} · {attr}", cx.tr(Msg::QcaOutcome));
                    ui.add(Label::new(RichText::new(top).small().weak()).truncate());
                    ui.add(Label::new(RichText::new(value).strong()).truncate())
                        .on_hover_text(&r.outcome);
                });
            });
        })
        .body(|mut body| {
            for (i, case) in r.cases.iter().enumerate() {
                body.row(row_h, |mut row| {
                    row.col(|ui| {
                        ui.strong(&case.case);
                    });
                    for (j, cell) in case.cells.iter().enumerate() {
                        row.col(|ui| {
                            let label = format!("{} × {}", case.case, r.conditions[j]);
                            let on = selected == Some((data.case_ids[i], data.conditions[j]));
                            if cell_ui(ui, cx, cell, &label, on).clicked() {
                                clicked = Some(CellClick { row: i, col: j });
                            }
                        });
                    }
                    row.col(|ui| {
                        let text = RichText::new(u8::from(case.outcome).to_string()).strong();
                        ui.label(text);
                    });
                });
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
    let header_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 8.0;
    let mut table = TableBuilder::new(ui)
        .id_salt("qcw-qca-truth")
        .striped(true)
        .vscroll(false);
    for _ in &t.conditions {
        table = table.column(Column::initial(84.0).at_least(40.0).clip(true));
    }
    table
        .column(Column::auto().at_least(40.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::initial(320.0).at_least(120.0).clip(true))
        .header(header_h, |mut h| {
            for c in &t.conditions {
                h.col(|ui| header_ui(ui, c));
            }
            for m in [
                Msg::QcaCasesN,
                Msg::QcaOutcomeN,
                Msg::QcaConsistency,
                Msg::CasesCase,
            ] {
                h.col(|ui| {
                    ui.strong(cx.tr(m));
                });
            }
        })
        .body(|mut body| {
            for row in &t.rows {
                body.row(row_h, |mut tr| {
                    for v in &row.configuration {
                        tr.col(|ui| {
                            ui.label(u8::from(*v).to_string());
                        });
                    }
                    tr.col(|ui| {
                        ui.label(row.n.to_string());
                    });
                    tr.col(|ui| {
                        ui.label(row.n_outcome.to_string());
                    });
                    tr.col(|ui| {
                        ui.label(format!("{:.3}", row.consistency));
                    });
                    tr.col(|ui| {
                        ui.add(Label::new(row.cases.join("、")).truncate())
                            .on_hover_text(&row.label);
                    });
                });
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
    let mut table = TableBuilder::new(ui)
        .id_salt("qcw-qca-fits")
        .striped(true)
        .vscroll(false)
        .column(Column::initial(200.0).at_least(100.0).clip(true));
    for _ in 0..7 {
        table = table.column(Column::auto().at_least(70.0));
    }
    table
        .header(row_h + 4.0, |mut h| {
            for m in [
                Msg::QcaCondition,
                Msg::FitNCondition,
                Msg::FitNOutcome,
                Msg::FitNBoth,
                Msg::NecessityConsistency,
                Msg::NecessityCoverage,
                Msg::SufficiencyConsistency,
                Msg::SufficiencyCoverage,
            ] {
                h.col(|ui| {
                    ui.strong(cx.tr(m));
                });
            }
        })
        .body(|mut body| {
            for f in &r.fits {
                body.row(row_h, |mut row| {
                    row.col(|ui| {
                        let name = if f.negated {
                            format!("~{}", f.condition)
                        } else {
                            f.condition.clone()
                        };
                        ui.add(Label::new(name.as_str()).truncate())
                            .on_hover_text(name);
                    });
                    for n in [f.n_condition, f.n_outcome, f.n_both] {
                        row.col(|ui| {
                            ui.label(n.to_string());
                        });
                    }
                    for v in [
                        f.necessity_consistency,
                        f.necessity_coverage,
                        f.sufficiency_consistency,
                        f.sufficiency_coverage,
                    ] {
                        row.col(|ui| {
                            ui.label(ratio(v));
                        });
                    }
                });
            }
        });
}
