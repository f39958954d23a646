//! Shared widgets used across the workbench's panels and views: labelled text fields and combo
//! boxes, the code / document-kind choosers and code colours. This module depends only on the
//! app context ([`PanelCtx`]), i18n and the model — never on a panel or view — so any file may
//! use it without creating an import loop.

use super::PanelCtx;
use super::i18n::{Msg, kind_msg};
use egui::{Color32, Ui};

/// `#RRGGBB` → colour (grey if malformed).
pub fn parse_color(hex: &str) -> Color32 {
    let h = hex.trim().trim_start_matches('#');
    let byte = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok());
    match (h.len(), byte(0), byte(2), byte(4)) {
        (6, Some(r), Some(g), Some(b)) => Color32::from_rgb(r, g, b),
        _ => Color32::GRAY,
    }
}

/// A one-line text field with a visible label in front, which is also its accessible name.
pub fn text_field_ui(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    hint: &str,
    width: f32,
) -> egui::Response {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(width),
    )
    .labelled_by(l.id)
}

/// A combo box with a visible label in front, which is also its accessible name.
pub fn combo_ui<R>(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    selected: impl Into<egui::WidgetText>,
    add_contents: impl FnOnce(&mut Ui) -> R,
) -> egui::Response {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(selected)
        .show_ui(ui, add_contents)
        .response
        .labelled_by(l.id)
}

/// A choice of document kind (`None`: all kinds), labelled "Kind".
pub fn kind_combo_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    id_salt: &str,
    value: &mut Option<crate::model::DocKind>,
) -> egui::Response {
    let name =
        |k: Option<crate::model::DocKind>| k.map_or(cx.tr(Msg::AllKinds), |k| cx.tr(kind_msg(k)));
    let shown = name(*value);
    combo_ui(ui, cx.tr(Msg::Kind), id_salt, shown, |ui| {
        ui.selectable_value(value, None, name(None));
        for k in crate::model::DocKind::ALL {
            ui.selectable_value(value, Some(k), name(Some(k)));
        }
    })
}

/// A combo box choosing a code (or none, named by `none`), labelled `label`.
pub fn code_combo_ui(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    label: &str,
    id: &str,
    value: &mut Option<i64>,
    none: Msg,
) -> egui::Response {
    let text = value
        .and_then(|id| cx.cache.code(id))
        .map_or(cx.tr(none).to_owned(), |c| c.path.clone());
    combo_ui(ui, label, id, text, |ui| {
        ui.selectable_value(value, None, cx.tr(none));
        for c in &cx.cache.codes {
            ui.selectable_value(value, Some(c.id), &c.path);
        }
    })
}

/// A file beside the project (`name` in the project's folder, absolute), or in the current
/// folder when no project is open: the example and default paths of the path fields.
pub fn beside_project(project: Option<&std::path::Path>, name: &str) -> std::path::PathBuf {
    let folder = project
        .and_then(|p| std::path::absolute(p).ok())
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    folder.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(parse_color("#E6194B"), Color32::from_rgb(0xE6, 0x19, 0x4B));
        assert_eq!(parse_color("bad"), Color32::GRAY);
    }
}
