//! The reader: a document's immutable text with every coding as a semi-transparent highlight
//! (overlaps stack and blend) and coding stripes labelled by code name in the right margin.
//! Text is selected with the mouse (drag, Shift+click) or the keyboard (Shift+arrows); a
//! selection can be dragged onto a code. Only the paragraphs in view are painted; layout and
//! highlight geometry are cached (see `reader_layout` and `reader_marks`).

use super::PanelCtx;
use super::cache::DocData;
use super::commands::AppCommand;
use super::i18n::{Msg, kind_msg};
use super::reader_input::{DragMode, keys, pointer};
use super::reader_layout::{DocLayout, LayoutKey};
use super::reader_marks::{LABEL_H, Marks, PaintCache, StripeStyle};
use super::reader_memos::{MEMO_MARK_W, has_memos, memo_marks_ui};
use super::reader_paint::{drag_preview, hover_tooltip, paint_text};
use super::reader_stripes::{paint_stripes, stripe_menu_ui};
use egui::{Align, DragAndDrop, Pos2, Rect, Sense, Ui, vec2};

/// Width of a labelled stripe lane (stripe and its label) in the margin.
const LABEL_LANE_W: f32 = 88.0;
/// Width of a lane in density mode.
const DENSE_LANE_W: f32 = 6.0;
/// Most lanes in density mode.
const MAX_DENSE_LANES: usize = 40;
/// Share of the reader's width the labelled lanes may take.
const LABEL_SHARE: f32 = 0.32;
/// Seconds a jumped-to segment flashes.
pub(super) const FLASH_SECS: f64 = 1.6;
/// Left padding of the text.
const PAD: f32 = 6.0;

/// Drag-and-drop payload: the reader's selection, dropped onto a code to code it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectionDrag {
    /// Document id.
    pub doc_id: i64,
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
}

/// The reader's caches and pointer state.
#[derive(Debug, Default)]
pub struct Reader {
    layout: Option<DocLayout>,
    marks: Option<Marks>,
    paint: Option<PaintCache>,
    drag: DragMode,
    scroll_seq: u64,
    rects: Vec<Rect>,
    /// Screen position of the text's top-left corner in the last frame.
    origin: Option<Pos2>,
    /// Paragraphs painted in the last frame.
    visible: std::ops::Range<usize>,
    /// The stripe labels painted in the last frame: coding id and screen rectangle.
    label_rects: Vec<(i64, Rect)>,
    /// The codings under the pointer in the last frame.
    hovered: Vec<i64>,
    /// Screen rectangles of the memo marks painted in the last frame.
    memo_rects: Vec<Rect>,
}

impl Reader {
    /// The current layout (for tests and the benchmark).
    #[cfg(any(test, feature = "bench"))]
    pub fn layout(&self) -> Option<&DocLayout> {
        self.layout.as_ref()
    }

    /// Indices of the paragraphs painted in the last frame (for the benchmark).
    #[cfg(any(test, feature = "bench"))]
    pub fn visible_paragraphs(&self) -> std::ops::Range<usize> {
        self.visible.clone()
    }

    /// The stripe labels painted in the last frame: coding id and screen rectangle (for tests).
    pub fn labels(&self) -> &[(i64, Rect)] {
        &self.label_rects
    }

    /// The codings under the pointer in the last frame (for tests).
    pub fn hovered(&self) -> &[i64] {
        &self.hovered
    }

    /// Screen rectangles of the memo marks painted in the last frame (for tests).
    pub fn memo_rects(&self) -> &[Rect] {
        &self.memo_rects
    }

    /// Screen rectangle of character `pos` as painted in the last frame.
    pub fn char_rect(&self, pos: usize) -> Option<Rect> {
        let (layout, origin) = (self.layout.as_ref()?, self.origin?);
        let mut rects = Vec::new();
        layout.range_rects(pos, pos + 1, &mut rects);
        rects.first().map(|r| r.translate(origin.to_vec2()))
    }

    /// Shows the reader.
    pub fn reader_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        let Some(doc) = cx.cache.doc.as_ref() else {
            let msg = if cx.cache.path.is_some() {
                Msg::NoDocSelected
            } else {
                Msg::NoProject
            };
            ui.centered_and_justified(|ui| ui.weak(cx.tr(msg)));
            return;
        };
        header_ui(ui, cx, doc);
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt(("qcw-reader", doc.id))
            .auto_shrink(false)
            .show_viewport(ui, |ui, _| self.text_ui(ui, cx, doc));
    }

    /// Rebuilds what is stale: marks (on new codings or filter), layout (on width/font/theme),
    /// geometry (on either, or the stripe style).
    fn prepare(&mut self, ui: &Ui, cx: &PanelCtx<'_>, doc: &DocData) -> (f32, StripeStyle) {
        let filter = &cx.state.view.stripe_filter;
        let stale = self
            .marks
            .as_ref()
            .is_none_or(|m| m.stamp != doc.stamp || m.doc_id != doc.id || m.filter != *filter);
        if stale {
            self.marks = Some(Marks::build(doc, &cx.cache.codes, filter));
        }
        let lanes = self.marks.as_ref().map_or(0, |m| m.lanes);
        let width = ui.available_width();
        let style = stripe_style(cx, lanes, width);
        let margin = if style.lanes > 0 {
            style.lanes as f32 * style.lane_w + 14.0
        } else if has_memos(doc) {
            MEMO_MARK_W + 2.0
        } else {
            0.0
        };
        let key = LayoutKey {
            doc_id: doc.id,
            chars: doc.chars,
            text_stamp: doc.text_stamp,
            width: (width - margin - PAD * 2.0).max(120.0).round(),
            font_size: cx.state.font_size,
            pixels_per_point: ui.ctx().pixels_per_point(),
            color: ui.visuals().text_color(),
        };
        if self.layout.as_ref().is_none_or(|l| l.key != key) {
            self.layout = Some(DocLayout::build(ui.ctx(), &doc.text, key));
        }
        if let (Some(layout), Some(marks)) = (&self.layout, &self.marks)
            && self
                .paint
                .as_ref()
                .is_none_or(|p| !p.is_for(layout, marks, style))
        {
            self.paint = Some(PaintCache::build(ui.ctx(), layout, marks, style));
        }
        (key.width + PAD * 2.0 + 6.0, style)
    }

    fn text_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, doc: &DocData) {
        let (stripes_dx, style) = self.prepare(ui, cx, doc);
        let (Some(layout), Some(marks), Some(paint)) = (&self.layout, &self.marks, &mut self.paint)
        else {
            return;
        };
        let size = vec2(
            ui.available_width(),
            layout.height + 3.0 * layout.row_height,
        );
        let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
        let label = cx.tr(Msg::ReaderLabel);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, label));
        let origin = rect.min + vec2(PAD, 0.0);
        self.origin = Some(origin);
        let stripes_x = rect.min.x + stripes_dx;
        let mut geo = Geo {
            layout,
            marks,
            origin,
            stripes_x,
            hovered: Vec::new(),
        };
        pointer(ui, cx, &response, &geo, paint, doc, &mut self.drag);
        if response.has_focus() {
            keys(ui, cx, &response, layout, doc);
        }
        if let Some(req) = cx.state.view.scroll_to
            && req.seq != self.scroll_seq
            && cx.state.view.doc == Some(doc.id)
        {
            self.scroll_seq = req.seq;
            let r = layout.caret_rect(req.pos).translate(origin.to_vec2());
            ui.scroll_to_rect(r.expand(layout.row_height), Some(Align::Center));
        }
        if self.drag == DragMode::Idle && response.hovered() {
            geo.hovered = ui
                .ctx()
                .pointer_hover_pos()
                .map_or_else(Vec::new, |p| geo.codings_at(p, paint));
        }
        self.visible = paint_text(
            ui,
            cx,
            &geo,
            paint,
            doc,
            &mut self.rects,
            response.has_focus(),
        );
        self.label_rects.clear();
        if style.lanes > 0 {
            paint_stripes(ui, &geo, paint, self.visible.clone(), &mut self.label_rects);
        }
        self.memo_rects = memo_marks_ui(ui, cx, &geo, doc, self.visible.clone());
        self.hovered.clone_from(&geo.hovered);
        if DragAndDrop::has_payload_of_type::<SelectionDrag>(ui.ctx()) {
            drag_preview(ui, doc, cx);
        }
        hover_tooltip(ui, cx, &geo, paint, doc, response, self.drag);
    }
}

/// Where things are on screen this frame.
pub(super) struct Geo<'a> {
    pub(super) layout: &'a DocLayout,
    pub(super) marks: &'a Marks,
    pub(super) origin: Pos2,
    pub(super) stripes_x: f32,
    /// The codings under the pointer (drawn emphasised).
    pub(super) hovered: Vec<i64>,
}

impl Geo<'_> {
    pub(super) fn pos_at(&self, p: Pos2) -> usize {
        self.layout.pos_at(p - self.origin)
    }

    /// The codings under `p`: on the text, those covering the character; in the margin, the
    /// stripe's.
    pub(super) fn codings_at(&self, p: Pos2, paint: &PaintCache) -> Vec<i64> {
        if p.x >= self.stripes_x {
            let y = p.y - self.origin.y;
            let paras = self.layout.visible(y - LABEL_H, y);
            let mut ids: Vec<usize> = paras
                .flat_map(|para| self.marks.by_para.get(para).into_iter().flatten())
                .map(|&i| i as usize)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            return ids
                .into_iter()
                .filter(|&i| {
                    paint
                        .stripe_rects(i, self.stripes_x, self.origin.y)
                        .is_some_and(|(stripe, label)| {
                            let lane = stripe.expand2(vec2(1.0, 0.0));
                            let lane = lane.with_max_x(lane.min.x + paint.style.lane_w);
                            lane.contains(p) || label.is_some_and(|l| l.contains(p))
                        })
                })
                .map(|i| self.marks.marks[i].coding_id)
                .collect();
        }
        let Some(pos) = self.layout.char_at(p - self.origin) else {
            return Vec::new();
        };
        let para = self.layout.para_of(pos);
        self.marks.at(para, pos).map(|m| m.coding_id).collect()
    }
}

fn header_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, doc: &DocData) {
    let sel = cx
        .state
        .view
        .selection
        .filter(|s| s.doc_id == doc.id && !s.is_empty());
    ui.horizontal(|ui| {
        ui.heading(&doc.name);
        ui.weak(cx.tr(kind_msg(doc.kind)));
        ui.weak(cx.trf(Msg::CharsCount, &[&doc.chars]));
        ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
            let enabled = sel.is_some() && !cx.busy;
            let in_vivo = ui
                .add_enabled(enabled, egui::Button::new(cx.tr(Msg::InVivo)))
                .on_hover_text(cx.tr(Msg::InVivoHint));
            if in_vivo.clicked() {
                cx.push(AppCommand::InVivo {
                    parent: cx.state.view.code,
                });
            }
            let code = cx.state.view.code;
            let code_sel = ui
                .add_enabled(
                    enabled && code.is_some(),
                    egui::Button::new(cx.tr(Msg::CodeSelection)),
                )
                .on_hover_text(cx.tr(Msg::CodeSelectionHint));
            if code_sel.clicked()
                && let Some(code_id) = code
            {
                cx.push(AppCommand::CodeSelection { code_id });
            }
        });
    });
    ui.horizontal(|ui| {
        match sel {
            Some(s) => {
                let (a, b) = s.range();
                ui.label(cx.trf(Msg::SelectionInfo, &[&a, &b, &(b - a)]));
            }
            None => {
                ui.weak(cx.tr(Msg::NoSelection));
            }
        }
        stripe_menu_ui(ui, cx, doc);
        search_marks_ui(ui, cx, doc);
    });
}

/// "N hits of «query»" with previous / next / clear, while search hits are marked.
fn search_marks_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, doc: &DocData) {
    let Some(marks) = cx.state.view.search_marks.clone() else {
        return;
    };
    let hits: &[(usize, usize)] = marks.hits.get(&doc.id).map_or(&[], Vec::as_slice);
    ui.separator();
    ui.label(cx.trf(Msg::MarkedHits, &[&hits.len(), &marks.query]));
    let caret = cx
        .state
        .view
        .selection
        .filter(|s| s.doc_id == doc.id)
        .map(|s| s.range());
    let prev = match caret {
        Some((a, _)) => hits.iter().rev().find(|h| h.0 < a),
        None => hits.last(),
    };
    let next = match caret {
        Some((a, _)) => hits.iter().find(|h| h.0 > a),
        None => hits.first(),
    };
    for (target, msg) in [(prev, Msg::PrevHit), (next, Msg::NextHit)] {
        if ui
            .add_enabled(target.is_some(), egui::Button::new(cx.tr(msg)).small())
            .clicked()
            && let Some(&(start, end)) = target
        {
            cx.push(AppCommand::JumpTo {
                doc_id: doc.id,
                start,
                end,
            });
        }
    }
    if ui
        .small_button(cx.tr(Msg::ClearMarks))
        .on_hover_text(cx.tr(Msg::ClearMarks))
        .clicked()
    {
        cx.push(AppCommand::SetSearchMarks(None));
    }
}

/// The stripe style for `lanes` code-point lanes in a reader `width` wide: labelled lanes take
/// at most about a third of the width; density mode packs thin lanes without labels.
fn stripe_style(cx: &PanelCtx<'_>, lanes: usize, width: f32) -> StripeStyle {
    let (lane_w, labelled, max) = if cx.state.stripes_dense {
        (DENSE_LANE_W, false, MAX_DENSE_LANES)
    } else {
        let max = ((width * LABEL_SHARE / LABEL_LANE_W) as usize).max(1);
        (LABEL_LANE_W, true, max)
    };
    let shown = if cx.state.show_stripes && lanes > 0 {
        (lanes + usize::from(labelled)).min(max)
    } else {
        0
    };
    StripeStyle {
        lane_w,
        labelled,
        lanes: shown,
    }
}
