//! `.odt` (OpenDocument text) extraction from `content.xml`.

use super::layout::{Block, Layout};
use super::xml::{self, XmlEvent};
use super::{ExtractOptions, FormatError};

const TEXT_NS: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE_NS: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const OFFICE_NS: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0";

const CONTENT: &str = "content.xml";
const MANIFEST: &str = "META-INF/manifest.xml";

/// Upper bound for a single `text:s` run, against absurd `text:c` values.
const MAX_SPACES: usize = 1024;

/// Extracts the text of an odt file.
pub(super) fn extract(bytes: &[u8], opts: &ExtractOptions) -> Result<String, FormatError> {
    let mut zip = xml::open_zip(bytes, ".odt")?;
    // Encrypted ODF keeps a readable manifest but ciphered content.xml.
    if let Some(manifest) = xml::read_member(&mut zip, MANIFEST)?
        && contains(&manifest, b"encryption-data")
    {
        return Err(FormatError::Encrypted);
    }
    let content = xml::read_member(&mut zip, CONTENT)?.ok_or_else(|| {
        FormatError::CorruptArchive(format!("{CONTENT} is missing (not an OpenDocument file?)"))
    })?;
    let content = xml::xml_to_string(content, CONTENT)?;
    let mut walker = Walker {
        footnotes: opts.docx_footnotes,
        ..Walker::default()
    };
    xml::walk(&content, CONTENT, classify, |event| match event {
        XmlEvent::Start(tag, start) => walker.start(tag, start),
        XmlEvent::End(tag) => walker.end(tag),
        XmlEvent::Text(s) => walker.text(s),
    })?;
    let mut lines = walker.layout.into_lines();
    if !walker.notes.is_empty() {
        lines.extend(walker.notes);
    }
    Ok(lines.join("\n"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `text:p`, `text:h`, `table:table`, `table:table-row`, cells.
    Block(Block),
    /// Other `text:` elements (spans, links, fields): their character data
    /// is document text.
    Inline,
    /// `text:s`: `text:c` spaces.
    Space,
    /// `text:tab`.
    Tab,
    /// `text:line-break`.
    LineBreak,
    /// `text:note`: footnote/endnote, body collected only if enabled.
    Note,
    /// `text:note-body`.
    NoteBody,
    /// Never text: annotations, tracked deletions, note citations, ruby
    /// annotations.
    Skip,
    /// Elements of other namespaces (draw, svg, ...): their own character
    /// data is ignored, nested paragraphs are not.
    Other,
}

fn classify(ns: &[u8], local: &[u8]) -> Tag {
    if ns == TEXT_NS {
        match local {
            b"p" | b"h" => Tag::Block(Block::Para),
            b"s" => Tag::Space,
            b"tab" => Tag::Tab,
            b"line-break" => Tag::LineBreak,
            b"note" => Tag::Note,
            b"note-body" => Tag::NoteBody,
            b"note-citation" | b"tracked-changes" | b"ruby-text" => Tag::Skip,
            _ => Tag::Inline,
        }
    } else if ns == TABLE_NS {
        match local {
            b"table" => Tag::Block(Block::Table),
            b"table-row" => Tag::Block(Block::Row),
            b"table-cell" | b"covered-table-cell" => Tag::Block(Block::Cell),
            _ => Tag::Other,
        }
    } else if ns == OFFICE_NS && matches!(local, b"annotation" | b"annotation-end") {
        Tag::Skip
    } else {
        Tag::Other
    }
}

#[derive(Default)]
struct Walker {
    layout: Layout,
    /// Collect note bodies (`ExtractOptions::docx_footnotes`).
    footnotes: bool,
    /// Depth inside a skipped subtree (0 = not skipping).
    skip: usize,
    /// Tags of the open elements, innermost last.
    open: Vec<Tag>,
    /// Finished note texts.
    notes: Vec<String>,
    /// The body layout, parked while a note body is being collected.
    parked: Option<Layout>,
}

impl Walker {
    fn start(&mut self, tag: Tag, start: &quick_xml::events::BytesStart<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        self.open.push(tag);
        match tag {
            Tag::Block(block) => self.layout.open(block),
            Tag::Space => {
                let count = xml::attr(start, b"c")
                    .and_then(|c| c.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(MAX_SPACES);
                self.layout.push_str(&" ".repeat(count));
            }
            Tag::Tab => self.layout.push('\t'),
            Tag::LineBreak => self.layout.push('\n'),
            Tag::Note if !self.footnotes => self.skip_current(),
            Tag::NoteBody => self.parked = Some(std::mem::take(&mut self.layout)),
            Tag::Skip => self.skip_current(),
            Tag::Note | Tag::Inline | Tag::Other => {}
        }
    }

    /// Turns the element just opened into a skipped subtree.
    fn skip_current(&mut self) {
        self.open.pop();
        self.skip = 1;
    }

    fn end(&mut self, tag: Tag) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        self.open.pop();
        match tag {
            Tag::Block(block) => self.layout.close(block),
            Tag::NoteBody => {
                if let Some(body) = self.parked.take() {
                    let note = std::mem::replace(&mut self.layout, body).into_lines();
                    let note = note.join("\n");
                    let note = note.trim();
                    if !note.is_empty() {
                        self.notes.push(note.to_owned());
                    }
                }
            }
            _ => {}
        }
    }

    /// Character data, with ODF white-space collapsing: tab/CR/LF/space
    /// become one space, dropped at paragraph start or after white space.
    fn text(&mut self, s: &str) {
        let in_text = matches!(
            self.open.last(),
            Some(Tag::Block(Block::Para) | Tag::Inline)
        );
        if self.skip > 0 || !in_text {
            return;
        }
        let Some(current) = self.layout.para_text() else {
            return;
        };
        let mut prev_ws = current.chars().next_back().is_none_or(char::is_whitespace);
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !prev_ws {
                    out.push(' ');
                }
                prev_ws = true;
            } else {
                out.push(c);
                prev_ws = false;
            }
        }
        self.layout.push_str(&out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(body: &str) -> String {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        let mut walker = Walker::default();
        xml::walk(&content, CONTENT, classify, |event| match event {
            XmlEvent::Start(tag, start) => walker.start(tag, start),
            XmlEvent::End(tag) => walker.end(tag),
            XmlEvent::Text(s) => walker.text(s),
        })
        .expect("parse");
        walker.layout.into_lines().join("\n")
    }

    #[test]
    fn whitespace_rules() {
        let body = "<text:p>  a\n   b<text:s text:c=\"3\"/>c<text:tab/>d<text:line-break/>e &amp; <text:span>f</text:span></text:p>";
        assert_eq!(lines(body), "a b   c\td\ne & f");
    }

    #[test]
    fn annotations_citations_and_changes_skipped() {
        let body = r#"<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
            <text:p>deleted</text:p></text:deletion></text:changed-region></text:tracked-changes>
            <text:p>A<office:annotation><dc:creator>me</dc:creator><text:p>comment</text:p></office:annotation>B<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>note</text:p></text:note-body></text:note>C</text:p>"#;
        assert_eq!(lines(body), "ABC");
    }

    #[test]
    fn frames_lists_and_alt_text() {
        let body = r#"<text:list><text:list-item><text:p>item 1</text:p></text:list-item>
            <text:list-item><text:p>item 2</text:p></text:list-item></text:list>
            <text:h text:outline-level="1">Title<draw:frame><svg:title>alt</svg:title>
            <draw:text-box><text:p>boxed</text:p></draw:text-box></draw:frame></text:h>"#;
        assert_eq!(lines(body), "item 1\nitem 2\nTitle\nboxed");
    }

    #[test]
    fn table_rows() {
        let body = r#"<table:table><table:table-column/><table:table-row>
            <table:table-cell><text:p>甲</text:p></table:table-cell>
            <table:covered-table-cell/>
            <table:table-cell><text:p>乙</text:p><text:p>丙</text:p></table:table-cell>
            </table:table-row></table:table>"#;
        assert_eq!(lines(body), "甲\t\t乙 丙");
    }
}
