//! The reader's margin stripes: one stripe per coding with its code name written horizontally
//! beside it, stacked in lanes so that labels never overlap (see
//! [`super::reader_marks::stack_lanes`]); the hovered coding's stripe is drawn wider with its
//! label emphasised. Plus the stripe menu: show or hide codes and coders, density mode.

use super::PanelCtx;
use super::cache::DocData;
use super::commands::AppCommand;
use super::i18n::Msg;
use super::reader::Geo;
use super::reader_marks::PaintCache;
use egui::{Color32, Rect, Stroke, StrokeKind, Ui, vec2};
use std::collections::BTreeMap;

/// `a` moved `t` of the way towards `b`.
fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}

/// Paints the stripes of the marks in the `visible` paragraphs; appends each label's coding and
/// screen rectangle to `label_rects`.
pub(super) fn paint_stripes(
    ui: &Ui,
    geo: &Geo<'_>,
    paint: &PaintCache,
    visible: std::ops::Range<usize>,
    label_rects: &mut Vec<(i64, Rect)>,
) {
    let mut shown: Vec<u32> = visible
        .flat_map(|i| geo.marks.by_para.get(i).into_iter().flatten().copied())
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let painter = ui.painter();
    let text = ui.visuals().text_color();
    let bg = ui.visuals().extreme_bg_color;
    let mut hovered_labels = Vec::new();
    for i in shown {
        let i = i as usize;
        let Some((stripe, label)) = paint.stripe_rects(i, geo.stripes_x, geo.origin.y) else {
            continue;
        };
        let mark = &geo.marks.marks[i];
        let hot = geo.hovered.contains(&mark.coding_id);
        let stripe = if hot {
            stripe.expand2(vec2(1.5, 0.0))
        } else {
            stripe
        };
        painter.rect_filled(stripe, 1.0, mark.color);
        if let (Some(r), Some(galley)) = (label, paint.labels.get(&mark.code_id)) {
            label_rects.push((mark.coding_id, r));
            if hot {
                hovered_labels.push((r, galley.clone(), mark.color));
                continue;
            }
            let pos = r.left_center() - vec2(0.0, galley.size().y / 2.0);
            painter.galley(pos, galley.clone(), mix(mark.color, text, 0.45));
        }
    }
    // Hovered labels last, on a background, outlined in the code's colour.
    for (r, galley, color) in hovered_labels {
        painter.rect_filled(r.expand(1.0), 2.0, bg);
        painter.rect_stroke(
            r.expand(1.0),
            2.0,
            Stroke::new(1.0, color),
            StrokeKind::Inside,
        );
        let pos = r.left_center() - vec2(0.0, galley.size().y / 2.0);
        painter.galley(pos, galley, text);
    }
}

/// The "Stripes" menu of the reader's header: density mode, and a check box per code and per
/// coder of the document (unticked = its highlights and stripes hidden).
pub(super) fn stripe_menu_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, doc: &DocData) {
    let filter = &cx.state.view.stripe_filter;
    let mut codes: BTreeMap<&str, i64> = BTreeMap::new();
    let mut coders: BTreeMap<&str, ()> = BTreeMap::new();
    for c in &doc.codings {
        codes.insert(c.code.as_str(), c.code_id);
        coders.insert(c.coder.as_str(), ());
    }
    let hidden = filter.codes.len() + filter.coders.len();
    let title = if hidden > 0 {
        format!("{} ({hidden})", cx.tr(Msg::StripesMenu))
    } else {
        cx.tr(Msg::StripesMenu).to_owned()
    };
    let mut next = filter.clone();
    let mut dense = cx.state.stripes_dense;
    ui.menu_button(title, |ui| {
        if ui.checkbox(&mut dense, cx.tr(Msg::StripesDense)).changed() {
            cx.push(AppCommand::SetStripesDense(dense));
        }
        ui.separator();
        ui.weak(cx.tr(Msg::StripesCodes));
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for (&path, &id) in &codes {
                    let mut on = !next.codes.contains(&id);
                    if ui.checkbox(&mut on, path).changed() {
                        if on {
                            next.codes.remove(&id);
                        } else {
                            next.codes.insert(id);
                        }
                    }
                }
            });
        ui.separator();
        ui.weak(cx.tr(Msg::StripesCoders));
        for &coder in coders.keys() {
            let mut on = !next.coders.contains(coder);
            if ui.checkbox(&mut on, coder).changed() {
                if on {
                    next.coders.remove(coder);
                } else {
                    next.coders.insert(coder.to_owned());
                }
            }
        }
        ui.separator();
        if ui.button(cx.tr(Msg::StripesShowAll)).clicked() {
            next = Default::default();
        }
    })
    .response
    .on_hover_text(cx.tr(Msg::StripesMenuHint));
    if next != cx.state.view.stripe_filter {
        cx.push(AppCommand::SetStripeFilter(next));
    }
}
