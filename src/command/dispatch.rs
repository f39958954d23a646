//! Runs a [`Command`] inside its transaction: one arm per command, each calling the function of
//! its target's file.

use super::{
    Command, CommandError, attrs, cases, codebook, coding, consensus, dict, docs, groups, memos,
    merge, named, redact, suggest,
};
use crate::store::Tx;

pub(super) fn run(tx: &mut Tx<'_>, cmd: &Command, actor: &str) -> Result<Vec<i64>, CommandError> {
    match cmd {
        Command::ImportDocument(doc) => docs::import(tx, doc, actor).map(|id| vec![id]),
        Command::DeleteDocument { doc_id } => docs::delete(tx, *doc_id).map(|()| vec![*doc_id]),
        Command::SetDocAttribute { doc_id, key, value } => {
            docs::set_attribute(tx, *doc_id, key, value.as_deref()).map(|()| vec![*doc_id])
        }
        Command::AddCode { path, fields } => codebook::add(tx, path, fields).map(|id| vec![id]),
        Command::EditCode { code_id, edit } => {
            codebook::edit(tx, *code_id, edit).map(|()| vec![*code_id])
        }
        Command::MoveCode { code_id, parent } => {
            codebook::move_to(tx, *code_id, *parent).map(|()| vec![*code_id])
        }
        Command::MergeCode { src, dst } => {
            codebook::merge(tx, *src, *dst, actor).map(|()| vec![*dst])
        }
        Command::DeleteCode { code_id, force } => {
            codebook::delete(tx, *code_id, *force).map(|()| vec![*code_id])
        }
        Command::ApplyCoding {
            doc_id,
            start,
            end,
            code_id,
            coder,
            memo,
        } => coding::apply(tx, *doc_id, *start, *end, *code_id, coder, memo).map(|id| vec![id]),
        Command::ApplyCodingToPath {
            doc_id,
            start,
            end,
            code_path,
            coder,
            memo,
        } => {
            let code_id = codebook::find_path(tx, code_path)?;
            coding::apply(tx, *doc_id, *start, *end, code_id, coder, memo).map(|id| vec![id])
        }
        Command::ApplyCodingByName {
            doc,
            start,
            end,
            code_path,
            coder,
            memo,
        } => named::apply_coding(tx, doc, *start, *end, code_path, coder, memo).map(|id| vec![id]),
        Command::RemoveCoding { coding_id } => {
            coding::remove(tx, *coding_id).map(|()| vec![*coding_id])
        }
        Command::RecodeCoding { coding_id, code_id } => {
            coding::recode(tx, *coding_id, *code_id).map(|id| vec![id])
        }
        Command::SetCodingMemo { coding_id, memo } => {
            coding::set_memo(tx, *coding_id, memo).map(|()| vec![*coding_id])
        }
        Command::SetMemo { target, text } => {
            memos::set_memo(tx, *target, text, actor).map(|()| vec![])
        }
        Command::SetMemoByName { target, text } => {
            named::set_memo(tx, target, text, actor).map(|()| vec![])
        }
        c @ (Command::AddCase { .. }
        | Command::LinkCase { .. }
        | Command::SetCaseAttribute { .. }
        | Command::SetCaseAttributeByName { .. }
        | Command::UnlinkCase { .. }
        | Command::DefineAttribute { .. }
        | Command::DeleteCase { .. }
        | Command::SetQcaOverride { .. }
        | Command::SetCellMemo { .. }) => run_cases(tx, c, actor),
        Command::AddDictWord { word, freq, pos } => {
            dict::add_word(tx, word, *freq, pos.as_deref()).map(|()| vec![])
        }
        Command::RemoveDictWord { word } => dict::remove_word(tx, word).map(|()| vec![]),
        Command::SetStopword { word, on } => dict::set_stopword(tx, word, *on).map(|()| vec![]),
        Command::ByName(c) => named::run(tx, c, actor),
        c @ (Command::Redact { .. }
        | Command::AddPiiWatch { .. }
        | Command::RemovePiiWatch { .. }) => redact::run(tx, c),
        Command::Merge { steps, .. } => merge::run(tx, steps),
        Command::DecideConsensus {
            doc_id,
            code_id,
            start,
            end,
            decision,
            ranges,
        } => consensus::resolve(
            tx,
            (*doc_id, *code_id, *start, *end),
            decision.as_deref(),
            ranges,
            actor,
        ),
        c @ (Command::CreateGroup { .. }
        | Command::RenameGroup { .. }
        | Command::DeleteGroup { .. }
        | Command::AddToGroup { .. }
        | Command::RemoveFromGroup { .. }) => groups::run(tx, c),
        c @ (Command::RejectSuggestion { .. } | Command::AcceptSuggestion { .. }) => {
            suggest::run(tx, c)
        }
        Command::Batch { commands, .. } => {
            let mut ids = Vec::new();
            for c in commands {
                ids.extend(run(tx, c, actor)?);
            }
            Ok(ids)
        }
    }
}

/// The case, attribute and QCA commands.
fn run_cases(tx: &mut Tx<'_>, cmd: &Command, actor: &str) -> Result<Vec<i64>, CommandError> {
    match cmd {
        Command::AddCase { name, description } => {
            cases::add_case(tx, name, description).map(|id| vec![id])
        }
        Command::LinkCase {
            case,
            doc_id,
            range,
        } => cases::link_case(tx, case, *doc_id, *range).map(|id| vec![id]),
        Command::SetCaseAttribute {
            case_id,
            key,
            value,
        } => {
            cases::set_case_attribute(tx, *case_id, key, value.as_deref()).map(|()| vec![*case_id])
        }
        Command::SetCaseAttributeByName { case, key, value } => {
            let case_id = crate::store::case_row_by_name(tx.conn(), case.trim())?
                .ok_or_else(|| CommandError::NotFound(format!("case {case}")))?
                .id;
            cases::set_case_attribute(tx, case_id, key, value.as_deref()).map(|()| vec![case_id])
        }
        Command::UnlinkCase { link_id } => {
            cases::unlink_case(tx, *link_id).map(|()| vec![*link_id])
        }
        Command::DefineAttribute { scope, name, ty } => {
            attrs::define_attribute(tx, *scope, name, ty).map(|()| vec![])
        }
        Command::DeleteCase { case_id } => {
            cases::delete_case(tx, *case_id).map(|()| vec![*case_id])
        }
        Command::SetQcaOverride {
            case_id,
            code_id,
            value,
        } => {
            let value = value.as_ref().map(|(p, r)| (*p, r.as_str()));
            cases::set_override(tx, *case_id, *code_id, value, actor).map(|()| vec![*case_id])
        }
        Command::SetCellMemo {
            case_id,
            code_id,
            text,
        } => cases::set_cell_memo(tx, *case_id, *code_id, text, actor).map(|()| vec![*case_id]),
        other => Err(CommandError::Invalid(format!(
            "not a case command: {}",
            other.label()
        ))),
    }
}
