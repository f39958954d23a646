//! Coding from the workbench: the selection with a code (number key, click, drop), a code
//! range, an in-vivo code named by the selected text; afterwards the selection becomes a caret
//! so that the new highlight shows. Each goes through [`QcwApp::execute`] as one command.

use super::QcwApp;
use super::i18n::{Msg, trf};
use super::state::Selection;
use crate::command::{CodeFields, Command};

/// Longest name an in-vivo code gets (characters).
const IN_VIVO_MAX: usize = 40;

/// A code name from selected text: one line, no `/`, at most [`IN_VIVO_MAX`] characters.
pub fn in_vivo_name(text: &str) -> String {
    let one_line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('/', "／");
    one_line.chars().take(IN_VIVO_MAX).collect()
}

impl QcwApp {
    pub(super) fn code_selection(&mut self, code_id: i64) {
        match self.state.view.selection.filter(|s| !s.is_empty()) {
            Some(sel) => {
                let (start, end) = sel.range();
                self.code_range(sel.doc_id, start, end, code_id);
            }
            None => self.set_info(self.tr(Msg::NoSelection).to_owned()),
        }
    }

    pub(super) fn code_range(&mut self, doc_id: i64, start: usize, end: usize, code_id: i64) {
        let coder = self.state.coder.clone();
        let quote = self.cache.doc.as_ref().filter(|d| d.id == doc_id).map(|d| {
            crate::text::char_slice(&d.text, start, end)
                .chars()
                .take(20)
                .collect::<String>()
        });
        let path = self.cache.code(code_id).map(|c| c.path.clone());
        let done = self.execute(Command::ApplyCoding {
            doc_id,
            start,
            end,
            code_id,
            coder,
            memo: String::new(),
        });
        if done.is_some() {
            self.after_coding(doc_id, end);
        }
        if let (Some(_), Some(quote), Some(path)) = (done, quote, path) {
            let text = trf(self.state.lang, Msg::Coded, &[&quote, &path, &start, &end]);
            self.set_info(text);
        }
    }

    pub(super) fn in_vivo(&mut self, parent: Option<i64>) {
        let Some(sel) = self.state.view.selection.filter(|s| !s.is_empty()) else {
            self.set_info(self.tr(Msg::NoSelection).to_owned());
            return;
        };
        let Some(doc) = self.cache.doc.as_ref().filter(|d| d.id == sel.doc_id) else {
            return;
        };
        let (start, end) = sel.range();
        let name = in_vivo_name(crate::text::char_slice(&doc.text, start, end));
        if name.is_empty() {
            return;
        }
        let parent_path = parent
            .and_then(|p| self.cache.code(p))
            .map(|c| c.path.clone());
        let path = match parent_path {
            Some(p) => format!("{p}/{name}"),
            None => name,
        };
        // An existing code of that path is reused; otherwise it is created in the same undo step.
        let existing = crate::codebook::find_code(&self.cache.codes, &path).map(|c| c.id);
        let mut commands = Vec::new();
        if existing.is_none() {
            commands.push(Command::AddCode {
                path: path.clone(),
                fields: CodeFields::default(),
            });
        }
        commands.push(Command::ApplyCodingToPath {
            doc_id: sel.doc_id,
            start,
            end,
            code_path: path.clone(),
            coder: self.state.coder.clone(),
            memo: String::new(),
        });
        let ids = self.execute(Command::Batch {
            label: format!("in-vivo code {path}"),
            commands,
        });
        if ids.is_some() {
            let code_id = existing.or_else(|| {
                let codes = self.project.as_ref()?.codes().ok()?;
                crate::codebook::find_code(&codes, &path).map(|c| c.id)
            });
            self.state.view.code = code_id;
            self.dirty.retrieval = true;
            self.after_coding(sel.doc_id, end);
        }
    }

    /// After coding a selection: the selection becomes a caret at its end, so the new
    /// highlight is visible.
    fn after_coding(&mut self, doc_id: i64, end: usize) {
        if self.state.view.doc == Some(doc_id) {
            self.state.view.selection = Some(Selection {
                doc_id,
                anchor: end,
                focus: end,
            });
        }
    }
}
