//! Turns a parsed `project.qde` into the commands of one import batch.

use super::import::{Archive, ImportSummary, Skipped, decode};
use super::limits::{Budget, Exceeded, Failure};
use super::matching::{Existing, new_texts};
use super::xml::Element;
use crate::command::{CodeFields, Command, NamedTarget};
use crate::import::formats::normalize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A GUID in canonical form (no braces, upper case).
pub(super) fn key(guid: &str) -> String {
    guid.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_uppercase()
}

/// A code or case name qcw accepts: trimmed, `/` replaced by `／`, at most 200 characters.
fn clean_name(name: &str, fallback: &str) -> String {
    let name: String = name
        .trim()
        .replace('/', "／")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let name = name.trim().to_owned();
    if name.is_empty() {
        fallback.to_owned()
    } else {
        name
    }
}

/// A colour as qcw stores it (`#RRGGBB`), if the file's colour is usable.
fn color(c: Option<&str>) -> Option<String> {
    let c = c?.trim();
    let hex = c.strip_prefix('#')?;
    if !hex.chars().all(|x| x.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_uppercase())),
        3 => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|x| [x, x])
                .collect::<String>()
                .to_ascii_uppercase()
        )),
        _ => None,
    }
}

/// The state of one planning pass: what the file defines (users, notes, codes, variables by
/// GUID) and the commands built so far.
pub(super) struct Planner<'a> {
    /// What the project holds.
    pub existing: &'a Existing,
    /// Existing documents a source was attached to.
    pub taken_docs: HashSet<i64>,
    /// `Project@origin`.
    pub origin: String,
    pub summary: &'a mut ImportSummary,
    /// User GUID → name.
    users: HashMap<String, String>,
    /// Note GUID → (name, normalised text).
    notes: HashMap<String, (String, String)>,
    /// Note GUIDs in file order.
    note_order: Vec<String>,
    /// Notes attached to something imported.
    used_notes: HashSet<String>,
    /// Code GUID → path in the project.
    pub code_paths: HashMap<String, String>,
    /// Variable GUID → name.
    variables: HashMap<String, String>,
    /// Memo texts by target, in a stable order.
    memos: BTreeMap<String, (NamedTarget, Vec<String>)>,
    /// Coder of codings whose user the file does not name.
    pub fallback: String,
    /// Codes, cases and documents to create.
    pub out: Vec<Command>,
    /// Case attributes (after the cases and documents exist).
    case_attrs: Vec<Command>,
    /// Codings (after the codes and documents exist).
    pub codings: Vec<Command>,
    /// Memos (last).
    memo_out: Vec<Command>,
    /// (document, start, end, code path, coder) of the codings planned.
    pub seen_codings: HashSet<(String, usize, usize, String, String)>,
    /// Source GUID → names of the cases linked to the whole source.
    pub cases_of: HashMap<String, Vec<String>>,
    /// Document names taken (existing and planned).
    pub doc_names: HashSet<String>,
    /// Source GUID (normalised by `key`) → the document it became or matched (for `Sets`).
    pub source_docs: HashMap<String, String>,
    /// The imported file, for the documents' `source_path`.
    pub source_path: String,
    /// What may still be read.
    pub budget: Budget,
    /// The first cap exceeded: planning stops and the import is refused.
    pub exceeded: Option<Exceeded>,
}

impl Planner<'_> {
    pub(super) fn skip(&mut self, what: impl Into<String>, reason: impl Into<String>) {
        self.summary.skipped.push(Skipped {
            what: what.into(),
            reason: reason.into(),
        });
    }

    /// Records a failure of reading a text of `what`: a skip with its reason, or, for a cap,
    /// the end of planning. Returns whether planning goes on.
    pub(super) fn failed(&mut self, what: String, f: Failure) -> bool {
        match f {
            Failure::Invalid(reason) => {
                self.skip(what, reason);
                true
            }
            Failure::Limit(e) => {
                self.exceeded.get_or_insert(e);
                false
            }
        }
    }

    /// The texts of the notes `el` refers to (marking them used).
    pub(super) fn note_texts(&mut self, el: &Element) -> Vec<String> {
        let mut out = Vec::new();
        for r in el.refs("NoteRef") {
            let k = key(r);
            if let Some((_, text)) = self.notes.get(&k)
                && !text.trim().is_empty()
            {
                out.push(text.clone());
                self.used_notes.insert(k);
            }
        }
        out
    }

    /// The memo texts of a source or selection: its `Description` (QualCoder writes memos
    /// there), then the notes it refers to; the same text once.
    pub(super) fn memo_texts(&mut self, el: &Element) -> Vec<String> {
        let mut out: Vec<String> = el
            .child_text("Description")
            .map(|d| normalize(d.trim()))
            .filter(|d| !d.is_empty())
            .into_iter()
            .collect();
        for t in self.note_texts(el) {
            if !out.iter().any(|o| o.trim() == t.trim()) {
                out.push(t);
            }
        }
        out
    }

    pub(super) fn add_memo(&mut self, target: NamedTarget, texts: Vec<String>) {
        if texts.is_empty() {
            return;
        }
        let k = format!("{target:?}");
        self.memos
            .entry(k)
            .or_insert_with(|| (target, Vec::new()))
            .1
            .extend(texts);
    }

    pub(super) fn user(&self, el: &Element) -> Option<String> {
        el.attr("creatingUser")
            .and_then(|g| self.users.get(&key(g)))
            .cloned()
    }

    /// The codes under `el` (recursively; the XML depth is capped), as paths under `parent`.
    fn codes(
        &mut self,
        el: &Element,
        parent: Option<&str>,
        existing: &HashSet<String>,
        seen: &mut HashSet<String>,
        depth: usize,
    ) {
        for code in el.all("Code") {
            let guid = code.attr("guid").unwrap_or_default();
            let name = clean_name(code.attr("name").unwrap_or_default(), "code");
            if let Err(Failure::Limit(e)) = self.budget.take_code(depth, &name) {
                self.exceeded.get_or_insert(e);
                return;
            }
            let path = match (self.existing.code_guids.get(&key(guid)), parent) {
                (Some(known), _) => known.clone(),
                (None, Some(p)) => format!("{p}/{name}"),
                (None, None) => name,
            };
            self.code_paths.insert(key(guid), path.clone());
            if existing.contains(&path) || seen.contains(&path) {
                if existing.contains(&path) {
                    self.summary.codes_reused += 1;
                }
            } else {
                seen.insert(path.clone());
                self.summary.codes += 1;
                self.out.push(Command::AddCode {
                    path: path.clone(),
                    fields: CodeFields {
                        color: color(code.attr("color")),
                        description: code
                            .child_text("Description")
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                        ..CodeFields::default()
                    },
                });
            }
            let texts = self.note_texts(code);
            self.add_memo(NamedTarget::Code(path.clone()), texts);
            self.codes(code, Some(&path), existing, seen, depth + 1);
        }
    }

    /// `Users`: GUID → name.
    fn users(&mut self, root: &Element) {
        for u in root.first("Users").iter().flat_map(|u| u.all("User")) {
            if let (Some(g), Some(n)) = (u.attr("guid"), u.attr("name"))
                && !n.trim().is_empty()
            {
                self.users.insert(key(g), n.trim().to_owned());
            }
        }
    }

    /// `Notes`: their texts (inline or from the archive), normalised.
    fn notes(&mut self, root: &Element, archive: &mut Archive) {
        for n in root.first("Notes").iter().flat_map(|n| n.all("Note")) {
            let guid = key(n.attr("guid").unwrap_or_default());
            let name = n.attr("name").unwrap_or_default().to_owned();
            match source_text(n, archive, &mut self.budget) {
                Ok(text) => {
                    self.note_order.push(guid.clone());
                    self.notes.insert(guid, (name, normalize(&text)));
                }
                Err(f) => {
                    if !self.failed(format!("note \"{name}\""), f) {
                        return;
                    }
                }
            }
        }
    }

    /// `Variables`: GUID → name.
    fn variables(&mut self, root: &Element) {
        for v in root
            .first("Variables")
            .iter()
            .flat_map(|v| v.all("Variable"))
        {
            if let (Some(g), Some(n)) = (v.attr("guid"), v.attr("name"))
                && !n.trim().is_empty()
            {
                self.variables.insert(key(g), n.trim().to_owned());
            }
        }
    }

    /// `Cases`: new cases, their attributes and the sources linked to them.
    fn cases(&mut self, root: &Element, existing: &Existing) {
        let existing_cases: HashSet<&str> =
            existing.cases.iter().map(|c| c.name.as_str()).collect();
        let mut new_cases = HashSet::new();
        for c in root.first("Cases").iter().flat_map(|c| c.all("Case")) {
            let guid = key(c.attr("guid").unwrap_or_default());
            let name = match existing.case_guids.get(&guid) {
                Some(known) => known.clone(),
                None => clean_name(c.attr("name").unwrap_or_default(), &guid),
            };
            let attrs = existing
                .cases
                .iter()
                .find(|e| e.name == name)
                .map(|e| &e.attributes);
            if !existing_cases.contains(name.as_str()) && new_cases.insert(name.clone()) {
                self.summary.cases += 1;
                self.out.push(Command::AddCase {
                    name: name.clone(),
                    description: c
                        .child_text("Description")
                        .unwrap_or_default()
                        .trim()
                        .to_owned(),
                });
            }
            for s in c.refs("SourceRef") {
                self.cases_of.entry(key(s)).or_default().push(name.clone());
            }
            if c.all("SelectionRef").next().is_some() || c.all("CodeRef").next().is_some() {
                self.skip(
                    format!("case \"{name}\""),
                    "links to selections and codes are not imported",
                );
            }
            for vv in c.all("VariableValue") {
                if let Some((k, v)) = self.variable_value(vv)
                    && attrs.and_then(|a| a.get(&k)) != Some(&v)
                {
                    self.case_attrs.push(Command::SetCaseAttributeByName {
                        case: name.clone(),
                        key: k,
                        value: Some(v),
                    });
                }
            }
        }
    }

    /// Project notes, then notes attached to nothing, go to the project memo.
    fn project_notes(&mut self, root: &Element) {
        let mut texts = self.memo_texts(root);
        for g in &self.note_order {
            if !self.used_notes.contains(g)
                && let Some((name, text)) = self.notes.get(g)
                && !text.trim().is_empty()
            {
                texts.push(if name.trim().is_empty() {
                    text.clone()
                } else {
                    format!("{name}\n{text}")
                });
            }
        }
        self.add_memo(NamedTarget::Project, texts);
    }

    /// One `SetMemoByName` per memo target: the existing memo, then the file's texts.
    fn memo_commands(&mut self, existing: &Existing) {
        let memos = std::mem::take(&mut self.memos);
        for (_, (target, texts)) in memos {
            let before = match &target {
                NamedTarget::Project => Some(&existing.project_memo),
                NamedTarget::Code(path) => existing.code_memos.get(path),
                NamedTarget::Document(name) => existing.doc_memos.get(name),
                NamedTarget::Case(_) => None,
            };
            let before = before.map(String::as_str).unwrap_or_default();
            let texts = new_texts(before, texts);
            if texts.is_empty() {
                continue;
            }
            let mut all: Vec<String> = Some(before.to_owned())
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect();
            all.extend(texts);
            self.summary.memos += 1;
            self.memo_out.push(Command::SetMemoByName {
                target,
                text: all.join("\n\n"),
            });
        }
    }

    /// The value of a `VariableValue` as text, with the variable's name.
    pub(super) fn variable_value(&self, vv: &Element) -> Option<(String, String)> {
        let var = vv.first("VariableRef")?.attr("targetGUID")?;
        let name = self.variables.get(&key(var))?.clone();
        let value = vv
            .children
            .iter()
            .find(|c| c.name != "VariableRef")
            .map(|c| c.text.trim().to_owned())?;
        (!value.is_empty()).then_some((name, value))
    }
}

/// Reads the text of a source or note: inline `PlainTextContent`, else `plainTextPath` from the
/// archive. `Err` is the reason the text is unavailable.
pub(super) fn source_text(
    el: &Element,
    archive: &mut Archive,
    budget: &mut Budget,
) -> Result<String, Failure> {
    if let Some(t) = el.child_text("PlainTextContent") {
        budget.take_text(t.len() as u64, "PlainTextContent")?;
        return Ok(t.to_owned());
    }
    let Some(p) = el.attr("plainTextPath") else {
        return Err("no plainTextPath and no PlainTextContent".into());
    };
    let Some(inner) = p.strip_prefix("internal://") else {
        return Err(format!("external text {p} is not in the archive").into());
    };
    if !archive.has_sources() {
        return Err(format!("{p}: a bare .qde has no sources").into());
    }
    match archive.read(inner, budget)? {
        Some(bytes) if bytes.len() > crate::import::MAX_TEXT_BYTES => {
            Err("the text is larger than 50 MB".into())
        }
        Some(bytes) => Ok(decode(&bytes)?),
        None => Err(format!("{p} is missing from the archive").into()),
    }
}

/// Builds the import batch from `root` (see [`super::import_qdpx`]).
pub(super) fn plan(
    root: &Element,
    archive: &mut Archive,
    existing: &Existing,
    source_path: &str,
    fallback: &str,
    summary: &mut ImportSummary,
    budget: Budget,
) -> Result<Vec<Command>, Failure> {
    let fallback = fallback.trim().to_owned();
    if fallback.is_empty() {
        return Err("the fallback coder name is empty".into());
    }
    let mut p = Planner {
        existing,
        taken_docs: HashSet::new(),
        origin: root.attr("origin").unwrap_or_default().to_owned(),
        summary,
        users: HashMap::new(),
        notes: HashMap::new(),
        note_order: Vec::new(),
        used_notes: HashSet::new(),
        code_paths: HashMap::new(),
        variables: HashMap::new(),
        memos: BTreeMap::new(),
        memo_out: Vec::new(),
        fallback,
        out: Vec::new(),
        case_attrs: Vec::new(),
        codings: Vec::new(),
        seen_codings: HashSet::new(),
        cases_of: HashMap::new(),
        doc_names: existing.documents.iter().map(|d| d.name.clone()).collect(),
        source_docs: HashMap::new(),
        source_path: source_path.to_owned(),
        budget,
        exceeded: None,
    };
    p.users(root);
    p.notes(root, archive);
    p.variables(root);
    let existing_codes: HashSet<String> = existing.codes.iter().map(|c| c.path.clone()).collect();
    if let Some(codes) = root.first("CodeBook").and_then(|c| c.first("Codes")) {
        p.codes(codes, None, &existing_codes, &mut HashSet::new(), 1);
    }
    p.cases(root, existing);
    p.sources(root, archive);
    p.sets_links_graphs(root);
    if let Some(e) = p.exceeded.take() {
        return Err(Failure::Limit(e));
    }
    p.project_notes(root);
    p.memo_commands(existing);
    let mut out = std::mem::take(&mut p.out);
    out.append(&mut p.case_attrs);
    out.append(&mut p.codings);
    out.append(&mut p.memo_out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_colours_are_made_acceptable() {
        assert_eq!(clean_name(" a/b ", "x"), "a／b");
        assert_eq!(clean_name("  ", "x"), "x");
        assert_eq!(color(Some("#abc")).as_deref(), Some("#AABBCC"));
        assert_eq!(color(Some("#ef8256")).as_deref(), Some("#EF8256"));
        assert_eq!(color(Some("red")), None);
        assert_eq!(key("{ab-cd}"), "AB-CD");
    }
}
