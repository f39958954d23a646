//! Memo marks in the reader's margin: a small note beside the first line of every coding that carries a
//! memo (between the text and the stripes); hovering shows the code, the coder and the memo, a
//! click opens the coding's memo in the bottom panel's inspector (selects the coding's code).

use super::PanelCtx;
use super::cache::DocData;
use super::commands::AppCommand;
use super::reader::Geo;
use egui::{Rect, Sense, Ui, vec2};

/// A small note (a page with two lines of text) centred in `rect`: fonts need not have ✎.
fn paint_note(ui: &Ui, rect: Rect, ink: egui::Color32) {
    let page = Rect::from_center_size(
        egui::pos2(rect.center().x, rect.min.y + 7.0),
        vec2(8.0, 10.0),
    );
    let painter = ui.painter();
    let stroke = egui::Stroke::new(1.0, ink);
    painter.rect_stroke(page, 1.0, stroke, egui::StrokeKind::Inside);
    for dy in [3.5, 6.5] {
        let y = page.min.y + dy;
        painter.line_segment(
            [
                egui::pos2(page.min.x + 2.0, y),
                egui::pos2(page.max.x - 2.0, y),
            ],
            stroke,
        );
    }
}

/// Width of the memo mark column, left of the stripes.
pub(super) const MEMO_MARK_W: f32 = 12.0;

/// Whether any coding of `doc` carries a memo (the reader keeps a margin for the marks).
pub(super) fn has_memos(doc: &DocData) -> bool {
    doc.codings.iter().any(|c| !c.memo.trim().is_empty())
}

/// Paints the memo marks of the codings starting in the `visible` paragraphs; returns their
/// screen rectangles (for tests and hit-testing).
pub(super) fn memo_marks_ui(
    ui: &mut Ui,
    cx: &mut PanelCtx<'_>,
    geo: &Geo<'_>,
    doc: &DocData,
    visible: std::ops::Range<usize>,
) -> Vec<Rect> {
    let mut rects: Vec<Rect> = Vec::new();
    let color = ui.visuals().weak_text_color();
    for c in doc.codings.iter().filter(|c| !c.memo.trim().is_empty()) {
        if !visible.contains(&geo.layout.para_of(c.start)) {
            continue;
        }
        let caret = geo.layout.caret_rect(c.start);
        let y = geo.origin.y + caret.min.y;
        let mut rect = Rect::from_min_size(
            egui::pos2(geo.stripes_x - MEMO_MARK_W, y),
            vec2(MEMO_MARK_W - 1.0, caret.height().max(12.0)),
        );
        // Two memos on one line: the second goes just below.
        while rects.iter().any(|r| r.intersects(rect)) {
            rect = rect.translate(vec2(0.0, rect.height()));
        }
        rects.push(rect);
        let id = ui.scope_id().with(("qcw-memo-mark", c.id));
        let response = ui.interact(rect, id, Sense::click());
        let label = format!("memo: {} · {}", c.code, c.memo);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let ink = if response.hovered() {
            ui.visuals().strong_text_color()
        } else {
            color
        };
        paint_note(ui, rect, ink);
        let clicked = response.clicked();
        response.on_hover_ui(|ui| {
            ui.set_max_width(360.0);
            ui.strong(&c.code);
            ui.weak(format!("{} · [{}, {})", c.coder, c.start, c.end));
            ui.separator();
            ui.label(&c.memo);
        });
        if clicked {
            cx.push(AppCommand::JumpTo {
                doc_id: doc.id,
                start: c.start,
                end: c.end,
            });
        }
    }
    rects
}
