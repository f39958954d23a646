//! The cooccur view (to be written).

use crate::app::PanelCtx;
use crate::app::worker::Worker;
use egui::Ui;

/// State of the cooccur view.
#[derive(Default)]
pub struct CooccurView {}

impl CooccurView {
    /// Shows the view.
    pub fn cooccur_ui(&mut self, ui: &mut Ui, cx: &mut PanelCtx<'_>, worker: &mut Worker) {
        let _ = (cx, worker);
        ui.label("cooccur");
    }
}
