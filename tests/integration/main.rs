//! Integration tests: the real `qcw` binary (asserting on `--json`) and the library.

mod architecture;
mod cases;
mod cli;
mod commands;
mod export;
mod import;
mod interop;
mod real_data;
mod search;
mod undo_property;
mod util;
