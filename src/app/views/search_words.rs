//! The word panes of the search view: word frequencies (segmented with the project dictionary,
//! stop words removed) as a table and a bar chart, and the editor of the project dictionary and
//! stop-word list.

use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::i18n::Msg;
use crate::app::widgets::{code_combo_ui, kind_combo_ui, text_field_ui};
use crate::app::worker::{Rev, Worker};
use crate::command::Command;
use crate::model::DocKind;
use crate::search::pipeline::{FreqQuery, word_frequencies};
use crate::search::{DEFAULT_STOPWORDS, DOMAIN_TERMS};
use crate::store::DictWordRow;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Plot};

/// Bars in the frequency chart.
const CHART_BARS: usize = 20;

/// Which text a frequency count covers.
#[derive(Debug, Clone, PartialEq)]
struct FreqReq {
    kind: Option<DocKind>,
    /// Only the coded segments of this code (and its sub-codes).
    code: Option<i64>,
    top: usize,
    /// Leave out one-character words (mostly function words and abbreviations in Chinese).
    min_two: bool,
}

/// The word-frequency pane.
pub struct FreqPane {
    kind: Option<DocKind>,
    code: Option<i64>,
    top: usize,
    min_two: bool,
    table: Computed<(Rev, FreqReq), Vec<(String, usize)>>,
}

impl Default for FreqPane {
    fn default() -> Self {
        FreqPane {
            kind: None,
            code: None,
            top: 200,
            min_two: true,
            table: Computed::default(),
        }
    }
}

impl FreqPane {
    /// The table, once computed.
    pub fn rows(&self) -> Option<&[(String, usize)]> {
        self.table.ok().map(Vec::as_slice)
    }

    /// Shows the pane; returns a word the user asked to search for.
    pub fn freq_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        worker: &mut Worker,
    ) -> Option<String> {
        ui.horizontal_wrapped(|ui| {
            kind_combo_ui(ui, cx, "qcw-freq-kind", &mut self.kind);
            code_combo_ui(
                ui,
                cx,
                cx.tr(Msg::CountIn),
                "qcw-freq-code",
                &mut self.code,
                Msg::WholeTexts,
            )
            .on_hover_text(cx.tr(Msg::FreqCodeHint));
            let l = ui.label(cx.tr(Msg::TopN));
            ui.add(egui::DragValue::new(&mut self.top).range(10..=5000))
                .labelled_by(l.id);
            ui.checkbox(&mut self.min_two, cx.tr(Msg::MinTwoChars));
        });
        if self.code.is_some_and(|id| cx.cache.code(id).is_none()) {
            self.code = None;
        }
        let req = FreqReq {
            kind: self.kind,
            code: self.code,
            top: self.top,
            min_two: self.min_two,
        };
        let query = FreqQuery {
            kind: req.kind,
            code: req.code,
            top: req.top,
            min_two: req.min_two,
        };
        self.table.ensure(ui, cx, worker, (cx.rev, req), move |w| {
            Ok(word_frequencies(w.project()?, &query)?)
        });
        if !status_ui(ui, cx, self.table.value(), self.table.pending()) {
            return None;
        }
        let rows = self.table.ok()?.clone();
        let mut search = None;
        let mut stop = None;
        ui.columns(2, |cols| {
            freq_table_ui(&mut cols[0], cx, &rows, &mut search, &mut stop);
            freq_chart_ui(&mut cols[1], cx, &rows);
        });
        if let Some(word) = stop {
            cx.push(AppCommand::Execute(Command::SetStopword { word, on: true }));
        }
        search
    }
}

/// The frequency table: a word's link searches for it, its button makes it a stop word.
fn freq_table_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    rows: &[(String, usize)],
    search: &mut Option<String>,
    stop: &mut Option<String>,
) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    TableBuilder::new(ui)
        .id_salt("qcw-freq-table")
        .striped(true)
        .column(Column::exact(44.0))
        .column(Column::remainder().at_least(80.0))
        .column(Column::exact(70.0))
        .column(Column::exact(70.0))
        .header(row_h, |mut h| {
            h.col(|ui| {
                ui.strong("#");
            });
            h.col(|ui| {
                ui.strong(cx.tr(Msg::Word));
            });
            h.col(|ui| {
                ui.strong(cx.tr(Msg::Count));
            });
            h.col(|_| {});
        })
        .body(|body| {
            body.rows(row_h, rows.len(), |mut row| {
                let i = row.index();
                let (word, count) = &rows[i];
                row.col(|ui| {
                    ui.weak((i + 1).to_string());
                });
                row.col(|ui| {
                    if ui
                        .link(word)
                        .on_hover_text(cx.tr(Msg::SearchThisWord))
                        .clicked()
                    {
                        *search = Some(word.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(count.to_string());
                });
                row.col(|ui| {
                    if ui
                        .small_button(cx.tr(Msg::MakeStopword))
                        .on_hover_text(cx.tr(Msg::MakeStopwordHint))
                        .clicked()
                    {
                        *stop = Some(word.clone());
                    }
                });
            });
        });
}

/// The most frequent words as a horizontal bar chart.
fn freq_chart_ui(ui: &mut Ui, cx: &PanelCtx<'_>, rows: &[(String, usize)]) {
    let shown = rows.len().min(CHART_BARS);
    let bars: Vec<Bar> = rows[..shown]
        .iter()
        .enumerate()
        .map(|(i, (w, c))| {
            Bar::new((shown - i) as f64, *c as f64)
                .name(w)
                .fill(ui.visuals().selection.bg_fill)
        })
        .collect();
    let labels: Vec<String> = rows[..shown].iter().map(|(w, _)| w.clone()).collect();
    Plot::new("qcw-freq-chart")
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_grid([true, false])
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .y_axis_formatter(move |mark, _| {
            let v = mark.value.round();
            if (mark.value - v).abs() > 1e-6 || v < 1.0 || v as usize > shown {
                return String::new();
            }
            labels[shown - v as usize].clone()
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(cx.tr(Msg::Count), bars).horizontal());
        });
}

/// The dictionary and stop words, as stored.
#[derive(Debug, Clone, PartialEq)]
struct Words {
    dictionary: Vec<DictWordRow>,
    stopwords: Vec<String>,
}

/// The dictionary / stop-word editor.
#[derive(Default)]
pub struct DictPane {
    words: Computed<Rev, Words>,
    new_word: String,
    new_freq: String,
    new_pos: String,
    new_stop: String,
    error: Option<String>,
}

impl DictPane {
    /// Shows the pane.
    pub fn dict_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.words.ensure(ui, cx, worker, cx.rev, |w| {
            let p = w.project()?;
            Ok(Words {
                dictionary: p.dictionary()?,
                stopwords: p.stopwords()?,
            })
        });
        if !status_ui(ui, cx, self.words.value(), self.words.pending()) {
            return;
        }
        let Some(words) = self.words.ok().cloned() else {
            return;
        };
        ui.weak(cx.tr(Msg::DictionaryNote));
        ui.columns(2, |cols| {
            self.dictionary_ui(&mut cols[0], cx, &words);
            self.stopwords_ui(&mut cols[1], cx, &words);
        });
    }

    fn dictionary_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, words: &Words) {
        ui.strong(cx.tr(Msg::ProjectDictionary));
        ui.horizontal_wrapped(|ui| {
            text_field_ui(ui, cx.tr(Msg::Word), &mut self.new_word, "", 110.0);
            text_field_ui(
                ui,
                cx.tr(Msg::WordFreq),
                &mut self.new_freq,
                cx.tr(Msg::Optional),
                60.0,
            );
            text_field_ui(
                ui,
                cx.tr(Msg::WordPos),
                &mut self.new_pos,
                cx.tr(Msg::Optional),
                40.0,
            );
            let add = ui.add_enabled(
                !self.new_word.trim().is_empty() && !cx.busy,
                egui::Button::new(cx.tr(Msg::AddWord)),
            );
            if add.clicked() {
                let freq = self.new_freq.trim();
                match (!freq.is_empty()).then(|| freq.parse::<i64>()).transpose() {
                    Ok(freq) => {
                        let pos = Some(self.new_pos.trim().to_owned()).filter(|p| !p.is_empty());
                        cx.push(AppCommand::Execute(Command::AddDictWord {
                            word: self.new_word.trim().to_owned(),
                            freq,
                            pos,
                        }));
                        self.new_word.clear();
                        self.new_freq.clear();
                        self.new_pos.clear();
                        self.error = None;
                    }
                    Err(_) => self.error = Some(cx.trf(Msg::BadFreq, &[&freq])),
                }
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        egui::ScrollArea::vertical()
            .id_salt("qcw-dict")
            .auto_shrink(false)
            .show(ui, |ui| {
                for w in &words.dictionary {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(&w.word).strong());
                        if let Some(f) = w.freq {
                            ui.weak(f.to_string());
                        }
                        if let Some(p) = &w.pos {
                            ui.weak(p);
                        }
                        if ui
                            .small_button("✕")
                            .on_hover_text(cx.tr(Msg::RemoveWord))
                            .clicked()
                        {
                            cx.push(AppCommand::Execute(Command::RemoveDictWord {
                                word: w.word.clone(),
                            }));
                        }
                    });
                }
                ui.collapsing(cx.tr(Msg::BuiltinTerms), |ui| {
                    ui.label(DOMAIN_TERMS.join("  "));
                });
            });
    }

    fn stopwords_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, words: &Words) {
        ui.strong(cx.tr(Msg::Stopwords));
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.new_stop)
                    .hint_text(cx.tr(Msg::StopwordHint))
                    .desired_width(160.0),
            );
            let add = ui.add_enabled(
                !self.new_stop.trim().is_empty() && !cx.busy,
                egui::Button::new(cx.tr(Msg::AddStopwords)),
            );
            if add.clicked() {
                let commands: Vec<Command> = self
                    .new_stop
                    .split_whitespace()
                    .map(|w| Command::SetStopword {
                        word: w.to_owned(),
                        on: true,
                    })
                    .collect();
                cx.push(AppCommand::Execute(Command::Batch {
                    label: "add stop words".into(),
                    commands,
                }));
                self.new_stop.clear();
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("qcw-stopwords")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    for w in &words.stopwords {
                        if ui
                            .button(format!("{w} ✕"))
                            .on_hover_text(cx.tr(Msg::RemoveWord))
                            .clicked()
                        {
                            cx.push(AppCommand::Execute(Command::SetStopword {
                                word: w.clone(),
                                on: false,
                            }));
                        }
                    }
                });
                ui.collapsing(cx.tr(Msg::BuiltinStopwords), |ui| {
                    ui.label(DEFAULT_STOPWORDS.join(" "));
                });
            });
    }
}
