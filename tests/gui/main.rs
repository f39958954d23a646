//! GUI tests (egui_kittest): they drive the real workbench state headless (no display, no GPU)
//! and check the project store underneath.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is the failure report"
)]

mod analysis;
mod backup;
mod cases;
mod coding;
mod encryption;
mod export;
mod fonts;
mod import;
mod interop;
mod layout;
mod privacy;
mod reader;
mod refresh;
mod search;
mod tables;
mod team;
mod ui;
mod util;
mod views_smoke;
