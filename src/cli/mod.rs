//! The command-line interface: argument definitions and dispatch. Every query subcommand has
//! `--json`, printing exactly one JSON value on stdout. Errors go to stderr with a non-zero exit.

/// `println!` for command output: when the reader of stdout went away (`qcw … | head`), the
/// process ends quietly with success instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("qcw: error: writing to standard output: {e}");
            std::process::exit(1);
        }
    }};
}

mod analysis;
mod args;
mod args_more;
mod backup;
#[cfg(feature = "bench")]
mod bench;
#[cfg(feature = "bench")]
mod bench_all;
mod codebook;
mod codebook_csv;
mod crypt;
mod docs;
mod export;
mod forget;
mod groups;
mod history;
mod memos;
mod overview;
mod pii;
mod qdpx;
mod search;
mod suggest;
mod team;
mod team_server;

use anyhow::Result;
use args::{Cli, Cmd};
use clap::Parser as _;
use qcw::store::Project;
use std::path::Path;
use std::process::ExitCode;

/// Parses the command line and runs it.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let Some(cmd) = cli.command else {
        return gui(None);
    };
    match cmd {
        Cmd::Gui { project } => gui(project),
        Cmd::New {
            project,
            template,
            encrypt,
        } => docs::new(&project, &template, encrypt),
        Cmd::Rekey { project } => crypt::rekey(&project),
        Cmd::Encrypt { project, out } => crypt::encrypt(&project, &out),
        Cmd::Demo { project } => docs::demo(&project),
        Cmd::Import(a) => docs::import(a),
        Cmd::Docs { project, json } => docs::list(&project, json),
        Cmd::Show {
            project,
            doc,
            start,
            end,
            json,
        } => docs::show(&project, &doc, start, end, json),
        Cmd::Codes { project, json } => codebook::list(&project, json),
        Cmd::Code(c) => codebook::run(c),
        Cmd::Codings(a) => codebook::codings(a),
        Cmd::Memo(a) => docs::memo(a),
        Cmd::Case(c) => docs::case(c),
        Cmd::Matrix(a) => analysis::matrix(a),
        Cmd::Qca(a) => analysis::qca(a),
        Cmd::Cooccur(a) => analysis::cooccur(a),
        Cmd::Agreement(a) => analysis::agreement(a),
        Cmd::Crosstab(a) => analysis::crosstab(a),
        Cmd::Overview(a) => overview::overview(a),
        Cmd::Attrs(a) => analysis::attrs(a),
        Cmd::Export(a) => export::run(a),
        Cmd::Qdpx(c) => qdpx::run(c),
        Cmd::Codebook(c) => codebook_csv::run(c),
        c @ (Cmd::Search(_)
        | Cmd::Kwic { .. }
        | Cmd::Freq { .. }
        | Cmd::Segment { .. }
        | Cmd::Dict(_)
        | Cmd::Stopwords(_)
        | Cmd::Reindex { .. }) => search::run(c),
        Cmd::Undo { project, coder } => history::undo_redo(&project, true, coder.as_deref()),
        Cmd::Redo { project, coder } => history::undo_redo(&project, false, coder.as_deref()),
        Cmd::Merge {
            into,
            from,
            preview,
            json,
        } => team::merge(&into, &from, preview, json),
        Cmd::Team(c) => team::run_team(c),
        Cmd::Consensus(c) => team::run_consensus(c),
        Cmd::Log { project, json } => history::log(&project, json),
        Cmd::Backup { project, json } => backup::backup(&project, json),
        Cmd::Backups { project, json } => backup::list(&project, json),
        Cmd::Restore {
            project,
            backup,
            json,
        } => backup::restore(&project, &backup, json),
        Cmd::Purge(a) => forget::purge(a),
        Cmd::Compact {
            project,
            before,
            json,
        } => forget::compact(&project, before.as_deref(), json),
        Cmd::Check {
            project,
            repair,
            json,
        } => backup::check(&project, repair, json),
        Cmd::Pii(a) => pii::run(a),
        Cmd::Redact {
            project,
            doc,
            start,
            end,
            json,
        } => pii::redact(&project, &doc, start, end, json),
        Cmd::Groups { project, json } => groups::list(&project, json),
        Cmd::Group(c) => groups::run(c),
        Cmd::Memos(a) => memos::run(a),
        Cmd::Suggest(a) => suggest::run(a),
        Cmd::Bench(b) => bench(b),
    }
}

#[cfg(feature = "gui")]
fn gui(project: Option<std::path::PathBuf>) -> Result<ExitCode> {
    qcw::app::run_native(project)
        .map_err(|e| anyhow::anyhow!("cannot open the qcw window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn gui(_project: Option<std::path::PathBuf>) -> Result<ExitCode> {
    anyhow::bail!(
        "this qcw was built without the GUI (feature `gui`); see `qcw --help` for the CLI"
    )
}

#[cfg(feature = "bench")]
fn bench(cmd: args::BenchCmd) -> Result<ExitCode> {
    bench::run(cmd)
}

#[cfg(not(feature = "bench"))]
fn bench(_cmd: args::BenchCmd) -> Result<ExitCode> {
    anyhow::bail!(
        "this qcw was built without the benchmarks; rebuild it with `--features bench` \
         (e.g. `cargo build --release --features bench`)"
    )
}

/// Opens a project for writing, as `actor` (asking for the passphrase of an encrypted one).
fn open_rw(path: &Path) -> Result<Project> {
    if let Some(url) = server_url(path)? {
        return Ok(Project::open_server(&url, coder_env().as_deref())?);
    }
    crypt::ensure_passphrase(path)?;
    Ok(Project::open(path, &qcw::project::default_coder())?)
}

/// Opens a project for queries (asking for the passphrase of an encrypted one).
fn open_ro(path: &Path) -> Result<Project> {
    if let Some(url) = server_url(path)? {
        return Ok(Project::open_server(&url, coder_env().as_deref())?);
    }
    crypt::ensure_passphrase(path)?;
    Ok(Project::open_read_only(path)?)
}

/// A team project's address given in place of a project file.
fn server_url(path: &Path) -> Result<Option<qcw::store::remote::ServerUrl>> {
    let s = path.to_string_lossy();
    if !qcw::store::remote::ServerUrl::is_server(&s) {
        return Ok(None);
    }
    Ok(Some(qcw::store::remote::ServerUrl::parse(&s, None)?))
}

/// `$QCW_CODER`, the name a team project is worked on as when set (else the role's member name).
fn coder_env() -> Option<String> {
    std::env::var("QCW_CODER")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// Prints one JSON value.
fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    use std::io::Write as _;
    let text = serde_json::to_string_pretty(value)?;
    match writeln!(std::io::stdout().lock(), "{text}") {
        // The reader went away (`qcw … --json | head`): not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
