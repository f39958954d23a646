//! One disagreement side by side: a column per coder with that coder's codings overlapping the
//! disputed range (any code, the disputed one emphasised) and the text around it, the disputed
//! range highlighted; a button opens the reader there. Loaded by the worker.

use super::{Computed, status_ui};
use crate::analysis::Disagreement;
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::widgets::parse_color;
use crate::app::worker::{Rev, Worker};
use crate::model::Coding;
use crate::store::{CodingFilter, Project};
use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, Sense, Stroke, TextFormat, Ui};

/// Characters of context shown before and after the disputed range and the codings over it.
const CONTEXT: usize = 40;
/// At most this many characters of a long coding are shown beyond the disputed range.
const REACH: usize = 300;

/// What a column shows: one coder's codings over the range.
#[derive(Debug, Clone, PartialEq)]
pub struct CoderColumn {
    /// The coder.
    pub coder: String,
    /// Their codings in the document overlapping the range, by start.
    pub codings: Vec<Coding>,
}

/// The loaded disagreement.
#[derive(Debug, Clone, PartialEq)]
pub struct SideBySide {
    /// Document name.
    pub doc: String,
    /// Code point where `text` starts in the document.
    pub offset: usize,
    /// The text shown (the range with context).
    pub text: Vec<char>,
    /// One column per compared coder, in report order.
    pub columns: Vec<CoderColumn>,
}

/// Whether `[s, e)` and `[start, end)` share a character (an empty range counts as its point).
fn overlaps(s: usize, e: usize, start: usize, end: usize) -> bool {
    s.max(start) < e.max(s + 1).min(end.max(start + 1))
}

/// Loads the codings of `coders` over the disagreement `d`, and the text around it.
pub fn load_side(
    project: &Project,
    d: &Disagreement,
    coders: &[String],
) -> Result<SideBySide, AppError> {
    let codings = project.codings(&CodingFilter {
        doc_id: Some(d.doc_id),
        ..CodingFilter::default()
    })?;
    let (doc, text) = project
        .document_text(d.doc_id)?
        .ok_or_else(|| format!("document {} not found", d.doc_id))?;
    let columns: Vec<CoderColumn> = coders
        .iter()
        .map(|coder| {
            let mut mine: Vec<Coding> = codings
                .iter()
                .filter(|c| &c.coder == coder && overlaps(c.start, c.end, d.start, d.end))
                .cloned()
                .collect();
            mine.sort_by_key(|c| (c.start, c.end, c.id));
            CoderColumn {
                coder: coder.clone(),
                codings: mine,
            }
        })
        .collect();
    let all = columns.iter().flat_map(|c| &c.codings);
    let lo = all
        .clone()
        .map(|c| c.start)
        .fold(d.start, usize::min)
        .max(d.start.saturating_sub(REACH))
        .saturating_sub(CONTEXT);
    let hi = all
        .map(|c| c.end)
        .fold(d.end, usize::max)
        .min(d.end + REACH)
        + CONTEXT;
    let text: Vec<char> = text.chars().skip(lo).take(hi - lo).collect();
    Ok(SideBySide {
        doc,
        offset: lo,
        text,
        columns,
    })
}

/// The side-by-side pane.
#[derive(Default)]
pub struct SidePane {
    side: Computed<(Rev, Disagreement, Vec<String>), SideBySide>,
}

impl SidePane {
    /// The loaded columns, if any (for tests).
    pub fn loaded(&self) -> Option<&SideBySide> {
        self.side.ok()
    }

    /// Shows disagreement `d` among `coders` (with `code` the disputed code's path).
    pub fn side_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        worker: &mut Worker,
        d: &Disagreement,
        code: &str,
        coders: &[String],
    ) {
        let (task_d, task_coders) = (d.clone(), coders.to_vec());
        self.side.ensure(
            ui,
            cx,
            worker,
            (cx.rev, d.clone(), coders.to_vec()),
            move |w| load_side(w.project()?, &task_d, &task_coders),
        );
        if !status_ui(ui, cx, self.side.value(), self.side.pending()) {
            return;
        }
        let Some(side) = self.side.ok() else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.strong(&side.doc);
            ui.weak(format!("[{}, {})", d.start, d.end));
            ui.label(code);
            if ui.button(cx.tr(Msg::OpenInReader)).clicked() {
                cx.push(AppCommand::JumpTo {
                    doc_id: d.doc_id,
                    start: d.start,
                    end: d.end,
                });
            }
        });
        ui.columns(side.columns.len().max(1), |cols| {
            for (col, ui) in side.columns.iter().zip(cols.iter_mut()) {
                column_ui(ui, cx, side, col, d);
            }
        });
    }
}

/// One coder's column: heading, the text with the range highlighted, the codings listed.
fn column_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    side: &SideBySide,
    col: &CoderColumn,
    d: &Disagreement,
) {
    let present = d.coders_present.contains(&col.coder);
    ui.horizontal_wrapped(|ui| {
        ui.strong(cx.trf(Msg::CoderColumnHeading, &[&col.coder, &col.codings.len()]));
        let (msg, color) = if present {
            (Msg::CodedHere, Color32::from_rgb(40, 150, 70))
        } else {
            (Msg::NotCodedHere, ui.visuals().error_fg_color)
        };
        ui.label(RichText::new(cx.tr(msg)).color(color));
    });
    let disputed: Vec<&Coding> = col
        .codings
        .iter()
        .filter(|c| c.code_id == d.code_id)
        .collect();
    let color = cx
        .cache
        .code(d.code_id)
        .map_or(Color32::GRAY, |c| parse_color(&c.color));
    let job = text_job(ui, side, d, &disputed, color);
    egui::ScrollArea::vertical()
        .id_salt(("qcw-agreement-col", &col.coder))
        .max_height((ui.available_height() * 0.6).max(80.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.add(egui::Label::new(job).wrap());
        });
    ui.separator();
    for c in &col.codings {
        ui.horizontal(|ui| {
            let swatch = cx
                .cache
                .code(c.code_id)
                .map_or(Color32::GRAY, |k| parse_color(&k.color));
            let (r, _) = ui.allocate_exact_size(egui::vec2(8.0, 8.0), Sense::hover());
            ui.painter().rect_filled(r, 1.0, swatch);
            let path = if c.code_id == d.code_id {
                RichText::new(&c.code).strong()
            } else {
                RichText::new(&c.code)
            };
            ui.label(path);
            ui.weak(format!("[{}, {})", c.start, c.end));
        });
    }
}

/// The text window: the disputed range on a highlight, this coder's codings of the disputed
/// code underlined in the code's colour.
fn text_job(
    ui: &Ui,
    side: &SideBySide,
    d: &Disagreement,
    disputed: &[&Coding],
    color: Color32,
) -> LayoutJob {
    let font = FontId::proportional(15.0);
    let normal = ui.visuals().text_color();
    let highlight = if ui.visuals().dark_mode {
        Color32::from_rgba_unmultiplied(200, 160, 0, 90)
    } else {
        Color32::from_rgba_unmultiplied(255, 214, 0, 120)
    };
    let style = |pos: usize| {
        let in_range = pos >= d.start && pos < d.end;
        let coded = disputed.iter().any(|c| pos >= c.start && pos < c.end);
        (in_range, coded)
    };
    let mut job = LayoutJob::default();
    let mut run = String::new();
    let mut current = None;
    let flush = |job: &mut LayoutJob, run: &mut String, st: Option<(bool, bool)>| {
        if let Some((in_range, coded)) = st
            && !run.is_empty()
        {
            let mut f = TextFormat::simple(font.clone(), normal);
            if in_range {
                f.background = highlight;
            }
            if coded {
                f.underline = Stroke::new(2.0, color);
            }
            job.append(run, 0.0, f);
            run.clear();
        }
    };
    if side.offset > 0 {
        run.push('…');
        current = Some((false, false));
    }
    for (i, ch) in side.text.iter().enumerate() {
        let st = style(side.offset + i);
        if current != Some(st) {
            flush(&mut job, &mut run, current);
            current = Some(st);
        }
        run.push(if *ch == '\n' { '¶' } else { *ch });
        if *ch == '\n' {
            run.push('\n');
        }
    }
    run.push('…');
    flush(&mut job, &mut run, current);
    job
}
