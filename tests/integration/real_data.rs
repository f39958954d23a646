//! The shared real-world files: they import completely, or fail with a clear message, never panic.

use crate::util::shared_data;
use qcw::import::{ImportOptions, import_paths};
use qcw::store::Project;
use std::sync::atomic::AtomicBool;

#[test]
fn corpus_zh_laws_imports_completely() {
    let Some(corpus) = shared_data("corpus-zh-laws") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.qcw"), "t").unwrap();
    let report = import_paths(
        &mut p,
        &[corpus],
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    // 290 law texts + SOURCES.txt; two laws appear in two folders with identical bytes and are
    // reported as duplicates rather than imported twice.
    assert_eq!(
        report.imported.len() + report.duplicates.len(),
        291,
        "{:?}",
        report.skipped
    );
    assert_eq!(report.duplicates.len(), 2, "{:?}", report.duplicates);
    let chars: usize = report.imported.iter().map(|d| d.chars).sum();
    assert!(chars > 1_500_000, "only {chars} chars");
    // Text survives the round trip through the store exactly.
    let first = &report.imported[0];
    let original = std::fs::read_to_string(&first.path)
        .unwrap()
        .replace("\r\n", "\n");
    let stored = p.document_text(first.doc_id).unwrap().unwrap().1;
    assert_eq!(stored, original.trim_start_matches('\u{feff}'));
}

#[test]
fn real_docx_pdf_and_qualcoder_files_import_or_fail_clearly() {
    let (Some(fixtures), Some(qualcoder)) = (
        shared_data("zh-docx-pdf-fixtures"),
        shared_data("refi-qda/qualcoder_examples"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.qcw"), "t").unwrap();
    let paths = [fixtures, qualcoder];
    let report = import_paths(
        &mut p,
        &paths,
        &ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    eprintln!(
        "imported {}, failed {}, duplicates {}, skipped {}",
        report.imported.len(),
        report.failed.len(),
        report.duplicates.len(),
        report.skipped.len()
    );
    for f in &report.failed {
        eprintln!("  failed {}: {}", f.path.display(), f.reason);
        assert!(
            f.reason.len() > 10,
            "unclear reason for {}",
            f.path.display()
        );
    }
    assert!(
        report.imported.len() >= 5,
        "too few real files imported: {:?}",
        report.failed
    );
    for d in &report.imported {
        assert!(d.chars > 0);
    }
}

/// Two Chinese contract PDFs whose text is in CID (Identity-H) TrueType fonts. pdf-extract reads
/// only part of it — poppler's pdftotext finds 甲方： 中国饮料有限公司 （盖章）; pdf-extract 0.9 and
/// 0.12 alike drop 中国饮料有限公司 and the buyer's name — but what it reads must keep coming through.
#[test]
fn cid_font_pdfs_keep_the_text_pdf_extract_reads() {
    use qcw::import::formats::{Format, extract};
    let Some(dir) = shared_data("zh-docx-pdf-fixtures/pdfminer") else {
        return;
    };
    for (file, fragments) in [
        (
            "issue_566_test_1.pdf",
            &["ISSUE Date", "2019-4-25", "Buyer"][..],
        ),
        ("issue_566_test_2.pdf", &["甲方：", "（盖章）"][..]),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let text = extract(Format::Pdf, &bytes, &Default::default())
            .unwrap()
            .text;
        eprintln!("{file}: {} chars: {text:?}", text.chars().count());
        for f in fragments {
            assert!(text.contains(f), "{file}: {f:?} missing from {text:?}");
        }
    }
}
