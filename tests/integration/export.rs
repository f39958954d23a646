//! `qcw export --evidence`: evidence tables as XLSX, CSV, Markdown and HTML, checked against the
//! project's own `--json` queries.

use crate::util::*;
use calamine::{Data, Reader as _};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

mod text_formats;

const EVIDENCE_HEADER: &str = "case|code|codings|documents|source types|triangulated|memo|quotes";

fn header() -> Vec<&'static str> {
    EVIDENCE_HEADER.split('|').collect()
}

fn demo() -> TempProject {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    t
}

fn out(t: &TempProject, name: &str) -> String {
    t.dir.path().join(name).to_string_lossy().into_owned()
}

/// `qcw export P --evidence <tmp>/name extra…`; returns the output path.
fn export(t: &TempProject, name: &str, extra: &[&str]) -> String {
    let path = out(t, name);
    let mut args = vec!["export", t.p(), "--evidence", &path];
    args.extend_from_slice(extra);
    ok(&args);
    path
}

/// A JSON array of strings.
fn strs(v: &Value) -> Vec<String> {
    let items = v.as_array().unwrap_or_else(|| panic!("not an array: {v}"));
    items
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}

/// A JSON bool as `1`/`0`.
fn bit(v: &Value) -> &'static str {
    if v.as_bool().expect("bool") { "1" } else { "0" }
}

/// A sheet as strings (numbers without a fraction print as integers).
fn sheet(path: &str, name: &str) -> Vec<Vec<String>> {
    let mut wb = calamine::open_workbook_auto(path).expect("open xlsx");
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::Bool(b) => b.to_string(),
                    c => c.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Rows keyed by (case, code) of an evidence table given as rows of strings with a header.
fn by_cell(rows: &[Vec<String>]) -> HashMap<(String, String), Vec<String>> {
    rows[1..]
        .iter()
        .map(|r| ((r[0].clone(), r[1].clone()), r.clone()))
        .collect()
}

/// Document name → (kind, cases).
fn docs(t: &TempProject) -> HashMap<String, (String, Vec<String>)> {
    json(&["docs", t.p()])
        .as_array()
        .expect("docs array")
        .iter()
        .map(|d| {
            let kind = d["kind"].as_str().expect("kind").to_owned();
            let name = d["name"].as_str().expect("name").to_owned();
            (name, (kind, strs(&d["cases"])))
        })
        .collect()
}

/// Every coding of a PIV mechanism leaf code, with the citation it should get by default.
fn expected_quotes(t: &TempProject) -> Vec<(String, String, String)> {
    let docs = docs(t);
    let leaf = |c: &str| ["权力/", "利益/", "价值/"].iter().any(|r| c.starts_with(r));
    let mut out = Vec::new();
    for c in json(&["codings", t.p()]).as_array().expect("codings") {
        let (doc, code, text) = (
            c["doc"].as_str().expect("doc"),
            c["code"].as_str().expect("code"),
            c["text"].as_str().expect("text"),
        );
        if !leaf(code) {
            continue;
        }
        let (kind, cases) = &docs[doc];
        let label = match kind.as_str() {
            "interview" => "访谈资料",
            "document" => "文件",
            _ => "观察笔记",
        };
        for case in cases {
            let quote = format!("“{text}”({label},{doc})");
            out.push((case.clone(), code.to_owned(), quote));
        }
    }
    out
}

#[test]
fn xlsx_evidence_matches_codings_matrix_and_qca() {
    let t = demo();
    let x = out(&t, "out.xlsx");
    let printed = json(&["export", t.p(), "--evidence", &x]);
    let tables = strs(&printed["tables"]);
    for name in "Evidence|Cases|QCA|Truth table|Fits|Co-occurrence|Crosstab 运行结果".split('|')
    {
        assert!(
            tables.iter().any(|t| t == name),
            "{name} missing: {tables:?}"
        );
    }

    let ev = sheet(&x, "Evidence");
    assert_eq!(ev[0], header());
    // 5 cases × the 6 PIV mechanism leaf codes.
    assert_eq!(ev.len() - 1, 30);
    assert_eq!(printed["rows"], 30);
    let cells = by_cell(&ev);
    let expected = expected_quotes(&t);
    assert!(expected.len() > 40, "demo has PIV codings");
    let a01 = expected
        .iter()
        .find(|(_, _, q)| q.ends_with("(访谈资料,20230819A01)"))
        .expect("a coding on 20230819A01");
    assert!(
        cells[&(a01.0.clone(), a01.1.clone())][7].contains(&a01.2),
        "{a01:?}"
    );
    for (case, code, quote) in &expected {
        let quotes = &cells[&(case.clone(), code.clone())][7];
        assert!(
            quotes.contains(quote),
            "{case} × {code}: {quote} not in {quotes}"
        );
    }
    assert!(expected.iter().any(|(_, _, q)| q.contains("(文件,")));
    assert!(expected.iter().any(|(_, _, q)| q.contains("(观察笔记,")));

    // Counts and triangulation agree with `qcw matrix`.
    let codes = strs(&printed["codes"]);
    assert_eq!(codes.len(), 6);
    let m = json(&["matrix", t.p(), "--codes", &codes.join(",")]);
    for (i, case) in strs(&m["cases"]).into_iter().enumerate() {
        for (j, code) in codes.iter().enumerate() {
            let cell = &m["cells"][i][j];
            let row = &cells[&(case.clone(), code.clone())];
            assert_eq!(row[2], cell["codings"].to_string(), "{case} × {code}");
            assert_eq!(row[5], cell["triangulated"].to_string(), "{case} × {code}");
            let docs = row[3].lines().filter(|l| !l.is_empty()).count();
            assert_eq!(docs.to_string(), cell["documents"].to_string());
        }
    }

    // QCA: one row per case, 0/1 exactly as `qcw qca`.
    let q = json(&["qca", t.p(), "--outcome", "运行结果=运转有效"]);
    let sheet_q = sheet(&x, "QCA");
    let conditions = strs(&q["conditions"]);
    assert_eq!(sheet_q[0][0], "case");
    assert_eq!(sheet_q[0][1..=conditions.len()], conditions);
    assert_eq!(sheet_q[0][conditions.len() + 1], "outcome");
    let qcases = q["cases"].as_array().expect("qca cases");
    assert_eq!(sheet_q.len() - 1, qcases.len());
    for (row, c) in sheet_q[1..].iter().zip(qcases) {
        assert_eq!(row[0], c["case"].as_str().expect("case"));
        for (k, cell) in c["cells"].as_array().expect("cells").iter().enumerate() {
            let v = bit(&cell["present"]);
            assert_eq!(row[k + 1], v, "{} × {}", row[0], conditions[k]);
        }
        assert_eq!(row[conditions.len() + 1], bit(&c["outcome"]));
    }
    let truth = sheet(&x, "Truth table");
    assert_eq!(
        truth.len() - 1,
        q["truth_table"]["rows"].as_array().expect("rows").len()
    );
    let fits = sheet(&x, "Fits");
    assert_eq!(fits.len() - 1, conditions.len() * 2);

    // Cases: attributes and the case memo.
    let cases = sheet(&x, "Cases");
    let memo_col = cases[0].iter().position(|h| h == "memo").expect("memo");
    let outcome_col = cases[0].iter().position(|h| h == "运行结果").expect("attr");
    let b = cases
        .iter()
        .find(|r| r[0] == "B市综合平台")
        .expect("B in Cases");
    let memo = json(&["memo", t.p(), "--case", "B市综合平台"]);
    assert!(!memo["memo"].as_str().expect("memo").is_empty());
    assert_eq!(b[memo_col], memo["memo"].as_str().expect("memo"));
    assert_eq!(b[outcome_col], "运转失效");
}

#[test]
fn xlsx_shows_overrides_and_cell_memos() {
    let t = demo();
    ok(&[
        "case",
        "override",
        t.p(),
        "B市综合平台",
        "权力/借力",
        "present",
        "--reason",
        "会议纪要佐证",
    ]);
    {
        let mut p = qcw::store::Project::open(&t.path, "tester").expect("open");
        let case_id = qcw::project::resolve_case(&p, "B市综合平台").expect("case");
        let code_id = qcw::project::resolve_code(&p, "权力/借力")
            .expect("code")
            .id;
        let memo = qcw::command::Command::SetCellMemo {
            case_id,
            code_id,
            text: "借力仅停留在启动会".into(),
        };
        qcw::command::execute(&mut p, &memo).expect("cell memo");
    }
    let x = export(&t, "o.xlsx", &[]);
    let cells = by_cell(&sheet(&x, "Evidence"));
    assert_eq!(
        cells[&("B市综合平台".into(), "权力/借力".into())][6],
        "借力仅停留在启动会"
    );
    let q = sheet(&x, "QCA");
    let col = q[0].iter().position(|h| h == "权力/借力").expect("column");
    let b = q.iter().find(|r| r[0] == "B市综合平台").expect("B");
    assert_eq!(b[col], "1!");
    assert!(
        b.last().expect("overrides").contains("会议纪要佐证"),
        "{b:?}"
    );
}

#[test]
fn custom_citation_patterns() {
    let t = demo();
    let pattern = ["--document-cite", "[{kind}:{doc}@{start}-{end}]"];
    let c = export(
        &t,
        "cite.csv",
        &[&["--interview-cite", "[访谈{doc}]"], &pattern[..]].concat(),
    );
    let s = std::fs::read_to_string(&c).expect("csv");
    assert!(s.contains("[访谈20230819A01]"));
    assert!(!s.contains("(访谈资料,20230819A01)"));
    assert!(s.contains("[文件:A市城市安全风险监测预警平台建设方案@"));
    assert!(s.contains("(观察笔记,"), "observation keeps its default");
    let e = fails(&[
        "export",
        t.p(),
        "--evidence",
        &c,
        "--interview-cite",
        "({dco})",
    ]);
    assert!(e.contains("dco"), "{e}");
}

#[test]
fn unknown_extension_and_names_fail_clearly() {
    let t = demo();
    let pdf = out(&t, "out.pdf");
    let e = fails(&["export", t.p(), "--evidence", &pdf]);
    assert!(e.contains("out.pdf") && e.contains(".xlsx"), "{e}");
    assert!(!Path::new(&pdf).exists());
    let x = out(&t, "out.xlsx");
    let e = fails(&["export", t.p(), "--evidence", &x, "--cases", "Z市平台"]);
    assert_eq!(e.matches("Z市平台").count(), 1, "named once: {e}");
    let e = fails(&["export", t.p(), "--evidence", &x, "--codes", "权力/不存在"]);
    assert!(e.contains("权力/不存在"), "{e}");
    let e = fails(&["export", t.p(), "--evidence", &x, "--outcome", "运行结果"]);
    assert!(e.contains("ATTR=VALUE"), "{e}");
}

#[test]
fn cases_and_codes_filters() {
    let t = demo();
    let filters = [
        "--cases",
        "B市综合平台,A市综合平台",
        "--codes",
        "权力,价值/共同认知",
    ];
    let x = export(&t, "f.xlsx", &filters);
    let ev = sheet(&x, "Evidence");
    let keys: Vec<(&str, &str)> = ev[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("B市综合平台", "权力"),
            ("B市综合平台", "价值/共同认知"),
            ("A市综合平台", "权力"),
            ("A市综合平台", "价值/共同认知"),
        ]
    );
    // 权力 counts its sub-codes: its quotes are those of 权力/赋权 and 权力/借力.
    let cells = by_cell(&ev);
    for (case, code, quote) in expected_quotes(&t) {
        if case == "A市综合平台" && code.starts_with("权力/") {
            assert!(cells[&(case.clone(), "权力".into())][7].contains(&quote));
        }
    }
    let q = sheet(&x, "QCA");
    assert_eq!(q.len(), 3, "one row per selected case");
    assert_eq!(q[0][1..3], ["权力", "价值/共同认知"]);
    let cases = sheet(&x, "Cases");
    let names: Vec<&str> = cases[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["B市综合平台", "A市综合平台"]);
}
