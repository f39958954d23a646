//! The crosstab view's chart: grouped horizontal bars (one series per attribute value, one
//! group per code, top to bottom as in the table), the legend above it (always in view) and a
//! value label just past the end of every non-empty bar. Where bars and labels go is
//! [`bars`] and [`value_labels`], so that both come from one place.

use super::crosstab::{Show, ShownTable, category};
use crate::app::PanelCtx;
use crate::app::i18n::Msg;
use egui::{Color32, Sense, Ui};
use egui_plot::{AxisHints, Bar, BarChart, Plot, PlotPoint, Text};

/// Series colours (Tableau 10), readable on light and dark backgrounds.
const PALETTE: [Color32; 10] = [
    Color32::from_rgb(78, 121, 167),
    Color32::from_rgb(242, 142, 43),
    Color32::from_rgb(225, 87, 89),
    Color32::from_rgb(118, 183, 178),
    Color32::from_rgb(89, 161, 79),
    Color32::from_rgb(237, 201, 72),
    Color32::from_rgb(176, 122, 161),
    Color32::from_rgb(255, 157, 167),
    Color32::from_rgb(156, 117, 95),
    Color32::from_rgb(186, 176, 172),
];

/// The chart's legend, above it (always in view): a swatch and the value per category.
fn chart_legend_ui(ui: &mut Ui, cx: &PanelCtx<'_>, t: &ShownTable) {
    ui.horizontal_wrapped(|ui| {
        for (c, cat) in t.categories.iter().enumerate() {
            let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), Sense::hover());
            ui.painter().rect_filled(r, 2.0, PALETTE[c % PALETTE.len()]);
            ui.label(category(cx, t, cat));
            ui.add_space(8.0);
        }
    });
}

/// Grouped horizontal bars: for each code (top to bottom, as in the table), one bar per
/// attribute value; the chart grows with the number of codes (the view scrolls).
pub(super) fn chart_ui(ui: &mut Ui, cx: &PanelCtx<'_>, t: &ShownTable, show: Show) {
    chart_legend_ui(ui, cx, t);
    let n = t.categories.len();
    let rows = t.codes.len();
    let (bars, width) = bars(t, show);
    let labels = value_labels(&bars, show);
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let charts: Vec<BarChart> = t
        .categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            let cat = category(cx, t, cat);
            let color = PALETTE[c % PALETTE.len()];
            let series = bars
                .iter()
                .filter(|b| b.col == c)
                .map(|b| {
                    Bar::new(b.y, b.value)
                        .width(width)
                        .fill(color)
                        .name(format!("{} · {cat}", t.codes[b.row]))
                })
                .collect();
            BarChart::new(cat, series)
                .width(width)
                .color(color)
                .horizontal()
        })
        .collect();
    let paths = t.codes.clone();
    let value_label = match show {
        Show::Counts => cx.tr(Msg::Count),
        _ => "%",
    };
    let line = ui.text_style_height(&egui::TextStyle::Small).max(12.0);
    let height = (rows as f32 * (line + 4.0 * n as f32 + 6.0) + 60.0).max(220.0);
    let y_axis = AxisHints::new_y()
        .label_spacing(line..=line + 6.0)
        .tick_label_font(egui::FontId::proportional(line - 1.0))
        .formatter(move |mark, _| {
            let v = mark.value.round();
            if (mark.value - v).abs() > 1e-6 || v < 0.0 || v as usize >= rows {
                return String::new();
            }
            paths[rows - 1 - v as usize].clone()
        });
    Plot::new("qcw-crosstab-chart")
        .height(height)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_grid([true, false])
        .include_x(0.0)
        .include_x(max * 1.12)
        .x_axis_label(value_label)
        .custom_y_axes(vec![y_axis])
        .y_grid_spacer(move |_| {
            (0..rows)
                .map(|r| egui_plot::GridMark {
                    value: r as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
            for (i, (pos, label)) in labels.into_iter().enumerate() {
                plot.text(
                    Text::new(format!("value-{i}"), pos, label)
                        .anchor(egui::Align2::LEFT_CENTER)
                        .allow_hover(false),
                );
            }
        });
}

/// One bar: the table cell it draws, its centre on the code axis and its length.
#[derive(Debug, Clone, Copy, PartialEq)]
struct BarAt {
    row: usize,
    col: usize,
    y: f64,
    value: f64,
}

/// The bars of `t`, code by code (the first code on top), within a code the first value on top;
/// each `width` thick.
fn bars(t: &ShownTable, show: Show) -> (Vec<BarAt>, f64) {
    let (rows, n) = (t.codes.len(), t.categories.len());
    let width = 0.8 / n.max(1) as f64;
    let bars = (0..rows)
        .flat_map(|row| (0..n).map(move |col| (row, col)))
        .map(|(row, col)| BarAt {
            row,
            col,
            y: (rows - 1 - row) as f64 + ((n as f64 - 1.0) / 2.0 - col as f64) * width,
            value: t.value(show, row, col),
        })
        .collect();
    (bars, width)
}

/// A label per non-empty bar, just past its end (a hundredth of the longest bar), at its centre:
/// counts as integers, percentages with one decimal.
fn value_labels(bars: &[BarAt], show: Show) -> Vec<(PlotPoint, String)> {
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    bars.iter()
        .filter(|b| b.value > 0.0)
        .map(|b| {
            let text = match show {
                Show::Counts => format!("{:.0}", b.value),
                _ => format!("{:.1}", b.value),
            };
            (PlotPoint::new(b.value + max * 0.01, b.y), text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ShownTable {
        ShownTable {
            codes: vec!["权力/赋权".into(), "利益/风险分摊".into()],
            categories: vec!["interview".into(), "document".into(), "observation".into()],
            kinds: true,
            counts: vec![vec![2, 0, 1], vec![3, 4, 0]],
            row_totals: vec![3, 7],
            col_totals: vec![5, 4, 1],
            total: 10,
        }
    }

    #[test]
    fn every_non_empty_bar_has_its_value_just_past_its_end() {
        let t = table();
        let (bars, width) = bars(&t, Show::Counts);
        assert_eq!(bars.len(), 6);
        // The first code on top, its first value on top within the group, no two bars overlap.
        let y = |r, c| bars.iter().find(|b| b.row == r && b.col == c).unwrap().y;
        assert!(y(0, 2) > y(1, 0));
        assert!(y(0, 0) > y(0, 1) && y(0, 1) > y(0, 2));
        for (i, a) in bars.iter().enumerate() {
            for b in &bars[i + 1..] {
                assert!((a.y - b.y).abs() >= width - 1e-9, "{a:?} {b:?}");
            }
        }
        let labels = value_labels(&bars, Show::Counts);
        assert_eq!(labels.len(), 4, "none for the empty cells");
        for b in bars.iter().filter(|b| b.value > 0.0) {
            let (pos, text) = labels
                .iter()
                .find(|(p, _)| (p.y - b.y).abs() < 1e-9)
                .expect("a label at the bar");
            assert_eq!(*text, t.counts[b.row][b.col].to_string());
            assert!(
                pos.x > b.value && pos.x < b.value + 0.1,
                "{pos:?} past {b:?}"
            );
        }
    }

    #[test]
    fn percentages_are_labelled_with_one_decimal() {
        let t = table();
        let (bars, _) = bars(&t, Show::RowPercent);
        let texts: Vec<String> = value_labels(&bars, Show::RowPercent)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(texts, ["66.7", "33.3", "42.9", "57.1"]);
    }
}
