//! Highlights and coding stripes of the reader's document, precomputed when the document's
//! codings or the codebook change (never per frame): each coding as a [`Mark`] with its colour
//! and stripe lane, the marks overlapping each paragraph, and — per layout — the highlight
//! rectangles of each paragraph (computed the first time it is painted) and each mark's vertical
//! extent for its stripe.

use super::cache::DocData;
use super::reader_layout::{DocLayout, LayoutKey, line_ranges};
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
}

impl Marks {
    /// Builds the marks of `doc` with the colours of `codes`.
    pub fn build(doc: &DocData, codes: &[Code]) -> Marks {
        let colors: HashMap<i64, (Color32, &str)> = codes
            .iter()
            .map(|c| (c.id, (parse_color(&c.color), c.name.as_str())))
            .collect();
        let mut marks: Vec<Mark> = doc
            .codings
            .iter()
            .filter(|c| c.start < c.end)
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

/// Highlight geometry for one (layout, marks) pair.
#[derive(Debug, Clone)]
pub struct PaintCache {
    /// The layout it belongs to.
    pub key: LayoutKey,
    /// The marks it belongs to.
    pub stamp: u64,
    /// Highlight rectangles (content coordinates) and fills per paragraph, once painted.
    para_rects: Vec<Option<Vec<(Rect, Color32)>>>,
    /// Top and bottom of each mark (content coordinates).
    pub extents: Vec<(f32, f32)>,
    /// Stripe lane of each mark: marks whose rows overlap get different lanes.
    pub lanes: Vec<usize>,
    /// Stripe labels per code id.
    pub labels: HashMap<i64, Arc<Galley>>,
}

/// Highlight opacity (0–255): overlapping codings stack and blend.
pub const HIGHLIGHT_ALPHA: u8 = 70;

impl PaintCache {
    /// Computes the extents and labels; paragraph rectangles come later, on demand.
    pub fn build(ctx: &egui::Context, layout: &DocLayout, marks: &Marks) -> PaintCache {
        let extents: Vec<(f32, f32)> = marks
            .marks
            .iter()
            .map(|m| layout.range_extent(m.start, m.end))
            .collect();
        // Marks are sorted by start, hence by top: give each the first lane free at its top.
        let mut lanes = Vec::with_capacity(extents.len());
        let mut lane_bottoms: Vec<f32> = Vec::new();
        for &(top, bottom) in &extents {
            let lane = match lane_bottoms.iter().position(|&b| b < top) {
                Some(l) => l,
                None => {
                    lane_bottoms.push(f32::NEG_INFINITY);
                    lane_bottoms.len() - 1
                }
            };
            lane_bottoms[lane] = bottom;
            lanes.push(lane);
        }
        let font = FontId::proportional(12.0);
        let labels = ctx.fonts_mut(|f| {
            marks
                .names
                .iter()
                .map(|(&id, name)| {
                    (
                        id,
                        f.layout_no_wrap(name.clone(), font.clone(), Color32::PLACEHOLDER),
                    )
                })
                .collect()
        });
        PaintCache {
            key: layout.key,
            stamp: marks.stamp,
            para_rects: vec![None; layout.paras.len()],
            extents,
            lanes,
            labels,
        }
    }

    /// Whether this cache is for `layout` and `marks`.
    pub fn is_for(&self, layout: &DocLayout, marks: &Marks) -> bool {
        self.key == layout.key
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
