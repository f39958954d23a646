//! The suggestions tab (编码建议, issue 16): for one code (by default the one selected in the
//! codebook), the segments nobody coded with it, ranked by the model learned offline from the
//! project's own codings, with the code's cross-validated figures beside the list so coders know
//! how far to trust it. Training, ranking and the evaluation run on the thread `qcw-suggest`
//! ([`Task`], its own read-only connection), so the UI and editing go on meanwhile.
//!
//! Per row: Accept pushes one [`crate::command::Command::AcceptSuggestion`] (coded as the current
//! coder, the audit mark and the model's hash in the log; Ctrl+Z undoes it), Reject one
//! `RejectSuggestion` (remembered: a negative example when the model is trained again), Skip hides
//! the row for this session only. Clicking the text opens the reader at it. Suggestions never code
//! anything by themselves.

use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::{AppError, error_text};
use crate::app::i18n::Msg;
use crate::app::jobs::{JobProgress, Poll, Task};
use crate::app::widgets::combo_ui;
use crate::app::worker::Rev;
use crate::command::Command;
use crate::store::Project;
use crate::suggest::{
    CodeEval, Params, Progress, Scope, Suggestion, Suggestions, accept_command, code_suggest_eval,
};
use egui::{Label, RichText, ScrollArea, Sense, Ui};
use egui_extras::{Size, StripBuilder};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Folds of the evaluation shown beside the list.
pub const EVAL_FOLDS: usize = 5;
/// Score at and above which the evaluated model predicts "coded".
pub const EVAL_THRESHOLD: f64 = 0.5;
/// Below this many coded segments (or 5 coded documents) the figures are called unstable.
const FEW_CODED: usize = 20;

/// What the background task computes for one code.
#[derive(Debug, Clone)]
pub struct SuggestData {
    /// The ranked suggestions and the model that ranked them.
    pub suggestions: Suggestions,
    /// The code's cross-validated figures and the keyword baseline.
    pub eval: CodeEval,
}

/// What a list is computed for: open generation, code, scope, limit.
type Key = (u64, i64, Scope, usize);
/// A suggestion's identity: code, document, start, end.
type RowId = (i64, i64, usize, usize);
type Answer = Result<Arc<SuggestData>, AppError>;

/// State of the suggestions tab.
pub struct SuggestView {
    /// The code whose suggestions are shown.
    pub code: Option<i64>,
    /// The codebook selection last seen (the view follows it when it changes).
    seen_selection: Option<i64>,
    /// Sentences or paragraphs.
    pub scope: Scope,
    /// How many suggestions.
    pub limit: usize,
    /// The running computation: for which key, at which revision.
    running: Option<(Key, Rev, Task<Answer>)>,
    /// The latest answer: for which key, at which revision.
    data: Option<(Key, Rev, Answer)>,
    /// Computing again was asked for (Retrain).
    retrain: bool,
    /// Rows skipped this session (kept across retraining).
    skipped: HashSet<RowId>,
    /// Rows accepted or rejected since the list was computed.
    acted: HashSet<RowId>,
    /// Answers taken in so far.
    answers: u64,
}

impl Default for SuggestView {
    fn default() -> Self {
        SuggestView {
            code: None,
            seen_selection: None,
            scope: Scope::Sentence,
            limit: 20,
            running: None,
            data: None,
            retrain: false,
            skipped: HashSet::new(),
            acted: HashSet::new(),
            answers: 0,
        }
    }
}

fn row_id(code_id: i64, s: &Suggestion) -> RowId {
    (code_id, s.doc_id, s.start, s.end)
}

/// Runs on `qcw-suggest`: reads the project, evaluates and ranks.
fn compute(path: &std::path::Path, key: Key, report: &dyn Fn(Progress)) -> Answer {
    let (_, code_id, scope, limit) = key;
    let project = Project::open_read_only(path)?;
    let (suggestions, eval) = code_suggest_eval(
        &project,
        code_id,
        scope,
        &Params::default(),
        limit,
        (EVAL_FOLDS, EVAL_THRESHOLD),
        &mut |p| report(p),
    )?;
    Ok(Arc::new(SuggestData { suggestions, eval }))
}

fn stage_msg(stage: &str) -> Msg {
    match stage {
        "segmenting" => Msg::SuggestStageSegmenting,
        "training" => Msg::SuggestStageTraining,
        "scoring" => Msg::SuggestStageScoring,
        _ => Msg::SuggestStageEvaluating,
    }
}

impl SuggestView {
    /// The latest list and figures, if computed (for tests).
    pub fn data(&self) -> Option<&Answer> {
        self.data.as_ref().map(|(_, _, a)| a)
    }

    /// Whether the computation runs (for tests).
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// How many answers arrived so far (for tests: one more means a fresh list).
    pub fn answers(&self) -> u64 {
        self.answers
    }

    /// The rows shown: the list without the accepted, rejected and skipped ones.
    pub fn shown(&self) -> Vec<Suggestion> {
        let Some(Ok(d)) = self.data() else {
            return Vec::new();
        };
        let code = d.suggestions.code_id;
        d.suggestions
            .items
            .iter()
            .filter(|s| {
                let id = row_id(code, s);
                !self.skipped.contains(&id) && !self.acted.contains(&id)
            })
            .cloned()
            .collect()
    }

    /// Follows the codebook selection, takes a finished answer in and starts the computation the
    /// choices ask for (one at a time: a change while one runs waits for it).
    fn step(&mut self, ui: &Ui, cx: &PanelCtx<'_>) {
        let selected = cx.state.view.code;
        if selected != self.seen_selection {
            self.seen_selection = selected;
            if selected.is_some() {
                self.code = selected;
            }
        }
        if self.code.is_some_and(|c| cx.cache.code(c).is_none()) {
            self.code = None;
        }
        if self.data.as_ref().is_some_and(|(k, _, _)| k.0 != cx.rev.0) {
            // Another project (or the same one reopened): nothing carries over.
            self.data = None;
            self.skipped.clear();
            self.acted.clear();
        }
        self.poll();
        let (Some(code), Some(path)) = (self.code, cx.cache.path.clone()) else {
            return;
        };
        let key = (cx.rev.0, code, self.scope, self.limit);
        let have = self.data.as_ref().is_some_and(|(k, _, _)| *k == key);
        if self.running.is_none() && (!have || self.retrain) {
            self.retrain = false;
            self.start(ui.ctx(), path, key, cx.rev);
        }
    }

    fn poll(&mut self) {
        let Some((key, rev, task)) = self.running.as_mut() else {
            return;
        };
        let answer = match task.poll() {
            Poll::Running => return,
            Poll::Done(answer) => answer,
            Poll::Died => Err(AppError::Lost),
        };
        self.data = Some((*key, *rev, answer));
        self.answers += 1;
        self.acted.clear();
        self.running = None;
    }

    fn start(&mut self, ctx: &egui::Context, path: PathBuf, key: Key, rev: Rev) {
        let spawned = Task::spawn(ctx, "qcw-suggest", move |progress, _, repaint| {
            compute(&path, key, &|p: Progress| {
                if let Ok(mut g) = progress.lock() {
                    g.done = p.done;
                    g.total = p.total;
                    p.stage.clone_into(&mut g.current);
                }
                repaint();
            })
        });
        match spawned {
            Ok(task) => self.running = Some((key, rev, task)),
            Err(e) => self.data = Some((key, rev, Err(AppError::Other(e.to_string())))),
        }
    }

    /// Shows the tab.
    pub fn suggest_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        self.step(ui, cx);
        ui.weak(cx.tr(Msg::SuggestHint));
        self.controls_ui(ui, cx);
        ui.separator();
        if let Some((_, _, task)) = &self.running {
            progress_ui(ui, cx, &task.progress());
        }
        if self.code.is_none() {
            ui.weak(cx.tr(Msg::SuggestChooseCode));
            return;
        }
        let data = match self.data.as_ref() {
            Some((_, _, Ok(d))) => Arc::clone(d),
            Some((_, _, Err(e))) => {
                ui.colored_label(ui.visuals().error_fg_color, error_text(e, cx.lang));
                return;
            }
            None => return,
        };
        // The list takes what the figures (a third, 220–360 points) leave.
        StripBuilder::new(ui)
            .clip(true)
            .size(Size::remainder().at_least(240.0))
            .size(Size::relative(0.33).at_least(220.0).at_most(360.0))
            .horizontal(|mut strip| {
                strip.cell(|ui| self.list_ui(ui, cx, &data.suggestions));
                strip.cell(|ui| {
                    // Strip cells truncate text by default: the figures' notes wrap.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ScrollArea::vertical()
                            .id_salt("qcw-suggest-eval-scroll")
                            .auto_shrink([false, false])
                            .show(ui, |ui| eval_ui(ui, cx, &data.eval));
                    });
                });
            });
    }

    fn controls_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal_wrapped(|ui| {
            let text = self
                .code
                .and_then(|id| cx.cache.code(id))
                .map_or(cx.tr(Msg::SuggestNoCode).to_owned(), |c| c.path.clone());
            combo_ui(ui, cx.tr(Msg::Code), "qcw-suggest-code", text, |ui| {
                for c in &cx.cache.codes {
                    ui.selectable_value(&mut self.code, Some(c.id), &c.path);
                }
            });
            let scope_msg = |s: Scope| match s {
                Scope::Sentence => Msg::SuggestSentences,
                Scope::Paragraph => Msg::SuggestParagraphs,
            };
            combo_ui(
                ui,
                cx.tr(Msg::SuggestScope),
                "qcw-suggest-scope",
                cx.tr(scope_msg(self.scope)),
                |ui| {
                    for s in [Scope::Sentence, Scope::Paragraph] {
                        ui.selectable_value(&mut self.scope, s, cx.tr(scope_msg(s)));
                    }
                },
            );
            let l = ui.label(cx.tr(Msg::SuggestLimit));
            ui.add(egui::DragValue::new(&mut self.limit).range(1..=500))
                .labelled_by(l.id);
            let retrain = ui
                .add_enabled(
                    self.code.is_some() && self.running.is_none(),
                    egui::Button::new(cx.tr(Msg::SuggestRetrain)),
                )
                .on_hover_text(cx.tr(Msg::SuggestRetrainHint));
            if retrain.clicked() {
                self.retrain = true;
            }
            let stale = self
                .data
                .as_ref()
                .is_some_and(|(k, rev, _)| Some(k.1) == self.code && *rev != cx.rev);
            if stale && self.running.is_none() {
                ui.weak(cx.tr(Msg::SuggestStale));
            }
        });
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, s: &Suggestions) {
        let m = &s.model;
        ui.weak(cx.trf(
            Msg::SuggestModel,
            &[&m.hash, &m.training_segments, &m.training_positives],
        ));
        let shown = self.shown();
        let hidden = s.items.len() - shown.len();
        if hidden > 0 {
            ui.weak(cx.trf(Msg::SuggestHidden, &[&hidden]));
        }
        if shown.is_empty() {
            ui.weak(cx.tr(Msg::SuggestNone));
            return;
        }
        ScrollArea::vertical()
            .id_salt("qcw-suggest-list")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, item) in shown.iter().enumerate() {
                    ui.push_id(i, |ui| self.row_ui(ui, cx, s, item));
                    ui.separator();
                }
            });
    }

    /// One suggestion: Accept, Reject, Skip, score, document and range; the text (click: the
    /// reader at it).
    fn row_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, s: &Suggestions, item: &Suggestion) {
        let id = row_id(s.code_id, item);
        ui.horizontal_wrapped(|ui| {
            let accept = ui
                .add_enabled(!cx.busy, egui::Button::new(cx.tr(Msg::SuggestAccept)))
                .on_hover_text(cx.tr(Msg::SuggestAcceptHint));
            if accept.clicked() {
                let cmd = accept_command(item, s.code_id, &cx.state.coder, &s.model);
                cx.push(AppCommand::Execute(cmd));
                self.acted.insert(id);
            }
            let reject = ui
                .add_enabled(!cx.busy, egui::Button::new(cx.tr(Msg::SuggestReject)))
                .on_hover_text(cx.tr(Msg::SuggestRejectHint));
            if reject.clicked() {
                cx.push(AppCommand::Execute(Command::RejectSuggestion {
                    doc_id: item.doc_id,
                    start: item.start,
                    end: item.end,
                    code_id: s.code_id,
                    coder: cx.state.coder.clone(),
                }));
                self.acted.insert(id);
            }
            let skip = ui
                .button(cx.tr(Msg::SuggestSkip))
                .on_hover_text(cx.tr(Msg::SuggestSkipHint));
            if skip.clicked() {
                self.skipped.insert(id);
            }
            ui.label(RichText::new(format!("{:.3}", item.score)).monospace())
                .on_hover_text(cx.tr(Msg::SuggestScoreHint));
            ui.label(RichText::new(&item.doc).strong());
            ui.weak(format!("[{}, {})", item.start, item.end));
        });
        let text = Label::new(item.text.replace('\n', " ¶ "))
            .wrap()
            .sense(Sense::click());
        if ui
            .add(text)
            .on_hover_text(cx.tr(Msg::OpenInReader))
            .clicked()
        {
            cx.push(AppCommand::JumpTo {
                doc_id: item.doc_id,
                start: item.start,
                end: item.end,
            });
        }
    }
}

fn progress_ui(ui: &mut Ui, cx: &PanelCtx<'_>, p: &JobProgress) {
    ui.horizontal(|ui| {
        ui.label(cx.trf(Msg::SuggestRunning, &[&cx.tr(stage_msg(&p.current))]));
        let frac = if p.total > 0 {
            p.done as f32 / p.total as f32
        } else {
            0.0
        };
        ui.add(
            egui::ProgressBar::new(frac)
                .desired_width(220.0)
                .text(format!("{}/{}", p.done, p.total)),
        );
    });
}

/// The one-line hint how far to trust the figures.
fn trust_msg(e: &CodeEval) -> Msg {
    match (&e.model, &e.baseline) {
        (Some(m), Some(b)) => {
            if e.positives < FEW_CODED || e.documents < 5 {
                Msg::SuggestTrustFew
            } else if m.f1 < b.f1 {
                Msg::SuggestTrustBaseline
            } else if m.kappa < 0.4 {
                Msg::SuggestTrustWeak
            } else if m.kappa >= 0.6 {
                Msg::SuggestTrustGood
            } else {
                Msg::SuggestTrustModerate
            }
        }
        _ => Msg::SuggestTrustNone,
    }
}

/// The code's figures: model and keyword baseline side by side, and the trust hint.
fn eval_ui(ui: &mut Ui, cx: &PanelCtx<'_>, e: &CodeEval) {
    ui.label(RichText::new(cx.tr(Msg::SuggestEvalTitle)).strong());
    ui.weak(cx.trf(
        Msg::SuggestEvalHow,
        &[&EVAL_FOLDS, &format!("{EVAL_THRESHOLD:.1}")],
    ));
    ui.label(cx.trf(Msg::SuggestEvalCoded, &[&e.positives, &e.documents]));
    let trust = cx.tr(trust_msg(e));
    ui.label(RichText::new(trust).color(ui.visuals().warn_fg_color));
    let (Some(m), Some(b)) = (&e.model, &e.baseline) else {
        return;
    };
    egui::Grid::new("qcw-suggest-eval-grid")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            // Figures and their names on one line each.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            ui.label("");
            ui.strong(cx.tr(Msg::SuggestEvalModel));
            ui.strong(cx.tr(Msg::SuggestEvalBaseline));
            ui.end_row();
            let rows = [
                (Msg::SuggestPrecision, m.precision, b.precision),
                (Msg::SuggestRecall, m.recall, b.recall),
                (Msg::SuggestF1, m.f1, b.f1),
                (Msg::CohenKappa, m.kappa, b.kappa),
            ];
            for (msg, model, keywords) in rows {
                ui.label(cx.tr(msg));
                ui.monospace(format!("{model:.2}"));
                ui.monospace(format!("{keywords:.2}"));
                ui.end_row();
            }
        });
    ui.weak(cx.tr(Msg::SuggestEvalMeaning));
    if !e.baseline_words.is_empty() {
        ui.weak(cx.trf(Msg::SuggestBaselineWords, &[&e.baseline_words.join("、")]));
    }
}
