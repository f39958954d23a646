//! GUI tests (egui_kittest): they drive the real workbench state headless (no display, no GPU)
//! and check the project store underneath.

mod analysis;
mod bench;
mod coding;
mod fonts;
mod import;
mod layout;
mod ui;
mod util;
