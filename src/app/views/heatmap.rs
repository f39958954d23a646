//! A square heatmap drawn with the painter: code names as row and column headers (the leaf name,
//! elided to the cell, with the full path on hover), cells coloured by value with the number in
//! them (dark or light text, whichever reads on the fill), every cell a clickable widget with an
//! accessible label "A × B: n". Only the cells inside the clip rectangle are laid out, so large
//! matrices stay cheap.

use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind, TextFormat, Ui, pos2, vec2};

/// What to draw.
pub struct Heatmap<'a> {
    /// Full names (code paths), in matrix order; used on hover and in the accessible labels.
    pub paths: &'a [String],
    /// Short names shown as headers (leaf names).
    pub leaves: &'a [String],
    /// The value of cell (row, column), for the colour.
    pub value: &'a dyn Fn(usize, usize) -> f64,
    /// The number written in cell (row, column) (empty: nothing written).
    pub text: &'a dyn Fn(usize, usize) -> String,
    /// The value drawn with the strongest colour (off-diagonal maximum).
    pub max: f64,
    /// The widest text any cell shows (sizes the cells).
    pub widest: &'a str,
    /// The cell to outline, if any.
    pub selected: Option<(usize, usize)>,
}

/// The fill of a cell whose value is the fraction `t` (0–1) of the maximum.
pub fn heat_color(t: f32, dark: bool) -> Color32 {
    let t = t.clamp(0.0, 1.0).powf(0.7);
    let (lo, hi) = if dark {
        ([38.0, 42.0, 50.0], [90.0, 170.0, 240.0])
    } else {
        ([246.0, 249.0, 253.0], [16.0, 70.0, 140.0])
    };
    let c = |k: usize| (lo[k] + (hi[k] - lo[k]) * t).round() as u8;
    Color32::from_rgb(c(0), c(1), c(2))
}

/// The value drawn with the strongest colour for data whose largest value is `max`: the data's
/// maximum, but for counts at least 4, so that in sparse data a count of 1 is a light fill,
/// not a saturated one.
pub fn scale_max(max: f64, counts: bool) -> f64 {
    if counts { max.max(4.0) } else { max }
}

/// The colour scale: a gradient from 0 to `max` with both ends labelled (`fmt` writes a value).
pub fn legend_ui(ui: &mut Ui, label: &str, max: f64, fmt: &dyn Fn(f64) -> String) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        ui.weak(label);
        ui.label(fmt(0.0));
        let (rect, _) = ui.allocate_exact_size(vec2(160.0, 12.0), Sense::hover());
        let steps = 32;
        let w = rect.width() / steps as f32;
        for k in 0..steps {
            let t = (k as f32 + 0.5) / steps as f32;
            let x = rect.left() + k as f32 * w;
            let r = Rect::from_x_y_ranges(x..=x + w + 0.5, rect.y_range());
            ui.painter().rect_filled(r, 0.0, heat_color(t, dark));
        }
        ui.painter().rect_stroke(
            rect,
            1.0,
            Stroke::new(1.0, ui.visuals().weak_text_color()),
            StrokeKind::Outside,
        );
        ui.label(fmt(max));
    });
}

/// Text colour that reads on `fill`.
pub fn text_on(fill: Color32) -> Color32 {
    let l = 0.299 * fill.r() as f32 + 0.587 * fill.g() as f32 + 0.114 * fill.b() as f32;
    if l > 140.0 {
        Color32::from_gray(20)
    } else {
        Color32::from_gray(245)
    }
}

/// `text` wrapped to `width` on at most `rows` lines, elided with "…".
fn elided(text: &str, font: &FontId, color: Color32, width: f32, rows: usize) -> LayoutJob {
    let mut job =
        LayoutJob::single_section(text.to_owned(), TextFormat::simple(font.clone(), color));
    job.wrap = TextWrapping {
        max_width: width.max(8.0),
        max_rows: rows,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    job.halign = egui::Align::Center;
    job
}

/// The parent path of a code path (`权力/借力` → `权力`; empty at the top level).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Lines of column header: enough for the longest leaf name wrapped to the cell, at most 3.
const HEADER_ROWS: usize = 3;

/// Draws the heatmap; returns the cell clicked this frame, if any.
pub fn heatmap_ui(ui: &mut Ui, map: &Heatmap<'_>) -> Option<(usize, usize)> {
    let g = Geometry::new(ui, map);
    let clicked = g.cells(ui, map);
    g.group_lines();
    if let Some((i, j)) = map.selected.filter(|&(i, j)| i < g.k && j < g.k) {
        let stroke = Stroke::new(2.5, ui.visuals().selection.stroke.color);
        g.painter.with_clip_rect(g.body_clip()).rect_stroke(
            g.cell_rect(i, j),
            0.0,
            stroke,
            StrokeKind::Inside,
        );
    }
    // The headers stay in view over the scrolled cells (drawn last, so they are on top).
    g.frozen_backgrounds(ui);
    g.parent_bands();
    g.column_headers(ui, map);
    g.row_headers(ui, map);
    clicked
}

/// Where the parts of the heatmap go this frame, and how they are drawn.
struct Geometry<'m> {
    k: usize,
    font: FontId,
    num_font: FontId,
    cell: f32,
    row_head: f32,
    band: f32,
    col_head: f32,
    rect: Rect,
    origin: egui::Pos2,
    clip: Rect,
    /// The parent path of every code.
    parents: Vec<&'m str>,
    hovered: Option<(usize, usize)>,
    id: egui::Id,
    painter: egui::Painter,
    text_color: Color32,
    weak: Color32,
    strong: Color32,
    group_stroke: Stroke,
}

impl<'m> Geometry<'m> {
    /// Sizes the headers and cells to their text and allocates the space.
    fn new(ui: &mut Ui, map: &Heatmap<'m>) -> Self {
        let k = map.paths.len();
        let font = egui::TextStyle::Body.resolve(ui.style());
        let num_font = FontId::proportional((font.size - 1.0).max(10.0));
        let text_color = ui.visuals().text_color();
        let width_of = |s: &str| {
            ui.painter()
                .layout_no_wrap(s.to_owned(), font.clone(), text_color)
                .size()
                .x
        };
        let widest = map.leaves.iter().map(|s| width_of(s)).fold(0.0, f32::max);
        let number = ui
            .painter()
            .layout_no_wrap(map.widest.to_owned(), num_font.clone(), text_color)
            .size()
            .x;
        let cell = (number + 16.0).clamp(40.0, 72.0);
        let widest_path = map.paths.iter().map(|s| width_of(s)).fold(0.0, f32::max);
        let row_head = (widest_path + 14.0).clamp(60.0, 240.0);
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let head_rows = ((widest / (cell - 6.0)).ceil() as usize).clamp(1, HEADER_ROWS);
        // Runs of columns under the same parent code, named in a band above the headers.
        let parents: Vec<&str> = map.paths.iter().map(|p| parent(p)).collect();
        let band = if parents.iter().any(|p| !p.is_empty()) {
            line + 6.0
        } else {
            0.0
        };
        let col_head = band + line * head_rows as f32 + 10.0;
        let size = vec2(row_head + cell * k as f32, col_head + cell * k as f32);
        let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
        let clip = ui.clip_rect();
        let origin = rect.min + vec2(row_head, col_head);
        let hovered = ui
            .ctx()
            .pointer_hover_pos()
            .filter(|p| rect.contains(*p) && clip.contains(*p))
            .and_then(|p| {
                let d = p - origin;
                (d.x >= 0.0 && d.y >= 0.0)
                    .then(|| ((d.y / cell) as usize, (d.x / cell) as usize))
                    .filter(|&(i, j)| i < k && j < k)
            });
        Geometry {
            k,
            font,
            num_font,
            cell,
            row_head,
            band,
            col_head,
            rect,
            origin,
            clip,
            parents,
            hovered,
            id: ui.make_persistent_id("qcw-heatmap"),
            painter: ui.painter_at(rect),
            text_color,
            weak: ui.visuals().weak_text_color(),
            strong: ui.visuals().strong_text_color(),
            group_stroke: Stroke::new(1.5, ui.visuals().weak_text_color()),
        }
    }

    /// The top-left corner of the frozen headers.
    fn pin(&self) -> egui::Pos2 {
        crate::app::table::frozen_origin(self.rect, self.clip)
    }

    /// The visible part of the cells (below and right of the frozen headers).
    fn body_clip(&self) -> Rect {
        let p = self.pin();
        Rect::from_min_max(
            pos2(p.x + self.row_head, p.y + self.col_head),
            self.clip.max,
        )
        .intersect(self.clip)
    }

    /// The visible part of the column headers (right of the row headers).
    fn head_clip(&self) -> Rect {
        let p = self.pin();
        Rect::from_min_max(
            pos2(p.x + self.row_head, p.y),
            pos2(self.clip.right(), p.y + self.col_head),
        )
        .intersect(self.clip)
    }

    /// The visible part of the row headers (below the column headers).
    fn row_clip(&self) -> Rect {
        let p = self.pin();
        Rect::from_min_max(
            pos2(p.x, p.y + self.col_head),
            pos2(p.x + self.row_head, self.clip.bottom()),
        )
        .intersect(self.clip)
    }

    /// Opaque strips under the frozen headers.
    fn frozen_backgrounds(&self, ui: &Ui) {
        let p = self.pin();
        let fill = ui.visuals().panel_fill;
        let painter = ui.painter().with_clip_rect(self.clip);
        let right = self.rect.right().min(self.clip.right());
        let bottom = self.rect.bottom().min(self.clip.bottom());
        painter.rect_filled(
            Rect::from_min_max(p, pos2(right, p.y + self.col_head)),
            0.0,
            fill,
        );
        painter.rect_filled(
            Rect::from_min_max(p, pos2(p.x + self.row_head, bottom)),
            0.0,
            fill,
        );
    }

    fn cell_rect(&self, i: usize, j: usize) -> Rect {
        Rect::from_min_size(
            self.origin + vec2(j as f32 * self.cell, i as f32 * self.cell),
            vec2(self.cell, self.cell),
        )
    }

    /// The parent codes named above their runs of columns.
    fn parent_bands(&self) {
        let (k, cell, parents) = (self.k, self.cell, &self.parents);
        let mut j0 = 0;
        while self.band > 0.0 && j0 < k {
            let j1 = (j0..k).find(|&j| parents[j] != parents[j0]).unwrap_or(k);
            let r = Rect::from_min_size(
                pos2(self.origin.x + j0 as f32 * cell, self.pin().y),
                vec2((j1 - j0) as f32 * cell, self.band),
            );
            if r.intersects(self.head_clip()) && !parents[j0].is_empty() {
                let job = elided(parents[j0], &self.font, self.weak, r.width() - 6.0, 1);
                let painter = self.painter.with_clip_rect(self.head_clip());
                let galley = painter.layout_job(job);
                painter.galley(pos2(r.center().x, r.min.y), galley, self.weak);
                painter.hline(r.x_range().shrink(3.0), r.bottom() - 2.0, self.group_stroke);
            }
            j0 = j1;
        }
    }

    /// The leaf names above the columns (full path on hover).
    fn column_headers(&self, ui: &Ui, map: &Heatmap<'_>) {
        for j in 0..self.k {
            let r = Rect::from_min_size(
                pos2(
                    self.origin.x + j as f32 * self.cell,
                    self.pin().y + self.band,
                ),
                vec2(self.cell, self.col_head - self.band),
            );
            let clip = self.head_clip();
            if !r.intersects(clip) {
                continue;
            }
            let color = if self.hovered.is_some_and(|(_, c)| c == j) {
                self.strong
            } else {
                self.text_color
            };
            let job = elided(
                &map.leaves[j],
                &self.font,
                color,
                self.cell - 6.0,
                HEADER_ROWS,
            );
            let painter = self.painter.with_clip_rect(clip);
            let galley = painter.layout_job(job);
            let at = pos2(r.center().x, r.bottom() - galley.size().y - 4.0);
            painter.galley(at, galley, color);
            let label = map.paths[j].clone();
            let resp = ui.interact(r.intersect(clip), self.id.with(("col", j)), Sense::click());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ColumnHeader, true, &label));
            resp.on_hover_text(label);
        }
    }

    /// The code paths left of the rows.
    fn row_headers(&self, ui: &Ui, map: &Heatmap<'_>) {
        for i in 0..self.k {
            let r = Rect::from_min_size(
                pos2(self.pin().x, self.origin.y + i as f32 * self.cell),
                vec2(self.row_head, self.cell),
            );
            let clip = self.row_clip();
            if !r.intersects(clip) {
                continue;
            }
            let color = if self.hovered.is_some_and(|(c, _)| c == i) {
                self.strong
            } else {
                self.text_color
            };
            let mut job = elided(&map.paths[i], &self.font, color, self.row_head - 8.0, 1);
            job.halign = egui::Align::RIGHT;
            let painter = self.painter.with_clip_rect(clip);
            let galley = painter.layout_job(job);
            let at = pos2(r.right() - 6.0, r.center().y - galley.size().y / 2.0);
            painter.galley(at, galley, color);
            let label = map.paths[i].clone();
            let resp = ui.interact(r.intersect(clip), self.id.with(("row", i)), Sense::click());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::RowHeader, true, &label));
            resp.on_hover_text(label);
        }
    }

    /// The cells, coloured by value; returns the one clicked.
    fn cells(&self, ui: &Ui, map: &Heatmap<'_>) -> Option<(usize, usize)> {
        let dark = ui.visuals().dark_mode;
        let grid = Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color);
        let mut clicked = None;
        let body = self.body_clip();
        let painter = self.painter.with_clip_rect(body);
        for i in 0..self.k {
            for j in 0..self.k {
                let r = self.cell_rect(i, j);
                if !r.intersects(body) {
                    continue;
                }
                let v = (map.value)(i, j);
                let fill = if i == j {
                    Color32::from_gray(if dark { 70 } else { 222 })
                } else if map.max > 0.0 {
                    heat_color((v / map.max) as f32, dark)
                } else {
                    heat_color(0.0, dark)
                };
                painter.rect_filled(r, 0.0, fill);
                painter.rect_stroke(r, 0.0, grid, StrokeKind::Inside);
                let text = (map.text)(i, j);
                if !text.is_empty() {
                    let (font, color) = (self.num_font.clone(), text_on(fill));
                    painter.text(r.center(), Align2::CENTER_CENTER, &text, font, color);
                }
                let label = format!(
                    "{} × {}: {}",
                    map.paths[i],
                    map.paths[j],
                    if text.is_empty() { "0".into() } else { text }
                );
                let resp = ui.interact(r.intersect(body), self.id.with((i, j)), Sense::click());
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if resp.hovered() {
                    let stroke = Stroke::new(2.0, self.strong);
                    painter.rect_stroke(r, 0.0, stroke, StrokeKind::Inside);
                }
                if resp.clicked() {
                    clicked = Some((i, j));
                }
                resp.on_hover_text(label);
            }
        }
        clicked
    }

    /// Lines through the grid between runs of different parents.
    fn group_lines(&self) {
        let (k, cell, origin) = (self.k, self.cell, self.origin);
        let grid_rect = Rect::from_min_size(origin, vec2(cell * k as f32, cell * k as f32));
        let painter = self.painter.with_clip_rect(self.body_clip());
        for j in 1..k {
            if self.parents[j] != self.parents[j - 1] {
                let at = j as f32 * cell;
                painter.vline(origin.x + at, grid_rect.y_range(), self.group_stroke);
                painter.hline(grid_rect.x_range(), origin.y + at, self.group_stroke);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_counts_are_not_saturated() {
        assert!((scale_max(1.0, true) - 4.0).abs() < f64::EPSILON);
        assert!((scale_max(37.0, true) - 37.0).abs() < f64::EPSILON);
        assert!((scale_max(0.3, false) - 0.3).abs() < f64::EPSILON);
        let one = heat_color((1.0 / scale_max(1.0, true)) as f32, false);
        assert_ne!(one, heat_color(1.0, false));
    }
}
