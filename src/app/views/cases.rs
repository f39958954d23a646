//! The cases view (to be written).

use crate::app::PanelCtx;
use crate::app::worker::Worker;
use egui::Ui;

/// State of the cases view.
#[derive(Default)]
pub struct CasesView {}

impl CasesView {
    /// Shows the view.
    pub fn cases_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let _ = (cx, worker);
        ui.label("cases");
    }
}
