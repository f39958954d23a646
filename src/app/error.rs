//! The workbench's error type: what a worker task (or an export) can fail with, wrapping the
//! core library's errors, and [`error_text`], the one way it is shown to the user.

use super::i18n::{Lang, Msg, tr};
use crate::analysis::AnalysisError;
use crate::cases::sheet::SheetError;
use crate::command::CommandError;
use crate::export::ExportError;
use crate::import::ImportError;
use crate::interop::InteropError;
use crate::reports::ReportError;
use crate::search::SearchError;
use crate::search::project::IndexError;
use crate::store::StoreError;

/// Why a background task of the workbench failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Reading the project.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Searching.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// Opening or syncing the search index.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Building a report.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// Building or running an edit.
    #[error(transparent)]
    Command(#[from] CommandError),
    /// Writing an export.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// REFI-QDA exchange.
    #[error(transparent)]
    Interop(#[from] InteropError),
    /// An analysis.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// Importing.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Reading or writing the classification sheet.
    #[error(transparent)]
    Sheet(#[from] SheetError),
    /// Team work: merge, coder copies, consensus.
    #[error(transparent)]
    Team(#[from] crate::team::TeamError),
    /// Code suggestions: training, ranking, their evaluation.
    #[error(transparent)]
    Suggest(#[from] crate::suggest::SuggestError),
    /// Anything else, already worded.
    #[error("{0}")]
    Other(String),
    /// The worker lost the task (it panicked) or its answer.
    #[error("the computation failed unexpectedly")]
    Lost,
}

impl From<String> for AppError {
    fn from(s: String) -> Self {
        AppError::Other(s)
    }
}

/// The error as shown in the UI: in Chinese, a prefix naming what failed and the error worded in
/// Chinese (`error_zh`); in English as the error says.
pub fn error_text(e: &AppError, lang: Lang) -> String {
    let prefix = match e {
        AppError::Store(_) => Msg::ErrProject,
        AppError::Search(_) => Msg::ErrSearch,
        AppError::Index(_) => Msg::ErrIndex,
        AppError::Report(_) => Msg::ErrReport,
        AppError::Command(_) => Msg::ErrCommand,
        AppError::Export(_) => Msg::ErrExport,
        AppError::Interop(_) => Msg::ErrInterop,
        AppError::Analysis(_) => Msg::ErrAnalysis,
        AppError::Import(_) => Msg::ErrImport,
        AppError::Sheet(_) => Msg::ErrSheet,
        AppError::Team(_) => Msg::ErrTeam,
        AppError::Suggest(_) => Msg::ErrSuggest,
        AppError::Other(_) => Msg::ErrOther,
        AppError::Lost => return tr(lang, Msg::ErrLost).to_owned(),
    };
    match lang {
        Lang::Zh => format!("{}：{}", tr(lang, prefix), super::error_zh::zh(e)),
        Lang::En => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_ui_prefixes_errors() {
        let e = AppError::Other("bad".into());
        assert_eq!(error_text(&e, Lang::En), "bad");
        assert_eq!(error_text(&e, Lang::Zh), "错误：bad");
        assert_eq!(error_text(&AppError::Lost, Lang::Zh), "后台计算意外失败");
    }
}
