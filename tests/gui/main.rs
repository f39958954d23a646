//! GUI tests (egui_kittest) — written by the GUI work.
