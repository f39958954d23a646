//! What tests and benchmarks look at and drive: the dialogs' and views' state, the reader's
//! geometry in the last frame, a selection as a mouse drag makes it.

use super::{AppCommand, MergeDialog, QcwApp, dialogs_export, views};

impl QcwApp {
    /// File → Export evidence tables (for tests).
    pub fn export_dialog(&self) -> &dialogs_export::ExportDialog {
        &self.dialogs.export
    }

    /// File → Merge project copy (for tests).
    pub fn merge_dialog(&self) -> &MergeDialog {
        &self.dialogs.merge
    }

    /// The search view (for tests).
    pub fn search_view(&self) -> &views::SearchView {
        &self.views.search
    }

    /// The views' state (for tests).
    pub fn views(&self) -> &views::Views {
        &self.views
    }

    /// The views, to change their parameters (for tests).
    pub fn views_mut(&mut self) -> &mut views::Views {
        &mut self.views
    }

    /// Selects `[start, end)` of the reader's document (what a mouse drag does).
    pub fn select_range(&mut self, start: usize, end: usize) {
        if let Some(doc_id) = self.state.view.doc {
            self.queue.push(AppCommand::SetSelection {
                doc_id,
                anchor: start,
                focus: end,
            });
        }
    }

    /// Screen rectangle of character `pos` of the reader's document, as painted in the last
    /// frame (for tests that drive the mouse).
    pub fn reader_char_rect(&self, pos: usize) -> Option<egui::Rect> {
        self.reader.char_rect(pos)
    }

    /// Screen rectangles of the reader's stripe labels as painted in the last frame (for tests:
    /// labels never overlap).
    pub fn reader_label_rects(&self) -> Vec<egui::Rect> {
        self.reader.labels().iter().map(|&(_, r)| r).collect()
    }

    /// The reader's stripe labels painted in the last frame: the coding each belongs to and its
    /// screen rectangle.
    pub fn reader_labels(&self) -> &[(i64, egui::Rect)] {
        self.reader.labels()
    }

    /// The codings under the pointer in the last frame (their stripes and labels drawn
    /// emphasised).
    pub fn reader_hovered(&self) -> &[i64] {
        self.reader.hovered()
    }

    /// Screen rectangles of the reader's memo marks in the last frame (for tests).
    pub fn reader_memo_rects(&self) -> &[egui::Rect] {
        self.reader.memo_rects()
    }
}
