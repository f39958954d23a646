//! The egui workbench (feature `gui`). Placeholder until the GUI lands.

/// Opens the desktop window.
pub fn run_native(_project: Option<std::path::PathBuf>) -> Result<(), String> {
    Err("the GUI is not built yet".into())
}
