//! clap definitions of the `qcw` command line, continued: the options of the analysis, search,
//! dictionary, attribute and PII subcommands (re-exported by `args.rs`).

use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct MatrixArgs {
    pub project: PathBuf,
    /// Rows (only `cases` is supported).
    #[arg(long, default_value = "cases")]
    pub rows: String,
    /// Columns (only `codes` is supported).
    #[arg(long, default_value = "codes")]
    pub cols: String,
    /// Comma-separated code paths (default: all codes).
    #[arg(long, value_delimiter = ',')]
    pub codes: Vec<String>,
    /// Source types needed for a cell to count as triangulated.
    #[arg(long, default_value_t = 2)]
    pub min_source_types: usize,
    /// Only the documents of this document group (name or id).
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct QcaArgs {
    pub project: PathBuf,
    /// Outcome as case attribute ATTR=VALUE, e.g. 运行结果=运转有效.
    #[arg(long)]
    pub outcome: String,
    /// Comma-separated condition code paths (default: the PIV mechanisms).
    #[arg(long, value_delimiter = ',')]
    pub conditions: Vec<String>,
    /// Codings needed for a condition to be present.
    #[arg(long, default_value_t = 1)]
    pub min_codings: usize,
    /// Require evidence from at least two source types.
    #[arg(long)]
    pub triangulated: bool,
    /// Only this coder's codings (`consensus`: the consensus layer after a team merge).
    #[arg(long)]
    pub coder: Option<String>,
    /// Only the documents of this document group (name or id), and the cases linked to them.
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CooccurArgs {
    pub project: PathBuf,
    /// overlap, paragraph, near:N or document.
    #[arg(long, default_value = "overlap")]
    pub rule: String,
    /// Show Jaccard indices instead of counts (text output).
    #[arg(long)]
    pub jaccard: bool,
    #[arg(long)]
    pub coder: Option<String>,
    /// Only codings belonging to this case.
    #[arg(long)]
    pub case: Option<String>,
    /// Only documents with this attribute value (key=value).
    #[arg(long)]
    pub attr: Option<String>,
    /// Only the documents of this document group (name or id).
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AgreementArgs {
    pub project: PathBuf,
    /// Comma-separated coder names (at least two).
    #[arg(long, value_delimiter = ',', required = true)]
    pub coders: Vec<String>,
    /// char or segment.
    #[arg(long, default_value = "char")]
    pub unit: String,
    #[arg(long)]
    pub doc: Option<String>,
    /// Only this code (with its sub-codes).
    #[arg(long)]
    pub code: Option<String>,
    /// Leave out text nobody coded.
    #[arg(long)]
    pub exclude_uncoded: bool,
    /// Segment matching: minimum overlap (intersection / union).
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Only the documents of this document group (name or id).
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CrosstabArgs {
    pub project: PathBuf,
    /// Attribute whose values are the columns (`kind` for the document kind).
    #[arg(long)]
    pub attr: String,
    /// case or document.
    #[arg(long, default_value = "document")]
    pub by: String,
    /// Only the documents of this document group (name or id).
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AttrsCmd {
    /// Import case attributes from CSV or XLSX (first column: case name; header cells may be
    /// `name:type`); all rows or none.
    Import { project: PathBuf, file: PathBuf },
    /// Export the classification sheet (cases × attributes) to CSV or XLSX.
    Export { project: PathBuf, file: PathBuf },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    pub project: PathBuf,
    pub query: String,
    /// interview, document or observation.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only documents linked to this case.
    #[arg(long)]
    pub case: Option<String>,
    /// Only documents with a coding of this code (or its sub-codes).
    #[arg(long)]
    pub code: Option<String>,
    /// Only documents with this attribute value (key=value).
    #[arg(long)]
    pub attr: Option<String>,
    /// Only the documents of this document group (name or id).
    #[arg(long)]
    pub group: Option<String>,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DictCmd {
    /// Add (or update) a word: qcw dict add P 一网统管 [--freq N] [--pos n].
    Add {
        project: PathBuf,
        word: String,
        #[arg(long)]
        freq: Option<i64>,
        #[arg(long)]
        pos: Option<String>,
    },
    /// Remove a word.
    Remove { project: PathBuf, word: String },
    /// List the project's words (the built-in domain terms are always included).
    List {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StopwordsCmd {
    /// Add stop words.
    Add {
        project: PathBuf,
        words: Vec<String>,
    },
    /// Remove stop words.
    Remove {
        project: PathBuf,
        words: Vec<String>,
    },
    /// List the project's stop words (added to the built-in list).
    List {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub project: PathBuf,
    /// Output file: .xlsx (one sheet per table), .csv (evidence; other tables as siblings
    /// OUT.<table>.csv), .md or .html.
    #[arg(long)]
    pub evidence: PathBuf,
    /// Comma-separated case names (default: all cases).
    #[arg(long, value_delimiter = ',')]
    pub cases: Vec<String>,
    /// Comma-separated code paths (default: the PIV mechanisms, else all codes).
    #[arg(long, value_delimiter = ',')]
    pub codes: Vec<String>,
    /// QCA outcome ATTR=VALUE (default: 运行结果=运转有效 when cases have 运行结果).
    #[arg(long)]
    pub outcome: Option<String>,
    /// Source types needed for a cell to count as triangulated.
    #[arg(long, default_value_t = 2)]
    pub min_source_types: usize,
    /// Citation of interview quotes; placeholders {doc} {kind} {start} {end} {coder}.
    #[arg(long, default_value = "(访谈资料,{doc})")]
    pub interview_cite: String,
    /// Citation of document quotes.
    #[arg(long, default_value = "(文件,{doc})")]
    pub document_cite: String,
    /// Citation of observation-note quotes.
    #[arg(long, default_value = "(观察笔记,{doc})")]
    pub observation_cite: String,
    /// Only this coder's codings (`consensus`: the consensus layer after a team merge).
    #[arg(long)]
    pub coder: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct PiiArgs {
    #[command(subcommand)]
    pub cmd: Option<PiiCmd>,
    #[arg(required = true)]
    pub project: Option<PathBuf>,
    /// Only this document (name or id).
    #[arg(long)]
    pub doc: Option<String>,
    /// Only hits of this kind: mobile, landline, id_number, email, bank_card, plate, watch.
    #[arg(long)]
    pub kind: Option<String>,
    /// Redact every hit listed (one undo step).
    #[arg(long)]
    pub redact_all: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PiiCmd {
    /// Add, remove or list watch-list terms (real names and places).
    Watch {
        project: PathBuf,
        action: WatchAction,
        terms: Vec<String>,
        /// Kind of the terms added: name, place or other.
        #[arg(long, default_value = "name")]
        kind: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum WatchAction {
    Add,
    Remove,
    List,
}

/// `qcw suggest P --code PATH`, `qcw suggest eval P`, `qcw suggest accept|reject P …`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SuggestArgs {
    #[command(subcommand)]
    pub action: Option<SuggestCmd>,
    #[arg(required = true)]
    pub project: Option<PathBuf>,
    /// The code's path (权力/借力).
    #[arg(long, required = true)]
    pub code: Option<String>,
    /// How many suggestions.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Segments: sentence or paragraph.
    #[arg(long, default_value = "sentence")]
    pub scope: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SuggestCmd {
    /// Per code precision, recall, F1 and Cohen's κ of the model by cross-validation grouped
    /// by document, next to a keyword baseline.
    Eval {
        project: PathBuf,
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Score at and above which a segment counts as suggested.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        #[arg(long, default_value = "sentence")]
        scope: String,
        #[arg(long)]
        json: bool,
    },
    /// Code [start, end) of a document as the current coder, marked "suggested" in the log.
    Accept(SuggestTarget),
    /// Remember that [start, end) of a document does not fit the code.
    Reject(SuggestTarget),
}

#[derive(Debug, Args)]
pub struct SuggestTarget {
    pub project: PathBuf,
    #[arg(long)]
    pub code: String,
    /// Document name or id.
    #[arg(long)]
    pub doc: String,
    #[arg(long)]
    pub start: usize,
    #[arg(long)]
    pub end: usize,
    /// The scope the suggestion came from (the model is trained on it).
    #[arg(long, default_value = "sentence")]
    pub scope: String,
    #[arg(long)]
    pub json: bool,
}

/// `qcw bench all`.
#[derive(Debug, Args)]
pub struct BenchAllArgs {
    /// Folder of documents for the import and search benchmarks (default: the built-in demo
    /// corpus; e.g. ../shared/data/corpus-zh-laws for the README figures).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Replication factors of the corpus for the search benchmark.
    #[arg(long, value_delimiter = ',', default_value = "1,10")]
    pub replicate: Vec<usize>,
    /// Number of search queries.
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// Only these benchmarks (comma-separated names, see the list in `qcw bench all --help`).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    #[arg(long)]
    pub json: bool,
}
