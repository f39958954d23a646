//! `search`, `kwic`, `freq`, `segment`, `dict`, `stopwords`, `reindex`, `code hits`.

use super::args::Cmd;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(_cmd: Cmd) -> Result<ExitCode> {
    bail!("search is not wired yet")
}
