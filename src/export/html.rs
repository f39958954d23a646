//! HTML: one self-contained page (inline CSS, no scripts, fonts or links to other resources),
//! a contents list, and one table per section; quotes are lists.

use super::{Report, Table, Value};
use std::fmt::Write as _;

const STYLE: &str = "
body { font-family: system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif;
       margin: 2rem; color: #1b1b1b; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.meta { color: #666; margin-top: 0; }
nav ul { padding-left: 1.2rem; }
section { margin: 2.5rem 0; }
.notes { color: #555; font-size: .9rem; margin: .3rem 0 .8rem; padding-left: 1.2rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; text-align: left; }
thead th { background: #e8eef7; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wide:not(:empty) { min-width: 24rem; max-width: 48rem; }
td ol, td ul { margin: 0; padding-left: 1.4rem; }
td li + li { margin-top: .35rem; }
tbody tr:nth-child(even) { background: #fafafa; }
.empty { color: #888; font-style: italic; }
";

/// The whole report as one HTML page.
pub(super) fn render(report: &Report, tables: &[Table]) -> String {
    let mut out = String::new();
    let title = esc(&report.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"qcw\">\n<title>{title}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n\
         <p class=\"meta\">Project {} · generated <time datetime=\"{g}\">{g}</time> by qcw</p>\n",
        esc(&report.project),
        g = esc(&report.generated),
    );
    out.push_str("<nav><ul>\n");
    for (i, t) in tables.iter().enumerate() {
        let _ = writeln!(out, "<li><a href=\"#t{i}\">{}</a></li>", esc(&t.name));
    }
    out.push_str("</ul></nav>\n");
    for (i, t) in tables.iter().enumerate() {
        section(&mut out, i, t);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn section(out: &mut String, i: usize, t: &Table) {
    let _ = writeln!(out, "<section id=\"t{i}\">\n<h2>{}</h2>", esc(&t.name));
    if !t.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in &t.notes {
            let _ = write!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<table>\n<thead><tr>");
    for c in &t.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(&c.header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (j, v) in row.iter().enumerate() {
            let wide = t
                .columns
                .get(j)
                .is_some_and(|c| c.width == super::Width::Wide);
            let class = match v {
                Value::Int(_) | Value::Number(_) => " class=\"num\"",
                _ if wide => " class=\"wide\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", value(v));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if t.rows.is_empty() {
        out.push_str("<p class=\"empty\">(no rows)</p>\n");
    }
    out.push_str("</section>\n");
}

fn value(v: &Value) -> String {
    match v {
        Value::List(items) if items.is_empty() => String::new(),
        Value::List(items) => {
            let lis: String = items
                .iter()
                .map(|s| format!("<li>{}</li>", esc(s)))
                .collect();
            format!("<ol>{lis}</ol>")
        }
        v => esc(&v.text()),
    }
}

/// HTML-escapes text; line breaks become `<br>`.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_lists_quotes() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(
            value(&Value::List(vec!["“甲<”".into(), "乙".into()])),
            "<ol><li>“甲&lt;”</li><li>乙</li></ol>"
        );
    }
}
