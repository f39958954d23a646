//! # qcw — 质性编码工作台, the qualitative coding workbench
//!
//! The GUI-free core of qcw: a project is one SQLite file ([`store::Project`]) holding immutable
//! documents (redaction aside), a hierarchical codebook, codings anchored by Unicode code-point ranges `[start,
//! end)`, cases and memos. Every change is a [`command::Command`] applied in one transaction that
//! records its inverse, which gives undo/redo across processes and the audit trail.
//!
//! ```no_run
//! use qcw::command::{Command, CodeFields, execute};
//! use qcw::store::Project;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut project = Project::create("study.qcw".as_ref(), "李研")?;
//! execute(&mut project, &Command::AddCode { path: "权力/借力".into(), fields: CodeFields::default() })?;
//! project.undo()?;
//! # Ok(()) }
//! ```

/// The git commit this binary was built from, `<short hash> <date>` (`unknown` outside a checkout;
/// the `QCW_GIT_COMMIT` environment variable at build time overrides it). Set by `build.rs`.
pub const GIT_COMMIT: &str = env!("QCW_GIT_COMMIT");

/// The version shown by `qcw --version` and Help → About: crate version and git commit.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("QCW_GIT_COMMIT"), ")");

/// qcw's own licence (the crate's SPDX expression).
pub const LICENSE: &str = env!("CARGO_PKG_LICENSE");

pub mod analysis;
#[cfg(any(test, feature = "bench"))]
pub mod bench;
pub mod cases;
pub mod clock;
pub mod codebook;
pub mod command;
pub mod demo;
pub mod export;
pub mod forget;
pub mod import;
pub mod interop;
pub mod model;
pub mod pg_cluster;
pub mod project;
pub mod reports;
pub mod search;
pub mod store;
pub mod suggest;
pub mod team;
pub mod text;

#[cfg(test)]
pub(crate) mod test_data;

#[cfg(feature = "gui")]
pub mod app;
