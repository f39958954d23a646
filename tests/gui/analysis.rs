//! The analysis views: co-occurrence heatmap with click-through, crosstabs with a chart, and
//! intercoder agreement with disagreements side by side — each checked against the core report
//! computed directly on the same project.

use crate::util::{demo_project, harness, run_and_wait};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use qcw::analysis::{AgreementOptions, CooccurRule};
use qcw::app::views::CentralTab;
use qcw::app::{AppCommand, Lang, QcwApp};
use qcw::reports::{Scope, agreement_report, cooccur_report, crosstab_report};
use qcw::store::CodingFilter;

fn open_tab(h: &mut Harness<'_, QcwApp>, tab: CentralTab) {
    h.state_mut().push(AppCommand::SetCentralTab(tab));
    run_and_wait(h);
}

#[test]
fn cooccur_cell_click_lists_the_codings_behind_it() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    open_tab(&mut h, CentralTab::Cooccur);
    let direct = cooccur_report(
        h.state().project().unwrap(),
        &CooccurRule::Overlap,
        &Scope::default(),
    )
    .expect("core report");
    let shown = h
        .state()
        .views()
        .cooccur()
        .report()
        .expect("a report arrived")
        .as_ref()
        .expect("report ok");
    assert_eq!(shown.codes, direct.codes);
    assert_eq!(shown.matrix.counts, direct.matrix.counts);

    // The non-zero off-diagonal cell nearest the top-left corner (so it is on screen).
    let m = &direct.matrix;
    let k = m.codes.len();
    let (i, j) = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .filter(|&(i, j)| i != j && m.counts[i][j] > 0)
        .min_by_key(|&(i, j)| (i.max(j), i, j))
        .expect("the demo has co-occurring codes");
    let label = format!(
        "{} × {}: {}",
        direct.codes[i], direct.codes[j], m.counts[i][j]
    );
    // Every cell on screen is labelled (a zero cell says 0).
    let cells = h.query_all_by_label_contains(" × ").count();
    assert!(cells >= 4, "{cells} cells labelled");
    h.get_by_label(&label).click();
    run_and_wait(&mut h);

    let mut expected: Vec<i64> = m
        .cell_segments(m.codes[i], m.codes[j])
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .collect();
    expected.sort_unstable();
    expected.dedup();
    assert!(!expected.is_empty());
    let quotes = h.state().views().cooccur().quotes();
    assert_eq!(quotes.title(), label);
    let mut listed: Vec<i64> = quotes.rows().iter().map(|r| r.coding.id).collect();
    listed.sort_unstable();
    assert_eq!(listed, expected);
    // The segments belong to the two codes of the cell, and their documents are on screen.
    let project = h.state().project().unwrap();
    let codings = project.codings(&CodingFilter::default()).unwrap();
    for id in &expected {
        let c = codings.iter().find(|c| c.id == *id).expect("coding exists");
        assert!(c.code_id == m.codes[i] || c.code_id == m.codes[j]);
        assert!(h.query_all_by_label(&c.doc).count() >= 1, "{} shown", c.doc);
    }
    assert!(h.query_by_label("1 个片段").is_some() || expected.len() != 1);
}

#[test]
fn cooccur_jaccard_and_rules_render() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_tab(&mut h, CentralTab::Cooccur);
    h.get_by_label("Jaccard").click();
    run_and_wait(&mut h);
    let direct = cooccur_report(
        h.state().project().unwrap(),
        &CooccurRule::Overlap,
        &Scope::default(),
    )
    .unwrap();
    // The diagonal's Jaccard index is 1 for every code.
    let label = format!("{} × {}: 1.00", direct.codes[0], direct.codes[0]);
    assert!(h.query_by_label(&label).is_some(), "{label}");
    // Same-document co-occurrence has more co-occurring pairs than overlap.
    h.get_by_label("Same document").click();
    run_and_wait(&mut h);
    let shown = h
        .state()
        .views()
        .cooccur()
        .report()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(shown.matrix.rule, CooccurRule::Document);
    let direct = cooccur_report(
        h.state().project().unwrap(),
        &CooccurRule::Document,
        &Scope::default(),
    )
    .unwrap();
    assert_eq!(shown.matrix.counts, direct.matrix.counts);
}

/// The labels on the colour scale's line, left to right after its caption.
fn legend(h: &Harness<'_, QcwApp>, caption: &str) -> Vec<String> {
    let at = h.get_by_label(caption).rect();
    let mut on_line: Vec<(f32, String)> = h
        .query_all(
            by().predicate(|n| {
                n.role() != Role::TextRun && n.label().or_else(|| n.value()).is_some()
            }),
        )
        .filter(|n| (n.rect().center().y - at.center().y).abs() < 3.0)
        .filter(|n| n.rect().left() > at.right())
        .filter_map(|n| {
            let a = n.accesskit_node();
            Some((n.rect().left(), a.label().or_else(|| a.value())?))
        })
        .collect();
    on_line.sort_by(|a, b| a.0.total_cmp(&b.0));
    on_line.into_iter().map(|(_, l)| l).collect()
}

/// The largest value off the diagonal.
fn off_diagonal_max(v: &[Vec<f64>]) -> f64 {
    (0..v.len())
        .flat_map(|i| (0..v.len()).filter(move |&j| j != i).map(move |j| v[i][j]))
        .fold(0.0, f64::max)
}

#[test]
fn the_heatmap_has_a_colour_scale_from_zero_to_the_datas_maximum() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_tab(&mut h, CentralTab::Cooccur);
    let direct = cooccur_report(
        h.state().project().unwrap(),
        &CooccurRule::Overlap,
        &Scope::default(),
    )
    .unwrap();
    let m = &direct.matrix;
    let counts: Vec<Vec<f64>> = m
        .counts
        .iter()
        .map(|r| r.iter().map(|&c| c as f64).collect())
        .collect();
    // Counts: 0 to the largest count off the diagonal (at least 4, so that a single
    // co-occurrence is a light fill).
    let top = off_diagonal_max(&counts);
    assert!(top >= 1.0, "the demo's codes co-occur");
    let want = format!("{:.0}", top.max(4.0));
    assert_eq!(legend(&h, "Colour scale"), ["0", want.as_str()]);
    // Jaccard: 0.00 to the largest index off the diagonal.
    h.get_by_label("Jaccard").click();
    run_and_wait(&mut h);
    let want = format!("{:.2}", off_diagonal_max(&m.jaccard));
    assert_eq!(legend(&h, "Colour scale"), ["0.00", want.as_str()]);
}

#[test]
fn crosstab_by_kind_shows_the_core_counts_and_a_chart() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    open_tab(&mut h, CentralTab::Crosstab);
    let direct = crosstab_report(h.state().project().unwrap(), "kind", false).unwrap();
    assert!(direct.table.categories.len() >= 2);
    let t = &direct.table;
    for (r, code) in direct.codes.iter().enumerate() {
        for (c, cat) in t.categories.iter().enumerate() {
            let label = format!("{code} × {cat}: {}", t.counts[r][c]);
            assert!(h.query_by_label(&label).is_some(), "cell {label}");
        }
        let label = format!("{code} × 合计: {}", t.row_totals[r]);
        assert!(h.query_by_label(&label).is_some(), "row total {label}");
    }
    for (c, cat) in t.categories.iter().enumerate() {
        let label = format!("合计 × {cat}: {}", t.col_totals[c]);
        assert!(h.query_by_label(&label).is_some(), "column total {label}");
    }
    assert!(
        h.query_by_label(&format!("合计 × 合计: {}", t.total))
            .is_some()
    );
    // The chart's legend (above the chart) lists one series per kind, translated like the
    // table header.
    for cat in &t.categories {
        let shown = match cat.as_str() {
            "interview" => "访谈",
            "document" => "文件",
            "observation" => "观察",
            other => other,
        };
        assert!(
            h.query_all_by_label(shown).count() >= 2,
            "{shown}: table header and legend entry"
        );
    }
    // Row percentages: each row total reads 100%.
    h.get_by_label("行百分比").click();
    h.run();
    let label = format!("{} × 合计: 100%", direct.codes[0]);
    assert!(h.query_by_label(&label).is_some(), "{label}");
}

#[test]
fn agreement_table_and_disagreements_side_by_side() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::Zh);
    open_tab(&mut h, CentralTab::Agreement);
    let coders: Vec<String> = h.state().cache().coders.clone();
    assert!(coders.iter().any(|c| c == "李研") && coders.iter().any(|c| c == "王思"));
    // Only the two demo coders (untick any other).
    for c in &coders {
        if c != "李研" && c != "王思" {
            h.get_by_label(c.as_str()).click();
        }
    }
    run_and_wait(&mut h);
    let pair = vec!["李研".to_owned(), "王思".to_owned()];
    let direct = agreement_report(
        h.state().project().unwrap(),
        &pair,
        &Scope::default(),
        &AgreementOptions::default(),
    )
    .unwrap();
    let overall = direct.report.rows.last().unwrap();
    assert_eq!(overall.code_id, None);
    let kappa = format!("{:.3}", overall.kappa.expect("κ defined for the demo"));
    let alpha = format!("{:.3}", overall.alpha.expect("α defined for the demo"));
    let shown = h
        .state()
        .views()
        .agreement()
        .report()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(shown.report, direct.report);
    assert!(h.query_by_label("（总体）").is_some());
    assert!(h.query_by_label(&kappa).is_some(), "κ {kappa} shown");
    assert!(h.query_by_label(&alpha).is_some(), "α {alpha} shown");
    // Beside the figures over all text, those over coded text only.
    h.get_by_label("一致率（仅已编码文字）");
    h.get_by_label("κ（仅已编码文字）");
    let coded = direct.report.coded_only.last().expect("coded-only figures");
    let coded_pct = format!("{:.1}%", coded.percent * 100.0);
    assert!(
        h.query_all_by_label(&coded_pct).next().is_some(),
        "{coded_pct} shown"
    );
    overall_row_first(&h);
    let n = direct.report.disagreements.len();
    assert!(n > 0);
    assert!(h.query_by_label(&format!("不一致之处：{n}")).is_some());

    // Select the first disagreement: one column per coder, with that coder's codings there.
    let d = direct.report.disagreements[0].clone();
    let doc = &direct.documents[&d.doc_id];
    let prefix = format!("{doc} [{}, {})", d.start, d.end);
    h.query_all_by_label_contains(&prefix)
        .next()
        .expect("the disagreement is listed")
        .click();
    run_and_wait(&mut h);
    let project = h.state().project().unwrap();
    let codings = project
        .codings(&CodingFilter {
            doc_id: Some(d.doc_id),
            ..CodingFilter::default()
        })
        .unwrap();
    for coder in &pair {
        let over = codings
            .iter()
            .filter(|c| &c.coder == coder && c.start < d.end && d.start < c.end)
            .count();
        let heading = format!("{coder}：{over} 处编码");
        assert!(h.query_by_label(&heading).is_some(), "column {heading}");
    }
    let side = h
        .state()
        .views()
        .agreement()
        .side()
        .loaded()
        .expect("loaded");
    assert_eq!(side.columns.len(), 2);
    let present = &side
        .columns
        .iter()
        .find(|c| c.coder == d.coders_present[0])
        .unwrap();
    assert!(present.codings.iter().any(|c| c.code_id == d.code_id));
    let absent = &side
        .columns
        .iter()
        .find(|c| c.coder == d.coders_absent[0])
        .unwrap();
    assert!(
        absent
            .codings
            .iter()
            .all(|c| c.code_id != d.code_id || c.end <= d.start || c.start >= d.end)
    );
    // "Open in reader" jumps to the disputed range.
    h.get_by_label("在阅读器中打开").click();
    h.run();
    h.run();
    assert_eq!(h.state().state.central_tab, CentralTab::Reader);
    assert_eq!(h.state().cache().doc.as_ref().map(|x| x.id), Some(d.doc_id));
}

/// The agreement table's overall row is its first row: nothing in the code column between the
/// column header and it, the codes below it.
fn overall_row_first(h: &Harness<'_, QcwApp>) {
    let overall = h.get_by_label("（总体）").rect();
    let column = |r: egui::Rect| (r.left() - overall.left()).abs() < 2.0;
    let header = h
        .query_all_by_label("代码")
        .map(|n| n.rect())
        .find(|&r| column(r) && r.bottom() <= overall.top())
        .expect("the code column's header above the overall row");
    let in_column: Vec<egui::Rect> = h
        .query_all(
            by().predicate(|n| {
                n.role() != Role::TextRun && n.label().or_else(|| n.value()).is_some()
            }),
        )
        .map(|n| n.rect())
        .filter(|&r| column(r) && r != overall && r != header)
        .collect();
    assert!(
        in_column
            .iter()
            .all(|r| r.top() >= overall.bottom() || r.bottom() <= header.bottom()),
        "a row between the header and the overall row: {in_column:?}"
    );
    assert!(
        in_column.iter().any(|r| r.top() >= overall.bottom()),
        "code rows below the overall row"
    );
}
