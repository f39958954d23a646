//! The agreement view (to be written).

use crate::app::PanelCtx;
use crate::app::worker::Worker;
use egui::Ui;

/// State of the agreement view.
#[derive(Default)]
pub struct AgreementView {}

impl AgreementView {
    /// Shows the view.
    pub fn agreement_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let _ = (cx, worker);
        ui.label("agreement");
    }
}
