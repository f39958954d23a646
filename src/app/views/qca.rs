//! The QCA view: choose the outcome (a case attribute and the value meaning "present"), the
//! condition codes (by default the PIV leaf codes) and the evidence rule; see the case ×
//! condition × outcome table, the truth table and the necessity / sufficiency fits
//! (`qca_table.rs`). Clicking a condition cell opens a small form to override it — a reason is
//! mandatory, it goes to the audit trail — or to clear an override.

use super::qca_table::{CellClick, case_table_ui, fits_table_ui, truth_table_ui};
use super::{Computed, status_ui};
use crate::analysis::ConditionRule;
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::widgets::text_field_ui;
use crate::app::worker::{Rev, Worker};
use crate::command::Command;
use crate::reports::{QcaOptions, QcaReport, default_conditions, qca_report};
use crate::store::Project;
use egui::{RichText, Ui};
use std::collections::BTreeMap;

/// What the table is computed for.
#[derive(Debug, Clone, PartialEq)]
struct QcaReq {
    attr: String,
    value: String,
    /// `None`: the default conditions.
    conditions: Option<Vec<i64>>,
    min_codings: usize,
    triangulated: bool,
    /// Only this document group's evidence (`None`: every document).
    group_id: Option<i64>,
}

/// The report with the ids behind its rows and columns.
#[derive(Debug, Clone)]
pub struct QcaData {
    /// The report.
    pub report: QcaReport,
    /// Condition code ids, parallel to `report.conditions`.
    pub conditions: Vec<i64>,
    /// Case ids, parallel to `report.cases`.
    pub case_ids: Vec<i64>,
}

/// Most conditions chosen by default when the codebook has no PIV mechanisms.
const MAX_DEFAULT_CONDITIONS: usize = 8;

fn load_qca(project: &Project, req: &QcaReq) -> Result<QcaData, AppError> {
    let conditions = match &req.conditions {
        Some(c) => c.clone(),
        None => {
            let d = default_conditions(project)?;
            if d.is_empty() {
                // No PIV codebook: the top-level codes (each counting its sub-codes), at most
                // MAX_DEFAULT_CONDITIONS — csQCA compares few conditions; the menu adds others.
                let codes = project.codes()?;
                codes
                    .iter()
                    .filter(|c| c.parent_id.is_none())
                    .take(MAX_DEFAULT_CONDITIONS)
                    .map(|c| c.id)
                    .collect()
            } else {
                d
            }
        }
    };
    let opts = QcaOptions {
        outcome_attr: req.attr.clone(),
        outcome_value: req.value.clone(),
        conditions: conditions.clone(),
        rule: ConditionRule {
            min_codings: req.min_codings,
            require_triangulated: req.triangulated,
            min_source_types: 0,
        },
        coder: None,
        group_id: req.group_id,
    };
    let report = qca_report(project, &opts)?;
    let cases = project.cases()?;
    let case_ids = report
        .cases
        .iter()
        .map(|c| cases.iter().find(|k| k.name == c.case).map_or(0, |k| k.id))
        .collect();
    Ok(QcaData {
        report,
        conditions,
        case_ids,
    })
}

/// The override form of one cell.
#[derive(Debug, Clone)]
struct OverrideForm {
    case_id: i64,
    code_id: i64,
    title: String,
    /// The value to set.
    present: bool,
    reason: String,
    /// Whether the cell is overridden now.
    overridden: bool,
}

/// State of the QCA view.
pub struct QcaView {
    attr: Option<String>,
    value: Option<String>,
    conditions: Option<Vec<i64>>,
    min_codings: usize,
    triangulated: bool,
    group_id: Option<i64>,
    report: Computed<(Rev, QcaReq), QcaData>,
    form: Option<OverrideForm>,
}

impl Default for QcaView {
    fn default() -> Self {
        QcaView {
            attr: None,
            value: None,
            conditions: None,
            min_codings: 1,
            triangulated: false,
            group_id: None,
            report: Computed::default(),
            form: None,
        }
    }
}

impl QcaView {
    /// The report shown, if computed (for tests).
    pub fn data(&self) -> Option<&QcaData> {
        self.report.ok()
    }

    /// Shows the view.
    pub fn qca_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let values = attribute_values(cx);
        if values.is_empty() {
            ui.weak(cx.tr(Msg::QcaNoOutcome));
            return;
        }
        self.default_outcome(&values);
        self.outcome_ui(ui, cx, &values);
        self.rule_ui(ui, cx);
        let (Some(attr), Some(value)) = (self.attr.clone(), self.value.clone()) else {
            return;
        };
        let req = QcaReq {
            attr,
            value,
            conditions: self.conditions.clone(),
            min_codings: self.min_codings,
            triangulated: self.triangulated,
            group_id: self.group_id,
        };
        let task_req = req.clone();
        self.report.ensure(ui, cx, worker, (cx.rev, req), move |w| {
            load_qca(w.project()?, &task_req)
        });
        ui.separator();
        if !status_ui(ui, cx, self.report.value(), self.report.pending()) {
            return;
        }
        let Some(data) = self.report.ok().cloned() else {
            return;
        };
        let selected = self.form.as_ref().map(|f| (f.case_id, f.code_id));
        let max_h = (ui.available_height() * 0.45).max(140.0);
        if let Some(click) = case_table_ui(ui, cx, &data, selected, max_h) {
            self.open_form(&data, click);
        }
        egui::ScrollArea::vertical()
            .id_salt("qcw-qca-scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                self.form_ui(ui, cx);
                if !data.report.excluded.is_empty() {
                    ui.weak(cx.trf(Msg::QcaExcluded, &[&data.report.excluded.join("、")]));
                }
                ui.add_space(8.0);
                ui.heading(cx.tr(Msg::QcaTruthTable));
                truth_table_ui(ui, cx, &data.report);
                ui.add_space(8.0);
                ui.heading(cx.tr(Msg::NecessitySufficiency));
                fits_table_ui(ui, cx, &data.report);
            });
    }

    /// Picks an outcome when none is chosen (or the chosen one disappeared): the first
    /// attribute with exactly two values, else the first; its most frequent value.
    fn default_outcome(&mut self, values: &BTreeMap<String, Vec<(String, usize)>>) {
        if self.attr.as_ref().is_none_or(|a| !values.contains_key(a)) {
            self.attr = values
                .iter()
                .find(|(_, v)| v.len() == 2)
                .or_else(|| values.iter().next())
                .map(|(k, _)| k.clone());
            self.value = None;
        }
        let vals = self.attr.as_ref().and_then(|a| values.get(a));
        if let Some(vals) = vals
            && self
                .value
                .as_ref()
                .is_none_or(|v| !vals.iter().any(|(x, _)| x == v))
        {
            self.value = vals
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(v, _)| v.clone());
        }
    }

    fn outcome_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        values: &BTreeMap<String, Vec<(String, usize)>>,
    ) {
        ui.horizontal_wrapped(|ui| {
            ui.label(cx.tr(Msg::QcaOutcome));
            let attr = self.attr.clone().unwrap_or_default();
            egui::ComboBox::from_id_salt("qcw-qca-attr")
                .selected_text(&attr)
                .show_ui(ui, |ui| {
                    for k in values.keys() {
                        if ui.selectable_label(attr == *k, k).clicked() {
                            self.attr = Some(k.clone());
                            self.value = None;
                        }
                    }
                })
                .response
                .on_hover_text(cx.tr(Msg::OutcomeAttribute));
            ui.label("=");
            let value = self.value.clone().unwrap_or_default();
            egui::ComboBox::from_id_salt("qcw-qca-value")
                .selected_text(&value)
                .show_ui(ui, |ui| {
                    for (v, n) in values.get(&attr).into_iter().flatten() {
                        if ui
                            .selectable_label(value == *v, format!("{v}  ({n})"))
                            .clicked()
                        {
                            self.value = Some(v.clone());
                        }
                    }
                })
                .response
                .on_hover_text(cx.tr(Msg::OutcomeValue));
            ui.separator();
            self.conditions_menu_ui(ui, cx);
        });
    }

    fn conditions_menu_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        let used: Vec<i64> = match (&self.conditions, self.report.ok()) {
            (Some(c), _) => c.clone(),
            (None, Some(d)) => d.conditions.clone(),
            (None, None) => Vec::new(),
        };
        let title = cx.trf(Msg::QcaConditions, &[&used.len()]);
        ui.menu_button(title, |ui| {
            ui.set_max_height(420.0);
            if ui
                .add_enabled(
                    self.conditions.is_some(),
                    egui::Button::new(cx.tr(Msg::DefaultConditions)),
                )
                .on_hover_text(cx.tr(Msg::DefaultConditionsHint))
                .clicked()
            {
                self.conditions = None;
            }
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for c in &cx.cache.codes {
                    let depth = c.path.matches('/').count();
                    ui.horizontal(|ui| {
                        ui.add_space(depth as f32 * 14.0);
                        let mut on = used.contains(&c.id);
                        if ui
                            .checkbox(&mut on, &c.name)
                            .on_hover_text(&c.path)
                            .changed()
                        {
                            let mut next = used.clone();
                            if on {
                                next.push(c.id);
                            } else {
                                next.retain(|&id| id != c.id);
                            }
                            // Keep the codebook's order.
                            let order: Vec<i64> = cx
                                .cache
                                .codes
                                .iter()
                                .map(|k| k.id)
                                .filter(|id| next.contains(id))
                                .collect();
                            self.conditions = Some(order);
                        }
                    });
                }
            });
        });
        if let Some(c) = &mut self.conditions {
            c.retain(|&id| cx.cache.code(id).is_some());
        }
    }

    fn rule_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal_wrapped(|ui| {
            ui.label(cx.tr(Msg::QcaRule));
            let l = ui.label(cx.tr(Msg::QcaMinCodings));
            ui.add(egui::DragValue::new(&mut self.min_codings).range(1..=100))
                .labelled_by(l.id);
            ui.checkbox(&mut self.triangulated, cx.tr(Msg::RequireTriangulated))
                .on_hover_text(cx.tr(Msg::RequireTriangulatedHint));
            super::filters::group_combo_ui(ui, cx, "qcw-qca-group", &mut self.group_id);
        });
    }

    fn open_form(&mut self, data: &QcaData, click: CellClick) {
        let case = &data.report.cases[click.row];
        let cell = &case.cells[click.col];
        self.form = Some(OverrideForm {
            case_id: data.case_ids[click.row],
            code_id: data.conditions[click.col],
            title: format!("{} × {}", case.case, data.report.conditions[click.col]),
            present: !cell.present,
            reason: cell.override_reason.clone().unwrap_or_default(),
            overridden: cell.override_reason.is_some(),
        });
    }

    fn form_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let mut close = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.strong(cx.trf(Msg::OverrideCell, &[&form.title]));
                ui.radio_value(&mut form.present, true, cx.tr(Msg::QcaPresent));
                ui.radio_value(&mut form.present, false, cx.tr(Msg::QcaAbsent));
            });
            ui.horizontal_wrapped(|ui| {
                text_field_ui(
                    ui,
                    cx.tr(Msg::OverrideReason),
                    &mut form.reason,
                    cx.tr(Msg::OverrideReasonHint),
                    360.0,
                );
                let has_reason = !form.reason.trim().is_empty();
                let apply = ui
                    .add_enabled(
                        has_reason && !cx.busy,
                        egui::Button::new(cx.tr(Msg::ApplyOverride)),
                    )
                    .on_disabled_hover_text(cx.tr(Msg::ReasonRequired));
                if apply.clicked() {
                    cx.push(AppCommand::Execute(Command::SetQcaOverride {
                        case_id: form.case_id,
                        code_id: form.code_id,
                        value: Some((form.present, form.reason.trim().to_owned())),
                    }));
                    close = true;
                }
                if form.overridden
                    && ui
                        .add_enabled(!cx.busy, egui::Button::new(cx.tr(Msg::ClearOverride)))
                        .clicked()
                {
                    cx.push(AppCommand::Execute(Command::SetQcaOverride {
                        case_id: form.case_id,
                        code_id: form.code_id,
                        value: None,
                    }));
                    close = true;
                }
                if ui.button(cx.tr(Msg::Cancel)).clicked() {
                    close = true;
                }
                if !has_reason {
                    ui.label(
                        RichText::new(cx.tr(Msg::ReasonRequired)).color(ui.visuals().warn_fg_color),
                    );
                }
            });
        });
        if close {
            self.form = None;
        }
    }
}

/// Every case attribute with its values and how many cases have each, sorted.
fn attribute_values(cx: &PanelCtx<'_>) -> BTreeMap<String, Vec<(String, usize)>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for case in &cx.cache.cases {
        for (k, v) in &case.attributes {
            *out.entry(k.clone())
                .or_default()
                .entry(v.trim().to_owned())
                .or_default() += 1;
        }
    }
    out.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}
