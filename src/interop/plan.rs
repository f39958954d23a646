//! Turns a parsed `project.qde` into the commands of one import batch.

use super::import::{Archive, ImportSummary, Skipped, decode};
use super::xml::Element;
use crate::command::{CodeFields, Command, NamedTarget, NewDocument};
use crate::import::formats::normalize;
use crate::model::{Case, Code, DocKind, DocSummary};
use crate::text::sha256_hex;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the project already holds.
pub(super) struct Existing {
    pub codes: Vec<Code>,
    pub documents: Vec<DocSummary>,
    pub cases: Vec<Case>,
    pub project_memo: String,
    /// Memos of existing codes, by path.
    pub code_memos: HashMap<String, String>,
}

/// A GUID in canonical form (no braces, upper case).
fn key(guid: &str) -> String {
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

/// Text normalised as qcw's import does (BOM dropped, CRLF/CR → LF) and, for every original
/// code-point position `0..=len`, the position in the normalised text.
fn normalise(text: &str) -> (String, Vec<usize>) {
    let stripped = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = usize::from(stripped.len() != text.len());
    let mut map = vec![0; bom];
    let mut out = 0usize;
    let mut prev_cr = false;
    for c in stripped.chars() {
        map.push(out);
        if !(c == '\n' && prev_cr) {
            out += 1;
        }
        prev_cr = c == '\r';
    }
    map.push(out);
    (normalize(text), map)
}

struct Planner<'a> {
    summary: &'a mut ImportSummary,
    users: HashMap<String, String>,
    notes: HashMap<String, (String, String)>,
    used_notes: HashSet<String>,
    code_paths: HashMap<String, String>,
    variables: HashMap<String, String>,
    memos: BTreeMap<String, (NamedTarget, Vec<String>)>,
    fallback: String,
}

impl Planner<'_> {
    fn skip(&mut self, what: impl Into<String>, reason: impl Into<String>) {
        self.summary.skipped.push(Skipped {
            what: what.into(),
            reason: reason.into(),
        });
    }

    /// The texts of the notes `el` refers to (marking them used).
    fn note_texts(&mut self, el: &Element) -> Vec<String> {
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

    fn add_memo(&mut self, target: NamedTarget, texts: Vec<String>) {
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

    fn user(&self, el: &Element) -> Option<String> {
        el.attr("creatingUser")
            .and_then(|g| self.users.get(&key(g)))
            .cloned()
    }

    fn codes(
        &mut self,
        el: &Element,
        parent: Option<&str>,
        existing: &HashSet<String>,
        seen: &mut HashSet<String>,
        out: &mut Vec<Command>,
    ) {
        for code in el.all("Code") {
            let guid = code.attr("guid").unwrap_or_default();
            let name = clean_name(code.attr("name").unwrap_or_default(), "code");
            let path = match parent {
                Some(p) => format!("{p}/{name}"),
                None => name,
            };
            self.code_paths.insert(key(guid), path.clone());
            if existing.contains(&path) || seen.contains(&path) {
                if existing.contains(&path) {
                    self.summary.codes_reused += 1;
                }
            } else {
                seen.insert(path.clone());
                self.summary.codes += 1;
                out.push(Command::AddCode {
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
            self.codes(code, Some(&path), existing, seen, out);
        }
    }

    /// The value of a `VariableValue` as text, with the variable's name.
    fn variable_value(&self, vv: &Element) -> Option<(String, String)> {
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
fn source_text(el: &Element, archive: &mut Archive) -> Result<String, String> {
    if let Some(t) = el.child_text("PlainTextContent") {
        return Ok(t.to_owned());
    }
    let Some(p) = el.attr("plainTextPath") else {
        return Err("no plainTextPath and no PlainTextContent".into());
    };
    let Some(inner) = p.strip_prefix("internal://") else {
        return Err(format!("external text {p} is not in the archive"));
    };
    if !archive.has_sources() {
        return Err(format!("{p}: a bare .qde has no sources"));
    }
    match archive.read(inner)? {
        Some(bytes) => decode(&bytes),
        None => Err(format!("{p} is missing from the archive")),
    }
}

/// Builds the import batch from `root` (see [`super::import_qdpx`]).
#[allow(
    clippy::too_many_lines,
    reason = "long before the lint was on; to be split"
)]
pub(super) fn plan(
    root: &Element,
    archive: &mut Archive,
    existing: &Existing,
    source_path: &str,
    fallback: &str,
    summary: &mut ImportSummary,
) -> Result<Vec<Command>, String> {
    let mut p = Planner {
        summary,
        users: HashMap::new(),
        notes: HashMap::new(),
        used_notes: HashSet::new(),
        code_paths: HashMap::new(),
        variables: HashMap::new(),
        memos: BTreeMap::new(),
        fallback: fallback.trim().to_owned(),
    };
    if p.fallback.is_empty() {
        return Err("the fallback coder name is empty".into());
    }
    for u in root.first("Users").iter().flat_map(|u| u.all("User")) {
        if let (Some(g), Some(n)) = (u.attr("guid"), u.attr("name"))
            && !n.trim().is_empty()
        {
            p.users.insert(key(g), n.trim().to_owned());
        }
    }
    let mut note_order = Vec::new();
    for n in root.first("Notes").iter().flat_map(|n| n.all("Note")) {
        let guid = key(n.attr("guid").unwrap_or_default());
        let name = n.attr("name").unwrap_or_default().to_owned();
        match source_text(n, archive) {
            Ok(text) => {
                note_order.push(guid.clone());
                p.notes.insert(guid, (name, normalize(&text)));
            }
            Err(reason) => p.skip(format!("note \"{name}\""), reason),
        }
    }
    for v in root
        .first("Variables")
        .iter()
        .flat_map(|v| v.all("Variable"))
    {
        if let (Some(g), Some(n)) = (v.attr("guid"), v.attr("name"))
            && !n.trim().is_empty()
        {
            p.variables.insert(key(g), n.trim().to_owned());
        }
    }
    let mut out = Vec::new();
    // Codes.
    let existing_codes: HashSet<String> = existing.codes.iter().map(|c| c.path.clone()).collect();
    if let Some(codes) = root.first("CodeBook").and_then(|c| c.first("Codes")) {
        p.codes(codes, None, &existing_codes, &mut HashSet::new(), &mut out);
    }
    // Cases.
    let existing_cases: HashSet<&str> = existing.cases.iter().map(|c| c.name.as_str()).collect();
    let mut cases_of: HashMap<String, Vec<String>> = HashMap::new();
    let mut case_attrs = Vec::new();
    let mut new_cases = HashSet::new();
    for c in root.first("Cases").iter().flat_map(|c| c.all("Case")) {
        let guid = key(c.attr("guid").unwrap_or_default());
        let name = clean_name(c.attr("name").unwrap_or_default(), &guid);
        if !existing_cases.contains(name.as_str()) && new_cases.insert(name.clone()) {
            p.summary.cases += 1;
            out.push(Command::AddCase {
                name: name.clone(),
                description: c
                    .child_text("Description")
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            });
        }
        for s in c.refs("SourceRef") {
            cases_of.entry(key(s)).or_default().push(name.clone());
        }
        if c.all("SelectionRef").next().is_some() || c.all("CodeRef").next().is_some() {
            p.skip(
                format!("case \"{name}\""),
                "links to selections and codes are not imported",
            );
        }
        for vv in c.all("VariableValue") {
            if let Some((k, v)) = p.variable_value(vv) {
                case_attrs.push(Command::SetCaseAttributeByName {
                    case: name.clone(),
                    key: k,
                    value: Some(v),
                });
            }
        }
    }
    // Sources.
    let mut doc_names: HashSet<String> =
        existing.documents.iter().map(|d| d.name.clone()).collect();
    let mut codings = Vec::new();
    let mut seen_codings = HashSet::new();
    for src in root.first("Sources").iter().flat_map(|s| s.children.iter()) {
        let label = src.attr("name").unwrap_or_default().to_owned();
        if src.name != "TextSource" {
            p.skip(
                format!("{} \"{label}\"", src.name),
                "only text sources are imported",
            );
            continue;
        }
        let guid = key(src.attr("guid").unwrap_or_default());
        let raw = match source_text(src, archive) {
            Ok(t) => t,
            Err(reason) => {
                p.skip(format!("TextSource \"{label}\""), reason);
                continue;
            }
        };
        let (text, map) = normalise(&raw);
        if text.trim().is_empty() {
            p.skip(format!("TextSource \"{label}\""), "the text is empty");
            continue;
        }
        if text.len() > crate::import::MAX_TEXT_BYTES {
            p.skip(
                format!("TextSource \"{label}\""),
                "the text is larger than 50 MB",
            );
            continue;
        }
        let base = match label.trim() {
            "" => guid.clone(),
            n => n.chars().filter(|c| !c.is_control()).collect(),
        };
        let mut name = base.clone();
        let mut n = 1;
        while doc_names.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        doc_names.insert(name.clone());
        let mut attributes = BTreeMap::new();
        for vv in src.all("VariableValue") {
            if let Some((k, v)) = p.variable_value(vv) {
                attributes.insert(k, v);
            }
        }
        p.summary.documents += 1;
        out.push(Command::ImportDocument(Box::new(NewDocument {
            name: name.clone(),
            kind: DocKind::Interview,
            sha256: sha256_hex(raw.as_bytes()),
            text,
            source_path: format!(
                "{source_path}#{}",
                src.attr("plainTextPath").unwrap_or("PlainTextContent")
            ),
            format: "qdpx".into(),
            attributes,
            cases: cases_of.remove(&guid).unwrap_or_default(),
        })));
        let texts = p.note_texts(src);
        p.add_memo(NamedTarget::Document(name.clone()), texts);
        let len = map.len() - 1;
        // Whole-source codings, then selections.
        let whole = (src, 0i64, len as i64);
        let selections = src.all("PlainTextSelection").map(|s| {
            let pos = |a| {
                s.attr(a)
                    .and_then(|v| v.trim().parse::<i64>().ok())
                    .unwrap_or(-1)
            };
            (s, pos("startPosition"), pos("endPosition"))
        });
        for (sel, start, end) in std::iter::once(whole).chain(selections) {
            let what = format!("selection [{start}, {end}) of \"{name}\"");
            let sel_codings: Vec<&Element> = sel.all("Coding").collect();
            if sel_codings.is_empty() {
                continue;
            }
            if start < 0 || end < start || end as usize > len {
                p.skip(
                    what,
                    format!("outside the text ({len} characters); its codings are skipped"),
                );
                continue;
            }
            let (s, e) = (map[start as usize], map[end as usize]);
            if s == e {
                p.skip(what, "empty selection");
                continue;
            }
            // A source's own notes are its document memo, not the memo of its codings.
            let sel_notes = if std::ptr::eq(sel, src) {
                Vec::new()
            } else {
                p.note_texts(sel)
            };
            for c in sel_codings {
                let Some(path) = c
                    .first("CodeRef")
                    .and_then(|r| r.attr("targetGUID"))
                    .and_then(|g| p.code_paths.get(&key(g)))
                    .cloned()
                else {
                    p.skip(
                        what.clone(),
                        "a coding refers to a code that is not in the codebook",
                    );
                    continue;
                };
                let coder = p
                    .user(c)
                    .or_else(|| p.user(sel))
                    .unwrap_or_else(|| p.fallback.clone());
                let mut memo = sel_notes.clone();
                memo.extend(p.note_texts(c));
                if seen_codings.insert((name.clone(), s, e, path.clone(), coder.clone())) {
                    p.summary.codings += 1;
                    p.summary.memos += usize::from(!memo.is_empty());
                    codings.push(Command::ApplyCodingByName {
                        doc: name.clone(),
                        start: s,
                        end: e,
                        code_path: path,
                        coder,
                        memo: memo.join("\n\n"),
                    });
                }
            }
        }
    }
    out.extend(case_attrs);
    out.extend(codings);
    // Project notes, then notes attached to nothing, go to the project memo.
    let mut project_notes = p.note_texts(root);
    for g in &note_order {
        if !p.used_notes.contains(g)
            && let Some((name, text)) = p.notes.get(g)
            && !text.trim().is_empty()
        {
            project_notes.push(if name.trim().is_empty() {
                text.clone()
            } else {
                format!("{name}\n{text}")
            });
        }
    }
    p.add_memo(NamedTarget::Project, project_notes);
    let memos = std::mem::take(&mut p.memos);
    for (_, (target, texts)) in memos {
        let before = match &target {
            NamedTarget::Project => Some(existing.project_memo.clone()),
            NamedTarget::Code(path) => existing.code_memos.get(path).cloned(),
            _ => None,
        };
        let mut all: Vec<String> = before.into_iter().filter(|t| !t.is_empty()).collect();
        all.extend(texts);
        p.summary.memos += 1;
        out.push(Command::SetMemoByName {
            target,
            text: all.join("\n\n"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_maps_positions_across_crlf_and_bom() {
        let (t, map) = normalise("\u{feff}a\r\nb\rc𠀀");
        assert_eq!(t, "a\nb\nc𠀀");
        // original: BOM a \r \n b \r c 𠀀 → 8 chars
        assert_eq!(map, vec![0, 0, 1, 2, 2, 3, 4, 5, 6]);
    }

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
