//! The export window's option controls (coder, outcome, triangulation, citations, cases and
//! codes) and its preview table.

use super::PanelCtx;
use super::dialogs_export::{ExportDialog, PreviewRows};
use super::i18n::Msg;
use crate::export::CitationPatterns;
use egui::{RichText, Ui};
use std::collections::BTreeSet;

/// Characters of a line shown in a preview cell (the rest on hover).
const CELL_CHARS: usize = 44;
/// Characters kept at the end of a cut line.
const CELL_TAIL: usize = 24;
/// Lines of a preview cell shown (the rest on hover).
const CELL_LINES: usize = 3;

/// Every option of the export, edited in place.
pub(super) fn options_ui(ui: &mut Ui, cx: &PanelCtx<'_>, d: &mut ExportDialog) {
    let f = d.fields();
    egui::Grid::new("qcw-export-options")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            coder_row(ui, cx, f.coder);
            outcome_row(ui, cx, f.outcome_attr, f.outcome_value);
            let l = ui.label(cx.tr(Msg::ExportMinSources));
            ui.add(egui::DragValue::new(f.min_source_types).range(1..=3))
                .labelled_by(l.id);
            ui.end_row();
            citation_rows(ui, cx, f.citations);
        });
    ui.add_space(4.0);
    choosers_ui(ui, cx, (f.cases, f.codes), f.filters);
}

fn coder_row(ui: &mut Ui, cx: &PanelCtx<'_>, coder: &mut Option<String>) {
    let l = ui.label(cx.tr(Msg::ExportCoder));
    let everyone = cx.tr(Msg::ExportEveryone);
    egui::ComboBox::from_id_salt("qcw-export-coder")
        .selected_text(coder.as_deref().unwrap_or(everyone))
        .show_ui(ui, |ui| {
            ui.selectable_value(coder, None, everyone);
            for c in &cx.cache.coders {
                ui.selectable_value(coder, Some(c.clone()), c);
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

/// Outcome attribute and value: typed, or picked from the cases' attributes and values.
fn outcome_row(ui: &mut Ui, cx: &PanelCtx<'_>, attr: &mut String, value: &mut String) {
    ui.label(cx.tr(Msg::ExportOutcome));
    ui.horizontal(|ui| {
        let attrs: BTreeSet<&String> = cx
            .cache
            .cases
            .iter()
            .flat_map(|c| c.attributes.keys())
            .collect();
        let l = ui.label(cx.tr(Msg::ExportOutcomeAttr));
        ui.add(
            egui::TextEdit::singleline(attr)
                .hint_text("运行结果")
                .desired_width(120.0),
        )
        .labelled_by(l.id);
        ui.menu_button(cx.tr(Msg::ExportPick), |ui| {
            for a in attrs {
                if ui.button(a).clicked() {
                    a.clone_into(attr);
                    value.clear();
                    ui.close();
                }
            }
        });
        let values: BTreeSet<&String> = cx
            .cache
            .cases
            .iter()
            .filter_map(|c| c.attributes.get(attr.trim()))
            .collect();
        let l = ui.label(cx.tr(Msg::ExportOutcomeValue));
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text("运转有效")
                .desired_width(120.0),
        )
        .labelled_by(l.id);
        ui.add_enabled_ui(!values.is_empty(), |ui| {
            ui.menu_button(cx.tr(Msg::ExportPick), |ui| {
                for v in values {
                    if ui.button(v).clicked() {
                        v.clone_into(value);
                        ui.close();
                    }
                }
            });
        });
        ui.weak(cx.tr(Msg::ExportOutcomeDefault));
    });
    ui.end_row();
}

fn citation_rows(ui: &mut Ui, cx: &PanelCtx<'_>, c: &mut CitationPatterns) {
    let defaults = CitationPatterns::default();
    for (msg, text, default) in [
        (
            Msg::ExportCiteInterview,
            &mut c.interview,
            &defaults.interview,
        ),
        (Msg::ExportCiteDocument, &mut c.document, &defaults.document),
        (
            Msg::ExportCiteObservation,
            &mut c.observation,
            &defaults.observation,
        ),
    ] {
        let l = ui.label(cx.tr(msg));
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(default.as_str())
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
            if *text != *default {
                ui.weak(format!("{} {default}", cx.tr(Msg::ExportCiteDefault)));
            }
        });
        ui.end_row();
    }
    ui.label("");
    ui.horizontal(|ui| {
        ui.weak(cx.tr(Msg::ExportCiteHint));
        if *c != defaults && ui.small_button(cx.tr(Msg::ExportCiteReset)).clicked() {
            *c = defaults.clone();
        }
    });
    ui.end_row();
}

/// Cases and codes side by side: tick to choose; none ticked means the default.
fn choosers_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    (cases, codes): (&mut Vec<String>, &mut Vec<String>),
    (case_filter, code_filter): (&mut String, &mut String),
) {
    let case_names: Vec<String> = cx.cache.cases.iter().map(|c| c.name.clone()).collect();
    let code_paths: Vec<String> = cx.cache.codes.iter().map(|c| c.path.clone()).collect();
    ui.columns(2, |cols| {
        let [left, right] = cols else {
            return;
        };
        chooser_ui(
            left,
            cx,
            ("qcw-export-cases", Msg::ExportCases, Msg::ExportAllCases),
            (&case_names, case_filter),
            cases,
        );
        chooser_ui(
            right,
            cx,
            (
                "qcw-export-codes",
                Msg::ExportCodes,
                Msg::ExportDefaultCodes,
            ),
            (&code_paths, code_filter),
            codes,
        );
    });
}

/// One multi-select list with a filter field (labelled by the list's title); `chosen` keeps
/// the list's order.
fn chooser_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    (id, title, none): (&str, Msg, Msg),
    (items, filter): (&[String], &mut String),
    chosen: &mut Vec<String>,
) {
    ui.horizontal(|ui| {
        let l = ui.strong(cx.tr(title));
        ui.add(
            egui::TextEdit::singleline(filter)
                .hint_text(cx.tr(Msg::ExportFilter))
                .desired_width(120.0),
        )
        .labelled_by(l.id);
        if chosen.is_empty() {
            ui.weak(cx.tr(none));
        } else {
            ui.weak(cx.trf(Msg::ExportChosen, &[&chosen.len(), &items.len()]));
            if ui.small_button(cx.tr(Msg::ExportClear)).clicked() {
                chosen.clear();
            }
        }
    });
    let mut changed = false;
    let mut ticked: BTreeSet<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, n)| chosen.contains(n))
        .map(|(i, _)| i)
        .collect();
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(120.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let wanted = filter.trim();
            for (i, name) in items.iter().enumerate() {
                if !wanted.is_empty() && !name.contains(wanted) {
                    continue;
                }
                let mut on = ticked.contains(&i);
                if ui.checkbox(&mut on, name.as_str()).changed() {
                    changed = true;
                    if on {
                        ticked.insert(i);
                    } else {
                        ticked.remove(&i);
                    }
                }
            }
        });
    if changed {
        *chosen = ticked.into_iter().map(|i| items[i].clone()).collect();
    }
}

/// The preview: a spinner while computing, the error, or the first rows.
pub(super) fn preview_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    answer: Option<Result<PreviewRows, String>>,
    path: &str,
) {
    let rows = match answer {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(cx.tr(Msg::Computing));
            });
            return;
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        Some(Ok(rows)) => rows,
    };
    ui.horizontal_wrapped(|ui| {
        ui.strong(cx.trf(Msg::ExportPreviewOf, &[&rows.rows.len(), &rows.total]));
        ui.weak(cx.trf(Msg::ExportTablesList, &[&rows.tables.join(", ")]));
        if path.trim().to_ascii_lowercase().ends_with(".csv") {
            ui.weak(cx.tr(Msg::ExportCsvSiblings));
        }
    });
    super::table::solid_scroll_bars(ui);
    egui::ScrollArea::both()
        .id_salt("qcw-export-preview")
        .auto_shrink([false, false])
        .max_height(ui.available_height().max(120.0))
        .show(ui, |ui| {
            egui::Grid::new("qcw-export-preview-grid")
                .striped(true)
                .spacing([14.0, 4.0])
                .show(ui, |ui| {
                    for c in &rows.columns {
                        ui.label(RichText::new(c).strong());
                    }
                    ui.end_row();
                    for row in &rows.rows {
                        for cell in row {
                            let short = shorten(cell);
                            let r = ui.label(&short);
                            if short != *cell {
                                r.on_hover_text(cell);
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

/// At most [`CELL_LINES`] lines of at most [`CELL_CHARS`] characters, `…` where cut (in the
/// middle, so a quote's citation at its end stays visible).
fn shorten(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines
        .iter()
        .take(CELL_LINES)
        .map(|l| {
            let n = l.chars().count();
            if n > CELL_CHARS {
                let head: String = l.chars().take(CELL_CHARS - CELL_TAIL).collect();
                let tail: String = l.chars().skip(n - CELL_TAIL).collect();
                format!("{head}…{tail}")
            } else {
                (*l).to_owned()
            }
        })
        .collect();
    if lines.len() > CELL_LINES {
        out.push(format!("… (+{})", lines.len() - CELL_LINES));
    }
    out.join("\n")
}
