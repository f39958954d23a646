//! The co-occurrence view: a code × code heatmap of [`cooccur_report`] under a rule (overlap,
//! paragraph, near N, document), as counts or Jaccard indices, filtered by coder, case, document
//! attribute and code subtree. Clicking a cell lists the coded segments behind it as quotes.

use super::filters::{
    case_combo_ui, coder_combo_ui, drop_missing_code, group_combo_ui, leaf, parse_attr,
};
use super::heatmap::{Heatmap, heatmap_ui, legend_ui, scale_max};
use super::quotes::QuoteList;
use super::{Computed, status_ui};
use crate::analysis::{CooccurMatrix, CooccurRule};
use crate::app::PanelCtx;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::widgets::code_combo_ui;
use crate::app::worker::{Rev, Worker};
use crate::reports::{CooccurReport, Scope, cooccur_report};
use egui::Ui;

/// What the matrix is computed for.
#[derive(Debug, Clone, PartialEq)]
struct Params {
    rule: CooccurRule,
    coder: Option<String>,
    case_id: Option<i64>,
    group_id: Option<i64>,
    attr: Option<(String, String)>,
    root: Option<i64>,
}

/// State of the co-occurrence view.
pub struct CooccurView {
    rule: CooccurRule,
    near: usize,
    jaccard: bool,
    coder: Option<String>,
    case_id: Option<i64>,
    group_id: Option<i64>,
    attr: String,
    root: Option<i64>,
    report: Computed<(Rev, Params), CooccurReport>,
    /// The parameters of the shown selection (a change of them clears it).
    shown: Option<Params>,
    /// The clicked cell, as code ids.
    selected: Option<(i64, i64)>,
    quotes: QuoteList,
}

impl Default for CooccurView {
    fn default() -> Self {
        CooccurView {
            rule: CooccurRule::Overlap,
            near: 50,
            jaccard: false,
            coder: None,
            case_id: None,
            group_id: None,
            attr: String::new(),
            root: None,
            report: Computed::default(),
            shown: None,
            selected: None,
            quotes: QuoteList::default(),
        }
    }
}

fn rule_msg(rule: CooccurRule) -> Msg {
    match rule {
        CooccurRule::Overlap => Msg::RuleOverlap,
        CooccurRule::Paragraph => Msg::RuleParagraph,
        CooccurRule::Near(_) => Msg::RuleNear,
        CooccurRule::Document => Msg::RuleDocument,
    }
}

fn unit_msg(rule: CooccurRule) -> Msg {
    match rule {
        CooccurRule::Overlap | CooccurRule::Near(_) => Msg::UnitSegmentPairs,
        CooccurRule::Paragraph => Msg::UnitParagraphs,
        CooccurRule::Document => Msg::UnitDocuments,
    }
}

impl CooccurView {
    /// The latest report, if any (for tests).
    pub fn report(&self) -> Option<&Result<CooccurReport, AppError>> {
        self.report.value()
    }

    /// The quotes of the clicked cell (for tests).
    pub fn quotes(&self) -> &QuoteList {
        &self.quotes
    }

    /// Shows the view.
    pub fn cooccur_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.controls_ui(ui, cx);
        self.request(ui, cx, worker);
        ui.separator();
        if !status_ui(ui, cx, self.report.value(), self.report.pending()) {
            return;
        }
        let Some(report) = self.report.ok() else {
            return;
        };
        let m = &report.matrix;
        if m.codes.is_empty() {
            ui.weak(cx.tr(Msg::NoCodingsInScope));
            return;
        }
        ui.weak(cx.trf(
            Msg::CooccurSummary,
            &[&m.codes.len(), &cx.tr(unit_msg(m.rule))],
        ));
        let cells = Cells {
            m,
            jaccard: self.jaccard,
        };
        let (value, text) = (|i, j| cells.value(i, j), |i, j| cells.text(i, j));
        let leaves: Vec<String> = report.codes.iter().map(|p| leaf(p)).collect();
        let selected = self
            .selected
            .and_then(|(a, b)| Some((m.code_index(a)?, m.code_index(b)?)));
        let widest = cells.widest();
        let map = Heatmap {
            paths: &report.codes,
            leaves: &leaves,
            value: &value,
            text: &text,
            max: scale_max(cells.max(), !self.jaccard),
            widest: &widest,
            selected,
        };
        let height = if self.quotes.is_open() {
            (ui.available_height() * 0.55).max(160.0)
        } else {
            ui.available_height() - 30.0
        };
        let mut clicked = None;
        ui.scope(|ui| {
            crate::app::table::solid_scroll_bars(ui);
            egui::ScrollArea::both()
                .id_salt("qcw-cooccur-heatmap")
                .max_height(height)
                .auto_shrink([false, true])
                .show(ui, |ui| clicked = heatmap_ui(ui, &map));
        });
        let jaccard = self.jaccard;
        legend_ui(ui, cx.tr(Msg::ColourScale), map.max, &|v| {
            if jaccard {
                format!("{v:.2}")
            } else {
                format!("{v:.0}")
            }
        });
        // A cell with nothing behind it opens nothing.
        if let Some((i, j)) = clicked.filter(|&(i, j)| m.counts[i][j] > 0) {
            let (a, b) = (m.codes[i], m.codes[j]);
            let ids = m.cell_segment_ids(a, b);
            let title = format!("{} × {}: {}", report.codes[i], report.codes[j], text(i, j));
            self.selected = Some((a, b));
            self.quotes.set(title, ids);
        }
        ui.separator();
        self.quotes.quotes_ui(ui, cx, worker);
        if !self.quotes.is_open() {
            self.selected = None;
        }
    }

    /// Asks the worker for the report of the current controls (a change clears the selection).
    fn request(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let params = Params {
            rule: match self.rule {
                CooccurRule::Near(_) => CooccurRule::Near(self.near),
                r => r,
            },
            coder: self.coder.clone(),
            case_id: self.case_id,
            group_id: self.group_id,
            attr: parse_attr(&self.attr),
            root: self.root,
        };
        if self.shown.as_ref() != Some(&params) {
            self.shown = Some(params.clone());
            self.selected = None;
            self.quotes.clear();
        }
        let task = params.clone();
        self.report
            .ensure(ui, cx, worker, (cx.rev, params), move |w| {
                let scope = Scope {
                    coder: task.coder.clone(),
                    case_id: task.case_id,
                    doc_id: None,
                    code_ids: task.root.map(|r| vec![r]),
                    doc_attr: task.attr.clone(),
                    group_id: task.group_id,
                };
                cooccur_report(w.project()?, &task.rule, &scope).map_err(AppError::from)
            });
    }

    fn controls_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal_wrapped(|ui| {
            ui.label(cx.tr(Msg::CooccurRuleLabel))
                .on_hover_text(cx.tr(Msg::CooccurRuleHint));
            for r in [
                CooccurRule::Overlap,
                CooccurRule::Paragraph,
                CooccurRule::Near(self.near),
                CooccurRule::Document,
            ] {
                ui.selectable_value(&mut self.rule, r, cx.tr(rule_msg(r)))
                    .on_hover_text(cx.tr(Msg::CooccurRuleHint));
            }
            if let CooccurRule::Near(_) = self.rule {
                ui.add(
                    egui::DragValue::new(&mut self.near)
                        .range(0..=100_000)
                        .suffix(cx.tr(Msg::CharsSuffix)),
                )
                .on_hover_text(cx.tr(Msg::NearHint));
                self.rule = CooccurRule::Near(self.near);
            }
            ui.separator();
            ui.selectable_value(&mut self.jaccard, false, cx.tr(Msg::ShowCounts));
            ui.selectable_value(&mut self.jaccard, true, cx.tr(Msg::ShowJaccard))
                .on_hover_text(cx.tr(Msg::JaccardHint));
        });
        ui.horizontal_wrapped(|ui| {
            coder_combo_ui(ui, cx, "qcw-cooccur-coder", &mut self.coder);
            case_combo_ui(ui, cx, "qcw-cooccur-case", &mut self.case_id);
            group_combo_ui(ui, cx, "qcw-cooccur-group", &mut self.group_id);
            ui.label(cx.tr(Msg::AttributeFilter));
            ui.add(
                egui::TextEdit::singleline(&mut self.attr)
                    .hint_text("key=value")
                    .desired_width(140.0),
            );
            code_combo_ui(
                ui,
                cx,
                cx.tr(Msg::CodesShown),
                "qcw-cooccur-root",
                &mut self.root,
                Msg::AllCodes,
            )
            .on_hover_text(cx.tr(Msg::CodeSubtreeHint));
        });
        drop_missing_code(cx, &mut self.root);
    }
}

/// The heatmap's numbers: counts or Jaccard similarities.
struct Cells<'a> {
    m: &'a CooccurMatrix,
    jaccard: bool,
}

impl Cells<'_> {
    fn value(&self, i: usize, j: usize) -> f64 {
        if self.jaccard {
            self.m.jaccard[i][j]
        } else {
            self.m.counts[i][j] as f64
        }
    }

    /// The cell's text (empty for nothing).
    fn text(&self, i: usize, j: usize) -> String {
        match self.value(i, j) {
            v if v <= 0.0 => String::new(),
            v if self.jaccard => format!("{v:.2}"),
            _ => self.m.counts[i][j].to_string(),
        }
    }

    /// The largest value off the diagonal.
    fn max(&self) -> f64 {
        let k = self.m.codes.len();
        (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| self.value(i, j))
            .fold(0.0, f64::max)
    }

    /// The widest text a cell can have.
    fn widest(&self) -> String {
        if self.jaccard {
            "0.00".to_owned()
        } else {
            let max = self.m.counts.iter().flatten().max().copied();
            max.unwrap_or(0).to_string()
        }
    }
}
