//! The anonymization audit on a project: [`crate::analysis::pii::scan`] over every document (or
//! one) with the project's watch-list, each hit labelled with its document and context.

use super::ReportError;
use crate::analysis::pii::{PiiKind, context, scan};
use crate::command::Command;
use crate::store::Project;
use crate::text::CharIndex;
use serde::Serialize;

/// One likely piece of personal data in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocHit {
    /// The document's name.
    pub doc: String,
    /// The document's id.
    pub doc_id: i64,
    /// What it looks like.
    pub kind: PiiKind,
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The matched text.
    pub text: String,
    /// The text around it: `before` + `text` + `after`, line breaks as spaces.
    pub context: String,
    /// The context before the hit.
    pub before: String,
    /// The context after the hit.
    pub after: String,
}

/// The watch-list terms of `project`.
fn watch_terms(project: &Project) -> Result<Vec<String>, ReportError> {
    Ok(project.pii_watch()?.into_iter().map(|(t, _)| t).collect())
}

/// Hits in one text (already loaded), labelled with its document.
pub fn audit_text(doc_id: i64, name: &str, text: &str, watch: &[String]) -> Vec<DocHit> {
    let index = CharIndex::new(text);
    scan(text, watch)
        .into_iter()
        .map(|h| {
            let (before, after) = context(text, &index, h.start, h.end);
            DocHit {
                doc: name.to_owned(),
                doc_id,
                kind: h.kind,
                start: h.start,
                end: h.end,
                context: format!("{before}{}{after}", h.text.replace(['\n', '\r'], " ")),
                text: h.text,
                before,
                after,
            }
        })
        .collect()
}

/// Likely personal data in every document of `project` (or only `doc_id`), optionally only of
/// one kind; by document name, then position.
pub fn pii_report(
    project: &Project,
    doc_id: Option<i64>,
    kind: Option<PiiKind>,
) -> Result<Vec<DocHit>, ReportError> {
    let watch = watch_terms(project)?;
    let docs: Vec<(i64, String, String)> = match doc_id {
        Some(id) => {
            let (name, text) = project
                .document_text(id)?
                .ok_or_else(|| ReportError::NotFound(format!("document #{id}")))?;
            vec![(id, name, text)]
        }
        None => project
            .document_texts()?
            .into_iter()
            .map(|(id, name, _, text)| (id, name, text))
            .collect(),
    };
    let mut hits: Vec<DocHit> = docs
        .iter()
        .flat_map(|(id, name, text)| audit_text(*id, name, text, &watch))
        .filter(|h| kind.is_none_or(|k| h.kind == k))
        .collect();
    hits.sort_by(|a, b| (&a.doc, a.start, a.end).cmp(&(&b.doc, b.start, b.end)));
    Ok(hits)
}

/// One command redacting every hit (`None` when there are none), as one undo step.
pub fn redact_all(hits: &[DocHit]) -> Option<Command> {
    let commands: Vec<Command> = hits
        .iter()
        .map(|h| Command::Redact {
            doc_id: h.doc_id,
            start: h.start,
            end: h.end,
        })
        .collect();
    match commands.len() {
        0 => None,
        1 => commands.into_iter().next(),
        n => Some(Command::Batch {
            label: format!("redact {n} personal-data hits"),
            commands,
        }),
    }
}

/// How many hits of each kind (kinds without hits left out), in [`PiiKind::ALL`] order.
pub fn count_by_kind(hits: &[DocHit]) -> Vec<(PiiKind, usize)> {
    PiiKind::ALL
        .into_iter()
        .map(|k| (k, hits.iter().filter(|h| h.kind == k).count()))
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// The audit of just-imported documents, for the import's warning: the number of hits and
/// `mobile 2, id_number 1`; `None` when they hold no likely personal data.
pub fn import_warning(
    project: &Project,
    doc_ids: &[i64],
) -> Result<Option<(usize, String)>, ReportError> {
    let mut hits = Vec::new();
    for &id in doc_ids {
        hits.extend(pii_report(project, Some(id), None)?);
    }
    if hits.is_empty() {
        return Ok(None);
    }
    let kinds: Vec<String> = count_by_kind(&hits)
        .into_iter()
        .map(|(k, n)| format!("{} {n}", k.as_str()))
        .collect();
    Ok(Some((hits.len(), kinds.join(", "))))
}
