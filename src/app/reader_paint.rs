//! Reader painting: only the paragraphs in view — highlights (cached per paragraph), selection,
//! the flash of a jumped-to segment, the outline of the hovered codings, the text, the caret
//! (the stripes are `reader_stripes`); plus the drag preview and the hover tooltip.

use super::PanelCtx;
use super::cache::DocData;
use super::reader::{FLASH_SECS, Geo};
use super::reader_input::DragMode;
use super::reader_marks::PaintCache;
use egui::{Color32, Rect, Sense, Stroke, StrokeKind, Ui, vec2};

/// Paints the visible paragraphs: highlights, selection, flash, text, caret, stripes; returns
/// their indices.
pub(super) fn paint_text(
    ui: &Ui,
    cx: &PanelCtx<'_>,
    geo: &Geo<'_>,
    paint: &mut PaintCache,
    doc: &DocData,
    rects: &mut Vec<Rect>,
    focused: bool,
) -> std::ops::Range<usize> {
    let (layout, marks, origin) = (geo.layout, geo.marks, geo.origin);
    let clip = ui.clip_rect();
    let visible = layout.visible(clip.top() - origin.y, clip.bottom() - origin.y);
    let painter = ui.painter();
    let shift = origin.to_vec2();
    for i in visible.clone() {
        for &(r, fill) in paint.para_rects(layout, marks, i) {
            painter.rect_filled(r.translate(shift), 2.0, fill);
        }
    }
    if let Some(hits) = cx
        .state
        .view
        .search_marks
        .as_ref()
        .and_then(|m| m.hits.get(&doc.id))
        && !visible.is_empty()
    {
        let (from, to) = (
            layout.paras[visible.start].start,
            layout.paras[visible.end - 1].start + layout.paras[visible.end - 1].len,
        );
        // Hits are sorted by start and short: skip those that end well before the view.
        let first = hits.partition_point(|&(s, _)| s + 256 < from);
        let fill = Color32::from_rgba_unmultiplied(255, 214, 0, 110);
        let edge = Stroke::new(1.0, Color32::from_rgb(214, 150, 0));
        for &(s, e) in hits[first..].iter().take_while(|&&(s, _)| s < to) {
            rects.clear();
            layout.range_rects(s, e, rects);
            for r in rects.iter() {
                let r = r.translate(shift);
                painter.rect_filled(r, 2.0, fill);
                painter.rect_stroke(r, 2.0, edge, StrokeKind::Inside);
            }
        }
    }
    let sel = cx.state.view.selection.filter(|s| s.doc_id == doc.id);
    if let Some((a, b)) = sel.map(|s| s.range()).filter(|(a, b)| a < b) {
        let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.55);
        rects.clear();
        let (first, last) = (
            layout.para_of(a).max(visible.start),
            layout.para_of(b - 1).min(visible.end),
        );
        for i in first..=last.min(layout.paras.len().saturating_sub(1)) {
            layout.range_rects_in(i, a, b, rects);
        }
        for r in rects.iter() {
            painter.rect_filled(r.translate(shift), 0.0, fill);
        }
    }
    if let Some(flash) = cx.state.view.flash.filter(|f| f.doc_id == doc.id) {
        let t = ui.input(|i| i.time) - flash.since;
        if (0.0..FLASH_SECS).contains(&t) {
            let alpha = (1.0 - t / FLASH_SECS) as f32;
            rects.clear();
            layout.range_rects(flash.start, flash.end, rects);
            let color = Color32::from_rgb(255, 170, 0).gamma_multiply(alpha);
            for r in rects.iter() {
                painter.rect_stroke(
                    r.translate(shift).expand(1.5),
                    3.0,
                    Stroke::new(2.5, color),
                    StrokeKind::Outside,
                );
            }
            ui.ctx().request_repaint();
        }
    }
    for &id in &geo.hovered {
        if let Some(m) = marks.marks.iter().find(|m| m.coding_id == id) {
            rects.clear();
            let (a, b) = (m.start, m.end);
            let (first, last) = (
                layout.para_of(a).max(visible.start),
                layout.para_of(b - 1).min(visible.end.saturating_sub(1)),
            );
            for i in first..=last {
                layout.range_rects_in(i, a, b, rects);
            }
            for r in rects.iter() {
                painter.rect_stroke(
                    r.translate(shift).expand(1.0),
                    2.0,
                    Stroke::new(1.5, m.color),
                    StrokeKind::Outside,
                );
            }
        }
    }
    let text_color = ui.visuals().text_color();
    for para in &layout.paras[visible.clone()] {
        painter.galley(
            origin + vec2(0.0, para.top),
            para.galley.clone(),
            text_color,
        );
    }
    if focused && let Some(s) = sel.filter(|s| s.is_empty()) {
        let c = layout.caret_rect(s.focus).translate(shift);
        painter.line_segment(
            [c.left_top(), c.left_bottom()],
            Stroke::new(1.5, text_color),
        );
    }
    visible
}

/// While the selection is dragged onto a code, a small preview follows the pointer.
pub(super) fn drag_preview(ui: &Ui, doc: &DocData, cx: &PanelCtx<'_>) {
    let Some(p) = ui.ctx().pointer_latest_pos() else {
        return;
    };
    let Some((a, b)) = cx.state.view.selection.map(|s| s.range()) else {
        return;
    };
    let text: String = crate::text::char_slice(&doc.text, a, b)
        .chars()
        .take(16)
        .collect();
    let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("qcw-drag-preview"));
    let painter = ui.ctx().layer_painter(layer);
    let galley = painter.layout_no_wrap(
        format!("“{text}…”"),
        egui::FontId::proportional(13.0),
        Color32::WHITE,
    );
    let r = Rect::from_min_size(p + vec2(14.0, 10.0), galley.size()).expand(4.0);
    painter.rect_filled(r, 4.0, Color32::from_black_alpha(200));
    painter.galley(r.min + vec2(4.0, 4.0), galley, Color32::WHITE);
}

/// Hovering a highlight or stripe lists its codes.
pub(super) fn hover_tooltip(
    ui: &Ui,
    cx: &PanelCtx<'_>,
    geo: &Geo<'_>,
    paint: &PaintCache,
    doc: &DocData,
    response: egui::Response,
    drag: DragMode,
) {
    if drag != DragMode::Idle || !response.hovered() {
        return;
    }
    let Some(p) = ui.ctx().pointer_hover_pos() else {
        return;
    };
    let ids = geo.codings_at(p, paint);
    if ids.is_empty() {
        return;
    }
    response.on_hover_ui_at_pointer(|ui| {
        for id in ids {
            if let Some(c) = doc.codings.iter().find(|c| c.id == id) {
                let color = cx
                    .cache
                    .code(c.code_id)
                    .map_or(Color32::GRAY, |k| super::widgets::parse_color(&k.color));
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
                    ui.painter().rect_filled(r, 2.0, color);
                    ui.label(&c.code);
                    ui.weak(&c.coder);
                });
            }
        }
    });
}
