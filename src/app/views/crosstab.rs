//! The crosstab view (to be written).

use crate::app::PanelCtx;
use crate::app::worker::Worker;
use egui::Ui;

/// State of the crosstab view.
#[derive(Default)]
pub struct CrosstabView {}

impl CrosstabView {
    /// Shows the view.
    pub fn crosstab_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let _ = (cx, worker);
        ui.label("crosstab");
    }
}
