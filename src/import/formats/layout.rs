//! The line model shared by docx and odt: paragraphs become lines, table
//! rows become lines of tab-separated cells.
//!
//! The builder keeps a stack of open block frames so that nesting found in
//! real documents comes out in a sensible order:
//!
//! * a paragraph inside a paragraph (text box, shape text) becomes its own
//!   line right *after* the enclosing paragraph's line;
//! * a cell's paragraphs are joined by a space, and tabs/newlines inside a
//!   cell become spaces, so one row is always exactly one line;
//! * a nested table is flattened into its enclosing cell (its rows and cells
//!   joined by spaces).

use std::collections::VecDeque;

/// An open block.
enum Frame {
    /// Paragraph text so far, plus lines of nested paragraphs to emit after it.
    Para {
        text: String,
        after: VecDeque<String>,
    },
    /// Finished row lines of an open table.
    Table(Vec<String>),
    /// Finished cell texts of an open row.
    Row(Vec<String>),
    /// Finished paragraph lines of an open cell.
    Cell(Vec<String>),
}

/// Which kind of block an element opens or closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    Para,
    Table,
    Row,
    Cell,
}

impl Frame {
    fn block(&self) -> Block {
        match self {
            Frame::Para { .. } => Block::Para,
            Frame::Table(_) => Block::Table,
            Frame::Row(_) => Block::Row,
            Frame::Cell(_) => Block::Cell,
        }
    }
}

/// Accumulates document lines from open/close/text calls.
#[derive(Default)]
pub(super) struct Layout {
    lines: Vec<String>,
    stack: Vec<Frame>,
}

impl Layout {
    /// Opens a block.
    pub(super) fn open(&mut self, block: Block) {
        self.stack.push(match block {
            Block::Para => Frame::Para {
                text: String::new(),
                after: VecDeque::new(),
            },
            Block::Table => Frame::Table(Vec::new()),
            Block::Row => Frame::Row(Vec::new()),
            Block::Cell => Frame::Cell(Vec::new()),
        });
    }

    /// Closes the innermost open `block`, closing any blocks opened inside
    /// it first. A close without a matching open is ignored.
    pub(super) fn close(&mut self, block: Block) {
        // From the top: the match is usually the innermost frame.
        if !self.stack.iter().rev().any(|f| f.block() == block) {
            return;
        }
        while let Some(frame) = self.stack.pop() {
            let done = frame.block() == block;
            self.finish(frame);
            if done {
                break;
            }
        }
    }

    /// Appends text to the innermost open paragraph; text outside any
    /// paragraph is dropped.
    pub(super) fn push_str(&mut self, s: &str) {
        if let Some(text) = self.para_text_mut() {
            text.push_str(s);
        }
    }

    /// Appends one character to the innermost open paragraph.
    pub(super) fn push(&mut self, c: char) {
        if let Some(text) = self.para_text_mut() {
            text.push(c);
        }
    }

    /// The text of the innermost open block, if it is a paragraph.
    pub(super) fn para_text(&self) -> Option<&str> {
        match self.stack.last() {
            Some(Frame::Para { text, .. }) => Some(text),
            _ => None,
        }
    }

    fn para_text_mut(&mut self) -> Option<&mut String> {
        match self.stack.last_mut() {
            Some(Frame::Para { text, .. }) => Some(text),
            _ => None,
        }
    }

    /// Closes everything still open and returns the lines, without
    /// trailing blank lines.
    pub(super) fn into_lines(mut self) -> Vec<String> {
        while let Some(frame) = self.stack.pop() {
            self.finish(frame);
        }
        while self.lines.last().is_some_and(|l| l.trim().is_empty()) {
            self.lines.pop();
        }
        self.lines
    }

    fn finish(&mut self, frame: Frame) {
        match frame {
            Frame::Para { text, mut after } => {
                if let Some(Frame::Para { after: outer, .. }) = self.stack.last_mut() {
                    // Lines of a paragraph nested in a paragraph go after the outer one's.
                    // Merging the shorter queue into the longer keeps deep nesting (each
                    // paragraph inside the previous one) linear instead of moving every line
                    // once per level.
                    after.push_front(text);
                    if outer.len() >= after.len() {
                        outer.extend(after);
                    } else {
                        while let Some(line) = outer.pop_back() {
                            after.push_front(line);
                        }
                        *outer = after;
                    }
                } else {
                    self.emit(text);
                    for line in after {
                        self.emit(line);
                    }
                }
            }
            Frame::Table(rows) => {
                for row in rows {
                    self.emit(row);
                }
            }
            Frame::Row(cells) => {
                let line = if cells.iter().all(|c| c.is_empty()) {
                    String::new()
                } else {
                    cells.join("\t")
                };
                match self.stack.last_mut() {
                    Some(Frame::Table(rows)) => rows.push(line),
                    _ => self.emit(line),
                }
            }
            Frame::Cell(paras) => {
                let text = cell_text(&paras);
                match self.stack.last_mut() {
                    Some(Frame::Row(cells)) => cells.push(text),
                    _ => self.emit(text),
                }
            }
        }
    }

    /// Delivers a finished line to the innermost open block.
    fn emit(&mut self, line: String) {
        match self.stack.last_mut() {
            None => self.lines.push(line),
            Some(Frame::Para { after, .. }) => after.push_back(line),
            Some(Frame::Table(rows)) => rows.push(line),
            Some(Frame::Row(cells)) => cells.push(cell_text(&[line])),
            Some(Frame::Cell(paras)) => paras.push(line),
        }
    }
}

/// Joins a cell's paragraphs with spaces, skipping empty ones, and turns
/// tabs and line breaks into spaces so the row stays one line.
fn cell_text(paras: &[String]) -> String {
    let joined = paras
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    joined.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(layout: &mut Layout, s: &str) {
        layout.open(Block::Para);
        layout.push_str(s);
        layout.close(Block::Para);
    }

    #[test]
    fn paragraphs_and_table() {
        let mut l = Layout::default();
        para(&mut l, "before");
        l.open(Block::Table);
        for row in [["a", "b"], ["c", "d"]] {
            l.open(Block::Row);
            for cell in row {
                l.open(Block::Cell);
                para(&mut l, cell);
                l.close(Block::Cell);
            }
            l.close(Block::Row);
        }
        l.close(Block::Table);
        para(&mut l, "after");
        para(&mut l, "");
        assert_eq!(l.into_lines(), ["before", "a\tb", "c\td", "after"]);
    }

    #[test]
    fn nested_paragraph_goes_after_outer() {
        let mut l = Layout::default();
        l.open(Block::Para);
        l.push_str("outer ");
        para(&mut l, "text box");
        l.push_str("continues");
        l.close(Block::Para);
        assert_eq!(l.into_lines(), ["outer continues", "text box"]);
    }

    #[test]
    fn nested_table_is_flattened_into_cell() {
        let mut l = Layout::default();
        l.open(Block::Table);
        l.open(Block::Row);
        l.open(Block::Cell);
        para(&mut l, "x");
        l.open(Block::Table);
        l.open(Block::Row);
        for s in ["i1", "i2"] {
            l.open(Block::Cell);
            para(&mut l, s);
            l.close(Block::Cell);
        }
        // Unclosed row/table are closed by the enclosing cell's close.
        l.close(Block::Cell);
        l.open(Block::Cell);
        para(&mut l, "y\tz");
        l.close(Block::Cell);
        l.close(Block::Row);
        l.close(Block::Table);
        assert_eq!(l.into_lines(), ["x i1 i2\ty z"]);
    }

    #[test]
    fn stray_close_is_ignored() {
        let mut l = Layout::default();
        l.close(Block::Row);
        para(&mut l, "ok");
        assert_eq!(l.into_lines(), ["ok"]);
    }
}
