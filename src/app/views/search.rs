//! The search view: a query box with syntax help and filters (kind, case, code, attribute); the
//! hits ranked by relevance with their snippets (click one to open the reader with every hit
//! marked), "code all hits", a concordance (KWIC), word frequencies (table and chart) and the
//! dictionary / stop-word editor (`search_words.rs`).
//!
//! Searching runs on the query worker, which keeps the project's index in step with the
//! documents (building it on first use, with progress in the status line).

use super::search_tasks::{CodeHitsAnswer, SearchReq, code_hits_task, marks, run_search};
pub use super::search_tasks::{HIT_CAP, SearchMarks, SearchResult};
use super::search_words::{DictPane, FreqPane};
use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::{AppError, error_text};
use crate::app::i18n::{Msg, kind_msg};
use crate::app::widgets::{code_combo_ui, combo_ui, kind_combo_ui, text_field_ui};
use crate::app::worker::{Rev, Ticket, Worker};
use crate::model::DocKind;
use crate::search::pipeline::KwicLine;
use crate::search::scope::{HitScope, SearchFilter, code_ranges_command};
use egui::text::LayoutJob;
use egui::{Color32, FontId, Label, RichText, Sense, TextFormat, Ui};
use egui_extras::{Column, TableBuilder};

/// The sub-tabs of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pane {
    #[default]
    Hits,
    Kwic,
    Freq,
    Dict,
}

/// State of the search view.
pub struct SearchView {
    query: String,
    kind: Option<DocKind>,
    case_id: Option<i64>,
    code_id: Option<i64>,
    attr: String,
    group_id: Option<i64>,
    width: usize,
    pane: Pane,
    submitted: Option<SearchReq>,
    result: Computed<(Rev, SearchReq), SearchResult>,
    /// "Code all hits": the code, the scope, the pending job and what it did.
    target_code: Option<i64>,
    scope: HitScope,
    coding: Option<(Ticket<Result<CodeHitsAnswer, AppError>>, i64)>,
    message: Option<String>,
    freq: FreqPane,
    dict: DictPane,
}

impl Default for SearchView {
    fn default() -> Self {
        SearchView {
            query: String::new(),
            kind: None,
            case_id: None,
            code_id: None,
            attr: String::new(),
            group_id: None,
            width: 20,
            pane: Pane::Hits,
            submitted: None,
            result: Computed::default(),
            target_code: None,
            scope: HitScope::Match,
            coding: None,
            message: None,
            freq: FreqPane::default(),
            dict: DictPane::default(),
        }
    }
}

impl SearchView {
    /// The latest result, if any (for tests).
    pub fn result(&self) -> Option<&Result<SearchResult, AppError>> {
        self.result.value()
    }

    /// Shows the word-frequency pane (for the benchmark).
    pub fn show_frequencies(&mut self) {
        self.pane = Pane::Freq;
    }

    /// The frequency table shown, if computed (for tests).
    pub fn frequencies(&self) -> Option<&[(String, usize)]> {
        self.freq.rows()
    }

    /// Shows the view.
    pub fn search_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.query_bar_ui(ui, cx);
        ui.horizontal(|ui| {
            for (pane, msg) in [
                (Pane::Hits, Msg::SearchHits),
                (Pane::Kwic, Msg::Concordance),
                (Pane::Freq, Msg::WordFrequencies),
                (Pane::Dict, Msg::DictionaryEditor),
            ] {
                ui.selectable_value(&mut self.pane, pane, cx.tr(msg));
            }
        });
        ui.separator();
        match self.pane {
            Pane::Hits | Pane::Kwic => self.results_ui(ui, cx, worker),
            Pane::Freq => {
                if let Some(word) = self.freq.freq_ui(ui, cx, worker) {
                    self.query = word;
                    self.submit();
                    self.pane = Pane::Hits;
                }
            }
            Pane::Dict => self.dict.dict_ui(ui, cx, worker),
        }
    }

    fn submit(&mut self) {
        let attr = self
            .attr
            .split_once('=')
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .filter(|(k, _)| !k.is_empty());
        self.submitted = Some(SearchReq {
            query: self.query.trim().to_owned(),
            filter: SearchFilter {
                kind: self.kind,
                case_id: self.case_id,
                code_id: self.code_id,
                attr,
                group_id: self.group_id,
            },
            width: self.width,
        })
        .filter(|r| !r.query.is_empty());
        self.message = None;
    }

    fn query_bar_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal(|ui| {
            let edit = text_field_ui(
                ui,
                cx.tr(Msg::SearchQuery),
                &mut self.query,
                cx.tr(Msg::SearchHint),
                320.0,
            );
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if enter || ui.button(cx.tr(Msg::SearchButton)).clicked() {
                self.submit();
            }
            ui.menu_button("?", |ui| {
                ui.set_max_width(460.0);
                ui.label(cx.tr(Msg::SearchSyntax));
            })
            .response
            .on_hover_text(cx.tr(Msg::SearchSyntaxTitle));
        });
        ui.horizontal_wrapped(|ui| {
            kind_combo_ui(ui, cx, "qcw-search-kind", &mut self.kind);
            let case_name = |id: Option<i64>| {
                id.and_then(|id| cx.cache.cases.iter().find(|c| c.id == id))
                    .map_or(cx.tr(Msg::AllCases).to_owned(), |c| c.name.clone())
            };
            let shown = case_name(self.case_id);
            combo_ui(ui, cx.tr(Msg::Cases), "qcw-search-case", shown, |ui| {
                ui.selectable_value(&mut self.case_id, None, cx.tr(Msg::AllCases));
                for c in &cx.cache.cases {
                    ui.selectable_value(&mut self.case_id, Some(c.id), &c.name);
                }
            });
            code_combo_ui(
                ui,
                cx,
                cx.tr(Msg::CodedWith),
                "qcw-search-code",
                &mut self.code_id,
                Msg::AnyCode,
            )
            .on_hover_text(cx.tr(Msg::SearchCodeFilter));
            text_field_ui(
                ui,
                cx.tr(Msg::AttributeFilter),
                &mut self.attr,
                "key=value",
                140.0,
            );
            let before = self.group_id;
            super::filters::group_combo_ui(ui, cx, "qcw-search-group", &mut self.group_id);
            // A new group searches again (the query stays).
            if self.group_id != before && self.submitted.is_some() {
                self.submit();
            }
        });
        // Ids of a previous project (or deleted since) filter nothing.
        if self
            .case_id
            .is_some_and(|id| !cx.cache.cases.iter().any(|c| c.id == id))
        {
            self.case_id = None;
        }
        if self.code_id.is_some_and(|id| cx.cache.code(id).is_none()) {
            self.code_id = None;
        }
    }

    fn results_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let Some(req) = self.submitted.clone() else {
            ui.weak(cx.tr(Msg::SearchEmpty));
            return;
        };
        let task_req = req.clone();
        self.result
            .ensure(ui, cx, worker, (cx.rev, req.clone()), move |w| {
                run_search(w, &task_req)
            });
        if self.result.pending() {
            let p = worker.progress();
            if p.total > 0 {
                ui.add(
                    egui::ProgressBar::new(p.done as f32 / p.total as f32)
                        .text(cx.trf(Msg::Indexing, &[&p.done, &p.total])),
                );
            }
        }
        if !status_ui(ui, cx, self.result.value(), self.result.pending()) {
            return;
        }
        let Some(result) = self.result.ok().cloned() else {
            return;
        };
        ui.horizontal(|ui| {
            let count = if result.truncated {
                cx.trf(Msg::HitsTruncated, &[&result.rows.len(), &result.total])
            } else {
                cx.trf(Msg::HitsCount, &[&result.rows.len(), &result.docs])
            };
            ui.strong(count);
            ui.weak(format!("{:.1} ms", result.millis));
            if ui.button(cx.tr(Msg::MarkHitsInReader)).clicked() {
                cx.push(AppCommand::SetSearchMarks(Some(marks(&req.query, &result))));
            }
            if cx.state.view.search_marks.is_some() && ui.button(cx.tr(Msg::ClearMarks)).clicked() {
                cx.push(AppCommand::SetSearchMarks(None));
            }
        });
        self.code_all_ui(ui, cx, worker, &req, &result);
        ui.separator();
        match self.pane {
            Pane::Kwic => self.kwic_ui(ui, cx, &req, &result),
            _ => hits_list_ui(ui, cx, &req, &result),
        }
    }

    fn code_all_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        worker: &mut Worker,
        req: &SearchReq,
        result: &SearchResult,
    ) {
        if let Some((ticket, code_id)) = self.coding {
            if let Some(answer) = worker.take(ticket) {
                self.coding = None;
                self.message = Some(match answer {
                    Ok(a) => {
                        let path = cx
                            .cache
                            .code(code_id)
                            .map_or(String::new(), |c| c.path.clone());
                        let n = a.ranges.len();
                        let label = format!("code {n} hits of {} with {path}", a.query);
                        cx.push(AppCommand::Execute(code_ranges_command(
                            &a.ranges,
                            code_id,
                            &cx.state.coder,
                            label,
                        )));
                        cx.trf(Msg::CodedHits, &[&n, &a.hits, &path])
                    }
                    Err(e) => error_text(&e, cx.lang),
                });
            } else if worker.lost(ticket) {
                self.coding = None;
            }
        }
        ui.horizontal_wrapped(|ui| {
            code_combo_ui(
                ui,
                cx,
                cx.tr(Msg::CodeAllHitsWith),
                "qcw-search-target",
                &mut self.target_code,
                Msg::ChooseCode,
            );
            let scope_name = |s: HitScope| {
                cx.tr(match s {
                    HitScope::Match => Msg::ScopeMatch,
                    HitScope::Sentence => Msg::ScopeSentence,
                    HitScope::Paragraph => Msg::ScopeParagraph,
                })
            };
            let shown = scope_name(self.scope);
            combo_ui(ui, cx.tr(Msg::Scope), "qcw-search-scope", shown, |ui| {
                for s in HitScope::ALL {
                    ui.selectable_value(&mut self.scope, s, scope_name(s));
                }
            });
            let enabled = self.target_code.is_some()
                && !result.rows.is_empty()
                && self.coding.is_none()
                && !cx.busy;
            let button = ui
                .add_enabled(enabled, egui::Button::new(cx.tr(Msg::CodeAllHits)))
                .on_hover_text(cx.tr(Msg::CodeAllHitsHint));
            if button.clicked()
                && let (Some(code_id), Some(path)) = (self.target_code, cx.cache.path.as_deref())
            {
                let (req, scope) = (req.clone(), self.scope);
                let ticket = worker.submit(ui.ctx(), path, cx.rev, move |w| {
                    code_hits_task(w, &req, scope)
                });
                self.coding = Some((ticket, code_id));
            }
            if self.coding.is_some() {
                ui.weak(cx.tr(Msg::Computing));
            }
            if let Some(m) = &self.message {
                ui.weak(m);
            }
        });
        if self
            .target_code
            .is_some_and(|id| cx.cache.code(id).is_none())
        {
            self.target_code = None;
        }
    }

    fn kwic_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, req: &SearchReq, r: &SearchResult) {
        ui.horizontal(|ui| {
            ui.label(cx.tr(Msg::ContextWidth));
            if ui.add(egui::Slider::new(&mut self.width, 5..=80)).changed()
                && let Some(s) = self.submitted.as_mut()
            {
                s.width = self.width;
            }
        });
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let mut jump = None;
        TableBuilder::new(ui)
            .id_salt("qcw-kwic")
            .striped(true)
            .column(Column::remainder().at_least(160.0).clip(true))
            .column(Column::auto().at_least(40.0))
            .column(Column::remainder().at_least(160.0).clip(true))
            .column(Column::initial(140.0).clip(true))
            .header(row_h, |mut h| {
                h.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.strong(cx.tr(Msg::KwicLeft));
                    });
                });
                h.col(|ui| {
                    ui.strong(&req.query);
                });
                h.col(|ui| {
                    ui.strong(cx.tr(Msg::KwicRight));
                });
                h.col(|ui| {
                    ui.strong(cx.tr(Msg::Document));
                });
            })
            .body(|body| {
                body.rows(row_h, r.rows.len(), |mut row| {
                    let h = &r.rows[row.index()];
                    row.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.add(Label::new(one_line(&h.left)).truncate());
                        });
                    });
                    row.col(|ui| {
                        let kw = ui.add(
                            Label::new(RichText::new(one_line(&h.keyword)).strong())
                                .sense(Sense::click()),
                        );
                        if kw.clicked() {
                            jump = Some(h.clone());
                        }
                    });
                    row.col(|ui| {
                        ui.add(Label::new(one_line(&h.right)).truncate());
                    });
                    row.col(|ui| {
                        if ui.link(&h.doc).clicked() {
                            jump = Some(h.clone());
                        }
                    });
                });
            });
        if let Some(h) = jump {
            open_hit(cx, req, r, &h);
        }
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// Marks every hit in the reader and opens it at `h`.
fn open_hit(cx: &mut PanelCtx<'_>, req: &SearchReq, r: &SearchResult, h: &KwicLine) {
    let fresh = cx
        .state
        .view
        .search_marks
        .as_ref()
        .is_none_or(|m| m.query != req.query);
    if fresh {
        cx.push(AppCommand::SetSearchMarks(Some(marks(&req.query, r))));
    }
    cx.push(AppCommand::JumpTo {
        doc_id: h.doc_id,
        start: h.start,
        end: h.end,
    });
}

fn hits_list_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, req: &SearchReq, r: &SearchResult) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 4.0;
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("qcw-search-hits")
        .auto_shrink(false)
        .show_rows(ui, row_h, r.rows.len(), |ui, range| {
            for h in &r.rows[range] {
                let width = ui.available_width();
                ui.allocate_ui(egui::vec2(width, row_h), |ui| {
                    ui.set_min_height(row_h);
                    ui.vertical(|ui| {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(&h.doc).strong());
                            ui.weak(format!("[{}, {})", h.start, h.end));
                            ui.weak(format!("{:.3}", h.score));
                            if let Some(d) = cx.cache.doc_summary(h.doc_id) {
                                ui.weak(cx.tr(kind_msg(d.kind)));
                            }
                        });
                        let snippet = Label::new(snippet_job(ui, h))
                            .truncate()
                            .sense(Sense::click());
                        if ui.add(snippet).clicked() {
                            jump = Some(h.clone());
                        }
                    });
                });
            }
        });
    if let Some(h) = jump {
        open_hit(cx, req, r, &h);
    }
}

/// The snippet with the match on a yellow background.
fn snippet_job(ui: &Ui, h: &KwicLine) -> LayoutJob {
    let font = FontId::proportional(14.0);
    let mut job = LayoutJob::default();
    let plain = TextFormat::simple(font.clone(), ui.visuals().text_color());
    job.append(&format!("…{}", one_line(&h.left)), 0.0, plain.clone());
    let mut hit = TextFormat::simple(font, ui.visuals().strong_text_color());
    hit.background = Color32::from_rgba_unmultiplied(255, 214, 0, 140);
    job.append(&one_line(&h.keyword), 0.0, hit);
    job.append(&format!("{}…", one_line(&h.right)), 0.0, plain);
    job
}
