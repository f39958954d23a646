//! Integration tests: the real `qcw` binary (asserting on `--json`) and the library.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is the failure report"
)]

mod architecture;
mod cases;
mod cli;
mod commands;
mod export;
mod import;
mod interop;
mod pii;
mod real_data;
mod search;
mod undo_property;
mod util;
