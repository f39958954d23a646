//! `.docx` (Office Open XML) text extraction from `word/document.xml`.

use super::layout::{Block, Layout};
use super::xml::{self, XmlEvent};
use super::{ExtractOptions, FormatError};

/// WordprocessingML namespace (transitional and strict).
const W_NS: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Office Math (OMML) namespace: equation text lives in `m:t`.
const MATH_NS: &[u8] = b"http://schemas.openxmlformats.org/officeDocument/2006/math";
/// Markup-compatibility namespace (`mc:AlternateContent`).
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

const DOCUMENT: &str = "word/document.xml";
const FOOTNOTES: &str = "word/footnotes.xml";

/// Extracts the body text (and optionally footnotes) of a docx file.
pub(super) fn extract(bytes: &[u8], opts: &ExtractOptions) -> Result<String, FormatError> {
    let mut zip = xml::open_zip(bytes, ".docx")?;
    let document = xml::read_member(&mut zip, DOCUMENT)?.ok_or_else(|| {
        FormatError::CorruptArchive(format!("{DOCUMENT} is missing (not a Word document?)"))
    })?;
    let mut text = parse(&xml::xml_to_string(document, DOCUMENT)?, DOCUMENT)?.join("\n");
    if opts.docx_footnotes
        && let Some(footnotes) = xml::read_member(&mut zip, FOOTNOTES)?
    {
        let notes = parse(&xml::xml_to_string(footnotes, FOOTNOTES)?, FOOTNOTES)?;
        if !notes.is_empty() {
            text.push('\n');
            text.push_str(&notes.join("\n"));
        }
    }
    Ok(text)
}

/// Elements the extractor cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `w:p`, `w:tbl`, `w:tr`, `w:tc`.
    Block(Block),
    /// `w:r`: a run; tabs and breaks only count inside runs.
    Run,
    /// `w:t` (and OMML `m:t`): literal text.
    Text,
    /// `w:tab`, `w:ptab`.
    Tab,
    /// `w:br` (type attribute decides), `w:cr`.
    Break,
    /// `w:noBreakHyphen`.
    Hyphen,
    /// `w:footnote`: one footnote in `footnotes.xml`.
    Footnote,
    /// Subtrees whose text is not part of the document: deletions, moved-away
    /// text, field instructions, `mc:Fallback` duplicates.
    Skip,
    /// Anything else.
    Other,
}

fn classify(ns: &[u8], local: &[u8]) -> Tag {
    if ns == MC_NS {
        return if local == b"Fallback" {
            Tag::Skip
        } else {
            Tag::Other
        };
    }
    if ns == MATH_NS {
        // Linearized equation text, e.g. "x2+1" for x²+1.
        return if local == b"t" { Tag::Text } else { Tag::Other };
    }
    if !W_NS.contains(&ns) {
        return Tag::Other;
    }
    match local {
        b"p" => Tag::Block(Block::Para),
        b"tbl" => Tag::Block(Block::Table),
        b"tr" => Tag::Block(Block::Row),
        b"tc" => Tag::Block(Block::Cell),
        b"r" => Tag::Run,
        b"t" => Tag::Text,
        b"tab" | b"ptab" => Tag::Tab,
        b"br" | b"cr" => Tag::Break,
        b"noBreakHyphen" => Tag::Hyphen,
        b"footnote" => Tag::Footnote,
        b"del" | b"delText" | b"moveFrom" | b"instrText" | b"delInstrText" => Tag::Skip,
        _ => Tag::Other,
    }
}

/// Streaming state for one XML part.
#[derive(Default)]
struct Walker {
    layout: Layout,
    /// Depth inside a skipped subtree (0 = not skipping).
    skip: usize,
    /// Depth of open `w:r` elements.
    runs: usize,
    /// Depth of open `w:t` elements.
    texts: usize,
    /// Finished footnotes (footnotes.xml only).
    notes: Vec<String>,
    /// The body layout, parked while a footnote is being collected.
    parked: Option<Layout>,
}

impl Walker {
    fn start(&mut self, tag: Tag, start: &quick_xml::events::BytesStart<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        match tag {
            Tag::Block(block) => self.layout.open(block),
            Tag::Run => self.runs += 1,
            Tag::Text => self.texts += 1,
            Tag::Tab if self.runs > 0 => self.layout.push('\t'),
            Tag::Break if self.runs > 0 => {
                // Page and column breaks are layout, not text.
                let kind = xml::attr(start, b"type");
                if !matches!(kind.as_deref(), Some("page" | "column")) {
                    self.layout.push('\n');
                }
            }
            Tag::Hyphen if self.runs > 0 => self.layout.push('-'),
            Tag::Footnote => {
                let kind = xml::attr(start, b"type");
                if matches!(kind.as_deref(), None | Some("normal")) {
                    self.parked = Some(std::mem::take(&mut self.layout));
                } else {
                    // separator, continuationSeparator, continuationNotice
                    self.skip = 1;
                }
            }
            Tag::Skip => self.skip = 1,
            Tag::Tab | Tag::Break | Tag::Hyphen | Tag::Other => {}
        }
    }

    fn end(&mut self, tag: Tag) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match tag {
            Tag::Block(block) => self.layout.close(block),
            Tag::Run => self.runs = self.runs.saturating_sub(1),
            Tag::Text => self.texts = self.texts.saturating_sub(1),
            Tag::Footnote => {
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

    fn text(&mut self, s: &str) {
        if self.skip == 0 && self.texts > 0 {
            self.layout.push_str(s);
        }
    }
}

/// Parses `document.xml` or `footnotes.xml` into lines.
fn parse(xml_text: &str, part: &str) -> Result<Vec<String>, FormatError> {
    let mut walker = Walker::default();
    xml::walk(xml_text, part, classify, |event| match event {
        XmlEvent::Start(tag, start) => walker.start(tag, start),
        XmlEvent::End(tag) => walker.end(tag),
        XmlEvent::Text(s) => walker.text(s),
    })?;
    if walker.notes.is_empty() {
        Ok(walker.layout.into_lines())
    } else {
        Ok(walker.notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{inner}</w:body></w:document>"#
        )
    }

    fn lines(inner: &str) -> String {
        parse(&body(inner), DOCUMENT).expect("parse").join("\n")
    }

    #[test]
    fn runs_spaces_and_entities() {
        let xml = r#"<w:p><w:r><w:t xml:space="preserve">A &amp; B </w:t></w:r><w:r><w:t>&lt;c&gt; &#x4E2D;&#25991;</w:t></w:r></w:p>"#;
        assert_eq!(lines(xml), "A & B <c> 中文");
    }

    #[test]
    fn tabs_breaks_and_tab_stops() {
        let xml = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
            <w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:br w:type="page"/>
            <w:sym w:font="Wingdings" w:char="F04A"/><w:noBreakHyphen/><w:t>d</w:t></w:r></w:p>"#;
        assert_eq!(lines(xml), "a\tb\nc-d");
    }

    #[test]
    fn tracked_changes_and_fields() {
        let xml = r#"<w:p><w:r><w:t>keep </w:t></w:r>
            <w:del w:id="1" w:author="x"><w:r><w:delText>gone </w:delText></w:r></w:del>
            <w:ins w:id="2" w:author="x"><w:r><w:t>added</w:t></w:r></w:ins>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
        assert_eq!(lines(xml), "keep added7");
    }

    #[test]
    fn alternate_content_is_not_duplicated() {
        let xml = r#"<w:p><w:r><w:t>Body</w:t></w:r><w:r><mc:AlternateContent>
            <mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
            <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>
            </mc:AlternateContent></w:r></w:p><w:p/><w:p><w:r><w:t>Next</w:t></w:r></w:p>"#;
        assert_eq!(lines(xml), "Body\nBox\n\nNext");
    }

    #[test]
    fn omml_equation_text() {
        let xml = r#"<w:p xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><w:r><w:t xml:space="preserve">Area: </w:t></w:r>
            <m:oMath><m:r><m:t>S=</m:t></m:r><m:sSup><m:e><m:r><m:t>r</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath></w:p>"#;
        assert_eq!(lines(xml), "Area: S=r2");
    }

    #[test]
    fn strict_namespace_and_other_prefix() {
        let xml = r#"<x:document xmlns:x="http://purl.oclc.org/ooxml/wordprocessingml/main"><x:body>
            <x:p><x:r><x:t>strict</x:t></x:r></x:p></x:body></x:document>"#;
        assert_eq!(parse(xml, DOCUMENT).expect("parse"), ["strict"]);
    }

    #[test]
    fn footnotes_skip_separators() {
        let xml = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
            <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>x</w:t></w:r></w:p></w:footnote>
            <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> First note.</w:t></w:r></w:p></w:footnote>
            <w:footnote w:id="2"><w:p><w:r><w:t>Second</w:t></w:r></w:p><w:p><w:r><w:t>two paras</w:t></w:r></w:p></w:footnote>
            </w:footnotes>"#;
        assert_eq!(
            parse(xml, FOOTNOTES).expect("parse"),
            ["First note.", "Second\ntwo paras"]
        );
    }

    #[test]
    fn malformed_xml_is_corrupt() {
        let err = parse(&body("<w:p><w:r></w:p>"), DOCUMENT).expect_err("bad xml");
        assert!(matches!(err, FormatError::CorruptArchive(ref m) if m.contains(DOCUMENT)));
    }
}
