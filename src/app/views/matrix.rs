//! The matrix view (to be written).

use crate::app::PanelCtx;
use crate::app::worker::Worker;
use egui::Ui;

/// State of the matrix view.
#[derive(Default)]
pub struct MatrixView {}

impl MatrixView {
    /// Shows the view.
    pub fn matrix_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let _ = (cx, worker);
        ui.label("matrix");
    }
}
