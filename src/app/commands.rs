//! App commands: what panels ask for. Panels read the state and push these into a queue; the app
//! drains the queue once per frame (`QcwApp::drain`), the only place that changes the project
//! (through `qcw::command::execute`, undo, redo and import) or the view state.

use super::i18n::Lang;
use super::state::{BottomTab, ThemeChoice};
use crate::codebook::Template;
use crate::command::Command;
use crate::model::DocKind;
use std::path::PathBuf;

/// What to import and how (from the import dialog or a drop).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRequest {
    /// Files and folders (folders are walked recursively).
    pub paths: Vec<PathBuf>,
    /// Kind of every imported document.
    pub kind: DocKind,
    /// Case to link every document to (empty: none).
    pub case: String,
    /// Regex with named groups applied to the file stem (empty: none).
    pub meta_pattern: String,
}

/// Everything a panel can ask the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum AppCommand {
    /// Runs a core command as one undo step (codebook edits, memos, coding changes).
    Execute(Command),
    /// Codes the reader's current selection with this code, by the current coder.
    CodeSelection {
        /// The code to apply.
        code_id: i64,
    },
    /// Codes `[start, end)` of a document (e.g. a selection dropped onto a code).
    CodeRange {
        /// Document id.
        doc_id: i64,
        /// Start (code points).
        start: usize,
        /// End (code points).
        end: usize,
        /// The code to apply.
        code_id: i64,
    },
    /// Creates a code named by the selected text (under `parent`, or top level) and codes the
    /// selection with it, as one undo step.
    InVivo {
        /// Parent code, `None` for top level.
        parent: Option<i64>,
    },
    /// Undoes the last command.
    Undo,
    /// Redoes the last undone command.
    Redo,
    /// Opens a project file.
    OpenProject(PathBuf),
    /// Creates a project file and opens it.
    NewProject {
        /// Where to create it.
        path: PathBuf,
        /// Its starting codebook.
        template: Template,
    },
    /// Opens the demo project in the user's data folder (building it on first use).
    OpenDemo,
    /// Starts an import job.
    Import(ImportRequest),
    /// Asks the running job to stop.
    CancelJob,
    /// Writes the evidence tables (format from the extension) on the worker thread.
    ExportEvidence(PathBuf),
    /// Writes the evidence tables with these options (File → Export evidence tables…).
    ExportEvidenceWith {
        /// The output file (format from the extension).
        path: PathBuf,
        /// What to export.
        options: Box<crate::export::ExportOptions>,
    },
    /// Writes the project as a REFI-QDA `.qdpx` on the worker thread.
    ExportQdpx(PathBuf),
    /// Imports a REFI-QDA project (`.qdpx` / `.qde`) as one undo step, on a background job.
    ImportQdpx(PathBuf),
    /// Opens an encrypted project with its passphrase (remembered for the session).
    OpenEncrypted {
        /// The project file.
        path: PathBuf,
        /// Its passphrase.
        passphrase: String,
    },
    /// Merges a coder's copy into the project as one undo step, on a background job.
    MergeProject(PathBuf),
    /// Copies the units where the two coders agree into the consensus layer (one undo step).
    TakeAgreed(String, String),
    /// Backs the project up now (File → Backups).
    BackupNow,
    /// Replaces the project's content with a backup (the current state is backed up first).
    RestoreBackup(PathBuf),
    /// Shows a document in the reader.
    SelectDocument(i64),
    /// Selects a code in the codebook (`None`: none).
    SelectCode(Option<i64>),
    /// Sets the reader's selection (`anchor == focus`: a caret, no selection).
    SetSelection {
        /// Document id.
        doc_id: i64,
        /// Where the selection started.
        anchor: usize,
        /// The caret end.
        focus: usize,
    },
    /// Clears the reader's selection.
    ClearSelection,
    /// Opens a document scrolled to a segment and flashes it.
    JumpTo {
        /// Document id.
        doc_id: i64,
        /// Start (code points).
        start: usize,
        /// End (code points).
        end: usize,
    },
    /// Shows the "codings here" popup for these codings (empty: closes it).
    Inspect {
        /// The codings.
        coding_ids: Vec<i64>,
        /// Where (screen position).
        pos: egui::Pos2,
    },
    /// Changes the coder name (and the project's audit actor).
    SetCoder(String),
    /// Switches the UI language.
    SetLanguage(Lang),
    /// Switches light/dark.
    SetTheme(ThemeChoice),
    /// Sets the reader font size.
    SetFontSize(f32),
    /// Shows or hides the coding stripes.
    SetShowStripes(bool),
    /// Switches the stripes' density mode.
    SetStripesDense(bool),
    /// Sets the codes and coders the reader hides.
    SetStripeFilter(super::state::StripeFilter),
    /// Switches the bottom tab.
    SetBottomTab(BottomTab),
    /// Switches the centre tab (reader or a view).
    SetCentralTab(super::views::CentralTab),
    /// Marks search hits in the reader (`None`: clears them).
    SetSearchMarks(Option<std::sync::Arc<super::views::SearchMarks>>),
    /// Filters the document list by kind (`None`: all).
    SetDocKindFilter(Option<DocKind>),
    /// Filters retrieval by coder (`None`: all).
    SetRetrievalCoder(Option<String>),
    /// Filters retrieval by document kind (`None`: all).
    SetRetrievalKind(Option<DocKind>),
    /// Filters retrieval by document group (`None`: every document).
    SetRetrievalGroup(Option<i64>),
    /// Pins a code as a favourite (number keys), or unpins it.
    TogglePin(i64),
    /// Reloads everything from the project file (e.g. after CLI changes).
    Refresh,
    /// Closes the window.
    Quit,
}
