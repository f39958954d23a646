//! The one table widget of the workbench's views: a header row and a first column that stay in
//! place while the body scrolls (vertically under the header, sideways under the first column),
//! solid scroll bars shown whenever the content is larger than the view, and only the visible
//! cells laid out (a 300 × 200 matrix costs what the screen shows). Columns are sized by the
//! caller from their content with [`text_width`] / [`HeaderText`]; headers never wrap inside a
//! word: they stay on one line (the column widens), and only text wider than a cap is broken at
//! spaces, slashes, dots or before parentheses.
//!
//! Painted views that are not cell grids (the co-occurrence heatmap) freeze their headers with
//! [`frozen_origin`], the same rule this widget uses.

use egui::{Color32, FontId, Id, Label, Pos2, Rect, RichText, Sense, Stroke, Ui, UiBuilder, vec2};

/// What the cell callback is asked to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The header of column `n` (column 0 is the frozen corner).
    Header(usize),
    /// The body cell at (row, column); column 0 is the frozen first column.
    Body(usize, usize),
}

/// A table with a frozen header row and first column.
pub struct FrozenTable {
    id_salt: String,
    widths: Vec<f32>,
    rows: usize,
    header_h: f32,
    row_h: f32,
    max_height: f32,
    striped: bool,
    layout: egui::Layout,
}

/// Where the table went this frame (for tests and for views that scroll it).
#[derive(Debug, Clone, Copy)]
pub struct TableOutput {
    /// The id of the body's scroll area (its state holds the scroll offset).
    pub scroll_id: Id,
    /// The scroll offset this frame.
    pub offset: egui::Vec2,
    /// The visible rectangle of the table on screen (without the scroll bars).
    pub rect: Rect,
}

/// The top-left corner where frozen headers of `content` are drawn when `clip` shows part of
/// it: the content's corner, pushed right and down to stay inside the visible area.
pub fn frozen_origin(content: Rect, clip: Rect) -> Pos2 {
    egui::pos2(
        content.left().max(clip.left()),
        content.top().max(clip.top()),
    )
}

/// Scroll bars that are always drawn (not the thin floating ones that show only on hover), for
/// the scroll areas inside `ui`.
pub fn solid_scroll_bars(ui: &mut Ui) {
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
}

impl FrozenTable {
    /// A table with `rows` body rows and the given column widths (the first is frozen).
    pub fn new(id_salt: &str, widths: Vec<f32>, rows: usize) -> Self {
        FrozenTable {
            id_salt: id_salt.to_owned(),
            widths,
            rows,
            header_h: 24.0,
            row_h: 24.0,
            max_height: f32::INFINITY,
            striped: true,
            layout: egui::Layout::left_to_right(egui::Align::Center),
        }
    }

    /// Height of the header row.
    pub fn header_height(mut self, h: f32) -> Self {
        self.header_h = h;
        self
    }

    /// Height of a body row.
    pub fn row_height(mut self, h: f32) -> Self {
        self.row_h = h;
        self
    }

    /// The most height the table takes (it scrolls beyond).
    pub fn max_height(mut self, h: f32) -> Self {
        self.max_height = h;
        self
    }

    /// Alternate row shading.
    pub fn striped(mut self, on: bool) -> Self {
        self.striped = on;
        self
    }

    /// The layout inside every cell (default: left to right, centred vertically).
    pub fn cell_layout(mut self, layout: egui::Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Shows the table; `cell` draws every visible header and body cell.
    pub fn show(self, ui: &mut Ui, mut cell: impl FnMut(&mut Ui, Slot)) -> TableOutput {
        let total_w: f32 = self.widths.iter().sum();
        let content = vec2(total_w, self.header_h + self.rows as f32 * self.row_h);
        let bar = ui.spacing().scroll.bar_width + 2.0 * ui.spacing().scroll.bar_outer_margin;
        let room = ui.available_height().max(80.0);
        let height = (content.y + bar + 2.0).min(self.max_height).min(room);
        let out = ui.scope(|ui| {
            solid_scroll_bars(ui);
            egui::ScrollArea::both()
                .id_salt(&self.id_salt)
                .auto_shrink([false, true])
                .max_height(height)
                .show_viewport(ui, |ui, viewport| {
                    ui.set_min_size(content);
                    let origin = ui.max_rect().min;
                    let visible = viewport.translate(origin.to_vec2());
                    self.paint(ui, origin, visible, &mut cell);
                })
        });
        let out = out.inner;
        TableOutput {
            scroll_id: out.id,
            offset: out.state.clamped_offset(),
            rect: out.inner_rect,
        }
    }

    /// The left edge of every column, relative to the table.
    fn lefts(&self) -> Vec<f32> {
        let mut x = 0.0;
        self.widths
            .iter()
            .map(|w| {
                let at = x;
                x += w;
                at
            })
            .collect()
    }

    fn paint(
        &self,
        ui: &mut Ui,
        origin: Pos2,
        visible: Rect,
        cell: &mut impl FnMut(&mut Ui, Slot),
    ) {
        let clip = ui.clip_rect().intersect(visible);
        if !clip.is_positive() {
            // Scrolled wholly out of an enclosing scroll area: nothing of it is visible (and
            // its frozen header must not be pinned outside that area).
            return;
        }
        let lefts = self.lefts();
        let w0 = self.widths.first().copied().unwrap_or(0.0);
        let total = vec2(
            self.widths.iter().sum(),
            self.header_h + self.rows as f32 * self.row_h,
        );
        let top = frozen_origin(Rect::from_min_size(origin, total), clip);
        let (head_bottom, col_right) = (top.y + self.header_h, top.x + w0);
        let body_clip = Rect::from_min_max(egui::pos2(col_right, head_bottom), clip.max);
        let first_row = ((clip.top() - origin.y) / self.row_h).floor().max(0.0) as usize;
        let last_row = (((clip.bottom() - origin.y - self.header_h) / self.row_h)
            .ceil()
            .max(0.0) as usize)
            .min(self.rows);
        let rows = first_row.min(last_row)..last_row;
        let cols: Vec<usize> = (1..self.widths.len())
            .filter(|&c| {
                let x = origin.x + lefts[c];
                x < body_clip.right() && x + self.widths[c] > body_clip.left()
            })
            .collect();
        let row_top = |r: usize| origin.y + self.header_h + r as f32 * self.row_h;
        let visuals = ui.visuals().clone();
        let stripe = visuals.faint_bg_color;
        // The body.
        for r in rows.clone() {
            let y = row_top(r);
            if self.striped && r % 2 == 1 {
                let band = Rect::from_x_y_ranges(body_clip.x_range(), y..=y + self.row_h);
                ui.painter()
                    .with_clip_rect(body_clip)
                    .rect_filled(band, 0.0, stripe);
            }
            for &c in &cols {
                let rect = Rect::from_min_size(
                    egui::pos2(origin.x + lefts[c], y),
                    vec2(self.widths[c], self.row_h),
                );
                self.child(ui, rect, body_clip, Slot::Body(r, c), cell);
            }
        }
        // The frozen first column.
        let col_clip = Rect::from_min_max(
            egui::pos2(top.x, head_bottom),
            egui::pos2(col_right, clip.bottom()),
        );
        ui.painter()
            .with_clip_rect(clip)
            .rect_filled(col_clip, 0.0, visuals.panel_fill);
        for r in rows {
            let y = row_top(r);
            let rect = Rect::from_min_size(egui::pos2(top.x, y), vec2(w0, self.row_h));
            if self.striped && r % 2 == 1 {
                ui.painter()
                    .with_clip_rect(col_clip)
                    .rect_filled(rect, 0.0, stripe);
            }
            self.child(ui, rect, col_clip, Slot::Body(r, 0), cell);
        }
        // The frozen header row, then the corner above the first column.
        let head_clip = Rect::from_min_max(
            egui::pos2(col_right, top.y),
            egui::pos2(clip.right(), head_bottom),
        );
        let head_fill = visuals.panel_fill;
        let corner = Rect::from_min_size(top, vec2(w0, self.header_h));
        ui.painter()
            .with_clip_rect(clip)
            .rect_filled(head_clip, 0.0, head_fill);
        ui.painter()
            .with_clip_rect(clip)
            .rect_filled(corner, 0.0, head_fill);
        for &c in &cols {
            let rect = Rect::from_min_size(
                egui::pos2(origin.x + lefts[c], top.y),
                vec2(self.widths[c], self.header_h),
            );
            self.child(ui, rect, head_clip, Slot::Header(c), cell);
        }
        self.child(ui, corner, corner.intersect(clip), Slot::Header(0), cell);
        let line = Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color);
        let p = ui.painter().with_clip_rect(clip);
        p.hline(clip.x_range(), head_bottom, line);
        p.vline(col_right, clip.y_range(), line);
    }

    fn child(
        &self,
        ui: &mut Ui,
        rect: Rect,
        clip: Rect,
        slot: Slot,
        cell: &mut impl FnMut(&mut Ui, Slot),
    ) {
        let key = match slot {
            Slot::Header(c) => (usize::MAX, c),
            Slot::Body(r, c) => (r, c),
        };
        let inner = rect.shrink2(vec2(4.0, 1.0));
        let builder = UiBuilder::new()
            .id_salt(key)
            .max_rect(inner)
            .layout(self.layout);
        ui.scope_builder(builder, |ui| {
            ui.set_clip_rect(clip.intersect(rect));
            cell(ui, slot);
        });
    }
}

/// Width of `text` in `font` on one line.
pub fn text_width(ui: &Ui, text: &str, font: &FontId) -> f32 {
    ui.painter()
        .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
        .size()
        .x
}

/// The width a column needs for the widest of `texts` in the body font, plus cell padding.
pub fn fit_width<'a>(ui: &Ui, texts: impl IntoIterator<Item = &'a str>) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    texts
        .into_iter()
        .map(|t| text_width(ui, t, &font))
        .fold(0.0, f32::max)
        + CELL_PAD
}

/// Horizontal padding a cell needs around its text.
pub const CELL_PAD: f32 = 14.0;

/// A header's text broken into lines that fit a width cap, never inside a word.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderText {
    /// The lines, top to bottom.
    pub lines: Vec<String>,
    /// The widest line's width, in points (strong body font).
    pub width: f32,
}

impl HeaderText {
    /// Lays `text` out in the strong body font: one line if it fits `cap`, else broken at
    /// spaces, slashes, `·` or before parentheses (a piece wider than `cap` stays whole).
    pub fn new(ui: &Ui, text: &str, cap: f32) -> Self {
        let font = egui::TextStyle::Body.resolve(ui.style());
        let w = |s: &str| text_width(ui, s, &font) + 1.0;
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for piece in break_points(text) {
            let joined = format!("{line}{piece}");
            if line.is_empty() || w(joined.trim_end()) <= cap {
                line = joined;
            } else {
                lines.push(line.trim_end().to_owned());
                line = piece.trim_start().to_owned();
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line.trim_end().to_owned());
        }
        let width = lines.iter().map(|l| w(l)).fold(0.0, f32::max);
        HeaderText { lines, width }
    }

    /// Number of lines.
    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    /// Draws the lines (strong, never wrapped); hover shows `full`.
    pub fn show(&self, ui: &mut Ui, full: &str) -> egui::Response {
        let r = ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for l in &self.lines {
                ui.add(Label::new(RichText::new(l).strong()).extend());
            }
        });
        let id = ui.scope_id().with("header");
        let full = full.to_owned();
        let rect = r.response.rect.union(ui.max_rect());
        let response = ui.interact(rect, id, Sense::click());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ColumnHeader, true, &full));
        response.on_hover_text(full)
    }
}

/// `text` cut into pieces that may start a new line: after a space, `/` or `·`, and before `(`
/// or `（`. Concatenated, the pieces give `text` back.
pub fn break_points(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, ch) in text.char_indices() {
        let end = i + ch.len_utf8();
        if matches!(ch, '(' | '（') && i > start {
            pieces.push(&text[start..i]);
            start = i;
        } else if matches!(ch, ' ' | '/' | '·' | '／') {
            pieces.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_only_between_words() {
        assert_eq!(break_points("必要性一致性"), vec!["必要性一致性"]);
        assert_eq!(
            break_points("Necessity consistency (n)"),
            vec!["Necessity ", "consistency ", "(n)"]
        );
        assert_eq!(break_points("权力/借力"), vec!["权力/", "借力"]);
        assert_eq!(break_points("一致性（必要）"), vec!["一致性", "（必要）"]);
        assert_eq!(break_points("").len(), 0);
    }

    #[test]
    fn frozen_origin_stays_inside_the_view() {
        let content = Rect::from_min_size(egui::pos2(0.0, 0.0), vec2(1000.0, 1000.0));
        let clip = Rect::from_min_size(egui::pos2(-0.0, 0.0), vec2(200.0, 200.0));
        assert_eq!(frozen_origin(content, clip), egui::pos2(0.0, 0.0));
        let scrolled = content.translate(vec2(-300.0, -50.0));
        assert_eq!(frozen_origin(scrolled, clip), egui::pos2(0.0, 0.0));
        let shifted = content.translate(vec2(20.0, 30.0));
        assert_eq!(frozen_origin(shifted, clip), egui::pos2(20.0, 30.0));
    }
}
