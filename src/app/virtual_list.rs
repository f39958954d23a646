//! Long lists that lay out only the rows in view: the document list (297 interviews and
//! documents, more with policy papers) and the codebook tree (200 codes). Rows may differ in
//! height (a document with cases has a second line); every row's height is measured the last
//! time it was shown and kept in egui's memory, and rows out of view are replaced by that much
//! empty space, so the scroll bar and the scroll position stay right while a frame costs what
//! the screen shows, not what the project holds.

use egui::Ui;
use std::collections::HashMap;

/// Measured row heights of one list, by row key.
#[derive(Clone, Default)]
struct Heights(HashMap<u64, f32>);

/// Shows `rows` in a vertical scroll area (`id_salt`), calling `row` only for those in view
/// (and a margin of one screen). `key` identifies a row across frames; `estimate` is the height
/// of a row never shown yet. Returns the scroll area's output (its content size is the whole
/// list's).
pub fn virtual_rows<T>(
    ui: &mut Ui,
    scroll: egui::ScrollArea,
    rows: &[T],
    key: impl Fn(&T) -> u64,
    estimate: f32,
    mut row: impl FnMut(&mut Ui, &T),
) -> egui::scroll_area::ScrollAreaOutput<()> {
    scroll.show_viewport(ui, |ui, viewport| {
        let id = ui.scope_id().with("qcw-virtual-heights");
        let mut heights: Heights = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
        let margin = viewport.height();
        let (show_from, show_to) = (viewport.min.y - margin, viewport.max.y + margin);
        // The cursor starts at the content's top; `viewport` is relative to it.
        let top = ui.cursor().top();
        let mut skipped = 0.0;
        for item in rows {
            let k = key(item);
            let h = heights.0.get(&k).copied().unwrap_or(estimate);
            let y = ui.cursor().top() + skipped - top;
            if y + h < show_from || y > show_to {
                skipped += h;
                continue;
            }
            if skipped > 0.0 {
                ui.add_space(skipped);
                skipped = 0.0;
            }
            let before = ui.cursor().top();
            // Under the row's own id: widget ids stay the same whichever rows are laid out.
            ui.push_id(k, |ui| row(ui, item));
            heights.0.insert(k, ui.cursor().top() - before);
        }
        if skipped > 0.0 {
            // Allocated (not only skipped) so that the scroll area's content reaches the end;
            // a measured height already holds the spacing after its row.
            let spacing = ui.spacing().item_spacing.y;
            ui.allocate_space(egui::vec2(0.0, (skipped - spacing).max(0.0)));
        }
        ui.data_mut(|d| d.insert_temp(id, heights));
    })
}

/// The key of a row identified by a database id.
pub fn id_key(id: i64) -> u64 {
    id as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame of a 1000-row list in a 400 pt high panel scrolled to `offset`; returns
    /// the rows laid out and the height the list took.
    fn frame(ctx: &egui::Context, offset: f32) -> (Vec<usize>, f32) {
        let rows: Vec<usize> = (0..1000).collect();
        let mut shown = Vec::new();
        let mut content = 0.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(300.0, 400.0),
            )),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let scroll = egui::ScrollArea::vertical()
                    .id_salt("list")
                    .vertical_scroll_offset(offset)
                    .auto_shrink(false);
                let out = virtual_rows(
                    ui,
                    scroll,
                    &rows,
                    |&r| r as u64,
                    20.0,
                    |ui, &r| {
                        shown.push(r);
                        // Every tenth row has a second line.
                        ui.label(format!("row {r}"));
                        if r % 10 == 0 {
                            ui.label("second line");
                        }
                    },
                );
                content = out.content_size.y;
            });
        });
        out.textures_delta.clear();
        (shown, content)
    }

    #[test]
    fn only_rows_near_the_view_are_laid_out_and_the_scroll_position_holds() {
        let ctx = egui::Context::default();
        let (shown, height) = frame(&ctx, 0.0);
        assert!(shown.contains(&0));
        // The whole list's height (about 1000 rows of 20 pt), though only some were laid out.
        assert!(height > 15_000.0, "the list's height: {height}");
        assert!(shown.len() < 100, "laid out {} of 1000 rows", shown.len());
        // Far down: the rows there, not the first ones.
        let (shown, _) = frame(&ctx, 5000.0);
        assert!(!shown.contains(&0));
        assert!(shown.len() < 100, "laid out {} of 1000 rows", shown.len());
        let first = *shown.first().unwrap_or(&0);
        assert!(first > 100, "first row laid out at offset 5000: {first}");
        // The same offset twice shows the same rows (measured heights are stable).
        let (again, _) = frame(&ctx, 5000.0);
        assert_eq!(shown, again);
    }
}
