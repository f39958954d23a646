//! The `Sources` of a project: text sources become documents with their codings (positions
//! converted by the source's vendor rule, see [`super::positions`]).

use super::import::Archive;
use super::matching::DocMatch;
use super::plan::{Planner, key, source_text};
use super::positions::{self, Resolved, Selection, SourcePositions};
use super::xml::Element;
use crate::command::{Command, NamedTarget, NewDocument};
use crate::import::formats::normalize;
use crate::model::{DocKind, DocSummary};
use crate::text::sha256_hex;
use std::collections::BTreeMap;

/// A selection's vendor position (`-1` when missing or not a number).
fn position(sel: &Element, attr: &str) -> i64 {
    sel.attr(attr)
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(-1)
}

impl Planner<'_> {
    /// Every source of `Sources`.
    pub(super) fn sources(&mut self, root: &Element, archive: &mut Archive) {
        for src in root.first("Sources").iter().flat_map(|s| s.children.iter()) {
            if self.exceeded.is_some() {
                return;
            }
            match src.name.as_str() {
                "TextSource" => self.text_source(src, src, archive),
                "PDFSource" => self.pdf_source(src, archive),
                _ => self.media_source(src),
            }
        }
    }

    /// A text source: `src` carries the GUID, name, cases, variables and notes; `text_el`
    /// the text (`plainTextPath` or `PlainTextContent`) and the `PlainTextSelection`s.
    pub(super) fn text_source(&mut self, src: &Element, text_el: &Element, archive: &mut Archive) {
        let label = src.attr("name").unwrap_or_default().to_owned();
        let what = format!("{} \"{label}\"", src.name);
        let guid = key(src.attr("guid").unwrap_or_default());
        let raw = match source_text(text_el, archive, &mut self.budget) {
            Ok(t) => t,
            Err(f) => {
                self.failed(what, f);
                return;
            }
        };
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
        let text = normalize(raw);
        if text.trim().is_empty() {
            self.skip(what, "the text is empty");
            return;
        }
        if text.len() > crate::import::MAX_TEXT_BYTES {
            self.skip(what, "the text is larger than 50 MB");
            return;
        }
        let name = match self.existing.document_for(&guid, &text, &self.taken_docs) {
            Ok(Some((doc, by))) => {
                let doc = doc.clone();
                self.summary.documents_matched.push(DocMatch {
                    source: label,
                    document: doc.name.clone(),
                    by,
                });
                self.update_document(src, &guid, &doc);
                doc.name
            }
            Ok(None) => self.new_document(src, text_el, &guid, &label, raw, &text),
            Err(reason) => {
                self.skip(what, reason);
                self.new_document(src, text_el, &guid, &label, raw, &text)
            }
        };
        self.source_docs.insert(guid.clone(), name.clone());
        let texts = self.memo_texts(src);
        self.add_memo(NamedTarget::Document(name.clone()), texts);
        // Whole-source codings, then selections.
        self.codings_of(&name, src, (0, text.chars().count()), Vec::new());
        self.selections(&name, text_el, raw, &text);
    }

    /// Plans a new document for source `src` (GUID `guid`, name `label`) with source text `raw`
    /// and normalised text `text`; returns its (unique) name.
    fn new_document(
        &mut self,
        src: &Element,
        text_el: &Element,
        guid: &str,
        label: &str,
        raw: &str,
        text: &str,
    ) -> String {
        let base = match label.trim() {
            "" => guid.to_owned(),
            n => n.chars().filter(|c| !c.is_control()).collect(),
        };
        let mut name = base.clone();
        let mut n = 1;
        while self.doc_names.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        self.doc_names.insert(name.clone());
        let mut attributes = BTreeMap::new();
        for vv in src.all("VariableValue") {
            if let Some((k, v)) = self.variable_value(vv) {
                attributes.insert(k, v);
            }
        }
        self.summary.documents += 1;
        self.out.push(Command::ImportDocument(Box::new(NewDocument {
            name: name.clone(),
            kind: DocKind::Interview,
            sha256: sha256_hex(raw.as_bytes()),
            text: text.to_owned(),
            source_path: format!(
                "{}#{}",
                self.source_path,
                text_el.attr("plainTextPath").unwrap_or("PlainTextContent")
            ),
            format: "qdpx".into(),
            attributes,
            cases: self.cases_of.remove(guid).unwrap_or_default(),
        })));
        name
    }

    /// Brings the existing document `doc` that source `src` matched up to date: attribute
    /// values and whole-document case links the file has and the project does not.
    fn update_document(&mut self, src: &Element, guid: &str, doc: &DocSummary) {
        self.taken_docs.insert(doc.id);
        for vv in src.all("VariableValue") {
            if let Some((k, v)) = self.variable_value(vv)
                && doc.attributes.get(&k) != Some(&v)
            {
                self.out.push(Command::SetDocAttribute {
                    doc_id: doc.id,
                    key: k,
                    value: Some(v),
                });
            }
        }
        for case in self.cases_of.remove(guid).unwrap_or_default() {
            if !doc.cases.contains(&case) {
                self.out.push(Command::LinkCase {
                    case,
                    doc_id: doc.id,
                    range: None,
                });
            }
        }
    }

    /// The `PlainTextSelection`s of `text_el`, imported as codings of document `doc` whose
    /// source text is `raw` (without BOM) and normalised text `norm`.
    fn selections(&mut self, doc: &str, text_el: &Element, raw: &str, norm: &str) {
        let sels: Vec<&Element> = text_el.all("PlainTextSelection").collect();
        if let Err(f) = self
            .budget
            .take_selections(sels.len(), &format!("\"{doc}\""))
        {
            self.failed(String::new(), f);
            return;
        }
        let found: Vec<Selection<'_>> = sels
            .iter()
            .map(|s| Selection {
                start: position(s, "startPosition"),
                end: position(s, "endPosition"),
                name: s.attr("name").unwrap_or_default(),
            })
            .collect();
        let (rule, decided, why) = positions::choose(&self.origin, raw, norm, &found);
        self.summary.positions.push(SourcePositions {
            document: doc.to_owned(),
            rule,
            decided,
            why,
        });
        let wanted: Vec<i64> = found.iter().flat_map(|s| [s.start, s.end]).collect();
        let resolved = positions::resolve(raw, rule, &wanted);
        for ((sel, f), pair) in sels.iter().zip(&found).zip(resolved.chunks(2)) {
            let what = format!("selection [{}, {}) of \"{doc}\"", f.start, f.end);
            if sel.all("Coding").next().is_none() {
                if sel.first("Description").is_some() || sel.first("NoteRef").is_some() {
                    self.skip(
                        what,
                        "no coding (an annotation): a description is not imported, notes go to the project memo",
                    );
                }
                continue;
            }
            match (pair[0], pair[1]) {
                (a, b) if a.pos().is_some() && a.pos() == b.pos() => {
                    self.skip(what, "empty selection");
                }
                (a, b) => match (a.pos(), b.pos()) {
                    (Some(s), Some(e)) if s < e => {
                        let notes = self.memo_texts(sel);
                        self.codings_of(doc, sel, (s, e), notes);
                    }
                    _ => {
                        let inside =
                            matches!(a, Resolved::InsideChar) || matches!(b, Resolved::InsideChar);
                        let reason = if inside {
                            format!(
                                "an end falls inside a character under the {rule} rule; its codings are skipped"
                            )
                        } else {
                            format!(
                                "outside the text ({} characters, {rule} rule); its codings are skipped",
                                norm.chars().count()
                            )
                        };
                        self.skip(what, reason);
                    }
                },
            }
        }
    }

    /// The `Coding`s directly under `sel`, on `[start, end)` of document `doc` (normalised code
    /// points), each with the selection's notes `sel_notes` and its own as memo.
    fn codings_of(
        &mut self,
        doc: &str,
        sel: &Element,
        (start, end): (usize, usize),
        sel_notes: Vec<String>,
    ) {
        for c in sel.all("Coding") {
            let Some(path) = c
                .first("CodeRef")
                .and_then(|r| r.attr("targetGUID"))
                .and_then(|g| self.code_paths.get(&key(g)))
                .cloned()
            else {
                self.skip(
                    format!("selection [{start}, {end}) of \"{doc}\""),
                    "a coding refers to a code that is not in the codebook",
                );
                continue;
            };
            let coder = self
                .user(c)
                .or_else(|| self.user(sel))
                .unwrap_or_else(|| self.fallback.clone());
            let mut memo = sel_notes.clone();
            for t in self.note_texts(c) {
                if !memo.iter().any(|m| m.trim() == t.trim()) {
                    memo.push(t);
                }
            }
            let k = (doc.to_owned(), start, end, path.clone(), coder.clone());
            let memo = memo.join("\n\n");
            if let Some(before) = self.existing.codings.get(&k)
                && (memo.is_empty() || *before == memo)
            {
                self.summary.codings_existing += 1;
                continue;
            }
            if self.seen_codings.insert(k) {
                self.summary.codings += 1;
                self.summary.memos += usize::from(!memo.is_empty());
                self.codings.push(Command::ApplyCodingByName {
                    doc: doc.to_owned(),
                    start,
                    end,
                    code_path: path,
                    coder,
                    memo,
                });
            }
        }
    }
}
