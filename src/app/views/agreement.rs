//! The intercoder agreement view: choose two or more coders, the unit (characters, or segments
//! with an overlap threshold), whether uncoded text counts, and optionally a document and a code
//! subtree; the table of [`agreement_report`] (per code and overall: units, percent agreement,
//! Cohen's κ, Krippendorff's α, positive agreement), the list of disagreements, and the selected
//! disagreement side by side (`agreement_side.rs`).

use super::agreement_side::SidePane;
use super::consensus::ConsensusPanel;
use super::filters::{doc_combo_ui, drop_missing_code, fmt_coef};
use super::{Computed, status_ui};
use crate::analysis::{AgreementOptions, Unit};
use crate::app::PanelCtx;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::widgets::code_combo_ui;
use crate::app::worker::{Rev, Worker};
use crate::reports::{AgreementSummary, Scope, agreement_report};
use egui::{RichText, Ui};
use egui_extras::{Column, Size, StripBuilder, TableBuilder};
use std::collections::BTreeSet;

/// What the report is computed for.
#[derive(Debug, Clone, PartialEq)]
struct Params {
    coders: Vec<String>,
    unit: Unit,
    threshold: f64,
    exclude_uncoded: bool,
    doc_id: Option<i64>,
    group_id: Option<i64>,
    root: Option<i64>,
}

/// State of the agreement view.
pub struct AgreementView {
    /// Coders ticked; `None` until the coder list is first seen (then all are ticked).
    coders: Option<BTreeSet<String>>,
    unit: Unit,
    threshold: f64,
    exclude_uncoded: bool,
    doc_id: Option<i64>,
    group_id: Option<i64>,
    root: Option<i64>,
    report: Computed<(Rev, Params), AgreementSummary>,
    /// Parameters of the shown selection (a change of them clears it).
    shown: Option<Params>,
    /// Index of the selected disagreement.
    selected: Option<usize>,
    side: SidePane,
    /// Whether the consensus panel shows (instead of the report).
    consensus_mode: bool,
    consensus: ConsensusPanel,
}

impl Default for AgreementView {
    fn default() -> Self {
        AgreementView {
            coders: None,
            unit: Unit::Char,
            threshold: 0.5,
            exclude_uncoded: false,
            doc_id: None,
            group_id: None,
            root: None,
            report: Computed::default(),
            shown: None,
            selected: None,
            side: SidePane::default(),
            consensus_mode: false,
            consensus: ConsensusPanel::default(),
        }
    }
}

impl AgreementView {
    /// The latest report, if any (for tests).
    pub fn report(&self) -> Option<&Result<AgreementSummary, AppError>> {
        self.report.value()
    }

    /// The consensus panel (for tests).
    pub fn consensus(&self) -> &ConsensusPanel {
        &self.consensus
    }

    /// The side-by-side pane of the selected disagreement (for tests).
    pub fn side(&self) -> &SidePane {
        &self.side
    }

    /// Shows the view.
    pub fn agreement_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.controls_ui(ui, cx);
        let coders: Vec<String> = self
            .coders
            .as_ref()
            .map_or_else(Vec::new, |s| s.iter().cloned().collect());
        ui.separator();
        if self.consensus_mode {
            self.consensus.consensus_ui(ui, cx, worker, &coders);
            return;
        }
        if coders.len() < 2 {
            ui.weak(cx.tr(Msg::ChooseTwoCoders));
            return;
        }
        let params = Params {
            coders,
            unit: self.unit,
            threshold: self.threshold,
            exclude_uncoded: self.exclude_uncoded,
            doc_id: self.doc_id,
            group_id: self.group_id,
            root: self.root,
        };
        if self.shown.as_ref() != Some(&params) {
            self.shown = Some(params.clone());
            self.selected = None;
        }
        let task = params.clone();
        self.report
            .ensure(ui, cx, worker, (cx.rev, params), move |w| {
                let scope = Scope {
                    doc_id: task.doc_id,
                    group_id: task.group_id,
                    code_ids: task.root.map(|r| vec![r]),
                    ..Scope::default()
                };
                let options = AgreementOptions {
                    unit: task.unit,
                    exclude_uncoded: task.exclude_uncoded,
                    overlap_threshold: task.threshold,
                };
                agreement_report(w.project()?, &task.coders, &scope, &options)
                    .map_err(AppError::from)
            });
        if !status_ui(ui, cx, self.report.value(), self.report.pending()) {
            return;
        }
        let Some(summary) = self.report.ok() else {
            return;
        };
        let table_h = (ui.available_height() * 0.38).max(120.0);
        ui.push_id("qcw-agreement-table", |ui| {
            ui.set_max_height(table_h);
            table_ui(ui, cx, summary);
        });
        ui.separator();
        let d_count = summary.report.disagreements.len();
        ui.strong(cx.trf(Msg::DisagreementsCount, &[&d_count]));
        if d_count == 0 {
            return;
        }
        let mut selected = self.selected.filter(|&i| i < d_count);
        StripBuilder::new(ui)
            .size(Size::relative(0.36).at_least(200.0))
            .size(Size::remainder().at_least(240.0))
            .horizontal(|mut strip| {
                strip.cell(|ui| disagreements_ui(ui, cx, summary, &mut selected));
                strip.cell(|ui| match selected {
                    Some(i) => {
                        let d = &summary.report.disagreements[i];
                        let code = code_path(summary, d.code_id);
                        let coders = summary.report.coders.clone();
                        self.side.side_ui(ui, cx, worker, d, &code, &coders);
                    }
                    None => {
                        ui.weak(cx.tr(Msg::ChooseDisagreement));
                    }
                });
            });
        self.selected = selected;
    }

    fn controls_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        let coders = self
            .coders
            .get_or_insert_with(|| cx.cache.coders.iter().cloned().collect());
        coders.retain(|c| cx.cache.coders.contains(c));
        ui.horizontal_wrapped(|ui| {
            ui.toggle_value(&mut self.consensus_mode, cx.tr(Msg::ConsensusTitle))
                .on_hover_text(cx.tr(Msg::ConsensusHint));
            ui.label(cx.tr(Msg::CodersToCompare));
            for c in &cx.cache.coders {
                let mut on = coders.contains(c);
                if ui.checkbox(&mut on, c).changed() {
                    if on {
                        coders.insert(c.clone());
                    } else {
                        coders.remove(c);
                    }
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(cx.tr(Msg::AgreementUnit));
            ui.selectable_value(&mut self.unit, Unit::Char, cx.tr(Msg::UnitChar))
                .on_hover_text(cx.tr(Msg::UnitCharHint));
            ui.selectable_value(&mut self.unit, Unit::Segment, cx.tr(Msg::UnitSegment))
                .on_hover_text(cx.tr(Msg::UnitSegmentHint));
            match self.unit {
                Unit::Segment => {
                    ui.label(cx.tr(Msg::OverlapThreshold));
                    ui.add(
                        egui::Slider::new(&mut self.threshold, 0.0..=1.0)
                            .step_by(0.05)
                            .fixed_decimals(2),
                    );
                }
                Unit::Char => {
                    ui.checkbox(&mut self.exclude_uncoded, cx.tr(Msg::ExcludeUncoded))
                        .on_hover_text(cx.tr(Msg::ExcludeUncodedHint));
                }
            }
            ui.separator();
            doc_combo_ui(ui, cx, "qcw-agreement-doc", &mut self.doc_id);
            super::filters::group_combo_ui(ui, cx, "qcw-agreement-group", &mut self.group_id);
            code_combo_ui(
                ui,
                cx,
                cx.tr(Msg::CodesShown),
                "qcw-agreement-code",
                &mut self.root,
                Msg::AllCodes,
            )
            .on_hover_text(cx.tr(Msg::CodeSubtreeHint));
        });
        drop_missing_code(cx, &mut self.root);
    }
}

fn code_path(summary: &AgreementSummary, code_id: i64) -> String {
    summary
        .report
        .rows
        .iter()
        .zip(&summary.codes)
        .find(|(r, _)| r.code_id == Some(code_id))
        .and_then(|(_, p)| p.clone())
        .unwrap_or_else(|| code_id.to_string())
}

/// The overall row first, then one per code; each with the figures over all text and over coded
/// text only (character level).
fn table_ui(ui: &mut Ui, cx: &PanelCtx<'_>, s: &AgreementSummary) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let two = s.report.coders.len() == 2;
    // Wider than the view at 1280 px: scroll sideways, with the bar always shown below the rows
    // (the body scrolls within what is left of the height once header and bar are drawn).
    let body_h =
        (ui.available_height() - row_h - 2.0 * ui.spacing().scroll.allocated_width()).max(row_h);
    crate::app::table::solid_scroll_bars(ui);
    egui::ScrollArea::horizontal()
        .id_salt("qcw-agreement-h")
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| table_body_ui(ui, cx, s, [row_h, body_h], two));
}

fn table_body_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    s: &AgreementSummary,
    [row_h, body_h]: [f32; 2],
    two: bool,
) {
    TableBuilder::new(ui)
        .id_salt("qcw-agreement")
        .striped(true)
        .max_scroll_height(body_h)
        .auto_shrink([false, true])
        .column(
            Column::initial(220.0)
                .at_least(100.0)
                .clip(true)
                .resizable(true),
        )
        .columns(Column::auto().at_least(80.0), 7)
        .header(row_h, |mut h| {
            for msg in [
                Msg::Code,
                Msg::Units,
                Msg::PercentAgreement,
                Msg::CohenKappa,
                Msg::KrippendorffAlpha,
                Msg::PositiveAgreement,
                Msg::PercentCodedOnly,
                Msg::KappaCodedOnly,
            ] {
                h.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(cx.tr(msg)).strong()).extend())
                        .on_hover_text(cx.tr(Msg::AgreementColumnsHint));
                });
            }
        })
        .body(|mut body| {
            // The overall row first, then the codes.
            let mut order: Vec<usize> = (0..s.report.rows.len()).collect();
            order.sort_by_key(|&i| s.report.rows[i].code_id.is_some());
            for i in order {
                let (row, path) = (&s.report.rows[i], &s.codes[i]);
                let coded = s.report.coded_only.get(i);
                let overall = row.code_id.is_none();
                let text = |t: String| {
                    if overall {
                        RichText::new(t).strong()
                    } else {
                        RichText::new(t)
                    }
                };
                body.row(row_h, |mut r| {
                    r.col(|ui| {
                        let name = path
                            .clone()
                            .unwrap_or_else(|| cx.tr(Msg::Overall).to_owned());
                        ui.add(egui::Label::new(text(name.clone())).truncate())
                            .on_hover_text(name);
                    });
                    r.col(|ui| {
                        ui.label(text(row.units.to_string()));
                    });
                    r.col(|ui| {
                        ui.label(text(format!("{:.1}%", row.percent * 100.0)));
                    });
                    for v in [
                        if two { row.kappa } else { None },
                        row.alpha,
                        row.positive_agreement,
                    ] {
                        r.col(|ui| {
                            ui.label(text(fmt_coef(v)));
                        });
                    }
                    r.col(|ui| {
                        ui.label(text(
                            coded.map_or("–".into(), |c| format!("{:.1}%", c.percent * 100.0)),
                        ));
                    });
                    r.col(|ui| {
                        ui.label(text(fmt_coef(coded.and_then(|c| c.kappa).filter(|_| two))));
                    });
                });
            }
        });
}

/// The disagreements, one selectable line each.
fn disagreements_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    s: &AgreementSummary,
    selected: &mut Option<usize>,
) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let list = &s.report.disagreements;
    egui::ScrollArea::vertical()
        .id_salt("qcw-disagreements")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, list.len(), |ui, range| {
            for i in range {
                let d = &list[i];
                let doc = s.documents.get(&d.doc_id).map_or("?", String::as_str);
                let text = format!(
                    "{doc} [{}, {}) {} · {} {} · {} {}",
                    d.start,
                    d.end,
                    code_path(s, d.code_id),
                    cx.tr(Msg::Present),
                    d.coders_present.join("、"),
                    cx.tr(Msg::Absent),
                    d.coders_absent.join("、"),
                );
                let r = ui.add(
                    egui::Button::selectable(*selected == Some(i), text)
                        .truncate()
                        .min_size(egui::vec2(ui.available_width(), 0.0)),
                );
                if r.clicked() {
                    *selected = Some(i);
                }
            }
        });
}
