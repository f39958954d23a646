//! Log and undo labels with names: [`Command::label`] names rows by id ("document #1 with
//! #5"); [`named_label`] replaces each id with the document's name, the code's path or the
//! case's name, read from the project before the command runs (so a deletion still finds
//! them). An id that is not found keeps its `#id`.

use super::Command;
use super::{consensus, groups, redact, suggest};
use crate::store::Project;

impl Command {
    /// A short human-readable description for the log and the undo menu.
    pub fn label(&self) -> String {
        match self {
            Command::ImportDocument(d) => format!("import {}", d.name),
            Command::DeleteDocument { doc_id } => format!("delete document #{doc_id}"),
            Command::SetDocAttribute { doc_id, key, value } => match value {
                Some(v) => format!("set {key}={v} on document #{doc_id}"),
                None => format!("remove {key} from document #{doc_id}"),
            },
            Command::AddCode { path, .. } => format!("add code {path}"),
            Command::EditCode { code_id, edit } => match &edit.name {
                Some(n) => format!("rename code #{code_id} to {n}"),
                None => format!("edit code #{code_id}"),
            },
            Command::MoveCode { code_id, .. } => format!("move code #{code_id}"),
            Command::MergeCode { src, dst } => format!("merge code #{src} into #{dst}"),
            Command::DeleteCode { code_id, .. } => format!("delete code #{code_id}"),
            Command::ApplyCoding {
                doc_id,
                start,
                end,
                code_id,
                ..
            } => {
                format!("code [{start}, {end}) of document #{doc_id} with #{code_id}")
            }
            Command::ApplyCodingToPath {
                doc_id,
                start,
                end,
                code_path,
                ..
            } => {
                format!("code [{start}, {end}) of document #{doc_id} with {code_path}")
            }
            Command::ApplyCodingByName {
                doc,
                start,
                end,
                code_path,
                ..
            } => format!("code [{start}, {end}) of document {doc} with {code_path}"),
            Command::RemoveCoding { coding_id } => format!("remove coding #{coding_id}"),
            Command::RecodeCoding { coding_id, code_id } => {
                format!("recode coding #{coding_id} to #{code_id}")
            }
            Command::SetCodingMemo { coding_id, .. } => format!("memo on coding #{coding_id}"),
            Command::SetMemo { target, .. } => match target.key() {
                ("project", _) => "project memo".to_owned(),
                (kind, id) => format!("memo on {kind} #{id}"),
            },
            Command::SetMemoByName { target, .. } => format!("memo on {target}"),
            Command::AddCase { name, .. } => format!("add case {name}"),
            Command::LinkCase { case, doc_id, .. } => {
                format!("link case {case} to document #{doc_id}")
            }
            Command::SetCaseAttribute {
                case_id,
                key,
                value,
            } => match value {
                Some(v) => format!("set {key}={v} on case #{case_id}"),
                None => format!("remove {key} from case #{case_id}"),
            },
            Command::SetCaseAttributeByName { case, key, value } => match value {
                Some(v) => format!("set {key}={v} on case {case}"),
                None => format!("remove {key} from case {case}"),
            },
            Command::UnlinkCase { link_id } => format!("unlink case link #{link_id}"),
            Command::DefineAttribute { scope, name, ty } => {
                format!(
                    "define {} attribute {name} as {}",
                    scope.as_str(),
                    ty.name()
                )
            }
            Command::DeleteCase { case_id } => format!("delete case #{case_id}"),
            Command::SetQcaOverride {
                case_id,
                code_id,
                value,
            } => match value {
                Some((p, reason)) => format!(
                    "override QCA cell case #{case_id} × code #{code_id} to {} ({reason})",
                    if *p { "present" } else { "absent" }
                ),
                None => format!("clear QCA override case #{case_id} × code #{code_id}"),
            },
            Command::SetCellMemo {
                case_id, code_id, ..
            } => {
                format!("memo on cell case #{case_id} × code #{code_id}")
            }
            Command::ByName(c) => c.label(),
            Command::AddDictWord { word, .. } => format!("add dictionary word {word}"),
            Command::RemoveDictWord { word } => format!("remove dictionary word {word}"),
            Command::SetStopword { word, on } => {
                format!("{} stop word {word}", if *on { "add" } else { "remove" })
            }
            c @ (Command::Redact { .. }
            | Command::AddPiiWatch { .. }
            | Command::RemovePiiWatch { .. }) => redact::label(c),
            Command::Merge { label, .. } | Command::Batch { label, .. } => label.clone(),
            c @ Command::DecideConsensus { .. } => consensus::label(c),
            c @ (Command::CreateGroup { .. }
            | Command::RenameGroup { .. }
            | Command::DeleteGroup { .. }
            | Command::AddToGroup { .. }
            | Command::RemoveFromGroup { .. }) => groups::label(c),
            c @ (Command::RejectSuggestion { .. } | Command::AcceptSuggestion { .. }) => {
                suggest::label(c)
            }
        }
    }
}

/// `cmd`'s label with names instead of ids.
pub(crate) fn named_label(project: &Project, cmd: &Command) -> String {
    let mut label = cmd.label();
    for (needle, name) in substitutions(project, cmd) {
        if let Some(name) = name {
            label = label.replacen(&needle, &name, 1);
        }
    }
    label
}

fn doc(p: &Project, id: i64) -> (String, Option<String>) {
    let name = p.document_name(id).ok().flatten();
    (
        format!("document #{id}"),
        name.map(|n| format!("document {n}")),
    )
}

fn code(p: &Project, prefix: &str, id: i64) -> (String, Option<String>) {
    let path = p.code_path(id).ok().flatten();
    (
        format!("{prefix} #{id}"),
        path.map(|n| format!("{prefix} {n}")),
    )
}

fn case(p: &Project, id: i64) -> (String, Option<String>) {
    let name = p.case_name(id).ok().flatten();
    (format!("case #{id}"), name.map(|n| format!("case {n}")))
}

/// "coding #7" → "coding 权力/借力 [3, 9) in 20230819A02".
fn coding(p: &Project, id: i64) -> (String, Option<String>) {
    let name = p.coding_place(id).ok().flatten().and_then(|(d, c, s, e)| {
        let doc = p.document_name(d).ok().flatten()?;
        let path = p.code_path(c).ok().flatten()?;
        Some(format!("coding {path} [{s}, {e}) in {doc}"))
    });
    (format!("coding #{id}"), name)
}

/// "case link #4" → "case C市燃气监测系统 from document 20230819A02" (from `[s, e)` of it, for a
/// segment link).
fn link(p: &Project, id: i64) -> (String, Option<String>) {
    let name = p.case_links().ok().and_then(|links| {
        let l = links.into_iter().find(|l| l.id == id)?;
        let doc = p.document_name(l.doc_id).ok().flatten()?;
        Some(match (l.start, l.end) {
            (Some(s), Some(e)) => format!("case {} from [{s}, {e}) of document {doc}", l.case),
            _ => format!("case {} from document {doc}", l.case),
        })
    });
    (format!("case link #{id}"), name)
}

/// "group #3" → "group 城市/上海".
fn group(p: &Project, id: i64) -> (String, Option<String>) {
    let name = p
        .groups()
        .ok()
        .and_then(|g| g.into_iter().find(|g| g.id == id))
        .map(|g| format!("group {}", g.name));
    (format!("group #{id}"), name)
}

/// "3 documents" → "3 documents (访谈A、访谈B、访谈C)", at most three names then "…".
fn documents(p: &Project, ids: &[i64]) -> (String, Option<String>) {
    let names: Vec<String> = ids
        .iter()
        .take(3)
        .filter_map(|&id| p.document_name(id).ok().flatten())
        .collect();
    let more = if ids.len() > 3 { "…" } else { "" };
    let needle = format!("{} documents", ids.len());
    let named = (!names.is_empty()).then(|| format!("{needle} ({}{more})", names.join("、")));
    (needle, named)
}

fn substitutions(p: &Project, cmd: &Command) -> Vec<(String, Option<String>)> {
    match cmd {
        Command::DeleteDocument { doc_id }
        | Command::SetDocAttribute { doc_id, .. }
        | Command::ApplyCodingToPath { doc_id, .. }
        | Command::LinkCase { doc_id, .. }
        | Command::Redact { doc_id, .. } => vec![doc(p, *doc_id)],
        Command::ApplyCoding {
            doc_id, code_id, ..
        } => vec![doc(p, *doc_id), code(p, "with", *code_id)],
        Command::EditCode { code_id, .. }
        | Command::MoveCode { code_id, .. }
        | Command::DeleteCode { code_id, .. } => vec![code(p, "code", *code_id)],
        Command::MergeCode { src, dst } => vec![code(p, "code", *src), code(p, "into", *dst)],
        Command::RemoveCoding { coding_id } | Command::SetCodingMemo { coding_id, .. } => {
            vec![coding(p, *coding_id)]
        }
        Command::RecodeCoding { coding_id, code_id } => {
            vec![coding(p, *coding_id), code(p, "to", *code_id)]
        }
        Command::SetMemo { target, .. } => match target.key() {
            ("document", id) => vec![doc(p, id)],
            ("code", id) => vec![code(p, "code", id)],
            ("case", id) => vec![case(p, id)],
            _ => Vec::new(),
        },
        Command::SetCaseAttribute { case_id, .. } | Command::DeleteCase { case_id } => {
            vec![case(p, *case_id)]
        }
        Command::SetQcaOverride {
            case_id, code_id, ..
        }
        | Command::SetCellMemo {
            case_id, code_id, ..
        } => vec![case(p, *case_id), code(p, "code", *code_id)],
        Command::DecideConsensus {
            doc_id, code_id, ..
        } => vec![doc(p, *doc_id), code(p, "code", *code_id)],
        Command::UnlinkCase { link_id } => vec![link(p, *link_id)],
        Command::RenameGroup { group_id, .. } | Command::DeleteGroup { group_id } => {
            vec![group(p, *group_id)]
        }
        Command::AddToGroup { group_id, doc_ids }
        | Command::RemoveFromGroup { group_id, doc_ids } => {
            vec![documents(p, doc_ids), group(p, *group_id)]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{CodeFields, NewDocument, execute};
    use crate::model::DocKind;

    #[test]
    fn labels_name_documents_codes_and_codings() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project::create(&dir.path().join("p.qcw"), "t").unwrap();
        let doc_id = execute(
            &mut p,
            &Command::ImportDocument(Box::new(NewDocument {
                name: "访谈A01".into(),
                kind: DocKind::Interview,
                text: "问：平台怎么样？答：还行。".into(),
                sha256: "0".repeat(64),
                source_path: "a.txt".into(),
                format: "txt".into(),
                attributes: Default::default(),
                cases: Vec::new(),
            })),
        )
        .unwrap()
        .ids[0];
        let code_ids = execute(
            &mut p,
            &Command::AddCode {
                path: "权力/借力".into(),
                fields: CodeFields::default(),
            },
        )
        .unwrap()
        .ids;
        let code_id = *code_ids.last().unwrap();
        let applied = execute(
            &mut p,
            &Command::ApplyCoding {
                doc_id,
                start: 2,
                end: 7,
                code_id,
                coder: "t".into(),
                memo: String::new(),
            },
        )
        .unwrap();
        assert_eq!(
            applied.label,
            "code [2, 7) of document 访谈A01 with 权力/借力"
        );
        let coding_id = applied.ids[0];
        let removed = execute(&mut p, &Command::RemoveCoding { coding_id }).unwrap();
        assert_eq!(removed.label, "remove coding 权力/借力 [2, 7) in 访谈A01");
        assert_eq!(
            p.undo_redo_labels().unwrap().0.as_deref(),
            Some(removed.label.as_str())
        );
        // An id that does not exist keeps its number.
        assert_eq!(
            named_label(&p, &Command::DeleteDocument { doc_id: 999 }),
            "delete document #999"
        );
    }

    #[test]
    fn group_labels_name_the_group_and_its_documents() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = crate::demo::build_demo(&dir.path().join("g.qcw"), "t").unwrap();
        let docs = p.documents().unwrap();
        let g = execute(
            &mut p,
            &Command::CreateGroup {
                name: "城市".into(),
            },
        )
        .unwrap()
        .ids[0];
        let ids: Vec<i64> = docs.iter().take(4).map(|d| d.id).collect();
        let add = Command::AddToGroup {
            group_id: g,
            doc_ids: ids,
        };
        let label = named_label(&p, &add);
        let want = format!(
            "add 4 documents ({}、{}、{}…) to group 城市",
            docs[0].name, docs[1].name, docs[2].name
        );
        assert_eq!(label, want);
        let applied = execute(&mut p, &add).unwrap();
        assert_eq!(
            applied.label, want,
            "the log and undo menu get the named label"
        );
        let del = named_label(&p, &Command::DeleteGroup { group_id: g });
        assert_eq!(del, "delete document group 城市");
    }
}
