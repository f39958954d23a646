//! File → Export evidence tables…: the dialog with the CLI's options, its default path in the
//! project's folder, the preview of the first rows (computed in the background), the export
//! matching `qcw export` with the same options, and bad options refused in the dialog.

use crate::util::{demo_project, harness};
use calamine::{Data, Reader as _, Xlsx, open_workbook};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use qcw::app::dialogs_export::{PREVIEW_ROWS, PreviewRows};
use qcw::app::{Lang, QcwApp};
use std::path::Path;
use std::time::{Duration, Instant};

/// File → Export evidence tables… (frames are stepped: the preview's spinner animates).
fn open_dialog(h: &mut Harness<'_, QcwApp>, lang: Lang) {
    let (file, item) = match lang {
        Lang::En => ("File", "Export evidence tables…"),
        Lang::Zh => ("文件", "导出证据表…"),
    };
    h.get_by_role_and_label(egui::Role::Button, file).click();
    h.run();
    h.get_by_label(item).click();
    h.step();
    h.step();
    assert!(h.state().export_dialog().is_open(), "the dialog opened");
}

/// Steps frames until the preview for the current options has arrived.
fn wait_preview(h: &mut Harness<'_, QcwApp>) -> Result<PreviewRows, String> {
    let started = Instant::now();
    loop {
        h.step();
        if let Some(answer) = h.state().export_dialog().preview() {
            h.step();
            return answer;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the preview arrives"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Replaces the text of a field, stepping frames (a spinner may animate).
fn type_stepping(h: &mut Harness<'_, QcwApp>, label: &str, text: &str) {
    h.get_by_role_and_label(egui::Role::TextInput, label)
        .click();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    if !text.is_empty() {
        h.get_by_role_and_label(egui::Role::TextInput, label)
            .type_text(text);
    }
    h.step();
}

/// The rows of the first sheet of a workbook, as strings.
fn first_sheet(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut book: Xlsx<_> = open_workbook(path).expect("an xlsx file");
    let names = book.sheet_names();
    let sheet = book.worksheet_range(&names[0]).expect("first sheet");
    let rows = sheet
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    (names, rows)
}

/// A leaf code with codings in the case `case` (its path), from the store.
fn code_of_case(h: &Harness<'_, QcwApp>, case: &str) -> String {
    let project = h.state().project().expect("project open");
    let report = qcw::export::build_report(
        project,
        &qcw::export::ExportOptions {
            cases: vec![case.to_owned()],
            ..Default::default()
        },
    )
    .expect("report");
    report
        .evidence
        .iter()
        .find(|r| r.codings > 0 && r.quotes.iter().any(|q| q.citation.contains("访谈资料")))
        .map(|r| r.code.clone())
        .expect("a code with interview quotes in the case")
}

#[test]
fn the_export_dialog_previews_and_writes_what_the_cli_writes() {
    let (dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_dialog(&mut h, Lang::En);

    // The default output file is in the project's folder.
    let default = h.state().export_dialog().path.clone();
    assert!(Path::new(&default).is_absolute(), "{default}");
    assert_eq!(Path::new(&default).parent(), Some(dir.path()), "{default}");
    assert!(default.ends_with("demo-evidence.xlsx"), "{default}");
    h.get_by_role_and_label(egui::Role::TextInput, "Output file");

    // With no choice: every case × the default codes.
    let all = wait_preview(&mut h).expect("preview of the defaults");
    assert!(all.total > 5, "{}", all.total);
    assert_eq!(all.rows.len(), all.total.min(PREVIEW_ROWS));
    assert_eq!(all.columns.first().map(String::as_str), Some("case"));

    // Tick one case and one code: one row, with the case's quotes and their citations.
    let case = "A市综合平台";
    let code = code_of_case(&h, case);
    h.get_by_role_and_label(egui::Role::CheckBox, case).click();
    h.step();
    type_stepping(&mut h, "Codes", &code);
    h.get_by_role_and_label(egui::Role::CheckBox, &code).click();
    h.step();
    let one = wait_preview(&mut h).expect("preview of one cell");
    assert_eq!(one.total, 1);
    assert_eq!(one.rows.len(), 1);
    assert_eq!(one.rows[0][0], case);
    assert_eq!(one.rows[0][1], code);
    let quotes = one.rows[0].last().expect("quotes column");
    assert!(quotes.contains("(访谈资料,"), "{quotes}");
    assert!(
        h.query_by_label("Preview: first 1 of 1 evidence rows")
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("(访谈资料,").next().is_some(),
        "a citation is shown in the preview"
    );

    // Export: the written workbook is what `qcw export` writes for the same options.
    h.get_by_role_and_label(egui::Role::Button, "Export")
        .click();
    h.step();
    assert!(h.state_mut().wait_for_worker(Duration::from_secs(60)));
    h.run();
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("Wrote 1 evidence rows to "), "{status}");
    assert!(status.contains("demo-evidence.xlsx"), "{status}");
    let cli_out = dir.path().join("cli.xlsx");
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_qcw"))
        .arg("export")
        .arg(&path)
        .arg("--evidence")
        .arg(&cli_out)
        .args(["--cases", case, "--codes", &code])
        .output()
        .expect("qcw runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let (gui_sheets, gui_rows) = first_sheet(Path::new(&default));
    let (cli_sheets, cli_rows) = first_sheet(&cli_out);
    assert_eq!(gui_sheets, cli_sheets);
    assert_eq!(gui_rows, cli_rows);
    assert_eq!(gui_rows.len(), 2, "header and one row: {gui_rows:?}");
    assert_eq!(
        gui_rows[1][7], *quotes,
        "the preview shows what was written"
    );

    // The options are remembered when the dialog is opened again.
    open_dialog(&mut h, Lang::En);
    let again = wait_preview(&mut h).expect("preview");
    assert_eq!(again.total, 1);
}

#[test]
fn a_csv_export_reports_every_file_written() {
    let (dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_dialog(&mut h, Lang::En);
    let out = dir.path().join("tables.csv");
    type_stepping(&mut h, "Output file", &out.display().to_string());
    wait_preview(&mut h).expect("preview");
    assert!(
        h.query_all_by_label_contains("CSV: the evidence table")
            .next()
            .is_some()
    );
    h.get_by_role_and_label(egui::Role::Button, "Export")
        .click();
    h.step();
    assert!(h.state_mut().wait_for_worker(Duration::from_secs(60)));
    h.run();
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.contains("also wrote tables.cases.csv"), "{status}");
    assert!(out.is_file() && dir.path().join("tables.cases.csv").is_file());
}

#[test]
fn bad_options_show_an_error_in_the_ui_language_and_write_nothing() {
    let (dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    open_dialog(&mut h, Lang::Zh);
    let out = dir.path().join("demo-evidence.xlsx");
    wait_preview(&mut h).expect("the defaults preview");

    // An outcome attribute without a value: refused before anything is computed.
    type_stepping(&mut h, "结果属性", "运行结果");
    h.step();
    assert!(
        h.query_by_label("QCA 结果需要同时填写属性和取值").is_some(),
        "the error is shown"
    );
    h.get_by_role_and_label(egui::Role::Button, "导出").click();
    h.step();
    assert!(h.state().export_dialog().is_open(), "nothing was started");

    // An outcome attribute no case has: the preview's error, worded in Chinese.
    type_stepping(&mut h, "结果属性", "不存在的属性");
    type_stepping(&mut h, "结果取值", "有");
    let err = wait_preview(&mut h).expect_err("an unknown attribute is an error");
    assert!(err.contains("不存在的属性"), "{err}");
    let shown = h
        .query_all_by_label_contains("不存在的属性")
        .filter_map(|n| {
            let a = n.accesskit_node();
            a.label().or_else(|| a.value())
        })
        .find(|l| l.starts_with("导出错误："));
    assert!(shown.is_some(), "the error is shown in Chinese: {err}");
    h.get_by_role_and_label(egui::Role::Button, "导出").click();
    h.step();
    assert!(h.state_mut().wait_for_worker(Duration::from_secs(30)));
    h.step();
    assert!(!out.exists(), "nothing written");
    assert!(h.state().export_dialog().is_open());

    // An unknown extension is named before anything is written.
    type_stepping(&mut h, "结果属性", "");
    type_stepping(&mut h, "结果取值", "");
    type_stepping(
        &mut h,
        "输出文件",
        &dir.path().join("表.docx").display().to_string(),
    );
    wait_preview(&mut h).expect("preview");
    assert!(
        h.query_all_by_label_contains("表.docx").next().is_some(),
        "the format error names the file"
    );
    assert!(!dir.path().join("表.docx").exists());
}
