//! The project's search index: a cache in `<project file>.index/` beside the project, kept in
//! step with the documents (added and removed incrementally) and rebuilt when the project
//! dictionary changes. Deleting the folder loses nothing; it is rebuilt on the next search.

use super::{DictWord, SearchError, SearchIndex, Segmenter};
use crate::store::{Project, StoreError};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Errors while opening or syncing the project's index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index failed.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// Reading the project failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where the index of the project at `project_path` lives.
pub fn index_dir(project_path: &Path) -> PathBuf {
    let mut p = project_path.as_os_str().to_owned();
    p.push(".index");
    PathBuf::from(p)
}

/// The segmenter with the project's dictionary (plus the built-in domain terms).
pub fn project_segmenter(project: &Project) -> Result<Segmenter, StoreError> {
    let words: Vec<DictWord> = project
        .dictionary()?
        .into_iter()
        .map(|w| DictWord {
            word: w.word,
            freq: w.freq.and_then(|f| usize::try_from(f).ok()),
            pos: w.pos,
        })
        .collect();
    Ok(Segmenter::new(&words))
}

/// Progress of an index sync: documents indexed so far, out of `total`.
#[derive(Debug, Clone, Copy)]
pub struct SyncProgress {
    /// Documents (re)indexed so far.
    pub done: usize,
    /// Documents to (re)index.
    pub total: usize,
}

/// Opens the project's index and brings it in step with the documents. If the on-disk index
/// cannot be opened (e.g. another process is writing it), an in-memory index is built instead.
pub fn open_synced(
    project: &Project,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<SearchIndex, IndexError> {
    let segmenter = Arc::new(project_segmenter(project)?);
    let dir = index_dir(project.path());
    // An encrypted project's index would be plaintext on disk: it lives in memory only.
    let on_disk = if project.is_encrypted() {
        Err(())
    } else {
        SearchIndex::open_or_create(&dir, segmenter.clone()).map_err(|_| ())
    };
    let (mut index, persistent) = match on_disk {
        Ok(i) => (i, true),
        Err(()) => (SearchIndex::in_ram(segmenter.clone())?, false),
    };
    sync(
        project,
        &mut index,
        persistent.then_some(dir.as_path()),
        progress,
    )?;
    Ok(index)
}

/// File in the index folder recording which version of each document is indexed (ids can be
/// reused after an undo, so the id alone does not identify a text).
const STAMPS_FILE: &str = "qcw-docs.tsv";

fn read_stamps(dir: &Path) -> HashMap<i64, String> {
    std::fs::read_to_string(dir.join(STAMPS_FILE))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (id, stamp) = l.split_once('\t')?;
            Some((id.parse().ok()?, stamp.to_owned()))
        })
        .collect()
}

fn write_stamps(dir: &Path, stamps: &HashMap<i64, String>) -> Result<(), SearchError> {
    let mut lines: Vec<String> = stamps.iter().map(|(id, s)| format!("{id}\t{s}")).collect();
    lines.sort();
    let tmp = dir.join(format!("{STAMPS_FILE}.tmp"));
    std::fs::write(&tmp, lines.join("\n"))?;
    std::fs::rename(&tmp, dir.join(STAMPS_FILE))?;
    Ok(())
}

/// Adds new or changed documents, removes deleted ones, and re-indexes everything after a
/// dictionary change. `dir` is the index folder of an on-disk index (where the document stamps
/// are kept), `None` for an in-memory one.
pub fn sync(
    project: &Project,
    index: &mut SearchIndex,
    dir: Option<&Path>,
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<(), IndexError> {
    let rebuild = index.needs_rebuild(index.segmenter().fingerprint());
    if rebuild {
        index.clear()?;
    }
    let indexed: HashSet<i64> = if rebuild {
        HashSet::new()
    } else {
        index.indexed_ids()?.into_iter().collect()
    };
    let old_stamps = match dir {
        _ if rebuild => HashMap::new(),
        Some(d) => read_stamps(d),
        None => index.ram_stamps.clone(),
    };
    let stamps: HashMap<i64, String> = project.document_stamps()?.into_iter().collect();
    let stale: Vec<i64> = indexed
        .iter()
        .filter(|id| !stamps.contains_key(id))
        .copied()
        .collect();
    let todo: HashSet<i64> = stamps
        .iter()
        .filter(|(id, stamp)| !indexed.contains(id) || old_stamps.get(id) != Some(*stamp))
        .map(|(id, _)| *id)
        .collect();
    if stale.is_empty() && todo.is_empty() && !rebuild {
        return Ok(());
    }
    for id in stale {
        index.remove_document(id);
    }
    let docs = project.document_texts()?;
    let missing: Vec<(i64, &str)> = docs
        .iter()
        .filter(|d| todo.contains(&d.0))
        .map(|d| (d.0, d.3.as_str()))
        .collect();
    let total = missing.len();
    index.add_documents(missing.into_iter(), &mut |done| {
        progress(SyncProgress { done, total })
    })?;
    index.commit()?;
    match dir {
        Some(d) => write_stamps(d, &stamps)?,
        None => index.ram_stamps = stamps,
    }
    Ok(())
}

/// The state of a project's search index, as `qcw check` reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IndexStatus {
    /// The index folder.
    pub dir: PathBuf,
    /// Whether the folder exists (the index is built on the first search).
    pub exists: bool,
    /// Why it cannot be read, if it cannot.
    pub error: Option<String>,
    /// Documents in the index.
    pub indexed: usize,
    /// Documents of the project missing from the index or indexed in an older version (brought
    /// up to date by the next search; not a fault).
    pub stale: usize,
}

/// Reads the project's search index and compares it with the documents, changing nothing.
///
/// # Errors
/// Reading the documents' stamps from the store.
pub fn check_index(project: &Project) -> Result<IndexStatus, StoreError> {
    let dir = index_dir(project.path());
    let mut status = IndexStatus {
        exists: dir.is_dir() && !project.is_encrypted(),
        dir: dir.clone(),
        error: None,
        indexed: 0,
        stale: 0,
    };
    if !status.exists {
        return Ok(status);
    }
    let stamps: HashMap<i64, String> = project.document_stamps()?.into_iter().collect();
    let indexed = SearchIndex::open_or_create(&dir, Arc::new(project_segmenter(project)?))
        .and_then(|index| index.indexed_ids());
    match indexed {
        Ok(ids) => {
            let old = read_stamps(&dir);
            let ids: HashSet<i64> = ids.into_iter().collect();
            status.indexed = ids.len();
            status.stale = stamps
                .iter()
                .filter(|(id, stamp)| !ids.contains(id) || old.get(id) != Some(*stamp))
                .count()
                + ids.iter().filter(|id| !stamps.contains_key(id)).count();
        }
        Err(e) => status.error = Some(e.to_string()),
    }
    Ok(status)
}

/// Deletes the project's search index and builds it again from the documents.
///
/// # Errors
/// The folder cannot be removed, or building fails.
pub fn rebuild_index(project: &Project) -> Result<usize, IndexError> {
    let dir = index_dir(project.path());
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(SearchError::from)?;
    }
    let index = open_synced(project, &mut |_| {})?;
    Ok(index.indexed_ids()?.len())
}
