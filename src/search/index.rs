//! [`SearchIndex`]: the tantivy index, its maintenance API and `search`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::store::Compressor;
use tantivy::{
    Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError,
    Term,
};

use super::SearchError;
use super::plan::{self, DOC_ID, Ranked, ScoredDocs};
use super::query::parse_query;
use super::segment::Segmenter;
use super::text::{KwicCursor, snippet};
use super::tokenizer::{CharNgramTokenizer, JIEBA_TOKENIZER, JiebaTokenizer, NGRAM_TOKENIZER};
use super::verify::match_document;

/// Version of the index layout (schema + tokenizers). Bump it whenever
/// indexing changes so existing indexes are rebuilt.
pub const SCHEMA_VERSION: u32 = 1;
/// Name of the meta file written next to tantivy's files.
pub const META_FILE: &str = "qcw-search.meta";
/// Code points of context on each side of a hit in [`Hit::snippet`].
pub const SNIPPET_WIDTH: usize = 30;

/// One occurrence of a query term in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The application's document id.
    pub doc_id: i64,
    /// Code-point offset of the first matched character.
    pub start: usize,
    /// Code-point offset one past the last matched character.
    pub end: usize,
    /// BM25 score of the document (equal for all hits of a document).
    pub score: f32,
    /// `left【match】right` with [`SNIPPET_WIDTH`] characters of context and
    /// newlines replaced by spaces.
    pub snippet: String,
}

#[derive(Clone, Copy)]
struct Fields {
    doc_id: Field,
    text: Field,
    words: Field,
    grams: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexed = |tokenizer: &str, option: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(option),
        )
    };
    let fields = Fields {
        doc_id: b.add_i64_field(DOC_ID, INDEXED | FAST),
        text: b.add_text_field("text", STORED),
        words: b.add_text_field(
            "words",
            indexed(JIEBA_TOKENIZER, IndexRecordOption::WithFreqs),
        ),
        grams: b.add_text_field(
            "grams",
            indexed(NGRAM_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
    };
    (b.build(), fields)
}

/// Index settings for new indexes: the stored text is kept uncompressed.
/// Verification reads whole candidate documents, so per-document load cost
/// bounds latency; raw Chinese text costs about 3 bytes per character on
/// disk (the n-gram postings are several times larger anyway).
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::None,
        ..IndexSettings::default()
    }
}

fn create(schema: Schema, dir: &Path) -> Result<Index, SearchError> {
    Ok(Index::builder()
        .schema(schema)
        .settings(settings())
        .open_or_create(MmapDirectory::open(dir)?)?)
}

/// Contents of the meta file: `schema=<n>` and `dict=<fingerprint>` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Meta {
    schema: u32,
    dict: String,
}

impl Meta {
    fn parse(s: &str) -> Option<Meta> {
        let mut schema = None;
        let mut dict = None;
        for line in s.lines() {
            match line.split_once('=') {
                Some(("schema", v)) => schema = v.trim().parse().ok(),
                Some(("dict", v)) => dict = Some(v.trim().to_owned()),
                _ => {}
            }
        }
        Some(Meta {
            schema: schema?,
            dict: dict?,
        })
    }

    fn render(&self) -> String {
        format!("schema={}\ndict={}\n", self.schema, self.dict)
    }
}

/// Full-text index over the application's documents.
///
/// **Text storage.** The document text is stored in the index (a stored,
/// uncompressed text field), so search can verify candidates and cut
/// snippets without calling back into the database, and index and text can
/// never disagree about offsets: a hit's `start`/`end` always refer to
/// exactly the text that was indexed. The cost is the text size on disk.
///
/// Changes become visible to `search`, `doc_count` and `indexed_ids` after
/// [`commit`](Self::commit).
pub struct SearchIndex {
    index: Index,
    writer: IndexWriter<TantivyDocument>,
    reader: IndexReader,
    fields: Fields,
    segmenter: Arc<Segmenter>,
    /// Meta file location; `None` for an in-RAM index.
    meta_path: Option<PathBuf>,
    meta: Option<Meta>,
    /// The document stamps an in-RAM index was last synced to (an on-disk index keeps them in
    /// its folder); see [`crate::search::project::sync`].
    pub(crate) ram_stamps: std::collections::HashMap<i64, String>,
}

impl SearchIndex {
    /// Opens the index in `dir` (created if missing). `dir` must be dedicated
    /// to this index: if it holds an index with an older [`SCHEMA_VERSION`]
    /// or an incompatible schema, its files are deleted and an empty index is
    /// created, and [`needs_rebuild`](Self::needs_rebuild) returns true.
    ///
    /// # Errors
    /// I/O and tantivy errors, e.g. when another process holds the writer
    /// lock.
    pub fn open_or_create(
        dir: &Path,
        segmenter: Arc<Segmenter>,
    ) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir)?;
        let meta_path = dir.join(META_FILE);
        let meta = std::fs::read_to_string(&meta_path)
            .ok()
            .and_then(|s| Meta::parse(&s));
        let (schema, fields) = schema();
        let stale = meta.as_ref().is_some_and(|m| m.schema != SCHEMA_VERSION);
        if stale {
            clear_dir(dir)?;
        }
        let index = match create(schema.clone(), dir) {
            Err(SearchError::Index(TantivyError::SchemaError(_))) => {
                clear_dir(dir)?;
                create(schema, dir)?
            }
            other => other?,
        };
        let meta = if stale { None } else { meta };
        Self::with_index(index, fields, segmenter, Some(meta_path), meta)
    }

    /// Creates an empty in-memory index (tests, previews). Its meta stamp
    /// lives in memory only.
    ///
    /// # Errors
    /// tantivy errors creating the writer or reader.
    pub fn in_ram(segmenter: Arc<Segmenter>) -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema();
        let index = Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_ram()?;
        Self::with_index(index, fields, segmenter, None, None)
    }

    fn with_index(
        mut index: Index,
        fields: Fields,
        segmenter: Arc<Segmenter>,
        meta_path: Option<PathBuf>,
        meta: Option<Meta>,
    ) -> Result<SearchIndex, SearchError> {
        index
            .tokenizers()
            .register(JIEBA_TOKENIZER, JiebaTokenizer::new(segmenter.clone()));
        index
            .tokenizers()
            .register(NGRAM_TOKENIZER, CharNgramTokenizer);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        // Segments are searched in parallel.
        index.set_multithread_executor(threads)?;
        let writer = index.writer_with_num_threads(threads, threads * 64_000_000)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            writer,
            reader,
            fields,
            segmenter,
            meta_path,
            meta,
            ram_stamps: std::collections::HashMap::new(),
        })
    }

    /// The folder of an on-disk index (`None` for an in-memory one).
    pub fn directory(&self) -> Option<&Path> {
        self.meta_path.as_deref().and_then(Path::parent)
    }

    /// The segmenter used for ranking words.
    pub fn segmenter(&self) -> &Arc<Segmenter> {
        &self.segmenter
    }

    /// True when the index must be rebuilt from scratch: it was never
    /// committed, was built with another [`SCHEMA_VERSION`], or with a
    /// dictionary whose fingerprint differs from `dict_fingerprint` (pass
    /// [`Segmenter::fingerprint`] of the segmenter you will search with).
    /// Rebuild with [`clear`](Self::clear), `add_documents`, `commit`.
    pub fn needs_rebuild(&self, dict_fingerprint: &str) -> bool {
        self.meta
            .as_ref()
            .is_none_or(|m| m.schema != SCHEMA_VERSION || m.dict != dict_fingerprint)
    }

    /// Adds (or replaces: an existing document with the same id is deleted)
    /// documents. `progress` is called with the number of documents queued
    /// so far. Not visible until [`commit`](Self::commit).
    ///
    /// # Errors
    /// tantivy errors (e.g. the indexing threads died).
    pub fn add_documents<'a>(
        &mut self,
        docs: impl Iterator<Item = (i64, &'a str)>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<(), SearchError> {
        let f = self.fields;
        for (n, (id, text)) in docs.enumerate() {
            self.writer.delete_term(Term::from_field_i64(f.doc_id, id));
            let mut doc = TantivyDocument::new();
            doc.add_i64(f.doc_id, id);
            doc.add_text(f.text, text);
            doc.add_text(f.words, text);
            doc.add_text(f.grams, text);
            self.writer.add_document(doc)?;
            progress(n + 1);
        }
        Ok(())
    }

    /// Removes a document (no-op if absent). Visible after `commit`.
    pub fn remove_document(&mut self, doc_id: i64) {
        self.writer
            .delete_term(Term::from_field_i64(self.fields.doc_id, doc_id));
    }

    /// Removes every document (before a rebuild). Visible after `commit`.
    ///
    /// # Errors
    /// tantivy errors.
    pub fn clear(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits pending changes, stamps the meta file with the schema version
    /// and the segmenter's dictionary fingerprint, and refreshes the reader.
    ///
    /// # Errors
    /// tantivy or I/O errors.
    pub fn commit(&mut self) -> Result<(), SearchError> {
        self.writer.commit()?;
        let meta = Meta {
            schema: SCHEMA_VERSION,
            dict: self.segmenter.fingerprint().to_owned(),
        };
        if let Some(path) = &self.meta_path {
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, meta.render())?;
            std::fs::rename(&tmp, path)?;
        }
        self.meta = Some(meta);
        self.reader.reload()?;
        Ok(())
    }

    /// Number of committed documents.
    pub fn doc_count(&self) -> usize {
        usize::try_from(self.reader.searcher().num_docs()).unwrap_or(usize::MAX)
    }

    /// Sorted ids of the committed documents, for incremental sync with the
    /// database (add what is missing, remove what is gone).
    ///
    /// # Errors
    /// tantivy errors reading the id column.
    pub fn indexed_ids(&self) -> Result<Vec<i64>, SearchError> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::with_capacity(self.doc_count());
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().i64(DOC_ID)?;
            let alive = seg.alive_bitset();
            for doc in 0..seg.max_doc() {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    ids.extend(col.first(doc));
                }
            }
        }
        ids.sort_unstable();
        Ok(ids)
    }

    /// Number of index segments (for diagnostics and benchmarks).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The tantivy index (advanced use, e.g. space statistics).
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }

    /// Searches with the [query language](super::query).
    ///
    /// Returns one [`Hit`] per occurrence of a positive term in each document
    /// that satisfies the query in the documents of `filter` (all when `None`).
    /// Documents are ordered by BM25 score (descending, ties by `doc_id`),
    /// hits within a document by position. `limit` caps the number of hits;
    /// documents beyond it are never loaded.
    ///
    /// # Errors
    /// [`SearchError::Query`] for a malformed query, tantivy errors otherwise.
    pub fn search(
        &self,
        query: &str,
        filter: Option<&HashSet<i64>>,
        limit: Option<usize>,
    ) -> Result<Vec<Hit>, SearchError> {
        let parsed = parse_query(query)?;
        let limit = limit.unwrap_or(usize::MAX);
        let mut hits = Vec::new();
        if limit == 0 {
            return Ok(hits);
        }
        let f = self.fields;
        let tq = plan::build(&parsed, &self.segmenter, f.words, f.grams);
        let searcher = self.reader.searcher();
        // A heap yields documents best-first; only as many are ordered (and
        // loaded) as `limit` needs.
        let mut docs: std::collections::BinaryHeap<Ranked> =
            searcher.search(&*tq, &ScoredDocs)?.into();
        while let Some(Ranked(score, doc_id, addr)) = docs.pop() {
            if filter.is_some_and(|keep| !keep.contains(&doc_id)) {
                continue;
            }
            let doc: TantivyDocument = searcher.doc(addr)?;
            let Some(text) = doc.get_first(f.text).and_then(|v| v.as_str()) else {
                continue;
            };
            let Some(spans) = match_document(&parsed, text.as_bytes()) else {
                continue;
            };
            if spans.is_empty() {
                continue;
            }
            let mut cursor = KwicCursor::new(text.as_bytes());
            for (start, end) in spans {
                hits.push(Hit {
                    doc_id,
                    start,
                    end,
                    score,
                    snippet: snippet(&cursor.kwic(start, end, SNIPPET_WIDTH)),
                });
                if hits.len() >= limit {
                    return Ok(hits);
                }
            }
        }
        Ok(hits)
    }
}

impl SearchIndex {
    /// The number of hits [`search`](Self::search) would return without a limit, without cutting
    /// snippets (every candidate document is still verified, so this costs about as much as
    /// scanning the candidates' text once).
    ///
    /// # Errors
    /// As [`search`](Self::search).
    pub fn count(&self, query: &str, filter: Option<&HashSet<i64>>) -> Result<usize, SearchError> {
        let parsed = parse_query(query)?;
        let f = self.fields;
        let tq = plan::build(&parsed, &self.segmenter, f.words, f.grams);
        let searcher = self.reader.searcher();
        let docs: Vec<Ranked> = searcher.search(&*tq, &ScoredDocs)?;
        let mut total = 0;
        for Ranked(_, doc_id, addr) in docs {
            if filter.is_some_and(|keep| !keep.contains(&doc_id)) {
                continue;
            }
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(text) = doc.get_first(f.text).and_then(|v| v.as_str()) {
                total += match_document(&parsed, text.as_bytes()).map_or(0, |s| s.len());
            }
        }
        Ok(total)
    }
}

/// Deletes the files (not sub-directories) of a dedicated index directory.
fn clear_dir(dir: &Path) -> Result<(), SearchError> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
