//! The cases sheet, the triangulation matrix and the QCA view, driven through the real
//! workbench and checked against the core's own computations on the project.

use crate::util::{demo_project, harness, settle, type_into};
use egui::{Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use qcw::analysis::ConditionRule;
use qcw::app::views::CentralTab;
use qcw::app::{AppCommand, Lang, QcwApp};
use qcw::reports::{QcaOptions, default_conditions, matrix, qca_report};
use std::collections::BTreeSet;

fn open_tab(h: &mut Harness<'_, QcwApp>, tab: CentralTab) {
    h.state_mut().push(AppCommand::SetCentralTab(tab));
    settle(h);
}

#[test]
fn clicking_a_matrix_cell_lists_its_quotes_and_a_quote_opens_the_reader() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    open_tab(&mut h, CentralTab::Matrix);
    // The default columns are every code; compute the same matrix straight from the project.
    let project = h.state().project().unwrap();
    let ids: Vec<i64> = project.codes().unwrap().iter().map(|c| c.id).collect();
    let expected = matrix(project, Some(&ids), 2).unwrap();
    let shown = h.state().views().matrix.data().expect("matrix computed");
    assert_eq!(shown.matrix.cases, expected.cases);
    assert_eq!(shown.matrix.codes, expected.codes);
    // A cell with codings in several documents, among the first columns (on screen).
    let (r, c) = (0..expected.cases.len())
        .flat_map(|r| (0..4).map(move |c| (r, c)))
        .find(|&(r, c)| expected.cells[r][c].documents >= 2)
        .expect("a cell with evidence from two documents");
    let cell = &expected.cells[r][c];
    let title = format!("{} × {}", expected.cases[r], expected.codes[c]);
    h.get_by_label(&format!("{title}: {}", cell.codings))
        .click();
    settle(&mut h);
    let quotes = h.state().views().matrix.quotes();
    assert_eq!(quotes.title(), title);
    let listed: BTreeSet<i64> = quotes.rows().iter().map(|r| r.coding.id).collect();
    let wanted: BTreeSet<i64> = cell.coding_ids.iter().copied().collect();
    assert_eq!(listed, wanted, "exactly the cell's codings");
    assert_eq!(quotes.rows().len(), cell.codings);

    // The cell memo is saved as a command.
    let memo_label = format!("单元格备忘：{title}");
    type_into(
        &mut h,
        Role::MultilineTextInput,
        &memo_label,
        "两类来源相互印证",
    );
    h.get_by_label("保存备忘").click();
    settle(&mut h);
    let memos = h.state().project().unwrap().cell_memos().unwrap();
    assert!(
        memos
            .iter()
            .any(|m| m.text == "两类来源相互印证" && m.case_id == shown_case_id(&h, r)),
        "{memos:?}"
    );

    // Clicking a quote opens the reader at its document.
    let row = h.state().views().matrix.quotes().rows()[0].clone();
    let text = format!(
        "…{}{}{}…",
        row.before,
        row.coding.text.replace('\n', " ¶ "),
        row.after
    );
    h.get_by_label(&text).click();
    settle(&mut h);
    assert_eq!(h.state().state.central_tab, CentralTab::Reader);
    assert_eq!(h.state().state.view.doc, Some(row.coding.doc_id));
}

fn shown_case_id(h: &Harness<'_, QcwApp>, row: usize) -> i64 {
    h.state().views().matrix.data().unwrap().case_ids[row]
}

#[test]
fn qca_override_needs_a_reason_and_undo_removes_it() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    open_tab(&mut h, CentralTab::Qca);
    let project = h.state().project().unwrap();
    let conditions = default_conditions(project).unwrap();
    let expected = qca_report(
        project,
        &QcaOptions {
            outcome_attr: "运行结果".into(),
            outcome_value: "运转有效".into(),
            conditions: conditions.clone(),
            rule: ConditionRule::default(),
            coder: None,
            group_id: None,
        },
    )
    .unwrap();
    let data = h.state().views().qca.data().expect("QCA computed").clone();
    assert_eq!(data.report.outcome, "运行结果=运转有效");
    assert_eq!(data.conditions, conditions);
    assert_eq!(data.report.conditions, expected.conditions);
    let cells = |r: &qcw::reports::QcaReport| -> Vec<Vec<bool>> {
        r.cases
            .iter()
            .map(|c| c.cells.iter().map(|x| x.present).collect())
            .collect()
    };
    assert_eq!(cells(&data.report), cells(&expected));
    assert_eq!(data.report.truth_table, expected.truth_table);

    // A cell that is absent by the evidence rule.
    let (r, c) = (0..expected.cases.len())
        .flat_map(|r| (0..expected.conditions.len()).map(move |c| (r, c)))
        .find(|&(r, c)| !expected.cases[r].cells[c].present)
        .expect("an absent cell");
    let label = format!("{} × {}", expected.cases[r].case, expected.conditions[c]);
    h.get_by_label(&format!("{label}: 0")).click();
    settle(&mut h);
    // Without a reason nothing happens.
    h.get_by_role_and_label(Role::Button, "覆写").click();
    settle(&mut h);
    assert!(
        h.state()
            .project()
            .unwrap()
            .qca_overrides()
            .unwrap()
            .is_empty()
    );
    type_into(&mut h, Role::TextInput, "理由", "访谈中有明确的赋权表述");
    h.get_by_role_and_label(Role::Button, "覆写").click();
    settle(&mut h);
    let overrides = h.state().project().unwrap().qca_overrides().unwrap();
    assert_eq!(overrides.len(), 1);
    let o = &overrides[0];
    assert_eq!(o.case_id, data.case_ids[r]);
    assert_eq!(o.code_id, data.conditions[c]);
    assert!(o.present, "the absent cell is overridden to present");
    assert_eq!(o.reason, "访谈中有明确的赋权表述");
    let shown = h.state().views().qca.data().unwrap();
    let cell = &shown.report.cases[r].cells[c];
    assert!(cell.present && !cell.computed);
    assert_eq!(
        cell.override_reason.as_deref(),
        Some("访谈中有明确的赋权表述")
    );
    // The cell shows the used value, marked as overridden.
    h.get_by_label(&format!("{label}: 1 !"));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(
        h.state()
            .project()
            .unwrap()
            .qca_overrides()
            .unwrap()
            .is_empty()
    );
    let shown = h.state().views().qca.data().unwrap();
    assert!(shown.report.cases[r].cells[c].override_reason.is_none());
    h.get_by_label(&format!("{label}: 0"));
}

/// The attribute `name` of case `case`, straight from the project.
fn attr(h: &Harness<'_, QcwApp>, case: &str, name: &str) -> Option<String> {
    let cases = h.state().project().unwrap().cases().unwrap();
    cases
        .into_iter()
        .find(|c| c.name == case)?
        .attributes
        .get(name)
        .cloned()
}

fn define_column(h: &mut Harness<'_, QcwApp>, name: &str, ty: &str) {
    type_into(h, Role::TextInput, "新属性列", name);
    type_into(h, Role::TextInput, "类型", ty);
    h.get_by_role_and_label(Role::Button, "添加列").click();
    settle(h);
}

#[test]
fn editing_the_cases_sheet_checks_types() {
    let (dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    open_tab(&mut h, CentralTab::Cases);

    // Typing the outcome as a category makes its cells combo boxes.
    define_column(&mut h, "运行结果", "category(运转有效|运转失效)");
    let defs = h.state().project().unwrap().attribute_defs("case").unwrap();
    let d = defs.iter().find(|d| d.name == "运行结果").expect("defined");
    assert_eq!(d.r#type, "category");
    assert_eq!(
        attr(&h, "B市综合平台", "运行结果").as_deref(),
        Some("运转失效")
    );
    h.get_by_label("B市综合平台 · 运行结果").click();
    h.run();
    // The combo box's list is drawn last, above the sheet.
    h.get_all_by_role_and_label(Role::Button, "运转有效")
        .last()
        .expect("the list entry")
        .click();
    settle(&mut h);
    assert_eq!(
        attr(&h, "B市综合平台", "运行结果").as_deref(),
        Some("运转有效")
    );

    // An integer column refuses text: the error shows, nothing changes.
    define_column(&mut h, "数字基础排名", "integer");
    type_into(
        &mut h,
        Role::TextInput,
        "A市综合平台 · 数字基础排名",
        "第三",
    );
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(
        attr(&h, "A市综合平台", "数字基础排名").as_deref(),
        Some("3")
    );
    let err = h
        .state()
        .views()
        .cases
        .error()
        .expect("an error")
        .to_owned();
    assert!(err.contains("not an integer"), "{err}");
    h.get_by_label_contains("not an integer");
    // A valid number is stored.
    type_into(&mut h, Role::TextInput, "A市综合平台 · 数字基础排名", "7");
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(
        attr(&h, "A市综合平台", "数字基础排名").as_deref(),
        Some("7")
    );

    // Adding a case adds a row.
    let rows_before = h.state().cache().cases.len();
    type_into(&mut h, Role::TextInput, "新案例", "E市测试平台");
    h.get_by_role_and_label(Role::Button, "添加案例").click();
    settle(&mut h);
    assert_eq!(h.state().cache().cases.len(), rows_before + 1);
    h.get_by_label("E市测试平台");
    assert!(
        h.query_by_label("E市测试平台 · 运行结果").is_some(),
        "a row"
    );

    // Deleting asks first.
    h.get_by_label("删除案例 E市测试平台").click();
    settle(&mut h);
    assert!(attr_case_exists(&h, "E市测试平台"), "not before confirming");
    h.get_by_role_and_label(Role::Button, "删除").click();
    settle(&mut h);
    assert!(!attr_case_exists(&h, "E市测试平台"));

    // Importing a sheet runs on the worker and is one command; a bad sheet imports nothing.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "案例,数字基础排名\nF市平台,五\n").unwrap();
    import_sheet(&mut h, &bad);
    assert!(!attr_case_exists(&h, "F市平台"));
    h.get_by_label_contains("row 2, column 数字基础排名");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "案例,数字基础排名,运行结果\nF市平台,5,运转失效\n").unwrap();
    import_sheet(&mut h, &good);
    assert_eq!(attr(&h, "F市平台", "运行结果").as_deref(), Some("运转失效"));
    assert_eq!(attr(&h, "F市平台", "数字基础排名").as_deref(), Some("5"));
}

fn attr_case_exists(h: &Harness<'_, QcwApp>, name: &str) -> bool {
    let cases = h.state().project().unwrap().cases().unwrap();
    cases.iter().any(|c| c.name == name)
}

fn import_sheet(h: &mut Harness<'_, QcwApp>, file: &std::path::Path) {
    type_into(h, Role::TextInput, "案例表文件", file.to_str().unwrap());
    h.get_by_role_and_label(Role::Button, "导入案例表").click();
    settle(h);
    settle(h);
}

/// Clicks the text field `label`, selects its text and types `text` over it.
#[test]
fn a_linked_document_is_unlinked_from_the_sheet_and_undo_links_it_again() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_tab(&mut h, CentralTab::Cases);
    let project = h.state().project().unwrap();
    let case = project.cases().unwrap().into_iter().next().expect("a case");
    let link = project
        .case_links()
        .unwrap()
        .into_iter()
        .find(|l| l.case_id == case.id && l.start.is_none())
        .expect("a whole-document link");
    let doc = project
        .documents()
        .unwrap()
        .into_iter()
        .find(|d| d.id == link.doc_id)
        .unwrap();
    let links = |h: &Harness<'_, QcwApp>| {
        h.state()
            .project()
            .unwrap()
            .case_links()
            .unwrap()
            .into_iter()
            .filter(|l| l.case_id == case.id)
            .count()
    };
    let before = links(&h);

    h.get_by_label(&format!("Link a document {}", case.name))
        .click();
    h.run();
    h.get_by_label(&format!("✕ {}", doc.name)).click();
    h.run();
    assert_eq!(links(&h), before - 1, "unlinked");
    assert!(
        !h.state()
            .project()
            .unwrap()
            .case_links()
            .unwrap()
            .iter()
            .any(|l| l.id == link.id)
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(links(&h), before, "undo restored the link");
}
