//! `qcw-gui`: the desktop workbench alone, without a console window on Windows (the Start menu
//! entry and the file associations of the Windows installer start it). `qcw-gui P` opens the
//! project or REFI-QDA file P, like `qcw gui P`.

#![windows_subsystem = "windows"]

use std::process::ExitCode;

fn main() -> ExitCode {
    let project = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    match qcw::app::run_native(project) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Seen when started from a terminal; a window-only start has nowhere to show it.
            eprintln!("qcw-gui: error: {err}");
            ExitCode::FAILURE
        }
    }
}
