//! Highlights and coding stripes of the reader's document, precomputed when the document's
//! codings or the codebook change (never per frame): each coding as a [`Mark`] with its colour
//! and stripe lane, the marks overlapping each paragraph, and — per layout — the highlight
//! rectangles of each paragraph (computed the first time it is painted) and each mark's vertical
//! extent for its stripe.

use super::cache::DocData;
use super::reader_layout::{DocLayout, LayoutKey, line_ranges};
use super::state::StripeFilter;
use super::widgets::parse_color;
use crate::model::Code;
use egui::{Color32, FontId, Galley, Rect};
use std::collections::HashMap;
use std::sync::Arc;

/// One coding as drawn.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Coding id.
    pub coding_id: i64,
    /// Code id.
    pub code_id: i64,
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
    /// The code's colour (opaque).
    pub color: Color32,
    /// Lane by code-point overlap (0 = nearest the text); see [`PaintCache::lanes`] for drawing.
    pub lane: usize,
}

/// The codings of one document, ready to draw.
#[derive(Debug, Clone)]
pub struct Marks {
    /// [`DocData::stamp`] they were built from.
    pub stamp: u64,
    /// Document id.
    pub doc_id: i64,
    /// By start.
    pub marks: Vec<Mark>,
    /// Indices into `marks` of the marks overlapping each paragraph.
    pub by_para: Vec<Vec<u32>>,
    /// Number of stripe lanes used.
    pub lanes: usize,
    /// Code names by id (stripe labels).
    pub names: HashMap<i64, String>,
    /// The codes and coders left out (see [`StripeFilter`]).
    pub filter: StripeFilter,
}

impl Marks {
    /// Builds the marks of `doc` with the colours of `codes`, leaving out what `filter` hides.
    pub fn build(doc: &DocData, codes: &[Code], filter: &StripeFilter) -> Marks {
        let colors: HashMap<i64, (Color32, &str)> = codes
            .iter()
            .map(|c| (c.id, (parse_color(&c.color), c.name.as_str())))
            .collect();
        let mut marks: Vec<Mark> = doc
            .codings
            .iter()
            .filter(|c| {
                c.start < c.end
                    && !filter.codes.contains(&c.code_id)
                    && !filter.coders.contains(&c.coder)
            })
            .map(|c| Mark {
                coding_id: c.id,
                code_id: c.code_id,
                start: c.start,
                end: c.end,
                color: colors.get(&c.code_id).map_or(Color32::GRAY, |c| c.0),
                lane: 0,
            })
            .collect();
        marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.coding_id));
        // Interval colouring: each mark takes the first lane free at its start.
        let mut lane_ends: Vec<usize> = Vec::new();
        for m in &mut marks {
            match lane_ends.iter().position(|&e| e <= m.start) {
                Some(l) => {
                    lane_ends[l] = m.end;
                    m.lane = l;
                }
                None => {
                    m.lane = lane_ends.len();
                    lane_ends.push(m.end);
                }
            }
        }
        let lines = line_ranges(&doc.text);
        let mut by_para: Vec<Vec<u32>> = vec![Vec::new(); lines.len()];
        let para_of = |pos: usize| lines.partition_point(|l| l.0 <= pos).saturating_sub(1);
        for (i, m) in marks.iter().enumerate() {
            for list in &mut by_para[para_of(m.start)..=para_of(m.end - 1)] {
                list.push(i as u32);
            }
        }
        let names = codes.iter().map(|c| (c.id, c.name.clone())).collect();
        Marks {
            stamp: doc.stamp,
            doc_id: doc.id,
            marks,
            by_para,
            lanes: lane_ends.len(),
            names,
            filter: filter.clone(),
        }
    }

    /// The marks of paragraph `para` covering code point `pos`.
    pub fn at(&self, para: usize, pos: usize) -> impl Iterator<Item = &Mark> {
        self.by_para
            .get(para)
            .into_iter()
            .flatten()
            .map(|&i| &self.marks[i as usize])
            .filter(move |m| m.start <= pos && pos < m.end)
    }
}

/// How the margin stripes are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StripeStyle {
    /// Width of one lane (stripe plus, when labelled, its label).
    pub lane_w: f32,
    /// Whether stripes carry a horizontal label beside them (off in density mode).
    pub labelled: bool,
    /// Lanes available.
    pub lanes: usize,
}

/// Width of a stripe.
pub const STRIPE_W: f32 = 4.0;
/// Height of a stripe label.
pub const LABEL_H: f32 = 15.0;
/// Vertical gap kept between stripes, and between labels, of one lane.
const LANE_GAP: f32 = 2.0;

/// Where one stripe goes: its lane and whether its label is drawn beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Lane (0 = nearest the text).
    pub lane: usize,
    /// Whether the label is drawn (it is left out where it would cover another).
    pub label: bool,
}

/// Stacks stripes `[top, bottom]` into at most `max_lanes` lanes so that no two stripes of a
/// lane overlap and no two labels (`label_h` tall from the stripe's top, `None` = unlabelled)
/// overlap: a stripe takes the first lane where it and its label fit; when every lane is taken
/// it goes without a label into a lane where the stripe fits; `None` when not even that exists.
pub fn stack_lanes(
    extents: &[(f32, f32)],
    label_h: Option<f32>,
    max_lanes: usize,
) -> Vec<Option<Slot>> {
    let mut order: Vec<usize> = (0..extents.len()).collect();
    order.sort_by(|&a, &b| extents[a].0.total_cmp(&extents[b].0));
    // Per lane: bottom of its last stripe and of its last label.
    let mut ends: Vec<(f32, f32)> = Vec::new();
    let mut out = vec![None; extents.len()];
    for i in order {
        let (top, bottom) = extents[i];
        let stripe_fits = |e: &(f32, f32)| e.0 + LANE_GAP <= top;
        let both_fit = |e: &(f32, f32)| stripe_fits(e) && e.1 + LANE_GAP <= top;
        let labelled = label_h.is_some();
        let label_bottom = top + label_h.unwrap_or(0.0);
        let slot = match ends.iter().position(both_fit) {
            Some(l) => Some((l, labelled)),
            None if ends.len() < max_lanes => {
                ends.push((f32::NEG_INFINITY, f32::NEG_INFINITY));
                Some((ends.len() - 1, labelled))
            }
            None => ends.iter().position(stripe_fits).map(|l| (l, false)),
        };
        if let Some((lane, label)) = slot {
            ends[lane].0 = bottom;
            if label {
                ends[lane].1 = label_bottom;
            }
            out[i] = Some(Slot { lane, label });
        }
    }
    out
}

/// Highlight geometry for one (layout, marks, stripe style) triple.
#[derive(Debug, Clone)]
pub struct PaintCache {
    /// The layout it belongs to.
    pub key: LayoutKey,
    /// The marks it belongs to.
    pub stamp: u64,
    /// The stripe style it belongs to.
    pub style: StripeStyle,
    /// Highlight rectangles (content coordinates) and fills per paragraph, once painted.
    para_rects: Vec<Option<Vec<(Rect, Color32)>>>,
    /// Top and bottom of each mark (content coordinates).
    pub extents: Vec<(f32, f32)>,
    /// Stripe lane of each mark (see [`stack_lanes`]); `None` = not drawn (no lane left).
    pub slots: Vec<Option<Slot>>,
    /// Stripe labels per code id, cut with an ellipsis to the lane's width.
    pub labels: HashMap<i64, Arc<Galley>>,
}

/// Highlight opacity (0–255): overlapping codings stack and blend.
pub const HIGHLIGHT_ALPHA: u8 = 70;

impl PaintCache {
    /// Computes the extents, lanes and labels; paragraph rectangles come later, on demand.
    pub fn build(
        ctx: &egui::Context,
        layout: &DocLayout,
        marks: &Marks,
        style: StripeStyle,
    ) -> PaintCache {
        let extents: Vec<(f32, f32)> = marks
            .marks
            .iter()
            .map(|m| layout.range_extent(m.start, m.end))
            .collect();
        let slots = stack_lanes(&extents, style.labelled.then_some(LABEL_H), style.lanes);
        let labels = if style.labelled {
            let font = FontId::proportional(12.0);
            let wrap = egui::text::TextWrapping {
                max_width: (style.lane_w - STRIPE_W - 6.0).max(8.0),
                max_rows: 1,
                break_anywhere: true,
                overflow_character: Some('…'),
            };
            ctx.fonts_mut(|f| {
                marks
                    .names
                    .iter()
                    .map(|(&id, name)| {
                        let mut job = egui::text::LayoutJob::simple_singleline(
                            name.clone(),
                            font.clone(),
                            Color32::PLACEHOLDER,
                        );
                        job.wrap = wrap.clone();
                        (id, f.layout_job(job))
                    })
                    .collect()
            })
        } else {
            HashMap::new()
        };
        PaintCache {
            key: layout.key,
            stamp: marks.stamp,
            style,
            para_rects: vec![None; layout.paras.len()],
            extents,
            slots,
            labels,
        }
    }

    /// Screen rectangles of mark `i`'s stripe and (if drawn) label, with the stripes starting
    /// at `x0` and the text's top at `y0`.
    pub fn stripe_rects(&self, i: usize, x0: f32, y0: f32) -> Option<(Rect, Option<Rect>)> {
        let slot = self.slots.get(i).copied().flatten()?;
        let (top, bottom) = self.extents[i];
        let x = x0 + slot.lane as f32 * self.style.lane_w;
        let stripe = Rect::from_x_y_ranges(x..=x + STRIPE_W, y0 + top..=y0 + bottom);
        let label = slot.label.then(|| {
            Rect::from_x_y_ranges(
                x + STRIPE_W + 2.0..=x + self.style.lane_w - 2.0,
                y0 + top..=y0 + top + LABEL_H,
            )
        });
        Some((stripe, label))
    }

    /// Whether this cache is for `layout` and `marks`.
    pub fn is_for(&self, layout: &DocLayout, marks: &Marks, style: StripeStyle) -> bool {
        self.key == layout.key
            && self.style == style
            && self.stamp == marks.stamp
            && self.para_rects.len() == layout.paras.len()
    }

    /// The highlight rectangles of paragraph `i` (computed once).
    pub fn para_rects(
        &mut self,
        layout: &DocLayout,
        marks: &Marks,
        i: usize,
    ) -> &[(Rect, Color32)] {
        let slot = &mut self.para_rects[i];
        slot.get_or_insert_with(|| {
            let mut out = Vec::new();
            let mut rects = Vec::new();
            for &m in marks.by_para.get(i).into_iter().flatten() {
                let m = &marks.marks[m as usize];
                rects.clear();
                layout.range_rects_in(i, m.start, m.end, &mut rects);
                let fill = Color32::from_rgba_unmultiplied(
                    m.color.r(),
                    m.color.g(),
                    m.color.b(),
                    HIGHLIGHT_ALPHA,
                );
                out.extend(rects.iter().map(|&r| (r, fill)));
            }
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label_rects(extents: &[(f32, f32)], slots: &[Option<Slot>]) -> Vec<Rect> {
        let style = StripeStyle {
            lane_w: 90.0,
            labelled: true,
            lanes: 0,
        };
        slots
            .iter()
            .zip(extents)
            .filter_map(|(s, &(top, _))| {
                let s = (*s)?;
                s.label.then(|| {
                    let x = s.lane as f32 * style.lane_w + STRIPE_W + 2.0;
                    Rect::from_x_y_ranges(x..=x + 80.0, top..=top + LABEL_H)
                })
            })
            .collect()
    }

    fn disjoint(rects: &[Rect]) -> bool {
        rects.iter().enumerate().all(|(i, a)| {
            rects[i + 1..]
                .iter()
                .all(|b| !a.intersects(*b) || a.intersect(*b).area() <= 0.0)
        })
    }

    #[test]
    fn labels_never_overlap_and_stripes_of_a_lane_are_disjoint() {
        // Dense, nested and short stripes, many starting on the same row.
        let extents: Vec<(f32, f32)> = (0..200)
            .map(|i| {
                let top = (i / 3) as f32 * 7.0;
                (top, top + 3.0 + (i % 11) as f32 * 9.0)
            })
            .collect();
        for max in [1, 3, 6] {
            let slots = stack_lanes(&extents, Some(LABEL_H), max);
            assert!(slots.iter().flatten().all(|s| s.lane < max));
            assert!(disjoint(&label_rects(&extents, &slots)), "max {max}");
            for l in 0..max {
                let mut in_lane: Vec<(f32, f32)> = slots
                    .iter()
                    .zip(&extents)
                    .filter(|(s, _)| s.is_some_and(|s| s.lane == l))
                    .map(|(_, &e)| e)
                    .collect();
                in_lane.sort_by(|a, b| a.0.total_cmp(&b.0));
                assert!(in_lane.windows(2).all(|w| w[0].1 < w[1].0), "lane {l}");
            }
        }
    }

    #[test]
    fn a_stripe_gets_a_label_when_there_is_room_and_drops_it_otherwise() {
        // Two stripes starting on the same row, one lane: the second cannot go anywhere.
        let slots = stack_lanes(&[(0.0, 40.0), (0.0, 20.0)], Some(LABEL_H), 1);
        assert_eq!(
            slots[0],
            Some(Slot {
                lane: 0,
                label: true
            })
        );
        assert_eq!(slots[1], None);
        // Two lanes: both labelled, side by side.
        let slots = stack_lanes(&[(0.0, 40.0), (0.0, 20.0)], Some(LABEL_H), 2);
        assert_eq!(
            slots[1],
            Some(Slot {
                lane: 1,
                label: true
            })
        );
        // A stripe starting just below a short one whose label is still there: the stripe fits
        // the lane but the label does not, so with one lane it goes unlabelled.
        let slots = stack_lanes(&[(0.0, 5.0), (10.0, 30.0)], Some(LABEL_H), 1);
        assert_eq!(
            slots[1],
            Some(Slot {
                lane: 0,
                label: false
            })
        );
        // Density mode (no labels): stripes pack tightly.
        let slots = stack_lanes(&[(0.0, 5.0), (10.0, 30.0)], None, 1);
        assert_eq!(
            slots[1],
            Some(Slot {
                lane: 0,
                label: false
            })
        );
    }
}
