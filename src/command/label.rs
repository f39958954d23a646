//! Log and undo labels with names: [`Command::label`] names rows by id ("document #1 with
//! #5"); [`named_label`] replaces each id with the document's name, the code's path or the
//! case's name, read from the project before the command runs (so a deletion still finds
//! them). An id that is not found keeps its `#id`.

use super::Command;
use crate::store::Project;

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
}
