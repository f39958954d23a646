//! CSV, Markdown and HTML evidence tables.

use super::*;

#[test]
fn csv_has_bom_quotes_citations_and_siblings() {
    let t = demo();
    let c = export(&t, "out.csv", &[]);
    let bytes = std::fs::read(&c).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let head: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(Into::into)
        .collect();
    assert_eq!(head, header());
    let mut rows = vec![head];
    for rec in r.records() {
        rows.push(rec.expect("record").iter().map(Into::into).collect());
    }
    let cells = by_cell(&rows);
    for (case, code, quote) in expected_quotes(&t) {
        assert!(
            cells[&(case.clone(), code.clone())][7].contains(&quote),
            "{case} × {code}: {quote}"
        );
    }
    assert!(rows.iter().any(|r| r[7].contains("(访谈资料,20230819A01)")));
    for table in [
        "cases",
        "qca",
        "truth-table",
        "fits",
        "cooccurrence",
        "crosstab-运行结果",
    ] {
        let sibling = format!("out.{table}.csv");
        let s = std::fs::read(t.dir.path().join(&sibling)).expect("sibling csv");
        assert!(s.starts_with(b"\xEF\xBB\xBF"), "{sibling} has a BOM");
    }
}

/// Adds an interview with HTML and Markdown specials to case A市综合平台 and codes all of it.
fn add_special_quote(t: &TempProject) -> &'static str {
    let text = "领导说<b>数据&共享</b>\"很重要\"|必须做";
    let f = write(t.dir.path(), "20240101A09.txt", text.as_bytes());
    ok(&[
        "import",
        t.p(),
        f.to_str().expect("path"),
        "--case",
        "A市综合平台",
    ]);
    let n = text.chars().count().to_string();
    ok(&[
        "code",
        "apply",
        t.p(),
        "--doc",
        "20240101A09",
        "--start",
        "0",
        "--end",
        &n,
        "--code",
        "权力/赋权",
    ]);
    text
}

#[test]
fn markdown_tables_escape_cells() {
    let t = demo();
    add_special_quote(&t);
    let m = export(&t, "out.md", &[]);
    let md = std::fs::read_to_string(&m).expect("md");
    assert!(md.contains(&format!("| {} |", header().join(" | "))));
    assert!(md.contains("## QCA") && md.contains("## Co-occurrence"));
    assert!(md.contains("(访谈资料,20230819A01)"));
    assert!(
        md.contains(
            r#"“领导说&lt;b&gt;数据&amp;共享&lt;/b&gt;"很重要"\|必须做”(访谈资料,20240101A09)"#
        ),
        "special characters escaped"
    );
    // Every evidence row has exactly the header's number of cells.
    let rows: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| case | code |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), 2 + 30);
    for r in rows {
        let cells = r.replace(r"\|", "").matches('|').count() - 1;
        assert_eq!(cells, header().len(), "{r}");
    }
}

#[test]
fn html_is_self_contained_and_escaped() {
    let t = demo();
    add_special_quote(&t);
    let h = export(&t, "out.html", &[]);
    let html = std::fs::read_to_string(&h).expect("html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<table") && html.contains("<th scope=\"col\">quotes</th>"));
    assert!(html.contains("<ol><li>“"), "quotes as lists");
    assert!(html.contains(
        "“领导说&lt;b&gt;数据&amp;共享&lt;/b&gt;&quot;很重要&quot;|必须做”(访谈资料,20240101A09)"
    ));
    assert!(!html.contains("<b>数据"));
    assert!(html.contains("(访谈资料,20230819A01)"));
    for external in "http://|https://|<script|<link|src=|@import|url(".split('|') {
        assert!(!html.contains(external), "{external} in the HTML");
    }
}
