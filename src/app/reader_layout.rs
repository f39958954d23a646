//! Reader layout: the document laid out once per (document, width, font, theme) as one cached
//! [`Galley`] per paragraph (line), with the vertical offset of each, so a frame only paints the
//! paragraphs in view; and the conversions between screen positions, egui cursors and document
//! code points.
//!
//! A document is split at `\n`; paragraph `i` covers code points `[start, start + len)` and the
//! `\n` after it is code point `start + len`. egui's [`CCursor::index`] counts `char`s, i.e. code
//! points, so a cursor in paragraph `i` is the document position `start + index` — exact for CJK,
//! emoji and characters outside the BMP.

use egui::text::{CCursor, CharIndex, LayoutJob};
use egui::{Color32, FontId, Galley, Pos2, Rect, Vec2, pos2, vec2};
use std::ops::Range;
use std::sync::Arc;

/// What a layout depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutKey {
    /// Document id.
    pub doc_id: i64,
    /// Length of the text in code points (a cheap identity check of the text).
    pub chars: usize,
    /// The text's stamp (changes when a redaction changes the text).
    pub text_stamp: u64,
    /// Wrap width in points.
    pub width: f32,
    /// Font size in points.
    pub font_size: f32,
    /// Pixels per point (text is snapped to pixels).
    pub pixels_per_point: f32,
    /// Text colour (changes with the theme).
    pub color: Color32,
}

/// One laid-out paragraph.
#[derive(Debug, Clone)]
pub struct Para {
    /// First code point.
    pub start: usize,
    /// Length in code points, without the `\n`.
    pub len: usize,
    /// Top of the paragraph in content coordinates.
    pub top: f32,
    /// The laid-out text.
    pub galley: Arc<Galley>,
}

impl Para {
    /// Bottom of the paragraph in content coordinates.
    pub fn bottom(&self) -> f32 {
        self.top + self.galley.size().y
    }
}

/// Converts a cursor in paragraph `para` to a document position (code points), clamped to the
/// paragraph.
pub fn cursor_to_doc_pos(para: &Para, cursor: CCursor) -> usize {
    para.start + cursor.index.0.min(para.len)
}

/// Converts a document position inside (or at the end of) `para` to a cursor in its galley.
pub fn doc_pos_to_cursor(para: &Para, pos: usize) -> CCursor {
    CCursor::new(pos.saturating_sub(para.start).min(para.len))
}

/// Code-point ranges `[start, end)` of the lines of `text` (split at `\n`; empty lines kept).
pub fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for ch in text.chars() {
        if ch == '\n' {
            out.push((start, pos));
            start = pos + 1;
        }
        pos += 1;
    }
    out.push((start, pos));
    out
}

/// A whole document laid out for one width.
#[derive(Debug, Clone)]
pub struct DocLayout {
    /// What it was laid out for.
    pub key: LayoutKey,
    /// The paragraphs, in order.
    pub paras: Vec<Para>,
    /// Total height.
    pub height: f32,
    /// Height of one text row.
    pub row_height: f32,
}

/// Vertical space between paragraphs, as a fraction of the font size.
const PARA_GAP: f32 = 0.45;

impl DocLayout {
    /// Lays out every paragraph of `text`.
    pub fn build(ctx: &egui::Context, text: &str, key: LayoutKey) -> DocLayout {
        let font = FontId::proportional(key.font_size);
        let gap = (key.font_size * PARA_GAP).round();
        let lines = line_ranges(text);
        let mut paras = Vec::with_capacity(lines.len());
        let mut top = 0.0;
        let mut line_start_byte = 0;
        let row_height = ctx.fonts_mut(|f| f.row_height(&font));
        ctx.fonts_mut(|fonts| {
            for (i, &(start, end)) in lines.iter().enumerate() {
                let line_end_byte = text[line_start_byte..]
                    .find('\n')
                    .map_or(text.len(), |b| line_start_byte + b);
                let line = &text[line_start_byte..line_end_byte];
                line_start_byte = (line_end_byte + 1).min(text.len());
                let mut job =
                    LayoutJob::simple(line.to_owned(), font.clone(), key.color, key.width);
                job.round_output_to_gui = true;
                let galley = fonts.layout_job(job);
                let height = galley.size().y.max(row_height);
                paras.push(Para {
                    start,
                    len: end - start,
                    top,
                    galley,
                });
                top += height;
                if i + 1 < lines.len() {
                    top += gap;
                }
            }
        });
        DocLayout {
            key,
            paras,
            height: top,
            row_height,
        }
    }

    /// Indices of the paragraphs overlapping `[y0, y1]` (content coordinates).
    pub fn visible(&self, y0: f32, y1: f32) -> Range<usize> {
        let first = self.paras.partition_point(|p| p.bottom() < y0);
        let last = self.paras.partition_point(|p| p.top <= y1);
        first..last.max(first)
    }

    /// The paragraph containing document position `pos` (the `\n` after a paragraph belongs to
    /// it).
    pub fn para_of(&self, pos: usize) -> usize {
        self.paras
            .partition_point(|p| p.start <= pos)
            .saturating_sub(1)
    }

    /// The paragraph at height `y`: the one under it, or the nearest above when `y` is in a gap.
    fn para_at_y(&self, y: f32) -> usize {
        self.paras.partition_point(|p| p.top <= y).saturating_sub(1)
    }

    /// The document position nearest to `p` (content coordinates).
    pub fn pos_at(&self, p: Vec2) -> usize {
        if self.paras.is_empty() {
            return 0;
        }
        let i = self.para_at_y(p.y);
        let para = &self.paras[i];
        let local = vec2(p.x, (p.y - para.top).min(para.galley.size().y - 1.0));
        cursor_to_doc_pos(para, para.galley.cursor_from_pos(local))
    }

    /// The code point whose glyph is under `p` (content coordinates), if any.
    pub fn char_at(&self, p: Vec2) -> Option<usize> {
        let para = self.paras.get(self.para_at_y(p.y))?;
        let y = p.y - para.top;
        let mut row_start = para.start;
        for row in &para.galley.rows {
            let n = row.row.glyphs.len();
            if row.min_y() <= y && y < row.max_y() {
                let x = p.x - row.pos.x;
                let i = row
                    .row
                    .glyphs
                    .iter()
                    .position(|g| g.pos.x <= x && x < g.max_x())?;
                return Some(row_start + i);
            }
            row_start += n;
        }
        None
    }

    /// The caret rectangle (zero width) at document position `pos`, in content coordinates.
    pub fn caret_rect(&self, pos: usize) -> Rect {
        let Some(para) = self.paras.get(self.para_of(pos)) else {
            return Rect::from_min_size(Pos2::ZERO, vec2(0.0, self.row_height));
        };
        para.galley
            .pos_from_cursor(doc_pos_to_cursor(para, pos))
            .translate(vec2(0.0, para.top))
    }

    /// Rectangles (content coordinates) covering `[start, end)` within paragraph `i`.
    pub fn range_rects_in(&self, i: usize, start: usize, end: usize, out: &mut Vec<Rect>) {
        let Some(para) = self.paras.get(i) else {
            return;
        };
        let para_end = para.start + para.len;
        let s = start.max(para.start);
        let e = end.min(para_end + 1);
        if s >= e {
            return;
        }
        let covers_newline = end > para_end && i + 1 < self.paras.len();
        let newline_w = self.key.font_size * 0.4;
        let (s, e) = (s - para.start, e.min(para_end) - para.start);
        let mut row_start = 0;
        let rows = &para.galley.rows;
        for (r, row) in rows.iter().enumerate() {
            let row_end = row_start + row.row.glyphs.len();
            let newline = covers_newline && r + 1 == rows.len();
            let (lo, hi) = (s.max(row_start), e.min(row_end));
            if lo < hi || (newline && lo <= hi) {
                let x = |col: usize| row.pos.x + row.row.x_offset(CharIndex(col - row_start));
                let x0 = x(lo);
                let x1 = x(hi) + if newline { newline_w } else { 0.0 };
                out.push(Rect::from_x_y_ranges(
                    x0..=x1,
                    (para.top + row.min_y())..=(para.top + row.max_y()),
                ));
            }
            row_start = row_end;
        }
    }

    /// Rectangles (content coordinates) covering `[start, end)`, across paragraphs.
    pub fn range_rects(&self, start: usize, end: usize, out: &mut Vec<Rect>) {
        if start >= end || self.paras.is_empty() {
            return;
        }
        for i in self.para_of(start)..=self.para_of(end.saturating_sub(1)) {
            self.range_rects_in(i, start, end, out);
        }
    }

    /// Top and bottom (content coordinates) of the rows covering `[start, end)`.
    pub fn range_extent(&self, start: usize, end: usize) -> (f32, f32) {
        let top = self.caret_rect(start).top();
        let bottom = self.caret_rect(end.saturating_sub(1).max(start)).bottom();
        (top, bottom.max(top + 2.0))
    }

    /// The position one row above (`dir < 0`) or below (`dir > 0`) `pos`, keeping the x.
    pub fn vertical_move(&self, pos: usize, dir: f32) -> usize {
        let caret = self.caret_rect(pos);
        let y = if dir < 0.0 {
            caret.top() - self.row_height * 0.5
        } else {
            caret.bottom() + self.row_height * 0.5
        };
        if y < 0.0 {
            return 0;
        }
        if y > self.height {
            return self.paras.last().map_or(0, |p| p.start + p.len);
        }
        // In a paragraph gap: jump to the next/previous paragraph's nearest row.
        let i = self.para_at_y(y);
        let para = &self.paras[i];
        let y = if y > para.bottom() && dir > 0.0 && i + 1 < self.paras.len() {
            self.paras[i + 1].top + 1.0
        } else {
            y
        };
        self.pos_at(pos2(caret.left(), y).to_vec2())
    }

    /// Start of the row containing `pos` (`end = false`) or its end (`end = true`).
    pub fn row_edge(&self, pos: usize, end: bool) -> usize {
        let Some(para) = self.paras.get(self.para_of(pos)) else {
            return pos;
        };
        let c = doc_pos_to_cursor(para, pos);
        let c = if end {
            para.galley.cursor_end_of_row(&c)
        } else {
            para.galley.cursor_begin_of_row(&c)
        };
        cursor_to_doc_pos(para, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_empty_lines() {
        assert_eq!(line_ranges("ab\n\nc"), vec![(0, 2), (3, 3), (4, 5)]);
        assert_eq!(line_ranges(""), vec![(0, 0)]);
        assert_eq!(line_ranges("a\n"), vec![(0, 1), (2, 2)]);
        assert_eq!(line_ranges("𠀀😀\n中"), vec![(0, 2), (3, 4)]);
    }
}
