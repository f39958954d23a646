//! The cases view: the classification sheet (cases × case attributes) edited in place — typed
//! cells (boolean as a checkbox, category as a combo box, anything else a text field committed
//! on Enter or when it loses focus), new cases, deleting a case after a confirmation, new
//! attribute columns with their type, linking documents to a case, and importing / exporting
//! the sheet as CSV or XLSX (`cases_sheet.rs`).
//!
//! Values are checked with the attribute's type ([`AttrType::normalize`], the core's own
//! check) before a command is pushed: an invalid value shows the core's message and changes
//! nothing.

use super::cases_sheet::SheetPane;
use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::table::{CELL_PAD, FrozenTable, HeaderText, Slot, fit_width, text_width};
use crate::app::widgets::text_field_ui;
use crate::app::worker::{Rev, Worker};
use crate::command::Command;
use crate::model::AttrScope;
use crate::model::AttrType;
use crate::model::Case;
use crate::store::Project;
use egui::{Label, RichText, Ui};

/// The widest a column header gets before it breaks into lines (at sensible points only).
const HEADER_CAP: f32 = 160.0;
use std::collections::HashMap;

/// One attribute column of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrColumn {
    /// Attribute name.
    pub name: String,
    /// Its type (text when not defined).
    pub ty: AttrType,
    /// Whether the type is defined (else values are free text).
    pub defined: bool,
}

/// The sheet's columns: the defined case attributes in their order, then any other attribute
/// a case has.
pub fn load_columns(project: &Project) -> Result<Vec<AttrColumn>, AppError> {
    let defs = project.attribute_defs("case")?;
    let mut columns: Vec<AttrColumn> = defs
        .iter()
        .map(|d| AttrColumn {
            name: d.name.clone(),
            ty: AttrType::from_stored(&d.r#type, &d.allowed),
            defined: true,
        })
        .collect();
    for case in project.cases()? {
        for key in case.attributes.keys() {
            if !columns.iter().any(|c| &c.name == key) {
                columns.push(AttrColumn {
                    name: key.clone(),
                    ty: AttrType::Text,
                    defined: false,
                });
            }
        }
    }
    Ok(columns)
}

/// The type as written in a sheet header: `integer`, `category(a|b)`.
pub fn type_label(ty: &AttrType) -> String {
    match ty {
        AttrType::Category(v) if !v.is_empty() => format!("category({})", v.join("|")),
        other => other.name().to_owned(),
    }
}

/// State of the cases view.
#[derive(Default)]
pub struct CasesView {
    columns: Computed<Rev, Vec<AttrColumn>>,
    /// Text cells being edited: (case id, attribute) → the text typed so far.
    drafts: HashMap<(i64, String), String>,
    /// Why the last edit was refused.
    error: Option<String>,
    new_case: String,
    new_description: String,
    new_attr: String,
    new_type: String,
    /// The case whose deletion awaits confirmation: (id, name).
    confirm_delete: Option<(i64, String)>,
    sheet: SheetPane,
    /// Only the cases of this document group's documents (`None`: every case).
    group_id: Option<i64>,
    group_cases: Computed<(Rev, i64), Vec<Case>>,
}

impl CasesView {
    /// The chosen group's cases with their link counts, once computed (for tests).
    pub fn group_cases(&self) -> Option<&[Case]> {
        self.group_id.and(self.group_cases.ok().map(Vec::as_slice))
    }

    /// The cases shown, with their link counts (the group's, when one is chosen).
    fn shown_cases(&self, cx: &PanelCtx<'_>) -> Option<Vec<Case>> {
        match self.group_id {
            None => Some(cx.cache.cases.clone()),
            Some(_) => self.group_cases.ok().cloned(),
        }
    }

    /// Why the last cell edit was refused, if it was (for tests).
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Shows the view.
    pub fn cases_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        self.columns
            .ensure(ui, cx, worker, cx.rev, |w| load_columns(w.project()?));
        self.add_case_ui(ui, cx);
        self.add_attribute_ui(ui, cx);
        self.sheet.sheet_ui(ui, cx, worker);
        if let Some(e) = self.error.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(ui.visuals().error_fg_color, e);
                if ui
                    .small_button("✕")
                    .on_hover_text(cx.tr(Msg::Close))
                    .clicked()
                {
                    self.error = None;
                }
            });
        }
        self.confirm_delete_ui(ui, cx);
        ui.separator();
        if !status_ui(ui, cx, self.columns.value(), self.columns.pending()) {
            return;
        }
        let columns = self.columns.ok().cloned().unwrap_or_default();
        if let Some(group) = self.group_id {
            self.group_cases
                .ensure(ui, cx, worker, (cx.rev, group), move |w| {
                    crate::reports::cases_in_group(w.project()?, Some(group))
                        .map_err(AppError::from)
                });
            if !status_ui(ui, cx, self.group_cases.value(), self.group_cases.pending()) {
                return;
            }
        }
        let Some(cases) = self.shown_cases(cx) else {
            return;
        };
        if cases.is_empty() {
            ui.weak(cx.tr(Msg::CasesNone));
            return;
        }
        self.table_ui(ui, cx, &columns, &cases);
    }

    fn add_case_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal_wrapped(|ui| {
            let name = text_field_ui(
                ui,
                cx.tr(Msg::CasesNew),
                &mut self.new_case,
                cx.tr(Msg::CaseHint),
                180.0,
            );
            let desc = text_field_ui(
                ui,
                cx.tr(Msg::Description),
                &mut self.new_description,
                "",
                220.0,
            );
            let enter = (name.lost_focus() || desc.lost_focus())
                && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let enabled = !self.new_case.trim().is_empty() && !cx.busy;
            let add = ui.add_enabled(enabled, egui::Button::new(cx.tr(Msg::CasesAdd)));
            if (add.clicked() || enter && enabled) && !self.new_case.trim().is_empty() {
                cx.push(AppCommand::Execute(Command::AddCase {
                    name: self.new_case.trim().to_owned(),
                    description: self.new_description.trim().to_owned(),
                }));
                self.new_case.clear();
                self.new_description.clear();
            }
            super::filters::group_combo_ui(ui, cx, "qcw-cases-group", &mut self.group_id);
        });
    }

    fn add_attribute_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        ui.horizontal_wrapped(|ui| {
            text_field_ui(
                ui,
                cx.tr(Msg::NewAttribute),
                &mut self.new_attr,
                cx.tr(Msg::AttributeNameHint),
                140.0,
            );
            text_field_ui(
                ui,
                cx.tr(Msg::AttributeType),
                &mut self.new_type,
                "text | integer | float | boolean | date | category(a|b)",
                260.0,
            );
            let enabled = !self.new_attr.trim().is_empty() && !cx.busy;
            if ui
                .add_enabled(enabled, egui::Button::new(cx.tr(Msg::AddAttribute)))
                .on_hover_text(cx.tr(Msg::AddAttributeHint))
                .clicked()
            {
                let ty = if self.new_type.trim().is_empty() {
                    Some(AttrType::Text)
                } else {
                    AttrType::parse(&self.new_type)
                };
                match ty {
                    Some(ty) => {
                        cx.push(AppCommand::Execute(Command::DefineAttribute {
                            scope: AttrScope::Case,
                            name: self.new_attr.trim().to_owned(),
                            ty,
                        }));
                        self.new_attr.clear();
                        self.new_type.clear();
                        self.error = None;
                    }
                    None => {
                        self.error = Some(cx.trf(Msg::UnknownType, &[&self.new_type.trim()]));
                    }
                }
            }
        });
    }

    fn confirm_delete_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>) {
        let Some((id, name)) = self.confirm_delete.clone() else {
            return;
        };
        if !cx.cache.cases.iter().any(|c| c.id == id) {
            self.confirm_delete = None;
            return;
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(cx.trf(Msg::ConfirmDeleteCase, &[&name]));
                let delete = egui::Button::new(
                    RichText::new(cx.tr(Msg::Delete)).color(ui.visuals().error_fg_color),
                );
                if ui.add_enabled(!cx.busy, delete).clicked() {
                    cx.push(AppCommand::Execute(Command::DeleteCase { case_id: id }));
                    self.confirm_delete = None;
                }
                if ui.button(cx.tr(Msg::Cancel)).clicked() {
                    self.confirm_delete = None;
                }
            });
        });
    }

    fn table_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        columns: &[AttrColumn],
        cases: &[Case],
    ) {
        let row_h = ui.spacing().interact_size.y + 6.0;
        let fixed = [Msg::CasesCase, Msg::Description, Msg::LinkedDocuments];
        let heads: Vec<HeaderText> = fixed
            .iter()
            .map(|m| HeaderText::new(ui, cx.tr(*m), HEADER_CAP))
            .chain(
                columns
                    .iter()
                    .map(|c| HeaderText::new(ui, &c.name, HEADER_CAP)),
            )
            .collect();
        let links: Vec<String> = cases
            .iter()
            .map(|c| cx.trf(Msg::DocsAndSegments, &[&c.documents, &c.segments]))
            .collect();
        let small = egui::TextStyle::Small.resolve(ui.style());
        let mut widths = vec![
            (fit_width(ui, cases.iter().map(|c| c.name.as_str())) + 30.0)
                .max(heads[0].width + CELL_PAD)
                .clamp(110.0, 300.0),
            fit_width(ui, cases.iter().map(|c| c.description.as_str()))
                .max(heads[1].width + CELL_PAD)
                .clamp(80.0, 280.0),
            (fit_width(ui, links.iter().map(String::as_str)) + 30.0).max(heads[2].width + CELL_PAD),
        ];
        for (c, h) in columns.iter().zip(&heads[3..]) {
            let values = fit_width(
                ui,
                cases
                    .iter()
                    .filter_map(|k| k.attributes.get(&c.name))
                    .map(String::as_str),
            );
            let ty = text_width(ui, &type_label(&c.ty), &small) + CELL_PAD;
            widths.push(
                (h.width + CELL_PAD)
                    .max(ty)
                    .max(values + 12.0)
                    .clamp(90.0, 260.0),
            );
        }
        let lines = heads.iter().map(HeaderText::rows).max().unwrap_or(1) as f32;
        let header_h = ui.text_style_height(&egui::TextStyle::Body) * lines + small.size + 12.0;
        FrozenTable::new("qcw-cases-table", widths, cases.len())
            .header_height(header_h)
            .row_height(row_h)
            .show(ui, |ui, slot| match slot {
                Slot::Header(c) if c < fixed.len() => {
                    heads[c].show(ui, cx.tr(fixed[c]));
                }
                Slot::Header(c) => {
                    let col = &columns[c - fixed.len()];
                    let (hover, ty) = if col.defined {
                        let ty = type_label(&col.ty);
                        (format!("{}: {ty}", col.name), ty)
                    } else {
                        let hover = format!("{}: {}", col.name, cx.tr(Msg::UntypedAttribute));
                        (hover, "—".to_owned())
                    };
                    ui.vertical(|ui| {
                        heads[c].show(ui, &hover);
                        ui.add(Label::new(RichText::new(ty).small().weak()).truncate());
                    });
                }
                Slot::Body(r, 0) => {
                    let case = &cases[r];
                    let del = ui
                        .add_enabled(!cx.busy, egui::Button::new("✕").small())
                        .on_hover_text(cx.tr(Msg::CasesDelete))
                        .accessible_name(format!("{} {}", cx.tr(Msg::CasesDelete), case.name));
                    if del.clicked() {
                        self.confirm_delete = Some((case.id, case.name.clone()));
                    }
                    ui.add(Label::new(RichText::new(&case.name).strong()).truncate())
                        .on_hover_text(&case.name);
                }
                Slot::Body(r, 1) => {
                    ui.add(Label::new(&cases[r].description).truncate());
                }
                Slot::Body(r, 2) => links_ui(ui, cx, &cases[r]),
                Slot::Body(r, c) => self.cell_ui(ui, cx, &cases[r], &columns[c - fixed.len()]),
            });
    }

    /// One attribute value of one case, editable according to its type.
    fn cell_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, case: &Case, col: &AttrColumn) {
        let current = case.attributes.get(&col.name).cloned().unwrap_or_default();
        let name = format!("{} · {}", case.name, col.name);
        let mut set = None;
        match &col.ty {
            AttrType::Boolean => {
                let mut on = col.ty.normalize(&current).is_ok_and(|v| v == "true");
                let r = ui
                    .add_enabled(!cx.busy, egui::Checkbox::without_text(&mut on))
                    .accessible_name(&name);
                if r.changed() {
                    set = Some(Some(on.to_string()));
                }
            }
            AttrType::Category(allowed) if !allowed.is_empty() => {
                let mut value = current.clone();
                let shown = if value.is_empty() { "—" } else { &value };
                let r = egui::ComboBox::from_id_salt(("qcw-case-cell", case.id, &col.name))
                    .selected_text(shown.to_owned())
                    .width(ui.available_width() - 8.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut value, String::new(), "—");
                        for a in allowed {
                            ui.selectable_value(&mut value, a.clone(), a);
                        }
                    })
                    .response
                    .accessible_name(&name);
                r.on_hover_text(&name);
                if value != current {
                    set = Some(Some(value).filter(|v| !v.is_empty()));
                }
            }
            _ => {
                let key = (case.id, col.name.clone());
                let mut text = self.drafts.get(&key).cloned().unwrap_or(current.clone());
                let r = ui
                    .add_enabled(
                        !cx.busy,
                        egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY),
                    )
                    .accessible_name(&name);
                if r.changed() {
                    self.drafts.insert(key.clone(), text);
                }
                if r.lost_focus()
                    && let Some(draft) = self.drafts.remove(&key)
                    && draft.trim() != current
                {
                    set = Some(Some(draft).filter(|v| !v.trim().is_empty()));
                }
            }
        }
        let Some(value) = set else { return };
        let value = match value.map(|v| col.ty.normalize(&v)).transpose() {
            Ok(v) => v,
            Err(why) => {
                self.error = Some(format!("{name}: {why}"));
                return;
            }
        };
        self.error = None;
        cx.push(AppCommand::Execute(Command::SetCaseAttribute {
            case_id: case.id,
            key: col.name.clone(),
            value,
        }));
    }
}

/// The case's linked-document count (hover: their names) and a menu linking another document or
/// unlinking a linked one.
fn links_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>, case: &Case) {
    let linked: Vec<&str> = cx
        .cache
        .docs
        .iter()
        .filter(|d| d.cases.contains(&case.name))
        .map(|d| d.name.as_str())
        .collect();
    let count = if case.segments > 0 {
        cx.trf(Msg::DocsAndSegments, &[&case.documents, &case.segments])
    } else {
        case.documents.to_string()
    };
    let r = ui.label(count);
    if !linked.is_empty() {
        r.on_hover_text(linked.join("\n"));
    }
    let mut link = None;
    let mut unlink = None;
    ui.add_enabled_ui(!cx.busy, |ui| {
        ui.menu_button("+", |ui| {
            ui.set_max_height(400.0);
            let links: Vec<_> = cx
                .cache
                .case_links
                .iter()
                .filter(|l| l.case_id == case.id)
                .collect();
            if !links.is_empty() {
                ui.strong(cx.tr(Msg::CasesUnlink));
                for l in links {
                    let name = cx
                        .cache
                        .doc_summary(l.doc_id)
                        .map_or(String::new(), |d| d.name.clone());
                    let what = match (l.start, l.end) {
                        (Some(s), Some(e)) => format!("✕ {name} [{s}, {e})"),
                        _ => format!("✕ {name}"),
                    };
                    if ui.button(what).clicked() {
                        unlink = Some(l.id);
                        ui.close();
                    }
                }
                ui.separator();
            }
            ui.strong(cx.tr(Msg::CasesLinkDocument));
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut any = false;
                for d in cx
                    .cache
                    .docs
                    .iter()
                    .filter(|d| !d.cases.contains(&case.name))
                {
                    any = true;
                    if ui.button(&d.name).clicked() {
                        link = Some(d.id);
                        ui.close();
                    }
                }
                if !any {
                    ui.weak(cx.tr(Msg::NoDocumentToLink));
                }
            });
        })
        .response
        .on_hover_text(cx.tr(Msg::CasesLinkDocument))
        .accessible_name(format!("{} {}", cx.tr(Msg::CasesLinkDocument), case.name));
    });
    if let Some(link_id) = unlink {
        cx.push(AppCommand::Execute(Command::UnlinkCase { link_id }));
    }
    if let Some(doc_id) = link {
        cx.push(AppCommand::Execute(Command::LinkCase {
            case: case.name.clone(),
            doc_id,
            range: None,
        }));
    }
}
