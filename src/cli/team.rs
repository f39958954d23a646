//! `merge`, `team split|unblind`, `consensus list|resolve|take-agreed`.

use super::{open_ro, open_rw, print_json};
use anyhow::{Result, bail};
use clap::Subcommand;
use qcw::team::{self, MergeReport, Resolution};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Split PROJECT into blinded copies, one per coder (`<name>-<coder>.qcw` in --out), each
    /// with only that coder's codings and no command log.
    Split {
        project: PathBuf,
        /// Comma-separated coder names.
        #[arg(long, value_delimiter = ',', required = true)]
        coders: Vec<String>,
        /// Folder for the copies (created when missing).
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Lift the blinding of a coder's copy (the PI's decision).
    Unblind { project: PathBuf },
    #[command(flatten)]
    Server(super::team_server::ServerCmd),
}

#[derive(Debug, Subcommand)]
pub enum ConsensusCmd {
    /// List the disagreements between two coders and how many are resolved.
    List {
        project: PathBuf,
        /// The two coders, A,B.
        #[arg(long, value_delimiter = ',', required = true)]
        coders: Vec<String>,
        /// List the units where they agree instead.
        #[arg(long)]
        agreed: bool,
        #[arg(long)]
        json: bool,
    },
    /// Resolve disagreement --unit N into the `consensus` coder: a, b, both, neither, START-END
    /// (a range inside the unit), or reopen. One undo step.
    Resolve {
        project: PathBuf,
        #[arg(long, value_delimiter = ',', required = true)]
        coders: Vec<String>,
        #[arg(long)]
        unit: usize,
        #[arg(long)]
        accept: String,
    },
    /// Copy every unit where the two coders agree into the consensus layer (one undo step).
    TakeAgreed {
        project: PathBuf,
        #[arg(long, value_delimiter = ',', required = true)]
        coders: Vec<String>,
    },
}

pub fn merge(into: &Path, from: &Path, preview: bool, json: bool) -> Result<ExitCode> {
    // An encrypted copy needs its passphrase too (QCW_PASSPHRASE or a prompt).
    if from.is_file() {
        super::crypt::ensure_passphrase(from)?;
    }
    let report = if preview {
        team::preview(&open_ro(into)?, from)?
    } else {
        team::merge(&mut open_rw(into)?, from)?
    };
    if json {
        print_json(&report)?;
    } else {
        print_report(&report, preview);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(r: &MergeReport, preview: bool) {
    let verb = if preview { "would bring" } else { "brought" };
    outln!(
        "{} {verb}: {} documents ({} already here), {} codes, {} cases, {} codings ({} already here), {} memos, {} other values",
        r.from,
        r.documents_added,
        r.documents_matched,
        r.codes_added,
        r.cases_added,
        r.codings_added,
        r.codings_present,
        r.memos_changed,
        r.other_changes
    );
    if !r.coders.is_empty() {
        outln!("coders: {}", r.coders.join(", "));
    }
    for c in &r.conflicts {
        outln!("conflict {}: {} — {}", c.kind, c.target, c.outcome);
    }
    if !r.changes {
        outln!("nothing new to merge");
    }
}

pub fn run_team(cmd: TeamCmd) -> Result<ExitCode> {
    match cmd {
        TeamCmd::Split {
            project,
            coders,
            out,
            json,
        } => {
            let p = open_ro(&project)?;
            let paths = team::split(&p, &coders, &out)?;
            if json {
                print_json(&paths)?;
            } else {
                for path in paths {
                    outln!("{}", path.display());
                }
            }
        }
        TeamCmd::Unblind { project } => match open_rw(&project)?.unblind()? {
            Some(c) => outln!("{}: no longer blinded for {c}", project.display()),
            None => outln!("{}: was not blinded", project.display()),
        },
        TeamCmd::Server(cmd) => return super::team_server::run(cmd),
    }
    Ok(ExitCode::SUCCESS)
}

fn two(coders: &[String]) -> Result<(&str, &str)> {
    match coders {
        [a, b] => Ok((a.as_str(), b.as_str())),
        _ => bail!("--coders takes exactly two names, A,B"),
    }
}

/// `a`, `b`, `both`, `neither`, `reopen` or `START-END`.
fn parse_accept(s: &str) -> Result<Option<Resolution>> {
    Ok(match s {
        "a" => Some(Resolution::A),
        "b" => Some(Resolution::B),
        "both" => Some(Resolution::Both),
        "neither" => Some(Resolution::Neither),
        "reopen" => None,
        range => {
            let Some((s, e)) = range.split_once('-') else {
                bail!("--accept {range:?}: use a, b, both, neither, reopen or START-END");
            };
            Some(Resolution::Range(s.trim().parse()?, e.trim().parse()?))
        }
    })
}

pub fn run_consensus(cmd: ConsensusCmd) -> Result<ExitCode> {
    match cmd {
        ConsensusCmd::List {
            project,
            coders,
            agreed,
            json,
        } => {
            let (a, b) = two(&coders)?;
            let (list, progress) = team::disagreements(&open_ro(&project)?, a, b, agreed)?;
            if json {
                print_json(&serde_json::json!({ "progress": progress, "units": list }))?;
            } else {
                for d in &list {
                    outln!(
                        "{:>4}  {}  {}  [{}, {})  {a}: {:?}  {b}: {:?}  {}  {}",
                        d.unit,
                        d.doc,
                        d.code,
                        d.start,
                        d.end,
                        d.a,
                        d.b,
                        d.decision.as_deref().unwrap_or("open"),
                        d.text.chars().take(40).collect::<String>()
                    );
                }
                outln!("{} of {} resolved", progress.resolved, progress.total);
            }
        }
        ConsensusCmd::Resolve {
            project,
            coders,
            unit,
            accept,
        } => {
            let r = parse_accept(&accept)?;
            let applied = team::resolve(&mut open_rw(&project)?, two(&coders)?, unit, r)?;
            outln!("{}", applied.label);
        }
        ConsensusCmd::TakeAgreed { project, coders } => {
            let applied = team::take_agreed(&mut open_rw(&project)?, two(&coders)?)?;
            outln!("{} ({} codings)", applied.label, applied.ids.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
