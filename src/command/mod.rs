//! Commands: every change a user can make, applied by the core in one transaction that also
//! records the inverse (see [`crate::store::Project::transact`]). The GUI and the CLI build
//! `Command`s; only [`execute`] turns them into row changes.

mod attrs;
mod cases;
mod codebook;
mod coding;
mod consensus;
mod dict;
mod dispatch;
mod docs;
mod groups;
mod label;
mod memos;
mod merge;
mod named;
mod redact;
mod suggest;

pub use merge::{MergeStep, Ref};
pub use named::{ByName, NamedTarget};
pub use redact::WATCH_KINDS;
pub use suggest::SuggestAudit;

use crate::model::{AttrScope, AttrType, DocKind, MemoTarget};
use crate::store::{Project, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Errors of commands (validation) and of the store underneath.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The command's arguments are not acceptable.
    #[error("invalid: {0}")]
    Invalid(String),
    /// The command conflicts with existing data.
    #[error("refused: {0}")]
    Conflict(String),
}

/// A document to add (the import pipeline fills it in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewDocument {
    /// Desired name (made unique with `-2`, `-3`… when taken).
    pub name: String,
    /// Source kind.
    pub kind: DocKind,
    /// Normalized text; immutable from now on.
    pub text: String,
    /// SHA-256 of the original file bytes.
    pub sha256: String,
    /// Where it came from.
    pub source_path: String,
    /// Format name (`txt`, `docx`…).
    pub format: String,
    /// Initial attributes.
    pub attributes: BTreeMap<String, String>,
    /// Cases to link it to (created when missing).
    pub cases: Vec<String>,
}

/// The fields of a new code ([`Command::AddCode`]); a `None` colour takes the next palette colour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CodeFields {
    /// Colour `#RRGGBB`.
    pub color: Option<String>,
    /// Short description.
    pub description: String,
    /// Definition.
    pub definition: String,
    /// Inclusion criteria.
    pub inclusion: String,
    /// Exclusion criteria.
    pub exclusion: String,
    /// Example.
    pub example: String,
}

/// Fields of a code that [`Command::EditCode`] may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CodeEdit {
    /// New name (renames the code; its path changes accordingly).
    pub name: Option<String>,
    /// New colour `#RRGGBB`.
    pub color: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New definition.
    pub definition: Option<String>,
    /// New inclusion criteria.
    pub inclusion: Option<String>,
    /// New exclusion criteria.
    pub exclusion: Option<String>,
    /// New example.
    pub example: Option<String>,
}

/// Every change a user can make to a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Adds a document with its attributes and case links.
    ImportDocument(Box<NewDocument>),
    /// Removes a document with its codings, attributes, case links and memo.
    DeleteDocument {
        /// The document's id.
        doc_id: i64,
    },
    /// Sets (`Some`) or removes (`None`) a document attribute.
    SetDocAttribute {
        /// The document's id.
        doc_id: i64,
        /// The attribute's name.
        key: String,
        /// The value; `None` removes the attribute.
        value: Option<String>,
    },
    /// Creates the code at `path` (`权力/赋权`), creating missing parents.
    AddCode {
        /// The code's path (`权力/赋权`).
        path: String,
        /// Colour, description, definition…
        fields: CodeFields,
    },
    /// Renames or edits the fields of a code.
    EditCode {
        /// The code's id.
        code_id: i64,
        /// What changes.
        edit: CodeEdit,
    },
    /// Moves a code under another parent (`None`: top level).
    MoveCode {
        /// The code's id.
        code_id: i64,
        /// The new parent; `None`: top level.
        parent: Option<i64>,
    },
    /// Merges `src` into `dst`: codings and children move to `dst`, then `src` is removed.
    MergeCode {
        /// The code merged away.
        src: i64,
        /// The code that stays.
        dst: i64,
    },
    /// Deletes a code and its sub-codes; refused while they have codings unless `force`.
    DeleteCode {
        /// The code's id.
        code_id: i64,
        /// Delete even when codings use it (they are deleted too).
        force: bool,
    },
    /// Codes `[start, end)` of a document (a no-op if that exact coding exists).
    ApplyCoding {
        /// The document's id.
        doc_id: i64,
        /// Start, in code points.
        start: usize,
        /// End (exclusive), in code points.
        end: usize,
        /// The code's id.
        code_id: i64,
        /// Who codes it.
        coder: String,
        /// The memo (empty for none).
        memo: String,
    },
    /// Like `ApplyCoding`, naming the code by path (usable in a batch that creates the code,
    /// e.g. in-vivo coding as one undo step).
    ApplyCodingToPath {
        /// The document's id.
        doc_id: i64,
        /// Start, in code points.
        start: usize,
        /// End (exclusive), in code points.
        end: usize,
        /// The code's path (`权力/借力`).
        code_path: String,
        /// Who codes it.
        coder: String,
        /// The memo (empty for none).
        memo: String,
    },
    /// Like `ApplyCodingToPath`, naming the document too (usable in a batch that imports it).
    ApplyCodingByName {
        /// The document's name.
        doc: String,
        /// Start, in code points.
        start: usize,
        /// End (exclusive), in code points.
        end: usize,
        /// The code's path (`权力/借力`).
        code_path: String,
        /// Who codes it.
        coder: String,
        /// The memo (empty for none).
        memo: String,
    },
    /// Removes one coding.
    RemoveCoding {
        /// The coding's id.
        coding_id: i64,
    },
    /// Gives a coding another code.
    RecodeCoding {
        /// The coding's id.
        coding_id: i64,
        /// The new code's id.
        code_id: i64,
    },
    /// Sets a coding's memo.
    SetCodingMemo {
        /// The coding's id.
        coding_id: i64,
        /// The new memo (empty removes it).
        memo: String,
    },
    /// Sets (or, with empty text, removes) the memo on a document, code, case or the project.
    SetMemo {
        /// What the memo is on.
        target: MemoTarget,
        /// The text (empty removes the memo).
        text: String,
    },
    /// Like `SetMemo`, naming the target (usable in a batch that creates it).
    SetMemoByName {
        /// What the memo is on.
        target: NamedTarget,
        /// The text (empty removes the memo).
        text: String,
    },
    /// Creates a case.
    AddCase {
        /// The case's name.
        name: String,
        /// A description.
        description: String,
    },
    /// Links a case (created when missing) to a document or a segment `[start, end)` of it.
    LinkCase {
        /// The case's name.
        case: String,
        /// The document's id.
        doc_id: i64,
        /// A segment `[start, end)` of the document; `None`: the whole document.
        range: Option<(usize, usize)>,
    },
    /// Sets (`Some`) or removes (`None`) a case attribute.
    SetCaseAttribute {
        /// The case's id.
        case_id: i64,
        /// The attribute's name.
        key: String,
        /// The value; `None` removes the attribute.
        value: Option<String>,
    },
    /// Like `SetCaseAttribute`, naming the case (usable in a batch that creates it).
    SetCaseAttributeByName {
        /// The case's name.
        case: String,
        /// The attribute's name.
        key: String,
        /// The value; `None` removes the attribute.
        value: Option<String>,
    },
    /// Removes a case link.
    UnlinkCase {
        /// The case link's id.
        link_id: i64,
    },
    /// Defines (or redefines) the type of a case or document attribute; existing values must fit.
    DefineAttribute {
        /// Case or document attribute.
        scope: AttrScope,
        /// The attribute's name.
        name: String,
        /// The attribute's type.
        ty: AttrType,
    },
    /// Deletes a case with its links, attributes, overrides and memos (documents stay).
    DeleteCase {
        /// The case's id.
        case_id: i64,
    },
    /// Sets (`Some((present, reason))`) or clears a researcher override of a QCA cell.
    SetQcaOverride {
        /// The case's id.
        case_id: i64,
        /// The code's id.
        code_id: i64,
        /// `Some((present, reason))` sets the override; `None` clears it.
        value: Option<(bool, String)>,
    },
    /// Sets (or, with empty text, removes) the memo on a case × code cell.
    SetCellMemo {
        /// The case's id.
        case_id: i64,
        /// The code's id.
        code_id: i64,
        /// The memo (empty removes it).
        text: String,
    },
    /// Adds or updates a word of the project's segmentation dictionary.
    AddDictWord {
        /// The word.
        word: String,
        /// Its jieba frequency (a default when `None`).
        freq: Option<i64>,
        /// Its part-of-speech tag.
        pos: Option<String>,
    },
    /// Removes a word from the project's dictionary.
    RemoveDictWord {
        /// The word.
        word: String,
    },
    /// Adds (`on`) or removes a stop word.
    SetStopword {
        /// The word.
        word: String,
        /// Add (`true`) or remove the stop word.
        on: bool,
    },
    /// Case links, QCA overrides and cell memos naming case, document and code.
    ByName(Box<ByName>),
    /// Replaces `[start, end)` of a document's text by as many `＊` (line breaks stay): the one
    /// change to a text after import; no coding shifts. Undone by restoring the original span.
    Redact {
        /// The document's id.
        doc_id: i64,
        /// Start, in code points.
        start: usize,
        /// End (exclusive), in code points.
        end: usize,
    },
    /// Adds a term (or changes its kind) on the personal-data watch-list.
    AddPiiWatch {
        /// The real name or place.
        term: String,
        /// `name`, `place` or `other`.
        kind: String,
    },
    /// Removes a term from the personal-data watch-list.
    RemovePiiWatch {
        /// The term.
        term: String,
    },
    /// A team merge, planned by `team::merge` against this project: one undo step.
    Merge {
        /// The label of the undo step (`merge <file>`).
        label: String,
        /// The steps, in order.
        steps: Vec<MergeStep>,
    },
    /// Resolves (or, with `decision` `None`, reopens) a disagreement between two coders: the
    /// `consensus` coder's codings of `code_id` inside the unit `[start, end)` of the document
    /// become `ranges`, and the decision is recorded.
    DecideConsensus {
        /// The document's id.
        doc_id: i64,
        /// The code's id.
        code_id: i64,
        /// The unit's start, in code points.
        start: usize,
        /// The unit's end (exclusive).
        end: usize,
        /// `a`, `b`, `both`, `neither` or `range`; `None` reopens the unit.
        decision: Option<String>,
        /// The consensus codings inside the unit (`[start, end)` each).
        ranges: Vec<(usize, usize)>,
    },
    /// Creates a document group (set).
    CreateGroup {
        /// Its unique name.
        name: String,
    },
    /// Renames a document group.
    RenameGroup {
        /// The group's id.
        group_id: i64,
        /// The new name.
        name: String,
    },
    /// Deletes a document group (its documents stay).
    DeleteGroup {
        /// The group's id.
        group_id: i64,
    },
    /// Adds documents to a group (those already in it are left as they are).
    AddToGroup {
        /// The group's id.
        group_id: i64,
        /// The documents.
        doc_ids: Vec<i64>,
    },
    /// Removes documents from a group (those not in it are left as they are).
    RemoveFromGroup {
        /// The group's id.
        group_id: i64,
        /// The documents.
        doc_ids: Vec<i64>,
    },
    /// Remembers that a suggested segment does not fit a code: it is not suggested again and
    /// trains the model as a negative example.
    RejectSuggestion {
        /// The document's id.
        doc_id: i64,
        /// Start, in code points.
        start: usize,
        /// End (exclusive), in code points.
        end: usize,
        /// The code's id.
        code_id: i64,
        /// Who rejects it.
        coder: String,
    },
    /// Codes a suggested segment (like `ApplyCoding`), its log entry marked "suggested" with the
    /// model's hash, training-data size and parameters.
    AcceptSuggestion {
        /// The document's id.
        doc_id: i64,
        /// Start, in code points.
        start: usize,
        /// End (exclusive), in code points.
        end: usize,
        /// The code's id.
        code_id: i64,
        /// Who codes it.
        coder: String,
        /// The model that suggested it.
        audit: SuggestAudit,
    },
    /// Several commands as one undo step.
    Batch {
        /// The label of the undo step.
        label: String,
        /// The commands, applied in order.
        commands: Vec<Command>,
    },
}

/// What an executed command did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    /// The history entry (`None` if nothing changed).
    pub history_id: Option<i64>,
    /// Ids of the rows the command created or acted on (document, code, coding, case…).
    pub ids: Vec<i64>,
    /// The label recorded in the log.
    pub label: String,
}

/// The coder name of the consensus layer.
pub const CONSENSUS_CODER: &str = "consensus";

/// Executes `cmd` as one transaction and one undo step.
pub fn execute(project: &mut Project, cmd: &Command) -> Result<Applied, CommandError> {
    let label = label::named_label(project, cmd);
    let actor = project.actor().to_owned();
    let (ids, history_id) = project.transact(&label, |tx| dispatch::run(tx, cmd, &actor))?;
    Ok(Applied {
        history_id,
        ids,
        label,
    })
}

/// Validates a code or case name: trimmed, non-empty, no `/`, at most 200 characters.
pub(crate) fn check_name(what: &str, name: &str) -> Result<String, CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError::Invalid(format!("{what} name is empty")));
    }
    if name.contains('/') {
        return Err(CommandError::Invalid(format!(
            "{what} name {name:?} contains '/', which separates code paths"
        )));
    }
    if name.chars().count() > 200 {
        return Err(CommandError::Invalid(format!(
            "{what} name is longer than 200 characters"
        )));
    }
    Ok(name.to_owned())
}
