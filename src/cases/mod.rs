//! Cases: which codings belong to which case ([`Evidence`]), setting case attributes from
//! `ATTR[:type]=VALUE` assignments, and the classification sheet (CSV/XLSX, [`sheet`]). The
//! analyses over cases (matrix, QCA…) are in [`crate::reports`].
//!
//! A coding belongs to a case when its document is linked to the case as a whole, or when it
//! overlaps a segment of a document linked to the case.

pub mod sheet;

use crate::command::{Command, CommandError};
use crate::model::{AttrScope, AttrType, Case, Code, Coding, DocKind, parse_assignment};
use crate::store::{CodingFilter, Project, StoreError};
use std::collections::{BTreeSet, HashMap};

/// Everything needed to attribute codings to cases, loaded once.
pub struct Evidence {
    /// All cases.
    pub cases: Vec<Case>,
    /// The codebook.
    pub codes: Vec<Code>,
    /// All codings (with quotes).
    pub codings: Vec<Coding>,
    /// Document kinds by id.
    pub kinds: HashMap<i64, DocKind>,
    /// Case ids each coding belongs to, parallel to `codings`.
    pub coding_cases: Vec<Vec<i64>>,
}

impl Evidence {
    /// Loads the evidence of `project`.
    pub fn load(project: &Project) -> Result<Evidence, StoreError> {
        Evidence::load_coder(project, None)
    }

    /// Loads the evidence of `project`, only `coder`'s codings when given (`consensus`: the
    /// consensus layer).
    pub fn load_coder(project: &Project, coder: Option<&str>) -> Result<Evidence, StoreError> {
        let cases = project.cases()?;
        let codes = project.codes()?;
        let codings = project.codings(&CodingFilter {
            coder: coder.map(str::to_owned),
            ..CodingFilter::default()
        })?;
        let kinds: HashMap<i64, DocKind> = project
            .documents()?
            .into_iter()
            .map(|d| (d.id, d.kind))
            .collect();
        let links = project.case_links()?;
        let mut whole: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut segments: HashMap<i64, Vec<(i64, usize, usize)>> = HashMap::new();
        for l in &links {
            match (l.start, l.end) {
                (Some(s), Some(e)) => segments
                    .entry(l.doc_id)
                    .or_default()
                    .push((l.case_id, s, e)),
                _ => whole.entry(l.doc_id).or_default().push(l.case_id),
            }
        }
        let coding_cases = codings
            .iter()
            .map(|c| {
                let mut ids: BTreeSet<i64> = whole
                    .get(&c.doc_id)
                    .into_iter()
                    .flatten()
                    .copied()
                    .collect();
                for &(case, s, e) in segments.get(&c.doc_id).into_iter().flatten() {
                    if c.start < e && s < c.end {
                        ids.insert(case);
                    }
                }
                ids.into_iter().collect()
            })
            .collect();
        Ok(Evidence {
            cases,
            codes,
            codings,
            kinds,
            coding_cases,
        })
    }

    /// Keeps only the codings of documents in `docs`, and only the cases linked (as a whole or
    /// by a segment) to one of them: the evidence of a document group.
    pub fn restrict_to_docs(
        &mut self,
        project: &Project,
        docs: &std::collections::HashSet<i64>,
    ) -> Result<(), StoreError> {
        let linked: BTreeSet<i64> = project
            .case_links()?
            .into_iter()
            .filter(|l| docs.contains(&l.doc_id))
            .map(|l| l.case_id)
            .collect();
        self.cases.retain(|c| linked.contains(&c.id));
        let keep: Vec<bool> = self
            .codings
            .iter()
            .map(|c| docs.contains(&c.doc_id))
            .collect();
        let mut it = keep.iter();
        self.codings.retain(|_| it.next().copied().unwrap_or(false));
        let mut it = keep.iter();
        self.coding_cases
            .retain(|_| it.next().copied().unwrap_or(false));
        Ok(())
    }

    /// The codings with the given ids, in the order given.
    pub fn quotes(&self, ids: &[i64]) -> Vec<&Coding> {
        let by_id: HashMap<i64, &Coding> = self.codings.iter().map(|c| (c.id, c)).collect();
        ids.iter().filter_map(|id| by_id.get(id).copied()).collect()
    }
}

/// The command that sets `ATTR=VALUE` / `ATTR:type=VALUE` assignments on case `name` (created
/// when missing), defining unknown attributes with the given or inferred type — one undo step.
pub fn set_case_attributes_command(
    project: &Project,
    name: &str,
    assignments: &[String],
) -> Result<Command, CommandError> {
    let existing = project.cases()?.into_iter().find(|c| c.name == name.trim());
    let defs = project.attribute_defs("case")?;
    let mut commands = Vec::new();
    if existing.is_none() {
        commands.push(Command::AddCase {
            name: name.trim().to_owned(),
            description: String::new(),
        });
    }
    let mut sets = Vec::new();
    for a in assignments {
        let (key, ty, value) = parse_assignment(a).map_err(CommandError::Invalid)?;
        let defined = defs.iter().any(|d| d.name == key);
        match ty {
            Some(ty) => commands.push(Command::DefineAttribute {
                scope: AttrScope::Case,
                name: key.clone(),
                ty,
            }),
            None if !defined => commands.push(Command::DefineAttribute {
                scope: AttrScope::Case,
                name: key.clone(),
                ty: AttrType::infer(&value),
            }),
            None => {}
        }
        sets.push((key, value));
    }
    Ok(Command::Batch {
        label: format!("set attributes of case {name}"),
        commands: commands
            .into_iter()
            .chain(
                sets.into_iter()
                    .map(|(key, value)| Command::SetCaseAttributeByName {
                        case: name.trim().to_owned(),
                        key,
                        value: Some(value),
                    }),
            )
            .collect(),
    })
}
