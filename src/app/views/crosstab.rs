//! The crosstab view: codes × values of a document attribute (including `kind`) or of a case
//! attribute, from [`crate::reports::crosstab_report`], as counts, row percentages or column percentages with
//! totals, and a grouped bar chart (one series per attribute value) of the codes shown. A code
//! subtree (e.g. the PIV mechanisms) keeps table and chart readable; the totals and column
//! percentages are then those of the codes shown.

use super::filters::drop_missing_code;
use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::table::{CELL_PAD, FrozenTable, HeaderText, Slot, fit_width};
use crate::app::widgets::code_combo_ui;
use crate::app::worker::{Rev, Worker};
use crate::codebook::descendants;
use crate::reports::{CrosstabReport, crosstab_in_group};
use egui::{Label, RichText, Sense, Ui};

/// The widest a column header gets before it breaks into lines (at sensible points only).
const HEADER_CAP: f32 = 160.0;
use std::collections::{BTreeSet, HashSet};

/// What the cells show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Show {
    #[default]
    Counts,
    RowPercent,
    ColPercent,
}

/// State of the crosstab view.
pub struct CrosstabView {
    attribute: String,
    by_case: bool,
    root: Option<i64>,
    show: Show,
    /// Only this document group's codings (`None`: every coding).
    group_id: Option<i64>,
    report: Computed<(Rev, String, bool, Option<i64>), CrosstabReport>,
}

impl Default for CrosstabView {
    fn default() -> Self {
        CrosstabView {
            attribute: "kind".to_owned(),
            by_case: false,
            root: None,
            show: Show::Counts,
            group_id: None,
            report: Computed::default(),
        }
    }
}

/// The rows shown: the report restricted to the chosen codes, with their totals.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownTable {
    /// Code paths of the rows.
    pub codes: Vec<String>,
    /// Attribute values (columns).
    pub categories: Vec<String>,
    /// Whether the categories are document kinds (`interview`…), shown translated.
    pub kinds: bool,
    /// `counts[row][col]`.
    pub counts: Vec<Vec<u64>>,
    /// Row sums.
    pub row_totals: Vec<u64>,
    /// Column sums over the rows shown.
    pub col_totals: Vec<u64>,
    /// Sum of everything shown.
    pub total: u64,
}

impl ShownTable {
    fn new(report: &CrosstabReport, keep: Option<&HashSet<i64>>) -> ShownTable {
        let t = &report.table;
        let rows: Vec<usize> = (0..t.codes.len())
            .filter(|&r| keep.is_none_or(|k| k.contains(&t.codes[r])))
            .collect();
        let counts: Vec<Vec<u64>> = rows.iter().map(|&r| t.counts[r].clone()).collect();
        let row_totals: Vec<u64> = counts.iter().map(|r| r.iter().sum()).collect();
        let col_totals: Vec<u64> = (0..t.categories.len())
            .map(|c| counts.iter().map(|r| r[c]).sum())
            .collect();
        ShownTable {
            codes: rows.iter().map(|&r| report.codes[r].clone()).collect(),
            categories: t.categories.clone(),
            kinds: report.attribute == "kind",
            total: row_totals.iter().sum(),
            counts,
            row_totals,
            col_totals,
        }
    }

    /// The value of a cell under `show` (a count, or a percentage 0–100).
    pub(super) fn value(&self, show: Show, r: usize, c: usize) -> f64 {
        let n = self.counts[r][c] as f64;
        let pct = |d: u64| if d == 0 { 0.0 } else { 100.0 * n / d as f64 };
        match show {
            Show::Counts => n,
            Show::RowPercent => pct(self.row_totals[r]),
            Show::ColPercent => pct(self.col_totals[c]),
        }
    }

    fn cell_text(&self, show: Show, r: usize, c: usize) -> String {
        match show {
            Show::Counts => self.counts[r][c].to_string(),
            _ => format!("{:.1}%", self.value(show, r, c)),
        }
    }
}

impl CrosstabView {
    /// The latest report, if any (for tests).
    pub fn report(&self) -> Option<&Result<CrosstabReport, AppError>> {
        self.report.value()
    }

    /// Shows the view.
    pub fn crosstab_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.controls_ui(ui, cx);
        let (attribute, by_case, group) = (self.attribute.clone(), self.by_case, self.group_id);
        let key = (cx.rev, attribute.clone(), by_case, group);
        self.report.ensure(ui, cx, worker, key, move |w| {
            crosstab_in_group(w.project()?, &attribute, by_case, group).map_err(AppError::from)
        });
        ui.separator();
        if !status_ui(ui, cx, self.report.value(), self.report.pending()) {
            return;
        }
        let Some(report) = self.report.ok() else {
            return;
        };
        let keep: Option<HashSet<i64>> = self
            .root
            .map(|r| descendants(&cx.cache.codes, r).into_iter().collect());
        let table = ShownTable::new(report, keep.as_ref());
        if table.codes.is_empty() || table.categories.is_empty() {
            ui.weak(cx.tr(Msg::NoCodingsInScope));
            return;
        }
        let show = self.show;
        let max_h = (ui.available_height() * 0.45).max(140.0);
        table_ui(ui, cx, &table, show, max_h);
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("qcw-crosstab-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                super::crosstab_chart::chart_ui(ui, cx, &table, show)
            });
    }

    fn controls_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal_wrapped(|ui| {
            ui.label(cx.tr(Msg::CrosstabBy));
            let before = self.by_case;
            ui.selectable_value(&mut self.by_case, false, cx.tr(Msg::DocumentAttributes));
            ui.selectable_value(&mut self.by_case, true, cx.tr(Msg::CaseAttributes));
            let keys: BTreeSet<String> = if self.by_case {
                cx.cache
                    .cases
                    .iter()
                    .flat_map(|c| c.attributes.keys().cloned())
                    .collect()
            } else {
                cx.cache
                    .docs
                    .iter()
                    .flat_map(|d| d.attributes.keys().cloned())
                    .chain(["kind".to_owned()])
                    .collect()
            };
            if before != self.by_case || !keys.contains(&self.attribute) {
                self.attribute = if keys.contains("kind") {
                    "kind".to_owned()
                } else {
                    keys.iter().next().cloned().unwrap_or_default()
                };
            }
            let name = |k: &str| {
                if k == "kind" && !self.by_case {
                    format!("kind ({})", cx.tr(Msg::Kind))
                } else {
                    k.to_owned()
                }
            };
            let label = ui.label(cx.tr(Msg::AttributeFilter));
            egui::ComboBox::from_id_salt("qcw-crosstab-attr")
                .selected_text(name(&self.attribute))
                .show_ui(ui, |ui| {
                    for k in &keys {
                        ui.selectable_value(&mut self.attribute, k.clone(), name(k));
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(cx.tr(Msg::AttributeFilter));
            ui.separator();
            code_combo_ui(
                ui,
                cx,
                cx.tr(Msg::CodesShown),
                "qcw-crosstab-root",
                &mut self.root,
                Msg::AllCodes,
            )
            .on_hover_text(cx.tr(Msg::CodeSubtreeHint));
            super::filters::group_combo_ui(ui, cx, "qcw-crosstab-group", &mut self.group_id);
            ui.separator();
            for (show, msg) in [
                (Show::Counts, Msg::ShowCounts),
                (Show::RowPercent, Msg::RowPercent),
                (Show::ColPercent, Msg::ColPercent),
            ] {
                ui.selectable_value(&mut self.show, show, cx.tr(msg));
            }
        });
        drop_missing_code(cx, &mut self.root);
    }
}

/// The table: one row per code, one column per value, totals right and below.
fn table_ui(ui: &mut Ui, cx: &PanelCtx<'_>, t: &ShownTable, show: Show, max_h: f32) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let total = cx.tr(Msg::Total);
    let heads: Vec<HeaderText> = t
        .categories
        .iter()
        .map(|c| HeaderText::new(ui, &category(cx, t, c), HEADER_CAP))
        .chain([HeaderText::new(ui, total, HEADER_CAP)])
        .collect();
    let number = fit_width(ui, [format!("{}", t.total).as_str(), "100.0%"]);
    let mut widths = vec![
        fit_width(
            ui,
            t.codes.iter().map(String::as_str).chain([cx.tr(Msg::Code)]),
        )
        .clamp(100.0, 320.0),
    ];
    widths.extend(
        heads
            .iter()
            .map(|h| (h.width + CELL_PAD).max(number).max(56.0)),
    );
    let rows_h = heads.iter().map(HeaderText::rows).max().unwrap_or(1);
    let cell = |ui: &mut Ui, text: String, label: String, strong: bool| {
        let rich = if strong {
            RichText::new(text).strong()
        } else {
            RichText::new(text)
        };
        let r = ui.add(Label::new(rich).sense(Sense::hover()));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
    };
    let (n, k) = (t.codes.len(), t.categories.len());
    FrozenTable::new("qcw-crosstab", widths, n + 1)
        .header_height(ui.text_style_height(&egui::TextStyle::Body) * rows_h as f32 + 8.0)
        .row_height(row_h)
        .max_height(max_h)
        .show(ui, |ui, slot| match slot {
            Slot::Header(0) => {
                ui.strong(cx.tr(Msg::Code));
            }
            Slot::Header(c) if c <= k => {
                heads[c - 1].show(ui, &t.categories[c - 1]);
            }
            Slot::Header(_) => {
                heads[k].show(ui, total);
            }
            Slot::Body(r, 0) if r < n => {
                ui.add(Label::new(&t.codes[r]).truncate())
                    .on_hover_text(&t.codes[r]);
            }
            Slot::Body(_, 0) => {
                ui.strong(total);
            }
            Slot::Body(r, c) if r < n && c <= k => {
                let text = t.cell_text(show, r, c - 1);
                let label = format!("{} × {}: {}", t.codes[r], t.categories[c - 1], text);
                cell(ui, text, label, false);
            }
            Slot::Body(r, _) if r < n => {
                let text = match show {
                    Show::RowPercent => "100%".to_owned(),
                    _ => t.row_totals[r].to_string(),
                };
                let label = format!("{} × {total}: {text}", t.codes[r]);
                cell(ui, text, label, true);
            }
            Slot::Body(_, c) if c <= k => {
                let c = c - 1;
                let text = match show {
                    Show::ColPercent => "100%".to_owned(),
                    Show::RowPercent if t.total > 0 => {
                        format!("{:.1}%", 100.0 * t.col_totals[c] as f64 / t.total as f64)
                    }
                    _ => t.col_totals[c].to_string(),
                };
                let label = format!("{total} × {}: {text}", t.categories[c]);
                cell(ui, text, label, true);
            }
            Slot::Body(_, _) => {
                let text = t.total.to_string();
                let label = format!("{total} × {total}: {text}");
                cell(ui, text, label, true);
            }
        });
}

/// A category as shown: document kinds and yes/no values in the UI language.
pub(super) fn category(cx: &PanelCtx<'_>, t: &ShownTable, value: &str) -> String {
    if t.kinds
        && let Some(kind) = crate::model::DocKind::parse(value)
    {
        return cx.tr(super::super::i18n::kind_msg(kind)).to_owned();
    }
    match value {
        "true" => cx.tr(Msg::ValueTrue).to_owned(),
        "false" => cx.tr(Msg::ValueFalse).to_owned(),
        _ => value.to_owned(),
    }
}
