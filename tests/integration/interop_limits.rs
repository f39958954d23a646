//! Hostile REFI-QDA archives: deep nesting, too many codes or selections, a zip bomb whose one
//! member many sources point at. Each is refused with an error naming the file and the limit,
//! and the project is unchanged.

use crate::interop::zip_files;
use crate::util::fails;
use qcw::demo::build_demo;
use qcw::interop::{ImportLimits, InteropError, import_qdpx, import_qdpx_with};
use std::io::Write;
use std::path::{Path, PathBuf};

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"hostile\">";

/// A `.qdpx` at `dir/name` holding `qde` and `files`.
fn qdpx(dir: &Path, name: &str, qde: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let file = dir.join(name);
    let mut all: Vec<(&str, &[u8])> = vec![("project.qde", qde.as_bytes())];
    all.extend_from_slice(files);
    zip_files(&file, &all);
    file
}

/// Imports `file` into the demo under `limits` and asserts that it is refused for `limit`,
/// naming the file, with the project unchanged.
fn assert_refused(file: &Path, limits: ImportLimits, limit: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = build_demo(&dir.path().join("p.qcw"), "tester").unwrap();
    let before = p.dump_domain().unwrap();
    let e = import_qdpx_with(&mut p, file, "tester", limits).unwrap_err();
    let msg = e.to_string();
    match &e {
        InteropError::Limit { exceeded, .. } => assert_eq!(exceeded.limit, limit, "{msg}"),
        other => panic!("expected a limit error, got {other}"),
    }
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(msg.contains(name.as_ref()), "{msg}");
    assert!(msg.contains(limit), "{msg}");
    assert!(msg.contains("project unchanged"), "{msg}");
    assert_eq!(p.dump_domain().unwrap(), before);
}

fn codes_qde(n: usize, nested: bool) -> String {
    let mut x = format!("{HEAD}<CodeBook><Codes>");
    for i in 0..n {
        x.push_str(&format!(
            "<Code guid=\"00000000-0000-0000-0000-{i:012}\" name=\"c{i}\" isCodable=\"true\">"
        ));
        if !nested {
            x.push_str("</Code>");
        }
    }
    if nested {
        x.push_str(&"</Code>".repeat(n));
    }
    x.push_str("</Codes></CodeBook></Project>");
    x
}

#[test]
fn deep_xml_nesting_is_refused_without_recursion() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 200_000;
    let qde = format!(
        "{HEAD}<Description>{}{}</Description></Project>",
        "<Description>".repeat(depth),
        "</Description>".repeat(depth)
    );
    let file = qdpx(dir.path(), "deep.qdpx", &qde, &[]);
    assert_refused(&file, ImportLimits::default(), "xml_depth");
    // The CLI names the file and the limit too.
    let p = dir.path().join("p.qcw");
    crate::util::ok(&["new", p.to_str().unwrap(), "--template", "empty"]);
    let err = fails(&[
        "qdpx",
        "import",
        p.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(
        err.contains("deep.qdpx") && err.contains("xml_depth"),
        "{err}"
    );
}

#[test]
fn too_many_or_too_deeply_nested_codes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let deep = qdpx(dir.path(), "deep_codes.qdpx", &codes_qde(80, true), &[]);
    assert_refused(&deep, ImportLimits::default(), "code_depth");
    let many = qdpx(dir.path(), "many_codes.qdpx", &codes_qde(501, false), &[]);
    let limits = ImportLimits {
        codes: 500,
        ..ImportLimits::default()
    };
    assert_refused(&many, limits, "codes");
    // Just under the caps, both import.
    let mut p = crate::interop::empty_project(dir.path(), "ok.qcw");
    let ok = qdpx(dir.path(), "ok.qdpx", &codes_qde(60, true), &[]);
    assert_eq!(import_qdpx(&mut p, &ok, "t").unwrap().codes, 60);
    let s = import_qdpx_with(
        &mut p,
        &many,
        "t",
        ImportLimits {
            codes: 501,
            ..limits
        },
    )
    .unwrap();
    assert_eq!(s.codes + s.codes_reused, 501);
}

#[test]
fn a_zip_bomb_member_counts_each_time_a_source_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    // 1 MB that deflates to a few kB, named by 40 sources: 40 MB of text.
    let big = "重复的文字 repeated text\n".repeat(1024 * 1024 / 32);
    let mut sources = String::new();
    for i in 0..40 {
        sources.push_str(&format!(
            "<TextSource guid=\"00000000-0000-0000-0001-{i:012}\" name=\"s{i}\" plainTextPath=\"internal://big.txt\"/>"
        ));
    }
    let qde = format!("{HEAD}<Sources>{sources}</Sources></Project>");
    let file = qdpx(
        dir.path(),
        "bomb.qdpx",
        &qde,
        &[("big.txt", big.as_bytes())],
    );
    assert!(std::fs::metadata(&file).unwrap().len() < 200_000);
    let limits = ImportLimits {
        total_text_bytes: 16 * 1024 * 1024,
        ..ImportLimits::default()
    };
    assert_refused(&file, limits, "total_text_bytes");
    // The same archive with a larger budget imports: every source is a document.
    let mut p = crate::interop::empty_project(dir.path(), "ok.qcw");
    let s = import_qdpx_with(
        &mut p,
        &file,
        "t",
        ImportLimits {
            total_text_bytes: 64 * 1024 * 1024,
            ..limits
        },
    )
    .unwrap();
    assert_eq!(s.documents, 40);
}

#[test]
fn a_member_larger_than_a_document_may_be_is_skipped_after_a_bounded_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.qdpx");
    // 60 MB of one byte: stored deflated, about 60 kB.
    let mut z = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let opts = zip::write::SimpleFileOptions::default().large_file(false);
    z.start_file("project.qde", opts).unwrap();
    z.write_all(
        format!("{HEAD}<Sources><TextSource guid=\"00000000-0000-0000-0000-000000000001\" name=\"huge\" plainTextPath=\"internal://huge.txt\"/></Sources></Project>")
            .as_bytes(),
    )
    .unwrap();
    z.start_file("sources/huge.txt", opts).unwrap();
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..60 {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap();
    let mut p = crate::interop::empty_project(dir.path(), "p.qcw");
    let s = import_qdpx(&mut p, &file, "t").unwrap();
    assert_eq!(s.documents, 0);
    assert!(
        s.skipped
            .iter()
            .any(|k| k.what.contains("huge") && k.reason.contains("50 MB")),
        "{:?}",
        s.skipped
    );
}

#[test]
fn too_many_selections_or_too_large_a_qde_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut sels = String::new();
    for i in 0..11 {
        sels.push_str(&format!(
            "<PlainTextSelection guid=\"00000000-0000-0000-0002-{i:012}\" startPosition=\"0\" endPosition=\"1\"/>"
        ));
    }
    let qde = format!(
        "{HEAD}<Sources><TextSource guid=\"00000000-0000-0000-0000-000000000001\" name=\"d\"><PlainTextContent>text</PlainTextContent>{sels}</TextSource></Sources></Project>"
    );
    let file = qdpx(dir.path(), "sels.qdpx", &qde, &[]);
    let limits = ImportLimits {
        selections: 10,
        ..ImportLimits::default()
    };
    assert_refused(&file, limits, "selections");
    assert_refused(
        &file,
        ImportLimits {
            qde_bytes: 1000,
            ..ImportLimits::default()
        },
        "qde_bytes",
    );
    assert_refused(
        &file,
        ImportLimits {
            xml_elements: 10,
            ..ImportLimits::default()
        },
        "xml_elements",
    );
}
