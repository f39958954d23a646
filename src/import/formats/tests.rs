//! API-level unit tests (no fixture files needed).

use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;

use super::*;

fn opts() -> ExtractOptions {
    ExtractOptions::default()
}

/// Builds an in-memory zip with stored members.
fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in members {
        writer.start_file(*name, options).expect("start member");
        writer.write_all(data.as_bytes()).expect("write member");
    }
    writer.finish().expect("finish zip").into_inner()
}

#[test]
fn normalize_line_endings_and_bom() {
    assert_eq!(normalize("\u{feff}a\r\nb\rc\n\r\nd"), "a\nb\nc\n\nd");
    assert_eq!(normalize("a\r\r\nb"), "a\n\nb");
    // Only one leading BOM is dropped; inner U+FEFF and other text stay.
    assert_eq!(
        normalize("\u{feff}\u{feff}x\u{feff} \t"),
        "\u{feff}x\u{feff} \t"
    );
    assert_eq!(normalize("plain"), "plain");
}

#[test]
fn format_from_path() {
    let cases = [
        ("a.txt", Some(Format::Txt)),
        ("dir.d/B.TXT", Some(Format::Txt)),
        ("notes.md", Some(Format::Markdown)),
        ("notes.Markdown", Some(Format::Markdown)),
        ("访谈.docx", Some(Format::Docx)),
        ("x.ODT", Some(Format::Odt)),
        ("scan.pdf", Some(Format::Pdf)),
        ("old.doc", None),
        ("noext", None),
        (".docx", None),
    ];
    for (path, want) in cases {
        assert_eq!(Format::from_path(Path::new(path)), want, "{path}");
    }
}

#[test]
fn format_names() {
    let names: Vec<_> = [
        Format::Txt,
        Format::Markdown,
        Format::Docx,
        Format::Odt,
        Format::Pdf,
    ]
    .into_iter()
    .map(Format::name)
    .collect();
    assert_eq!(names, ["txt", "md", "docx", "odt", "pdf"]);
}

#[test]
fn error_messages() {
    assert_eq!(
        FormatError::Empty.to_string(),
        "file is empty / contains no text"
    );
    assert_eq!(
        FormatError::Binary.to_string(),
        "not a text file (binary data)"
    );
    assert_eq!(
        FormatError::NoTextLayer.to_string(),
        "PDF has no text layer (scanned image?); run OCR first"
    );
    assert!(
        FormatError::CorruptArchive("word/document.xml is missing".into())
            .to_string()
            .contains("word/document.xml is missing")
    );
}

#[test]
fn markdown_is_imported_as_plain_text() {
    let got = extract(
        Format::Markdown,
        b"<!-- note -->\r\n# Title\r\n\r\n*emph* text\r\n",
        &opts(),
    )
    .expect("markdown");
    assert_eq!(got.text, "Title\n\nemph text\n");
    assert_eq!(got.format, Format::Markdown);
    assert_eq!(got.encoding, Some("UTF-8"));
}

#[test]
fn gb18030_four_byte_sequences() {
    let source = "扩展汉字𠀀出现在访谈记录中，受访者提到应急管理和数据共享机制的问题。";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(source);
    assert!(!unmappable);
    let got = extract(Format::Txt, &bytes, &opts()).expect("gb18030");
    assert_eq!(got.text, source);
    assert_eq!(got.encoding, Some("GBK"));
}

#[test]
fn docx_without_document_xml() {
    let bytes = zip_of(&[("xl/workbook.xml", "<workbook/>")]);
    let err = extract(Format::Docx, &bytes, &opts()).expect_err("not a docx");
    match err {
        FormatError::CorruptArchive(msg) => assert!(msg.contains("word/document.xml"), "{msg}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn docx_with_bad_xml() {
    let bytes = zip_of(&[("word/document.xml", "<w:document><w:body>")]);
    let err = extract(Format::Docx, &bytes, &opts()).expect_err("bad xml");
    assert!(matches!(err, FormatError::CorruptArchive(_)), "{err:?}");
}

#[test]
fn docx_without_text_is_empty() {
    let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/><w:p/></w:body></w:document>"#;
    let bytes = zip_of(&[("word/document.xml", xml)]);
    let err = extract(Format::Docx, &bytes, &opts()).expect_err("empty");
    assert!(matches!(err, FormatError::Empty), "{err:?}");
}

#[test]
fn legacy_doc_and_encrypted_ooxml() {
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.extend_from_slice(&[0; 64]);
    let err = extract(Format::Docx, &ole, &opts()).expect_err("legacy");
    assert!(
        matches!(&err, FormatError::CorruptArchive(m) if m.contains(".doc")),
        "{err:?}"
    );
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let err = extract(Format::Docx, &ole, &opts()).expect_err("encrypted");
    assert!(matches!(err, FormatError::Encrypted), "{err:?}");
}

#[test]
fn encrypted_odt_manifest() {
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#;
    let bytes = zip_of(&[
        ("META-INF/manifest.xml", manifest),
        ("content.xml", "\u{1}\u{2}ciphertext"),
    ]);
    let err = extract(Format::Odt, &bytes, &opts()).expect_err("encrypted");
    assert!(matches!(err, FormatError::Encrypted), "{err:?}");
}

#[test]
fn odt_footnotes_option() {
    let content = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
        <text:p>Body<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>The note.</text:p></text:note-body></text:note> text.</text:p>
        <text:p>Last.</text:p></office:text></office:body></office:document-content>"#;
    let bytes = zip_of(&[("content.xml", content)]);
    let plain = extract(Format::Odt, &bytes, &opts()).expect("odt");
    assert_eq!(plain.text, "Body text.\nLast.");
    let with_notes = ExtractOptions {
        docx_footnotes: true,
    };
    let noted = extract(Format::Odt, &bytes, &with_notes).expect("odt");
    assert_eq!(noted.text, "Body text.\nLast.\nThe note.");
}

#[test]
fn pdf_garbage_is_an_error() {
    let err = extract(Format::Pdf, b"%PDF-1.7\n\xff\xfe garbage", &opts()).expect_err("garbage");
    assert!(matches!(err, FormatError::Pdf(_)), "{err:?}");
}
