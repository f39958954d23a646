//! File → Export evidence tables: written on the worker thread, reported in the status line.
//! (The dialog's options and preview: `export_dialog.rs`.)

use crate::util::{demo_project, harness};
use calamine::{Reader as _, Xlsx, open_workbook};
use qcw::app::{AppCommand, Lang};

#[test]
fn export_writes_the_evidence_workbook_in_the_background() {
    let (dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let out = dir.path().join("证据表.xlsx");
    h.state_mut().push(AppCommand::ExportEvidence(out.clone()));
    h.step();
    assert!(
        h.state_mut()
            .wait_for_worker(std::time::Duration::from_secs(60))
    );
    h.run();

    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("Wrote "), "{status}");
    let mut book: Xlsx<_> = open_workbook(&out).expect("an xlsx file");
    let sheets = book.sheet_names();
    assert!(sheets.len() >= 2, "{sheets:?}");
    let evidence = book.worksheet_range(&sheets[0]).expect("first sheet");
    assert!(evidence.height() > 1, "rows under the header");
    let cited = evidence
        .rows()
        .flatten()
        .any(|c| c.to_string().contains("(访谈资料,"));
    assert!(cited, "quotes carry citations");
}

#[test]
fn export_to_an_unknown_format_is_refused_with_the_file_named() {
    let (dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    let out = dir.path().join("tables.docx");
    h.state_mut().push(AppCommand::ExportEvidence(out.clone()));
    h.run();
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.contains("tables.docx"), "{status}");
    assert!(!out.exists());
}
