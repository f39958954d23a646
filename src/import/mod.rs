//! Import: files and folders → immutable documents.
//!
//! Each file is read, decoded or extracted ([`formats`]) and normalized once (BOM dropped, CRLF/CR →
//! LF). The good files are then added by one [`Command::Batch`] of [`Command::ImportDocument`]s —
//! one transaction and one undo step for the whole import action — while a bad file is reported by
//! name and left out, so it never leaves a half-imported document and the others still import.
//! Sub-folders of an imported folder become document groups named by their relative path.

pub mod formats;

use crate::command::{ByName, Command, CommandError, NewDocument, execute};
use crate::model::DocKind;
use crate::store::Project;
use crate::text::sha256_hex;
use formats::{ExtractOptions, Format, FormatError};
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use walkdir::WalkDir;

/// Largest accepted text, in bytes of UTF-8 (50 MB).
pub const MAX_TEXT_BYTES: usize = 50 * 1024 * 1024;
/// Largest accepted file (PDF and DOCX are larger than their text).
pub const MAX_FILE_BYTES: u64 = 500 * 1024 * 1024;

/// Errors that stop a whole import (per-file problems are collected in [`ImportReport`]).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The `--meta-pattern` regex is invalid or has no named group.
    #[error("bad meta pattern: {0}")]
    Pattern(String),
    /// A path given on the command line does not exist.
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is not acceptable.
    #[error("{path}: {source}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: FormatError,
    },
    /// The text is too large.
    #[error("{path}: text is {size} bytes, more than the 50 MB limit")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
    },
    /// Storing the document failed.
    #[error("{path}: {source}")]
    Store {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: CommandError,
    },
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Kind of every imported document.
    pub kind: DocKind,
    /// Cases to link every imported document to (created when missing).
    pub cases: Vec<String>,
    /// Regex with named groups applied to the file stem; each group becomes an attribute.
    pub meta_pattern: Option<Regex>,
    /// Format options.
    pub extract: ExtractOptions,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            kind: DocKind::Interview,
            cases: Vec::new(),
            meta_pattern: None,
            extract: ExtractOptions::default(),
        }
    }
}

impl ImportOptions {
    /// Compiles and checks a `--meta-pattern`.
    pub fn parse_meta_pattern(pattern: &str) -> Result<Regex, ImportError> {
        let re = Regex::new(pattern).map_err(|e| ImportError::Pattern(e.to_string()))?;
        if re.capture_names().flatten().next().is_none() {
            return Err(ImportError::Pattern(format!(
                "{pattern:?} has no named group such as (?P<date>\\d{{8}})"
            )));
        }
        Ok(re)
    }
}

/// One imported document.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    /// Source file.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// New document id.
    pub doc_id: i64,
    /// Its (unique) name.
    pub name: String,
    /// Length in code points.
    pub chars: usize,
    /// Format name.
    pub format: &'static str,
    /// Detected encoding for text files.
    pub encoding: Option<&'static str>,
    /// What to check in the text (also in [`ImportReport::warnings`]).
    pub warnings: Vec<String>,
}

/// A file that was not imported, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The file.
    #[serde(serialize_with = "lossy_path")]
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

/// A path as a string, invalid UTF-8 replaced by U+FFFD: a name never makes a report fail.
fn lossy_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// Documents added.
    pub imported: Vec<Imported>,
    /// Files whose content is already in the project.
    pub duplicates: Vec<Problem>,
    /// Entries not imported on purpose: files with an extension qcw does not import, hidden and
    /// temporary files, symbolic links out of an imported folder, pipes and devices.
    pub skipped: Vec<Problem>,
    /// Files that failed, and folders that could not be read.
    pub failed: Vec<Problem>,
    /// Imported files whose text should be checked: characters replaced in decoding, an
    /// encoding other than UTF-8, a low-confidence guess, a file mixing encodings.
    pub warnings: Vec<Problem>,
    /// Document groups the imported documents were added to: the sub-folders of an imported
    /// folder, by relative path (`城市/上海`).
    pub groups: Vec<String>,
    /// Whether the import was cancelled before the end (then nothing is imported).
    pub cancelled: bool,
}

impl ImportReport {
    /// Whether any file failed (duplicates and skipped files are not failures).
    pub fn has_failures(&self) -> bool {
        !self.failed.is_empty()
    }
}

/// Progress of an import, for a progress bar.
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    /// Files finished.
    pub done: usize,
    /// Files in all.
    pub total: usize,
    /// The file being worked on.
    pub current: &'a Path,
}

/// Lists the files under `paths` (folders walked recursively, sorted by path).
///
/// In a folder, hidden and temporary entries (`.name`, `~$name`, `Thumbs.db`, `desktop.ini`) are
/// left out and symbolic links are not followed: one to something inside the folder leads to
/// what the walk reaches anyway (so a link such as `ln -s . again` neither loops nor lists a file
/// twice), one out of the folder is not imported. A folder named in `paths` may itself be a link.
/// An entry that cannot be read (a subfolder without permission) does not stop the walk.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    Ok(collect(paths)?.files.into_iter().map(|(p, _)| p).collect())
}

/// What a walk found: the files to import, the entries left out (with why) and the entries that
/// could not be read.
#[derive(Default)]
struct Walked {
    /// Each file with its sub-folder below the imported folder (`None`: directly in it, or a
    /// file named on its own).
    files: Vec<(PathBuf, Option<String>)>,
    skipped: Vec<Problem>,
    failed: Vec<Problem>,
}

fn collect(paths: &[PathBuf]) -> Result<Walked, ImportError> {
    let mut walked = Walked::default();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut walked)?;
        } else if p.is_file() {
            walked.files.push((p.clone(), None));
        } else {
            return Err(ImportError::Missing(p.clone()));
        }
    }
    Ok(walked)
}

/// Left out of a folder import: `.git`, `.DS_Store`, LibreOffice's `.~lock.x.odt#`, Office's
/// `~$draft.docx` lock files, Windows' `Thumbs.db` and `desktop.ini`, editors' `x.txt~`.
fn hidden(name: &OsStr) -> bool {
    let n = name.to_string_lossy();
    n.starts_with('.')
        || n.starts_with("~$")
        || n.ends_with('~')
        || n.eq_ignore_ascii_case("thumbs.db")
        || n.eq_ignore_ascii_case("desktop.ini")
}

/// The folder of `file` relative to `root`, parts joined by `/`; `None` directly in `root`.
fn sub_folder(root: &Path, file: &Path) -> Option<String> {
    let rel = file.parent()?.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn walk(root: &Path, walked: &mut Walked) -> Result<(), ImportError> {
    let base = root.canonicalize().map_err(|source| ImportError::Io {
        path: root.to_owned(),
        source,
    })?;
    let mut entries = WalkDir::new(root).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_owned();
                let reason = e.io_error().map_or_else(
                    || "cannot read this folder".to_owned(),
                    |io| format!("cannot read this folder: {io}"),
                );
                walked.failed.push(Problem { path, reason });
                continue;
            }
        };
        let kind = entry.file_type();
        if entry.depth() > 0 && hidden(entry.file_name()) {
            if kind.is_dir() {
                entries.skip_current_dir();
            }
            walked.skipped.push(Problem {
                path: entry.into_path(),
                reason: "hidden or temporary file, not imported".into(),
            });
        } else if kind.is_file() {
            let group = sub_folder(root, entry.path());
            walked.files.push((entry.into_path(), group));
        } else if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&base) => {}
                Ok(_) => walked.skipped.push(Problem {
                    path: entry.into_path(),
                    reason: "symbolic link out of the imported folder, not followed".into(),
                }),
                Err(_) => walked.skipped.push(Problem {
                    path: entry.into_path(),
                    reason: "broken symbolic link, not followed".into(),
                }),
            }
        } else if !kind.is_dir() {
            walked.skipped.push(Problem {
                path: entry.into_path(),
                reason: "not a regular file (a pipe, socket or device), not imported".into(),
            });
        }
    }
    Ok(())
}

/// Imports `paths` (files or folders) into `project` as one undo step.
///
/// Every file is read and extracted first; the good ones are then added in one transaction (one
/// history entry: one undo removes them all), each into the group of its sub-folder. Per-file
/// problems are collected in the report and do not stop the others; the function fails only for
/// problems with the request itself (a missing path). `cancel` is checked between files; a
/// cancelled import adds nothing.
pub fn import_paths(
    project: &mut Project,
    paths: &[PathBuf],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress<'_>),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    let Walked {
        files,
        skipped,
        failed,
    } = collect(paths)?;
    let mut report = ImportReport {
        skipped,
        failed,
        ..ImportReport::default()
    };
    let total = files.len();
    let mut planned = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (done, (path, group)) in files.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            return Ok(report);
        }
        progress(Progress {
            done,
            total,
            current: path,
        });
        let Some(format) = Format::from_path(path) else {
            report.skipped.push(Problem {
                path: path.clone(),
                reason: "unsupported file type (qcw imports .txt .md .docx .odt .pdf)".into(),
            });
            continue;
        };
        match read_file(project, path, format, opts) {
            Ok(Outcome::Read(doc)) => {
                if let Some(first) = seen.get(&doc.doc.sha256) {
                    report.duplicates.push(Problem {
                        path: path.clone(),
                        reason: format!("same content as {}", first.display()),
                    });
                } else {
                    seen.insert(doc.doc.sha256.clone(), path.clone());
                    planned.push((*doc, group.clone()));
                }
            }
            Ok(Outcome::Duplicate(existing)) => report.duplicates.push(Problem {
                path: path.clone(),
                reason: format!("same content as document {existing}"),
            }),
            Err(e) => report.failed.push(Problem {
                path: path.clone(),
                reason: error_reason(&e),
            }),
        }
    }
    if cancel.load(Ordering::Relaxed) {
        report.cancelled = true;
        return Ok(report);
    }
    add_documents(project, planned, &mut report)?;
    if let Some((last, _)) = files.last() {
        progress(Progress {
            done: total,
            total,
            current: last,
        });
    }
    Ok(report)
}

/// Adds the documents read in one transaction: unique names chosen beforehand so that the
/// sub-folder groups can name them.
fn add_documents(
    project: &mut Project,
    planned: Vec<(ReadDoc, Option<String>)>,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    if planned.is_empty() {
        return Ok(());
    }
    let project_path = project.path().to_owned();
    let store_err = |source: CommandError| ImportError::Store {
        path: project_path.clone(),
        source,
    };
    let mut names: BTreeSet<String> = project
        .documents()
        .map_err(|e| store_err(e.into()))?
        .into_iter()
        .map(|d| d.name)
        .collect();
    project
        .backup_before("import")
        .map_err(|e| store_err(e.into()))?;
    let mut commands = Vec::new();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut planned_names = Vec::new();
    for (mut read, group) in planned {
        let base = read.doc.name.trim().to_owned();
        let mut name = base.clone();
        let mut n = 1;
        while names.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        names.insert(name.clone());
        read.doc.name.clone_from(&name);
        if let Some(g) = group {
            groups.entry(g).or_default().push(name.clone());
        }
        planned_names.push((name, read.summary));
        commands.push(Command::ImportDocument(Box::new(read.doc)));
    }
    let count = commands.len();
    commands.extend(groups.iter().map(|(group, docs)| {
        Command::ByName(Box::new(ByName::AddToGroup {
            group: group.clone(),
            docs: docs.clone(),
        }))
    }));
    let cmd = if commands.len() == 1 {
        commands.remove(0)
    } else {
        Command::Batch {
            label: format!("import {count} documents"),
            commands,
        }
    };
    match execute(project, &cmd) {
        Ok(applied) => {
            for ((name, mut summary), doc_id) in planned_names.into_iter().zip(applied.ids) {
                summary.doc_id = doc_id;
                summary.name = name;
                report
                    .warnings
                    .extend(summary.warnings.iter().map(|w| Problem {
                        path: summary.path.clone(),
                        reason: w.clone(),
                    }));
                report.imported.push(summary);
            }
            report.groups = groups.into_keys().collect();
        }
        Err(e) => {
            let reason = e.to_string();
            report
                .failed
                .extend(planned_names.into_iter().map(|(_, s)| Problem {
                    path: s.path,
                    reason: reason.clone(),
                }));
        }
    }
    Ok(())
}

/// The error message without the path prefix (the report pairs it with the path).
fn error_reason(e: &ImportError) -> String {
    match e {
        ImportError::Io { source, .. } => source.to_string(),
        ImportError::Format { source, .. } => source.to_string(),
        ImportError::Store { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// A file read and extracted, not yet added.
struct ReadDoc {
    doc: NewDocument,
    summary: Imported,
}

enum Outcome {
    Read(Box<ReadDoc>),
    Duplicate(String),
}

fn read_file(
    project: &Project,
    path: &Path,
    format: Format,
    opts: &ImportOptions,
) -> Result<Outcome, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let sha = sha256_hex(&bytes);
    if let Some(existing) = project
        .document_by_sha256(&sha)
        .map_err(|e| ImportError::Store {
            path: path.to_owned(),
            source: e.into(),
        })?
    {
        return Ok(Outcome::Duplicate(existing));
    }
    let extracted =
        formats::extract(format, &bytes, &opts.extract).map_err(|source| ImportError::Format {
            path: path.to_owned(),
            source,
        })?;
    if extracted.text.len() > MAX_TEXT_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size: extracted.text.len() as u64,
        });
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "document".to_owned());
    let attributes = meta_attributes(opts.meta_pattern.as_ref(), &stem);
    let chars = extracted.text.chars().count();
    let summary = Imported {
        path: path.to_owned(),
        doc_id: 0,
        name: String::new(),
        chars,
        format: format.name(),
        encoding: extracted.encoding,
        warnings: extracted.warnings,
    };
    let doc = NewDocument {
        name: stem,
        kind: opts.kind,
        text: extracted.text,
        sha256: sha,
        source_path: path.to_string_lossy().into_owned(),
        format: format.name().to_owned(),
        attributes,
        cases: opts.cases.clone(),
    };
    Ok(Outcome::Read(Box::new(ReadDoc { doc, summary })))
}

/// Attributes from the named groups of `pattern` matched against the file stem.
pub fn meta_attributes(pattern: Option<&Regex>, stem: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(re) = pattern else {
        return out;
    };
    let Some(caps) = re.captures(stem) else {
        return out;
    };
    for name in re.capture_names().flatten() {
        if let Some(m) = caps.name(name) {
            out.insert(name.to_owned(), m.as_str().to_owned());
        }
    }
    out
}
