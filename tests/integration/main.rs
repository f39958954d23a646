//! Integration tests: the real `qcw` binary (asserting on `--json`) and the library.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is the failure report"
)]

mod architecture;
mod backup;
mod cases;
mod cli;
mod commands;
mod encryption;
mod export;
mod forget;
mod groups;
mod hostile;
mod import;
mod interop;
mod interop_limits;
mod interop_peers;
mod interop_positions;
mod interop_reimport;
mod interop_roundtrip;
mod interop_unsupported;
mod kill;
mod memos;
mod overview;
mod pii;
mod real_data;
mod reliability;
mod search;
mod server;
mod server_cli;
mod server_property;
mod server_sync;
mod suggest;
mod team;
mod team_consensus;
mod undo_property;
mod util;
