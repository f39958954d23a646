//! Tests against the generated fixtures in `tests/fixtures/formats/`
//! (see `generate.py` there) and, when present, the shared real-world files.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use super::*;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

fn fixture(name: &str, opts: &ExtractOptions) -> Result<Extracted, FormatError> {
    let path = fixture_dir().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let format = Format::from_path(Path::new(name))
        .unwrap_or_else(|| panic!("{name}: unsupported extension"));
    extract(format, &bytes, opts)
}

fn ok(name: &str) -> Extracted {
    fixture(name, &ExtractOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn err(name: &str) -> FormatError {
    match fixture(name, &ExtractOptions::default()) {
        Ok(got) => panic!("{name}: expected an error, got {:?}", got.text),
        Err(e) => e,
    }
}

#[test]
fn gbk_txt() {
    let got = ok("gbk.txt");
    assert_eq!(
        got.text,
        "应急管理局负责监测预警平台的建设。\n数据共享机制尚未建立。\n"
    );
    assert_eq!(got.encoding, Some("GBK"));
    assert_eq!(got.format, Format::Txt);
}

#[test]
fn utf16_with_boms() {
    let le = ok("utf16le_bom.txt");
    assert_eq!(le.text, "访谈记录 Interview 1\n受访者：你好。\n");
    assert_eq!(le.encoding, Some("UTF-16LE"));
    let be = ok("utf16be_bom.txt");
    assert_eq!(be.text, "访谈记录 Interview 2\n受访者：谢谢。\n");
    assert_eq!(be.encoding, Some("UTF-16BE"));
}

#[test]
fn utf8_bom_dropped() {
    let got = ok("utf8_bom.txt");
    assert_eq!(got.text, "带BOM的UTF-8文本\nsecond line\n");
    assert_eq!(got.encoding, Some("UTF-8"));
}

#[test]
fn crlf_and_lone_cr() {
    assert_eq!(ok("crlf.txt").text, "line one\nline two\nline three\n");
}

#[test]
fn non_bmp_characters() {
    let got = ok("nonbmp.txt");
    assert_eq!(got.text, "扩展B区：𠀀；表情：😀；中文：质性编码。\n");
    assert_eq!(
        got.text.chars().filter(|c| u32::from(*c) > 0xffff).count(),
        2
    );
}

#[test]
fn binary_and_empty_rejected() {
    assert!(matches!(err("junk.bin.txt"), FormatError::Binary));
    assert!(matches!(err("empty.txt"), FormatError::Empty));
}

const DOCX_BODY: &str = "质性编码测试文档\n\
    第一段：\t含制表符\n换行后的文字。\n\
    Entities: A & B <c> \u{2014} ok\n\
    地区\t机构\t备注\n\
    北京\t应急管理局 监测预警平台\t数据共享\n\
    结束。插入的文字";

#[test]
fn docx_table_fixture() {
    let got = ok("table.docx");
    assert_eq!(got.text, DOCX_BODY);
    assert_eq!(got.format, Format::Docx);
    assert_eq!(got.encoding, None);
}

#[test]
fn docx_footnotes_appended() {
    let opts = ExtractOptions {
        docx_footnotes: true,
    };
    let got = fixture("table.docx", &opts).expect("docx");
    assert_eq!(got.text, format!("{DOCX_BODY}\n脚注：资料来源于访谈。"));
}

#[test]
fn corrupt_docx() {
    match err("corrupt.docx") {
        FormatError::CorruptArchive(msg) => assert!(msg.contains("zip"), "{msg}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn odt_fixture() {
    let got = ok("simple.odt");
    assert_eq!(
        got.text,
        "访谈纪要\n第一段   三个空格\t制表符\n换行\nA & B\n问题\t回答\nQ1\t受访者说：“是的。”\n列表项"
    );
    assert_eq!(got.format, Format::Odt);
}

#[test]
fn pdf_with_text() {
    let got = ok("hello.pdf");
    assert_eq!(
        got.text,
        "Hello, qualitative world!\nSecond line: codes and memos.\n\nA new paragraph."
    );
    assert_eq!(got.format, Format::Pdf);
}

#[test]
fn pdf_without_text_layer() {
    assert!(matches!(err("no_text.pdf"), FormatError::NoTextLayer));
}

#[test]
fn pdf_parser_panic_becomes_error() {
    match err("corrupt_no_mediabox.pdf") {
        FormatError::Pdf(msg) => assert!(msg.contains("crashed"), "{msg}"),
        other => panic!("unexpected {other:?}"),
    }
}

/// Every supported file below the shared real-world sample directories must
/// extract non-empty text or fail with an error — never panic.
#[test]
fn shared_real_files_do_not_panic() {
    let mut files = Vec::new();
    for sub in ["zh-docx-pdf-fixtures", "refi-qda/qualcoder_examples"] {
        let Some(dir) = crate::test_data::shared_data(sub) else {
            return;
        };
        collect_files(&dir, &mut files);
    }
    files.sort();
    let mut failures = Vec::new();
    let (mut extracted, mut supported) = (0, 0);
    for path in files {
        let Some(format) = Format::from_path(&path) else {
            continue;
        };
        supported += 1;
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let opts = ExtractOptions {
            docx_footnotes: true,
        };
        match panic::catch_unwind(AssertUnwindSafe(|| extract(format, &bytes, &opts))) {
            Ok(Ok(got)) => {
                let preview: String = got.text.chars().take(60).collect();
                eprintln!(
                    "{}: {} chars, {} lines: {preview:?}",
                    path.display(),
                    got.text.chars().count(),
                    got.text.lines().count()
                );
                if got.text.trim().is_empty() {
                    failures.push(format!("{}: empty text", path.display()));
                }
                extracted += 1;
            }
            Ok(Err(e)) => {
                eprintln!("{}: error: {e}", path.display());
                if e.to_string().trim().is_empty() {
                    failures.push(format!("{}: blank error message", path.display()));
                }
            }
            Err(_) => failures.push(format!("{}: panicked", path.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // The samples are real documents: most of them must actually yield text.
    assert!(
        supported >= 10 && extracted * 2 > supported,
        "{extracted} of {supported} supported files extracted"
    );
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let files = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path);
    out.extend(files);
}
