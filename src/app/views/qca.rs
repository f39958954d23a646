//! The qca view (to be written).

use crate::app::PanelCtx;
use crate::app::worker::Worker;
use egui::Ui;

/// State of the qca view.
#[derive(Default)]
pub struct QcaView {}

impl QcaView {
    /// Shows the view.
    pub fn qca_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let _ = (cx, worker);
        ui.label("qca");
    }
}
