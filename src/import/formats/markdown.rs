//! Markdown as plain text: headings, paragraphs, list items, block quotes, code and table
//! cells keep their text; markup (`#`, `*`, `>`, link targets, rules) and HTML — comments
//! included — are dropped. Blocks are separated by a blank line, source line breaks inside a
//! paragraph are kept (Chinese text has no spaces to join lines with), list items get `• ` or
//! their number.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The plain text of Markdown `src`.
pub(super) fn to_text(src: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(src.len());
    // Per open list: the next number (ordered) or `None` (bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new_ext(src, opts) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::List(first)) => {
                end_line(&mut out);
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    end_block(&mut out);
                }
            }
            Event::Start(Tag::Item) => {
                end_line(&mut out);
                let depth = lists.len().saturating_sub(1);
                out.extend(std::iter::repeat_n("  ", depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("• "),
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => end_line(&mut out),
            Event::End(TagEnd::TableCell) => out.push('\t'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::Table,
            ) => {
                if lists.is_empty() {
                    end_block(&mut out);
                } else {
                    end_line(&mut out);
                }
            }
            // HTML (comments too), rules, footnote marks, task boxes: markup only.
            _ => {}
        }
    }
    // Cells end with a tab before the row's line break.
    let out = out.replace("\t\n", "\n");
    // End as the source ends: with a line break or without.
    let trimmed = out.trim_end();
    if trimmed.is_empty() || !src.ends_with('\n') {
        trimmed.to_owned()
    } else {
        format!("{trimmed}\n")
    }
}

/// Ends the current line (unless at the start of one).
fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Ends the current block with a blank line.
fn end_block(out: &mut String) {
    end_line(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn markup_and_comments_are_dropped_text_is_kept() {
        let md = "<!-- 转录说明：匿名化 -->\n# 访谈记录\n\n## 第一部分\n\n\
                  问：**平台**运行得*怎么样*？\n答：还可以，见[报告](http://x.cn/r)。\n\n\
                  - 数据对接\n- 部门配合\n  1. 应急局\n  2. 公安局\n\n\
                  > 引用的话\n\n---\n\n`代码`与~~删除~~\n";
        let got = to_text(md);
        assert_eq!(
            got,
            "访谈记录\n\n第一部分\n\n问：平台运行得怎么样？\n答：还可以，见报告。\n\n\
             • 数据对接\n• 部门配合\n  1. 应急局\n  2. 公安局\n\n引用的话\n\n代码与删除\n"
        );
        for markup in ["#", "**", "<!--", "-->", "](", "---", "`", "~~", ">"] {
            assert!(!got.contains(markup), "{markup} in {got}");
        }
    }

    #[test]
    fn tables_become_tab_separated_rows_and_html_goes() {
        let md = "| 城市 | 平台 |\n|---|---|\n| C市 | 综合 |\n\n<div>块</div>\n\n正文<br>续\n";
        assert_eq!(to_text(md), "城市\t平台\nC市\t综合\n\n正文续\n");
    }

    #[test]
    fn markup_only_is_empty() {
        assert_eq!(to_text("<!-- 仅注释 -->\n\n---\n"), "");
        // A source without a final line break gives none.
        assert_eq!(to_text("# 题\n\n正文"), "题\n\n正文");
    }
}
