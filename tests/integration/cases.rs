//! Cases, attributes, the evidence matrix and crisp-set QCA.

use crate::util::*;
use qcw::analysis::ConditionRule;
use qcw::cases::set_case_attributes_command;
use qcw::codebook::Template;
use qcw::command::{Command, NewDocument, execute};
use qcw::model::DocKind;
use qcw::project::{create_project, resolve_case, resolve_code};
use qcw::reports::{QcaOptions, qca_report};

/// The published case facts: 17 cases, 9 effective; value consensus present in 11 cases of
/// which 9 are effective; absent in 6, all failing.
#[test]
fn qca_value_consensus_is_necessary_with_sufficiency_nine_elevenths() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = create_project(&dir.path().join("p.qcw"), Template::Piv, "t").unwrap();
    let value = resolve_code(&p, "价值/共同认知").unwrap().id;
    for i in 0..17 {
        let effective = i < 9;
        let has_value = i < 11; // cases 0..9 effective with value, 9..11 failing with value
        let name = format!("{}市平台", (b'A' + i as u8) as char);
        let outcome = if effective {
            "运转有效"
        } else {
            "运转失效"
        };
        let cmd = set_case_attributes_command(&p, &name, &[format!("运行结果={outcome}")]).unwrap();
        execute(&mut p, &cmd).unwrap();
        let doc = NewDocument {
            name: format!("2023081{}{}01", i % 10, (b'A' + i as u8) as char),
            kind: DocKind::Interview,
            text: "大家都认为风险监测值得一起做。".into(),
            sha256: format!("{i}"),
            source_path: "mem".into(),
            format: "txt".into(),
            attributes: Default::default(),
            cases: vec![name.clone()],
        };
        let doc_id = execute(&mut p, &Command::ImportDocument(Box::new(doc)))
            .unwrap()
            .ids[0];
        if has_value {
            execute(
                &mut p,
                &Command::ApplyCoding {
                    doc_id,
                    start: 0,
                    end: 4,
                    code_id: value,
                    coder: "a".into(),
                    memo: String::new(),
                },
            )
            .unwrap();
        }
    }
    let opts = QcaOptions {
        outcome_attr: "运行结果".into(),
        outcome_value: "运转有效".into(),
        conditions: vec![value],
        rule: ConditionRule::default(),
        coder: None,
        group_id: None,
    };
    let r = qca_report(&p, &opts).unwrap();
    assert_eq!(r.cases.len(), 17);
    assert_eq!(r.cases.iter().filter(|c| c.outcome).count(), 9);
    let fit = &r.fits[0];
    assert!(!fit.negated);
    assert_eq!(fit.necessity_consistency, Some(1.0));
    assert_eq!(fit.sufficiency_consistency, Some(9.0 / 11.0));
    assert_eq!(fit.necessity_coverage, Some(9.0 / 11.0));
    let neg = &r.fits[1];
    assert!(neg.negated);
    assert_eq!(
        neg.sufficiency_consistency,
        Some(0.0),
        "all 6 without value failed"
    );
    assert_eq!(r.truth_table.rows.len(), 2);
    assert_eq!(r.truth_table.rows[0].n, 11);
    assert!((r.truth_table.rows[0].consistency - 9.0 / 11.0).abs() < 1e-12);

    // A researcher override flips a cell, with its reason recorded and undoable.
    let case = resolve_case(&p, "J市平台").unwrap();
    execute(
        &mut p,
        &Command::SetQcaOverride {
            case_id: case,
            code_id: value,
            value: Some((false, "访谈中的共识只是口头表态".into())),
        },
    )
    .unwrap();
    let r = qca_report(&p, &opts).unwrap();
    let j = r.cases.iter().find(|c| c.case == "J市平台").unwrap();
    assert!(j.cells[0].computed && !j.cells[0].present);
    assert_eq!(
        j.cells[0].override_reason.as_deref(),
        Some("访谈中的共识只是口头表态")
    );
    assert_eq!(r.fits[0].sufficiency_consistency, Some(0.9));
    assert!(p.log().unwrap().last().unwrap().label.contains("口头表态"));
    assert!(
        execute(
            &mut p,
            &Command::SetQcaOverride {
                case_id: case,
                code_id: value,
                value: Some((true, " ".into()))
            }
        )
        .is_err(),
        "a reason is required"
    );
    p.undo().unwrap();
    assert_eq!(
        qca_report(&p, &opts).unwrap().fits[0].sufficiency_consistency,
        Some(9.0 / 11.0)
    );
}

#[test]
fn matrix_counts_evidence_and_triangulation_on_the_demo() {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    let m = json(&["matrix", t.p(), "--codes", "价值/共同认知,权力"]);
    assert_eq!(m["codes"][0], "价值/共同认知");
    let cases: Vec<&str> = m["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let a = cases.iter().position(|c| *c == "A市综合平台").unwrap();
    let cell = &m["cells"][a][0];
    assert!(cell["codings"].as_u64().unwrap() >= 1);
    assert!(cell["documents"].as_u64().unwrap() >= 1);
    let kinds = cell["source_types"].as_array().unwrap();
    assert_eq!(cell["triangulated"].as_bool().unwrap(), kinds.len() >= 2);
    // The parent column counts its sub-codes: at least as many as any child column.
    let quan = &m["cells"][a][1];
    assert!(quan["codings"].as_u64().unwrap() >= 1);
    // The cell's coding ids are real codings of that code.
    let ids: Vec<i64> = cell["coding_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let codings = json(&["codings", t.p(), "--code", "价值/共同认知"]);
    for id in ids {
        assert!(codings.as_array().unwrap().iter().any(|c| c["id"] == id));
    }
    let q = json(&["qca", t.p(), "--outcome", "运行结果=运转有效"]);
    assert_eq!(q["conditions"].as_array().unwrap().len(), 6);
    assert_eq!(q["cases"].as_array().unwrap().len(), 5);
}

#[test]
fn case_attributes_are_typed_and_sheets_import_all_or_nothing() {
    let t = TempProject::new();
    ok(&["new", t.p()]);
    ok(&[
        "case",
        "set",
        t.p(),
        "C市综合平台",
        "城市=C市",
        "数字基础排名=3",
        "运行结果:category(运转有效|运转失效)=运转有效",
    ]);
    let cases = json(&["case", "list", t.p()]);
    assert_eq!(cases[0]["attributes"]["数字基础排名"], "3");
    assert!(
        fails(&["case", "set", t.p(), "C市综合平台", "数字基础排名=第三"])
            .contains("not an integer")
    );
    assert!(
        fails(&["case", "set", t.p(), "C市综合平台", "运行结果=空转"])
            .contains("运转有效, 运转失效")
    );
    let bad = write(t.dir.path(), "bad.csv", "案例,数字基础排名,运行结果\nD市三防一张图,4,运转失效\nE市平台,abc,运转有效\nF市平台,5,半有效\n".as_bytes());
    let err = fails(&["attrs", "import", t.p(), bad.to_str().unwrap()]);
    assert!(
        err.contains("row 3, column 数字基础排名") && err.contains("row 4, column 运行结果"),
        "{err}"
    );
    assert_eq!(
        json(&["case", "list", t.p()]).as_array().unwrap().len(),
        1,
        "nothing imported"
    );
    let good = write(t.dir.path(), "good.csv", "案例,数字基础排名,运行结果,上线日期\nD市三防一张图,4,运转失效,2022-05-18\nC市综合平台,2,运转有效,20210712\n".as_bytes());
    ok(&["attrs", "import", t.p(), good.to_str().unwrap()]);
    let cases = json(&["case", "list", t.p()]);
    let d = cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "D市三防一张图")
        .unwrap();
    assert_eq!(d["attributes"]["上线日期"], "2022-05-18");
    let c = cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "C市综合平台")
        .unwrap();
    assert_eq!(
        c["attributes"]["上线日期"], "2021-07-12",
        "dates normalized"
    );
    // Round trip through XLSX.
    let x = t.dir.path().join("sheet.xlsx");
    ok(&["attrs", "export", t.p(), x.to_str().unwrap()]);
    use calamine::Reader as _;
    let mut wb = calamine::open_workbook_auto(&x).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[0], "case");
    assert!(
        header.contains(&"数字基础排名:integer".to_owned()),
        "{header:?}"
    );
    assert!(
        header.iter().any(|h| h.starts_with("运行结果:category(")),
        "{header:?}"
    );
    assert_eq!(range.rows().count(), 3);
}

#[test]
fn cooccurrence_and_agreement_on_the_demo() {
    let t = TempProject::new();
    ok(&["demo", t.p()]);
    let c = json(&["cooccur", t.p(), "--rule", "document"]);
    let n = c["codes"].as_array().unwrap().len();
    assert!(n >= 6);
    for i in 0..n {
        for j in 0..n {
            assert_eq!(
                c["matrix"]["counts"][i][j], c["matrix"]["counts"][j][i],
                "symmetric"
            );
        }
    }
    let a = json(&["agreement", t.p(), "--coders", "李研,王思"]);
    let rows = a["report"]["rows"].as_array().unwrap();
    let overall = rows.iter().find(|r| r["code_id"].is_null()).unwrap();
    let pct = overall["percent"].as_f64().unwrap();
    assert!(
        pct > 0.5 && pct < 1.0,
        "partial agreement expected, got {pct}"
    );
    let excl = json(&[
        "agreement",
        t.p(),
        "--coders",
        "李研,王思",
        "--exclude-uncoded",
    ]);
    let overall_ex = excl["report"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code_id"].is_null())
        .unwrap()["percent"]
        .as_f64()
        .unwrap();
    assert!(
        overall_ex < pct,
        "excluding uncoded text lowers the inflated agreement"
    );
    // Both figures in one report: `coded_only` has the rows of `--exclude-uncoded`.
    assert_eq!(a["report"]["coded_only"], excl["report"]["rows"]);
    assert_eq!(excl["report"]["coded_only"], excl["report"]["rows"]);
    assert!(fails(&["agreement", t.p(), "--coders", "李研"]).contains("two"));
    let x = json(&["crosstab", t.p(), "--attr", "运行结果", "--by", "case"]);
    assert_eq!(x["table"]["categories"].as_array().unwrap().len(), 2);
}
