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
mod export_dialog;
mod fonts;
mod groups;
mod import;
mod interop;
mod layout;
mod lists;
mod memos;
mod privacy;
mod reader;
mod refresh;
mod search;
mod suggest;
mod tables;
mod team;
mod team_server;
mod ui;
mod util;
mod views_smoke;
