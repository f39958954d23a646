//! `qcw`: with no arguments, the desktop workbench; with a subcommand, the command-line interface.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("qcw: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
