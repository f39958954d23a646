//! Filter widgets shared by the analysis views (co-occurrence, crosstabs, agreement): coder,
//! case, document, document group and attribute choosers, and code-name helpers.

use crate::app::PanelCtx;
use crate::app::i18n::Msg;
use egui::Ui;

/// A combo box choosing one coder (or all of them).
pub fn coder_combo_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &str, value: &mut Option<String>) {
    let text = value
        .clone()
        .unwrap_or_else(|| cx.tr(Msg::AllCoders).to_owned());
    egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, cx.tr(Msg::AllCoders));
            for c in &cx.cache.coders {
                ui.selectable_value(value, Some(c.clone()), c);
            }
        })
        .response
        .on_hover_text(cx.tr(Msg::Coder));
    if value.as_ref().is_some_and(|v| !cx.cache.coders.contains(v)) {
        *value = None;
    }
}

/// A combo box choosing one case (or all of them).
pub fn case_combo_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &str, value: &mut Option<i64>) {
    let name = |id: Option<i64>| {
        id.and_then(|id| cx.cache.cases.iter().find(|c| c.id == id))
            .map_or(cx.tr(Msg::AllCases).to_owned(), |c| c.name.clone())
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, cx.tr(Msg::AllCases));
            for c in &cx.cache.cases {
                ui.selectable_value(value, Some(c.id), &c.name);
            }
        })
        .response
        .on_hover_text(cx.tr(Msg::Cases));
    if value.is_some_and(|id| !cx.cache.cases.iter().any(|c| c.id == id)) {
        *value = None;
    }
}

/// A combo box choosing one document (or all of them).
pub fn doc_combo_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &str, value: &mut Option<i64>) {
    let name = |id: Option<i64>| {
        id.and_then(|id| cx.cache.doc_summary(id))
            .map_or(cx.tr(Msg::AllDocuments).to_owned(), |d| d.name.clone())
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(name(*value))
        .width(180.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, cx.tr(Msg::AllDocuments));
            for d in &cx.cache.docs {
                ui.selectable_value(value, Some(d.id), &d.name);
            }
        })
        .response
        .on_hover_text(cx.tr(Msg::Document));
    if value.is_some_and(|id| cx.cache.doc_summary(id).is_none()) {
        *value = None;
    }
}

/// `key=value` → `(key, value)` (trimmed), if the key is not empty.
pub fn parse_attr(text: &str) -> Option<(String, String)> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
}

/// Forgets a code id that is no longer in the codebook.
pub fn drop_missing_code(cx: &PanelCtx<'_>, value: &mut Option<i64>) {
    if value.is_some_and(|id| cx.cache.code(id).is_none()) {
        *value = None;
    }
}

/// The last segment of a code path (`权力/借力` → `借力`).
pub fn leaf(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// A coefficient with three decimals, or "–" when undefined.
pub fn fmt_coef(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.3}"))
}

/// A combo box choosing one document group (or every document).
pub fn group_combo_ui(ui: &mut Ui, cx: &PanelCtx<'_>, id: &str, value: &mut Option<i64>) {
    if cx.cache.groups.is_empty() {
        *value = None;
        return;
    }
    let name = |id: Option<i64>| {
        id.and_then(|id| cx.cache.groups.iter().find(|g| g.id == id))
            .map_or(cx.tr(Msg::GroupAll).to_owned(), |g| g.name.clone())
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, cx.tr(Msg::GroupAll));
            for g in &cx.cache.groups {
                ui.selectable_value(value, Some(g.id), &g.name);
            }
        })
        .response
        .accessible_name(cx.tr(Msg::GroupFilterView))
        .on_hover_text(cx.tr(Msg::GroupFilterView));
    if value.is_some_and(|id| !cx.cache.groups.iter().any(|g| g.id == id)) {
        *value = None;
    }
}
