//! Building the [`Report`] from a project: one pass over the evidence, then the analyses over the
//! selected cases and codes.

use super::cite::CiteFields;
use super::{CaseInfo, EvidenceRow, ExportError, ExportOptions, Quote, Report};
use crate::analysis::{ConditionRule, CooccurRule, Segment, cooccurrence, crosstab};
use crate::cases::Evidence;
use crate::codebook::{descendants, find_code};
use crate::model::{Case, Code, Coding, MemoTarget};
use crate::reports::{
    CooccurReport, CrosstabReport, QcaOptions, QcaReport, ReportError, default_conditions,
    qca_report,
};
use crate::store::{Project, StoreError};
use std::collections::{HashMap, HashSet};

/// The attribute that holds the outcome in the PIV studies, and its "present" value.
const DEFAULT_OUTCOME: (&str, &str) = ("运行结果", "运转有效");
/// Case attributes that get a crosstab when the cases have them.
const CROSSTAB_ATTRIBUTES: [&str; 2] = ["运行结果", "系统类型"];

/// Reads `project` into a [`Report`] for `opts`. Fails on unknown case names or code paths, a
/// bad citation pattern, or an explicit outcome attribute no case has.
pub fn build_report(project: &Project, opts: &ExportOptions) -> Result<Report, ExportError> {
    opts.citations.validate()?;
    let path = project.path();
    let st = |e| ExportError::store(path, e);
    let cm = |e| ExportError::report(path, e);
    let ev = Evidence::load_coder(project, opts.coder.as_deref()).map_err(st)?;
    let cases = select_cases(&ev.cases, &opts.cases).map_err(cm)?;
    let codes = select_codes(project, &ev.codes, &opts.codes).map_err(cm)?;
    let evidence = evidence_rows(project, &ev, &cases, &codes, opts)?;
    let infos = case_infos(project, &cases).map_err(st)?;
    let case_attributes = case_attribute_names(project, &cases).map_err(st)?;
    let has_attr = |a: &str| cases.iter().any(|c| c.attributes.contains_key(a));
    let outcome = opts.outcome.clone().or_else(|| {
        has_attr(DEFAULT_OUTCOME.0)
            .then(|| (DEFAULT_OUTCOME.0.to_owned(), DEFAULT_OUTCOME.1.to_owned()))
    });
    let qca = match &outcome {
        Some((attr, value)) if !codes.is_empty() => {
            Some(qca(project, &cases, &codes, attr, value, opts.coder.as_deref()).map_err(cm)?)
        }
        _ => None,
    };
    let scope = InScope::new(&ev, &cases, &codes);
    let mut attrs: Vec<&str> = Vec::new();
    if let Some((a, _)) = &outcome {
        attrs.push(a);
    }
    attrs.extend(CROSSTAB_ATTRIBUTES);
    let name = |f: Option<&std::ffi::OsStr>| f.map(|n| n.to_string_lossy().into_owned());
    let stem = name(path.file_stem()).unwrap_or_default();
    Ok(Report {
        title: format!("证据表 — {stem}"),
        project: name(path.file_name()).unwrap_or_default(),
        generated: crate::clock::now_rfc3339(),
        min_source_types: opts.min_source_types.max(1),
        citations: opts.citations.clone(),
        codes: codes.iter().map(|c| c.path.clone()).collect(),
        evidence,
        cases: infos,
        case_attributes,
        qca,
        cooccur: scope.cooccur(),
        crosstabs: scope.crosstabs(&attrs),
    })
}

/// One evidence row per (case, code), in the order selected.
fn evidence_rows(
    project: &Project,
    ev: &Evidence,
    cases: &[&Case],
    codes: &[&Code],
    opts: &ExportOptions,
) -> Result<Vec<EvidenceRow>, ExportError> {
    let memos: HashMap<(i64, i64), String> = project
        .cell_memos()
        .map_err(|e| ExportError::store(project.path(), e))?
        .into_iter()
        .map(|m| ((m.case_id, m.code_id), m.text))
        .collect();
    let tally = crate::reports::matrix::tally(ev, opts.min_source_types);
    let mut evidence = Vec::with_capacity(cases.len() * codes.len());
    for case in cases {
        for code in codes {
            let cell = tally.get(&(case.id, code.id)).cloned().unwrap_or_default();
            let quotes = quotes(ev, &cell.coding_ids, opts)?;
            let mut documents: Vec<String> = Vec::new();
            for q in &quotes {
                if !documents.contains(&q.doc) {
                    documents.push(q.doc.clone());
                }
            }
            evidence.push(EvidenceRow {
                case: case.name.clone(),
                code: code.path.clone(),
                codings: cell.codings,
                documents,
                source_types: cell.source_types,
                triangulated: cell.triangulated,
                memo: memos.get(&(case.id, code.id)).cloned().unwrap_or_default(),
                quotes,
            });
        }
    }
    Ok(evidence)
}

/// The selected cases with their memos.
fn case_infos(project: &Project, cases: &[&Case]) -> Result<Vec<CaseInfo>, StoreError> {
    cases
        .iter()
        .map(|c| {
            Ok(CaseInfo {
                name: c.name.clone(),
                description: c.description.clone(),
                documents: c.documents,
                segments: c.segments,
                attributes: c.attributes.clone(),
                memo: project.memo(MemoTarget::Case(c.id))?,
            })
        })
        .collect()
}

/// The defined case attributes, then any other attribute a selected case has.
fn case_attribute_names(project: &Project, cases: &[&Case]) -> Result<Vec<String>, StoreError> {
    let mut names: Vec<String> = project
        .attribute_defs("case")?
        .into_iter()
        .map(|d| d.name)
        .collect();
    for c in cases {
        for k in c.attributes.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    Ok(names)
}

/// The codings of the selected cases, each counted for every selected code it rolls up to (a
/// selected code counts its sub-codes, in the analyses as in the evidence table).
struct InScope<'a> {
    ev: &'a Evidence,
    cases: &'a [&'a Case],
    case_ids: HashSet<i64>,
    rollup: HashMap<i64, Vec<i64>>,
    paths: HashMap<i64, String>,
}

impl<'a> InScope<'a> {
    fn new(ev: &'a Evidence, cases: &'a [&'a Case], codes: &[&Code]) -> Self {
        let mut rollup: HashMap<i64, Vec<i64>> = HashMap::new();
        for code in codes {
            for d in descendants(&ev.codes, code.id) {
                rollup.entry(d).or_default().push(code.id);
            }
        }
        InScope {
            ev,
            cases,
            case_ids: cases.iter().map(|c| c.id).collect(),
            rollup,
            paths: ev.codes.iter().map(|c| (c.id, c.path.clone())).collect(),
        }
    }

    /// The codings of a selected case, with their cases.
    fn codings(&self) -> impl Iterator<Item = (&'a Coding, &'a Vec<i64>)> + '_ {
        self.ev
            .codings
            .iter()
            .zip(&self.ev.coding_cases)
            .filter(|(_, cs)| cs.iter().any(|id| self.case_ids.contains(id)))
    }

    /// The selected codes a coding of `code_id` counts for.
    fn selected(&self, code_id: i64) -> impl Iterator<Item = i64> + '_ {
        self.rollup.get(&code_id).into_iter().flatten().copied()
    }

    fn label(&self, ids: &[i64]) -> Vec<String> {
        ids.iter()
            .map(|id| self.paths.get(id).cloned().unwrap_or_default())
            .collect()
    }

    /// Co-occurrence (overlap) of the selected codes.
    fn cooccur(&self) -> CooccurReport {
        let segments: Vec<Segment> = self
            .codings()
            .flat_map(|(c, _)| {
                self.selected(c.code_id).map(|code| Segment {
                    id: c.id,
                    doc_id: c.doc_id,
                    code_id: code,
                    coder: c.coder.clone(),
                    start: c.start,
                    end: c.end,
                })
            })
            .collect();
        let matrix = cooccurrence(&segments, &CooccurRule::Overlap, &|_| Vec::new());
        CooccurReport {
            codes: self.label(&matrix.codes),
            matrix,
        }
    }

    /// One crosstab per attribute in `attrs` that a selected case has (each attribute once).
    fn crosstabs(&self, attrs: &[&str]) -> Vec<CrosstabReport> {
        let mut out = Vec::new();
        for (i, attr) in attrs.iter().enumerate() {
            let has = self.cases.iter().any(|c| c.attributes.contains_key(*attr));
            if attrs[..i].contains(attr) || !has {
                continue;
            }
            let values: HashMap<i64, &String> = self
                .cases
                .iter()
                .filter_map(|c| c.attributes.get(*attr).map(|v| (c.id, v)))
                .collect();
            let mut items = Vec::new();
            for (c, cs) in self.codings() {
                for v in cs.iter().filter_map(|id| values.get(id)) {
                    for code in self.selected(c.code_id) {
                        items.push((code, (*v).clone()));
                    }
                }
            }
            let table = crosstab(&items);
            out.push(CrosstabReport {
                attribute: (*attr).to_owned(),
                by: "case".into(),
                codes: self.label(&table.codes),
                table,
            });
        }
        out
    }
}

/// The cases named (all when `names` is empty), in the order named.
fn select_cases<'a>(all: &'a [Case], names: &[String]) -> Result<Vec<&'a Case>, ReportError> {
    if names.iter().all(|n| n.trim().is_empty()) {
        return Ok(all.iter().collect());
    }
    let mut out: Vec<&Case> = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let case = all
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| ReportError::NotFound(format!("no case named {name:?}")))?;
        if !out.iter().any(|c| c.id == case.id) {
            out.push(case);
        }
    }
    Ok(out)
}

/// The codes at `paths`, in that order; by default the PIV mechanism leaves, else all codes.
fn select_codes<'a>(
    project: &Project,
    all: &'a [Code],
    paths: &[String],
) -> Result<Vec<&'a Code>, ReportError> {
    if paths.iter().all(|p| p.trim().is_empty()) {
        let ids = default_conditions(project)?;
        if ids.is_empty() {
            return Ok(all.iter().collect());
        }
        return Ok(all.iter().filter(|c| ids.contains(&c.id)).collect());
    }
    let mut out: Vec<&Code> = Vec::new();
    for path in paths.iter().filter(|p| !p.trim().is_empty()) {
        let code = find_code(all, path)
            .ok_or_else(|| ReportError::NotFound(format!("no code {path:?} in the codebook")))?;
        if !out.iter().any(|c| c.id == code.id) {
            out.push(code);
        }
    }
    Ok(out)
}

/// The quotes of the codings `ids`; codings of the same characters become one quote.
fn quotes(ev: &Evidence, ids: &[i64], opts: &ExportOptions) -> Result<Vec<Quote>, ExportError> {
    let mut out: Vec<Quote> = Vec::new();
    let mut seen: HashMap<(i64, usize, usize), usize> = HashMap::new();
    for c in ev.quotes(ids) {
        let Some(&kind) = ev.kinds.get(&c.doc_id) else {
            continue;
        };
        match seen.get(&(c.doc_id, c.start, c.end)) {
            Some(&i) => {
                let q = &mut out[i];
                q.coding_ids.push(c.id);
                if !q.coders.contains(&c.coder) {
                    q.coders.push(c.coder.clone());
                }
            }
            None => {
                seen.insert((c.doc_id, c.start, c.end), out.len());
                out.push(Quote {
                    coding_ids: vec![c.id],
                    doc: c.doc.clone(),
                    kind,
                    start: c.start,
                    end: c.end,
                    coders: vec![c.coder.clone()],
                    text: c.text.clone(),
                    citation: String::new(),
                });
            }
        }
    }
    for q in &mut out {
        let coder = q.coders.join("、");
        q.citation = opts.citations.cite(&CiteFields {
            doc: &q.doc,
            kind: q.kind,
            start: q.start,
            end: q.end,
            coder: &coder,
        })?;
    }
    Ok(out)
}

/// The QCA report over the selected cases (in their order) and codes, with the truth table and
/// fits recomputed for that selection.
fn qca(
    project: &Project,
    cases: &[&Case],
    codes: &[&Code],
    attr: &str,
    value: &str,
    coder: Option<&str>,
) -> Result<QcaReport, ReportError> {
    let opts = QcaOptions {
        outcome_attr: attr.to_owned(),
        outcome_value: value.to_owned(),
        conditions: codes.iter().map(|c| c.id).collect(),
        rule: ConditionRule::default(),
        coder: coder.map(str::to_owned),
        group_id: None,
    };
    let mut r = qca_report(project, &opts)?;
    let order: HashMap<&str, usize> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    r.cases.retain(|c| order.contains_key(c.case.as_str()));
    r.cases.sort_by_key(|c| order.get(c.case.as_str()).copied());
    r.excluded.retain(|c| order.contains_key(c.as_str()));
    (r.truth_table, r.fits) = crate::reports::qca::analyse(&r.conditions, &r.cases)?;
    Ok(r)
}
