//! clap definitions of the `qcw` command line. This is a stable, documented contract (README).

pub use super::args_more::*;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// qcw — 质性编码工作台, a qualitative coding workbench for Chinese interviews and documents.
/// With no subcommand it opens the desktop workbench.
#[derive(Debug, Parser)]
#[command(name = "qcw", version = qcw::VERSION, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Open the desktop workbench (the default), optionally on PROJECT.
    Gui { project: Option<PathBuf> },
    /// Create a new project file.
    New {
        project: PathBuf,
        /// Codebook template: piv (Power/Interest/Value) or empty.
        #[arg(long, default_value = "piv")]
        template: String,
        /// Encrypt the project (SQLCipher; passphrase from QCW_PASSPHRASE or a prompt).
        #[arg(long)]
        encrypt: bool,
    },
    /// Change the passphrase of an encrypted project (new one from QCW_NEW_PASSPHRASE or a prompt).
    Rekey { project: PathBuf },
    /// Write an encrypted copy of a plain project (passphrase from QCW_PASSPHRASE or a prompt).
    Encrypt { project: PathBuf, out: PathBuf },
    /// Create the built-in demo project (synthetic interviews, documents, observations, codings).
    Demo { project: PathBuf },
    /// Import files and folders (.txt .md .docx .odt .pdf).
    Import(ImportArgs),
    /// List documents.
    Docs {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Print a document's text, or the characters [start, end) of it.
    Show {
        project: PathBuf,
        /// Document name or id.
        doc: String,
        #[arg(long)]
        start: Option<usize>,
        #[arg(long)]
        end: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// List the codebook.
    Codes {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Change the codebook or apply/remove codings.
    #[command(subcommand)]
    Code(CodeCmd),
    /// List codings.
    Codings(CodingsArgs),
    /// Show or set a memo on a document, code, case, coding or the project.
    Memo(MemoArgs),
    /// Cases: add, link, list.
    #[command(subcommand)]
    Case(CaseCmd),
    /// Case × code evidence matrix (codings, documents, source types, triangulation).
    Matrix(MatrixArgs),
    /// Crisp-set QCA: case × condition × outcome table, truth table, necessity and sufficiency.
    Qca(QcaArgs),
    /// Code × code co-occurrence.
    Cooccur(CooccurArgs),
    /// Intercoder agreement (percent, Cohen's kappa, Krippendorff's alpha).
    Agreement(AgreementArgs),
    /// Code × attribute-value crosstab with counts and percentages.
    Crosstab(CrosstabArgs),
    /// Document × code overview: codings or coverage per document (or document group) and code.
    Overview(super::overview::OverviewArgs),
    /// Case attributes: import or export the classification sheet (CSV or XLSX).
    #[command(subcommand)]
    Attrs(AttrsCmd),
    /// Evidence tables (case × code quotes with citations, cases, QCA, co-occurrence, crosstabs)
    /// as XLSX, CSV, Markdown or HTML.
    Export(ExportArgs),
    /// REFI-QDA exchange (.qdpx projects, .qdc codebooks): export, or import as one undo step.
    #[command(subcommand)]
    Qdpx(super::qdpx::QdpxCmd),
    /// The codebook as CSV in Taguette's shape (tag, description, number of highlights).
    #[command(subcommand)]
    Codebook(super::codebook_csv::CodebookCmd),
    /// Full-text search: every exact occurrence of CJK strings, whole words for Latin, phrases,
    /// AND/OR/NOT/parentheses, NEAR/n.
    Search(SearchArgs),
    /// Concordance (keyword in context) of a term.
    Kwic {
        project: PathBuf,
        term: String,
        /// Characters of context on each side.
        #[arg(long, default_value_t = 20)]
        width: usize,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Word frequencies (jieba segmentation with the project dictionary; stop words removed).
    Freq {
        project: PathBuf,
        #[arg(long)]
        kind: Option<String>,
        /// Count only the coded segments of this code (path or id) and its sub-codes.
        #[arg(long)]
        code: Option<String>,
        #[arg(long, default_value_t = 50)]
        top: usize,
        /// Leave out one-character words.
        #[arg(long)]
        min_two: bool,
        #[arg(long)]
        json: bool,
    },
    /// Segment a document or a text into words with code-point offsets.
    Segment {
        project: PathBuf,
        #[arg(long, conflicts_with = "text", required_unless_present = "text")]
        doc: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The project's segmentation dictionary.
    #[command(subcommand)]
    Dict(DictCmd),
    /// Stop words for frequency views.
    #[command(subcommand)]
    Stopwords(StopwordsCmd),
    /// Rebuild the search index (a cache beside the project file).
    Reindex { project: PathBuf },
    /// Undo the last command (across processes); with --coder, that coder's last command,
    /// refused with the reason when a later command of someone else depends on it.
    Undo {
        project: PathBuf,
        #[arg(long)]
        coder: Option<String>,
    },
    /// Redo the last undone command (with --coder: that coder's).
    Redo {
        project: PathBuf,
        #[arg(long)]
        coder: Option<String>,
    },
    /// Merge a copy of the project (a coder's) into PROJECT as one undo step: documents by
    /// identity or text, codes by identity or path, cases by name, coders kept apart.
    Merge {
        /// The project merged into (the PI's).
        into: PathBuf,
        /// The copy merged from.
        from: PathBuf,
        /// Only show what would come over.
        #[arg(long)]
        preview: bool,
        #[arg(long)]
        json: bool,
    },
    /// Team work: blinded coder copies, and team projects on a PostgreSQL server.
    #[command(subcommand)]
    Team(super::team::TeamCmd),
    /// The consensus layer: list two coders' disagreements, resolve them, take agreements.
    #[command(subcommand)]
    Consensus(super::team::ConsensusCmd),
    /// The audit trail: who did, undid or redid what, when.
    Log {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Back the project up now (SQLite online backup into `<project>.backups/`).
    Backup {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List the project's backups, oldest first.
    Backups {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Replace the project's content with a backup (a path, or a name from `qcw backups`); the
    /// current state is backed up first.
    Restore {
        project: PathBuf,
        backup: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check the project's integrity (database, foreign keys, codings, log, search index).
    Check {
        project: PathBuf,
        /// Rebuild the search index when it cannot be read.
        #[arg(long)]
        repair: bool,
        #[arg(long)]
        json: bool,
    },
    /// Remove a document, a memo or a coding with every trace of it (ends the undo history).
    Purge(PurgeArgs),
    /// Drop the command log up to a point (undo cannot go back further); content stays.
    Compact {
        project: PathBuf,
        /// Drop the entries made at or before this UTC time (RFC 3339, e.g. 2026-12-01T00:00:00Z);
        /// all applied entries when omitted.
        #[arg(long)]
        before: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Anonymization audit: likely personal data (phones, ID numbers, e-mail, bank cards,
    /// licence plates, watch-list terms); `qcw pii watch …` edits the watch-list.
    Pii(PiiArgs),
    /// Redact the characters [start, end) of a document: each becomes ＊ (undoable).
    Redact {
        project: PathBuf,
        /// Document name or id.
        #[arg(long)]
        doc: String,
        #[arg(long)]
        start: usize,
        #[arg(long)]
        end: usize,
        #[arg(long)]
        json: bool,
    },
    /// List the document groups (sets) with their documents.
    Groups {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Document groups: create, rename, delete, add or remove documents.
    #[command(subcommand)]
    Group(super::groups::GroupCmd),
    /// Every memo (project, document, code, case, coding, matrix cell) with its target.
    Memos(super::memos::MemosArgs),
    /// Private code suggestions learned from the project's codings, and how far to trust them.
    Suggest(SuggestArgs),
    /// Benchmarks that print figures (never pass/fail); in a qcw built with `--features bench`.
    #[command(subcommand)]
    Bench(BenchCmd),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub project: PathBuf,
    /// Files or folders (walked recursively; hidden files left out, symbolic links not followed).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// interview, document or observation.
    #[arg(long, default_value = "interview")]
    pub kind: String,
    /// Link the imported documents to this case (created when missing).
    #[arg(long)]
    pub case: Option<String>,
    /// Regex with named groups applied to the file stem, e.g. (?P<date>\d{8})(?P<city>[A-Z])(?P<seq>\d+).
    #[arg(long)]
    pub meta_pattern: Option<String>,
    /// Append .docx footnotes to the text.
    #[arg(long)]
    pub footnotes: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CodeCmd {
    /// Add a code (missing parents are created): qcw code add P 权力/赋权.
    Add {
        project: PathBuf,
        path: String,
        #[arg(long)]
        color: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Rename a code: qcw code rename P 权力/借力 借势.
    Rename {
        project: PathBuf,
        path: String,
        new_name: String,
    },
    /// Edit a code's colour, description, definition, inclusion, exclusion or example.
    Edit {
        project: PathBuf,
        path: String,
        #[arg(long)]
        color: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        definition: Option<String>,
        #[arg(long)]
        inclusion: Option<String>,
        #[arg(long)]
        exclusion: Option<String>,
        #[arg(long)]
        example: Option<String>,
    },
    /// Move a code under another one (or to the top level with --top).
    Move {
        project: PathBuf,
        path: String,
        /// New parent path.
        #[arg(long, conflicts_with = "top", required_unless_present = "top")]
        to: Option<String>,
        #[arg(long)]
        top: bool,
    },
    /// Merge SRC into DST: its codings and sub-codes move to DST, then SRC is removed.
    Merge {
        project: PathBuf,
        src: String,
        dst: String,
    },
    /// Delete a code and its sub-codes (refused while they have codings unless --force).
    Delete {
        project: PathBuf,
        path: String,
        #[arg(long)]
        force: bool,
    },
    /// Code the characters [start, end) of a document.
    Apply(ApplyArgs),
    /// Code every hit of a search query as one undoable command.
    Hits {
        project: PathBuf,
        query: String,
        #[arg(long)]
        code: String,
        /// What to code around each hit: match, sentence or paragraph.
        #[arg(long, default_value = "match")]
        scope: String,
        #[arg(long)]
        coder: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a coding, by --id or by --doc/--start/--end/--code [--coder].
    Remove(RemoveArgs),
}

// `qcw code apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    pub project: PathBuf,
    #[arg(long)]
    pub doc: String,
    #[arg(long)]
    pub start: usize,
    #[arg(long)]
    pub end: usize,
    #[arg(long)]
    pub code: String,
    /// Coder name (default: $QCW_CODER or the OS user).
    #[arg(long)]
    pub coder: Option<String>,
    #[arg(long, default_value = "")]
    pub memo: String,
    #[arg(long)]
    pub json: bool,
}

// `qcw code remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    pub project: PathBuf,
    #[arg(long, conflicts_with_all = ["doc", "start", "end", "code"])]
    pub id: Option<i64>,
    #[arg(long, requires_all = ["start", "end", "code"])]
    pub doc: Option<String>,
    #[arg(long)]
    pub start: Option<usize>,
    #[arg(long)]
    pub end: Option<usize>,
    #[arg(long)]
    pub code: Option<String>,
    #[arg(long)]
    pub coder: Option<String>,
}

// `qcw purge`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true)))]
pub struct PurgeArgs {
    pub project: PathBuf,
    /// A document (name or id), with its codings, case links, attributes and memo.
    #[arg(long, group = "target")]
    pub doc: Option<String>,
    /// A coding (id), with its memo.
    #[arg(long, group = "target")]
    pub coding: Option<i64>,
    /// The memo of a document.
    #[arg(long, group = "target")]
    pub doc_memo: Option<String>,
    /// The memo of a code (path).
    #[arg(long, group = "target")]
    pub code_memo: Option<String>,
    /// The memo of a case.
    #[arg(long, group = "target")]
    pub case_memo: Option<String>,
    /// The project memo.
    #[arg(long, group = "target")]
    pub project_memo: bool,
    /// Keep the backups made before the purge (they still hold the purged content).
    #[arg(long)]
    pub keep_backups: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CodingsArgs {
    pub project: PathBuf,
    #[arg(long)]
    pub doc: Option<String>,
    /// Code path; includes its sub-codes.
    #[arg(long)]
    pub code: Option<String>,
    #[arg(long)]
    pub coder: Option<String>,
    /// Only the documents of this document group (name or id).
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MemoArgs {
    pub project: PathBuf,
    /// The memo text to set (empty string removes it); omit to print the memo.
    pub text: Option<String>,
    #[arg(long, group = "target")]
    pub doc: Option<String>,
    #[arg(long, group = "target")]
    pub code: Option<String>,
    #[arg(long, group = "target")]
    pub case: Option<String>,
    #[arg(long, group = "target")]
    pub coding: Option<i64>,
    #[arg(long, group = "target")]
    pub project_memo: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// Create a case.
    Add {
        project: PathBuf,
        name: String,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Link a case (created when missing) to a document or a segment of it.
    Link {
        project: PathBuf,
        name: String,
        #[arg(long)]
        doc: String,
        #[arg(long, requires = "end")]
        start: Option<usize>,
        #[arg(long, requires = "start")]
        end: Option<usize>,
    },
    /// Set case attributes: ATTR=VALUE or ATTR:type=VALUE (type: text, integer, float, boolean,
    /// date, category(a|b)); an unknown attribute is created with the given or inferred type.
    Set {
        project: PathBuf,
        name: String,
        #[arg(required = true)]
        assignments: Vec<String>,
    },
    /// Override a QCA condition cell (present/absent) with a reason, or clear the override.
    Override {
        project: PathBuf,
        name: String,
        /// Condition code path.
        code: String,
        /// present, absent or clear.
        value: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Delete a case (its documents stay).
    Delete { project: PathBuf, name: String },
    /// List cases (with --group: those linked to the group's documents, counting only those
    /// links).
    List {
        project: PathBuf,
        /// Only the cases of this document group's documents (name or id).
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// Codebook imports (REFI-QDA .qdc flat, tree, deep chain; Taguette CSV) of growing size,
    /// against parsing the XML alone; prints the growth per ×10.
    Codebook {
        /// Numbers of codes.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
        sizes: Vec<usize>,
        /// Depths of the chain.
        #[arg(long, value_delimiter = ',', default_value = "10,30,60")]
        depths: Vec<usize>,
    },
    /// Import every file under DIR into a temporary project; print files, chars, seconds,
    /// chars/s and peak memory, against jieba segmentation of the same text.
    Import {
        dir: PathBuf,
        /// Keep the project here instead of a temporary file.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// Index build time and query latency (median, p99) for the text files under DIR,
    /// replicated ×1, ×10 (and more with --replicate), against a plain substring scan.
    Search {
        dir: PathBuf,
        /// Replication factors.
        #[arg(long, value_delimiter = ',', default_value = "1,10")]
        replicate: Vec<usize>,
        /// Number of queries.
        #[arg(long, default_value_t = 1000)]
        queries: usize,
    },
    /// Co-occurrence on a generated project of 297 documents, 200 codes, 100k codings.
    Cooccur,
    /// Merging two coders' copies of a generated project (297 documents, 50k codings each),
    /// against copying the project file.
    Merge {
        #[arg(long, default_value_t = 297)]
        docs: usize,
        /// Characters per document.
        #[arg(long, default_value_t = 8_000)]
        chars: usize,
        #[arg(long, default_value_t = 200)]
        codes: usize,
        /// Codings in each copy.
        #[arg(long, default_value_t = 50_000)]
        codings: usize,
    },
    /// Code suggestions: train on ~50 k codings in 297 generated documents and score every
    /// sentence, against tokenizing the corpus once.
    Suggest {
        #[arg(long, default_value_t = 297)]
        docs: usize,
        #[arg(long, default_value_t = 380)]
        sentences: usize,
    },
    /// The team server under load: many coders coding at once on a throwaway PostgreSQL
    /// cluster, against one coder on a local file.
    Server {
        #[arg(long, default_value_t = 20)]
        coders: usize,
        #[arg(long, default_value_t = 500)]
        codings: usize,
    },
    /// Every benchmark in one run, each figure with its ratio against its baseline.
    All(super::args_more::BenchAllArgs),
    /// Reader frame times (median, p99 CPU) on a generated document with many codings.
    Gui {
        #[arg(long, default_value_t = 30_000)]
        chars: usize,
        #[arg(long, default_value_t = 2_000)]
        codings: usize,
        #[arg(long, default_value_t = 300)]
        frames: usize,
        /// Instead: the study-scale run (297 documents, 200 codes, 50 000 codings) against the
        /// targets (open, coding → frame, switching documents, every view, memory).
        #[arg(long)]
        study: bool,
    },
}
