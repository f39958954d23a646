//! The centre of the window: a tab bar over the reader and the views — search, cases
//! (classification sheet), triangulation matrix, QCA table, co-occurrence, crosstabs,
//! intercoder agreement, privacy (the anonymization audit) and code suggestions.
//!
//! A view keeps its own parameters (what the user chose) and asks the [`Worker`] for its report
//! through a [`Computed`], keyed by the project revision and the parameters: the report is
//! computed off the UI thread once per change, never per frame. Views change the project only by
//! pushing [`AppCommand`]s.

mod agreement;
mod agreement_side;
mod cases;
mod cases_sheet;
mod consensus;
mod cooccur;
mod crosstab;
mod crosstab_chart;
mod filters;
mod heatmap;
mod matrix;
mod memos;
mod overview;
mod privacy;
mod qca;
mod qca_table;
pub mod quotes;
mod search;
mod search_tasks;
mod search_words;
mod suggest;

use super::PanelCtx;
use super::commands::AppCommand;
use super::i18n::Msg;
use super::worker::{Rev, Ticket, Worker, WorkerCtx};
use crate::app::error::{AppError, error_text};
use egui::Ui;
use serde::{Deserialize, Serialize};

pub use agreement::AgreementView;
pub use agreement_side::{CoderColumn, SideBySide, SidePane};
pub use cases::CasesView;
pub use consensus::ConsensusPanel;
pub use cooccur::CooccurView;
pub use crosstab::CrosstabView;
pub use filters::group_combo_ui;
pub use matrix::{MatrixData, MatrixView};
pub use memos::{MemosView, memo_kind_msg};
pub use overview::{OverviewData, OverviewView};
pub use privacy::{PrivacyData, PrivacyView, import_note, pii_kind_msg};
pub use qca::{QcaData, QcaView};
pub use search::{HIT_CAP, SearchMarks, SearchResult, SearchView};
pub use suggest::{SuggestData, SuggestView};

/// The tabs of the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CentralTab {
    /// The document reader.
    #[default]
    Reader,
    /// Full-text search, word frequencies, concordance, dictionary.
    Search,
    /// Cases and their attributes (classification sheet).
    Cases,
    /// Case × code triangulation matrix.
    Matrix,
    /// Case × mechanism × outcome (crisp-set QCA).
    Qca,
    /// Code × code co-occurrence.
    Cooccur,
    /// Code × attribute crosstabs.
    Crosstab,
    /// Documents (or document groups) × codes: codings and coverage.
    Overview,
    /// Intercoder agreement.
    Agreement,
    /// Likely personal data, redaction and the watch-list.
    Privacy,
    /// Code suggestions learned from the project's codings, with their measured accuracy.
    Suggest,
    /// Every memo, searchable, with its target.
    Memos,
}

impl CentralTab {
    /// Every tab, in bar order.
    pub const ALL: [CentralTab; 12] = [
        CentralTab::Reader,
        CentralTab::Search,
        CentralTab::Cases,
        CentralTab::Matrix,
        CentralTab::Qca,
        CentralTab::Cooccur,
        CentralTab::Crosstab,
        CentralTab::Overview,
        CentralTab::Agreement,
        CentralTab::Privacy,
        CentralTab::Suggest,
        CentralTab::Memos,
    ];

    /// Its label.
    pub fn msg(self) -> Msg {
        match self {
            CentralTab::Reader => Msg::TabReader,
            CentralTab::Search => Msg::TabSearch,
            CentralTab::Cases => Msg::TabCases,
            CentralTab::Matrix => Msg::TabMatrix,
            CentralTab::Qca => Msg::TabQca,
            CentralTab::Cooccur => Msg::TabCooccur,
            CentralTab::Crosstab => Msg::TabCrosstab,
            CentralTab::Overview => Msg::TabOverview,
            CentralTab::Agreement => Msg::TabAgreement,
            CentralTab::Privacy => Msg::TabPrivacy,
            CentralTab::Suggest => Msg::TabSuggest,
            CentralTab::Memos => Msg::TabMemos,
        }
    }
}

/// The state of every view.
#[derive(Default)]
pub struct Views {
    /// Search, frequencies, concordance, dictionary.
    pub search: SearchView,
    /// The classification sheet.
    pub cases: CasesView,
    /// The triangulation matrix.
    pub matrix: MatrixView,
    /// The QCA table.
    pub qca: QcaView,
    cooccur: cooccur::CooccurView,
    crosstab: crosstab::CrosstabView,
    agreement: agreement::AgreementView,
    /// The anonymization audit.
    pub privacy: PrivacyView,
    /// Code suggestions.
    pub suggest: SuggestView,
    /// The memo browser.
    pub memos: MemosView,
    /// The document × code overview.
    pub overview: OverviewView,
}

impl Views {
    /// Shows the view of `tab` (not the reader, which the app shows itself).
    pub fn view_ui(
        &mut self,
        tab: CentralTab,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        worker: &mut Worker,
    ) {
        if cx.cache.path.is_none() {
            ui.centered_and_justified(|ui| ui.weak(cx.tr(Msg::NoProject)));
            return;
        }
        match tab {
            CentralTab::Reader => {}
            CentralTab::Search => self.search.search_ui(ui, cx, worker),
            CentralTab::Cases => self.cases.cases_ui(ui, cx, worker),
            CentralTab::Matrix => self.matrix.matrix_ui(ui, cx, worker),
            CentralTab::Qca => self.qca.qca_ui(ui, cx, worker),
            CentralTab::Cooccur => self.cooccur.cooccur_ui(ui, cx, worker),
            CentralTab::Crosstab => self.crosstab.crosstab_ui(ui, cx, worker),
            CentralTab::Overview => self.overview.overview_ui(ui, cx, worker),
            CentralTab::Agreement => self.agreement.agreement_ui(ui, cx, worker),
            CentralTab::Privacy => self.privacy.privacy_ui(ui, cx, worker),
            CentralTab::Suggest => self.suggest.suggest_ui(ui, cx),
            CentralTab::Memos => self.memos.memos_ui(ui, cx, worker),
        }
    }
}

/// The analysis views (for tests).
impl Views {
    /// The co-occurrence view.
    pub fn cooccur(&self) -> &CooccurView {
        &self.cooccur
    }

    /// The crosstab view.
    pub fn crosstab(&self) -> &CrosstabView {
        &self.crosstab
    }

    /// The agreement view.
    pub fn agreement(&self) -> &AgreementView {
        &self.agreement
    }
}

/// The tab bar above the centre.
pub fn tab_bar_ui(ui: &mut Ui, cx: &mut PanelCtx<'_>) {
    ui.horizontal_wrapped(|ui| {
        for tab in CentralTab::ALL {
            if ui
                .selectable_label(cx.state.central_tab == tab, cx.tr(tab.msg()))
                .clicked()
                && cx.state.central_tab != tab
            {
                cx.push(AppCommand::SetCentralTab(tab));
            }
        }
    });
    ui.separator();
}

/// A report computed by the worker for a key (the project revision plus the view's
/// parameters): submitted once when the key changes, taken when the answer arrives. Until then
/// the previous report stays on screen.
pub struct Computed<K, T> {
    key: Option<K>,
    ticket: Option<Ticket<Result<T, AppError>>>,
    value: Option<Result<T, AppError>>,
}

impl<K, T> Default for Computed<K, T> {
    fn default() -> Self {
        Computed {
            key: None,
            ticket: None,
            value: None,
        }
    }
}

impl<K: PartialEq + Clone, T: Send + 'static> Computed<K, T> {
    /// Submits `task` if `key` differs from the last one; takes the answer if it arrived.
    pub fn ensure(
        &mut self,
        ui: &Ui,
        cx: &PanelCtx<'_>,
        worker: &mut Worker,
        key: K,
        task: impl FnOnce(&mut WorkerCtx) -> Result<T, AppError> + Send + 'static,
    ) {
        if self.key.as_ref() != Some(&key)
            && let Some(path) = cx.cache.path.as_deref()
        {
            if let Some(old) = self.ticket.take() {
                worker.abandon(old);
            }
            self.ticket = Some(worker.submit(ui.ctx(), path, cx.rev, task));
            self.key = Some(key);
        }
        self.poll(worker);
    }

    /// Takes the answer if it arrived.
    pub fn poll(&mut self, worker: &mut Worker) {
        if let Some(t) = self.ticket {
            if let Some(v) = worker.take(t) {
                self.value = Some(v);
                self.ticket = None;
            } else if worker.lost(t) {
                self.value = Some(Err(AppError::Lost));
                self.ticket = None;
            }
        }
    }

    /// Forgets the key, so the next `ensure` computes again.
    pub fn invalidate(&mut self) {
        self.key = None;
    }

    /// The latest report (or its error), if any arrived.
    pub fn value(&self) -> Option<&Result<T, AppError>> {
        self.value.as_ref()
    }

    /// The latest report, if it succeeded.
    pub fn ok(&self) -> Option<&T> {
        self.value.as_ref().and_then(|v| v.as_ref().ok())
    }

    /// Whether an answer is awaited.
    pub fn pending(&self) -> bool {
        self.ticket.is_some()
    }
}

/// Shows "computing…" while `pending` (static text: the worker asks for a repaint when it
/// answers, so nothing needs to animate), and the error if the report failed; returns whether a
/// report is there to show.
pub fn status_ui<T>(
    ui: &mut Ui,
    cx: &PanelCtx<'_>,
    value: Option<&Result<T, AppError>>,
    pending: bool,
) -> bool {
    if pending {
        ui.weak(cx.tr(Msg::Computing));
    }
    match value {
        Some(Ok(_)) => true,
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, error_text(e, cx.lang));
            false
        }
        None => false,
    }
}

/// Key part that changes whenever the project does.
pub fn rev_key(cx: &PanelCtx<'_>) -> Rev {
    cx.rev
}
