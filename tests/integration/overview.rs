//! The document × code overview on a small project with known codings: counts, coverage (two
//! overlapping codings of one code cover their union once), the coder and group filters, group
//! rows, the CLI's JSON and its errors.

use crate::util::{TempProject, fails, json, ok, write};
use qcw::reports::{Measure, OverviewBy, OverviewOptions, overview_report};
use qcw::store::Project;

/// Two documents (a: 100 characters, b: 50), codes X and Y/Z; codings:
/// a: X [0,10) and X [5,20) by tester (overlapping: 20 characters covered), Y/Z [30,40) by
/// other; b: X [0,25) by tester. Groups: G1 = {a, b}, G2 = {b}.
fn project() -> TempProject {
    let t = TempProject::new();
    let p = t.p();
    ok(&["new", p, "--template", "empty"]);
    let a = write(
        t.dir.path(),
        "a.txt",
        "甲乙丙丁戊己庚辛壬癸".repeat(10).as_bytes(),
    );
    let b = write(
        t.dir.path(),
        "b.txt",
        "子丑寅卯辰巳午未申酉".repeat(5).as_bytes(),
    );
    ok(&["import", p, a.to_str().unwrap(), b.to_str().unwrap()]);
    ok(&["code", "add", p, "X"]);
    ok(&["code", "add", p, "Y/Z"]);
    for (doc, s, e, code, coder) in [
        ("a", "0", "10", "X", "tester"),
        ("a", "5", "20", "X", "tester"),
        ("a", "30", "40", "Y/Z", "other"),
        ("b", "0", "25", "X", "tester"),
    ] {
        ok(&[
            "code", "apply", p, "--doc", doc, "--start", s, "--end", e, "--code", code, "--coder",
            coder,
        ]);
    }
    ok(&["group", "create", p, "G1"]);
    ok(&["group", "add", p, "G1", "a", "b"]);
    ok(&["group", "create", p, "G2"]);
    ok(&["group", "add", p, "G2", "b"]);
    t
}

fn report(t: &TempProject, opts: &OverviewOptions) -> qcw::reports::Overview {
    let p = Project::open_read_only(&t.path).unwrap();
    overview_report(&p, opts).unwrap()
}

#[test]
fn counts_and_coverage_per_document_and_group() {
    let t = project();
    let r = report(&t, &OverviewOptions::default());
    let codes: Vec<&str> = r.codes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(codes, ["X", "Y", "Y/Z"]);
    let names: Vec<&str> = r.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    let (a, b) = (&r.rows[0], &r.rows[1]);
    assert_eq!((a.chars, b.chars), (100, 50));
    let counts = |row: &qcw::reports::overview::OverviewRow| -> Vec<usize> {
        row.cells.iter().map(|c| c.codings).collect()
    };
    assert_eq!(counts(a), [2, 0, 1]);
    assert_eq!(counts(b), [1, 0, 0]);
    // Overlapping codings of X on a: [0,10) ∪ [5,20) = 20 characters, once.
    assert_eq!(a.cells[0].covered, 20);
    assert!((a.cells[0].coverage - 20.0).abs() < 1e-9);
    assert!((a.cells[2].coverage - 10.0).abs() < 1e-9);
    assert!((b.cells[0].coverage - 50.0).abs() < 1e-9);
    assert_eq!(a.cells[0].coding_ids.len(), 2);
    assert!((a.cells[0].value - 2.0).abs() < 1e-9, "count is the value");

    let cov = report(
        &t,
        &OverviewOptions {
            measure: Measure::Coverage,
            ..OverviewOptions::default()
        },
    );
    assert!((cov.rows[1].cells[0].value - 50.0).abs() < 1e-9);

    // One coder: other's Y/Z coding is gone.
    let tester = report(
        &t,
        &OverviewOptions {
            coder: Some("tester".into()),
            ..OverviewOptions::default()
        },
    );
    assert_eq!(counts(&tester.rows[0]), [2, 0, 0]);

    // Groups as rows: G1 = a + b (45 of 150 characters under X), G2 = b.
    let groups = report(
        &t,
        &OverviewOptions {
            by: OverviewBy::Group,
            measure: Measure::Coverage,
            ..OverviewOptions::default()
        },
    );
    let g1 = &groups.rows[0];
    assert_eq!((g1.name.as_str(), g1.documents, g1.chars), ("G1", 2, 150));
    assert_eq!(g1.cells[0].codings, 3);
    assert!((g1.cells[0].value - 30.0).abs() < 1e-9);
    assert_eq!(groups.rows[1].name, "G2");

    // Filtered to one group: only its documents.
    let only = report(
        &t,
        &OverviewOptions {
            group: Some("G2".into()),
            ..OverviewOptions::default()
        },
    );
    let names: Vec<&str> = only.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["b"]);
}

#[test]
fn cli_json_and_errors() {
    let t = project();
    let p = t.p();
    let j = json(&["overview", p, "--measure", "coverage"]);
    assert_eq!(j["by"], "document");
    assert_eq!(j["measure"], "coverage");
    assert_eq!(j["codes"][0]["path"], "X");
    assert_eq!(j["rows"][0]["name"], "a");
    assert_eq!(j["rows"][0]["chars"], 100);
    let x = &j["rows"][0]["cells"][0];
    assert_eq!(x["codings"], 2);
    assert_eq!(x["covered"], 20);
    assert_eq!(x["coverage"], 20.0);
    assert_eq!(x["value"], 20.0);
    assert!(x.get("coding_ids").is_none());
    let g = json(&[
        "overview", p, "--by", "group", "--group", "G1", "--coder", "tester",
    ]);
    assert_eq!(g["rows"].as_array().unwrap().len(), 1);
    assert_eq!(g["rows"][0]["cells"][0]["codings"], 3);
    assert_eq!(g["coder"], "tester");
    let text = ok(&["overview", p]);
    assert!(text.starts_with("document\tX\tY\tY/Z\n"), "{text}");
    assert!(text.contains("a\t2\t0\t1"), "{text}");

    let err = fails(&["overview", p, "--group", "没有这组"]);
    assert!(err.contains("没有这组"), "{err}");
    let err = fails(&["overview", p, "--measure", "share"]);
    assert!(err.contains("--measure") && err.contains("share"), "{err}");
    let err = fails(&["overview", p, "--by", "case"]);
    assert!(err.contains("--by"), "{err}");
    let err = fails(&["overview", p, "--coder", "nobody"]);
    assert!(err.contains("nobody"), "{err}");
}
