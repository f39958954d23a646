//! What qcw has no place for yet, reported one line each so that nothing is dropped silently:
//! picture, audio and video sources with their selections and codings, PDF region selections
//! (a PDF's plain-text representation is imported as its document), sets (document and code
//! groups), links and graphs.

use super::import::Archive;
use super::plan::Planner;
use super::xml::Element;
use crate::command::{ByName, Command};

/// Selections directly under `el` (any `…Selection` element) and their codings.
fn selections_and_codings(el: &Element) -> (usize, usize) {
    el.children
        .iter()
        .filter(|c| c.name.ends_with("Selection"))
        .fold((0, 0), |(s, c), sel| (s + 1, c + sel.all("Coding").count()))
}

/// `n thing(s)`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

impl Planner<'_> {
    /// A `PDFSource`: its plain-text `Representation` becomes the document (with its
    /// `PlainTextSelection`s); its region selections are reported.
    pub(super) fn pdf_source(&mut self, src: &Element, archive: &mut Archive) {
        let label = src.attr("name").unwrap_or_default();
        let (sels, codings) = selections_and_codings(src);
        let representation = src.first("Representation");
        if sels > 0 {
            self.skip(
                format!("PDFSource \"{label}\""),
                format!(
                    "{} with {} on PDF regions not imported (qcw codes text only{})",
                    count(sels, "region selection"),
                    count(codings, "coding"),
                    if representation.is_some() {
                        "; the codings of its plain-text representation are imported"
                    } else {
                        ""
                    }
                ),
            );
        }
        match representation {
            Some(rep) => self.text_source(src, rep, archive),
            None => self.skip(
                format!("PDFSource \"{label}\""),
                "no plain-text representation: qcw imports text only",
            ),
        }
    }

    /// A picture, audio or video source (or anything else that is not text): one line with
    /// what it holds.
    pub(super) fn media_source(&mut self, src: &Element) {
        let label = src.attr("name").unwrap_or_default();
        let (mut sels, mut codings) = selections_and_codings(src);
        codings += src.all("Coding").count();
        let transcripts: Vec<&Element> = src.all("Transcript").collect();
        for t in &transcripts {
            let (s, c) = selections_and_codings(t);
            sels += s;
            codings += c;
        }
        let mut held = vec![count(sels, "selection"), count(codings, "coding")];
        if !transcripts.is_empty() {
            held.push(count(transcripts.len(), "transcript"));
        }
        let kind = match src.name.as_str() {
            "PictureSource" => "pictures",
            "AudioSource" => "audio",
            "VideoSource" => "video",
            _ => "this kind of source",
        };
        self.skip(
            format!("{} \"{label}\"", src.name),
            format!(
                "qcw imports text only; {kind} not imported: {}",
                held.join(", ")
            ),
        );
    }

    /// `Sets`: each set's sources become a document group of its name (created when missing);
    /// its codes and notes, and members that are not imported documents, are reported. `Links`
    /// and `Graphs`: reported with what they hold.
    pub(super) fn sets_links_graphs(&mut self, root: &Element) {
        for set in root.first("Sets").iter().flat_map(|s| s.all("Set")) {
            let label = set.attr("name").unwrap_or_default();
            let mut docs: Vec<String> = Vec::new();
            let mut missing = 0;
            for m in set.all("MemberSource") {
                match self
                    .source_docs
                    .get(&super::plan::key(m.attr("targetGUID").unwrap_or_default()))
                {
                    Some(name) if !docs.contains(name) => docs.push(name.clone()),
                    Some(_) => {}
                    None => missing += 1,
                }
            }
            if label.trim().is_empty() {
                missing += docs.len();
            } else if !docs.is_empty() {
                self.out.push(Command::ByName(Box::new(ByName::AddToGroup {
                    group: label.trim().to_owned(),
                    docs,
                })));
            }
            let left = [
                count(missing, "document"),
                count(set.all("MemberCode").count(), "code"),
                count(set.all("MemberNote").count(), "note"),
            ];
            let left: Vec<&String> = left.iter().filter(|s| !s.starts_with("0 ")).collect();
            if !left.is_empty() {
                self.skip(
                    format!("Set \"{label}\""),
                    format!(
                        "{}: qcw groups imported documents only; not imported",
                        left.iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
        for link in root.first("Links").iter().flat_map(|l| l.all("Link")) {
            let label = link.attr("name").unwrap_or_default();
            self.skip(
                format!("Link \"{label}\""),
                format!(
                    "from {} to {} ({}): qcw has no links; not imported",
                    link.attr("originGUID").unwrap_or("?"),
                    link.attr("targetGUID").unwrap_or("?"),
                    link.attr("direction").unwrap_or("no direction")
                ),
            );
        }
        for graph in root.first("Graphs").iter().flat_map(|g| g.all("Graph")) {
            let label = graph.attr("name").unwrap_or_default();
            self.skip(
                format!("Graph \"{label}\""),
                format!(
                    "{} vertices and {}: qcw has no graphs; not imported",
                    graph.all("Vertex").count(),
                    count(graph.all("Edge").count(), "edge")
                ),
            );
        }
    }
}
