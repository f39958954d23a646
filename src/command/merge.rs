//! A team merge's steps ([`Command::Merge`](super::Command::Merge)): what `team::merge` planned
//! against the project, applied as one transaction and one undo step.

use super::CommandError;
use crate::store::{
    self, CaseAttrRow, CaseLinkRow, CaseRow, CellMemoRow, CodeRow, CodingRow, DictWordRow,
    DocAttrRow, DocumentRow, MemoRow, PiiWatchRow, QcaOverrideRow, Row, StopwordRow, TombstoneRow,
    Tx,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A row of the project merged into (`Into`), or of the project merged from (`From`), whose
/// counterpart an earlier step of the same merge created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Ref {
    /// An id in the project merged into.
    Into(i64),
    /// An id in the project merged from.
    From(i64),
}

/// One step of a merge, in application order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[expect(missing_docs, reason = "the fields are the row's columns")]
pub enum MergeStep {
    /// Adds a document (text and identity as in the other project); `from` is its id there.
    AddDocument {
        from: i64,
        name: String,
        kind: String,
        text: String,
        sha256: String,
        source_path: String,
        format: String,
        imported_at: String,
        imported_by: String,
        uuid: Option<String>,
    },
    /// Adds a code under `parent`; `from` is its id in the other project.
    AddCode {
        from: i64,
        parent: Option<Ref>,
        name: String,
        color: String,
        description: String,
        definition: String,
        inclusion: String,
        exclusion: String,
        example: String,
        uuid: Option<String>,
    },
    /// Fills empty fields of a code (description, definition…) from the other project.
    FillCode {
        id: i64,
        description: String,
        definition: String,
        inclusion: String,
        exclusion: String,
        example: String,
    },
    /// Deletes an unused code deleted in the other project.
    DeleteCode { id: i64 },
    /// Deletes an uncoded document deleted in the other project.
    DeleteDocument { id: i64 },
    /// Drops a tombstone (the document or code comes back).
    Revive { uuid: String },
    /// Adds a tombstone of the other project.
    Tombstone { uuid: String, kind: String },
    /// Sets a document attribute.
    DocAttr {
        doc: Ref,
        key: String,
        value: String,
    },
    /// Adds a case.
    AddCase {
        from: i64,
        name: String,
        description: String,
    },
    /// Sets a case attribute.
    CaseAttr {
        case: Ref,
        key: String,
        value: String,
    },
    /// Links a case to a document or a segment.
    LinkCase {
        case: Ref,
        doc: Ref,
        start: Option<i64>,
        end: Option<i64>,
    },
    /// Adds a coding.
    AddCoding {
        doc: Ref,
        code: Ref,
        start: i64,
        end: i64,
        coder: String,
        memo: String,
        created_at: String,
    },
    /// Sets the memo of an existing coding.
    CodingMemo { id: i64, memo: String },
    /// Sets the memo on a document, code, case (`target`) or the project (`target` unused).
    Memo {
        kind: String,
        target: Ref,
        text: String,
        author: String,
        updated_at: String,
    },
    /// Sets a QCA override.
    QcaOverride {
        case: Ref,
        code: Ref,
        present: bool,
        reason: String,
        author: String,
        updated_at: String,
    },
    /// Sets a cell memo.
    CellMemo {
        case: Ref,
        code: Ref,
        text: String,
        author: String,
        updated_at: String,
    },
    /// Defines an attribute (`scope`, `name`, `ty`, `allowed` JSON).
    AttrDef {
        scope: String,
        name: String,
        ty: String,
        allowed: String,
    },
    /// Adds a dictionary word.
    DictWord {
        word: String,
        freq: Option<i64>,
        pos: Option<String>,
    },
    /// Adds a stop word.
    Stopword { word: String },
    /// Adds a watch-list term.
    PiiWatch { term: String, kind: String },
}

/// Ids the merge created, by the other project's id.
#[derive(Default)]
struct Made {
    docs: HashMap<i64, i64>,
    codes: HashMap<i64, i64>,
    cases: HashMap<i64, i64>,
}

fn resolve(map: &HashMap<i64, i64>, r: Ref, what: &str) -> Result<i64, CommandError> {
    match r {
        Ref::Into(id) => Ok(id),
        Ref::From(id) => map.get(&id).copied().ok_or_else(|| {
            CommandError::Invalid(format!("merge step names {what} #{id} before adding it"))
        }),
    }
}

fn inserted_id(row: Row) -> i64 {
    match row {
        Row::Document(d) => d.id,
        Row::Code(c) => c.id,
        Row::Case(c) => c.id,
        Row::Coding(c) => c.id,
        _ => 0,
    }
}

/// Applies the steps; returns the ids of the codings added.
pub(super) fn run(tx: &mut Tx<'_>, steps: &[MergeStep]) -> Result<Vec<i64>, CommandError> {
    let mut made = Made::default();
    let mut added = Vec::new();
    for step in steps {
        if let Some(id) = apply(tx, step, &mut made)? {
            added.push(id);
        }
    }
    Ok(added)
}

fn apply(tx: &mut Tx<'_>, step: &MergeStep, made: &mut Made) -> Result<Option<i64>, CommandError> {
    match step {
        MergeStep::AddDocument { .. }
        | MergeStep::AddCode { .. }
        | MergeStep::FillCode { .. }
        | MergeStep::DeleteCode { .. }
        | MergeStep::DeleteDocument { .. }
        | MergeStep::AddCase { .. } => apply_structure(tx, step, made).map(|()| None),
        MergeStep::Revive { .. }
        | MergeStep::Tombstone { .. }
        | MergeStep::QcaOverride { .. }
        | MergeStep::CellMemo { .. }
        | MergeStep::AttrDef { .. }
        | MergeStep::DictWord { .. }
        | MergeStep::Stopword { .. }
        | MergeStep::PiiWatch { .. } => apply_extras(tx, step, made).map(|()| None),
        _ => apply_values(tx, step, made),
    }
}

fn apply_structure(tx: &mut Tx<'_>, step: &MergeStep, made: &mut Made) -> Result<(), CommandError> {
    match step {
        MergeStep::AddDocument {
            from,
            name,
            kind,
            text,
            sha256,
            source_path,
            format,
            imported_at,
            imported_by,
            uuid,
        } => {
            let mut unique = name.clone();
            let mut n = 1;
            while store::document_id_by_name(tx.conn(), &unique)?.is_some() {
                n += 1;
                unique = format!("{name}-{n}");
            }
            let row = tx.insert(Row::Document(DocumentRow {
                id: 0,
                name: unique,
                kind: kind.clone(),
                text: text.clone(),
                chars: crate::text::char_len(text) as i64,
                sha256: sha256.clone(),
                source_path: source_path.clone(),
                format: format.clone(),
                imported_at: imported_at.clone(),
                imported_by: imported_by.clone(),
                uuid: uuid.clone(),
            }))?;
            made.docs.insert(*from, inserted_id(row));
        }
        MergeStep::AddCode {
            from,
            parent,
            name,
            color,
            description,
            definition,
            inclusion,
            exclusion,
            example,
            uuid,
        } => {
            let parent_id = parent
                .map(|p| resolve(&made.codes, p, "code"))
                .transpose()?;
            let (position, _) = store::next_code_slot(tx.conn(), parent_id)?;
            let row = tx.insert(Row::Code(CodeRow {
                id: 0,
                parent_id,
                name: name.clone(),
                color: color.clone(),
                description: description.clone(),
                definition: definition.clone(),
                inclusion: inclusion.clone(),
                exclusion: exclusion.clone(),
                example: example.clone(),
                position,
                uuid: uuid.clone(),
            }))?;
            made.codes.insert(*from, inserted_id(row));
        }
        MergeStep::FillCode {
            id,
            description,
            definition,
            inclusion,
            exclusion,
            example,
        } => {
            let before = store::code_row(tx.conn(), *id)?
                .ok_or_else(|| CommandError::NotFound(format!("code #{id}")))?;
            let fill = |old: &String, new: &String| {
                if old.is_empty() {
                    new.clone()
                } else {
                    old.clone()
                }
            };
            let after = CodeRow {
                description: fill(&before.description, description),
                definition: fill(&before.definition, definition),
                inclusion: fill(&before.inclusion, inclusion),
                exclusion: fill(&before.exclusion, exclusion),
                example: fill(&before.example, example),
                ..before.clone()
            };
            tx.update(Row::Code(before), Row::Code(after))?;
        }
        MergeStep::DeleteCode { id } => super::codebook::delete(tx, *id, false)?,
        MergeStep::DeleteDocument { id } => super::docs::delete(tx, *id)?,
        MergeStep::AddCase {
            from,
            name,
            description,
        } => {
            let row = tx.insert(Row::Case(CaseRow {
                id: 0,
                name: name.clone(),
                description: description.clone(),
            }))?;
            made.cases.insert(*from, inserted_id(row));
        }
        _ => {}
    }
    Ok(())
}

fn apply_values(
    tx: &mut Tx<'_>,
    step: &MergeStep,
    made: &mut Made,
) -> Result<Option<i64>, CommandError> {
    match step {
        MergeStep::DocAttr { doc, key, value } => {
            let doc_id = resolve(&made.docs, *doc, "document")?;
            let old = store::doc_attr_rows(tx.conn(), doc_id)?
                .into_iter()
                .find(|a| &a.key == key);
            let new = DocAttrRow {
                doc_id,
                key: key.clone(),
                value: value.clone(),
            };
            tx.replace(old.map(Row::DocAttr), Some(Row::DocAttr(new)))?;
        }
        MergeStep::CaseAttr { case, key, value } => {
            let case_id = resolve(&made.cases, *case, "case")?;
            let old = store::case_attr_rows(tx.conn(), case_id)?
                .into_iter()
                .find(|a| &a.key == key);
            let new = CaseAttrRow {
                case_id,
                key: key.clone(),
                value: value.clone(),
            };
            tx.replace(old.map(Row::CaseAttr), Some(Row::CaseAttr(new)))?;
        }
        MergeStep::LinkCase {
            case,
            doc,
            start,
            end,
        } => {
            let row = CaseLinkRow {
                id: 0,
                case_id: resolve(&made.cases, *case, "case")?,
                doc_id: resolve(&made.docs, *doc, "document")?,
                start: *start,
                end: *end,
            };
            tx.insert(Row::CaseLink(row))?;
        }
        MergeStep::AddCoding {
            doc,
            code,
            start,
            end,
            coder,
            memo,
            created_at,
        } => {
            let row = tx.insert(Row::Coding(CodingRow {
                id: 0,
                doc_id: resolve(&made.docs, *doc, "document")?,
                code_id: resolve(&made.codes, *code, "code")?,
                start: *start,
                end: *end,
                coder: coder.clone(),
                memo: memo.clone(),
                created_at: created_at.clone(),
            }))?;
            return Ok(Some(inserted_id(row)));
        }
        MergeStep::CodingMemo { id, memo } => super::coding::set_memo(tx, *id, memo)?,
        MergeStep::Memo {
            kind,
            target,
            text,
            author,
            updated_at,
        } => {
            let target_id = match kind.as_str() {
                "document" => resolve(&made.docs, *target, "document")?,
                "code" => resolve(&made.codes, *target, "code")?,
                "case" => resolve(&made.cases, *target, "case")?,
                _ => 0,
            };
            let old = store::memo_row(tx.conn(), kind, target_id)?;
            let new = MemoRow {
                target_kind: kind.clone(),
                target_id,
                text: text.clone(),
                author: author.clone(),
                updated_at: updated_at.clone(),
            };
            tx.replace(old.map(Row::Memo), Some(Row::Memo(new)))?;
        }
        _ => {}
    }
    Ok(None)
}

/// Tombstones, QCA overrides, cell memos, attribute definitions, dictionary, stop words,
/// watch-list.
fn apply_extras(tx: &mut Tx<'_>, step: &MergeStep, made: &mut Made) -> Result<(), CommandError> {
    match step {
        MergeStep::Revive { uuid } => {
            if let Some(row) = store::tombstone_row(tx.conn(), uuid)? {
                tx.delete(Row::Tombstone(row))?;
            }
        }
        MergeStep::Tombstone { uuid, kind } => {
            let known = store::tombstone_row(tx.conn(), uuid)?.is_some();
            if !known {
                tx.insert(Row::Tombstone(TombstoneRow {
                    uuid: uuid.clone(),
                    kind: kind.clone(),
                }))?;
            }
        }
        MergeStep::QcaOverride {
            case,
            code,
            present,
            reason,
            author,
            updated_at,
        } => {
            let (case_id, code_id) = (
                resolve(&made.cases, *case, "case")?,
                resolve(&made.codes, *code, "code")?,
            );
            let old = store::qca_override_rows(tx.conn(), Some(case_id), Some(code_id))?.pop();
            let new = QcaOverrideRow {
                case_id,
                code_id,
                present: *present,
                reason: reason.clone(),
                author: author.clone(),
                updated_at: updated_at.clone(),
            };
            tx.replace(old.map(Row::QcaOverride), Some(Row::QcaOverride(new)))?;
        }
        MergeStep::CellMemo {
            case,
            code,
            text,
            author,
            updated_at,
        } => {
            let (case_id, code_id) = (
                resolve(&made.cases, *case, "case")?,
                resolve(&made.codes, *code, "code")?,
            );
            let old = store::cell_memo_rows(tx.conn(), Some(case_id), Some(code_id))?.pop();
            let new = CellMemoRow {
                case_id,
                code_id,
                text: text.clone(),
                author: author.clone(),
                updated_at: updated_at.clone(),
            };
            tx.replace(old.map(Row::CellMemo), Some(Row::CellMemo(new)))?;
        }
        MergeStep::AttrDef {
            scope,
            name,
            ty,
            allowed,
        } => {
            let position = store::attr_def_rows(tx.conn(), scope)?.len() as i64;
            tx.insert(Row::AttrDef(store::AttrDefRow {
                scope: scope.clone(),
                name: name.clone(),
                r#type: ty.clone(),
                allowed: allowed.clone(),
                position,
            }))?;
        }
        MergeStep::DictWord { word, freq, pos } => {
            tx.insert(Row::DictWord(DictWordRow {
                word: word.clone(),
                freq: *freq,
                pos: pos.clone(),
            }))?;
        }
        MergeStep::Stopword { word } => {
            tx.insert(Row::Stopword(StopwordRow { word: word.clone() }))?;
        }
        MergeStep::PiiWatch { term, kind } => {
            tx.insert(Row::PiiWatch(PiiWatchRow {
                term: term.clone(),
                kind: kind.clone(),
            }))?;
        }
        _ => {}
    }
    Ok(())
}
