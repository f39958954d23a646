//! Markdown: every table as a GitHub table under its own heading, with its notes.

use super::{Report, Table, Value};
use std::fmt::Write as _;

/// The whole report as one Markdown document.
pub(super) fn render(report: &Report, tables: &[Table]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&report.title));
    let _ = writeln!(
        out,
        "Project: {} · generated {} by qcw\n",
        inline(&report.project),
        report.generated
    );
    for t in tables {
        let _ = writeln!(out, "## {}\n", inline(&t.name));
        for n in &t.notes {
            let _ = writeln!(out, "- {}", inline(n));
        }
        if !t.notes.is_empty() {
            out.push('\n');
        }
        let headers: Vec<String> = t.columns.iter().map(|c| cell(&c.header)).collect();
        let _ = writeln!(out, "| {} |", headers.join(" | "));
        let rule: Vec<&str> = t
            .rows
            .first()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        Value::Int(_) | Value::Number(_) => "---:",
                        _ => "---",
                    })
                    .collect()
            })
            .unwrap_or_else(|| vec!["---"; t.columns.len()]);
        let _ = writeln!(out, "| {} |", rule.join(" | "));
        for row in &t.rows {
            let cells: Vec<String> = row.iter().map(value).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        if t.rows.is_empty() {
            let _ = writeln!(out, "\n*(no rows)*");
        }
        out.push('\n');
    }
    out
}

fn value(v: &Value) -> String {
    match v {
        Value::List(items) => items
            .iter()
            .map(|s| cell(s))
            .collect::<Vec<_>>()
            .join("<br>"),
        v => cell(&v.text()),
    }
}

/// Text safe inside a table cell: Markdown and HTML specials escaped, line breaks as `<br>`.
pub(super) fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '~' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Text safe on a heading or note line (no line breaks).
fn inline(s: &str) -> String {
    cell(s).replace("<br>", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a|b\nc\r\nd"), r"a\|b<br>c<br>d");
        assert_eq!(cell(r"x\|<y>*_~"), r"x\\\|&lt;y&gt;\*\_\~");
        assert_eq!(
            value(&Value::List(vec!["“甲”(访谈资料,A)".into(), "乙|".into()])),
            r"“甲”(访谈资料,A)<br>乙\|"
        );
    }
}
