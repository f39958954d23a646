//! `qcw merge INTO FROM`: brings a copy's work into a project without duplicates and without
//! losing anything, as one undoable command. Documents match by UUID, then by text; codes by
//! UUID, then by path; cases by name; coders stay distinct. The rules for conflicts are in
//! README ("Team work") and in [`Conflict`]; every conflict is a line of the report.

use super::TeamError;
use super::merge_values::memo_key;
use crate::command::{Command, MergeStep, Ref, execute};
use crate::store::{CodeRow, Project, Snapshot, StoreError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A conflict and how the merge resolved it.
///
/// `kind` is one of: `case_attribute` / `document_attribute` (two values: the project merged
/// into keeps its value; the other is added to the case's or document's memo), `code_renamed`
/// (same code, other name or place: the project merged into keeps its name and place; the other
/// path is added to the code's memo), `memo_edited` (a memo edited on both sides: the later
/// edit stays first, the other follows it under a line naming its author and time),
/// `coding_memo` (both memos kept, one after the other), `qca_override` (the later override
/// wins), `attribute_type` (the project merged into keeps its type), `deleted_here_used_there`
/// (deleted in the project merged into, coded in the other: restored with the codings),
/// `deleted_there_used_here` (kept, since it is coded), `deleted_there` (deleted, as nothing
/// codes it), `deleted_here` (stays deleted, as nothing codes it), `document_text` (same
/// document, other text — one side redacted: the project merged into keeps its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The kind of conflict (see above).
    pub kind: String,
    /// What it is about (document, code path, case, memo target).
    pub target: String,
    /// The value kept (attribute `key=value`, code path, type, override reason), if any.
    pub kept: String,
    /// The other project's value, if any.
    pub other: String,
    /// What the merge did.
    pub outcome: String,
}

/// What a merge brings (preview) or brought.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// The project merged from.
    pub from: String,
    /// Documents found in both.
    pub documents_matched: usize,
    /// Documents added.
    pub documents_added: usize,
    /// Codes added.
    pub codes_added: usize,
    /// Cases added.
    pub cases_added: usize,
    /// Codings added.
    pub codings_added: usize,
    /// Codings already there.
    pub codings_present: usize,
    /// Memos added or changed.
    pub memos_changed: usize,
    /// Attribute values, case links, definitions, overrides, dictionary entries added.
    pub other_changes: usize,
    /// Coders whose codings come over.
    pub coders: Vec<String>,
    /// Conflicts and their resolution.
    pub conflicts: Vec<Conflict>,
    /// Whether the merge changes anything.
    pub changes: bool,
    /// The undo step (after the merge, when it changed something).
    pub history_id: Option<i64>,
}

/// Code id → path (`权力/赋权`).
pub(super) fn code_paths(codes: &[CodeRow]) -> HashMap<i64, String> {
    let by_id: HashMap<i64, &CodeRow> = codes.iter().map(|c| (c.id, c)).collect();
    let mut out = HashMap::new();
    for c in codes {
        let mut parts = vec![c.name.as_str()];
        let mut p = c.parent_id;
        let mut guard = 0;
        while let (Some(id), true) = (p, guard < 64) {
            let Some(parent) = by_id.get(&id) else { break };
            parts.push(&parent.name);
            p = parent.parent_id;
            guard += 1;
        }
        parts.reverse();
        out.insert(c.id, parts.join("/"));
    }
    out
}

/// The merge being planned: both snapshots, the maps from the other project's ids, the steps.
pub(super) struct Plan<'a> {
    pub a: &'a Snapshot,
    pub b: &'a Snapshot,
    pub from: &'a Project,
    pub docs: HashMap<i64, Ref>,
    pub codes: HashMap<i64, Ref>,
    pub cases: HashMap<i64, Ref>,
    /// Documents matched whose text differs: their length in the project merged into.
    pub short_docs: HashMap<i64, i64>,
    pub steps: Vec<MergeStep>,
    pub report: MergeReport,
    /// Lines to add to memos (conflict notes), by memo target.
    pub notes: HashMap<(String, Ref), Vec<String>>,
    pub from_name: String,
}

impl Plan<'_> {
    pub(super) fn conflict(&mut self, kind: &str, target: &str, outcome: String) {
        self.conflict_values(kind, target, ("", ""), outcome);
    }

    /// A conflict between two values: the one kept and the other project's.
    pub(super) fn conflict_values(
        &mut self,
        kind: &str,
        target: &str,
        (kept, other): (&str, &str),
        outcome: String,
    ) {
        self.report.conflicts.push(Conflict {
            kind: kind.to_owned(),
            target: target.to_owned(),
            kept: kept.to_owned(),
            other: other.to_owned(),
            outcome,
        });
    }

    /// A row as the report names it: a document's name, a code's path, a case's name (in the
    /// project merged into for `Ref::Into`, in the other for `Ref::From`); `#id` only when the
    /// row is not found.
    pub(super) fn name_of(&self, kind: &str, r: Ref) -> String {
        let (snap, id) = match r {
            Ref::Into(id) => (self.a, id),
            Ref::From(id) => (self.b, id),
        };
        let found = match kind {
            "document" => snap
                .docs
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.name.clone()),
            "code" => code_paths(&snap.codes).remove(&id),
            "case" => snap
                .cases
                .iter()
                .find(|c| c.id == id)
                .map(|c| c.name.clone()),
            _ => None,
        };
        found.unwrap_or_else(|| format!("#{id}"))
    }

    /// "case C市燃气监测系统 × code 权力/赋权" (ids of the project merged into).
    pub(super) fn override_name(&self, case: i64, code: i64) -> String {
        format!(
            "case {} × code {}",
            self.name_of("case", Ref::Into(case)),
            self.name_of("code", Ref::Into(code))
        )
    }

    /// The report's name for the memo of `kind` on `target`: "project memo", "memo on case
    /// C市燃气监测系统"…
    pub(super) fn memo_name(&self, kind: &str, target: Ref) -> String {
        match kind {
            "project" => "project memo".to_owned(),
            _ => format!("memo on {kind} {}", self.name_of(kind, target)),
        }
    }

    pub(super) fn note(&mut self, kind: &str, target: Ref, line: String) {
        self.notes
            .entry(memo_key(kind, target))
            .or_default()
            .push(line);
    }
}

/// What merging `from` into `into` would do, without doing it.
///
/// # Errors
/// `from` cannot be opened (it names the file), is `into` itself, or the store fails.
pub fn preview(into: &Project, from: &Path) -> Result<MergeReport, TeamError> {
    let other = open_from(into, from)?;
    Ok(plan(into, &other)?.1)
}

/// Merges `from` into `into` as one undo step; merging the same copy again changes nothing.
///
/// # Errors
/// As [`preview`]; also when `into` is a coder's blinded copy (merge into the PI's project).
pub fn merge(into: &mut Project, from: &Path) -> Result<MergeReport, TeamError> {
    if let Some(coder) = into.blind_coder()? {
        return Err(TeamError::BlindedInto {
            path: into.path().to_owned(),
            coder,
        });
    }
    let other = open_from(into, from)?;
    let (steps, mut report) = plan(into, &other)?;
    drop(other);
    if steps.is_empty() {
        return Ok(report);
    }
    into.backup_before("merge")?;
    let name = from.file_name().map_or_else(
        || from.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let applied = execute(
        into,
        &Command::Merge {
            label: format!("merge {name}"),
            steps,
        },
    )?;
    report.history_id = applied.history_id;
    Ok(report)
}

fn open_from(into: &Project, from: &Path) -> Result<Project, TeamError> {
    let same = match (into.path().canonicalize(), from.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(TeamError::SelfMerge(from.to_owned()));
    }
    Ok(Project::open_read_only(from)?)
}

/// Plans the merge of `from` into `into`: the steps and the report.
pub(super) fn plan(
    into: &Project,
    from: &Project,
) -> Result<(Vec<MergeStep>, MergeReport), TeamError> {
    let a = into.snapshot()?;
    let b = from.snapshot()?;
    let from_name = from
        .path()
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut p = Plan {
        a: &a,
        b: &b,
        from,
        docs: HashMap::new(),
        codes: HashMap::new(),
        cases: HashMap::new(),
        short_docs: HashMap::new(),
        steps: Vec::new(),
        report: MergeReport {
            from: from.path().display().to_string(),
            ..MergeReport::default()
        },
        notes: HashMap::new(),
        from_name,
    };
    p.attr_defs();
    p.documents()?;
    p.codes();
    p.cases();
    p.values();
    p.codings();
    p.memos();
    p.extras();
    p.tombstones();
    p.report.changes = !p.steps.is_empty();
    Ok((p.steps, p.report))
}

/// Which documents and codes have codings (codes: also through their sub-codes).
pub(super) fn used(s: &Snapshot) -> (HashSet<i64>, HashSet<i64>) {
    let docs = s.codings.iter().map(|c| c.doc_id).collect();
    let parent: HashMap<i64, Option<i64>> = s.codes.iter().map(|c| (c.id, c.parent_id)).collect();
    let mut codes = HashSet::new();
    for c in &s.codings {
        let mut id = Some(c.code_id);
        while let Some(i) = id {
            if !codes.insert(i) {
                break;
            }
            id = parent.get(&i).copied().flatten();
        }
    }
    (docs, codes)
}

impl Plan<'_> {
    fn attr_defs(&mut self) {
        let a: HashMap<(&str, &str), &str> = self
            .a
            .attr_defs
            .iter()
            .map(|d| ((d.scope.as_str(), d.name.as_str()), d.r#type.as_str()))
            .collect();
        for d in &self.b.attr_defs {
            match a.get(&(d.scope.as_str(), d.name.as_str())) {
                None => {
                    self.steps.push(MergeStep::AttrDef {
                        scope: d.scope.clone(),
                        name: d.name.clone(),
                        ty: d.r#type.clone(),
                        allowed: d.allowed.clone(),
                    });
                    self.report.other_changes += 1;
                }
                Some(t) if *t != d.r#type => {
                    let outcome = format!("kept type {t}; {} has {}", self.from_name, d.r#type);
                    self.conflict_values(
                        "attribute_type",
                        &format!("{} attribute {}", d.scope, d.name),
                        (t, &d.r#type),
                        outcome,
                    );
                }
                Some(_) => {}
            }
        }
    }

    fn documents(&mut self) -> Result<(), TeamError> {
        let (a_used, _) = used(self.a);
        let (b_used, _) = used(self.b);
        let a_tomb: HashSet<&str> = self.a.tombstones.iter().map(|t| t.uuid.as_str()).collect();
        let b_tomb: HashSet<&str> = self.b.tombstones.iter().map(|t| t.uuid.as_str()).collect();
        let by_uuid: HashMap<&str, usize> = self
            .a
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.uuid.as_deref().map(|u| (u, i)))
            .collect();
        let mut by_hash: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, d) in self.a.docs.iter().enumerate() {
            by_hash.entry(d.text_sha256.as_str()).or_default().push(i);
        }
        let mut taken = HashSet::new();
        for d in &self.b.docs {
            let uuid = d.uuid.as_deref().unwrap_or_default();
            let found = by_uuid
                .get(uuid)
                .copied()
                .filter(|i| !taken.contains(i))
                .or_else(|| {
                    by_hash
                        .get(d.text_sha256.as_str())
                        .and_then(|v| v.iter().copied().find(|i| !taken.contains(i)))
                });
            if let Some(i) = found {
                taken.insert(i);
                let ad = &self.a.docs[i];
                self.docs.insert(d.id, Ref::Into(ad.id));
                self.report.documents_matched += 1;
                if ad.text_sha256 != d.text_sha256 {
                    self.short_docs.insert(d.id, ad.chars);
                    let outcome = format!(
                        "kept this project's text; {} has another (redacted?)",
                        self.from_name
                    );
                    self.conflict("document_text", &ad.name, outcome);
                }
                continue;
            }
            if a_tomb.contains(uuid) && !b_used.contains(&d.id) {
                let outcome = "stays deleted: nothing codes it".to_owned();
                self.conflict("deleted_here", &d.name, outcome);
                continue;
            }
            if a_tomb.contains(uuid) {
                self.steps.push(MergeStep::Revive {
                    uuid: uuid.to_owned(),
                });
                let outcome = format!("restored with the codings of {}", self.from_name);
                self.conflict("deleted_here_used_there", &d.name, outcome);
            }
            let row = self.from.document_full(d.id)?.ok_or_else(|| {
                StoreError::Inconsistent(format!("{}: document #{} vanished", self.from_name, d.id))
            })?;
            self.steps.push(MergeStep::AddDocument {
                from: d.id,
                name: row.name,
                kind: row.kind,
                text: row.text,
                sha256: row.sha256,
                source_path: row.source_path,
                format: row.format,
                imported_at: row.imported_at,
                imported_by: row.imported_by,
                uuid: row.uuid,
            });
            self.docs.insert(d.id, Ref::From(d.id));
            self.report.documents_added += 1;
        }
        for (i, ad) in self.a.docs.iter().enumerate() {
            let Some(uuid) = ad.uuid.as_deref() else {
                continue;
            };
            if taken.contains(&i) || !b_tomb.contains(uuid) {
                continue;
            }
            if a_used.contains(&ad.id) {
                let outcome = format!("kept: coded here (deleted in {})", self.from_name);
                self.conflict("deleted_there_used_here", &ad.name, outcome);
            } else {
                self.steps
                    .insert(0, MergeStep::DeleteDocument { id: ad.id });
                let outcome = format!("deleted, as in {}: nothing codes it", self.from_name);
                self.conflict("deleted_there", &ad.name, outcome);
            }
        }
        Ok(())
    }
}
