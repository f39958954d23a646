//! The app state: settings remembered across runs (eframe persistence) and the transient view
//! state (current document, selection, selected code…), which only the command drain changes.

use super::i18n::Lang;
use crate::model::DocKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Light or dark theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

impl ThemeChoice {
    /// The egui theme.
    pub fn egui(self) -> egui::Theme {
        match self {
            ThemeChoice::Light => egui::Theme::Light,
            ThemeChoice::Dark => egui::Theme::Dark,
        }
    }
}

/// The tabs of the bottom panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BottomTab {
    /// Coded segments of the selected code.
    #[default]
    Retrieval,
    /// Project, document and code memos.
    Memos,
    /// The audit trail.
    Log,
}

/// Most recent projects kept in the File menu.
pub const MAX_RECENT: usize = 10;

/// Everything the app remembers between runs, plus the transient view state.
#[derive(Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// UI language.
    pub lang: Lang,
    /// Light or dark.
    pub theme: ThemeChoice,
    /// Who codes (recorded with every coding and in the audit trail).
    pub coder: String,
    /// The project open at exit, reopened at start.
    pub last_project: Option<PathBuf>,
    /// Recently opened projects, newest first.
    pub recent: Vec<PathBuf>,
    /// Pinned favourite codes per project file (code ids, in key order).
    pub pinned: BTreeMap<PathBuf, Vec<i64>>,
    /// Reader font size in points.
    pub font_size: f32,
    /// Whether the coding stripes are shown beside the text.
    pub show_stripes: bool,
    /// Density mode: thin unlabelled stripes, many lanes (for long, densely coded documents).
    pub stripes_dense: bool,
    /// The open bottom tab.
    pub bottom_tab: BottomTab,
    /// The open centre tab (reader or a view).
    pub central_tab: super::views::CentralTab,
    /// What the user is looking at (not persisted).
    #[serde(skip)]
    pub view: ViewState,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            lang: Lang::from_env(),
            theme: ThemeChoice::Light,
            coder: crate::project::default_coder(),
            last_project: None,
            recent: Vec::new(),
            pinned: BTreeMap::new(),
            font_size: 17.0,
            show_stripes: true,
            stripes_dense: false,
            bottom_tab: BottomTab::Retrieval,
            central_tab: super::views::CentralTab::Reader,
            view: ViewState::default(),
        }
    }
}

impl AppState {
    /// Puts `path` first in the recent list and remembers it as the last project.
    pub fn remember_project(&mut self, path: &std::path::Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
        self.last_project = Some(path.to_owned());
    }

    /// The pinned codes of the open project.
    pub fn pinned_codes(&self, project: Option<&std::path::Path>) -> &[i64] {
        project
            .and_then(|p| self.pinned.get(p))
            .map_or(&[], Vec::as_slice)
    }
}

/// A text selection in a document, in code points: `anchor` is where it started, `focus` where
/// it ends (the caret); either may be the larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Document id.
    pub doc_id: i64,
    /// Where the selection started.
    pub anchor: usize,
    /// The caret end.
    pub focus: usize,
}

impl Selection {
    /// `[start, end)`.
    pub fn range(&self) -> (usize, usize) {
        (self.anchor.min(self.focus), self.anchor.max(self.focus))
    }

    /// Whether no character is selected.
    pub fn is_empty(&self) -> bool {
        self.anchor == self.focus
    }
}

/// A segment to flash briefly after jumping to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flash {
    /// Document id.
    pub doc_id: i64,
    /// Start (code points).
    pub start: usize,
    /// End (code points).
    pub end: usize,
    /// `egui` time when the flash started.
    pub since: f64,
}

/// A request to scroll the reader to a code point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScrollRequest {
    /// Increases with every request, so the reader can tell a new one from one it handled.
    pub seq: u64,
    /// The code point to bring into view.
    pub pos: usize,
}

/// Codings shown in the "codings here" popup.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspect {
    /// The codings (ids).
    pub coding_ids: Vec<i64>,
    /// Where to show the popup (screen position).
    pub pos: egui::Pos2,
}

/// The transient view state; changed only by the command drain.
#[derive(Debug, Clone, Default)]
pub struct ViewState {
    /// The document in the reader.
    pub doc: Option<i64>,
    /// The reader's selection.
    pub selection: Option<Selection>,
    /// The selected code in the codebook (drives retrieval and the code editor).
    pub code: Option<i64>,
    /// Retrieval filter: only this coder.
    pub retrieval_coder: Option<String>,
    /// Retrieval filter: only this document kind.
    pub retrieval_kind: Option<DocKind>,
    /// Retrieval filter: only the documents of this document group.
    pub retrieval_group: Option<i64>,
    /// Document list filter: only this kind.
    pub doc_kind: Option<DocKind>,
    /// A segment to flash.
    pub flash: Option<Flash>,
    /// Scroll the reader so this code point is visible; the reader acts once per request.
    pub scroll_to: Option<ScrollRequest>,
    /// The "codings here" popup.
    pub inspect: Option<Inspect>,
    /// Search hits marked in the reader.
    pub search_marks: Option<std::sync::Arc<super::views::SearchMarks>>,
    /// Codes and coders whose highlights and stripes the reader hides.
    pub stripe_filter: StripeFilter,
}

/// Codes and coders whose codings the reader does not show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StripeFilter {
    /// Hidden code ids.
    pub codes: BTreeSet<i64>,
    /// Hidden coder names.
    pub coders: BTreeSet<String>,
}
